"""`autograder validate`: a student runs the public checks on their own notebook, from any folder."""

import nbformat
from nbformat.v4 import new_output

from autograder.validate import cell_score, shown
from tests.conftest import answer, autograder, released_notebook

FORWARD = "fc_out_alternative = x @ w.T + b"
BACKWARD = "our_formula = (x @ w.T + b).sum()\nour_formula.backward()"


def test_a_correct_notebook_passes_from_another_folder(course, tmp_path):
    # the answer only works when the kernel runs in the notebook's own folder
    in_own_folder = f"import os\nassert os.path.isfile('fc_layer.ipynb'), os.getcwd()\n{FORWARD}"
    folder = tmp_path / "student"
    folder.mkdir()
    nbformat.write(answer(released_notebook(course, "fc_layer"), fc_forward=in_own_folder, fc_backward=BACKWARD),
                   folder / "fc_layer.ipynb")
    run = autograder("validate", "student/fc_layer.ipynb", cwd=tmp_path)
    assert run.returncode == 0, f"a correct notebook must pass:\n{run.stdout}\n{run.stderr}"
    lines = run.stdout.splitlines()
    for line in ("fc_forward: 1 / 1", "  ✓ fc_out_alternative: верно", "fc_backward: 2 / 2", "  ✓ w.grad: верно",
                 "  ✓ b.grad: верно"):
        assert line in lines, f"the check's own line {line!r} is missing:\n{run.stdout}"
    assert lines[-1] == "3 / 3 points: all checks pass", f"the last line sums up:\n{run.stdout}"


def test_a_wrong_answer_fails_with_the_checks_diagnosis(course):
    notebook = answer(released_notebook(course, "fc_layer"), fc_forward="fc_out_alternative = x @ w.T",
                      fc_backward=BACKWARD)
    path = course.root / "mine.ipynb"
    nbformat.write(notebook, path)
    run = autograder("validate", str(path), cwd=course.root)
    assert run.returncode == 1, f"a failed check must exit 1:\n{run.stdout}\n{run.stderr}"
    assert "fc_forward: 0 / 1" in run.stdout, run.stdout
    assert "  ✗ fc_out_alternative: неверные значения" in run.stdout, f"the check's diagnosis is shown:\n{run.stdout}"
    assert run.stdout.splitlines()[-1] == "2 / 3 points: 1 check fails", run.stdout


def test_the_blank_release_fails_every_check_and_says_what_to_do(course):
    run = autograder("validate", str(course.release_notebook("fc_layer")), cwd=course.root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.count("  ✗ не решено: замените raise NotImplementedError() своим кодом") == 2, \
        f"an unanswered question says so, not the NameError that follows from it:\n{run.stdout}"
    assert "NameError" not in run.stdout
    assert run.stdout.splitlines()[-1] == "0 / 3 points: 2 checks fail", run.stdout


def test_an_answer_that_raised_is_named_with_the_likely_mistake(course, tmp_path):
    path = tmp_path / "fc_layer.ipynb"
    nbformat.write(answer(released_notebook(course, "fc_layer"), fc_forward="fc_out_alternative = x @ w + b"), path)
    run = autograder("validate", str(path), cwd=tmp_path)
    assert run.returncode == 1
    assert "  ✗ ячейка с ответом завершилась ошибкой: RuntimeError: mat1 and mat2 shapes cannot be multiplied" \
        in run.stdout, run.stdout
    assert "забыли транспонировать w" in run.stdout, f"the hint for a missing transpose is shown:\n{run.stdout}"


def test_a_missing_notebook_is_one_line_and_exit_2(tmp_path):
    run = autograder("validate", "nope.ipynb", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip() == "error: no notebook at nope.ipynb", f"one line that names the file: {run.stderr!r}"


def test_an_unreadable_notebook_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{ not json")
    run = autograder("validate", "broken.ipynb", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("error: cannot read broken.ipynb as a notebook") and \
        run.stderr.strip().count("\n") == 0, f"one line: {run.stderr!r}"


def test_cells_are_scored_as_nbgrader_autograde_scores_them():
    value = new_output("execute_result", {"text/plain": "1.0"})
    shown_report = new_output("display_data", {"text/plain": "q: 1 / 2\n  ✓ a: верно", "text/html": "<table/>"})
    stderr = new_output("stream", name="stderr", text="a warning\n")
    error = new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])
    assert cell_score([shown_report, value], 2.0) == 1.0, "the cell's value is partial credit"
    assert cell_score([], 2.0) == 2.0, "a test cell without a value and without an error gets full points"
    assert cell_score([stderr, value], 2.0) == 0.0, "anything on stderr zeroes the cell, as in nbgrader"
    assert cell_score([error], 2.0) == 0.0, "an error zeroes the cell"
    assert shown([shown_report, value], "q", 2.0) == "q: 1 / 2\n  ✓ a: верно", "the check's text, nothing else"
    assert shown([error], "q", 2.0) == "q: 0 / 2\n  ✗ ZeroDivisionError: division by zero", "the error as a line"
