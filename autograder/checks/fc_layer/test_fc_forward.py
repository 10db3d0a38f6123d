"""fc_forward (1 point): fc_out_alternative = x·wᵀ + b."""

import pytest

from autograder.checking import answers, expect_tensor
from solutions import fc_layer as reference


@pytest.mark.points(1)
def test_output_equals_layer(run):
    got = answers(run, "fc_forward")["fc_out_alternative"]
    expect_tensor("fc_out_alternative", got, reference.forward(**run.inputs))
