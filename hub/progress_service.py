"""The class's progress service: a JupyterHub service that receives the verdicts of the students'
checks and shows them to the instructors (issue 24; docs/teaching-a-class.md, section 7).

hub/jupyterhub_config.py starts it as a managed service named ``progress`` (JupyterHub restarts
it if it exits) with the repository's Python. Under the prefix JupyterHub gives it,
``/services/progress/``:

- ``api/records`` (POST): one record of a check, sent by a student's kernel with the student's
  own server token (``Authorization: token $JUPYTERHUB_API_TOKEN``). Answers 201 stored; 200 a
  record with that id is already stored; 400 garbage JSON or a missing or mistyped field; 403 no
  valid token, or a record for someone other than the token's user; 413 a body over 16 KB; 422
  a notebook or check the course does not have (``bpcourse.classroom.progress.CHECKS``).
  Nothing is stored on any 4xx.
- ```` (GET): the instructor page, a live grid of students × checks; ``api/grid`` (GET) the
  JSON it polls; ``grades.csv`` (GET) one row per student, one column per check (1 passed,
  0 tried and not passed, empty not started). For hub admins and members of the group
  ``instructors`` (logged in through the hub with OAuth); everyone else gets 403.

Records are kept in SQLite (``progress.sqlite`` in the hub's state folder, ``BPCOURSE_HUB_STATE``),
one row per record id, so a record sent twice is stored once. Only this process writes, from
tornado's one thread, each insert its own committed transaction in WAL mode: a record answered
with 201 survives the service being killed and restarted.

Written with what JupyterHub already brings: tornado, ``jupyterhub.services.auth`` and the
standard library's sqlite3.
"""

import csv
import datetime as dt
import io
import json
import logging
import os
import re
import secrets
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.escape import json_decode, xhtml_escape
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_RECORD = 16 * 1024
"""The largest body api/records takes (bytes); a record is about 250."""
INSTRUCTORS = "instructors"
"""The hub group whose members see the instructor page (besides the hub's admins)."""
FIELDS = {"id": str, "student": str, "notebook": str, "check": str, "passed": bool,
          "attempt": int, "time": str}
RECORD_ID = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F-]{36}")
USERS_FOR = 10.0
"""Seconds the hub's user list is kept before it is asked again."""

log = logging.getLogger("progress")


def course_checks():
    """``{notebook stem: (check name, ...)}`` of the course, in the order the notebooks call
    them: bpcourse.classroom.progress.CHECKS."""
    from bpcourse.classroom.progress import CHECKS
    return CHECKS


# --- the records -------------------------------------------------------------------------------

class Store:
    """The records in SQLite: one row per record id."""

    def __init__(self, path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("""CREATE TABLE IF NOT EXISTS records (
            id TEXT PRIMARY KEY, student TEXT NOT NULL, notebook TEXT NOT NULL,
            check_name TEXT NOT NULL, passed INTEGER NOT NULL, attempt INTEGER NOT NULL,
            time TEXT NOT NULL, received TEXT NOT NULL)""")
        self.db.execute("CREATE INDEX IF NOT EXISTS records_of ON records (student, notebook, "
                        "check_name)")

    def add(self, record):
        """Store ``record``; False if one with its id is stored already (nothing changes)."""
        received = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record["id"], record["student"], record["notebook"], record["check"],
             int(record["passed"]), record["attempt"], record["time"], received))
        return cursor.rowcount == 1

    def records(self):
        """Every record, as dicts in the protocol's fields, oldest first."""
        rows = self.db.execute("SELECT id, student, notebook, check_name, passed, attempt, time "
                               "FROM records ORDER BY time, attempt, received")
        return [{"id": i, "student": s, "notebook": n, "check": c, "passed": bool(p),
                 "attempt": a, "time": t} for i, s, n, c, p, a, t in rows]

    def count(self):
        return self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def close(self):
        self.db.close()


def parse_record(body, checks):
    """The record in ``body`` (bytes), or raise web.HTTPError: 400 not JSON or a field missing or
    of the wrong type, 422 a notebook or check the course does not have."""
    try:
        record = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise web.HTTPError(400, "the body is not JSON") from None
    if not isinstance(record, dict):
        raise web.HTTPError(400, "a record is a JSON object")
    for name, kind in FIELDS.items():
        value = record.get(name)
        # bool is an int in Python: an attempt must not be true, nor passed 1
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise web.HTTPError(400, f"field {name!r} missing or not a {kind.__name__}")
    if not RECORD_ID.fullmatch(record["id"]):
        raise web.HTTPError(400, "field 'id' is not a uuid")
    if record["attempt"] < 1:
        raise web.HTTPError(400, "field 'attempt' is below 1")
    try:
        dt.datetime.fromisoformat(record["time"].replace("Z", "+00:00"))
    except ValueError:
        raise web.HTTPError(400, "field 'time' is not an ISO 8601 time") from None
    if not 0 < len(record["student"]) <= 255:
        raise web.HTTPError(400, "field 'student' is empty or too long")
    if record["notebook"] not in checks:
        raise web.HTTPError(422, f"no notebook {record['notebook'][:80]!r} in the course")
    if record["check"] not in checks[record["notebook"]]:
        raise web.HTTPError(422, f"notebook {record['notebook']!r} has no check "
                                 f"{record['check'][:80]!r}")
    return {name: record[name] for name in FIELDS}


# --- what the instructor sees ------------------------------------------------------------------

def summarise(records, students, checks):
    """The grid of ``students`` × the checks of ``checks`` from ``records``.

    A cell is "passed" (some record of it passed), "tried" (records, none passed) or ""
    (no record). Its attempts: the records up to and including the first that passed, or all of
    them. A check's median attempts is over the students who tried it; the stuck checks are
    those with students who tried and have not passed, most such students first."""
    columns = [(notebook, check) for notebook, names in checks.items() for check in names]
    index = {column: i for i, column in enumerate(columns)}
    tries = {}  # (student, column index) -> [passed, ...] in time order
    for record in records:
        column = index.get((record["notebook"], record["check"]))
        if column is not None:
            tries.setdefault((record["student"], column), []).append(record["passed"])
    rows = []
    for student in students:
        cells, attempts = [], []
        for column in range(len(columns)):
            passed = tries.get((student, column), [])
            if not passed:
                cells.append("")
                attempts.append(0)
            elif True in passed:
                cells.append("passed")
                attempts.append(passed.index(True) + 1)
            else:
                cells.append("tried")
                attempts.append(len(passed))
        rows.append({"name": student, "cells": cells, "attempts": attempts,
                     "passed": cells.count("passed")})
    described = []
    for i, (notebook, check) in enumerate(columns):
        states = [row["cells"][i] for row in rows]
        tried = [row["attempts"][i] for row in rows if row["attempts"][i]]
        described.append({"notebook": notebook, "check": check,
                          "passed": states.count("passed"), "stuck": states.count("tried"),
                          "median_attempts": statistics.median(tried) if tried else None})
    stuck = sorted((i for i, c in enumerate(described) if c["stuck"]),
                   key=lambda i: (-described[i]["stuck"], i))
    return {"columns": described, "students": rows, "stuck": stuck}


def grades_csv(grid):
    """The gradebook: a header row, then one row per student, 1 passed, 0 tried, empty not
    started."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["student", *(f"{c['notebook']}/{c['check']}" for c in grid["columns"])])
    value = {"passed": "1", "tried": "0", "": ""}
    for row in grid["students"]:
        # a spreadsheet would run a name starting with = + - @ as a formula: quote it
        name = f"'{row['name']}" if row["name"][:1] in ("=", "+", "-", "@") else row["name"]
        writer.writerow([name, *(value[cell] for cell in row["cells"])])
    return out.getvalue()


# --- the service -------------------------------------------------------------------------------

class Progress:
    """What the handlers share: the store, the course's checks, the hub's users."""

    def __init__(self, store, checks, auth):
        self.store, self.checks, self.auth = store, checks, auth
        self._users, self._users_at = None, 0.0

    async def hub_users(self):
        """``{name: user model}`` of every hub user (the service's role lets it list them), or
        None when the hub does not let it; asked again after USERS_FOR seconds."""
        if time.monotonic() - self._users_at < USERS_FOR:
            return self._users
        users, offset = {}, 0
        client = AsyncHTTPClient()
        try:
            while offset is not None:
                url = url_path_join(self.auth.api_url, "users") + "?" + urlencode(
                    {"offset": offset, "limit": 200})
                response = await client.fetch(url, request_timeout=10, headers={
                    "Authorization": f"token {self.auth.api_token}",
                    "Accept": "application/jupyterhub-pagination+json"})
                page = json_decode(response.body)
                users.update((user["name"], user) for user in page["items"])
                following = (page.get("_pagination") or {}).get("next")
                offset = following["offset"] if following else None
        except (HTTPClientError, OSError, KeyError, ValueError) as error:
            log.warning("could not list the hub's users (%s): the grid shows the students with "
                        "records", error)
            users = None
        self._users, self._users_at = users, time.monotonic()
        return users

    async def grid(self):
        records = self.store.records()
        users = await self.hub_users()
        teachers = {name for name, user in (users or {}).items() if is_instructor(user)}
        students = ({name for name in users or {}} | {r["student"] for r in records}) - teachers
        grid = summarise(records, sorted(students), self.checks)
        grid["records"] = len(records)
        grid["updated"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return grid


def is_instructor(user):
    return bool(user.get("admin")) or INSTRUCTORS in (user.get("groups") or [])


class JSONErrors(web.RequestHandler):
    def write_error(self, status_code, **kwargs):
        reason = self._reason
        if "exc_info" in kwargs and isinstance(kwargs["exc_info"][1], web.HTTPError):
            reason = kwargs["exc_info"][1].log_message or reason
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": reason}))


@web.stream_request_body
class RecordsHandler(JSONErrors):
    """POST api/records: a student's kernel reports one check."""

    def initialize(self, progress):
        self.progress = progress
        self.size, self.parts = 0, []

    def data_received(self, chunk):
        # read a body of any size to its end (so the client gets its answer rather than a
        # reset connection) but keep no more of it than a record may be
        self.size += len(chunk)
        if self.size <= MAX_RECORD:
            self.parts.append(chunk)

    def check_xsrf_cookie(self):
        pass  # only a token in the Authorization header is accepted here, never a cookie

    async def post(self):
        auth = self.progress.auth
        token = auth.get_token(self, in_cookie=False)
        user = await auth.user_for_token(token, sync=False) if token else None
        if (not user or user.get("kind", "user") != "user"
                or not auth.check_scopes(auth.access_scopes, user)):
            raise web.HTTPError(403, "a student's own hub token is needed")
        if self.size > MAX_RECORD:
            raise web.HTTPError(413, f"a record has at most {MAX_RECORD} bytes")
        record = parse_record(b"".join(self.parts), self.progress.checks)
        if record["student"] != user["name"]:
            raise web.HTTPError(403, f"{user['name']} may report for themself only")
        stored = self.progress.store.add(record)
        self.set_status(201 if stored else 200)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"id": record["id"], "stored": stored}))


class InstructorHandler(HubOAuthenticated, web.RequestHandler):
    """Hub admins and members of the group ``instructors``; everyone else 403."""

    def initialize(self, progress):
        self.progress = progress

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def instructor(self):
        user = self.current_user
        if not is_instructor(user):
            raise web.HTTPError(403, f"{user['name']} is neither a hub admin nor in the group "
                                     f"{INSTRUCTORS!r}")
        return user


class PageHandler(InstructorHandler):
    @web.authenticated
    async def get(self):
        user = self.instructor()
        nonce = secrets.token_urlsafe(16)
        # nothing is fetched from anywhere but this service: no scripts, fonts or styles from
        # the network
        self.set_header("Content-Security-Policy",
                        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src "
                        f"'nonce-{nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; "
                        "form-action 'none'; frame-ancestors 'none'")
        prefix = self.settings["prefix"]
        # the page's requests for api/grid carry this token, without which JupyterHub's
        # authentication refuses a cookie on a request that is not a navigation
        xsrf = self.xsrf_token.decode()
        self.finish(PAGE.replace("{nonce}", nonce)
                    .replace("{xsrf_json}", json.dumps(xsrf))
                    .replace("{prefix_json}", json.dumps(prefix))
                    .replace("{prefix}", xhtml_escape(prefix))
                    .replace("{user}", xhtml_escape(user["name"]))
                    .replace("{hub}", xhtml_escape(self.progress.auth.hub_prefix)))


class GridHandler(InstructorHandler):
    async def get(self):
        if not self.current_user:
            raise web.HTTPError(403, "log in through the hub first")
        self.instructor()
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(await self.progress.grid()))


class GradesHandler(InstructorHandler):
    @web.authenticated
    async def get(self):
        self.instructor()
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="grades.csv"')
        self.finish(grades_csv(await self.progress.grid()))


class HealthHandler(web.RequestHandler):
    def get(self):
        self.finish({"status": "ok"})


def cookie_secret(state):
    """The service's cookie secret, kept in the state folder so that an instructor's login
    outlives a restart of the service."""
    path = Path(state) / "progress_cookie_secret"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_bytes(secrets.token_bytes(32))
    return path.read_bytes()


def make_app(store, checks, prefix, auth=None, secret=None):
    auth = auth or HubOAuth(cache_max_age=60)
    progress = Progress(store, checks, auth)
    given = {"progress": progress}
    return web.Application([
        (prefix.rstrip("/") or "/", web.RedirectHandler, {"url": prefix}),
        (prefix, PageHandler, given),
        (url_path_join(prefix, "api/grid"), GridHandler, given),
        (url_path_join(prefix, "grades.csv"), GradesHandler, given),
        (url_path_join(prefix, "api/records"), RecordsHandler, given),
        (url_path_join(prefix, "api/health"), HealthHandler),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
    ], cookie_secret=secret or secrets.token_bytes(32), prefix=prefix, hub_auth=auth)


def main():
    logging.basicConfig(level=logging.INFO, format="[%(levelname)1.1s %(asctime)s progress] "
                                                   "%(message)s")
    state = Path(os.environ.get("BPCOURSE_HUB_STATE", ROOT / "build" / "hub-state"))
    state.mkdir(parents=True, exist_ok=True)
    url = urlsplit(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/progress/")
    store = Store(state / "progress.sqlite")
    app = make_app(store, course_checks(), prefix, secret=cookie_secret(state))
    # a body up to this size is read (and refused with 413 above MAX_RECORD); a larger one
    # makes tornado close the connection
    # BPCOURSE_PROGRESS_IP: where the service listens when the URL the hub knows it by is not
    # one of this machine's addresses (Zero to JupyterHub: http://hub:10101, listen on 0.0.0.0)
    HTTPServer(app, max_body_size=64 * 2**20).listen(
        url.port, os.environ.get("BPCOURSE_PROGRESS_IP", url.hostname))
    log.info("listening on %s%s with %d records in %s", url.netloc, prefix, store.count(),
             store.path)
    IOLoop.current().start()


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class progress</title>
<style nonce="{nonce}">
  body { font: 16px/1.4 system-ui, "DejaVu Sans", sans-serif; margin: 1rem 1.5rem;
         color: #111; background: #fff; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.15rem; margin: 1rem 0 .25rem; }
  .status { color: #444; font-size: .95rem; }
  .status a { margin-left: 1em; }
  ol.stuck { margin: .25rem 0 .5rem; padding-left: 1.5rem; font-size: 1.05rem; }
  .legend > span { margin-right: 1.5em; white-space: nowrap; }
  .key { margin-right: .3em; }
  li.nobody { list-style: none; margin-left: -1.5rem; }
  table { border-collapse: collapse; margin-top: .5rem; }
  th, td { border: 1px solid #bbb; text-align: center; padding: 0; }
  th { font-weight: 600; font-size: .85rem; background: #f4f4f4; }
  th.notebook { font-size: .9rem; }
  th.check { height: 11.5em; vertical-align: bottom; white-space: nowrap; }
  th.check div { writing-mode: vertical-rl; transform: rotate(180deg); margin: .2em auto;
                 font-weight: 500; }
  th.name, td.name { text-align: left; padding: 0 .5em; white-space: nowrap;
                     font-size: 1rem; }
  td.mark, .key { width: 1.6em; height: 1.6em; font-size: 1.05rem; font-weight: 700;
                  display: table-cell; }
  .key { display: inline-block; text-align: center; border: 1px solid #bbb; }
  .passed { background: #0072b2; color: #fff; }
  .tried { background: #e69f00; color: #000; }
  .none { background: #f7f7f7; color: #777; }
  tr.median td { font-size: .85rem; background: #f4f4f4; }
  td.total { padding: 0 .5em; font-size: 1rem; }
  .first { border-left: 3px solid #555; }
</style>
</head>
<body>
<h1>Class progress</h1>
<p class="status"><span id="status">loading…</span>
  <a id="csv" href="{prefix}grades.csv" download>grades.csv</a>
  <a href="{hub}home">hub home</a> <span>({user})</span></p>
<h2>Where the class is stuck</h2>
<ol class="stuck" id="stuck"></ol>
<p class="legend"><span><span class="key passed">✓</span> passed</span>
  <span><span class="key tried">✗</span> tried, not passed yet</span>
  <span><span class="key none">·</span> not started</span>
  <span>median attempts: over the students who tried</span></p>
<table id="grid" aria-label="students by checks"></table>
<script nonce="{nonce}">
"use strict";
const PREFIX = {prefix_json};
const XSRF = {xsrf_json};
const MARK = {passed: "✓", tried: "✗", "": "·"};
const CLASS = {passed: "passed", tried: "tried", "": "none"};
const WORD = {passed: "passed", tried: "tried, not passed", "": "not started"};

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
function short(check) { return check.replace(/^check_/, "").replaceAll("_", " "); }
function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

function render(grid) {
  const columns = grid.columns, students = grid.students;
  const first = columns.map((c, i) => i === 0 || columns[i - 1].notebook !== c.notebook);
  const stuck = document.getElementById("stuck");
  stuck.replaceChildren();
  for (const i of grid.stuck.slice(0, 5)) {
    const c = columns[i];
    const median = c.median_attempts === null ? "" :
      `, median ${plural(c.median_attempts, "attempt")}`;
    stuck.append(el("li", {}, `${c.check} (${c.notebook}): ` +
      `${c.stuck} of ${students.length} stuck, ${c.passed} passed${median}`));
  }
  if (!grid.stuck.length) stuck.append(el("li", {class: "nobody"}, "nobody is stuck yet"));
  const table = document.getElementById("grid");
  const head = el("thead"), body = el("tbody");
  const notebooks = el("tr"), checks = el("tr"), medians = el("tr", {class: "median"});
  notebooks.append(el("th", {class: "name", rowspan: "2"}, "student"));
  for (const [i, c] of columns.entries()) {
    if (first[i]) {
      const span = columns.filter(d => d.notebook === c.notebook).length;
      notebooks.append(el("th", {class: "notebook first", colspan: String(span),
                                 title: c.notebook}, c.notebook.slice(0, 2)));
    }
    const th = el("th", {class: "check" + (first[i] ? " first" : ""),
                         title: `${c.notebook}: ${c.check}`});
    th.append(el("div", {}, short(c.check)));
    checks.append(th);
    medians.append(el("td", {class: first[i] ? "first" : ""},
                      c.median_attempts === null ? "" : String(c.median_attempts)));
  }
  notebooks.append(el("th", {class: "name", rowspan: "2"}, "passed"));
  medians.prepend(el("td", {class: "name"}, "median attempts"));
  medians.append(el("td"));
  head.append(notebooks, checks, medians);
  for (const s of students) {
    const row = el("tr");
    row.append(el("td", {class: "name"}, s.name));
    s.cells.forEach((cell, i) => {
      const tries = s.attempts[i] ? ` after ${plural(s.attempts[i], "attempt")}` : "";
      row.append(el("td", {class: `mark ${CLASS[cell]}${first[i] ? " first" : ""}`,
                           title: `${s.name}, ${columns[i].check}: ${WORD[cell]}${tries}`},
                    MARK[cell]));
    });
    row.append(el("td", {class: "total"}, `${s.passed}/${columns.length}`));
    body.append(row);
  }
  table.replaceChildren(head, body);
  const time = new Date(grid.updated).toLocaleTimeString();
  document.getElementById("status").textContent =
    `${plural(students.length, "student")}, ${plural(columns.length, "check")}, ` +
    `${plural(grid.records, "record")}; updated ${time}`;
}

async function refresh() {
  try {
    const response = await fetch(PREFIX + "api/grid", {
      cache: "no-store", credentials: "same-origin", headers: {"X-XSRFToken": XSRF}});
    if (response.status === 403) {
      document.getElementById("status").textContent =
        "your login has expired: reload the page";
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
  } catch (error) {
    document.getElementById("status").textContent =
      `could not reach the progress service (${error.message}); trying again`;
  }
  setTimeout(refresh, 3000);
}
refresh();
</script>
</body>
</html>
"""

if __name__ == "__main__":
    main()
