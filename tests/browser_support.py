"""What the browser tests share: Debian's Chromium, the flags it needs on this kind of machine
(no sandbox as root; no background connections, which a closed network refuses), the
projector's screen, a build lock and the make / serve / offline-page steps of the site's and the
decks' tests."""

import contextlib
import fcntl
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREEN = {"width": 1280, "height": 720}

# In a deck reveal.js is loaded by require.js (as an AMD module), so it is not a global: find it
# there.
REVEAL = ("Object.entries(window.require?.s?.contexts?._?.defined ?? {})"
          ".find(([name]) => name.endsWith('/dist/reveal.js'))?.[1]")


@contextlib.contextmanager
def build_lock():
    """Held while a test module builds into or reads from build/slides/ and build/student/:
    `make site` remakes both (through `make slides` and `make student`), and the decks' own
    test reads build/slides/ while the site's build could be replacing it."""
    lock = ROOT / "build" / ".build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def make_from_notebooks(target, notebooks, lock=True, key=lambda path: path.stem):
    """``make <target>`` (the course's own), re-run if a notebook changed meanwhile (up to three
    times): ``{key(path): notebook as built}`` (``key`` names a notebook, by default its stem), so
    a test compares what was built with its source.

    ``-o .venv/.installed`` keeps make from reinstalling the virtualenv; BIN is the Python
    environment running the tests. Skips when node or npm is missing (``.ci/run`` installs them).
    """
    import json
    import os
    import shutil
    import subprocess
    import sys

    import pytest

    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"make {target} needs {' and '.join(missing)}: apt-get install -y nodejs npm"
                    " (as .ci/run does)")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    for _ in range(3):
        before = {path: path.read_bytes() for path in notebooks}
        with build_lock() if lock else contextlib.nullcontext():
            run = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed",
                                  f"BIN={bin_dir}", target], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, (
            f"make {target} failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
        if all(path.read_bytes() == text for path, text in before.items()):
            break
    return {key(path): json.loads(text) for path, text in before.items()}


@contextlib.contextmanager
def serve(directory):
    """``directory`` over HTTP on a free 127.0.0.1 port, quietly: yields its base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def chromium_window(profile):
    """Chromium with its own profile in the folder ``profile``, a window of :data:`SCREEN` and a
    minute's patience for every step: the browser of the JupyterLab tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport=SCREEN)
        context.set_default_timeout(60 * SECOND)
        try:
            yield context
        finally:
            context.close()


def offline_page(browser, visit, timeout_ms=60_000):
    """A new page on the projector's screen that may reach 127.0.0.1 only: every other request
    is blocked and its address added to ``visit.off_machine`` (websockets too), and console
    errors and uncaught exceptions go to ``visit.console_errors``. Returns (context, page)."""
    from urllib.parse import urlsplit

    def route(request_route):
        url = request_route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1":
            request_route.continue_()  # data: and blob: never leave the page
        else:
            visit.off_machine.append(url)
            request_route.abort()

    context = browser.new_context(viewport=SCREEN)
    context.set_default_timeout(timeout_ms)
    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error"
            and visit.console_errors.append(f"{message.text} ({message.location.get('url')})"))
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("websocket", lambda socket: visit.off_machine.append(socket.url))
    return context, page


# --- JupyterLab: started here, driven by Playwright (the browser tests and the latency benchmark)

SECOND = 1000  # Playwright counts milliseconds
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CELLS = f"{NOTEBOOK} .jp-Notebook .jp-Cell"


class Lab:
    """A running ``jupyter lab``: its URL, token, and a small REST helper."""

    def __init__(self, url, token, root):
        self.url, self.token, self.root = url, token, root

    def api(self, path, method="GET"):
        import json
        import urllib.request

        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_json(path, value):
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")


@contextlib.contextmanager
def jupyter_lab(home, notebooks, env=None, windowing="none"):
    """``jupyter lab`` on a free loopback port with a random token, serving copies of
    ``notebooks`` from ``home/notebooks`` (so nothing writes into notebooks/), with settings of
    its own in ``home``; ``env`` adds variables to the server's environment (its kernels inherit
    them). ``windowing`` is the notebook's windowing mode: "none" renders every cell (what the
    tests need), None keeps JupyterLab's default (what students get, "contentVisibility").
    Yields a :class:`Lab`; raises RuntimeError if it does not start within two minutes."""
    import os
    import secrets
    import shutil
    import subprocess
    import sys
    import time

    root = home / "notebooks"
    root.mkdir(parents=True, exist_ok=True)
    for path in notebooks:
        shutil.copy(path, root / path.name)
    settings = home / "settings"
    # the windowing mode, no news, the deck off at start
    write_json(settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings",
               {"windowingMode": windowing} if windowing else {})
    write_json(settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings",
               {"fetchNews": "false", "checkForUpdates": False})
    write_json(settings / "jupyterlab-slideshow/plugin.jupyterlab-settings", {"active": False})
    server_env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTEST_"))}
    server_env.update(JUPYTERLAB_SETTINGS_DIR=str(settings),
                      JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
                      JUPYTER_CONFIG_DIR=str(home / "config"),
                      JUPYTER_DATA_DIR=str(home / "data"),
                      JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                      IPYTHONDIR=str(home / "ipython"),
                      PATH=f"{Path(sys.executable).parent}{os.pathsep}"
                           f"{os.environ.get('PATH', '')}",
                      **(env or {}))
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0"]
    if os.getuid() == 0:
        command.append("--allow-root")
    log_path = home / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        running = Lab(f"http://127.0.0.1:{port}", token, root)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    running.api("status")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("jupyter lab did not start:\n"
                                           + log_path.read_text()[-3000:]) from None
                    time.sleep(0.5)
            yield running
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def wait_for_idle_kernel(page, timeout=120):
    page.wait_for_function(
        "document.querySelector('#jp-main-statusbar')?.innerText.includes('| Idle')",
        timeout=timeout * SECOND)


def menu(page, title, command):
    page.click(f".lm-MenuBar-itemLabel:text-is('{title}')")
    page.click(f".lm-Menu li[data-command='{command}']")


def open_notebook(page, lab, path, cell_count):
    page.goto(f"{lab.url}/lab/tree/{path.name}?token={lab.token}&reset")
    page.wait_for_function(f"document.querySelectorAll('{CELLS}').length === {cell_count}",
                           timeout=120 * SECOND)
    wait_for_idle_kernel(page)
    if page.locator(f"{NOTEBOOK}.jp-Deck").count():  # the deck remembers it was on
        stop_deck(page)


def stop_deck(page):
    page.click(".jp-Deck-Remote .jp-deck-mod-stop")
    page.wait_for_selector(f"{NOTEBOOK}.jp-Deck", state="detached")


def run_all(page, cells, timeout=300):
    """Clear every output, Run All Cells, and wait until every code cell ran and all is idle.

    A code cell whose input is collapsed (a solution) shows no prompt, so is not counted.
    """
    numbered = sum(c["cell_type"] == "code"
                   and not c["metadata"].get("jupyter", {}).get("source_hidden")
                   for c in cells)
    prompts = f"[...document.querySelectorAll('{CELLS}.jp-CodeCell .jp-InputPrompt')]"
    menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(f"{prompts}.every(p => !/\\d/.test(p.textContent))")
    menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        f"{prompts}.filter(p => /\\[\\d+\\]/.test(p.textContent)).length === {numbered}"
        f" && !{prompts}.some(p => p.textContent.includes('*'))", timeout=timeout * SECOND)
    wait_for_idle_kernel(page, timeout)


def explorer_cells(cells):
    """The indices of the code cells that call ``explorer(``."""
    import re

    return [i for i, c in enumerate(cells)
            if c["cell_type"] == "code" and re.search(r"\bexplorer\(", "".join(c["source"]))]
