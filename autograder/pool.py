"""Grading workers: each imports torch once, runs submissions in forks of itself and checks them.

The main process hands out chunks of (student, notebook path); a worker runs each submission in a
confined fork, runs the hidden checks on the chunk, writes the executed notebooks and returns
plain results (scores, feedback) for the gradebook.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from autograder.results import Graded, Job

_worker: dict = {}


def _init_worker(job: Job, grader: int) -> None:
    import torch

    from autograder import sandbox
    from autograder.runner import Runner

    sandbox.name_process("grader-worker")
    torch.set_num_threads(1)  # one thread: forks stay safe and each worker keeps to its core
    # The runner is forked first, so student code (run in forks of it) never has solutions/ or the
    # hidden checks in memory; only then does this worker load them.
    _worker["runner"] = Runner(job.assignment, readable=tuple(str(p) for p in job.readable))
    threading.Thread(target=_end_with, args=(grader,), daemon=True).start()
    from autograder.assignment import load_assignment

    _worker["job"] = job
    _worker["assignment"] = load_assignment(job.assignment, job.source_path)


def _end_with(grader: int) -> None:
    """End this worker (and so its runner) when the grader ends, even by kill -9.

    The executor's workers would otherwise wait for work forever: each holds both ends of its task
    queue, and the fork server stays up for them.
    """
    try:
        pidfd = os.pidfd_open(grader)
    except OSError:  # already gone
        os._exit(1)
    select.select([pidfd], [], [])
    os._exit(1)


def _grade_chunk(items: list[tuple[str, Path]]) -> list[Graded]:
    from autograder.grading import grade_chunk

    return grade_chunk(_worker["runner"], _worker["assignment"], _worker["job"], items)


def _ready() -> None:
    """A task that only makes a worker start (and so import torch and set up its runner)."""


class GradingPool:
    """Workers that start at once, in the background, so the caller's own set-up overlaps theirs."""

    def __init__(self, job: Job, jobs: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["torch", "autograder.runner"])  # never solutions/ or the checks
        self.jobs = jobs
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                                            initargs=(job, os.getpid()))
        # Starting the fork server waits for its torch import: do that in a thread, so the caller goes on.
        self.starting = threading.Thread(target=lambda: [self.executor.submit(_ready) for _ in range(jobs)])
        self.starting.start()

    def grade(self, items: list[tuple[str, Path]]) -> Iterator[Graded]:
        """Grade every (student, notebook), yielding results as they are done."""
        self.starting.join()
        chunk = max(1, min(16, len(items) // (self.jobs * 4) or 1))  # one pytest session (20 ms) per chunk
        pending = {self.executor.submit(_grade_chunk, items[i : i + chunk]) for i in range(0, len(items), chunk)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()

    def __enter__(self) -> GradingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.starting.join()
        self.executor.shutdown(cancel_futures=True)


def grade_all(job: Job, items: list[tuple[str, Path]], jobs: int) -> Iterator[Graded]:
    """Grade every (student, notebook) with `jobs` workers, yielding results as they are done."""
    if items:
        with GradingPool(job, min(jobs, len(items))) as pool:
            yield from pool.grade(items)
