"""mse_loss (1 point): loss = sum((y − y_p)²), against the reference on the same inputs."""

import pytest

from autograder.checking import expect_tensor
from solutions import backprop as reference


@pytest.mark.points(1)
def test_loss(run):
    for case in run.cases:
        with case.checking():
            given = case.inputs
            y_p = reference.forward(given["w"], given["b"], given["x"])["z2"]
            error = given["y"] - y_p
            mistakes = {"abs_instead_of_square": error.abs().sum(), "square_missing": error.sum()}
            expect_tensor("loss", case.answers("mse_loss")["loss"], reference.mse_loss(given["y"], y_p),
                          mistakes=mistakes)
