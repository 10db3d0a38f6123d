"""`autograder gradescope NAME -o autograder.zip`: this grader, packed as a Gradescope autograder.

Gradescope unpacks the zip into /autograder/source, runs setup.sh once to build its image, then runs
run_autograder for each submission: the student's files are in /autograder/submission and the grade
goes to /autograder/results/results.json. run_autograder calls `python3 -m autograder.gradescope`,
which grades the notebook with the same engine (confined run, replay, hidden checks) and no gradebook.
AUTOGRADER_ROOT stands in for /autograder (the tests use a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path

from autograder.course import Course, load_course
from autograder.errors import AutograderError

CODE_ROOT = Path(__file__).resolve().parent.parent
CODE = ("autograder", "solutions", "student/src", "student/pyproject.toml", "pyproject.toml", "requirements.txt")
SKIP = {"__pycache__", ".pytest_cache"}

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, to build the autograder's image: Python 3.11 (the pinned numpy, torch and
# matplotlib need it; Ubuntu 22.04's python3 is 3.10) in a venv at /autograder/venv, torch's CPU build, this package.
set -euo pipefail
cd /autograder/source
apt-get update -q && apt-get install -y -q python3.11 python3.11-venv
python3.11 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install --quiet -r requirements.txt
/autograder/venv/bin/pip install --quiet --no-deps -e student/ -e .
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission. AUTOGRADER_ROOT stands in for /autograder (in tests).
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
SOURCE="$ROOT/source"
PYTHON="$ROOT/venv/bin/python"
[ -x "$PYTHON" ] || PYTHON=python3  # no venv: a Python that has the grader's dependencies
cd "$SOURCE"
export PYTHONPATH="$SOURCE:$SOURCE/student/src${{PYTHONPATH:+:$PYTHONPATH}}"
exec "$PYTHON" -m autograder.gradescope --root "$ROOT" --assignment {assignment}
"""


def build_zip(course: Course, assignment: str, output: Path) -> Path:
    """The autograder zip: setup.sh and run_autograder at its root, the grader's code and the assignment."""
    source, released = course.source_notebook(assignment), course.release_notebook(assignment)
    if not released.is_file():
        raise AutograderError(f"{assignment} is not released yet: run `autograder release {assignment}` first")
    files = {name: CODE_ROOT / name for name in CODE}
    files["nbgrader_config.py"] = course.root / "nbgrader_config.py"
    files[f"assignments/{assignment}"] = source.parent
    files[f"release/{assignment}"] = released.parent
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        _add_script(archive, "setup.sh", SETUP_SH)
        _add_script(archive, "run_autograder", RUN_AUTOGRADER.format(assignment=assignment))
        for name, path in files.items():
            for file in _files(path):
                archive.write(file, f"{name}/{file.relative_to(path)}" if path.is_dir() else name)
    return output


def _add_script(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o100755 << 16  # a regular file, executable
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not any(
        part in SKIP or part.endswith(".egg-info") for part in p.relative_to(path).parts))


def find_notebook(submission: Path, assignment: str) -> Path:
    """The submitted notebook: NAME.ipynb, else the only notebook uploaded (the engine explains if none)."""
    wanted = submission / f"{assignment}.ipynb"
    notebooks = sorted(p for p in submission.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return notebooks[0] if not wanted.is_file() and len(notebooks) == 1 else wanted


def run(root: Path, assignment: str) -> dict:
    """Grade the submission in root/submission; write and return root/results/results.json's content."""
    from autograder.export import to_record
    from autograder.grade import make_job
    from autograder.lms import gradescope_results
    from autograder.pool import grade_all

    course = load_course(root / "source")
    job = make_job(course, assignment, output_root=None)
    notebook = find_notebook(root / "submission", assignment)
    (graded,) = grade_all(job, [("student", notebook)], jobs=1)
    record = to_record(graded, assignment, graded.status)
    results = gradescope_results(record, graded.seconds, output=graded.reason)
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Grade a Gradescope submission (run by run_autograder).")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--assignment", required=True)
    args = parser.parse_args()
    run(args.root, args.assignment)


if __name__ == "__main__":
    main()
