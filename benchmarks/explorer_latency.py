"""Key press to new picture: every explorer of the notebooks, in JupyterLab in headless Chromium.

    python benchmarks/explorer_latency.py               # every explorer, 30 presses each
    python benchmarks/explorer_latency.py --presses 10 01_chain_rule 07_training
    python benchmarks/explorer_latency.py --write       # the table into benchmarks/README.md

For each notebook with an explorer: JupyterLab (started here, on copies of the notebooks) opens
it and runs all its cells; then, for each explorer, Playwright presses an arrow key on its
sliders in turn (→ until a slider's top, then ←), one press at a time, each after the previous
picture is on screen. What is timed, on the page's clock (``performance.now()``):

- **key**: the ``keydown`` event's ``timeStamp`` (a listener on the document, capture phase);
- **dom**: a MutationObserver on the explorer's output sees a new ``<img>`` (or a new ``src``);
- **decoded**: that image's ``img.decode()`` resolves;
- **frame**: the next ``requestAnimationFrame`` callback after that, i.e. the frame that paints it.

The latency of a press is frame − key. The kernel logs, for each update, when it started, when
the view returned, when the PNG was drawn and when the picture was sent
(``BPCOURSE_EXPLORER_TIMINGS``, see bpcourse.pictures.explorer); the page's
``performance.timeOrigin`` puts both on the same wall clock, which splits each press into
key → kernel (the widget's message to the kernel), compute (the view), redraw (the PNG), send
(the HTML widget's new value), and sent → frame (the message back, the new picture, decoding
and painting).

The browser tests import :func:`measure_explorer` to check that each explorer answers.
"""

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import browser_support as bs  # noqa: E402

MEDIAN_LIMIT, MAX_LIMIT = 100.0, 200.0  # ms, key press to picture (issue 25)

# Arms the page for one press: resolves with the page-side timestamps of the next new picture.
ARM = """output => {
    const before = new Map([...output.querySelectorAll('img')].map(i => [i, i.src]));
    const marks = {origin: performance.timeOrigin};
    const onKey = e => { if (marks.key === undefined) marks.key = e.timeStamp; };
    document.addEventListener('keydown', onKey, true);
    window.__explorerPress = new Promise(resolve => {
        const check = () => {
            const img = [...output.querySelectorAll('img')].find(i => before.get(i) !== i.src);
            if (!img) return;
            observer.disconnect();
            marks.dom = performance.now();
            img.decode().catch(() => {}).then(() => {
                marks.decoded = performance.now();
                requestAnimationFrame(() => {
                    marks.frame = performance.now();
                    document.removeEventListener('keydown', onKey, true);
                    marks.alt = img.alt;
                    resolve(marks);
                });
            });
        };
        const observer = new MutationObserver(check);
        observer.observe(output, {childList: true, subtree: true, attributes: true,
                                  attributeFilter: ['src']});
    });
}"""


def new_lines(path, seen):
    """The JSON lines of the kernel's timing log after the first ``seen``."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()[seen:]]


def measure_explorer(page, explorer, presses, timings=None):
    """Press arrow keys on the sliders of ``explorer`` (a locator of its widget box) ``presses``
    times, each after the last picture showed; return one dict per press: the page's timestamps
    (ms: key, dom, decoded, frame, and the latency frame − key), the slider and key, the alt text
    and, given the kernel's timing log ``timings``, the kernel's stages on the same clock."""
    handles = explorer.locator(".widget-slider .noUi-handle")
    output = explorer.locator(".bpcourse-picture").element_handle()
    count = handles.count()
    assert count, "an explorer without a slider"
    directions = ["ArrowRight"] * count
    results = []
    for i in range(presses):
        slider = i % count
        handle = handles.nth(slider)
        now, top, bottom = (float(handle.get_attribute(f"aria-value{a}"))
                            for a in ("now", "max", "min"))
        if now >= top:
            directions[slider] = "ArrowLeft"
        elif now <= bottom:
            directions[slider] = "ArrowRight"
        handle.focus()
        seen = len(new_lines(timings, 0)) if timings else 0
        page.evaluate(ARM, output)
        page.keyboard.press(directions[slider])
        marks = page.evaluate("() => window.__explorerPress")
        marks = dict(marks, slider=slider, key_name=directions[slider],
                     latency=marks["frame"] - marks["key"])
        if timings:
            deadline = time.monotonic() + 5
            while not (lines := new_lines(timings, seen)) and time.monotonic() < deadline:
                time.sleep(0.01)
            marks["kernel"] = lines
        results.append(marks)
    return results


def stages(press):
    """One press split on the wall clock (ms): key → kernel, compute, redraw, send, sent → dom,
    dom → decoded, decoded → frame; None where the kernel did not log exactly one update."""
    to_wall = lambda t: press["origin"] + t  # noqa: E731
    out = {"total": press["latency"], "dom_to_decoded": press["decoded"] - press["dom"],
           "decoded_to_frame": press["frame"] - press["decoded"]}
    kernel = press.get("kernel") or []
    out["updates"] = len(kernel)
    if kernel:
        first, last = kernel[0], kernel[-1]
        out.update(
            key_to_kernel=first["start"] * 1e3 - to_wall(press["key"]),
            compute=sum(k["computed"] - k["start"] for k in kernel) * 1e3,
            redraw=sum(k["drawn"] - k["computed"] for k in kernel) * 1e3,
            send=sum(k["shown"] - k["drawn"] for k in kernel) * 1e3,
            sent_to_dom=to_wall(press["dom"]) - last["shown"] * 1e3)
    return out


def summary(presses):
    """Median and max of the latency, and the median of each stage, over an explorer's presses."""
    split = [stages(p) for p in presses]
    result = {"presses": len(split),
              "median": statistics.median(s["total"] for s in split),
              "max": max(s["total"] for s in split)}
    for stage in ("key_to_kernel", "compute", "redraw", "send", "sent_to_dom", "dom_to_decoded",
                  "decoded_to_frame"):
        values = [s[stage] for s in split if stage in s]
        if values:
            result[stage] = statistics.median(values)
    return result


def explorer_name(cell):
    """The view an explorer cell binds, e.g. ``chain_view`` (also through a lambda)."""
    import re

    found = re.search(r"\bexplorer\(.*?(\w+_view)", "".join(cell["source"]), re.S)
    return found[1] if found else "explorer"


def run(notebooks, presses, windowing=None, out=print):
    """Measure every explorer of ``notebooks``; return ``[(notebook, explorer, summary, raw)]``."""
    results = []
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        home = Path(folder)
        timings = home / "timings.jsonl"
        lab = stack.enter_context(bs.jupyter_lab(
            home, notebooks, env={"BPCOURSE_EXPLORER_TIMINGS": str(timings),
                                  "BPCOURSE_PROGRESS": "off"},  # no practice records
            windowing=windowing))
        browser = stack.enter_context(bs.chromium())
        context = browser.new_context(viewport=bs.SCREEN)
        context.set_default_timeout(60 * bs.SECOND)
        for path in notebooks:
            cells = json.loads((lab.root / path.name).read_text(encoding="utf-8"))["cells"]
            indices = bs.explorer_cells(cells)
            if not indices:
                continue
            page = context.new_page()
            bs.open_notebook(page, lab, path, len(cells))
            page.click(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")  # fold files
            bs.run_all(page, cells)
            dom = page.locator(bs.CELLS)
            for index in indices:
                explorer = dom.nth(index).locator(".jp-OutputArea-output .widget-vbox").first
                explorer.locator(".bpcourse-picture img").first.wait_for(state="visible")
                explorer.scroll_into_view_if_needed()
                raw = measure_explorer(page, explorer, presses, timings)
                name = explorer_name(cells[index])
                result = summary(raw)
                results.append((path.stem, name, result, raw))
                out(f"{path.stem} {name}: " + ", ".join(
                    f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                    for k, v in result.items()))
            page.close()
            lab.shut_down_kernels()
    return results


START, END = "<!-- latency:start -->", "<!-- latency:end -->"
HEADERS = ["notebook", "explorer", "key → picture: median", "max", "result",
           "key → kernel", "compute", "redraw", "send", "sent → on screen"]


def markdown(results):
    """The table of medians per explorer (ms); the stages are medians of each stage."""
    def ms(value):
        return "-" if value is None else f"{value:.0f}"

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for notebook, name, r, _ in results:
        met = r["median"] < MEDIAN_LIMIT and r["max"] < MAX_LIMIT
        browser = sum(r.get(k, 0) for k in ("sent_to_dom", "dom_to_decoded", "decoded_to_frame"))
        lines.append("| " + " | ".join([
            notebook, f"`{name}`", ms(r["median"]), ms(r["max"]),
            "met" if met else "NOT met", ms(r.get("key_to_kernel")), ms(r.get("compute")),
            ms(r.get("redraw")), ms(r.get("send")), ms(browser)]) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebook names (stems); all if none")
    parser.add_argument("--presses", type=int, default=30, help="key presses per explorer")
    parser.add_argument("--windowing", help="JupyterLab's notebook windowing mode (default: "
                        "JupyterLab's own, contentVisibility; the browser tests use none)")
    parser.add_argument("--json", help="also write every press's timestamps to this file")
    parser.add_argument("--write", action="store_true",
                        help="store the table, machine and date in benchmarks/README.md")
    args = parser.parse_args(argv)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.notebooks:
        notebooks = [p for p in notebooks if any(p.stem.startswith(n) for n in args.notebooks)]
    from run import machine, write  # benchmarks/run.py, beside this file

    about = machine()
    print(about)
    results = run(notebooks, args.presses, args.windowing)
    end = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    text = (f"Measured {about}, at the end {end}; {args.presses} key presses per explorer, "
            f"JupyterLab's windowing mode {args.windowing or 'as installed (contentVisibility)'}."
            f"\n\n{markdown(results)}")
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    if args.write:
        write(text, START, END)
    return results


if __name__ == "__main__":
    main()
