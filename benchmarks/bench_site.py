"""How long the course site takes to build and how big it is; how long the app takes to open.

    .venv/bin/python benchmarks/bench_site.py [--repeat 3]

- Site: ``site/build.py`` (what ``python3 course.py site`` runs), built from scratch each time
  into a temporary folder; the median wall time, then the built site's size, by part.
- App: Voilà started as ``python3 course.py app`` starts it, on a free port; the time until its
  page is served, which is when every cell of app/explorers.ipynb has run (Voilà runs them before
  it answers), so the four explorers are built; and the page's size.

Prints a Markdown section for benchmarks/README.md. Needs the ``site`` and ``app`` extras.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import course  # noqa: E402  (course.py is a script at the top of the checkout, not a package)


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build_site(out: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out)], check=True, capture_output=True
    )
    return time.monotonic() - started


def site_parts(html: Path) -> list[tuple[str, int, int]]:
    """(part, files, bytes) of a built site."""
    static = html / "_static"
    charts = static / "vega-charts.js"
    parts = {
        "HTML pages (the 13 of the course, search, index)": list(html.rglob("*.html")),
        "search index": [html / "searchindex.js"],
        "charts' script (vega, vega-lite, vega-embed and the course's, one file)": [charts],
        "theme and Sphinx (_static/, less the charts' script)": [
            p for p in static.rglob("*") if p.is_file() and p != charts
        ],
        "notebooks and sources for download (_sources/, _downloads/)": [
            p for folder in ("_sources", "_downloads") for p in (html / folder).rglob("*") if p.is_file()
        ],
    }
    rows = [(name, len(files), sum(f.stat().st_size for f in files)) for name, files in parts.items()]
    counted = {f for files in parts.values() for f in files}
    other = [p for p in html.rglob("*") if p.is_file() and p not in counted]
    rows.append(("other (images, objects.inv, ...)", len(other), sum(p.stat().st_size for p in other)))
    return rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_app() -> tuple[float, int]:
    """Seconds from starting Voilà to its page served (every cell run), and the page's bytes."""
    port = free_port()
    with tempfile.TemporaryDirectory() as journal:
        environment = {**course.app_environment(), "PURGELIB_JOURNAL_DIR": journal}
        command = [sys.executable, "-m", "voila", *course.app_arguments([f"--port={port}", "--no-browser"])]
        started = time.monotonic()
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while True:
                try:
                    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120).read()
                    return time.monotonic() - started, len(page)
                except OSError:
                    if server.poll() is not None or time.monotonic() - started > 180:
                        raise RuntimeError("Voilà did not serve the app") from None
                    time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    builds, opens = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(arguments.repeat):
            builds.append(build_site(Path(scratch) / f"site{run}"))
        html = Path(scratch) / "site0" / "_build" / "html"
        parts = site_parts(html)
        total, files = size(html), sum(1 for p in html.rglob("*") if p.is_file())
    for _ in range(arguments.repeat):
        seconds, page_bytes = open_app()
        opens.append(seconds)
    print(f"### Course site and app ({arguments.repeat} runs, medians)\n")
    print(
        f"- Site build (`site/build.py`, from scratch, 9 notebooks + 4 pages): **{statistics.median(builds):.1f} s** "
        f"(runs: {', '.join(f'{s:.1f}' for s in builds)})"
    )
    print(f"- Site size: **{total / 1e6:.1f} MB** in {files} files")
    print(
        f"- App (`course.py app`): Voilà started to page served with the four explorers built: "
        f"**{statistics.median(opens):.1f} s** (runs: {', '.join(f'{s:.1f}' for s in opens)}); "
        f"page {page_bytes / 1e3:.0f} kB\n"
    )
    print("| part of the site | files | kB |\n|---|---|---|")
    for name, count, bytes_ in parts:
        print(f"| {name} | {count} | {bytes_ / 1e3:,.0f} |")


if __name__ == "__main__":
    main()
