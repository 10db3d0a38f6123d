"""Grade files an LMS imports as they are: Canvas, Moodle, Brightspace and Blackboard CSV.

Each format is a function from the export's records and the roster to rows; `write_lms_csv` writes
them as UTF-8 CSV with the csv module's quoting (commas, quotes and newlines in names survive). Every
roster student gets a row (0 when there is no submission, or blank with missing="blank"); a graded
student missing from the roster is kept, with empty LMS ids, and named in a warning.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import AutograderError


@dataclass(frozen=True)
class LmsOptions:
    title: str
    canvas_assignment_id: str | None = None
    moodle_key: str = "email"
    column_id: str | None = None
    missing: str = "zero"  # or "blank"
    template: Path | None = None  # canvas: a gradebook exported from Canvas, to fill


@dataclass(frozen=True)
class Student:
    """A row's student: the roster's fields, with the score and feedback of the export."""

    fields: dict[str, str]
    score: float | None
    max_score: float
    feedback: str

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def students(records: list[dict], roster: dict[str, dict[str, str]], missing: str) -> tuple[list[Student], list[str]]:
    """One Student per roster entry and per graded student; the graded students the roster lacks."""
    by_id = {r["student_id"]: r for r in records}
    max_score = max((r["max_score"] for r in records), default=0.0)
    found, unknown = [], []
    for student_id in sorted(set(roster) | {s for s, r in by_id.items() if r["status"] != "missing"}):
        record = by_id.get(student_id)
        fields = roster.get(student_id, {"student_id": student_id})
        if student_id not in roster:
            unknown.append(student_id)
        graded = record is not None and record["status"] != "missing"
        score = record["score"] if graded else (None if missing == "blank" else 0.0)
        feedback = "\n".join(q["feedback"] for q in record["questions"].values() if q["feedback"]) if graded else ""
        found.append(Student(fields, score, record["max_score"] if record else max_score, feedback))
    return found, unknown


def _score(student: Student) -> str:
    return "" if student.score is None else f"{student.score:g}"


def canvas(rows: list[Student], options: LmsOptions) -> list[list[str]]:
    if not options.canvas_assignment_id:
        raise AutograderError("--to canvas needs --canvas-assignment-id (the number in the assignment's URL)")
    column = f"{options.title} ({options.canvas_assignment_id})"
    points = max((s.max_score for s in rows), default=0.0)
    table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column],
             ["    Points Possible", "", "", "", "", f"{points:g}"]]
    for s in rows:
        name = f"{s.get('last_name')}, {s.get('first_name')}" if s.get("last_name") else s.get("student_id")
        table.append([name, s.get("canvas_id"), s.get("sis_user_id"), s.get("sis_login_id"), s.get("section"),
                      _score(s)])
    return table


# Canvas matches a row to a student by its ID, or else its SIS User ID or SIS Login ID: so do we
_CANVAS_KEYS = (("ID", "canvas_id"), ("SIS User ID", "sis_user_id"), ("SIS Login ID", "sis_login_id"))


def fill_canvas_template(rows: list[Student], options: LmsOptions) -> tuple[list[list[str]], list[str]]:
    """The Canvas export `options.template` with the assignment's column filled; every other cell as it was.

    Returns the table and the students with a score whom the template has no row for.
    """
    table = _read_csv(options.template)
    header = table[0] if table else []
    column = _canvas_column(header, options)
    keys = [(header.index(name), field) for name, field in _CANVAS_KEYS if name in header]
    index = {(field, s.get(field)): s for s in rows for _, field in keys if s.get(field)}
    filled: set[str] = set()
    for row in table[1:]:
        row += [""] * (len(header) - len(row))
        student = next((index[(field, row[i].strip())] for i, field in keys if (field, row[i].strip()) in index),
                       None)
        if student is not None:
            row[column] = _score(student)
            filled.add(student.get("student_id"))
    absent = [s.get("student_id") for s in rows if s.score is not None and s.get("student_id") not in filled]
    return table, absent


def _canvas_column(header: list[str], options: LmsOptions) -> int:
    """The template's column for this assignment: `<title> (<id>)`, found by the id or else by the title."""
    if options.canvas_assignment_id:
        found = [i for i, name in enumerate(header) if name.strip().endswith(f"({options.canvas_assignment_id})")]
    else:
        found = [i for i, name in enumerate(header) if name.strip().startswith(f"{options.title} (")]
    if len(found) == 1:
        return found[0]
    assignments = [name for name in header if name.rstrip().endswith(")") and "(" in name]
    wanted = f"id {options.canvas_assignment_id}" if options.canvas_assignment_id else f"title {options.title!r}"
    raise AutograderError(
        f"the Canvas export {options.template.name} has {len(found) or 'no'} column(s) for the assignment's {wanted}"
        f" (its assignment columns: {', '.join(assignments) or 'none'}); give the right --canvas-assignment-id")


def _read_csv(path: Path) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:  # utf-8-sig: Excel's byte-order mark
            return [row for row in csv.reader(source)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AutograderError(f"cannot read the Canvas export {path}: {error}") from error


def moodle(rows: list[Student], options: LmsOptions) -> list[list[str]]:
    key = {"email": "email", "idnumber": "moodle_idnumber", "username": "username"}.get(options.moodle_key)
    if key is None:
        raise AutograderError(f"unknown --moodle-key {options.moodle_key!r}: choose email, idnumber or username")
    table = [[options.moodle_key, options.title, f"{options.title} feedback"]]
    table += [[s.get(key), _score(s), s.feedback] for s in rows]
    return table


def brightspace(rows: list[Student], options: LmsOptions) -> list[list[str]]:
    table = [["OrgDefinedId", "Username", f"{options.title} Points Grade", "End-of-Line Indicator"]]
    table += [[f"#{s.get('orgdefinedid')}", f"#{s.get('username')}", _score(s), "#"] for s in rows]
    return table


def blackboard(rows: list[Student], options: LmsOptions) -> list[list[str]]:
    if not options.column_id:
        raise AutograderError("--to blackboard needs --column-id (the Grade Center column's id)")
    points = max((s.max_score for s in rows), default=0.0)
    column = f"{options.title} [Total Pts: {points:g} Score] |{options.column_id}"
    table = [["Last Name", "First Name", "Username", column]]
    table += [[s.get("last_name"), s.get("first_name"), s.get("username"), _score(s)] for s in rows]
    return table


FORMATS: dict[str, Callable[[list[Student], LmsOptions], list[list[str]]]] = {
    "canvas": canvas, "moodle": moodle, "brightspace": brightspace, "blackboard": blackboard,
}


def write_lms_csv(to: str, records: list[dict], roster: dict[str, dict[str, str]], options: LmsOptions,
                  path: Path) -> list[str]:
    """Write the LMS's file; warnings about graded students the file cannot carry."""
    rows, unknown = students(records, roster, options.missing)
    warnings = [f"graded but not in the roster, so without LMS ids: {', '.join(unknown)} "
                "(`autograder roster import` them)"] if unknown else []
    if to == "canvas" and options.template is not None:
        table, absent = fill_canvas_template(rows, options)
        if absent:
            warnings.append(f"graded but without a row in {options.template.name}, so not in the file: "
                            f"{', '.join(absent)}")
    else:
        table = FORMATS[to](rows, options)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(table)
    return warnings


def gradescope_results(record: dict, seconds: float, output: str | None = None) -> dict:
    """Gradescope's results.json for one graded submission: the score, and a test per question."""
    tests = [
        {"name": name, "score": q["score"], "max_score": q["max_score"],
         "status": "passed" if q["score"] == q["max_score"] else "failed",
         "output": q["feedback"], "visibility": "visible"}
        for name, q in record["questions"].items()
    ]
    results = {"score": record["score"], "execution_time": round(seconds, 3), "tests": tests}
    if output:
        results["output"] = output
    return results


def write_gradescope(records: list[dict], seconds: dict[str, float], folder: Path) -> int:
    """Gradescope's results.json for each graded submission, in folder/<student_id>/results.json."""
    written = 0
    for record in records:
        if record["status"] == "missing":
            continue
        results = gradescope_results(record, seconds.get(record["student_id"], 0.0))
        target = folder / record["student_id"]
        target.mkdir(parents=True, exist_ok=True)
        (target / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        written += 1
    return written
