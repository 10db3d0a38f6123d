"""Show a question's check results to the student (a table in Jupyter, text elsewhere); return its score."""

import functools
import html
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from coursecheck.messages import DEFAULT_LANG, message
from coursecheck.problem import Problem


@dataclass(frozen=True)
class Part:
    """One checked part of a question, worth `points`; `problem` is None when it passed."""

    label: str
    points: float
    problem: Problem | None


def quiet(check: Callable[..., float]) -> Callable[..., float]:
    """Run a check with warnings silenced: nbgrader gives 0 to a test cell that writes to stderr."""

    @functools.wraps(check)
    def run(*args, **kwargs) -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return check(*args, **kwargs)

    return run


def report(question: str, parts: list[Part], lang: str = DEFAULT_LANG) -> float:
    """Show one line per part (a table in Jupyter); return the points earned (nbgrader reads them as partial credit)."""
    show(bundle(question, parts, lang))
    return float(sum(p.points for p in parts if p.problem is None))


def bundle(question: str, parts: list[Part], lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The result as a display's MIME bundle: the plain text lines, and the same as an HTML table."""
    score = sum(p.points for p in parts if p.problem is None)
    header = f"{question}: {score:g} / {sum(p.points for p in parts):g}"
    rows = [(p.label, p.problem is None, message("ok", lang) if p.problem is None else p.problem.text(lang))
            for p in parts]
    lines = [header] + [f"  ✓ {label}: {text}" if passed else f"  ✗ {text}" for label, passed, text in rows]
    return {"text/plain": "\n".join(lines), "text/html": html_table(header, rows, lang)}


_CELL = '<td style="text-align:left;white-space:pre-wrap">{}</td>'
_MARK = {True: '<td style="text-align:center;color:#1a7f37">✓</td>',
         False: '<td style="text-align:center;color:#cf222e">✗</td>'}


def html_table(header: str, rows: list[tuple[str, bool, str]], lang: str = DEFAULT_LANG) -> str:
    """A table of (check, passed, message) rows under a bold header line."""
    head = "".join(f'<th style="text-align:left">{html.escape(message(key, lang))}</th>'
                   for key in ("column_check", "column_passed", "column_message"))
    body = "".join(f"<tr>{_CELL.format(html.escape(label))}{_MARK[passed]}{_CELL.format(html.escape(text))}</tr>"
                   for label, passed, text in rows)
    return (f'<div class="coursecheck"><strong>{html.escape(header)}</strong>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def show(data: dict[str, str]) -> None:
    """Inside IPython, one display (Jupyter renders the HTML, a terminal shell prints the text); else print."""
    # Only an IPython already imported can be running us: importing it just to find out would cost ~0.3 s.
    if "IPython" in sys.modules:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(data, raw=True)
            return
    print(data["text/plain"])
