"""Wrong calls of the public functions outside the explorers: each gets a message in words that names the
argument (or the file) and what is allowed, raised on purpose by purgelib, never a raw error from deep
inside pandas, pathlib or traitlets. (The explorers' sweep is in test_bad_input_explorers.py.)"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import purgelib
from purgelib import data, quiz, render, sources
from purgelib.journal import Journal, JournalError

# Words of Python's own errors: a learner who sees them is left to guess what they did wrong.
RAW_WORDS = (
    "object is not iterable",
    "unhashable type",
    "has no attribute",
    "string indices",
    "expected str, bytes",
    "Errno",
    "KeyError",
    "trait of",
)

QUESTION = "00-readings"
NO_COLUMNS = pd.DataFrame({"x": [1]})


def _journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal")


# (what is called, the call, the error class, words the message must contain)
CASES: list[tuple[str, Callable[[Path], object], type[Exception], str]] = [
    ("cite(None)", lambda _: purgelib.cite(None), TypeError, "source_ids must be"),
    ("cite(5)", lambda _: purgelib.cite(5), TypeError, "or a list of ids"),
    ("cite('no-such-work')", lambda _: purgelib.cite("no-such-work"), ValueError, "No source 'no-such-work'"),
    (
        "cite(sources=frame without columns)",
        lambda _: purgelib.cite("lovestone-1937", sources=NO_COLUMNS),
        ValueError,
        "missing the column(s) source_id",
    ),
    (
        "cite(sources='x')",
        lambda _: purgelib.cite("lovestone-1937", sources="x"),
        TypeError,
        "must be a pandas DataFrame",
    ),
    ("source_card(['a'])", lambda _: purgelib.source_card(["lovestone-1937"]), TypeError, "one work's id as text"),
    ("source_card(None)", lambda _: purgelib.source_card(None), TypeError, "one work's id as text"),
    ("reference(3)", lambda _: sources.reference(3), TypeError, "one work's id as text"),
    ("reading_label('nope')", lambda _: sources.reading_label("nope"), ValueError, "No source 'nope'"),
    ("source_cards(empty frame)", lambda _: purgelib.source_cards(pd.DataFrame()), ValueError, "is_reading"),
    ("passages_for(3)", lambda _: purgelib.passages_for(3), TypeError, "reading_id must be one id"),
    ("passages_for(event_id=['x'])", lambda _: purgelib.passages_for(event_id=["x"]), TypeError, "event_id"),
    (
        "passages_for('lovestone')",
        lambda _: purgelib.passages_for("lovestone"),
        ValueError,
        "The readings are: siegelbaum-1997",
    ),
    ("check(['00-readings'], 'a')", lambda _: purgelib.check([QUESTION], "a"), TypeError, "question_id must be"),
    ("check('nope', 'a')", lambda _: purgelib.check("nope", "a"), ValueError, "No question 'nope'"),
    ("check(id, 5)", lambda _: purgelib.check(QUESTION, 5), TypeError, "choose one of: a, b"),
    ("check(id, 'zz')", lambda _: purgelib.check(QUESTION, "zz"), ValueError, "choose one of: a, b"),
    ("SelfCheck('nope')", lambda _: purgelib.SelfCheck("nope"), ValueError, "Notebooks with questions: 00"),
    ("questions(3)", lambda _: quiz.questions(3), ValueError, "Notebooks with questions"),
    ("load('nope')", lambda _: purgelib.load("nope"), ValueError, "The course's tables are: sources"),
    ("load('../data/events')", lambda _: purgelib.load("../data/events"), ValueError, "No table named"),
    (
        "load(data_dir=missing folder)",
        lambda tmp: purgelib.load("events", data_dir=tmp / "missing"),
        FileNotFoundError,
        "No datapackage.json in",
    ),
    ("describe(None)", lambda _: purgelib.describe(None), ValueError, "No table named None"),
    (
        "allowed('events', 'title')",
        lambda _: purgelib.allowed("events", "title"),
        ValueError,
        "columns that do: date_precision",
    ),
    ("labels('nope', 'x')", lambda _: purgelib.labels("nope", "x"), ValueError, "No table named 'nope'"),
    ("load(data_dir=3)", lambda _: purgelib.load("events", data_dir=3), TypeError, "data_dir must be the path"),
    ("format_date('x')", lambda _: data.format_date("x"), ValueError, "is not a date"),
    (
        "format_date(date, 'week')",
        lambda _: data.format_date("1937-01-01", "week"),
        ValueError,
        "precision must be one of year, month, day",
    ),
    ("partial_date(3)", lambda _: data.partial_date(3, end=False), TypeError, "A date must be text"),
    ("partial_date('1937-13')", lambda _: data.partial_date("1937-13", end=False), ValueError, "not a valid date"),
    ("date_bound([1])", lambda _: data.date_bound([1], end=False, what="start"), TypeError, "start must be a year"),
    ("Journal(3)", lambda _: Journal(3), TypeError, "folder must be a path"),
    ("Journal('').save", lambda _: Journal(""), TypeError, "folder must be a path"),
    ("save(None, text)", lambda tmp: _journal(tmp).save(None, "text"), ValueError, "question_id must be"),
    ("save(id, None)", lambda tmp: _journal(tmp).save("q", None), TypeError, "An answer must be text"),
    ("save(id, text, prompt=3)", lambda tmp: _journal(tmp).save("q", "t", prompt=3), TypeError, "prompt must be text"),
    ("get(['q'])", lambda tmp: _journal(tmp).get(["q"]), ValueError, "question_id must be"),
    ("ask(id, None)", lambda tmp: _journal(tmp).ask("q", None), TypeError, "needs the question's text"),
    ("ask(id, prompt, rows='x')", lambda tmp: _journal(tmp).ask("q", "p", rows="x"), ValueError, "rows is the height"),
    ("ask(id, prompt, rows=0)", lambda tmp: _journal(tmp).ask("q", "p", rows=0), ValueError, "a whole number from 1"),
    ("to_markdown(None)", lambda tmp: _journal(tmp).to_markdown(None), TypeError, "title must be text"),
    ("export(3)", lambda tmp: _journal(tmp).export(3), TypeError, "path must be a path"),
    ("export(a folder)", lambda tmp: _journal(tmp).export(tmp), JournalError, "is a folder; give export() a file"),
    (
        "export(under a file)",
        lambda tmp: _journal(tmp).export(_a_file(tmp) / "answers.md"),
        JournalError,
        "could not be exported to",
    ),
    (
        "save in a folder under a file",
        lambda tmp: Journal(_a_file(tmp) / "journal").save("q", "t"),
        JournalError,
        "cannot be written",
    ),
    ("chart_mimebundle(None)", lambda _: render.chart_mimebundle(None), TypeError, "must be a Vega-Lite dict"),
    ("chart_text('x')", lambda _: render.chart_text("x"), TypeError, "must be a Vega-Lite dict"),
]


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize(("call", "expected", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_wrong_call_gets_a_clear_message_raised_by_purgelib(tmp_path, call, expected, words):
    with pytest.raises(expected) as raised:
        call(tmp_path)
    message = str(raised.value)
    assert words in message
    assert not any(raw in message for raw in RAW_WORDS), message
    # Raised on purpose: the last frame is purgelib's own code, not pandas', pathlib's or traitlets'.
    assert "/purgelib/" in traceback.extract_tb(raised.tb)[-1].filename.replace("\\", "/")


def test_a_save_on_a_full_disk_says_where_and_why_and_changes_nothing(tmp_path, monkeypatch):
    journal = Journal(tmp_path / "journal")
    journal.save("q", "first answer")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(JournalError) as raised:
        journal.save("q", "second answer")
    monkeypatch.undo()
    message = str(raised.value)
    assert (
        str(journal.folder) in message
        and "No space left on device" in message
        and "nothing in it was changed" in message
    )
    assert journal.get("q") == "first answer" and len(journal.history("q")) == 1


def test_a_string_where_ids_are_expected_counts_as_one_id():
    assert purgelib.cite("lovestone-1937") == purgelib.cite(["lovestone-1937"]) == "Lovestone 1937"
    assert purgelib.cite(pd.Series(["lovestone-1937"])) == "Lovestone 1937"
