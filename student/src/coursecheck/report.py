"""Print a question's check results for the student and return its score."""

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from coursecheck.messages import DEFAULT_LANG, message
from coursecheck.problem import Problem


@dataclass(frozen=True)
class Part:
    """One checked part of a question, worth `points`; `problem` is None when it passed."""

    label: str
    points: float
    problem: Problem | None


def quiet(check: Callable[..., float]) -> Callable[..., float]:
    """Run a check with warnings silenced: nbgrader gives 0 to a test cell that writes to stderr."""

    @functools.wraps(check)
    def run(*args, **kwargs) -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return check(*args, **kwargs)

    return run


def report(question: str, parts: list[Part], lang: str = DEFAULT_LANG) -> float:
    """Print one line per part and return the points earned (nbgrader reads it as partial credit)."""
    score = sum(p.points for p in parts if p.problem is None)
    total = sum(p.points for p in parts)
    print(f"{question}: {score:g} / {total:g}")
    for part in parts:
        if part.problem is None:
            print(f"  ✓ {part.label}: {message('ok', lang)}")
        else:
            print(f"  ✗ {part.problem.text(lang)}")
    return float(score)
