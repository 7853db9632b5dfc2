"""purgelib.render: every displayed chart carries Vega-Lite, a picture and a text alternative."""

from __future__ import annotations

import base64
import importlib.util

import pytest

import purgelib
from purgelib.render import VEGALITE_MIME, chart_mimebundle

needs_vl_convert = pytest.mark.skipif(
    importlib.util.find_spec("vl_convert") is None, reason="vl-convert is in the test extra"
)


@needs_vl_convert
def test_a_displayed_chart_has_a_small_picture_and_its_description_as_text():
    events = purgelib.load("events")
    chart = purgelib.timeline_chart(purgelib.filter_events(events, start=1937, end=1937), title="1937")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {VEGALITE_MIME, "image/png", "text/plain"}
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(b"\x89PNG") and len(picture) < 150_000
    assert bundle["text/plain"] == f"<Chart: {bundle[VEGALITE_MIME]['description']}>"


@needs_vl_convert
def test_a_chart_the_picture_maker_cannot_draw_is_still_shown():
    bundle = chart_mimebundle({"mark": "not-a-mark", "description": "Broken."})
    assert set(bundle) == {VEGALITE_MIME, "text/plain"}
