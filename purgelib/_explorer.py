"""What every explorer shares: the chart output, the empty-selection message, safe HTML.

Why the chart is shown by setting ``Output.outputs``
---------------------------------------------------
Altair 5.5's ``mimetype`` renderer emits ``application/vnd.vegalite.v5+json``,
which JupyterLab 4 draws with its built-in Vega extension: offline, no CDN, and
small stored outputs. Redrawing with ``with out: display(chart)`` would be sent
as ordinary cell output, which strict nbval then sees as unexpected; setting the
Output widget's ``outputs`` to one ``display_data`` message keeps the chart in
the widget (redrawn on every change) and nbval strict. See DESIGN.md.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

# Okabe & Ito (2008), with Tol's wine and teal: distinguishable with the common colour-vision
# deficiencies. Yellow comes last: it is hard to see on white.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#000000", "#999999", "#44AA99", "#F0E442"]
VEGALITE_MIME = "application/vnd.vegalite.v5+json"


def chart_bundle(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The ``display_data`` message that draws ``chart`` offline in JupyterLab."""
    spec = chart.to_dict()
    description = spec.get("description") or spec.get("title", "chart")
    if isinstance(description, dict):
        description = description.get("text", "chart")
    return {
        "output_type": "display_data",
        "data": {VEGALITE_MIME: spec, "text/plain": f"<Chart: {description}>"},
        "metadata": {},
    }


def message_bundle(text: str) -> dict[str, Any]:
    """A short message shown in place of a chart (for an empty selection)."""
    return {
        "output_type": "display_data",
        "data": {"text/html": f'<p class="purgelib-message">{html.escape(text)}</p>', "text/plain": text},
        "metadata": {},
    }


def escape(value: Any) -> str:
    """Text from the data, safe to put in HTML (``<script>`` shows as text)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return html.escape("; ".join(map(str, value)))
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, columns: Sequence[str], caption: str, limit: int = 25) -> str:
    """A small, escaped HTML table of ``columns`` with a caption; long frames are cut at ``limit``."""
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(record[name])}</td>" for name in columns) + "</tr>"
        for record in frame.head(limit).to_dict("records")
    )
    more = f"<p>Showing {limit} of {len(frame)} rows.</p>" if len(frame) > limit else ""
    return f'<table class="purgelib-table"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{more}'


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a clear ValueError if ``frame`` lacks any of ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}.")
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} is missing the column(s) {', '.join(missing)}; it needs: {', '.join(columns)}. "
            "Load it with purgelib.load(...) to get the course's columns."
        )


def require_values(values: Iterable[Any], allowed: Sequence[Any], what: str) -> None:
    """Raise a clear ValueError if any value is not one of ``allowed``."""
    unknown = sorted({str(value) for value in values if value not in allowed and not pd.isna(value)})
    if unknown:
        raise ValueError(f"Unknown {what}: {', '.join(unknown)}. Allowed: {', '.join(map(str, allowed))}.")


def require_lists(frame: pd.DataFrame, columns: Iterable[str], what: str, table: str) -> None:
    """Raise a clear TypeError unless each of ``columns`` holds lists of ids (as ``load(table)`` gives)."""
    for column in columns:
        bad = frame[column].map(lambda value: not isinstance(value, list) and value is not None)
        if bad.any():
            raise TypeError(
                f"{what} column '{column}' must hold lists of ids (as purgelib.load('{table}') gives), "
                f"not {type(frame[column][bad].iloc[0]).__name__}."
            )


def require_unique(frame: pd.DataFrame, column: str, what: str) -> None:
    """Raise a clear ValueError naming any id that appears more than once."""
    repeated = frame.loc[frame[column].duplicated(), column]
    if len(repeated):
        raise ValueError(f"{what} has repeated {column}(s): {', '.join(sorted(set(repeated)))}.")


class Explorer(widgets.VBox):
    """Base of the explorers: controls on top, a chart, then a detail table.

    Subclasses build their controls, call ``_layout(controls)``, and implement
    ``_update()`` to set ``self.filtered`` and ``self.chart`` and call
    ``_show(chart_or_message, table_html)``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.filtered = pd.DataFrame()
        self.chart: alt.TopLevelMixin | None = None
        self.message = ""
        self._chart_output = widgets.Output(layout=widgets.Layout(min_height="120px"))
        self._table = widgets.HTML()
        self._detail = widgets.HTML()
        self.add_class("purgelib-explorer")
        self.add_class(f"purgelib-{type(self).__name__.lower()}")

    def __repr__(self) -> str:
        # A short, stable text for notebooks opened without the widget front end (and for nbval).
        return f"{type(self).__name__}({len(self.filtered)} rows shown)"

    def _layout(self, controls: Sequence[widgets.Widget], title: str) -> None:
        heading = widgets.HTML(f"<h4>{escape(title)}</h4>")
        self.children = [heading, *controls, self._chart_output, self._table, self._detail]

    def _observe(self, controls: Iterable[widgets.Widget]) -> None:
        for control in controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, change: dict[str, Any]) -> None:
        self._update()

    def _update(self) -> None:
        raise NotImplementedError

    def _show(self, chart: alt.TopLevelMixin | None, table_html: str, empty_message: str) -> None:
        """Draw ``chart`` (or ``empty_message`` when there is nothing to show) and the table."""
        self.chart = chart
        if chart is None:
            self.message = empty_message
            self._chart_output.outputs = (message_bundle(empty_message),)
            self._table.value = ""
        else:
            self.message = ""
            self._chart_output.outputs = (chart_bundle(chart),)
            self._table.value = table_html
