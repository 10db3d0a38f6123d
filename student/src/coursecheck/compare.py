"""Compare a student's tensor with the expected one and say what is wrong."""

from __future__ import annotations

import torch

from coursecheck.problem import Problem, type_name

# The default tolerances of torch.testing.assert_close, by dtype.
_TOLERANCES: dict[torch.dtype, tuple[float, float]] = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
}


def tolerance(dtype: torch.dtype) -> tuple[float, float]:
    """(rtol, atol) for comparing values of this dtype; exact for integers and booleans."""
    return _TOLERANCES.get(dtype, (0.0, 0.0))


def _shape(t: torch.Tensor) -> tuple[int, ...]:
    return tuple(t.shape)


def _number(value: torch.Tensor) -> float | int | bool:
    return round(value.item(), 6) if value.is_floating_point() else value.item()


def _close(got: torch.Tensor, want: torch.Tensor) -> bool:
    if _shape(got) != _shape(want):
        return False
    rtol, atol = tolerance(want.dtype)
    return bool(torch.isclose(got, want.to(got.dtype), rtol=rtol, atol=atol).all())


def _ratio(got: torch.Tensor, expected: torch.Tensor) -> float | None:
    """The constant factor got/expected when there is one, else None."""
    mask = expected.abs() > 1e-6
    if not bool(mask.any()):
        return None
    ratio = float((got[mask].double() / expected[mask].double()).median())
    return ratio if ratio != 0 and _close(got, expected * ratio) else None


def _known_mistake(name: str, got: torch.Tensor, expected: torch.Tensor, gradient: bool,
                   mistakes: dict[str, torch.Tensor]) -> Problem | None:
    """A named mistake whose result `got` matches, or a generic one: sign, a whole multiple, a fraction."""
    for key, wrong in mistakes.items():
        if _close(got, wrong.detach()):
            return Problem(key, {"name": name})
    if _shape(got) != _shape(expected) or not got.is_floating_point():
        return None
    ratio = _ratio(got, expected)
    if ratio is None:
        return None
    if abs(ratio + 1) < 1e-4:
        return Problem("sign_flipped", {"name": name})
    if abs(ratio - round(ratio)) < 1e-4 and 2 <= round(ratio) <= 10:
        key = "grad_accumulated" if gradient else "scaled_up"
        return Problem(key, {"name": name, "factor": round(ratio)})
    inverse = 1 / ratio
    if abs(inverse - round(inverse)) < 1e-3 and 2 <= round(inverse) <= 10_000:
        return Problem("divided", {"name": name, "factor": round(inverse)})
    return None


def _largest_mismatch(name: str, got: torch.Tensor, expected: torch.Tensor) -> Problem:
    error = (got.double() - expected.double()).abs()
    flat = int(torch.argmax(error))
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), got.shape)) if got.dim() else ()
    return Problem(
        "values",
        {"name": name, "index": index, "expected": _number(expected[index]), "got": _number(got[index])},
    )


def compare_tensor(name: str, got: object, expected: torch.Tensor, *, gradient: bool = False,
                   mistakes: dict[str, torch.Tensor] | None = None) -> Problem | None:
    """None when `got` equals `expected` (shape, dtype, values within tolerance), else what is probably wrong.

    `mistakes` maps a diagnosis to the value that mistake gives on the same inputs (e.g. the result
    without the bias); the generic diagnoses (transposed, sign, a multiple, a fraction) need none.
    """
    if got is None:
        return Problem("grad_missing" if gradient else "missing", {"name": name})
    if not isinstance(got, torch.Tensor):
        return Problem("not_tensor", {"name": name, "got": type_name(got)})
    got = got.detach().cpu()
    if got.is_floating_point() and not bool(torch.isfinite(got).all()):
        return Problem("not_finite", {"name": name})
    if got.dtype != expected.dtype and _shape(got) == _shape(expected):
        return Problem("dtype", {"name": name, "expected": str(expected.dtype), "got": str(got.dtype)})
    if _close(got, expected):
        return None
    known = _known_mistake(name, got, expected, gradient, mistakes or {})
    if known is not None:
        return known
    if _shape(got) != _shape(expected):
        transposed = got.dim() == 2 and _shape(got) == _shape(expected)[::-1]
        key = "shape_transposed" if transposed else "shape"
        return Problem(key, {"name": name, "expected": _shape(expected), "got": _shape(got)})
    return _largest_mismatch(name, got, expected)


