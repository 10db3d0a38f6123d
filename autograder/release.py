"""`autograder release NAME`: nbgrader's generate_assignment, then a self-test before students get it.

The self-test grades the instructor's notebook (the reference solution must score full marks) and
the released notebook (untouched, it must score 0), and checks that the release holds no solution
and no hidden check. If any of this fails the release is removed and the reason given.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from autograder.assignment import check_assignment
from autograder.course import Course
from autograder.errors import AutograderError
from autograder.grade import make_job
from autograder.gradebook import ensure_tools_on_path
from autograder.pool import grade_all
from autograder.results import Graded

# Text that must never reach students: solution markers and the grader's own modules.
LEAKS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|autograder\.checks|from solutions|import solutions")


def generate(course: Course, assignment: str) -> Path:
    """Run nbgrader's generate_assignment; the released notebook's path."""
    ensure_tools_on_path()
    (course.root / "exchange").mkdir(exist_ok=True)  # nbgrader's exchange, as nbgrader_config.py sets it
    coursedir = CourseDirectory(config=course.config)
    coursedir.root = str(course.root)
    api = NbGraderAPI(coursedir=coursedir, config=course.config)
    outcome = api.generate_assignment(assignment, force=True, create=True)
    if not outcome["success"]:
        last = (outcome.get("error") or outcome.get("log") or "unknown error").strip().splitlines()[-1]
        raise AutograderError(f"nbgrader generate_assignment {assignment} failed: {last}")
    return course.release_notebook(assignment)


def self_test(course: Course, assignment: str, released: Path) -> list[str]:
    """What is wrong with the release: the reference must score full marks, the blank release 0."""
    job = make_job(course, assignment, output_root=None)
    items = [("reference", job.source_path), ("blank", released)]
    results = {g.student: g for g in grade_all(job, items, jobs=2)}
    problems = [f"the reference solution {p}" for p in _not_full(results["reference"])]
    problems += [f"the blank release {p}" for p in _not_zero(results["blank"])]
    for path in released.parent.rglob("*"):
        if path.is_file() and LEAKS.search(path.read_text(errors="ignore")):
            problems.append(f"{path.relative_to(course.root)} holds solution or hidden-check text")
    return problems


def _not_full(graded: Graded) -> list[str]:
    return [f"scores {r.score:g}/{r.max_score:g} on {q}: {r.feedback or graded.reason}"
            for q, r in graded.questions.items() if r.score != r.max_score]


def _not_zero(graded: Graded) -> list[str]:
    return [f"scores {r.score:g} on {q} instead of 0" for q, r in graded.questions.items() if r.score != 0]


def release(course: Course, assignment: str) -> Path:
    """Generate the student version and self-test it; remove it and raise if the self-test fails."""
    check_assignment(assignment, course.source_notebook(assignment))  # refused before nbgrader runs
    released = generate(course, assignment)
    problems = self_test(course, assignment, released)
    if problems:
        shutil.rmtree(released.parent, ignore_errors=True)
        raise AutograderError(f"release of {assignment} refused: " + "; ".join(problems))
    return released
