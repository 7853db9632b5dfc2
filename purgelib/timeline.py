"""The course's events on a time line: filter them, chart them, explore them.

:func:`filter_events` and :func:`timeline_chart` are pure functions (a frame
in, a frame or a chart out); :class:`TimelineExplorer` is the widget that
calls them when a control changes.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd

from purgelib._explorer import (
    PALETTE,
    ROW_LIMIT,
    CheckboxGroup,
    Explorer,
    SearchableChoice,
    SpecTemplate,
    TextBox,
    YearRange,
    accessible,
    as_ids,
    escape,
    html_table,
    one_line,
    require_columns,
    require_lists,
    require_unique,
    require_values,
    scroll_region,
    toggle_buttons,
    year_range,
)
from purgelib.data import allowed, date_bound, format_date, labels, load
from purgelib.people import PeopleIndex
from purgelib.sources import citations, reading_ids, reading_label

__all__ = [
    "filter_events",
    "timeline_chart",
    "event_table",
    "format_date",
    "event_period",
    "event_themes",
    "theme_words",
    "TimelineExplorer",
    "ZOOM_START",
    "ZOOM_END",
]

EVENT_COLUMNS = (
    "event_id",
    "date",
    "end_date",
    "date_precision",
    "title",
    "summary",
    "theme",
    "people",
    "place",
    "source_ids",
    "readings",
    "importance",
)
# The years of the Terror, which the explorer can show month by month.
ZOOM_START, ZOOM_END = "1936-01", "1938-12"
_IMPORTANCE = {1: "essential", 2: "important", 3: "context"}
_LIST_COLUMNS = ("people", "source_ids", "readings")


def event_themes() -> list[str]:
    """The themes an event may have, as ``datapackage.json`` declares them.

    Examples
    --------
    >>> event_themes()[:3]
    ['revolution', 'party', 'opposition']
    """
    return allowed("events", "theme")


def _themes(events: pd.DataFrame) -> list[str]:
    """The allowed themes: the categories of a loaded table, else the data package's list."""
    column = events.get("theme", None)
    if column is not None and isinstance(column.dtype, pd.CategoricalDtype):
        return [str(theme) for theme in column.cat.categories]
    return event_themes()


def theme_words(themes: Iterable[str]) -> dict[str, str]:
    """What a learner reads for each theme: the label ``datapackage.json`` declares beside its code.

    A theme the data package does not declare keeps its code.

    Examples
    --------
    >>> theme_words(["police", "trials"])
    {'police': 'Secret police', 'trials': 'Show trials'}
    """
    declared = labels("events", "theme")
    return {theme: one_line(declared.get(theme, theme)) for theme in as_ids(themes, "themes")}


def event_period(row: dict[str, Any]) -> str:
    """When an event happened, from its start to its end if it lasted.

    Examples
    --------
    >>> event_period(
    ...     {"date": pd.Timestamp("1918-01-01"), "date_precision": "year", "end_date": pd.Timestamp("1921-12-31")}
    ... )
    '1918 – 1921'
    """
    if not isinstance(row, Mapping) or "date" not in row:
        raise TypeError(
            f"row must be one event as a dict with a 'date' (e.g. events.iloc[0].to_dict()), not {type(row).__name__}."
        )
    start = format_date(row["date"], str(row.get("date_precision") or "day"))
    end_precision = row.get("end_date_precision")
    end_precision = (
        str(row.get("date_precision") or "day")
        if end_precision is None or pd.isna(end_precision)
        else str(end_precision)
    )
    end = format_date(row.get("end_date"), end_precision)
    return f"{start} – {end}" if end and end != start else start


def event_table(events: pd.DataFrame, columns: Sequence[str] = ("title", "theme")) -> pd.DataFrame:
    """Events to read: indexed by when they happened, written only as precisely as known.

    Examples
    --------
    >>> events = load("events")
    >>> event_table(events[events["event_id"] == "order-00447-1937"], ["title"]).index.tolist()
    ['30 July 1937']
    """
    columns = as_ids(columns, "columns")
    require_columns(events, ("date", "date_precision", *columns), "events")
    when = [event_period(row) for row in events.to_dict("records")]
    return events.assign(when=when).set_index("when")[list(columns)]


def _has(ids: Any, wanted: set[str]) -> bool:
    return isinstance(ids, (list, tuple)) and not wanted.isdisjoint(ids)


def filter_events(
    events: pd.DataFrame,
    *,
    start: Any = None,
    end: Any = None,
    themes: Iterable[str] | None = None,
    person: str | None = None,
    reading: str | None = None,
    text: str | None = None,
    people: pd.DataFrame | PeopleIndex | None = None,
) -> pd.DataFrame:
    """The events that match every criterion given, in date order.

    Parameters
    ----------
    events : DataFrame
        The events table (``purgelib.load("events")``) or a part of it.
    start, end : int, str or Timestamp, optional
        Keep events that begin in this period. A year (``1937``) or a partial
        date (``"1937-07"``); an end covers its whole year or month.
    themes : list of str, optional
        Keep events of these themes.
    person : str, optional
        Keep events involving anyone whose name or alias matches, in any
        transliteration (``"Yezhov"`` finds Ezhov); see
        :func:`purgelib.people.find_people`.
    reading : str, optional
        Keep events that this reading (a ``source_id``) mentions.
    text : str, optional
        Keep events whose title, summary or place contains these words, in
        any case.
    people : DataFrame or PeopleIndex, optional
        Whom ``person`` is searched among (default: the course's people).

    Returns
    -------
    DataFrame
        A new frame with the same columns; empty if nothing matches.

    Examples
    --------
    >>> events = load("events")
    >>> found = filter_events(events, start=1937, end=1937, person="Tukhachevskii")
    >>> "tukhachevsky-arrest-1937" in set(found["event_id"]), set(found["date"].dt.year)
    (True, {1937})
    >>> filter_events(events, themes=["purges"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown theme: purges. Allowed: revolution, party, opposition, ...
    """
    require_columns(events, ("event_id", "date", "title", "summary", "theme", "people", "place", "readings"), "events")
    for name, value in (("person", person), ("reading", reading), ("text", text)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be text, not {type(value).__name__}.")
    keep = pd.Series(True, index=events.index)
    start_at, end_at = date_bound(start, False, "start"), date_bound(end, True, "end")
    if start_at is not None:
        keep &= events["date"] >= start_at
    if end_at is not None:
        keep &= events["date"] <= end_at
    if themes is not None:
        themes = as_ids(themes, "themes")
        require_values(themes, _themes(events), "theme")
        keep &= events["theme"].isin(themes)
    if reading:
        keep &= events["readings"].map(lambda ids: _has(ids, {reading}))
    if person and person.strip():
        index = people if isinstance(people, PeopleIndex) else PeopleIndex(people)
        matching = index.ids_matching(person)
        keep &= events["people"].map(lambda ids: _has(ids, matching))
    found = events[keep]
    if text and text.strip():
        # Searched last, on the rows left, because lower-casing every summary is the costly step.
        haystack = found["title"].fillna("") + " " + found["summary"].fillna("") + " " + found["place"].fillna("")
        found = found[haystack.str.lower().str.contains(text.strip().lower(), regex=False)]
    return found.sort_values(["date", "event_id"], kind="stable")


def _chart_record(row: dict[str, Any], names: dict[str, str], words: dict[str, str]) -> dict[str, Any]:
    """Only the fields the chart draws of one event, as JSON-ready values in a fixed order; its theme in words."""
    end = row.get("end_date")
    return {
        "date": pd.Timestamp(row["date"]).strftime("%Y-%m-%d"),
        "end": None if end is None or pd.isna(end) else pd.Timestamp(end).strftime("%Y-%m-%d"),
        "when": event_period(row),
        "title": str(row["title"]),
        "theme": words.get(str(row["theme"]), str(row["theme"])),
        "importance": _IMPORTANCE.get(int(row["importance"]), str(row["importance"])),
        "people": "; ".join(names.get(person, person) for person in (row.get("people") or [])),
    }


def timeline_chart(
    events: pd.DataFrame,
    *,
    title: str = "Events",
    by: str = "auto",
    start: Any = None,
    end: Any = None,
    people: pd.DataFrame | None = None,
    limit: int = 500,
) -> alt.LayerChart:
    """A time line of events: one row per theme (in words), bigger dots for more central events.

    An event that lasted is drawn as a line from its start to its end. The
    chart's ``description`` says in words what it shows (its text alternative).

    Parameters
    ----------
    events : DataFrame
        Events to draw (filter them first with :func:`filter_events`).
    title : str
        The chart's title.
    by : {"auto", "year", "month"}
        Label the time axis by year or by month; ``"auto"`` labels spans of
        up to three years by month.
    start, end : int, str or Timestamp, optional
        Fix the time axis to this period (default: the events' own span).
    people : DataFrame, optional
        Where the tooltips find people's names (default: the course's people).
    limit : int
        Draw at most this many events, the most central first, and say so in
        the subtitle; a chart of thousands of dots is slow and unreadable.

    Examples
    --------
    >>> chart = timeline_chart(filter_events(load("events"), start=1937, end=1937), title="1937")
    >>> spec = chart.to_dict()
    >>> spec["title"], spec["layer"][1]["mark"]["type"]
    ('1937', 'circle')
    """
    layout, fills = _timeline(events, title=title, by=by, start=start, end=end, people=people, limit=limit)
    return _timeline_altair(layout, fills)


def _timeline(
    events: pd.DataFrame,
    *,
    title: str,
    by: str,
    start: Any,
    end: Any,
    people: pd.DataFrame | None,
    limit: int,
    records: dict[str, dict[str, Any]] | None = None,
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """What :func:`timeline_chart` draws: the chart's layout (themes, time axis, domain) and the values that fill it.

    ``records`` (from :func:`_chart_record`, by ``event_id``) saves an explorer writing out every event on every change.
    """
    require_columns(events, ("event_id", "date", "title", "theme", "importance", "people"), "events")
    if not isinstance(by, str) or by not in ("auto", "year", "month"):
        raise ValueError(f"by must be 'auto', 'year' or 'month', not {by!r}.")
    if not isinstance(title, str):
        raise TypeError(f"title must be text, not {type(title).__name__}.")
    if isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 1:
        raise ValueError(f"limit must be a whole number of events, 1 or more, not {limit!r}.")
    heading: str | dict[str, str] = title
    subtitle = ""
    if len(events) > limit:
        subtitle = f"The {limit} most central of {len(events)} events; narrow the selection to see them all."
        events = events.sort_values(["importance", "date", "event_id"], kind="stable").head(limit)
        heading = {"text": title, "subtitle": subtitle}
    words = theme_words(_themes(events))
    events = events.sort_values(["date", "event_id"], kind="stable")
    if records is None:
        people = load("people") if people is None else people
        require_columns(people, ("person_id", "name"), "people")
        names = dict(zip(people["person_id"], people["name"], strict=False))
        drawn = [_chart_record(row, names, words) for row in events.to_dict("records")]
    else:
        drawn = [records[event_id] for event_id in events["event_id"]]
    start_at, end_at = date_bound(start, False, "start"), date_bound(end, True, "end")
    domain = None
    if start_at is not None and end_at is not None:
        domain = [start_at.strftime("%Y-%m-%d"), end_at.strftime("%Y-%m-%d")]
    first_day = (
        start_at if start_at is not None else (events["date"].min() if len(events) else pd.Timestamp("1917-01-01"))
    )
    last_day = end_at if end_at is not None else (events["date"].max() if len(events) else first_day)
    if by == "auto":
        by = "month" if last_day.year - first_day.year < 3 else "year"
    rows = tuple(words.values())
    present = {record["theme"] for record in drawn}
    shown = [word for word in rows if word in present]
    description = (
        f"Time line of {len(drawn)} events from {drawn[0]['when']} to {drawn[-1]['when']}, one row per theme "
        f"({', '.join(shown)}); bigger dots mark more central events and a line shows how long an event lasted."
        if drawn
        else "Time line with no events."
    )
    if subtitle:
        description = f"{subtitle} {description}"
    fills = {
        "data": {"values": drawn},
        "title": heading,
        "description": description,
        "height": max(60, 28 * len(shown)),
    }
    return (rows, _axis(by, first_day, last_day), domain), fills


def _timeline_altair(layout: tuple[Any, ...], fills: dict[str, Any]) -> alt.LayerChart:
    """The chart of :func:`_timeline`, built by Altair (and so checked against the Vega-Lite schema when drawn)."""
    rows, ticks, domain = layout
    return accessible(_timeline_layers(rows, ticks, domain).properties(**fills, width=600))


def _timeline_spec(layout: tuple[Any, ...], fills: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`_timeline_altair`, filled into a template built once (see :class:`SpecTemplate`)."""
    rows, ticks, domain = layout
    return _timeline_template(rows, ticks, domain is not None).fill(**fills, **({"domain": domain} if domain else {}))


# Markers of the values a change fills into the chart (see SpecTemplate); no spec holds them otherwise.
_DATA, _TITLE, _DESCRIPTION, _DOMAIN, _HEIGHT = (
    {"name": "\x00data"},
    "\x00title",
    "\x00description",
    ["\x00domain"],
    987654321,
)


@functools.lru_cache(maxsize=32)
def _timeline_template(rows: tuple[str, ...], ticks: tuple[Any, ...], fixed: bool) -> SpecTemplate:
    """The template of every time line with these themes, this time axis, and a domain set (``fixed``) or not."""
    markers = {
        "data": _DATA,
        "title": _TITLE,
        "description": _DESCRIPTION,
        "height": _HEIGHT,
        **({"domain": _DOMAIN} if fixed else {}),
    }
    chart = _timeline_layers(rows, ticks, _DOMAIN if fixed else None).properties(
        data=alt.NamedData(_DATA["name"]), title=_TITLE, description=_DESCRIPTION, width=600, height=_HEIGHT
    )
    return SpecTemplate(chart, **markers)


def _timeline_layers(rows: tuple[str, ...], ticks: tuple[Any, ...], domain: list[str] | None) -> alt.LayerChart:
    """The marks and encodings of a time line, without data: a row per theme in ``rows``, the axis of :func:`_axis`."""
    x = alt.X(
        "date:T", title="Date", axis=_time_axis(ticks), scale=alt.Scale(domain=domain) if domain else alt.Undefined
    )
    y = alt.Y("theme:N", title="Theme", sort=list(rows))
    color = alt.Color("theme:N", scale=alt.Scale(domain=list(rows), range=PALETTE[: len(rows)]), legend=None)
    spans = (
        alt.Chart()
        .transform_filter("isValid(datum.end)")
        .mark_rule(strokeWidth=4, opacity=0.45, clip=True)
        .encode(x=x, x2="end:T", y=y, color=color)
    )
    dots = (
        alt.Chart()
        .mark_circle(opacity=0.85, stroke="#000000", strokeWidth=0.5, clip=True)
        .encode(
            x=x,
            y=y,
            color=color,
            size=alt.Size(
                "importance:N",
                title="Importance",
                scale=alt.Scale(domain=list(_IMPORTANCE.values()), range=[320, 140, 50]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("theme:N", title="Theme"),
                alt.Tooltip("people:N", title="People"),
                alt.Tooltip("importance:N", title="Importance"),
            ],
        )
    )
    return alt.layer(spans, dots)


def _axis(by: str, first: pd.Timestamp, last: pd.Timestamp) -> tuple[str, str, int]:
    """The time axis from ``first`` to ``last``: one label per year (or month), thinned to a dozen or so labels.

    As ``(by, label format, step)``; :func:`_time_axis` makes it an axis.
    """
    if by == "month":
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        return by, "%b %Y", next(step for step in (1, 2, 3, 6, 12) if span / step <= 14 or step == 12)
    span = last.year - first.year + 1
    # Ticks at whole years only: automatic ticks on a short span repeat the same year label.
    return by, "%Y", next(step for step in (1, 2, 5, 10, 20, 50) if span / step <= 14 or step == 50)


def _time_axis(ticks: tuple[str, str, int]) -> alt.Axis:
    by, label, step = ticks
    if by == "month":
        return alt.Axis(format=label, tickCount={"interval": "month", "step": step}, labelAngle=-45)
    return alt.Axis(format=label, tickCount={"interval": "year", "step": step})


def _check_events(events: pd.DataFrame) -> pd.DataFrame:
    """A learner's events frame, checked as the explorer needs it."""
    require_columns(events, EVENT_COLUMNS, "events")
    for column in ("date", "end_date"):
        if not pd.api.types.is_datetime64_any_dtype(events[column]):
            raise TypeError(
                f"events column '{column}' must hold dates (datetime64), not {events[column].dtype}. "
                "Load the table with purgelib.load('events')."
            )
    if not pd.api.types.is_numeric_dtype(events["importance"]):
        raise TypeError(
            f"events column 'importance' must hold the numbers 1, 2 or 3, not {events['importance'].dtype}."
        )
    require_values(events["importance"].dropna().astype(int), [1, 2, 3], "importance")
    require_values(events["theme"], _themes(events), "theme")
    require_values(events["date_precision"], ["day", "month", "year"], "date_precision")
    require_lists(events, _LIST_COLUMNS, "events", "events")
    require_unique(events, "event_id", "events")
    return events


class TimelineExplorer(Explorer):
    """Explore the course's events: years, a month-by-month view of 1936–1938, themes, people, readings, words.

    Controls (set ``.value`` from Python, or use them in the notebook):

    - ``years``: the range of years shown, ``(first, last)``, typed or
      stepped with the arrow keys in its two boxes.
    - ``zoom``: ``"years"`` or ``"months"``, which shows January 1936 to
      December 1938 month by month (the ``years`` boxes are then not used).
    - ``themes``: the themes shown (their codes; the checkboxes name them in
      words); tick none to see a reminder to pick one.
    - ``person``: a name in any spelling (``"Yezhov"`` finds Ezhov's events).
    - ``reading``: ``"any"`` or a reading's ``source_id``: events it mentions.
    - ``text``: words to find in title, summary or place.
    - ``event``: one of the events shown, found by typing a date or words of
      its title; its summary, people, sources and the passages of the
      readings that discuss it appear below the chart.

    ``filtered`` is the events shown, ``chart`` the Altair chart (None when no
    event matches; ``message`` then says why). The table of the events shown
    scrolls in a box of its own, so the explorer keeps to about a screen.

    Parameters
    ----------
    events : DataFrame, optional
        Events to explore (default: the course's ``events`` table).
    years : (int, int), optional
        The first and last year shown at first (default: all the events' years).
    people, passages, sources : DataFrame, optional
        The tables used for names, passages and citations (default: the
        course's).

    Examples
    --------
    >>> explorer = TimelineExplorer()
    >>> explorer.person.value = "Yezhov"
    >>> "ezhov-appointed-1936" in set(explorer.filtered["event_id"])
    True
    """

    def __init__(
        self,
        events: pd.DataFrame | None = None,
        *,
        years: tuple[int, int] | None = None,
        people: pd.DataFrame | None = None,
        passages: pd.DataFrame | None = None,
        sources: pd.DataFrame | None = None,
    ) -> None:
        super().__init__()
        self._events = _check_events(load("events") if events is None else events)
        self._people = load("people") if people is None else people
        require_columns(self._people, ("person_id", "name", "aliases"), "people")
        self._index = PeopleIndex(self._people)
        self._names = dict(zip(self._people["person_id"], self._people["name"], strict=False))
        sources = load("sources") if sources is None else sources
        self._short, self._full = citations(sources)
        self._reading_ids = reading_ids(sources)
        passages = load("passages") if passages is None else passages
        require_columns(passages, ("passage_id", "reading_id", "paragraph", "quote", "gloss", "events"), "passages")
        self._passages: dict[str, list[dict[str, Any]]] = {}
        for passage in passages.sort_values(["reading_id", "paragraph", "passage_id"]).to_dict("records"):
            for event_id in passage["events"] or []:
                self._passages.setdefault(event_id, []).append(passage)
        # What the table and the detail show, worked out once rather than on every change.
        records = self._events.to_dict("records")
        self._when = {row["event_id"]: event_period(row) for row in records}
        self._rows = {row["event_id"]: row for row in records}
        self._citation = {
            row["event_id"]: "; ".join(self._short.get(s, s) for s in row["source_ids"] or []) for row in records
        }
        words = theme_words(_themes(self._events))
        self._records = {row["event_id"]: _chart_record(row, self._names, words) for row in records}

        event_years = self._events["date"].dt.year
        low, high = (int(event_years.min()), int(event_years.max())) if len(event_years.dropna()) else (1917, 1991)
        wide = {"description_width": "initial"}
        self.zoom = toggle_buttons(
            "View",
            [("By year", "years"), ("1936–1938 by month", "months")],
            "years",
            ["The years chosen, labelled by year or month", "January 1936 to December 1938, month by month"],
        )
        self.years = YearRange(year_range(years, low, high) if years is not None else (low, high), low=low, high=high)
        themes = _themes(self._events)
        self.themes = CheckboxGroup(
            [(word, theme) for theme, word in theme_words(themes).items()], themes, description="Themes", width="11em"
        )
        self.person = TextBox(
            description="Person", placeholder="any spelling, e.g. Yezhov", continuous_update=False, style=wide
        )
        self.text = TextBox(
            description="Search", placeholder="words in title, summary or place", continuous_update=False, style=wide
        )
        self.reading = toggle_buttons(
            "Reading",
            [("any reading", "any"), *((reading_label(r, sources), r) for r in self._reading_ids)],
            "any",
            [
                "Events whether a reading mentions them or not",
                *(f"Only the events {reading_label(r, sources)} mentions" for r in self._reading_ids),
            ],
        )
        self.event = SearchableChoice("Event", [])

        wrap = widgets.Layout(flex_flow="row wrap", align_items="flex-start", grid_gap="0.4em 2em")
        controls = [
            widgets.HBox([self.zoom, self.years], layout=wrap),
            self.themes,
            widgets.HBox([self.person, self.text], layout=wrap),
            self.reading,
        ]
        self._layout(controls, "Time line of events", body=[self._chart_output, self.event, self._detail])
        self._observe([self.years, self.zoom, self.themes, self.person, self.reading, self.text])
        self._observe([self.event], self._on_event)
        self._update()

    def _period(self) -> tuple[str, str, str]:
        if self.zoom.value == "months":
            return ZOOM_START, ZOOM_END, "month"
        low, high = self.years.value
        return f"{low:04d}", f"{high:04d}", "year"

    def _update(self) -> None:
        start, end, by = self._period()
        self.years.disabled = by == "month"
        if not self.themes.value:
            self.filtered = self._events.iloc[:0]
            empty = "Choose at least one theme to see events."
        else:
            all_themes = len(self.themes.value) == len(self.themes.options)
            self.filtered = filter_events(
                self._events,
                start=start,
                end=end,
                themes=None if all_themes else list(self.themes.value),
                person=self.person.value,
                reading=None if self.reading.value == "any" else self.reading.value,
                text=self.text.value,
                people=self._index,
            )
            empty = (
                "No events match these choices. Widen the years, choose more themes, "
                "or clear the person, reading or search boxes."
            )
        first, last = format_date(date_bound(start, False, "start"), by), format_date(date_bound(end, True, "end"), by)
        period = f" in {first}" if first == last else f", {first} to {last}"
        spec = chart = None
        if len(self.filtered):
            layout, fills = _timeline(
                self.filtered,
                title=f"Events{period}",
                by=by if by == "month" else "auto",
                start=start,
                end=end,
                people=self._people,
                limit=500,
                records=self._records,
            )
            spec, chart = _timeline_spec(layout, fills), functools.partial(_timeline_altair, layout, fills)
        self._show(spec, chart, self._table_html(period), empty)
        self._refresh_events()

    def _table_html(self, period: str) -> str:
        ids = self.filtered["event_id"].tolist()
        table = pd.DataFrame(
            {
                "date": [self._when[i] for i in ids],
                "title": self.filtered["title"].tolist(),
                "summary": self.filtered["summary"].tolist(),
                "sources": [self._citation[i] for i in ids],
            }
        )
        return html_table(table, ["date", "title", "summary", "sources"], f"{len(ids)} events{period}", limit=ROW_LIMIT)

    def _refresh_events(self) -> None:
        # A list of thousands of events helps nobody; offer the first ones, as the table shows them.
        ids = self.filtered["event_id"].tolist()[:ROW_LIMIT]
        self.event.box.placeholder = (
            f"type a date or words of a title: one of the {len(ids)} events shown" if ids else "no event is shown"
        )
        # The event chosen stays chosen while it is shown, so narrowing the view does not lose it.
        self.event.options = tuple((f"{self._when[i]} · {self._rows[i]['title']}", i) for i in ids)
        self._show_detail()

    def _on_event(self, change: dict[str, Any]) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        event_id = self.event.value
        self._detail.value = (
            scroll_region(self.detail_html(event_id), f"The event chosen: {self._rows[event_id]['title']}", short=True)
            if event_id
            else ""
        )

    def detail_html(self, event_id: str) -> str:
        """The detail of one event as HTML: summary, people, sources, readings and passages."""
        if event_id not in self._rows:
            raise ValueError(f"No event {event_id!r} in the explorer's events.")
        row = self._rows[event_id]
        names = ", ".join(self._names.get(p, p) for p in row["people"] or []) or "none listed"
        readings = ", ".join(self._label_of(r) for r in row["readings"] or []) or "none of the four readings"
        references = "".join(f"<li>{escape(self._full.get(s, s))}</li>" for s in row["source_ids"] or [])
        passages = "".join(
            f"<li><b>{escape(self._label_of(p['reading_id']))}, ¶ {escape(p['paragraph'])}</b>: "
            f"“{escape(p['quote'])}” <i>{escape(p['gloss'])}</i></li>"
            for p in self._passages.get(event_id, [])
        )
        passages_html = (
            f"<p><b>Passages that discuss it:</b></p><ul>{passages}</ul>"
            if passages
            else "<p>No passage of the readings is linked to this event.</p>"
        )
        return (
            f'<div class="purgelib-detail"><h4>{escape(self._when[event_id])}: {escape(row["title"])}</h4>'
            f"<p>{escape(row['summary'])}</p>"
            f"<p><b>People:</b> {escape(names)}</p>"
            f"<p><b>Mentioned in:</b> {escape(readings)}</p>"
            f"<p><b>Sources:</b></p><ul>{references}</ul>{passages_html}</div>"
        )

    def _label_of(self, reading: str) -> str:
        return next((label for label, value in self.reading.options if value == reading), reading)
