"""Run a merged notebook's cells in the student's process (a fork of a grading worker).

Cells run in a real IPython shell (magics, display, the last expression's value), one after another;
a cell that raises or overruns its time is recorded and the next cell runs. At each question's test
cell the question's probe captures plain data from the namespace and sends it to the grader at
once, so what was answered before a crash is kept.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell

from autograder import wire
from autograder.notebook import Cell

Probe = Callable[[dict, dict], dict]
Hook = Callable[[dict, dict], object]  # runs before a cell: (namespace, data given by the grader)

INPUTS_NAME = "_grader_inputs"  # the namespace name under which a replay's inputs are given


class CellTimeout(BaseException):
    """Raised in the student's process when a cell runs past its time."""


class _Recorder:
    """The outputs of the cell being run, in nbformat's shape, with text capped at `limit` characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.outputs: list[dict] = []
        self.chars = 0
        self.truncated = False

    def stream(self, name: str, text: str) -> None:
        if self.chars >= self.limit:
            self.truncated = True
            return
        text = text[: self.limit - self.chars]
        self.chars += len(text)
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def rich(self, output_type: str, data: dict) -> None:
        data = {k: v for k, v in data.items() if isinstance(v, str) and len(v) <= self.limit}
        output = {"output_type": output_type, "data": data, "metadata": {}}
        if output_type == "execute_result":
            output["execution_count"] = None
        self.outputs.append(output)

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self.outputs.append({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback})

    def finish(self) -> list[dict]:
        if self.truncated:
            self.outputs.append({"output_type": "stream", "name": "stderr", "text": "\n[output truncated]\n"})
        return self.outputs


class _Stream:
    """A text stream that hands what is written to the recorder."""

    def __init__(self, recorder: _Recorder, name: str) -> None:
        self.recorder, self.name = recorder, name

    def write(self, text: str) -> int:
        self.recorder.stream(self.name, str(text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _Hook(DisplayHook):
    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.shell.recorder.rich("execute_result", format_dict)

    def finish_displayhook(self) -> None:
        self._is_active = False


class _Publisher(DisplayPublisher):
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.shell.recorder.rich("display_data", data)

    def clear_output(self, wait=False) -> None:
        pass


NO_SHELL = "shell commands (!cmd, %pip, %conda) are not available during grading: no network, no installs"
NO_INPUT = "input() is not available during grading: nobody is there to answer"


def _refuse_shell(*args, **kwargs):
    raise RuntimeError(NO_SHELL)


def _refuse_input(*args, **kwargs):
    raise RuntimeError(NO_INPUT)


class GraderShell(InteractiveShell):
    """An IPython shell whose outputs go to the current cell's recorder instead of the terminal."""

    system = system_piped = system_raw = getoutput = _refuse_shell

    displayhook_class = _Hook
    display_pub_class = _Publisher
    recorder = _Recorder(0)

    @contextlib.contextmanager
    def _tee(self, channel):
        """IPython 9 copies every write into its history, without bound: a print loop would eat the memory."""
        yield

    def enable_gui(self, gui=None) -> None:
        """`%matplotlib inline` and friends: nothing to show on, nothing to do."""

    def transform_cell(self, raw_cell: str) -> str:
        """Plain Python of several lines (most cells) needs none of IPython's rewriting, ~0.3 ms a cell."""
        if is_plain_python(raw_cell):
            return raw_cell if raw_cell.endswith("\n") else raw_cell + "\n"
        return super().transform_cell(raw_cell)

    def _showtraceback(self, etype, evalue, stb) -> None:
        self.recorder.error(getattr(etype, "__name__", str(etype)), str(evalue), list(stb))

    def init_history(self) -> None:
        super().init_history()
        self.history_manager.enabled = False


_IPYTHON_SYNTAX = re.compile(r"[%!?]|^\s*(>>>|\.\.\.|In \[)", re.MULTILINE)


def is_plain_python(source: str) -> bool:
    """True when IPython would leave the cell as it is: no magic, shell, help or prompt syntax, no leading
    blank line or indentation to strip, and more than one line (a single line may be an automagic: `pwd`)."""
    lines = source.splitlines()
    return (len(lines) > 1 and bool(lines[0].strip()) and not lines[0][0].isspace()
            and not _IPYTHON_SYNTAX.search(source))


def make_shell() -> GraderShell:
    """A shell made once in the worker, before forking, so each submission starts with it ready."""
    shell = GraderShell(colors="nocolor", history_length=0)
    shell.InteractiveTB.set_mode(mode="Plain")  # the verbose mode's source inspection costs ~60 ms per error
    return shell


def _on_timeout(signum, frame) -> None:
    raise CellTimeout("the cell ran past its time limit")


def run_cell(shell: GraderShell, source: str, timeout: float, output_limit: int) -> tuple[list[dict], str | None]:
    """Run one cell; its outputs and, if it raised, 'ErrorName: message'."""
    recorder = shell.recorder = _Recorder(output_limit)
    sys.stdout, sys.stderr = _Stream(recorder, "stdout"), _Stream(recorder, "stderr")
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = shell.run_cell(source, store_history=False, silent=False)
        raised = None if result.success else (result.error_before_exec or result.error_in_exec)
    except CellTimeout as stopped:  # raised outside the cell's own code, by the shell's bookkeeping
        recorder.error("CellTimeout", str(stopped), [])
        raised = stopped
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if isinstance(raised, CellTimeout):
        return recorder.finish(), f"CellTimeout: the cell ran longer than {timeout:g} s and was stopped"
    return recorder.finish(), None if raised is None else f"{type(raised).__name__}: {raised}"


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def run_probe(probe: Probe, namespace: dict, inputs: dict, timeout: float) -> dict:
    """Capture a question's data; if the student's objects raise, say so instead."""
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return probe(namespace, inputs)
    except BaseException as error:
        return {"__error__": f"{type(error).__name__}: {error}"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


@dataclass
class RunCase:
    """One run of a notebook: its cells, the inputs they are given, and the data for the assignment's hooks."""

    cells: list[Cell]
    inputs: dict
    given: dict


def run_cases(shell: GraderShell, cases: list[RunCase], probes: dict[str, Probe], hooks: dict[str, Hook],
              fd: int, *, cell_timeout: float, output_limit: int) -> None:
    """Run the cases one after another in this process, each in a fresh namespace, each ended by an END frame."""
    signal.signal(signal.SIGALRM, _on_timeout)
    # processes the student's code forks cannot write into the grader's channel
    os.register_at_fork(after_in_child=lambda: _close(fd))
    builtins.input = _refuse_input
    initial = dict(shell.user_ns)
    for number, case in enumerate(cases):
        if number:
            shell.user_ns.clear()
            shell.user_ns.update(initial)
        run_cells(shell, case, probes, hooks, fd, cell_timeout=cell_timeout, output_limit=output_limit)
        wire.write_frame(fd, wire.END, b"")


def run_cells(shell: GraderShell, case: RunCase, probes: dict[str, Probe], hooks: dict[str, Hook], fd: int,
              *, cell_timeout: float, output_limit: int) -> None:
    """Run every cell in order, sending each cell's outputs and each question's data to `fd`."""
    shell.user_ns[INPUTS_NAME] = case.inputs
    for index, cell in enumerate(case.cells):
        if not cell.runs:
            continue
        if cell.grade_id in hooks:
            run_probe(hooks[cell.grade_id], shell.user_ns, case.given, cell_timeout)
        if cell.role == "test":
            data = run_probe(probes[cell.grade_id], shell.user_ns, case.inputs, cell_timeout)
            payload = wire.encode_data({"question": cell.grade_id, "data": data})
            wire.write_frame(fd, wire.PROBE, payload)
            continue
        started = time.monotonic()
        outputs, error = run_cell(shell, cell.source, cell_timeout, output_limit)
        record = {"index": index, "outputs": outputs, "error": error, "truncated": shell.recorder.truncated,
                  "seconds": time.monotonic() - started}
        wire.write_frame(fd, wire.CELL, wire.encode_record(record))
