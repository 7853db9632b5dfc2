"""Tests of purgelib.victims: filtering, scaling, the chart and the explorer, on small frames and the course's data."""

from __future__ import annotations

import json
import math
import re

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest
import traitlets

import purgelib
from purgelib.victims import (
    AXES,
    BASIS_COLOURS,
    DAYS_PER_MONTH,
    VictimsExplorer,
    comparison,
    comparisons,
    figure_table,
    filter_figures,
    scale,
    victims_chart,
)

CATEGORY_WORDS = purgelib.labels("victims", "category")
MEASURE_WORDS = purgelib.labels("victims", "measure")
BASIS_WORDS = purgelib.labels("victims", "basis")
CODES = set(CATEGORY_WORDS) | set(MEASURE_WORDS) | set(BASIS_WORDS)

SOURCES = pd.DataFrame(
    {
        "source_id": ["doe-2001", "roe-poe-1990"],
        "kind": ["book", "article"],
        "authors": ["Doe, Jane", "Roe, Rick; Poe, Al"],
        "year": [2001, 1990],
        "title": ["Counting", "Guessing"],
        "container": ["", "Journal 1"],
        "publisher": ["X: Y", ""],
        "url": ["", ""],
        "is_reading": [False, False],
    }
)


def figures(*rows: dict) -> pd.DataFrame:
    """A victims frame typed as purgelib.load('victims') gives it, from a few short rows."""
    defaults = {
        "subgroup": None,
        "value": None,
        "value_low": None,
        "value_high": None,
        "basis": "archival-count",
        "source_ids": ["doe-2001"],
        "notes": "",
    }
    records = [{**defaults, **row} for row in rows]
    frame = pd.DataFrame(records)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
        frame[f"{column}_precision"] = "day"
    for column in ("value", "value_low", "value_high"):
        frame[column] = frame[column].astype("Int64")
    return frame


def sample() -> pd.DataFrame:
    return figures(
        {
            "figure_id": "shot-3738",
            "category": "all-repression",
            "measure": "executed",
            "period_start": "1937-01-01",
            "period_end": "1938-12-31",
            "value": 730000,
        },
        {
            "figure_id": "shot-3738-guess",
            "category": "all-repression",
            "measure": "executed",
            "period_start": "1937-01-01",
            "period_end": "1938-12-31",
            "value": 1000000,
            "basis": "pre-archival-estimate",
            "source_ids": ["roe-poe-1990"],
        },
        {
            "figure_id": "deaths-range",
            "category": "all-repression",
            "measure": "deaths",
            "period_start": "1937-01-01",
            "period_end": "1938-12-31",
            "value_low": 950000,
            "value_high": 1200000,
            "basis": "scholarly-estimate",
        },
        {
            "figure_id": "quota",
            "category": "order-00447",
            "measure": "sentenced-to-death",
            "period_start": "1937-07-30",
            "period_end": "1937-07-30",
            "value": 75950,
            "basis": "official-quota",
            "subgroup": "first category",
        },
        {
            "figure_id": "camps-1939",
            "category": "gulag",
            "measure": "population",
            "period_start": "1939-01-01",
            "period_end": "1939-01-01",
            "value": 1668000,
        },
        {
            "figure_id": "cc-members",
            "category": "party-elite",
            "measure": "members",
            "period_start": "1934-02-01",
            "period_end": "1934-02-28",
            "value": 139,
            "subgroup": "<script>alert(1)</script>",
        },
        {
            "figure_id": "sentences-1936",
            "category": "political-cases",
            "measure": "sentenced-to-death",
            "period_start": "1936-01-01",
            "period_end": "1936-12-31",
            "value": 1118,
        },
    )


# --- filter_figures -------------------------------------------------------------------------


def test_filter_by_category_measure_and_basis_takes_one_value_or_a_list():
    data = sample()
    assert set(filter_figures(data, categories="all-repression")["figure_id"]) == {
        "shot-3738",
        "shot-3738-guess",
        "deaths-range",
    }
    assert set(filter_figures(data, measures=["executed", "deaths"], bases="archival-count")["figure_id"]) == {
        "shot-3738"
    }
    assert filter_figures(data, categories=[]).empty


def test_filter_by_years_keeps_figures_whose_period_overlaps():
    data = sample()
    assert set(filter_figures(data, start=1938, end=1938)["figure_id"]) == {
        "shot-3738",
        "shot-3738-guess",
        "deaths-range",
    }
    assert set(filter_figures(data, start="1939")["figure_id"]) == {"camps-1939"}
    assert set(filter_figures(data, end="1934-02")["figure_id"]) == {"cc-members"}


def test_filter_keeps_columns_and_sorts_by_category_then_period():
    found = filter_figures(sample())
    assert list(found.columns) == list(sample().columns)
    assert found["figure_id"].tolist()[0] == "sentences-1936"  # political-cases is the first category


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"categories": "kulaks"}, "Unknown category: kulaks. Allowed: political-cases"),
        ({"measures": ["killed"]}, "Unknown measure: killed"),
        ({"bases": "guess"}, "Unknown basis: guess. Allowed: archival-count, official-quota"),
        ({"start": "37"}, "start: '37' is not a valid date"),
    ],
)
def test_filter_rejects_unknown_values_and_says_what_is_allowed(keywords, message):
    with pytest.raises(ValueError, match=message):
        filter_figures(sample(), **keywords)


def test_filter_rejects_a_frame_without_the_columns_or_not_a_frame():
    with pytest.raises(ValueError, match="figures is missing the column\\(s\\) measure"):
        filter_figures(sample().drop(columns="measure"))
    with pytest.raises(TypeError, match="figures must be a pandas DataFrame, not list"):
        filter_figures([{"figure_id": "x"}])
    with pytest.raises(TypeError, match="start must be a year"):
        filter_figures(sample(), start=True)


# --- scale ----------------------------------------------------------------------------------


def test_scale_counts_both_ends_of_the_period_and_gives_rates():
    scaled = scale(sample(), per="day").set_index("figure_id")
    row = scaled.loc["shot-3738"]
    assert row["days"] == 730
    assert row["per_day"] == pytest.approx(1000)
    assert row["per_month"] == pytest.approx(730000 / (730 / DAYS_PER_MONTH))
    assert row["shown"] == row["per_day"]
    assert scale(sample(), per="total").set_index("figure_id").loc["shot-3738", "shown"] == 730000


def test_scale_gives_no_rate_to_counts_at_a_date():
    scaled = scale(sample(), per="month").set_index("figure_id")
    for figure_id in ("camps-1939", "cc-members", "quota"):
        assert math.isnan(scaled.loc[figure_id, "per_day"]) and math.isnan(scaled.loc[figure_id, "shown"])
    assert scaled.loc["sentences-1936", "days"] == 366  # 1936 was a leap year
    # A quota is a ceiling set in advance, whatever period it is dated to.
    month_quota = scale(
        figures(
            {
                "figure_id": "q",
                "category": "order-00447",
                "measure": "sentenced-to-death",
                "period_start": "1937-07-01",
                "period_end": "1937-07-31",
                "value": 70000,
                "basis": "official-quota",
            }
        ),
        per="day",
    )
    assert math.isnan(month_quota["shown"].iloc[0]) and month_quota["value"].iloc[0] == 70000


def test_scale_never_invents_a_midpoint_for_a_range():
    row = scale(sample(), per="day", compare_to=("a million", 1_000_000)).set_index("figure_id").loc["deaths-range"]
    assert pd.isna(row["value"]) and math.isnan(row["shown"]) and math.isnan(row["ratio"])
    assert row["shown_low"] == pytest.approx(950000 / 730) and row["shown_high"] == pytest.approx(1200000 / 730)
    assert (row["ratio_low"], row["ratio_high"]) == (0.95, 1.2)


def test_scale_compares_with_a_row_or_an_explicit_number():
    by_row = scale(sample(), compare_to="sentences-1936").set_index("figure_id")
    assert by_row.loc["shot-3738", "ratio"] == pytest.approx(730000 / 1118)
    # A work missing from the sources table is shown by its id rather than dropped.
    assert set(by_row["compared_to"]) == {
        "All political cases (OGPU/NKVD), sentenced to death, 1 January 1936 – 31 December 1936 "
        "(Archival count; doe-2001): 1,118"
    }
    by_number = scale(sample(), compare_to=("ten thousand", 10_000)).set_index("figure_id")
    assert by_number.loc["cc-members", "ratio"] == pytest.approx(0.0139)
    assert set(by_number["compared_to"]) == {"ten thousand"}
    assert "ratio" not in scale(sample()).columns


@pytest.mark.parametrize(
    ("compare_to", "error", "message"),
    [
        (("zero", 0), ValueError, "must be a positive number, not 0"),
        (("nan", float("nan")), ValueError, "must be a positive number"),
        ((5, "five"), TypeError, "compare_to must be a figure_id or a \\(label, number\\) pair"),
        (1000, TypeError, "compare_to must be a figure_id"),
        ("no-such-figure", ValueError, "No figure 'no-such-figure' to compare with"),
        ("deaths-range", ValueError, "gives only a range \\(950,000–1,200,000\\)"),
    ],
)
def test_scale_rejects_bad_comparisons(compare_to, error, message):
    with pytest.raises(error, match=message):
        scale(sample(), compare_to=compare_to)


def test_scale_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="per must be one of total, month, day, not 'year'"):
        scale(sample(), per="year")


def test_comparisons_list_populations_first_and_skip_ranges():
    menu = comparisons(sample(), SOURCES)
    ids = [figure_id for _, figure_id in menu]
    assert ids[:2] == ["cc-members", "camps-1939"]
    assert "deaths-range" not in ids and len(ids) == 6
    assert {i: label for label, i in menu}[
        "camps-1939"
    ] == "Gulag camps, colonies, settlements, held at a date, 1 January 1939 (Archival count; Doe 2001): 1,668,000"
    assert comparison("shot-3738-guess", sample(), SOURCES) == (
        "All repression together, executed (shot), 1 January 1937 – 31 December 1938 "
        "(Estimate before the archives; Roe and Poe 1990): 1,000,000",
        1_000_000.0,
    )


# --- figure_table ---------------------------------------------------------------------------


def test_figure_table_cites_every_figure_and_adds_rate_and_ratio_columns():
    table = figure_table(sample(), per="day", compare_to=("a million", 1_000_000), sources=SOURCES)
    assert table.columns.tolist() == [
        "figure_id",
        "figure",
        "measure",
        "period",
        "value",
        "range",
        "per day",
        "ratio",
        "basis",
        "sources",
        "notes",
    ]
    rows = table.set_index("figure_id")
    assert rows.loc["shot-3738-guess", "sources"] == "Roe and Poe 1990"
    assert rows.loc["shot-3738", "per day"] == "1,000" and rows.loc["shot-3738", "ratio"] == "0.73×"
    assert rows.loc["camps-1939", "per day"] == "no rate"
    assert rows.loc["deaths-range", "range"] == "950,000–1,200,000" and rows.loc["deaths-range", "value"] == ""
    assert rows.loc["deaths-range", "ratio"] == "0.95–1.2×"


def test_figure_table_writes_categories_measures_and_bases_in_words():
    rows = figure_table(sample(), sources=SOURCES).set_index("figure_id")
    assert rows.loc["quota", "figure"] == "Kulak operation (Order 00447): first category"
    assert rows.loc["quota", "measure"] == "Sentenced to death" and rows.loc["quota", "basis"] == "Quota set in advance"
    assert rows.loc["shot-3738-guess", "basis"] == "Estimate before the archives"
    for column in ("figure", "measure", "basis"):
        assert not set(rows[column]) & CODES


# --- victims_chart ----------------------------------------------------------------------------


def values(chart: alt.TopLevelMixin) -> list[dict]:
    return chart.data["values"]


def marks(spec: dict, kind: str) -> list[dict]:
    """The layers of a chart spec drawn with one kind of mark."""
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == kind]


def x_axis(spec: dict) -> dict:
    """The chart's one x encoding: its field, scale and axis, shared by every layer."""
    return spec["encoding"]["x"]


def order_00447() -> pd.DataFrame:
    return filter_figures(
        purgelib.load("victims"), categories="order-00447", measures=["executed", "sentenced-to-death"]
    )


def test_chart_is_one_view_with_one_shared_x_scale():
    spec = victims_chart(sample(), title="All", sources=SOURCES).to_dict()
    # One view: no panels, so no panel can have a scale of its own, and nothing asks for one.
    assert "facet" not in spec and "resolve" not in spec and "layer" in spec
    assert x_axis(spec)["scale"] == {"type": "linear", "zero": True} and x_axis(spec)["title"] == "Number of people"
    # The layers that place marks by another field name no scale or axis of their own: they use the shared one.
    own = [layer["encoding"]["x"] for layer in spec["layer"] if "field" in layer["encoding"].get("x", {})]
    assert {x["field"] for x in own} == {"low", "end_at", "number_at"}
    assert all(set(x) == {"field", "type", "title"} and x["title"] == "Number of people" for x in own)


def test_quota_and_count_of_order_00447_share_the_axis_from_zero():
    chart = victims_chart(order_00447())
    rows = {row["number"]: row for row in values(chart)}
    quota, count = rows["75,950"], rows["387,000"]
    assert (quota["basis"], quota["shown"]) == ("Quota set in advance", 75950.0)
    assert (count["basis"], count["shown"]) == ("Archival count", 387000.0)
    # Both are placed by the one field on the one scale: linear from zero, with no domain of its own,
    # so a position is proportional to its value.
    spec = chart.to_dict()
    assert x_axis(spec)["field"] == "shown" and x_axis(spec)["scale"] == {"type": "linear", "zero": True}


def test_quota_and_count_of_order_00447_are_drawn_at_positions_proportional_to_their_values():
    vl_convert = pytest.importorskip("vl_convert")
    svg = vl_convert.vegalite_to_svg(victims_chart(order_00447()).to_dict(), vl_version="5.20")
    # Each dot is an SVG path named by its figure (aria-label), placed by translate(x, y) within the plot.
    dots = {
        label: float(x) for label, x in re.findall(r'aria-label="([^"]*)"[^>]*transform="translate\(([-0-9.]+),', svg)
    }
    quota = next(x for label, x in dots.items() if label.endswith("75,950 (Quota set in advance; Gregory 2008)"))
    count = next(
        x for label, x in dots.items() if label.endswith("387,000 (Archival count; Werth 2010; Jansen and Petrov 2002)")
    )
    assert quota / count == pytest.approx(75950 / 387000, rel=0.01)
    assert count > 4 * quota


def test_chart_names_rows_in_words_never_in_codes():
    chart = victims_chart(purgelib.load("victims"))
    # Codes such as "order-00447" or "archival-count" never reach the reader (words such as "arrested"
    # may, as English, in a subgroup).
    hyphenated = {code for code in CODES if "-" in code}
    for row in values(chart):
        words = f"{row['label']} {row['measure']} {row['basis']} {row['what']} {row['aria']}"
        assert not [code for code in hyphenated if code in words], words
        assert row["basis"] in BASIS_WORDS.values() and row["measure"] in MEASURE_WORDS.values()
        assert row["what"].split(":")[0] in CATEGORY_WORDS.values()
    color = chart.to_dict()["encoding"]["color"]
    assert color["scale"]["domain"] == list(BASIS_WORDS.values()) and color["scale"]["range"] == list(
        BASIS_COLOURS.values()
    )


def test_labels_leave_out_what_every_row_shares_and_say_it_once():
    chart = victims_chart(order_00447(), title="Order 00447")
    spec = chart.to_dict()
    assert " ".join(spec["title"]["subtitle"]) == "Every row: Kulak operation (Order 00447)"
    labels = [row["label"] for row in values(chart)]
    assert labels[0] == "Sentenced to death · July 1937"
    assert all(label.split("\n")[0].split(" · ")[0] in ("Sentenced to death", "Executed (shot)") for label in labels)


def test_labels_tell_alike_rows_apart_by_their_sources_then_their_subgroup():
    # Same category, measure and period: only the sources tell these two apart, so they are their labels.
    executed = [
        row["label"] for row in values(victims_chart(filter_figures(sample(), measures="executed"), sources=SOURCES))
    ]
    assert executed == ["Doe 2001", "Roe and Poe 1990"]
    quotas = [row["label"] for row in values(victims_chart(filter_figures(order_00447(), bases="official-quota")))]
    # Both of Gregory's quotas are dated 30 July 1937: their subgroups tell them apart, not the source they share.
    assert quotas == [
        "July 1937",
        "30 July 1937 · first category, prisoners in NKVD camps",
        "30 July 1937\nfirst category (shooting), all regions incl. 10,000 in\nNKVD camps",
    ]


def test_rows_alike_in_every_word_are_numbered_not_merged():
    twice = pd.concat([sample().iloc[[0]], sample().iloc[[0]].assign(figure_id="copy")], ignore_index=True)
    assert [row["label"] for row in values(victims_chart(twice, sources=SOURCES))] == ["Figure", "(2)"]


def test_labels_are_set_on_short_lines_and_never_cut():
    chart = victims_chart(purgelib.load("victims"))
    for row in values(chart):
        assert all(len(line) <= 54 or " " not in line for line in row["label"].split("\n")), row["label"]
        assert "…" not in row["label"]
    names = marks(chart.to_dict(), "text")[0]
    # Vega draws the lines as they are: no pixel limit, so nothing is cut with an ellipsis.
    assert names["mark"]["lineBreak"] == "\n" and "limit" not in names["mark"]


def test_tooltip_names_the_figure_its_basis_and_its_sources():
    chart = victims_chart(filter_figures(sample(), categories="all-repression"), sources=SOURCES)
    tooltip = [entry["title"] for entry in chart.to_dict()["encoding"]["tooltip"]]
    assert tooltip == ["Figure", "Measure", "Period", "Value", "Range", "Basis", "Sources"]
    rows = {row["value"]: row for row in values(chart)}
    assert rows["1,000,000"]["sources"] == "Roe and Poe 1990" and rows["730,000"]["sources"] == "Doe 2001"
    course = values(victims_chart(order_00447()))
    assert {row["sources"] for row in course} >= {
        "Werth 2010; Jansen and Petrov 2002",
        "Gregory 2008",
        "Pipes 2001",
        "Snyder 2010",
    }


def test_chart_draws_a_range_without_a_midpoint_and_a_value_without_a_range():
    rows = values(victims_chart(sample(), sources=SOURCES))
    deaths = next(row for row in rows if row["measure"] == "All deaths from repression")
    assert deaths["shown"] is None and (deaths["low"], deaths["high"]) == (950000.0, 1200000.0)
    assert (
        deaths["value"] == "range only"
        and deaths["range"] == "950,000–1,200,000"
        and deaths["number"] == "950,000–1,200,000"
    )
    members = next(row for row in rows if row["measure"] == "Size of the group")
    assert members["low"] == members["high"] == members["shown"] == 139.0 and members["range"] == "none given"
    assert members["what"] == "Party elite: <script>alert(1)</script>"  # data for Vega, which draws text, never HTML
    spec = victims_chart(sample(), sources=SOURCES).to_dict()
    assert [
        layer["transform"]
        for layer in marks(spec, "rule")
        if "transform" in layer and layer["mark"].get("strokeWidth") == 3
    ] == [[{"filter": "datum.low !== datum.high"}]]


def test_each_number_is_written_beside_its_mark_on_the_side_with_room():
    rows = {row["number"]: row for row in values(victims_chart(order_00447()))}
    assert rows["10,000"]["side"] == "after" and rows["681,000"]["side"] == "before"


def test_log_axis_is_an_explicit_choice_and_its_title_says_so():
    linear = victims_chart(sample(), sources=SOURCES).to_dict()
    assert x_axis(linear)["scale"]["type"] == "linear"
    spec = victims_chart(sample(), sources=SOURCES, axis="log").to_dict()
    x = x_axis(spec)
    # 139 to 1,668,000: gridlines at every power of ten from 100 to 10,000,000.
    assert x["scale"] == {"type": "log", "domain": [100.0, 10_000_000.0]}
    assert x["axis"]["title"] == "Number of people (log scale)" and x["axis"]["values"] == [
        100.0,
        1000.0,
        10_000.0,
        100_000.0,
        1_000_000.0,
        10_000_000.0,
    ]
    assert "on a logarithmic axis" in spec["description"] and "one linear axis from zero" in linear["description"]
    assert AXES == ("linear", "log")


def test_ticks_are_spaced_for_the_width_and_never_collide():
    axis = x_axis(victims_chart(sample(), sources=SOURCES).to_dict())["axis"]
    assert axis["tickCount"] == {"expr": "max(2, ceil(width / 110))"}
    assert axis["labelOverlap"] == "greedy" and axis["labelFlush"] is True and axis["format"] == ",~f"


@pytest.mark.parametrize(
    ("keywords", "error", "message"),
    [
        ({"axis": "logarithmic"}, ValueError, "axis must be one of linear, log, not 'logarithmic'"),
        ({"limit": 0}, ValueError, "limit must be a whole number of figures, 1 or more, not 0"),
        ({"limit": True}, ValueError, "limit must be a whole number"),
        ({"title": 5}, TypeError, "title must be a str, not int"),
        ({"per": "week"}, ValueError, "per must be one of total, month, day"),
    ],
)
def test_chart_rejects_bad_arguments_and_names_them(keywords, error, message):
    with pytest.raises(error, match=message):
        victims_chart(sample(), sources=SOURCES, **keywords)


def test_log_axis_refuses_a_figure_of_zero_and_says_why():
    zero = figures(
        {
            "figure_id": "none",
            "category": "military",
            "measure": "arrested",
            "period_start": "1939-01-01",
            "period_end": "1939-12-31",
            "value": 0,
        }
    )
    with pytest.raises(
        ValueError, match="A log axis cannot show a figure of 0 \\(only figures above 0\\); use axis='linear'"
    ):
        victims_chart(zero, sources=SOURCES, axis="log")
    assert values(victims_chart(zero, sources=SOURCES))[0]["shown"] == 0.0


def test_chart_fits_a_narrow_column():
    spec = victims_chart(
        purgelib.load("victims"), title="A long title that the chart must wrap rather than let run off the side"
    ).to_dict()
    # About 360 px in an 800 px window: the plot, its padding and every line of text fit.
    assert spec["width"] == 340 and "autosize" not in spec
    assert all(len(line) <= 44 for line in spec["title"]["text"]) and all(
        len(line) <= 56 for line in spec["title"]["subtitle"]
    )
    assert spec["usermeta"] == {"embedOptions": {"actions": False, "renderer": "svg"}}
    # Rows are as tall as their labels: the chart's height is the sum of its rows.
    rows = values(victims_chart(purgelib.load("victims")))
    assert spec["height"] == rows[-1]["top"] + 13 * (rows[-1]["label"].count("\n") + 1) + 24


def contrast(colour: str, background: str = "#ffffff") -> float:
    """The WCAG 2.1 contrast ratio of two hex colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_text_in_the_chart_keeps_aa_contrast_and_marks_an_outline():
    spec = victims_chart(order_00447()).to_dict()
    texts = marks(spec, "text")
    assert len(texts) == 2 and all(contrast(layer["encoding"]["color"]["value"]) >= 4.5 for layer in texts)
    dots = marks(spec, "point")[0]["mark"]
    # Pale dots (the quotas' orange) get a dark outline: at least 3:1 against white (non-text contrast).
    assert contrast(dots["stroke"]) >= 3


def test_screen_readers_hear_each_figure_once_in_words():
    spec = victims_chart(order_00447()).to_dict()
    assert marks(spec, "point")[0]["encoding"]["description"] == {"field": "aria", "type": "nominal"}
    assert all(layer["mark"]["aria"] is False for layer in marks(spec, "text"))
    rows = values(victims_chart(order_00447()))
    assert rows[0]["aria"] == "Sentenced to death, July 1937: 70,000 (Quota set in advance; Pipes 2001)"


def test_a_chart_without_ranges_draws_no_empty_layer_for_them():
    # Vega writes an empty layer as an unnamed graphic, which axe reports (svg-img-alt) and a screen reader announces.
    spec = victims_chart(filter_figures(sample(), categories="political-cases"), sources=SOURCES).to_dict()
    assert not marks(spec, "tick") and not [
        layer for layer in marks(spec, "rule") if layer["mark"].get("strokeWidth") == 3
    ]
    ranges_only = victims_chart(filter_figures(sample(), measures="deaths"), sources=SOURCES).to_dict()
    assert marks(ranges_only, "tick") and not marks(ranges_only, "point")


def test_description_says_what_the_chart_shows_and_lists_a_short_chart_s_figures():
    chart = victims_chart(filter_figures(sample(), categories="all-repression"), sources=SOURCES)
    description = chart.to_dict()["description"]
    assert description.startswith("Dot chart of 3 figures on one linear axis from zero, one row each;")
    assert (
        "colour and shape its basis (Archival count, Estimate after the archives, Estimate before the archives)"
        in description
    )
    assert "Every row: All repression together · 1 January 1937 – 31 December 1938." in description
    assert "Executed (shot), Doe 2001: 730,000 (Archival count)" in description
    assert "All deaths from repression: 950,000–1,200,000 (Estimate after the archives)" in description


def test_rate_chart_leaves_out_counts_at_a_date_and_says_so():
    chart = victims_chart(sample(), per="day", sources=SOURCES)
    spec = chart.to_dict()
    assert " ".join(spec["title"]["subtitle"]).startswith(
        "3 figure(s) with no rate (populations, group sizes, quotas, one-day counts) are not drawn."
    )
    assert {row["measure"] for row in values(chart)} == {
        "Executed (shot)",
        "All deaths from repression",
        "Sentenced to death",
    }
    assert x_axis(spec)["title"] == "People per day"
    assert "Figure per day" in [entry["title"] for entry in spec["encoding"]["tooltip"]]
    assert {row["number"] for row in values(chart)} >= {"1,000", "1,301–1,644"}


def test_chart_of_totals_marks_the_comparison_with_a_dashed_line():
    # The figures drawn are a filtered part; the comparison comes from the whole table.
    camps = comparison("camps-1939", sample(), SOURCES)
    chart = victims_chart(filter_figures(sample(), categories="all-repression"), compare_to=camps, sources=SOURCES)
    spec = chart.to_dict()
    rule = next(layer for layer in marks(spec, "rule") if "strokeDash" in layer["mark"])
    assert rule["mark"]["strokeDash"] == [4, 3] and rule["encoding"]["x"] == {"datum": 1668000.0}
    # Its own full-height line in its own colour, once: not a line per figure in basis colours.
    assert rule["encoding"]["y2"] == {"value": "height"} and rule["encoding"]["color"] == {"value": "#000000"}
    assert rule["transform"] == [{"aggregate": [{"op": "count", "as": "figures"}]}]
    assert " ".join(spec["title"]["subtitle"]).startswith(
        "Compared with: Gulag camps, colonies, settlements, held at a date, 1 January 1939"
    )
    assert {row["ratio"] for row in values(chart)} == {"0.438×", "0.6×", "0.57–0.719×"}
    assert "Ratio to comparison (totals)" in [entry["title"] for entry in spec["encoding"]["tooltip"]]
    # A rate chart keeps the ratio (of totals) in the tooltips but draws no line in other units.
    per_day = victims_chart(
        filter_figures(sample(), categories="all-repression"), per="day", compare_to=camps, sources=SOURCES
    ).to_dict()
    assert not [layer for layer in marks(per_day, "rule") if "strokeDash" in layer["mark"]]


def test_chart_is_deterministic():
    close = filter_figures(sample(), categories="all-repression")
    assert victims_chart(close, sources=SOURCES).to_dict() == victims_chart(close, sources=SOURCES).to_dict()


def test_chart_of_the_course_figures_draws_each_basis_present_with_a_legend_in_words():
    victims = purgelib.load("victims")
    chart = victims_chart(filter_figures(victims, categories="order-00447"))
    spec = chart.to_dict()
    present = {BASIS_WORDS[code] for code in filter_figures(victims, categories="order-00447")["basis"].astype(str)}
    assert {row["basis"] for row in values(chart)} == present
    legend = spec["encoding"]["color"]["legend"]
    assert set(legend["values"]) == present and legend["title"] == "Basis"


def test_charts_built_one_after_another_keep_their_own_data():
    first = victims_chart(filter_figures(sample(), categories="all-repression"), sources=SOURCES)
    before = first.to_dict()
    second = victims_chart(
        filter_figures(sample(), categories="all-repression", bases="archival-count"), sources=SOURCES
    )
    assert first.to_dict() == before
    assert len(values(second)) == 1 and len(values(first)) == 3


def test_a_large_chart_draws_the_first_figures_and_says_so():
    many = pd.concat(
        [sample().assign(figure_id=sample()["figure_id"] + f"-{copy}") for copy in range(50)], ignore_index=True
    )
    chart = victims_chart(many, sources=SOURCES, limit=100)
    assert len(values(chart)) == 100
    assert " ".join(chart.to_dict()["title"]["subtitle"]).startswith(
        "The first 100 of 350 figures are drawn; narrow the selection to see them all"
    )


# --- VictimsExplorer ------------------------------------------------------------------------


@pytest.fixture
def explorer() -> VictimsExplorer:
    return VictimsExplorer(sample(), sources=SOURCES)


def test_explorer_starts_with_every_figure_and_its_menus_show_words(explorer):
    assert len(explorer.filtered) == 7 and explorer.message == ""
    assert explorer.period.value == (1934, 1939)
    assert explorer.scale.value == "total" and explorer.axis.value == "linear" and explorer.compare.value == ""
    assert explorer.category.value == ("political-cases", "order-00447", "party-elite", "gulag", "all-repression")
    assert explorer.category.options == (
        ("All political cases (OGPU/NKVD)", "political-cases"),
        ("Kulak operation (Order 00447)", "order-00447"),
        ("Party elite", "party-elite"),
        ("Gulag camps, colonies, settlements", "gulag"),
        ("All repression together", "all-repression"),
    )
    assert ("Estimate before the archives", "pre-archival-estimate") in explorer.basis.options
    assert ("Size of the group", "members") in explorer.measure.options


def test_every_control_has_a_name_and_works_without_a_list_box(explorer):
    controls = explorer.controls()
    names = [control.description for control in controls]
    # Checkboxes named by their words, then the named boxes and buttons.
    assert names == [
        *(label for label, _ in explorer.category.options),
        *(label for label, _ in explorer.measure.options),
        *(label for label, _ in explorer.basis.options),
        "First year",
        "Last year",
        "Scale",
        "Axis",
        "Compare with",
    ]
    assert (explorer.category.description, explorer.measure.description, explorer.basis.description) == (
        "Category",
        "Measure",
        "Basis",
    )
    # JupyterLab takes the arrow keys of a <select> for its own commands: no list box or drop-down here.
    assert not [
        control
        for control in controls
        if isinstance(control, (widgets.SelectMultiple, widgets.Select, widgets.Dropdown))
    ]
    # ipywidgets cuts a description at 80 px unless its width is "initial" (a checkbox's label is not cut).
    assert all(
        control.style.description_width == "initial"
        for control in controls
        if not isinstance(control, widgets.Checkbox)
    )


def test_explorer_category_measure_and_basis_narrow_the_figures_and_the_chart(explorer):
    explorer.category.value = ("all-repression",)
    assert set(explorer.filtered["figure_id"]) == {"shot-3738", "shot-3738-guess", "deaths-range"}
    explorer.measure.value = ("executed",)
    assert set(explorer.filtered["figure_id"]) == {"shot-3738", "shot-3738-guess"}
    explorer.basis.value = ("pre-archival-estimate",)
    assert explorer.filtered["figure_id"].tolist() == ["shot-3738-guess"]
    spec = explorer.chart.to_dict()
    assert spec["title"]["text"] == ["Victims of the Terror: 1 figures"]
    assert [row["basis"] for row in values(explorer.chart)] == ["Estimate before the archives"]


def test_explorer_counts_agree_with_the_selection(explorer):
    explorer.category.value = ("all-repression", "gulag")
    shown = len(explorer.filtered)
    assert shown == len(explorer.table) == 4
    assert explorer.chart.to_dict()["title"]["text"] == [f"Victims of the Terror: {shown} figures"]
    assert f"<caption>{shown} figures</caption>" in explorer.table_html


def test_explorer_period_keeps_overlapping_figures(explorer):
    explorer.period.value = (1939, 1939)
    assert explorer.filtered["figure_id"].tolist() == ["camps-1939"]
    explorer.period.value = (1934, 1936)
    assert set(explorer.filtered["figure_id"]) == {"cc-members", "sentences-1936"}


def test_explorer_scale_adds_rates_to_table_and_chart(explorer):
    explorer.scale.value = "month"
    assert "per month" in explorer.table.columns
    assert x_axis(explorer.chart.to_dict())["title"] == "People per month"
    explorer.scale.value = "day"
    assert explorer.filtered.set_index("figure_id").loc["shot-3738", "shown"] == pytest.approx(1000)
    assert "per day: 1,000" in explorer.table_html


def test_explorer_axis_control_sets_a_log_scale_and_says_so(explorer):
    assert explorer.axis.options == (("Linear, from 0", "linear"), ("Log scale", "log"))
    explorer.axis.value = "log"
    x = x_axis(explorer.chart.to_dict())
    assert x["scale"]["type"] == "log" and x["axis"]["title"] == "Number of people (log scale)"
    explorer.axis.value = "linear"
    assert x_axis(explorer.chart.to_dict())["scale"]["type"] == "linear"
    with pytest.raises(traitlets.TraitError):
        explorer.axis.value = "logarithmic"


def test_explorer_compare_menu_is_searched_by_typing_and_reads_in_words(explorer):
    labels = {value: label for label, value in explorer.compare.options}
    # Populations and group sizes (the natural denominators) first; a range has no one number to compare with.
    assert list(labels)[:2] == ["cc-members", "camps-1939"] and "deaths-range" not in labels and len(labels) == 6
    assert labels["shot-3738-guess"] == (
        "All repression together · Executed (shot), 1 January 1937 – 31 December 1938: 1,000,000 · "
        "Estimate before the archives · Roe and Poe 1990"
    )
    assert labels["cc-members"].startswith(
        "Party elite · Size of the group, 1 February 1934 – 28 February 1934: 139 (<script>"
    )
    # A learner types into the box; the whole label chosen from the suggestions sets the figure.
    explorer.compare.box.value = labels["sentences-1936"]
    assert explorer.compare.value == "sentences-1936" and "ratio" in explorer.table.columns
    explorer.compare.box.value = ""
    assert explorer.compare.value == "" and "ratio" not in explorer.table.columns


def test_explorer_compare_adds_the_ratio_and_names_the_comparison_in_words(explorer):
    explorer.compare.value = "sentences-1936"
    assert explorer.filtered.set_index("figure_id").loc["shot-3738", "ratio"] == pytest.approx(730000 / 1118)
    # A large ratio is written as the figures are, never as "6.53e+02".
    assert (
        explorer.table.set_index("figure_id").loc["shot-3738", "ratio"] == "653×"
        and "ratio: 653×" in explorer.table_html
    )
    rule = next(layer for layer in marks(explorer.chart.to_dict(), "rule") if "strokeDash" in layer["mark"])
    assert rule["encoding"]["x"] == {"datum": 1118.0}
    caption = (
        "7 figures, compared with All political cases (OGPU/NKVD), sentenced to death, "
        "1 January 1936 – 31 December 1936 (Archival count; Doe 2001): 1,118"
    )
    assert f"<caption>{caption}</caption>" in explorer.table_html
    explorer.compare.value = ""
    assert "ratio" not in explorer.filtered.columns


def test_explorer_rejects_a_comparison_it_does_not_offer(explorer):
    with pytest.raises(traitlets.TraitError, match="'deaths-range' is not among the 6 options offered"):
        explorer.compare.value = "deaths-range"
    assert explorer.compare.value == "" and explorer.error == ""


def test_explorer_table_is_in_words_cites_escapes_and_scrolls_in_its_own_box(explorer):
    html = explorer.table_html
    assert html.startswith('<div class="purgelib-scroll" tabindex="0" role="region" aria-label="7 figures">')
    assert re.findall(r"<th[^>]*>([^<]*)</th>", html) == ["Figure", "Number", "Basis and sources", "Notes"]
    assert (
        "<td>Estimate before the archives\nRoe and Poe 1990</td>" in html
        and "<td>Archival count\nDoe 2001</td>" in html
    )
    assert "Kulak operation (Order 00447): first category\nSentenced to death, 30 July 1937" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    # Ids stay, last, for code and for the notes that name other rows; codes of categories and bases do not.
    assert "Id: shot-3738" in html and not [
        code for code in ("archival-count", "pre-archival-estimate", "all-repression") if f">{code}" in html
    ]


def test_explorer_chart_fits_a_screen_and_says_what_it_leaves_out():
    explorer = VictimsExplorer()
    victims = purgelib.load("victims")
    assert len(explorer.filtered) == len(victims) == len(explorer.table)
    rows = values(explorer.chart)
    # The rows get at most 680 px, so that the explorer stays under about 1,400 px.
    assert explorer.chart.to_dict()["height"] <= 680 and 5 <= len(rows) < len(victims)
    subtitle = " ".join(explorer.chart.to_dict()["title"]["subtitle"])
    assert subtitle.startswith(
        f"The first {len(rows)} of {len(victims)} figures are drawn; "
        "narrow the selection to see them all (the table lists every one)."
    )
    assert f"<caption>{len(victims)} figures</caption>" in explorer.table_html


@pytest.mark.parametrize("control", ["category", "measure", "basis"])
def test_explorer_empty_selection_shows_a_message_not_a_chart(explorer, control):
    getattr(explorer, control).value = ()
    assert explorer.chart is None and explorer.filtered.empty
    assert explorer.message == f"Choose at least one {control} to see figures."
    assert explorer._chart_output.outputs[0]["data"]["text/plain"] == explorer.message
    assert explorer.table_html == ""


def test_explorer_no_match_and_no_rate_messages(explorer):
    explorer.category.value = ("gulag",)
    explorer.period.value = (1934, 1935)
    assert explorer.chart is None and explorer.message.startswith("No figures match these choices.")
    explorer.period.value = (1934, 1939)
    explorer.scale.value = "day"
    assert explorer.chart is None and len(explorer.filtered) == 1
    assert (
        explorer.message
        == "These figures have no rate (populations, group sizes, quotas, one-day counts). Set the scale to Total."
    )


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda f: f.drop(columns="basis"), ValueError, "figures is missing the column\\(s\\) basis"),
        (
            lambda f: f.assign(period_start=f["period_start"].dt.strftime("%Y")),
            TypeError,
            "'period_start' must hold dates",
        ),
        (lambda f: f.assign(value=f["value"].astype(str)), TypeError, "'value' must hold numbers"),
        (lambda f: f.assign(category="kulaks"), ValueError, "Unknown category: kulaks"),
        (lambda f: f.assign(source_ids="doe-2001"), TypeError, "'source_ids' must hold a non-empty list"),
        (lambda f: f.assign(figure_id="same"), ValueError, "repeated figure_id\\(s\\): same"),
    ],
)
def test_explorer_rejects_bad_frames_with_a_clear_error(change, error, message):
    with pytest.raises(error, match=message):
        VictimsExplorer(change(sample()), sources=SOURCES)


def test_explorer_builds_from_the_course_data():
    explorer = VictimsExplorer()
    explorer.category.value = ("order-00447",)
    explorer.scale.value = "day"
    explorer.compare.value = "political-death-sentences-1936-popov"
    spec = explorer.chart.to_dict()
    assert spec["description"] and set(explorer.filtered["category"]) == {"order-00447"}
    assert explorer.error == ""
    # Every figure's row in the table has its citation.
    assert (explorer.table["sources"] != "").all()


def schema_fields(table: str) -> dict[str, dict]:
    package = json.loads((purgelib.data.data_dir() / "datapackage.json").read_text())
    return {
        field["name"]: field
        for resource in package["resources"]
        if resource["name"] == table
        for field in resource["schema"]["fields"]
    }


def test_every_basis_the_data_package_declares_has_a_colour():
    # The data package declares the bases and their words; the colours, written here, must cover every one.
    bases = schema_fields("victims")["basis"]["constraints"]["enum"]
    assert list(BASIS_COLOURS) == bases
    assert list(BASIS_WORDS) == bases and set(BASIS_WORDS.values()) == {
        item["label"] for item in schema_fields("victims")["basis"]["categories"]
    }


def test_nothing_is_read_from_the_data_package_at_import(tmp_path):
    # A wheel installed without its data must still import (issue 12): the lists are read when used.
    import subprocess
    import sys

    modules = "purgelib.victims, purgelib.explanations, purgelib.timeline, purgelib.people, purgelib.reader"
    script = f"import {modules}; print('ok')"
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={"PURGELIB_DATA": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


def test_explorer_of_no_figures_shows_a_message():
    explorer = VictimsExplorer(sample().iloc[:0], sources=SOURCES)
    assert explorer.chart is None and explorer.filtered.empty and explorer.compare.options == ()
    assert explorer.message == "There are no figures to explore: the table is empty."


# --- what a change costs: no Altair on the way to the screen ------------------


def test_a_change_fills_a_template_and_draws_the_chart_the_function_builds(explorer, monkeypatch):
    from test_timeline import inline

    def shows_its_chart() -> bool:
        return inline(explorer.spec) == inline(explorer.chart.to_dict())

    assert shows_its_chart()
    changes = [
        ("compare", "sentences-1936"),
        ("scale", "day"),
        ("scale", "total"),
        ("axis", "log"),
        ("category", ("all-repression",)),
        ("period", (1937, 1938)),
    ]
    # Each layout of the chart is built once: after a first round, the same changes build no Altair chart.
    for control, value in changes:
        getattr(explorer, control).value = value
        assert explorer.error == "" and shows_its_chart(), control
    explorer.compare.value, explorer.scale.value, explorer.axis.value = "", "total", "linear"
    explorer.category.value, explorer.period.value = tuple(key for _, key in explorer.category.options), (1934, 1939)

    def no_altair(*args, **kwargs):
        raise AssertionError("a change built or validated an Altair chart")

    with monkeypatch.context() as patched:
        patched.setattr(alt.TopLevelMixin, "to_dict", no_altair)
        patched.setattr(alt.LayerChart, "__init__", no_altair)
        for control, value in changes:
            getattr(explorer, control).value = value
            assert explorer.error == "", control
            assert explorer._chart_output.outputs[0]["data"]["application/vnd.vegalite.v5+json"] == explorer.spec
    assert explorer.spec["encoding"]["x"]["scale"]["type"] == "log" and set(explorer.filtered["category"]) == {
        "all-repression"
    }
    assert [row["what"] for row in explorer.spec["data"]["values"]] == ["All repression together"] * len(
        explorer.filtered
    )
    assert shows_its_chart()


def test_the_most_held_at_one_time_has_no_rate():
    peak = sample().iloc[:1].assign(figure_id="peak", measure="peak-population")
    assert scale(peak, per="day")[["per_day", "per_month", "shown"]].isna().all(axis=None)


def test_explorer_table_is_the_table_of_its_figures_written_out(explorer):
    # The explorer writes the cells that no scale or comparison changes once; after any change its
    # table must be the one its figures give when written out from scratch.
    from purgelib.victims import _table_html

    explorer.basis.value = ("archival-count",)
    explorer.scale.value = "month"
    explorer.basis.value = explorer.basis.value + ("scholarly-estimate",)
    assert explorer.error == ""
    caption = f"{len(explorer.table)} figures"
    assert explorer.table_html == _table_html(explorer.table, caption)
    assert len(explorer.table) and explorer.table_html.count("<tr>") == 1 + len(explorer.table)
