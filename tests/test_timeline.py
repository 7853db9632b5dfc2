"""purgelib.timeline: filtering, the chart, and the explorer driven from Python."""

from __future__ import annotations

import pandas as pd
import pytest

import purgelib
from purgelib._explorer import PALETTE
from purgelib.timeline import (
    EVENT_COLUMNS,
    TimelineExplorer,
    event_period,
    event_themes,
    filter_events,
    format_date,
    theme_words,
    timeline_chart,
)

THEMES = event_themes()
WORDS = theme_words(THEMES)


def make_events() -> pd.DataFrame:
    """Events typed as purgelib.load("events") types them."""
    rows = [
        # event_id, date, end, precision, title, summary, theme, people, place, sources, readings, importance
        (
            "famine-1932",
            "1932-01-01",
            "1933-12-31",
            "year",
            "Famine",
            "Hunger in the grain regions.",
            "countryside",
            [],
            "Ukraine",
            ["src-a"],
            ["getty-naumov-1999"],
            1,
        ),
        (
            "kirov-murder-1934",
            "1934-12-01",
            None,
            "day",
            "Kirov murdered",
            "Kirov is shot in Leningrad.",
            "police",
            ["kirov", "nikolaev"],
            "Leningrad",
            ["src-a", "src-b"],
            ["siegelbaum-1997"],
            1,
        ),
        (
            "ezhov-appointed-1936",
            "1936-09-26",
            None,
            "day",
            "Ezhov heads the NKVD",
            "Ezhov replaces Iagoda.",
            "police",
            ["ezhov", "yagoda"],
            "Moscow",
            ["src-b"],
            ["askhistorians-snowball"],
            1,
        ),
        (
            "script-1937",
            "1937-03",
            None,
            "month",
            "<script>alert(1)</script>",
            "A <b>bold</b> summary.",
            "party",
            ["stalin"],
            "Moscow",
            ["src-a"],
            [],
            3,
        ),
        (
            "tukhachevsky-arrest-1937",
            "1937-05-22",
            None,
            "day",
            "Tukhachevskii arrested",
            "The marshal is arrested.",
            "military",
            ["tukhachevsky", "ezhov"],
            "Kuibyshev",
            ["src-b"],
            ["askhistorians-snowball", "lovestone-1937"],
            2,
        ),
        (
            "mass-operations-1937",
            "1937-07",
            "1938-11-30",
            "month",
            "Mass operations",
            "Quotas of arrests and executions.",
            "police",
            ["ezhov"],
            "USSR",
            ["src-a"],
            [],
            1,
        ),
        (
            "secret-speech-1956",
            "1956-02-25",
            None,
            "day",
            "Secret speech",
            "Khrushchev denounces Stalin.",
            "aftermath",
            ["khrushchev", "stalin"],
            "Moscow",
            ["src-b"],
            ["askhistorians-snowball"],
            2,
        ),
    ]
    frame = pd.DataFrame(
        rows,
        columns=list(EVENT_COLUMNS),
    )
    frame["date"] = pd.to_datetime(frame["date"], format="mixed")
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["end_date_precision"] = pd.Categorical(
        ["year", None, None, None, None, "month", None], categories=["year", "month", "day"]
    )
    frame["date_precision"] = pd.Categorical(frame["date_precision"], categories=["day", "month", "year"])
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(THEMES))
    frame["importance"] = frame["importance"].astype("Int64")
    return frame


def make_people() -> pd.DataFrame:
    rows = [
        ("kirov", "Sergei Mironovich Kirov", []),
        ("nikolaev", "Leonid Vasilevich Nikolaev", []),
        ("ezhov", "Nikolai Ivanovich Ezhov", ["Yezhov"]),
        ("yagoda", "Genrikh Grigorevich Iagoda", ["Yagoda"]),
        ("stalin", "Iosif Vissarionovich Stalin", ["Joseph Stalin"]),
        ("tukhachevsky", "Mikhail Nikolaevich Tukhachevskii", []),
        ("khrushchev", "Nikita Sergeevich Khrushchev", []),
    ]
    return pd.DataFrame(
        {
            "person_id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "aliases": pd.Series([r[2] for r in rows], dtype=object),
        }
    )


def make_sources() -> pd.DataFrame:
    rows = [
        ("src-a", "book", "Alpha, Ann", 1990, "Alpha's Book", None, "London: Press", False),
        ("src-b", "article", "Beta, Bob; Gamma, Gil", 2005, "An <i>Article</i>", "Journal 1", None, False),
        (
            "siegelbaum-1997",
            "chapter",
            "Siegelbaum, Lewis H.",
            1997,
            "Building Stalinism",
            "Russia: A History",
            None,
            True,
        ),
        (
            "askhistorians-snowball",
            "forum-thread",
            "someone",
            None,
            "Did it snowball?",
            "r/AskHistorians, Reddit",
            None,
            True,
        ),
        ("getty-naumov-1999", "book", "Getty, J. Arch; Naumov, Oleg V.", 1999, "The Road to Terror", None, None, True),
        (
            "lovestone-1937",
            "periodical-article",
            "Lovestone, Jay",
            1937,
            "The Meaning of the Soviet 'Purges'",
            "Workers Age",
            None,
            True,
        ),
    ]
    frame = pd.DataFrame(
        rows, columns=["source_id", "kind", "authors", "year", "title", "container", "publisher", "is_reading"]
    )
    return frame.astype({"year": "Int64", "is_reading": "boolean"})


def make_passages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "passage_id": ["kirov-passage", "other"],
            "reading_id": ["siegelbaum-1997", "lovestone-1937"],
            "paragraph": pd.array([4, 2], dtype="Int64"),
            "quote": ["Kirov <was> killed", "generals fell"],
            "gloss": ["The murder as a pretext.", "A contemporary view."],
            "events": [["kirov-murder-1934"], ["tukhachevsky-arrest-1937"]],
        }
    )


@pytest.fixture
def explorer() -> TimelineExplorer:
    return TimelineExplorer(make_events(), people=make_people(), passages=make_passages(), sources=make_sources())


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["event_id"].tolist()


def chart_data(chart) -> list[dict]:
    spec = chart.to_dict()
    return spec["datasets"][spec["data"]["name"]]


# --- pure functions -----------------------------------------------------------


def test_format_date_and_period_follow_the_precision():
    assert format_date(pd.Timestamp("1934-12-01"), "day") == "1 December 1934"
    assert format_date(pd.Timestamp("1937-03-01"), "month") == "March 1937"
    assert format_date(pd.Timestamp("1937-01-01"), "year") == "1937"
    assert format_date(pd.NaT) == ""
    rows = make_events().set_index("event_id", drop=False).to_dict("index")
    assert event_period(rows["famine-1932"]) == "1932 – 1933"
    assert event_period(rows["mass-operations-1937"]) == "July 1937 – November 1938"
    assert event_period(rows["kirov-murder-1934"]) == "1 December 1934"


def test_filter_by_years_and_partial_dates():
    events = make_events()
    assert ids(filter_events(events, start=1936, end=1937)) == [
        "ezhov-appointed-1936",
        "script-1937",
        "tukhachevsky-arrest-1937",
        "mass-operations-1937",
    ]
    assert ids(filter_events(events, start="1937-05", end="1937-05")) == ["tukhachevsky-arrest-1937"]
    assert ids(filter_events(events, end=pd.Timestamp("1933-01-01"))) == ["famine-1932"]
    assert ids(filter_events(events)) == ids(events)
    assert list(filter_events(events, start=1937).columns) == list(events.columns)


def test_filter_by_theme_person_reading_and_text():
    events, people = make_events(), make_people()
    assert ids(filter_events(events, themes=["military", "aftermath"])) == [
        "tukhachevsky-arrest-1937",
        "secret-speech-1956",
    ]
    assert ids(filter_events(events, themes="countryside")) == ["famine-1932"]
    assert ids(filter_events(events, person="Yezhov", people=people)) == [
        "ezhov-appointed-1936",
        "tukhachevsky-arrest-1937",
        "mass-operations-1937",
    ]
    assert ids(filter_events(events, person="Tukhachevsky", people=people)) == [
        "tukhachevsky-arrest-1937"
    ]  # folded: -ii / -y
    assert ids(filter_events(events, person="Yagoda", people=people)) == ["ezhov-appointed-1936"]
    assert ids(filter_events(events, person="  ", people=people)) == ids(events)
    assert filter_events(events, person="Nobody at all", people=people).empty
    assert ids(filter_events(events, reading="lovestone-1937")) == ["tukhachevsky-arrest-1937"]
    assert ids(filter_events(events, text="LENINGRAD")) == ["kirov-murder-1934"]  # place, any case
    assert ids(filter_events(events, text="quotas")) == ["mass-operations-1937"]  # summary
    assert ids(filter_events(events, text="<script>")) == ["script-1937"]  # title, literally
    assert ids(filter_events(events, start=1937, themes=["police"], person="Ezhov", people=people)) == [
        "mass-operations-1937"
    ]


def test_filter_rejects_bad_criteria_with_the_allowed_values():
    events = make_events()
    with pytest.raises(ValueError, match="Unknown theme: purges. Allowed: revolution, party"):
        filter_events(events, themes=["purges", "party"])
    with pytest.raises(ValueError, match="start: '1937-13' is not a valid date"):
        filter_events(events, start="1937-13")
    with pytest.raises(TypeError, match="start must be a year"):
        filter_events(events, start=1937.5)
    with pytest.raises(TypeError, match="end must be a year"):
        filter_events(events, end=True)
    with pytest.raises(TypeError, match="reading must be text, not list"):
        filter_events(events, reading=["lovestone-1937"])
    with pytest.raises(TypeError, match="person must be text, not int"):
        filter_events(events, person=3)
    with pytest.raises(ValueError, match="missing the column\\(s\\) readings"):
        filter_events(events.drop(columns="readings"))


def test_chart_spec_title_description_palette_tooltips_and_only_needed_columns():
    chart = timeline_chart(make_events(), title="All events", people=make_people())
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["title"] == "All events"
    assert spec["description"].startswith("Time line of 7 events from 1932 – 1933 to 25 February 1956")
    dots = spec["layer"][1]
    assert dots["mark"]["type"] == "circle"
    # Themes are drawn in words, in the data package's order, each in its colour.
    assert dots["encoding"]["color"]["scale"] == {"domain": list(WORDS.values()), "range": PALETTE[: len(THEMES)]}
    assert dots["encoding"]["y"]["sort"] == list(WORDS.values())
    assert dots["encoding"]["size"]["field"] == "importance"
    assert [t["field"] for t in dots["encoding"]["tooltip"]] == ["when", "title", "theme", "people", "importance"]
    assert spec["layer"][0]["mark"]["type"] == "rule" and spec["layer"][0]["encoding"]["x2"]["field"] == "end"
    data = chart_data(chart)
    assert set(data[0]) == {"date", "end", "when", "title", "theme", "importance", "people"}
    assert [row["date"] for row in data] == sorted(row["date"] for row in data)
    kirov = next(row for row in data if row["title"] == "Kirov murdered")
    assert kirov == {
        "date": "1934-12-01",
        "end": None,
        "when": "1 December 1934",
        "title": "Kirov murdered",
        "theme": "Secret police",
        "importance": "essential",
        "people": "Sergei Mironovich Kirov; Leonid Vasilevich Nikolaev",
    }


def test_chart_is_deterministic_and_month_view_fixes_the_axis():
    events, people = make_events(), make_people()
    assert (
        timeline_chart(events, people=people).to_dict()
        == timeline_chart(events.sample(frac=1, random_state=1), people=people).to_dict()
    )
    spec = timeline_chart(events, by="month", start="1936-01", end="1938-12", people=people).to_dict()
    x = spec["layer"][1]["encoding"]["x"]
    assert x["axis"]["format"] == "%b %Y"
    assert x["scale"]["domain"] == ["1936-01-01", "1938-12-31"]
    assert timeline_chart(events, people=people).to_dict()["layer"][1]["encoding"]["x"]["axis"]["format"] == "%Y"
    with pytest.raises(ValueError, match="by must be 'auto', 'year' or 'month'"):
        timeline_chart(events, by="week", people=people)


def test_axis_labels_whole_years_or_months_thinned_to_about_a_dozen():
    events, people = make_events(), make_people()
    axis = timeline_chart(events, people=people).to_dict()["layer"][1]["encoding"]["x"]["axis"]
    assert axis["format"] == "%Y" and axis["tickCount"] == {"interval": "year", "step": 2}  # 1932-1956: 25 years
    axis = timeline_chart(events, people=people, start=1917, end=1991).to_dict()["layer"][1]["encoding"]["x"]["axis"]
    assert axis["tickCount"] == {"interval": "year", "step": 10}
    axis = timeline_chart(events, by="month", start="1937-01", end="1937-06", people=people).to_dict()["layer"][1][
        "encoding"
    ]["x"]["axis"]
    assert axis["tickCount"] == {"interval": "month", "step": 1}
    # By default a short span is labelled by month: one year of events gets month labels.
    axis = timeline_chart(filter_events(events, start=1937, end=1937), people=people).to_dict()["layer"][1]["encoding"][
        "x"
    ]["axis"]
    assert axis["format"] == "%b %Y"
    axis = timeline_chart(events, by="year", start=1937, end=1937, people=people).to_dict()["layer"][1]["encoding"][
        "x"
    ]["axis"]
    assert axis == {"format": "%Y", "tickCount": {"interval": "year", "step": 1}}


def test_chart_of_no_events_is_still_a_valid_spec():
    spec = timeline_chart(make_events().iloc[:0], people=make_people()).to_dict()
    assert spec["description"] == "Time line with no events."


def test_chart_of_many_events_keeps_the_most_central_and_says_so():
    spec = timeline_chart(make_events(), people=make_people(), limit=3).to_dict()
    assert spec["title"]["subtitle"] == "The 3 most central of 7 events; narrow the selection to see them all."
    assert {row["importance"] for row in spec["datasets"][spec["data"]["name"]]} == {"essential"}
    assert spec["description"].startswith("The 3 most central of 7 events")


# --- the explorer -------------------------------------------------------------


def test_explorer_starts_with_everything(explorer):
    assert ids(explorer.filtered) == ids(make_events())
    assert (explorer.years.min, explorer.years.max, explorer.years.value) == (1932, 1956, (1932, 1956))
    assert explorer.chart is not None and explorer.message == ""
    assert len(chart_data(explorer.chart)) == 7
    boxes = (explorer.years.first, explorer.years.last, explorer.person, explorer.text)
    assert all(box.continuous_update is False for box in boxes)  # a change is applied when typing ends


def test_years_slider_narrows_table_and_chart(explorer):
    explorer.years.value = (1936, 1937)
    assert ids(explorer.filtered) == [
        "ezhov-appointed-1936",
        "script-1937",
        "tukhachevsky-arrest-1937",
        "mass-operations-1937",
    ]
    assert {row["date"][:4] for row in chart_data(explorer.chart)} == {"1936", "1937"}
    assert explorer.chart.to_dict()["title"] == "Events, 1936 to 1937"
    # Two years are labelled by month rather than by repeating the year.
    assert explorer.chart.to_dict()["layer"][1]["encoding"]["x"]["axis"]["format"] == "%b %Y"
    assert "26 September 1936" in explorer.table_html and "Kirov murdered" not in explorer.table_html
    explorer.years.value = (1932, 1956)
    assert explorer.chart.to_dict()["layer"][1]["encoding"]["x"]["axis"]["format"] == "%Y"


def test_zoom_shows_1936_to_1938_by_month_and_sets_the_slider_aside(explorer):
    explorer.years.value = (1956, 1956)
    explorer.zoom.value = "months"
    assert explorer.years.disabled
    assert ids(explorer.filtered) == [
        "ezhov-appointed-1936",
        "script-1937",
        "tukhachevsky-arrest-1937",
        "mass-operations-1937",
    ]
    x = explorer.chart.to_dict()["layer"][1]["encoding"]["x"]
    assert x["axis"]["format"] == "%b %Y" and x["scale"]["domain"] == ["1936-01-01", "1938-12-31"]
    assert explorer.chart.to_dict()["title"] == "Events, January 1936 to December 1938"
    explorer.zoom.value = "years"
    assert not explorer.years.disabled and ids(explorer.filtered) == ["secret-speech-1956"]
    assert explorer.chart.to_dict()["title"] == "Events in 1956"


def test_themes_and_an_empty_theme_choice(explorer):
    explorer.themes.value = ("military",)
    assert ids(explorer.filtered) == ["tukhachevsky-arrest-1937"]
    assert {row["theme"] for row in chart_data(explorer.chart)} == {"Red Army"}
    explorer.themes.value = ()
    assert explorer.filtered.empty and explorer.chart is None
    assert explorer.message == "Choose at least one theme to see events."
    assert explorer._chart_output.outputs[0]["data"]["text/plain"] == explorer.message
    assert explorer.table_html == ""


def test_person_box_finds_every_spelling(explorer):
    explorer.person.value = "Yezhov"
    assert ids(explorer.filtered) == ["ezhov-appointed-1936", "tukhachevsky-arrest-1937", "mass-operations-1937"]
    assert "Nikolai Ivanovich Ezhov" in chart_data(explorer.chart)[0]["people"]
    explorer.person.value = "Kruschev"  # no alias lists it: found by folding
    assert ids(explorer.filtered) == ["secret-speech-1956"]
    explorer.person.value = "Nobody"
    assert explorer.chart is None and explorer.message.startswith("No events match these choices")


def test_reading_and_text_controls(explorer):
    assert explorer.reading.options[0] == ("any reading", "any")
    assert [value for _, value in explorer.reading.options[1:]] == [
        "siegelbaum-1997",
        "askhistorians-snowball",
        "getty-naumov-1999",
        "lovestone-1937",
    ]
    explorer.reading.value = "askhistorians-snowball"
    assert ids(explorer.filtered) == ["ezhov-appointed-1936", "tukhachevsky-arrest-1937", "secret-speech-1956"]
    explorer.text.value = "marshal"
    assert ids(explorer.filtered) == ["tukhachevsky-arrest-1937"]
    explorer.reading.value = "any"
    explorer.text.value = ""
    assert len(explorer.filtered) == 7


def test_event_menu_follows_the_filter_and_shows_the_detail(explorer):
    labels = {value: label for label, value in explorer.event.options}
    assert labels["kirov-murder-1934"] == "1 December 1934 · Kirov murdered"
    assert explorer.detail_shown == ""
    explorer.event.value = "kirov-murder-1934"
    detail = explorer.detail_shown
    assert "Kirov is shot in Leningrad." in detail
    assert "Sergei Mironovich Kirov, Leonid Vasilevich Nikolaev" in detail
    assert "Alpha, Ann. 1990. Alpha&#x27;s Book. London: Press." in detail
    assert "Siegelbaum 1997" in detail  # the reading that mentions it
    assert "Kirov &lt;was&gt; killed" in detail and "The murder as a pretext." in detail and "¶ 4" in detail
    explorer.years.value = (1932, 1935)
    assert explorer.event.value == "kirov-murder-1934"  # still shown, still chosen
    explorer.years.value = (1936, 1938)
    assert explorer.event.value == "" and explorer.detail_shown == ""
    assert [value for _, value in explorer.event.options] == ids(explorer.filtered)


def test_text_from_the_data_is_escaped_everywhere(explorer):
    explorer.event.value = "script-1937"
    for shown in (explorer.detail_shown, explorer.table_html):
        assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "A &lt;b&gt;bold&lt;/b&gt; summary." in explorer.table_html
    assert "An &lt;i&gt;Article&lt;/i&gt;" not in explorer.table_html  # the table cites short: authors and year
    assert "Beta and Gamma 2005" in explorer.table_html


def test_table_shows_dates_by_precision_and_short_citations(explorer):
    table = explorer.table_html
    assert "<th>date</th><th>title</th><th>summary</th><th>sources</th>" in table
    assert "<td>March 1937</td>" in table and "<td>1932 – 1933</td>" in table
    assert "<td>Alpha 1990; Beta and Gamma 2005</td>" in table
    assert "<caption>7 events, 1932 to 1956</caption>" in table  # the period shown, as in the chart's title


def test_a_learner_frame_with_plain_text_themes_is_checked_against_the_data_package():
    events = make_events().assign(theme=lambda frame: frame["theme"].astype(str))
    explorer = TimelineExplorer(events, people=make_people(), passages=make_passages(), sources=make_sources())
    assert [theme for _, theme in explorer.themes.options] == THEMES
    explorer.themes.value = ("police",)
    assert ids(explorer.filtered) == ["kirov-murder-1934", "ezhov-appointed-1936", "mass-operations-1937"]


def test_explorer_rejects_malformed_frames_with_clear_errors():
    events = make_events()
    with pytest.raises(ValueError, match="missing the column\\(s\\) importance"):
        TimelineExplorer(
            events.drop(columns="importance"), people=make_people(), passages=make_passages(), sources=make_sources()
        )
    with pytest.raises(TypeError, match="column 'date' must hold dates"):
        TimelineExplorer(events.assign(date=events["date"].astype(str)))
    with pytest.raises(ValueError, match="Unknown theme: purges"):
        TimelineExplorer(events.assign(theme=["purges"] + list(events["theme"].astype(str))[1:]))
    with pytest.raises(ValueError, match="Unknown importance: 5"):
        TimelineExplorer(events.assign(importance=pd.array([5, 1, 1, 1, 1, 1, 1], dtype="Int64")))
    with pytest.raises(TypeError, match="column 'people' must hold lists"):
        TimelineExplorer(events.assign(people="ezhov;stalin"))
    with pytest.raises(ValueError, match="repeated event_id"):
        TimelineExplorer(pd.concat([events, events.head(1)]))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        TimelineExplorer(events.to_dict("records"))


# --- with the course's own data --------------------------------------------------


def test_default_explorer_works_on_the_course_data():
    explorer = TimelineExplorer()
    events = purgelib.load("events")
    assert len(explorer.filtered) == len(events)
    assert explorer.years.min == events["date"].dt.year.min()
    explorer.person.value = "Yezhov"
    assert "ezhov-appointed-1936" in ids(explorer.filtered)
    assert all("ezhov" in people for people in explorer.filtered["people"])
    explorer.zoom.value = "months"
    assert explorer.filtered["date"].between("1936-01-01", "1938-12-31").all()
    explorer.person.value = ""
    explorer.reading.value = "lovestone-1937"
    assert all("lovestone-1937" in readings for readings in explorer.filtered["readings"])
    explorer.event.value = explorer.event.options[0][1]
    assert '<div class="purgelib-detail">' in explorer.detail_shown
    explorer.chart.to_dict()


def test_tukhachevsky_in_either_spelling_on_course_data():
    events = purgelib.load("events")
    assert ids(filter_events(events, person="Tukhachevskii")) == ids(filter_events(events, person="Tukhachevsky"))
    assert "tukhachevsky-arrest-1937" in ids(filter_events(events, person="Tukhachevsky"))


# --- what a learner sees: words, named controls, bounded tables, errors -------------------


def test_chart_is_svg_without_the_unnamed_menu_and_describes_itself_in_words():
    spec = timeline_chart(make_events(), people=make_people()).to_dict()
    # vega-embed's "…" menu is a control without a name; SVG lets the chart shrink to its column.
    assert spec["usermeta"] == {"embedOptions": {"actions": False, "renderer": "svg"}}
    assert "one row per theme (Party, Countryside, Secret police, Red Army, Aftermath)" in spec["description"]
    assert spec["layer"][1]["encoding"]["size"]["legend"] == {"orient": "top"}  # the plot keeps the width


def test_every_control_has_a_name_and_themes_are_in_words(explorer):
    controls = explorer.controls()
    assert [control.description for control in controls] == [
        "View",
        "First year",
        "Last year",
        *WORDS.values(),
        "Person",
        "Search",
        "Reading",
        "Event",
    ]
    # A slider's handle has no accessible name in ipywidgets 8.1, and JupyterLab takes the arrow keys
    # pressed in a list (<select>) for itself: no control of the explorer is either.
    assert not [
        control
        for control in controls
        if "Slider" in type(control).__name__
        or "Select" in type(control).__name__
        or "Dropdown" in type(control).__name__
    ]
    assert [label for label, _ in explorer.themes.options] == list(WORDS.values())
    assert WORDS["police"] == "Secret police" and WORDS["military"] == "Red Army"


def test_the_table_scrolls_in_a_named_region_and_lists_every_event(explorer):
    assert explorer.table_html.startswith(
        '<div class="purgelib-scroll" tabindex="0" role="region" aria-label="7 events, 1932 to 1956">'
    )
    assert explorer.table_html.count("<tr>") == 1 + 7
    course = TimelineExplorer()
    assert course.table_html.count("<tr>") == 1 + len(course.filtered) and "Showing" not in course.table_html


def test_the_detail_of_an_event_scrolls_in_a_region_named_after_it(explorer):
    explorer.event.value = "kirov-murder-1934"
    assert explorer.detail_shown.startswith(
        '<div class="purgelib-scroll purgelib-scroll-short" tabindex="0" role="region" '
        'aria-label="The event chosen: Kirov murdered">'
    )
    assert explorer.event.box.placeholder == "type a date or words of a title: one of the 7 events shown"


def test_year_boxes_keep_the_range_whole_and_redraw_once(explorer, monkeypatch):
    explorer.years.last.value = 1937
    explorer.years.first.value = 1940  # after the last year: the last follows it
    assert explorer.years.value == (1940, 1940) and explorer.years.last.value == 1940
    explorer.years.last.value = 1936  # before the first: the first follows it
    assert explorer.years.value == (1936, 1936) and ids(explorer.filtered) == ["ezhov-appointed-1936"]
    redraws = []
    monkeypatch.setattr(explorer, "_update", lambda: redraws.append(explorer.years.value))
    explorer.years.value = (1932, 1937)
    assert redraws == [(1932, 1937)]  # both boxes change, the chart is drawn once
    assert (explorer.years.first.value, explorer.years.last.value) == (1932, 1937)


def test_a_failing_change_is_shown_in_the_explorer_until_a_change_works(explorer, monkeypatch):
    import purgelib.timeline

    def broken(*args, **kwargs):
        raise ValueError("the index of people is broken")

    monkeypatch.setattr(purgelib.timeline, "filter_events", broken)
    explorer.person.value = "Ezhov"
    assert explorer.error == "ValueError: the index of people is broken"
    assert 'role="alert"' in explorer.error_shown and "the index of people is broken" in explorer.error_shown
    monkeypatch.undo()
    explorer.person.value = "Yezhov"
    assert explorer.error == "" and explorer.error_shown == ""
    assert ids(explorer.filtered) == ["ezhov-appointed-1936", "tukhachevsky-arrest-1937", "mass-operations-1937"]


def test_themes_tick_and_events_are_found_by_typing(explorer):
    explorer.themes.boxes["police"].value = False  # as a learner unticks it, with the space bar
    assert "police" not in explorer.themes.value and "kirov-murder-1934" not in ids(explorer.filtered)
    explorer.themes.value = ("police",)
    assert [theme for theme, box in explorer.themes.boxes.items() if box.value] == ["police"]
    explorer.event.box.value = "Kirov"  # part of a label: nothing is chosen yet
    assert explorer.event.value == ""
    explorer.event.box.value = "1 December 1934 · Kirov murdered"  # a suggestion, chosen
    assert explorer.event.value == "kirov-murder-1934" and "Kirov is shot in Leningrad." in explorer.detail_shown
    explorer.event.box.value = ""
    assert explorer.event.value == "" and explorer.detail_shown == ""


# --- what a change costs: no Altair on the way to the screen ------------------


def inline(spec: dict) -> dict:
    """A Vega-Lite spec with its named data sets written in place, as the explorers send them."""
    spec = dict(spec)
    datasets = spec.pop("datasets", {})

    def written(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"values": datasets[node["name"]]}
            return {key: written(value) for key, value in node.items()}
        return [written(value) for value in node] if isinstance(node, list) else node

    return written(spec)


def shows_its_chart(explorer) -> bool:
    """The spec sent to the screen is the chart the module's chart function builds (and Altair validates)."""
    return inline(explorer.spec) == inline(explorer.chart.to_dict())


def test_a_change_fills_a_template_and_draws_the_chart_the_function_builds(explorer, monkeypatch):
    import altair as alt

    assert shows_its_chart(explorer)

    def no_altair(*args, **kwargs):
        raise AssertionError("a change built or validated an Altair chart")

    with monkeypatch.context() as patched:
        patched.setattr(alt.TopLevelMixin, "to_dict", no_altair)
        patched.setattr(alt.LayerChart, "__init__", no_altair)
        for change in (
            ("years", (1936, 1937)),
            ("zoom", "months"),
            ("person", "Yezhov"),
            ("zoom", "years"),
            ("text", "arrested"),
        ):
            getattr(explorer, change[0]).value = change[1]
            assert explorer.error == "", change
            sent = explorer._chart_output.outputs[0]["data"]["application/vnd.vegalite.v5+json"]
            assert sent == explorer.spec and sent["title"].startswith("Events")
    assert explorer.filtered["event_id"].tolist() == ["tukhachevsky-arrest-1937"]
    assert shows_its_chart(explorer) and explorer.spec["data"]["values"][0]["title"] == "Tukhachevskii arrested"


def test_the_spec_is_a_copy_and_filling_a_template_leaves_it_as_it_was(explorer):
    explorer.spec["data"]["values"].clear()
    explorer.spec["layer"][1]["encoding"]["x"]["scale"] = "broken"
    assert len(explorer.spec["data"]["values"]) == 7
    first = inline(explorer.spec)
    explorer.years.value = (1936, 1936)
    explorer.years.value = (1932, 1956)
    assert inline(explorer.spec) == first and shows_its_chart(explorer)
