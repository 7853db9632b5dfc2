"""A hub administrator's install: the wheel alone, used outside the checkout, is a working course."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

USE_EVERYTHING = textwrap.dedent(
    """
    import purgelib, pathlib, sys
    home = pathlib.Path(purgelib.__file__).resolve().parent
    assert "site-packages" in str(home), f"purgelib came from {home}, not from the installed wheel"
    data = purgelib.data.data_dir()
    assert data.is_relative_to(home), f"the data came from {data}, not from the installed package"
    rows = {name: len(purgelib.load(name)) for name in purgelib.list_datasets()}
    explorers = [purgelib.TimelineExplorer(), purgelib.VictimsExplorer(), purgelib.ExplanationsExplorer(),
                 purgelib.SourceReader("getty-naumov-1999"), purgelib.SelfCheck("05")]
    print(sorted(rows.items()), len(explorers))
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("purgelib-*.whl")
    return built


def test_the_wheel_carries_the_data_package(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {name.split("/")[-1] for name in names if name.startswith("purgelib/coursedata/")}
    expected = {"datapackage.json", *(path.name for path in (ROOT / "data").glob("*.csv"))}
    assert expected <= shipped


def test_an_installed_wheel_loads_every_table_and_builds_every_explorer(wheel, tmp_path):
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(fresh)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    # The dependencies (pandas, altair, ipywidgets) come from this environment's site-packages, added
    # as a plain path: its .pth files, among them the editable install of the checkout, are not run.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "course-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {key: value for key, value in os.environ.items() if key not in {"PURGELIB_DATA", "PYTHONPATH"}}
    result = subprocess.run(
        [str(python), "-c", USE_EVERYTHING], cwd=elsewhere, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "('events', " in result.stdout
