"""The backprop replay's inputs: w (4, 5), b (4,), x (5,), and a one-hot target y (4,)."""

import torch

INPUT_CELL = "inputs"


def fresh_inputs(generator: torch.Generator) -> dict[str, torch.Tensor]:
    y = torch.zeros(4)
    y[int(torch.randint(0, 4, (1,), generator=generator))] = 1.0
    return {
        "w": torch.randn(4, 5, generator=generator) * 0.5,
        "b": torch.randn(4, generator=generator) * 0.5,
        "x": torch.randn(5, generator=generator),
        "y": y,
    }
