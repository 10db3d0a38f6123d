"""The `autograder` command as instructors run it: exit statuses, one-line errors, skipping, exports."""

import csv
import json

import pytest

from tests.conftest import answer, autograder, make_course, released_notebook, submit


def test_no_course_is_one_clear_line(tmp_path):
    run = autograder("grade", "fc_layer", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0, run.stderr
    assert "no course here" in run.stderr and "nbgrader_config.py" in run.stderr


def test_unknown_assignment_is_one_clear_line(course):
    run = autograder("grade", "nope", cwd=course.root)
    assert run.returncode == 2
    assert run.stderr.strip() == "error: unknown assignment 'nope': no assignments/nope/nope.ipynb " \
                                 "(known: backprop, fc_layer)"


def test_grading_before_release_says_what_to_do(tmp_path):
    course = make_course(tmp_path / "course")
    run = autograder("grade", "fc_layer", cwd=course.root)
    assert run.returncode == 2
    assert "run `autograder release fc_layer` first" in run.stderr


def test_course_option_and_subfolders(course, tmp_path):
    submit(course, "s1", "fc_layer", answer(released_notebook(course, "fc_layer"),
                                            fc_forward="fc_out_alternative = x @ w.T + b"))
    inside = course.root / "submitted" / "s1"
    run = autograder("grade", "fc_layer", cwd=inside)  # the nearest folder above with nbgrader_config.py
    assert run.returncode == 0, run.stderr
    run = autograder("grade", "fc_layer", "--course", str(course.root), "--force", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "│ s1 " in run.stdout and "1 / 3" in run.stdout


def test_skips_unchanged_submissions_unless_forced(course):
    notebook = answer(released_notebook(course, "fc_layer"), fc_forward="fc_out_alternative = x @ w.T + b")
    submit(course, "s1", "fc_layer", notebook)
    submit(course, "s2", "fc_layer", notebook)
    first = autograder("grade", "fc_layer", "--jobs", "2", cwd=course.root)
    assert "graded 2 submission(s); 0 unchanged" in first.stdout, first.stdout + first.stderr
    again = autograder("grade", "fc_layer", cwd=course.root)
    assert "graded 0 submission(s); 2 unchanged" in again.stdout
    assert "│ s1 " in again.stdout, "the table still shows every submission"
    submit(course, "s2", "fc_layer", answer(released_notebook(course, "fc_layer"),
                                            fc_forward="fc_out_alternative = x @ w.T + b",
                                            fc_backward="our_formula = (x @ w.T + b).sum()\nour_formula.backward()"))
    changed = autograder("grade", "fc_layer", cwd=course.root)
    assert "graded 1 submission(s); 1 unchanged" in changed.stdout
    forced = autograder("grade", "fc_layer", "--force", "--student", "s1", cwd=course.root)
    assert "graded 1 submission(s); 0 unchanged" in forced.stdout
    assert "│ s2 " not in forced.stdout, "--student limits the table too"


def test_unknown_student_is_refused(course):
    run = autograder("grade", "fc_layer", "--student", "ghost", cwd=course.root)
    assert run.returncode == 2 and "no submission of fc_layer for ghost" in run.stderr


def test_export_json_and_csv(course, tmp_path):
    released = released_notebook(course, "fc_layer")
    tricky = 'Иванов, "Ваня"'
    submit(course, tricky, "fc_layer", answer(released, fc_forward="fc_out_alternative = x @ w.T + b"))
    submit(course, "s2", "fc_layer", answer(released, fc_forward="fc_out_alternative = x @ w.T"))
    assert autograder("grade", "fc_layer", cwd=course.root).returncode == 0
    out = tmp_path / "out.json"
    run = autograder("export", "fc_layer", "--to", "json", "-o", str(out), cwd=course.root)
    assert run.returncode == 0, run.stderr
    data = {r["student_id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert data[tricky] == {
        "student_id": tricky, "assignment": "fc_layer", "score": 1.0, "max_score": 3.0, "status": "graded",
        "questions": {
            "fc_forward": {"score": 1.0, "max_score": 1.0, "feedback": ""},
            "fc_backward": {"score": 0.0, "max_score": 2.0, "feedback": data[tricky]["questions"]["fc_backward"]
                            ["feedback"]},
        },
    }
    assert "NotImplementedError" in data[tricky]["questions"]["fc_backward"]["feedback"]
    assert "не забыли прибавить bias" in data["s2"]["questions"]["fc_forward"]["feedback"]
    table = tmp_path / "out.csv"
    assert autograder("export", "fc_layer", "--to", "csv", "-o", str(table), cwd=course.root).returncode == 0
    with table.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0].keys() == {"student_id", "status", "fc_forward", "fc_backward", "score", "max_score"}
    by_id = {r["student_id"]: r for r in rows}
    assert by_id[tricky] == {"student_id": tricky, "status": "graded", "fc_forward": "1", "fc_backward": "0",
                             "score": "1", "max_score": "3"}


def test_export_lists_students_without_a_submission(course, tmp_path):
    submit(course, "s1", "fc_layer", released_notebook(course, "fc_layer"))
    assert autograder("grade", "fc_layer", cwd=course.root).returncode == 0
    from autograder.export import records

    assert [r["status"] for r in records(course, "backprop")] == ["missing"]


@pytest.mark.parametrize("fmt", ["xml"])
def test_export_refuses_an_unknown_format(course, tmp_path, fmt):
    run = autograder("export", "fc_layer", "--to", fmt, "-o", str(tmp_path / "x"), cwd=course.root)
    assert run.returncode == 2 and "xml" in run.stderr
