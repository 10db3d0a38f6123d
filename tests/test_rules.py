"""Rules of the exercise on answer cells: what breaks them and what does not."""

import pytest

from autograder.checks.backprop.rules import RULES as BACKPROP
from autograder.checks.fc_layer.rules import RULES as FC_LAYER
from autograder.rules import broken_rules


def broken(source: str, rules) -> list[str]:
    return [r.key for r in broken_rules(source, rules)]


@pytest.mark.parametrize("source", [
    "fc_out_alternative = fc(x)",
    "fc_out_alternative = fc.forward(x)",
    "fc_out_alternative = torch.nn.functional.linear(x, w, b)",
    "import torch.nn.functional as F\nfc_out_alternative = F.linear(x, w, b)",
    "from torch.nn.functional import linear as lin\nfc_out_alternative = lin(x, w, b)",
    "from torch.nn import functional\nfc_out_alternative = functional.linear(x, w, b)",
    "fc_out_alternative = fc_out + 0",
])
def test_fc_forward_must_not_use_the_layer(source):
    assert broken(source, FC_LAYER["fc_forward"])


@pytest.mark.parametrize("source", [
    "fc_out_alternative = x @ w.T + b",
    "fc_out_alternative = torch.addmm(b, x, w.T)",
    "fc_out_alternative = torch.einsum('ij,kj->ik', x, w) + b",
    "fc_out_alternative = (x[:, None] * w).sum(-1) + b  # not fc(x)",
])
def test_fc_forward_allows_the_variants(source):
    assert broken(source, FC_LAYER["fc_forward"]) == []


def test_fc_backward_rules():
    rules = FC_LAYER["fc_backward"]
    assert broken("our_formula = (x @ w.T + b).sum()\nour_formula.backward()", rules) == []
    assert broken("our_formula = (x @ w.T + b).sum()", rules) == ["rule_backward_required"]
    assert broken("our_formula = (x @ w.T + b).sum()\nour_formula.backward()\nw.grad = w.grad * 1", rules) \
        == ["rule_no_grad_assignment"]
    assert broken("our_formula = (x @ w.T + b).sum()\nour_formula.backward()\nsetattr(b, 'grad', None)", rules) \
        == ["rule_no_grad_assignment"]


@pytest.mark.parametrize("source", [
    "loss.backward()\ngrad_y_p = y_p.grad",
    "grad_y_p, = torch.autograd.grad(loss, y_p)",
    "from torch import autograd\ngrad_w = autograd.grad(loss, net.w)[0]",
    "grad_b = getattr(net.b, 'grad')",
])
def test_manual_backward_must_not_use_autograd(source):
    assert set(broken(source, BACKPROP["manual_backward"])) == {"rule_no_autograd"}


def test_manual_backward_by_hand_is_fine():
    source = "s = y_p.detach()\ngrad_y_p = 2 * (s - y)\ngrad_z1 = s * (grad_y_p - (grad_y_p * s).sum())"
    assert broken(source, BACKPROP["manual_backward"]) == []


def test_an_answer_that_does_not_parse_breaks_no_rule():
    assert broken("fc(x) +", FC_LAYER["fc_forward"]) == []
