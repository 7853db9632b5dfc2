"""The house rules as tests: ruff (lint and format) and mypy, configured in pyproject.toml, pass on the code.

They run in the suite so that CI and a contributor without pre-commit catch the same things.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.skip(f"{name} is not installed (it is in the test extra: python3 course.py test installs it)")
    return on_path


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing_to_lint():
    result = _run(_tool("ruff"), "check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_format_leaves_every_file_as_it_is():
    result = _run(_tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_mypy_finds_no_type_error():
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
