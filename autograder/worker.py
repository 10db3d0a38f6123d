"""Run one submission in a fork of the runner and collect what it sends back.

The runner has torch and IPython imported already; each submission runs in a fork of it (a few ms),
PID 1 of its own PID namespace, confined before any student code runs. The runner reads the child's
frames until each run's END, a crash or the run's deadline, then kills the child, and with it every
process the child started.
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
from autograder.execute import GraderShell, Hook, Probe, RunCase, run_cases
from autograder.results import RunLimits
from coursecheck.problem import Problem

MAX_REPLY_BYTES = 256 * 2**20


@dataclass
class RunResult:
    """What a submission's run gave: each cell's record, each question's data, and why it stopped early."""

    cells: dict[int, dict] = field(default_factory=dict)
    captured: dict[str, object] = field(default_factory=dict)
    stopped: Problem | None = None  # why the run ended early
    seconds: float = 0.0


def run_submission(shell: GraderShell, cases: list[RunCase], probes: dict[str, Probe], limits: RunLimits, *,
                   hooks: dict[str, Hook] | None = None, readable: tuple[str, ...] = ()) -> list[RunResult]:
    """Run the cases in one confined fork, PID 1 of a new PID namespace, one after another; a result per case.

    Each case has its own time limit. If a case ends the process (a crash, os._exit, the time limit), the
    cases after it run in a fresh fork. Always returns, whatever the student's code does.
    """
    scratch = tempfile.mkdtemp(prefix="autograder-run-")
    read_fd, write_fd = os.pipe()
    in_namespace = sandbox.enter_new_pid_namespace()
    runner = os.getpid()
    pid = os.fork()
    if pid == 0:  # the student's process: never returns
        try:
            os.close(read_fd)
            sandbox.die_with_parent(None if in_namespace else runner)  # a runner killed mid-run ends its run
            sandbox.name_process("student-run")
            if not in_namespace:
                os.setpgid(0, 0)  # without a PID namespace, a process group to sweep
            sandbox.confine(keep_fd=write_fd, scratch=scratch, readable=readable,
                            memory_mb=limits.memory_limit_mb,
                            cpu_seconds=(int(limits.submission_timeout) + 1) * len(cases))
            run_cases(shell, cases, probes, hooks or {}, write_fd,
                      cell_timeout=limits.cell_timeout, output_limit=limits.output_limit)
        finally:
            os._exit(0)
    sandbox.leave_pid_namespace()
    os.close(write_fd)
    results: list[RunResult] = []
    reader = wire.FrameReader(limit=MAX_REPLY_BYTES, buffer=bytearray())
    try:
        while len(results) < len(cases):
            results.append(_collect(read_fd, reader, time.monotonic() + limits.submission_timeout))
            if results[-1].stopped is not None:
                break
    finally:
        os.close(read_fd)
        _kill(pid)  # PID 1 of its namespace: every process it started ends with it
    status = _reap(pid)
    results[-1].stopped = _why_stopped(results[-1].stopped, status)
    shutil.rmtree(scratch, ignore_errors=True)
    if len(results) < len(cases):  # the process ended early: the remaining cases start afresh
        results += run_submission(shell, cases[len(results):], probes, limits, hooks=hooks, readable=readable)
    return results


def _why_stopped(stopped: Problem | None, status: int) -> Problem | None:
    """Why the run ended early, from what the runner saw and how the student's process ended."""
    if stopped is not None and stopped.key == "stopped_time":
        return stopped
    if os.WIFSIGNALED(status):
        return _signal_problem(os.WTERMSIG(status)) or stopped
    return stopped


def _collect(fd: int, reader: wire.FrameReader, deadline: float) -> RunResult:
    """One case's frames, up to its END frame; why it stopped when it did not get there."""
    result = RunResult()
    limit = deadline - time.monotonic()
    started = time.monotonic()
    while True:
        for kind, body in reader.frames():
            if kind == wire.END:
                result.seconds = time.monotonic() - started
                return result
            try:
                _take(result, kind, body)
            except Exception as error:  # anything malformed the student's process wrote
                result.stopped = Problem("stopped_garbage", {"error": str(error)})
                return result
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            result.stopped = Problem("stopped_time", {"seconds": round(limit)})
            return result
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            result.stopped = Problem("stopped_ended", {})
            return result
        try:
            reader.feed(chunk)
        except ValueError as error:
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
    """End the run: its PID 1, or without a PID namespace its process group."""
    for kill in (os.kill, os.killpg):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _reap(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return status


def _signal_problem(sig: int) -> Problem | None:
    if sig == signal.SIGXCPU:
        return Problem("stopped_cpu", {})
    if sig == signal.SIGKILL:
        return None  # killed: itself, or out of memory; "ended before all cells ran" says it
    return Problem("stopped_signal", {"signal": signal.Signals(sig).name})
