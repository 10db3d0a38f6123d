"""manual_backward (4 points): dL/dy_p, dL/dz1, dL/dw, dL/db by hand, 1 point each, against the reference."""

import pytest
import torch

from autograder.checking import expect_tensor
from solutions import backprop as reference


@pytest.mark.points(1)
@pytest.mark.parametrize("name", ["grad_y_p", "grad_z1", "grad_w", "grad_b"])
def test_gradient(run, name):
    for case in run.cases:
        with case.checking():
            got = case.answers("manual_backward")[name]
            want = reference.manual_backward(**case.inputs)
            expect_tensor(name, got, want[name], mistakes=_mistakes(case.inputs, want)[name])


def _mistakes(given: dict, want: dict) -> dict[str, dict]:
    """What each known mistake gives for each gradient on these inputs."""
    y_p = reference.forward(given["w"], given["b"], given["x"])["z2"]
    return {
        "grad_y_p": {"factor_two_missing": y_p - given["y"]},
        "grad_z1": {"jacobian_missing": want["grad_y_p"]},
        "grad_w": {"outer_order": torch.outer(given["x"], want["grad_z1"]),
                   "jacobian_missing": torch.outer(want["grad_y_p"], given["x"])},
        "grad_b": {"jacobian_missing": want["grad_y_p"]},
    }
