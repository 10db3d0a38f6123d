"""Reference for the fc_layer assignment (seed 002: a fully connected layer by hand)."""

import torch


def seed_inputs() -> dict[str, torch.Tensor]:
    """The inputs the locked setup cell builds: x (1, 2), w (3, 2), b (1, 3)."""
    return {
        "x": torch.tensor([[10.0, 20.0]]),
        "w": torch.tensor([[11.0, 12.0], [21.0, 22.0], [31.0, 32.0]]),
        "b": torch.tensor([[31.0, 32.0, 33.0]]),
    }


def forward(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """fc_out_alternative = x·wᵀ + b."""
    return torch.add(torch.matmul(x, w.transpose(0, 1)), b)


def backward(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> dict[str, torch.Tensor]:
    """Gradients of SUM(x·wᵀ + b) with respect to w and b."""
    w = w.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    our_formula = forward(x, w, b).sum()
    our_formula.backward()
    return {"our_formula": our_formula.detach(), "w_grad": w.grad, "b_grad": b.grad}
