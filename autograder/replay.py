"""Replays: run a submission again with the locked setup's inputs replaced by fresh random ones.

The input cell's assignments to the input names (`x = torch.tensor(...)`) become reads of the inputs
the grader injects; the rest of the cell runs as written. The fresh inputs are seeded per student and
assignment, so a re-grade gives the same result.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
from dataclasses import replace

import torch

from autograder.errors import AutograderError
from autograder.execute import INPUTS_NAME
from autograder.notebook import Cell


def replay_seed(assignment: str, student: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{assignment}/{student}".encode()).digest()[:8], "big")


def fresh_inputs(assignment: str, student: str) -> dict[str, torch.Tensor]:
    """The assignment's fresh inputs for this student (other, non-square shapes than the notebook's)."""
    spec = importlib.import_module(f"autograder.checks.{assignment}.inputs")
    generator = torch.Generator().manual_seed(replay_seed(assignment, student))
    return spec.fresh_inputs(generator)


def input_cell(assignment: str) -> str:
    return importlib.import_module(f"autograder.checks.{assignment}.inputs").INPUT_CELL


@functools.cache
def _inject(source: str, names: frozenset[str]) -> str:
    return inject_inputs(source, set(names))


def inject_inputs(source: str, names: set[str]) -> str:
    """The cell's source with every top-level `name = ...` for the given names reading the injected inputs."""
    tree = ast.parse(source)
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in names:
                node.value = ast.parse(f"{INPUTS_NAME}[{name!r}].clone()", mode="eval").body
                found.add(name)
    if found != names:
        raise AutograderError(f"the input cell does not assign {', '.join(sorted(names - found))}")
    return ast.unparse(ast.fix_missing_locations(tree))


def replay_cells(cells: list[Cell], cell_id: str, inputs: dict[str, torch.Tensor]) -> list[Cell]:
    """The cells of a replay: the same cells, the input cell reading `inputs` instead of building its own."""
    if not any(c.grade_id == cell_id for c in cells):
        raise AutograderError(f"no input cell {cell_id!r} in the notebook")
    return [replace(c, source=_inject(c.source, frozenset(inputs))) if c.grade_id == cell_id else c for c in cells]
