"""Run an assignment's hidden pytest checks on a batch of submissions' captured data.

The checks live in autograder/checks/<assignment>/test_<question>.py, one module per question; each
test carries `@pytest.mark.points(n)` and receives one submission as the `run` fixture. They run
in the grading worker, outside the student's process, on the plain data it sent back.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import torch

from autograder.checks import CHECKS_DIR
from autograder.worker import RunResult
from coursecheck.compare import compare_tensor
from coursecheck.problem import Problem, error_hint


class CheckFailure(AssertionError):
    """A check failed for a reason the student can read."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


@dataclass
class Case:
    """One run of a submission: on the notebook's own inputs ("seed") or on fresh ones ("replay")."""

    label: str
    inputs: dict[str, torch.Tensor]
    result: RunResult

    def answers(self, question: str) -> dict:
        """The data the question's probe captured; fails the check with the reason when there is none."""
        data = self.result.captured.get(question)
        if data is None:
            raise CheckFailure(self.result.stopped or Problem("not_reached", {}))
        if not isinstance(data, dict):
            raise CheckFailure(Problem("not_reached", {}))
        if "__missing__" in data:
            raise CheckFailure(Problem("not_defined", {"name": data["__missing__"]}))
        if "__error__" in data:
            error = data["__error__"]
            if error.strip() == "NotImplementedError:":  # the release's stub, untouched
                raise CheckFailure(Problem("not_answered", {}))
            raise CheckFailure(error_hint(error) or Problem("raised", {"name": question, "error": error}))
        return data

    @contextmanager
    def checking(self) -> Iterator[None]:
        """Check this case; a replay's failure is told without its expected values."""
        if self.label == "seed":
            yield
            return
        try:
            yield
        except CheckFailure as failure:
            if failure.problem.key.startswith("stopped_"):
                raise
            name = failure.problem.fields.get("name", "")
            raise CheckFailure(Problem("hard_coded", {"name": name, "shapes": self.shapes()})) from None

    def shapes(self) -> str:
        return ", ".join(f"{name} {tuple(t.shape)}" for name, t in self.inputs.items())


@dataclass
class Attempt:
    """One submission as the checks see it: its runs, on the notebook's inputs first, then on fresh ones."""

    student: str
    cases: list[Case]

    @property
    def seed(self) -> Case:
        return self.cases[0]


@dataclass
class Outcome:
    """One hidden check's result for one submission."""

    question: str
    test: str
    points: float
    passed: bool
    problem: Problem | None = None


@dataclass
class _Collector:
    attempts: list[Attempt]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "run" in metafunc.fixturenames:
            metafunc.parametrize("run", self.attempts, ids=[a.student for a in self.attempts])

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        if report.when == "call" or (report.when == "setup" and report.failed):
            attempt = item.callspec.params["run"]
            marker = item.get_closest_marker("points")
            points = float(marker.args[0]) if marker else 0.0
            question = item.path.stem.removeprefix("test_")
            problem = None if report.passed else self.explain(call.excinfo)
            outcome = Outcome(question, _test_name(item), points, report.passed, problem)
            self.outcomes.setdefault(attempt.student, []).append(outcome)
        return report

    def explain(self, excinfo: pytest.ExceptionInfo | None) -> Problem:
        error = excinfo.value if excinfo else None
        if isinstance(error, CheckFailure):
            return error.problem
        return Problem("check_error", {"error": type(error).__name__})


def _test_name(item: pytest.Item) -> str:
    """The test's name with its parameters other than the submission, e.g. test_gradient[grad_w]."""
    params = [str(v) for k, v in item.callspec.params.items() if k != "run"]
    return item.originalname + (f"[{','.join(params)}]" if params else "")


def run_checks(assignment: str, attempts: list[Attempt]) -> dict[str, list[Outcome]]:
    """Every hidden check of the assignment on every attempt: outcomes by student."""
    collector = _Collector(attempts)
    folder = CHECKS_DIR / assignment
    # No output, logging or warnings capture and no traceback formatting: the checks' failures are read from
    # their CheckFailure, and each of those would cost more than the check itself. No unraisable-exception
    # plugin: its full garbage collections at the end cost 200 ms a session in a process holding torch.
    args = [str(folder), "-c", str(CHECKS_DIR / "pytest.ini"), "--rootdir", str(CHECKS_DIR), "-q", "-s", "--tb=no",
            "-p", "no:logging", "-p", "no:warnings", "-p", "no:cacheprovider", "-p", "no:unraisableexception",
            "-p", "no:threadexception", "--import-mode=importlib", "--assert=plain"]
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = pytest.main(args, plugins=[collector])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"the hidden checks of {assignment} did not run ({code!r}):\n{out.getvalue()[-2000:]}")
    return collector.outcomes


# Helpers the hidden checks call.


def expect(problem: Problem | None) -> None:
    """Fail the check with this problem, if there is one."""
    if problem is not None:
        raise CheckFailure(problem)


def expect_tensor(name: str, got: object, expected: torch.Tensor, *, gradient: bool = False,
                  mistakes: dict[str, torch.Tensor] | None = None) -> None:
    """The student's tensor must match the reference: shape, dtype, values within the dtype's tolerance.

    `mistakes` names the value each known mistake gives on the same inputs, to tell the student which it is.
    """
    expect(compare_tensor(name, got, expected, gradient=gradient, mistakes=mistakes))
