"""`autograder roster import FILE`: the class list, into nbgrader's gradebook and beside it.

The CSV has student_id, first_name, last_name and email, and may have the LMS ids the exports need.
Names and emails go into nbgrader's students (the LTI user id into its lms_user_id); every column is
also kept in roster.json in the course, for the exporters.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from autograder.course import Course
from autograder.errors import AutograderError
from autograder.lock import write_atomically

REQUIRED = ("student_id", "first_name", "last_name", "email")
OPTIONAL = ("canvas_id", "sis_user_id", "sis_login_id", "section", "moodle_idnumber", "username", "orgdefinedid",
            "lti_user_id")
ROSTER_FILE = "roster.json"


def read_roster_csv(path: Path) -> list[dict[str, str]]:
    """The roster's rows, checked: the required columns, no unknown ones, one row per student id."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:  # utf-8-sig: Excel's byte-order mark
            reader = csv.DictReader(source)
            columns = [c.strip() for c in reader.fieldnames or []]
            rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AutograderError(f"cannot read the roster {path}: {error}") from error
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise AutograderError(f"the roster {path.name} has no column {', '.join(missing)} "
                              f"(it needs {', '.join(REQUIRED)})")
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise AutograderError(f"the roster {path.name} has unknown column(s) {', '.join(unknown)}; "
                              f"the optional ones are {', '.join(OPTIONAL)}")
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        student = row["student_id"]
        if not student:
            raise AutograderError(f"the roster {path.name}, line {line}: student_id is empty")
        if student in seen:
            raise AutograderError(f"the roster {path.name}, line {line}: student_id {student!r} appears twice")
        seen.add(student)
    return rows


def load_roster(course: Course) -> dict[str, dict[str, str]]:
    """The imported roster by student id; empty when none was imported."""
    path = course.root / ROSTER_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def import_roster(course: Course, path: Path) -> int:
    """Put the roster into the gradebook and roster.json; the number of students."""
    from autograder.gradebook import open_gradebook

    rows = read_roster_csv(path)
    with open_gradebook(course) as gradebook:
        for row in rows:
            gradebook.update_or_create_student(
                row["student_id"], first_name=row["first_name"], last_name=row["last_name"], email=row["email"],
                lms_user_id=row.get("lti_user_id") or None)
    roster = {**load_roster(course), **{row["student_id"]: row for row in rows}}
    write_atomically(course.root / ROSTER_FILE, json.dumps(roster, ensure_ascii=False, indent=1) + "\n")
    return len(rows)
