"""Run one submission's cells in a fork of this process and collect what it sends back.

A grading worker imports torch and IPython once; each submission runs in a fork of it (a few ms),
confined before any student code runs. The worker reads the child's frames until it finishes, dies
or overruns, then sweeps the child's process group.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field

from autograder import sandbox, wire
from autograder.execute import GraderShell, Hook, Probe, run_cells
from autograder.notebook import Cell
from autograder.results import RunLimits
from coursecheck.compare import Problem

MAX_REPLY_BYTES = 256 * 2**20


@dataclass
class RunResult:
    """What a submission's run gave: each cell's record, each question's data, and why it stopped early."""

    cells: dict[int, dict] = field(default_factory=dict)
    captured: dict[str, object] = field(default_factory=dict)
    stopped: Problem | None = None  # why the run ended early
    seconds: float = 0.0


EXIT_TIMEOUT = 124  # the supervisor's exit status when it stopped the run at the time limit
GRACE = 3.0  # seconds the runner waits beyond the supervisor's limit before it kills the supervisor too


def run_submission(shell: GraderShell, cells: list[Cell], probes: dict[str, Probe], inputs: dict,
                   limits: RunLimits, *, hooks: dict[str, Hook] | None = None, given: dict | None = None,
                   readable: tuple[str, ...] = ()) -> RunResult:
    """Run the cells in a confined fork; always returns, whatever the student's code does."""
    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="autograder-run-")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the supervisor: runs no student code, only watches the run's clock
        code = 1
        try:
            os.close(read_fd)

            def student() -> None:
                sandbox.confine(keep_fd=write_fd, scratch=scratch, readable=list(readable),
                                memory_mb=limits.memory_limit_mb, cpu_seconds=int(limits.submission_timeout) + 1)
                run_cells(shell, cells, probes, inputs, write_fd, hooks=hooks or {}, given=given or {},
                          cell_timeout=limits.cell_timeout, output_limit=limits.output_limit)

            code = _supervise(student, write_fd, limits.submission_timeout)
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        result = _collect(read_fd, started + limits.submission_timeout + GRACE)
    finally:
        os.close(read_fd)
    if result.stopped is not None and result.stopped.key == "stopped_time":
        _kill(pid)  # the supervisor overran its own limit: the backstop
    result.stopped = _why_stopped(result.stopped, _reap(pid), limits.submission_timeout)
    shutil.rmtree(scratch, ignore_errors=True)
    result.seconds = time.monotonic() - started
    return result


def _why_stopped(stopped: Problem | None, code: int, timeout: float) -> Problem | None:
    """Why the run ended early, from what the runner saw and the supervisor's exit status."""
    if code == EXIT_TIMEOUT or (stopped is not None and stopped.key == "stopped_time"):
        return Problem("stopped_time", {"seconds": round(timeout)})
    if code > 128:
        return _signal_problem(code - 128) or stopped
    return stopped


def _supervise(student, write_fd: int, timeout: float) -> int:
    """Run `student` as PID 1 of a new PID namespace (where available) and stop it at the time limit."""
    try:
        sandbox.unshare(sandbox.CLONE_NEWPID)
    except OSError:
        pass  # reported at start; the process group is swept instead
    child = os.fork()
    if child == 0:
        try:
            os.setpgid(0, 0)
            student()
        finally:
            os._exit(0)
    os.close(write_fd)
    pidfd = os.pidfd_open(child)
    finished = select.select([pidfd], [], [], timeout)[0]
    os.close(pidfd)
    if not finished:
        for kill in (os.kill, os.killpg):  # PID 1 of its namespace: every process in it ends with it
            try:
                kill(child, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    _, status = os.waitpid(child, 0)
    try:
        os.killpg(child, signal.SIGKILL)  # what is left in its group, where there is no PID namespace
    except (ProcessLookupError, PermissionError):
        pass
    if not finished:
        return EXIT_TIMEOUT
    return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0


def _collect(fd: int, deadline: float) -> RunResult:
    result = RunResult()
    limit = deadline - time.monotonic()
    reader = wire.FrameReader(limit=MAX_REPLY_BYTES, buffer=bytearray())
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            result.stopped = Problem("stopped_time", {"seconds": round(limit)})
            return result
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            result.stopped = Problem("stopped_ended", {})
            return result
        try:
            for kind, body in reader.feed(chunk):
                if kind == wire.END:
                    return result
                _take(result, kind, body)
        except Exception as error:  # anything malformed the student's process wrote
            result.stopped = Problem("stopped_garbage", {"error": str(error)})
            return result


def _take(result: RunResult, kind: bytes, body: bytes) -> None:
    if kind == wire.CELL:
        record = wire.decode_record(body)
        result.cells[int(record["index"])] = record
    elif kind == wire.PROBE:
        message = wire.decode_data(body)
        if not isinstance(message, dict) or not isinstance(message.get("question"), str):
            raise ValueError("a question's data has no question name")
        result.captured[message["question"]] = message.get("data")
    else:
        raise ValueError(f"unknown frame {kind!r}")


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> int:
    """Wait for the supervisor; its exit status."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


def _signal_problem(sig: int) -> Problem | None:
    if sig == signal.SIGXCPU:
        return Problem("stopped_cpu", {})
    if sig == signal.SIGKILL:
        return None  # killed: itself, or out of memory; "ended before all cells ran" says it
    return Problem("stopped_signal", {"signal": signal.Signals(sig).name})
