"""`autograder feedback NAME`: an HTML page per student, where nbgrader keeps feedback.

feedback/<student>/NAME/NAME.html shows the student's notebook (their cells, without the grading run's
outputs) and, under each question, its score and what is probably wrong. It never shows a hidden
check, a replay's expected values or a solution: only the stored diagnoses, which hold none of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from autograder.course import Course
from autograder.errors import AutograderError
from autograder.grade import find_submissions, read_state
from autograder.gradebook import manual_comments, open_gradebook, rows
from autograder.results import Graded
from coursecheck.messages import LANGUAGES, message


def feedback_notebook(executed: nbformat.NotebookNode, row: Graded, state: dict, comments: dict[str, str],
                      assignment: str, lang: str) -> nbformat.NotebookNode:
    """The student's cells without outputs, a header with the total, and each question's result under it."""
    header = "# " + message("feedback_title", lang, assignment=assignment, student=row.student) + "\n\n" + \
        message("feedback_total", lang, score=f"{row.score:g}", max=f"{row.max_score:g}")
    cells = [nbformat.v4.new_markdown_cell(header)]
    for cell in executed.cells:
        cell = nbformat.from_dict(cell)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        question = cell.metadata.get("nbgrader", {}).get("grade_id")
        if question in row.questions and cell.metadata.get("nbgrader", {}).get("grade"):
            cells.append(nbformat.v4.new_markdown_cell(_question_text(question, row, state, comments, lang)))
    return nbformat.v4.new_notebook(cells=cells, metadata=executed.metadata)


def _question_text(question: str, row: Graded, state: dict, comments: dict[str, str], lang: str) -> str:
    result = row.questions[question]
    stored = state.get("questions", {}).get(question, {})
    notes = stored.get("translations", {}).get(lang) or result.feedback
    title = message("feedback_question", lang, question=question, score=f"{result.score:g}",
                    max=f"{result.max_score:g}")
    lines = [f"**{title}**", ""]
    lines += [f"- {note}" for note in notes.splitlines()] or [f"- {message('feedback_all_passed', lang)}"]
    if comments.get(question):
        lines += ["", message("feedback_teacher", lang, comment=comments[question])]
    return "\n".join(lines)


def write_feedback(course: Course, assignment: str, *, students: list[str] | None = None,
                   lang: str | None = None) -> list[Path]:
    """Write the feedback page of every graded submission; the pages written."""
    lang = lang or course.settings.lang
    if lang not in LANGUAGES:
        raise AutograderError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    course.source_notebook(assignment)
    exporter = HTMLExporter(template_name="lab")
    written = []
    with open_gradebook(course) as gradebook:
        graded = {row.student: row for row in rows(gradebook, assignment) if row.status == "graded"}
        for student, _ in find_submissions(course, assignment, students):
            executed_path = course.autograded_dir(student, assignment) / f"{assignment}.ipynb"
            if student not in graded or not executed_path.is_file():
                continue  # not graded yet: `autograder grade` first
            executed = nbformat.read(executed_path, as_version=4)
            page = feedback_notebook(executed, graded[student], read_state(course, student, assignment),
                                     manual_comments(gradebook, assignment, student), assignment, lang)
            html, _ = exporter.from_notebook_node(page)
            folder = course.root / "feedback" / student / assignment
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{assignment}.html"
            path.write_text(html, encoding="utf-8")
            stamp = course.submitted_dir() / student / assignment / "timestamp.txt"
            if stamp.is_file():
                shutil.copy(stamp, folder / "timestamp.txt")
            written.append(path)
    return written
