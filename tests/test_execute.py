"""The student's cells run as IPython would run them: the shortcut for plain Python changes nothing."""

from pathlib import Path

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell

from autograder.execute import is_plain_python, make_shell
from sample_class.build import CLASSES

REPO = Path(__file__).resolve().parent.parent
TRICKY = [
    "x = 1\n\n", "\nx = 1\ny = 2", "  x = 1\n  y = 2", "a = b != c\nd = 1", "pwd\nx = 1", "pwd", "x?\ny = 1",
    "%time x = 1\ny = 2", "!ls\nx = 1", "x = '''\n>>> y\n'''", ">>> x = 1\n>>> y = 2", "In [1]: x = 1\nIn [2]: y",
    "y = x[..., 0]\n...\nz = 1", "x = 1 \\\n + 2\ny = 3", "x = 1\r\ny = 2\r\n", "# комментарий\nprint('Что?')",
    "def f():\n    return 1\n", "files = !ls\nx = 1", "x = %time 1\ny = 2", "%%time\nx = 1",
]


def corpus() -> list[str]:
    sources = list(TRICKY)
    for path in sorted((REPO / "assignments").glob("*/*.ipynb")):
        sources += [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    for students in CLASSES.values():
        for spec in students.values():
            sources += list(spec.get("answers", {}).values()) + [source for _, source in spec.get("extra", [])]
    return sources


@pytest.fixture(scope="module")
def shell():
    return make_shell()


@pytest.mark.parametrize("source", corpus())
def test_the_shortcut_gives_what_ipython_gives(shell, source):
    assert shell.transform_cell(source) == InteractiveShell.transform_cell(shell, source), (
        f"the grader's shell rewrites {source!r} differently from IPython")


def test_the_shortcut_is_taken_for_multiline_plain_cells_only():
    assert is_plain_python("import torch\nx = torch.ones(2)")
    for source in ("pwd", "x = 1", "%time x = 1\ny = 2", "!ls\nx = 1", "x?\ny = 1", "  x = 1\n  y = 2",
                   "\nx = 1\ny = 2"):
        assert not is_plain_python(source), f"{source!r} needs IPython's own rewriting"
