"""Write the sample class into a course's submitted/ folder, from the released notebooks.

Usage: python -m sample_class.build [COURSE_DIR]   (run `autograder release NAME` first)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from sample_class import backprop, fc_layer

CLASSES = {"fc_layer": fc_layer.STUDENTS, "backprop": backprop.STUDENTS}
TIMESTAMP = "2026-11-20 12:00:00.000000 UTC"


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def fill(released: nbformat.NotebookNode, spec: dict) -> nbformat.NotebookNode:
    """The released notebook as this student hands it in."""
    notebook = nbformat.from_dict(released)
    answers = {f"{q}_answer": source for q, source in spec.get("answers", {}).items()}
    cells = []
    for cell in notebook.cells:
        if _grade_id(cell) in answers:
            cell.source = answers[_grade_id(cell)]
        if spec.get("fake_outputs") and cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1.0"}, execution_count=1)]
        cells.append(cell)
        added = [src for after, src in spec.get("extra", []) if after == _grade_id(cell)]
        # fixed ids, so that building the class again writes the same bytes (and grading skips them)
        cells += [nbformat.v4.new_code_cell(src, id=f"added-{len(cells)}-{i}") for i, src in enumerate(added)]
    notebook.cells = cells
    return notebook


def build(course: Path) -> int:
    """Write every sample submission; how many were written."""
    count = 0
    for assignment, students in CLASSES.items():
        released = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
        for student, spec in students.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(fill(released, spec), folder / f"{assignment}.ipynb")
            (folder / "timestamp.txt").write_text(TIMESTAMP + "\n")
            count += 1
    return count


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    print(f"wrote {build(root)} sample submissions into {root / 'submitted'}")
