"""A class on one machine: N students on a real local JupyterHub, all at once.

    python benchmarks/class_bench.py 5 20 40          # what `make class-bench` runs
    python benchmarks/class_bench.py 80 --notebook 07_training.ipynb
    python benchmarks/class_bench.py 80 --plain       # without the two fixes, to compare

For each class size, a fresh hub is started with the configuration docs/teaching-a-class.md
recommends (hub/jupyterhub_config.py: the port-remembering spawner, kernels over Unix sockets),
the student edition is published as ``make student-repo`` makes it, and N simulated students
(hub/local_hub.py) at the same moment

1. log in and open the nbgitpuller link: the hub starts N servers, each pulls the edition;
2. open the heaviest notebook (a kernel each) and, once all are open, press *Run All Cells*;
3. call notebook 01's two checks, once with a wrong answer and once with a right one each.

Every check call (the notebook's own, whose exercises are stubs, and those of step 3) leaves a
record in the student's home and is sent by their kernel to the hub's progress service
(hub/progress_service.py), the whole class at once.

Reported per class size: the load average before the run; seconds until every server was up
and had pulled; seconds until every student's notebook had run, and the median student's;
failures (students with an error of any kind, and "address already in use" in the hub's log);
memory per student (server + kernel, resident and proportional set size: PSS shares libraries
fairly between processes, so N times it is what N students cost); CPU seconds each kernel spent
(start + the notebook) and each server spent. The sizing rule in the guide comes from these.
And the progress service's tally: how many records the kernels wrote (expected), how many the
service stored (arrived), none lost and none stored twice, what it answered, and what the
instructor's grid counts.
"""

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hub.local_hub import HEAVIEST_NOTEBOOK, INSTRUCTOR, LocalHub, Student  # noqa: E402
from tools.repository import STUDENT_FOLDER, nbgitpuller_url  # noqa: E402
from tools.student_repo import update_student_repo  # noqa: E402

MB = 2**20
CHECK_CALLS = [  # step 3: notebook 01's checks, wrong then right
    "from bpcourse.classroom import check_second_difference, check_two_neuron_chain_rule",
    "check_second_difference(lambda f, x, h=1e-4: 0.0)",
    "check_second_difference(lambda f, x, h=1e-4: (f(x + h) - 2 * f(x) + f(x - h)) / h**2)",
    "check_two_neuron_chain_rule(lambda *args: 0.0)",
    """import math
def answer(x, w, b1, u, b2, t):
    h = 1 / (1 + math.exp(-(w * x + b1)))
    y = 1 / (1 + math.exp(-(u * h + b2)))
    return (y - t) * y * (1 - y) * u * h * (1 - h) * x
check_two_neuron_chain_rule(answer)""",
]


def available_memory():
    """MemAvailable of /proc/meminfo, in bytes."""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def class_of(size, repo, notebook, workdir, plain=False):
    """Run one class of ``size`` students; return its figures."""
    path = f"{STUDENT_FOLDER}/{notebook}"
    figures = {"students": size, "load": os.getloadavg()[0], "failures": []}
    memory_before = available_memory()
    with LocalHub(workdir, plain=plain) as hub:
        link = nbgitpuller_url(hub.url, url=repo.as_uri())
        students = [Student(hub, f"student-{n:03d}") for n in range(1, size + 1)]
        all_open = threading.Barrier(size, timeout=3600)
        start = time.monotonic()
        ready, ran, runs = {}, {}, {}

        def lesson(student):
            step = "log in"
            try:
                student.log_in()
                step = "open the link"
                student.open_link(link)
                ready[student.name] = time.monotonic() - start
                step = "open the notebook"
                kernel = student.start_kernel(path)
            except Exception as error:
                all_open.abort()
                raise RuntimeError(f"{student.name} could not {step}: {error}") from error
            all_open.wait()
            go = time.monotonic()
            figures.setdefault("run_start", go)
            try:
                run = student.run_notebook(path, kernel)
            except Exception as error:
                raise RuntimeError(f"{student.name} could not run the notebook: {error}") from error
            ran[student.name] = time.monotonic() - figures["run_start"]
            runs[student.name] = run
            if run.errors:
                raise RuntimeError(f"{student.name}: cell errors {run.errors[:3]}")
            checks = student.run_code(kernel, CHECK_CALLS)
            if checks.errors:
                raise RuntimeError(f"{student.name}: check errors {checks.errors[:3]}")

        with ThreadPoolExecutor(size) as pool:
            futures = [pool.submit(lesson, student) for student in students]
            for future in futures:
                error = future.exception()
                # a student left waiting by a classmate's failure is not a failure of their own
                if error is not None and not isinstance(error, threading.BrokenBarrierError):
                    figures["failures"].append(
                        "".join(traceback.format_exception_only(error)).strip()[:300])
        figures["servers_ready_s"] = max(ready.values()) if ready else None
        figures["run_all_s"] = max(ran.values()) if ran else None
        figures["run_median_s"] = statistics.median(ran.values()) if ran else None
        per_student, kernel_cpu, server_cpu, ports = [], [], [], []
        for found in hub.student_processes().values():
            with contextlib.suppress(psutil.Error):
                server, kernels = found["server"], found["kernels"]
                s_mem = server.memory_full_info()
                k_mem = [k.memory_full_info() for k in kernels]
                per_student.append({
                    "server_rss": s_mem.rss, "kernel_rss": sum(m.rss for m in k_mem),
                    "pss": s_mem.pss + sum(m.pss for m in k_mem)})
                kernel_cpu += [sum(k.cpu_times()[:2]) for k in kernels]
                server_cpu.append(sum(server.cpu_times()[:2]))
                ports += [c.laddr.port for c in server.net_connections(kind="tcp")
                          if c.status == "LISTEN"]
        figures["memory_drop_per_student"] = (memory_before - available_memory()) / size
        figures.update(tally_records(hub, [student.name for student in students]))
        figures["students_measured"] = len(per_student)
        figures["same_port_twice"] = len(ports) - len(set(ports))
        log = hub.log()
    figures["address_in_use"] = log.count("Address already in use")
    figures["failures"] += record_problems(figures)
    if figures["address_in_use"]:
        figures["failures"].append(f"'Address already in use' {figures['address_in_use']} "
                                   "times in the hub's log")

    def median(key):
        return statistics.median(s[key] for s in per_student) if per_student else float("nan")

    figures["server_rss_mb"] = median("server_rss") / MB
    figures["kernel_rss_mb"] = median("kernel_rss") / MB
    figures["pss_mb"] = median("pss") / MB
    figures["kernel_cpu_s"] = statistics.median(kernel_cpu) if kernel_cpu else float("nan")
    figures["server_cpu_s"] = statistics.median(server_cpu) if server_cpu else float("nan")
    return figures


def tally_records(hub, names, timeout=120):
    """The progress service's tally once every record the kernels wrote has arrived (or
    ``timeout`` seconds have passed): expected (written in the students' homes), arrived (stored
    by the service), lost, stored twice, stored without being written, the service's answers,
    and the instructor's grid's count."""
    start = time.monotonic()
    while True:
        written = [r["id"] for name in names for r in hub.written_records(name)]
        stored = [row[0] for row in hub.stored_records()]
        if set(written) <= set(stored) or time.monotonic() - start > timeout:
            break
        time.sleep(1)
    tally = {"records_expected": len(written), "records_arrived": len(stored),
             "records_lost": len(set(written) - set(stored)),
             "records_twice": len(stored) - len(set(stored)) + len(written) - len(set(written)),
             "records_unknown": len(set(stored) - set(written)),
             "records_wait_s": time.monotonic() - start}
    answers = re.findall(r"progress\] (\d{3}) POST /services/progress/api/records", hub.log())
    tally["answers"] = {code: answers.count(code) for code in sorted(set(answers))}
    instructor = Student(hub, INSTRUCTOR)
    try:
        instructor.log_in()
        instructor._follow(f"{hub.url}/services/progress/").raise_for_status()
        grid = instructor.session.get(f"{hub.url}/services/progress/api/grid", timeout=60)
        grid.raise_for_status()
        tally["grid_records"] = grid.json()["records"]
        tally["grid_students"] = len(grid.json()["students"])
    except Exception as error:  # the tally above stands without the grid's count
        tally["grid_records"] = tally["grid_students"] = None
        tally["grid_error"] = str(error)[:200]
    service = hub.progress_service()
    tally["service_rss_mb"] = service.memory_info().rss / MB if service else float("nan")
    return tally


def record_problems(f):
    """What went wrong with the records, as failures ([] when every record arrived once)."""
    problems = []
    if f["records_lost"] or f["records_twice"] or f["records_unknown"]:
        problems.append(f"records: {f['records_lost']} lost, {f['records_twice']} stored twice, "
                        f"{f['records_unknown']} stored but never written")
    if f["grid_records"] != f["records_expected"]:
        problems.append(f"the instructor's grid counts {f['grid_records']} records of "
                        f"{f['records_expected']} ({f.get('grid_error', '')})")
    if f["grid_students"] != f["students"]:
        problems.append(f"the instructor's grid has {f['grid_students']} students")
    return problems


def settle(quiet=4.0, longest=90):
    """Wait (at most ``longest`` seconds) for the 1-minute load average to fall below ``quiet``,
    so that one class's kernels do not count as the next class's background load."""
    deadline = time.monotonic() + longest
    while os.getloadavg()[0] > quiet and time.monotonic() < deadline:
        time.sleep(5)


HEADER = ("| students | load before | all servers up and pulled | all ran the notebook (median "
          "student) | failures | memory per student: server + kernel RSS (PSS) | CPU per kernel "
          "(per server) |\n|---|---|---|---|---|---|---|")


def row(f):
    def s(value):
        return "–" if value is None else f"{value:.0f} s"

    failures = len(f["failures"])
    return (f"| {f['students']} | {f['load']:.1f} | {s(f['servers_ready_s'])} | "
            f"{s(f['run_all_s'])} ({s(f['run_median_s'])}) | {failures} | "
            f"{f['server_rss_mb']:.0f} + {f['kernel_rss_mb']:.0f} MB ({f['pss_mb']:.0f} MB) | "
            f"{f['kernel_cpu_s']:.1f} s ({f['server_cpu_s']:.1f} s) |")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python benchmarks/class_bench.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5, 20, 40],
                        help="class sizes to run, one hub each (default: 5 20 40)")
    parser.add_argument("--notebook", default=HEAVIEST_NOTEBOOK,
                        help=f"the notebook every student runs (default: {HEAVIEST_NOTEBOOK})")
    parser.add_argument("--plain", action="store_true",
                        help="JupyterHub's own SimpleLocalProcessSpawner and TCP kernels, without "
                             "the two fixes of hub/class_spawner.py (to see what they fix)")
    args = parser.parse_args(argv)
    cpu = psutil.cpu_count()
    print(f"# class bench: {args.notebook}, {cpu} cores, "
          f"{'plain SimpleLocalProcessSpawner, TCP kernels' if args.plain else 'ClassSpawner'}, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB, {time.strftime('%Y-%m-%d %H:%M')}")
    print(HEADER, flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="class-bench-") as tmp:
        repo = Path(tmp) / "student-repo"
        update_student_repo(repo)
        for size in args.sizes:
            settle()
            figures = class_of(size, repo, args.notebook, Path(tmp) / f"class-{size}",
                               plain=args.plain)
            results.append(figures)
            print(row(figures), flush=True)
            for failure in figures["failures"][:5]:
                print(f"    failure: {failure}", flush=True)
    print()
    for f in results:
        print(f"{f['students']} students: free memory fell by "
              f"{f['memory_drop_per_student'] / MB:.0f} MB per student (whole machine, other "
              f"work included); {f['same_port_twice']} ports held by two servers")
        answers = ", ".join(f"{n} × {code}" for code, n in f["answers"].items()) or "none"
        print(f"{f['students']} students: {f['records_expected']} records expected (written in "
              f"the students' homes), {f['records_arrived']} arrived at the progress service: "
              f"{f['records_lost']} lost, {f['records_twice']} stored twice, "
              f"{f['records_unknown']} unknown; all there {f['records_wait_s']:.0f} s after the "
              f"last check; the service answered {answers}; the instructor's grid counts "
              f"{f['grid_records']} records of {f['grid_students']} students; the service held "
              f"{f['service_rss_mb']:.0f} MB")
    return 1 if any(f["failures"] for f in results) else 0


if __name__ == "__main__":
    sys.exit(main())
