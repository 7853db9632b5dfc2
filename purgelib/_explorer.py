"""What every explorer shares: the layout, the chart output, bounded tables, named controls, errors shown.

The contract of :class:`Explorer`
---------------------------------
A subclass builds its controls, then calls ``_layout(controls, title, body)``
once: the explorer is then the course's stylesheet, a heading, the controls,
an error area and the ``body`` (by default the chart, the table and the
detail). ``_observe(controls)`` makes every change of a control call
``_update()``, which sets ``filtered`` and ``chart`` and calls
``_show(chart, table_html, empty_message)``. A callback that raises does not
fail in silence: its message appears in the error area (``error`` holds it)
until a later change succeeds. Any other callback (a button, a second menu)
goes through ``_guarded(callback)`` to get the same behaviour.

Controls a keyboard and a screen reader can use
-----------------------------------------------
In JupyterLab 4 with ipywidgets 8.1, a slider's handle has no accessible
name, and the keys pressed in a ``<select>`` (list box, drop-down) or a
radio button are taken by the notebook for its own commands. The explorers
therefore use named number boxes (:func:`number_box`, :class:`YearRange`),
checkboxes (:class:`CheckboxGroup`), toggle buttons, and text boxes that
suggest options (:class:`SearchableChoice`): each keeps the keys pressed in
it and is named by its description. ``Explorer.controls()`` lists them.

Why the chart is shown by setting ``Output.outputs``
---------------------------------------------------
Altair 5.5's ``mimetype`` renderer emits ``application/vnd.vegalite.v5+json``,
which JupyterLab 4 draws with its built-in Vega extension: offline, no CDN, and
small stored outputs. Redrawing with ``with out: display(chart)`` would be sent
as ordinary cell output, which strict nbval then sees as unexpected; setting the
Output widget's ``outputs`` to one ``display_data`` message keeps the chart in
the widget (redrawn on every change) and nbval strict. See DESIGN.md.

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

import functools
import hashlib
import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
import traitlets

from purgelib.render import chart_mimebundle
from purgelib.style import stylesheet

# Okabe & Ito (2008), with Tol's wine and teal: distinguishable with the common colour-vision
# deficiencies. Yellow comes last: it is hard to see on white.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#000000", "#999999", "#44AA99", "#F0E442"]
# vega-embed reads these options from the spec itself, wherever the chart is drawn. Its "…" menu
# is a <summary> with an icon and no text: a control no screen reader can name (WCAG 4.1.2). SVG
# keeps the chart's text as text, and can shrink to fit a narrow column.
EMBED_OPTIONS = {"embedOptions": {"actions": False, "renderer": "svg"}}
# The widest a table or a list of cells is drawn in an explorer; longer ones say how to narrow them.
ROW_LIMIT = 500


def accessible(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A top-level chart drawn as SVG, without vega-embed's unnamed "…" menu (see ``EMBED_OPTIONS``).

    Examples
    --------
    >>> accessible(alt.Chart().mark_point()).to_dict()["usermeta"]
    {'embedOptions': {'actions': False, 'renderer': 'svg'}}
    """
    return chart.properties(usermeta=EMBED_OPTIONS)


def chart_bundle(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The ``display_data`` message that draws ``chart`` offline in JupyterLab, as :func:`accessible` draws it.

    Its text alternative is the chart's ``description``.

    Examples
    --------
    >>> bundle = chart_bundle(alt.Chart().mark_point().properties(description="Dots."))
    >>> bundle["data"]["application/vnd.vegalite.v5+json"]["usermeta"], bundle["data"]["text/plain"]
    ({'embedOptions': {'actions': False, 'renderer': 'svg'}}, '<Chart: Dots.>')
    """
    spec = chart.to_dict()
    spec["usermeta"] = {**spec.get("usermeta", {}), **EMBED_OPTIONS}
    return {"output_type": "display_data", "data": chart_mimebundle(spec, picture=False), "metadata": {}}


def message_bundle(text: str) -> dict[str, Any]:
    """A short message shown in place of a chart (for an empty selection); screen readers announce it."""
    return {
        "output_type": "display_data",
        "data": {"text/html": f'<p class="purgelib-message" role="status">{html.escape(text)}</p>', "text/plain": text},
        "metadata": {},
    }


def escape(value: Any) -> str:
    """Text from the data, safe to put in HTML (``<script>`` shows as text)."""
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


def html_table(frame: pd.DataFrame, columns: Sequence[str], caption: str, limit: int | None = 25) -> str:
    """An escaped HTML table of ``columns`` with a caption, in a bounded box that scrolls.

    Long frames are cut at ``limit`` rows (None: never), with a note saying so.
    In an explorer narrower than 640 px each row is set out as lines, each
    led by its column's name, so the table never scrolls sideways: the
    course's stylesheet stacks the cells, and the table's own rules (keyed
    to its columns) write the names.

    Examples
    --------
    >>> table = html_table(pd.DataFrame({"a": [1, 2, 3]}), ["a"], "Three rows", limit=2)
    >>> table.startswith('<div class="purgelib-scroll" tabindex="0" role="region" aria-label="Three rows">')
    True
    >>> table.count("<tr>"), "<td>1</td>" in table, table.endswith("<p>Showing 2 of 3 rows.</p>")
    (3, True, True)
    """
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    shown = frame if limit is None else frame.head(limit)
    rows = "".join("<tr>" + "".join(f"<td>{escape(record[name])}</td>" for name in columns) + "</tr>" for record in shown.to_dict("records"))
    # One class per set of columns, so that the names written before the cells are this table's.
    key = "purgelib-columns-" + hashlib.sha1("\n".join(map(str, columns)).encode()).hexdigest()[:10]
    names = "".join(f'.{key} td:nth-child({number})::before {{ content: "{_css_text(str(name))}: "; }}' for number, name in enumerate(columns, start=1))
    table = (
        f"<style>@container (max-width: 640px) {{ {names} }}</style>"
        f'<table class="purgelib-table {key}"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
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
    ('BoundedFloatText', 'Passage', (0.0, 2.0), False)
    >>> type(number_box("Paragraph", 1, 1, 40, 1)).__name__
    'BoundedIntText'
    """
    kind = widgets.BoundedIntText if all(float(number).is_integer() for number in (value, low, high, step)) else widgets.BoundedFloatText
    return kind(value=value, min=low, max=high, step=step, description=description, continuous_update=False, **options)


def toggle_buttons(description: str, options: Sequence[tuple[str, str]], value: str, tooltips: Sequence[str] = ()) -> widgets.ToggleButtons:
    """A named row of buttons, one chosen: reached with Tab, chosen with Space or Enter.

    Buttons as wide as their words, and a description never cut at 80 px.

    Examples
    --------
    >>> buttons = toggle_buttons("Scale", [("Total", "total"), ("Per day", "day")], "total")
    >>> buttons.description, buttons.value, buttons.style.button_width
    ('Scale', 'total', 'auto')
    """
    return widgets.ToggleButtons(options=list(options), value=value, description=description, tooltips=list(tooltips),
                                 style={"description_width": "initial", "button_width": "auto"})


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

    value = traitlets.Tuple(traitlets.Int(), traitlets.Int())
    min = traitlets.Int()
    max = traitlets.Int()
    disabled = traitlets.Bool(False)

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
        first, last = (max(self.min, min(self.max, int(year))) for year in proposal["value"])
        return (first, last) if first <= last else (last, first)

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
    >>> themes = CheckboxGroup([("Secret police", "police"), ("Show trials", "trials")], ("trials",), description="Themes")
    >>> themes.boxes["police"].value = True
    >>> themes.value
    ('police', 'trials')
    >>> themes.value = ()
    >>> themes.boxes["trials"].value
    False
    """

    value = traitlets.Tuple()

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
        self.boxes = {key: widgets.Checkbox(value=key in chosen, description=label, indent=False, layout=widgets.Layout(width="auto")) for label, key in self.options}
        grid = {"grid_template_columns": f"repeat(auto-fill, minmax({width}, 1fr))", "grid_gap": "0 1em", "width": "100%"}
        if groups:
            headings = list(dict.fromkeys(groups[key] for _, key in self.options))
            parts: list[widgets.Widget] = []
            for heading in headings:
                parts += [
                    widgets.HTML(f'<p class="purgelib-subheading">{escape(heading)}</p>'),
                    widgets.GridBox([self.boxes[key] for _, key in self.options if groups[key] == heading], layout=widgets.Layout(**grid)),
                ]
        else:
            parts = [widgets.GridBox(list(self.boxes.values()), layout=widgets.Layout(**grid))]
        body = widgets.VBox(parts, layout=widgets.Layout(max_height=height, overflow="auto" if height else None))
        body.add_class("purgelib-checkboxes")
        super().__init__([widgets.HTML(f'<p class="purgelib-group-heading">{escape(description)}</p>'), body], value=self._ordered(chosen))
        self._syncing = False
        for box in self.boxes.values():
            box.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")

    def _ordered(self, chosen: Iterable[Any]) -> tuple[Any, ...]:
        chosen = set(chosen)
        return tuple(key for _, key in self.options if key in chosen)

    @traitlets.validate("value")
    def _valid(self, proposal: dict[str, Any]) -> tuple[Any, ...]:
        unknown = [key for key in proposal["value"] if key not in self.boxes]
        if unknown:
            raise traitlets.TraitError(f"Invalid selection: {', '.join(map(repr, unknown))}. The options are: {', '.join(repr(key) for _, key in self.options)}.")
        return self._ordered(proposal["value"])

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
    >>> event = SearchableChoice("Event", [("1 December 1934 · Kirov murdered", "kirov")], placeholder="type a date or title")
    >>> event.box.value = "1 December 1934 · Kirov murdered"
    >>> event.value
    'kirov'
    >>> event.options = []
    >>> event.value, event.box.value
    ('', '')
    """

    value = traitlets.Any("")
    options = traitlets.Tuple()

    def __init__(self, description: str, options: Sequence[tuple[str, Any]], *, placeholder: str = "", layout: widgets.Layout | None = None) -> None:
        self.box = widgets.Combobox(
            description=description, placeholder=placeholder, ensure_option=False, style={"description_width": "initial"}, layout=widgets.Layout(width="100%")
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
        if proposal["value"] != "" and proposal["value"] not in {key for _, key in self.options}:
            raise traitlets.TraitError(f"Invalid selection: {proposal['value']!r} is not among the {len(self.options)} options offered.")
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
        found = {label: key for label, key in self.options}
        if not text:
            self.value = ""
        elif text in found:
            self.value = found[text]

    def _to_box(self, change: dict[str, Any] | None) -> None:
        self._syncing = True
        try:
            self.box.value = next((label for label, key in self.options if key == self.value), "") if self.value != "" else ""
        finally:
            self._syncing = False


class Explorer(widgets.VBox):
    """Base of the explorers: a heading, the controls, an error area, then a chart, a table and a detail.

    See the module's notes for the contract a subclass follows. ``filtered``
    is what is shown, ``chart`` the Altair chart (None when there is nothing to
    draw; ``message`` then says why), ``error`` the message of the last
    callback that failed ("" when the last change worked).
    """

    def __init__(self) -> None:
        super().__init__()
        self.filtered = pd.DataFrame()
        self.chart: alt.TopLevelMixin | None = None
        self.message = ""
        self.error = ""
        self._chart_output = widgets.Output(layout=widgets.Layout(min_height="120px"))
        self._chart_output.add_class("purgelib-chart")
        self._table = widgets.HTML()
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
            elif isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(child, (widgets.HTML, widgets.Label, widgets.Output)):
                found.append(child)
        return found

    def _layout(self, controls: Sequence[widgets.Widget], title: str, body: Sequence[widgets.Widget] | None = None) -> None:
        """Set the explorer's children: stylesheet, heading, ``controls``, error area, ``body``.

        ``body`` defaults to the chart, the table and the detail, in that order.
        """
        heading = widgets.HTML(f"<h4>{escape(title)}</h4>")
        parts = [self._chart_output, self._table, self._detail] if body is None else list(body)
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
                self._report(None)

        return run

    def _report(self, problem: Exception | None) -> None:
        """Show ``problem`` in the error area, or clear the area (None)."""
        if problem is None:
            self.error, self._error.value = "", ""
            return
        self.error = f"{type(problem).__name__}: {problem}"
        self._error.value = (
            f'<div class="purgelib-error" role="alert"><p><b>The explorer could not show this choice.</b> {escape(self.error)}</p>'
            "<p>Change the control back, or run the cell again. If it happens again, tell your instructor and quote this message.</p></div>"
        )

    def _observe(self, controls: Iterable[widgets.Widget], callback: Callable[[dict[str, Any]], None] | None = None) -> None:
        """Call ``callback`` (default: ``_update``) whenever one of ``controls`` changes value."""
        handler = self._guarded(callback or self._on_change)
        for control in controls:
            control.observe(handler, names="value")

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
