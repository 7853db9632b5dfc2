"""The project's own house: one version, read everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import purgelib

ROOT = Path(__file__).resolve().parent.parent


def test_one_version_everywhere():
    citation = re.search(r'^version:\s*"?([^"\n]+)"?$', (ROOT / "CITATION.cff").read_text(encoding="utf-8"), re.M)
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert citation and citation.group(1) == purgelib.__version__
    assert package["version"] == purgelib.__version__
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_changelog_and_the_contributing_guide_are_there():
    assert f"## {purgelib.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for topic in ("## Run the tests", "## Correct a row", "### Add an event", "## Re-execute a notebook"):
        assert topic in guide
