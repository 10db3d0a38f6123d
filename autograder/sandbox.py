"""Confinement of the student's process, applied in the fork before any student code runs.

Layers, each used where this machine offers it (the grader says at start which are active):
- files: Landlock; read only the Python installation, system libraries and the assignment's public files,
  write only a scratch folder; with Landlock ABI 6, no signal to any process outside the sandbox;
- network: the runner lives in a new, empty network namespace (and Landlock refuses TCP);
- processes: each run is PID 1 of a new PID namespace, so when it ends every process it started ends,
  setsid or not; a process limit against fork bombs;
- privileges: every capability dropped, so root in the sandbox cannot reboot, mount or override permissions;
- resources: rlimits on address space, CPU time, open files and the size of files written.
"""

from __future__ import annotations

import ctypes
import os
import resource
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder import cgroups, landlock

CLONE_NEWNET, CLONE_NEWPID = 0x40000000, 0x20000000
_CAPABILITY_VERSION_3 = 0x20080522
_MB = 2**20
MAX_PROCESSES = 64
MAX_OPEN_FILES = 256
MAX_FILE_BYTES = 64 * _MB

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)))


_own_pid_namespace: int | None = None


def enter_new_pid_namespace() -> bool:
    """Make this process's next child PID 1 of a new PID namespace; False where that is not possible.

    A namespace ends with its PID 1, so setns back to our own (leave_pid_namespace) after the fork lets
    the next run get a fresh one: one fork per run, with no supervisor process in between.
    """
    global _own_pid_namespace
    try:
        if _own_pid_namespace is None:
            _own_pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        unshare(CLONE_NEWPID)
        return True
    except OSError:
        return False


def leave_pid_namespace() -> None:
    if _own_pid_namespace is not None:
        _libc.setns(ctypes.c_int(_own_pid_namespace), ctypes.c_int(CLONE_NEWPID))


def name_process(name: str) -> None:
    """The name ps, top and perf show for this process (at most 15 bytes)."""
    _libc.prctl(ctypes.c_int(15), ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)  # PR_SET_NAME


def die_with_parent(parent: int | None) -> None:
    """End this process (SIGKILL) when its parent ends, even by kill -9; at once if `parent` already has.

    `parent` is None where it cannot be seen: from a new PID namespace getppid() is 0.
    """
    _libc.prctl(ctypes.c_int(1), ctypes.c_ulong(9), 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def drop_capabilities() -> None:
    """Empty this process's effective, permitted and inheritable capability sets."""
    header = ctypes.create_string_buffer(struct.pack("Ii", _CAPABILITY_VERSION_3, 0), 8)
    data = ctypes.create_string_buffer(bytes(24), 24)
    _check(_libc.capset(header, data))


def readable_paths(extra: list[str]) -> list[str]:
    """What student code may read: Python, its packages, system libraries and devices, and `extra`."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/lib", "/lib64", "/etc", "/proc", "/dev",
             "/sys/devices/system/cpu", "/opt"}
    paths |= {p for p in sys.path if p and Path(p).is_dir() and _is_python_tree(Path(p))}
    return sorted(paths | set(extra))


def _is_python_tree(path: Path) -> bool:
    """site-packages and the like, but not a course or repository folder that holds grading files."""
    return not any((path / name).exists() for name in ("nbgrader_config.py", "solutions", "autograder"))


@dataclass(frozen=True)
class Layer:
    name: str
    active: bool
    detail: str


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _process_count() -> int:
    """Processes and threads of this user now: RLIMIT_NPROC counts them all."""
    uid, count = os.getuid(), 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return count


_process_limit: int | None = None
_groups: list = []
_readable_cache: dict[tuple[str, ...], list[str]] = {}


def prepare(readable: tuple[str, ...] = ()) -> None:
    """In the runner, once: control groups, a user-wide process limit as a backstop, the readable paths."""
    global _process_limit, _groups
    _readable_cache[readable] = readable_paths(list(readable))
    _groups = cgroups.create(MAX_PROCESSES)
    _process_limit = _process_count() + MAX_PROCESSES * 4  # room for the other workers' runs too


def release() -> None:
    cgroups.remove(_groups)


def set_limits(*, memory_mb: int, cpu_seconds: int) -> None:
    memory = _address_space() + memory_mb * _MB
    limits = {
        resource.RLIMIT_AS: memory,
        resource.RLIMIT_CPU: cpu_seconds,
        resource.RLIMIT_NOFILE: MAX_OPEN_FILES,
        resource.RLIMIT_FSIZE: MAX_FILE_BYTES,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_NPROC: _process_limit or _process_count() + MAX_PROCESSES,
    }
    for kind, value in limits.items():
        resource.setrlimit(kind, (value, value + 1 if kind == resource.RLIMIT_CPU else value))


def confine(*, keep_fd: int, scratch: str, readable: tuple[str, ...], memory_mb: int, cpu_seconds: int) -> None:
    """Confine this process for good (best effort per layer; the layers were reported at start)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, 1 << 16)
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file over the size limit fails to write; it kills nothing
    cgroups.join(_groups)
    os.chdir(scratch)
    for name in ("HOME", "TMPDIR", "MPLCONFIGDIR", "XDG_CACHE_HOME"):
        os.environ[name] = scratch
    set_limits(memory_mb=memory_mb, cpu_seconds=cpu_seconds)
    try:
        landlock.restrict(read=_readable_cache.get(readable) or readable_paths(list(readable)),
                          write=[scratch, os.devnull])
    except OSError:
        pass
    try:
        drop_capabilities()
    except OSError:
        pass


def _try(action) -> str | None:
    """Run `action` in a throwaway fork; None when it worked, else why not."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            action()
            os.write(write, b"ok")
        except Exception as error:
            os.write(write, str(error).encode()[:200])
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 256).decode()
    os.close(read)
    os.waitpid(pid, 0)
    return None if answer == "ok" else answer or "the probe died"


def _pid_namespace() -> None:
    unshare(CLONE_NEWPID)
    child = os.fork()
    if child == 0:
        os._exit(0 if os.getpid() == 1 else 1)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise OSError("the child is not PID 1 of a new namespace")


def layers() -> list[Layer]:
    """Which confinement layers work on this machine, each tried in a throwaway process."""
    abi = landlock.abi_version()
    found = [Layer("files", abi >= 1, f"Landlock ABI {abi}" if abi else "Landlock is not available")]
    for name, action, detail in (
        ("network", lambda: unshare(CLONE_NEWNET), "a new network namespace"),
        ("processes", _pid_namespace, "a PID namespace per run"),
        ("privileges", drop_capabilities, "all capabilities dropped"),
        ("resources", lambda: set_limits(memory_mb=1024, cpu_seconds=60), "rlimits"),
    ):
        problem = _try(action)
        found.append(Layer(name, problem is None, detail if problem is None else problem))
    made = cgroups.create(MAX_PROCESSES)
    cgroups.remove(made)
    detail = "one CPU and 64 processes per run" if len(made) == 2 else "no writable cgroup v1 pids and cpu"
    found.append(Layer("fairness", len(made) == 2, detail))
    if abi < 6:
        found.append(Layer("signals", False, f"Landlock ABI {abi} cannot stop signals to other processes"))
    return found
