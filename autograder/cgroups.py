"""Per-runner control groups (cgroup v1, as this machine mounts them): a process limit and one CPU per run.

The runner makes /sys/fs/cgroup/{pids,cpu}/autograder-<pid>/ once; each run's process moves itself in
before its code runs. Runs of one runner are sequential, so the group holds one run at a time: at most
MAX_PROCESSES processes, and no more than one core of CPU, so a fork bomb or a multi-threaded hog cannot
starve the run beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PREFIX = "autograder-"


def _groups() -> list[Path]:
    return [ROOT / "pids" / f"{PREFIX}{os.getpid()}", ROOT / "cpu" / f"{PREFIX}{os.getpid()}"]


def create(max_processes: int) -> list[Path]:
    """Make this runner's groups; the ones made (none where cgroups cannot be written)."""
    _remove_stale()
    made = []
    settings = {"pids": {"pids.max": str(max_processes)},
                "cpu": {"cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": "100000"}}
    for group in _groups():
        try:
            group.mkdir(exist_ok=True)
            for name, value in settings[group.parent.name].items():
                (group / name).write_text(value)
            made.append(group)
        except OSError:
            pass
    return made


def join(groups: list[Path]) -> None:
    """Move this process into the groups (called in the run's process, before it is confined)."""
    for group in groups:
        try:
            (group / "cgroup.procs").write_text("0")
        except OSError:
            pass


def remove(groups: list[Path]) -> None:
    for group in groups:
        try:
            group.rmdir()
        except OSError:
            pass


def _remove_stale() -> None:
    """Groups of runners that died without cleaning up (their processes are gone, so the groups are empty)."""
    for controller in ("pids", "cpu"):
        for group in (ROOT / controller).glob(f"{PREFIX}*"):
            pid = group.name.removeprefix(PREFIX)
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                remove([group])
