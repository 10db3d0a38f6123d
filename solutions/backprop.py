"""Reference for the backprop assignment (seed 000: TransparentNet, softmax, squared error)."""

import torch


def seed_inputs() -> dict[str, torch.Tensor]:
    """The inputs the locked setup cell builds: w (2, 3), b (2,), x (3,), y (2,)."""
    return {
        "w": torch.tensor([[0.2, 0.4, 0.9], [0.1, -0.2, -0.5]]),
        "b": torch.tensor([0.0, 0.2]),
        "x": torch.tensor([0.3, 0.3, 0.9]),
        "y": torch.tensor([0.0, 1.0]),
    }


def forward(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """z1 = w·x + b, z2 = softmax(z1)."""
    z1 = w @ x + b
    z2 = torch.softmax(z1, dim=-1)
    return {"z1": z1, "z2": z2}


def mse_loss(y: torch.Tensor, y_p: torch.Tensor) -> torch.Tensor:
    """loss = sum((y − y_p)²)."""
    return torch.pow(y - y_p, 2).sum()


def manual_backward(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> dict[str, torch.Tensor]:
    """dL/dy_p, dL/dz1, dL/dw, dL/db by the chain rule, without autograd."""
    y_p = forward(w, b, x)["z2"]
    grad_y_p = 2 * (y_p - y)
    softmax_jacobian = torch.diag(y_p) - torch.outer(y_p, y_p)
    grad_z1 = softmax_jacobian.T @ grad_y_p
    return {
        "grad_y_p": grad_y_p,
        "grad_z1": grad_z1,
        "grad_w": torch.outer(grad_z1, x),
        "grad_b": grad_z1,
    }
