"""What is wrong with an answer, as a message key and its fields: no torch needed to hold or show one."""

from __future__ import annotations

from dataclasses import dataclass

from coursecheck.messages import DEFAULT_LANG, message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: a message key and the fields of its message."""

    key: str
    fields: dict

    def text(self, lang: str = DEFAULT_LANG) -> str:
        fields = {k: v.text(lang) if isinstance(v, Problem) else v for k, v in self.fields.items()}
        return message(self.key, lang, **fields)


# What an error's message says about the likely mistake.
_ERROR_HINTS = {
    "shapes cannot be multiplied": "matmul_shapes",
    "size mismatch": "matmul_shapes",
    "Dimension out of range": "dim_out_of_range",
    "does not require grad and does not have a grad_fn": "no_requires_grad",
    "backward through the graph a second time": "graph_freed",
    "shell commands (!cmd, %pip, %conda) are not available": "no_shell",
    "input() is not available during grading": "no_input",
}


def error_hint(error: str) -> Problem | None:
    """The likely mistake behind an error message, when it is a known one."""
    for pattern, key in _ERROR_HINTS.items():
        if pattern in error:
            return Problem(key, {})
    return None


@dataclass(frozen=True)
class Opaque:
    """Stands for a value that is not plain data (only its type name came back from the student's code)."""

    type_name: str


def type_name(value: object) -> str:
    return value.type_name if isinstance(value, Opaque) else type(value).__name__
