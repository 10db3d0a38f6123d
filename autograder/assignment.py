"""An assignment as the grader knows it: the instructor's notebook, its questions, rules and inputs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nbformat import NotebookNode

from autograder.checks import CHECKS_DIR
from autograder.errors import AutograderError
from autograder.notebook import Question, questions, read_notebook

if TYPE_CHECKING:  # the main process checks assignments without importing torch
    import torch

    from autograder.rules import Rule


@dataclass(frozen=True)
class Assignment:
    name: str
    source: NotebookNode
    questions: list[Question]
    rules: dict[str, list[Rule]]

    def inputs(self) -> dict[str, torch.Tensor]:
        """The inputs the locked setup cells build, which the references are computed on."""
        return importlib.import_module(f"solutions.{self.name}").seed_inputs()

    def given(self, inputs: dict[str, torch.Tensor]) -> dict:
        """Data for the assignment's hooks in the student's run (its checks' given.py), computed here."""
        if not (CHECKS_DIR / self.name / "given.py").is_file():
            return {}
        return importlib.import_module(f"autograder.checks.{self.name}.given").given(inputs)


def check_assignment(name: str, source_path: Path) -> None:
    """Refuse an assignment whose questions lack hidden checks (without importing them, so without torch)."""
    folder = CHECKS_DIR / name
    if not (folder / "probes.py").is_file():
        raise AutograderError(f"assignment {name!r} has no hidden checks: add autograder/checks/{name}/")
    for question in questions(read_notebook(source_path)):
        if not (folder / f"test_{question.name}.py").is_file():
            raise AutograderError(f"question {question.name!r} of {name} has no autograder/checks/{name}/"
                                  f"test_{question.name}.py")


def load_assignment(name: str, source_path: Path) -> Assignment:
    """The assignment `name`, checking that its probes (run by the runner) cover every question."""
    check_assignment(name, source_path)
    source = read_notebook(source_path)
    found = questions(source)
    probes = importlib.import_module(f"autograder.checks.{name}.probes").PROBES
    for question in found:
        if question.name not in probes:
            raise AutograderError(f"question {question.name!r} of {name} has no probe in autograder/checks/{name}/")
    rules = {}
    if (CHECKS_DIR / name / "rules.py").is_file():
        rules = importlib.import_module(f"autograder.checks.{name}.rules").RULES
    return Assignment(name=name, source=source, questions=found, rules=rules)
