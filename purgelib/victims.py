"""The figures of the Terror's victims: filter them, scale them, chart them, explore them.

Each row of ``victims.csv`` is one figure as one source gives it: a count of a
*category* of people, a *measure* (arrested, executed...), a *period* and a
*basis* (an archival count, a quota, a claim, an estimate). Figures that
disagree stay separate rows; nothing here averages them away or computes a
midpoint of a range.

:func:`filter_figures`, :func:`scale`, :func:`figure_table` and
:func:`victims_chart` are pure functions (a frame in, a frame or a chart out);
:class:`VictimsExplorer` is the widget that calls them when a control changes.

How a figure is scaled
----------------------
A figure's period runs from ``period_start`` to ``period_end``, both days
included, so 1937–1938 is 730 days. *Per day* divides the figure by those
days, *per month* by the days over 30.436875 (the mean length of a Gregorian
month). A figure that is not a count over its period has no rate, so its per-day and
per-month columns are empty: a population or a group's size (``population``,
``members``), a quota (``official-quota``: a ceiling an order set in advance),
and any figure whose period is a single day.

A *comparison* is a number the learner chooses to set the figures against:
another row of ``victims.csv`` (so every comparison is a cited figure) or an
explicit ``(label, number)``. The ratio is always of totals: figure ÷
comparison.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from purgelib._explorer import PALETTE, Explorer, html_table, require_columns, require_unique, require_values
from purgelib.data import allowed, format_date, load
from purgelib.sources import _citations
from purgelib.timeline import _bound

__all__ = [
    "filter_figures",
    "scale",
    "comparisons",
    "comparison",
    "figure_table",
    "victims_chart",
    "VictimsExplorer",
    "CATEGORIES",
    "MEASURES",
    "BASES",
    "BASIS_COLOURS",
    "DAYS_PER_MONTH",
]

FIGURE_COLUMNS = (
    "figure_id", "category", "subgroup", "measure", "period_start", "period_end",
    "value", "value_low", "value_high", "basis", "source_ids", "notes",
)
# The allowed values are declared once, in datapackage.json.
CATEGORIES = tuple(allowed("victims", "category"))
MEASURES = tuple(allowed("victims", "measure"))
BASES = tuple(allowed("victims", "basis"))
# Counts from the records in blue; numbers set or said at the time in warm colours; historians'
# estimates in green (after the archives) and reddish purple (before): all Okabe-Ito.
BASIS_COLOURS = {
    "archival-count": PALETTE[0],
    "official-quota": PALETTE[1],
    "contemporary-claim": PALETTE[5],
    "scholarly-estimate": PALETTE[2],
    "pre-archival-estimate": PALETTE[3],
}
DAYS_PER_MONTH = 365.2425 / 12
# Counts at a date rather than over a period: they have no rate.
_STOCKS = ("population", "members")
_PERS = {"total": "", "month": " per month", "day": " per day"}


def _allowed(figures: pd.DataFrame, column: str, default: Sequence[str]) -> list[str]:
    """The allowed values of a column: the categories of a loaded table, else the course's list."""
    if column in figures and isinstance(figures[column].dtype, pd.CategoricalDtype):
        return [str(value) for value in figures[column].cat.categories]
    return list(default)


def _as_list(values: str | Iterable[str]) -> list[str]:
    return [values] if isinstance(values, str) else list(values)


def filter_figures(
    figures: pd.DataFrame,
    *,
    categories: str | Iterable[str] | None = None,
    measures: str | Iterable[str] | None = None,
    bases: str | Iterable[str] | None = None,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """The figures that match every criterion given, sorted by category, measure and period.

    Parameters
    ----------
    figures : DataFrame
        The victims table (``purgelib.load("victims")``) or a part of it.
    categories, measures, bases : str or list of str, optional
        Keep figures of these categories, measures and bases (one value or a list).
    start, end : int, str or Timestamp, optional
        Keep figures whose period overlaps this one: a year (``1937``) or a
        partial date (``"1937-07"``); an end covers its whole year or month.
        A figure for 1937–1938 is kept for ``start=1938``: its tooltip and
        table say which period it counts.

    Returns
    -------
    DataFrame
        A new frame with the same columns; empty if nothing matches.

    Examples
    --------
    >>> victims = load("victims")
    >>> shot = filter_figures(victims, categories="order-00447", measures="executed", bases="archival-count")
    >>> "order-00447-executed-1937-1938-werth" in set(shot["figure_id"]), set(shot["basis"])
    (True, {'archival-count'})
    >>> filter_figures(victims, measures=["killed"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown measure: killed. Allowed: arrested, convicted, sentenced-to-death, sentenced-to-camp, executed, died-in-custody, deaths, discharged, population, members.
    """
    require_columns(figures, ("figure_id", "category", "measure", "basis", "period_start", "period_end"), "figures")
    keep = pd.Series(True, index=figures.index)
    for column, wanted, default in (("category", categories, CATEGORIES), ("measure", measures, MEASURES), ("basis", bases, BASES)):
        if wanted is None:
            continue
        wanted = _as_list(wanted)
        require_values(wanted, _allowed(figures, column, default), column)
        keep &= figures[column].isin(wanted)
    start_at, end_at = _bound(start, False, "start"), _bound(end, True, "end")
    if start_at is not None:
        keep &= figures["period_end"] >= start_at
    if end_at is not None:
        keep &= figures["period_start"] <= end_at
    found = figures[keep]
    order = {name: rank for rank, name in enumerate(_allowed(figures, "category", CATEGORIES))}
    ranked = found.assign(_rank=found["category"].map(lambda name: order.get(name, len(order))).astype(int))
    return ranked.sort_values(["_rank", "measure", "period_start", "period_end", "figure_id"], kind="stable").drop(columns="_rank")


def _number(value: float | None) -> str:
    """A figure written for a reader: whole numbers with separators, small rates to 3 digits."""
    if value is None or pd.isna(value):
        return ""
    if value >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:,.1f}"
    return f"{value:.3g}"


def _period(row: dict[str, Any]) -> str:
    """The period a figure counts, written as precisely as it is known."""
    start = format_date(row["period_start"], str(row.get("period_start_precision") or "day"))
    end = format_date(row["period_end"], str(row.get("period_end_precision") or "day"))
    return start if end == start or not end else f"{start} – {end}"


def _figure_label(row: dict[str, Any], citations: dict[str, str] | None = None) -> str:
    """A figure named for a menu: what it counts, when, its basis and source, and its value."""
    what = row.get("subgroup")
    what = what if isinstance(what, str) and what else f"{row['category']}, {row['measure']}"
    sources = "; ".join((citations or {}).get(source, source) for source in row.get("source_ids") or [])
    return f"{what}, {_period(row)} ({row['basis']}; {sources}): {_number(row['value'])}"


def comparisons(figures: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """The rows a figure can be compared with, as ``(label, figure_id)`` pairs for a menu.

    Every row that gives a single number qualifies. Populations and group
    sizes (``population``, ``members``: the natural denominators) come first,
    then the other figures by category, measure and period.

    Parameters
    ----------
    figures : DataFrame
        Figures from ``victims.csv``.
    sources : DataFrame, optional
        Where the citations in the labels come from (default: the course's sources).

    Examples
    --------
    >>> menu = comparisons(load("victims"))
    >>> [figure_id for label, figure_id in menu][:2]
    ['party-elite-congress-1934-delegates', 'party-elite-cc-1934-members']
    >>> dict((figure_id, label) for label, figure_id in menu)["gulag-camps-prisons-1939-01-01-davies"]
    'camps and prisons, all types of prisoner, 1 January 1939 (archival-count; Davies 1997): 1,668,000'
    """
    require_columns(figures, FIGURE_COLUMNS, "figures")
    short, _ = _citations(sources)
    ordered = filter_figures(figures[figures["value"].notna()])
    stocks = ordered["measure"].isin(_STOCKS)
    rows = pd.concat([ordered[stocks], ordered[~stocks]]).to_dict("records")
    return [(_figure_label(row, short), row["figure_id"]) for row in rows]


def comparison(figure_id: str, figures: pd.DataFrame, sources: pd.DataFrame | None = None) -> tuple[str, float]:
    """One row of ``figures`` as a ``(label, number)`` comparison for :func:`scale`.

    Parameters
    ----------
    figure_id : str
        The row; it must give a single number, not only a range.
    figures : DataFrame
        Figures from ``victims.csv``.
    sources : DataFrame, optional
        Where the citation in the label comes from (default: the course's sources).

    Examples
    --------
    >>> comparison("party-elite-cc-1934-members", load("victims"))
    ('Central Committee members and candidates elected 1934, February 1934 (archival-count; Khrushchev 1956): 139', 139.0)
    """
    require_columns(figures, FIGURE_COLUMNS, "figures")
    found = figures[figures["figure_id"] == figure_id]
    if found.empty:
        raise ValueError(f"No figure {figure_id!r} to compare with. Use purgelib.victims.comparisons(figures) to list them.")
    row = found.iloc[0].to_dict()
    if pd.isna(row["value"]):
        raise ValueError(f"Figure {figure_id!r} gives only a range ({_number(row['value_low'])}–{_number(row['value_high'])}), not one number to compare with.")
    short, _ = _citations(sources)
    return _figure_label(row, short), float(row["value"])


def _checked_comparison(compare_to: Any, figures: pd.DataFrame) -> tuple[str, float] | None:
    if compare_to is None:
        return None
    if isinstance(compare_to, str):
        # The figures shown are often a filtered part; the comparison may be any row of the course's.
        known = figures if compare_to in set(figures["figure_id"]) else load("victims")
        return comparison(compare_to, known)
    if isinstance(compare_to, tuple) and len(compare_to) == 2 and isinstance(compare_to[0], str):
        label, number = compare_to
        if isinstance(number, bool) or not isinstance(number, numbers.Real) or not math.isfinite(number) or number <= 0:
            raise ValueError(f"The number to compare with must be a positive number, not {number!r}.")
        return label, float(number)
    raise TypeError(f"compare_to must be a figure_id or a (label, number) pair, not {compare_to!r}.")


def scale(figures: pd.DataFrame, per: str = "total", compare_to: str | tuple[str, float] | None = None) -> pd.DataFrame:
    """The figures with their period in days and months, their rates, and a ratio to a comparison.

    Adds the columns ``days`` and ``months`` (the length of the period, both
    ends included), ``per_day``, ``per_month`` (and ``_low``/``_high`` for a
    range), ``shown``, ``shown_low``, ``shown_high`` (the figure at the scale
    ``per`` asks for), and, with ``compare_to``, ``compared_to`` (its label),
    ``ratio``, ``ratio_low`` and ``ratio_high`` (figure ÷ comparison, of totals).
    A population, a group's size, a quota or a one-day figure gets no rate
    (see the module's notes); a range-only figure no ``ratio``, only its bounds.

    Parameters
    ----------
    figures : DataFrame
        Figures from ``victims.csv``.
    per : {"total", "month", "day"}
        The scale of the ``shown`` columns.
    compare_to : str or (str, number), optional
        The ``figure_id`` of a row of ``figures`` or of the course's victims
        table (see :func:`comparisons`), or an explicit ``(label, number)``
        pair of your own.

    Examples
    --------
    >>> victims = load("victims")
    >>> scaled = scale(victims, per="day", compare_to="political-death-sentences-1936-popov")
    >>> row = scaled.set_index("figure_id").loc["all-repression-executed-1937-1938"]
    >>> int(row["days"]), round(row["per_day"]), round(row["ratio"])
    (730, 934, 610)
    >>> scale(victims, per="week")
    Traceback (most recent call last):
    ...
    ValueError: per must be one of total, month, day, not 'week'.
    """
    require_columns(figures, FIGURE_COLUMNS, "figures")
    if per not in _PERS:
        raise ValueError(f"per must be one of {', '.join(_PERS)}, not {per!r}.")
    compared = _checked_comparison(compare_to, figures)
    days = (figures["period_end"] - figures["period_start"]).dt.days.to_numpy(dtype="float64", na_value=np.nan) + 1
    # A count at a date, over one day, or a quota (a ceiling set in advance, not a count) is not a
    # flow: dividing it by time would invent a rate.
    no_rate = figures["measure"].isin(_STOCKS).to_numpy() | (figures["basis"] == "official-quota").to_numpy() | (days <= 1)
    days[no_rate] = np.nan
    months = days / DAYS_PER_MONTH
    columns: dict[str, Any] = {"days": days, "months": months}
    for bound in ("value", "value_low", "value_high"):
        total = figures[bound].to_numpy(dtype="float64", na_value=np.nan)
        suffix = bound.removeprefix("value")
        columns[f"per_day{suffix}"] = total / days
        columns[f"per_month{suffix}"] = total / months
        columns[f"shown{suffix}"] = total if per == "total" else columns[f"per_{per}{suffix}"]
        if compared:
            columns[f"ratio{suffix}"] = total / compared[1]
    if compared:
        columns["compared_to"] = compared[0]
    scaled = figures.assign(**columns)
    return scaled


def figure_table(figures: pd.DataFrame, per: str = "total", compare_to: str | tuple[str, float] | None = None, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures as a table to read: what, when, how many, on what basis, from which source.

    Parameters
    ----------
    figures : DataFrame
        Figures from ``victims.csv``.
    per, compare_to
        As for :func:`scale`: add the rate and the ratio columns.
    sources : DataFrame, optional
        Where the citations come from (default: the course's sources).

    Examples
    --------
    >>> table = figure_table(filter_figures(load("victims"), categories="party-elite"), per="total")
    >>> table.columns.tolist()
    ['figure_id', 'figure', 'measure', 'period', 'value', 'range', 'basis', 'sources', 'notes']
    >>> table["sources"].unique().tolist()
    ['Khrushchev 1956']
    """
    scaled = scale(figures, per=per, compare_to=compare_to)
    short, _ = _citations(sources)
    return _table(scaled, per, compare_to is not None, short)


def _texts(figures: pd.DataFrame, short: dict[str, str]) -> pd.DataFrame:
    """Each figure written out for the table: what, when, how many, basis, sources, notes."""
    records = figures[["figure_id", "category", "subgroup", "measure", "period_start", "period_end", "value", "value_low", "value_high", "basis", "source_ids", "notes"]
                      + [column for column in ("period_start_precision", "period_end_precision") if column in figures]].to_dict("records")
    return pd.DataFrame(
        {
            "figure_id": [row["figure_id"] for row in records],
            "figure": [_what(row) for row in records],
            "measure": [str(row["measure"]) for row in records],
            "period": [_period(row) for row in records],
            "value": [_number(row["value"]) for row in records],
            "range": [_range(row["value_low"], row["value_high"]) for row in records],
            "basis": [str(row["basis"]) for row in records],
            "sources": ["; ".join(short.get(source, source) for source in row["source_ids"] or []) for row in records],
            "notes": [row["notes"] if isinstance(row["notes"], str) else "" for row in records],
        },
        index=figures.index,
    )


def _table(scaled: pd.DataFrame, per: str, compared: bool, short: dict[str, str], texts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table of :func:`figure_table`; ``texts`` (from :func:`_texts`) saves writing every row out again."""
    table = (_texts(scaled, short) if texts is None else texts.loc[scaled.index]).reset_index(drop=True)
    position = table.columns.get_loc("basis")
    if per != "total":
        rates = zip(scaled["shown"].to_numpy(), scaled["shown_low"].to_numpy(), scaled["shown_high"].to_numpy())
        table.insert(position, f"per {per}", [_number(shown) or _range(low, high) or "no rate" for shown, low, high in rates])
        position += 1
    if compared:
        ratios = zip(scaled["ratio"].to_numpy(), scaled["ratio_low"].to_numpy(), scaled["ratio_high"].to_numpy())
        table.insert(position, "ratio", [_ratio({"ratio": ratio, "ratio_low": low, "ratio_high": high}) for ratio, low, high in ratios])
    return table


def _what(row: dict[str, Any]) -> str:
    subgroup = row.get("subgroup")
    return f"{row['category']}: {subgroup}" if isinstance(subgroup, str) and subgroup else str(row["category"])


def _range(low: Any, high: Any) -> str:
    if pd.isna(low) and pd.isna(high):
        return ""
    return f"{_number(low) or '?'}–{_number(high) or '?'}"


def _ratio(row: dict[str, Any]) -> str:
    if not pd.isna(row["ratio"]):
        return f"{row['ratio']:,.3g}×"
    spread = _range(row["ratio_low"], row["ratio_high"])
    return f"{spread}×" if spread else ""


def _labels(records: list[dict[str, Any]], short: dict[str, str]) -> list[str]:
    """Axis labels that tell the figures of one measure apart: category, period, source."""
    labels = [f"{row['category']} · {_period(row)} · {'; '.join(short.get(s, s) for s in row['source_ids'] or [])}" for row in records]
    seen: dict[tuple[str, str], int] = {}
    for row, label in zip(records, labels):
        seen[(str(row["measure"]), label)] = seen.get((str(row["measure"]), label), 0) + 1
    return [
        f"{label} · {row['subgroup'] if isinstance(row['subgroup'], str) and row['subgroup'] else row['figure_id']}"
        if seen[(str(row["measure"]), label)] > 1
        else label
        for row, label in zip(records, labels)
    ]


def victims_chart(
    figures: pd.DataFrame,
    *,
    per: str = "total",
    compare_to: str | tuple[str, float] | None = None,
    title: str = "Victims of the Terror: figures by basis",
    sources: pd.DataFrame | None = None,
    limit: int = 300,
) -> alt.FacetChart:
    """A dot for each figure, a line for its range, coloured by basis, one panel per measure.

    Archival counts, quotas, claims and estimates of the same thing sit side
    by side, so a reader sees at once how far they disagree. Where a source
    gives only a range, only the line is drawn (never a midpoint). The value
    axis is logarithmic when the figures span more than a hundredfold.

    Parameters
    ----------
    figures : DataFrame
        Figures to draw (narrow them first with :func:`filter_figures`).
    per : {"total", "month", "day"}
        Draw totals or rates (see :func:`scale`); figures without a rate are
        left out of a rate chart, and the subtitle says so.
    compare_to : str or (str, number), optional
        A comparison (see :func:`scale`): the ratio appears in the tooltips,
        and on a chart of totals a dashed line marks the comparison.
    title : str
        The chart's title.
    sources : DataFrame, optional
        Where the citations come from (default: the course's sources).
    limit : int
        Draw at most this many figures (the first by category and period) and
        say so in the subtitle: a chart of thousands of rows is unreadable.

    Examples
    --------
    >>> victims = load("victims")
    >>> chart = victims_chart(filter_figures(victims, categories="order-00447", measures="executed"), title="Order 00447")
    >>> spec = chart.to_dict()
    >>> spec["title"], spec["facet"]["row"]["field"], spec["spec"]["layer"][1]["mark"]["type"]
    ('Order 00447', 'measure', 'point')
    """
    compared = _checked_comparison(compare_to, figures)
    short, _ = _citations(sources)
    return _chart(filter_figures(scale(figures, per=per, compare_to=compared)), per, compared, title, short, limit)


def _chart(scaled: pd.DataFrame, per: str, compared: tuple[str, float] | None, title: str, short: dict[str, str], limit: int = 300) -> alt.FacetChart:
    """The chart of :func:`victims_chart`, from figures already scaled and sorted."""
    drawn = scaled[scaled["shown"].notna() | scaled["shown_low"].notna() | scaled["shown_high"].notna()]
    left_out = len(scaled) - len(drawn)
    records = drawn.head(limit).to_dict("records")
    data = []
    for order, (row, label) in enumerate(zip(records, _labels(records, short))):
        shown = None if pd.isna(row["shown"]) else float(row["shown"])
        data.append(
            {
                "order": order,
                "label": label,
                "measure": str(row["measure"]),
                "basis": str(row["basis"]),
                "shown": shown,
                # A range-only figure draws its line alone; a figure without a range draws a dot alone.
                "low": shown if pd.isna(row["shown_low"]) else float(row["shown_low"]),
                "high": shown if pd.isna(row["shown_high"]) else float(row["shown_high"]),
                "what": _what(row),
                "value": _number(row["value"]) or "range only",
                "range": _range(row["value_low"], row["value_high"]) or "none given",
                "rate": (_number(row["shown"]) or _range(row["shown_low"], row["shown_high"])) if per != "total" else "",
                "ratio": _ratio(row) if compared else "",
                "period": _period(row),
                "sources": "; ".join(short.get(source, source) for source in row["source_ids"] or []),
            }
        )
    numbers = [number for record in data for number in (record["low"], record["high"]) if number is not None]
    logarithmic = bool(numbers) and min(numbers) > 0 and max(numbers) / min(numbers) > 100
    bases = [basis for basis in BASIS_COLOURS if any(record["basis"] == basis for record in data)]
    subtitle = []
    if len(drawn) > limit:
        subtitle.append(f"The first {limit} of {len(drawn)} figures; narrow the selection to see them all.")
    if left_out:
        subtitle.append(f"{left_out} figure(s) with no rate (populations, group sizes, quotas, one-day counts) are not drawn.")
    if compared:
        subtitle.append(f"Compared with: {compared[0]}" + (" (dashed line)." if per == "total" else "."))
    measures = [measure for measure in MEASURES if any(record["measure"] == measure for record in data)]
    description = (
        f"Dot chart of {len(data)} figures{_PERS[per]}, one panel per measure ({', '.join(measures) or 'none'}); "
        f"each dot is a figure as its source gives it and a line its range, coloured by basis ({', '.join(bases) or 'none'})."
    )
    if subtitle:
        description = f"{' '.join(subtitle)} {description}"
    # The data joins at the last step: every Altair method copies the chart, and copying rows is slow.
    return _layers(per, logarithmic, compared[1] if compared else None).facet(
        row=alt.Facet("measure:N", title=None, sort=measures, header=alt.Header(labelAngle=0, labelAlign="left")),
        data={"values": data},
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="independent", y="independent")),
        title=alt.Title(title, subtitle=subtitle) if subtitle else title,
        description=description,
    )


@functools.lru_cache(maxsize=64)
def _layers(per: str, logarithmic: bool, comparison: float | None) -> alt.LayerChart:
    """The marks and encodings of the chart, without data.

    There are few distinct combinations, and building Altair objects is the slow part of a redraw,
    so they are built once each. Callers never modify the result (``facet`` wraps it).
    """
    axis_title = f"Number{_PERS[per]}" + (" (log scale)" if logarithmic else "")
    x_scale = alt.Scale(type="log") if logarithmic else alt.Scale(zero=True)
    tooltip = [
        alt.Tooltip("what:N", title="Figure"),
        alt.Tooltip("value:N", title="Value"),
        alt.Tooltip("range:N", title="Range"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("basis:N", title="Basis"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    if per != "total":
        tooltip.insert(3, alt.Tooltip("rate:N", title=f"Figure{_PERS[per]}"))
    if comparison is not None:
        tooltip.insert(-2, alt.Tooltip("ratio:N", title="Ratio to comparison"))
    # Ticks end each range, so a narrow range given without a value still shows.
    ranges = (
        alt.Chart()
        .transform_filter("datum.low !== datum.high")
        .mark_errorbar(ticks=alt.MarkConfig(size=10), thickness=2)
        .encode(x=alt.X("low:Q", title=axis_title, scale=x_scale), x2="high:Q")
    )
    dots = (
        alt.Chart()
        .transform_filter("isValid(datum.shown)")
        .mark_point(filled=True, size=80, opacity=0.9)
        .encode(x=alt.X("shown:Q", title=axis_title, scale=x_scale), shape=alt.Shape("basis:N", title="Basis", scale=alt.Scale(domain=list(BASIS_COLOURS)), legend=alt.Legend(orient="top")))
    )
    layers = [ranges, dots]
    if comparison is not None and per == "total":
        # One rule per panel, full height, in its own colour: the layers' shared row and basis do not apply.
        layers.append(
            alt.Chart()
            .transform_aggregate(figures="count()")
            .mark_rule(strokeDash=[4, 3])
            .encode(x=alt.datum(comparison), y=alt.value(0), y2=alt.value("height"), color=alt.value(PALETTE[7]), tooltip=alt.value(None))
        )
    # Encodings the layers share are declared once, so Altair checks them once.
    return (
        alt.layer(*layers)
        .encode(
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order"), axis=alt.Axis(labelLimit=320)),
            color=alt.Color("basis:N", title="Basis", scale=alt.Scale(domain=list(BASIS_COLOURS), range=list(BASIS_COLOURS.values())), legend=alt.Legend(orient="top")),
            tooltip=tooltip,
        )
        .properties(width=380, height=alt.Step(18))
    )


def _check_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """A learner's figures frame, checked as the explorer needs it."""
    require_columns(figures, FIGURE_COLUMNS, "figures")
    for column in ("period_start", "period_end"):
        if not pd.api.types.is_datetime64_any_dtype(figures[column]):
            raise TypeError(f"figures column '{column}' must hold dates (datetime64), not {figures[column].dtype}. Load the table with purgelib.load('victims').")
    for column in ("value", "value_low", "value_high"):
        if not pd.api.types.is_numeric_dtype(figures[column]):
            raise TypeError(f"figures column '{column}' must hold numbers, not {figures[column].dtype}.")
    for column, default in (("category", CATEGORIES), ("measure", MEASURES), ("basis", BASES)):
        require_values(figures[column], _allowed(figures, column, default), column)
    bad = figures["source_ids"].map(lambda value: not isinstance(value, list) or not value)
    if bad.any():
        raise TypeError(f"figures column 'source_ids' must hold a non-empty list of source ids in every row (as purgelib.load('victims') gives); row {figures.loc[bad, 'figure_id'].iloc[0]!r} does not.")
    require_unique(figures, "figure_id", "figures")
    return figures


class VictimsExplorer(Explorer):
    """Explore the figures of the victims: categories, measures, years, bases, scale and comparison.

    Controls (set ``.value`` from Python, or use them in the notebook):

    - ``category``, ``measure``, ``basis``: the categories, measures and bases
      shown (select several; none shows a reminder to pick one).
    - ``period``: the range of years; a figure is shown if its period overlaps it.
    - ``scale``: ``"total"``, ``"month"`` or ``"day"`` (see :func:`scale`).
    - ``compare``: ``"none"`` or the ``figure_id`` of a figure to set the
      others against (its ratio appears in the tooltips and the table).

    ``filtered`` is the figures shown, scaled (:func:`scale`); ``chart`` the
    Altair chart (None when nothing can be drawn; ``message`` then says why);
    ``table`` the table of figures with their citations.

    Parameters
    ----------
    figures : DataFrame, optional
        Figures to explore (default: the course's ``victims`` table).
    sources : DataFrame, optional
        Where the citations come from (default: the course's sources).

    Examples
    --------
    >>> explorer = VictimsExplorer()
    >>> explorer.category.value = ("order-00447",)
    >>> explorer.scale.value = "day"
    >>> set(explorer.filtered["category"]), "per day" in explorer.table.columns
    ({'order-00447'}, True)
    """

    def __init__(self, figures: pd.DataFrame | None = None, *, sources: pd.DataFrame | None = None) -> None:
        super().__init__()
        self._figures = _check_figures(load("victims") if figures is None else figures)
        self._sources = load("sources") if sources is None else sources
        self._short, _ = _citations(self._sources)
        # Written out once: the table of a selection is then a lookup, not thousands of formattings.
        self._texts = _texts(self._figures, self._short)
        self.table = pd.DataFrame()

        def present(column: str, default: Sequence[str]) -> list[str]:
            return [value for value in _allowed(self._figures, column, default) if (self._figures[column] == value).any()]

        categories, measures, bases = present("category", CATEGORIES), present("measure", MEASURES), present("basis", BASES)
        first = int(self._figures["period_start"].dt.year.min()) if len(self._figures) else 1930
        last = int(self._figures["period_end"].dt.year.max()) if len(self._figures) else 1940
        years = list(range(first, last + 1))
        self.category = widgets.SelectMultiple(options=categories, value=tuple(categories), rows=min(max(len(categories), 1), 6), description="Category")
        self.measure = widgets.SelectMultiple(options=measures, value=tuple(measures), rows=min(max(len(measures), 1), 6), description="Measure")
        self.basis = widgets.SelectMultiple(options=bases, value=tuple(bases), rows=min(max(len(bases), 1), 5), description="Basis")
        self.period = widgets.SelectionRangeSlider(
            options=years, index=(0, len(years) - 1), description="Years", continuous_update=False, layout=widgets.Layout(width="60%")
        )
        self.scale = widgets.ToggleButtons(options=[("Total", "total"), ("Per month", "month"), ("Per day", "day")], value="total", description="Scale")
        self._comparisons = {figure_id: label for label, figure_id in comparisons(self._figures, self._sources)}
        self.compare = widgets.Dropdown(
            options=[("none", "none"), *((label, figure_id) for figure_id, label in self._comparisons.items())],
            value="none",
            description="Compare with",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%"),
        )
        controls = [
            widgets.HBox([self.category, self.measure, self.basis]),
            self.period,
            self.scale,
            self.compare,
        ]
        self._layout(controls, "Victims of the Terror: the figures and their sources")
        self._observe([self.category, self.measure, self.basis, self.period, self.scale, self.compare])
        self._update()

    def _comparison(self) -> tuple[str, float] | None:
        if self.compare.value == "none":
            return None
        return self._comparisons[self.compare.value], float(self._figures.loc[self._figures["figure_id"] == self.compare.value, "value"].iloc[0])

    def _update(self) -> None:
        per, compared = self.scale.value, self._comparison()
        unchosen = [name for name, control in (("category", self.category), ("measure", self.measure), ("basis", self.basis)) if not control.value]
        if self._figures.empty:
            found, empty = self._figures, "There are no figures to explore: the table is empty."
        elif unchosen:
            found = self._figures.iloc[:0]
            empty = f"Choose at least one {' and one '.join(unchosen)} to see figures."
        else:
            low, high = self.period.value
            found = filter_figures(
                self._figures,
                categories=list(self.category.value),
                measures=list(self.measure.value),
                bases=list(self.basis.value),
                start=int(low),
                end=int(high),
            )
            empty = "No figures match these choices. Widen the years, or choose more categories, measures or bases."
        self.filtered = scale(found, per=per, compare_to=compared)
        drawable = self.filtered["shown"].notna() | self.filtered["shown_low"].notna() | self.filtered["shown_high"].notna()
        chart = None
        if drawable.any():
            title = f"Victims of the Terror: {len(self.filtered)} figures{_PERS[per]}"
            chart = _chart(self.filtered, per, compared, title, self._short)
        elif len(found):
            empty = "These figures have no rate (populations, group sizes, quotas, one-day counts). Set the scale to Total."
        self.table = _table(self.filtered, per, compared is not None, self._short, self._texts)
        caption = f"{len(self.table)} figures" + (f", compared with {compared[0]}" if compared else "")
        self._show(chart, html_table(self.table, list(self.table.columns), caption, limit=80), empty)
