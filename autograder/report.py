"""`autograder report NAME`, the data: how the class did, what went wrong most, what could not run, what looks copied.

Scores and feedback come from the gradebook (export.records); why a run failed or stopped, from each
submission's autograder.json; the answers compared for similarity, from submitted/.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from nbformat import NotebookNode

from autograder.course import Course
from autograder.export import records
from autograder.grade import find_submissions, read_state
from autograder.notebook import ANSWER_SUFFIX, SubmissionError, merge, read_notebook
from autograder.similarity import Cluster, clusters

MAX_BINS = 20


@dataclass(frozen=True)
class Diagnosis:
    """A kind of mistake in a question, the graded students who made it, and its most frequent wording."""

    question: str
    kind: str
    text: str
    students: tuple[str, ...]
    wordings: int = 1  # the kind's distinct lines (the values in them differ from student to student)


@dataclass(frozen=True)
class RunProblem:
    """A submission that could not run, or whose run stopped early, and why."""

    student: str
    reason: str


@dataclass(frozen=True)
class Bin:
    """Scores from `low` up to `high`, excluded but in the last bin, which ends at full marks."""

    low: float
    high: float
    count: int


@dataclass
class ClassReport:
    assignment: str
    questions: dict[str, float]  # question → its points
    scores: dict[str, float]  # graded student → total score
    full_marks: dict[str, int]  # question → graded students with all its points
    diagnoses: list[Diagnosis]
    unrunnable: list[RunProblem]
    stopped: list[RunProblem]
    clusters: list[Cluster]
    missing: int  # students of the gradebook without a submission

    @property
    def max_score(self) -> float:
        return sum(self.questions.values())

    @property
    def mean(self) -> float | None:
        return statistics.mean(self.scores.values()) if self.scores else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores.values()) if self.scores else None

    def pass_rate(self, question: str) -> float:
        return self.full_marks[question] / len(self.scores) if self.scores else 0.0

    def bins(self) -> list[Bin]:
        """The histogram of total scores: bins of a whole number of points, at most MAX_BINS + 1 of them."""
        width = max(1, math.ceil(self.max_score / MAX_BINS))
        count = int(self.max_score // width) + 1
        counts = [0] * count
        for score in self.scores.values():
            counts[min(int(score // width), count - 1)] += 1
        return [Bin(i * width, min((i + 1) * width, self.max_score), n) for i, n in enumerate(counts)]


def gather(course: Course, assignment: str) -> ClassReport:
    """Everything the report shows, from the gradebook, the state files and the submitted notebooks."""
    course.source_notebook(assignment)
    data = records(course, assignment)
    graded = [r for r in data if r["status"] == "graded"]
    questions = {q: v["max_score"] for q, v in data[0]["questions"].items()} if data else {}
    states = {r["student_id"]: read_state(course, r["student_id"], assignment) for r in data
              if r["status"] != "missing"}
    return ClassReport(
        assignment=assignment,
        questions=questions,
        scores={r["student_id"]: r["score"] for r in graded},
        full_marks={q: sum(r["questions"][q]["score"] >= m for r in graded) for q, m in questions.items()},
        diagnoses=diagnoses(graded, states),
        unrunnable=[RunProblem(r["student_id"], states[r["student_id"]].get("reason") or "no reason recorded")
                    for r in data if r["status"] == "error"],
        stopped=[RunProblem(r["student_id"], states[r["student_id"]]["reason"]) for r in graded
                 if states[r["student_id"]].get("reason")],
        clusters=similar_answers(course, assignment),
        missing=sum(r["status"] == "missing" for r in data),
    )


def diagnoses(graded: list[dict], states: dict[str, dict]) -> list[Diagnosis]:
    """Each kind of mistake of each question with its students, the most frequent first.

    The kinds are in the state files (a message's key, whatever the values in its wording); for a
    submission graded before they were kept there, each line of its feedback counts as its own kind.
    """
    order = list(graded[0]["questions"]) if graded else []
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (question, kind) → student → line
    for record in graded:
        kept = states.get(record["student_id"], {}).get("questions", {})
        for question, result in record["questions"].items():
            pairs = kept.get(question, {}).get("diagnoses") or [
                [line.strip(), line.strip()] for line in result["feedback"].splitlines() if line.strip()]
            for kind, line in pairs:
                found[question, kind].setdefault(record["student_id"], line)
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), order.index(item[0][0]), item[0][1]))
    return [Diagnosis(question, kind, Counter(lines.values()).most_common(1)[0][0], tuple(lines),
                      len(set(lines.values())))
            for (question, kind), lines in ranked]


def _answers(source: NotebookNode, notebook: NotebookNode) -> dict[str, str]:
    """Question → the notebook's answer cell, for the code cells whose grade_id ends with _answer."""
    return {c.grade_id.removesuffix(ANSWER_SUFFIX): c.source for c in merge(source, notebook)
            if c.role == "answer" and c.cell_type == "code" and c.grade_id and c.grade_id.endswith(ANSWER_SUFFIX)}


def similar_answers(course: Course, assignment: str) -> list[Cluster]:
    """Clusters of alike answers among the readable submissions in submitted/."""
    source = read_notebook(course.source_notebook(assignment))
    references = _answers(source, source)
    release = course.release_notebook(assignment)
    stubs = _answers(source, read_notebook(release)) if release.is_file() else dict.fromkeys(references, "")
    answers = {}
    for student, path in find_submissions(course, assignment):
        try:
            answers[student] = _answers(source, read_notebook(path))
        except SubmissionError:
            continue  # listed among the submissions that could not run
    return clusters(answers, stubs, references)


def summary(report: ClassReport) -> list[str]:
    """The few lines the command prints."""
    graded = f"{report.assignment}: {len(report.scores)} graded"
    if report.scores:
        graded += f" · mean {report.mean:.2f} / {report.max_score:g} · median {report.median:g}"
    top = report.diagnoses[0] if report.diagnoses else None
    diagnosis = f"most frequent diagnosis: {top.question}: {top.text} ({_students(len(top.students))})" if top \
        else "most frequent diagnosis: none"
    return [graded, diagnosis,
            f"could not run: {len(report.unrunnable)} · similar-answer clusters: {len(report.clusters)}"]


def _students(count: int) -> str:
    return f"{count} student" if count == 1 else f"{count} students"
