"""The grading engine on submissions that misbehave: each case states its exact scores and reasons."""

import os
import pickle

import nbformat
import pytest

from autograder import wire
from autograder.course import load_course
from autograder.grade import grade
from autograder.results import Graded
from tests.conftest import answer, released_notebook, submit

FORWARD = "fc_out_alternative = x @ w.T + b"
BACKWARD = "our_formula = (x @ w.T + b).sum()\nour_formula.backward()"


@pytest.fixture
def fast_course(course):
    """The course with short limits, so stopping runaway code is quick to test."""
    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write("\nc.Autograder.cell_timeout = 1.0\nc.Autograder.submission_timeout = 8.0\n")
    return load_course(course.root)


def grade_one(course, notebook: nbformat.NotebookNode, assignment: str = "fc_layer", student: str = "s1") -> Graded:
    submit(course, student, assignment, notebook)
    (result,) = grade(course, assignment, students=[student], jobs=1)
    return result


def scores(result: Graded) -> dict[str, float]:
    return {name: q.score for name, q in result.questions.items()}


def fc(course, **answers: str) -> nbformat.NotebookNode:
    return answer(released_notebook(course, "fc_layer"), **answers)


def test_a_raising_cell_does_not_stop_the_cells_after_it(course):
    notebook = fc(course, fc_forward="raise RuntimeError('oops')", fc_backward=BACKWARD)
    result = grade_one(course, notebook)
    assert scores(result) == {"fc_forward": 0.0, "fc_backward": 2.0}
    assert "RuntimeError: oops" in result.questions["fc_forward"].feedback


def test_locked_cells_and_metadata_come_from_the_source(course):
    notebook = fc(course, fc_forward="fc_out_alternative = x @ w.T", fc_backward="pass")
    for cell in notebook.cells:
        meta = cell.metadata.nbgrader
        if meta["grade_id"] == "setup":  # their own inputs, on which their wrong answer would look right
            cell.source = "import torch\nx = torch.zeros(1, 2)\nw = torch.zeros(3, 2)\nb = torch.zeros(1, 3)"
        if meta.get("grade"):  # test cells turned into no-ops, worth more points
            cell.source = "1.0"
            meta["points"] = 100
    result = grade_one(course, notebook)
    assert scores(result) == {"fc_forward": 0.0, "fc_backward": 0.0}
    assert result.max_score == 3.0


def test_outputs_left_in_the_submission_gain_nothing(course):
    notebook = fc(course)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2.0"}, execution_count=1)]
    assert scores(grade_one(course, notebook)) == {"fc_forward": 0.0, "fc_backward": 0.0}


def test_cells_the_student_added_are_kept(course):
    notebook = fc(course, fc_forward="fc_out_alternative = my_linear(x, w, b)", fc_backward=BACKWARD)
    index = next(i for i, c in enumerate(notebook.cells) if c.metadata.nbgrader["grade_id"] == "fc_forward_answer")
    notebook.cells.insert(index, nbformat.v4.new_code_cell("def my_linear(x, w, b):\n    return x @ w.T + b"))
    assert scores(grade_one(course, notebook)) == {"fc_forward": 1.0, "fc_backward": 2.0}


def test_warnings_and_stderr_never_cost_points(course):
    noisy = "import sys, warnings\nwarnings.warn('careful')\nprint('to stderr', file=sys.stderr)\n"
    result = grade_one(course, fc(course, fc_forward=noisy + FORWARD, fc_backward=noisy + BACKWARD))
    assert scores(result) == {"fc_forward": 1.0, "fc_backward": 2.0}


def test_an_endless_cell_is_stopped_and_the_next_cells_run(fast_course):
    result = grade_one(fast_course, fc(fast_course, fc_forward="while True:\n    pass", fc_backward=BACKWARD))
    assert scores(result) == {"fc_forward": 0.0, "fc_backward": 2.0}
    assert "CellTimeout" in result.questions["fc_forward"].feedback


def test_code_that_dodges_the_cell_timer_is_stopped_by_the_submission_limit(fast_course):
    dodge = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass"
    result = grade_one(fast_course, fc(fast_course, fc_forward=FORWARD, fc_backward=dodge))
    assert scores(result) == {"fc_forward": 1.0, "fc_backward": 0.0}, "what it answered before keeps its score"
    assert "дольше 8 с" in result.questions["fc_backward"].feedback
    assert result.reason and "дольше 8 с" in result.reason


def test_exhausting_memory_fails_the_cell_only(course):
    hog = "hog = torch.ones(10**11)\n"
    result = grade_one(course, fc(course, fc_forward=hog + FORWARD, fc_backward=BACKWARD))
    assert scores(result) == {"fc_forward": 0.0, "fc_backward": 2.0}
    assert "ячейка с ответом завершилась ошибкой" in result.questions["fc_forward"].feedback


@pytest.mark.parametrize("exit_code", ["import sys\nsys.exit(1)", "exit()", "raise SystemExit"])
def test_sys_exit_ends_the_cell_not_the_run(course, exit_code):
    result = grade_one(course, fc(course, fc_forward=FORWARD + "\n" + exit_code, fc_backward=BACKWARD))
    assert scores(result) == {"fc_forward": 1.0, "fc_backward": 2.0}


def test_killing_the_process_keeps_what_was_answered(course):
    result = grade_one(course, fc(course, fc_forward=FORWARD, fc_backward="import os\nos._exit(0)"))
    assert scores(result) == {"fc_forward": 1.0, "fc_backward": 0.0}
    assert "процесс тетрадки завершился" in result.questions["fc_backward"].feedback


def test_objects_that_pretend_to_be_tensors_come_back_as_their_type_name(course):
    fake = ("class Fake:\n    def __eq__(self, other):\n        return True\n"
            "    def __float__(self):\n        return 381.0\nfc_out_alternative = Fake()")
    result = grade_one(course, fc(course, fc_forward=fake, fc_backward=BACKWARD))
    assert scores(result) == {"fc_forward": 0.0, "fc_backward": 2.0}
    assert "ожидался torch.Tensor, получено Fake" in result.questions["fc_forward"].feedback


def test_tensor_subclasses_come_back_as_plain_tensors(course):
    sub = ("class Sneaky(torch.Tensor):\n    def __eq__(self, other):\n        return True\n"
           "fc_out_alternative = (x @ w.T + b).as_subclass(Sneaky)")
    result = grade_one(course, fc(course, fc_forward=sub, fc_backward=BACKWARD))
    assert scores(result) == {"fc_forward": 1.0, "fc_backward": 2.0}, "right values in a subclass are still right"
    wrong = sub.replace("x @ w.T + b", "x @ w.T")
    assert scores(grade_one(course, fc(course, fc_forward=wrong), student="s2"))["fc_forward"] == 0.0


def test_solutions_and_hidden_checks_are_not_in_the_students_memory(course):
    peek = ("import sys\n"
            "hidden = ('solutions', 'autograder.checking', 'autograder.grading')\n"
            "loaded = sorted(m for m in sys.modules if m.startswith(hidden) or '.test_' in m)\n"
            "assert not loaded, loaded\n"
            "fc_out_alternative = x @ w.T + b")
    result = grade_one(course, fc(course, fc_forward=peek, fc_backward=BACKWARD))
    assert scores(result) == {"fc_forward": 1.0, "fc_backward": 2.0}, result.questions["fc_forward"].feedback


def test_the_grader_never_unpickles_arbitrary_objects():
    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(Exception):  # noqa: B017 - whatever it says, it must not run the pickle
        wire.decode_data(pickle.dumps({"question": "fc_forward", "data": Exploit()}))
    import torch

    sent = {"data": [torch.ones(2, 3), (1, 2.5, "s", None, float("nan")), Exploit()], "bf": torch.ones(2).bfloat16()}
    got = wire.decode_data(wire.encode_data(sent))
    assert torch.equal(got["data"][0], torch.ones(2, 3)) and got["data"][1][:4] == (1, 2.5, "s", None)
    assert got["data"][1][4] != got["data"][1][4], "NaN comes back as NaN"
    assert got["data"][2].type_name == "Exploit" and got["bf"].dtype == torch.bfloat16


def test_malformed_data_is_refused():
    import torch

    good = wire.encode_data({"t": torch.ones(4)})
    with pytest.raises(ValueError):
        wire.decode_data(good[:-4])  # the bytes do not match the declared shape
    forged = good.replace(b'"shape": [4]', b'"shape": [9]')
    with pytest.raises(ValueError):
        wire.decode_data(forged)


def test_an_unreadable_notebook_gets_zero_with_the_reason(course):
    folder = course.root / "submitted" / "s1" / "fc_layer"
    folder.mkdir(parents=True)
    (folder / "fc_layer.ipynb").write_text("this is not json")
    (result,) = grade(course, "fc_layer", students=["s1"], jobs=1)
    assert result.status == "error" and result.score == 0
    assert "тетрадку fc_layer.ipynb не удаётся прочитать (NotJSONError" in result.reason


def test_a_folder_without_the_notebook_gets_zero_with_the_reason(course):
    (course.root / "submitted" / "s1" / "fc_layer").mkdir(parents=True)
    (result,) = grade(course, "fc_layer", students=["s1"], jobs=1)
    assert result.status == "error" and result.score == 0
    assert result.reason == "в папке сдачи нет fc_layer.ipynb (есть: —); нужна тетрадка .ipynb с этим именем"
