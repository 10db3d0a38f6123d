"""Print a question's check results for the student and return its score."""

from dataclasses import dataclass

from coursecheck.compare import Problem
from coursecheck.messages import DEFAULT_LANG, message


@dataclass(frozen=True)
class Part:
    """One checked part of a question, worth `points`; `problem` is None when it passed."""

    label: str
    points: float
    problem: Problem | None


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
