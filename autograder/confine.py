"""Confine the student's process before its code runs (applied in the fork, so it costs no start-up)."""

from __future__ import annotations

import os
import resource

_MB = 2**20


def _address_space() -> int:
    """The bytes of address space this process already maps (torch maps a lot before any student code)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def confine(*, keep_fd: int, memory_limit_mb: int, cpu_seconds: int) -> None:
    """Own process group, no inherited files but `keep_fd`, stdin/stdout/stderr on /dev/null, rlimits."""
    os.setpgid(0, 0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, 1 << 16)
    memory = _address_space() + memory_limit_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
