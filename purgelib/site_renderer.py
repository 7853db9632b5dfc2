"""The course site's renderer for charts: Vega-Lite JSON in a notebook becomes an interactive chart on a web page.

Jupyter Book (myst-nb) draws no Vega-Lite by itself: without this module a stored chart would show
as its picture. This module is a myst-nb mime renderer plugin, registered in pyproject.toml under
the ``myst_nb.mime_renderers`` entry point; myst-nb loads it when the site is built
(``python3 course.py site``). Nothing else imports it: ``import purgelib`` does not, and a learner's
environment, which has no myst-nb, never loads it.

Each chart becomes a ``div.purgelib-chart`` holding its specification as JSON; the site's own
script (``site/charts.js``, bundled with vega, vega-lite and vega-embed at build time) draws it.
Readers without JavaScript see the chart's description instead.

The module is also a small Sphinx extension (``setup``, named in site/_config.yml) that mends
one fault of Jupyter Book 1 on Sphinx 7: each inline script its extensions add is written into
every page twice, and the second ``const THEBE_JS_URL`` stops with a script error.
"""

from __future__ import annotations

import html
import json
from typing import Any

from purgelib.render import VEGALITE_MIME, chart_text

__all__ = ["VegaLiteRenderer", "chart_html", "setup"]


def chart_html(spec: dict[str, Any] | str) -> str:
    """The HTML that stands for a chart on the site: its specification, for the site's script to draw, and its words.

    The specification is JSON inside a ``<script>`` element, with every ``<`` escaped so
    that no text in the chart can close the element.

    Examples
    --------
    >>> print(chart_html({"description": "Events </script> by year.", "mark": "point"}))
    <div class="purgelib-chart" role="figure" aria-label="Events &lt;/script&gt; by year.">
    <script type="application/json">{"description": "Events \\u003c/script> by year.", "mark": "point"}</script>
    <noscript><p>&lt;Chart: Events &lt;/script&gt; by year.&gt;</p></noscript>
    </div>
    """
    chart: dict[str, Any] = json.loads(spec) if isinstance(spec, str) else spec
    words = chart_text(chart)
    label = words.removeprefix("<Chart: ").removesuffix(">")
    source = json.dumps(chart, ensure_ascii=False).replace("<", "\\u003c")
    return (
        f'<div class="purgelib-chart" role="figure" aria-label="{html.escape(label)}">\n'
        f'<script type="application/json">{source}</script>\n'
        f"<noscript><p>{html.escape(words)}</p></noscript>\n"
        "</div>"
    )


class VegaLiteRenderer:
    """myst-nb's plugin for Vega-Lite v5 outputs: preferred to the picture beside them in HTML pages."""

    # Lower numbers win; myst-nb's own list starts at 10 (widgets), so a chart is drawn, not its PNG.
    mime_priority_overrides = [("html", VEGALITE_MIME, 1), ("dirhtml", VEGALITE_MIME, 1)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        """A raw HTML node for a Vega-Lite output; ``None`` (myst-nb's own renderers) for anything else."""
        if data.mime_type != VEGALITE_MIME or inline:
            return None
        # docutils comes with myst-nb; imported here so that pytest's doctests of purgelib run without it.
        from docutils import nodes

        return [nodes.raw("", chart_html(data.content), format="html", classes=["output", "purgelib-chart-output"])]


def _scripts_once(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Keep the first of each script in a page's list.

    Sphinx 7 lists an inline script added after its builder started twice (once with the file
    name ``None``, once ``''``), so the two copies are told apart by file name or body and attributes.
    """
    seen, scripts = set(), context.get("script_files", [])
    for script in list(scripts):
        key = (script.filename or "", tuple(sorted((name, str(value)) for name, value in script.attributes.items())))
        if key in seen:
            scripts.remove(script)
        seen.add(key)


def setup(app: Any) -> dict[str, Any]:
    """The Sphinx extension: each script once per page."""
    app.connect("html-page-context", _scripts_once)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
