"""What the browser tests share: Debian's Chromium, a page in it that cannot reach the internet, a local server.

Not a test module (pytest collects only ``test_*.py``); the browser, site and app tests and
benchmarks/bench_browser.py import it.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM = Path(os.environ.get("PURGELIB_CHROMIUM", "/usr/bin/chromium"))


def skip_module_without_chromium() -> Any:
    """Skip the calling test module where Playwright or Debian's Chromium is missing; return Playwright's sync API."""
    import pytest

    api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(apt-get install -y chromium), as .ci/run does",
            allow_module_level=True,
        )
    return api


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (a test tool's own browser download fails in CI)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser: Any, width: int, height: int) -> Any:
    """A page where every request not to 127.0.0.1 is blocked (and listed in ``page.blocked``).

    Script errors are listed in ``page.errors``.
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    page.blocked, page.errors = [], []

    def offline(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def serve(command: list[str], ready_url: str, log: Path, *, timeout: float = 90, **popen: Any) -> subprocess.Popen:
    """Start a local server (JupyterLab, Voilà) and return once ``ready_url`` answers.

    Its error stream goes to ``log``, whose last lines are in the ``RuntimeError`` raised when the
    server exits or does not answer within ``timeout`` seconds.
    """
    # The server writes to its own copy of the log's descriptor, so ours can close once it has started.
    with open(log, "w") as errors:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, **popen)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(ready_url, timeout=2)
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"{command[2]} did not start:\n" + log.read_text()[-3000:]) from None
            time.sleep(0.5)
