"""Rules of the backprop exercise, checked on the student's answer cells."""

from autograder.rules import NoAttribute, NoCall, NoMethodCall

RULES = {
    "manual_backward": [
        NoMethodCall("rule_no_autograd", method="backward"),
        NoCall("rule_no_autograd", calls=("torch.autograd.",)),
        NoAttribute("rule_no_autograd", attr="grad", load=True),
    ],
}
