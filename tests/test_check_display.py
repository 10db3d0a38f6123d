"""A check's result: an HTML table in Jupyter, the same plain lines in a terminal, the score as the cell's value."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from nbformat.v4 import new_code_cell, new_notebook

from autograder.validate import executed
from coursecheck.problem import Problem
from coursecheck.report import Part, bundle, report

PARTS = [
    Part("w.grad", 1, None),
    Part("b.grad", 1, Problem("raised", {"name": "b.grad", "error": "ValueError: <b> & \"c\" isn't 'd'"})),
]
TEXT = "q: 1 / 2\n  ✓ w.grad: верно\n  ✗ b.grad: при вызове возникла ошибка ValueError: <b> & \"c\" isn't 'd'"
CELL = ("from coursecheck.problem import Problem\nfrom coursecheck.report import Part, report\n"
        "report('q', [Part('w.grad', 1, None), Part('b.grad', 1, Problem('raised', {'name': 'b.grad', "
        "'error': 'ValueError: <b> & \"c\" isn\\'t \\'d\\''}))])")


def rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>")[1]
    return [re.findall(r"<td(?: [^>]*)?>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_the_html_has_a_row_per_part_with_its_mark_and_escaped_message():
    data = bundle("q", PARTS)
    assert data["text/plain"] == TEXT, "the plain text is the lines the check always printed"
    assert "<strong>q: 1 / 2</strong>" in data["text/html"], "the header line gives the question and score"
    assert re.findall(r"<th(?: [^>]*)?>(.*?)</th>", data["text/html"]) == ["проверка", "пройдена", "сообщение"], \
        "the columns: check, passed, message, in the course's language"
    assert rows(data["text/html"]) == [
        ["w.grad", "✓", "верно"],
        ["b.grad", "✗", "b.grad: при вызове возникла ошибка ValueError: &lt;b&gt; &amp; &quot;c&quot; isn&#x27;t "
                        "&#x27;d&#x27;"],
    ], "one row per part: its label, ✓ or ✗, and its message with <, >, & and quotes escaped"
    assert "<b>" not in data["text/html"], "a message cannot inject markup"
    assert rows(bundle("q", PARTS, "en")["text/html"])[0] == ["w.grad", "✓", "correct"], "English on request"


def test_outside_ipython_the_lines_are_printed(capsys):
    assert repr(report("q", PARTS)) == "1.0", "the score stays a plain float: nbgrader reads its repr"
    assert capsys.readouterr() == (TEXT + "\n", ""), "a terminal gets today's lines on stdout, nothing on stderr"


SHELL = """
import json, sys
import coursecheck.report
assert "IPython" not in sys.modules, "importing the checks must not import IPython"
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
shell = InteractiveShell.instance(history_length=0)
with capture_output() as captured:
    result = shell.run_cell(sys.argv[1], store_history=False)
print(json.dumps({"displays": [o.data for o in captured.outputs], "value": repr(result.result)}))
"""


def test_an_ipython_shell_gets_one_display_with_html_and_text(tmp_path):
    run = subprocess.run([sys.executable, "-c", SHELL, CELL], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")})
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout.splitlines()[-1])
    assert got["displays"] == [bundle("q", PARTS)], "a single display of the text and the table, nothing printed"
    assert got["value"] == "1.0", "the cell's value is still the score"


def test_in_a_jupyter_kernel_the_table_is_shown_and_the_score_is_the_value(tmp_path: Path):
    notebook = executed(new_notebook(cells=[new_code_cell(CELL)]), tmp_path, 60, "python3")
    outputs = [(o.output_type, o.get("data")) for o in notebook.cells[0].outputs]
    assert outputs == [("display_data", bundle("q", PARTS)), ("execute_result", {"text/plain": "1.0"})], \
        "Jupyter gets the table (and its text), then the score that nbgrader reads as partial credit; no stream"
