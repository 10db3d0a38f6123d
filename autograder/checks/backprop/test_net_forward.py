"""net_forward (2 points): z1 = w·x + b and z2 = softmax(z1) (1); both keep their gradients (1)."""

import pytest

from autograder.checking import answers, expect, expect_tensor
from coursecheck.backprop import kept_grad
from solutions import backprop as reference


def _reference(run):
    given = run.inputs
    return reference.forward(given["w"], given["b"], given["x"])


@pytest.mark.points(1)
def test_values(run):
    got, want = answers(run, "net_forward"), _reference(run)
    expect_tensor("z1", got["z1"], want["z1"])
    expect_tensor("z2", got["z2"], want["z2"])


@pytest.mark.points(1)
def test_intermediate_gradients_kept(run):
    got = answers(run, "net_forward")
    expect(kept_grad("z1", got))
    expect(kept_grad("z2", got))
