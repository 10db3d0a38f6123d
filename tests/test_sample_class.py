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
        "f04": ({"fc_forward": 1, "fc_backward": 2}, None),  # x @ w.T + b, with a print
        "f05": ({"fc_forward": 0, "fc_backward": 2}, "забыли транспонировать w"),  # no transpose: the product raises
        "f06": ({"fc_forward": 0, "fc_backward": 2}, "не забыли прибавить bias"),  # no bias
        "f07": ({"fc_forward": 0, "fc_backward": 2}, "похоже, ответ захардкожен"),  # printed values copied
        "f08": ({"fc_forward": 1, "fc_backward": 0}, "backward() вызван несколько раз (2)"),  # backward twice
        "f09": ({"fc_forward": 1, "fc_backward": 0}, "вызовите our_formula.backward()"),  # no backward: a rule
        "f10": ({"fc_forward": 1, "fc_backward": 0}, "делённое на 3: среднее (mean) вместо суммы"),  # mean
        "f11": ({"fc_forward": 0, "fc_backward": 2}, "SyntaxError"),
        "f12": ({"fc_forward": 0, "fc_backward": 0}, "не решено: замените raise NotImplementedError()"),  # blank
        "f13": ({"fc_forward": 0, "fc_backward": 2}, "ожидалось (1, 3), получено (3, 1) — результат транспонирован?"),
        "f14": ({"fc_forward": 1, "fc_backward": 1}, "b.grad: градиент равен None"),  # b detached
        "f15": ({"fc_forward": 1, "fc_backward": 2}, None),  # extra cells, a warning, stale outputs
        "f16": ({"fc_forward": 1, "fc_backward": 2}, None),  # a cell that never ends is stopped
        "f17": ({"fc_forward": 1, "fc_backward": 0}, "ValueError: not sure what to do"),
        "f18": ({"fc_forward": 0, "fc_backward": 2}, "не вызывайте сам слой"),  # fc(x)
        "f19": ({"fc_forward": 0, "fc_backward": 2}, "не вызывайте сам слой"),  # F.linear
        "f20": ({"fc_forward": 0, "fc_backward": 2}, "не используйте выход слоя fc_out"),
        "f21": ({"fc_forward": 1, "fc_backward": 0}, "не присваивайте .grad вручную"),
        "f22": ({"fc_forward": 0, "fc_backward": 2}, "ожидалось torch.float32, получено torch.float64"),
        "f23": ({"fc_forward": 0, "fc_backward": 2}, "NaN или inf"),
        "f24": ({"fc_forward": 0, "fc_backward": 2}, "работает только для этих размеров"),  # seed's shapes only
        "f25": ({"fc_forward": 1, "fc_backward": 0}, "знак перепутан"),
        "f26": ({"fc_forward": 1, "fc_backward": 2}, None),  # broadcasting and sum
        "f27": ({"fc_forward": 1, "fc_backward": 2}, None),  # torch.mm and .t()
        "f28": ({"fc_forward": 1, "fc_backward": 1}, "b.grad: верно на входах тетрадки, но неверно на других"),
    },
    "backprop": {
        "b01": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),
        "b02": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # F.softmax
        "b03": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # softmax by hand
        "b04": ({"net_forward": 1, "mse_loss": 1, "manual_backward": 4}, "вызовите retain_grad()"),
        # a wrong forward costs the forward only: the loss and gradients are graded on the reference forward
        "b05": ({"net_forward": 1, "mse_loss": 1, "manual_backward": 4}, "не забыли прибавить bias"),
        "b06": ({"net_forward": 2, "mse_loss": 0, "manual_backward": 4}, "среднее (mean) вместо суммы"),
        "b07": ({"net_forward": 2, "mse_loss": 0, "manual_backward": 4}, "сумма модулей ошибок"),
        "b08": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 1}, "пропущен якобиан softmax"),
        "b09": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 3}, "внешнее произведение в обратном порядке"),
        "b10": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "знак перепутан"),
        "b11": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "считайте градиенты вручную"),  # autograd
        "b12": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # compact softmax formula
        "b13": ({"net_forward": 0, "mse_loss": 1, "manual_backward": 4}, "TransparentNet не определено"),
        "b14": ({"net_forward": 0, "mse_loss": 0, "manual_backward": 0}, "не решено"),  # blank
        "b15": ({"net_forward": 2, "mse_loss": 0, "manual_backward": 0}, "похоже, ответ захардкожен"),
        "b16": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 4}, None),  # a cell runs out of memory
        "b17": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "процесс тетрадки завершился"),  # os._exit
        "b18": ({"net_forward": 0, "mse_loss": 1, "manual_backward": 4}, "softmax нужен по dim=-1"),
        "b19": ({"net_forward": 1, "mse_loss": 1, "manual_backward": 4}, "softmax не применён"),
        "b20": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "потерян множитель 2"),
        "b21": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 0}, "получено torch.float64"),
        "b22": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 1}, "NaN или inf"),
        "b23": ({"net_forward": 2, "mse_loss": 1, "manual_backward": 3}, "работает только для этих размеров"),
        "b24": ({"net_forward": 1, "mse_loss": 1, "manual_backward": 4}, "сигмоида от z1"),
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
    nbformat.validate(notebook)  # written without nbformat's per-cell validation: valid all the same
    assert len({c.id for c in notebook.cells}) == len(notebook.cells)
    test_cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "fc_backward")
    assert test_cell.outputs[-1]["data"]["text/plain"] == "0.0", "nbgrader reads the test cell's value as the score"
    assert "fc_backward: 0 / 2" in test_cell.outputs[0]["text"]
    setup = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    assert "x torch.Size([1, 2])" in setup.outputs[0]["text"], "the locked setup cell ran and printed"
