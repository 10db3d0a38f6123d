"""Hostile submissions: one per attack or bad input, each with its exact outcome, all graded in one run.

Around the run the test checks what the sandbox promises: the course's and the grader's files are as they
were, a loopback listener got no connection, submitted/ is unchanged, and no process a submission started
is still alive.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import threading
import time

import nbformat
import pytest

from autograder.course import load_course
from autograder.grade import grade
from tests.conftest import REPO, answer, copy_course, released_notebook

FWD = "fc_out_alternative = x @ w.T + b"
BWD = "our_formula = (x @ w.T + b).sum()\nour_formula.backward()"
FULL = {"fc_forward": 1.0, "fc_backward": 2.0}
NO_FWD = {"fc_forward": 0.0, "fc_backward": 2.0}
NO_BWD = {"fc_forward": 1.0, "fc_backward": 0.0}
RAISED = "ячейка с ответом завершилась ошибкой"


def attack(code: str, where: str = "fc_forward") -> dict:
    """The correct notebook with `code` run first in one answer cell."""
    answers = {"fc_forward": FWD, "fc_backward": BWD}
    answers[where] = code + "\n" + answers[where]
    return {"answers": answers}


# id: (submission, expected scores, a phrase the feedback or reason must hold, or None)
ATTACKS = {
    # files: nothing of the course or the grader can be read or written
    "read_solutions": (attack("open('{repo}/solutions/fc_layer.py').read()"), NO_FWD, "PermissionError"),
    "read_hidden_checks": (attack("open('{repo}/autograder/checks/fc_layer/test_fc_forward.py').read()"),
                           NO_FWD, "PermissionError"),
    "list_checks_folder": (attack("import os\nos.listdir('{repo}/autograder/checks')"), NO_FWD, "PermissionError"),
    "import_solutions": (attack("import solutions.fc_layer"), NO_FWD, RAISED),
    "read_gradebook": (attack("open('{course}/gradebook.db', 'rb').read()"), NO_FWD, "PermissionError"),
    "read_source_notebook": (attack("open('{course}/assignments/fc_layer/fc_layer.ipynb').read()"), NO_FWD,
                             "PermissionError"),
    "read_other_submission": (attack("open('{course}/submitted/ok_reference/fc_layer/fc_layer.ipynb').read()"),
                              NO_FWD, "PermissionError"),
    "read_autograded": (attack("import os\nos.listdir('{course}/autograded')"), NO_FWD, "PermissionError"),
    "write_course": (attack("open('{course}/hacked.txt', 'w').write('x')"), NO_FWD, "PermissionError"),
    "write_tmp": (attack("open('/tmp/autograder-hacked.txt', 'w').write('x')"), NO_FWD, "PermissionError"),
    "write_home": (attack("open('/root/hacked.txt', 'w').write('x')"), NO_FWD, "PermissionError"),
    "scratch_is_writable": (attack("open('notes.txt', 'w').write('my notes')\nassert open('notes.txt').read()"),
                            FULL, None),
    "public_release_readable": (attack("assert open('{course}/release/fc_layer/fc_layer.ipynb').read()"),
                                FULL, None),
    # network
    "connect_loopback": (attack("import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)"),
                         NO_FWD, RAISED),
    "download": (attack("import urllib.request\nurllib.request.urlopen('https://pypi.org/simple/', timeout=3)"),
                 NO_FWD, RAISED),
    "udp_send": (attack("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
                        ".sendto(b'x', ('127.0.0.1', {port}))"), NO_FWD, RAISED),
    "pip_install": (attack("!pip install requests"), NO_FWD, "сети нет"),
    "pip_magic": (attack("%pip install requests"), NO_FWD, "сети нет"),
    # processes
    # in its PID namespace the run is PID 1: its parent is out of reach and it cannot kill itself by signal
    "kill_parent": (attack("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"), FULL, None),
    "kill_grader": (attack("import os, signal\nos.kill(1, signal.SIGKILL)\nos.kill({grader}, signal.SIGKILL)"),
                    NO_FWD, RAISED),
    "kill_itself": (attack("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "fc_backward"), FULL, None),
    "kill_own_group": (attack("import os, signal\nos.killpg(0, signal.SIGKILL)", "fc_backward"), FULL, None),
    "os_exit": (attack("import os\nos._exit(0)", "fc_backward"), NO_BWD, "процесс тетрадки завершился"),
    "sys_exit": (attack("import sys\nsys.exit(3)", "fc_backward"), NO_BWD, "SystemExit"),
    "fork_bomb": (attack("import os\nfor _ in range(100000):\n    os.fork()", "fc_backward"), NO_BWD, None),
    "setsid_daemon": (attack("import os\nif os.fork() == 0:\n    os.setsid()\n"
                             "    os.execvp('sleep', ['sleep', '4242'])"), FULL, None),
    "double_fork_daemon": (attack("import os, signal\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                                  "        signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                                  "        os.execvp('sleep', ['sleep', '4343'])\n    os._exit(0)"), FULL, None),
    "endless_thread": (attack("import threading, time\nthreading.Thread(target=time.sleep, args=(10**6,)).start()"),
                       FULL, None),
    "ignore_signals_and_loop": (attack("import signal\nfor s in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):\n"
                                       "    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass", "fc_backward"),
                                NO_BWD, "дольше 6 с"),
    "block_alarm_and_loop": (attack("import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGALRM}})\n"
                                    "while True:\n    pass", "fc_backward"), NO_BWD, "дольше 6 с"),
    "endless_loop": (attack("while True:\n    pass"), NO_FWD, "CellTimeout"),
    "input": (attack("name = input('name? ')"), NO_FWD, "input() при проверке не работает"),
    # resources
    "memory": (attack("hog = bytearray(20 * 2**30)"), NO_FWD, "MemoryError"),
    "tensor_memory": (attack("hog = torch.ones(10**11)"), NO_FWD, RAISED),
    "open_files": (attack("handles = [open('/dev/null') for _ in range(100000)]"), NO_FWD, "Too many open files"),
    "huge_file": (attack("open('big.bin', 'wb').write(b'0' * (100 * 2**20))"), NO_FWD, "File too large"),
    "print_gigabytes": (attack("while True:\n    print('x' * 10000)"), NO_FWD, "вывод ячейки слишком длинный"),
    # tampering with what the grader uses in the student's process
    "patch_torch": ({"answers": {"fc_forward": "torch.allclose = lambda *a, **k: True\n"
                                               "torch.equal = lambda *a, **k: True\n"
                                               "torch.Tensor.__eq__ = lambda *a: True\nfc_out_alternative = x @ w.T",
                                 "fc_backward": BWD}}, NO_FWD, "прибавить bias"),
    "patch_probe": (attack("import sys, torch\nsys.modules['autograder.execute'].run_probe = "
                           "lambda *a: {{'fc_out_alternative': torch.tensor([[381., 682., 983.]])}}"),
                    {"fc_forward": 0.0, "fc_backward": 0.0}, "захардкожен"),
    "patch_wire": (attack("import sys\nsys.modules['autograder.wire'].encode_data = lambda d: b'garbage'"),
                   {"fc_forward": 0.0, "fc_backward": 0.0}, None),
    "fake_tensor": ({"answers": {"fc_forward": "class Liar:\n    def __eq__(self, o): return True\n"
                                               "    def __float__(self): return 381.0\n"
                                               "    def __array__(self, *a): return [[381.0, 682.0, 983.0]]\n"
                                               "fc_out_alternative = Liar()", "fc_backward": BWD}},
                    NO_FWD, "ожидался torch.Tensor, получено Liar"),
    "torch_function_liar": ({"answers": {"fc_forward": "class Liar(torch.Tensor):\n    @classmethod\n"
                                                       "    def __torch_function__(cls, f, t, a=(), k=None):\n"
                                                       "        return torch.tensor([[381., 682., 983.]])\n"
                                                       "fc_out_alternative = (x @ w.T).as_subclass(Liar)",
                                         "fc_backward": BWD}}, NO_FWD, None),
    "nan": ({"answers": {"fc_forward": "fc_out_alternative = x @ w.T + b * float('nan')", "fc_backward": BWD}},
            NO_FWD, "NaN или inf"),
    # the submission's metadata is not trusted
    "metadata_points_and_tests": ({"tamper": "points"}, NO_FWD, None),
    "duplicated_grade_id": ({"tamper": "duplicate"}, FULL, None),
    "flipped_cell_type": ({"tamper": "markdown"}, NO_FWD, "значение не задано"),
    "locked_cells_deleted": ({"tamper": "delete_locked"}, FULL, None),
    "metadata_stripped": ({"tamper": "strip"}, FULL, None),
    "checksums_forged": ({"tamper": "checksums"}, FULL, None),
    "outputs_prefilled": ({"tamper": "outputs"}, {"fc_forward": 0.0, "fc_backward": 0.0}, "не решено"),
    # bad input: each gets a row and a reason a student can read
    "not_json": ({"file": "this is not json"}, {"fc_forward": 0.0, "fc_backward": 0.0}, "не удаётся прочитать"),
    "empty_file": ({"file": ""}, {"fc_forward": 0.0, "fc_backward": 0.0}, "не удаётся прочитать"),
    "old_nbformat": ({"tamper": "v3"}, FULL, None),
    "python_file": ({"python": FWD}, {"fc_forward": 0.0, "fc_backward": 0.0}, "есть: fc_layer.py"),
    "huge_notebook": ({"tamper": "huge"}, {"fc_forward": 0.0, "fc_backward": 0.0}, "больше допустимых 20 МБ"),
    "no_notebook": ({"empty_folder": True}, {"fc_forward": 0.0, "fc_backward": 0.0}, "нет fc_layer.ipynb"),
    "two_other_notebooks": ({"two": True}, {"fc_forward": 0.0, "fc_backward": 0.0}, "a.ipynb, b.ipynb"),
    "Иван Петров": (attack("print('привет')"), FULL, None),
    "magics": (attack("%time y = 1 + 1\n%matplotlib inline"), FULL, None),
    "ok_reference": (attack(""), FULL, None),
}


def build(course, student: str, spec: dict, port: int) -> None:
    folder = course.root / "submitted" / student / "fc_layer"
    folder.mkdir(parents=True)
    released = released_notebook(course, "fc_layer")
    if "file" in spec:
        (folder / "fc_layer.ipynb").write_text(spec["file"])
        return
    if "python" in spec:
        (folder / "fc_layer.py").write_text(spec["python"])
        return
    if spec.get("empty_folder"):
        return
    if spec.get("two"):
        for name in ("a.ipynb", "b.ipynb"):
            nbformat.write(released, folder / name)
        return
    fields = {"repo": REPO, "course": course.root, "port": port, "grader": os.getpid()}
    given = spec.get("answers", {"fc_forward": FWD, "fc_backward": BWD})
    answers = {q: code.format(**fields) for q, code in given.items()}
    notebook = answer(released, **answers)
    tamper(notebook, spec.get("tamper"))
    if spec.get("tamper") == "v3":
        (folder / "fc_layer.ipynb").write_text(nbformat.writes(nbformat.convert(notebook, 3)))
    elif spec.get("tamper") == "huge":
        output = nbformat.v4.new_output("stream", text="x" * (50 * 2**20))
        notebook.cells.insert(0, nbformat.v4.new_code_cell("pass", outputs=[output]))
        nbformat.write(notebook, folder / "fc_layer.ipynb")
    else:
        nbformat.write(notebook, folder / "fc_layer.ipynb")


def tamper(notebook: nbformat.NotebookNode, how: str | None) -> None:
    cells = notebook.cells
    meta = [c.metadata.get("nbgrader", {}) for c in cells]
    if how == "points":  # wrong answer, test cells made no-ops worth 100 points
        for cell, m in zip(cells, meta, strict=True):
            if m.get("grade_id") == "fc_forward_answer":
                cell.source = "fc_out_alternative = x @ w.T"
            if m.get("grade"):
                cell.source, m["points"] = "1.0", 100
    elif how == "duplicate":  # a second cell claims to be the answer: the first one counts
        index = next(i for i, m in enumerate(meta) if m.get("grade_id") == "fc_forward_answer")
        twin = nbformat.from_dict(cells[index])
        twin.source = "fc_out_alternative = x @ w.T"
        cells.insert(index + 1, twin)
    elif how == "markdown":
        for cell, m in zip(cells, meta, strict=True):
            if m.get("grade_id") == "fc_forward_answer":
                cell.cell_type = "markdown"
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
    elif how == "delete_locked":
        notebook.cells = [c for c, m in zip(cells, meta, strict=True) if not m.get("locked")]
    elif how == "strip":
        for cell in cells:
            cell.metadata.pop("nbgrader", None)
    elif how == "checksums":
        for m in meta:
            m["checksum"], m["grade"], m["solution"] = "0" * 32, False, True
    elif how == "outputs":  # an untouched release claiming full marks in its outputs
        for cell, m in zip(cells, meta, strict=True):
            if m.get("grade_id") in ("fc_forward_answer", "fc_backward_answer"):
                cell.source = "# YOUR CODE HERE\nraise NotImplementedError()"
            if cell.cell_type == "code":
                cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2.0"}, execution_count=1)]


def fingerprint(paths: list) -> dict[str, str]:
    found = {}
    for root in paths:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def sleepers() -> list[str]:
    """Processes left by the daemon attacks (they exec `sleep 4242` / `sleep 4343`)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if cmdline.startswith(("sleep 4242", "sleep 4343")):
                found.append(f"{entry}: {cmdline}")
    return found


class Listener:
    """A loopback TCP and UDP listener that counts what reaches it."""

    def __init__(self) -> None:
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.tcp.settimeout(0.2)
        self.udp.settimeout(0.2)
        self.received, self.running = 0, True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while self.running:
            for receive in (self.tcp.accept, lambda: self.udp.recvfrom(10)):
                try:
                    receive()
                    self.received += 1
                except OSError:
                    pass

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.tcp.close()
        self.udp.close()


@pytest.fixture(scope="module")
def hostile(released_course, tmp_path_factory):
    course = copy_course(released_course, tmp_path_factory.mktemp("hostile") / "course")
    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write("\nc.Autograder.cell_timeout = 1.0\nc.Autograder.submission_timeout = 6.0\n")
    course = load_course(course.root)
    listener = Listener()
    for student, (spec, _, _) in ATTACKS.items():
        build(course, student, spec, listener.port)
    protected = [course.root / "assignments", course.root / "release", course.root / "nbgrader_config.py",
                 REPO / "solutions", REPO / "autograder" / "checks"]
    before, submitted = fingerprint(protected), fingerprint([course.root / "submitted"])
    started = time.monotonic()
    results = {g.student: g for g in grade(course, "fc_layer", jobs=2)}
    elapsed = time.monotonic() - started
    time.sleep(0.5)
    listener.close()
    yield {"course": course, "results": results, "elapsed": elapsed, "listener": listener,
           "unchanged": fingerprint(protected) == before, "submitted": fingerprint([course.root / "submitted"])
           == submitted, "sleepers": sleepers()}
    shutil.rmtree(course.root / "submitted", ignore_errors=True)


def test_there_are_at_least_40_attacks():
    assert len(ATTACKS) >= 40


@pytest.mark.parametrize("student", ATTACKS)
def test_outcome(hostile, student):
    _, scores, phrase = ATTACKS[student]
    result = hostile["results"][student]
    got = {name: q.score for name, q in result.questions.items()}
    text = "\n".join([result.reason or ""] + [q.feedback for q in result.questions.values()])
    assert got == scores, f"{student}: {got}\n{text}"
    if phrase:
        assert phrase in text, f"{student}: {phrase!r} not in\n{text}"


def test_every_submission_has_a_gradebook_row(hostile):
    from autograder.export import records

    rows = {r["student_id"]: r for r in records(hostile["course"], "fc_layer")}
    assert set(ATTACKS) <= set(rows)
    assert all(rows[s]["status"] in ("graded", "error") for s in ATTACKS)


def test_nothing_of_the_course_or_the_grader_changed(hostile):
    assert hostile["unchanged"], "a protected file changed"
    assert hostile["submitted"], "submitted/ was modified"
    assert not (hostile["course"].root / "hacked.txt").exists()
    assert not os.path.exists("/tmp/autograder-hacked.txt")


def test_the_network_was_never_reached(hostile):
    assert hostile["listener"].received == 0


def test_no_process_of_a_submission_is_left(hostile):
    assert hostile["sleepers"] == []


def test_the_run_finished_in_reasonable_time(hostile):
    assert set(hostile["results"]) == set(ATTACKS)
    state = json.loads((hostile["course"].autograded_dir("ok_reference", "fc_layer") / "autograder.json").read_text())
    assert state["questions"]["fc_forward"]["score"] == 1.0
