"""The course readable without a kernel: a picture and words in every stored chart, and the static site.

The stored notebooks are checked directly: every chart carries its Vega-Lite JSON, a PNG (what
GitHub and nbviewer show) and its description as text/plain (never Altair's renderer message).

The site is built once, as ``python3 course.py site`` builds it (site/build.py, into a temporary
folder), served on 127.0.0.1 and opened page by page in Debian's Chromium with every request to
any other host blocked. On every page: nothing is blocked (no CDN, fonts or scripts from
elsewhere), no script error, and every chart draws (an SVG inside its vega-embed container),
as many as the notebook stores. Also: the lessons in course order, then the instructor guide,
the data dictionary and the glossary; the glossary holds every term of data/glossary.csv; the
search page finds a term; each explorer is stood in for by a note on launching it; and at
800 px nothing makes the page scroll sideways. Screenshots go to artifacts/site/.

Skipped, saying why, without the ``site`` extra (Jupyter Book, vl-convert), Playwright or Chromium.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import importlib.util
import json
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from offline_browser import CHROMIUM, chromium, offline_page

from purgelib.render import VEGALITE_MIME, chart_text

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "site"
WIDTH, HEIGHT, NARROW = 1400, 1000, 800
EXPLORER_CLASSES = ("TimelineExplorer", "VictimsExplorer", "ExplanationsExplorer", "SourceReader")
REFERENCE_PAGES = ["notebooks/instructor_guide.html", "data/README.html", "glossary.html"]

needs_site_extra = pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in ("jupyter_book", "vl_convert")),
    reason="the site needs the `site` extra (Jupyter Book, vl-convert): python3 course.py test installs it",
)
needs_chromium = pytest.mark.skipif(
    importlib.util.find_spec("playwright") is None or not CHROMIUM.exists(),
    reason=f"needs Playwright (test extra) and Debian's Chromium at {CHROMIUM} (.ci/run installs it)",
)


def stored_charts(notebook: Path) -> list[dict]:
    """The output data of every chart stored in a notebook."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        output["data"]
        for cell in cells
        for output in cell.get("outputs", [])
        if VEGALITE_MIME in output.get("data", {})
    ]


def widget_kinds(notebook: Path) -> list[str]:
    """The class names of the widgets a notebook displays, from their stored text/plain."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    texts = [
        "".join(o["data"].get("text/plain", ""))
        for c in cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    return [re.match(r"\W*(\w+)", text).group(1) for text in texts]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name[:2])
def test_every_stored_chart_carries_a_picture_and_its_description(notebook):
    charts = stored_charts(notebook)
    assert charts, f"{notebook.name} stores no chart"
    for number, data in enumerate(charts, 1):
        assert base64.b64decode(data.get("image/png", "")).startswith(b"\x89PNG"), (
            f"chart {number} of {notebook.name} has no picture: "
            f"re-execute it with `python3 course.py execute {notebook.name}`"
        )
        words = "".join(data["text/plain"])
        assert words == chart_text(data[VEGALITE_MIME]) and "renderer" not in words, (
            f"chart {number} of {notebook.name} reads {words!r}"
        )


def test_the_site_renderer_stays_out_of_a_learners_import():
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, purgelib; "
            "print(sorted(m for m in sys.modules if 'site_renderer' in m or m.startswith(('myst_nb', 'docutils'))))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "[]"


@needs_site_extra
def test_myst_nb_finds_the_renderer_and_it_draws_only_vega_lite():
    from myst_nb.core.render import MimeData, load_mime_renders

    from purgelib.site_renderer import VegaLiteRenderer

    assert VegaLiteRenderer in load_mime_renders(), (
        "the myst_nb.mime_renderers entry point is not installed (pip install -e .)"
    )
    spec = {"description": "Events by year.", "mark": "point"}
    (node,) = VegaLiteRenderer.handle_mime(None, MimeData(VEGALITE_MIME, spec), False)
    assert node.astext().startswith('<div class="purgelib-chart" role="figure" aria-label="Events by year.">')
    assert VegaLiteRenderer.handle_mime(None, MimeData("image/png", "iVBOR"), False) is None


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site built as `python3 course.py site` builds it; the folder of its HTML."""
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, f"the site did not build:\n{built.stdout[-4000:]}\n{built.stderr[-4000:]}"
    return out / "_build" / "html"


def html_pages(site: Path) -> list[str]:
    """The site's pages in the order of its table of contents, from the home page's navigation."""
    index = (site / "index.html").read_text(encoding="utf-8")
    navigation = index[index.index("bd-docs-nav") :]
    links = re.findall(r'<a class="reference internal" href="([^"#]+\.html)"', navigation)
    return ["index.html", *dict.fromkeys(links)]


@needs_site_extra
def test_the_site_has_the_lessons_in_course_order_then_guide_data_and_glossary(site):
    expected = ["index.html", *(f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS), *REFERENCE_PAGES]
    assert html_pages(site) == expected
    assert all((site / page).exists() for page in [*expected, "search.html"])


@needs_site_extra
def test_the_glossary_page_holds_every_term_with_its_sources(site):
    import purgelib

    page = (site / "glossary.html").read_text(encoding="utf-8")
    for term in purgelib.load("glossary").itertuples():
        assert f'id="{term.term_id}"' in page, f"no anchor for {term.term_id}"
        assert purgelib.cite(term.source_ids).split(";")[0] in page


@needs_site_extra
def test_each_widget_is_stood_in_for_by_what_a_reader_can_use_without_a_kernel(site):
    """An explorer by a note on launching it, an answer box by its exercise, a self-check by its questions."""
    import purgelib.quiz

    for notebook in NOTEBOOKS:
        page = (site / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        # The page's text, with the typographic quotes the site prints turned back into the data's plain ones.
        text = re.sub("[‘’]", "'", html.unescape(re.sub(r"<[^>]+>", "", page)))
        kinds = widget_kinds(notebook)
        explorers = sum(kind in EXPLORER_CLASSES for kind in kinds)
        assert text.count("Live explorer:") == explorers, notebook.name
        assert explorers == 0 or ("python3 course.py app" in text and "Binder" in text), notebook.name
        assert text.count("Exercise\n") == kinds.count("JournalQuestion"), notebook.name
        for prompt in purgelib.quiz.questions(notebook.name[:2])["prompt"]:
            assert prompt in text, f"{notebook.name}: the self-check question {prompt!r} is not on the page"
        assert "widget-view+json" not in page, f"{notebook.name}: a widget output that shows nothing on the site"


@pytest.fixture(scope="module")
def served(site):
    """The site on 127.0.0.1, as GitHub Pages would serve it."""
    handler = functools.partial(
        type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *_: None}), directory=str(site)
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def expected_charts(page_path: str) -> int:
    notebook = ROOT / "notebooks" / f"{Path(page_path).stem}.ipynb"
    return len(stored_charts(notebook)) if notebook.name[:2].isdigit() else 0


@needs_site_extra
@needs_chromium
def test_every_page_draws_every_chart_with_nothing_from_outside(site, served, browser):
    from playwright.sync_api import TimeoutError

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for path in html_pages(site):
        page = offline_page(browser, WIDTH, HEIGHT)
        page.goto(f"{served}/{path}", wait_until="load")
        charts = page.locator(".purgelib-chart").count()
        # The charts that did not draw after the wait are counted below.
        with contextlib.suppress(TimeoutError):
            page.wait_for_function(
                "() => [...document.querySelectorAll('.purgelib-chart')]"
                ".every(c => c.querySelector('.vega-embed svg.marks, .vega-embed canvas'))",
                timeout=20_000,
            )
        drawn = page.locator(".purgelib-chart .vega-embed svg.marks, .purgelib-chart .vega-embed canvas").count()
        failed = page.locator(".purgelib-chart-error").all_inner_texts()
        page.screenshot(path=str(ARTIFACTS / f"{path.replace('/', '_')}-{WIDTH}.png"), full_page=True)
        found = {
            "charts": charts,
            "stored": expected_charts(path),
            "drawn": drawn,
            "blocked": page.blocked,
            "script errors": page.errors,
            "failed": failed,
        }
        if drawn != charts or charts != found["stored"] or page.blocked or page.errors or failed:
            problems[path] = found
        page.close()
    assert not problems, json.dumps(problems, indent=1)


@needs_site_extra
@needs_chromium
def test_at_800_px_no_page_scrolls_sideways(site, served, browser):
    wide = {}
    for path in html_pages(site):
        page = offline_page(browser, NARROW, HEIGHT)
        page.goto(f"{served}/{path}", wait_until="load")
        page.wait_for_timeout(300)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW:
            wide[path] = width
        if path.startswith("notebooks/0"):
            page.screenshot(path=str(ARTIFACTS / f"{path.replace('/', '_')}-{NARROW}.png"))
        page.close()
    assert not wide, f"pages wider than an {NARROW} px window (charts must scroll inside their own box): {wide}"


@needs_site_extra
@needs_chromium
def test_search_finds_a_glossary_term_offline(site, served, browser):
    page = offline_page(browser, WIDTH, HEIGHT)
    page.goto(f"{served}/search.html?q=troika", wait_until="load")
    page.wait_for_selector("#search-results li a", timeout=20_000)
    found = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("glossary.html" in href for href in found), found
    assert not page.blocked and not page.errors, (page.blocked, page.errors)
