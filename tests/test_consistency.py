"""The tables agree with each other: one record, not several that a careful reader can catch out.

Each test lists every row that breaks its rule, so a failure says what to fix.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import purgelib
from purgelib.data import format_date

PACKAGE = json.loads((Path(__file__).resolve().parent.parent / "data" / "datapackage.json").read_text(encoding="utf-8"))
# The Soviet state moved to the Gregorian calendar on 14 February 1918 (New Style), which followed 31 January.
GREGORIAN_FROM = pd.Timestamp("1918-02-14")
DEATH_WORDS = re.compile(r"execut|\bshot\b|death|suicide|murder|\bdies\b|\bdied\b|killed", re.IGNORECASE)
ARREST_WORDS = re.compile(r"arrest", re.IGNORECASE)
PERSON_DATES = {"died": DEATH_WORDS, "fate_date": DEATH_WORDS, "arrested": ARREST_WORDS}
FATES_WITH_A_DATE = {"executed", "died-in-custody", "suicide", "murdered", "natural"}
FATES_WITHOUT_A_DATE = {"survived", "unknown"}
POINT_MEASURES = {"population"}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: purgelib.load(name) for name in purgelib.list_datasets()}


def period(date: pd.Timestamp, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a partial date stands for."""
    if precision == "year":
        return date, date + pd.offsets.YearEnd(0)
    if precision == "month":
        return date, date + pd.offsets.MonthEnd(0)
    return date, date


RANK = {"year": 0, "month": 1, "day": 2}


def span_precision(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """How precisely an event dates what happened to one of its people.

    A span (a trial, the arrests of several people over ten days) dates each person's part only to the finest unit
    that holds both its ends: the same day, month or year.
    """
    if pd.isna(end) or (start.year, start.month, start.day) == (end.year, end.month, end.day):
        return precision
    if (start.year, start.month) == (end.year, end.month):
        return precision if RANK[precision] < RANK["month"] else "month"
    return "year"


def event_dates(events: pd.DataFrame) -> list[tuple[str, str, set[str], pd.Timestamp, str]]:
    """(event id, id and title, people, date, how precisely it dates its people's part)."""
    return [
        (
            row.event_id,
            f"{row.event_id} {row.title}",
            set(row.people),
            row.date,
            span_precision(row.date, row.end_date, str(row.date_precision)),
        )
        for row in events.itertuples()
    ]


def imprecise_person_dates(people: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """A person's arrest or death written less precisely than an event about it that falls in the same period."""
    wrong = []
    about = event_dates(events)
    for person in people.itertuples():
        for column, words in PERSON_DATES.items():
            value, precision = getattr(person, column), getattr(person, f"{column}_precision")
            if pd.isna(value):
                continue
            first, last = period(value, str(precision))
            for event_id, text, involved, date, event_precision in about:
                if person.person_id not in involved or not words.search(text):
                    continue
                if first <= date <= last and RANK[event_precision] > RANK[str(precision)]:
                    wrong.append(
                        f"people {person.person_id}.{column} = {person_date_text(person, column)} but event "
                        f"{event_id} dates it to the {event_precision}: {date:%Y-%m-%d}"
                    )
    return wrong


def person_date_text(row, column: str) -> str:
    value, precision = getattr(row, column), str(getattr(row, f"{column}_precision"))
    return {"year": f"{value:%Y}", "month": f"{value:%Y-%m}"}.get(precision, f"{value:%Y-%m-%d}")


def old_style(date: pd.Timestamp) -> pd.Timestamp:
    """The Julian (Old Style) date of a Gregorian date before 1918: 12 days behind in the 19th century, 13 after."""
    return date - pd.Timedelta(days=12 if date < pd.Timestamp("1900-03-13") else 13)


def calendar_problems(people: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Every day-precise date before February 1918 is New Style and gives the Old Style date in the notes."""
    wrong = []
    for row in people.itertuples():
        notes = row.notes if isinstance(row.notes, str) else ""
        for column in ("born", "died", "fate_date", "arrested"):
            value = getattr(row, column)
            if pd.isna(value) or getattr(row, f"{column}_precision") != "day" or value >= GREGORIAN_FROM:
                continue
            if "Gregorian calendar" in notes:
                continue
            julian = format_date(old_style(value))
            if not ("Old Style" in notes and julian in notes):
                wrong.append(
                    f"people {row.person_id}.{column} = {value:%Y-%m-%d}: notes must give the Old Style date "
                    f"'{julian} Old Style' (or say the Gregorian calendar applied there)"
                )
    for row in events.itertuples():
        if row.date_precision != "day" or row.date >= GREGORIAN_FROM:
            continue
        julian = old_style(row.date)
        if f"{julian.day} {format_date(julian).split()[1]}" not in row.summary:
            wrong.append(
                f"events {row.event_id}: {row.date:%Y-%m-%d} New Style; the summary must give the Old Style "
                f"day ({format_date(julian)})"
            )
    return wrong


def test_a_persons_dates_are_as_precise_as_the_events_about_them(tables):
    wrong = imprecise_person_dates(tables["people"], tables["events"])
    assert not wrong, "\n".join(wrong)


def test_dates_are_new_style_with_the_old_style_date_in_the_notes(tables):
    wrong = calendar_problems(tables["people"], tables["events"])
    assert not wrong, "\n".join(wrong)


def test_old_style_conversion_is_right():
    assert format_date(old_style(pd.Timestamp("1878-12-18"))) == "6 December 1878"  # Stalin's birth
    assert format_date(old_style(pd.Timestamp("1917-11-07"))) == "25 October 1917"  # the October Revolution


def test_executed_people_have_an_arrest_date_or_a_note_why_not(tables):
    people = tables["people"]
    executed = people[people["fate"] == "executed"]
    wrong = [
        row.person_id
        for row in executed.itertuples()
        if pd.isna(row.arrested) and not (isinstance(row.notes, str) and "arrest" in row.notes.lower())
    ]
    assert not wrong, f"executed without an arrest date or a note on the arrest: {wrong}"


def test_fate_and_fate_date_agree(tables):
    wrong = []
    for row in tables["people"].itertuples():
        if row.fate in FATES_WITHOUT_A_DATE and pd.notna(row.fate_date):
            wrong.append(f"{row.person_id}: fate '{row.fate}' has no date, but fate_date is {row.fate_date:%Y-%m-%d}")
        if row.fate in FATES_WITH_A_DATE and pd.isna(row.fate_date) and pd.notna(row.died):
            wrong.append(f"{row.person_id}: fate '{row.fate}' needs a fate_date (died {row.died:%Y-%m-%d})")
        dated = row.fate in FATES_WITH_A_DATE and pd.notna(row.fate_date) and pd.notna(row.died)
        if dated and person_date_text(row, "fate_date") != person_date_text(row, "died"):
            wrong.append(
                f"{row.person_id}: fate_date {person_date_text(row, 'fate_date')} "
                f"but died {person_date_text(row, 'died')}"
            )
    assert not wrong, "\n".join(wrong)


def test_a_population_is_counted_on_one_day(tables):
    """A population is people held on a date; a maximum over a period with no date is `peak-population`."""
    victims = tables["victims"]
    stocks = victims[victims["measure"].isin(POINT_MEASURES)]
    wrong = [
        f"{row.figure_id}: {row.measure} counted {row.period_start:%Y-%m-%d} ({row.period_start_precision}) to "
        f"{row.period_end:%Y-%m-%d} ({row.period_end_precision})"
        for row in stocks.itertuples()
        if row.period_start != row.period_end or row.period_start_precision != "day"
    ]
    rule = "a population is counted on one day (a peak with no date is peak-population)"
    assert not wrong, f"{rule}:\n" + "\n".join(wrong)


def test_a_range_has_both_bounds(tables):
    victims = tables["victims"]
    half = victims[victims["value_low"].isna() != victims["value_high"].isna()]
    assert half.empty, f"give both value_low and value_high, or neither: {half['figure_id'].tolist()}"


def same_period(a, b) -> bool:
    """Two periods count the same stretch of time: they overlap by at least half of the longer one.

    A running total for the first weeks, or one year of two, is part of a longer count, not a rival to it.
    """
    overlap = (min(a.period_end, b.period_end) - max(a.period_start, b.period_start)).days + 1
    longer = max((a.period_end - a.period_start).days, (b.period_end - b.period_start).days) + 1
    return overlap >= longer / 2


def overlapping_disagreements(victims: pd.DataFrame) -> list[str]:
    """Rows of one category and measure that count the same period, differ, and do not name each other."""
    wrong = []
    for (_, _), group in victims.groupby(["category", "measure"], observed=True):
        for a, b in itertools.combinations(group.itertuples(), 2):
            if not same_period(a, b):
                continue
            values_a = (a.value, a.value_low, a.value_high)
            values_b = (b.value, b.value_low, b.value_high)
            if [None if pd.isna(v) else int(v) for v in values_a] == [None if pd.isna(v) else int(v) for v in values_b]:
                continue
            for this, other in ((a, b), (b, a)):
                if other.figure_id not in (this.notes if isinstance(this.notes, str) else ""):
                    wrong.append(f"{this.figure_id} does not name {other.figure_id}")
    return wrong


def test_disagreeing_figures_name_each_other(tables):
    wrong = overlapping_disagreements(tables["victims"])
    assert not wrong, f"{len(wrong)} missing cross-references:\n" + "\n".join(wrong)


def test_the_checks_catch_what_they_are_for():
    people = pd.DataFrame(
        {
            "person_id": ["x"],
            "died": [pd.Timestamp("1937-06-01")],
            "died_precision": ["month"],
            "fate_date": [pd.NaT],
            "fate_date_precision": [None],
            "arrested": [pd.NaT],
            "arrested_precision": [None],
            "born": [pd.Timestamp("1891-11-07")],
            "born_precision": ["day"],
            "notes": [""],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["x-execution-1937"],
            "title": ["X shot"],
            "people": [["x"]],
            "date": [pd.Timestamp("1937-06-12")],
            "end_date": [pd.NaT],
            "date_precision": ["day"],
            "summary": ["X is shot."],
        }
    )
    assert imprecise_person_dates(people, events) == [
        "people x.died = 1937-06 but event x-execution-1937 dates it to the day: 1937-06-12"
    ]
    assert calendar_problems(people, events)[0].startswith("people x.born = 1891-11-07")
    victims = pd.DataFrame(
        {
            "figure_id": ["a", "b"],
            "category": ["gulag", "gulag"],
            "measure": ["population"] * 2,
            "period_start": [pd.Timestamp("1939-01-01")] * 2,
            "period_end": [pd.Timestamp("1939-01-01")] * 2,
            "value": [1, 2],
            "value_low": [None, None],
            "value_high": [None, None],
            "notes": ["Compare b.", ""],
        }
    )
    assert overlapping_disagreements(victims) == ["b does not name a"]
    victims.loc[1, ["period_start", "period_end"]] = [pd.Timestamp("1939-06-01"), pd.Timestamp("1939-06-01")]
    assert overlapping_disagreements(victims) == [], "counts on different days do not disagree"


def school_members() -> dict[str, set[str]]:
    """The surnames the data dictionary names, in brackets, for each school of ``explanations.school``."""
    field = next(
        f
        for r in PACKAGE["resources"]
        if r["name"] == "explanations"
        for f in r["schema"]["fields"]
        if f["name"] == "school"
    )
    found = {}
    for code in field["constraints"]["enum"]:
        bracket = re.search(rf"`{code}` [^`]*?\(([^)]*)\)", field["description"])
        found[code] = set(re.findall(r"[A-Z][a-z]+", bracket.group(1))) if bracket else set()
    return found


def school_problems(explanations: pd.DataFrame, people: pd.DataFrame) -> list[str]:
    """Proponents the data dictionary places only in another school than the row's."""
    surname = {row.person_id: row.name.split()[-1] for row in people.itertuples()}
    members = school_members()
    wrong = []
    for row in explanations.itertuples():
        for person in row.proponents:
            schools = {code for code, names in members.items() if surname[person] in names}
            if schools and row.school not in schools:
                wrong.append(
                    f"{row.explanation_id} ({row.school}): proponent {person} is {', '.join(sorted(schools))} "
                    "in the data dictionary"
                )
    return wrong


def test_schools_follow_the_data_dictionary(tables):
    assert school_members()["post-archival"] >= {"Goldman", "Harris"}
    wrong = school_problems(tables["explanations"], tables["people"])
    assert not wrong, "\n".join(wrong)


def test_proponents_are_historians_and_participants_are_not(tables):
    group = dict(zip(tables["people"]["person_id"], tables["people"]["group"], strict=True))
    wrong = []
    for row in tables["explanations"].itertuples():
        where = row.explanation_id
        wrong += [f"{where}: proponent {p} is not a historian" for p in row.proponents if group[p] != "historian"]
        wrong += [f"{where}: participant {p} is a historian" for p in row.participants if group[p] == "historian"]
        if not row.proponents and not row.participants and "without naming" not in row.claim:
            wrong.append(f"{row.explanation_id}: no proponent or participant, and the claim does not say why")
    assert not wrong, "\n".join(wrong)
