"""Nothing lost: a killed grader finishes on the next run; two graders never mix; submitted/ stays as it was."""

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

from nbgrader.api import Gradebook

from tests.conftest import BIN, copy_course
from tests.test_sample_class import EXPECTED


def gradebook_scores(course, assignment: str) -> dict[str, dict[str, float]]:
    with Gradebook(course.db_url) as gradebook:
        submissions = gradebook.find_assignment(assignment).submissions
        return {s.student.id: {g.name: g.score for nb in s.notebooks for g in nb.grades} for s in submissions}


def state_files(course, assignment: str) -> int:
    return len(list((course.root / "autograded").glob(f"*/{assignment}/autograder.json")))


def start(course, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "autograder"), "grade", "fc_layer", *args], cwd=course.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def processes_with(token: str) -> list[str]:
    """The processes (pid: name) whose environment carries `token`: every process of a run started with it."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if token.encode() in environ.read_bytes():
                found.append(f"{environ.parent.name}: {(environ.parent / 'comm').read_text().strip()}")
        except OSError:
            pass
    return found


def gone_within(token: str, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := processes_with(token)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_killed_at_any_moment_then_restarted(sample_course, tmp_path):
    course = copy_course(sample_course, tmp_path / "course")
    for folder in ("autograded",):
        subprocess.run(["rm", "-rf", str(course.root / folder)], check=True)
    (course.root / "gradebook.db").unlink()
    subprocess.run([str(BIN / "autograder"), "release", "fc_layer"], cwd=course.root, check=True,
                   capture_output=True)
    expected = {s: {q: float(v) for q, v in scores.items()} for s, (scores, _) in EXPECTED["fc_layer"].items()}
    for delay in (1.0, 3.0, 5.0):  # before, during and after the first commits
        token = f"AUTOGRADER_TEST_RUN=killed-at-{delay}"
        run = start(course, "--jobs", "2", env={**os.environ, token.split("=")[0]: token.split("=")[1]})
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert not gone_within(token, 10), f"processes of the killed grader still run: {processes_with(token)}"
        done = gradebook_scores(course, "fc_layer")
        assert all(done[s] == expected[s] for s in done), "a committed score differs from an uninterrupted run"
    finish = start(course)
    out, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err
    assert gradebook_scores(course, "fc_layer") == expected
    assert state_files(course, "fc_layer") == len(expected), "every submission is marked graded once"


def test_two_graders_at_once(sample_course, tmp_path):
    course = copy_course(sample_course, tmp_path / "course")
    lock = course.root / ".autograder.lock"
    lock.unlink(missing_ok=True)
    first = start(course, "--force", "--jobs", "1")
    deadline = time.monotonic() + 60
    while not lock.exists() or lock.read_text().strip() != str(first.pid):
        assert time.monotonic() < deadline, "the first run never took the lock"
        time.sleep(0.05)
    second = start(course, "--force")
    _, err = second.communicate(timeout=120)
    assert second.returncode == 2
    assert f"another autograder run (pid {first.pid}) is using this course" in err
    first.communicate(timeout=600)
    assert first.returncode == 0
    expected = {s: {q: float(v) for q, v in scores.items()} for s, (scores, _) in EXPECTED["fc_layer"].items()}
    assert gradebook_scores(course, "fc_layer") == expected


def test_submitted_is_never_modified(sample_course):
    folder = sample_course.root / "submitted"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    run = subprocess.run([str(BIN / "autograder"), "grade", "backprop", "--force"], cwd=sample_course.root,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in before} == stamps
