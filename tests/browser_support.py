"""What the browser tests share: Debian's Chromium, the flags it needs on this kind of machine
(no sandbox as root; no background connections, which a closed network refuses), and the
projector's screen."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREEN = {"width": 1280, "height": 720}
