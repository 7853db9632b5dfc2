"""What every explorer shares: the layout, the chart output, bounded tables, named controls, errors shown.

The contract of :class:`Explorer`
---------------------------------
A subclass builds its controls, then calls ``_layout(controls, title, body)``
once, its one layout hook: the explorer is then the course's stylesheet, a
heading, the controls, an error area and the ``body`` (by default the view,
then the detail; ``table_beside_chart=True`` sets the table beside the
chart). ``_observe(controls)`` makes every change of a control call
``_update()``, which sets ``filtered`` and calls ``_show(spec, chart,
table_html, empty_message, detail_html)``: ``spec`` is the Vega-Lite spec to
draw (None when there is nothing to draw, and ``empty_message`` says why),
``chart`` a function that builds the same chart with Altair (for the
``chart`` property, built only when asked for). The view (one ``Output``
widget) then holds the chart, the ``detail_html`` of the change (if any) and
the table: what a change draws reaches the browser as one message, so the
browser draws it in one frame. A detail that follows a control of its own
(the timeline's chosen event) is the ``_detail`` widget, set apart. A
callback that raises does not fail in silence:
its message appears in the error area (``error`` holds it, ``error_shown`` is
what the learner sees) until a later change succeeds; a control that took a
value other than the one given (a range of years set backwards) says so there. Any other callback (a
button, a second menu) goes through
``_guarded(callback)`` to get the same behaviour.

A change draws without Altair
-----------------------------
Building an Altair chart and validating it against the Vega-Lite schema took
most of a change's time (40–60 ms), though from one change to the next only
the data and a few values differ. Each chart is therefore built and validated
once per layout as a :class:`SpecTemplate`, and a change fills in its data,
title, description and the few values that move (a domain, a height): a
fraction of a millisecond. Tests check that the spec sent is the chart the
module's chart function builds.

Controls a keyboard and a screen reader can use
-----------------------------------------------
In JupyterLab 4 with ipywidgets 8.1, a slider's handle has no accessible
name, and the keys pressed in a ``<select>`` (list box, drop-down) or a
radio button are taken by the notebook for its own commands. The explorers
therefore use named number boxes (:func:`number_box`, :class:`YearRange`),
checkboxes (:class:`CheckboxGroup`), toggle buttons, and text boxes that
suggest options (:class:`SearchableChoice`): each keeps the keys pressed in
it and is named by its description. ``Explorer.controls()`` lists them.

Why the chart and its table are shown by setting ``Output.outputs``
-----------------------------------------------------------------
Altair 5.5's ``mimetype`` renderer emits ``application/vnd.vegalite.v5+json``,
which JupyterLab 4 draws with its built-in Vega extension: offline, no CDN, and
small stored outputs. Redrawing with ``with out: display(chart)`` would be sent
as ordinary cell output, which strict nbval then sees as unexpected; setting the
Output widget's ``outputs`` to a tuple of ``display_data`` messages keeps the
chart in the widget (redrawn on every change) and nbval strict. See DESIGN.md.
The table rides in the same tuple: sent as a widget of its own, it reached the
browser as a second message, drawn a frame after the chart (measured in
benchmarks/README.md). The chart carries a transparent pixel as its picture
(:data:`NO_PICTURE`), or JupyterLab would draw it twice on every change.

Charts fit their column
-----------------------
The explorers' charts (and those of the functions behind them) are drawn as SVG, without vega-embed's "…"
menu (:func:`accessible`). Inside an explorer the stylesheet lets an SVG
chart shrink to the explorer's width (its ``viewBox`` keeps it whole). A
chart sized to its container (Vega-Lite's ``width: "container"``) is not
used: in a notebook with other outputs above it, JupyterLab 4 and Vega
crashed Chromium's page (tried with the timeline explorer in notebook 04).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import numbers
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, NoReturn, TypeVar

import altair as alt
import ipywidgets as widgets
import pandas as pd
import traitlets

from purgelib.render import chart_mimebundle
from purgelib.style import stylesheet

# Okabe & Ito (2008), with Tol's wine and teal: distinguishable with the common colour-vision
# deficiencies. Yellow comes last: it is hard to see on white.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#882255",
    "#000000",
    "#999999",
    "#44AA99",
    "#F0E442",
]
# vega-embed reads these options from the spec itself, wherever the chart is drawn. Its "…" menu
# is a <summary> with an icon and no text: a control no screen reader can name (WCAG 4.1.2). SVG
# keeps the chart's text as text, and can shrink to fit a narrow column.
EMBED_OPTIONS = {"embedOptions": {"actions": False, "renderer": "svg"}}
# Any top-level Altair chart: accessible() gives back the kind of chart it was given.
Chart = TypeVar("Chart", bound=alt.TopLevelMixin)
# The widest a table or a list of cells is drawn in an explorer; longer ones say how to narrow them.
ROW_LIMIT = 500


def accessible(chart: Chart) -> Chart:
    """A top-level chart drawn as SVG, without vega-embed's unnamed "…" menu (see ``EMBED_OPTIONS``).

    Examples
    --------
    >>> accessible(alt.Chart().mark_point()).to_dict()["usermeta"]
    {'embedOptions': {'actions': False, 'renderer': 'svg'}}
    """
    return chart.properties(usermeta=EMBED_OPTIONS)


# A transparent pixel (PNG, base64). JupyterLab's Vega renderer, when a chart's output carries no
# picture, draws the chart a second time on a canvas, encodes it as a PNG and writes it into the
# output, which an Output widget then sends back to the kernel: half the time of an explorer's
# redraw, for a picture nobody sees (JupyterLab shows the Vega-Lite, ranked before a PNG, and an
# explorer's outputs are never stored). An explorer's chart carries this pixel instead.
NO_PICTURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4//8/AwAI/AL+eMSysAAAAABJRU5ErkJggg=="


def chart_bundle(spec: dict[str, Any]) -> dict[str, Any]:
    """The ``display_data`` message that draws a Vega-Lite ``spec`` offline in JupyterLab, as :func:`accessible` would.

    Its text alternative is the chart's ``description``; its picture is :data:`NO_PICTURE`.

    Examples
    --------
    >>> bundle = chart_bundle(alt.Chart().mark_point().properties(description="Dots.").to_dict())
    >>> bundle["data"]["application/vnd.vegalite.v5+json"]["usermeta"], bundle["data"]["text/plain"]
    ({'embedOptions': {'actions': False, 'renderer': 'svg'}}, '<Chart: Dots.>')
    >>> bundle["data"]["image/png"] == NO_PICTURE
    True
    """
    spec = {**spec, "usermeta": {**spec.get("usermeta", {}), **EMBED_OPTIONS}}
    return {
        "output_type": "display_data",
        "data": {**chart_mimebundle(spec, picture=False), "image/png": NO_PICTURE},
        "metadata": {},
    }


class SpecTemplate:
    """A chart's Vega-Lite spec, built and validated by Altair once, then filled in on every change without Altair.

    Building an Altair chart, validating it against the Vega-Lite schema and copying it cost tens
    of milliseconds, while an explorer's chart differs from one change to the next only in its data
    and a few values (a title, a description, a domain, a height). So ``chart`` is built once with a
    *marker* in each of those places, a value that appears nowhere else in its spec: a text such as
    ``"\\x00title"``, a list such as ``["\\x00order"]``, an unusual number, or a data set named by a
    marker (``alt.NamedData("\\x00data")``, whose spec is ``{"name": "\\x00data"}``). ``markers``
    names them. :meth:`fill` gives the spec with a value in place of every marker, wherever the
    marker appears; it copies only the parts it changes and shares the rest with the template, so
    treat what it returns as read-only. The chart is drawn as :func:`accessible` draws it.

    Examples
    --------
    >>> dots = alt.Chart(alt.NamedData("\\x00data")).mark_point().encode(x="x:Q").properties(title="\\x00title")
    >>> template = SpecTemplate(dots, data={"name": "\\x00data"}, title="\\x00title")
    >>> spec = template.fill(data={"values": [{"x": 1}]}, title="One dot")
    >>> spec["data"], spec["title"], spec["usermeta"]["embedOptions"]["renderer"]
    ({'values': [{'x': 1}]}, 'One dot', 'svg')
    >>> template.fill(title="One dot")
    Traceback (most recent call last):
    ...
    TypeError: fill() needs a value for each of data, title; missing: data.
    """

    def __init__(self, chart: alt.TopLevelMixin, **markers: Any) -> None:
        self._spec = accessible(chart).to_dict()
        self._paths: dict[str, list[tuple[Any, ...]]] = {name: [] for name in markers}
        stack: list[tuple[tuple[Any, ...], Any]] = [((), self._spec)]
        while stack:
            path, node = stack.pop()
            name = next(
                (name for name, marker in markers.items() if type(node) is type(marker) and node == marker), None
            )
            if name is not None:
                self._paths[name].append(path)
            elif isinstance(node, dict):
                stack.extend((path + (key,), child) for key, child in node.items())
            elif isinstance(node, list):
                stack.extend((path + (index,), child) for index, child in enumerate(node))
        unused = [name for name, paths in self._paths.items() if not paths]
        if unused:
            raise ValueError(f"The chart has no marker for {', '.join(unused)}.")

    def fill(self, **values: Any) -> dict[str, Any]:
        """The spec with ``values`` (JSON-ready, by marker name) in place of the markers."""
        if set(values) != set(self._paths):
            missing = [name for name in self._paths if name not in values]
            raise TypeError(
                f"fill() needs a value for each of {', '.join(self._paths)}; "
                + (
                    f"missing: {', '.join(missing)}."
                    if missing
                    else f"not {', '.join(sorted(set(values) - set(self._paths)))}."
                )
            )
        spec = dict(self._spec)
        copied: dict[tuple[Any, ...], Any] = {(): spec}
        for name, paths in self._paths.items():
            for path in paths:
                node = spec
                for depth in range(1, len(path)):
                    if path[:depth] not in copied:
                        copied[path[:depth]] = node[path[depth - 1]] = node[path[depth - 1]].copy()
                    node = copied[path[:depth]]
                node[path[-1]] = values[name]
        return spec


def html_bundle(html_text: str) -> dict[str, Any]:
    """An output of HTML (a table, a detail) for an Output widget's ``outputs``, drawn as it is."""
    # Text from the data is not mathematics: MathJax, which JupyterLab runs over every HTML output,
    # skips this class, so a "$" in a summary stays a "$" (and a long table is not scanned for it).
    return {
        "output_type": "display_data",
        "data": {"text/html": f'<div class="mathjax_ignore">{html_text}</div>'},
        "metadata": {},
    }


def message_bundle(text: str) -> dict[str, Any]:
    """A short message shown in place of a chart (for an empty selection); screen readers announce it."""
    return {
        "output_type": "display_data",
        "data": {"text/html": f'<p class="purgelib-message" role="status">{html.escape(text)}</p>', "text/plain": text},
        "metadata": {},
    }


def escape(value: Any) -> str:
    """Text from the data, safe to put in HTML (``<script>`` shows as text)."""
    if type(value) is str:
        return html.escape(value)
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return html.escape("; ".join(map(str, value)))
    return html.escape(str(value))


def scroll_region(content: str, label: str, *, short: bool = False) -> str:
    """HTML in a box of bounded height that scrolls, by mouse or by keyboard.

    The box takes the keyboard focus (then the arrow keys scroll it) and is a
    named region, so a screen reader says what it holds. ``short`` boxes are
    lower, for a detail under a table.

    Examples
    --------
    >>> scroll_region("<p>text</p>", "Notes <1>")
    '<div class="purgelib-scroll" tabindex="0" role="region" aria-label="Notes &lt;1&gt;"><p>text</p></div>'
    """
    classes = "purgelib-scroll purgelib-scroll-short" if short else "purgelib-scroll"
    return f'<div class="{classes}" tabindex="0" role="region" aria-label="{escape(label)}">{content}</div>'


def _css_text(text: str) -> str:
    """``text`` as the inside of a CSS string: anything but letters, digits and spaces as a code point."""
    return "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in text)


def table_cells(values: Iterable[Any]) -> list[str]:
    """``values`` written as cells of an HTML table, escaped (see :func:`html_table`'s ``written``).

    Examples
    --------
    >>> table_cells([1, "<b>"])
    ['<td>1</td>', '<td>&lt;b&gt;</td>']
    """
    return [f"<td>{escape(value)}</td>" for value in values]


def html_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    caption: str,
    limit: int | None = 25,
    *,
    written: Collection[str] = (),
) -> str:
    """An escaped HTML table of ``columns`` with a caption, in a bounded box that scrolls.

    Long frames are cut at ``limit`` rows (None: never), with a note saying so.
    In an explorer narrower than 640 px each row is set out as lines, each
    led by its column's name, so the table never scrolls sideways: the
    course's stylesheet stacks the cells, and the table's own rules (keyed
    to its columns) write the names. The columns named in ``written`` hold
    cells already written by :func:`table_cells` (an explorer writes those
    that no control changes once).

    Examples
    --------
    >>> table = html_table(pd.DataFrame({"a": [1, 2, 3]}), ["a"], "Three rows", limit=2)
    >>> table.startswith('<div class="purgelib-scroll" tabindex="0" role="region" aria-label="Three rows">')
    True
    >>> table.count("<tr>"), "<td>1</td>" in table, table.endswith("<p>Showing 2 of 3 rows.</p>")
    (3, True, True)
    >>> html_table(pd.DataFrame({"a": table_cells([1, 2, 3])}), ["a"], "Three rows", limit=2, written=["a"]) == table
    True
    """
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    shown = frame if limit is None else frame.head(limit)
    # Column by column: an explorer writes hundreds of rows on every change.
    cells = [shown[name].tolist() if name in written else table_cells(shown[name].tolist()) for name in columns]
    rows = "".join("<tr>" + "".join(row) + "</tr>" for row in zip(*cells, strict=False))
    # One class per set of columns, so that the names written before the cells are this table's.
    key = "purgelib-columns-" + hashlib.sha1("\n".join(map(str, columns)).encode()).hexdigest()[:10]
    names = "".join(
        f'.{key} td:nth-child({number})::before {{ content: "{_css_text(str(name))}: "; }}'
        for number, name in enumerate(columns, start=1)
    )
    # A long table out of sight is laid out when it scrolls into view, not on every change: laying out
    # a few hundred rows of text takes the browser 20-40 ms. Until then its box keeps its last height.
    offscreen = f".purgelib-scroll:has(> .{key}) {{ content-visibility: auto; contain-intrinsic-size: auto 300px; }}"
    table = (
        f"<style>@container (max-width: 640px) {{ {names} }} {offscreen}</style>"
        f'<table class="purgelib-table {key}"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    more = f"<p>Showing {limit} of {len(frame)} rows.</p>" if limit is not None and len(frame) > limit else ""
    return scroll_region(table, caption) + more


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


def require_text(value: Any, what: str) -> str:
    """``value`` if it is text; else a clear TypeError naming ``what``.

    Examples
    --------
    >>> require_text(3, "query")
    Traceback (most recent call last):
    ...
    TypeError: query must be text, not int.
    """
    if not isinstance(value, str):
        raise TypeError(f"{what} must be text, not {type(value).__name__}.")
    return value


def as_ids(value: Any, what: str, noun: str = "id") -> list[str]:
    """Ids given as one id (text) or as a list of them, as a list; a clear TypeError otherwise.

    Text counts as one id, never as a list of letters.

    Examples
    --------
    >>> as_ids("bukharin", "person_ids"), as_ids(("ezhov", "iagoda"), "person_ids")
    (['bukharin'], ['ezhov', 'iagoda'])
    >>> as_ids(None, "person_ids")
    Traceback (most recent call last):
    ...
    TypeError: person_ids must be an id (text) or a list of them, not NoneType.
    """
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, (pd.DataFrame, dict)):
        article = "an" if noun[0] in "aeiou" else "a"
        raise TypeError(f"{what} must be {article} {noun} (text) or a list of them, not {type(value).__name__}.")
    ids = list(value)
    wrong = [item for item in ids if not isinstance(item, str)]
    if wrong:
        raise TypeError(f"{what} must hold text ({noun}s), not {type(wrong[0]).__name__} such as {wrong[0]!r}.")
    return ids


def require_choice(value: Any, allowed: Sequence[str], what: str) -> str:
    """``value`` if it is one of ``allowed``; else a clear ValueError naming ``what`` and the choices.

    Examples
    --------
    >>> require_choice(["day"], ("total", "day"), "per")
    Traceback (most recent call last):
    ...
    ValueError: per must be one of total, day, not ['day'].
    """
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}.")
    return value


def one_line(text: str) -> str:
    """``text`` with its Unicode line and paragraph separators (U+2028, U+2029) as spaces.

    Vega-Lite writes a chart's sort order into Vega expressions, which stop at
    these characters: a label holding one would break the chart.

    Examples
    --------
    >>> one_line("A plan\u2028for terror")
    'A plan for terror'
    """
    return text.replace("\u2028", " ").replace("\u2029", " ")


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


class _Worded:
    """A trait whose wrong value gets a message naming the control and what it takes, not traitlets' own."""

    words = "a value"

    def error(self, obj: Any, value: Any, error: Exception | None = None, info: str | None = None) -> NoReturn:
        raise traitlets.TraitError(
            f"{getattr(obj, 'description', '') or 'This control'} takes {self.words}, not {value!r}."
        )


class _Text(_Worded, traitlets.Unicode):
    words = "text"


class _Number(_Worded, traitlets.CFloat):
    words = "a number"


class _WholeNumber(_Worded, traitlets.CInt):
    words = "a whole number"


class TextBox(widgets.Text):
    """A text box (``ipywidgets.Text``) that names itself when given something other than text."""

    value = _Text("").tag(sync=True)


class NumberBox(widgets.BoundedFloatText):
    """A number box (``ipywidgets.BoundedFloatText``) that names itself when given something other than a number."""

    value = _Number(0.0).tag(sync=True)


class WholeNumberBox(widgets.BoundedIntText):
    """A whole-number box (``ipywidgets.BoundedIntText``) that names itself when given something else."""

    value = _WholeNumber(0).tag(sync=True)


class Buttons(widgets.ToggleButtons):
    """A row of buttons, one chosen (``ipywidgets.ToggleButtons``); a wrong value gets a message listing the choices."""

    @traitlets.validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        allowed = list(self._options_values)
        value = proposal.value
        if any(value is choice or (type(value) is type(choice) and value == choice) for choice in allowed):
            return value
        raise traitlets.TraitError(f"{self.description} takes one of {', '.join(map(repr, allowed))}, not {value!r}.")


def number_box(description: str, value: float, low: float, high: float, step: float, **options: Any) -> widgets.Widget:
    """A labelled number box: typed, or stepped with the arrow keys, within ``low``–``high``.

    The course's explorers use these rather than sliders: ipywidgets 8.1 draws a
    slider's handle with no accessible name (its description is not tied to
    it), so a screen reader would say "slider, 1.0" without saying what it
    sets; a number box is named by its description. ``options`` go to the
    widget (``layout``, ``style``...); whole-number steps give an integer box.

    Examples
    --------
    >>> box = number_box("Passage", 1.0, 0, 2, 0.1)
    >>> type(box).__name__, box.description, (box.min, box.max), box.continuous_update
    ('NumberBox', 'Passage', (0.0, 2.0), False)
    >>> type(number_box("Paragraph", 1, 1, 40, 1)).__name__
    'WholeNumberBox'
    """
    kind = WholeNumberBox if all(float(number).is_integer() for number in (value, low, high, step)) else NumberBox
    return kind(value=value, min=low, max=high, step=step, description=description, continuous_update=False, **options)


def toggle_buttons(
    description: str, options: Sequence[tuple[str, str]], value: str, tooltips: Sequence[str] = ()
) -> Buttons:
    """A named row of buttons, one chosen: reached with Tab, chosen with Space or Enter.

    Buttons as wide as their words, and a description never cut at 80 px.

    Examples
    --------
    >>> buttons = toggle_buttons("Scale", [("Total", "total"), ("Per day", "day")], "total")
    >>> buttons.description, buttons.value, buttons.style.button_width
    ('Scale', 'total', 'auto')
    """
    return Buttons(
        options=list(options),
        value=value,
        description=description,
        tooltips=list(tooltips),
        style={"description_width": "initial", "button_width": "auto"},
    )


def year_range(value: Any, low: int, high: int, what: str = "years") -> tuple[int, int]:
    """``value`` as a ``(first, last)`` pair of years within ``low``–``high``; a clear error otherwise.

    Examples
    --------
    >>> year_range([1934, 1938], 1917, 1991)
    (1934, 1938)
    >>> year_range((1940, 1930), 1917, 1991)
    Traceback (most recent call last):
    ...
    ValueError: years must run from the first year to the last, e.g. (1930, 1940), not (1940, 1930).
    """
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, Sequence)
        or len(value) != 2
        or not all(isinstance(year, numbers.Integral) and not isinstance(year, bool) for year in value)
    ):
        raise TypeError(f"{what} must be a pair of whole years, (first, last) such as ({low}, {high}), not {value!r}.")
    first, last = int(value[0]), int(value[1])
    if first > last:
        raise ValueError(
            f"{what} must run from the first year to the last, e.g. ({last}, {first}), not ({first}, {last})."
        )
    if first < low or last > high:
        raise ValueError(f"{what} must lie within {low}–{high}, the years of the data, not ({first}, {last}).")
    return first, last


class YearRange(widgets.HBox):
    """A range of years as two named number boxes, "First year" and "Last year": the value is ``(first, last)``.

    It stands in for ``IntRangeSlider`` (same ``value``, ``min``, ``max``,
    ``disabled``), whose handles have no accessible name (see
    :func:`number_box`). A first year typed after the last moves the last
    with it, and the reverse, so the range is never empty.

    Examples
    --------
    >>> years = YearRange((1934, 1938), low=1917, high=1991)
    >>> years.first.description, years.last.description
    ('First year', 'Last year')
    >>> years.first.value = 1940
    >>> years.value
    (1940, 1940)
    >>> years.value = (1917, 1991)
    >>> (years.first.value, years.last.value)
    (1917, 1991)
    """

    # Any, checked by _valid: a wrong value gets a message in words, not traitlets' own.
    value: traitlets.TraitType[tuple[int, int], Any] = traitlets.TraitType()
    min = traitlets.Int()
    max = traitlets.Int()
    disabled = traitlets.Bool(False)
    # What became of a range set backwards or outside min–max ("" when it was taken as given).
    notice = traitlets.Unicode("")

    def __init__(self, value: tuple[int, int], *, low: int, high: int) -> None:
        style, layout = {"description_width": "initial"}, widgets.Layout(width="10em")
        self.first = number_box("First year", value[0], low, high, 1, style=style, layout=layout)
        self.last = number_box("Last year", value[1], low, high, 1, style=style, layout=layout)
        super().__init__([self.first, self.last], value=tuple(value), min=low, max=high)
        self.add_class("purgelib-years")
        self._syncing = False
        self.first.observe(self._from_boxes, names="value")
        self.last.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")
        for box in (self.first, self.last):
            traitlets.dlink((self, "disabled"), (box, "disabled"))

    @traitlets.validate("value")
    def _valid(self, proposal: dict[str, Any]) -> tuple[int, int]:
        given = proposal["value"]
        if (
            isinstance(given, (str, bytes))
            or not isinstance(given, Sequence)
            or len(given) != 2
            or not all(isinstance(year, numbers.Integral) and not isinstance(year, bool) for year in given)
        ):
            raise traitlets.TraitError(
                "The years must be a pair of whole years, (first, last) "
                f"such as ({self.min}, {self.max}), not {given!r}."
            )
        first, last = sorted(max(self.min, min(self.max, int(year))) for year in given)
        problems = [
            *(["run backwards"] if given[0] > given[1] else []),
            *([f"lie outside {self.min}–{self.max}"] if min(given) < self.min or max(given) > self.max else []),
        ]
        self.notice = (
            f"The years {tuple(given)} {' and '.join(problems)}, so {first} to {last} are shown." if problems else ""
        )
        return first, last

    def _from_boxes(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        first, last = self.first.value, self.last.value
        if first > last:
            # The box just typed in wins; the other follows it.
            first, last = (first, first) if change["owner"] is self.first else (last, last)
        self.value = (first, last)

    def _to_boxes(self, change: dict[str, Any]) -> None:
        self._syncing = True
        try:
            self.first.value, self.last.value = self.value
        finally:
            self._syncing = False


class CheckboxGroup(widgets.VBox):
    """A choice of several options as labelled checkboxes, optionally grouped under headings.

    It stands in for ``SelectMultiple`` (same ``options`` of ``(label,
    value)`` pairs and ``value`` tuple): JupyterLab 4 takes the arrow and
    letter keys pressed in a ``<select>`` for its own notebook commands
    (ipywidgets issue 3912), so a list box cannot be used by keyboard, while
    a checkbox is ticked with the space bar. Each checkbox is named by its
    label. ``value`` keeps the order of ``options``.

    Parameters
    ----------
    options : list of (label, value)
        The options, in the order shown.
    value : iterable
        The values ticked at first.
    description : str
        The heading shown above the checkboxes.
    groups : dict, optional
        A heading for each value; the options are shown under their headings,
        in the order the headings first appear.
    width : str
        The narrowest a column of checkboxes may be (CSS); as many columns
        as fit are shown.
    height : str, optional
        The highest the checkboxes may be (CSS): more scroll in their box.

    Examples
    --------
    >>> themes = CheckboxGroup(
    ...     [("Secret police", "police"), ("Show trials", "trials")], ("trials",), description="Themes"
    ... )
    >>> themes.boxes["police"].value = True
    >>> themes.value
    ('police', 'trials')
    >>> themes.value = ()
    >>> themes.boxes["trials"].value
    False
    """

    # Any, checked by _valid: one option given as text counts as one, and a wrong value gets a message in words.
    value: traitlets.TraitType[tuple[Any, ...], Any] = traitlets.TraitType(())

    def __init__(
        self,
        options: Sequence[tuple[str, Any]],
        value: Iterable[Any],
        *,
        description: str,
        groups: dict[Any, str] | None = None,
        width: str = "12em",
        height: str | None = None,
    ) -> None:
        self.options = tuple((str(label), key) for label, key in options)
        self.description = description
        chosen = set(value)
        self.boxes = {
            key: widgets.Checkbox(
                value=key in chosen, description=label, indent=False, layout=widgets.Layout(width="auto")
            )
            for label, key in self.options
        }
        grid = {
            "grid_template_columns": f"repeat(auto-fill, minmax({width}, 1fr))",
            "grid_gap": "0 1em",
            "width": "100%",
        }
        if groups:
            headings = list(dict.fromkeys(groups[key] for _, key in self.options))
            parts: list[widgets.Widget] = []
            for heading in headings:
                parts += [
                    widgets.HTML(f'<p class="purgelib-subheading">{escape(heading)}</p>'),
                    widgets.GridBox(
                        [self.boxes[key] for _, key in self.options if groups[key] == heading],
                        layout=widgets.Layout(**grid),
                    ),
                ]
        else:
            parts = [widgets.GridBox(list(self.boxes.values()), layout=widgets.Layout(**grid))]
        body = widgets.VBox(parts, layout=widgets.Layout(max_height=height, overflow="auto" if height else None))
        body.add_class("purgelib-checkboxes")
        super().__init__(
            [widgets.HTML(f'<p class="purgelib-group-heading">{escape(description)}</p>'), body],
            value=self._ordered(chosen),
        )
        self._syncing = False
        for box in self.boxes.values():
            box.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")

    def _ordered(self, chosen: Iterable[Any]) -> tuple[Any, ...]:
        chosen = set(chosen)
        return tuple(key for _, key in self.options if key in chosen)

    @traitlets.validate("value")
    def _valid(self, proposal: dict[str, Any]) -> tuple[Any, ...]:
        given = proposal["value"]
        if isinstance(given, str):
            given = (given,)
        if not isinstance(given, Iterable) or isinstance(given, dict):
            raise traitlets.TraitError(
                f"{self.description}: choose a tuple of options, "
                f"such as {tuple(key for _, key in self.options[:2])!r}, "
                f"not {given!r}."
            )
        given = tuple(given)
        unknown = [key for key in given if key not in self.boxes]
        if unknown:
            raise traitlets.TraitError(
                f"{self.description}: {', '.join(map(repr, unknown))} is not an option. "
                f"The options are: {', '.join(repr(key) for _, key in self.options)}."
            )
        return self._ordered(given)

    def _from_boxes(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.value = tuple(key for key, box in self.boxes.items() if box.value)

    def _to_boxes(self, change: dict[str, Any]) -> None:
        self._syncing = True
        try:
            for key, box in self.boxes.items():
                box.value = key in self.value
        finally:
            self._syncing = False


class SearchableChoice(widgets.HBox):
    """One option of a long list, found by typing: a text box that suggests the options matching what is typed.

    It stands in for ``Dropdown`` (same ``options`` of ``(label, value)``
    pairs and ``value``), which JupyterLab 4 makes unusable by keyboard (see
    :class:`CheckboxGroup`); a text box keeps its keys. Typing narrows the
    suggestions; a label typed or chosen in full sets ``value``; an empty box
    sets it to ``""``. When ``options`` change, a value no longer offered is
    cleared.

    Examples
    --------
    >>> event = SearchableChoice(
    ...     "Event", [("1 December 1934 · Kirov murdered", "kirov")], placeholder="type a date or title"
    ... )
    >>> event.box.value = "1 December 1934 · Kirov murdered"
    >>> event.value
    'kirov'
    >>> event.options = []
    >>> event.value, event.box.value
    ('', '')
    """

    value: traitlets.TraitType[Any, Any] = traitlets.TraitType("")
    options = traitlets.Tuple()

    def __init__(
        self,
        description: str,
        options: Sequence[tuple[str, Any]],
        *,
        placeholder: str = "",
        layout: widgets.Layout | None = None,
    ) -> None:
        self.box = widgets.Combobox(
            description=description,
            placeholder=placeholder,
            ensure_option=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        super().__init__([self.box], layout=layout or widgets.Layout(width="100%"))
        self.description = description
        self._syncing = False
        self.box.observe(self._from_box, names="value")
        self.observe(self._to_box, names="value")
        self.observe(self._offer, names="options")
        self.options = tuple((str(label), key) for label, key in options)

    @traitlets.validate("value")
    def _valid(self, proposal: dict[str, Any]) -> Any:
        keys = [key for _, key in self.options]
        value = proposal["value"]
        if not (isinstance(value, str) and value == "") and not any(
            type(value) is type(key) and value == key for key in keys
        ):
            raise traitlets.TraitError(
                f"{self.description}: {repr(value)[:80]} is not among the {len(self.options)} options offered"
                + (f", such as {keys[0]!r}." if keys else ".")
            )
        return proposal["value"]

    def _offer(self, change: dict[str, Any]) -> None:
        self.box.options = [label for label, _ in self.options]
        if self.value not in {key for _, key in self.options}:
            self.value = ""
        self._to_box(None)

    def _from_box(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        text = self.box.value.strip()
        found = dict(self.options)
        if not text:
            self.value = ""
        elif text in found:
            self.value = found[text]

    def _to_box(self, change: dict[str, Any] | None) -> None:
        self._syncing = True
        try:
            self.box.value = (
                next((label for label, key in self.options if key == self.value), "") if self.value != "" else ""
            )
        finally:
            self._syncing = False


class Explorer(widgets.VBox):
    """Base of the explorers: a heading, the controls, an error area, then a chart, a table and a detail.

    See the module's notes for the contract a subclass follows. ``filtered``
    is what is shown, ``spec`` the Vega-Lite spec drawn and ``chart`` the same
    chart as an Altair chart (both None when there is nothing to draw;
    ``message`` then says why), ``error`` the message of the last callback
    that failed ("" when the last change worked).
    """

    def __init__(self) -> None:
        super().__init__()
        self.filtered = pd.DataFrame()
        self._spec: dict[str, Any] | None = None
        self._make_chart: Callable[[], alt.TopLevelMixin] | None = None
        self._chart: alt.TopLevelMixin | None = None
        self.message = ""
        self.error = ""
        # The view: the chart (or a message), the detail of the change, the table, in one Output widget.
        self._chart_output = widgets.Output(layout=widgets.Layout(min_height="120px"))
        self._chart_output.add_class("purgelib-chart")
        self._table_shown = ""
        self._detail_in_view = ""
        self._detail = widgets.HTML()
        self._error = widgets.HTML()
        self.add_class("purgelib-explorer")
        self.add_class(f"purgelib-{type(self).__name__.lower()}")

    def __repr__(self) -> str:
        # A short, stable text for notebooks opened without the widget front end (and for nbval).
        return f"{type(self).__name__}({len(self.filtered)} rows shown)"

    def controls(self) -> list[widgets.Widget]:
        """Every control a learner can use in the explorer (menus, boxes, buttons), in the order shown.

        Each has a ``description``: its accessible name, the words a screen
        reader says for it.
        """
        found: list[widgets.Widget] = []
        stack = list(reversed(self.children))
        while stack:
            child = stack.pop()
            if isinstance(child, widgets.Box):
                stack.extend(reversed(child.children))
            elif isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                child, (widgets.HTML, widgets.Label, widgets.Output)
            ):
                found.append(child)
        return found

    def _layout(
        self,
        controls: Sequence[widgets.Widget],
        title: str,
        body: Sequence[widgets.Widget] | None = None,
        *,
        table_beside_chart: bool = False,
    ) -> None:
        """Set the explorer's children: stylesheet, heading, ``controls``, error area, ``body``.

        The one layout hook of every explorer. ``body`` defaults to the view (the chart, the detail
        of the change, the table: see :meth:`_show`) and the detail widget; with
        ``table_beside_chart``, the chart keeps its width and the table takes the room beside it
        (below it in a narrow column), as the stylesheet's ``purgelib-table-beside`` rules set out.
        """
        heading = widgets.HTML(f"<h4>{escape(title)}</h4>")
        if table_beside_chart:
            self._chart_output.add_class("purgelib-table-beside")
        parts = [self._chart_output, self._detail] if body is None else list(body)
        self.children = [stylesheet(), heading, *controls, self._error, *parts]

    def _guarded(self, callback: Callable[..., Any]) -> Callable[..., None]:
        """``callback``, made to show its error in the explorer rather than fail unseen."""

        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> None:
            try:
                callback(*args, **kwargs)
            except Exception as problem:  # noqa: BLE001 - any failure of a callback is the learner's to see
                self._report(problem)
            else:
                # A control that took a value other than the one given says so (YearRange.notice).
                owner = args[0].get("owner") if args and isinstance(args[0], dict) else None
                self._report(getattr(owner, "notice", "") or None)

        return run

    def _report(self, problem: Exception | str | None) -> None:
        """Show ``problem`` (an error) or a notice (text) in the error area, or clear the area (None)."""
        if problem is None:
            self.error, self._error.value = "", ""
        elif isinstance(problem, str):
            self.error = ""
            self._error.value = f'<div class="purgelib-error" role="status"><p>{escape(problem)}</p></div>'
        else:
            self.error = f"{type(problem).__name__}: {problem}"
            self._error.value = (
                '<div class="purgelib-error" role="alert"><p><b>The explorer could not show this choice.</b> '
                f"{escape(self.error)}</p><p>Change the control back, or run the cell again. If it happens again, "
                "tell your instructor and quote this message.</p></div>"
            )

    @property
    def error_shown(self) -> str:
        """The HTML of the error area: what went wrong in the last change, or a notice ("" when there is none)."""
        return self._error.value

    def _observe(
        self, controls: Iterable[widgets.Widget], callback: Callable[[dict[str, Any]], None] | None = None
    ) -> None:
        """Call ``callback`` (default: ``_update``) whenever one of ``controls`` changes value."""
        handler = self._guarded(callback or self._on_change)
        for control in controls:
            control.observe(handler, names="value")

    def _on_change(self, change: dict[str, Any]) -> None:
        self._update()

    def _update(self) -> None:
        raise NotImplementedError

    @property
    def spec(self) -> dict[str, Any] | None:
        """The Vega-Lite spec of the chart shown (a copy: changing it changes nothing); None without a chart."""
        return copy.deepcopy(self._spec)

    @property
    def chart(self) -> alt.TopLevelMixin | None:
        """The chart shown, as the Altair chart the module's chart function gives; None without a chart.

        Built when first asked for: a change of a control draws ``spec`` without building it.
        """
        if self._chart is None and self._make_chart is not None:
            self._chart = self._make_chart()
        return self._chart

    @property
    def table_html(self) -> str:
        """The HTML of the table shown ("" when there is none)."""
        return self._table_shown

    @property
    def detail_shown(self) -> str:
        """The HTML of the detail shown below the chart ("" when there is none)."""
        return self._detail_in_view or self._detail.value

    def _show(
        self,
        spec: dict[str, Any] | None,
        chart: Callable[[], alt.TopLevelMixin] | None,
        table_html: str,
        empty_message: str,
        detail_html: str = "",
    ) -> None:
        """Draw ``spec`` (or ``empty_message`` when it is None), then ``detail_html`` and the table, in one message.

        ``chart`` builds the same chart as an Altair chart, for :attr:`chart`. Without a chart
        there is no table and no detail: the message says why.
        """
        self._spec, self._make_chart, self._chart = spec, chart, None
        self.message = "" if spec is not None else empty_message
        self._table_shown = table_html if spec is not None else ""
        self._detail_in_view = detail_html if spec is not None else ""
        first = chart_bundle(spec) if spec is not None else message_bundle(empty_message)
        rest = (html_bundle(part) for part in (self._detail_in_view, self._table_shown) if part)
        self._chart_output.outputs = (first, *rest)
