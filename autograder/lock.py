"""One grading run per course at a time: a lock file that the operating system releases if the run dies."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from autograder.errors import AutograderError

LOCK_FILE = ".autograder.lock"


@contextmanager
def course_lock(root: Path) -> Iterator[None]:
    """Hold the course's lock, or say at once that another run holds it."""
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise AutograderError(f"another autograder run (pid {holder}) is using this course; "
                                  "wait for it to finish, then run again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader (or a run killed half-way) sees the old or the new content, never half."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
