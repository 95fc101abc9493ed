"""Progress records (bpcourse.classroom.progress): every check leaves one in a local file, a
student sees their own table, and on a hub each record is also sent to the class's progress
service without ever slowing down or failing a check.

The HTTP servers here are small stand-ins started by the tests: they only show what the kernel
sends and how it copes with a service that refuses the connection or never answers."""

import importlib
import json
import re
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import bpcourse as bp
from bpcourse import classroom
from bpcourse.classroom import check_exact_fit_bias, check_network_size

progress_module = importlib.import_module("bpcourse.classroom.progress")
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def network_size(sizes):
    pairs = list(zip(sizes, sizes[1:]))
    return sum((m + 1) * n for m, n in pairs), sum(m * n for m, n in pairs)


def wrong_network_size(sizes):
    return 0, 0


@pytest.fixture
def records(tmp_path, monkeypatch):
    """The record file of a student "ada" without a hub, and a kernel that has told nothing."""
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv("BPCOURSE_PROGRESS_FILE", str(path))
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    for name in ("BPCOURSE_PROGRESS", "BPCOURSE_PROGRESS_URL", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(progress_module, "_hub", progress_module._Hub())
    yield path
    hub = progress_module._hub  # its records go nowhere now: not to a later test's server
    hub.unsent.clear()
    while not hub.queue.empty():
        hub.queue.get_nowait()
        hub.queue.task_done()


def read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_check_call_appends_one_record_with_the_fields_of_the_protocol(records):
    check_network_size(network_size)
    [record] = read(records)
    assert set(record) == {"id", "student", "notebook", "check", "passed", "attempt", "time"}
    assert re.fullmatch(r"[0-9a-f]{32}", record["id"])
    assert record["student"] == "ada"
    assert record["notebook"] == "03_network_2_3_2"
    assert record["check"] == "check_network_size"
    assert record["passed"] is True
    assert record["attempt"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["time"])


def test_attempts_count_up_for_each_check_on_its_own(records):
    for _ in range(3):
        check_network_size(wrong_network_size)
    check_exact_fit_bias(lambda *args: 0.0)
    check_network_size(network_size)
    assert [(r["check"], r["attempt"]) for r in read(records)] == [
        ("check_network_size", 1), ("check_network_size", 2), ("check_network_size", 3),
        ("check_exact_fit_bias", 1), ("check_network_size", 4)]
    assert len({r["id"] for r in read(records)}) == 5


def test_attempts_count_the_records_another_kernel_wrote_to_the_same_file(records):
    check_network_size(wrong_network_size)
    with records.open("a", encoding="utf-8") as file:  # another notebook's kernel
        file.write(json.dumps({"id": "x", "check": "check_network_size", "passed": False}) + "\n")
    check_network_size(network_size)
    assert read(records)[-1]["attempt"] == 3


def test_attempts_start_again_in_a_new_record_file(records, monkeypatch):
    check_network_size(wrong_network_size)
    monkeypatch.setenv("BPCOURSE_PROGRESS_FILE", str(records.parent / "other.jsonl"))
    check_network_size(wrong_network_size)
    assert read(records.parent / "other.jsonl")[0]["attempt"] == 1


def test_a_passing_and_a_failing_call_are_recorded_as_such(records):
    assert check_network_size(network_size)
    assert not check_network_size(wrong_network_size)
    assert [r["passed"] for r in read(records)] == [True, False]


def test_a_check_returns_the_same_verdict_and_prints_nothing_without_a_hub(records, capsys):
    for answer in (network_size, wrong_network_size):
        verdict = check_network_size(answer)
        unrecorded = check_network_size.__wrapped__(answer)
        assert type(verdict) is type(unrecorded)
        assert (verdict.name, verdict.passed, verdict.message) == (
            unrecorded.name, unrecorded.passed, unrecorded.message)
    assert capsys.readouterr() == ("", "")


def test_every_exported_check_records_its_verdict_under_its_own_name(records):
    def stub(*args, **kwargs):
        raise NotImplementedError

    names = [name for name in classroom.__all__ if name.startswith("check_")]
    for name in names:
        check = getattr(classroom, name)
        assert check.__name__ == name
        check(stub)
        assert read(records)[-1]["check"] == name
    assert len(read(records)) == len(names)


def test_the_notebook_is_the_one_the_kernel_runs_when_it_calls_the_check(records, monkeypatch):
    monkeypatch.setattr(progress_module, "CHECKS", {"01_a": ("check_x",), "02_b": ("check_x",)})
    assert progress_module.notebook_of("check_x") == "01_a"
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/ada/course/02_b.ipynb")
    assert progress_module.notebook_of("check_x") == "02_b"
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/ada/course/Untitled.ipynb")
    assert progress_module.notebook_of("check_x") == "01_a"


def test_progress_shows_each_check_passed_tried_or_not_started(records):
    check_network_size(wrong_network_size)
    check_network_size(network_size)
    check_exact_fit_bias(lambda *args: 0.0)
    check_exact_fit_bias(lambda *args: 0.0)
    table = classroom.progress()
    rows = {check: (state, n) for _, check, state, n in table.rows}
    assert rows["check_network_size"] == ("passed", 2)
    assert rows["check_exact_fit_bias"] == ("tried", 2)
    assert rows["check_second_difference"] == ("not started", 0)
    assert len(table.rows) == sum(len(checks) for checks in progress_module.CHECKS.values())
    text = repr(table)
    assert text.startswith(f"Your progress: 1 of {len(table.rows)} checks passed (kept in ")
    assert "03_network_2_3_2: 1 of 2 passed" in text
    assert re.search(r"✅ check_network_size +passed \(2 attempts\)", text)
    assert re.search(r"❌ check_exact_fit_bias +tried \(2 attempts\)", text)
    assert re.search(r"check_second_difference +not started", text)
    page = table._repr_html_()
    assert "03_network_2_3_2: 1 of 2 passed" in page
    assert "<code>check_network_size</code>" in page and "passed (2 attempts)" in page


def test_progress_of_a_student_who_has_not_started_lists_every_check(records):
    assert {state for _, _, state, _ in classroom.progress().rows} == {"not started"}


def test_bp_classroom_progress_works_after_importing_bpcourse_alone(records):
    code = "import bpcourse as bp; print(repr(bp.classroom.progress()).splitlines()[0])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Your progress: 0 of ")
    assert bp.classroom.progress is classroom.progress


def test_checks_lists_what_the_notebooks_call_in_their_order():
    called = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            lines = "".join(cell["source"]).strip().splitlines()
            if (cell["cell_type"] == "code" and lines
                    and "solution" not in cell["metadata"].get("tags", [])
                    and (call := re.match(r"(check_\w+)\(", lines[-1]))):
                called.setdefault(path.stem, []).append(call[1])
    assert list(progress_module.CHECKS.items()) == [(k, tuple(v)) for k, v in called.items()]


def test_the_off_switch_records_nothing(records, monkeypatch):
    monkeypatch.setenv("BPCOURSE_PROGRESS", "off")
    assert check_network_size(network_size)
    assert not records.exists()


def test_an_unwritable_record_file_does_not_make_a_check_raise(records, monkeypatch, capsys):
    blocked = records.parent / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("BPCOURSE_PROGRESS_FILE", str(blocked / "progress.jsonl"))
    verdict = check_network_size(network_size)
    assert verdict.passed
    assert verdict.message == check_network_size.__wrapped__(network_size).message
    assert capsys.readouterr() == ("", "")


# --- on a hub ----------------------------------------------------------------------------------

class Service(BaseHTTPRequestHandler):
    """Answers every POST with the next status of ``statuses`` (then 201) and keeps what came."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, dict(self.headers), json.loads(body)))
        status = self.server.statuses.pop(0) if self.server.statuses else 201
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    server.received, server.statuses = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def on_a_hub(records, monkeypatch):
    """A kernel on a hub: the student's token; the service's URL is set by each test."""
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "ada-token")
    return records


def until(done, timeout=10):
    """Wait until ``done()`` (the background thread's work) is true."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert done()


def sent():
    """Wait until the background thread has handled every record."""
    until(lambda: not progress_module._hub.queue.unfinished_tasks)


def closed_port():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def fastest(call, times=5):
    """The shortest of a few calls, in seconds: what a call costs, without the machine's noise."""
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


A_FEW_MS = 0.005


def test_on_a_hub_each_record_is_posted_with_the_students_token(on_a_hub, monkeypatch, service):
    url = f"http://127.0.0.1:{service.server_port}/services/progress/"
    monkeypatch.setenv("BPCOURSE_PROGRESS_URL", url)
    assert check_network_size(network_size)
    sent()
    [(path, headers, body)] = service.received
    assert path == "/services/progress/api/records"
    assert headers["Authorization"] == "token ada-token"
    assert headers["Content-Type"] == "application/json"
    assert body == read(on_a_hub)[0]


def test_a_delivered_record_changes_nothing_in_the_verdict(on_a_hub, monkeypatch, service):
    monkeypatch.setenv("BPCOURSE_PROGRESS_URL", f"http://127.0.0.1:{service.server_port}")
    check_network_size(network_size)
    sent()
    verdict = check_network_size(network_size)
    assert verdict.message == check_network_size.__wrapped__(network_size).message


def told(verdict):
    return verdict.message.count("could not reach the class's progress service")


def test_an_unreachable_service_slows_no_check_and_the_student_is_told_once(on_a_hub,
                                                                            monkeypatch):
    alone = fastest(lambda: check_network_size(network_size))
    monkeypatch.setenv("BPCOURSE_PROGRESS_URL", f"http://127.0.0.1:{closed_port()}")
    verdicts = []
    assert fastest(lambda: verdicts.append(check_network_size(network_size))) < (
        alone + A_FEW_MS)
    sent()
    verdicts += [check_network_size(network_size) for _ in range(3)]
    assert sum(told(v) for v in verdicts) == 1
    [message] = [v.message for v in verdicts if told(v)]
    assert message == check_network_size.__wrapped__(network_size).message + (
        f"\n(your progress could not reach the class's progress service; it is kept in "
        f"{on_a_hub})")
    assert all(v.passed for v in verdicts)
    assert len(read(on_a_hub)) == 5 + 5 + 3


def test_a_service_that_never_answers_slows_no_check_and_the_student_is_told_once(
        on_a_hub, monkeypatch):
    alone = fastest(lambda: check_network_size(network_size))
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        monkeypatch.setenv("BPCOURSE_PROGRESS_URL", f"http://127.0.0.1:{silent.getsockname()[1]}")
        verdicts = []
        assert fastest(lambda: verdicts.append(check_network_size(network_size))) < (
            alone + A_FEW_MS)
        assert [told(v) for v in verdicts] == [0] * 5
        until(lambda: progress_module._hub.failed)  # the first record, after 2 s
        assert [told(check_network_size(network_size)) for _ in range(2)] == [1, 0]
    assert [r["attempt"] for r in read(on_a_hub)] == list(range(1, 5 + 5 + 2 + 1))


def test_a_record_that_did_not_arrive_is_sent_again_with_the_same_id(on_a_hub, monkeypatch,
                                                                     service):
    service.statuses = [503]  # the service is down for the first record
    monkeypatch.setenv("BPCOURSE_PROGRESS_URL", f"http://127.0.0.1:{service.server_port}")
    verdicts = [check_network_size(wrong_network_size)]
    sent()
    verdicts.append(check_network_size(network_size))
    sent()
    assert sum(told(v) for v in verdicts) == 1  # in this check's output, or the next one's
    first, second = (r["id"] for r in read(on_a_hub))
    assert [body["id"] for _, _, body in service.received] == [first, second, first]
