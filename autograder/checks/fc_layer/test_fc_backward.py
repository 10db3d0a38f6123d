"""fc_backward (2 points): w.grad and b.grad after our_formula.backward(), 1 point each."""

import pytest

from autograder.checking import expect_tensor
from solutions import fc_layer as reference


@pytest.mark.points(1)
@pytest.mark.parametrize("name", ["w", "b"])
def test_gradient(run, name):
    for case in run.cases:
        with case.checking():
            got = case.answers("fc_backward")[f"{name}_grad"]
            want = reference.backward(**case.inputs)[f"{name}_grad"]
            expect_tensor(f"{name}.grad", got, want, gradient=True)
