"""Binder route: repo2docker builds the conda environment from environment.yml with the pinned Python."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def repo2docker() -> str:
    found = shutil.which("jupyter-repo2docker") or str(Path(sys.executable).with_name("jupyter-repo2docker"))
    if not Path(found).exists():
        pytest.skip("jupyter-repo2docker is not installed (it is in the test extras)")
    return found


def test_repo2docker_plans_the_conda_build_from_environment_yml():
    # --no-build prints the Dockerfile repo2docker would build, without needing a Docker daemon.
    result = subprocess.run(
        [repo2docker(), "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    pinned = re.search(r"^\s*-\s*python=(\S+)", (ROOT / "environment.yml").read_text(), re.MULTILINE).group(1)
    assert f"Building conda environment for python={pinned}" in output
    assert '--file "environment.yml"' in output


def test_the_binder_badge_opens_the_start_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    link = re.search(r"\(https://mybinder\.org/v2/gh/[^)\s]+\)", readme).group(0)
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in link
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


def test_binder_runs_post_build_which_writes_the_course_lab_settings(tmp_path):
    result = subprocess.run(
        [repo2docker(), "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300
    )
    assert "postBuild" in result.stdout + result.stderr
    # The script's one command, run in a fake environment prefix, writes the settings a learner on Binder gets.
    command = re.search(r"^python -c \"(.+)\"$", (ROOT / "postBuild").read_text(), re.MULTILINE).group(1)
    prefix = tmp_path / "env"
    code = command.replace("pathlib.Path(sys.prefix)", f"pathlib.Path({str(prefix)!r})")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, timeout=60)
    settings = json.loads((prefix / "share/jupyter/lab/settings/overrides.json").read_text())
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
