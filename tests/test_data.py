"""purgelib.load: typed tables from datapackage.json, and clear errors for bad input."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import purgelib
from purgelib.data import DataError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def append_row(path: Path, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); return its CSV line number."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([values.get(name, "") for name in header])
    return len(rows) + 1


GOOD_SOURCE = {
    "source_id": "x-2000",
    "kind": "book",
    "authors": "A",
    "year": "2000",
    "title": "T",
    "is_reading": "false",
}
GOOD_EVENT = {
    "event_id": "e-1937",
    "date": "1937",
    "date_precision": "year",
    "title": "t",
    "summary": "s",
    "theme": "police",
    "source_ids": "getty-1985",
    "importance": "1",
}
# A passage whose reading_id names no reading: a broken reference, for purgelib and for frictionless.
PASSAGE_OF_NO_READING = {
    "passage_id": "test-passage",
    "reading_id": "no-such-reading",
    "paragraph": "1",
    "quote": "a",
    "gloss": "b",
    "themes": "party",
}
GOOD_TERM = {"term_id": "test-term", "term": "test", "definition": "A term for a test.", "source_ids": "getty-1985"}


def test_every_declared_table_loads_with_its_declared_columns():
    for resource in PACKAGE["resources"]:
        frame = purgelib.load(resource["name"])
        declared = [field["name"] for field in resource["schema"]["fields"]]
        assert list(frame.columns)[: len(declared)] == declared or set(declared) <= set(frame.columns)


def test_types_come_from_the_data_package():
    sources = purgelib.load("sources")
    assert isinstance(sources["kind"].dtype, pd.CategoricalDtype)
    kinds = next(f for f in PACKAGE["resources"][0]["schema"]["fields"] if f["name"] == "kind")
    assert list(sources["kind"].cat.categories) == kinds["constraints"]["enum"]
    assert str(sources["year"].dtype) == "Int64"
    assert str(sources["is_reading"].dtype) == "boolean"
    assert sources["is_reading"].sum() == 4


def test_dates_lists_and_precision(data_copy):
    append_row(
        data_copy / "events.csv",
        {
            "event_id": "test-event-1937",
            "date": "1937-07",
            "end_date": "1938-11",
            "date_precision": "month",
            "title": "t",
            "summary": "s",
            "theme": "police",
            "source_ids": "getty-1985;khlevniuk-2009",
            "importance": "2",
        },
    )
    events = purgelib.load("events", data_dir=data_copy)
    row = events.set_index("event_id").loc["test-event-1937"]
    assert row["date"] == pd.Timestamp("1937-07-01")
    assert row["end_date"] == pd.Timestamp("1938-11-30"), "an end date means the end of its month"
    assert row["source_ids"] == ["getty-1985", "khlevniuk-2009"]
    assert str(events["importance"].dtype) == "Int64"
    assert events["date"].dtype.kind == "M"


def test_unknown_table_lists_the_valid_names():
    with pytest.raises(ValueError) as error:
        purgelib.load("victim")
    message = str(error.value)
    assert "'victim'" in message
    for name in ("sources", "events", "victims", "passages", "glossary"):
        assert name in message
    assert "list_datasets()" in message


def test_list_datasets_matches_the_package():
    assert purgelib.list_datasets() == [r["name"] for r in PACKAGE["resources"]]


@pytest.mark.parametrize(
    ("table", "row", "column", "words"),
    [
        ("glossary", {**GOOD_TERM, "source_ids": "no-such-work"}, "source_ids", ["'no-such-work'", "sources"]),
        ("glossary", {**GOOD_TERM, "term_id": "Not Kebab"}, "term_id", ["does not match"]),
        ("glossary", {**GOOD_TERM, "definition": ""}, "definition", ["empty but required"]),
        ("sources", {**GOOD_SOURCE, "kind": "blog"}, "kind", ["'blog'", "book", "article"]),
        ("sources", {**GOOD_SOURCE, "year": "20o0"}, "year", ["not a whole number"]),
        ("sources", {**GOOD_SOURCE, "is_reading": "maybe"}, "is_reading", ["not true or false"]),
        ("events", {**GOOD_EVENT, "date": "1937-13-01", "date_precision": "day"}, "date", ["not a valid date"]),
        ("events", {**GOOD_EVENT, "date": "1937-02-30", "date_precision": "day"}, "date", ["not a valid date"]),
        ("events", {**GOOD_EVENT, "date": "1937-07", "date_precision": "day"}, "date_precision", ["'day'", "month"]),
        ("events", {**GOOD_EVENT, "theme": "terror"}, "theme", ["'terror'", "police"]),
        ("events", {**GOOD_EVENT, "date": "1938", "end_date": "1937"}, "end_date", ["date must not exceed end_date"]),
        ("events", {**GOOD_EVENT, "importance": "5"}, "importance", ["above the maximum 3"]),
        ("events", {**GOOD_EVENT, "people": "nobody-at-all"}, "people", ["'nobody-at-all'", "people"]),
    ],
)
def test_a_malformed_row_is_reported_with_file_line_and_column(data_copy, table, row, column, words):
    line = append_row(data_copy / f"{table}.csv", row)
    with pytest.raises(DataError) as error:
        purgelib.load(table, data_dir=data_copy)
    message = str(error.value)
    assert f"{table}.csv, line {line}, column '{column}'" in message
    for word in words:
        assert word in message


def test_a_figure_needs_a_value_or_a_range(data_copy):
    figure = {
        "figure_id": "test-figure",
        "category": "gulag",
        "measure": "population",
        "period_start": "1939-01-01",
        "period_end": "1939-01-01",
        "basis": "archival-count",
        "source_ids": "getty-1985",
    }
    line = append_row(data_copy / "victims.csv", {**figure, "value_low": "10"})
    with pytest.raises(
        DataError, match=rf"victims.csv, line {line}, column 'value': is empty; fill value or value_low and value_high"
    ):
        purgelib.load("victims", data_dir=data_copy)


def test_duplicate_id_names_both_lines(data_copy):
    first = append_row(data_copy / "glossary.csv", GOOD_TERM)
    second = append_row(data_copy / "glossary.csv", GOOD_TERM)
    with pytest.raises(DataError) as error:
        purgelib.load("glossary", data_dir=data_copy)
    assert (
        f"glossary.csv, line {second}, column 'term_id': duplicate id 'test-term' (first used on line {first})"
        in str(error.value)
    )


def test_missing_column_is_named(data_copy):
    path = data_copy / "glossary.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([row[:-1] for row in rows])
    with pytest.raises(DataError) as error:
        purgelib.load("glossary", data_dir=data_copy)
    assert "glossary.csv, line 1, column 'source_ids': missing column" in str(error.value)


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "glossary.csv"
    line = append_row(path, GOOD_TERM)
    text = path.read_text(encoding="utf-8").rstrip("\n") + ",extra\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=rf"glossary.csv, line {line}: has \d+ cells but the header has \d+ columns"):
        purgelib.load("glossary", data_dir=data_copy)


def test_every_problem_is_reported_not_just_the_first(data_copy):
    append_row(data_copy / "glossary.csv", {**GOOD_TERM, "term_id": "a", "definition": ""})
    append_row(data_copy / "glossary.csv", {**GOOD_TERM, "term_id": "B"})
    with pytest.raises(DataError) as error:
        purgelib.load("glossary", data_dir=data_copy)
    assert len(error.value.problems) == 2


def test_tables_are_cached_and_an_edited_file_is_read_again(data_copy):
    first = purgelib.load("glossary", data_dir=data_copy)
    again = purgelib.load("glossary", data_dir=data_copy)
    assert first.equals(again)
    again.loc[:, "term"] = "changed by a learner"
    assert not purgelib.load("glossary", data_dir=data_copy)["term"].eq("changed by a learner").any(), (
        "changing a loaded frame must not change the cache"
    )
    append_row(data_copy / "glossary.csv", GOOD_TERM)
    assert "test-term" in set(purgelib.load("glossary", data_dir=data_copy)["term_id"])
    assert "test-term" in set(purgelib.load("glossary", data_dir=data_copy, reload=True)["term_id"])


def test_missing_data_folder_says_how_to_point_at_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="PURGELIB_DATA"):
        purgelib.load("sources", data_dir=tmp_path)


def test_describe_is_built_from_the_package():
    text = purgelib.describe("events")
    for field in next(r for r in PACKAGE["resources"] if r["name"] == "events")["schema"]["fields"]:
        assert f"- {field['name']} ({field['type']})" in text


def test_frictionless_validates_the_package():
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras")
    report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_validate_counts_every_table():
    counts = purgelib.validate()
    assert set(counts) == set(purgelib.list_datasets())


def test_the_data_dictionary_lists_every_column():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for resource in PACKAGE["resources"]:
        assert f"### `{resource['path']}`" in readme
        for field in resource["schema"]["fields"]:
            assert f"- `{field['name']}` (" in readme, f"{resource['path']}: {field['name']} is not in data/README.md"


def test_every_enum_code_has_one_human_label_and_every_label_a_code():
    for resource in PACKAGE["resources"]:
        for field in resource["schema"]["fields"]:
            codes = field.get("constraints", {}).get("enum")
            categories = field.get("categories")
            where = f"{resource['name']}.{field['name']}"
            if codes is None:
                assert categories is None, f"{where} has labels but no enum"
                continue
            assert [item["value"] for item in categories] == codes, f"{where}: labels and enum differ"
            words = [item["label"] for item in categories]
            assert all(word.strip() for word in words), f"{where}: an empty label"
            assert len(set(words)) == len(words), f"{where}: two codes share a label"


def test_labels_name_the_column_that_lacks_them():
    with pytest.raises(ValueError, match="people.name has no declared list of values"):
        purgelib.labels("people", "name")


def test_the_data_dictionary_in_the_readme_is_generated_from_the_package():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert purgelib.data.data_dictionary() in readme, "data/README.md is out of date: run `python -m purgelib.data`"


def test_every_enum_code_is_described_and_every_described_code_is_in_the_enum():
    for resource in PACKAGE["resources"]:
        for field in resource["schema"]["fields"]:
            codes = field.get("constraints", {}).get("enum")
            if not codes or field["name"] == "answer":
                continue
            described = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", field["description"]))
            where = f"{resource['name']}.{field['name']}"
            assert set(codes) <= described, f"{where}: codes without a description: {set(codes) - described}"
            mentioned_codes = {
                code for code in described if code not in {f["name"] for f in resource["schema"]["fields"]}
            }
            assert mentioned_codes <= set(codes) | {"reading"}, (
                f"{where} describes codes its enum lacks: {mentioned_codes - set(codes)}"
            )


def _package_with(data_copy: Path, change) -> None:
    descriptor = data_copy / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    change(package)
    descriptor.write_text(json.dumps(package), encoding="utf-8")


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/passwd", "glossary.json"])
def test_a_table_path_cannot_leave_the_data_folder(data_copy, path):
    _package_with(
        data_copy, lambda package: next(r for r in package["resources"] if r["name"] == "glossary").update(path=path)
    )
    with pytest.raises(DataError, match=r"a table's path must name a \.csv file inside the data folder") as caught:
        purgelib.load("glossary", data_dir=data_copy)
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{", r"datapackage\.json, line 1: is not valid JSON"),
        ("{}", "is not a data package"),
        ('{"resources": [1]}', "is not a data package"),
    ],
)
def test_a_broken_data_package_is_named(data_copy, content, expected):
    (data_copy / "datapackage.json").write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        purgelib.load("glossary", data_dir=data_copy)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("cp1252", r"glossary\.csv, line \d+: is not UTF-8 text"),
        ("utf-16", r"glossary\.csv, line \d+: (is not UTF-8 text|holds a NUL character)"),
    ],
)
def test_a_csv_in_another_encoding_is_named_with_its_line(data_copy, encoding, expected):
    path = data_copy / "glossary.csv"
    text = path.read_text(encoding="utf-8") + "test-term,tést,A term for a test — with a dash.,,getty-1985\n"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(DataError, match=expected):
        purgelib.load("glossary", data_dir=data_copy)


def test_a_byte_order_mark_is_read_as_utf8(data_copy):
    path = data_copy / "glossary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(purgelib.load("glossary", data_dir=data_copy)) == len(purgelib.load("glossary"))


def test_a_range_must_run_from_low_to_high(data_copy):
    line = append_row(
        data_copy / "victims.csv",
        {
            "figure_id": "test-range",
            "category": "gulag",
            "measure": "population",
            "period_start": "1938",
            "period_end": "1938",
            "value_low": "900000",
            "value_high": "100",
            "basis": "scholarly-estimate",
            "source_ids": "getty-1985",
        },
    )
    with pytest.raises(DataError, match=rf"victims\.csv, line {line}, column 'value_high'"):
        purgelib.load("victims", data_dir=data_copy)


def test_changing_a_loaded_list_never_changes_the_next_load():
    first = purgelib.load("events")
    first.loc[0, "source_ids"].append("changed-by-a-learner")
    assert "changed-by-a-learner" not in purgelib.load("events").loc[0, "source_ids"]


@pytest.mark.parametrize(
    ("table", "row", "column", "bad"),
    [
        (
            "passages",
            PASSAGE_OF_NO_READING,
            "reading_id",
            "no-such-reading",
        ),
        ("glossary", {**GOOD_TERM, "source_ids": "getty-1985;no-such-work"}, "source_ids", "no-such-work"),
        (
            "evidence",
            {
                "evidence_id": "test-link",
                "explanation_id": "frame-up",
                "stance": "supports",
                "strength": "1",
                "kind": "figure",
                "ref_id": "kirov-murder-1934",
                "reasoning": "r",
                "source_ids": "getty-1985",
            },
            "ref_id",
            "kirov-murder-1934",
        ),
    ],
)
def test_a_broken_reference_is_named(data_copy, table, row, column, bad):
    line = append_row(data_copy / f"{table}.csv", row)
    with pytest.raises(DataError) as caught:
        purgelib.load(table, data_dir=data_copy)
    assert f"{table}.csv, line {line}, column '{column}': '{bad}' is not an id" in str(caught.value)


def test_single_valued_references_are_standard_foreign_keys_that_frictionless_checks(data_copy):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras")
    keys = {resource["name"]: resource["schema"].get("foreignKeys", []) for resource in PACKAGE["resources"]}
    assert {key["fields"][0] for key in keys["passages"]} == {"reading_id"}
    assert {key["fields"][0] for key in keys["evidence"]} == {"explanation_id"}
    custom = [ref for resource in PACKAGE["resources"] for ref in resource.get("purgelib", {}).get("references", [])]
    plain = [ref for ref in custom if not ref.get("list") and "resource_by" not in ref["reference"]]
    assert not plain, f"a single-valued reference belongs in foreignKeys: {plain}"
    append_row(data_copy / "passages.csv", PASSAGE_OF_NO_READING)
    report = frictionless.validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_quotations_are_licensed_apart_from_the_data():
    passages = next(resource for resource in PACKAGE["resources"] if resource["name"] == "passages")
    scopes = [licence["scope"] for licence in passages["licenses"]]
    assert any(scope.startswith("quote:") for scope in scopes)
    assert "except passages.quote" in PACKAGE["licenses"][0]["scope"]
    assert PACKAGE["contributors"] and PACKAGE["sources"]


def test_an_unknown_date_is_blank_whatever_its_precision_says():
    # A person with no arrest date has no precision either: fates() passes str(NaN) for both.
    assert purgelib.data.format_date(float("nan"), "nan") == "" == purgelib.data.format_date(None, "")
    with pytest.raises(ValueError, match="precision must be one of year, month, day"):
        purgelib.data.format_date("1937-01-01", "nan")
