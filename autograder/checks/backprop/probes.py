"""What the grader captures in the student's process at each backprop test cell."""

from coursecheck.backprop import run_net


def net_forward(ns: dict, inputs: dict) -> dict:
    if ns.get("TransparentNet") is None:
        return {"__missing__": "TransparentNet"}
    return run_net(ns["TransparentNet"], inputs)


def mse_loss(ns: dict, inputs: dict) -> dict:
    return {"loss": ns.get("loss")}


def manual_backward(ns: dict, inputs: dict) -> dict:
    return {name: ns.get(name) for name in ("grad_y_p", "grad_z1", "grad_w", "grad_b")}


PROBES = {"net_forward": net_forward, "mse_loss": mse_loss, "manual_backward": manual_backward}


def use_reference_forward(ns: dict, given: dict) -> None:
    """Before the loss and the manual backward: y_p, net.z1 and net.z2 become the reference forward's values.

    Those answers are graded against the reference, so a wrong forward does not cost their points too.
    """
    z1, z2 = given["z1"].clone().requires_grad_(True), given["z2"].clone().requires_grad_(True)
    ns["y_p"] = z2
    net = ns.get("net")
    if net is not None:
        for name, value in (("z1", z1), ("z2", z2)):
            try:
                setattr(net, name, value)
            except Exception:  # the student's net may refuse new attributes; y_p is what the answers use most
                pass


HOOKS = {"mse_loss_answer": use_reference_forward, "manual_backward_answer": use_reference_forward}
