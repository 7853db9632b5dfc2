"""purgelib.sources: citations, source cards (escaped) and passages."""

from __future__ import annotations

import pandas as pd
import pytest

import purgelib
from purgelib.sources import (
    SourceCards,
    cite,
    passages_for,
    reading_ids,
    reading_label,
    reference,
    source_card,
    source_cards,
)

READINGS = ["siegelbaum-1997", "askhistorians-snowball", "getty-naumov-1999", "lovestone-1937"]


def make_sources() -> pd.DataFrame:
    """Sources with the columns of sources.csv, including awkward ones."""
    columns = [
        "source_id",
        "kind",
        "authors",
        "year",
        "title",
        "container",
        "publisher",
        "url",
        "is_reading",
        "genre",
        "audience",
        "stance",
        "access",
        "text_file",
        "notes",
    ]
    rows = [
        [
            "solo-2001",
            "book",
            "Solo, Ann",
            2001,
            "A Book",
            None,
            "London: Press",
            None,
            True,
            "Monograph",
            "Students",
            "<script>alert(1)</script>",
            "In libraries",
            "solo.txt",
            None,
        ],
        [
            "pair-1999",
            "article",
            "First, A.; Second, B.",
            1999,
            "An Article",
            "Journal 3, no. 2: 1–20",
            None,
            "https://doi.org/10/x",
            False,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "trio-2010",
            "book",
            "One, A.; Two, B.; Three, C.",
            2010,
            "Three",
            None,
            "Oxford: OUP",
            None,
            False,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "many-2020",
            "edited-volume",
            "A, A.; B, B.; C, C.; D, D.",
            2020,
            "Many",
            None,
            None,
            None,
            False,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "undated",
            "forum-thread",
            "someuser",
            None,
            "A question?",
            "r/Forum, Site",
            None,
            None,
            True,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"year": "Int64", "is_reading": "boolean"})


def test_cite_short_author_date_for_every_number_of_authors():
    sources = make_sources()
    assert cite("solo-2001", sources) == "Solo 2001"
    assert cite(["pair-1999"], sources) == "First and Second 1999"
    assert cite(["trio-2010"], sources) == "One, Two, and Three 2010"
    assert cite(["many-2020"], sources) == "A et al. 2020"
    assert cite(["undated"], sources) == "someuser n.d."
    assert cite("solo-2001;pair-1999", sources) == "Solo 2001; First and Second 1999"
    assert cite([], sources) == ""


def test_cite_course_sources_and_unknown_ids():
    assert cite(["getty-naumov-1999", "siegelbaum-1997"]) == "Getty and Naumov 1999; Siegelbaum 1997"
    with pytest.raises(ValueError, match="No source 'nope' in sources.csv"):
        cite(["getty-naumov-1999", "nope"])
    with pytest.raises(ValueError, match="missing the column\\(s\\) year"):
        cite("solo-2001", make_sources().drop(columns="year"))


def test_reference_is_a_full_chicago_entry():
    sources = make_sources()
    assert (
        reference("pair-1999", sources)
        == "First, A., and B. Second. 1999. “An Article.” Journal 3, no. 2: 1–20. https://doi.org/10/x."
    )
    assert reference("solo-2001", sources) == "Solo, Ann. 2001. A Book. London: Press."
    assert reference("trio-2010", sources) == "One, A., B. Two, and C. Three. 2010. Three. Oxford: OUP."
    assert reference("undated", sources) == "someuser. n.d. “A question?” r/Forum, Site."


def test_every_course_source_can_be_cited_and_referenced():
    for source_id in purgelib.load("sources")["source_id"]:
        assert cite(source_id)
        assert reference(source_id).endswith(".")


def test_reading_ids_and_labels():
    assert reading_ids() == READINGS
    assert [reading_label(r) for r in READINGS] == [
        "Siegelbaum 1997",
        "r/AskHistorians thread",
        "Getty and Naumov 1999",
        "Lovestone 1937",
    ]
    assert reading_ids(make_sources()) == ["solo-2001", "undated"]
    assert reading_label("undated", make_sources()) == "r/Forum thread"


def test_source_card_has_the_fields_a_learner_needs_and_escapes_them():
    card = source_card("solo-2001", make_sources())
    assert "<script>" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card
    for label, value in [
        ("Author(s)", "Solo, Ann"),
        ("Year", "2001"),
        ("Title", "A Book"),
        ("Publisher", "London: Press"),
        ("Genre", "Monograph"),
        ("Written for", "Students"),
        ("Getting the full text", "In libraries"),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in card
    assert "<dt>In</dt>" not in card  # empty fields are left out
    assert "<dt>Year</dt><dd>undated</dd>" in source_card("undated", make_sources())


def test_course_source_cards_for_the_four_readings():
    cards = source_cards()
    assert isinstance(cards, SourceCards) and len(cards) == 4
    assert cards.source_ids == READINGS
    shown = cards._repr_html_()
    assert shown.count('class="purgelib-card"') == 4
    for reading in READINGS:
        assert f'data-source="{reading}"' in shown
        access = purgelib.load("sources").set_index("source_id").loc[reading, "access"]
        assert purgelib._explorer.escape(access) in shown
    text = repr(cards)
    assert text.splitlines()[0] == "Siegelbaum 1997"
    assert "Getting the full text:" in text and "<" not in text.replace("<script>", "")
    assert repr(source_cards()) == text  # deterministic, for nbval


def test_source_cards_of_a_learner_frame_and_unknown_ids():
    cards = SourceCards(["solo-2001", "undated"], make_sources())
    assert "&lt;script&gt;" in cards._repr_html_()
    with pytest.raises(ValueError, match="No source 'nope'"):
        SourceCards(["nope"], make_sources())


def make_passages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "passage_id": ["l-b", "g-a", "l-a", "s-a"],
            "reading_id": ["lovestone-1937", "getty-naumov-1999", "lovestone-1937", "siegelbaum-1997"],
            "paragraph": pd.array([9, 4, 2, 1], dtype="Int64"),
            "quote": ["q1", "q2", "q3", "q4"],
            "gloss": ["g1", "g2", "g3", "g4"],
            "themes": [["trials"], ["party"], ["military"], ["economy"]],
            "events": [["kirov-murder-1934"], [], ["kirov-murder-1934", "tukhachevsky-arrest-1937"], None],
            "people": [["kirov"], ["stalin"], [], ["stalin"]],
        }
    )


def test_passages_for_filters_and_orders_by_reading_then_paragraph():
    passages = make_passages()
    assert passages_for(passages=passages)["passage_id"].tolist() == ["s-a", "g-a", "l-a", "l-b"]
    assert passages_for("lovestone-1937", passages=passages)["passage_id"].tolist() == ["l-a", "l-b"]
    assert passages_for(event_id="kirov-murder-1934", passages=passages)["passage_id"].tolist() == ["l-a", "l-b"]
    assert passages_for(person_id="stalin", passages=passages)["passage_id"].tolist() == ["s-a", "g-a"]
    assert passages_for("lovestone-1937", event_id="tukhachevsky-arrest-1937", passages=passages)[
        "passage_id"
    ].tolist() == ["l-a"]
    assert passages_for(person_id="nobody", passages=passages).empty
    assert list(passages_for(passages=passages).columns) == list(passages.columns)


def test_passages_for_course_data_and_bad_input():
    found = passages_for("lovestone-1937")
    assert len(found) and set(found["reading_id"]) == {"lovestone-1937"}
    assert found["paragraph"].is_monotonic_increasing
    with pytest.raises(ValueError, match="Unknown reading 'lovestone'. The readings are: siegelbaum-1997"):
        passages_for("lovestone")
    with pytest.raises(ValueError, match="missing the column\\(s\\) gloss"):
        passages_for(passages=make_passages().drop(columns="gloss"))
