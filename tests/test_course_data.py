"""The course data themselves: enough of it, cited, consistent, and quotations true to the readings."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from conftest import SEEDS

import purgelib
from purgelib.reader import find_quote, normalise, paragraphs

READINGS = ["siegelbaum-1997", "askhistorians-snowball", "getty-naumov-1999", "lovestone-1937"]
DAY_PRECISION_EVENTS = [
    "riutin-platform-1932",
    "seventeenth-congress-1934",
    "kirov-murder-1934",
    "law-of-1-december-1934",
    "stakhanov-record-1935",
    "first-moscow-trial-1936",
    "first-moscow-trial-verdict-1936",
    "ezhov-appointed-1936",
    "second-moscow-trial-1937",
    "second-moscow-trial-verdict-1937",
    "february-march-plenum-1937",
    "ordzhonikidze-death-1937",
    "bukharin-rykov-arrest-1937",
    "tukhachevsky-arrest-1937",
    "gamarnik-suicide-1937",
    "tukhachevsky-execution-1937",
    "politburo-anti-soviet-elements-1937",
    "order-00447-1937",
    "polish-operation-1937",
    "german-operation-1937",
    "third-moscow-trial-1938",
    "third-moscow-trial-verdict-1938",
    "mass-operations-end-1938",
    "beria-replaces-ezhov-1938",
    "ezhov-arrest-1939",
    "ezhov-execution-1940",
    "trotsky-murder-1940",
    "secret-speech-1956",
]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: purgelib.load(name) for name in purgelib.list_datasets()}


@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        ("sources", 30),
        ("events", 150),
        ("people", 80),
        ("victims", 60),
        ("explanations", 12),
        ("evidence", 150),
        ("passages", 80),
        ("glossary", 40),
    ],
)
def test_each_table_holds_what_the_course_needs(tables, name, minimum):
    assert len(tables[name]) >= minimum


def test_every_row_cites_a_source(tables):
    for name, frame in tables.items():
        if "source_ids" in frame:
            uncited = frame[frame["source_ids"].map(len) == 0]
            assert uncited.empty, f"{name}: {len(uncited)} uncited rows"


def test_the_four_readings_are_marked_and_described(tables):
    sources = tables["sources"].set_index("source_id")
    assert sorted(sources.index[sources["is_reading"]]) == sorted(READINGS)
    for reading in READINGS:
        for column in ("genre", "audience", "stance", "access", "text_file"):
            assert isinstance(sources.loc[reading, column], str), f"{reading} needs {column} for its source card"


def test_events_are_dense_for_the_terror_and_key_events_are_dated_to_the_day(tables):
    events = tables["events"].set_index("event_id")
    years = events["date"].dt.year
    assert years.min() <= 1917 and years.max() >= 1991
    assert years.between(1932, 1938).sum() >= 80
    missing = [e for e in DAY_PRECISION_EVENTS if e not in events.index]
    assert not missing, missing
    vague = [e for e in DAY_PRECISION_EVENTS if events.loc[e, "date_precision"] != "day"]
    assert not vague, vague


def test_every_reading_mentions_events_and_people(tables):
    for reading in READINGS:
        assert sum(reading in ids for ids in tables["events"]["readings"]) >= 3, reading
        assert sum(reading in ids for ids in tables["people"]["readings"]) >= 3, reading


def test_disagreements_are_kept_as_separate_rows(tables):
    appointed = tables["events"][tables["events"]["event_id"].str.startswith("ezhov-appointed")]
    assert set(appointed["date"].dt.strftime("%Y-%m-%d")) >= {"1936-09-25", "1936-09-26"}
    victims = tables["victims"]
    order_00447_shot = victims[
        (victims["category"] == "order-00447")
        & victims["measure"].isin(["executed", "sentenced-to-death"])
        & (victims["basis"] != "official-quota")
    ]
    assert order_00447_shot["source_ids"].map(tuple).nunique() >= 2, (
        "keep each source's count of Order 00447's death sentences"
    )


def test_victim_figures_have_every_basis_and_sane_ranges(tables):
    victims = tables["victims"]
    assert set(victims["basis"]) >= {"archival-count", "official-quota", "scholarly-estimate", "pre-archival-estimate"}
    ranged = victims.dropna(subset=["value_low", "value_high"])
    assert (ranged["value_low"] <= ranged["value_high"]).all()
    assert (victims["period_start"] <= victims["period_end"]).all()


def test_people_dates_are_plausible(tables):
    people = tables["people"]
    lived = people.dropna(subset=["born", "died"])
    assert ((lived["died"] - lived["born"]).dt.days / 365.25).between(15, 110).all()
    executed = people[people["fate"] == "executed"]
    assert executed["fate_date"].notna().mean() > 0.8, "most executions should be dated"


def test_passages_are_short_located_and_from_the_readings(tables):
    passages = tables["passages"]
    counts = Counter(passages["reading_id"])
    assert set(counts) == set(READINGS)
    assert min(counts.values()) >= 10, counts
    assert passages["quote"].str.split().map(len).max() <= 50
    assert "…" not in "".join(passages["quote"]) and "..." not in "".join(passages["quote"])


def test_every_explanation_has_evidence_for_and_against(tables):
    evidence = tables["evidence"]
    for explanation in tables["explanations"]["explanation_id"]:
        stances = set(evidence.loc[evidence["explanation_id"] == explanation, "stance"])
        assert {"supports", "challenges"} <= stances, f"{explanation}: {sorted(stances)}"


def test_the_glossary_covers_the_readings_vocabulary(tables):
    terms = set(tables["glossary"]["term"].str.lower())
    for term in ("nomenklatura", "troika", "kulak", "nep", "orgburo", "ezhovshchina", "smychka"):
        assert any(term in t for t in terms), term


def reading_texts(tables) -> dict[str, str]:
    if not SEEDS.exists():
        pytest.skip(
            f"The readings' full texts are not beside the checkout ({SEEDS}); quotations cannot be checked here."
        )
    sources = tables["sources"].set_index("source_id")
    return {reading: (SEEDS / sources.loc[reading, "text_file"]).read_text(encoding="utf-8") for reading in READINGS}


def test_every_quotation_is_verbatim_at_its_paragraph(tables):
    texts = reading_texts(tables)
    wrong = []
    for row in tables["passages"].itertuples():
        numbered = paragraphs(texts[row.reading_id])
        in_range = 1 <= row.paragraph <= len(numbered)
        if not in_range or normalise(row.quote) not in normalise(numbered[row.paragraph - 1]):
            found = find_quote(row.quote, texts[row.reading_id])
            wrong.append(f"{row.passage_id}: not found at ¶{row.paragraph} (found at {found})")
    assert not wrong, "\n".join(wrong)


def test_the_paragraph_numbering_is_stable(tables):
    texts = reading_texts(tables)
    assert {reading: len(paragraphs(text)) for reading, text in texts.items()} == {
        "siegelbaum-1997": 5,
        "askhistorians-snowball": 9,
        "getty-naumov-1999": 102,
        "lovestone-1937": 55,
    }
