"""nbgrader's gradebook is the record: scores go in, and exports and tables come out, through its API.

Each question's score is the auto_score of its test cell's Grade; its feedback is the auto_comment
of its answer cell's Comment, which `nbgrader formgrader` shows beside the answer.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nbgrader.api import (
    Assignment,
    Comment,
    Grade,
    Gradebook,
    MissingEntry,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning

from autograder.course import Course
from autograder.errors import AutograderError
from autograder.notebook import ANSWER_SUFFIX
from autograder.results import Graded, QuestionResult


def ensure_tools_on_path() -> None:
    """nbgrader runs the `alembic` command when it creates a gradebook: find it beside this Python."""
    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")


@contextmanager
def open_gradebook(course: Course) -> Iterator[Gradebook]:
    ensure_tools_on_path()
    # nbgrader's add_submission trips SQLAlchemy 2's autoflush warnings; the rows are written all the same
    warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")
    course_id = course.config.CourseDirectory.get("course_id", "")
    with Gradebook(course.db_url, course_id=course_id) as gradebook:
        yield gradebook


def require_assignment(gradebook: Gradebook, name: str) -> None:
    try:
        gradebook.find_assignment(name)
    except MissingEntry as error:
        raise AutograderError(
            f"assignment {name!r} is not in the gradebook yet: run `autograder release {name}` first"
        ) from error


class Recorder:
    """Puts submissions' scores and feedback in the gradebook; the caller commits, in batches.

    nbgrader's add_student and add_submission commit at once, which would leave a submission with no
    scores if the run died right after; so new rows are built here with nbgrader's own models, as
    add_submission builds them, and nothing is committed until the caller commits. The assignment,
    its students and submissions are looked up once, not once per submission.
    """

    def __init__(self, gradebook: Gradebook, assignment: str) -> None:
        self.session = gradebook.db
        self.assignment = gradebook.find_assignment(assignment)
        self.students = {student.id: student for student in gradebook.students}
        self.submissions = {s.student.id: s for s in self.assignment.submissions}

    def __call__(self, graded: Graded, timestamp: str | None = None) -> None:
        student = self.students.get(graded.student)
        if student is None:
            student = self.students[graded.student] = Student(id=graded.student)
            self.session.add(student)
        submission = self.submissions.get(graded.student)
        if submission is None:
            with self.session.no_autoflush:
                submission = _new_submission(self.assignment, student)
            self.submissions[graded.student] = submission
            self.session.add(submission)
        if timestamp:
            submission.timestamp = parse_utc(timestamp)
        for notebook in submission.notebooks:
            grades = {grade.cell.name: grade for grade in notebook.grades}
            comments = {comment.cell.name: comment for comment in notebook.comments}
            for question, result in graded.questions.items():
                grade = grades[question]
                grade.auto_score = result.score
                grade.needs_manual_grade = grade.manual_score is not None
                comments[question + ANSWER_SUFFIX].auto_comment = result.feedback or None


def _new_submission(assignment: Assignment, student: Student) -> SubmittedAssignment:
    """A submission with a Grade for every graded cell and a Comment for every answer, as nbgrader makes them."""
    submission = SubmittedAssignment(assignment=assignment, student=student)
    for notebook in assignment.notebooks:
        submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
        for cell in notebook.grade_cells:
            Grade(cell=cell, notebook=submitted)
        for cell in notebook.solution_cells:
            Comment(cell=cell, notebook=submitted)
        for cell in notebook.task_cells:
            Comment(cell=cell, notebook=submitted)
            Grade(cell=cell, notebook=submitted)
    return submission


def manual_comments(gradebook: Gradebook, assignment: str, student: str) -> dict[str, str]:
    """The comments an instructor wrote in formgrader on each question's answer, by question."""
    submission = gradebook.find_submission(assignment, student)
    return {c.name.removesuffix(ANSWER_SUFFIX): c.manual_comment
            for nb in submission.notebooks for c in nb.comments if c.manual_comment}


def rows(gradebook: Gradebook, assignment: str, students: list[str] | None = None) -> list[Graded]:
    """Every student of the gradebook (or these), sorted by id, with the assignment's scores and feedback."""
    require_assignment(gradebook, assignment)
    cells = gradebook.find_assignment(assignment).notebooks
    questions = [(cell.name, cell.max_score) for nb in cells for cell in nb.grade_cells]
    result = []
    everyone = gradebook.students if students is None else [gradebook.find_student(s) for s in students]
    for student in sorted(everyone, key=lambda s: s.id):
        try:
            submission = gradebook.find_submission(assignment, student.id)
        except MissingEntry:
            result.append(Graded(student.id, "missing", {q: QuestionResult(0.0, m) for q, m in questions}))
            continue
        row = Graded(student.id, "graded")
        for notebook in submission.notebooks:
            comments = {c.name: c.comment for c in notebook.comments}
            for grade in notebook.grades:
                feedback = comments.get(grade.name + ANSWER_SUFFIX) or ""
                row.questions[grade.name] = QuestionResult(float(grade.score or 0.0), grade.max_score, feedback)
        result.append(row)
    return result
