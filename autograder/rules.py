"""Rules of the exercise, checked on the AST of the student's answer cell (outside the student's process).

An assignment declares them per question in autograder/checks/<assignment>/rules.py; a broken rule
is quoted in the feedback and the question gets no credit.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# Names the course's notebooks import under conventional aliases.
DEFAULT_ALIASES = {"F": "torch.nn.functional", "nn": "torch.nn"}


def aliases(tree: ast.AST) -> dict[str, str]:
    """Local name → full dotted name, from the cell's imports (and the course's usual aliases)."""
    found = dict(DEFAULT_ALIASES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                found[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def dotted(node: ast.AST, names: dict[str, str]) -> str | None:
    """`torch.nn.functional.linear` for F.linear (with F imported so), or None when it is not a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(names.get(node.id, node.id))
    return ".".join(reversed(parts))


@dataclass(frozen=True)
class Rule:
    """A rule and the message key that states it; `broken` says whether the answer breaks it."""

    key: str

    def broken(self, tree: ast.AST, names: dict[str, str]) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class NoCall(Rule):
    """No call of these names (a name ending in '.' forbids everything under it)."""

    calls: tuple[str, ...] = ()

    def broken(self, tree: ast.AST, names: dict[str, str]) -> bool:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (name := dotted(node.func, names)):
                if any(name == c or (c.endswith(".") and name.startswith(c)) for c in self.calls):
                    return True
        return False


@dataclass(frozen=True)
class NoName(Rule):
    """No use of these variables."""

    used: tuple[str, ...] = ()

    def broken(self, tree: ast.AST, names: dict[str, str]) -> bool:
        return any(isinstance(n, ast.Name) and n.id in self.used for n in ast.walk(tree))


@dataclass(frozen=True)
class MustCallMethod(Rule):
    """Somewhere `<obj>.<method>(...)` is called."""

    obj: str = ""
    method: str = ""

    def broken(self, tree: ast.AST, names: dict[str, str]) -> bool:
        return not any(isinstance(n, ast.Call) and dotted(n.func, {}) == f"{self.obj}.{self.method}"
                       for n in ast.walk(tree))


@dataclass(frozen=True)
class NoMethodCall(Rule):
    """No `<anything>.<method>(...)`."""

    method: str = ""

    def broken(self, tree: ast.AST, names: dict[str, str]) -> bool:
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == self.method
                   for n in ast.walk(tree))


@dataclass(frozen=True)
class NoAttribute(Rule):
    """No reading (load=True) or no setting (load=False) of `<anything>.<attr>`, setattr included."""

    attr: str = ""
    load: bool = True

    def broken(self, tree: ast.AST, names: dict[str, str]) -> bool:
        wanted = ast.Load if self.load else (ast.Store, ast.Del)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == self.attr and isinstance(node.ctx, wanted):
                return True
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == ("getattr" if self.load else "setattr") and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant) and node.args[1].value == self.attr):
                return True
        return False


def broken_rules(source: str, rules: list[Rule]) -> list[Rule]:
    """The rules the answer breaks; none when it does not parse (it earns nothing anyway)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = aliases(tree)
    return [rule for rule in rules if rule.broken(tree, names)]
