"""An assignment as the grader knows it: the instructor's notebook, its questions, probes and inputs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import torch
from nbformat import NotebookNode

from autograder.checks import CHECKS_DIR
from autograder.errors import AutograderError
from autograder.execute import Probe
from autograder.notebook import Question, questions, read_notebook


@dataclass(frozen=True)
class Assignment:
    name: str
    source: NotebookNode
    questions: list[Question]
    probes: dict[str, Probe]

    @property
    def max_score(self) -> float:
        return sum(q.points for q in self.questions)

    def inputs(self) -> dict[str, torch.Tensor]:
        """The inputs the locked setup cells build, which the references are computed on."""
        return importlib.import_module(f"solutions.{self.name}").seed_inputs()


def load_assignment(name: str, source_path: Path) -> Assignment:
    """The assignment `name`, checking that every question of its notebook has a probe and hidden checks."""
    source = read_notebook(source_path)
    found = questions(source)
    try:
        probes = importlib.import_module(f"autograder.checks.{name}.probes").PROBES
    except ModuleNotFoundError as error:
        raise AutograderError(f"assignment {name!r} has no hidden checks: add autograder/checks/{name}/") from error
    for question in found:
        if question.name not in probes or not (CHECKS_DIR / name / f"test_{question.name}.py").is_file():
            raise AutograderError(
                f"question {question.name!r} of {name} has no probe "
                f"or no autograder/checks/{name}/test_{question.name}.py"
            )
    return Assignment(name=name, source=source, questions=found, probes=probes)
