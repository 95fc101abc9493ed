"""What the browser tests share: Debian's Chromium, the flags it needs on this kind of machine
(no sandbox as root; no background connections, which a closed network refuses), and the
projector's screen."""

import contextlib
import fcntl
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREEN = {"width": 1280, "height": 720}


@contextlib.contextmanager
def build_lock():
    """Held while a test module builds into or reads from build/slides/ and build/student/:
    `make site` remakes both (through `make slides` and `make student`), and the decks' own
    test reads build/slides/ while the site's build could be replacing it."""
    lock = Path(__file__).resolve().parent.parent / "build" / ".build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
