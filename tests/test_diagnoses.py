"""Each diagnosis, made on purpose, with the message a student reads (the sample class covers them end to end)."""

import pytest
import torch

from coursecheck.compare import compare_tensor
from coursecheck.problem import error_hint

EXPECTED = torch.tensor([[381.0, 682.0, 983.0]])


def text(problem, lang="ru"):
    assert problem is not None, "a wrong value passed"
    return problem.text(lang)


def test_right_values_pass_within_the_dtype_tolerance():
    assert compare_tensor("v", EXPECTED + 1e-6, EXPECTED) is None
    assert compare_tensor("v", EXPECTED.double(), EXPECTED) is not None, "the dtype must match too"


@pytest.mark.parametrize("got, phrase", [
    (EXPECTED.T, "ожидалось (1, 3), получено (3, 1) — результат транспонирован?"),
    (torch.ones(2, 2), "неверная форма: ожидалось (1, 3), получено (2, 2)"),
    (-EXPECTED, "знак перепутан"),
    (EXPECTED / 4, "делённое на 4: среднее (mean) вместо суммы"),
    (EXPECTED * 3, "умноженное на 3: лишний множитель"),
    (EXPECTED.double(), "ожидалось torch.float32, получено torch.float64"),
    (torch.tensor([[381.0, float("nan"), 983.0]]), "NaN или inf"),
    (torch.tensor([[381.0, float("inf"), 983.0]]), "NaN или inf"),
    (torch.tensor([[381.0, 680.0, 983.5]]),
     "наибольшее расхождение в элементе (0, 1): ожидалось 682.0, получено 680.0"),
    ([[381.0, 682.0, 983.0]], "ожидался torch.Tensor, получено list"),
    (None, "значение не задано"),
])
def test_generic_diagnoses(got, phrase):
    assert phrase in text(compare_tensor("fc_out_alternative", got, EXPECTED))


def test_gradient_diagnoses():
    grad = torch.tensor([[10.0, 20.0]] * 3)
    assert "backward() вызван несколько раз (2)" in text(compare_tensor("w.grad", grad * 2, grad, gradient=True))
    assert "не вызван backward() или у тензора не выставлен requires_grad" in text(
        compare_tensor("w.grad", None, grad, gradient=True))


def test_named_mistakes_come_first():
    without_bias = torch.tensor([[350.0, 650.0, 950.0]])
    problem = compare_tensor("fc_out_alternative", without_bias, EXPECTED, mistakes={"bias_missing": without_bias})
    assert "не забыли прибавить bias" in text(problem)
    wrong_order = torch.ones(3, 2)
    problem = compare_tensor("grad_w", wrong_order, torch.ones(2, 3), mistakes={"outer_order": wrong_order})
    assert "внешнее произведение в обратном порядке" in text(problem)


def test_messages_exist_in_english():
    assert text(compare_tensor("w.grad", -EXPECTED, EXPECTED), "en") == \
        "w.grad: the sign is flipped: you got exactly −(expected); check the order of the subtraction"


@pytest.mark.parametrize("error, phrase", [
    ("RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x2 and 3x2)", "забыли транспонировать w"),
    ("IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)", "softmax нужен по dim=-1"),
    ("RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn", "requires_grad"),
    ("RuntimeError: Trying to backward through the graph a second time", "backward() вызывают один раз"),
])
def test_error_hints(error, phrase):
    assert phrase in text(error_hint(error))


def test_no_hint_for_other_errors():
    assert error_hint("ValueError: something else") is None
