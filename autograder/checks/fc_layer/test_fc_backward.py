"""fc_backward (2 points): w.grad and b.grad after our_formula.backward()."""

import pytest

from autograder.checking import answers, expect_tensor
from solutions import fc_layer as reference


@pytest.mark.points(1)
def test_weight_grad(run):
    got = answers(run, "fc_backward")["w_grad"]
    expect_tensor("w.grad", got, reference.backward(**run.inputs)["w_grad"], gradient=True)


@pytest.mark.points(1)
def test_bias_grad(run):
    got = answers(run, "fc_backward")["b_grad"]
    expect_tensor("b.grad", got, reference.backward(**run.inputs)["b_grad"], gradient=True)
