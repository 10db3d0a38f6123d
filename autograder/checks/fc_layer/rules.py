"""Rules of the fc_layer exercise, checked on the student's answer cells."""

from autograder.rules import MustCallMethod, NoAttribute, NoCall, NoName

RULES = {
    "fc_forward": [
        NoCall("rule_no_layer", calls=("fc", "fc.forward", "fc.__call__", "torch.nn.functional.linear",
                                       "torch._C._nn.linear")),
        NoName("rule_no_layer_output", used=("fc_out", "fc_out_summed")),
    ],
    "fc_backward": [
        MustCallMethod("rule_backward_required", obj="our_formula", method="backward"),
        NoAttribute("rule_no_grad_assignment", attr="grad", load=False),
    ],
}
