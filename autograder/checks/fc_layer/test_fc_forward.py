"""fc_forward (1 point): fc_out_alternative = x·wᵀ + b, on the notebook's inputs and on fresh ones."""

import pytest

from autograder.checking import expect_tensor
from solutions import fc_layer as reference


@pytest.mark.points(1)
def test_output_equals_layer(run):
    for case in run.cases:
        with case.checking():
            got = case.answers("fc_forward")["fc_out_alternative"]
            x, w = case.inputs["x"], case.inputs["w"]
            expect_tensor("fc_out_alternative", got, reference.forward(**case.inputs),
                          mistakes={"bias_missing": x @ w.T})
