"""Explorer latency in the browser: from a key press or click to the redrawn chart and table on screen.

    python benchmarks/bench_browser.py [--scale 1] [--repeat 12] [--warmup 2] [--only timeline victims ...]

Starts JupyterLab on localhost (its configuration, data and workspaces in a temporary folder),
opens two notebooks written for the run in Debian's Chromium (every request not to 127.0.0.1 is
blocked) and runs them: one builds the course's explorers as the notebooks do, the other the
usual idiom a teacher writes without purgelib, ``interact`` with an ``IntRangeSlider`` returning
an Altair chart of the filtered events (drawn offline by Altair's ``mimetype`` renderer). Then it
drives each control by keyboard or mouse, as a learner would, ``--repeat`` times after
``--warmup`` changes, setting it to one value and back.

What is timed, in the page: from the input event (its ``timeStamp``: the key press or the click) to
the moment the new chart and the new table are on screen. A part is seen at the first animation
frame in which it is in the page (for the chart, a Vega view not there before the input with its
marks drawn: SVG marks, or pixels on a canvas; for the table, a new one, when the change rewrote
it); it is on screen when the next frame begins, once that frame was laid out and painted. A
MutationObserver on the explorer tells when its outputs stop changing, so that one change never
overlaps the next. The peer is measured before and after the explorers, in the same run; its
figure pools both.

``--scale 100`` gives every explorer (and the peer) 100 copies of the course's rows, as
bench_explorers.py makes them. ``--purgelib DIR`` runs the kernels with the purgelib of another
checkout (``git archive`` of an older commit, say), to compare before and after on one machine.
Prints median and p90 per control (ms), the peer's, and each median as a ratio of the peer's.
Benchmarks report; tests never assert timings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from offline_browser import CHROMIUM, chromium, serve  # noqa: E402 (the browser tests' own Chromium and start-up)

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "purgelib-bench"

# In the page: when the last input came, when the explorer's outputs last changed, and, once armed
# by arm(), the first frame in which a chart and a table that were not there before are complete.
PAGE = """
window.purgelibBench = (() => {
  const inputs = {};
  for (const type of ['keydown', 'click', 'input']) {
    window.addEventListener(type, (event) => { inputs[type] = event.timeStamp; }, true);
  }
  let run = null;
  const chartDrawn = (embed) => {
    const svg = embed.querySelector('svg.marks');
    if (svg) return !!svg.querySelector('g[class*="mark-"] > *');
    const canvas = embed.querySelector('canvas');
    if (!canvas || !canvas.width || !canvas.height) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) return true;
    return false;
  };
  // A part seen in the page at one frame has been laid out and painted when the next frame begins:
  // that next frame's time is when it is on screen.
  const frame = () => {
    if (!run) return;
    const now = performance.now();
    if (run.chartSeen && run.chart === null) run.chart = now;
    if (run.tableSeen && run.table === null) run.table = now;
    const charts = [...run.root.querySelectorAll('.vega-embed:not([data-purgelib-old])')];
    run.chartSeen = run.chartSeen || charts.some(chartDrawn);
    const table = run.tableSelector && run.root.querySelector(`${run.tableSelector}:not([data-purgelib-old])`);
    run.tableSeen = run.tableSeen || !!table;
    if (now - run.armed < 10000) requestAnimationFrame(frame);
  };
  return {
    arm(rootSelector, tableSelector) {
      const root = document.querySelector(rootSelector);
      root.querySelectorAll('.vega-embed').forEach((el) => el.setAttribute('data-purgelib-old', ''));
      if (tableSelector) root.querySelectorAll(tableSelector).forEach((el) => el.setAttribute('data-purgelib-old', ''));
      if (run && run.observer) run.observer.disconnect();
      const armed = performance.now();
      run = { root, tableSelector, armed, chart: null, table: null, chartSeen: false, tableSeen: false };
      run.changed = run.armed;
      run.observer = new MutationObserver(() => { run.changed = performance.now(); });
      const watched = ['class', 'style', 'd', 'transform'];
      const options = { subtree: true, childList: true, characterData: true, attributeFilter: watched };
      run.observer.observe(root, options);
      requestAnimationFrame(frame);
    },
    status(inputType) {
      const quiet = performance.now() - run.changed;
      return { input: inputs[inputType] ?? null, chart: run.chart, table: run.table, quiet, armed: run.armed };
    },
  };
})();
"""


@dataclass
class Control:
    """How a learner changes one control, to one value and back: keys pressed in it, a click, or words and Enter."""

    explorer: str  # the explorer's CSS class, or "peer"
    name: str
    kind: str  # "keys", "click" or "type"
    target: str  # a Playwright selector inside the explorer
    back_target: str = ""  # where the change back is made, if not in ``target`` (another of a row of buttons)
    forth: str = ""  # the key to press, or the words to type
    back: str = ""  # the key that changes it back (default: ``forth`` again)
    chart: bool = True


TIMELINE, VICTIMS, EXPLANATIONS, READER = (
    ".purgelib-timelineexplorer",
    ".purgelib-victimsexplorer",
    ".purgelib-explanationsexplorer",
    ".purgelib-sourcereader",
)
FIRST_BOX, CHECKBOX = "input[type=number] >> nth=0", "input[type=checkbox] >> nth=0"
CONTROLS = [
    Control(TIMELINE, "years (First year box, arrow keys)", "keys", FIRST_BOX, forth="ArrowUp", back="ArrowDown"),
    Control(TIMELINE, "view (buttons, click)", "click", "button:has-text('by month')", "button:has-text('By year')"),
    Control(TIMELINE, "themes (checkbox, click)", "click", f".purgelib-checkboxes >> {CHECKBOX}"),
    Control(TIMELINE, "person (typed, Enter)", "type", "input[type=text] >> nth=0", forth="Yezhov"),
    Control(
        TIMELINE,
        "reading (buttons, Space)",
        "keys",
        "button:has-text('Lovestone')",
        "button:has-text('any reading')",
        forth="Space",
    ),
    Control(TIMELINE, "search (typed, Enter)", "type", "input[type=text] >> nth=1", forth="trial"),
    Control(
        VICTIMS, "category (checkbox, Space)", "keys", f".purgelib-checkboxes >> nth=0 >> {CHECKBOX}", forth="Space"
    ),
    Control(VICTIMS, "measure (checkbox, click)", "click", f".purgelib-checkboxes >> nth=1 >> {CHECKBOX}"),
    Control(VICTIMS, "basis (checkbox, click)", "click", f".purgelib-checkboxes >> nth=2 >> {CHECKBOX}"),
    Control(VICTIMS, "period (First year box, arrow keys)", "keys", FIRST_BOX, forth="ArrowUp", back="ArrowDown"),
    Control(VICTIMS, "scale (buttons, click)", "click", "button:has-text('Per month')", "button:has-text('Total')"),
    Control(
        VICTIMS,
        "axis (buttons, Space)",
        "keys",
        "button:has-text('Log scale')",
        "button:has-text('Linear, from 0')",
        forth="Space",
    ),
    Control(EXPLANATIONS, "explanations (checkbox, click)", "click", f".purgelib-checkboxes >> {CHECKBOX}"),
    Control(EXPLANATIONS, "kind weight (number box, arrow keys)", "keys", FIRST_BOX, forth="ArrowDown", back="ArrowUp"),
    Control(
        EXPLANATIONS,
        "reading weight (number box, arrow keys)",
        "keys",
        "input[type=number] >> nth=4",
        forth="ArrowUp",
        back="ArrowDown",
    ),
    Control(
        READER,
        "reading (buttons, click; no chart)",
        "click",
        "button:has-text('Lovestone')",
        "button:has-text('Siegelbaum')",
        chart=False,
    ),
]
PEER = Control(
    "peer",
    "peer: interact + IntRangeSlider (arrow keys on its handle)",
    "keys",
    ".noUi-handle >> nth=0",
    forth="ArrowRight",
    back="ArrowLeft",
)
TABLES = {TIMELINE: "table", VICTIMS: "table", EXPLANATIONS: "table", READER: ".purgelib-passages", "peer": ""}


def explorer_notebook(scale: int) -> nbformat.NotebookNode:
    """The course's explorers, as its notebooks build them (with ``scale`` copies of the rows)."""
    setup = f"""import sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
import purgelib
from bench_explorers import copies
SCALE = {scale}
events = copies(purgelib.load("events"), "event_id", SCALE, ("date", "end_date")) if SCALE > 1 else None
figures = copies(purgelib.load("victims"), "figure_id", SCALE) if SCALE > 1 else None
evidence = copies(purgelib.load("evidence"), "evidence_id", SCALE) if SCALE > 1 else None"""
    cells = [
        setup,
        "purgelib.TimelineExplorer(events)",
        "purgelib.VictimsExplorer(figures)",
        "purgelib.ExplanationsExplorer(evidence)",
        "purgelib.SourceReader()",
    ]
    return notebook(cells)


def peer_notebook(scale: int) -> nbformat.NotebookNode:
    """The usual idiom, without purgelib: the course's events read with pandas, filtered by a range slider."""
    source = f"""import altair as alt
import pandas as pd
from ipywidgets import IntRangeSlider, interact

alt.renderers.enable("mimetype")  # drawn by JupyterLab itself, offline
alt.data_transformers.disable_max_rows()
events = pd.read_csv({str(ROOT / "data" / "events.csv")!r})
events["date"] = pd.to_datetime(events["date"], format="mixed")  # some dates are a year or a month
events = pd.concat([events] * {scale}, ignore_index=True)


@interact(years=IntRangeSlider(value=(1917, 1991), min=1917, max=1991, description="Years"))
def show(years):
    shown = events[events["date"].dt.year.between(*years)]
    return alt.Chart(shown).mark_circle().encode(x="date:T", y="theme:N", tooltip=["title", "date"])"""
    return notebook([source])


def notebook(cells: list[str]) -> nbformat.NotebookNode:
    """A notebook of code ``cells`` that opens with the Python kernel, without asking which."""
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells], metadata=kernel)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(home: Path, purgelib_dir: Path | None) -> tuple[subprocess.Popen, str]:
    (home / "config" / "labconfig").mkdir(parents=True)
    (home / "config" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "PURGELIB_JOURNAL_DIR": str(home / "journal"),
    }
    if purgelib_dir is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(purgelib_dir), env.get("PYTHONPATH", "")]))
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={home / 'notebooks'}",
        "--LabApp.expose_app_in_browser=True",
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        server = serve(command, f"{base}/api/status?token={TOKEN}", home / "server.log", timeout=120, env=env)
    except RuntimeError as error:
        raise SystemExit(str(error)) from None
    return server, base


def open_and_run(page, notebook: str, ready: str) -> None:
    """Open ``notebook`` in a tab of its own, run all its cells, and wait until ``ready`` (a page function) is true."""
    page.evaluate(
        "(path) => window.jupyterapp.commands.execute('docmanager:open', { path }).then(() => true)", notebook
    )
    page.wait_for_function(
        "(path) => { const panel = window.jupyterapp.shell.currentWidget;"
        " return panel && panel.context && panel.context.path === path"
        " && panel.sessionContext.session && panel.sessionContext.session.kernel; }",
        arg=notebook,
        timeout=90_000,
    )
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.ready.then(() => true)")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => true)")
    page.wait_for_function(ready, timeout=300_000, polling=250)
    page.wait_for_timeout(1500)


def switch_to(page, notebook: str) -> None:
    """Bring the tab of ``notebook``, already open and run, to the front."""
    page.evaluate(
        "(path) => window.jupyterapp.commands.execute('docmanager:open', { path }).then(() => true)", notebook
    )
    page.wait_for_function("(path) => window.jupyterapp.shell.currentWidget.context.path === path", arg=notebook)
    page.wait_for_timeout(1000)


def idle(page) -> None:
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus === 'idle'",
        timeout=60_000,
        polling=20,
    )


def change(page, control: Control, root: str, forth: bool) -> None:
    """Make one change of ``control`` by keyboard or mouse: ``forth`` to its other value, or back."""
    target = page.locator(
        f"{root} >> {control.target if forth or not control.back_target else control.back_target}"
    ).first
    if control.kind == "click":
        target.click()
    elif control.kind == "keys":
        target.focus()
        page.keyboard.press(control.forth if forth or not control.back else control.back)
    else:
        target.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        if forth:
            page.keyboard.type(control.forth)
        page.keyboard.press("Enter")


INPUT_EVENT = {"click": "click", "keys": "keydown", "type": "keydown"}


def measure(page, control: Control, repeat: int, warmup: int, parts: bool = False) -> list[float]:
    """``repeat`` timings of ``control`` in ms, after ``warmup`` changes; with ``parts``, each change's chart and table
    times are printed to stderr."""
    shown = ".widget-interact" if control.explorer == "peer" else control.explorer
    root = f".jp-NotebookPanel:not(.lm-mod-hidden) {shown}"
    page.locator(f"{root} >> {control.target}").first.scroll_into_view_if_needed()
    found = []
    # An even number of changes leaves the control as it was, so that the next control starts from the same view.
    for step in range(warmup + repeat + (warmup + repeat) % 2):
        idle(page)
        page.evaluate("([root, table]) => purgelibBench.arm(root, table)", [root, TABLES[control.explorer]])
        change(page, control, root, forth=step % 2 == 0)
        deadline = time.monotonic() + 15
        while True:
            status = page.evaluate("(type) => purgelibBench.status(type)", INPUT_EVENT[control.kind])
            done = (status["chart"] is not None or not control.chart) and status["quiet"] > 300
            if done or time.monotonic() > deadline:
                break
            page.wait_for_timeout(50)
        if status["input"] is None or status["input"] < status["armed"] or (control.chart and status["chart"] is None):
            print(f"  {control.name}: change {step} did not redraw within 15 s; skipped", file=sys.stderr)
            continue
        ends = [t for t in (status["chart"] if control.chart else None, status["table"]) if t is not None]
        if not ends:
            print(f"  {control.name}: change {step} changed nothing on screen; skipped", file=sys.stderr)
            continue
        if warmup <= step < warmup + repeat:
            found.append(max(ends) - status["input"])
            if parts:
                since = {
                    part: f"{status[part] - status['input']:.0f} ms" if status[part] else "–"
                    for part in ("chart", "table")
                }
                print(f"  {control.name}: chart {since['chart']}, table {since['table']}", file=sys.stderr)
    return found


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[8] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the course's rows (1 or 100, say)")
    parser.add_argument("--repeat", type=int, default=12, help="changes timed per control, after the warm-up")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["timeline", "victims", "explanations", "reader"],
        help="explorers to time (default: all)",
    )
    parser.add_argument(
        "--purgelib", type=Path, help="a folder holding another version of the purgelib package, for the kernels"
    )
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--parts", action="store_true", help="print when the chart and when the table came, per change")
    options = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"No Chromium at {CHROMIUM}: apt-get install -y chromium, or set PURGELIB_CHROMIUM.")
    home = Path(tempfile.mkdtemp(prefix="purgelib-bench-browser-"))
    (home / "notebooks").mkdir()
    nbformat.write(explorer_notebook(options.scale), home / "notebooks" / "explorers.ipynb")
    nbformat.write(peer_notebook(options.scale), home / "notebooks" / "peer.ipynb")
    controls = [
        c
        for c in CONTROLS
        if not options.only
        or any(
            c.explorer == f".purgelib-{name}explorer" or (name == "reader" and c.explorer == READER)
            for name in options.only
        )
    ]
    server, base = start_lab(home, options.purgelib)
    results: dict[str, list[float]] = {}
    try:
        with chromium() as browser:
            page = browser.new_context(viewport={"width": options.width, "height": 1000}).new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"}
                    else route.abort()
                ),
            )
            page.goto(f"{base}/lab?reset&token={TOKEN}")
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=90_000)
            page.evaluate("() => window.jupyterapp.restored.then(() => true)")
            page.add_script_tag(content=PAGE)
            shown = ".jp-NotebookPanel:not(.lm-mod-hidden)"
            peer_ready = (
                f"() => [...document.querySelectorAll('{shown} .widget-interact .vega-embed')]"
                ".some(e => e.querySelector('canvas, svg.marks'))"
            )
            explorers_ready = (
                f"() => document.querySelectorAll('{shown} .purgelib-explorer').length === 4"
                f" && [...document.querySelectorAll('{shown} .purgelib-explorer .vega-embed')]"
                ".filter(e => e.querySelector('svg.marks')).length === 3"
            )
            open_and_run(page, "peer.ipynb", peer_ready)
            results[PEER.name] = measure(page, PEER, options.repeat, options.warmup, options.parts)
            open_and_run(page, "explorers.ipynb", explorers_ready)
            for control in controls:
                results[f"{control.explorer.removeprefix('.purgelib-').removesuffix('explorer')}: {control.name}"] = (
                    measure(page, control, options.repeat, options.warmup, options.parts)
                )
            switch_to(page, "peer.ipynb")
            results[PEER.name] += measure(page, PEER, options.repeat, options.warmup, options.parts)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(home, ignore_errors=True)
    peer = statistics.median(results[PEER.name]) if results[PEER.name] else float("nan")
    print(
        f"# Browser latency, input to redrawn chart and table ({options.scale}x data;"
        f" ms over {options.repeat} changes per control, the peer's over two rounds)\n"
    )
    print("| explorer: control | median | p90 | median ÷ peer's |")
    print("|---|---|---|---|")
    for name, values in results.items():
        if values:
            print(
                f"| {name} | {statistics.median(values):.0f} | {p90(values):.0f}"
                f" | {statistics.median(values) / peer:.2f} |"
            )
        else:
            print(f"| {name} | – | – | – |")


if __name__ == "__main__":
    main()
