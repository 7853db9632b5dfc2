"""What the site and app tests share: Debian's Chromium, and a page in it that cannot reach the internet.

Not a test module (pytest collects only ``test_*.py``); tests/test_site.py and tests/test_app.py import it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM = Path(os.environ.get("PURGELIB_CHROMIUM", "/usr/bin/chromium"))


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (a test tool's own browser download fails in CI)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
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
