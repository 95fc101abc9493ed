"""Speed and memory of bpcourse, side by side with its peers in one process.

    python benchmarks/run.py                      # every row (what `make bench` runs)
    python benchmarks/run.py --value --network    # only these rows
    python benchmarks/run.py --quick              # few repeats, no notebooks: does it all run?
    python benchmarks/run.py --write              # also store the table in benchmarks/README.md
                                                  # (the rows that ran replace the old table)

Each speed row times our code and, where there is one, a peer doing the same work: warm-ups
first, then the two alternate (A B B A A B ...) and each reports the median of its repeats.
The ratio is ours / peer, so below 1 means faster. numpy and torch are held to one thread each,
so the two sides compete on equal terms on a machine shared with other work. Explorers, the
notebook suite and memory are measured as described in benchmarks/README.md.
"""

import argparse
import ast
import gc
import importlib
import importlib.metadata
import inspect
import json
import math
import os
import pkgutil
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# one thread for numpy and torch alike, set before either is imported
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import bpcourse as bp  # noqa: E402
from bpcourse import pictures  # noqa: E402
from bpcourse.datasets import spiral  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
INSTALL = "skipped (pip install -r benchmarks/requirements.txt)"
HEADERS = ["benchmark", "bpcourse", "peer", "ratio", "target", "result"]

VALUE_TARGET = 0.7  # bp.Value at most 0.7× micrograd's time
NETWORK_TARGET = 0.5  # bp.Network training at most 0.5× PyTorch's time
EXPLORER_LIMIT = 0.100  # seconds per explorer update, at the median
NOTEBOOK_TARGET = 3.0  # nbval suite at most 3× the floor of one kernel start per notebook
MEMORY_LIMIT = 200.0  # MB peak RSS for training the spiral example


# ------------------------------------------------------------------------------------- timing


def timed(f):
    """Seconds one call of ``f()`` takes; garbage left by earlier calls is collected first."""
    gc.collect()
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def side_by_side(ours, peer, repeats, warmups=2):
    """Medians of ``ours()`` and ``peer()`` timed in the order A B B A A B ... (A = ours)."""
    for _ in range(warmups):
        ours()
        peer()
    times = {ours: [], peer: []}
    for i in range(repeats):
        for f in (ours, peer) if i % 2 == 0 else (peer, ours):
            times[f].append(timed(f))
    return statistics.median(times[ours]), statistics.median(times[peer])


def ms(seconds):
    """``0.0123`` → ``'12.3 ms'``; a second and more in seconds, ``'6.3 s'``."""
    return f"{bp.fmt(seconds, 1)} s" if seconds >= 1 else f"{bp.fmt(seconds * 1e3, 1)} ms"


def ratio_row(name, ours, peer_name, peer, target):
    """A table row comparing two median times against a target ratio."""
    ratio = ours / peer
    return [name, ms(ours), f"{peer_name} {ms(peer)}", f"{bp.fmt(ratio, 2)}×",
            f"≤ {bp.fmt(target, 1)}×", "met" if ratio <= target else "NOT met"]


def skipped_row(name, peer_name, why=INSTALL):
    return [name, "-", peer_name, "-", "-", why]


# --------------------------------------------------- bp.Value against micrograd: a scalar MLP


def scalar_mlp(Value, sizes=(2, 8, 8, 1), seed=0):
    """The parameters of a scalar MLP, one ``(weights, bias)`` per unit and a list per layer."""
    rng = random.Random(seed)
    return [[([Value(rng.uniform(-1.0, 1.0)) for _ in range(m)], Value(0.0)) for _ in range(n)]
            for m, n in zip(sizes, sizes[1:])]


def scalar_loss(layers, points):
    """:math:`\\sum (y - t)^2` over the points; ReLU hidden units, a linear output unit."""
    terms = []
    for x, t in points:
        h = x
        for depth, layer in enumerate(layers):
            a = [sum((wi * hi for wi, hi in zip(w, h)), b) for w, b in layer]
            h = [ai.relu() for ai in a] if depth < len(layers) - 1 else a
        terms.append((h[0] - t) ** 2)
    return sum(terms)


def value_rows(repeats):
    name = "bp.Value: scalar MLP 2-8-8-1, 16 points, forward + backward"
    try:
        from micrograd.engine import Value as MicrogradValue
    except ImportError:
        return [skipped_row(name, "micrograd")]
    rng = random.Random(1)
    points = [([rng.uniform(-1, 1), rng.uniform(-1, 1)], rng.uniform(-1, 1)) for _ in range(16)]
    ours, theirs = scalar_mlp(bp.Value), scalar_mlp(MicrogradValue)
    ours_flat = [p for layer in ours for w, b in layer for p in [*w, b]]
    theirs_flat = [p for layer in theirs for w, b in layer for p in [*w, b]]

    def with_bp():
        for p in ours_flat:  # both add into .grad: zero it first, as a zero_grad() does
            p.grad = 0.0
        scalar_loss(ours, points).backward()

    def with_micrograd():
        for p in theirs_flat:
            p.grad = 0.0
        scalar_loss(theirs, points).backward()


    with_bp()
    with_micrograd()
    same = all(math.isclose(p.grad, q.grad, rel_tol=1e-9, abs_tol=1e-12)
               for p, q in zip(ours_flat, theirs_flat))
    if not same:
        return [[name, "-", "micrograd", "-", "-", "gradients differ from micrograd's"]]
    ours_time, peer_time = side_by_side(with_bp, with_micrograd, repeats)
    return [ratio_row(name, ours_time, "micrograd", peer_time, VALUE_TARGET)]


# ----------------------------------------------- bp.Network against PyTorch: softmax training


NETWORK_SIZES, NETWORK_STEPS, NETWORK_ETA = (2, 64, 3), 100, 0.5


def network_rows(repeats):
    name = "bp.Network: 2-64-3 ReLU, softmax + CE, batch 300, 100 steps (gradients + step)"
    try:
        import torch
    except ImportError:
        return [skipped_row(name, "PyTorch")]
    torch.set_num_threads(1)
    x, t = spiral()  # 300 points, 3 classes: one batch
    net = bp.Network(NETWORK_SIZES, activation="relu", output="softmax", loss="cross_entropy")
    start = [p.copy() for p in net.parameters()]

    model = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3))
    model = model.double()
    optimizer = torch.optim.SGD(model.parameters(), lr=NETWORK_ETA)
    xt, labels = torch.from_numpy(x), torch.from_numpy(t.argmax(axis=1))
    # torch keeps a layer's weight as (n_out, n_in): the transpose of ours
    as_torch = [p.T if p.ndim == 2 else p for p in start]

    def with_bp():
        for p, p0 in zip(net.parameters(), start):
            p[...] = p0
        for _ in range(NETWORK_STEPS):
            net.step(net.gradients(x, t), NETWORK_ETA)

    def with_torch():
        with torch.no_grad():
            for p, p0 in zip(model.parameters(), as_torch):
                p.copy_(torch.from_numpy(p0))
        for _ in range(NETWORK_STEPS):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(xt), labels).backward()
            optimizer.step()

    with_bp()
    with_torch()
    theirs = [p.detach().numpy() for p in model.parameters()]
    theirs = [p.T if p.ndim == 2 else p for p in theirs]
    if not all(np.allclose(p, q, rtol=1e-9, atol=1e-12) for p, q in zip(net.parameters(), theirs)):
        return [[name, "-", "PyTorch", "-", "-", "weights after training differ from PyTorch's"]]
    ours_time, peer_time = side_by_side(with_bp, with_torch, repeats)
    return [ratio_row(name, ours_time, "PyTorch float64 CPU", peer_time, NETWORK_TARGET)]


# ---------------------------------------------------------------- explorers: compute + redraw


def find_views():
    """``{"module.name_view": function}`` for every function named ``*_view`` in
    bpcourse.pictures."""
    views = {}
    for module_info in pkgutil.iter_modules(pictures.__path__):
        module = importlib.import_module(f"bpcourse.pictures.{module_info.name}")
        for name, f in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_view") and f.__module__ == module.__name__:
                views[f"{module_info.name}.{name}"] = f
    return dict(sorted(views.items()))


def notebook_sliders():
    """``{view name: [sliders, ...]}`` from every ``explorer(view, name=(low, high, step, start))``
    call in the notebooks, one ``{name: (low, high, step, start)}`` per call."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            lines = [line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!"))]  # magics are not Python
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "explorer"
                        and node.args):
                    continue
                view = node.args[0]
                view = getattr(view, "attr", None) or getattr(view, "id", None)
                try:
                    sliders = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                except ValueError:
                    continue
                found.setdefault(view, []).append(sliders)
    return found


def view_settings(view, sliders):
    """Keyword sets to time ``view`` with: its defaults, and for each notebook explorer the
    sliders' start values and all sliders at their top (the slowest end for epochs or steps)."""
    settings = {}
    parameters = inspect.signature(view).parameters.values()
    if all(p.default is not inspect.Parameter.empty for p in parameters):
        settings["defaults"] = {}
    for spec in sliders:
        if not all(map(is_slider, spec.values())):
            continue
        start = {name: s[3] for name, s in spec.items()}
        top = {name: s[1] for name, s in spec.items()}
        settings[f"start {describe(start)}"] = start
        settings[f"top {describe(top)}"] = top
    return settings


def is_slider(spec):
    """Whether ``spec`` is ``(low, high, step, start)``, four numbers."""
    return isinstance(spec, tuple) and len(spec) == 4 and all(
        isinstance(v, int | float) for v in spec)


def describe(values):
    return ", ".join(f"{name}={value:g}" for name, value in values.items())


def time_update(view, values, repeats):
    """Medians of one explorer update, ``view(**values)`` then the PNG the notebook shows:
    ``(total, compute, redraw, cpu)`` in seconds, ``cpu`` being this process's CPU time for the
    whole update (what an idle machine's wall clock would show, near enough)."""
    from bpcourse.pictures.explorer import png

    times = []
    for i in range(repeats + 1):  # the first is a warm-up
        gc.collect()
        cpu, start = time.process_time(), time.perf_counter()
        figure, _text = view(**values)
        computed = time.perf_counter()
        png(figure)  # the picture the explorer shows
        drawn = time.perf_counter()
        cpu = time.process_time() - cpu
        plt.close(figure)
        if i:
            times.append((drawn - start, computed - start, drawn - computed, cpu))
    return tuple(statistics.median(part) for part in zip(*times))


def explorer_rows(repeats):
    sliders = notebook_sliders()
    rows = []
    for name, view in find_views().items():
        settings = view_settings(view, sliders.get(name.split(".")[-1], []))
        if not settings:
            rows.append([f"explorer {name}", "-", "-", "-", "-", "no defaults, no explorer call"])
            continue
        medians = {label: time_update(view, values, repeats) for label, values in settings.items()}
        slowest = max(medians, key=lambda label: medians[label][0])
        total, compute, redraw, cpu = medians[slowest]
        rows.append([f"explorer {name}, slowest of {len(settings)} settings: {slowest}",
                     f"{ms(total)} (compute {ms(compute)} + redraw {ms(redraw)}; "
                     f"CPU {ms(cpu)})", "-", "-",
                     f"< {ms(EXPLORER_LIMIT)}", "met" if total < EXPLORER_LIMIT else "NOT met"])
    return rows


# ---------------------------------------------- notebooks: nbval against starting the kernels


FLOOR = """
import sys
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
for _ in range(int(sys.argv[1])):  # start each kernel as nbval does, wait until it answers, stop it
    RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd="notebooks").stop()
"""


def notebook_rows(repeats):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    name = f"nbval over the {len(notebooks)} notebooks vs one kernel start each"
    if not notebooks:
        return [[name, "-", "-", "-", "-", "no notebooks yet"]]
    suite = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
             "--nbval", "--nbval-current-env", *map(str, notebooks)]
    floor = [sys.executable, "-c", FLOOR, str(len(notebooks))]
    summary = []

    def run_suite():
        done = subprocess.run(suite, cwd=ROOT, capture_output=True, text=True)
        summary.append(done.stdout.strip().splitlines()[-1].strip("= "))  # "40 passed in 9.1s"

    def run_floor():
        subprocess.run(floor, cwd=ROOT, check=True, capture_output=True)

    ours_time, floor_time = side_by_side(run_suite, run_floor, repeats, warmups=1)
    row = ratio_row(name, ours_time, "kernel starts", floor_time, NOTEBOOK_TARGET)
    row[-1] += f" (last run: {summary[-1]})"
    with tempfile.TemporaryDirectory() as folder:  # what any notebook of the course pays
        setups = [setup_only(path, Path(folder)) for path in notebooks]
        fixed = suite[:-len(notebooks)] + list(map(str, setups))
        fixed_time, floor_again = side_by_side(
            lambda: subprocess.run(fixed, cwd=ROOT, check=True, capture_output=True), run_floor,
            repeats, warmups=1)
    reference = [f"for reference: nbval over the {len(notebooks)} setup cells alone (pytest, "
                 "kernels, imports)", ms(fixed_time), f"kernel starts {ms(floor_again)}",
                 f"{bp.fmt(fixed_time / floor_again, 2)}×", "-", "the fixed part of the row above"]
    return [row, reference]


def setup_only(notebook, folder):
    """A copy of ``notebook`` in ``folder`` that keeps only its first code cell (the imports)."""
    data = json.loads(notebook.read_text())
    data["cells"] = [next(cell for cell in data["cells"] if cell["cell_type"] == "code")]
    copy = folder / notebook.name
    copy.write_text(json.dumps(data))
    return copy


# ----------------------------------------------------------------- memory: the spiral example


SPIRAL = """
import io
import bpcourse as bp
from bpcourse import training
from bpcourse.datasets import spiral
from bpcourse.pictures import decision_regions
x, t = spiral()
net = bp.Network([2, {hidden}, 3], activation="relu", output="softmax", loss="cross_entropy")
losses = training.train(net, x, t, 1.0, {epochs})
figure = decision_regions(net, x, t)
figure.savefig(io.BytesIO(), format="png")
print(PEAK(), training.accuracy(net, x, t))
"""
BASELINE = """
import bpcourse
print(PEAK())
"""
# Linux's VmHWM, the high-water mark of this process's own memory: ru_maxrss would also count
# the parent's memory inherited at fork (and this parent holds torch). Elsewhere, ru_maxrss.
PEAK = """
import resource, sys
def PEAK():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024
"""
SPIRAL_HIDDEN, SPIRAL_EPOCHS = 50, 1000  # as in notebook 08


def peak_rss(script):
    """Peak resident memory in MB of a fresh Python running ``script``, and what it printed."""
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", PEAK + script], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    peak, *rest = done.stdout.split()
    return float(peak), rest


def memory_rows():
    name = (f"peak RSS: datasets.spiral, 2-{SPIRAL_HIDDEN}-3 softmax, {SPIRAL_EPOCHS} epochs, "
            "decision regions")
    peak, (accuracy,) = peak_rss(SPIRAL.format(hidden=SPIRAL_HIDDEN, epochs=SPIRAL_EPOCHS))
    baseline, _ = peak_rss(BASELINE)
    return [[name, f"{bp.fmt(peak, 1)} MB", f"import bpcourse alone {bp.fmt(baseline, 1)} MB",
             "-", f"< {bp.fmt(MEMORY_LIMIT, 0)} MB",
             ("met" if peak < MEMORY_LIMIT else "NOT met")
             + f" (accuracy {bp.fmt(100 * float(accuracy), 1)} %)"]]


# ------------------------------------------------------------------------------------ report


def machine():
    """One line about where and when the figures were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = [f"Python {platform.python_version()}", f"numpy {np.__version__}",
                f"matplotlib {matplotlib.__version__}"]
    for peer in ("torch", "micrograd"):
        try:
            versions.append(f"{peer} {importlib.metadata.version(peer)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (f"{when}; {cpu}, {os.cpu_count()} logical cores, {platform.system()} "
            f"{platform.release()}; {', '.join(versions)}; load average at the start {load}")


def markdown(rows):
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write(text, start=START, end=END):
    """Replace what lies between the markers ``start`` and ``end`` of benchmarks/README.md
    (by default the results' markers) with ``text``."""
    readme = README.read_text()
    if start not in readme or end not in readme:
        raise SystemExit(f"{README} needs the lines {start} and {end}")
    head, rest = readme.split(start, 1)
    _, tail = rest.split(end, 1)
    README.write_text(f"{head}{start}\n{text}\n{end}{tail}")


ROWS = {
    "value": lambda quick: value_rows(5 if quick else 61),
    "network": lambda quick: network_rows(3 if quick else 21),
    "explorers": lambda quick: explorer_rows(2 if quick else 11),
    "notebooks": lambda quick: notebook_rows(3),
    "memory": lambda quick: memory_rows(),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ROWS:
        parser.add_argument(f"--{name}", action="store_true", help=f"run the {name} row(s)")
    parser.add_argument("--quick", action="store_true",
                        help="few repeats, no notebooks: a check that every row runs, not figures")
    parser.add_argument("--write", action="store_true",
                        help="store the table, machine and date in benchmarks/README.md")
    args = parser.parse_args(argv)
    chosen = [name for name in ROWS if getattr(args, name)] or [
        name for name in ROWS if not (args.quick and name == "notebooks")]
    about = machine()
    print(about)
    rows = []
    for name in chosen:
        new = ROWS[name](args.quick)
        for row in new:
            print("  ".join(row), flush=True)
        rows += new
    end = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    text = f"Measured {about}, at the end {end}.\n\n{markdown(rows)}"
    if args.write:
        write(text)
    return rows


if __name__ == "__main__":
    main()
