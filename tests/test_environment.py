"""environment.yml (Binder, conda) and pyproject.toml ask for the same packages and bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requirement(text: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", text).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def environment_lines() -> list[str]:
    return [
        line.strip()[2:].strip()
        for line in (ROOT / "environment.yml").read_text().splitlines()
        if line.strip().startswith("- ")
    ]


def test_conda_packages_match_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(requirement(dep) for dep in project["dependencies"])
    conda = dict(
        requirement(line)
        for line in environment_lines()
        if not line.startswith(("python", "pip", "-e", "conda-forge")) and line != "pip:"
    )
    assert conda == wanted


def test_python_is_pinned_and_purgelib_installed_from_the_checkout():
    lines = environment_lines()
    assert any(re.fullmatch(r"python=3\.1[1-9]", line) for line in lines), "pin python= for Binder"
    assert "-e ." in lines, "Binder must install purgelib from the checkout (pip: -e .)"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = next(line for line in lines if line.startswith("python="))
    assert project["requires-python"] == ">=3.11" and pinned >= "python=3.11"


def test_no_binder_folder_hides_environment_yml():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
