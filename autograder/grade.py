"""`autograder grade NAME`: grade every submission in submitted/<student>/NAME/ into the gradebook.

submitted/ is only read. Executed notebooks go to autograded/<student>/NAME/, beside a small
autograder.json that remembers what was graded, so an unchanged submission is skipped next time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from autograder.assignment import check_assignment
from autograder.checks import CHECKS_DIR
from autograder.course import Course
from autograder.errors import AutograderError
from autograder.lock import course_lock, write_atomically
from autograder.pool import GradingPool
from autograder.results import Graded, Job, RunLimits

STATE_FILE = "autograder.json"
COMMIT_EVERY = 20


def make_job(course: Course, assignment: str, output_root: Path | None, lang: str | None = None) -> Job:
    settings = course.settings
    limits = RunLimits(cell_timeout=settings.cell_timeout, submission_timeout=settings.submission_timeout,
                       memory_limit_mb=settings.memory_limit_mb, output_limit=settings.output_limit)
    return Job(assignment=assignment, source_path=course.source_notebook(assignment), output_root=output_root,
               lang=lang or settings.lang, limits=limits, readable=(course.release_notebook(assignment).parent,))


def find_submissions(course: Course, assignment: str, students: list[str] | None = None) -> list[tuple[str, Path]]:
    """(student, notebook path) for every submission of the assignment, as `nbgrader collect` lays them out."""
    found = sorted(
        (folder.parent.name, folder / f"{assignment}.ipynb")
        for folder in course.submitted_dir().glob(f"*/{assignment}")
        if folder.is_dir()
    )
    if students:
        missing = sorted(set(students) - {s for s, _ in found})
        if missing:
            raise AutograderError(f"no submission of {assignment} for {', '.join(missing)} in submitted/")
        found = [(s, p) for s, p in found if s in students]
    return found


def grader_digest(job: Job) -> str:
    """Changes when the source notebook, or the assignment's checks or reference, change."""
    digest = hashlib.sha256()
    grader_files = [job.source_path, *sorted((CHECKS_DIR / job.assignment).glob("*.py"))]
    grader_files.append(Path(__file__).resolve().parent.parent / "solutions" / f"{job.assignment}.py")
    for path in grader_files:
        digest.update(path.read_bytes() if path.is_file() else b"<none>")
    return digest.hexdigest()


def fingerprint(grader: str, notebook: Path) -> str:
    """Changes when the submission or the grader changes."""
    submitted = notebook.read_bytes() if notebook.is_file() else b"<none>"
    return hashlib.sha256(grader.encode() + hashlib.sha256(submitted).digest()).hexdigest()


def _state_path(course: Course, student: str, assignment: str) -> Path:
    return course.autograded_dir(student, assignment) / STATE_FILE


def read_state(course: Course, student: str, assignment: str) -> dict:
    try:
        return json.loads(_state_path(course, student, assignment).read_text())
    except (OSError, ValueError):
        return {}


def _timestamp(notebook: Path) -> str | None:
    stamp = notebook.parent / "timestamp.txt"
    if not stamp.is_file():
        return None
    return stamp.read_text().strip() or None


def grade(course: Course, assignment: str, *, students: list[str] | None = None, force: bool = False,
          jobs: int | None = None, lang: str | None = None,
          on_progress: Callable[[int, int], None] | None = None) -> list[Graded]:
    """Grade the assignment's submissions; those unchanged since their last grading are skipped unless `force`."""
    job = make_job(course, assignment, course.root / "autograded", lang)
    check_assignment(assignment, job.source_path)
    items = find_submissions(course, assignment, students)
    grader = grader_digest(job)
    prints = {student: fingerprint(grader, path) for student, path in items}
    if not force:
        items = [(s, p) for s, p in items if read_state(course, s, assignment).get("fingerprint") != prints[s]]
    if not items:
        return []
    stamps = {student: _timestamp(path) for student, path in items}
    graded: list[Graded] = []
    pending: list[Graded] = []
    # The workers start first, so their torch import overlaps nbgrader's import here (hence the late import).
    with GradingPool(job, min(jobs or os.cpu_count() or 1, len(items))) as pool:
        from autograder.gradebook import Recorder, open_gradebook, require_assignment

        with course_lock(course.root), open_gradebook(course) as gradebook:
            require_assignment(gradebook, assignment)
            record = Recorder(gradebook, assignment)
            for result in pool.grade(items):
                record(result, stamps[result.student])
                graded.append(result)
                pending.append(result)
                if len(pending) >= COMMIT_EVERY:
                    _commit(course, gradebook, assignment, pending, prints)
                if on_progress:
                    on_progress(len(graded), len(items))
            _commit(course, gradebook, assignment, pending, prints)
    return graded


def _commit(course: Course, gradebook, assignment: str, pending: list[Graded], prints: dict[str, str]) -> None:
    """Commit the gradebook, then mark those submissions graded (never the other way round)."""
    gradebook.db.commit()
    for result in pending:
        path = _state_path(course, result.student, assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        state = {"fingerprint": prints[result.student], **asdict(result)}
        write_atomically(path, json.dumps(state, ensure_ascii=False, indent=1))
    pending.clear()
