"""Plain records passed between the main process and the grading workers (no torch needed to read them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RunLimits:
    """How long and how much a submission may run (from c.Autograder in nbgrader_config.py)."""

    cell_timeout: float = 10.0
    submission_timeout: float = 60.0
    memory_limit_mb: int = 1024
    output_limit: int = 100_000


@dataclass(frozen=True)
class Job:
    """What a worker needs to know: the assignment, where to write executed notebooks, the limits."""

    assignment: str
    source_path: Path
    output_root: Path | None  # autograded/ of the course, or None to write nothing
    lang: str = "ru"
    limits: RunLimits = RunLimits()
    readable: tuple[Path, ...] = ()  # folders of public files student code may read (the release's data)


@dataclass
class QuestionResult:
    score: float
    max_score: float
    feedback: str = ""  # in the course's language
    translations: dict[str, str] = field(default_factory=dict)  # the feedback in every language
    diagnoses: list[list[str]] = field(default_factory=list)  # [kind, line of the feedback] per diagnosis


@dataclass
class Graded:
    """One graded submission: a score and feedback per question."""

    student: str
    status: str  # "graded", or "error" when nothing of it could run
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    reason: str | None = None
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions.values())

    @property
    def max_score(self) -> float:
        return sum(q.max_score for q in self.questions.values())
