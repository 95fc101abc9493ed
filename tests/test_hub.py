"""A class on a real JupyterHub: the student edition handed out with an nbgitpuller link.

The test starts ``jupyterhub -f hub/jupyterhub_config.py`` (pinned jupyterhub, and the pinned
configurable-http-proxy of hub/package-lock.json) on 127.0.0.1 with free ports, publishes the
student edition as a git repository in a temporary folder (``file://``, as a hub would pull it
from GitHub), and lets simulated students (hub/local_hub.py) do what their browsers do. Every
process the hub started is stopped by its process id afterwards, even after a failure.

Needs node and npm (for configurable-http-proxy) and git; skipped without them.
"""

import json
import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from traitlets import Integer, Unicode

from hub.class_spawner import MAX_RUNTIME_DIR, PortLedger, free_port
from hub.local_hub import HEAVIEST_NOTEBOOK, LocalHub, Student, install_proxy
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


@slow
def test_stopping_the_hub_stops_every_process_it_started(hub, the_class):
    assert hub.descendants()
    hub.stop()
    assert hub.descendants() == []
