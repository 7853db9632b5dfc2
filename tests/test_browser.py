"""The course in a real browser, measured as a learner sees it: JupyterLab on localhost, Debian's Chromium, no internet.

JupyterLab starts with the options of the learner's own launch (``python3 course.py open``), so a
news or update pop-up that would greet the learner is seen here too. Each notebook is visited
once, in one page, and everything below is measured on that visit:

- on opening, before running anything: the notebook is not marked as changed, and no pop-up
  (notification or dialog) is showing;
- after Run All: every code cell ran without error and every chart drew (a rendered Vega view, not
  a "could not load" message). Every request that is not to 127.0.0.1 is blocked, so a chart that
  needs a CDN fails;
- at a 1400×1000 window and again at 800 and 1600 px wide, without re-running: quiz options whose
  painted text overlaps and control labels cut short (none at any of the three); outputs wider than
  their box (none at 1400 and 1600; at 800 px the file browser leaves the notebook narrower than a
  chart, so that width is only reported); and, at 1400 px, the height of each explorer, which must
  fit in about 1,400 px;
- accessibility (WCAG 2.1 AA) of what the course draws, the cells' outputs and not JupyterLab's
  own chrome: axe-core (installed from npm into tests/browser/ and loaded from disk into the page)
  finds no serious or critical violation; every control has an accessible name; every chart has
  a text alternative, and every explorer's chart has a table with a caption beside it;
- each explorer by keyboard alone, entered at its first control: Tab reaches every one of its
  controls; key presses (no mouse) change a control so that the table and chart on screen change;
  and each kind of list, slider and checkbox in it answers its keys (arrows, Space) and keeps the
  focus (JupyterLab must not take the keys to move between cells).

Screenshots of every explorer and quiz (at 1400 and 800 px wide), an axe report per notebook and
metrics.json with all the numbers go to artifacts/browser/ (ignored by git); the table of numbers
is printed at the end (``pytest -s``) and metrics.txt keeps it.

Skipped, with the reason, where Chromium or Playwright is missing; the accessibility checks are
skipped where axe-core is not installed. .ci/run installs Chromium and axe-core, and Playwright
is in the test extras.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import socket
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlparse

import pytest
from offline_browser import chromium, serve, skip_module_without_chromium

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOKEN = "purgelib-browser-test"
HELPERS = Path(__file__).resolve().parent / "browser"
AXE = HELPERS / "node_modules" / "axe-core" / "axe.min.js"
LEARNER_VIEW = HELPERS / "learner_view.js"

WIDTH, HEIGHT = 1400, 1000
WIDTHS = (800, WIDTH, 1600)
SCREENSHOT_WIDTHS = (WIDTH, 800)
# At 800 px JupyterLab's file browser leaves the notebook about 370 px, narrower than a chart:
# sideways scrolling there is reported, not failed.
OVERFLOW_WIDTHS = (WIDTH, 1600)
TALLEST_EXPLORER = 1400
EXPLORER = ".jp-NotebookPanel .purgelib-explorer"
QUIZ = ".jp-NotebookPanel .purgelib-selfcheck"
# JupyterLab restores widgets and its own panels for a moment after the kernel is ready; a
# notebook that turns dirty, or a pop-up that shows, does so within this time.
SETTLE_MS = 3000
SERIOUS = {"serious", "critical"}

playwright_api = skip_module_without_chromium()

pytestmark = pytest.mark.browser
needs_axe = pytest.mark.skipif(
    not AXE.exists(),
    reason=f"axe-core is not installed in {HELPERS}: run `npm ci --prefix tests/browser`, as .ci/run does",
)


class Recipe(NamedTuple):
    """How a learner changes an explorer from the keyboard.

    Tab to ``target`` (showing ``text``), then press ``keys``.
    """

    action: str
    target: str
    text: str
    keys: tuple[str, ...]


KEYBOARD = {
    "purgelib-timelineexplorer": Recipe("look for a person", "input[type=text]", "", (*"Yezhov", "Enter")),
    "purgelib-victimsexplorer": Recipe("show the figures per month", "button", "per month", ("Space",)),
    "purgelib-explanationsexplorer": Recipe("lower the first weight", "input[type=number]", "", ("ArrowDown",)),
    "purgelib-sourcereader": Recipe("open another reading", "button:not(.mod-active)", "", ("Space",)),
}
# The keys that change a list, a slider and a checkbox (a list at its end goes up instead, see arrowFor).
CONTROL_KEYS = {"list": ("ArrowDown", "ArrowUp"), "slider": ("ArrowRight", "ArrowLeft"), "checkbox": ("Space",)}
# The explorer each of these notebooks is built around: the keyboard test must find it there.
MAIN_EXPLORER = {
    "04": "purgelib-timelineexplorer",
    "05": "purgelib-victimsexplorer",
    "06": "purgelib-sourcereader",
    "07": "purgelib-explanationsexplorer",
}


@dataclass
class Visit:
    """Everything measured on one notebook."""

    notebook: str
    dirty_on_open: bool = False
    popups: list[str] = field(default_factory=list)
    cells: int = 0
    cells_run: int = 0
    errors: list[str] = field(default_factory=list)
    charts: int = 0
    charts_drawn: int = 0
    blocked: list[str] = field(default_factory=list)
    at_width: dict[int, dict[str, Any]] = field(default_factory=dict)
    axe: dict[str, Any] | None = None
    unnamed_controls: list[str] | None = None
    chart_alternatives: list[dict[str, str]] | None = None
    explorers_without_table: list[str] = field(default_factory=list)
    keyboard: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def serious(self) -> list[dict]:
        return [rule for rule in (self.axe or {}).get("violations", []) if rule["impact"] in SERIOUS]

    def tallest_explorer(self) -> int:
        return max((e["height"] for e in self.at_width[WIDTH]["explorers"]), default=0)

    def summary(self) -> dict[str, Any]:
        def per_width(key: str) -> str:
            return "/".join(str(len(self.at_width[w][key])) for w in WIDTHS)

        unchecked = sum(len(r["nodes"]) for r in (self.axe or {}).get("incomplete", []) if r["id"] == "color-contrast")
        return {
            "dirty on open": self.dirty_on_open,
            "popups": len(self.popups),
            "overlaps 800/1400/1600": per_width("overlaps"),
            "tallest explorer": self.tallest_explorer(),
            "overflow 800/1400/1600": per_width("overflow"),
            "cut labels 800/1400/1600": per_width("truncated"),
            "axe serious+critical": "n/a" if self.axe is None else sum(len(r["nodes"]) for r in self.serious()),
            "contrast checked/unsure": "n/a" if self.axe is None else f"{self.axe['contrastChecked']}/{unchecked}",
            "unnamed controls": "n/a" if self.unnamed_controls is None else len(self.unnamed_controls),
            "charts without text": "n/a"
            if self.chart_alternatives is None
            else sum(not c["name"] for c in self.chart_alternatives),
            "keyboard ok": f"{sum(not k['problems'] for k in self.keyboard)}/{len(self.keyboard)}",
        }

    def row(self) -> str:
        return f"{self.notebook}: " + ", ".join(f"{key} {value}" for key, value in self.summary().items())


def table(visits: dict[str, Visit]) -> str:
    rows = [["notebook", *next(iter(visits.values())).summary()]]
    rows += [[name[:2], *map(str, visit.summary().values())] for name, visit in visits.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def learner_lab_arguments(root: Path) -> list[str]:
    """JupyterLab's arguments as ``python3 course.py open`` gives them, but serving ``root``.

    Whatever the learner's launch does about news and update pop-ups, the test does too. It serves
    a copy of the course, not the course's folder, which JupyterLab's autosave would write to.
    """
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    return [
        *(a for a in course.lab_arguments() if not a.startswith("--ServerApp.root_dir=")),
        f"--ServerApp.root_dir={root}",
    ]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of notebooks/ (so running cells never rewrites the course's files).

    Its configuration, settings and workspaces start empty, as on a learner's first launch.
    """
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", home / "course" / "notebooks")
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "PURGELIB_JOURNAL_DIR": str(home / "journal"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        *learner_lab_arguments(home / "course"),
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={TOKEN}",
        "--LabApp.expose_app_in_browser=True",
    ]
    base = f"http://127.0.0.1:{port}"
    server = serve(command, f"{base}/api/status?token={TOKEN}", home / "server.log", env=env)
    # Serving the course's own folder instead would let JupyterLab's autosave rewrite its notebooks.
    served = json.load(urllib.request.urlopen(f"{base}/api/contents?token={TOKEN}"))
    if {item["name"] for item in served["content"]} != {"notebooks"}:
        server.kill()
        pytest.fail(
            f"JupyterLab serves a folder with {[item['name'] for item in served['content']]}, "
            "not the test's copy of notebooks/"
        )
    yield base
    server.terminate()
    server.wait(30)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def visits():
    """The visits made so far; at the end, their numbers as metrics.json, metrics.txt and a printed table."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    done: dict[str, Visit] = {}
    yield done
    if done:
        text = table(done)
        (ARTIFACTS / "metrics.txt").write_text(text + "\n")
        print("\nWhat a learner sees, per notebook (details in artifacts/browser/metrics.json):\n" + text)


def open_notebook(page, lab: str, notebook: str) -> None:
    page.goto(f"{lab}/lab/tree/notebooks/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        timeout=60_000,
    )
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.ready")
    page.wait_for_timeout(SETTLE_MS)


def run_all(page) -> None:
    # The command's promise settles when the last cell has run; wait for it with a time limit
    # (page.evaluate would wait for ever on a page that never finishes).
    page.evaluate(
        "() => { window.jupyterapp.commands.execute('notebook:run-all-cells')"
        ".finally(() => { window.purgelibRanAll = true; }); }"
    )
    page.wait_for_function(
        """() => window.purgelibRanAll
                 && window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus === 'idle'
                 && ![...document.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'))""",
        polling=500,
        timeout=180_000,
    )
    # Widgets and charts draw after their cell has finished; one that never draws is counted
    # by the test of charts, not waited for.
    with contextlib.suppress(playwright_api.TimeoutError):
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-NotebookPanel .vega-embed')]"
            ".every(e => e.querySelector('canvas, svg.marks'))",
            timeout=30_000,
        )
    page.wait_for_timeout(1500)


def view(page, function: str, *args: Any) -> Any:
    """Call a function of tests/browser/learner_view.js in the page."""
    return page.evaluate(f"(args) => purgelibView.{function}(...args)", list(args))


def resize(page, width: int, height: int = HEIGHT) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)  # JupyterLab lays its panels out again


def screenshot(page, element, width: int, name: str) -> None:
    """``element`` as it looks at ``width``, whole even when taller than the window."""
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    # The notebook scrolls inside a window-sized panel: a screenshot of a taller element
    # comes out cut, so make the window taller than the element for the picture.
    if box and box["height"] > HEIGHT - 100:
        resize(page, width, int(box["height"]) + 300)
        element.scroll_into_view_if_needed()
    element.screenshot(path=str(ARTIFACTS / name))
    resize(page, width)


def screenshot_widgets(page, notebook: str, width: int) -> None:
    """Every explorer and quiz as it looks at ``width``."""
    for index, element in enumerate(page.locator(f"{EXPLORER}, {QUIZ}").all()):
        kind = next(
            c for c in element.get_attribute("class").split() if c.startswith("purgelib-") and c != "purgelib-explorer"
        )
        screenshot(page, element, width, f"{notebook[:2]}-{width}-{index}-{kind}.png")


def check_accessibility(page, visit: Visit) -> None:
    # With the window as tall as the notebook every output is on screen, so axe can work out the
    # colours behind each text (it skips what is scrolled away).
    height = page.evaluate("() => document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer').scrollHeight")
    resize(page, WIDTH, min(height + 400, 30_000))
    # Run All leaves the notebook scrolled to its end; from the top, all of it is in the window.
    page.evaluate("() => document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer').scrollTo(0, 0)")
    page.wait_for_timeout(500)
    visit.axe = page.evaluate("() => purgelibView.runAxe()")
    visit.unnamed_controls = view(page, "unnamedControls")
    visit.chart_alternatives = view(page, "charts")
    resize(page, WIDTH)
    (ARTIFACTS / f"{visit.notebook[:2]}-axe.json").write_text(json.dumps(visit.axe, indent=1, ensure_ascii=False))


def tab_to(page, stops: int, arrived: Callable[[dict], bool]) -> dict | None:
    """Enter the explorer at its first control and press Tab until ``arrived(focus)``."""
    view(page, "enter")
    for _ in range(stops + 10):
        focus = view(page, "focus")
        if focus is not None and arrived(focus):
            return focus
        page.keyboard.press("Tab")
    return None


def settle(page) -> None:
    """Let the kernel answer a change before the next key."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus === 'idle'", timeout=30_000
    )


def drive_by_keyboard(page, notebook: str, index: int) -> dict[str, Any]:
    """Use explorer ``index`` with keys alone, entering at its first control; what went wrong, if anything."""
    explorer = view(page, "select", index)
    kind, stops = explorer["kind"], explorer["stops"]
    result: dict[str, Any] = {
        "kind": kind,
        "stops": [stop["where"] for stop in stops],
        "unreached": [],
        "action": None,
        "keys_tried_on": [],
        "problems": [],
    }
    if not stops:
        result["problems"].append("nothing in it can take the keyboard focus")
        return result
    if not view(page, "enter"):
        result["problems"].append(f"its first control ({stops[0]['where']}) cannot take the focus")
        return result
    reached = {0}
    for _ in range(len(stops) + 10):
        page.keyboard.press("Tab")
        focus = view(page, "focus")
        if focus is None:
            break
        reached.add(focus["stop"])
    result["unreached"] = [stop["where"] for i, stop in enumerate(stops) if i not in reached]
    if result["unreached"]:
        result["problems"].append(f"Tab never reaches {result['unreached']}")

    recipe = KEYBOARD.get(kind)
    if recipe is None:
        result["problems"].append("no keyboard recipe for this explorer in tests/test_browser.py")
        return result
    result["action"] = recipe.action
    if tab_to(page, len(stops), lambda _: view(page, "focusMatches", recipe.target, recipe.text)) is None:
        result["problems"].append(
            f"Tab never reaches {recipe.target} {recipe.text!r} to {recipe.action}; its tab stops: {result['stops']}"
        )
        return result
    before = view(page, "snapshot")
    pressed = [view(page, "arrowFor", key) for key in recipe.keys]
    for key in pressed:
        page.keyboard.press(key)
    try:
        page.wait_for_function("(before) => purgelibView.changed(before)", arg=before, timeout=20_000)
        settle(page)
        page.wait_for_timeout(1000)  # the Vega view draws after its output is in the page
    except playwright_api.TimeoutError:
        result["problems"].append(f"{recipe.action} ({' '.join(pressed)}) changed nothing on screen")
    else:
        after = view(page, "snapshot")
        if after["text"] == before["text"]:
            result["problems"].append(f"{recipe.action}: the table did not change")
        if before["chart"] and after["chart"] == before["chart"] and not after["message"]:
            result["problems"].append(f"{recipe.action}: the chart did not change")
        screenshot(page, page.locator(EXPLORER).nth(index), WIDTH, f"{notebook[:2]}-{index}-{kind}-after-keyboard.png")

    # Each kind of list, slider or checkbox must answer its keys and keep the focus while doing so.
    # Whether JupyterLab takes a key depends on the kind of element, so the first of each kind tells.
    tried: set[str] = set()
    for stop_index, stop in enumerate(stops):
        if not stop["keyed"] or stop["keyed"] in tried:
            continue
        tried.add(stop["keyed"])
        result["keys_tried_on"].append(stop["where"])
        focus = tab_to(page, len(stops), lambda f, i=stop_index: f["stop"] == i)
        if focus is None:
            result["problems"].append(f"Tab never reaches {stop['where']}")
            continue
        keys = CONTROL_KEYS[stop["keyed"]]
        for key in keys:
            key = view(page, "arrowFor", key)
            page.keyboard.press(key)
            now = view(page, "focus")
            if now is None or now["stop"] != stop_index:
                result["problems"].append(
                    f"{key} in {stop['where']} moves the focus away, to {view(page, 'outside')}: "
                    "the notebook takes the key"
                )
                break
            if now["value"] != focus["value"]:
                settle(page)
                break
        else:
            result["problems"].append(f"{' or '.join(keys)} does not change {stop['where']}")
    return result


def shut_down_kernels(lab: str) -> None:
    """Free the CPU for the next notebook (through the server: the page may have crashed)."""
    for session in json.load(urllib.request.urlopen(f"{lab}/api/sessions?token={TOKEN}")):
        urllib.request.urlopen(
            urllib.request.Request(f"{lab}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE")
        )


@pytest.fixture(scope="module", params=NOTEBOOKS)
def visit(request, lab, browser, visits) -> Visit:
    """One notebook opened, run and measured in one page; the tests below judge the numbers."""
    notebook = request.param
    result = Visit(notebook)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()

    def offline(route):
        if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            result.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    step, started = "opening the notebook", time.monotonic()

    def next_step(name: str) -> None:
        nonlocal step, started
        result.seconds[step] = round(time.monotonic() - started, 1)
        step, started = name, time.monotonic()

    try:
        open_notebook(page, lab, notebook)
        result.dirty_on_open = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
        if AXE.exists():
            page.add_script_tag(path=str(AXE))
        page.add_script_tag(path=str(LEARNER_VIEW))
        result.popups = view(page, "popups")

        next_step("running all cells")
        run_all(page)
        result.popups += [text for text in view(page, "popups") if text not in result.popups]
        result.cells, result.cells_run = page.evaluate(
            """() => {
                const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')];
                return [
                    cells.length,
                    cells.filter(c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputArea-prompt').textContent)).length
                ];
            }"""
        )
        result.errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).all_inner_texts()
        result.errors += page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
        ).all_inner_texts()
        page_text = page.locator(".jp-NotebookPanel").inner_text()
        result.errors += [
            f"'{failure}' on the page"
            for failure in (
                "Could not load",
                "Javascript Error",
                "Error displaying widget",
                "Failed to load model class",
            )
            if failure in page_text
        ]
        result.charts = page.locator(".jp-NotebookPanel .vega-embed").count()
        result.charts_drawn = page.locator(
            ".jp-NotebookPanel .vega-embed canvas, .jp-NotebookPanel .vega-embed svg.marks"
        ).count()
        page.screenshot(path=str(ARTIFACTS / f"{notebook}.png"))

        for width in WIDTHS:
            next_step(f"measuring at {width} px")
            resize(page, width)
            result.at_width[width] = view(page, "measure")
            if width in SCREENSHOT_WIDTHS:
                screenshot_widgets(page, notebook, width)
        resize(page, WIDTH)

        next_step("checking accessibility")
        result.explorers_without_table = view(page, "explorersWithoutTable")
        if AXE.exists():
            check_accessibility(page, result)
        # Last, since it changes what the explorers show.
        next_step("driving the explorers by keyboard")
        result.keyboard = [drive_by_keyboard(page, notebook, index) for index in range(page.locator(EXPLORER).count())]
        next_step("done")
    except playwright_api.Error as error:
        raise RuntimeError(
            f"{notebook}: the browser failed while {step}, {time.monotonic() - started:.0f} s into it"
        ) from error
    finally:
        context.close()
        shut_down_kernels(lab)
    visits[notebook] = result
    (ARTIFACTS / "metrics.json").write_text(
        json.dumps(
            {name: {"summary": v.summary(), **asdict(v)} for name, v in visits.items()}, indent=1, ensure_ascii=False
        )
    )
    return result


def test_opens_clean_without_popups(visit):
    assert not visit.dirty_on_open, f"the untouched notebook is marked as changed as soon as it opens\n{visit.row()}"
    assert not visit.popups, (
        f"pop-ups over the notebook: {visit.popups} (course.py writes the settings that keep JupyterLab's news and"
        f" update notices away into the environment it sets up: was {sys.prefix} set up by course.py?)\n{visit.row()}"
    )


def test_every_cell_runs_and_every_chart_draws_offline(visit):
    assert visit.cells_run == visit.cells, f"{visit.cells - visit.cells_run} of {visit.cells} code cells did not run"
    assert not [text for text in visit.errors if "Traceback" in text or "Error" in text or "on the page" in text], (
        visit.errors
    )
    assert visit.charts_drawn >= visit.charts, f"only {visit.charts_drawn} of {visit.charts} charts drew"
    assert not [url for url in visit.blocked if "vega" in url or "cdn" in url], visit.blocked


def test_quiz_options_never_overlap(visit):
    assert visit.at_width[WIDTH]["quizzes"], f"{visit.notebook} shows no self-check quiz: nothing to measure"
    assert visit.at_width[WIDTH]["options"] >= 2 * visit.at_width[WIDTH]["quizzes"], (
        "the quiz's options were not found on screen"
    )
    overlaps = {width: visit.at_width[width]["overlaps"] for width in WIDTHS if visit.at_width[width]["overlaps"]}
    assert not overlaps, (
        f"quiz options drawn over each other, by window width: {json.dumps(overlaps, indent=1)}\n{visit.row()}"
    )


def test_explorers_fit_the_window(visit):
    explorers = visit.at_width[WIDTH]["explorers"]
    assert visit.tallest_explorer() <= TALLEST_EXPLORER, (
        f"explorers at a {WIDTH}×{HEIGHT} window (px): {explorers}\n{visit.row()}"
    )


def test_no_output_overflows_sideways(visit):
    overflow = {
        width: visit.at_width[width]["overflow"] for width in OVERFLOW_WIDTHS if visit.at_width[width]["overflow"]
    }
    assert not overflow, (
        f"outputs wider than the notebook, by window width: {json.dumps(overflow, indent=1)}\n{visit.row()}"
    )


def test_no_control_label_is_cut(visit):
    truncated = {width: visit.at_width[width]["truncated"] for width in WIDTHS if visit.at_width[width]["truncated"]}
    assert not truncated, f"control labels cut short, by window width: {json.dumps(truncated, indent=1)}\n{visit.row()}"


def axe_report(rules: list[dict], nodes: int = 4) -> str:
    return "\n".join(
        f"- {rule['id']} ({rule['impact']}, {len(rule['nodes'])}×): {rule['help']}\n"
        + "\n".join(f"    {node['where']}\n      {node['html']}" for node in rule["nodes"][:nodes])
        for rule in rules
    )


@needs_axe
def test_axe_finds_no_serious_violation_in_the_course_outputs(visit):
    assert visit.axe["contrastChecked"] > 0, "axe worked out the contrast of no text at all: it did not see the outputs"
    assert not visit.serious(), (
        f"axe-core, WCAG 2.1 A/AA, serious or critical (artifacts/browser/{visit.notebook[:2]}-axe.json):\n"
        f"{axe_report(visit.serious())}\n{visit.row()}"
    )


@needs_axe
def test_every_control_has_an_accessible_name(visit):
    assert not visit.unnamed_controls, (
        "controls a screen reader cannot name:\n" + "\n".join(visit.unnamed_controls) + f"\n{visit.row()}"
    )


@needs_axe
def test_every_chart_has_a_text_alternative(visit):
    assert not [c for c in visit.chart_alternatives if not c["name"]], (
        f"charts without a text alternative: {visit.chart_alternatives}"
    )
    assert not visit.explorers_without_table, (
        f"explorers whose chart has no table with a caption beside it: {visit.explorers_without_table}"
    )


def test_every_explorer_works_by_keyboard_alone(visit):
    found = {k["kind"] for k in visit.keyboard}
    main = MAIN_EXPLORER.get(visit.notebook[:2])
    assert main is None or main in found, f"{visit.notebook} should show its {main}; found {found or 'no explorer'}"
    problems = {f"{k['kind']} #{i}": k["problems"] for i, k in enumerate(visit.keyboard) if k["problems"]}
    assert not problems, (
        "explorers a learner cannot use by keyboard alone: "
        f"{json.dumps(problems, indent=1, ensure_ascii=False)}\n{visit.row()}"
    )
