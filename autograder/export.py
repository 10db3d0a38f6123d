"""`autograder export NAME --to json|csv`: the gradebook's scores and feedback for other systems."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from autograder.course import Course
from autograder.errors import AutograderError
from autograder.grade import read_state
from autograder.gradebook import open_gradebook, rows
from autograder.lms import FORMATS as LMS_FORMATS
from autograder.lms import LmsOptions, write_gradescope, write_lms_csv
from autograder.nbgrader_plugins import (  # noqa: F401 - here for `nbgrader export --exporter autograder.export.X`
    BlackboardExport,
    BrightspaceExport,
    CanvasExport,
    MoodleExport,
)
from autograder.results import Graded
from autograder.roster import load_roster

FORMATS = ("json", "csv", "gradescope", *LMS_FORMATS)


def _status(course: Course, assignment: str, row: Graded) -> str:
    if row.status == "graded" and read_state(course, row.student, assignment).get("status") == "error":
        return "error"
    return row.status


def records(course: Course, assignment: str) -> list[dict]:
    """One record per student of the gradebook, in the JSON export's shape."""
    with open_gradebook(course) as gradebook:
        found = rows(gradebook, assignment)
    return [to_record(row, assignment, _status(course, assignment, row)) for row in found]


def to_record(row: Graded, assignment: str, status: str) -> dict:
    """A graded submission as the exports carry it."""
    return {
        "student_id": row.student,
        "assignment": assignment,
        "score": row.score,
        "max_score": row.max_score,
        "status": status,
        "questions": {
            name: {"score": q.score, "max_score": q.max_score, "feedback": q.feedback}
            for name, q in row.questions.items()
        },
    }


def write_json(data: list[dict], path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_csv(data: list[dict], path: Path) -> None:
    questions = list(data[0]["questions"]) if data else []
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(["student_id", "status", *questions, "score", "max_score"])
        for record in data:
            scores = [f"{record['questions'][q]['score']:g}" for q in questions]
            writer.writerow([record["student_id"], record["status"], *scores,
                             f"{record['score']:g}", f"{record['max_score']:g}"])


def export(course: Course, assignment: str, *, to: str, output: Path, lms: LmsOptions | None = None) -> list[str]:
    """Write the export; for an LMS format, warnings about graded students the file cannot carry."""
    def gradescope(data: list[dict], folder: Path) -> None:
        seconds = {r["student_id"]: read_state(course, r["student_id"], assignment).get("seconds", 0.0) for r in data}
        write_gradescope(data, seconds, folder)

    writers = {"json": write_json, "csv": write_csv, "gradescope": gradescope}
    if to not in writers and to not in LMS_FORMATS:
        raise AutograderError(f"unknown export format {to!r}: choose one of {', '.join(FORMATS)}")
    course.source_notebook(assignment)
    data = records(course, assignment)
    (output if to == "gradescope" else output.parent).mkdir(parents=True, exist_ok=True)
    if to in writers:
        writers[to](data, output)
        return []
    return write_lms_csv(to, data, load_roster(course), lms or LmsOptions(title=assignment), output)

