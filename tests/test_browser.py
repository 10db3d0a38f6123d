"""The released notebook as a student meets it: a real JupyterLab (and Notebook 7) server, headless Chromium typing
the forward question's answer, running all cells and reading the check's result from the page.

Needs Debian's /usr/bin/chromium and tests/browser/node_modules (playwright-core): `make browser` installs both,
and `make test` depends on it. The screenshot of each run is kept in test-artifacts/ at the repository root.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent
BROWSER = REPO / "tests" / "browser"
SCRIPT = BROWSER / "check_in_jupyterlab.mjs"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
ANSWER = "fc_out_alternative = x @ w.T + b"
SERVER_START_S = 60  # the server answers in about 2 s here
BROWSER_STEPS_MS = 60_000  # the node script's own bound; the kernel's first start (import torch) is a few seconds
BROWSER_S = 90  # and ours on the node script, above its own

# Nothing reaches outside: no news feed, no update check, an extension manager that asks no package index.
QUIET = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
# ...and the page does not ask whether to fetch the news (a user setting, in the server's own config folder).
NOTIFICATION_SETTINGS = {"fetchNews": "false", "checkForUpdates": False}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int, token: str) -> bool:
    """Whether the server answers GET /api/status with this token (loopback, never through a proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status", headers={"Authorization": f"token {token}"})
    try:
        with opener.open(request, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def processes_mentioning(text: str) -> dict[int, str]:
    """The live processes whose command line mentions text (the test's own temporary folder), by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found[int(entry.name)] = cmdline.strip()
    return found


def stop(process: subprocess.Popen) -> None:
    """End a process started in its own session and its whole group: SIGTERM, then SIGKILL after 15 s."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def sweep(home: Path) -> dict[int, str]:
    """Kill whatever still runs for this test, groups and all, and return what that was.

    Every process of the test mentions its folder: the server (its root), the kernel (its connection file in the
    runtime folder), node (its arguments), Chromium (its profile) — Chromium's helpers and the kernel run in process
    groups of their own, which is why this goes by command line and not by the groups we started.
    """
    left = processes_mentioning(f"{home}/")
    own = os.getpgrp()
    for pid in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            group = os.getpgid(pid)
            if group != own:
                os.killpg(group, signal.SIGKILL)
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while processes_mentioning(f"{home}/") and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@contextlib.contextmanager
def jupyter(app: str, root: Path, home: Path) -> Iterator[tuple[int, str]]:
    """`jupyter lab` or `jupyter notebook` serving root on 127.0.0.1 at a free port; yields (port, token).

    Its configuration, runtime and data folders and IPython's are under home, so no user setting reaches it.
    """
    token = secrets.token_hex(16)
    port = free_port()
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps(NOTIFICATION_SETTINGS))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    command = [
        str(BIN / "jupyter"), app, "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
        "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", *QUIET,
    ]
    log = home / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not answers(port, token):
            assert server.poll() is None, f"jupyter {app} ended with {server.returncode}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"jupyter {app} not up in {SERVER_START_S} s:\n{log.read_text()}"
            time.sleep(0.2)
        yield port, token
    finally:
        stop(server)


def run_browser(url: str, screenshot: Path, home: Path) -> dict:
    """The node script's JSON; it and its Chromium are stopped whatever happens."""
    command = [
        "node", str(SCRIPT), "--url", url, "--screenshot", str(screenshot),
        "--user-data-dir", str(home / "chromium-profile"), "--answer", ANSWER, "--timeout-ms", str(BROWSER_STEPS_MS),
    ]
    node = subprocess.Popen(
        command, cwd=BROWSER, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    try:
        out, err = node.communicate(timeout=BROWSER_S)
    except subprocess.TimeoutExpired:
        stop(node)
        out, err = node.communicate()
        pytest.fail(f"the browser script ran over {BROWSER_S} s\nstdout: {out}\nstderr: {err}")
    finally:
        stop(node)
    lines = out.strip().splitlines()
    assert lines, f"the browser script printed nothing (exit {node.returncode})\nstderr: {err}"
    try:
        return json.loads(lines[-1]) | {"exit": node.returncode, "stderr": err}
    except json.JSONDecodeError:
        pytest.fail(f"the browser script's last line is no JSON (exit {node.returncode})\nstdout: {out}\nstderr: {err}")


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; (0, 0) if the file is no PNG."""
    data = path.read_bytes()[:24]
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return (0, 0)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize(
    ("app", "path", "artifact"),
    [
        ("lab", "lab/tree/fc_layer.ipynb", "jupyterlab-fc_forward.png"),
        ("notebook", "notebooks/fc_layer.ipynb", "notebook7-fc_forward.png"),
    ],
    ids=["jupyterlab", "notebook7"],
)
def test_answer_typed_in_the_browser_passes_the_check(released_course, tmp_path, app, path, artifact):
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make browser` installs Debian's chromium"
    assert (BROWSER / "node_modules" / "playwright-core").is_dir(), "playwright-core is missing: run `make browser`"
    assert shutil.which("node"), "node is not on PATH"
    root = tmp_path / "student"
    root.mkdir()
    shutil.copy(released_course.release_notebook("fc_layer"), root / "fc_layer.ipynb")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / artifact
    screenshot.unlink(missing_ok=True)

    started = time.monotonic()
    try:
        with jupyter(app, root, tmp_path) as (port, token):
            server_up = time.monotonic() - started
            result = run_browser(f"http://127.0.0.1:{port}/{path}?token={token}", screenshot, tmp_path)
    finally:
        left = sweep(tmp_path)
    print(f"jupyter {app}: server up in {server_up:.1f} s, all done in {time.monotonic() - started:.1f} s")
    print(f"screenshot: {screenshot}")
    print(json.dumps(result, ensure_ascii=False, indent=1))

    assert not left, f"processes outlived the test (killed now): {left}"
    assert result["ok"] and result["exit"] == 0, f"the browser script failed: {result['error']}\n{result['stderr']}"
    assert result["answer_text"].strip() == ANSWER, f"the answer cell reads {result['answer_text']!r}"
    output = result["check_output"]
    assert "fc_forward: 1 / 1" in output, f"the check did not give the typed answer its point:\n{output}"
    passed = [line for line in output.splitlines() if "✓" in line and "fc_out_alternative" in line]
    assert passed, f"the check's output has no ✓ line for fc_out_alternative:\n{output}"
    assert "✗" not in output, f"the check's output reports a failed part:\n{output}"
    assert result["outside_requests"] == [], f"the page asked for outside addresses: {result['outside_requests']}"
    assert screenshot.is_file() and screenshot.stat().st_size > 0, f"no screenshot at {screenshot}"
    assert png_size(screenshot) == (1280, 1000), f"{screenshot} is no 1280x1000 PNG: {png_size(screenshot)}"
