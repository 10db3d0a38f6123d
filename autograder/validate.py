"""Run a student's notebook in a Jupyter kernel, top to bottom, and read its public checks as nbgrader would."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.errors import AutograderError
from autograder.notebook import ANSWER_SUFFIX, is_test_cell, nbgrader_meta
from coursecheck.problem import Problem, error_hint

if TYPE_CHECKING:
    from nbformat import NotebookNode


@dataclass(frozen=True)
class CheckResult:
    """One test cell: its question, points, the score nbgrader would give it and what the check showed."""

    name: str
    points: float
    score: float
    text: str

    @property
    def passed(self) -> bool:
        return self.score == self.points


@dataclass(frozen=True)
class ValidationResult:
    """Every test cell of the notebook, in order."""

    checks: list[CheckResult]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def summary(self) -> str:
        score, points = sum(c.score for c in self.checks), sum(c.points for c in self.checks)
        failed = sum(not c.passed for c in self.checks)
        verdict = "all checks pass" if not failed else "1 check fails" if failed == 1 else f"{failed} checks fail"
        return f"{score:g} / {points:g} points: {verdict}"


def validate(path: Path, *, timeout: float = 60.0, kernel: str = "python3") -> ValidationResult:
    """Execute the notebook at `path` in its own folder, going on after errors, and check every test cell."""
    notebook = executed(read(path), path.resolve().parent, timeout, kernel)
    causes = answer_problems(notebook)
    checks = [check_result(cell, causes) for cell in notebook.cells if is_test_cell(cell)]
    if not checks:
        raise AutograderError(f"{path} has no test cells (nbgrader grade cells): is it a released assignment?")
    return ValidationResult(checks)


def read(path: Path) -> NotebookNode:
    import nbformat

    if not path.is_file():
        raise AutograderError(f"no notebook at {path}")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # not JSON, not a notebook, not UTF-8: all mean the same to the student
        raise AutograderError(f"cannot read {path} as a notebook: {type(error).__name__}: {error}") from error


def executed(notebook: NotebookNode, folder: Path, timeout: float, kernel: str) -> NotebookNode:
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=timeout, interrupt_on_timeout=True, allow_errors=True,
                            kernel_name=kernel, resources={"metadata": {"path": str(folder)}})
    try:
        # the kernel process's own log (e.g. ipykernel's warnings about its transport) is noise here; what the
        # cells write to stderr still arrives as their outputs
        return client.execute(stderr=subprocess.DEVNULL)
    except NoSuchKernel as error:
        raise AutograderError(f"no Jupyter kernel named {kernel!r}: install ipykernel or pass --kernel") from error


def answer_problems(notebook: NotebookNode) -> dict[str, list[str]]:
    """Question → what went wrong in its answer cell, in the checks' words, for the answers that raised.

    A test cell fails with a NameError when its answer cell raised; the answer's own error says why.
    """
    found = {}
    for cell in notebook.cells:
        grade_id = nbgrader_meta(cell).get("grade_id", "")
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if cell.cell_type == "code" and grade_id.endswith(ANSWER_SUFFIX) and errors:
            error = f"{errors[0].ename}: {errors[0].evalue}".rstrip(": ")
            problems = [Problem("not_answered", {})] if errors[0].ename == "NotImplementedError" else \
                [Problem("answer_raised", {"error": error}), *filter(None, [error_hint(error)])]
            found[grade_id.removesuffix(ANSWER_SUFFIX)] = [p.text() for p in problems]
    return found


def check_result(cell: NotebookNode, causes: dict[str, list[str]]) -> CheckResult:
    meta = nbgrader_meta(cell)
    name, points = meta.get("grade_id", "?"), float(meta.get("points", 0))
    score = cell_score(cell.outputs, points)
    text = shown(cell.outputs, name, points)
    if score == 0 and causes.get(name):
        text = "\n".join([f"{name}: 0 / {points:g}"] + [f"  ✗ {line}" for line in causes[name]])
    return CheckResult(name, points, score, text)


def cell_score(outputs: list, points: float) -> float:
    """nbgrader autograde's rule: 0 after an error or any stderr, else the cell's value as partial credit,
    else (no value, or not a number) full points."""
    for output in outputs:
        if output.output_type == "error" or (output.output_type == "stream" and output.name == "stderr"):
            return 0.0
        if output.output_type == "execute_result":
            try:
                value = float(output.data.get("text/plain", ""))
            except ValueError:
                return points
            return min(value, points) if value >= 0 else points
    return points


def shown(outputs: list, name: str, points: float) -> str:
    """What the check showed (its display's text, or what it printed) and any error or stderr, as lines."""
    reports = [o.data["text/plain"] for o in outputs if o.output_type == "display_data" and "text/plain" in o.data]
    printed = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")
    lines = reports or ([printed.rstrip("\n")] if printed.strip() else [])
    problems = [f"{o.ename}: {o.evalue}".rstrip(": ") for o in outputs if o.output_type == "error"]
    problems += [f"stderr: {line}" for o in outputs if o.output_type == "stream" and o.name == "stderr"
                 for line in o.text.splitlines()[:1]]
    if problems and not reports:
        lines = [f"{name}: 0 / {points:g}"]
    return "\n".join(lines + [f"  ✗ {p}" for p in problems])
