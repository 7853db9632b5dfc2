"""purgelib.reader: the readings folder, highlighting, and the SourceReader widget."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

import purgelib
from purgelib.reader import SourceReader, find_quote, highlight, paragraphs, readings_folder

SEEDS = Path("/work/shared/seeds")
READINGS = ["siegelbaum-1997", "askhistorians-snowball", "getty-naumov-1999", "lovestone-1937"]
LOVESTONE_FILE = purgelib.load("sources").set_index("source_id").loc["lovestone-1937", "text_file"]

# A made-up text in the shape of a reading: typographic quotes, a note number,
# a line split by a page break, and text that must not become HTML.
SYNTHETIC = """The Title

First paragraph about “the purges” and <b>power</b>.12
The second paragraph was split by a page
break in the middle — and it goes on.
Third paragraph, with nothing quoted.
"""


def make_passages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "passage_id": ["synthetic-purges", "synthetic-break", "getty-one"],
            "reading_id": ["lovestone-1937", "lovestone-1937", "getty-naumov-1999"],
            "paragraph": pd.array([2, 3, 1], dtype="Int64"),
            "quote": ['about "the purges" and <b>power</b>.', "split by a page break in the middle - and", "nothing"],
            "gloss": ["A gloss with <i>markup</i>.", "The page break is rejoined.", "Another reading."],
            "themes": [["historiography"], ["historiography"], ["party"]],
            "events": [["kirov-murder-1934"], [], []],
            "people": [["ezhov"], [], []],
        }
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / LOVESTONE_FILE).write_text(SYNTHETIC, encoding="utf-8")
    return tmp_path


# --- readings_folder and highlight ------------------------------------------------


def test_readings_folder_argument_then_environment_then_none(monkeypatch, tmp_path):
    monkeypatch.delenv("PURGELIB_READINGS", raising=False)
    assert readings_folder() is None
    monkeypatch.setenv("PURGELIB_READINGS", str(tmp_path))
    assert readings_folder() == tmp_path
    assert readings_folder(tmp_path / "other") == tmp_path / "other"
    monkeypatch.setenv("PURGELIB_READINGS", "  ")
    assert readings_folder() is None


def test_highlight_marks_quotes_whatever_their_typography_and_escapes():
    paragraph = "He said “no” — twice.3 Then <script>x</script> ‘left’."
    assert (
        highlight(paragraph, ['said "no" - twice.'])
        == "He <mark>said “no” — twice.</mark> Then &lt;script&gt;x&lt;/script&gt; ‘left’."
    )
    assert highlight(paragraph, ["'left'"]).endswith("<mark>‘left’</mark>.")
    assert highlight(paragraph, ["not there"]) == "He said “no” — twice. Then &lt;script&gt;x&lt;/script&gt; ‘left’."
    # Overlapping quotes become one mark; a quote may span a line break of the source.
    assert highlight("one two three four", ["one two", "two three"]) == "<mark>one two three</mark> four"
    assert highlight("a b\nc d", ["b c"]) == "a <mark>b\nc</mark> d"
    assert highlight("x <y> z", ["<y>"]) == "x <mark>&lt;y&gt;</mark> z"


# --- the reader without the text ------------------------------------------------------


def test_without_the_text_the_reader_says_how_to_get_it(monkeypatch):
    monkeypatch.delenv("PURGELIB_READINGS", raising=False)
    reader = SourceReader("getty-naumov-1999")
    assert reader.chart is None and not reader.has_text
    access = purgelib.load("sources").set_index("source_id").loc["getty-naumov-1999", "access"]
    assert access.rstrip(".") in reader.message
    assert (
        "002_ee6422314b767b55.txt" in reader.message
        and "folder=" in reader.message
        and "PURGELIB_READINGS" in reader.message
    )
    # Named by author and title, never by its file name alone; the file's name and folder are said as a step.
    assert "Getty, J. Arch, and Oleg V. Naumov. 1999. The Road to Terror" in reader.message
    assert reader.message.index("The Road to Terror") < reader.message.index("002_ee6422314b767b55.txt")
    assert "a folder of your own (for example a folder named readings in your home folder)" in reader.message
    assert "purgelib.SourceReader('getty-naumov-1999', folder=\"~/readings\")" in reader.message
    assert not reader.shows_navigation
    assert reader.text_html.startswith('<div class="purgelib-message purgelib-missing">')
    assert "<code>002_ee6422314b767b55.txt</code>" in reader.text_html and "<li>Get it: " in reader.text_html
    assert set(reader.filtered["reading_id"]) == {"getty-naumov-1999"}
    assert 'data-source="getty-naumov-1999"' in reader.card_html


def test_a_missing_folder_is_named_in_the_note(tmp_path):
    reader = SourceReader("lovestone-1937", folder=tmp_path / "nowhere")
    assert (
        f"a file named lovestone-1937.txt (or {LOVESTONE_FILE}, the name of the course's own copy) "
        f"in the folder {tmp_path / 'nowhere'} (the folder does not exist yet)"
    ) in reader.message
    reader = SourceReader("lovestone-1937", folder=tmp_path)
    assert (
        f"{LOVESTONE_FILE}, the name of the course's own copy) in the folder {tmp_path} "
        "(it has no such file yet); then run the cell"
    ) in reader.message
    assert "Jay. 1937. “The Meaning of the Soviet 'Purges'.”" in reader.message


def test_reading_menu_switches_card_and_passages():
    reader = SourceReader(folder="/nonexistent")
    assert [value for _, value in reader.reading.options] == READINGS
    assert reader.reading.value == "siegelbaum-1997"
    reader.reading.value = "lovestone-1937"
    assert set(reader.filtered["reading_id"]) == {"lovestone-1937"}
    assert reader.filtered["paragraph"].is_monotonic_increasing
    assert 'data-source="lovestone-1937"' in reader.card_html
    assert reader.table_html.count("<li><b>¶") == len(reader.filtered)
    assert len(reader.passage.options) == len(reader.filtered)


def test_passages_show_gloss_events_people_and_escape():
    reader = SourceReader("lovestone-1937", folder="/nonexistent", passages=make_passages())
    listing = reader.table_html
    assert "&lt;b&gt;power&lt;/b&gt;" in listing and "A gloss with &lt;i&gt;markup&lt;/i&gt;." in listing
    assert "Events: " + purgelib.load("events").set_index("event_id").loc["kirov-murder-1934", "title"] in listing
    assert "People: Nikolai Ivanovich Ezhov" in listing
    assert "<b>Passages of Lovestone 1937 (2)</b>" in listing


def test_passages_show_the_explanations_they_bear_on():
    evidence = pd.DataFrame(
        {
            "evidence_id": ["ev-2", "ev-1", "ev-event"],
            "explanation_id": ["snowball", "master-plan", "master-plan"],
            "stance": pd.Categorical(
                ["supports", "challenges", "supports"], categories=["supports", "challenges", "complicates"]
            ),
            "strength": pd.array([2, 3, 1], dtype="Int64"),
            "kind": pd.Categorical(
                ["passage", "passage", "event"], categories=["event", "figure", "person", "passage"]
            ),
            "ref_id": ["synthetic-purges", "synthetic-purges", "synthetic-purges"],
            "reasoning": ["It shows <drift>.", "No plan is visible.", "An event row, not a passage."],
        }
    )
    explanations = pd.DataFrame(
        {"explanation_id": ["master-plan", "snowball"], "name": ["Stalin's master plan", "It snowballed"]}
    )
    reader = SourceReader(
        "lovestone-1937", folder="/nonexistent", passages=make_passages(), evidence=evidence, explanations=explanations
    )
    listing = reader.table_html
    assert (
        "Explanations it bears on:<ul><li>Challenges (strongly) “Stalin&#x27;s master plan”: No plan is visible.</li>"
        in listing
    )
    assert "<li>Supports (moderately) “It snowballed”: It shows &lt;drift&gt;.</li></ul>" in listing
    assert "An event row" not in listing
    assert listing.count("Explanations it bears on") == 1  # only the passage that has evidence


def test_a_reading_without_passages_says_so():
    reader = SourceReader("siegelbaum-1997", folder="/nonexistent", passages=make_passages())
    assert reader.filtered.empty
    assert reader.table_html == "<p>No passages of this reading are in the course yet.</p>"
    assert reader.passage.options == ()


def test_bad_reading_or_passages_are_explained():
    with pytest.raises(ValueError, match="Unknown reading 'lovestone'. The readings are: siegelbaum-1997"):
        SourceReader("lovestone")
    with pytest.raises(ValueError, match="Unknown reading_id in passages: nope"):
        SourceReader(passages=make_passages().assign(reading_id="nope"))
    with pytest.raises(ValueError, match="missing the column\\(s\\) gloss"):
        SourceReader(passages=make_passages().drop(columns="gloss"))


def test_passages_scroll_in_a_named_region_and_every_control_is_named():
    reader = SourceReader("lovestone-1937", folder="/nonexistent", passages=make_passages())
    assert (
        '<div class="purgelib-scroll" tabindex="0" role="region" aria-label="Passages of Lovestone 1937 (2)"><ol>'
        in reader.table_html
    )
    assert [control.description for control in reader.controls()] == [
        "Reading",
        "Paragraph",
        "◀ previous",
        "next ▶",
        "Passage",
    ]
    assert [label for label, _ in reader.reading.options] == [
        "Siegelbaum 1997",
        "r/AskHistorians thread",
        "Getty and Naumov 1999",
        "Lovestone 1937",
    ]
    # A slider's handle has no accessible name, and JupyterLab takes the keys pressed in a list (<select>).
    assert not [
        control
        for control in reader.controls()
        if "Slider" in type(control).__name__ or "Dropdown" in type(control).__name__
    ]


def test_a_failing_change_is_shown_in_the_reader(monkeypatch):
    import purgelib.reader

    reader = SourceReader("lovestone-1937", folder="/nonexistent")

    def broken(*args, **kwargs):
        raise KeyError("passages")

    monkeypatch.setattr(purgelib.reader, "passages_for", broken)
    reader.reading.value = "getty-naumov-1999"
    assert reader.error == "KeyError: 'passages'" and 'role="alert"' in reader.error_shown
    monkeypatch.undo()
    reader.reading.value = "siegelbaum-1997"
    assert reader.error == "" and set(reader.filtered["reading_id"]) == {"siegelbaum-1997"}


# --- the reader with a synthetic text ----------------------------------------------


def test_synthetic_text_is_read_paragraph_by_paragraph_with_marks(folder):
    reader = SourceReader("lovestone-1937", folder=folder, passages=make_passages())
    assert reader.has_text and reader.message == ""
    assert reader.shows_navigation
    assert (reader.paragraph.min, reader.paragraph.max, reader.paragraph.value) == (1, 4, 1)
    assert "¶ 1 of 4" in reader.text_html and "The Title" in reader.text_html
    reader.paragraph.value = 2
    shown = reader.text_html
    assert "<mark>about “the purges” and &lt;b&gt;power&lt;/b&gt;.</mark>" in shown
    assert ".12" not in shown  # note numbers are left out, as in the quotes
    assert "A gloss with &lt;i&gt;markup&lt;/i&gt;." in shown
    reader.next.click()
    assert reader.paragraph.value == 3
    assert "<mark>split by a page break in the middle — and</mark> it goes on." in reader.text_html
    reader.next.click()
    reader.next.click()
    assert reader.paragraph.value == 4 and "<mark>" not in reader.text_html
    reader.previous.click()
    assert reader.paragraph.value == 3


def test_passage_menu_jumps_to_its_paragraph(folder):
    reader = SourceReader("lovestone-1937", folder=folder, passages=make_passages())
    assert reader.passage.options[0] == ("¶ 2 · A gloss with <i>markup</i>.", "synthetic-purges")
    reader.passage.value = "synthetic-break"
    assert reader.paragraph.value == 3


def test_switching_to_a_reading_without_text_hides_the_navigation(folder):
    reader = SourceReader("lovestone-1937", folder=folder, passages=make_passages())
    reader.paragraph.value = 4
    reader.reading.value = "getty-naumov-1999"
    assert not reader.has_text and not reader.shows_navigation
    assert "is not part of the course" in reader.message
    assert reader.filtered["passage_id"].tolist() == ["getty-one"]
    reader.reading.value = "lovestone-1937"
    assert reader.has_text and reader.paragraph.value == 1 and reader.message == ""


def test_environment_variable_points_the_reader_at_the_folder(folder, monkeypatch):
    monkeypatch.setenv("PURGELIB_READINGS", str(folder))
    reader = SourceReader("lovestone-1937", passages=make_passages())
    assert reader.has_text and reader.paragraph.max == 4


# --- the reader with the real readings ------------------------------------------------


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the readings' full texts are not at {SEEDS} (they are never part of the course)"
)
def test_every_course_passage_is_marked_in_its_paragraph_of_the_real_text():
    reader = SourceReader(folder=SEEDS)
    for reading in READINGS:
        reader.reading.value = reading
        assert reader.has_text, reading
        text = (SEEDS / purgelib.load("sources").set_index("source_id").loc[reading, "text_file"]).read_text(
            encoding="utf-8"
        )
        assert reader.paragraph.max == len(paragraphs(text))
        for passage in reader.filtered.to_dict("records"):
            assert find_quote(passage["quote"], text) == passage["paragraph"], passage["passage_id"]
            reader.paragraph.value = int(passage["paragraph"])
            assert "<mark>" in reader.text_html, passage["passage_id"]
            assert html.escape(passage["gloss"]) in reader.text_html


def test_a_text_saved_under_the_reading_id_is_found(tmp_path):
    (tmp_path / "lovestone-1937.txt").write_text(SYNTHETIC, encoding="utf-8")
    reader = SourceReader("lovestone-1937", folder=tmp_path)
    assert reader.has_text and reader.message == ""


def test_one_unreadable_reading_leaves_the_others_readable(tmp_path):
    (tmp_path / "lovestone-1937.txt").write_bytes("Caf\xe9 au lait.\n".encode("cp1252"))
    (tmp_path / "getty-naumov-1999.txt").write_text("", encoding="utf-8")
    (tmp_path / "siegelbaum-1997.txt").write_text(SYNTHETIC, encoding="utf-8")
    lovestone = SourceReader("lovestone-1937", folder=tmp_path)
    assert not lovestone.has_text and "is not UTF-8 text" in lovestone.message
    assert "it is empty" in SourceReader("getty-naumov-1999", folder=tmp_path).message
    assert SourceReader("siegelbaum-1997", folder=tmp_path).has_text
