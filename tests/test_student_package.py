"""What students install holds the public checks and expected values, never a hidden check or a solution."""

import subprocess
import sys
import zipfile
from pathlib import Path

from autograder import public_data

REPO = Path(__file__).resolve().parent.parent


def solution_lines() -> set[str]:
    """The code lines of solutions/ worth hiding (not imports, docstrings or short lines like `x.backward()`)."""
    lines = set()
    for path in (REPO / "solutions").glob("*.py"):
        for line in path.read_text().splitlines():
            line = line.strip()
            if len(line) > 24 and not line.startswith(('"', "#", "import", "from", "def ", "return {", '"""')):
                lines.add(line)
    return lines


def test_wheel_lists_only_public_files(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(REPO / "student")], check=True)
    (wheel,) = tmp_path.glob("coursecheck-*.whl")
    names = sorted(zipfile.ZipFile(wheel).namelist())
    package = [n for n in names if not n.startswith("coursecheck-")]
    assert package == sorted([
        "coursecheck/__init__.py", "coursecheck/backprop.py", "coursecheck/compare.py", "coursecheck/expected.py",
        "coursecheck/expected/backprop.json", "coursecheck/expected/fc_layer.json", "coursecheck/fc_layer.py",
        "coursecheck/messages.py", "coursecheck/problem.py", "coursecheck/report.py",
    ]), f"unexpected files in the student wheel: {package}"
    text = "\n".join(zipfile.ZipFile(wheel).read(n).decode() for n in names if not n.endswith("/"))
    for line in solution_lines():
        assert line not in text, f"the student wheel holds solution code: {line!r}"
    for marker in ("autograder", "import solutions", "from solutions", "BEGIN SOLUTION", "def test_"):
        assert marker not in text, f"the student wheel mentions {marker!r}"


def test_shipped_expected_values_match_solutions():
    folder = REPO / "student" / "src" / "coursecheck" / "expected"
    for assignment in public_data.BUILDERS:
        shipped = (folder / f"{assignment}.json").read_text(encoding="utf-8")
        assert shipped == public_data.render(assignment), f"run `python -m autograder.public_data`: {assignment}"
