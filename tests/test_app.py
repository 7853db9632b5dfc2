"""The app mode in a real browser: `python3 course.py app` (Voilà) on localhost, Debian's Chromium, no internet.

Voilà starts with the arguments and environment ``course.py app`` gives it (its own port, no
browser) and the page is opened with every request not to 127.0.0.1 blocked. The page shows the
four explorers (timeline, victims, explanations, source reader), each drawn: the three with a
chart have an SVG chart, the reader its source card. No request left, no red error box
("Javascript Error"), no error output, no script error. Then one control of each is used, as a
visitor would, and what the explorer shows changes. Screenshots at 1400 and 800 px wide go to
artifacts/app/.

Skipped, saying why, without the ``app`` extra (Voilà), Playwright or Chromium.
"""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import sys
from pathlib import Path

import pytest
from offline_browser import chromium, offline_page, serve, skip_module_without_chromium

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "app"
WIDTH, HEIGHT, NARROW = 1400, 1000, 800
KINDS = (
    "purgelib-timelineexplorer",
    "purgelib-victimsexplorer",
    "purgelib-explanationsexplorer",
    "purgelib-sourcereader",
)

if importlib.util.find_spec("voila") is None:
    pytest.skip("the app needs the `app` extra (Voilà): python3 course.py test installs it", allow_module_level=True)
playwright_api = skip_module_without_chromium()

pytestmark = pytest.mark.browser


def course_module():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    return course


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Voilà as `python3 course.py app` starts it, on a free port, without opening a browser."""
    course = course_module()
    home = tmp_path_factory.mktemp("app")
    port = free_port()
    environment = {
        **course.app_environment(),
        "PURGELIB_JOURNAL_DIR": str(home / "journal"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    command = [sys.executable, "-m", "voila", *course.app_arguments([f"--port={port}", "--no-browser"])]
    base = f"http://127.0.0.1:{port}"
    server = serve(command, f"{base}/voila/static/voila.js", home / "voila.log", cwd=ROOT, env=environment)
    yield base
    server.terminate()
    server.wait(30)


@pytest.fixture(scope="module")
def page(app):
    """The app's page, opened once offline, after every explorer has drawn."""
    with chromium() as browser:
        page = offline_page(browser, WIDTH, HEIGHT)
        # Voilà runs every cell before it shows the page; the first visit also starts a kernel.
        page.goto(app, timeout=120_000)
        # What is missing after the wait is reported by the tests.
        with contextlib.suppress(playwright_api.TimeoutError):
            page.wait_for_function(
                f"() => document.querySelectorAll('.purgelib-explorer').length === {len(KINDS)}"
                " && document.querySelectorAll('.purgelib-explorer .vega-embed svg.marks').length >= 3",
                timeout=120_000,
            )
        page.wait_for_timeout(1000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"app-{WIDTH}.png"))
        yield page


def explorer(page, kind: str):
    return page.locator(f".purgelib-explorer.{kind}")


def test_the_page_shows_the_four_explorers_each_drawn(page):
    assert [explorer(page, kind).count() for kind in KINDS] == [1, 1, 1, 1], page.locator("body").inner_text()[:2000]
    for kind in KINDS[:3]:
        assert explorer(page, kind).locator(".vega-embed svg.marks").count() == 1, f"{kind} has no chart"
    assert "Getty" in explorer(page, "purgelib-sourcereader").inner_text(), "the reader shows no source card"


def test_nothing_is_asked_of_the_internet_and_nothing_fails(page):
    assert page.blocked == [], f"requests that left the machine: {page.blocked}"
    text = page.locator("body").inner_text()
    assert "Javascript Error" not in text and "Traceback" not in text, "a red error box on the page"
    errors = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
        " .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
    )
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.errors == [], f"script errors: {page.errors}"
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").count() == 0, "the page shows code"


def use(page, kind: str, action) -> None:
    """Do ``action`` to explorer ``kind`` and wait until what it shows changes."""
    view = explorer(page, kind)
    view.scroll_into_view_if_needed()
    before = view.inner_text()
    action(view)
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).innerText !== before",
        arg=[f".purgelib-explorer.{kind}", before],
        timeout=30_000,
    )
    page.wait_for_timeout(1000)  # the chart redraws after the table
    # Voilà's page scrolls inside a window-sized box, which cuts a taller element's picture: make the window taller.
    page.set_viewport_size({"width": WIDTH, "height": int(view.bounding_box()["height"]) + 200})
    view.scroll_into_view_if_needed()
    view.screenshot(path=str(ARTIFACTS / f"{kind}-after-use.png"))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_each_explorer_answers_a_control(page):
    def look_for_yezhov(view):
        view.locator("input[type=text]").first.fill("Yezhov")
        view.locator("input[type=text]").first.press("Enter")

    use(page, "purgelib-timelineexplorer", look_for_yezhov)
    assert (
        "Yezhov" in explorer(page, "purgelib-timelineexplorer").inner_text()
        or "Ezhov" in explorer(page, "purgelib-timelineexplorer").inner_text()
    )
    use(page, "purgelib-victimsexplorer", lambda view: view.get_by_role("button", name="per month").click())
    use(page, "purgelib-explanationsexplorer", lambda view: view.locator("input[type=number]").first.press("ArrowDown"))
    use(
        page,
        "purgelib-sourcereader",
        lambda view: view.locator("button:not(.mod-active)").filter(has_text="Lovestone").first.click(),
    )
    assert "Lovestone" in explorer(page, "purgelib-sourcereader").inner_text()
    assert page.errors == [] and page.blocked == []
    assert "Javascript Error" not in page.locator("body").inner_text()


def test_at_800_px_the_explorers_fit_the_window(page):
    page.set_viewport_size({"width": NARROW, "height": HEIGHT})
    page.wait_for_timeout(500)
    widths = {kind: explorer(page, kind).bounding_box()["width"] for kind in KINDS}
    page.screenshot(path=str(ARTIFACTS / f"app-{NARROW}.png"))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    assert all(width <= NARROW for width in widths.values()), f"explorers wider than an {NARROW} px window: {widths}"
