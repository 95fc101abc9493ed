"""A real JupyterHub on 127.0.0.1 and simulated students, for tests/test_hub.py and
``make class-bench`` (benchmarks/class_bench.py).

:class:`LocalHub` starts ``jupyterhub -f hub/jupyterhub_config.py`` (the configuration the guide
recommends) with the pinned configurable-http-proxy of ``hub/package-lock.json``, homes in a
folder of its own and free ports, and stops it and everything it started by process id.
:class:`Student` does over HTTP and the kernel websocket what a student's browser does: log in
with the class's password, open the nbgitpuller link (the hub starts their server, nbgitpuller
pulls the student edition into their home), open a notebook and run all its cells.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import psutil
import requests
import websocket
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

ROOT = Path(__file__).resolve().parent.parent
HUB = ROOT / "hub"
NPM = ROOT / "build" / "hub-npm"
PROXY = NPM / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "bpcourse-class"
INSTRUCTOR = "instructor"
"""The user put in the hub's group ``instructors`` (BPCOURSE_HUB_INSTRUCTORS): they log in with
the class's password and see the progress service's page."""
HEAVIEST_NOTEBOOK = "06_batches_and_cost.ipynb"
"""The notebook that costs its kernel the most CPU (student edition run with nbconvert,
2026-12-04, user + system CPU: 06 6.5 s, 07 5.6 s, 08 5.1 s, 05 3.3 s): what the simulated
students run. Before 2026-12-04 notebook 05 held 06's timing of gradients and was the
heaviest."""


def install_proxy():
    """The pinned configurable-http-proxy, installed by ``npm ci`` into build/hub-npm/ when
    hub/package-lock.json changed since the last install (as ``make slides`` does for the
    decks). Raise RuntimeError if npm is missing or fails."""
    lock = HUB / "package-lock.json"
    installed = NPM / "package-lock.json"
    if (PROXY.exists() and (NPM / "node_modules" / ".package-lock.json").exists()
            and installed.exists() and installed.read_bytes() == lock.read_bytes()):
        return PROXY
    if shutil.which("npm") is None:
        raise RuntimeError("the hub needs node and npm for configurable-http-proxy: "
                           "apt-get install nodejs npm")
    NPM.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HUB / name, NPM / name)
    # --loglevel=error: one dependency asks for a newer node than it needs (runs on node 20)
    run = subprocess.run(["npm", "ci", "--prefix", str(NPM), "--ignore-scripts", "--no-audit",
                          "--no-fund", "--loglevel=error"], capture_output=True, text=True,
                         timeout=600)
    if run.returncode != 0 or not PROXY.exists():
        raise RuntimeError(f"npm ci of hub/package-lock.json failed:\n{run.stderr[-3000:]}")
    return PROXY


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalHub:
    """``jupyterhub -f hub/jupyterhub_config.py`` on 127.0.0.1, everything under ``workdir``.

    Use as a context manager: on leaving, the hub, its proxy, every student's server and every
    kernel are stopped, each by its process id, even after a failure."""

    def __init__(self, workdir, password=PASSWORD, plain=False):
        self.workdir = Path(workdir)
        self.plain = plain  # JupyterHub's own spawner, without the two fixes (to compare)
        self.password = password
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.homes = self.workdir / "homes"
        # kernels' Unix sockets live here: keep it short (see hub/class_spawner.py)
        self.runtime = Path(tempfile.mkdtemp(prefix="hub", dir="/tmp"))
        self.log_path = self.workdir / "hub.log"
        self.process = None
        self._started = {}  # pid -> create_time of every process the hub started

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=120):
        proxy = install_proxy()
        env = {**os.environ,
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "BPCOURSE_HUB_PASSWORD": self.password,
               "BPCOURSE_HUB_IP": "127.0.0.1",
               "BPCOURSE_HUB_PORT": str(self.port),
               "BPCOURSE_HUB_STATE": str(self.workdir / "state"),
               "BPCOURSE_HUB_HOMES": f"{self.homes}/{{username}}",
               "BPCOURSE_HUB_RUNTIME": f"{self.runtime}/{{username}}",
               "BPCOURSE_HUB_PROXY": str(proxy),
               "BPCOURSE_HUB_INSTRUCTORS": INSTRUCTOR,
               "BPCOURSE_HUB_SPAWNER": "plain" if self.plain else "class"}
        for name in [k for k in env if k.startswith(("PYTEST_", "JUPYTER_"))]:
            del env[name]  # nothing of the test process's Jupyter settings reaches the hub
        self.workdir.mkdir(parents=True, exist_ok=True)
        hub = Path(sys.executable).parent / "jupyterhub"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(hub), "-f", str(HUB / "jupyterhub_config.py")], cwd=self.workdir, env=env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.process.returncode}:\n"
                                   f"{self.log()[-4000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/hub/health", timeout=2).ok:
                    return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"jupyterhub did not answer within {timeout} s:\n{self.log()[-4000:]}")

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def descendants(self):
        """Every live process the hub started: proxy, servers, kernels."""
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(self.process.pid).children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    self._started.setdefault(child.pid, child.create_time())
        alive = []
        for pid, created in self._started.items():
            with contextlib.suppress(psutil.NoSuchProcess):
                process = psutil.Process(pid)
                if process.create_time() == created and process.status() != "zombie":
                    alive.append(process)
        return alive

    def stop(self, timeout=90):
        """Stop the hub (which stops the servers it started), then anything it left, by pid."""
        if self.process is None:
            return
        self.descendants()  # note every pid before the hub goes
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        left = self.descendants()
        for process in left:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.terminate()
        _, alive = psutil.wait_procs(left, timeout=10)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        shutil.rmtree(self.runtime, ignore_errors=True)

    def progress_service(self):
        """The process of the progress service (hub/progress_service.py), or None."""
        for process in self.descendants():
            with contextlib.suppress(psutil.Error):
                if any(part.endswith("progress_service.py") for part in process.cmdline()):
                    return process
        return None

    def stored_records(self):
        """The records the progress service stored, read from its SQLite file in the hub's state
        folder: ``[(id, student, notebook, check, passed, attempt), ...]``."""
        import sqlite3
        path = self.workdir / "state" / "progress.sqlite"
        if not path.exists():
            return []
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("SELECT id, student, notebook, check_name, passed, attempt "
                              "FROM records").fetchall()

    def written_records(self, name):
        """The records ``name``'s kernels wrote into their home (~/.bpcourse/progress.jsonl)."""
        path = self.homes / name / ".bpcourse" / "progress.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]

    def student_processes(self):
        """``{username: {"server": Process, "kernels": [Process, ...]}}`` of the running
        servers."""
        found = {}
        for process in self.descendants():
            with contextlib.suppress(psutil.Error):
                if any("jupyterhub-singleuser" in part for part in process.cmdline()):
                    user = process.environ().get("JUPYTERHUB_USER")
                    kernels = [child for child in process.children(recursive=True)
                               if "ipykernel" in " ".join(child.cmdline())]
                    found[user] = {"server": process, "kernels": kernels}
        return found


@dataclass
class NotebookRun:
    """What running every code cell of a notebook over the kernel websocket gave."""
    cells: int = 0
    errors: list = field(default_factory=list)  # (cell number, "Ename: evalue")
    outputs: list = field(default_factory=list)  # per code cell: its text outputs joined
    seconds: float = 0.0


class Student:
    """One student's browser, reduced to its requests: cookies, XSRF tokens and websockets."""

    def __init__(self, hub, name):
        self.hub, self.name = hub, name
        self.session = requests.Session()
        # Browsers send a request again when the kept-alive connection it went out on turns out
        # to have been closed by the proxy (node closes idle ones after 5 s); so does this one.
        again = Retry(total=3, connect=3, read=3, status=0, other=0, allowed_methods=None,
                      backoff_factor=0.1, raise_on_status=False)
        self.session.mount("http://", HTTPAdapter(max_retries=again))
        self.server = f"{hub.url}/user/{name}"

    def _follow(self, url, timeout=600):
        response = self.session.get(url, allow_redirects=False, timeout=timeout)
        while response.status_code in (301, 302, 303, 307):
            response = self.session.get(urljoin(response.url, response.headers["location"]),
                                        allow_redirects=False, timeout=timeout)
        return response

    def _events(self, url, timeout=600):
        """The JSON events of a server-sent event stream, as a browser's EventSource reads them."""
        with self.session.get(url, stream=True, timeout=timeout) as stream:
            stream.raise_for_status()
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    yield json.loads(line[5:])

    def log_in(self):
        self.session.get(f"{self.hub.url}/hub/login", timeout=60).raise_for_status()
        response = self.session.post(
            f"{self.hub.url}/hub/login", allow_redirects=False, timeout=60,
            data={"username": self.name, "password": self.hub.password,
                  "_xsrf": self.session.cookies.get("_xsrf", path="/hub/")})
        if response.status_code != 302:
            raise RuntimeError(f"{self.name} could not log in: HTTP {response.status_code}")

    def open_link(self, link, timeout=600):
        """Open the nbgitpuller link: wait for the server to start if it must (the spawn-pending
        page's progress events), then do what nbgitpuller's page does (its event stream of git's
        progress), then open the page the link names. Return the seconds until the server was
        ready."""
        start = time.monotonic()
        page = self._follow(link, timeout)
        if "/hub/spawn-pending/" in page.url:
            for event in self._events(f"{self.hub.url}/hub/api/users/{self.name}/server/progress",
                                      timeout):
                if event.get("failed"):
                    raise RuntimeError(f"{self.name}'s server failed to start: "
                                       f"{event.get('message')}")
                if event.get("ready"):
                    break
            page = self._follow(page.url, timeout)
        ready = time.monotonic() - start
        if page.status_code != 200 or "/git-pull" not in urlsplit(page.url).path:
            raise RuntimeError(f"{self.name}: the link led to HTTP {page.status_code} at "
                               f"{page.url}")
        query = urlsplit(page.url).query
        for event in self._events(f"{self.server}/git-pull/api?{query}", timeout):
            if event.get("phase") == "error":
                raise RuntimeError(f"{self.name}: nbgitpuller failed: {event.get('message')}\n"
                                   f"{event.get('output', '')}")
            if event.get("phase") == "finished":
                break
        urlpath = dict(part.split("=", 1) for part in query.split("&")).get("urlpath")
        if urlpath:
            opened = self._follow(f"{self.server}/{requests.utils.unquote(urlpath)}", timeout)
            opened.raise_for_status()
        return ready

    def _xsrf(self):
        return self.session.cookies.get("_xsrf", path=f"/user/{self.name}/") or ""

    def api(self, method, path, **kwargs):
        response = self.session.request(method, f"{self.server}/api/{path}", timeout=600,
                                        headers={"X-XSRFToken": self._xsrf()}, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def files(self, folder):
        """Names of the files in ``folder`` of the student's home."""
        return sorted(item["name"] for item in
                      self.api("GET", f"contents/{quote(folder)}?content=1")["content"])

    def read_notebook(self, path):
        return self.api("GET", f"contents/{quote(path)}?content=1&type=notebook")["content"]

    def save_notebook(self, path, notebook):
        """Save as JupyterLab does when the student presses Ctrl+S."""
        self.api("PUT", f"contents/{quote(path)}", json={"type": "notebook", "format": "json",
                                                         "content": notebook})

    def start_kernel(self, path):
        """Open ``path`` in JupyterLab: a session with a new kernel; return the kernel's id."""
        session = self.api("POST", "sessions", json={"path": path, "name": Path(path).name,
                                                     "type": "notebook",
                                                     "kernel": {"name": "python3"}})
        return session["kernel"]["id"]

    def run_notebook(self, path, kernel_id, extra=(), timeout=600):
        """Run every code cell of the student's ``path`` (then the ``extra`` sources) in the
        kernel, one after the other over the kernel's websocket, as *Run All Cells* does."""
        sources = [cell["source"] for cell in self.read_notebook(path)["cells"]
                   if cell["cell_type"] == "code"]
        return self.run_code(kernel_id, [*sources, *extra], timeout)

    def run_code(self, kernel_id, sources, timeout=600):
        """Run each of ``sources`` in the kernel, one after the other, as cells."""
        session_id = uuid.uuid4().hex
        ws_url = (f"ws://{urlsplit(self.server).netloc}{urlsplit(self.server).path}"
                  f"/api/kernels/{kernel_id}/channels?session_id={session_id}")
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies
                            if urlsplit(self.server).path.startswith(c.path.rstrip("/")))
        run, start = NotebookRun(), time.monotonic()
        ws = websocket.create_connection(ws_url, timeout=timeout, cookie=cookies,
                                         header=[f"X-XSRFToken: {self._xsrf()}"])
        try:
            for number, source in enumerate(sources, start=1):
                text, error = self._execute(ws, session_id, source)
                run.outputs.append(text)
                if error:
                    run.errors.append((number, error))
            run.cells = len(sources)
        finally:
            ws.close()
        run.seconds = time.monotonic() - start
        return run

    def _execute(self, ws, session_id, source):
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                       "session": session_id, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": source, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        text, error, replied, idle = [], None, False, False
        while not (replied and idle):
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "execute_reply":
                replied = True
                if content["status"] == "error" and error is None:
                    error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                text.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                text.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
        return "".join(text), error
