"""How a chart reaches the screen: Vega-Lite JSON for JupyterLab, a picture, and words.

Every chart a notebook displays is sent as one output with three forms:

- ``application/vnd.vegalite.v5+json``, which JupyterLab 4 draws itself,
  offline and interactive (Altair 5.5 emits Vega-Lite v5; see pyproject.toml);
- ``image/png``, a picture of the same chart, drawn in the kernel by
  ``vl-convert`` when it is installed (it is in the ``test`` extra, which
  re-executes the notebooks) and reduced to 32 colours with Pillow (also
  there), so that a stored picture costs tens of kilobytes, not hundreds. A stored picture is what GitHub, nbviewer and
  a static site show; it also keeps an untouched notebook clean, because
  JupyterLab's Vega renderer otherwise adds a picture of its own to every
  stored chart as it draws it, and the notebook opens as modified;
- ``text/plain``, the chart's description: its text alternative.

nbval does not compare pictures (they differ by a pixel from one machine to
the next), so a re-run without ``vl-convert`` still passes.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

__all__ = ["VEGALITE_MIME", "chart_text", "chart_picture", "chart_mimebundle", "renderer"]

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
_SCHEMA_VERSION = re.compile(r"/v(\d+\.\d+)(?:\.\d+)?\.json$")


def _check_spec(spec: Any) -> None:
    if not isinstance(spec, dict):
        raise TypeError(
            f"A chart's spec must be a Vega-Lite dict, such as chart.to_dict() gives; not {type(spec).__name__}."
        )


def chart_text(spec: dict[str, Any]) -> str:
    """The words that stand for a chart: its description, else its title.

    Examples
    --------
    >>> chart_text({"description": "Events by year.", "title": "Events"})
    '<Chart: Events by year.>'
    >>> chart_text({"title": {"text": "Events"}})
    '<Chart: Events>'
    """
    _check_spec(spec)
    words = spec.get("description") or spec.get("title") or "a chart"
    if isinstance(words, dict):
        words = words.get("text", "a chart")
    if isinstance(words, list):
        words = " ".join(map(str, words))
    return f"<Chart: {words}>"


def chart_picture(spec: dict[str, Any]) -> str | None:
    """A PNG of the chart, base64-encoded as notebooks store it; ``None`` without ``vl-convert``.

    Examples
    --------
    >>> spec = {"mark": "point", "data": {"values": [{"x": 1}]},
    ...         "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    >>> picture = chart_picture(spec)
    >>> picture is None or picture.startswith("iVBORw0KGgo")
    True
    """
    _check_spec(spec)
    try:
        import vl_convert
    except ImportError:
        return None
    match = _SCHEMA_VERSION.search(str(spec.get("$schema", "")))
    version = match.group(1) if match else None
    if version not in vl_convert.get_vegalite_versions():
        version = None
    try:
        png = vl_convert.vegalite_to_png(spec, vl_version=version) if version else vl_convert.vegalite_to_png(spec)
    except ValueError:
        # The picture is a convenience: a chart vl-convert cannot draw is still shown, and drawn, by JupyterLab.
        return None
    return base64.b64encode(_fewer_colours(png)).decode("ascii")


def _fewer_colours(png: bytes) -> bytes:
    """The picture with a palette of 32 colours, when Pillow is there: a chart loses nothing visible
    and its stored picture shrinks about eightfold (a 1,200 px evidence matrix: 463 kB to 59 kB)."""
    try:
        from PIL import Image
    except ImportError:
        return png
    picture = Image.open(io.BytesIO(png)).convert("RGBA").quantize(colors=32, method=Image.Quantize.FASTOCTREE)
    smaller = io.BytesIO()
    picture.save(smaller, "PNG", optimize=True)
    return smaller.getvalue() if smaller.tell() < len(png) else png


def chart_mimebundle(spec: dict[str, Any], *, picture: bool = True) -> dict[str, Any]:
    """The output data of a chart: Vega-Lite JSON, its description as text, and a picture if asked and possible.

    Explorers redraw without the picture: drawing one costs ~0.1 s a change,
    and their outputs are never stored.

    Examples
    --------
    >>> sorted(chart_mimebundle({"description": "A test."}, picture=False))
    ['application/vnd.vegalite.v5+json', 'text/plain']
    """
    bundle: dict[str, Any] = {VEGALITE_MIME: spec, "text/plain": chart_text(spec)}
    png = chart_picture(spec) if picture else None
    if png:
        bundle["image/png"] = png
    return bundle


def renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """Altair's renderer for the course: ``alt.renderers.register("purgelib", renderer)``."""
    return chart_mimebundle(spec)
