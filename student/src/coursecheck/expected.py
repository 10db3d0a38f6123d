"""The expected values on each notebook's own inputs, stored as JSON beside this module."""

import json
from functools import cache
from importlib import resources

import torch


def tensor_to_json(t: torch.Tensor) -> dict:
    return {"dtype": str(t.dtype).removeprefix("torch."), "data": t.detach().tolist()}


def tensor_from_json(entry: dict) -> torch.Tensor:
    return torch.tensor(entry["data"], dtype=getattr(torch, entry["dtype"]))


@cache
def _load(assignment: str) -> dict:
    text = resources.files("coursecheck").joinpath("expected", f"{assignment}.json").read_text("utf-8")
    return json.loads(text)


def inputs(assignment: str) -> dict[str, torch.Tensor]:
    """The inputs of the notebook's locked setup cell."""
    return {name: tensor_from_json(e) for name, e in _load(assignment)["inputs"].items()}


def expected(assignment: str) -> dict[str, torch.Tensor]:
    """The expected value of every checked name on those inputs."""
    return {name: tensor_from_json(e) for name, e in _load(assignment)["expected"].items()}
