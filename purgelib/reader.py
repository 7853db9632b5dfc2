"""Read the full text of a course reading, paragraph by paragraph.

The course never ships the readings' text. A learner who has a copy names its
folder (or sets ``PURGELIB_READINGS``) and the reader numbers its paragraphs the
same way every time, so that a passage's ``paragraph`` locator points at the
right place.

Paragraph numbering
-------------------
Paragraphs are the non-empty lines of the text, numbered from 1. A line that
was split by a page break is joined back first: when a line does not end a
sentence (no closing ``. ! ? : ;`` or closing quotation mark) and the next line
starts with a lower-case letter, the two are one paragraph. A word hyphenated
across the break (``un-`` / ``founded``) is rejoined without the hyphen.

The reader widget
-----------------
:class:`SourceReader` shows a reading's source card and its glossed passages,
and, when :func:`readings_folder` finds the learner's copy, the text paragraph
by paragraph with the quoted passages marked (:func:`highlight`).
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from purgelib._explorer import (
    Explorer,
    SearchableChoice,
    as_ids,
    escape,
    number_box,
    require_columns,
    require_text,
    require_values,
    scroll_region,
    toggle_buttons,
)
from purgelib.data import load
from purgelib.sources import passages_for, reading_ids, reading_label, reference, source_card

__all__ = [
    "paragraphs",
    "normalise",
    "strip_note_numbers",
    "find_quote",
    "readings_folder",
    "highlight",
    "SourceReader",
]

_SENTENCE_END = re.compile(r"[.!?:;”\"’')\]]\s*$")
_HYPHENATED_END = re.compile(r"[A-Za-z]-$")
# Note numbers are glued to the punctuation that ends a sentence or a quotation
# ("…party.1", "…capital”.13"); they are not part of the author's words.
_NOTE_NUMBER = re.compile(r"(?<=[.,;:!?”\"’])\d{1,3}(?=\s|$)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


def paragraphs(text: str) -> list[str]:
    """Split a reading into numbered paragraphs (index 0 is paragraph 1).

    Parameters
    ----------
    text : str
        The whole text of a reading.

    Returns
    -------
    list of str
        One string per paragraph, page-break splits rejoined.

    Examples
    --------
    >>> paragraphs("First line of a para-\\ngraph split by a page.\\n\\nSecond.")
    ['First line of a paragraph split by a page.', 'Second.']
    """
    result: list[str] = []
    for line in (raw.strip() for raw in require_text(text, "text").splitlines()):
        if not line:
            continue
        if result and line[0].islower() and not _SENTENCE_END.search(result[-1]):
            previous = result[-1]
            if _HYPHENATED_END.search(previous):
                result[-1] = previous[:-1] + line
            else:
                result[-1] = previous + " " + line
        else:
            result.append(line)
    return result


def strip_note_numbers(text: str) -> str:
    """Remove note numbers glued to punctuation, for display.

    Examples
    --------
    >>> strip_note_numbers("turned revolutionaries into dictators.1 Next")
    'turned revolutionaries into dictators. Next'
    """
    return _NOTE_NUMBER.sub("", require_text(text, "text"))


def normalise(text: str) -> str:
    """Fold a text for comparing quotations.

    Typographic quotes and dashes become plain ones, note numbers go, and runs
    of whitespace become one space.

    Examples
    --------
    >>> normalise("“Even  one day.”12")
    '"Even one day."'
    """
    text = unicodedata.normalize("NFC", strip_note_numbers(text)).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def find_quote(quote: str, text: str) -> int | None:
    """Return the paragraph number (from 1) that contains ``quote``, or None.

    The quotation must sit inside one paragraph. Comparison is made on
    ``normalise``-d text, so typographic quotes, note numbers and page-break
    hyphenation do not matter.

    Examples
    --------
    >>> find_quote("the second", "The first.\\nAnd the second one.")
    2
    """
    needle = normalise(require_text(quote, "quote"))
    require_text(text, "text")
    for number, paragraph in enumerate(paragraphs(text), start=1):
        if needle in normalise(paragraph):
            return number
    return None


# ---------------------------------------------------------------------------
# The reader widget: a reading's source card, its glossed passages and, when
# the learner has a copy, its full text paragraph by paragraph.
# ---------------------------------------------------------------------------

READINGS_VARIABLE = "PURGELIB_READINGS"
_QUOTE_CLASSES = {'"': '["“”„]', "'": "['‘’]", "-": "[-—–]"}


def readings_folder(folder: str | os.PathLike | None = None) -> Path | None:
    """The folder that holds the learner's copies of the readings, if any.

    The folder named wins; otherwise the ``PURGELIB_READINGS`` environment
    variable; otherwise there is none (the course never ships the texts).

    Examples
    --------
    >>> readings_folder("my/readings").name
    'readings'
    """
    if folder is not None:
        if not isinstance(folder, (str, os.PathLike)):
            raise TypeError(f"folder must be the path of a folder (text), not {type(folder).__name__}.")
        return Path(folder).expanduser()
    configured = os.environ.get(READINGS_VARIABLE, "").strip()
    return Path(configured).expanduser() if configured else None


def _quote_pattern(quote: str) -> re.Pattern[str]:
    """A pattern that finds ``quote`` whatever its quotation marks, dashes and line breaks."""
    parts = []
    for char in normalise(quote):
        parts.append(r"\s+" if char == " " else _QUOTE_CLASSES.get(char, re.escape(char)))
    return re.compile("".join(parts))


def highlight(paragraph: str, quotes: Sequence[str]) -> str:
    """A paragraph as escaped HTML, with the quoted passages marked.

    Note numbers are left out, as in the quotations.

    Examples
    --------
    >>> highlight("They said “no” <loudly>.2", ['said "no"'])
    'They <mark>said “no”</mark> &lt;loudly&gt;.'
    """
    text = strip_note_numbers(require_text(paragraph, "paragraph"))
    quotes = as_ids(quotes, "quotes", noun="quotation")
    spans = sorted(match.span() for quote in quotes if quote for match in _quote_pattern(quote).finditer(text))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces += [html.escape(text[position:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def _value(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None or pd.isna(value) else str(value).strip()


def _explanations_by_passage(evidence: pd.DataFrame, explanations: pd.DataFrame) -> dict[str, list[str]]:
    """For each passage, one line per explanation it bears on (evidence.csv rows of kind ``passage``)."""
    require_columns(
        evidence, ("evidence_id", "explanation_id", "stance", "strength", "kind", "ref_id", "reasoning"), "evidence"
    )
    require_columns(explanations, ("explanation_id", "name"), "explanations")
    names = dict(zip(explanations["explanation_id"], explanations["name"], strict=False))
    found: dict[str, list[str]] = {}
    rows = evidence[evidence["kind"] == "passage"].sort_values(["explanation_id", "evidence_id"])
    for row in rows.to_dict("records"):
        strength = {1: "weakly", 2: "moderately", 3: "strongly"}.get(row["strength"], "")
        name = names.get(row["explanation_id"], row["explanation_id"])
        found.setdefault(row["ref_id"], []).append(
            f"{row['stance'].capitalize()} ({strength}) “{name}”: {row['reasoning']}"
        )
    return found


class SourceReader(Explorer):
    """Read one of the four readings closely: its source card, its passages, its text.

    Controls (set ``.value`` from Python, or use them in the notebook):

    - ``reading``: which of the four readings.
    - ``paragraph``: the paragraph shown, numbered as :func:`paragraphs` numbers
      them (only when the full text is available); ``previous`` and ``next``
      step through them.
    - ``passage``: jump to the paragraph of one of the reading's passages,
      found by typing words of its gloss.

    The full text is shown only if the learner has a copy: a plain-text file
    named as ``sources.csv``'s ``text_file`` says, in the folder given by
    ``folder=`` or the ``PURGELIB_READINGS`` environment variable. Otherwise
    ``message`` (shown in place of the text) names the reading by author and
    title and says where to get it, what to name the file and where to put it.
    ``filtered`` is the current reading's passages, listed in a box that
    scrolls; a reader has no chart (``chart`` is None).

    Parameters
    ----------
    reading_id : str, optional
        The reading to open first (default: the first of the four).
    folder : path, optional
        The folder with the texts (see :func:`readings_folder`).
    passages : DataFrame, optional
        Passages to show (default: the course's ``passages`` table).
    evidence, explanations : DataFrame, optional
        Where the reader finds which explanations each passage bears on
        (default: the course's ``evidence`` and ``explanations`` tables).

    Examples
    --------
    >>> reader = SourceReader("lovestone-1937", folder="no/such/folder")
    >>> reader.chart is None, "The Meaning of the Soviet 'Purges'" in reader.message
    (True, True)
    >>> set(reader.filtered["reading_id"])
    {'lovestone-1937'}
    """

    def __init__(
        self,
        reading_id: str | None = None,
        *,
        folder: str | os.PathLike | None = None,
        passages: pd.DataFrame | None = None,
        evidence: pd.DataFrame | None = None,
        explanations: pd.DataFrame | None = None,
    ) -> None:
        super().__init__()
        sources = load("sources")
        self._readings = reading_ids(sources)
        if reading_id is not None and not isinstance(reading_id, str):
            raise TypeError(
                f"reading_id must be a reading's id (text), one of {', '.join(self._readings)}; "
                f"not {type(reading_id).__name__}."
            )
        if reading_id is not None and reading_id not in self._readings:
            raise ValueError(f"Unknown reading {reading_id!r}. The readings are: {', '.join(self._readings)}.")
        passages = load("passages") if passages is None else passages
        require_columns(
            passages,
            ("passage_id", "reading_id", "paragraph", "quote", "gloss", "themes", "events", "people"),
            "passages",
        )
        require_values(passages["reading_id"], self._readings, "reading_id in passages")
        self._passages = passages
        self._sources = {row["source_id"]: row for row in sources.to_dict("records")}
        self._labels = {reading: reading_label(reading, sources) for reading in self._readings}
        self.folder = readings_folder(folder)
        # Read every text once, here: a callback never touches the disk.
        self._unusable: dict[str, str] = {}
        self._texts = {reading: self._read(reading) for reading in self._readings}
        self._event_titles = dict(zip(*(load("events")[column] for column in ("event_id", "title")), strict=False))
        people = load("people")
        self._names = dict(zip(people["person_id"], people["name"], strict=False))
        self._explained = _explanations_by_passage(
            load("evidence") if evidence is None else evidence,
            load("explanations") if explanations is None else explanations,
        )

        wide = {"description_width": "initial"}
        self.reading = toggle_buttons(
            "Reading", [(self._labels[reading], reading) for reading in self._readings], reading_id or self._readings[0]
        )
        self.paragraph = number_box("Paragraph", 1, 1, 1, 1, style=wide, layout=widgets.Layout(width="12em"))
        self.previous = widgets.Button(
            description="◀ previous", tooltip="The previous paragraph", layout=widgets.Layout(width="auto")
        )
        self.next = widgets.Button(
            description="next ▶", tooltip="The next paragraph", layout=widgets.Layout(width="auto")
        )
        self.passage = SearchableChoice("Passage", [], placeholder="type words of a gloss to go to its paragraph")
        self._card = widgets.HTML()
        self._text = widgets.HTML()
        self._listing = widgets.HTML()
        self._navigation = widgets.HBox(
            [self.paragraph, self.previous, self.next, self.passage], layout=widgets.Layout(flex_flow="row wrap")
        )
        self._layout([self.reading], "Reader", body=[self._card, self._navigation, self._text, self._listing])

        self._observe([self.reading], self._on_reading)
        self._observe([self.paragraph], self._on_paragraph)
        self._observe([self.passage], self._on_passage)
        self.previous.on_click(self._guarded(lambda _: self._step(-1)))
        self.next.on_click(self._guarded(lambda _: self._step(1)))
        self._on_reading()

    def _file_names(self, reading: str) -> list[str]:
        """The names a reading's text may have: ``<reading id>.txt``, easy to type, or ``sources.csv``'s ``text_file``.

        Only plain file names count: a name with a folder in it could lead out of the readings folder.
        """
        names = (f"{reading}.txt", _value(self._sources[reading], "text_file"))
        return [name for name in names if name and Path(name).name == name and name not in {".", ".."}]

    def _read(self, reading: str) -> list[str] | None:
        """The reading's paragraphs, or None (with the reason kept for its note) when its text cannot be used."""
        found = [
            self.folder / name
            for name in self._file_names(reading)
            if self.folder is not None and (self.folder / name).is_file()
        ]
        if not found:
            return None
        try:
            text = found[0].read_text(encoding="utf-8-sig")
        except (UnicodeDecodeError, OSError) as error:
            reason = (
                "it is not UTF-8 text"
                if isinstance(error, UnicodeDecodeError)
                else f"it cannot be read ({error.strerror})"
            )
            self._unusable[reading] = (
                f"The file {found[0]} is there, but {reason}: save it again as plain text (UTF-8)."
            )
            return None
        if not text.strip():
            self._unusable[reading] = f"The file {found[0]} is there, but it is empty: save the reading's text into it."
            return None
        return paragraphs(text)

    @property
    def card_html(self) -> str:
        """The HTML of the current reading's source card, as shown."""
        return self._card.value

    @property
    def text_html(self) -> str:
        """The HTML shown in place of the text: the paragraph and its marked passages, or how to get the text."""
        return self._text.value

    @property
    def shows_navigation(self) -> bool:
        """Whether the paragraph box and the buttons that step through the text are shown (only with the text)."""
        return self._navigation.layout.display != "none"

    @property
    def has_text(self) -> bool:
        """Whether the full text of the current reading is available."""
        return self._texts.get(self.reading.value) is not None

    def _on_reading(self, change: dict[str, Any] | None = None) -> None:
        reading = self.reading.value
        self.filtered = passages_for(reading, passages=self._passages)
        self._card.value = source_card(reading)
        self._table_shown = self._listing.value = self._passages_html()
        self.passage.options = tuple(
            (f"¶ {row['paragraph']} · {_shortened(row['gloss'])}", row["passage_id"])
            for row in self.filtered.to_dict("records")
        )
        self.passage.value = ""
        texts = self._texts[reading]
        self._navigation.layout.display = None if texts else "none"
        if texts:
            self.message = ""
            # Back to the first paragraph before the range changes, so the box never clamps to the old reading's.
            self.paragraph.value = 1
            self.paragraph.max = len(texts)
            self._show_paragraph()
        else:
            self.message, self._text.value = self._missing_note(reading)

    def _missing_note(self, reading: str) -> tuple[str, str]:
        """What to do to read the full text, as plain text and HTML: the reading, where to get it, what file, where."""
        row = self._sources[reading]
        access = (_value(row, "access") or "see its source card above").rstrip(".")
        text_file, *other_names = self._file_names(reading)
        call = f'purgelib.SourceReader({reading!r}, folder="~/readings")'
        if self.folder is None:
            folder = "a folder of your own (for example a folder named readings in your home folder)"
            point = (
                f"tell the reader where that folder is: {call}, or set the environment variable {READINGS_VARIABLE} "
                "to the folder before you start JupyterLab"
            )
        else:
            state = "it has no such file yet" if self.folder.is_dir() else "the folder does not exist yet"
            folder = f"the folder {self.folder} ({state})"
            point = "run the cell that opened this reader again"
        heading = "The full text of this reading is not part of the course:"
        steps = [
            f"Get it: {access}.",
            f"Save it as plain text (UTF-8) in a file named {text_file}"
            + (f" (or {other_names[0]}, the name of the course's own copy)" if other_names else "")
            + f" in {folder}; then {point}.",
        ]
        if reading in self._unusable:
            steps.insert(0, self._unusable[reading])
        closing = "The passages and their glosses below work without it."
        work = reference(reading)
        text = " ".join([heading, work, *steps, closing])
        # What a learner types is set as code: the file's name and the call that opens the reader.
        literal = [escape(part) for part in (text_file, *other_names, call)]
        items = "".join(f"<li>{_as_code(escape(step), literal)}</li>" for step in steps)
        markup = (
            f'<div class="purgelib-message purgelib-missing"><p><b>{heading}</b> {escape(work)}</p>'
            f"<ol>{items}</ol><p>{closing}</p></div>"
        )
        return text, markup

    def _on_paragraph(self, change: dict[str, Any]) -> None:
        if self.has_text:
            self._show_paragraph()

    def _on_passage(self, change: dict[str, Any]) -> None:
        chosen = self.filtered[self.filtered["passage_id"] == self.passage.value]
        if len(chosen) and self.has_text:
            self.paragraph.value = min(int(chosen["paragraph"].iloc[0]), self.paragraph.max)

    def _step(self, by: int) -> None:
        self.paragraph.value = max(self.paragraph.min, min(self.paragraph.max, self.paragraph.value + by))

    def _show_paragraph(self) -> None:
        texts = self._texts[self.reading.value] or []  # called only when the reading has its text
        number = self.paragraph.value
        here = self.filtered[self.filtered["paragraph"] == number]
        glosses = "".join(f"<li>{escape(gloss)}</li>" for gloss in here["gloss"])
        self._text.value = (
            f'<div class="purgelib-text"><p><b>¶ {number} of {len(texts)}</b></p>'
            f"<blockquote>{highlight(texts[number - 1], here['quote'].tolist())}</blockquote>"
            + (f"<p>Marked passages:</p><ul>{glosses}</ul>" if glosses else "")
            + "</div>"
        )

    def _passages_html(self) -> str:
        if not len(self.filtered):
            return "<p>No passages of this reading are in the course yet.</p>"
        items = []
        for row in self.filtered.to_dict("records"):
            events = ", ".join(self._event_titles.get(e, e) for e in row["events"] or [])
            people = ", ".join(self._names.get(p, p) for p in row["people"] or [])
            explained = "".join(f"<li>{escape(text)}</li>" for text in self._explained.get(row["passage_id"], []))
            items.append(
                f"<li><b>¶ {escape(row['paragraph'])}</b> “{escape(row['quote'])}”<br><i>{escape(row['gloss'])}</i>"
                + (f"<br>Events: {escape(events)}" if events else "")
                + (f"<br>People: {escape(people)}" if people else "")
                + (f"<br>Explanations it bears on:<ul>{explained}</ul>" if explained else "")
                + "</li>"
            )
        title = f"Passages of {self._labels[self.reading.value]} ({len(items)})"
        listing = scroll_region(f"<ol>{chr(10).join(items)}</ol>", title)
        return f'<div class="purgelib-passages"><p><b>{escape(title)}</b></p>{listing}</div>'


def _as_code(markup: str, literal: Sequence[str]) -> str:
    """``markup`` with each of the ``literal`` pieces in it set as ``<code>``.

    Examples
    --------
    >>> _as_code("Save it as a.txt here.", ["a.txt"])
    'Save it as <code>a.txt</code> here.'
    """
    for piece in literal:
        markup = markup.replace(piece, f"<code>{piece}</code>")
    return markup


def _shortened(text: str, length: int = 60) -> str:
    """``text`` cut at a word before ``length`` characters, with an ellipsis if cut.

    Examples
    --------
    >>> _shortened("The page break is rejoined.", 14)
    'The page…'
    """
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
