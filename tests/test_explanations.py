"""Tests of purgelib.explanations: items, weighing, the strongest challenge, the charts and the explorer."""

from __future__ import annotations

import html
import json

import ipywidgets as widgets
import pandas as pd
import pytest

import purgelib
from purgelib.explanations import (
    SCORE_RULE,
    STANCE_COLOURS,
    STANCE_SIGNS,
    ExplanationsExplorer,
    evidence_kinds,
    evidence_matrix,
    evidence_stances,
    ranking_chart,
    resolve_items,
    strongest_challenge,
    weigh,
)

SOURCES = pd.DataFrame(
    {
        "source_id": ["reader-a", "reader-b", "scholar-2000"],
        "kind": ["book", "periodical-article", "article"],
        "authors": ["Alpha, Ann", "Beta, Ben", "Gamma, Gus; Delta, Dee"],
        "year": [1999, 1937, 2000],
        "title": ["A", "B", "C"],
        "container": ["", "Weekly 1", "Journal 2"],
        "publisher": ["", "", ""],
        "url": ["", "", ""],
        "is_reading": [True, True, False],
    }
)
EVENTS = pd.DataFrame(
    {
        "event_id": ["order-1937", "murder-1934"],
        "date": pd.to_datetime(["1937-07-30", "1934-12-01"]),
        "date_precision": ["day", "month"],
        "title": ["An order", "<script>alert(1)</script>"],
        "readings": [["reader-a"], ["reader-a", "reader-b"]],
        "source_ids": [["scholar-2000"], ["scholar-2000"]],
    }
)
PEOPLE = pd.DataFrame(
    {"person_id": ["boss"], "name": ["The Boss"], "readings": [["reader-b"]], "source_ids": [["scholar-2000"]]}
)
PASSAGES = pd.DataFrame(
    {"passage_id": ["b-fear"], "reading_id": ["reader-b"], "paragraph": [7], "quote": ["they were afraid"]}
)
FIGURES = pd.DataFrame(
    {
        "figure_id": ["shot"],
        "category": ["all-repression"],
        "subgroup": ["people shot"],
        "measure": ["executed"],
        "period_start": pd.to_datetime(["1937-01-01"]),
        "period_start_precision": ["year"],
        "period_end": pd.to_datetime(["1938-12-31"]),
        "period_end_precision": ["year"],
        "value": pd.array([681692], dtype="Int64"),
        "value_low": pd.array([None], dtype="Int64"),
        "value_high": pd.array([None], dtype="Int64"),
        "basis": ["archival-count"],
        "source_ids": [["scholar-2000"]],
        "notes": [""],
    }
)
EXPLANATIONS = pd.DataFrame(
    {"explanation_id": ["plan", "snowball", "pressure"], "name": ["A plan", "A snowball", "Pressure from below"]}
)
TABLES = {"events": EVENTS, "figures": FIGURES, "people": PEOPLE, "passages": PASSAGES, "sources": SOURCES}


def link(evidence_id, explanation_id, stance, strength, kind, ref_id, sources=("scholar-2000",), reasoning="because"):
    return {
        "evidence_id": evidence_id,
        "explanation_id": explanation_id,
        "stance": stance,
        "strength": strength,
        "kind": kind,
        "ref_id": ref_id,
        "reasoning": reasoning,
        "source_ids": list(sources),
    }


def sample() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            link("plan-order", "plan", "supports", 3, "event", "order-1937"),
            link("plan-fear", "plan", "challenges", 2, "passage", "b-fear", ("reader-b",), "<b>fear</b> not design"),
            link("plan-shot", "plan", "complicates", 2, "figure", "shot"),
            link("plan-boss", "plan", "challenges", 2, "person", "boss"),
            link("snowball-fear", "snowball", "supports", 2, "passage", "b-fear", ("reader-b",)),
            link("snowball-murder", "snowball", "supports", 1, "event", "murder-1934"),
            link("snowball-order", "snowball", "challenges", 3, "event", "order-1937"),
        ]
    )
    frame["strength"] = frame["strength"].astype("Int64")
    return frame


def items() -> pd.DataFrame:
    return resolve_items(sample(), explanations=EXPLANATIONS, **TABLES)


# --- resolve_items --------------------------------------------------------------------------


def test_resolve_items_names_every_item_with_its_readings_and_sources():
    rows = items().set_index("evidence_id")
    assert rows.loc["plan-order", "item"] == "An order (30 July 1937)"
    assert rows.loc["snowball-murder", "item"] == "<script>alert(1)</script> (December 1934)"
    assert rows.loc["plan-boss", "item"] == "The Boss"
    assert rows.loc["plan-fear", "item"] == "“they were afraid”"
    assert rows.loc["plan-shot", "item"] == "people shot, 1937 – 1938 (Archival count; Gamma and Delta 2000): 681,692"
    assert (
        rows.loc["plan-fear", "item_source"] == "Beta 1937, ¶ 7"
        and rows.loc["plan-order", "item_source"] == "Gamma and Delta 2000"
    )
    assert (
        rows.loc["snowball-murder", "item_readings"] == ["reader-a", "reader-b"]
        and rows.loc["plan-shot", "item_readings"] == []
    )
    assert rows.loc["plan-fear", "citation"] == "Beta 1937" and rows.loc["plan-order", "explanation"] == "A plan"
    assert rows.loc["plan-order", "item_label"] == "event: An order (30 July 1937)"


def test_resolve_items_shortens_long_labels_and_reports_missing_items():
    frame = pd.DataFrame(
        [link("x", "plan", "supports", 1, "event", "not-there"), link("y", "plan", "supports", 1, "passage", "b-fear")]
    )
    long_quote = PASSAGES.assign(quote="word " * 40)
    rows = resolve_items(frame, explanations=EXPLANATIONS, **{**TABLES, "passages": long_quote}).set_index(
        "evidence_id"
    )
    assert rows.loc["x", "item"] == "event not-there (not found in the course's tables)"
    assert len(rows.loc["y", "item_label"]) == len("passage: ") + 60 and rows.loc["y", "item_label"].endswith("…")


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda f: f.drop(columns="stance"), ValueError, "evidence is missing the column\\(s\\) stance"),
        (
            lambda f: f.assign(stance="refutes"),
            ValueError,
            "Unknown stance: refutes. Allowed: supports, challenges, complicates",
        ),
        (
            lambda f: f.assign(kind="document"),
            ValueError,
            "Unknown kind: document. Allowed: event, figure, person, passage",
        ),
        (lambda f: f.assign(strength="strong"), TypeError, "'strength' must hold the numbers 1, 2 or 3"),
        (lambda f: f.assign(strength=5), ValueError, "Unknown strength: 5. Allowed: 1, 2, 3"),
        (lambda f: f.assign(source_ids="scholar-2000"), TypeError, "'source_ids' must hold lists of source ids"),
        (lambda f: f.assign(evidence_id="same"), ValueError, "repeated evidence_id\\(s\\): same"),
        (
            lambda f: f.assign(explanation_id="luck"),
            ValueError,
            "explanation\\(s\\) not in the explanations table: luck. Known: plan, snowball, pressure",
        ),
    ],
)
def test_bad_evidence_frames_raise_clear_errors(change, error, message):
    with pytest.raises(error, match=message):
        resolve_items(change(sample()), explanations=EXPLANATIONS, **TABLES)
    with pytest.raises(error, match=message):
        ExplanationsExplorer(change(sample()), EXPLANATIONS, **TABLES)


def test_bad_explanations_frame_raises():
    with pytest.raises(ValueError, match="explanations is missing the column\\(s\\) name"):
        weigh(items(), explanations=EXPLANATIONS.drop(columns="name"))


# --- weigh ----------------------------------------------------------------------------------


def test_weigh_sums_strength_times_stance_and_counts_links():
    ranking = weigh(items(), explanations=EXPLANATIONS)
    # plan: +3 −2 −0.5×2 −2 = −2; snowball: +2 +1 −3 = 0; pressure has no evidence.
    assert ranking.to_dict("records") == [  # a tie goes in name order
        {
            "explanation_id": "snowball",
            "name": "A snowball",
            "score": 0.0,
            "supports": 2,
            "challenges": 1,
            "complicates": 0,
        },
        {
            "explanation_id": "pressure",
            "name": "Pressure from below",
            "score": 0.0,
            "supports": 0,
            "challenges": 0,
            "complicates": 0,
        },
        {"explanation_id": "plan", "name": "A plan", "score": -2.0, "supports": 1, "challenges": 2, "complicates": 1},
    ]


def test_weigh_resolves_plain_evidence_itself():
    plain = weigh(sample(), explanations=EXPLANATIONS.iloc[:2])
    assert plain["score"].tolist() == [0.0, -2.0]


def test_kind_weights_scale_each_kind():
    ranking = weigh(items(), explanations=EXPLANATIONS, kind_weights={"passage": 0, "event": 2}).set_index(
        "explanation_id"
    )
    assert ranking.loc["plan", "score"] == 6 - 1 - 2  # order ×2, fear dropped, figure −1, person −2
    assert ranking.loc["snowball", "score"] == 2 - 6  # murder ×2, order ×2 against


def test_reading_weights_take_the_largest_weight_of_an_items_readings():
    ranking = weigh(items(), explanations=EXPLANATIONS, reading_weights={"reader-b": 0}).set_index("explanation_id")
    # reader-b alone: the passage and the person drop out; the murder is also in reader-a, so it stays.
    assert ranking.loc["plan", "score"] == 3 - 1
    assert ranking.loc["snowball", "score"] == 1 - 3
    doubled = weigh(items(), explanations=EXPLANATIONS, reading_weights={"reader-a": 2, "reader-b": 0.5}).set_index(
        "explanation_id"
    )
    assert doubled.loc["snowball", "score"] == 0.5 * 2 + 2 * 1 - 2 * 3


def test_source_weights_apply_to_the_works_a_link_cites():
    ranking = weigh(items(), explanations=EXPLANATIONS, source_weights={"scholar-2000": 0}).set_index("explanation_id")
    assert ranking.loc["plan", "score"] == -2 and ranking.loc["snowball", "score"] == 2


def test_all_weights_zero_scores_every_explanation_zero_in_name_order():
    zero = dict.fromkeys(("event", "figure", "person", "passage"), 0)
    ranking = weigh(items(), explanations=EXPLANATIONS, kind_weights=zero)
    assert ranking["score"].tolist() == [0.0, 0.0, 0.0]
    assert ranking["name"].tolist() == ["A plan", "A snowball", "Pressure from below"]
    # A link of weight 0 is out of the weighing: it is not counted either.
    assert ranking[["supports", "challenges", "complicates"]].to_numpy().sum() == 0


def test_weigh_with_no_evidence_ranks_every_explanation_at_zero():
    empty = sample().iloc[:0]
    ranking = weigh(empty, explanations=EXPLANATIONS)
    assert ranking["score"].tolist() == [0.0, 0.0, 0.0] and ranking["challenges"].sum() == 0


@pytest.mark.parametrize(
    ("keywords", "error", "message"),
    [
        (
            {"kind_weights": {"events": 1}},
            ValueError,
            "Unknown key in kind_weights: events. Allowed: event, figure, passage, person",
        ),
        (
            {"kind_weights": {"event": -1}},
            ValueError,
            "kind_weights\\['event'\\] must be a number of 0 or more, not -1",
        ),
        ({"kind_weights": {"event": "high"}}, ValueError, "must be a number of 0 or more, not 'high'"),
        ({"kind_weights": [1, 2]}, TypeError, "kind_weights must be a dict of name → weight, not list"),
        ({"reading_weights": {"lovestone": 0}}, ValueError, "Unknown key in reading_weights: lovestone"),
        ({"source_weights": {"x": float("inf")}}, ValueError, "source_weights\\['x'\\] must be a number of 0 or more"),
    ],
)
def test_weigh_rejects_bad_weights(keywords, error, message):
    with pytest.raises(error, match=message):
        weigh(items(), explanations=EXPLANATIONS, **keywords)


# --- strongest_challenge --------------------------------------------------------------------


def test_strongest_challenge_takes_the_highest_strength_then_the_first_id():
    row = strongest_challenge(items(), "plan")
    assert row["evidence_id"] == "plan-boss"  # plan-boss and plan-fear are both 2; the first id wins
    assert row["item"] == "The Boss" and row["citation"] == "Gamma and Delta 2000"
    assert strongest_challenge(items(), "snowball")["item"] == "An order (30 July 1937)"


def test_strongest_challenge_is_none_when_nothing_challenges():
    assert strongest_challenge(items(), "pressure") is None
    assert strongest_challenge(sample().iloc[:0], "plan") is None
    with pytest.raises(TypeError, match="explanation_id must be a string"):
        strongest_challenge(items(), 3)


# --- charts ---------------------------------------------------------------------------------


def test_evidence_matrix_encodes_stance_strength_and_tooltips():
    chart = evidence_matrix(items(), EXPLANATIONS)
    spec = chart.to_dict()
    assert spec["title"] == "Evidence for and against each explanation"
    assert spec["description"].startswith(
        "Evidence matrix: 7 links between 5 items (rows) and 3 explanations (columns)"
    )
    encoding = spec["encoding"]
    assert encoding["color"]["scale"] == {"domain": list(STANCE_COLOURS), "range": list(STANCE_COLOURS.values())}
    assert encoding["shape"]["field"] == "stance" and encoding["size"]["field"] == "strength"
    assert encoding["x"]["scale"]["domain"] == ["A plan", "A snowball", "Pressure from below"]
    assert [tip["title"] for tip in encoding["tooltip"]] == [
        "Explanation",
        "Item",
        "Item's source",
        "Stance",
        "Strength",
        "Why",
        "Sources",
    ]
    # The whole item is stored only where the axis label cuts it short; the tooltip shows either.
    assert spec["transform"] == [{"calculate": "datum.item || datum.item_label", "as": "whole_item"}]
    values = chart.data["values"]
    assert {row["item_label"] for row in values} == {
        "event: An order (30 July 1937)",
        "event: <script>alert(1)</script> (December 1934)",
        "figure: people shot, 1937 – 1938 (Archival count; Gamma and Delta 2…",
        "person: The Boss",
        "passage: “they were afraid”",
    }
    fear = next(row for row in values if row["explanation"] == "A plan" and row["item_label"].startswith("passage"))
    figure = next(row for row in values if row["item_label"].startswith("figure"))
    assert figure["item"] == "people shot, 1937 – 1938 (Archival count; Gamma and Delta 2000): 681,692"
    assert {key: value for key, value in fear.items() if key != "row"} == {
        "explanation": "A plan",
        "item_label": "passage: “they were afraid”",
        "item": None,
        "stance": "challenges",
        "strength": 2,
        "reasoning": "<b>fear</b> not design",
        "citation": "Beta 1937",
        "item_source": "Beta 1937, ¶ 7",
    }
    assert evidence_matrix(items(), EXPLANATIONS).to_dict() == spec


def test_ranking_chart_shows_scores_and_the_rule():
    chart = ranking_chart(weigh(items(), explanations=EXPLANATIONS))
    spec = chart.to_dict()
    assert " ".join(spec["title"]["subtitle"]) == SCORE_RULE and SCORE_RULE in spec["description"]
    assert [(row["name"], row["score"], row["leans"]) for row in chart.data["values"]] == [
        ("A snowball", 0.0, "for"),
        ("Pressure from below", 0.0, "for"),
        ("A plan", -2.0, "against"),
    ]
    # Bars are drawn in rank order, the highest score on top.
    assert spec["layer"][0]["encoding"]["y"]["sort"] == {"field": "rank", "op": "min"}
    assert [row["rank"] for row in chart.data["values"]] == [0, 1, 2]


# --- ExplanationsExplorer -------------------------------------------------------------------


@pytest.fixture
def explorer() -> ExplanationsExplorer:
    return ExplanationsExplorer(sample(), EXPLANATIONS, **TABLES)


def ranking_of(explorer: ExplanationsExplorer) -> list[tuple[str, float]]:
    return list(zip(explorer.ranking["explanation_id"], explorer.ranking["score"], strict=False))


def test_explorer_starts_with_every_explanation_and_weight_one(explorer):
    assert explorer.explanations.value == ("plan", "snowball", "pressure")
    assert set(explorer.weights) == {"event", "figure", "person", "passage"}
    assert set(explorer.reading_weights) == {"reader-a", "reader-b"}
    assert all(
        control.value == 1.0 and (control.min, control.max) == (0.0, 2.0)
        for control in [*explorer.weights.values(), *explorer.reading_weights.values()]
    )
    assert ranking_of(explorer) == [("snowball", 0.0), ("pressure", 0.0), ("plan", -2.0)]
    assert len(explorer.filtered) == 7 and (explorer.filtered["weight"] == 1).all()
    spec = explorer.chart.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "rule", "tick"]
    # The rule is shown in the widget, so a learner can redo any score by hand.
    assert any(html.escape(SCORE_RULE) in getattr(child, "value", "") for child in explorer.children)


def test_explorer_choosing_explanations_narrows_ranking_matrix_and_table(explorer):
    explorer.explanations.value = ("snowball", "plan")
    assert set(explorer.filtered["explanation_id"]) == {"snowball", "plan"}
    assert ranking_of(explorer) == [("snowball", 0.0), ("plan", -2.0)]
    spec = explorer.chart.to_dict()
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == ["A snowball", "A plan"]  # in rank order
    explorer.explanations.value = ("plan",)
    assert ranking_of(explorer) == [("plan", -2.0)] and len(explorer.filtered) == 4
    assert "Pressure" not in explorer.table_html


def test_explorer_kind_weight_changes_ranking_chart_and_drops_zero_weight_items(explorer):
    explorer.weights["event"].value = 2.0
    assert ranking_of(explorer) == [("plan", 1.0), ("pressure", 0.0), ("snowball", -2.0)]
    explorer.weights["passage"].value = 0.0
    assert "passage" not in set(explorer.filtered["kind"])
    blocks, scores = explorer.chart.layer[0].data["values"], explorer.chart.layer[2].data["values"]
    assert {row["item"].split(":")[0] for row in blocks} == {"Event", "Figure", "Person"}
    assert [(row["explanation"], row["score"]) for row in scores] == [
        ("A plan", 3.0),
        ("Pressure from below", 0.0),
        ("A snowball", -4.0),
    ]


def test_explorer_reading_weight_counts_items_from_that_reading(explorer):
    explorer.reading_weights["reader-b"].value = 0.0
    assert set(explorer.filtered["evidence_id"]) == {"plan-order", "plan-shot", "snowball-murder", "snowball-order"}
    assert dict(ranking_of(explorer)) == {"plan": 2.0, "snowball": -2.0, "pressure": 0.0}
    explorer.reading_weights["reader-b"].value = 2.0
    assert explorer.filtered.set_index("evidence_id").loc["plan-fear", "weight"] == 2.0


def test_explorer_shows_the_strongest_challenge_to_the_top_explanation_with_its_source(explorer):
    explorer.explanations.value = ("plan",)
    assert explorer.challenge["evidence_id"] == "plan-boss"
    assert (
        "The strongest challenge to A plan" in explorer.detail_shown and "Gamma and Delta 2000" in explorer.detail_shown
    )
    explorer.weights["person"].value = 0.0
    assert explorer.challenge["evidence_id"] == "plan-fear"
    assert "&lt;b&gt;fear&lt;/b&gt; not design" in explorer.detail_shown and "Beta 1937, ¶ 7" in explorer.detail_shown
    explorer.explanations.value = ("pressure", "plan")
    explorer.weights["event"].value = 0.0
    # plan now scores below pressure's 0; nothing challenges pressure, and the widget says so.
    assert explorer.ranking["explanation_id"].iloc[0] == "pressure" and explorer.challenge is None
    assert "Nothing in the weighted evidence challenges <b>Pressure from below</b>" in explorer.detail_shown


def test_explorer_table_cites_every_link_and_escapes_text(explorer):
    html = explorer.table_html
    assert html.count("<tr>") == 1 + 7
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "<td>Beta 1937</td>" in html and "<td>Gamma and Delta 2000</td>" in html


def test_explorer_empty_selection_shows_a_message(explorer):
    explorer.explanations.value = ()
    assert explorer.chart is None and explorer.filtered.empty and explorer.ranking.empty
    assert explorer.message == "Choose at least one explanation to compare."
    assert explorer._chart_output.outputs[0]["data"]["text/plain"] == explorer.message and explorer.detail_shown == ""


def test_explorer_all_weights_zero_shows_a_message_and_zero_scores(explorer):
    for control in explorer.weights.values():
        control.value = 0.0
    assert explorer.chart is None and explorer.filtered.empty
    assert explorer.message == "Every item now has weight 0, so there is nothing to weigh. Raise a weight above 0."
    assert explorer.ranking["score"].tolist() == [0.0, 0.0, 0.0]
    explorer.weights["figure"].value = 0.5
    assert explorer.filtered["evidence_id"].tolist() == ["plan-shot"] and explorer.chart is not None
    assert dict(ranking_of(explorer))["plan"] == -0.5


def test_explorer_with_an_explanation_without_evidence_or_no_evidence_at_all(explorer):
    explorer.explanations.value = ("pressure",)
    assert explorer.chart is None and explorer.message.startswith(
        "There is no evidence linked to these explanations yet."
    )
    empty = ExplanationsExplorer(sample().iloc[:0], EXPLANATIONS, **TABLES)
    assert empty.chart is None and empty.message.startswith("There is no evidence linked") and len(empty.ranking) == 3


def test_explorer_builds_from_the_course_data():
    explorer = ExplanationsExplorer()
    evidence = purgelib.load("evidence")
    assert len(explorer.filtered) == len(evidence)
    assert len(explorer.ranking) == len(purgelib.load("explanations"))
    if len(evidence):
        assert explorer.chart.to_dict()["description"]
        assert (explorer.filtered["citation"] != "").all()
        assert not explorer.filtered["item"].str.contains("not found in the course's tables").any()
        for control in explorer.reading_weights.values():
            control.value = 0.5
        assert explorer.chart is not None
    else:
        assert explorer.message


def test_matrix_rows_follow_kind_then_item():
    values = evidence_matrix(items(), EXPLANATIONS).data["values"]
    rows = sorted({(row["row"], row["item_label"]) for row in values})
    assert [label.split(":")[0] for _, label in rows] == ["event", "event", "figure", "passage", "person"]
    assert [number for number, _ in rows] == [0, 1, 2, 3, 4]


def test_a_large_matrix_keeps_the_strongest_links_and_says_so():
    many = pd.concat(
        [sample().assign(evidence_id=sample()["evidence_id"] + f"-{copy}") for copy in range(100)], ignore_index=True
    )
    chart = evidence_matrix(resolve_items(many, explanations=EXPLANATIONS, **TABLES), EXPLANATIONS)
    spec = chart.to_dict()
    assert spec["title"]["subtitle"] == "The 400 strongest of 700 links; choose fewer explanations to see them all."
    assert len(chart.data["values"]) == 400
    assert min(row["strength"] for row in chart.data["values"]) == 2  # the 100 links of strength 1 are the ones cut


def test_functions_reject_what_is_not_a_frame():
    with pytest.raises(TypeError, match="evidence must be a pandas DataFrame, not list"):
        weigh([{"evidence_id": "a"}], explanations=EXPLANATIONS)
    with pytest.raises(TypeError, match="ranking must be a pandas DataFrame, not dict"):
        ranking_chart({"name": ["A"]})


def test_explorer_with_no_explanations_says_so():
    explorer = ExplanationsExplorer(sample().iloc[:0], EXPLANATIONS.iloc[:0], **TABLES)
    assert explorer.explanations.options == () and explorer.chart is None
    assert explorer.message == "There are no explanations to compare: the explanations table is empty."


def test_the_lists_of_values_match_the_data_package():
    # The data package is where enums are declared; these lists (and signs and colours) must follow it.
    package = json.loads((purgelib.data.data_dir() / "datapackage.json").read_text())
    fields = {
        field["name"]: field
        for resource in package["resources"]
        if resource["name"] == "evidence"
        for field in resource["schema"]["fields"]
    }
    assert (
        list(evidence_stances())
        == list(STANCE_SIGNS)
        == list(STANCE_COLOURS)
        == fields["stance"]["constraints"]["enum"]
    )
    assert list(evidence_kinds()) == fields["kind"]["constraints"]["enum"]


def test_matrix_of_part_of_the_course_evidence_has_only_the_columns_it_fills():
    evidence = purgelib.load("evidence")
    if evidence.empty:
        pytest.skip("the course has no evidence yet")
    chosen = sorted(set(evidence["explanation_id"]))[:2]
    spec = evidence_matrix(evidence[evidence["explanation_id"].isin(chosen)]).to_dict()
    names = purgelib.load("explanations").set_index("explanation_id").loc[chosen, "name"].tolist()
    assert sorted(spec["encoding"]["x"]["scale"]["domain"]) == sorted(names)


def test_strongest_challenge_of_plain_links_looks_up_the_item():
    plain = pd.DataFrame(
        [
            link("x", "made-up", "challenges", 3, "event", "kirov-murder-1934"),
            link("y", "made-up", "challenges", 1, "event", "order-00447-1937"),
        ]
    )
    row = strongest_challenge(plain, "made-up")
    assert row["evidence_id"] == "x" and row["explanation"] == "made-up"
    assert row["item"].endswith("(1 December 1934)") and row["item_source"] and row["citation"] == "scholar-2000"


# --- counts agree with the weights in force ---------------------------------------------------


def test_counts_leave_out_the_links_a_weight_of_zero_leaves_out():
    ranking = weigh(items(), explanations=EXPLANATIONS, reading_weights={"reader-b": 0}).set_index("explanation_id")
    # reader-b alone: plan-fear (a passage of reader-b) and plan-boss (a person in reader-b) weigh 0.
    assert ranking.loc["plan", ["score", "supports", "challenges", "complicates"]].tolist() == [2.0, 1, 0, 1]
    assert ranking.loc["snowball", ["supports", "challenges"]].tolist() == [
        1,
        1,
    ]  # snowball-fear is out, the murder stays
    everything = weigh(items(), explanations=EXPLANATIONS).set_index("explanation_id")
    assert everything.loc["plan", ["supports", "challenges", "complicates"]].tolist() == [1, 2, 1]


def counts_of(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {key: int(value) for key, value in frame.groupby(["explanation_id", "stance"], observed=True).size().items()}


def counts_in(ranking: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {
        (row["explanation_id"], stance): int(row[stance])
        for row in ranking.to_dict("records")
        for stance in evidence_stances()
        if row[stance]
    }


def test_explorer_counts_are_those_of_the_links_it_weighs(explorer):
    explorer.reading_weights["reader-b"].value = 0.0
    explorer.weights["figure"].value = 0.0
    assert (
        counts_in(explorer.ranking)
        == counts_of(explorer.filtered)
        == {("plan", "supports"): 1, ("snowball", "supports"): 1, ("snowball", "challenges"): 1}
    )
    same = weigh(items(), explanations=EXPLANATIONS, kind_weights={"figure": 0}, reading_weights={"reader-b": 0})
    assert same.to_dict("records") == explorer.ranking.to_dict("records")
    ticks = {row["explanation"]: row for row in explorer.chart.layer[2].data["values"]}
    assert (ticks["A plan"]["supports"], ticks["A plan"]["challenges"], ticks["A plan"]["complicates"]) == (1, 0, 0)


def test_only_lovestone_weighted_counts_only_lovestones_items_on_course_data():
    explorer = ExplanationsExplorer()
    for reading, control in explorer.reading_weights.items():
        control.value = 1.0 if reading == "lovestone-1937" else 0.0
    assert counts_in(explorer.ranking) == counts_of(explorer.filtered)
    weights = {reading: control.value for reading, control in explorer.reading_weights.items()}
    assert explorer.ranking.to_dict("records") == weigh(reading_weights=weights).to_dict("records")
    # What is left is what Lovestone's items weigh, plus the items no reading holds (figures, some events).
    assert all("lovestone-1937" in readings or not readings for readings in explorer.filtered["item_readings"])


# --- the explorer's chart: the ranking and the links behind it ---------------------------------


def test_explorer_chart_shows_each_weighed_link_and_each_score(explorer):
    explorer.weights["event"].value = 2.0
    spec = explorer.chart.to_dict()
    blocks, scores = explorer.chart.layer[0].data["values"], explorer.chart.layer[2].data["values"]
    # One block per link, as long as its part of the score; the blocks of an explanation sum to its score.
    assert len(blocks) == len(explorer.filtered) == 7
    order = next(
        block
        for block in blocks
        if block["item"] == "Event: An order (30 July 1937)" and block["explanation"] == "A plan"
    )
    assert (order["part"], order["stance"], order["weight"]) == (6.0, "Supports", 2.0)
    for score in scores:
        assert sum(block["part"] for block in blocks if block["explanation"] == score["explanation"]) == pytest.approx(
            score["score"]
        )
    assert [score["explanation"] for score in scores] == explorer.ranking["name"].tolist()
    assert spec["layer"][0]["encoding"]["x"]["stack"] == "zero" and spec["layer"][0]["encoding"]["color"]["scale"][
        "domain"
    ] == ["Supports", "Challenges", "Complicates"]
    assert spec["layer"][1]["mark"]["aria"] is False  # the zero line is not data
    assert (
        spec["description"].startswith("Explanations ranked by score, highest first")
        and "A plan: score 1 (1 supports, 2 challenges, 1 complicates)" in spec["description"]
    )
    assert spec["usermeta"] == {"embedOptions": {"actions": False, "renderer": "svg"}}


def test_long_explanation_names_are_set_on_lines_never_cut():
    long = EXPLANATIONS.assign(
        name=["Social-order policing and mass operations as social engineering", "A snowball", "Pressure from below"]
    )
    explorer = ExplanationsExplorer(sample(), long, **TABLES)
    y = explorer.chart.to_dict()["layer"][0]["encoding"]["y"]
    assert "Social-order policing and mass\noperations as social engineering" in y["scale"]["domain"]
    assert y["axis"]["labelLimit"] == 0 and y["axis"]["labelExpr"] == "split(datum.value, '\\n')"  # one line per piece
    ranking_axis = ranking_chart(weigh(items(), explanations=long)).to_dict()["layer"][0]["encoding"]["y"]["axis"]
    assert ranking_axis["labelLimit"] == 0 and "split" in ranking_axis["labelExpr"]
    matrix_axis = evidence_matrix(items(), long).to_dict()["encoding"]["x"]["axis"]
    assert matrix_axis["labelLimit"] >= 400  # the longest name, angled, is never cut


# --- controls, table and words ----------------------------------------------------------------


def test_every_control_is_named_and_the_weights_line_up(explorer):
    controls = explorer.controls()
    assert [control.description for control in controls] == [
        "A plan",
        "A snowball",
        "Pressure from below",
        "Event",
        "Figure",
        "Person",
        "Passage",
        "Alpha 1999",
        "Beta 1937",
    ]
    # A slider's handle has no accessible name, and JupyterLab takes the keys pressed in a list box: neither is used.
    assert not [
        control for control in controls if "Slider" in type(control).__name__ or "Select" in type(control).__name__
    ]
    boxes = [*explorer.weights.values(), *explorer.reading_weights.values()]
    # One layout and one label width for every weight: the boxes are of one width and line up.
    assert len({id(box.layout) for box in boxes}) == 1 and len({box.style.description_width for box in boxes}) == 1


def test_explanations_are_ticked_and_grouped_by_school_in_words_on_course_data():
    explorer = ExplanationsExplorer()
    schools = purgelib.labels("explanations", "school")
    table = purgelib.load("explanations").set_index("explanation_id")
    # Under each school's heading, its explanations; the headings in the data package's order.
    headings = [child.value for child in explorer.explanations.children[1].children if isinstance(child, widgets.HTML)]
    assert headings == [
        f'<p class="purgelib-subheading">{word}</p>' for code, word in schools.items() if code in set(table["school"])
    ]
    shown = [key for _, key in explorer.explanations.options]
    assert [table.loc[key, "school"] for key in shown] == sorted(table.loc[shown, "school"], key=list(schools).index)
    assert ("A terror directed by Stalin (post-archival)", "stalin-directed-terror") in explorer.explanations.options
    explorer.explanations.boxes["stalin-directed-terror"].value = False  # unticked with the space bar
    assert (
        "stalin-directed-terror" not in set(explorer.ranking["explanation_id"])
        and len(explorer.ranking) == len(table) - 1
    )


def test_explorer_table_scrolls_in_a_region_and_says_the_stance_in_words(explorer):
    table = explorer.table_html
    assert table.startswith(
        '<div class="purgelib-scroll" tabindex="0" role="region" aria-label="7 links of evidence, weighed">'
    )
    assert "<td>Challenges</td>" in table and "<td>Passage: “they were afraid”</td>" in table
    explorer.weights["passage"].value = 0.0
    assert 'aria-label="5 links of evidence, weighed"' in explorer.table_html


def test_charts_are_svg_without_the_unnamed_menu():
    for chart in (ranking_chart(weigh(items(), explanations=EXPLANATIONS)), evidence_matrix(items(), EXPLANATIONS)):
        assert chart.to_dict()["usermeta"] == {"embedOptions": {"actions": False, "renderer": "svg"}}


def test_an_explorer_of_many_links_sums_them_by_stance_and_says_so():
    many = pd.concat(
        [sample().assign(evidence_id=sample()["evidence_id"] + f"-{copy}") for copy in range(100)], ignore_index=True
    )
    explorer = ExplanationsExplorer(many, EXPLANATIONS, **TABLES)
    spec = explorer.chart.to_dict()
    assert (
        spec["title"]["subtitle"][0]
        == "700 links are too many to draw one by one: each block sums the links of one stance."
    )
    blocks = explorer.chart.layer[0].data["values"]
    assert (
        len(blocks) == len(explorer.filtered.groupby(["explanation_id", "stance"])) == 5
    )  # plan: 3 stances, snowball: 2
    for score in explorer.chart.layer[2].data["values"]:
        assert sum(block["part"] for block in blocks if block["explanation"] == score["explanation"]) == pytest.approx(
            score["score"]
        )


# --- what a change costs: no Altair on the way to the screen ------------------


def test_a_change_fills_a_template_and_draws_the_chart_the_function_builds(explorer, monkeypatch):
    import altair as alt
    from test_timeline import inline

    def shows_its_chart() -> bool:
        return inline(explorer.spec) == inline(explorer.chart.to_dict())

    assert shows_its_chart()

    def no_altair(*args, **kwargs):
        raise AssertionError("a change built or validated an Altair chart")

    with monkeypatch.context() as patched:
        patched.setattr(alt.TopLevelMixin, "to_dict", no_altair)
        patched.setattr(alt.LayerChart, "__init__", no_altair)
        explorer.weights["event"].value = 0.5
        explorer.explanations.value = ("plan", "snowball")
        assert explorer.error == ""
        assert explorer._chart_output.outputs[0]["data"]["application/vnd.vegalite.v5+json"] == explorer.spec
    scores = {row["explanation"]: row["score"] for row in explorer.spec["layer"][2]["data"]["values"]}
    assert scores == dict(zip(explorer.ranking["name"], explorer.ranking["score"], strict=False))
    assert shows_its_chart()


def test_a_change_writes_only_the_weights_and_shows_what_the_links_give(explorer):
    # The explorer writes each link's block and table cells once; after any change, what it shows
    # must be what the links it weighs give when written out from scratch.
    from purgelib._explorer import html_table
    from purgelib.explanations import _weighing, _weighing_spec

    explorer.weights["passage"].value = 0.5
    explorer.explanations.value = ("snowball", "plan")
    explorer.explanations.value = ("plan",)
    explorer.weights["event"].value = 1.7
    assert json.dumps(explorer.spec) == json.dumps(_weighing_spec(_weighing(explorer.filtered, explorer.ranking)))
    rows = explorer.filtered.sort_values(
        ["explanation", "stance", "strength", "evidence_id"], ascending=[True, True, False, True], kind="stable"
    )
    stances, kinds = purgelib.labels("evidence", "stance"), purgelib.labels("evidence", "kind")
    table = pd.DataFrame(
        {
            "explanation": rows["explanation"].astype(str),
            "stance": [stances[stance] for stance in rows["stance"]],
            "strength": rows["strength"].astype(int),
            "weight": rows["weight"].round(2),
            "item": [f"{kinds[kind]}: {item}" for kind, item in zip(rows["kind"], rows["item"], strict=False)],
            "item's source": rows["item_source"],
            "why": rows["reasoning"],
            "sources": rows["citation"],
        }
    )
    assert "<td>1.7</td>" in explorer.table_html and "<td>0.5</td>" in explorer.table_html
    caption = f"{len(table)} links of evidence, weighed"
    assert explorer.table_html == html_table(table, list(table.columns), caption, 500)
