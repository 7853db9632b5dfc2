"""Shared fixtures: a private copy of the data package that a test may break."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ in a temporary folder, to edit without touching the course's files."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("README.md"))
    return target


def pytest_configure(config: pytest.Config) -> None:
    """Notebooks run under nbval save and export journal answers: keep them out of the tester's own journal."""
    os.environ["PURGELIB_JOURNAL_DIR"] = tempfile.mkdtemp(prefix="purgelib-test-journal-")
