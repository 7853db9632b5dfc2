"""Tests of purgelib.victims: filtering, scaling, the chart and the explorer, on small frames and the course's data."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pytest

import purgelib
from purgelib.victims import (
    BASES,
    BASIS_COLOURS,
    CATEGORIES,
    DAYS_PER_MONTH,
    MEASURES,
    VictimsExplorer,
    comparison,
    comparisons,
    figure_table,
    filter_figures,
    scale,
    victims_chart,
)

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
    defaults = {"subgroup": None, "value": None, "value_low": None, "value_high": None, "basis": "archival-count", "source_ids": ["doe-2001"], "notes": ""}
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
        {"figure_id": "shot-3738", "category": "all-repression", "measure": "executed", "period_start": "1937-01-01", "period_end": "1938-12-31", "value": 730000},
        {"figure_id": "shot-3738-guess", "category": "all-repression", "measure": "executed", "period_start": "1937-01-01", "period_end": "1938-12-31",
         "value": 1000000, "basis": "pre-archival-estimate", "source_ids": ["roe-poe-1990"]},
        {"figure_id": "deaths-range", "category": "all-repression", "measure": "deaths", "period_start": "1937-01-01", "period_end": "1938-12-31",
         "value_low": 950000, "value_high": 1200000, "basis": "scholarly-estimate"},
        {"figure_id": "quota", "category": "order-00447", "measure": "sentenced-to-death", "period_start": "1937-07-30", "period_end": "1937-07-30",
         "value": 75950, "basis": "official-quota", "subgroup": "first category"},
        {"figure_id": "camps-1939", "category": "gulag", "measure": "population", "period_start": "1939-01-01", "period_end": "1939-01-01", "value": 1668000},
        {"figure_id": "cc-members", "category": "party-elite", "measure": "members", "period_start": "1934-02-01", "period_end": "1934-02-28", "value": 139,
         "subgroup": "<script>alert(1)</script>"},
        {"figure_id": "sentences-1936", "category": "political-cases", "measure": "sentenced-to-death", "period_start": "1936-01-01", "period_end": "1936-12-31", "value": 1118},
    )


# --- filter_figures -------------------------------------------------------------------------


def test_filter_by_category_measure_and_basis_takes_one_value_or_a_list():
    data = sample()
    assert set(filter_figures(data, categories="all-repression")["figure_id"]) == {"shot-3738", "shot-3738-guess", "deaths-range"}
    assert set(filter_figures(data, measures=["executed", "deaths"], bases="archival-count")["figure_id"]) == {"shot-3738"}
    assert filter_figures(data, categories=[]).empty


def test_filter_by_years_keeps_figures_whose_period_overlaps():
    data = sample()
    assert set(filter_figures(data, start=1938, end=1938)["figure_id"]) == {"shot-3738", "shot-3738-guess", "deaths-range"}
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
    month_quota = scale(figures({"figure_id": "q", "category": "order-00447", "measure": "sentenced-to-death", "period_start": "1937-07-01",
                                 "period_end": "1937-07-31", "value": 70000, "basis": "official-quota"}), per="day")
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
    assert set(by_row["compared_to"]) == {"political-cases, sentenced-to-death, 1 January 1936 – 31 December 1936 (archival-count; doe-2001): 1,118"}
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
    assert dict((i, label) for label, i in menu)["camps-1939"] == "gulag, population, 1 January 1939 (archival-count; Doe 2001): 1,668,000"
    assert comparison("shot-3738-guess", sample(), SOURCES) == (
        "all-repression, executed, 1 January 1937 – 31 December 1938 (pre-archival-estimate; Roe and Poe 1990): 1,000,000",
        1_000_000.0,
    )


# --- figure_table and victims_chart --------------------------------------------------------------------


def test_figure_table_cites_every_figure_and_adds_rate_and_ratio_columns():
    table = figure_table(sample(), per="day", compare_to=("a million", 1_000_000), sources=SOURCES)
    assert table.columns.tolist() == ["figure_id", "figure", "measure", "period", "value", "range", "per day", "ratio", "basis", "sources", "notes"]
    rows = table.set_index("figure_id")
    assert rows.loc["shot-3738-guess", "sources"] == "Roe and Poe 1990"
    assert rows.loc["shot-3738", "per day"] == "1,000" and rows.loc["shot-3738", "ratio"] == "0.73×"
    assert rows.loc["camps-1939", "per day"] == "no rate"
    assert rows.loc["deaths-range", "range"] == "950,000–1,200,000" and rows.loc["deaths-range", "value"] == ""
    assert rows.loc["deaths-range", "ratio"] == "0.95–1.2×"


def chart_values(chart: alt.TopLevelMixin) -> list[dict]:
    return chart.data["values"]


def test_chart_validates_with_title_description_facets_and_basis_colours():
    chart = victims_chart(sample(), title="All", sources=SOURCES)
    spec = chart.to_dict()
    assert spec["title"] == "All"
    assert spec["description"].startswith("Dot chart of 7 figures, one panel per measure (sentenced-to-death, executed, deaths, population, members)")
    assert spec["facet"]["row"]["field"] == "measure"
    layer = spec["spec"]
    assert layer["encoding"]["color"]["scale"] == {"domain": list(BASIS_COLOURS), "range": list(BASIS_COLOURS.values())}
    assert [entry["title"] for entry in layer["encoding"]["tooltip"]] == ["Figure", "Value", "Range", "Period", "Basis", "Sources"]
    assert [sub["mark"]["type"] for sub in layer["layer"]] == ["errorbar", "point"]
    # 139 to 1,668,000: a log axis, or the small figures would vanish.
    assert layer["layer"][1]["encoding"]["x"]["scale"] == {"type": "log"}


def test_chart_draws_a_range_without_a_midpoint_and_a_value_without_a_range():
    values = {row["label"].split(" · ")[0] + row["measure"]: row for row in chart_values(victims_chart(sample(), sources=SOURCES))}
    deaths = values["all-repressiondeaths"]
    assert deaths["shown"] is None and (deaths["low"], deaths["high"]) == (950000.0, 1200000.0)
    assert deaths["value"] == "range only" and deaths["range"] == "950,000–1,200,000"
    members = values["party-elitemembers"]
    assert members["low"] == members["high"] == members["shown"] == 139.0 and members["range"] == "none given"
    assert members["what"] == "party-elite: <script>alert(1)</script>"  # data for Vega, which draws text, never HTML


def test_chart_labels_tell_figures_of_one_measure_apart_and_keep_the_data_small():
    values = chart_values(victims_chart(sample(), sources=SOURCES))
    executed = [row["label"] for row in values if row["measure"] == "executed"]
    assert executed == [
        "all-repression · 1 January 1937 – 31 December 1938 · Doe 2001",
        "all-repression · 1 January 1937 – 31 December 1938 · Roe and Poe 1990",
    ]
    assert set(values[0]) == {"order", "label", "measure", "basis", "shown", "low", "high", "what", "value", "range", "rate", "ratio", "period", "sources"}


def test_rate_chart_leaves_out_counts_at_a_date_and_says_so():
    chart = victims_chart(sample(), per="day", sources=SOURCES)
    spec = chart.to_dict()
    assert spec["title"]["subtitle"] == ["3 figure(s) with no rate (populations, group sizes, quotas, one-day counts) are not drawn."]
    assert {row["measure"] for row in chart_values(chart)} == {"executed", "deaths", "sentenced-to-death"}
    assert spec["spec"]["layer"][1]["encoding"]["x"]["title"] == "Number per day (log scale)"
    assert "Figure per day" in [entry["title"] for entry in spec["spec"]["encoding"]["tooltip"]]


def test_chart_of_totals_marks_the_comparison_with_a_dashed_line():
    # The figures drawn are a filtered part; the comparison comes from the whole table.
    camps = comparison("camps-1939", sample(), SOURCES)
    chart = victims_chart(filter_figures(sample(), categories="all-repression"), compare_to=camps, sources=SOURCES)
    spec = chart.to_dict()
    rule = spec["spec"]["layer"][2]
    assert rule["mark"]["strokeDash"] == [4, 3] and rule["encoding"]["x"] == {"datum": 1668000.0}
    # Its own full-height line in its own colour, once per panel: not a line per figure in basis colours.
    assert rule["encoding"]["y2"] == {"value": "height"} and rule["encoding"]["color"] == {"value": "#000000"}
    assert rule["transform"] == [{"aggregate": [{"op": "count", "as": "figures"}]}]
    assert spec["title"]["subtitle"][0].startswith("Compared with: gulag, population, 1 January 1939")
    assert {row["ratio"] for row in chart_values(chart)} == {"0.438×", "0.6×", "0.57–0.719×"}
    # A rate chart keeps the ratio (of totals) in the tooltips but draws no line in other units.
    per_day = victims_chart(filter_figures(sample(), categories="all-repression"), per="day", compare_to=camps, sources=SOURCES).to_dict()
    assert len(per_day["spec"]["layer"]) == 2


def test_chart_uses_a_linear_axis_for_figures_of_one_size_and_is_deterministic():
    close = filter_figures(sample(), categories="all-repression")
    spec = victims_chart(close, sources=SOURCES).to_dict()
    assert spec["spec"]["layer"][1]["encoding"]["x"]["scale"] == {"zero": True}
    assert victims_chart(close, sources=SOURCES).to_dict() == spec


def test_chart_of_the_course_figures_draws_each_basis_present():
    victims = purgelib.load("victims")
    chart = victims_chart(filter_figures(victims, categories="order-00447"))
    spec = chart.to_dict()
    assert {row["basis"] for row in chart_values(chart)} == set(filter_figures(victims, categories="order-00447")["basis"].astype(str))
    assert spec["description"] and spec["title"]


# --- VictimsExplorer ------------------------------------------------------------------------


@pytest.fixture
def explorer() -> VictimsExplorer:
    return VictimsExplorer(sample(), sources=SOURCES)


def test_explorer_starts_with_every_figure(explorer):
    assert len(explorer.filtered) == 7 and explorer.message == ""
    assert explorer.period.value == (1934, 1939)
    assert explorer.scale.value == "total" and explorer.compare.value == "none"
    assert explorer.chart.to_dict()["facet"]["row"]["field"] == "measure"
    assert explorer.category.options == ("political-cases", "order-00447", "party-elite", "gulag", "all-repression")


def test_explorer_category_measure_and_basis_narrow_the_figures_and_the_chart(explorer):
    explorer.category.value = ("all-repression",)
    assert set(explorer.filtered["figure_id"]) == {"shot-3738", "shot-3738-guess", "deaths-range"}
    explorer.measure.value = ("executed",)
    assert set(explorer.filtered["figure_id"]) == {"shot-3738", "shot-3738-guess"}
    explorer.basis.value = ("pre-archival-estimate",)
    assert explorer.filtered["figure_id"].tolist() == ["shot-3738-guess"]
    spec = explorer.chart.to_dict()
    assert spec["title"] == "Victims of the Terror: 1 figures"
    assert [row["basis"] for row in explorer.chart.data["values"]] == ["pre-archival-estimate"]


def test_explorer_period_keeps_overlapping_figures(explorer):
    explorer.period.value = (1939, 1939)
    assert explorer.filtered["figure_id"].tolist() == ["camps-1939"]
    explorer.period.value = (1934, 1936)
    assert set(explorer.filtered["figure_id"]) == {"cc-members", "sentences-1936"}


def test_explorer_scale_adds_rates_to_table_and_chart(explorer):
    explorer.scale.value = "month"
    assert "per month" in explorer.table.columns
    assert explorer.chart.to_dict()["spec"]["layer"][1]["encoding"]["x"]["title"].startswith("Number per month")
    explorer.scale.value = "day"
    assert explorer.filtered.set_index("figure_id").loc["shot-3738", "shown"] == pytest.approx(1000)
    assert "<th>per day</th>" in explorer._table.value


def test_explorer_compare_adds_the_ratio_and_lists_cited_rows(explorer):
    labels = dict((value, label) for label, value in explorer.compare.options)
    assert labels["none"] == "none" and "deaths-range" not in labels
    explorer.compare.value = "sentences-1936"
    assert explorer.filtered.set_index("figure_id").loc["shot-3738", "ratio"] == pytest.approx(730000 / 1118)
    assert "ratio" in explorer.table.columns
    assert explorer.chart.to_dict()["spec"]["layer"][2]["encoding"]["x"] == {"datum": 1118.0}
    assert "<caption>7 figures, compared with political-cases, sentenced-to-death, 1 January 1936 – 31 December 1936 (archival-count; Doe 2001): 1,118</caption>" in explorer._table.value
    explorer.compare.value = "none"
    assert "ratio" not in explorer.filtered.columns


def test_explorer_table_cites_and_escapes(explorer):
    html = explorer._table.value
    assert "<td>Roe and Poe 1990</td>" in html and "<td>Doe 2001</td>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


@pytest.mark.parametrize("control", ["category", "measure", "basis"])
def test_explorer_empty_selection_shows_a_message_not_a_chart(explorer, control):
    getattr(explorer, control).value = ()
    assert explorer.chart is None and explorer.filtered.empty
    assert explorer.message == f"Choose at least one {control} to see figures."
    assert explorer._chart_output.outputs[0]["data"]["text/plain"] == explorer.message
    assert explorer._table.value == ""


def test_explorer_no_match_and_no_rate_messages(explorer):
    explorer.category.value = ("gulag",)
    explorer.period.value = (1934, 1935)
    assert explorer.chart is None and explorer.message.startswith("No figures match these choices.")
    explorer.period.value = (1934, 1939)
    explorer.scale.value = "day"
    assert explorer.chart is None and len(explorer.filtered) == 1
    assert explorer.message == "These figures have no rate (populations, group sizes, quotas, one-day counts). Set the scale to Total."


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda f: f.drop(columns="basis"), ValueError, "figures is missing the column\\(s\\) basis"),
        (lambda f: f.assign(period_start=f["period_start"].dt.strftime("%Y")), TypeError, "'period_start' must hold dates"),
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
    victims = purgelib.load("victims")
    assert len(explorer.filtered) == len(victims) and explorer.chart is not None
    explorer.category.value = ("order-00447",)
    explorer.scale.value = "day"
    explorer.compare.value = explorer.compare.options[1][1]
    spec = explorer.chart.to_dict()
    assert spec["description"] and set(explorer.filtered["category"]) == {"order-00447"}
    # Every figure's row in the table has its citation.
    assert (explorer.table["sources"] != "").all()


def test_charts_built_one_after_another_keep_their_own_data():
    first = victims_chart(filter_figures(sample(), categories="all-repression"), sources=SOURCES)
    before = first.to_dict()
    second = victims_chart(filter_figures(sample(), categories="all-repression", bases="archival-count"), sources=SOURCES)
    assert first.to_dict() == before
    assert len(second.data["values"]) == 1 and len(first.data["values"]) == 3


def test_a_large_chart_draws_the_first_figures_and_says_so():
    many = pd.concat([sample().assign(figure_id=sample()["figure_id"] + f"-{copy}") for copy in range(50)], ignore_index=True)
    chart = victims_chart(many, sources=SOURCES, limit=100)
    assert len(chart.data["values"]) == 100
    assert chart.to_dict()["title"]["subtitle"] == ["The first 100 of 350 figures; narrow the selection to see them all."]


def schema_fields(table: str) -> dict[str, dict]:
    package = json.loads((purgelib.data.data_dir() / "datapackage.json").read_text())
    return {field["name"]: field for resource in package["resources"] if resource["name"] == table for field in resource["schema"]["fields"]}


def test_the_lists_of_values_match_the_data_package():
    # The data package is where enums are declared; these lists (and the colours) must follow it.
    fields = schema_fields("victims")
    assert list(CATEGORIES) == fields["category"]["constraints"]["enum"]
    assert list(MEASURES) == fields["measure"]["constraints"]["enum"]
    assert list(BASES) == list(BASIS_COLOURS) == fields["basis"]["constraints"]["enum"]


def test_explorer_of_no_figures_shows_a_message():
    explorer = VictimsExplorer(sample().iloc[:0], sources=SOURCES)
    assert explorer.chart is None and explorer.filtered.empty and explorer.compare.options == (("none", "none"),)
    assert explorer.message == "There are no figures to explore: the table is empty."
