"""Answers alike after renaming: a hint for the instructor that one may be copied, never a penalty.

Two answers to a question are alike when their ASTs are equal once every variable, argument, function
and class name is renamed v0, v1, … in order of first appearance (attributes and keyword arguments are
the library's API and keep their names). Parsing drops comments and whitespace; docstrings and bare
print() calls are dropped as well, since they change nothing the answer computes. Statements of the
released stub (its prints, the given __init__) are dropped from every answer, so only what the student
wrote is compared.

Some answers are too obvious to hint at anything. Left out are answers with fewer than MIN_STATEMENTS
statements of the student's own (a def or class counts by the statements in its body, not itself), and
answers equal to the release's stub or to the reference solution: whoever solves it the textbook way
writes those.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass

MIN_STATEMENTS = 2
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Cluster:
    """Students whose answers to a question are the same after renaming, and one of those answers as written."""

    question: str
    students: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Shape:
    """An answer reduced to what it computes: its normalized AST as text and how many statements it has."""

    key: str
    statements: int


def _is_noise(node: ast.stmt) -> bool:
    """A docstring or other bare string, or a bare print(...)."""
    if not isinstance(node, ast.Expr):
        return False
    value = node.value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return True
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "print"


class _Strip(ast.NodeTransformer):
    """Drops, at any depth, the stub's statements and the noise."""

    def __init__(self, given: set[str]) -> None:
        self.given = given

    def visit(self, node: ast.AST) -> ast.AST | None:
        if isinstance(node, ast.stmt) and (_is_noise(node) or ast.dump(node) in self.given):
            return None
        return self.generic_visit(node)


class _Rename(ast.NodeTransformer):
    """Renames the names the student chose to v0, v1, … in order of first appearance."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _canonical(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = self._canonical(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self._canonical(node.arg)
        return self.generic_visit(node)

    def visit_alias(self, node: ast.alias) -> ast.AST:
        if node.asname:
            node.asname = self._canonical(node.asname)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.name = self._canonical(node.name)
        return self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        if node.name:
            node.name = self._canonical(node.name)
        return self.generic_visit(node)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):  # ValueError: a null byte in the source
        return None


def given_statements(stub: str) -> set[str]:
    """Every statement of the released stub, at any depth, as ast.dump text."""
    tree = _parse(stub)
    return {ast.dump(node) for node in ast.walk(tree) if isinstance(node, ast.stmt)} if tree else set()


def shape(source: str, given: set[str]) -> Shape | None:
    """The answer without the stub's statements, renamed; None when it does not parse."""
    tree = _parse(source)
    if tree is None:
        return None
    tree = _Rename().visit(_Strip(given).visit(tree))
    own = sum(isinstance(n, ast.stmt) and not isinstance(n, DEFINITIONS) for n in ast.walk(tree))
    return Shape(ast.dump(tree), own)


def clusters(answers: dict[str, dict[str, str]], stubs: dict[str, str],
             references: dict[str, str]) -> list[Cluster]:
    """Groups of two or more students with the same answer to a question, the biggest groups first.

    `answers` is student → question → answer source; `stubs` and `references` are question → source.
    """
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for question, stub in stubs.items():
        given = given_statements(stub)
        obvious = {s.key for s in (shape(stub, given), shape(references.get(question, ""), given)) if s}
        for student in sorted(answers):
            found = shape(answers[student].get(question, ""), given)
            if found and found.statements >= MIN_STATEMENTS and found.key not in obvious:
                groups[question, found.key].append(student)
    order = list(stubs)
    found = [Cluster(question, tuple(students), answers[students[0]][question])
             for (question, _), students in groups.items() if len(students) > 1]
    return sorted(found, key=lambda c: (-len(c.students), order.index(c.question), c.students))
