"""A class on a real JupyterHub: the student edition handed out with an nbgitpuller link.

The test starts ``jupyterhub -f hub/jupyterhub_config.py`` (pinned jupyterhub, and the pinned
configurable-http-proxy of hub/package-lock.json) on 127.0.0.1 with free ports, publishes the
student edition as a git repository in a temporary folder (``file://``, as a hub would pull it
from GitHub), and lets simulated students (hub/local_hub.py) do what their browsers do. Every
process the hub started is stopped by its process id afterwards, even after a failure.

Needs node and npm (for configurable-http-proxy) and git; skipped without them.
"""

import contextlib
import csv
import io
import json
import shutil
import threading
import time
import types
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from traitlets import Integer, Unicode

from bpcourse.classroom.progress import CHECKS
from hub.class_spawner import MAX_RUNTIME_DIR, PortLedger, free_port
from hub.local_hub import HEAVIEST_NOTEBOOK, INSTRUCTOR, LocalHub, Student, install_proxy
from tools.repository import STUDENT_FOLDER, nbgitpuller_url
from tools.student_repo import update_student_repo

ROOT = Path(__file__).resolve().parent.parent
CLASS = [f"student-{n}" for n in range(1, 6)]
HEAVIEST = f"{STUDENT_FOLDER}/{HEAVIEST_NOTEBOOK}"
CORRECTION = "*(Corrected during the course: a sentence the instructor added.)*"
ANSWER = "    return None  # my own answer, student-1"

# the hub tests are slow: not in `make check`; --dist loadscope keeps the module on one worker
slow = pytest.mark.slow


class Ledgered(PortLedger):
    """Just the ledger, on a stand-in for a spawner's ``ip`` and ``port``."""
    ip = Unicode("127.0.0.1")
    port = Integer(0)


def test_the_ledger_never_lets_a_second_server_have_a_port_another_holds():
    first, second = Ledgered(), Ledgered()
    try:
        first.port = taken = free_port()
        second.port = taken  # as if the kernel handed out the same free port twice
        assert first.port == taken and second.port not in (0, taken)
        assert PortLedger.given >= {first.port, second.port}
    finally:
        first.release_port()
        second.release_port()


def test_a_port_is_free_for_another_server_once_its_server_stopped():
    first, second = Ledgered(), Ledgered()
    first.port = taken = free_port()
    first.release_port()
    second.port = taken
    assert second.port == taken
    second.release_port()
    assert taken not in PortLedger.given


def test_a_runtime_folder_is_short_enough_for_every_kernel_socket():
    assert len(f"/tmp/{'x' * (MAX_RUNTIME_DIR - 5)}/kernel-{uuid.uuid4()}-ipc-65535") <= 107


@pytest.fixture(scope="module")
def student_repo(tmp_path_factory):
    """The student edition, committed as ``make student-repo`` does, where the hub pulls it."""
    repo = tmp_path_factory.mktemp("published") / "student-repo"
    update_student_repo(repo)
    return repo


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("the hub tests need git (nbgitpuller runs it)")
    try:
        install_proxy()
    except RuntimeError as error:
        pytest.skip(f"the hub tests need configurable-http-proxy: {error}")
    with LocalHub(tmp_path_factory.mktemp("hub")) as running:
        yield running


@pytest.fixture(scope="module")
def link(hub, student_repo):
    return nbgitpuller_url(hub.url, url=student_repo.as_uri())


@pytest.fixture(scope="module")
def the_class(hub, link):
    """Five students who log in, follow the link, open the heaviest notebook and press
    *Run All Cells*, all at the same moment."""
    students = [Student(hub, name) for name in CLASS]
    everyone_ready = threading.Barrier(len(students), timeout=600)

    def lesson(student):
        try:
            student.log_in()
            student.open_link(link)
            files = student.files(STUDENT_FOLDER)
            kernel = student.start_kernel(HEAVIEST)
        except Exception:
            everyone_ready.abort()  # the others stop waiting; this error is the one reported
            raise
        everyone_ready.wait()
        run = student.run_notebook(HEAVIEST, kernel,
                                   extra=["import bpcourse\nprint(bpcourse.__file__)"])
        return files, kernel, run

    with ThreadPoolExecutor(len(students)) as pool:
        futures = [pool.submit(lesson, student) for student in students]
    errors = [f.exception() for f in futures if f.exception() is not None]
    if errors:  # the first error that is not a student left waiting by another's failure
        raise next((e for e in errors if not isinstance(e, threading.BrokenBarrierError)),
                   errors[0])
    return {student.name: (student, *future.result())
            for student, future in zip(students, futures)}


@slow
def test_every_student_finds_the_student_edition_in_their_home(the_class, hub):
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for name, (_, files, _, _) in the_class.items():
        assert set(notebooks) <= set(files), name
        assert {"bpcourse", "requirements.txt", "README.md"} <= set(files), name
        folder = hub.homes / name / STUDENT_FOLDER
        assert (folder / ".git").is_dir()
        cells = json.loads((folder / HEAVIEST_NOTEBOOK).read_text(encoding="utf-8"))["cells"]
        assert not [c for c in cells if "solution" in c["metadata"].get("tags", [])]


@slow
def test_five_students_run_the_heaviest_notebook_at_once_without_an_error(the_class):
    for name, (_, _, _, run) in the_class.items():
        assert run.errors == [], f"{name}: {run.errors}"
        assert run.cells > 20


@slow
def test_the_notebooks_import_bpcourse_from_the_students_own_copy(the_class, hub):
    for name, (_, _, _, run) in the_class.items():
        imported = Path(run.outputs[-1].strip())
        assert imported == hub.homes / name / STUDENT_FOLDER / "bpcourse" / "__init__.py"


@slow
def test_every_exercise_says_not_implemented_yet_in_the_student_edition(the_class):
    _, _, _, run = the_class["student-1"]
    verdicts = [text for text in run.outputs if "not implemented yet" in text]
    assert verdicts, "no check cell ran"


@slow
def test_kernels_talk_to_their_servers_over_unix_sockets_in_a_folder_per_student(the_class, hub):
    processes = hub.student_processes()
    assert set(processes) == set(CLASS)
    for name, found in processes.items():
        (kernel,) = found["kernels"]
        (connection,) = (hub.runtime / name).glob("kernel-*.json")
        assert json.loads(connection.read_text())["transport"] == "ipc"
        sockets = {c.laddr for c in kernel.net_connections(kind="unix") if c.laddr}
        assert len(sockets) == 5, name  # shell, iopub, stdin, control, heartbeat
        assert all(s.startswith(f"{hub.runtime / name}/kernel-") for s in sockets), sockets


@slow
def test_every_server_has_a_port_of_its_own(the_class, hub):
    ports = [port for found in hub.student_processes().values()
             for port in {c.laddr.port for c in found["server"].net_connections(kind="tcp")
                          if c.status == "LISTEN"}]
    assert len(ports) == len(CLASS) == len(set(ports))


@slow
def test_a_correction_mid_course_reaches_a_student_and_keeps_their_answer(
        the_class, student_repo, link, tmp_path):
    student = the_class["student-1"][0]
    # the student writes an exercise and saves (as Ctrl+S in JupyterLab)
    notebook = student.read_notebook(HEAVIEST)
    stub = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code"
                and "raise NotImplementedError" in cell["source"])
    stub["source"] = "\n".join(ANSWER if "raise NotImplementedError" in line else line
                               for line in stub["source"].splitlines())
    student.save_notebook(HEAVIEST, notebook)
    # meanwhile the instructor corrects the notebook's first text cell and republishes
    notebooks = shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    source = json.loads((notebooks / HEAVIEST_NOTEBOOK).read_text(encoding="utf-8"))
    title = next(cell for cell in source["cells"] if cell["cell_type"] == "markdown")
    title["source"] = [*title["source"], "\n", "\n", CORRECTION]
    (notebooks / HEAVIEST_NOTEBOOK).write_text(
        json.dumps(source, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _, changed = update_student_repo(student_repo, notebooks=notebooks)
    assert changed
    # the student opens the course's link again
    student.open_link(link)
    cells = student.read_notebook(HEAVIEST)["cells"]
    assert CORRECTION in next(c for c in cells if c["cell_type"] == "markdown")["source"]
    assert any(ANSWER in cell["source"] for cell in cells if cell["cell_type"] == "code")
    # a student who changed nothing simply gets the correction
    other = the_class["student-2"][0]
    other.open_link(link)
    cells = other.read_notebook(HEAVIEST)["cells"]
    assert CORRECTION in next(c for c in cells if c["cell_type"] == "markdown")["source"]


# --- the progress service (hub/progress_service.py): the students' checks, the instructor's page

PROGRESS = "/services/progress/"
SECOND_DIFFERENCE = "def answer(f, x, h=1e-4):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2"
CHAIN_RULE = """def answer(x, w, b1, u, b2, t):
    import math
    h = 1 / (1 + math.exp(-(w * x + b1)))
    y = 1 / (1 + math.exp(-(u * h + b2)))
    return (y - t) * y * (1 - y) * u * h * (1 - h) * x"""
RIGHT = {"check_second_difference": SECOND_DIFFERENCE, "check_two_neuron_chain_rule": CHAIN_RULE}
WRONG = "def answer(*args, **kwargs):\n    return 0.0"
PLAN = {  # what each student tries in notebook 01's checks, right (True) or wrong, in order
    "student-1": [("check_second_difference", True), ("check_two_neuron_chain_rule", True)],
    "student-2": [("check_second_difference", False), ("check_second_difference", True),
                  ("check_two_neuron_chain_rule", False)],
    "student-3": [("check_second_difference", False), ("check_second_difference", False)],
    "student-4": [("check_two_neuron_chain_rule", True)],
    "student-5": [],
}
# notebook 01's cells of the grid that PLAN gives: (state, attempts); the rest not started
PLANNED = {
    ("student-1", "check_second_difference"): ("passed", 1),
    ("student-1", "check_two_neuron_chain_rule"): ("passed", 1),
    ("student-2", "check_second_difference"): ("passed", 2),
    ("student-2", "check_two_neuron_chain_rule"): ("tried", 1),
    ("student-3", "check_second_difference"): ("tried", 2),
    ("student-4", "check_two_neuron_chain_rule"): ("passed", 1),
}
COLUMNS = [(notebook, check) for notebook, checks in CHECKS.items() for check in checks]


def check_call(check, right):
    answer = RIGHT[check] if right else WRONG
    return f"from bpcourse.classroom import {check}\n{answer}\n{check}(answer)"


def expected_cells(records):
    """``{(notebook, check): "passed" | "tried"}`` of one student's records."""
    cells = {}
    for record in records:
        key = (record["notebook"], record["check"])
        cells[key] = "passed" if record["passed"] or cells.get(key) == "passed" else "tried"
    return cells


def reporter(hub, name):
    """Where ``name``'s kernels send their records, and the headers they send with them (their
    server's token, which the kernels inherit)."""
    environment = hub.student_processes()[name]["server"].environ()
    return (f"{environment['BPCOURSE_PROGRESS_URL']}/api/records",
            {"Authorization": f"token {environment['JUPYTERHUB_API_TOKEN']}"})


def a_record(student, **changes):
    return {"id": uuid.uuid4().hex, "student": student, "notebook": "01_chain_rule",
            "check": "check_second_difference", "passed": True, "attempt": 1,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **changes}


def wait_for_delivery(hub, timeout=120):
    """Until the service has stored every record the students' kernels wrote into their homes
    (the kernels send them from a background thread)."""
    deadline = time.monotonic() + timeout
    while True:
        written = {r["id"] for name in CLASS for r in hub.written_records(name)}
        missing = written - {row[0] for row in hub.stored_records()}
        if not missing:
            return written
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(missing)} of {len(written)} records never arrived")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def checks_run(the_class, hub):
    """After the heaviest notebook (whose exercises are stubs), each student's kernel calls
    notebook 01's checks as PLAN says, the whole class at once; returns each one's outputs."""
    def practise(name):
        student, _, kernel, _ = the_class[name]
        return student.run_code(kernel, [check_call(check, right) for check, right in PLAN[name]])

    with ThreadPoolExecutor(len(CLASS)) as pool:
        runs = dict(zip(CLASS, pool.map(practise, CLASS)))
    wait_for_delivery(hub)
    return runs


@pytest.fixture(scope="module")
def instructor(hub):
    """The instructor (group ``instructors``), logged in with the class's password, through the
    hub's OAuth on the service's page."""
    teacher = Student(hub, INSTRUCTOR)
    teacher.log_in()
    page = teacher._follow(f"{hub.url}{PROGRESS}")
    assert page.status_code == 200, page.text[:500]
    return teacher


def read(user, path, status=200):
    response = user.session.get(f"{user.hub.url}{PROGRESS}{path}", timeout=60)
    assert response.status_code == status, response.text[:500]
    return response


# --- the progress service in this process, with a stand-in for the hub's authentication -----

class StubAuth:
    """Stands in for the hub: the token ``token-<name>`` is <name>'s, with the service's scope;
    the hub's user list cannot be read (nothing listens on its URL)."""
    access_scopes = {"access:services!service=progress"}
    api_url = f"http://127.0.0.1:{free_port()}/hub/api/"
    api_token = "service-token"

    def get_token(self, handler, in_cookie=True):
        return handler.request.headers.get("Authorization", "").removeprefix("token ")

    async def user_for_token(self, token, sync=True, **kwargs):
        if token.startswith("token-"):
            return {"kind": "user", "name": token.removeprefix("token-"),
                    "scopes": sorted(self.access_scopes)}
        return None

    def check_scopes(self, required, user):
        return set(required) & set(user["scopes"])


@pytest.fixture
def local_service(tmp_path):
    """hub/progress_service.py's application on a free port of 127.0.0.1, in a thread of this
    process, storing into a file in ``tmp_path``: ``(URL of api/records, the SQLite file)``."""
    import asyncio

    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from tornado.netutil import bind_sockets

    from hub.progress_service import Store, make_app

    path, running, ready = tmp_path / "progress.sqlite", {}, threading.Event()

    def serve():
        asyncio.set_event_loop(asyncio.new_event_loop())
        store = Store(path)
        server = HTTPServer(make_app(store, CHECKS, PROGRESS, auth=StubAuth()))
        sockets = bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        running.update(port=sockets[0].getsockname()[1], loop=IOLoop.current())
        ready.set()
        running["loop"].start()
        server.stop()
        store.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(30)
    yield f"http://127.0.0.1:{running['port']}{PROGRESS}api/records", path
    running["loop"].add_callback(running["loop"].stop)
    thread.join(30)


def stored_ids(path):
    import sqlite3
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT id FROM records")]


def test_a_class_reporting_at_once_has_every_record_stored_exactly_once(local_service):
    url, path = local_service
    records = [a_record(f"student-{n}", attempt=k + 1) for n in range(20) for k in range(10)]

    def send(record):
        return requests.post(url, json=record, timeout=60,
                             headers={"Authorization": f"token token-{record['student']}"}
                             ).status_code

    with ThreadPoolExecutor(40) as pool:  # every record twice, all at once
        answers = list(pool.map(send, records + records))
    assert sorted(answers) == [200] * len(records) + [201] * len(records)
    assert sorted(stored_ids(path)) == sorted(r["id"] for r in records)


def test_a_check_counts_its_attempts_up_to_the_first_pass():
    from hub.progress_service import summarise

    def tries(student, *passed):
        return [a_record(student, passed=p, attempt=k + 1) for k, p in enumerate(passed)]

    records = tries("ada", False, False, True, False) + tries("bob", False) + tries("cy", True)
    grid = summarise(records, ["ada", "bob", "cy", "dee"], {"01_chain_rule": CHECKS[
        "01_chain_rule"]})
    assert [row["cells"][0] for row in grid["students"]] == ["passed", "tried", "passed", ""]
    assert [row["attempts"][0] for row in grid["students"]] == [3, 1, 1, 0]
    first = grid["columns"][0]
    assert (first["passed"], first["stuck"], first["median_attempts"]) == (2, 1, 1)
    assert grid["stuck"] == [0]


def test_the_gradebook_quotes_a_name_a_spreadsheet_would_run_as_a_formula():
    from hub.progress_service import grades_csv, summarise

    grid = summarise([a_record("=1+1")], ["=1+1", "ada"], {"01_chain_rule": ("check_x",)})
    rows = list(csv.reader(io.StringIO(grades_csv(grid))))
    assert [row[0] for row in rows] == ["student", "'=1+1", "ada"]


@slow
def test_the_instructors_grid_shows_exactly_the_checks_the_students_ran(checks_run, instructor,
                                                                        hub):
    for name, run in checks_run.items():
        assert run.errors == [], name
        verdicts = [text.lstrip()[:1] for text in run.outputs]
        assert verdicts == ["✅" if right else "❌" for _, right in PLAN[name]], name
    grid = read(instructor, "api/grid").json()
    assert [(c["notebook"], c["check"]) for c in grid["columns"]] == COLUMNS
    assert [row["name"] for row in grid["students"]] == CLASS  # not the instructor
    for row in grid["students"]:
        written = expected_cells(hub.written_records(row["name"]))
        assert dict(zip(COLUMNS, row["cells"])) == {c: written.get(c, "") for c in COLUMNS}
        for i, (notebook, check) in enumerate(COLUMNS):
            if notebook == "01_chain_rule":
                planned = PLANNED.get((row["name"], check), ("", 0))
                assert (row["cells"][i], row["attempts"][i]) == planned, (row["name"], check)
    assert grid["records"] == sum(len(hub.written_records(name)) for name in CLASS)
    second_difference = grid["columns"][COLUMNS.index(("01_chain_rule",
                                                       "check_second_difference"))]
    assert (second_difference["passed"], second_difference["stuck"],
            second_difference["median_attempts"]) == (2, 1, 2)


@slow
def test_the_gradebook_csv_has_one_row_per_student_and_one_column_per_check(checks_run,
                                                                            instructor, hub):
    response = read(instructor, "grades.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["student", *(f"{notebook}/{check}" for notebook, check in COLUMNS)]
    assert [row[0] for row in rows[1:]] == CLASS
    value = {"passed": "1", "tried": "0", "": ""}
    for row in rows[1:]:
        written = expected_cells(hub.written_records(row[0]))
        assert row[1:] == [value[written.get(column, "")] for column in COLUMNS], row[0]
    assert rows[1][1:3] == ["1", "1"] and rows[2][1:3] == ["1", "0"]  # notebook 01, as planned


@slow
def test_a_student_reporting_for_another_gets_403_and_nothing_is_stored(checks_run, hub):
    url, headers = reporter(hub, "student-1")
    before = hub.stored_records()
    response = requests.post(url, json=a_record("student-2"), headers=headers, timeout=30)
    assert response.status_code == 403
    assert hub.stored_records() == before


@slow
@pytest.mark.parametrize("path", ["", "api/grid", "grades.csv"])
def test_a_student_opening_the_instructor_page_gets_403(the_class, path):
    student = the_class["student-1"][0]
    response = student._follow(f"{student.hub.url}{PROGRESS}{path}")
    assert response.status_code == 403


BAD_REPORTS = {  # what a report holds -> the status it gets
    "garbage JSON": (b'{"id": "1", "student":', 400),
    "a missing field": ({"passed"}, 400),
    "a mistyped field": ({"attempt": "1"}, 400),
    "a body of megabytes": (b"[" + b"0, " * 1_000_000 + b"0]", 413),
    "an unknown notebook": ({"notebook": "99_unknown"}, 422),
    "an unknown check": ({"check": "check_unknown"}, 422),
    "no token": ({}, 403),
}


@slow
@pytest.mark.parametrize("bad", BAD_REPORTS)
def test_a_bad_report_gets_a_4xx_and_stores_nothing(checks_run, hub, bad):
    url, headers = reporter(hub, "student-1")
    content, status = BAD_REPORTS[bad]
    if isinstance(content, bytes):
        body = content
    elif isinstance(content, set):
        body = json.dumps({k: v for k, v in a_record("student-1").items() if k not in content})
    else:
        body = json.dumps(a_record("student-1", **content))
    if bad == "no token":
        headers = {}
    before = hub.stored_records()
    response = requests.post(url, data=body, headers={**headers,
                                                      "Content-Type": "application/json"},
                             timeout=60)
    assert response.status_code == status, response.text
    assert hub.stored_records() == before


@slow
def test_a_record_sent_twice_is_stored_once(checks_run, hub):
    url, headers = reporter(hub, "student-1")
    record = a_record("student-1")
    before = len(hub.stored_records())
    answers = [requests.post(url, json=record, headers=headers, timeout=30).status_code
               for _ in range(2)]
    assert answers == [201, 200]
    assert len(hub.stored_records()) == before + 1


@slow
def test_the_service_restarts_and_keeps_every_record(checks_run, instructor, hub):
    before, stored = read(instructor, "api/grid").json(), sorted(hub.stored_records())
    url, headers = reporter(hub, "student-1")
    service = hub.progress_service()
    service.kill()  # a zombie until the hub reaps it, within its poll interval (30 s)
    deadline = time.monotonic() + 120
    while True:
        restarted = hub.progress_service()
        with contextlib.suppress(requests.RequestException):
            if (restarted and restarted.pid != service.pid
                    and requests.get(url.replace("/records", "/health"), timeout=5).ok):
                break
        assert time.monotonic() < deadline, "the hub did not restart the progress service"
        time.sleep(1)
    after = read(instructor, "api/grid").json()  # the instructor's login outlives the restart
    assert sorted(hub.stored_records()) == stored
    assert (after["records"], after["students"]) == (before["records"], before["students"])
    # a record stored before the restart, sent again, is still known
    again = hub.written_records("student-1")[0]
    assert requests.post(url, json=again, headers=headers, timeout=30).status_code == 200


@slow
def test_an_instructor_sees_the_live_grid_in_chromium(checks_run, the_class, hub, tmp_path):
    browser_support = pytest.importorskip("browser_support")
    if not browser_support.CHROMIUM.exists():
        pytest.skip("needs Chromium: apt-get install -y chromium")
    expect = pytest.importorskip("playwright.sync_api").expect
    visit = types.SimpleNamespace(off_machine=[], console_errors=[])
    with browser_support.chromium() as browser:
        context, page = browser_support.offline_page(browser, visit)
        # the hub's login page, then on to the service's page (through the hub's OAuth)
        page.goto(f"{hub.url}/hub/login?next={PROGRESS}")
        page.fill("#username_input", INSTRUCTOR)
        page.fill("#password_input", hub.password)
        page.click("#login_submit")
        page.wait_for_url(f"{hub.url}{PROGRESS}")
        rows = page.locator("#grid tbody tr")
        rows.nth(len(CLASS) - 1).wait_for()
        assert rows.count() == len(CLASS)
        assert rows.locator("td.name").all_inner_texts() == CLASS
        # student-1 passed both of notebook 01's checks, student-5 has not started them
        assert rows.nth(0).locator("td.mark").nth(0).inner_text() == "✓"
        assert rows.nth(4).locator("td.mark").nth(0).inner_text() == "·"
        assert "check_second_difference" in page.locator("#stuck").inner_text()
        smallest = page.evaluate("Math.min(...[...document.querySelectorAll("
                                 "'td, th, li, p')].map(e => parseFloat("
                                 "getComputedStyle(e).fontSize)))")
        assert smallest >= 10 * 4 / 3  # 10 pt, in CSS pixels
        # live: a student passes a check, and the page shows it without being reloaded
        student, _, kernel, _ = the_class["student-5"]
        student.run_code(kernel, [check_call("check_second_difference", True)])
        expect(rows.nth(4).locator("td.mark").first).to_have_text("✓", timeout=60_000)
        page.locator("#grid").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, 0)")
        shot = ROOT / "build" / "screenshots" / "instructor.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        context.close()
    assert visit.off_machine == [] and visit.console_errors == []


@slow
def test_stopping_the_hub_stops_every_process_it_started(hub, the_class):
    assert hub.descendants()
    hub.stop()
    assert hub.descendants() == []
