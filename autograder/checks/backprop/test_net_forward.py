"""net_forward (2 points): z1 = w·x + b and z2 = softmax(z1) (1); both keep their gradients (1)."""

import pytest
import torch

from autograder.checking import expect, expect_tensor
from coursecheck.backprop import kept_grad
from solutions import backprop as reference


@pytest.mark.points(1)
def test_values(run):
    for case in run.cases:
        with case.checking():
            got, given = case.answers("net_forward"), case.inputs
            want = reference.forward(given["w"], given["b"], given["x"])
            expect_tensor("z1", got["z1"], want["z1"], mistakes={"bias_missing": given["w"] @ given["x"]})
            expect_tensor("z2", got["z2"], want["z2"],
                          mistakes={"softmax_missing": want["z1"], "sigmoid_instead": torch.sigmoid(want["z1"])})


@pytest.mark.points(1)
def test_intermediate_gradients_kept(run):
    for case in run.cases:
        with case.checking():
            got = case.answers("net_forward")
            expect(kept_grad("z1", got))
            expect(kept_grad("z2", got))
