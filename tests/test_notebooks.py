"""The notebooks as lessons: each opens and ends as the course promises, quotes truly, stays small.

nbval (run over notebooks/ by the same pytest command) checks that every stored output is what
a fresh run produces; these tests check the shape of the lessons themselves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import purgelib
from purgelib.reader import normalise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXPECTED = ["00", "01", "02", "03", "04", "05", "06", "07", "08"]
MAX_BYTES = 300_000


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text_of(cell: dict) -> str:
    return "".join(cell["source"])


def test_the_nine_notebooks_are_there():
    assert [p.name[:2] for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_title_time_goals_readings_prerequisites(path):
    first = text_of(cells(path)[0])
    assert first.startswith(f"# {path.name[:2]} ·")
    for heading in ("Time", "Learning goals", "Readings", "Prerequisites"):
        assert f"**{heading}" in first, f"{path.name}: the opening cell needs {heading}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ends_with_self_check_discussion_and_further_reading(path):
    markdown = "\n".join(text_of(c) for c in cells(path) if c["cell_type"] == "markdown")
    for heading in ("## Check your understanding", "## Discuss", "## Further reading"):
        assert heading in markdown, f"{path.name} needs '{heading}'"
    code = "\n".join(text_of(c) for c in cells(path) if c["cell_type"] == "code")
    assert f'SelfCheck("{path.name[:2]}")' in code
    assert len(purgelib.quiz.questions(path.name[:2])) >= 3 or path.name.startswith("00")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_exercises_saved_to_the_journal(path):
    code = "\n".join(text_of(c) for c in cells(path) if c["cell_type"] == "code")
    asks = re.findall(r'\.ask\(\s*"(\d\d-[a-z0-9-]+)"', code)
    assert asks, f"{path.name}: no open question saved to the journal"
    assert all(a.startswith(path.name[:2]) for a in asks), asks
    exercises = len(asks) + len(purgelib.quiz.questions(path.name[:2]))
    assert exercises >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stays_small_and_runs_in_one_fresh_kernel(path):
    assert path.stat().st_size < MAX_BYTES
    counts = [c.get("execution_count") for c in cells(path) if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom in a fresh kernel before saving"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_quotations_in_the_text_match_passages(path):
    """A quotation typed into a text cell is marked <!-- passage: id --> and must be that passage, verbatim."""
    passages = purgelib.load("passages").set_index("passage_id")
    for cell in cells(path):
        source = text_of(cell)
        plain = normalise(re.sub(r"^>\s?", "", source, flags=re.M).replace("*", ""))
        for passage_id in re.findall(r"<!-- passage: ([a-z0-9-]+) -->", source):
            assert passage_id in passages.index, f"{path.name}: unknown passage {passage_id}"
            assert normalise(passages.loc[passage_id, "quote"]) in plain, (
                f"{path.name}: the quotation marked {passage_id} is not verbatim passages.csv"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_never_shows_a_long_raw_table(path):
    for cell in cells(path):
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            assert html.count("<tr") <= 31, f"{path.name}: an output table has {html.count('<tr')} rows"


def test_the_instructor_guide_answers_every_exercise():
    guide = (ROOT / "notebooks" / "instructor_guide.md").read_text(encoding="utf-8")
    for heading in ("## Formats", "## Launching the course", "## Problems learners typically hit"):
        assert heading in guide
    for minutes in ("90 minutes", "Half day", "Three sessions"):
        assert minutes in guide
    asked = {
        qid
        for path in NOTEBOOKS
        for cell in cells(path)
        if cell["cell_type"] == "code"
        for qid in re.findall(r'\.ask\(\s*"(\d\d-[a-z0-9-]+)"', text_of(cell))
    }
    questions = set(purgelib.load("questions")["question_id"])
    missing = sorted(qid for qid in asked | questions if qid not in guide)
    assert not missing, f"no model answer in the instructor guide for: {missing}"


def _stored_outputs_text() -> str:
    texts = []
    for path in NOTEBOOKS:
        for cell in cells(path):
            for output in cell.get("outputs", []):
                texts.append(json.dumps(output))
    return "\n".join(texts)


def test_every_sanitize_pattern_matches_a_stored_output():
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "sanitize.cfg", encoding="utf-8")
    assert "--nbval-sanitize-with tests/sanitize.cfg" in (ROOT / "pyproject.toml").read_text()
    outputs = _stored_outputs_text()
    unused = [name for name in config.sections() if not re.search(config[name]["regex"], outputs)]
    assert not unused, f"sanitize patterns that match no stored output hide nothing real: {unused}"
