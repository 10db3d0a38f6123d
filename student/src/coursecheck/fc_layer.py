"""Public checks of the fc_layer notebook."""

import torch

from coursecheck.compare import compare_tensor
from coursecheck.expected import expected
from coursecheck.report import Part, quiet, report


@quiet
def fc_forward(fc_out_alternative: object) -> float:
    """fc_out_alternative must equal the layer's output on the notebook's inputs (1 point)."""
    want = expected("fc_layer")
    problem = compare_tensor("fc_out_alternative", fc_out_alternative, want["fc_out_alternative"])
    return report("fc_forward", [Part("fc_out_alternative", 1, problem)])


@quiet
def fc_backward(w: torch.Tensor, b: torch.Tensor) -> float:
    """w.grad and b.grad must equal fc.weight.grad and fc.bias.grad (1 point each)."""
    want = expected("fc_layer")
    parts = [
        Part("w.grad", 1, compare_tensor("w.grad", getattr(w, "grad", None), want["w_grad"], gradient=True)),
        Part("b.grad", 1, compare_tensor("b.grad", getattr(b, "grad", None), want["b_grad"], gradient=True)),
    ]
    return report("fc_backward", parts)
