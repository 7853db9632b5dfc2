"""Load the course's tables, typed and checked, from the data package.

Columns, types, enums and keys are declared once, in ``data/datapackage.json``
(a Frictionless Data Package). This module reads that file and nothing else to
know what a table should look like; a malformed row is reported with its file,
CSV line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "load",
    "list_datasets",
    "describe",
    "validate",
    "allowed",
    "labels",
    "format_date",
    "data_dir",
    "data_dictionary",
    "DataError",
    "Problem",
]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISIONS = ("year", "month", "day")
_TRUE, _FALSE = {"true", "True", "TRUE", "1", "yes"}, {"false", "False", "FALSE", "0", "no"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file: where it is and what is wrong."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


class DataError(ValueError):
    """A data file does not match ``datapackage.json``.

    ``problems`` lists every :class:`Problem` found, each naming the file, CSV
    line and column.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:12])
        more = f"\n  ... and {len(problems) - 12} more" if len(problems) > 12 else ""
        super().__init__(f"{len(problems)} problem(s) in the course data:\n  {shown}{more}")


def data_dir() -> Path:
    """The folder holding ``datapackage.json``.

    ``PURGELIB_DATA`` wins if set; otherwise the ``data/`` folder of the
    checkout the package sits in (a clone, or an editable install such as
    Binder's), so edits to the data show at once; otherwise the copy
    installed with the package (``purgelib.coursedata``, from a wheel or
    ``pip install git+…``).

    Examples
    --------
    >>> (data_dir() / "datapackage.json").exists()
    True
    """
    configured = os.environ.get("PURGELIB_DATA")
    if configured:
        return Path(configured).expanduser()
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "datapackage.json").is_file():
        return checkout
    return Path(str(resources.files("purgelib") / "coursedata"))


def _resolve(folder: str | os.PathLike | None) -> Path:
    if folder is None:
        return data_dir().resolve()
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"data_dir must be the path of a folder with datapackage.json, not {type(folder).__name__}.")
    return Path(folder).expanduser().resolve()


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@cache
def _read_package(folder: Path, stamp: tuple[int, int]) -> dict[str, Any]:
    descriptor = folder / "datapackage.json"
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise DataError(
            [Problem(str(descriptor), 0, "", f"is not UTF-8 text ({error.reason} at byte {error.start})")]
        ) from None
    except json.JSONDecodeError as error:
        raise DataError(
            [Problem(str(descriptor), error.lineno, "", f"is not valid JSON: {error.msg} (column {error.colno})")]
        ) from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(resource, dict)
        and isinstance(resource.get("name"), str)
        and isinstance(resource.get("path"), str)
        and isinstance(resource.get("schema", {}).get("fields"), list)
        for resource in resources
    ):
        raise DataError(
            [
                Problem(
                    str(descriptor),
                    0,
                    "",
                    "is not a data package: it needs a list 'resources', each with a "
                    "'name', a 'path' and a 'schema' with 'fields' (see the course's data/datapackage.json)",
                )
            ]
        )
    return package


def _package(folder: Path) -> dict[str, Any]:
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        raise FileNotFoundError(
            f"No datapackage.json in {folder}. Pass data_dir= the course's data/ folder "
            "or set the PURGELIB_DATA environment variable to it."
        )
    return _read_package(folder, _stamp(descriptor))


def _resources(folder: Path) -> dict[str, dict[str, Any]]:
    return {resource["name"]: resource for resource in _package(folder)["resources"]}


def list_datasets(*, data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the course's tables, in the order the data package declares them.

    Examples
    --------
    >>> list_datasets()[:3]
    ['sources', 'people', 'events']
    """
    return list(_resources(_resolve(data_dir)))


def _resource(name: str, folder: Path) -> dict[str, Any]:
    resources = _resources(folder)
    if not isinstance(name, str) or name not in resources:
        raise ValueError(
            f"No table named {name!r}. The course's tables are: {', '.join(resources)}. "
            "Use purgelib.list_datasets() to list them."
        )
    return resources[name]


def describe(name: str, *, data_dir: str | os.PathLike | None = None) -> str:
    """A data dictionary for one table, built from ``datapackage.json``.

    Examples
    --------
    >>> print(describe("glossary").splitlines()[0])
    glossary (glossary.csv): Glossary
    """
    resource = _resource(name, _resolve(data_dir))
    lines = [
        f"{resource['name']} ({resource['path']}): {resource.get('title', '')}",
        resource.get("description", ""),
        "",
    ]
    for field in resource["schema"]["fields"]:
        lines.append(f"- {field['name']} ({field['type']}): {field.get('description', '')}")
    return "\n".join(lines)


def allowed(name: str, column: str, *, data_dir: str | os.PathLike | None = None) -> list[str]:
    """The values a column may take, as ``datapackage.json`` declares them (its enum).

    Examples
    --------
    >>> allowed("evidence", "stance")
    ['supports', 'challenges', 'complicates']
    """
    fields = {field["name"]: field for field in _resource(name, _resolve(data_dir))["schema"]["fields"]}
    if column not in fields or "enum" not in fields[column].get("constraints", {}):
        enums = [n for n, f in fields.items() if "enum" in f.get("constraints", {})]
        raise ValueError(f"{name}.{column} has no declared list of values; columns that do: {', '.join(enums)}.")
    return list(fields[column]["constraints"]["enum"])


def labels(name: str, column: str, *, data_dir: str | os.PathLike | None = None) -> dict[str, str]:
    """The words a learner reads for each code of a column, in the order of its enum.

    ``datapackage.json`` declares them once, beside the codes, as the Table
    Schema ``categories`` of the field (``{"value": code, "label": words}``).

    Examples
    --------
    >>> labels("victims", "basis")["official-quota"]
    'Quota set in advance'
    >>> list(labels("evidence", "stance"))
    ['supports', 'challenges', 'complicates']
    """
    codes = allowed(name, column, data_dir=data_dir)
    fields = {field["name"]: field for field in _resource(name, _resolve(data_dir))["schema"]["fields"]}
    declared = {item["value"]: item["label"] for item in fields[column].get("categories", [])}
    unlabelled = [code for code in codes if code not in declared]
    if unlabelled:
        raise ValueError(
            f"{name}.{column} declares no label for: {', '.join(unlabelled)}. "
            "Add them to its 'categories' in datapackage.json."
        )
    return {code: declared[code] for code in codes}


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(date: Any, precision: str = "day") -> str:
    """A date written only as precisely as it is known.

    Examples
    --------
    >>> format_date(pd.Timestamp("1934-12-01"), "day")
    '1 December 1934'
    >>> format_date(pd.Timestamp("1937-07-01"), "month"), format_date(pd.Timestamp("1937-01-01"), "year")
    ('July 1937', '1937')
    """
    if date is None or (not isinstance(date, (list, tuple, dict)) and pd.isna(date)):
        return ""  # an unknown date has no precision to check
    if precision not in _PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(_PRECISIONS)}, not {precision!r}.")
    try:
        date = pd.Timestamp(date)
    except (TypeError, ValueError):
        raise ValueError(f"{date!r} is not a date: give a timestamp or text like '1937-07-30'.") from None
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def partial_date(text: str, end: bool) -> tuple[pd.Timestamp, str]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` to the start (or end) of that period.

    Returns the timestamp and the precision ("year", "month" or "day").

    Examples
    --------
    >>> partial_date("1937-07", end=True)
    (Timestamp('1937-07-31 00:00:00'), 'month')
    """
    if not isinstance(text, str):
        raise TypeError(f"A date must be text like '1937', '1937-07' or '1937-07-30', not {type(text).__name__}.")
    match = _PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a valid date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    precision = _PRECISIONS[sum(part is not None for part in (month, day))]
    try:
        start = pd.Timestamp(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise ValueError(f"'{text}' is not a valid date ({error})") from None
    if not end or precision == "day":
        return start, precision
    offset = pd.offsets.YearEnd(0) if precision == "year" else pd.offsets.MonthEnd(0)
    return start + offset, precision


def date_bound(value: Any, end: bool, what: str) -> pd.Timestamp | None:
    """A start or end given as a year, a partial date or a timestamp; an end covers its whole period.

    ``what`` names the argument in the message when the value is not a date.

    Examples
    --------
    >>> date_bound(1937, end=True, what="end")
    Timestamp('1937-12-31 00:00:00')
    >>> date_bound(None, end=False, what="start") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a year, a date like '1937-07', or a timestamp, not {value!r}.")
    if isinstance(value, int):
        value = f"{value:04d}"
    if isinstance(value, str):
        try:
            return partial_date(value.strip(), end)[0]
        except ValueError as error:
            raise ValueError(f"{what}: {error}") from None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value)
    raise TypeError(f"{what} must be a year, a date like '1937-07', or a timestamp, not {type(value).__name__}.")


def _word_count(text: str) -> int:
    return len(text.split())


class _TableReader:
    """Reads one CSV against its schema, collecting every problem with its line."""

    def __init__(self, resource: dict[str, Any], folder: Path):
        self.resource = resource
        self.path = (folder / resource["path"]).resolve()
        self.file = resource["path"]
        self.fields = resource["schema"]["fields"]
        self.problems: list[Problem] = []
        self.lines: list[int] = []
        # A table is a CSV file in the data folder: a path may not lead anywhere else on the machine.
        if not self.path.is_relative_to(folder.resolve()) or self.path.suffix.lower() != ".csv":
            raise DataError(
                [
                    Problem(
                        "datapackage.json",
                        0,
                        "",
                        f"resource {resource['name']!r} has path {self.file!r}; "
                        "a table's path must name a .csv file inside the data folder",
                    )
                ]
            )

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, column, message))

    def read(self) -> pd.DataFrame:
        if not self.path.exists():
            raise DataError([Problem(self.file, 0, "", f"file not found in {self.path.parent}")])
        text = self._text()
        with io.StringIO(text, newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows, [])
            self._check_header(header)
            if self.problems:
                raise DataError(self.problems)
            columns: dict[str, list[Any]] = {field["name"]: [] for field in self.fields}
            previous_end = 1
            for record in rows:
                line = previous_end + 1
                previous_end = rows.line_num
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) != len(header):
                    self.problem(line, "", f"has {len(record)} cells but the header has {len(header)} columns")
                    continue
                self.lines.append(line)
                for field, raw in zip(self.fields, record, strict=False):
                    columns[field["name"]].append(self._cell(field, raw, line))
        self._check_unique(columns)
        self._check_ordered(columns)
        self._check_filled(columns)
        if self.problems:
            raise DataError(self.problems)
        return self._frame(columns)

    def _text(self) -> str:
        """The file as text: UTF-8, with or without a byte-order mark; anything else is a problem with its line."""
        raw = self.path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise DataError(
                [
                    Problem(
                        self.file,
                        line,
                        "",
                        f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8 "
                        "(in a spreadsheet: 'CSV UTF-8')",
                    )
                ]
            ) from None
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            raise DataError(
                [
                    Problem(
                        self.file,
                        line,
                        "",
                        "holds a NUL character: it is not a text file (UTF-16 or binary?); save it as UTF-8 CSV",
                    )
                ]
            )
        return text

    def _check_header(self, header: list[str]) -> None:
        declared = [field["name"] for field in self.fields]
        for name in declared:
            if name not in header:
                self.problem(1, name, f"missing column; the header must be: {','.join(declared)}")
        for name in header:
            if name not in declared:
                self.problem(1, name, f"unknown column; the declared columns are: {', '.join(declared)}")
        if not self.problems and header != declared:
            self.problem(1, "", f"columns are out of order; the header must be: {','.join(declared)}")

    def _cell(self, field: dict[str, Any], raw: str, line: int) -> Any:
        name, value = field["name"], raw.strip()
        constraints = field.get("constraints", {})
        extra = field.get("purgelib", {})
        if value == "":
            if constraints.get("required"):
                self.problem(line, name, "is empty but required")
            return [] if extra.get("list") else None
        try:
            parsed = self._parse(field, value)
        except ValueError as error:
            self.problem(line, name, str(error))
            return None
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
            self.problem(line, name, f"'{value}' does not match the pattern {constraints['pattern']}")
        if "enum" in constraints and value not in constraints["enum"]:
            self.problem(
                line, name, f"'{value}' is not allowed; use one of: {', '.join(map(str, constraints['enum']))}"
            )
        if "minimum" in constraints and parsed < constraints["minimum"]:
            self.problem(line, name, f"{parsed} is below the minimum {constraints['minimum']}")
        if "maximum" in constraints and parsed > constraints["maximum"]:
            self.problem(line, name, f"{parsed} is above the maximum {constraints['maximum']}")
        if "max_words" in extra and _word_count(value) > extra["max_words"]:
            self.problem(line, name, f"has {_word_count(value)} words; at most {extra['max_words']} are allowed")
        if extra.get("list"):
            return [item.strip() for item in value.split(";") if item.strip()]
        return parsed

    def _parse(self, field: dict[str, Any], value: str) -> Any:
        kind = field["type"]
        if "partial_date" in field.get("purgelib", {}):
            return partial_date(value, field["purgelib"]["partial_date"] == "end")
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise ValueError(f"'{value}' is not a whole number")
            return int(value)
        if kind == "number":
            return float(value)
        if kind == "boolean":
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
            raise ValueError(f"'{value}' is not true or false")
        return value

    def _check_unique(self, columns: dict[str, list[Any]]) -> None:
        for field in self.fields:
            if not field.get("constraints", {}).get("unique"):
                continue
            seen: dict[Any, int] = {}
            for line, value in zip(self.lines, columns[field["name"]], strict=True):
                if value is None:
                    continue
                if value in seen:
                    self.problem(line, field["name"], f"duplicate id '{value}' (first used on line {seen[value]})")
                else:
                    seen[value] = line

    def _check_ordered(self, columns: dict[str, list[Any]]) -> None:
        for low_name, high_name in self.resource.get("purgelib", {}).get("ordered", []):
            for line, low, high in zip(self.lines, columns[low_name], columns[high_name], strict=True):
                low_value = low[0] if isinstance(low, tuple) else low
                high_value = high[0] if isinstance(high, tuple) else high
                if low_value is not None and high_value is not None and low_value > high_value:
                    self.problem(line, high_name, f"is before/below {low_name}; {low_name} must not exceed {high_name}")

    def _check_filled(self, columns: dict[str, list[Any]]) -> None:
        groups = self.resource.get("purgelib", {}).get("filled", [])
        if not groups:
            return
        for index, line in enumerate(self.lines):
            if not any(all(columns[name][index] is not None for name in group) for group in groups):
                wanted = " or ".join(" and ".join(group) for group in groups)
                self.problem(line, groups[0][0], f"is empty; fill {wanted}")

    def _frame(self, columns: dict[str, list[Any]]) -> pd.DataFrame:
        data: dict[str, Any] = {}
        names = {field["name"] for field in self.fields}
        for field in self.fields:
            name, values = field["name"], columns[field["name"]]
            extra = field.get("purgelib", {})
            if "partial_date" in extra:
                data[name] = pd.Series([v[0] if v else pd.NaT for v in values], dtype="datetime64[ns]")
                precision_field = extra.get("precision_field")
                if precision_field is None and f"{name}_precision" not in names:
                    data[f"{name}_precision"] = pd.Categorical(
                        [v[1] if v else None for v in values], categories=_PRECISIONS
                    )
                elif precision_field:
                    self._check_precision(precision_field, values, columns[precision_field])
            elif "enum" in field.get("constraints", {}):
                data[name] = pd.Categorical(values, categories=field["constraints"]["enum"])
            elif extra.get("list"):
                data[name] = pd.Series(values, dtype=object)
            elif field["type"] == "integer":
                data[name] = pd.Series(values, dtype="Int64")
            elif field["type"] == "boolean":
                data[name] = pd.Series(values, dtype="boolean")
            else:
                data[name] = pd.Series(values, dtype="str")
        if self.problems:
            raise DataError(self.problems)
        return pd.DataFrame(data)

    def _check_precision(self, precision_field: str, dates: list[Any], precisions: list[Any]) -> None:
        for line, date, declared in zip(self.lines, dates, precisions, strict=True):
            if date and declared and date[1] != declared:
                self.problem(line, precision_field, f"says '{declared}' but the date is written to the {date[1]}")


def _references(resource: dict[str, Any]) -> dict[str, tuple[str | None, dict[str, str]]]:
    """Every reference a table makes, by column: ``(switch column or None, {switch value: target table})``.

    Single-valued references are standard Table Schema ``foreignKeys``; the ones Table Schema cannot express (a
    ``;``-list of ids in one cell, or a target table chosen by another column) sit, in the same shape, in the
    resource's ``purgelib.references``. A plain reference has one target, under the key ``""``.
    """
    found = {}
    for key in resource["schema"].get("foreignKeys", []) + resource.get("purgelib", {}).get("references", []):
        fields, reference = key["fields"], key["reference"]
        column = fields if isinstance(fields, str) else fields[0]
        if "resource_by" in reference:
            found[column] = (reference["resource_by"], dict(reference["resources"]))
        else:
            found[column] = (None, {"": reference["resource"]})
    return found


def _primary_ids(name: str, folder: Path) -> set[str]:
    resource = _resource(name, folder)
    key = resource["schema"]["primaryKey"][0]
    return set(_load_checked(name, folder)[key])


def _check_references(name: str, frame: pd.DataFrame, folder: Path, lines: list[int]) -> None:
    resource = _resource(name, folder)
    problems = []
    for column, (switch, tables) in _references(resource).items():
        targets = [tables[str(kind)] for kind in frame[switch]] if switch else [tables[""]] * len(frame)
        known: dict[str, set[str]] = {}
        for line, value, table in zip(lines, frame[column], targets, strict=True):
            ids = value if isinstance(value, list) else ([] if value is None or pd.isna(value) else [value])
            if table not in known:
                known[table] = _primary_ids(table, folder)
            for missing in (i for i in ids if i not in known[table]):
                problems.append(
                    Problem(
                        resource["path"],
                        line,
                        column,
                        f"'{missing}' is not an id in {table} ({_resource(table, folder)['path']})",
                    )
                )
    if problems:
        raise DataError(problems)


_cache: dict[tuple[Path, str], tuple[tuple[int, int], pd.DataFrame, list[int]]] = {}


def _load_checked(name: str, folder: Path) -> pd.DataFrame:
    resource = _resource(name, folder)
    path = folder / resource["path"]
    stamp = _stamp(path) if path.exists() else (0, 0)
    cached = _cache.get((folder, name))
    if cached is None or cached[0] != stamp:
        reader = _TableReader(resource, folder)
        frame = reader.read()
        _cache[(folder, name)] = (stamp, frame, reader.lines)
        try:
            _check_references(name, frame, folder, reader.lines)
        except DataError:
            del _cache[(folder, name)]
            raise
    return _cache[(folder, name)][1]


def load(name: str, *, data_dir: str | os.PathLike | None = None, reload: bool = False) -> pd.DataFrame:
    """Load one course table as a typed, checked DataFrame.

    Dates become datetimes (the start of the period for ``YYYY`` and
    ``YYYY-MM``, the end for end dates), with a ``<column>_precision`` column
    where the table has no precision column of its own; integers become
    ``Int64``; ``;``-lists become Python lists; enums become categoricals.
    A table is read once per process and read again when its file changes
    (or with ``reload=True``).

    Parameters
    ----------
    name : str
        A table name; see :func:`list_datasets`.
    data_dir : path, optional
        Another data package folder (default: the course's ``data/``).
    reload : bool
        Read the file again even if it has not changed.

    Raises
    ------
    ValueError
        For an unknown table name (the message lists the valid ones).
    DataError
        For a malformed file, naming file, CSV line, column and problem.

    Examples
    --------
    >>> sources = load("sources")
    >>> sources.loc[sources.is_reading, "source_id"].tolist()
    ['siegelbaum-1997', 'askhistorians-snowball', 'getty-naumov-1999', 'lovestone-1937']
    """
    folder = _resolve(data_dir)
    _resource(name, folder)
    if reload:
        _cache.pop((folder, name), None)
    frame = _load_checked(name, folder).copy(deep=False)
    # List cells are Python lists: copy them, so that changing one never changes the cached table.
    for field in _resource(name, folder)["schema"]["fields"]:
        if field.get("purgelib", {}).get("list"):
            frame[field["name"]] = [list(cell) if isinstance(cell, list) else cell for cell in frame[field["name"]]]
    return frame


def validate(*, data_dir: str | os.PathLike | None = None) -> dict[str, int]:
    """Check every table of the package; return the row count of each.

    Raises :class:`DataError` listing every problem in the first bad table.

    Examples
    --------
    >>> validate()["sources"] > 30
    True
    """
    folder = _resolve(data_dir)
    return {name: len(_load_checked(name, folder)) for name in list_datasets(data_dir=folder)}


def _field_facts(field: dict[str, Any], references: dict[str, tuple[str | None, dict[str, str]]]) -> str:
    """The short facts of a column for the data dictionary: type, required, unique, list, range, reference."""
    extra = field.get("purgelib", {})
    constraints = field.get("constraints", {})
    facts = ["date" if "partial_date" in extra else field["type"]]
    if constraints.get("required"):
        facts.append("required")
    if constraints.get("unique"):
        facts.append("unique")
    if extra.get("list"):
        facts.append("`;`-list")
    if "minimum" in constraints or "maximum" in constraints:
        facts.append(f"{constraints.get('minimum', '')}–{constraints.get('maximum', '')}")
    if field["name"] in references:
        facts.append("→ " + ", ".join(f"`{table}`" for table in references[field["name"]][1].values()))
    return ", ".join(facts)


def data_dictionary(*, data_dir: str | os.PathLike | None = None) -> str:
    """The data dictionary of ``data/README.md``, generated from ``datapackage.json``.

    ``python -m purgelib.data`` rewrites that section of the README; a test
    fails when the two differ.

    Examples
    --------
    >>> print(data_dictionary().splitlines()[0])
    ## Data dictionary
    """
    folder = _resolve(data_dir)
    lines = [
        "## Data dictionary",
        "",
        "Generated from `datapackage.json` by `python -m purgelib.data` (a test fails when this section",
        "and the package differ). Types: `string`, `integer`, `boolean`; dates are strings of the form",
        "`YYYY[-MM[-DD]]`, which `purgelib` reads as datetimes (the start of the period, or its end for",
        "end dates). Where a column has a list of allowed values, each is given with the words a learner",
        "reads for it.",
        "",
    ]
    for resource in _resources(folder).values():
        schema = resource["schema"]
        lines += [
            "",
            f"### `{resource['path']}` — {resource.get('title', resource['name'])}",
            "",
            resource.get("description", ""),
            "",
        ]
        lines += [f"Primary key: {', '.join(f'`{key}`' for key in schema.get('primaryKey', []))}.", ""]
        references = _references(resource)
        for field in schema["fields"]:
            lines.append(f"- `{field['name']}` ({_field_facts(field, references)}): {field.get('description', '')}")
            if field.get("categories"):
                values = "; ".join(f"`{item['value']}` {item['label']}" for item in field["categories"])
                lines.append(f"  Allowed values: {values}.")
    return "\n".join(lines).rstrip() + "\n"


_DICTIONARY_START, _DICTIONARY_END = "## Data dictionary", "## Licence and credit"


def write_data_dictionary(readme: str | os.PathLike | None = None) -> Path:
    """Replace the data dictionary section of ``data/README.md`` with :func:`data_dictionary`."""
    path = Path(readme) if readme is not None else data_dir() / "README.md"
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(_DICTIONARY_START, 1)
    after = rest.split(_DICTIONARY_END, 1)[1]
    path.write_text(f"{before}{data_dictionary()}\n{_DICTIONARY_END}{after}", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"Wrote {write_data_dictionary()}")
