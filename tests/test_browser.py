"""The course in a real browser: JupyterLab on localhost, Debian's Chromium, no internet.

For every notebook: open it, run all cells, and check that no cell failed, that every chart
drew (a rendered Vega view, not a "could not load" message) and that every widget rendered.
Then drive each explorer as a learner would and check that its chart and table changed on
screen. Every request that is not to 127.0.0.1 is blocked, so a chart that needs a CDN fails.
Screenshots go to artifacts/browser/ (ignored by git).

Skipped, with the reason, where Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("PURGELIB_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "artifacts" / "browser"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOKEN = "purgelib-browser-test"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")
if not CHROMIUM.exists():
    pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does", allow_module_level=True)

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of notebooks/ (so running cells never rewrites the course's files)."""
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", home / "notebooks")
    # The news-consent pop-up would cover the notebook; learners can answer it, the test need not.
    (home / "config" / "labconfig").mkdir(parents=True)
    (home / "config" / "labconfig" / "page_config.json").write_text('{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}')
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "PURGELIB_JOURNAL_DIR": str(home / "journal"),
    }
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
        f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={home}", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.expose_app_in_browser=True",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=open(home / "server.log", "w"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.5)
    yield base
    server.terminate()
    server.wait(30)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as play:
        chromium = play.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.blocked = []

    def offline(route):
        if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    yield page
    context.close()


def open_and_run(page, lab: str, notebook: str) -> None:
    page.goto(f"{lab}/lab/tree/notebooks/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.sessionContext && window.jupyterapp.shell.currentWidget.sessionContext.session && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=60_000)
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.ready")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # Done when no cell is queued or running and the kernel is idle.
    page.wait_for_function(
        """() => {
            const panel = window.jupyterapp.shell.currentWidget;
            const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')].map(p => p.textContent);
            return panel.sessionContext.kernelDisplayStatus === 'idle' && prompts.length > 0
                && !prompts.some(t => t.includes('*')) && !prompts.some(t => /\\[\\s*\\]/.test(t) && false);
        }""",
        timeout=120_000,
    )
    page.wait_for_timeout(1500)


def code_cell_count(page) -> tuple[int, int]:
    return page.evaluate(
        """() => {
            const cells = [...document.querySelectorAll('.jp-CodeCell')];
            const run = cells.filter(c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputArea-prompt').textContent));
            return [cells.length, run.length];
        }"""
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_and_draws_offline(page, lab, notebook):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    open_and_run(page, lab, notebook)
    total, run = code_cell_count(page)
    assert run == total, f"{total - run} of {total} code cells did not run"
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert not [text for text in errors if "Traceback" in text or "Error" in text], errors
    assert page.locator(".jp-OutputArea-output .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    page_text = page.locator(".jp-NotebookPanel").inner_text()
    for failure in ("Could not load", "Javascript Error", "Error displaying widget", "Failed to load model class"):
        assert failure not in page_text, f"{notebook}: '{failure}' on the page"
    charts = page.locator(".jp-RenderedVegaCommon5, .vega-embed")
    drawn = page.locator(".vega-embed svg, .vega-embed canvas")
    assert drawn.count() >= charts.count(), "every Vega output must contain a drawn view"
    page.screenshot(path=str(ARTIFACTS / f"{notebook}.png"), full_page=False)
    assert not [url for url in page.blocked if "vega" in url or "cdn" in url], page.blocked


def explorer_snapshot(page, selector: str) -> dict:
    """What the learner sees of an explorer: its table's text and its chart's pixels (or SVG)."""
    return page.evaluate(
        """(selector) => {
            const root = document.querySelector(selector);
            const chart = root.querySelector('.vega-embed');
            const canvas = chart && chart.querySelector('canvas');
            return {
                table: [...root.querySelectorAll('.widget-html-content')].map(e => e.innerText).join('\\n'),
                chart: canvas ? canvas.toDataURL() : (chart ? chart.innerHTML : ''),
                message: [...root.querySelectorAll('.purgelib-message')].map(e => e.innerText).join(' '),
            };
        }""",
        selector,
    )


def press_slider(page, selector: str, index: int, key: str, times: int) -> None:
    handle = page.locator(f"{selector} .noUi-handle").nth(index)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def choose_option(page, selector: str, index: int) -> None:
    # A plain click on an option of a multiple select chooses that option alone, as a learner would;
    # click one that is not chosen now, so that the selection really changes.
    options = page.locator(f"{selector} select").nth(index).locator("option")
    chosen = options.evaluate_all("(all) => all.map(o => o.selected)")
    options.nth(chosen.index(False) if False in chosen else 0).click()


def choose_another(page, selector: str, index: int) -> None:
    select = page.locator(f"{selector} select").nth(index)
    values = select.locator("option").evaluate_all("(all) => all.filter(o => !o.selected).map(o => o.value)")
    select.select_option(values[0])


LEARNER_ACTIONS = [
    ("04", "purgelib-timelineexplorer", "drag the year range with the keyboard", lambda page, sel: press_slider(page, sel, 0, "ArrowRight", 15)),
    ("05", "purgelib-victimsexplorer", "choose one category", lambda page, sel: choose_option(page, sel, 0)),
    ("07", "purgelib-explanationsexplorer", "move a weight", lambda page, sel: press_slider(page, sel, 0, "ArrowLeft", 20)),
    ("06", "purgelib-sourcereader", "open another reading", lambda page, sel: choose_another(page, sel, 0)),
]
# The source reader shows text, not a chart.
WITHOUT_CHART = {"purgelib-sourcereader"}


@pytest.mark.parametrize(("prefix", "explorer", "action", "drive"), LEARNER_ACTIONS, ids=[a[2] for a in LEARNER_ACTIONS])
def test_a_learner_drives_an_explorer_and_the_screen_changes(page, lab, prefix, explorer, action, drive):
    notebook = next((name for name in NOTEBOOKS if name.startswith(prefix)), None)
    if notebook is None:
        pytest.fail(f"no notebook {prefix}_*.ipynb")
    open_and_run(page, lab, notebook)
    selector = f".{explorer}"
    page.locator(selector).first.scroll_into_view_if_needed()
    if explorer not in WITHOUT_CHART:
        page.wait_for_selector(f"{selector} .vega-embed canvas, {selector} .vega-embed svg", timeout=30_000)
    before = explorer_snapshot(page, selector)
    drive(page, selector)
    page.wait_for_function(
        """([selector, before]) => {
            const root = document.querySelector(selector);
            const text = [...root.querySelectorAll('.widget-html-content')].map(e => e.innerText).join('\\n');
            return text !== before;
        }""",
        arg=[selector, before["table"]],
        timeout=30_000,
    )
    page.wait_for_timeout(1000)
    after = explorer_snapshot(page, selector)
    page.locator(selector).first.screenshot(path=str(ARTIFACTS / f"{prefix}-{explorer}-after.png"))
    assert after["table"] != before["table"], f"{action}: the table did not change"
    if explorer not in WITHOUT_CHART:
        assert after["chart"] != before["chart"] or after["message"], f"{action}: the chart did not change"
