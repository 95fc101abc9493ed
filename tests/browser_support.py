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


def make_from_notebooks(target, notebooks, lock=True):
    """``make <target>`` (the course's own), re-run if a notebook changed meanwhile (up to three
    times): ``{stem: notebook as built}``, so a test compares what was built with its source.

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
    return {path.stem: json.loads(text) for path, text in before.items()}


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
