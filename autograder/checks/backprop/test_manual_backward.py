"""manual_backward (4 points): dL/dy_p, dL/dz1, dL/dw, dL/db by hand, 1 point each, against the reference."""

import pytest

from autograder.checking import answers, expect_tensor
from solutions import backprop as reference


@pytest.mark.points(1)
@pytest.mark.parametrize("name", ["grad_y_p", "grad_z1", "grad_w", "grad_b"])
def test_gradient(run, name):
    got = answers(run, "manual_backward")[name]
    expect_tensor(name, got, reference.manual_backward(**run.inputs)[name])
