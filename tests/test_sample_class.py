"""The sample class, graded: each submission's expected score per question and the reason it lost points."""

import json

import pytest
from nbgrader.api import Gradebook

from sample_class.build import CLASSES

# student: ({question: score}, a phrase its feedback must contain, or None)
EXPECTED = {
    "fc_layer": {
        "f01": ({"fc_forward": 1, "fc_backward": 2}, None),
        "f02": ({"fc_forward": 1, "fc_backward": 2}, None),  # einsum
        "f03": ({"fc_forward": 1, "fc_backward": 2}, None),  # addmm
        "f04": ({"fc_forward": 1, "fc_backward": 2}, None),  # x @ w.T + b
        "f05": ({"fc_forward": 0, "fc_backward": 2}, "mat1 and mat2 shapes cannot be multiplied"),  # no transpose
        "f06": ({"fc_forward": 0, "fc_backward": 2}, "ожидалось 983.0, получено 950.0"),  # no bias
        "f07": ({"fc_forward": 1, "fc_backward": 2}, None),  # hard-coded: caught by replays (issue 3)
        "f08": ({"fc_forward": 1, "fc_backward": 0}, "ожидалось 20.0, получено 40.0"),  # backward twice
        "f09": ({"fc_forward": 1, "fc_backward": 0}, "градиент равен None"),  # no backward
        "f10": ({"fc_forward": 1, "fc_backward": 0}, "неверные значения"),  # mean instead of sum
        "f11": ({"fc_forward": 0, "fc_backward": 2}, "SyntaxError"),
        "f12": ({"fc_forward": 0, "fc_backward": 0}, "NotImplementedError"),  # blank
        "f13": ({"fc_forward": 0, "fc_backward": 2}, "ожидалось (1, 3), получено (3, 1)"),  # transposed
        "f14": ({"fc_forward": 1, "fc_backward": 1}, "b.grad: градиент равен None"),
        "f15": ({"fc_forward": 1, "fc_backward": 2}, None),  # extra cells, a warning, stale outputs
        "f16": ({"fc_forward": 1, "fc_backward": 2}, None),  # a cell that never ends is stopped
        "f17": ({"fc_forward": 1, "fc_backward": 0}, "ValueError: not sure what to do"),
    },
    "backprop": {
        "b01": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),
        "b02": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # F.softmax
        "b03": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # softmax by hand
        "b04": ({"net_forward": 1, "mse_loss": 1, "manual_backward": 4}, "net.z1.grad: градиент равен None"),
        "b05": ({"net_forward": 1, "mse_loss": 0, "manual_backward": 0}, "z1: неверные значения"),  # no bias
        "b06": ({"net_forward": 2, "mse_loss": 0, "manual_backward": 4}, "loss: неверные значения"),  # mean
        "b07": ({"net_forward": 2, "mse_loss": 0, "manual_backward": 4}, "loss: неверные значения"),  # abs
        "b08": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 1}, "grad_z1: неверные значения"),  # no Jacobian
        "b09": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 3}, "ожидалось (2, 3), получено (3, 2)"),
        "b10": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "grad_y_p: неверные значения"),  # sign
        "b11": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # autograd: a rule of issue 3
        "b12": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # compact softmax formula
        "b13": ({"net_forward": 0, "mse_loss": 0, "manual_backward": 0}, "TransparentNet не определено"),
        "b14": ({"net_forward": 0, "mse_loss": 0, "manual_backward": 0}, "NotImplementedError"),  # blank
        "b15": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 2}, "получено 1.5615"),  # printed values
        "b16": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # a cell runs out of memory
        "b17": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "процесс тетрадки завершился"),  # os._exit
    },
}


def test_sample_class_is_big_enough():
    assert sum(len(s) for s in CLASSES.values()) >= 30
    assert {a: set(s) for a, s in CLASSES.items()} == {a: set(s) for a, s in EXPECTED.items()}


@pytest.mark.parametrize("assignment", EXPECTED)
def test_scores_in_the_gradebook(sample_course, assignment):
    with Gradebook(sample_course.db_url) as gradebook:
        for student, (scores, _) in EXPECTED[assignment].items():
            submission = gradebook.find_submission(assignment, student)
            got = {g.name: g.score for nb in submission.notebooks for g in nb.grades}
            assert got == scores, f"{student} on {assignment}: expected {scores}, got {got}"


@pytest.mark.parametrize("assignment", EXPECTED)
def test_feedback_names_the_mistake(sample_course, assignment):
    for student, (_scores, phrase) in EXPECTED[assignment].items():
        state = json.loads((sample_course.autograded_dir(student, assignment) / "autograder.json").read_text())
        feedback = "\n".join(q["feedback"] for q in state["questions"].values() if q["feedback"])
        if phrase is None:
            assert feedback == "", f"{student} scored full marks, yet has feedback: {feedback}"
        else:
            assert phrase in feedback, f"{student}: {phrase!r} not in its feedback:\n{feedback}"


def test_executed_notebooks_are_written(sample_course):
    import nbformat

    notebook = nbformat.read(sample_course.autograded_dir("f08", "fc_layer") / "fc_layer.ipynb", as_version=4)
    test_cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "fc_backward")
    assert test_cell.outputs[-1]["data"]["text/plain"] == "0.0", "nbgrader reads the test cell's value as the score"
    assert "fc_backward: 0 / 2" in test_cell.outputs[0]["text"]
    setup = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    assert "x torch.Size([1, 2])" in setup.outputs[0]["text"], "the locked setup cell ran and printed"
