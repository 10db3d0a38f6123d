"""The runner: the process that forks each submission's run, and holds no solution and no hidden check.

A grading worker starts its runner before it imports solutions/ or the hidden checks, so a fork of
the runner (where student code runs) has neither in memory: only torch, IPython, the probes and the
cells it is given. The worker sends run requests down a pipe and reads RunResults back; both ends
are the grader's own code, so plain pickle is fine between them.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import struct
import sys
from dataclasses import dataclass

from autograder import hugepages, sandbox
from autograder.execute import GraderShell, RunCase, make_shell, run_cell
from autograder.results import RunLimits
from autograder.worker import RunResult, run_submission

_SIZE = struct.Struct("!Q")


@dataclass
class RunRequest:
    """A submission's runs (on the notebook's inputs, then the replay's), in one process where possible."""

    cases: list[RunCase]
    limits: RunLimits


def _send(fd: int, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_SIZE.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> object | None:
    header = _read_exactly(fd, _SIZE.size)
    if header is None:
        return None
    return pickle.loads(_read_exactly(fd, _SIZE.unpack(header)[0]) or b"")


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Runner:
    """A runner process for one assignment, forked from the calling worker."""

    def __init__(self, assignment: str, readable: tuple[str, ...] = ()) -> None:
        spec = importlib.import_module(f"autograder.checks.{assignment}.probes")
        shell = make_shell()
        _warm_up(shell)
        requests_r, requests_w = os.pipe()
        results_r, results_w = os.pipe()
        worker = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(requests_w)
            os.close(results_r)
            try:
                sandbox.die_with_parent(worker)
                sandbox.name_process("grader-runner")
                try:
                    sandbox.unshare(sandbox.CLONE_NEWNET)  # an empty network for every run; reported at start
                except OSError:
                    pass
                sandbox.prepare(readable)
                _serve(shell, spec, requests_r, results_w, readable)
                sandbox.release()
            finally:
                os._exit(0)
        os.close(requests_r)
        os.close(results_w)
        self._requests, self._results = requests_w, results_r

    def run(self, request: RunRequest) -> list[RunResult]:
        _send(self._requests, request)
        result = _receive(self._results)
        if result is None:
            raise RuntimeError("the grading runner ended unexpectedly")
        return result

    def close(self) -> None:
        os.close(self._requests)
        os.close(self._results)
        os.waitpid(self.pid, 0)


def _warm_up(shell: GraderShell) -> None:
    """Do once here what every run would do first: import the student package, run torch's lazy set-up.

    Each run is a fork of this process, so it starts with all of it done; gc.freeze keeps the garbage
    collector from touching (and so copying) the inherited objects in every fork.
    """

    for name in ("coursecheck.fc_layer", "coursecheck.backprop", "torch.nn.functional"):
        importlib.import_module(name)
    # IPython sets up its cell machinery, and torch its kernels and autograd, lazily on first use
    warm = ("import torch\nlayer = torch.nn.Linear(2, 3)\nx = torch.ones(1, 2)\nout = layer(x)\n"
            "out.sum().backward()\nw = torch.ones(3, 2, requires_grad=True)\n"
            "loss = torch.pow(torch.softmax(torch.addmm(layer.bias, x, w.T), dim=-1) - 1, 2).sum()\n"
            "loss.backward()\ntorch.outer(torch.ones(2), torch.ones(3)) + torch.einsum('ij,kj->ik', x, w)\n"
            "print(w.grad, loss)\nw")  # the last expression: the display formatters are made on first use
    names = set(shell.user_ns)
    run_cell(shell, warm, timeout=60, output_limit=1000)
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    for name in set(shell.user_ns) - names:
        del shell.user_ns[name]
    gc.collect()
    gc.freeze()


def _serve(shell, spec, requests: int, results: int, readable: tuple[str, ...]) -> None:
    collapsed = False
    while (request := _receive(requests)) is not None:
        hooks = getattr(spec, "HOOKS", {})
        result = run_submission(shell, request.cases, spec.PROBES, request.limits, hooks=hooks, readable=readable)
        _send(results, result)
        if not collapsed:  # 0.5 s, once: after the first run, so that one student's grading never waits for it
            hugepages.collapse_heap()
            collapsed = True
