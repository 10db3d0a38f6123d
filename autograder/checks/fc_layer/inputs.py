"""The fc_layer replay's inputs: x (4, 5), w (3, 5), b (1, 3), integer-valued so every way of computing agrees."""

import torch

INPUT_CELL = "setup"


def fresh_inputs(generator: torch.Generator) -> dict[str, torch.Tensor]:
    def ints(*shape: int) -> torch.Tensor:
        return torch.randint(-9, 10, shape, generator=generator).float()

    return {"x": ints(4, 5), "w": ints(3, 5), "b": ints(1, 3)}
