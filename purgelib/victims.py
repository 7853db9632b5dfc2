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
per-month columns are empty: a population, the most held at one time, or a group's size
(``population``, ``peak-population``, ``members``), a quota (``official-quota``: a ceiling an order set in advance),
and any figure whose period is a single day.

A *comparison* is a number the learner chooses to set the figures against:
another row of ``victims.csv`` (so every comparison is a cited figure) or an
explicit ``(label, number)``. The ratio is always of totals: figure ÷
comparison.

How the chart reads
-------------------
Every figure is a row on one shared axis that starts at zero, so a quota of
75,950 and a count of 387,000 sit where their sizes put them: the gap is what
the reader sees. A logarithmic axis is offered only as an explicit choice
(``axis="log"``), and its title says so. Rows are named in words (the labels
``datapackage.json`` declares for each code), naming only what differs from
row to row (a source only where nothing else tells two rows apart); what
every row shares goes into the subtitle, the sources into the tooltip and the
table. Each row's label sits above its dot, and the chart is drawn to fit a
narrow column (about 360 px), so no label is ever cut.
"""

from __future__ import annotations

import functools
import math
import numbers
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from purgelib._explorer import (
    PALETTE,
    ROW_LIMIT,
    CheckboxGroup,
    Explorer,
    SearchableChoice,
    SpecTemplate,
    YearRange,
    accessible,
    as_ids,
    html_table,
    require_choice,
    require_columns,
    require_text,
    require_unique,
    require_values,
    table_cells,
    toggle_buttons,
)
from purgelib.data import allowed, date_bound, format_date, labels, load
from purgelib.sources import citations

__all__ = [
    "filter_figures",
    "scale",
    "comparisons",
    "comparison",
    "figure_table",
    "victims_chart",
    "VictimsExplorer",
    "BASIS_COLOURS",
    "AXES",
    "DAYS_PER_MONTH",
]

FIGURE_COLUMNS = (
    "figure_id",
    "category",
    "subgroup",
    "measure",
    "period_start",
    "period_end",
    "value",
    "value_low",
    "value_high",
    "basis",
    "source_ids",
    "notes",
)
# Counts from the records in blue; numbers set or said at the time in warm colours; historians'
# estimates in green (after the archives) and reddish purple (before): all Okabe-Ito.
BASIS_COLOURS = {
    "archival-count": PALETTE[0],
    "official-quota": PALETTE[1],
    "contemporary-claim": PALETTE[5],
    "scholarly-estimate": PALETTE[2],
    "pre-archival-estimate": PALETTE[3],
}
# Shapes repeat the basis, so that it never rests on colour alone.
_BASIS_SHAPES = ("circle", "square", "triangle-up", "cross", "diamond")
# The words a learner reads for each code, declared once beside the codes in datapackage.json.
DAYS_PER_MONTH = 365.2425 / 12
# Counts at a date rather than over a period: they have no rate.
_STOCKS = ("population", "peak-population", "members")
_PERS = {"total": "", "month": " per month", "day": " per day"}
# The value axis: linear from zero (sizes comparable by eye), or logarithmic when the reader asks.
AXES = ("linear", "log")
# The width of the plot. JupyterLab's column is about 950 px in a 1400 px window but only about
# 360 px in an 800 px one (with the side bar open), so every chart is drawn to fit the narrow column,
# with its padding. A width that follows the column ("container", or autosize "fit") is not used: in
# a stored output it draws nothing, and a chart drawn while scrolled out of view can hang the page.
# Each row's label sits above its dot, so the axis keeps the whole width.
_WIDTH = 340
# Characters per line of a row label, the title and the subtitle: Vega cannot wrap text itself.
_LABEL_CHARS, _TITLE_CHARS, _SUBTITLE_CHARS = 54, 44, 56
# Pixels per line of a label and for the line of its dot; the explorer's room for rows, so that the
# whole explorer stays under about 1,400 px in a 1400 px window (its controls take about 470 px, the
# chart's title, legend and axis up to 220).
_LINE_HEIGHT, _DOT_HEIGHT, _EXPLORER_ROWS_HEIGHT = 13, 24, 680


def _allowed(figures: pd.DataFrame, column: str) -> list[str]:
    """The allowed values of ``category``, ``measure`` or ``basis``: the categories of a loaded table, else those
    ``datapackage.json`` declares (read when asked for, never at import)."""
    if column in figures and isinstance(figures[column].dtype, pd.CategoricalDtype):
        return [str(value) for value in figures[column].cat.categories]
    return allowed("victims", column)


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
    >>> filter_figures(victims, measures=["killed"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown measure: killed. Allowed: arrested, convicted, sentenced-to-death, ...
    """
    require_columns(figures, ("figure_id", "category", "measure", "basis", "period_start", "period_end"), "figures")
    keep = pd.Series(True, index=figures.index)
    for column, wanted in (("category", categories), ("measure", measures), ("basis", bases)):
        if wanted is None:
            continue
        wanted = as_ids(wanted, f"{column} values")
        require_values(wanted, _allowed(figures, column), column)
        keep &= figures[column].isin(wanted)
    start_at, end_at = date_bound(start, False, "start"), date_bound(end, True, "end")
    if start_at is not None:
        keep &= figures["period_end"] >= start_at
    if end_at is not None:
        keep &= figures["period_start"] <= end_at
    found = figures[keep]
    order = {name: rank for rank, name in enumerate(_allowed(figures, "category"))}
    ranked = found.assign(_rank=found["category"].map(lambda name: order.get(name, len(order))).astype(int))
    return ranked.sort_values(["_rank", "measure", "period_start", "period_end", "figure_id"], kind="stable").drop(
        columns="_rank"
    )


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


def _vocabulary() -> dict[str, dict[str, str]]:
    """The words for the codes of ``category``, ``measure`` and ``basis``, read once for a whole chart or table."""
    return {column: labels("victims", column) for column in ("category", "measure", "basis")}


def _word(column: str, code: Any, words: dict[str, dict[str, str]]) -> str:
    """The words for a code of ``category``, ``measure`` or ``basis`` (``words`` from :func:`_vocabulary`).

    A code the course does not declare stays as it is.
    """
    return words[column].get(str(code), str(code))


def _subgroup(row: dict[str, Any]) -> str:
    subgroup = row.get("subgroup")
    return subgroup if isinstance(subgroup, str) else ""


def _sources(row: dict[str, Any], short: dict[str, str] | None) -> str:
    """The row's works as short citations; a work missing from the sources table shows by its id rather than vanish."""
    return "; ".join((short or {}).get(source, source) for source in row.get("source_ids") or [])


def figure_label(row: dict[str, Any], short: dict[str, str] | None = None) -> str:
    """A figure named in one line: what it counts, when, its basis and source, and its value.

    ``short`` maps source ids to short citations (see `purgelib.sources.citations`);
    without it the sources show by their ids.

    Examples
    --------
    >>> figures = load("victims").set_index("figure_id", drop=False)
    >>> figure_label(figures.loc["order-00447-quota-first-category-gregory"].to_dict())[-30:]
    'advance; gregory-2008): 75,950'
    """
    if not isinstance(row, Mapping) or any(column not in row for column in ("category", "measure", "basis", "value")):
        raise TypeError(
            "row must be one figure as a dict with its category, measure, basis and value "
            f"(e.g. figures.iloc[0].to_dict()), not {type(row).__name__}."
        )
    if short is not None and not isinstance(short, Mapping):
        raise TypeError(f"short must be a dict of source id → short citation, not {type(short).__name__}.")
    words = _vocabulary()
    what = (
        _subgroup(row)
        or f"{_word('category', row['category'], words)}, {_word('measure', row['measure'], words).lower()}"
    )
    return (
        f"{what}, {_period(row)} ({_word('basis', row['basis'], words)}; {_sources(row, short)}): "
        f"{_number(row['value'])}"
    )


def _option_label(row: dict[str, Any], short: dict[str, str], words: dict[str, dict[str, str]]) -> str:
    """A figure named for a searchable menu: category, measure, period and value first, then what, basis and source.

    Each part is a word a learner may type to find it: "Gulag", "1936", "Conquest".
    """
    subgroup = f" ({_subgroup(row)})" if _subgroup(row) else ""
    what = (
        f"{_word('category', row['category'], words)} · {_word('measure', row['measure'], words)}, "
        f"{_period(row)}: {_number(row['value'])}"
    )
    return f"{what}{subgroup} · {_word('basis', row['basis'], words)} · {_sources(row, short)}"


def _comparable(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows that give one number, populations and group sizes (the natural denominators) first."""
    ordered = filter_figures(figures[figures["value"].notna()])
    stocks = ordered["measure"].isin(_STOCKS)
    return pd.concat([ordered[stocks], ordered[~stocks]]).to_dict("records")


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
    'camps and prisons, all types of prisoner, 1 January 1939 (Archival count; Davies 1997): 1,668,000'
    """
    require_columns(figures, FIGURE_COLUMNS, "figures")
    short, _ = citations(sources)
    return [(figure_label(row, short), row["figure_id"]) for row in _comparable(figures)]


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
    >>> label, number = comparison("party-elite-cc-1934-members", load("victims"))
    >>> label
    'Central Committee members and candidates elected 1934, February 1934 (Archival count; Khrushchev 1956): 139'
    >>> number
    139.0
    """
    require_columns(figures, FIGURE_COLUMNS, "figures")
    require_text(figure_id, "figure_id")
    found = figures[figures["figure_id"] == figure_id]
    if found.empty:
        raise ValueError(
            f"No figure {figure_id!r} to compare with. Use purgelib.victims.comparisons(figures) to list them."
        )
    row = found.iloc[0].to_dict()
    if pd.isna(row["value"]):
        raise ValueError(
            f"Figure {figure_id!r} gives only a range ({_number(row['value_low'])}–{_number(row['value_high'])}), "
            "not one number to compare with."
        )
    short, _ = citations(sources)
    return figure_label(row, short), float(row["value"])


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
    require_choice(per, tuple(_PERS), "per")
    compared = _checked_comparison(compare_to, figures)
    days = (figures["period_end"] - figures["period_start"]).dt.days.to_numpy(dtype="float64", na_value=np.nan) + 1
    # A count at a date, over one day, or a quota (a ceiling set in advance, not a count) is not a
    # flow: dividing it by time would invent a rate.
    no_rate = (
        figures["measure"].isin(_STOCKS).to_numpy() | (figures["basis"] == "official-quota").to_numpy() | (days <= 1)
    )
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


def figure_table(
    figures: pd.DataFrame,
    per: str = "total",
    compare_to: str | tuple[str, float] | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The figures as a table to read: what, when, how many, on what basis, from which source.

    Categories, measures and bases are written in words (the labels that
    ``datapackage.json`` declares); ``figure_id`` stays, so that a row can be
    named in code and found from the notes of other rows.

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
    >>> table["sources"].unique().tolist(), table["basis"].unique().tolist()
    (['Khrushchev 1956'], ['Archival count'])
    """
    scaled = scale(figures, per=per, compare_to=compare_to)
    short, _ = citations(sources)
    return _table(scaled, per, compare_to is not None, short)


def _texts(figures: pd.DataFrame, short: dict[str, str]) -> pd.DataFrame:
    """Each figure written out for the table: what, when, how many, basis, sources, notes."""
    precisions = [column for column in ("period_start_precision", "period_end_precision") if column in figures]
    records = figures[[*FIGURE_COLUMNS, *precisions]].to_dict("records")
    words = _vocabulary()
    return pd.DataFrame(
        {
            "figure_id": [row["figure_id"] for row in records],
            "figure": [_what(row, words) for row in records],
            "measure": [_word("measure", row["measure"], words) for row in records],
            "period": [_period(row) for row in records],
            "value": [_number(row["value"]) for row in records],
            "range": [_range(row["value_low"], row["value_high"]) for row in records],
            "basis": [_word("basis", row["basis"], words) for row in records],
            "sources": [_sources(row, short) for row in records],
            "notes": [row["notes"] if isinstance(row["notes"], str) else "" for row in records],
        },
        index=figures.index,
        # Text even when empty, so that the columns can always be joined as text.
        dtype=str,
    )


def _table(
    scaled: pd.DataFrame, per: str, compared: bool, short: dict[str, str], texts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The table of :func:`figure_table`; ``texts`` (from :func:`_texts`) saves writing every row out again."""
    table = (_texts(scaled, short) if texts is None else texts.loc[scaled.index]).reset_index(drop=True)
    position = table.columns.get_loc("basis")
    if per != "total":
        rates = zip(
            scaled["shown"].to_numpy(), scaled["shown_low"].to_numpy(), scaled["shown_high"].to_numpy(), strict=False
        )
        table.insert(
            position, f"per {per}", [_number(shown) or _range(low, high) or "no rate" for shown, low, high in rates]
        )
        position += 1
    if compared:
        ratios = zip(
            scaled["ratio"].to_numpy(), scaled["ratio_low"].to_numpy(), scaled["ratio_high"].to_numpy(), strict=False
        )
        table.insert(
            position,
            "ratio",
            [_ratio({"ratio": ratio, "ratio_low": low, "ratio_high": high}) for ratio, low, high in ratios],
        )
    return table


def _what(row: dict[str, Any], words: dict[str, dict[str, str]]) -> str:
    category = _word("category", row["category"], words)
    return f"{category}: {_subgroup(row)}" if _subgroup(row) else category


def _range(low: Any, high: Any) -> str:
    if pd.isna(low) and pd.isna(high):
        return ""
    return f"{_number(low) or '?'}–{_number(high) or '?'}"


def _ratio(row: dict[str, Any]) -> str:
    # Written as the figures are (never "6.26e+03"): a learner reads "6,261×".
    if not pd.isna(row["ratio"]):
        return f"{_number(row['ratio'])}×"
    spread = _range(row["ratio_low"], row["ratio_high"])
    return f"{spread}×" if spread else ""


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` characters, broken between words only."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def _lines(parts: Sequence[str], width: int) -> list[str]:
    """Parts of a label set on lines of at most ``width`` characters: whole parts share a line when they fit."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] = f"{lines[-1]} · {part}"
        else:
            lines.extend(_wrapped(part, width))
    return lines


def _labels(
    records: list[dict[str, Any]], short: dict[str, str], words: dict[str, dict[str, str]]
) -> tuple[list[list[str]], list[str]]:
    """Row labels that tell the figures apart, as lists of parts, and the parts that every row shares.

    A row names its category, measure and period in words, leaving out what
    all rows share (the subtitle says it once). Rows that would still read
    alike add, in turn, their sources, subgroup and basis, where these differ.
    """
    parts = [
        [_word("category", row["category"], words), _word("measure", row["measure"], words), _period(row)]
        for row in records
    ]
    shared = [index for index in range(3) if len(records) > 1 and len({row[index] for row in parts}) == 1]
    names = [[part for index, part in enumerate(row) if index not in shared] for row in parts]
    extras = [[_sources(row, short), _subgroup(row), _word("basis", row["basis"], words)] for row in records]
    for extra in range(3):
        alike: dict[tuple[str, ...], list[int]] = {}
        for number, name in enumerate(names):
            alike.setdefault(tuple(name), []).append(number)
        for numbers_alike in alike.values():
            if len(numbers_alike) > 1 and len({extras[number][extra] for number in numbers_alike}) > 1:
                for number in numbers_alike:
                    names[number] = [*names[number], extras[number][extra]] if extras[number][extra] else names[number]
    seen: dict[tuple[str, ...], int] = {}
    for number, name in enumerate(names):
        # Rows alike in everything a reader can see (a copied row) are numbered rather than merged into one.
        seen[tuple(name)] = seen.get(tuple(name), 0) + 1
        if seen[tuple(name)] > 1:
            names[number] = [*name, f"({seen[tuple(name)]})"]
    common = [part for index, part in enumerate(parts[0]) if index in shared] if records else []
    return [name or ["Figure"] for name in names], common


def victims_chart(
    figures: pd.DataFrame,
    *,
    per: str = "total",
    compare_to: str | tuple[str, float] | None = None,
    title: str = "Victims of the Terror: figures by basis",
    sources: pd.DataFrame | None = None,
    limit: int = 300,
    axis: str = "linear",
) -> alt.LayerChart:
    """A dot for each figure, a line for a range, coloured and shaped by basis, all on one shared axis.

    Archival counts, quotas, claims and estimates sit side by side on one
    axis from zero, so a reader sees at once how far they disagree: a figure
    twice as large sits twice as far along. Where a source gives only a range,
    only its line is drawn (never a midpoint). Each row is named in words
    above its dot, with its number beside it; the sources are in each dot's
    tooltip and in :func:`figure_table`. The chart is drawn to fit a narrow
    notebook column (about 360 px), and its ``description`` says in words
    what it shows (its text alternative).

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
    axis : {"linear", "log"}
        ``"linear"`` (from zero: lengths compare) or ``"log"`` (each gridline
        ten times the last: small and large figures both legible, but their
        distances no longer compare sizes). The axis title says which.

    Examples
    --------
    >>> victims = load("victims")
    >>> executed = filter_figures(victims, categories="order-00447", measures="executed")
    >>> chart = victims_chart(executed, title="Order 00447")
    >>> spec = chart.to_dict()
    >>> spec["encoding"]["x"]["scale"], spec["encoding"]["x"]["title"]
    ({'type': 'linear', 'zero': True}, 'Number of people')
    >>> " ".join(spec["title"]["subtitle"])
    'Every row: Kulak operation (Order 00447) · Executed (shot)'
    >>> victims_chart(victims, axis="logarithmic")
    Traceback (most recent call last):
    ...
    ValueError: axis must be one of linear, log, not 'logarithmic'.
    """
    require_choice(axis, AXES, "axis")
    if isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 1:
        raise ValueError(f"limit must be a whole number of figures, 1 or more, not {limit!r}.")
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, not {type(title).__name__}.")
    compared = _checked_comparison(compare_to, figures)
    short, _ = citations(sources)
    return _chart_altair(
        *_chart(
            filter_figures(scale(figures, per=per, compare_to=compared)), per, compared, title, short, int(limit), axis
        )
    )


def _record(
    row: dict[str, Any], per: str, compared: bool, short: dict[str, str], words: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """One figure as the chart's data: where to draw it and what its tooltip says."""
    shown = None if pd.isna(row["shown"]) else float(row["shown"])
    rate = (_number(row["shown"]) or _range(row["shown_low"], row["shown_high"])) if per != "total" else ""
    value = _number(row["value"])
    spread = _range(row["value_low"], row["value_high"])
    return {
        "measure": _word("measure", row["measure"], words),
        "basis": _word("basis", row["basis"], words),
        "shown": shown,
        # A range-only figure draws its line alone; a figure without a range draws a dot alone.
        "low": shown if pd.isna(row["shown_low"]) else float(row["shown_low"]),
        "high": shown if pd.isna(row["shown_high"]) else float(row["shown_high"]),
        # The number written beside the mark: what is drawn (a rate, the value, or a range given alone).
        "number": rate or value or spread,
        "what": _what(row, words),
        "value": value or "range only",
        "range": spread or "none given",
        "rate": rate,
        "ratio": _ratio(row) if compared else "",
        "period": _period(row),
        "sources": _sources(row, short),
    }


def _chart(
    scaled: pd.DataFrame,
    per: str,
    compared: tuple[str, float] | None,
    title: str,
    short: dict[str, str],
    limit: int = 300,
    axis: str = "linear",
    rows_height: int | None = None,
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """What :func:`victims_chart` draws, from figures scaled and sorted: the chart's layout and the values that fill it.

    Rows are laid out here, in pixels: each is as tall as its label's lines plus a line for its dot,
    so a one-line label takes no more room than it needs. With ``rows_height``, draw only the first
    rows that fit in that many pixels (the explorer must fit a screen). :func:`_chart_altair` and
    :func:`_chart_spec` draw the result.
    """
    drawn = scaled[scaled["shown"].notna() | scaled["shown_low"].notna() | scaled["shown_high"].notna()]
    left_out = len(scaled) - len(drawn)
    records = drawn.head(limit).to_dict("records")
    words = _vocabulary()
    names, common = _labels(records, short, words)
    data: list[dict[str, Any]] = []
    top = 0
    for row, name in zip(records, names, strict=False):
        label = _lines(name, _LABEL_CHARS)
        height = _LINE_HEIGHT * len(label) + _DOT_HEIGHT
        if rows_height is not None and len(data) >= 5 and top + height > rows_height:
            break
        record = _record(row, per, compared is not None, short, words)
        # What a screen reader says for the dot or line: the label's words, the number, basis and sources.
        aria = f"{', '.join(name)}: {record['number']} ({record['basis']}; {record['sources']})"
        data.append(
            {
                "order": len(data),
                "label": "\n".join(label),
                "name": ", ".join(name),
                "aria": aria,
                "top": top,
                "at": top + height - _DOT_HEIGHT / 2,
                **record,
            }
        )
        top += height
    subtitle = []
    if len(data) < len(drawn):
        subtitle.append(
            f"The first {len(data)} of {len(drawn)} figures are drawn; "
            "narrow the selection to see them all (the table lists every one)."
        )
    if left_out:
        subtitle.append(
            f"{left_out} figure(s) with no rate (populations, group sizes, quotas, one-day counts) are not drawn."
        )
    if compared:
        subtitle.append(f"Compared with: {compared[0]}" + (" (dashed line)." if per == "total" else "."))
    bases = tuple(basis for basis in words["basis"].values() if any(record["basis"] == basis for record in data))
    description = _description(data, per, axis, bases, common)
    if subtitle:
        description = f"{' '.join(subtitle)} {description}"
    if common:
        subtitle.append(f"Every row: {' · '.join(common)}")
    numbers_drawn = [number for record in data for number in (record["low"], record["high"]) if number is not None]
    if compared and per == "total":
        numbers_drawn.append(compared[1])
    if axis == "log" and numbers_drawn and min(numbers_drawn) <= 0:
        raise ValueError(
            f"A log axis cannot show a figure of {_number(min(numbers_drawn)) or 0} (only figures above 0); "
            "use axis='linear'."
        )
    # Gridlines at powers of ten from below the smallest figure to above the largest.
    decades = (
        (math.floor(math.log10(min(numbers_drawn))), math.ceil(math.log10(max(numbers_drawn))))
        if axis == "log" and numbers_drawn
        else None
    )

    def share(number: float) -> float:
        """How far along the axis a number sits, from 0 to 1 (near enough: the axis ends on a round number)."""
        if decades:
            return (math.log10(number) - decades[0]) / max(decades[1] - decades[0], 1)
        return number / (max(numbers_drawn) or 1)

    for record in data:
        # The number is written after its mark, or before it when the mark is far right (it would run off the chart).
        record["side"] = "after" if share(record["high"]) < 0.6 else "before"
        record["number_at"] = record["high"] if record["side"] == "after" else record["low"]
    heading = {
        "text": _wrapped(title, _TITLE_CHARS),
        "subtitle": [line for text in subtitle for line in _wrapped(text, _SUBTITLE_CHARS)],
        "anchor": "start",
    }
    drawn_marks = (
        any(record["shown"] is not None for record in data),
        any(record["low"] != record["high"] for record in data),
    )
    layout = (per, axis, decades, compared is not None, drawn_marks)
    fills = {
        "data": {"values": data},
        "title": heading,
        "description": description,
        "height": max(top, 1),
        "bases": list(bases),
    }
    if compared and per == "total":
        fills["comparison"] = compared[1]
    return layout, fills


def _chart_altair(layout: tuple[Any, ...], fills: dict[str, Any]) -> alt.LayerChart:
    """The chart of :func:`_chart`, built by Altair (and so checked against the Vega-Lite schema when drawn)."""
    per, axis, decades, compared, marks = layout
    # The data joins at the last step: every Altair method copies the chart, and copying rows is slow.
    # A comparison on a rate chart is in the tooltips only (no line): its number is not drawn.
    layers = _layers(
        per,
        axis,
        decades,
        fills.get("comparison", 0.0 if compared else None),
        tuple(fills["bases"]),
        fills["height"],
        marks,
    )
    return accessible(layers.properties(data=fills["data"], title=fills["title"], description=fills["description"]))


def _chart_spec(layout: tuple[Any, ...], fills: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`_chart_altair`, filled into a template built once (see :class:`SpecTemplate`)."""
    return _template(*layout).fill(**fills)


# Markers of the values a change fills into the chart (see SpecTemplate); no spec holds them otherwise.
_DATA, _TITLE, _DESCRIPTION, _BASES, _COMPARISON, _HEIGHT = (
    {"name": "\x00data"},
    "\x00title",
    "\x00description",
    ["\x00bases"],
    "\x00comparison",
    987654321,
)


@functools.lru_cache(maxsize=64)
def _template(
    per: str, axis: str, decades: tuple[int, int] | None, compared: bool, marks: tuple[bool, bool]
) -> SpecTemplate:
    """The template of every chart with this scale, axis, comparison or not, and kinds of marks."""
    markers = {"data": _DATA, "title": _TITLE, "description": _DESCRIPTION, "bases": _BASES, "height": _HEIGHT}
    if compared and per == "total":
        markers["comparison"] = _COMPARISON
    layers = _layers(per, axis, decades, _COMPARISON if compared else None, tuple(_BASES), _HEIGHT, marks)
    return SpecTemplate(
        layers.properties(data=alt.NamedData(_DATA["name"]), title=_TITLE, description=_DESCRIPTION), **markers
    )


def _description(data: list[dict[str, Any]], per: str, axis: str, bases: tuple[str, ...], common: list[str]) -> str:
    """The chart's text alternative: what it draws and, for a short chart, every figure it draws."""
    scale_words = "a logarithmic axis" if axis == "log" else "one linear axis from zero"
    text = (
        f"Dot chart of {len(data)} figures{_PERS[per]} on {scale_words}, one row each; a dot is a figure as its source "
        f"gives it, a line a range from low to high, colour and shape its basis ({', '.join(bases) or 'none'})."
    )
    if common:
        text += f" Every row: {' · '.join(common)}."
    if 0 < len(data) <= 12:
        # The number as drawn: the rate on a rate chart, else the value, else (a range-only figure) its range.
        drawn = [
            record["rate"] or (record["value"] if record["shown"] is not None else record["range"]) for record in data
        ]
        listed = "; ".join(
            f"{record['name']}: {number} ({record['basis']})" for record, number in zip(data, drawn, strict=False)
        )
        text += f" The figures: {listed}."
    return text


@functools.lru_cache(maxsize=64)
def _layers(
    per: str,
    axis: str,
    decades: tuple[int, int] | None,
    comparison: float | str | None,
    bases: tuple[str, ...],
    height: int,
    marks: tuple[bool, bool],
) -> alt.LayerChart:
    """The marks and encodings of the chart, without data; ``marks`` says whether there are (dots, ranges) to draw.

    A layer with nothing to draw is left out: Vega would still write an empty, unnamed graphic
    for it, which a screen reader announces as an image without a text alternative.

    The vertical scale is in pixels (``top`` and ``at`` come from :func:`_chart`): a row's label at
    its top, its dot or line below. There are few distinct combinations, and building Altair objects
    is the slow part of a redraw, so they are built once each. Callers never modify the result
    (``properties`` copies it).
    """
    unit = "Number of people" if per == "total" else f"People{_PERS[per]}"
    if axis == "log":
        low, high = decades or (0, 1)
        x_scale = alt.Scale(type="log", domain=[10.0**low, 10.0**high])
        x_axis = alt.Axis(
            title=f"{unit} (log scale)",
            values=[10.0**power for power in range(low, high + 1)],
            format=",~f",
            labelOverlap="greedy",
            labelFlush=True,
        )
    else:
        x_scale = alt.Scale(type="linear", zero=True)
        # About one tick per 110 px: labels such as "1,500,000" never touch.
        x_axis = alt.Axis(
            title=unit,
            tickCount={"expr": "max(2, ceil(width / 110))"},
            format=",~f",
            labelOverlap="greedy",
            labelFlush=True,
        )

    pixels = alt.Scale(domain=[0, max(height, 1)], range=[0, max(height, 1)])
    words = list(labels("victims", "basis").values())
    # The legend's symbols are drawn as the dots are: full colour, dark outline.
    legend = alt.Legend(
        title="Basis",
        orient="top",
        direction="vertical",
        values=list(bases),
        labelLimit=0,
        labelFontSize=11,
        symbolOpacity=1,
        symbolStrokeColor="#333333",
        symbolStrokeWidth=0.8,
    )
    tooltip = [
        alt.Tooltip("what:N", title="Figure"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:N", title="Value"),
        alt.Tooltip("range:N", title="Range"),
        alt.Tooltip("basis:N", title="Basis"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    if per != "total":
        tooltip.insert(5, alt.Tooltip("rate:N", title=f"Figure{_PERS[per]}"))
    if comparison is not None:
        tooltip.insert(-2, alt.Tooltip("ratio:N", title="Ratio to comparison (totals)"))
    # Text is near-black (AA contrast); labels are set on short lines in Python, so none is ever cut.
    # Screen readers hear each figure once, from its dot or line (``aria``); the text beside it is for the eye.
    ink, text = alt.value("#1a1a1a"), {"fontSize": 11, "aria": False}
    row_top = alt.Y("top:Q", scale=pixels, axis=None)
    spoken = alt.Description("aria:N")

    def along(field: str) -> alt.X:
        # The other layers' positions on the one shared x scale; the same title keeps one axis title.
        return alt.X(f"{field}:Q", title=x_axis.title)

    separators = (
        alt.Chart()
        .transform_filter("datum.order > 0")
        .mark_rule(aria=False)
        .encode(y=row_top, x=alt.value(0), x2=alt.value("width"), color=alt.value("#dddddd"), tooltip=alt.value(None))
    )
    names = (
        alt.Chart()
        .mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=_LINE_HEIGHT, dy=4, **text)
        .encode(x=alt.value(0), y=row_top, text="label:N", color=ink)
    )
    ranged = alt.Chart().transform_filter("datum.low !== datum.high")
    ranges = ranged.mark_rule(strokeWidth=3).encode(x=along("low"), x2="high:Q", description=spoken)
    # A tick ends each range, so a narrow range given without a value still shows.
    ends = (
        ranged.transform_fold(["low", "high"], as_=["end", "end_at"])
        .mark_tick(thickness=2, size=12, aria=False)
        .encode(x=along("end_at"))
    )
    # A dark outline keeps every dot visible on white, the pale colours too (non-text contrast).
    dots = (
        alt.Chart()
        .transform_filter("isValid(datum.shown)")
        .mark_point(filled=True, size=90, opacity=1, stroke="#333333", strokeWidth=0.8)
        .encode(
            shape=alt.Shape(
                "basis:N", title="Basis", scale=alt.Scale(domain=words, range=list(_BASIS_SHAPES)), legend=legend
            ),
            description=spoken,
        )
    )
    # The number after its mark, or before it when the mark is far right (``side``, from _chart).
    numbers = (
        alt.Chart()
        .mark_text(
            baseline="middle",
            align={"expr": "datum.side === 'after' ? 'left' : 'right'"},
            dx={"expr": "datum.side === 'after' ? 9 : -9"},
            **text,
        )
        .encode(x=along("number_at"), text="number:N", color=ink)
    )
    has_dots, has_ranges = marks
    layers = [separators, names, *([ranges, ends] if has_ranges else []), *([dots] if has_dots else []), numbers]
    if comparison is not None and per == "total":
        # One full-height line in its own colour (the rows and bases do not apply to it),
        # drawn first so that text stays on top.
        layers.insert(
            1,
            alt.Chart()
            .transform_aggregate(figures="count()")
            .mark_rule(strokeDash=[4, 3], strokeWidth=1.5, aria=False)
            .encode(
                x=alt.datum(comparison),
                y=alt.value(0),
                y2=alt.value("height"),
                color=alt.value(PALETTE[7]),
                tooltip=alt.value(None),
            ),
        )
    # Shared encodings are declared once (Altair checks them once). Vega-Lite shares the x scale
    # among layers unless told otherwise, so every figure is placed on the same axis.
    return (
        alt.layer(*layers)
        .encode(
            x=alt.X("shown:Q", title=x_axis.title, scale=x_scale, axis=x_axis),
            y=alt.Y("at:Q", scale=pixels, axis=None),
            color=alt.Color(
                "basis:N",
                title="Basis",
                scale=alt.Scale(domain=words, range=list(BASIS_COLOURS.values())),
                legend=legend,
            ),
            tooltip=tooltip,
        )
        .properties(width=_WIDTH, height=max(height, 1))
    )


def _check_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """A learner's figures frame, checked as the explorer needs it."""
    require_columns(figures, FIGURE_COLUMNS, "figures")
    for column in ("period_start", "period_end"):
        if not pd.api.types.is_datetime64_any_dtype(figures[column]):
            raise TypeError(
                f"figures column '{column}' must hold dates (datetime64), not {figures[column].dtype}. "
                "Load the table with purgelib.load('victims')."
            )
    for column in ("value", "value_low", "value_high"):
        if not pd.api.types.is_numeric_dtype(figures[column]):
            raise TypeError(f"figures column '{column}' must hold numbers, not {figures[column].dtype}.")
    for column in ("category", "measure", "basis"):
        require_values(figures[column], _allowed(figures, column), column)
    bad = figures["source_ids"].map(lambda value: not isinstance(value, list) or not value)
    if bad.any():
        raise TypeError(
            "figures column 'source_ids' must hold a non-empty list of source ids in every row "
            f"(as purgelib.load('victims') gives); row {figures.loc[bad, 'figure_id'].iloc[0]!r} does not."
        )
    require_unique(figures, "figure_id", "figures")
    return figures


class VictimsExplorer(Explorer):
    """Explore the figures of the victims: categories, measures, years, bases, scale, axis and comparison.

    Controls (set ``.value`` from Python, or use them in the notebook); every
    control shows words and is used by keyboard alone, while values are the
    codes of ``victims.csv``:

    - ``category``, ``measure``, ``basis``: the categories, measures and bases
      shown, as checkboxes (tick several; none shows a reminder to pick one).
    - ``period``: the range of years, ``(first, last)``, typed in two named
      boxes; a figure is shown if its period overlaps it.
    - ``scale``: ``"total"``, ``"month"`` or ``"day"`` (see :func:`scale`).
    - ``axis``: ``"linear"`` (from zero) or ``"log"`` (see :func:`victims_chart`).
    - ``compare``: ``""`` (no comparison) or the ``figure_id`` of a figure to
      set the others against (its ratio appears in the tooltips and the
      table). On screen it is a box that suggests, as one types (a year, a
      category, a source), the figures that give one number.

    ``filtered`` is the figures shown, scaled (:func:`scale`); ``chart`` the
    Altair chart (None when nothing can be drawn; ``message`` then says why);
    ``table`` the table of figures with their citations. The chart draws the
    first rows that fit a screen and says so; the table, beside the chart
    (below it in a narrow column), lists every figure and scrolls in its own box.

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
    >>> explorer.compare.value = "political-death-sentences-1936-popov"
    >>> explorer.compare.box.value
    'All political cases (OGPU/NKVD) · Sentenced to death, 1936: 1,118 · Archival count · Popov 1992; Lewin 2005'
    """

    def __init__(self, figures: pd.DataFrame | None = None, *, sources: pd.DataFrame | None = None) -> None:
        super().__init__()
        self._figures = _check_figures(load("victims") if figures is None else figures)
        self._sources = load("sources") if sources is None else sources
        self._short, _ = citations(self._sources)
        # Written out once: the table of a selection is then a lookup, not thousands of formattings.
        self._texts = _texts(self._figures, self._short)
        self._cells = _written_cells(self._texts)
        self.table = pd.DataFrame()

        words = _vocabulary()

        def choose(column: str, description: str) -> CheckboxGroup:
            codes = [code for code in _allowed(self._figures, column) if (self._figures[column] == code).any()]
            return CheckboxGroup(
                [(_word(column, code, words), code) for code in codes], codes, description=description, width="12em"
            )

        self.category = choose("category", "Category")
        self.measure = choose("measure", "Measure")
        self.basis = choose("basis", "Basis")
        first = int(self._figures["period_start"].dt.year.min()) if len(self._figures) else 1930
        last = int(self._figures["period_end"].dt.year.max()) if len(self._figures) else 1940
        self.period = YearRange((first, last), low=first, high=last)
        self.scale = toggle_buttons(
            "Scale",
            [("Total", "total"), ("Per month", "month"), ("Per day", "day")],
            "total",
            ["Each figure as its source gives it", "Average per month of its period", "Average per day of its period"],
        )
        self.axis = toggle_buttons(
            "Axis",
            [("Linear, from 0", "linear"), ("Log scale", "log")],
            "linear",
            [
                "Distances compare sizes: twice as far along is twice as many",
                "Each gridline ten times the last: small figures stay legible",
            ],
        )
        comparable = _comparable(self._figures)
        self._comparisons = {row["figure_id"]: figure_label(row, self._short) for row in comparable}
        # Seventy long options are found by typing a word of them, not by scrolling a menu.
        self.compare = SearchableChoice(
            "Compare with",
            [(_option_label(row, self._short, words), row["figure_id"]) for row in comparable],
            placeholder="type a year, a category or a source, e.g. 1936",
        )
        wrap = widgets.Layout(flex_flow="row wrap", align_items="flex-start", grid_gap="0.4em 1.5em")
        controls = [
            self.category,
            self.measure,
            self.basis,
            widgets.HBox([self.period, self.scale, self.axis], layout=wrap),
            self.compare,
        ]
        self._layout(controls, "Victims of the Terror: the figures and their sources", table_beside_chart=True)
        self._observe([self.category, self.measure, self.basis, self.period, self.scale, self.axis, self.compare])
        self._update()

    def _comparison(self) -> tuple[str, float] | None:
        if not self.compare.value:
            return None
        return self._comparisons[self.compare.value], float(
            self._figures.loc[self._figures["figure_id"] == self.compare.value, "value"].iloc[0]
        )

    def _update(self) -> None:
        per, compared = self.scale.value, self._comparison()
        unchosen = [
            name
            for name, control in (("category", self.category), ("measure", self.measure), ("basis", self.basis))
            if not control.value
        ]
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
        drawable = (
            self.filtered["shown"].notna() | self.filtered["shown_low"].notna() | self.filtered["shown_high"].notna()
        )
        spec = chart = None
        if drawable.any():
            title = f"Victims of the Terror: {len(self.filtered)} figures{_PERS[per]}"
            layout, fills = _chart(
                self.filtered,
                per,
                compared,
                title,
                self._short,
                axis=self.axis.value,
                rows_height=_EXPLORER_ROWS_HEIGHT,
            )
            spec, chart = _chart_spec(layout, fills), functools.partial(_chart_altair, layout, fills)
        elif len(found):
            empty = (
                "These figures have no rate (populations, group sizes, quotas, one-day counts). Set the scale to Total."
            )
        self.table = _table(self.filtered, per, compared is not None, self._short, self._texts)
        caption = f"{len(self.table)} figures" + (f", compared with {compared[0]}" if compared else "")
        self._show(spec, chart, _table_html(self.table, caption, self._cells.loc[self.filtered.index]), empty)


def _written_cells(texts: pd.DataFrame) -> pd.DataFrame:
    """The cells of the explorer's table that no scale or comparison changes, written (see :func:`table_cells`).

    ``texts`` is from :func:`_texts` (or :func:`_table`); the cells keep its index, so an explorer writes
    them once for all its figures and takes those of a selection.
    """
    return pd.DataFrame(
        {
            "Figure": table_cells(texts["figure"] + "\n" + texts["measure"] + ", " + texts["period"]),
            "Basis and sources": table_cells(texts["basis"] + "\n" + texts["sources"]),
            "Notes": table_cells(texts["notes"] + "\nId: " + texts["figure_id"]),
        },
        index=texts.index,
    )


def _table_html(table: pd.DataFrame, caption: str, written: pd.DataFrame | None = None) -> str:
    """The explorer's table in four columns that fit beside the chart: what, the number, basis and sources, notes.

    Each cell keeps its parts on their own lines (the stylesheet keeps the line breaks); the id is
    last in the notes, for code and for finding the rows that other rows' notes name. Written
    column by column (pandas' string operations), as the table may hold thousands of rows;
    ``written``, the :func:`_written_cells` of the table's rows, saves writing most of them again.
    """
    number = table["value"].where(table["value"] != "", "range " + table["range"])
    number = number.where((table["value"] == "") | (table["range"] == ""), number + "\nrange " + table["range"])
    for column in [column for column in table.columns if column.startswith("per ") or column == "ratio"]:
        number = number + f"\n{column}: " + table[column]
    cells = (_written_cells(table) if written is None else written).reset_index(drop=True)
    cells.insert(1, "Number", table_cells(number))
    return html_table(cells, list(cells.columns), caption, limit=ROW_LIMIT, written=list(cells.columns))
