"""Fixtures: real course folders in temporary directories, released and graded with the real tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import Course, load_course
from autograder.grade import grade
from autograder.release import release
from sample_class.build import build

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ("fc_layer", "backprop")
BIN = Path(sys.executable).parent


def make_course(folder: Path) -> Course:
    """A fresh course: the repository's nbgrader_config.py and assignments/, nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    shutil.copytree(REPO / "assignments", folder / "assignments")
    return load_course(folder)


def submit(course: Course, student: str, assignment: str, notebook: nbformat.NotebookNode) -> Path:
    """Put a notebook where `nbgrader collect` would: submitted/<student>/<assignment>/<assignment>.ipynb."""
    folder = course.root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    nbformat.write(notebook, path)
    return path


def answer(released: nbformat.NotebookNode, **answers: str) -> nbformat.NotebookNode:
    """The released notebook with these questions' answer cells filled in."""
    notebook = nbformat.from_dict(released)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.removesuffix("_answer") in answers and grade_id.endswith("_answer"):
            cell.source = answers[grade_id.removesuffix("_answer")]
    return notebook


def autograder(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real `autograder` command."""
    return subprocess.run([str(BIN / "autograder"), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A course with both assignments released (and so self-tested)."""
    course = make_course(tmp_path_factory.mktemp("released") / "course")
    for assignment in ASSIGNMENTS:
        release(course, assignment)
    return course


@pytest.fixture(scope="session")
def sample_course(released_course: Course, tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A copy of the released course with the sample class submitted and graded."""
    course = copy_course(released_course, tmp_path_factory.mktemp("sample") / "course")
    build(course.root)
    for assignment in ASSIGNMENTS:
        grade(course, assignment)
    return course


def copy_course(course: Course, root: Path) -> Course:
    shutil.copytree(course.root, root)
    return load_course(root)


@pytest.fixture
def course(tmp_path: Path, released_course: Course) -> Course:
    """A released course of the test's own, to change as it likes."""
    return copy_course(released_course, tmp_path / "course")


def released_notebook(course: Course, assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(course.release_notebook(assignment), as_version=4)
