"""Read notebooks and rebuild a submission on the instructor's source.

Locked cells and all grading metadata come from the source; from the submission only the answer
cells (matched by grade_id) and the cells the student added are taken; its outputs are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from coursecheck.problem import Problem

ANSWER_SUFFIX = "_answer"


MAX_NOTEBOOK_BYTES = 20 * 2**20


class SubmissionError(Exception):
    """The submission cannot be read; `problem` says why, in words the student can read."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text("en"))
        self.problem = problem


@dataclass(frozen=True)
class Question:
    """A graded question: its test cell's grade_id, points, and the grade_id of its answer cell."""

    name: str
    points: float

    @property
    def answer_id(self) -> str:
        return self.name + ANSWER_SUFFIX


@dataclass
class Cell:
    """A cell to run: `role` is locked, answer, test (a question's check) or extra (added by the student)."""

    role: str
    cell_type: str
    source: str
    grade_id: str | None = None
    metadata: dict = field(default_factory=dict)

    @property
    def runs(self) -> bool:
        return self.cell_type == "code"


def nbgrader_meta(cell: NotebookNode) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook as nbformat 4; a SubmissionError saying why it cannot be read."""
    if not path.is_file():
        found = sorted(p.name for p in path.parent.iterdir() if p.is_file()) if path.parent.is_dir() else []
        raise SubmissionError(Problem("no_notebook", {"name": path.name, "found": ", ".join(found) or "—"}))
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(Problem("too_big", {"name": path.name, "mb": size // 2**20,
                                                  "limit": MAX_NOTEBOOK_BYTES // 2**20}))
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:
        detail = f"{type(error).__name__}: {str(error)[:300]}"
        raise SubmissionError(Problem("unreadable", {"name": path.name, "error": detail})) from error
    if not isinstance(notebook.get("cells"), list):
        raise SubmissionError(Problem("unreadable", {"name": path.name, "error": "no cells"}))
    return notebook


def is_test_cell(cell: NotebookNode) -> bool:
    """A question's test cell: an nbgrader grade cell of code that is not a solution."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.get("cell_type") == "code"


def questions(source: NotebookNode) -> list[Question]:
    """The graded questions of the instructor's notebook, in order."""
    return [Question(name=nbgrader_meta(cell)["grade_id"], points=float(nbgrader_meta(cell).get("points", 0)))
            for cell in source.cells if is_test_cell(cell)]


def merge(source: NotebookNode, submission: NotebookNode) -> list[Cell]:
    """The cells to run: the source's cells, with the student's answers and added cells put in."""
    test_ids = {q.name for q in questions(source)}
    source_ids = {nbgrader_meta(c).get("grade_id") for c in source.cells} - {None}
    answers: dict[str, NotebookNode] = {}
    extras: dict[str | None, list[NotebookNode]] = {}
    anchor = None
    by_cell_id = {c.get("id"): nbgrader_meta(c).get("grade_id") for c in source.cells if c.get("id")}
    for cell in submission.cells:
        if not isinstance(cell, dict) or "source" not in cell:
            continue
        # nbgrader's metadata may be stripped (a copy into a new notebook): the cell's id still tells
        grade_id = nbgrader_meta(cell).get("grade_id") or by_cell_id.get(cell.get("id"))
        if grade_id in source_ids:
            anchor = grade_id
            answers.setdefault(grade_id, cell)
        else:
            extras.setdefault(anchor, []).append(cell)

    merged = [_extra(c) for c in extras.get(None, [])]
    for cell in source.cells:
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        if meta.get("solution"):
            given = answers.get(grade_id)
            text = given.source if given is not None and given.cell_type == cell.cell_type else ""
            merged.append(Cell("answer", cell.cell_type, text, grade_id, dict(cell.metadata)))
        else:
            role = "test" if grade_id in test_ids else "locked"
            merged.append(Cell(role, cell.cell_type, cell.source, grade_id, dict(cell.metadata)))
        merged.extend(_extra(c) for c in extras.get(grade_id, []))
    return merged


def _extra(cell: NotebookNode) -> Cell:
    return Cell("extra", cell.get("cell_type", "code"), str(cell.get("source", "")))


def to_notebook(cells: list[Cell], outputs: dict[int, list[dict]], metadata: dict) -> NotebookNode:
    """An executed notebook: the merged cells with the outputs the run gave them.

    Built as plain nbformat 4.5 dicts: nbformat's cell constructors validate each cell against the
    schema, some 5 ms a notebook, for parts that are valid by construction.
    """
    nb = nbformat.v4.new_notebook(metadata=metadata)
    ids: set[str] = set()
    for index, cell in enumerate(cells):
        new = {"cell_type": cell.cell_type, "id": _cell_id(cell, index, ids), "metadata": cell.metadata,
               "source": cell.source}
        if cell.cell_type == "code":
            new.update(execution_count=None, outputs=outputs.get(index, []))
        nb.cells.append(nbformat.from_dict(new))
    return nb


def _cell_id(cell: Cell, index: int, taken: set[str]) -> str:
    """The source's id for a graded cell (its grade id, as our notebooks have it), else one by position."""
    wanted = re.sub(r"[^A-Za-z0-9_-]", "-", cell.grade_id)[:64] if cell.grade_id else f"cell-{index}"
    found = wanted if wanted not in taken else f"cell-{index}"
    taken.add(found)
    return found
