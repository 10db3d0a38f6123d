"""Feedback pages: each question's score and diagnoses, and never a hidden check, a solution or a replay's answer."""

import html
import re
from pathlib import Path

import nbformat
import pytest
import torch

from autograder.checks import CHECKS_DIR
from autograder.export import records
from autograder.feedback import write_feedback
from autograder.replay import fresh_inputs
from sample_class.build import CLASSES
from solutions import backprop
from tests.conftest import ASSIGNMENTS, REPO

SECRET_DIRS = [CHECKS_DIR, REPO / "solutions"]


def page_text(path: Path) -> str:
    """What a reader sees: the page without tags, scripts and styles."""
    page = re.sub(r"<style.*?</style>|<script.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def secret_lines() -> set[str]:
    """Code lines of the hidden checks and of solutions/ (not imports, docstrings or short lines)."""
    found = set()
    for folder in SECRET_DIRS:
        for path in folder.rglob("*.py"):
            for line in path.read_text().splitlines():
                line = line.strip()
                if len(line) > 16 and not line.startswith(("#", '"', "import ", "from ", "@pytest", "return {")):
                    found.add(line)
    return found


def public_text(course, assignment: str, student: str) -> str:
    """What the student already has: the released notebook, the student package and their own submission."""
    release = course.release_notebook(assignment).read_text(encoding="utf-8")
    package = "".join(p.read_text() for p in (REPO / "student" / "src" / "coursecheck").glob("*.py"))
    submitted = nbformat.read(course.submitted_dir() / student / assignment / f"{assignment}.ipynb", as_version=4)
    return release + package + "\n".join(c.source for c in submitted.cells)


@pytest.fixture(scope="module")
def pages(sample_course):
    written = {a: write_feedback(sample_course, a) for a in ASSIGNMENTS}
    return sample_course, written


def test_every_graded_submission_gets_a_page(pages):
    course, written = pages
    for assignment in ASSIGNMENTS:
        assert sorted(p.parent.parent.name for p in written[assignment]) == sorted(CLASSES[assignment])
        assert all(p == course.root / "feedback" / p.parent.parent.name / assignment / f"{assignment}.html"
                   for p in written[assignment])


def test_pages_never_show_hidden_checks_or_solutions(pages):
    course, written = pages
    secrets = secret_lines()
    assert len(secrets) > 40, "the grep would prove nothing"
    for assignment in ASSIGNMENTS:
        for path in written[assignment]:
            student = path.parent.parent.name
            text, public = page_text(path), public_text(course, assignment, student)
            for line in secrets:
                if line not in public:
                    assert line not in text, f"{path} shows {line!r}"


def test_pages_never_show_a_replays_expected_values(pages):
    course, written = pages
    for path in written["backprop"]:
        student = path.parent.parent.name
        given = fresh_inputs("backprop", student)
        want = {**backprop.forward(given["w"], given["b"], given["x"]), **backprop.manual_backward(**given)}
        text = page_text(path)
        for name, tensor in want.items():
            for value in torch.flatten(tensor).tolist():
                for shown in (f"{value:.4f}", f"{round(value, 6)}"):
                    if abs(value) > 1e-3:
                        assert shown not in text, f"{student}: {name}'s replay value {shown} is on the page"


def test_page_shows_scores_and_diagnoses(pages):
    course, _ = pages
    text = page_text(course.root / "feedback" / "f08" / "fc_layer" / "fc_layer.html")
    assert "fc_layer: отзыв для f08" in text and "Итого: 1 из 3" in text
    assert "fc_forward: 1 из 1" in text and "все проверки пройдены" in text
    assert "fc_backward: 0 из 2" in text and "backward() вызван несколько раз (2)" in text
    assert "our_formula.backward(retain_graph=True)" in text, "the student's own code is on the page"


def test_page_in_english(pages):
    course, _ = pages
    (path,) = write_feedback(course, "backprop", students=["b09"], lang="en")
    text = page_text(path)
    assert "backprop: feedback for b09" in text and "Total: 6 of 7" in text
    assert "the outer product is in the wrong order" in text
    write_feedback(course, "backprop", students=["b09"])  # back to the course's language for the other tests


def test_json_export_carries_the_same_feedback(pages):
    course, _ = pages
    by_student = {r["student_id"]: r for r in records(course, "fc_layer")}
    text = page_text(course.root / "feedback" / "f13" / "fc_layer" / "fc_layer.html")
    feedback = by_student["f13"]["questions"]["fc_forward"]["feedback"]
    assert feedback == "fc_out_alternative: неверная форма: ожидалось (1, 3), получено (3, 1) — результат " \
                       "транспонирован?"
    assert feedback in text
