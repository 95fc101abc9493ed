"""A notebook run in a fresh kernel from a test, bounded in time and tried once more if it hangs.

Rarely, under load, a run through nbclient waits for ever: the kernel idle with all its ports
listening, the client waiting for a message that never comes (seen in CI in the student edition's
test, 40 minutes before it was stopped by hand). nbclient's own cell timeout does not end that
wait. :func:`execute` bounds the whole run with a timer (the test's main thread, POSIX), kills the
hung kernel, warns, and runs the notebook once more; a second hang fails the test with a message
that says so.
"""

import contextlib
import copy
import signal
import threading
import warnings

from nbclient import NotebookClient

RUN_LIMIT = 600
"""Seconds one run of a whole notebook may take."""


class Hung(Exception):
    """The notebook run did not finish within its time."""


def _alarm(signum, frame):
    raise Hung


@contextlib.contextmanager
def deadline(seconds):
    """Raise :class:`Hung` in the block after ``seconds`` (no limit off the main thread)."""
    timed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not timed:
        yield
        return
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _kill(client):
    process = getattr(getattr(getattr(client, "km", None), "provisioner", None), "process", None)
    with contextlib.suppress(Exception):
        process.kill()


def execute(nb, limit=RUN_LIMIT, attempts=2, **options):
    """Run a copy of ``nb`` with ``NotebookClient(copy, **options)`` and return it executed.

    A run longer than ``limit`` seconds is a hang: its kernel is killed and the run tried again,
    ``attempts`` times in all, before :class:`Hung` fails the test."""
    for attempt in range(1, attempts + 1):
        run = copy.deepcopy(nb)
        client = NotebookClient(run, **options)
        try:
            with deadline(limit):
                client.execute()
            return run
        except Hung:
            _kill(client)
            if attempt == attempts:
                raise Hung(f"the notebook run hung: no end within {limit} s, {attempts} times "
                           "(kernel idle, no reply); see tests/notebook_runs.py") from None
            warnings.warn(f"a notebook run hung for {limit} s; killed its kernel, running it "
                          "once more", stacklevel=2)
    raise AssertionError("unreachable")
