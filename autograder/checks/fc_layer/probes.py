"""What the grader captures in the student's process at each fc_layer test cell."""


def fc_forward(ns: dict, inputs: dict) -> dict:
    return {"fc_out_alternative": ns.get("fc_out_alternative")}


def fc_backward(ns: dict, inputs: dict) -> dict:
    w, b = ns.get("w"), ns.get("b")
    return {"our_formula": ns.get("our_formula"),
            "w_grad": getattr(w, "grad", None), "b_grad": getattr(b, "grad", None)}


PROBES = {"fc_forward": fc_forward, "fc_backward": fc_backward}
