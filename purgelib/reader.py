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
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["paragraphs", "normalise", "strip_note_numbers", "find_quote"]

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
    for line in (raw.strip() for raw in text.splitlines()):
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
    return _NOTE_NUMBER.sub("", text)


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
    needle = normalise(quote)
    for number, paragraph in enumerate(paragraphs(text), start=1):
        if needle in normalise(paragraph):
            return number
    return None
