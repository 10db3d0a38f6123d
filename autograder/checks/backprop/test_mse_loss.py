"""mse_loss (1 point): loss = sum((y − y_p)²), against the reference on the same inputs."""

import pytest

from autograder.checking import answers, expect_tensor
from solutions import backprop as reference


@pytest.mark.points(1)
def test_loss(run):
    given = run.inputs
    y_p = reference.forward(given["w"], given["b"], given["x"])["z2"]
    expect_tensor("loss", answers(run, "mse_loss")["loss"], reference.mse_loss(given["y"], y_p))
