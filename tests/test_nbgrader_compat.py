"""nbgrader's own tools on the same course: autograde gives the same scores, export and formgrader's API see ours."""

import csv
import shutil
import subprocess

import pytest
from nbgrader.api import Gradebook
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from autograder.gradebook import ensure_tools_on_path
from tests.conftest import BIN, copy_course

# Honest submissions, right or wrong. Not among them: hard-coded or rule-breaking ones (nbgrader cannot tell),
# and a wrong forward (b05, b13), whose later answers nbgrader marks wrong too while we grade them on the
# reference forward.
HONEST = {
    "fc_layer": ["f01", "f02", "f05", "f06", "f08", "f09", "f10", "f13", "f14"],
    "backprop": ["b01", "b02", "b03", "b04", "b06", "b08", "b09", "b10", "b12"],
}


def per_question(db_url: str, assignment: str, students: list[str]) -> dict[str, dict[str, float]]:
    with Gradebook(db_url) as gradebook:
        return {s: {g.name: g.score for nb in gradebook.find_submission(assignment, s).notebooks for g in nb.grades}
                for s in students}


@pytest.mark.parametrize("assignment", HONEST)
def test_nbgrader_autograde_gives_the_same_scores(sample_course, tmp_path, assignment):
    students = HONEST[assignment]
    theirs = copy_course(sample_course, tmp_path / "course")
    shutil.rmtree(theirs.root / "autograded")
    for folder in (theirs.root / "submitted").iterdir():
        if folder.name not in students:
            shutil.rmtree(folder)
    run = subprocess.run([str(BIN / "nbgrader"), "autograde", assignment, "--force"], cwd=theirs.root,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    ours = per_question(sample_course.db_url, assignment, students)
    nbgraders = per_question(theirs.db_url, assignment, students)
    assert nbgraders == ours


def test_nbgrader_export_and_formgrader_api_show_our_scores(sample_course, tmp_path):
    out = tmp_path / "grades.csv"
    run = subprocess.run([str(BIN / "nbgrader"), "export", "--to", str(out)], cwd=sample_course.root,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(out.open())}
    assert float(rows[("fc_layer", "f01")]["score"]) == 3.0
    assert float(rows[("fc_layer", "f08")]["score"]) == 1.0
    assert float(rows[("backprop", "b08")]["score"]) == 4.0

    ensure_tools_on_path()
    coursedir = CourseDirectory(config=sample_course.config)
    coursedir.root = str(sample_course.root)
    api = NbGraderAPI(coursedir=coursedir, config=sample_course.config)
    submissions = {s["student"]: s for s in api.get_submissions("backprop")}
    assert submissions["b09"]["score"] == 6.0 and submissions["b09"]["autograded"]
    notebook = api.get_notebook_submission_indices("backprop", "backprop")
    assert notebook, "formgrader lists the notebook's submissions"
