"""Public checks of the backprop notebook."""

from coursecheck.compare import compare_tensor
from coursecheck.expected import expected, inputs
from coursecheck.problem import Problem
from coursecheck.report import Part, quiet, report


def _run_seed_net(net_class: type) -> tuple[dict, Problem | None]:
    """run_net on the notebook's inputs, or the problem its raising is."""
    try:
        return run_net(net_class, inputs("backprop")), None
    except Exception as error:  # the student's code may raise anything; say what it was
        return {}, Problem("raised", {"name": "TransparentNet", "error": f"{type(error).__name__}: {error}"})


def kept_grad(name: str, got: dict) -> Problem | None:
    """A problem when the intermediate tensor lost its gradient (no retain_grad); its value is checked apart."""
    if got[name] is None:
        return Problem("missing", {"name": f"net.{name}"})
    if got[f"{name}_grad"] is None:
        return Problem("retain_grad_missing", {"name": f"net.{name}.grad"})
    return None


@quiet
def net_forward(net_class: type) -> float:
    """z1 and z2 on the notebook's inputs (1 point); both keep their gradients after backward (1 point)."""
    want = expected("backprop")
    got, raised = _run_seed_net(net_class)
    values = raised or compare_tensor("z1", got["z1"], want["z1"]) or compare_tensor("z2", got["z2"], want["z2"])
    grads = raised or kept_grad("z1", got) or kept_grad("z2", got)
    return report("net_forward", [Part("z1, z2", 1, values), Part("z1.grad, z2.grad (retain_grad)", 1, grads)])


@quiet
def mse_loss(loss: object) -> float:
    """loss = sum((y − y_p)²) on the notebook's inputs (1 point)."""
    return report("mse_loss", [Part("loss", 1, compare_tensor("loss", loss, expected("backprop")["loss"]))])


@quiet
def manual_backward(grad_y_p: object, grad_z1: object, grad_w: object, grad_b: object) -> float:
    """The four gradients computed by hand (1 point each)."""
    want = expected("backprop")
    got = {"grad_y_p": grad_y_p, "grad_z1": grad_z1, "grad_w": grad_w, "grad_b": grad_b}
    return report("manual_backward", [Part(n, 1, compare_tensor(n, got[n], want[n])) for n in got])


def run_net(net_class: type, given: dict) -> dict:
    """Build the net on `given` inputs, run forward, then the squared error's backward; what it kept."""
    net = net_class(w=given["w"].clone(), b=given["b"].clone())
    y_p = net(given["x"].clone())
    ((given["y"] - y_p) ** 2).sum().backward()
    z1, z2 = getattr(net, "z1", None), getattr(net, "z2", None)
    return {"y_p": y_p, "z1": z1, "z2": z2, "z1_grad": getattr(z1, "grad", None), "z2_grad": getattr(z2, "grad", None)}
