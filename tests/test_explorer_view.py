"""What one change of an explorer sends to the browser: its chart, detail and table in one message.

Sent as widgets of their own, the chart and the table reached the browser as two messages and were
drawn in two frames (benchmarks/README.md); each explorer's view is now one Output widget whose
``outputs`` hold the chart, the detail of the change and the table. The messages are caught where
ipywidgets sends them (``Widget._send``), with no kernel or browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pytest

from purgelib import ExplanationsExplorer, TimelineExplorer, VictimsExplorer
from purgelib._explorer import Explorer
from purgelib.style import STYLESHEET


def narrow_years(explorer: Any) -> None:
    explorer.years.value = (1936, 1937)


def narrow_period(explorer: Any) -> None:
    explorer.period.value = (1937, 1938)


def untick_first_explanation(explorer: Any) -> None:
    explorer.explanations.value = explorer.explanations.value[1:]


CHANGES: dict[str, tuple[type[Explorer], Callable[[Any], None]]] = {
    "timeline": (TimelineExplorer, narrow_years),
    "victims": (VictimsExplorer, narrow_period),
    "explanations": (ExplanationsExplorer, untick_first_explanation),
}


def messages_of(change: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> list[tuple[widgets.Widget, dict]]:
    sent: list[tuple[widgets.Widget, dict]] = []
    monkeypatch.setattr(widgets.Widget, "_send", lambda self, msg, buffers=None: sent.append((self, msg)))
    change()
    return sent


def html_outputs(explorer: Explorer) -> list[str]:
    return [output["data"]["text/html"] for output in explorer._chart_output.outputs[1:]]


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_sends_its_chart_and_table_in_one_message(name, monkeypatch):
    make, change = CHANGES[name]
    explorer = make()
    table_before = explorer.table_html
    sent = messages_of(lambda: change(explorer), monkeypatch)

    assert explorer.table_html != table_before, "the change chosen for the test must change the table"
    carrying_table = [(widget, msg) for widget, msg in sent if explorer.table_html[:200] in str(msg)]
    assert len(carrying_table) == 1, f"the table was sent in {len(carrying_table)} messages"
    widget, msg = carrying_table[0]
    assert widget is explorer._chart_output and set(msg["state"]) == {"outputs"}
    outputs = msg["state"]["outputs"]
    assert outputs[0]["data"]["application/vnd.vegalite.v5+json"] == explorer.spec
    assert explorer.table_html in outputs[-1]["data"]["text/html"]


@pytest.mark.parametrize("name", CHANGES)
def test_the_view_holds_the_chart_then_the_detail_then_the_table(name):
    explorer = CHANGES[name][0]()
    shown = html_outputs(explorer)
    expected = [part for part in (explorer._detail_in_view, explorer.table_html) if part]
    assert len(shown) == len(expected) and all(part in html for part, html in zip(expected, shown, strict=True))
    # No text of the data is read as mathematics by the MathJax JupyterLab runs over HTML outputs.
    assert all(html.startswith('<div class="mathjax_ignore">') for html in shown)


def test_the_explanations_view_shows_the_strongest_challenge_between_chart_and_table():
    explorer = ExplanationsExplorer()
    shown = html_outputs(explorer)
    assert len(shown) == 2 and "The strongest challenge to" in shown[0] and explorer.table_html in shown[1]
    assert explorer.detail_shown == explorer._detail_in_view


@pytest.mark.parametrize("name", CHANGES)
def test_an_empty_view_shows_only_its_message(name):
    explorer = CHANGES[name][0]()
    control = {"timeline": "themes", "victims": "category", "explanations": "explanations"}[name]
    getattr(explorer, control).value = ()
    assert [output["data"]["text/plain"] for output in explorer._chart_output.outputs] == [explorer.message]
    assert explorer.table_html == "" and explorer._detail_in_view == ""


def test_the_victims_table_is_set_beside_its_chart_by_the_stylesheet():
    explorer = VictimsExplorer()
    assert "purgelib-table-beside" in explorer._chart_output._dom_classes
    assert ".purgelib-table-beside > .jp-OutputArea" in STYLESHEET
