"""`autograder release`: nbgrader's student version, self-tested, with no solution and no hidden check in it."""

import re

import nbformat
import pytest

from autograder.errors import AutograderError
from autograder.grade import make_job
from autograder.pool import grade_all
from autograder.release import release
from tests.conftest import ASSIGNMENTS, REPO, released_notebook
from tests.test_student_package import solution_lines


def source_solution_lines(assignment: str) -> list[str]:
    """The lines between BEGIN SOLUTION and END SOLUTION in the instructor's notebook."""
    source = nbformat.read(REPO / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    lines = []
    for cell in source.cells:
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S):
            lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 8]
    assert lines, f"{assignment}: the source notebook has no solution regions"
    return lines


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_neither_solutions_nor_hidden_checks(released_course, assignment):
    folder = released_course.release_notebook(assignment).parent
    assert sorted(p.name for p in folder.iterdir()) == [f"{assignment}.ipynb"]
    text = released_course.release_notebook(assignment).read_text(encoding="utf-8")
    for line in source_solution_lines(assignment) + sorted(solution_lines()):
        assert line not in text, f"the release of {assignment} shows solution code: {line!r}"
    for marker in ("BEGIN SOLUTION", "autograder", "import solutions", "from solutions", "def test_"):
        assert marker not in text, f"the release of {assignment} mentions {marker!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_structure(released_course, assignment):
    notebook = released_notebook(released_course, assignment)
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells}
    source = nbformat.read(REPO / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    questions = [c.metadata.nbgrader for c in source.cells if c.metadata.nbgrader.get("grade")]
    assert questions, "no graded questions"
    for meta in questions:
        answer, test = cells[meta["grade_id"] + "_answer"], cells[meta["grade_id"]]
        assert answer.metadata.nbgrader["solution"] and not answer.metadata.nbgrader["locked"]
        assert "raise NotImplementedError()" in answer.source, "the answer cell is a stub"
        assert test.metadata.nbgrader["locked"] and test.metadata.nbgrader["points"] == meta["points"]
        assert f"check.{meta['grade_id']}(" in test.source, "the test cell calls the question's public check"
    for cell in notebook.cells:
        if not cell.metadata.nbgrader.get("solution"):
            assert cell.metadata.nbgrader["locked"], f"{cell.metadata.nbgrader['grade_id']} is not locked"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_scores_full_and_blank_release_zero(released_course, assignment):
    job = make_job(released_course, assignment, output_root=None)
    items = [("reference", job.source_path), ("blank", released_course.release_notebook(assignment))]
    results = {g.student: g for g in grade_all(job, items, jobs=2)}
    assert results["reference"].score == results["reference"].max_score > 0, results["reference"]
    assert results["blank"].score == 0, results["blank"]
    assert {r.score for r in results["blank"].questions.values()} == {0.0}


def test_release_refuses_a_wrong_reference(course):
    path = course.source_notebook("fc_layer")
    source = nbformat.read(path, as_version=4)
    for cell in source.cells:
        cell.source = cell.source.replace("torch.add(torch.matmul(x, w.transpose(0, 1)), b) # x * w^T + b",
                                          "torch.matmul(x, w.transpose(0, 1))")
    nbformat.write(source, path)
    with pytest.raises(AutograderError, match=r"release of fc_layer refused: the reference solution scores 0/1 "
                                              r"on fc_forward"):
        release(course, "fc_layer")
    assert not course.release_notebook("fc_layer").exists(), "a refused release is removed"


def test_release_refuses_an_assignment_without_hidden_checks(course):
    folder = course.source_dir / "extra"
    folder.mkdir()
    nbformat.write(nbformat.read(course.source_notebook("fc_layer"), as_version=4), folder / "extra.ipynb")
    with pytest.raises(AutograderError, match="assignment 'extra' has no hidden checks"):
        release(course, "extra")
