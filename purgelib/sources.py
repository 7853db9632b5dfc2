"""Citations, source cards and the passages quoted from the four readings.

Every row of the course data cites works by ``source_id``; :func:`cite` turns
ids into short author-date citations (Chicago style) and :func:`reference`
into a full bibliography entry. A *source card* says what a reading is, who
wrote it, when, for whom, from what position, and how to get the full text
(the course never contains it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from purgelib._explorer import escape, require_columns
from purgelib.data import load

__all__ = [
    "cite",
    "reference",
    "source_card",
    "source_cards",
    "SourceCards",
    "passages_for",
    "reading_ids",
    "reading_label",
]

_PASSAGE_COLUMNS = ("passage_id", "reading_id", "paragraph", "quote", "gloss", "themes", "events", "people")


def _text(value: object) -> str:
    """A cell as text; empty for a missing value."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value).strip()


def _authors(row: Mapping) -> list[str]:
    return [name.strip() for name in _text(row["authors"]).split(";") if name.strip()]


def _surnames(row: Mapping) -> str:
    surnames = [name.split(",")[0].strip() for name in _authors(row)]
    if len(surnames) > 3:
        return f"{surnames[0]} et al."
    if len(surnames) == 3:
        return f"{surnames[0]}, {surnames[1]}, and {surnames[2]}"
    return " and ".join(surnames)


def _year(row: Mapping) -> str:
    return _text(row["year"]) or "n.d."


def _short(row: Mapping) -> str:
    return f"{_surnames(row)} {_year(row)}"


def _rows(sources: pd.DataFrame | None) -> dict[str, dict]:
    sources = load("sources") if sources is None else sources
    require_columns(sources, ("source_id", "authors", "year", "title"), "sources")
    return {row["source_id"]: row for row in sources.to_dict("records")}


def _row(source_id: str, rows: dict[str, dict]) -> dict:
    if not isinstance(source_id, str):
        raise TypeError(
            f"source_id must be one work's id as text, such as 'getty-naumov-1999', not {type(source_id).__name__}."
        )
    if source_id not in rows:
        raise ValueError(
            f"No source {source_id!r} in sources.csv. Use purgelib.load('sources') to list the works the course cites."
        )
    return rows[source_id]


def _ids(source_ids: str | Iterable[str]) -> list[str]:
    """One id, a ``;``-separated string of ids, or a list of ids, as a list."""
    if isinstance(source_ids, str):
        return [part for part in source_ids.split(";") if part]
    if isinstance(source_ids, (list, tuple, set, pd.Series, pd.Index)):
        return list(source_ids)
    raise TypeError(
        "source_ids must be a work's id such as 'getty-naumov-1999', ids separated by ';', or a list of ids; "
        f"not {type(source_ids).__name__}."
    )


def cite(source_ids: str | Iterable[str], sources: pd.DataFrame | None = None) -> str:
    """Short author-date citations (Chicago style) for one or more works, joined by ``"; "``.

    Parameters
    ----------
    source_ids : str or list of str
        Ids from ``sources.csv``: a list, one id, or a ``;``-separated string.
    sources : DataFrame, optional
        The sources table (default: the course's).

    Examples
    --------
    >>> cite(["getty-naumov-1999", "lovestone-1937"])
    'Getty and Naumov 1999; Lovestone 1937'
    >>> cite("no-such-work")
    Traceback (most recent call last):
    ...
    ValueError: No source 'no-such-work' in sources.csv.
    Use purgelib.load('sources') to list the works the course cites.
    """
    rows = _rows(sources)
    return "; ".join(_short(_row(source_id, rows)) for source_id in _ids(source_ids))


def _full_authors(row: Mapping) -> str:
    names = _authors(row)
    # Chicago bibliography: the first author inverted, the others in natural order.
    written = names[:1] + [" ".join(reversed([part.strip() for part in name.split(",", 1)])) for name in names[1:]]
    if len(written) < 2:
        return "".join(written)
    if len(written) == 2 and "," not in written[0]:
        return " and ".join(written)
    return ", ".join(written[:-1]) + ", and " + written[-1]


class Reference(str):
    """A bibliography entry: plain text everywhere, and in a notebook an escaped line whose web
    address is an underlined link (JupyterLab would otherwise link it in a colour close to the
    text's, a difference no one who cannot tell colours apart can see)."""

    def _repr_html_(self) -> str:
        text = html.escape(self)
        address = re.search(r"https?://\S+?(?=\.?$)", text)
        if address:
            url = address.group(0)
            link = f'<a href="{url}" target="_blank" rel="noopener" style="text-decoration: underline">{url}</a>'
            text = text[: address.start()] + link + text[address.end() :]
        return f'<p class="purgelib-reference">{text}</p>'


def reference(source_id: str, sources: pd.DataFrame | None = None) -> Reference:
    """A full bibliography entry (Chicago author-date style) for one work.

    Examples
    --------
    >>> reference("getty-naumov-1999")  # doctest: +ELLIPSIS
    'Getty, J. Arch, and Oleg V. Naumov. 1999. The Road to Terror: ... Annals of Communism.
    New Haven: Yale University Press.'
    >>> reference("werth-2010-00447")._repr_html_().count('style="text-decoration: underline"')
    1
    """
    return Reference(_reference(_row(source_id, _rows(sources))))


def _reference(row: Mapping) -> str:
    title = _text(row["title"])
    in_container = _text(row.get("container")) and row.get("kind") in (
        "article",
        "chapter",
        "periodical-article",
        "encyclopedia-entry",
        "forum-thread",
    )
    # Chicago puts the closing full stop of a quoted title inside the quotation marks.
    quoted = f"“{title if title.endswith(('.', '?', '!')) else title + '.'}”"
    parts = [
        _full_authors(row),
        _year(row),
        quoted if in_container else title,
        _text(row.get("container")),
        _text(row.get("publisher")),
        _text(row.get("url")),
    ]
    return " ".join(part if part.endswith((".", "”", "?", "!")) else part + "." for part in parts if part)


def citations(sources: pd.DataFrame | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Short citation and full reference of every work, by source id, computed once for an explorer.

    Examples
    --------
    >>> short, full = citations()
    >>> short["getty-naumov-1999"]
    'Getty and Naumov 1999'
    """
    rows = _rows(sources)
    return {key: _short(row) for key, row in rows.items()}, {key: _reference(row) for key, row in rows.items()}


def reading_ids(sources: pd.DataFrame | None = None) -> list[str]:
    """The ids of the four course readings, in the order of ``sources.csv``.

    Examples
    --------
    >>> reading_ids()
    ['siegelbaum-1997', 'askhistorians-snowball', 'getty-naumov-1999', 'lovestone-1937']
    """
    sources = load("sources") if sources is None else sources
    require_columns(sources, ("source_id", "is_reading"), "sources")
    return sources.loc[sources["is_reading"].fillna(False).astype(bool), "source_id"].tolist()


def reading_label(source_id: str, sources: pd.DataFrame | None = None) -> str:
    """A short label for a reading: its authors' surnames and year, or its forum.

    Examples
    --------
    >>> [reading_label(reading) for reading in reading_ids()]
    ['Siegelbaum 1997', 'r/AskHistorians thread', 'Getty and Naumov 1999', 'Lovestone 1937']
    """
    return _label(_row(source_id, _rows(sources)))


def _label(row: Mapping) -> str:
    if row.get("kind") == "forum-thread":
        # Usernames say little to a reader; the forum is how the thread is known.
        return f"{_text(row.get('container')).split(',')[0]} thread"
    return _short(row)


_CARD_FIELDS = (
    ("Author(s)", "authors"),
    ("Year", "year"),
    ("Title", "title"),
    ("In", "container"),
    ("Publisher", "publisher"),
    ("Genre", "genre"),
    ("Written for", "audience"),
    ("Stance", "stance"),
    ("Getting the full text", "access"),
    ("Notes", "notes"),
)


def source_card(source_id: str, sources: pd.DataFrame | None = None) -> str:
    """An HTML card for one work: who wrote it, when, for whom, from what position, how to get it.

    Every value from the data is escaped.

    Examples
    --------
    >>> card = source_card("lovestone-1937")
    >>> card.startswith('<div class="purgelib-card"') and "Workers Age" in card
    True
    """
    return _card(_row(source_id, _rows(sources)))


def _card(row: Mapping) -> str:
    items = "".join(
        f"<dt>{label}</dt><dd>{escape(_text(row.get(column)) or ('undated' if column == 'year' else ''))}</dd>"
        for label, column in _CARD_FIELDS
        if _text(row.get(column)) or column == "year"
    )
    return (
        f'<div class="purgelib-card" data-source="{escape(row["source_id"])}">'
        f"<h4>{escape(_label(row))}</h4><dl>{items}</dl></div>"
    )


def _card_text(source_id: str, rows: dict[str, dict]) -> str:
    row = _row(source_id, rows)
    lines = [_label(row)]
    lines += [f"  {label}: {_text(row.get(column))}" for label, column in _CARD_FIELDS if _text(row.get(column))]
    return "\n".join(lines)


class SourceCards:
    """The source cards of several works, shown together in a notebook.

    A notebook cell that ends with a ``SourceCards`` shows every card as HTML;
    ``print`` and ``repr`` give the same cards as plain text.

    Examples
    --------
    >>> cards = source_cards()
    >>> cards.source_ids
    ['siegelbaum-1997', 'askhistorians-snowball', 'getty-naumov-1999', 'lovestone-1937']
    >>> print(repr(cards).splitlines()[0])
    Siegelbaum 1997
    """

    def __init__(self, source_ids: Iterable[str], sources: pd.DataFrame | None = None) -> None:
        self._rows = _rows(sources)
        self.source_ids = list(source_ids)
        for source_id in self.source_ids:
            _row(source_id, self._rows)

    def __len__(self) -> int:
        return len(self.source_ids)

    def _repr_html_(self) -> str:
        cards = "".join(_card(self._rows[source_id]) for source_id in self.source_ids)
        return f'<div class="purgelib-cards">{cards}</div>'

    def __repr__(self) -> str:
        return "\n\n".join(_card_text(source_id, self._rows) for source_id in self.source_ids)


def source_cards(sources: pd.DataFrame | None = None) -> SourceCards:
    """The source cards of the four course readings.

    Examples
    --------
    >>> len(source_cards())
    4
    """
    return SourceCards(reading_ids(sources), sources)


def passages_for(
    reading_id: str | None = None,
    event_id: str | None = None,
    person_id: str | None = None,
    *,
    passages: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The passages quoted from the readings, narrowed by reading, event or person.

    Parameters
    ----------
    reading_id : str, optional
        One of the four readings (see :func:`reading_ids`).
    event_id : str, optional
        Keep passages whose ``events`` list names this event.
    person_id : str, optional
        Keep passages whose ``people`` list names this person.
    passages : DataFrame, optional
        The passages table (default: the course's).

    Returns
    -------
    DataFrame
        Matching passages in reading order, then paragraph order.

    Examples
    --------
    >>> passages_for("lovestone-1937")["reading_id"].unique().tolist()
    ['lovestone-1937']
    >>> passages_for("lovestone")
    Traceback (most recent call last):
    ...
    ValueError: Unknown reading 'lovestone'. The readings are:
    siegelbaum-1997, askhistorians-snowball, getty-naumov-1999, lovestone-1937.
    """
    for argument, value in (("reading_id", reading_id), ("event_id", event_id), ("person_id", person_id)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{argument} must be one id as text, or None for all; not {type(value).__name__}.")
    passages = load("passages") if passages is None else passages
    require_columns(passages, _PASSAGE_COLUMNS, "passages")
    readings = reading_ids()
    keep = pd.Series(True, index=passages.index)
    if reading_id is not None:
        if reading_id not in readings:
            raise ValueError(f"Unknown reading {reading_id!r}. The readings are: {', '.join(readings)}.")
        keep &= passages["reading_id"] == reading_id
    if event_id is not None:
        keep &= passages["events"].map(lambda ids: isinstance(ids, list) and event_id in ids)
    if person_id is not None:
        keep &= passages["people"].map(lambda ids: isinstance(ids, list) and person_id in ids)
    order = {reading: number for number, reading in enumerate(readings)}
    found = passages[keep]
    found = found.assign(_order=found["reading_id"].map(order).fillna(len(order))).sort_values(
        ["_order", "paragraph", "passage_id"], kind="stable"
    )
    return found.drop(columns="_order").reset_index(drop=True)
