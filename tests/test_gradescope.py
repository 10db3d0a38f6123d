"""The Gradescope autograder zip grades a submission in a fake /autograder tree with this engine."""

import json
import os
import subprocess
import zipfile

import nbformat
import pytest

from tests.conftest import BIN, answer, autograder, released_notebook

FORWARD = "fc_out_alternative = x @ w.T + b"
BACKWARD = "our_formula = (x @ w.T + b).sum()\nour_formula.backward()"


@pytest.fixture(scope="module")
def autograder_zip(released_course, tmp_path_factory):
    path = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    run = autograder("gradescope", "fc_layer", "-o", str(path), cwd=released_course.root)
    assert run.returncode == 0, run.stderr
    return path


def fake_tree(tmp_path, autograder_zip, files: dict[str, str]):
    """/autograder as Gradescope lays it out: source/ (the zip), submission/ (the student's files), results/."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):  # zipfile does not restore modes; Gradescope's unzip does
        (root / "source" / name).chmod(0o755)
    (root / "submission").mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text, encoding="utf-8")
    return root


def run_autograder(root) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run([str(root / "source" / "run_autograder")], cwd=root / "source", env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def submission(course, **answers) -> str:
    return nbformat.writes(answer(released_notebook(course, "fc_layer"), **answers))


def test_the_zip_has_the_scripts_at_its_root_and_no_class_data(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder"} <= names
    assert modes["run_autograder"] & 0o111, "run_autograder is executable"
    assert {"autograder/checks/fc_layer/probes.py", "solutions/fc_layer.py", "assignments/fc_layer/fc_layer.ipynb",
            "release/fc_layer/fc_layer.ipynb", "student/src/coursecheck/fc_layer.py", "nbgrader_config.py"} <= names
    assert not [n for n in names if n.startswith(("submitted/", "autograded/", "gradebook")) or "__pycache__" in n]


def test_a_correct_submission_gets_full_marks(released_course, autograder_zip, tmp_path):
    root = fake_tree(tmp_path, autograder_zip,
                     {"fc_layer.ipynb": submission(released_course, fc_forward=FORWARD, fc_backward=BACKWARD)})
    results = run_autograder(root)
    assert results["score"] == 3.0
    assert [(t["name"], t["score"], t["max_score"], t["status"]) for t in results["tests"]] == \
        [("fc_forward", 1.0, 1.0, "passed"), ("fc_backward", 2.0, 2.0, "passed")]
    assert results["execution_time"] > 0


def test_a_wrong_submission_says_why(released_course, autograder_zip, tmp_path):
    root = fake_tree(tmp_path, autograder_zip, {"my work.ipynb": submission(
        released_course, fc_forward="fc_out_alternative = x @ w.T", fc_backward=BACKWARD)})
    results = run_autograder(root)
    forward = results["tests"][0]
    assert (results["score"], forward["score"], forward["status"]) == (2.0, 0.0, "failed")
    assert "без сдвига" in forward["output"], f"the diagnosis reaches the student: {forward['output']!r}"


def test_no_notebook_scores_zero_with_the_reason(autograder_zip, tmp_path):
    root = fake_tree(tmp_path, autograder_zip, {"answers.py": "print(1)"})
    results = run_autograder(root)
    assert results["score"] == 0.0
    assert "answers.py" in results["output"] and "fc_layer" in results["output"]


def test_the_students_code_cannot_read_the_solutions_in_the_tree(released_course, autograder_zip, tmp_path):
    root = tmp_path / "autograder"
    steal = f"fc_out_alternative = open({str(root / 'source' / 'solutions' / 'fc_layer.py')!r}).read()"
    fake_tree(tmp_path, autograder_zip, {"fc_layer.ipynb": submission(released_course, fc_forward=steal)})
    forward = run_autograder(root)["tests"][0]
    assert forward["score"] == 0.0 and "PermissionError" in forward["output"], forward["output"]
