"""Explanations of the Terror and the evidence for and against them: a matrix, a ranking, an explorer.

Each row of ``evidence.csv`` links one item (an event, a figure, a person or a
passage of a reading) to one explanation, with a *stance* (it ``supports``,
``challenges`` or ``complicates`` the explanation), a *strength* (1 weak to 3
strong), the reasoning and its sources.

How an explanation is scored
----------------------------
The score is a transparent sum that a learner can redo by hand::

    score = Σ strength × stance sign × kind weight × reading weight × source weight

over the explanation's evidence, where the stance sign is +1 for
``supports``, −1 for ``challenges`` and −0.5 for ``complicates`` (a
complication weakens a claim, but less than a challenge). Every weight is 1
unless you change it:

- the *kind weight* of the item's kind (event, figure, person, passage);
- the *reading weight*: the readings an item comes from are the reading a
  passage quotes and the readings that mention an event or a person (their
  ``readings`` column); an item from several readings takes the largest of
  their weights, an item from none (a figure, say) keeps weight 1;
- the *source weight*, likewise the largest weight of the works the link cites.

A weight of 0 leaves an item out. The score says how the evidence the course
holds leans *with your weights*; it is not a verdict on the explanation.
"""

from __future__ import annotations

import functools
import numbers
import textwrap
from collections.abc import Iterable, Mapping
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
    SpecTemplate,
    accessible,
    escape,
    html_table,
    number_box,
    one_line,
    require_columns,
    require_text,
    require_unique,
    require_values,
    table_cells,
)
from purgelib.data import allowed, format_date, labels, load
from purgelib.sources import citations, reading_ids, reading_label
from purgelib.victims import FIGURE_COLUMNS, figure_label

__all__ = [
    "resolve_items",
    "weigh",
    "strongest_challenge",
    "evidence_matrix",
    "ranking_chart",
    "ExplanationsExplorer",
    "evidence_stances",
    "evidence_kinds",
    "STANCE_SIGNS",
    "STANCE_COLOURS",
    "SCORE_RULE",
]

EVIDENCE_COLUMNS = ("evidence_id", "explanation_id", "stance", "strength", "kind", "ref_id", "reasoning", "source_ids")
STANCE_SIGNS = {"supports": 1.0, "challenges": -1.0, "complicates": -0.5}
# Okabe-Ito blue and vermillion stay apart in every common colour-vision deficiency; grey for the
# in-between stance. Shapes repeat the stance so it never rests on colour alone.
STANCE_COLOURS = {"supports": PALETTE[0], "challenges": PALETTE[5], "complicates": PALETTE[8]}
_STANCE_SHAPES = {"supports": "triangle-up", "challenges": "triangle-down", "complicates": "diamond"}
_SCORE_RULE_LINES = (
    "score = sum of strength (1–3) × stance (+1 supports, −1 challenges, −0.5 complicates)",
    "× weight of the item's kind × weight of its readings (the largest, if several) × weight of its sources;",
    "every weight is 1 unless you change it, and 0 leaves an item out.",
)
SCORE_RULE = " ".join(_SCORE_RULE_LINES)
# What resolve_items reads of each table it looks items up in.
_EVENT_COLUMNS = ("event_id", "title", "date")
_ITEM_COLUMNS = ("explanation", "item", "item_label", "item_readings", "item_source", "citation")
_LABEL_LENGTH = 60
# An explanation's name on a chart's axis is set on lines of this many characters, never cut short.
_NAME_LINE = 38


def evidence_stances() -> tuple[str, ...]:
    """The stances a link may take, in the order ``datapackage.json`` declares them (read when asked for).

    Examples
    --------
    >>> evidence_stances()
    ('supports', 'challenges', 'complicates')
    """
    return tuple(allowed("evidence", "stance"))


def evidence_kinds() -> tuple[str, ...]:
    """The kinds of item a link may point to, in the order ``datapackage.json`` declares them (read when asked for).

    Examples
    --------
    >>> evidence_kinds()
    ('event', 'figure', 'person', 'passage')
    """
    return tuple(allowed("evidence", "kind"))


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


def _ids(value: Any) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _short_label(text: str) -> str:
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1].rstrip() + "…"


def _check_evidence(evidence: pd.DataFrame) -> pd.DataFrame:
    """A learner's evidence frame, checked: columns, stances, kinds, strengths, source lists."""
    require_columns(evidence, EVIDENCE_COLUMNS, "evidence")
    require_values(evidence["stance"], evidence_stances(), "stance")
    require_values(evidence["kind"], evidence_kinds(), "kind")
    if not pd.api.types.is_numeric_dtype(evidence["strength"]):
        raise TypeError(
            f"evidence column 'strength' must hold the numbers 1, 2 or 3, not {evidence['strength'].dtype}."
        )
    require_values(evidence["strength"].dropna().astype(int), [1, 2, 3], "strength")
    if evidence["strength"].isna().any():
        raise ValueError("evidence column 'strength' is empty in some rows; give every link a strength of 1, 2 or 3.")
    bad = evidence["source_ids"].map(lambda value: not isinstance(value, list))
    if bad.any():
        raise TypeError(
            "evidence column 'source_ids' must hold lists of source ids (as purgelib.load('evidence') gives), "
            f"not {type(evidence['source_ids'][bad].iloc[0]).__name__}."
        )
    require_unique(evidence, "evidence_id", "evidence")
    return evidence


def _check_explanations(explanations: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    require_columns(explanations, ("explanation_id", "name"), "explanations")
    unknown = sorted(set(evidence["explanation_id"]) - set(explanations["explanation_id"]))
    if unknown:
        raise ValueError(
            f"evidence links to explanation(s) not in the explanations table: {', '.join(unknown)}. "
            f"Known: {', '.join(explanations['explanation_id']) or 'none'}."
        )
    return explanations


def resolve_items(
    evidence: pd.DataFrame | None = None,
    *,
    explanations: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    figures: pd.DataFrame | None = None,
    people: pd.DataFrame | None = None,
    passages: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The evidence with what each link points to, in words, and where it comes from.

    Adds ``explanation`` (the explanation's name), ``item`` (an event's title
    and date, a figure with its value, a person's name, or a passage's quote),
    ``item_label`` (the same, shortened for a chart axis), ``item_readings``
    (the readings the item comes from, see the module's notes),
    ``item_source`` (the item's own citation: its sources, or the reading and
    paragraph of a passage) and ``citation`` (the sources of the link).

    Parameters
    ----------
    evidence : DataFrame, optional
        Links from ``evidence.csv`` (default: the course's).
    explanations, events, figures, people, passages, sources : DataFrame, optional
        The tables the items are looked up in (default: the course's).

    Examples
    --------
    >>> evidence = pd.DataFrame({"evidence_id": ["e1"], "explanation_id": ["plan"], "stance": ["challenges"],
    ...     "strength": [3], "kind": ["event"], "ref_id": ["kirov-murder-1934"], "reasoning": ["..."],
    ...     "source_ids": [["getty-naumov-1999"]]})
    >>> explanations = pd.DataFrame({"explanation_id": ["plan"], "name": ["A master plan"]})
    >>> row = resolve_items(evidence, explanations=explanations).iloc[0]
    >>> row["explanation"], row["item"].endswith("(1 December 1934)"), row["citation"]
    ('A master plan', True, 'Getty and Naumov 1999')
    """
    evidence = _check_evidence(load("evidence") if evidence is None else evidence)
    explanations = _check_explanations(load("explanations") if explanations is None else explanations, evidence)
    sources = load("sources") if sources is None else sources
    short, _ = citations(sources)
    readings = set(reading_ids(sources))

    def cited(ids: Any) -> str:
        return "; ".join(short.get(source, source) for source in _ids(ids))

    # Each table given is checked, whether or not the evidence points into it.
    given = {
        "events": (events, _EVENT_COLUMNS),
        "figures": (figures, FIGURE_COLUMNS),
        "people": (people, ("person_id", "name")),
        "passages": (passages, ("passage_id", "reading_id", "paragraph", "quote")),
    }
    for what, (table, columns) in given.items():
        if table is not None:
            require_columns(table, columns, what)
    found: dict[tuple[str, str], tuple[str, list[str], str]] = {}
    wanted = {kind: set(evidence.loc[evidence["kind"] == kind, "ref_id"]) for kind in evidence_kinds()}
    if wanted["event"]:
        events = load("events") if events is None else events
        for row in events[events["event_id"].isin(wanted["event"])].to_dict("records"):
            when = format_date(row["date"], _text(row.get("date_precision")) or "day")
            found[("event", row["event_id"])] = (
                f"{row['title']} ({when})",
                _ids(row.get("readings")),
                cited(row.get("source_ids")),
            )
    if wanted["figure"]:
        figures = load("victims") if figures is None else figures
        for row in figures[figures["figure_id"].isin(wanted["figure"])].to_dict("records"):
            found[("figure", row["figure_id"])] = (figure_label(row, short), [], cited(row.get("source_ids")))
    if wanted["person"]:
        people = load("people") if people is None else people
        for row in people[people["person_id"].isin(wanted["person"])].to_dict("records"):
            found[("person", row["person_id"])] = (
                str(row["name"]),
                _ids(row.get("readings")),
                cited(row.get("source_ids")),
            )
    if wanted["passage"]:
        passages = load("passages") if passages is None else passages
        labels = {reading: reading_label(reading, sources) for reading in readings}
        for row in passages[passages["passage_id"].isin(wanted["passage"])].to_dict("records"):
            where = (
                f"{labels.get(row['reading_id'], short.get(row['reading_id'], row['reading_id']))}, "
                f"¶ {row['paragraph']}"
            )
            found[("passage", row["passage_id"])] = (f"“{row['quote']}”", [row["reading_id"]], where)
    names = dict(zip(explanations["explanation_id"], explanations["name"], strict=False))
    items, item_readings, item_sources = [], [], []
    for kind, ref_id in zip(evidence["kind"], evidence["ref_id"], strict=False):
        item, from_readings, item_source = found.get(
            (str(kind), ref_id), (f"{kind} {ref_id} (not found in the course's tables)", [], "")
        )
        items.append(item)
        item_readings.append(sorted(set(from_readings)))
        item_sources.append(item_source)
    return evidence.assign(
        explanation=[names[explanation] for explanation in evidence["explanation_id"]],
        item=items,
        item_label=[f"{kind}: {_short_label(item)}" for kind, item in zip(evidence["kind"], items, strict=False)],
        item_readings=pd.Series(item_readings, index=evidence.index, dtype=object),
        item_source=item_sources,
        citation=[cited(ids) for ids in evidence["source_ids"]],
    )


def _checked_weights(weights: Mapping[str, float] | None, allowed: Iterable[str] | None, what: str) -> dict[str, float]:
    if weights is None:
        return {}
    if not isinstance(weights, Mapping):
        raise TypeError(f"{what} must be a dict of name → weight, not {type(weights).__name__}.")
    if allowed is not None:
        require_values(list(weights), sorted(allowed), f"key in {what}")
    for key, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not np.isfinite(weight) or weight < 0:
            raise ValueError(f"{what}[{key!r}] must be a number of 0 or more, not {weight!r}.")
    return {key: float(weight) for key, weight in weights.items()}


def _membership(lists: pd.Series, keys: list[str]) -> np.ndarray:
    """A rows × keys table of booleans: does the row's list hold the key?"""
    column = {key: position for position, key in enumerate(keys)}
    table = np.zeros((len(lists), len(keys)), dtype=bool)
    for row, ids in enumerate(lists):
        for key in ids:
            if key in column:
                table[row, column[key]] = True
    return table


def _largest(membership: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per row, the largest weight among the keys the row holds; 1 when it holds none."""
    if membership.shape[1] == 0:
        return np.ones(membership.shape[0])
    largest = np.where(membership, weights, -np.inf).max(axis=1)
    return np.where(membership.any(axis=1), largest, 1.0)


def _reading_keys(items: pd.DataFrame, known_readings: Iterable[str]) -> list[str]:
    """Every reading a weight may name: the known ones first, then any other an item comes from."""
    return list(
        dict.fromkeys([*known_readings, *sorted({reading for ids in items["item_readings"] for reading in ids})])
    )


def _row_weights(
    items: pd.DataFrame,
    kind_weights: Mapping[str, float] | None,
    reading_weights: Mapping[str, float] | None,
    source_weights: Mapping[str, float] | None,
    reading_keys: list[str],
    reading_membership: np.ndarray | None = None,
) -> np.ndarray:
    """Per link, kind weight × reading weight × source weight (see the module's notes).

    ``reading_keys`` (from :func:`_reading_keys`) are the readings a weight may name;
    ``reading_membership``, the items' readings as :func:`_membership` of those keys, saves an
    explorer recomputing it on every change.
    """
    kinds = _checked_weights(kind_weights, evidence_kinds(), "kind_weights")
    readings = _checked_weights(reading_weights, reading_keys, "reading_weights")
    sources = _checked_weights(source_weights, None, "source_weights")
    kind = items["kind"].astype(str).map(lambda name: kinds.get(name, 1.0)).to_numpy(dtype="float64")
    by_reading = np.ones(len(items))
    if readings:
        membership = (
            _membership(items["item_readings"], reading_keys) if reading_membership is None else reading_membership
        )
        by_reading = _largest(membership, np.array([readings.get(key, 1.0) for key in reading_keys], dtype="float64"))
    by_source = np.ones(len(items))
    if sources:
        by_source = _largest(
            _membership(items["source_ids"], list(sources)), np.array(list(sources.values()), dtype="float64")
        )
    return kind * by_reading * by_source


def _with_items(evidence: pd.DataFrame | None, explanations: pd.DataFrame | None) -> pd.DataFrame:
    """Evidence with its items resolved, unless it already has them."""
    if evidence is not None and all(column in evidence for column in _ITEM_COLUMNS):
        return _check_evidence(evidence)
    return resolve_items(evidence, explanations=explanations)


def _score(items: pd.DataFrame, weights: np.ndarray, explanations: pd.DataFrame) -> pd.DataFrame:
    ids = explanations["explanation_id"].tolist()
    codes = pd.Categorical(items["explanation_id"], categories=ids).codes
    stances = items["stance"].astype(str).to_numpy()
    signs = np.array([STANCE_SIGNS[stance] for stance in stances], dtype="float64")
    contributions = items["strength"].to_numpy(dtype="float64") * signs * weights
    # Links to explanations not ranked (code -1) are left out.
    counted = codes >= 0
    total = np.bincount(codes[counted], weights=contributions[counted], minlength=len(ids))
    ranking = pd.DataFrame({"explanation_id": ids, "name": explanations["name"].astype(str).tolist()})
    # Rounded so that the order in which floats were added cannot change a printed score or a tie.
    ranking["score"] = np.round(total, 3) + 0.0
    # A link of weight 0 is left out of the weighing, so it is not counted either: the counts
    # then say how many links make up the score.
    weighed = counted & (weights > 0)
    for stance in evidence_stances():
        ranking[stance] = np.bincount(codes[weighed & (stances == stance)], minlength=len(ids)).astype(int)
    return ranking.sort_values(["score", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def weigh(
    evidence: pd.DataFrame | None = None,
    *,
    explanations: pd.DataFrame | None = None,
    kind_weights: Mapping[str, float] | None = None,
    reading_weights: Mapping[str, float] | None = None,
    source_weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Rank explanations by the weighted evidence for and against them.

    score = Σ strength × stance sign (+1 supports, −1 challenges, −0.5
    complicates) × kind weight × reading weight × source weight; see the
    module's notes for how the weights apply. Every weight is 1 unless given.

    Parameters
    ----------
    evidence : DataFrame, optional
        Links from ``evidence.csv`` (default: the course's), plain or from
        :func:`resolve_items`.
    explanations : DataFrame, optional
        The explanations to rank (default: the course's); one with no evidence
        scores 0.
    kind_weights : dict, optional
        Weight of each kind: ``{"event": 1, "figure": 1, "person": 1, "passage": 1}``.
    reading_weights : dict, optional
        Weight of each reading, by ``source_id`` (e.g. ``{"lovestone-1937": 0}``).
    source_weights : dict, optional
        Weight of any cited work, by ``source_id``.

    Returns
    -------
    DataFrame
        ``explanation_id, name, score, supports, challenges, complicates`` (the
        counts of the links that are weighed: a link of weight 0 is neither
        scored nor counted), highest score first, ties by name.

    Examples
    --------
    >>> evidence = pd.DataFrame({"evidence_id": ["a", "b", "c"], "explanation_id": ["plan", "plan", "snowball"],
    ...     "stance": ["supports", "challenges", "supports"], "strength": [3, 2, 2],
    ...     "kind": ["event", "passage", "event"],
    ...     "ref_id": ["order-00447-1937", "lovestone-firing-squad", "kirov-murder-1934"], "reasoning": ["", "", ""],
    ...     "source_ids": [["getty-naumov-1999"], ["lovestone-1937"], ["getty-naumov-1999"]]})
    >>> explanations = pd.DataFrame({"explanation_id": ["plan", "snowball"], "name": ["A plan", "A snowball"]})
    >>> weigh(evidence, explanations=explanations)[["explanation_id", "score", "supports", "challenges"]]
      explanation_id  score  supports  challenges
    0       snowball    2.0         1           0
    1           plan    1.0         1           1
    >>> reweighed = weigh(evidence, explanations=explanations, kind_weights={"passage": 0})
    >>> reweighed[["explanation_id", "score", "challenges"]]
      explanation_id  score  challenges
    0           plan    3.0           0
    1       snowball    2.0           0
    >>> weigh(evidence, explanations=explanations, kind_weights={"events": 2})
    Traceback (most recent call last):
    ...
    ValueError: Unknown key in kind_weights: events. Allowed: event, figure, passage, person.
    """
    explanations = load("explanations") if explanations is None else explanations
    items = _with_items(evidence, explanations)
    explanations = _check_explanations(explanations, items)
    weights = _row_weights(items, kind_weights, reading_weights, source_weights, _reading_keys(items, reading_ids()))
    return _score(items, weights, explanations)


def strongest_challenge(evidence: pd.DataFrame | None, explanation_id: str) -> pd.Series | None:
    """The strongest link that challenges an explanation, with its item and source; None if none does.

    The highest ``strength`` wins; among equals, the first by ``evidence_id``.

    Parameters
    ----------
    evidence : DataFrame or None
        Links from ``evidence.csv`` (None: the course's), plain or from
        :func:`resolve_items`. Plain links are resolved against the course's
        tables, so the row always has ``item``, ``item_source`` and ``citation``.
    explanation_id : str
        The explanation challenged.

    Examples
    --------
    >>> evidence = pd.DataFrame({"evidence_id": ["a", "b"], "explanation_id": ["plan", "plan"],
    ...     "stance": ["challenges", "challenges"], "strength": [2, 3], "kind": ["event", "event"],
    ...     "ref_id": ["kirov-murder-1934", "order-00447-1937"], "reasoning": ["", ""],
    ...     "source_ids": [["getty-naumov-1999"]] * 2})
    >>> row = strongest_challenge(evidence, "plan")
    >>> row["evidence_id"], row["item"].endswith("(30 July 1937)"), row["citation"]
    ('b', True, 'Getty and Naumov 1999')
    >>> strongest_challenge(evidence, "snowball") is None
    True
    """
    if not isinstance(explanation_id, str):
        raise TypeError(f"explanation_id must be a string such as 'stalin-plan', not {type(explanation_id).__name__}.")
    row = _strongest(_check_evidence(load("evidence") if evidence is None else evidence), explanation_id)
    if row is None or all(column in row.index for column in _ITEM_COLUMNS):
        return row
    # Only the one link is looked up; an explanation the course does not hold is named by its id.
    known = load("explanations")
    if explanation_id not in set(known["explanation_id"]):
        known = pd.DataFrame({"explanation_id": [explanation_id], "name": [explanation_id]})
    return resolve_items(row.to_frame().T.astype({"strength": int}), explanations=known).iloc[0]


def _strongest(evidence: pd.DataFrame, explanation_id: str) -> pd.Series | None:
    challenges = evidence[(evidence["explanation_id"] == explanation_id) & (evidence["stance"] == "challenges")]
    if challenges.empty:
        return None
    ordered = challenges.assign(_strength=challenges["strength"].astype(int)).sort_values(
        ["_strength", "evidence_id"], ascending=[False, True], kind="stable"
    )
    return ordered.drop(columns="_strength").iloc[0]


def _name_lines(name: str) -> str:
    """An explanation's name on lines of at most ``_NAME_LINE`` characters, joined by newlines.

    An axis shows it line by line (``labelExpr`` splits it), so no name is cut short.
    """
    name = one_line(name)
    return "\n".join(textwrap.wrap(name, _NAME_LINE, break_long_words=False, break_on_hyphens=False)) or name


# An axis label set on lines: the label is the newline-joined text of :func:`_name_lines`.
_LINES = "split(datum.value, '\\n')"


def _matrix(items: pd.DataFrame, order: list[str], title: str, limit: int = 400) -> alt.Chart:
    """The evidence matrix of ``items`` with ``order`` as its columns; at most ``limit`` links, the strongest."""
    rows = items.sort_values(["kind", "item_label", "evidence_id"], kind="stable")
    heading: str | alt.Title = title
    if len(rows) > limit:
        # The strongest links first, so what is cut is what weighs least.
        kept = (
            rows.assign(_strength=rows["strength"].astype(int))
            .sort_values(["_strength", "evidence_id"], ascending=[False, True], kind="stable")
            .head(limit)
            .index
        )
        rows = rows.loc[rows.index.isin(kept)]
        heading = alt.Title(
            title, subtitle=f"The {limit} strongest of {len(items)} links; choose fewer explanations to see them all."
        )
    rows_of = {label: number for number, label in enumerate(dict.fromkeys(rows["item_label"]))}
    data = [
        {
            "row": rows_of[label],
            "explanation": one_line(str(explanation)),
            "item_label": label,
            # The whole item only where the label cuts it short: the data stays small.
            "item": item if label != f"{kind}: {item}" else None,
            "stance": str(stance),
            "strength": int(strength),
            "reasoning": _text(reasoning),
            "citation": citation,
            "item_source": item_source or "—",
        }
        for explanation, label, item, kind, stance, strength, reasoning, citation, item_source in zip(
            rows["explanation"],
            rows["item_label"],
            rows["item"],
            rows["kind"],
            rows["stance"],
            rows["strength"],
            rows["reasoning"],
            rows["citation"],
            rows["item_source"],
            strict=False,
        )
    ]
    shown = list(dict.fromkeys(record["item_label"] for record in data))
    stances = [stance for stance in evidence_stances() if any(record["stance"] == stance for record in data)]
    description = (
        f"Evidence matrix: {len(data)} links between {len(shown)} items (rows) "
        f"and {len(order)} explanations (columns); "
        f"colour and shape show the stance ({', '.join(stances) or 'none'}), size the strength from 1 to 3."
    )
    chart = (
        alt.Chart(data={"values": data})
        .transform_calculate(whole_item="datum.item || datum.item_label")
        .mark_point(filled=True, opacity=0.9)
        .encode(
            # Long names are angled, never cut: they say which explanation a column is.
            x=alt.X(
                "explanation:N",
                title="Explanation",
                sort=list(order),
                axis=alt.Axis(labelAngle=-50, labelLimit=480, labelFontSize=10),
                scale=alt.Scale(domain=list(order)),
            ),
            y=alt.Y(
                "item_label:N",
                title=None,
                sort=alt.EncodingSortField("row", op="min"),
                axis=alt.Axis(labelLimit=300, labelFontSize=10),
            ),
            color=alt.Color(
                "stance:N",
                title="Stance",
                scale=alt.Scale(domain=list(STANCE_COLOURS), range=list(STANCE_COLOURS.values())),
                legend=alt.Legend(orient="top"),
            ),
            shape=alt.Shape(
                "stance:N",
                title="Stance",
                scale=alt.Scale(domain=list(_STANCE_SHAPES), range=list(_STANCE_SHAPES.values())),
                legend=alt.Legend(orient="top"),
            ),
            size=alt.Size(
                "strength:Q",
                title="Strength",
                scale=alt.Scale(domain=[1, 3], range=[30, 200]),
                legend=alt.Legend(values=[1, 2, 3], format="d", orient="top"),
            ),
            tooltip=[
                alt.Tooltip("explanation:N", title="Explanation"),
                alt.Tooltip("whole_item:N", title="Item"),
                alt.Tooltip("item_source:N", title="Item's source"),
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("strength:Q", title="Strength"),
                alt.Tooltip("reasoning:N", title="Why"),
                alt.Tooltip("citation:N", title="Sources"),
            ],
        )
        .properties(title=heading, description=description, width=alt.Step(30), height=alt.Step(16))
    )
    return accessible(chart)


def evidence_matrix(
    evidence: pd.DataFrame | None = None,
    explanations: pd.DataFrame | None = None,
    *,
    title: str = "Evidence for and against each explanation",
) -> alt.Chart:
    """A matrix of items (rows) against explanations (columns): colour and shape the stance, size the strength.

    Parameters
    ----------
    evidence : DataFrame, optional
        Links from ``evidence.csv`` (default: the course's), plain or from
        :func:`resolve_items`; the tooltips show each item, the reasoning and
        the sources.
    explanations : DataFrame, optional
        The explanations, in the order of the columns (default: those of the
        course's explanations that the evidence links to).
    title : str
        The chart's title.

    Examples
    --------
    >>> evidence = pd.DataFrame({"evidence_id": ["a"], "explanation_id": ["plan"], "stance": ["challenges"],
    ...     "strength": [3], "kind": ["event"], "ref_id": ["kirov-murder-1934"],
    ...     "reasoning": ["No order has been found."], "source_ids": [["getty-naumov-1999"]]})
    >>> spec = evidence_matrix(evidence, pd.DataFrame({"explanation_id": ["plan"], "name": ["A plan"]})).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["color"]["field"], spec["encoding"]["size"]["field"]
    ('point', 'stance', 'strength')
    """
    require_text(title, "title")
    given = explanations is not None
    explanations = explanations if given else load("explanations")
    items = _with_items(evidence, explanations)
    explanations = _check_explanations(explanations, items)
    if not given:
        # A part of the evidence gets the columns it fills, not every explanation of the course.
        explanations = explanations[explanations["explanation_id"].isin(set(items["explanation_id"]))]
    return _matrix(items, [one_line(name) for name in explanations["name"].astype(str)], title)


def _zero_line() -> alt.Chart:
    """The line at a score of 0; hidden from screen readers, to whom it would be an unnamed graphic."""
    return alt.Chart(data={"values": [{}]}).mark_rule(color=PALETTE[7], aria=False).encode(x=alt.datum(0))


def ranking_chart(
    ranking: pd.DataFrame, *, title: str = "Explanations ranked by the weighted evidence"
) -> alt.LayerChart:
    """Bars of the scores from :func:`weigh`: right of zero the evidence leans for, left against.

    Each explanation is named in full, on as many lines as it needs; the
    tooltips give the counts of links that support, challenge and complicate it.

    Parameters
    ----------
    ranking : DataFrame
        A ranking from :func:`weigh`, highest score first.
    title : str
        The chart's title; the subtitle states how the score is worked out.

    Examples
    --------
    >>> ranking = pd.DataFrame({"explanation_id": ["a", "b"], "name": ["A", "B"], "score": [2.0, -1.5],
    ...     "supports": [1, 0], "challenges": [0, 1], "complicates": [0, 1]})
    >>> chart = ranking_chart(ranking)
    >>> chart.to_dict()["layer"][0]["mark"]["type"], [row["score"] for row in chart.data["values"]]
    ('bar', [2.0, -1.5])
    """
    stances = evidence_stances()
    require_columns(ranking, ("explanation_id", "name", "score", *stances), "ranking")
    require_text(title, "title")
    data = [
        {
            "rank": rank,
            "name": str(row["name"]),
            "label": _name_lines(str(row["name"])),
            "score": float(row["score"]),
            "leans": "for" if row["score"] >= 0 else "against",
            **{stance: int(row[stance]) for stance in stances},
        }
        for rank, row in enumerate(ranking.to_dict("records"))
    ]
    ranked = ", ".join(f"{record['name']} {record['score']:g}" for record in data)
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("score:Q", title="Score (weighted evidence for minus against)"),
            y=alt.Y(
                "label:N",
                title=None,
                sort=alt.EncodingSortField("rank", op="min"),
                axis=alt.Axis(labelExpr=_LINES, labelLimit=0),
            ),
            color=alt.Color(
                "leans:N",
                title="Evidence leans",
                scale=alt.Scale(
                    domain=["for", "against"], range=[STANCE_COLOURS["supports"], STANCE_COLOURS["challenges"]]
                ),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Explanation"),
                alt.Tooltip("score:Q", title="Score", format=".2f"),
                *(alt.Tooltip(f"{stance}:Q", title=f"Links that {stance[:-1]}") for stance in stances),
            ],
        )
    )
    chart = alt.layer(bars, _zero_line(), data={"values": data}).properties(
        title=alt.Title(title, subtitle=list(_SCORE_RULE_LINES)),
        description=f"Bar chart of explanations by score, highest first: {ranked or 'none'}. {SCORE_RULE}",
        width=420,
        height=alt.Step(30),
    )
    return accessible(chart)


def _blocks_of(links: pd.DataFrame) -> list[dict[str, Any]]:
    """Each link as a block of :func:`_weighing`, its part of the score and its weight still to be filled in.

    What a block says of its link does not change with the weights, so an explorer writes it once.
    """
    stances, kinds = labels("evidence", "stance"), labels("evidence", "kind")
    lines: dict[str, str] = {}
    return [
        {
            "explanation": explanation,
            "stance": stances[stance],
            "part": 0.0,
            "strength": int(strength),
            "weight": 0.0,
            "item": f"{kinds.get(kind, kind)}: {item}",
            "item_source": item_source or "—",
            "reasoning": _text(reasoning),
            "citation": citation,
            # The name on lines, as the axis shows it: the block's row.
            "label": lines.setdefault(explanation, _name_lines(explanation)),
            # Blocks stack by stance, then strongest first: the challenges nearest zero, complications beyond.
            "stack": list(stances).index(stance),
        }
        for explanation, stance, strength, kind, item, item_source, reasoning, citation in zip(
            links["explanation"].astype(str),
            links["stance"].astype(str),
            links["strength"],
            links["kind"].astype(str),
            links["item"],
            links["item_source"],
            links["reasoning"],
            links["citation"],
            strict=False,
        )
    ]


def _weighing(
    links: pd.DataFrame, ranking: pd.DataFrame, limit: int = 400, blocks: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The explorer's chart: for each explanation, its weighed links as blocks either side of zero, and its score.

    A block is one link, as long as its part of the score (strength × stance ×
    weight): the blocks right of zero are for the explanation, those left of
    it against, and a black tick marks the score, the sum of them all. So the
    ranking, the balance of evidence behind it and each link that makes it
    are seen at once; a link of weight 0 has no block and is not counted.
    Above ``limit`` links, too many to tell apart (and slow to draw), a block
    sums the links of one stance, and the subtitle says so. ``blocks``, from
    :func:`_blocks_of` for ``links``, saves writing them again.

    Returns the values that fill the chart; :func:`_weighing_altair` and :func:`_weighing_spec` draw it.
    """
    stances = labels("evidence", "stance")
    lines = {name: _name_lines(name) for name in ranking["name"].astype(str)}
    order = list(lines.values())
    weights = links["weight"].astype(float)
    parts = links["strength"].astype(float) * links["stance"].astype(str).map(STANCE_SIGNS) * weights
    if len(links) <= limit:
        blocks = [
            {**block, "part": round(part, 3), "weight": round(weight, 2)}
            for block, part, weight in zip(
                _blocks_of(links) if blocks is None else blocks, parts.tolist(), weights.tolist(), strict=True
            )
        ]
        what = "Each block is one link of evidence, as long as strength × weight."
    else:
        summed = (
            pd.DataFrame({"explanation": links["explanation"].astype(str), "stance": links["stance"].astype(str)})
            .assign(part=parts)
            .groupby(["explanation", "stance"], sort=False)["part"]
            .agg(["sum", "size"])
            .reset_index()
        )
        blocks = [
            {
                "explanation": row["explanation"],
                "stance": stances[row["stance"]],
                "part": round(row["sum"], 3),
                "item": f"{row['size']} links, summed",
                "label": lines[row["explanation"]],
                "stack": list(stances).index(row["stance"]),
            }
            for row in summed.to_dict("records")
        ]
        what = f"{len(links)} links are too many to draw one by one: each block sums the links of one stance."
    scores = [
        {
            "label": lines[str(row["name"])],
            "explanation": str(row["name"]),
            "score": float(row["score"]),
            **{stance: int(row[stance]) for stance in stances},
        }
        for row in ranking.to_dict("records")
    ]
    ranked = "; ".join(
        f"{record['explanation']}: score {record['score']:g} "
        f"({', '.join(f'{record[stance]} {stance}' for stance in stances)})"
        for record in scores
    )
    return {
        "blocks": {"values": blocks},
        "scores": {"values": scores},
        "order": order,
        "title": {
            "text": "Explanations ranked by the weighted evidence",
            "subtitle": [what, "The black tick is the score: the blocks for minus those against."],
        },
        "description": "Explanations ranked by score, highest first, each with its weighed links of evidence as blocks "
        f"for (right of zero) and against (left): {ranked or 'none'}. {SCORE_RULE}",
    }


def _weighing_altair(fills: dict[str, Any]) -> alt.LayerChart:
    """The chart of :func:`_weighing`, built by Altair (and so checked against the Vega-Lite schema when drawn)."""
    return _weighing_layers(fills["blocks"], fills["scores"], fills["order"]).properties(
        title=fills["title"], description=fills["description"]
    )


def _weighing_spec(fills: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`_weighing_altair`, filled into a template built once (see :class:`SpecTemplate`)."""
    return _weighing_template(tuple(labels("evidence", "stance").items())).fill(**fills)


@functools.lru_cache(maxsize=4)
def _weighing_template(stances: tuple[tuple[str, str], ...]) -> SpecTemplate:
    """The template of the weighing chart, for the stances named in these words."""
    order = ["\x00order"]
    markers: dict[str, Any] = {
        "blocks": {"name": "\x00blocks"},
        "scores": {"name": "\x00scores"},
        "order": order,
        "title": "\x00title",
        "description": "\x00description",
    }
    chart = _weighing_layers(alt.NamedData("\x00blocks"), alt.NamedData("\x00scores"), order).properties(
        title=markers["title"], description=markers["description"]
    )
    return SpecTemplate(chart, **markers)


def _weighing_layers(blocks: Any, scores: Any, order: list[str]) -> alt.LayerChart:
    """The marks and encodings of the weighing chart: its ``blocks`` and ``scores`` data, explanations in ``order``."""
    stances = labels("evidence", "stance")
    y = alt.Y(
        "label:N", title=None, sort=order, scale=alt.Scale(domain=order), axis=alt.Axis(labelExpr=_LINES, labelLimit=0)
    )
    parts = (
        alt.Chart(data=blocks)
        .mark_bar(stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X("part:Q", stack="zero", title="Weighted evidence: against (left of 0), for (right)"),
            y=y,
            color=alt.Color(
                "stance:N",
                title="One block per link:",
                scale=alt.Scale(domain=list(stances.values()), range=list(STANCE_COLOURS.values())),
                legend=alt.Legend(orient="top", titleOrient="left"),
            ),
            order=[alt.Order("stack:Q"), alt.Order("strength:Q", sort="descending")],
            tooltip=[
                alt.Tooltip("explanation:N", title="Explanation"),
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("item_source:N", title="Item's source"),
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("strength:Q", title="Strength"),
                alt.Tooltip("weight:Q", title="Weight"),
                alt.Tooltip("part:Q", title="Part of the score"),
                alt.Tooltip("reasoning:N", title="Why"),
                alt.Tooltip("citation:N", title="Sources"),
            ],
        )
    )
    ticks = (
        alt.Chart(data=scores)
        .mark_tick(color=PALETTE[7], thickness=3, size=24)
        .encode(
            x=alt.X("score:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("explanation:N", title="Explanation"),
                alt.Tooltip("score:Q", title="Score", format=".2f"),
                *(alt.Tooltip(f"{stance}:Q", title=f"Links that {stance[:-1]}") for stance in stances),
            ],
        )
    )
    return accessible(alt.layer(parts, _zero_line(), ticks).properties(width=500, height=alt.Step(28)))


def _table_of(links: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The explorer's table of every link, its cells written (see :func:`table_cells`), and each link's rank in it.

    The table lists links by explanation, stance, strength (strongest first) and id; the weight is
    left to fill in (as the cells of a change's weights). Any selection of links, taken in the order
    of their ranks, is in the table's order: a change writes only its weights.
    """
    links = links.reset_index(drop=True)
    stances, kinds = labels("evidence", "stance"), labels("evidence", "kind")
    cells = pd.DataFrame(
        {
            "explanation": table_cells(links["explanation"].astype(str)),
            "stance": table_cells(stances.get(str(stance), str(stance)) for stance in links["stance"]),
            "strength": table_cells(links["strength"].astype(int)),
            "weight": "",
            "item": table_cells(
                f"{kinds.get(str(kind), str(kind))}: {item}"
                for kind, item in zip(links["kind"], links["item"], strict=False)
            ),
            "item's source": table_cells(links["item_source"]),
            "why": table_cells(links["reasoning"]),
            "sources": table_cells(links["citation"]),
        }
    )
    ranked = links.sort_values(
        ["explanation", "stance", "strength", "evidence_id"], ascending=[True, True, False, True], kind="stable"
    ).index.to_numpy()
    rank = np.empty(len(links), dtype="int64")
    rank[ranked] = np.arange(len(links))
    return cells, rank


def _explanation_choice(explanations: pd.DataFrame) -> CheckboxGroup:
    """A checkbox for each explanation, all ticked; grouped under its school, in words, when the table says it."""
    options = list(zip(explanations["name"].astype(str), explanations["explanation_id"], strict=False))
    groups = None
    if "school" in explanations:
        schools = labels("explanations", "school")
        rank = {school: number for number, school in enumerate(schools)}
        rows = sorted(
            zip(explanations["school"].astype(str), options, strict=False), key=lambda row: rank.get(row[0], len(rank))
        )
        options = [option for _, option in rows]
        groups = {explanation_id: schools.get(school, school) for school, (_, explanation_id) in rows}
    heading = "Explanations compared, by school" if groups else "Explanations compared"
    return CheckboxGroup(
        options, explanations["explanation_id"], description=heading, groups=groups, width="22em", height="11em"
    )


class ExplanationsExplorer(Explorer):
    """Compare explanations of the Terror by weighing the evidence for and against them.

    Controls (set ``.value`` from Python, or use them in the notebook):

    - ``explanations``: the explanations compared, by id (a checkbox each,
      named in words and grouped by school; none ticked shows a reminder).
    - ``weights["event"]``, ``weights["figure"]``, ``weights["person"]``,
      ``weights["passage"]``: how much each kind of item counts (0–2).
    - ``reading_weights[reading_id]``: how much the items from each reading
      count (0–2), e.g. ``reading_weights["lovestone-1937"]``.

    The score is :data:`SCORE_RULE` (shown in the widget). ``filtered`` is the
    evidence of the chosen explanations that has a weight above 0 (with a
    ``weight`` column); ``ranking`` the ranking from :func:`weigh`, whose
    counts are those of ``filtered``; ``chart`` the ranking with the weighed
    links behind each score (None when there is no evidence to show;
    ``message`` then says why); ``challenge`` the strongest challenge to the
    top-ranked explanation (None if nothing challenges it), shown below the
    chart with its source. The table of the links scrolls in a box of its own.

    Parameters
    ----------
    evidence, explanations : DataFrame, optional
        The links and the explanations (default: the course's).
    events, figures, people, passages, sources : DataFrame, optional
        Where the items and citations are looked up (default: the course's).

    Examples
    --------
    >>> evidence = pd.DataFrame({"evidence_id": ["a", "b"], "explanation_id": ["plan", "snowball"],
    ...     "stance": ["supports", "supports"], "strength": [3, 2], "kind": ["event", "passage"],
    ...     "ref_id": ["order-00447-1937", "getty-naumov-riutin-platform"], "reasoning": ["", ""],
    ...     "source_ids": [["getty-naumov-1999"]] * 2})
    >>> explanations = pd.DataFrame({"explanation_id": ["plan", "snowball"], "name": ["A plan", "A snowball"]})
    >>> explorer = ExplanationsExplorer(evidence, explanations)
    >>> explorer.ranking["explanation_id"].tolist()
    ['plan', 'snowball']
    >>> explorer.weights["event"].value = 0.5
    >>> explorer.ranking["explanation_id"].tolist()
    ['snowball', 'plan']
    """

    def __init__(
        self,
        evidence: pd.DataFrame | None = None,
        explanations: pd.DataFrame | None = None,
        *,
        events: pd.DataFrame | None = None,
        figures: pd.DataFrame | None = None,
        people: pd.DataFrame | None = None,
        passages: pd.DataFrame | None = None,
        sources: pd.DataFrame | None = None,
    ) -> None:
        super().__init__()
        self._explanations = load("explanations") if explanations is None else explanations
        self._sources = load("sources") if sources is None else sources
        self._items = resolve_items(
            evidence,
            explanations=self._explanations,
            events=events,
            figures=figures,
            people=people,
            passages=passages,
            sources=self._sources,
        )
        self._explanations = _check_explanations(self._explanations, self._items)
        self.ranking = _score(self._items.iloc[:0], np.ones(0), self._explanations.iloc[:0])
        self.challenge: pd.Series | None = None
        self._reading_keys = _reading_keys(self._items, reading_ids(self._sources))
        self._membership = _membership(self._items["item_readings"], self._reading_keys)
        self._blocks = _blocks_of(self._items)
        self._table_cells, self._table_rank = _table_of(self._items)

        self.explanations = _explanation_choice(self._explanations)
        # One style and one layout for every weight, so that the boxes line up at one width.
        style, layout = {"description_width": "13em"}, widgets.Layout(width="20em")
        kinds = labels("evidence", "kind")
        self.weights = {kind: number_box(kinds[kind], 1.0, 0, 2, 0.1, style=style, layout=layout) for kind in kinds}
        self.reading_weights = {
            reading: number_box(reading_label(reading, self._sources), 1.0, 0, 2, 0.1, style=style, layout=layout)
            for reading in reading_ids(self._sources)
        }
        rule = widgets.HTML(f'<p class="purgelib-rule"><b>How the score is worked out:</b> {escape(SCORE_RULE)}</p>')
        weights = widgets.HBox(
            [
                widgets.VBox(
                    [
                        widgets.HTML('<p class="purgelib-group-heading">Weight of each kind of item (0 to 2)</p>'),
                        *self.weights.values(),
                    ]
                ),
                widgets.VBox(
                    [
                        widgets.HTML('<p class="purgelib-group-heading">Weight of each reading (0 to 2)</p>'),
                        *self.reading_weights.values(),
                    ]
                ),
            ],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="0 2em"),
        )
        self._layout(
            [self.explanations, weights, rule],
            "Competing explanations: weigh the evidence",
            body=[self._chart_output],
        )
        self._observe([self.explanations, *self.weights.values(), *self.reading_weights.values()])
        self._update()

    def _update(self) -> None:
        chosen = set(self.explanations.value)
        explanations = self._explanations[self._explanations["explanation_id"].isin(chosen)]
        keep = self._items["explanation_id"].isin(chosen).to_numpy()
        items = self._items[keep]
        weights = _row_weights(
            items,
            {kind: control.value for kind, control in self.weights.items()},
            {reading: control.value for reading, control in self.reading_weights.items()},
            None,
            self._reading_keys,
            self._membership[keep],
        )
        self.ranking = _score(items, weights, explanations)
        # A weight of 0 takes an item out of the weighing: out of the counts, the chart and the table.
        self.filtered = items.assign(weight=weights)[weights > 0]
        shown = np.flatnonzero(keep)[weights > 0]
        top = self.ranking["explanation_id"].iloc[0] if len(self.ranking) else None
        self.challenge = _strongest(self.filtered, top) if top is not None and len(self.filtered) else None
        spec = chart = None
        empty = ""
        if self._explanations.empty:
            empty = "There are no explanations to compare: the explanations table is empty."
        elif not chosen:
            empty = "Choose at least one explanation to compare."
        elif items.empty:
            empty = "There is no evidence linked to these explanations yet. Choose others."
        elif self.filtered.empty:
            empty = "Every item now has weight 0, so there is nothing to weigh. Raise a weight above 0."
        else:
            fills = _weighing(self.filtered, self.ranking, blocks=[self._blocks[row] for row in shown])
            spec, chart = _weighing_spec(fills), functools.partial(_weighing_altair, fills)
        challenge = self._challenge_html(top) if spec is not None else ""
        self._show(spec, chart, self._table_html(shown), empty, detail_html=challenge)

    def _table_html(self, shown: np.ndarray) -> str:
        """The table of the links ``shown`` (their positions in the explorer's links, as in ``filtered``)."""
        order = np.argsort(self._table_rank[shown], kind="stable")
        table = self._table_cells.iloc[shown[order]].assign(
            weight=table_cells(self.filtered["weight"].to_numpy(dtype="float64")[order].round(2).tolist())
        )
        columns = list(table.columns)
        return html_table(table, columns, f"{len(table)} links of evidence, weighed", limit=ROW_LIMIT, written=columns)

    def _challenge_html(self, top: str | None) -> str:
        name = self.ranking["name"].iloc[0] if top is not None else ""
        if self.challenge is None:
            return (
                '<div class="purgelib-detail"><p>Nothing in the weighted evidence challenges '
                f"<b>{escape(name)}</b>, the top-ranked explanation.</p></div>"
            )
        row = self.challenge
        kind = labels("evidence", "kind").get(str(row["kind"]), str(row["kind"]))
        return (
            '<div class="purgelib-detail">'
            # A heading for screen readers, not an <h4>: JupyterLab would list the headings of an output in
            # the notebook's table of contents, which would then change with every tick.
            '<p class="purgelib-detail-heading" role="heading" aria-level="4">'
            f"The strongest challenge to {escape(name)}, the top-ranked explanation</p>"
            f"<p><b>{escape(kind)}:</b> {escape(row['item'])} <i>({escape(row['item_source'])})</i></p>"
            f"<p><b>Why it challenges (strength {escape(row['strength'])}):</b> {escape(row['reasoning'])}</p>"
            f"<p><b>Sources:</b> {escape(row['citation'])}</p></div>"
        )
