"""Compare a student's tensor with the expected one and say what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from coursecheck.messages import DEFAULT_LANG, message

# The default tolerances of torch.testing.assert_close, by dtype.
_TOLERANCES: dict[torch.dtype, tuple[float, float]] = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: a message key and the fields of its message."""

    key: str
    fields: dict

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return message(self.key, lang, **self.fields)


def tolerance(dtype: torch.dtype) -> tuple[float, float]:
    """(rtol, atol) for comparing values of this dtype; exact for integers and booleans."""
    return _TOLERANCES.get(dtype, (0.0, 0.0))


def _shape(t: torch.Tensor) -> tuple[int, ...]:
    return tuple(t.shape)


def _number(value: torch.Tensor) -> float | int | bool:
    return round(value.item(), 6) if value.is_floating_point() else value.item()


def compare_tensor(name: str, got: object, expected: torch.Tensor, *, gradient: bool = False) -> Problem | None:
    """None when `got` equals `expected` (shape, dtype, values within tolerance), else the first problem."""
    if got is None:
        return Problem("grad_missing" if gradient else "missing", {"name": name})
    if not isinstance(got, torch.Tensor):
        return Problem("not_tensor", {"name": name, "got": type_name(got)})
    got = got.detach().cpu()
    if _shape(got) != _shape(expected):
        return Problem("shape", {"name": name, "expected": _shape(expected), "got": _shape(got)})
    if got.dtype != expected.dtype:
        return Problem("dtype", {"name": name, "expected": expected.dtype, "got": got.dtype})
    if got.is_floating_point() and not bool(torch.isfinite(got).all()):
        return Problem("not_finite", {"name": name})
    rtol, atol = tolerance(expected.dtype)
    close = torch.isclose(got, expected, rtol=rtol, atol=atol)
    if bool(close.all()):
        return None
    error = (got.double() - expected.double()).abs()
    flat = int(torch.argmax(error))
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), got.shape)) if got.dim() else ()
    return Problem(
        "values",
        {"name": name, "index": index, "expected": _number(expected[index]), "got": _number(got[index])},
    )


@dataclass(frozen=True)
class Opaque:
    """Stands for a value that is not plain data (only its type name came back from the student's code)."""

    type_name: str


def type_name(value: object) -> str:
    return value.type_name if isinstance(value, Opaque) else type(value).__name__
