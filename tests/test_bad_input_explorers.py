"""Wrong calls of the explorers' modules (timeline, victims, explanations, people, reader) and wrong values set
on their controls: each gets a message in words that names the argument or the control and what it takes,
raised on purpose by purgelib, never a raw error from deep inside pandas or traitlets. (The other modules'
sweep is in test_bad_input.py.)"""

from __future__ import annotations

import inspect
import json
import traceback
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
import traitlets
from test_bad_input import RAW_WORDS as SHARED_RAW_WORDS

import purgelib
from purgelib import explanations, people, reader, timeline, victims

# Words of Python's, pandas' and traitlets' own errors: a learner who sees them is left to guess what went wrong.
RAW_WORDS = (
    *SHARED_RAW_WORDS,
    "not subscriptable",
    "not supported between",
    "truth value",
    "Value after",
    "cannot unpack",
    "not all arguments converted",
)
WRONG = {
    "None": None,
    "a number": 5,
    "a float": 1.5,
    "True": True,
    "text": "x",
    "a list": ["x"],
    "a dict": {"a": 1},
    "a reversed pair": (1940, 1930),
    "an empty frame": pd.DataFrame(),
    "a frame without the columns": pd.DataFrame({"x": [1]}),
}


def said_clearly(problem: BaseException) -> bool:
    """Raised by purgelib on purpose (its last frame is in purgelib), as a ValueError or TypeError, in words."""
    last = traceback.extract_tb(problem.__traceback__)[-1].filename
    return (
        "/purgelib/" in last.replace("\\", "/")
        and isinstance(problem, (TypeError, ValueError))
        and not any(words in str(problem) for words in RAW_WORDS)
    )


def course() -> dict[str, Any]:
    return {name: purgelib.load(name) for name in ("events", "victims", "evidence", "people")}


TABLES = course()
# Each public function with arguments that work; the sweep puts a wrong value in one argument at a time.
CALLS: dict[str, tuple[Callable[..., Any], list[Any]]] = {
    "filter_events": (timeline.filter_events, [TABLES["events"]]),
    "timeline_chart": (timeline.timeline_chart, [TABLES["events"].head(5)]),
    "event_table": (timeline.event_table, [TABLES["events"]]),
    "event_period": (timeline.event_period, [TABLES["events"].iloc[0].to_dict()]),
    "theme_words": (timeline.theme_words, [["police"]]),
    "filter_figures": (victims.filter_figures, [TABLES["victims"]]),
    "scale": (victims.scale, [TABLES["victims"]]),
    "comparisons": (victims.comparisons, [TABLES["victims"]]),
    "comparison": (victims.comparison, ["party-elite-cc-1934-members", TABLES["victims"]]),
    "figure_table": (victims.figure_table, [TABLES["victims"]]),
    "victims_chart": (victims.victims_chart, [TABLES["victims"].head(5)]),
    "figure_label": (victims.figure_label, [TABLES["victims"].iloc[0].to_dict()]),
    "resolve_items": (explanations.resolve_items, []),
    "weigh": (explanations.weigh, []),
    "strongest_challenge": (explanations.strongest_challenge, [None, "stalin-plan"]),
    "evidence_matrix": (explanations.evidence_matrix, []),
    "ranking_chart": (explanations.ranking_chart, [explanations.weigh()]),
    "fold_name": (people.fold_name, ["Ezhov"]),
    "find_people": (people.find_people, ["Ezhov"]),
    "person_ids_matching": (people.person_ids_matching, ["Ezhov"]),
    "person_names": (people.person_names, [["ezhov"]]),
    "fates": (people.fates, [["bukharin"]]),
    "PeopleIndex": (people.PeopleIndex, []),
    "paragraphs": (reader.paragraphs, ["One.\nTwo."]),
    "normalise": (reader.normalise, ["One"]),
    "strip_note_numbers": (reader.strip_note_numbers, ["One.1"]),
    "find_quote": (reader.find_quote, ["Two", "One.\nTwo."]),
    "readings_folder": (reader.readings_folder, []),
    "highlight": (reader.highlight, ["One two", ["two"]]),
    "TimelineExplorer": (timeline.TimelineExplorer, []),
    "VictimsExplorer": (victims.VictimsExplorer, []),
    "ExplanationsExplorer": (explanations.ExplanationsExplorer, []),
    "SourceReader": (reader.SourceReader, []),
}


def wrong_calls() -> list[Any]:
    found = []
    for name, (function, _) in CALLS.items():
        for position, parameter in enumerate(inspect.signature(function).parameters.values()):
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            for words in WRONG:
                found.append(
                    pytest.param(name, position, parameter.name, words, id=f"{name}({parameter.name}={words})")
                )
    return found


@pytest.mark.parametrize(("name", "position", "parameter", "words"), wrong_calls())
def test_a_wrong_argument_gets_a_message_in_words(name, position, parameter, words):
    function, arguments = CALLS[name]
    arguments, keywords = list(arguments), {}
    kind = list(inspect.signature(function).parameters.values())[position].kind
    if position < len(arguments) and kind != inspect.Parameter.KEYWORD_ONLY:
        arguments[position] = WRONG[words]
    else:
        keywords[parameter] = WRONG[words]
    try:
        function(*arguments, **keywords)
    except Exception as problem:  # noqa: BLE001 - what is raised is what is checked
        assert said_clearly(problem), "".join(traceback.format_exception(problem))[-1500:]


# --- the calls the issue names ------------------------------------------------


def test_one_id_given_as_text_is_one_id():
    assert purgelib.fates("bukharin").index.tolist() == ["bukharin"]
    assert people.person_names("ezhov") == ["Nikolai Ivanovich Ezhov"]
    assert timeline.theme_words("police") == {"police": "Secret police"}
    assert set(purgelib.filter_figures(TABLES["victims"], categories="gulag")["category"]) == {"gulag"}
    with pytest.raises(ValueError, match=r"No person 'nobody' in people.csv"):
        purgelib.fates("nobody")


def test_a_table_without_a_column_names_it():
    with pytest.raises(ValueError, match=r"events is missing the column\(s\) title"):
        purgelib.resolve_items(events=TABLES["events"].drop(columns="title"))
    with pytest.raises(ValueError, match=r"people is missing the column\(s\) fate"):
        purgelib.fates("bukharin", people=TABLES["people"].drop(columns="fate"))


def test_a_reversed_or_strange_range_of_years_is_named():
    with pytest.raises(ValueError, match=r"years must run from the first year to the last, e.g. \(1930, 1940\)"):
        purgelib.TimelineExplorer(years=(1940, 1930))
    with pytest.raises(TypeError, match=r"years must be a pair of whole years"):
        purgelib.TimelineExplorer(years="1930-1940")
    with pytest.raises(ValueError, match=r"years must lie within"):
        purgelib.TimelineExplorer(years=(1800, 1930))
    assert purgelib.TimelineExplorer(years=(1934, 1938)).years.value == (1934, 1938)


@pytest.fixture(scope="module")
def explorers() -> dict[str, purgelib.timeline.Explorer]:
    return {
        "timeline": purgelib.TimelineExplorer(),
        "victims": purgelib.VictimsExplorer(),
        "explanations": purgelib.ExplanationsExplorer(),
        "reader": purgelib.SourceReader(),
    }


def test_a_reversed_range_set_on_the_control_is_shown_the_right_way_round_and_said(explorers):
    for explorer, control in (
        (explorers["timeline"], explorers["timeline"].years),
        (explorers["victims"], explorers["victims"].period),
    ):
        low, high = control.min, control.max
        control.value = (high - 1, low + 1)
        assert control.value == (low + 1, high - 1) and explorer.error == ""
        assert 'role="status"' in explorer.error_shown and "run backwards" in explorer.error_shown
        control.value = (low - 50, high)
        assert control.value == (low, high) and f"lie outside {low}–{high}" in explorer.error_shown
        control.value = (low, high - 1)
        assert explorer.error_shown == ""
        control.value = (low, high)


CONTROLS = {
    "timeline": ("years", "zoom", "themes", "person", "text", "reading", "event"),
    "victims": ("category", "measure", "basis", "period", "scale", "axis", "compare"),
    "explanations": ("explanations",),
    "reader": ("reading", "paragraph", "passage"),
}


@pytest.mark.parametrize(("kind", "name"), [(kind, name) for kind, names in CONTROLS.items() for name in names])
def test_a_wrong_value_set_on_a_control_is_refused_in_words_or_shown_in_the_explorer(explorers, kind, name):
    explorer = explorers[kind]
    control = getattr(explorer, name)
    controls = [control]
    if kind == "explanations":
        controls = [explorer.explanations, explorer.weights["event"], next(iter(explorer.reading_weights.values()))]
    for control in controls:
        before = control.value
        for value in WRONG.values():
            try:
                control.value = value
            except traitlets.TraitError as refused:
                assert not any(words in str(refused) for words in RAW_WORDS), str(refused)
                label = getattr(control, "description", "")
                assert label and label in str(refused) or "years" in str(refused), str(refused)
            except Exception as problem:  # noqa: BLE001 - nothing else may escape a control
                pytest.fail(f"{kind}.{name} = {value!r} raised {type(problem).__name__}: {problem}")
            else:
                # Taken, or shown in the explorer's error area: never a failure the learner cannot see.
                assert not any(words in explorer.error for words in RAW_WORDS), explorer.error
            control.value = before
        assert explorer.error == "", explorer.error


def test_a_failing_callback_is_shown_in_the_error_area(explorers, monkeypatch):
    explorer = explorers["victims"]

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("the figures are broken")

    monkeypatch.setattr(victims, "filter_figures", broken)
    explorer.scale.value = "day"
    assert explorer.error == "ValueError: the figures are broken" and 'role="alert"' in explorer.error_shown
    monkeypatch.undo()
    explorer.scale.value = "total"
    assert explorer.error == "" and explorer.error_shown == ""


# --- a line separator in a label ----------------------------------------------


def test_a_line_separator_in_a_name_does_not_break_a_chart():
    named = purgelib.load("explanations").copy()
    named.loc[0, "name"] = "A plan\u2028with a break\u2029in it"
    specs = [
        purgelib.ExplanationsExplorer(explanations=named).spec,
        purgelib.evidence_matrix(explanations=named).to_dict(),
    ]
    for spec in specs:
        # Vega-Lite writes sort orders into Vega expressions, which end at these characters.
        sorts = [json.dumps(value) for value in _values_of(spec, "sort") if isinstance(value, list)]
        assert sorts and not any("\u2028" in sort or "\u2029" in sort or "\\u2028" in sort for sort in sorts)
        assert any("A plan with a break in it" in sort for sort in sorts)
    vl_convert = pytest.importorskip("vl_convert")
    for spec in specs:
        assert vl_convert.vegalite_to_svg(spec, vl_version="5.20").startswith("<svg")


def _values_of(node: Any, key: str) -> list[Any]:
    if isinstance(node, dict):
        return [value for k, value in node.items() if k == key] + [
            v for child in node.values() for v in _values_of(child, key)
        ]
    if isinstance(node, list):
        return [v for child in node for v in _values_of(child, key)]
    return []
