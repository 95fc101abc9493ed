"""Progress records: every check leaves one, and :func:`progress` shows a student their own table.

Each call of a ``check_*`` of the classroom appends one record, a JSON object on a line of its
own, to ``~/.bpcourse/progress.jsonl`` (or to the file named by ``BPCOURSE_PROGRESS_FILE``)::

    {"id": "5f0c...", "student": "ada", "notebook": "05_hidden_layer_delta",
     "check": "check_tanh_hidden_delta", "passed": true, "attempt": 2,
     "time": "2026-12-04T17:30:05Z"}

``attempt`` counts this student's calls of the check so far, in that file. ``notebook`` is the
notebook the kernel runs (Jupyter names it in ``JPY_SESSION_NAME``) when :data:`CHECKS` lists the
check there, otherwise the first notebook of :data:`CHECKS` that calls it. Without a hub nothing
leaves the machine and nothing is printed; ``BPCOURSE_PROGRESS=off`` turns recording off.

On a hub, ``BPCOURSE_PROGRESS_URL`` names the class's progress service (``hub/``): each record is
also POSTed to ``$BPCOURSE_PROGRESS_URL/api/records`` with the student's own hub token
(``JUPYTERHUB_API_TOKEN``), from a background thread that waits at most :data:`TIMEOUT`, so a check
is never slowed down or failed by it. When a record does not arrive, it is still in the local file,
and the next check's output says so, once per kernel; records that could not reach the service
are sent again, with the same id, after the next one that does.
"""

import functools
import getpass
import html
import json
import os
import queue
import threading
import urllib.error
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from ..language import LANGUAGES, direction, language, tr
from .grader import Verdict

CHECKS = {
    "01_chain_rule": ("check_second_difference", "check_two_neuron_chain_rule"),
    "02_single_relu_neuron": ("check_which_weight_matters", "check_squared_relu_neuron_backward",
                              "check_sigmoid_neuron_update"),
    "03_network_2_3_2": ("check_exact_fit_bias", "check_network_size"),
    "04_output_layer_delta": ("check_output_delta_by_hand", "check_which_weights_grow",
                              "check_cross_entropy_output_delta", "check_tied_weight_gradient"),
    "05_hidden_layer_delta": ("check_hidden_delta_by_hand", "check_deeper_delta_by_hand",
                              "check_tanh_hidden_delta", "check_pass_by_hand"),
    "06_batches_and_cost": ("check_batch_gradient_by_hand", "check_multiplication_count",
                            "check_layer_backward", "check_numerical_layer_gradients"),
    "07_training": ("check_one_step_by_hand", "check_training_loop", "check_batch_backward"),
    "08_beyond": ("check_softmax_delta_by_hand", "check_huber_gradient", "check_max_backward",
                  "check_layer_norm_backward", "check_softmax_network_gradients"),
    "09_build_the_engine": ("check_value_add_mul", "check_backward", "check_iterative_order",
                            "check_value_operations", "check_mlp", "check_train_step",
                            "check_matmul_backward"),
    "10_tensor_backprop": ("check_linear_backward", "check_broadcast_multiply_backward",
                           "check_mean_backward", "check_network_backward",
                           "check_batch_norm_backward", "check_softmax_cross_entropy_backward",
                           "check_linear_jvp"),
}
"""Each notebook (its file name's stem) with the checks it calls, in the order it calls them."""

TIMEOUT = 2.0
"""Seconds the background thread waits for the progress service to answer one record."""

def record_file():
    """The file records are appended to: ``$BPCOURSE_PROGRESS_FILE``, else
    ``~/.bpcourse/progress.jsonl``."""
    named = os.environ.get("BPCOURSE_PROGRESS_FILE")
    return Path(named).expanduser() if named else Path.home() / ".bpcourse" / "progress.jsonl"


def notebook_of(check):
    """The notebook a record of ``check`` belongs to: the one this kernel runs when it calls the
    check, else the first notebook of :data:`CHECKS` that does ("" for a check none calls)."""
    running = Path(os.environ.get("JPY_SESSION_NAME", "")).stem
    if check in CHECKS.get(running, ()):
        return running
    return next((notebook for notebook, checks in CHECKS.items() if check in checks), running)


def student():
    """Who runs the checks: the hub's user name, else the login name ("" if there is none)."""
    try:
        return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    except Exception:  # no user name anywhere (some containers)
        return ""


def read_records(path=None):
    """The records in ``path`` (default :func:`record_file`), oldest first; none if it is
    missing, and lines that are not records are skipped."""
    try:
        lines = (path or record_file()).read_bytes().splitlines()
    except OSError:
        return []
    return list(_parse(lines))


def _parse(lines):
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("check"), str):
            yield record


class _Tally:
    """The calls of each check in the record file, read on from where it was last read, so that
    counting an attempt does not read the whole file again."""

    def __init__(self):
        self.file, self.offset, self.calls = None, 0, Counter()

    def attempts(self, path, check):
        """How many calls of ``check`` ``path`` holds."""
        try:
            stat = path.stat()
        except OSError:  # no file yet
            stat = None
        if stat is None or (path, stat.st_ino) != self.file or stat.st_size < self.offset:
            self.file = None if stat is None else (path, stat.st_ino)
            self.offset, self.calls = 0, Counter()
        try:
            with path.open("rb") as file:
                file.seek(self.offset)
                new = file.read()
        except OSError:  # no file yet, or one that cannot be read
            return self.calls[check]
        whole = new[: new.rfind(b"\n") + 1]  # a line still being written is read next time
        self.offset += len(whole)
        self.calls.update(record["check"] for record in _parse(whole.splitlines()))
        return self.calls[check]


_tally = _Tally()


def record(check, passed):
    """Record one call of ``check`` (its name) that ``passed`` or not: append it to the record
    file and, on a hub, send it to the progress service. Return the record, or None when
    recording is off. Raises OSError when the file cannot be written (the record is sent all
    the same)."""
    if os.environ.get("BPCOURSE_PROGRESS", "").lower() == "off":
        return None
    path = record_file()
    entry = {
        "id": uuid.uuid4().hex, "student": student(), "notebook": notebook_of(check),
        "check": check, "passed": bool(passed), "attempt": _tally.attempts(path, check) + 1,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if url := os.environ.get("BPCOURSE_PROGRESS_URL"):
        _hub.send(url, entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(entry) + "\n")
    return entry


def recording(check):
    """``check``, which now records every verdict it returns (:func:`record`), under its own
    name. Recording never makes a check raise: an unwritable home or a full disk is ignored."""

    @functools.wraps(check)
    def recorded_check(*args, **kwargs):
        verdict = check(*args, **kwargs)
        try:
            record(check.__name__, verdict)
        except Exception:  # the verdict matters more than its record
            pass
        note = _hub.note()
        if note and isinstance(verdict, Verdict):
            return Verdict(verdict.name, verdict.passed, f"{verdict.message}\n{note}")
        return verdict

    return recorded_check


# --- the hub ---------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):  # a redirect (to a login page) is an answer, not a record
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(url, entry, timeout=TIMEOUT):
    """POST one record to the progress service at ``url`` with the student's hub token; return
    the HTTP status, or None when the service could not be reached in ``timeout`` seconds."""
    request = urllib.request.Request(
        url.rstrip("/") + "/api/records", data=json.dumps(entry).encode(), method="POST",
        headers={"Content-Type": "application/json",
                 "Authorization": f"token {os.environ.get('JUPYTERHUB_API_TOKEN', '')}"})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except Exception:  # refused, timed out, no such host, ...
        return None


class _Hub:
    """Sends records to the progress service from one background daemon thread, in order, and
    remembers a record that did not arrive until the student has been told."""

    def __init__(self):
        self.queue, self.thread = queue.Queue(), None
        self.unsent = []  # records that could not reach the service, to send again
        self.failed = self.told = False

    def send(self, url, entry):
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._run, name="bpcourse-progress",
                                           daemon=True)
            self.thread.start()
        self.queue.put((url, entry))

    def _run(self):
        while True:
            url, entry = self.queue.get()
            try:
                if self._deliver(url, entry):
                    again, self.unsent = self.unsent, []
                    for earlier in again:
                        self._deliver(url, earlier)
            finally:
                self.queue.task_done()

    def _deliver(self, url, entry):
        status = post(url, entry)
        if status in (200, 201):  # stored, or stored before
            return True
        if status is None or status >= 500:
            self.unsent.append(entry)
        self.failed = True
        return False

    def note(self):
        """The line to add to a check's output, the first time after a record did not arrive;
        else ""."""
        if not self.failed or self.told:
            return ""
        self.told = True
        return tr("(your progress could not reach the class's progress service; it is kept in "
                  "{path})", path=_shown(record_file()))


_hub = _Hub()


def _shown(path):
    home = os.path.expanduser("~")
    return "~" + str(path)[len(home):] if str(path).startswith(home + os.sep) else str(path)


# --- the student's table ---------------------------------------------------------------------

class Progress:
    """A student's table across the notebooks; ``rows`` holds ``(notebook, check, state,
    attempts)`` for every check of :data:`CHECKS`, with state "passed", "tried" or "not started".
    A notebook shows it as a table, in the language of :mod:`bpcourse.language` when it was made
    (a right-to-left one, Persian, as a right-to-left table)."""

    def __init__(self, records, path):
        calls = Counter(r["check"] for r in records)
        passed = {r["check"] for r in records if r.get("passed") is True}
        self.path = path
        self.language, self.direction = language(), direction()
        self.rows = [(notebook, check, "passed" if check in passed else
                      "tried" if calls[check] else "not started", calls[check])
                     for notebook, checks in CHECKS.items() for check in checks]

    def notebooks(self):
        """``[(notebook, how many of its checks passed, its rows)]`` in the order of
        :data:`CHECKS`."""
        tables = []
        for notebook in CHECKS:
            rows = [row for row in self.rows if row[0] == notebook]
            tables.append((notebook, sum(row[2] == "passed" for row in rows), rows))
        return tables

    def summary(self):
        """One line: how many checks passed, and where the records are kept."""
        passed = sum(row[2] == "passed" for row in self.rows)
        return tr("Your progress: {passed} of {total} checks passed (kept in {path})",
                  passed=passed, total=len(self.rows), path=_shown(self.path))

    def __repr__(self):
        width = max(len(row[1]) for row in self.rows)
        lines = [self.summary()]
        for notebook, passed, rows in self.notebooks():
            lines += ["", _heading(notebook, passed, len(rows))]
            lines += [f"  {_MARKS[state]} {check:<{width}}  {_state(state, n)}"
                      for _, check, state, n in rows]
        return "\n".join(lines)

    def _repr_html_(self):
        side = "right" if self.direction == "rtl" else "left"
        cells = []
        for notebook, passed, rows in self.notebooks():
            cells.append(f'<tr><th colspan="2" style="text-align: {side}; padding-top: 8px;">'
                         f'{html.escape(_heading(notebook, passed, len(rows)))}</th></tr>')
            cells += [f'<tr><td style="text-align: {side};">{_MARKS[state]} <code>{check}</code>'
                      f'</td><td style="text-align: {side}; color: {_COLOURS[state]};">'
                      f'{html.escape(_state(state, n))}</td></tr>' for _, check, state, n in rows]
        page = (f"<p>{html.escape(self.summary())}</p>\n<table>\n" + "\n".join(cells)
                + "\n</table>")
        if self.language == "en":
            return page
        where = ' dir="rtl"' if self.direction == "rtl" else ""
        return f'<div{where} lang="{LANGUAGES[self.language].tag}">\n{page}\n</div>'


_MARKS = {"passed": "✅", "tried": "❌", "not started": "··"}
_COLOURS = {"passed": "#2e7d32", "tried": "#c62828", "not started": "#757575"}


def _heading(notebook, passed, checks):
    return tr("{notebook}: {passed} of {checks} passed", notebook=notebook, passed=passed,
              checks=checks)


def _state(state, attempts):
    """How a check stands, in words: ``state`` is "passed", "tried" or "not started"."""
    if state == "not started":
        return tr("not started")
    if state == "passed":
        if attempts == 1:
            return tr("passed ({n} attempt)", n=attempts)
        return tr("passed ({n} attempts)", n=attempts)
    if attempts == 1:
        return tr("tried ({n} attempt)", n=attempts)
    return tr("tried ({n} attempts)", n=attempts)


def progress():
    """Your own table across the notebooks, from the record file: for each notebook, each of its
    checks passed, tried (with the number of attempts) or not started, and how many passed."""
    path = record_file()
    return Progress(read_records(path), path)
