"""Grade N submissions with `autograder grade --jobs 2` and 10 of them with `nbgrader autograde`; compare.

Usage: python benchmarks/bench.py [--n 1000] [--nbgrader 10] [--assignment fc_layer] [--results FILE]

Builds a fresh course in a temporary folder, releases the assignment, writes N submissions cycling through
the sample class (all but the ones that sleep or loop on purpose), grades them, and prints per-submission
time for each grader, the throughput ratio, the peak resident memory of any process of our run, and whether
the per-question scores agree on the submissions both graded.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from sample_class.build import CLASSES, fill  # noqa: E402

SLOW_ON_PURPOSE = {"f16", "b16", "b17"}  # a cell that sleeps until its timeout, a memory hog, a killed process
# Graded differently by design: hard-coded or rule-breaking answers, code right only for the notebook's shapes,
# later answers after a wrong forward (nbgrader's kernel sees only the notebook's inputs and no rules).
NOT_COMPARABLE = {"f07", "f18", "f19", "f20", "f21", "f24", "f28", "b05", "b11", "b13", "b15", "b18", "b23"}


def make_course(root: Path, assignment: str) -> None:
    root.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "assignments", root / "assignments")
    subprocess.run([str(BIN / "autograder"), "release", assignment], cwd=root, check=True, capture_output=True)


def write_submissions(root: Path, assignment: str, n: int) -> list[str]:
    released = nbformat.read(root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    usable = [s for s in CLASSES[assignment] if s not in SLOW_ON_PURPOSE]
    # the comparable ones first: the first submissions are the ones nbgrader grades too
    order = sorted(usable, key=lambda s: s in NOT_COMPARABLE)
    specs = [CLASSES[assignment][s] for s in order]
    students = []
    for i in range(n):
        student = f"s{i:05d}"
        folder = root / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(fill(released, specs[i % len(specs)]), folder / f"{assignment}.ipynb")
        students.append(student)
    return students


def _descendants(pid: int) -> list[int]:
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(command: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time, peak resident memory (kB) of any process of the run, and the result."""
    peak, started = 0, time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            for pid in _descendants(process.pid):
                peak = max(peak, _rss_kb(pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = process.communicate()
    elapsed = time.monotonic() - started
    done.set()
    watcher.join()
    return elapsed, peak, subprocess.CompletedProcess(command, process.returncode, out, err)


def scores(root: Path, assignment: str, students: list[str]) -> dict[str, dict[str, float]]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s: {g.name: g.score for nb in gradebook.find_submission(assignment, s).notebooks for g in nb.grades}
                for s in students}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--nbgrader", type=int, default=10)
    parser.add_argument("--assignment", default="fc_layer")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--results", type=Path, help="append the figures to this Markdown file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    try:
        ours_root, theirs_root = work / "ours", work / "theirs"
        make_course(ours_root, args.assignment)
        students = write_submissions(ours_root, args.assignment, args.n)
        shutil.copytree(ours_root, theirs_root)
        for student in students[args.nbgrader:]:
            shutil.rmtree(theirs_root / "submitted" / student)
        ours_time, peak_kb, run = run_measured(
            [str(BIN / "autograder"), "grade", args.assignment, "--jobs", str(args.jobs)], ours_root)
        if run.returncode != 0:
            sys.exit(f"autograder grade failed:\n{run.stderr[-2000:]}")
        theirs_time, _, run = run_measured([str(BIN / "nbgrader"), "autograde", args.assignment], theirs_root)
        if run.returncode != 0:
            sys.exit(f"nbgrader autograde failed:\n{run.stderr[-2000:]}")
        both = students[: args.nbgrader]
        ours, theirs = scores(ours_root, args.assignment, both), scores(theirs_root, args.assignment, both)
        disagree = {s: (ours[s], theirs[s]) for s in both if ours[s] != theirs[s]}
        per_ours, per_theirs = ours_time / args.n, theirs_time / args.nbgrader
        lines = [
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.platform()}",
            f"autograder grade --jobs {args.jobs}: {args.n} {args.assignment} submissions in {ours_time:.1f} s "
            f"({per_ours * 1000:.1f} ms each, {args.n / ours_time:.1f} per second)",
            f"nbgrader autograde: {args.nbgrader} submissions in {theirs_time:.1f} s ({per_theirs:.2f} s each)",
            f"throughput ratio: {per_theirs / per_ours:.0f}x",
            f"peak resident memory of any process of our run: {peak_kb / 1024:.0f} MB",
            f"scores on the {len(both)} submissions both graded: "
            + ("identical" if not disagree else f"DIFFERENT: {disagree}"),
        ]
        print("\n".join(lines))
        if args.results:
            with args.results.open("a", encoding="utf-8") as out:
                out.write(f"\n## {time.strftime('%Y-%m-%d %H:%M')} — N = {args.n}, {args.assignment}\n\n")
                out.write("\n".join(f"- {line}" for line in lines) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
