"""JupyterHub route: an nbgitpuller update keeps the learner's edits and journal and brings new material.

This drives the real `nbgitpuller` package the way a hub does when a learner clicks the course's
nbgitpuller link a second time.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from purgelib.journal import Journal

ROOT = Path(__file__).resolve().parent.parent
pull = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller is in the test extras")


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout


def run_pull(url: str, target: Path) -> None:
    for _ in pull.GitPuller(url, str(target), branch="main").pull():
        pass


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    """The instructor's course repository: the committed course as it is now."""
    folder = tmp_path / "upstream"
    subprocess.run(["git", "clone", "-q", "--branch", "main", str(ROOT), str(folder)], check=True)
    return folder


def test_an_update_keeps_the_learners_work_and_brings_new_material(upstream, tmp_path, monkeypatch):
    home = tmp_path / "learner-home"
    course = home / "great-purges"
    url = upstream.as_uri()
    run_pull(url, course)
    start = course / "notebooks" / "00_start_here.ipynb"
    assert start.exists()

    notebook = json.loads(start.read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["My own note on Lovestone."]})
    start.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    (course / "notebooks" / "my_scratch.ipynb").write_text(json.dumps({**notebook, "cells": []}), encoding="utf-8")
    monkeypatch.setenv("PURGELIB_JOURNAL_DIR", str(home / ".great-purges"))
    Journal().save("08-argument", "The centre drove it; the regions ran with it.")

    new_notebook = upstream / "notebooks" / "99_new_material.ipynb"
    new_notebook.write_text(json.dumps({**notebook, "cells": []}), encoding="utf-8")
    readme = upstream / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA correction from the instructor.\n", encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "New material")

    run_pull(url, course)

    assert (course / "notebooks" / "99_new_material.ipynb").exists(), "new material must arrive"
    assert "A correction from the instructor." in (course / "README.md").read_text(encoding="utf-8")
    assert "My own note on Lovestone." in start.read_text(encoding="utf-8"), "the learner's edit must survive"
    assert (course / "notebooks" / "my_scratch.ipynb").exists(), "the learner's own notebook must survive"
    assert Journal().get("08-argument") == "The centre drove it; the regions ran with it."


def test_the_journal_is_outside_the_tracked_files(tmp_path, monkeypatch):
    monkeypatch.delenv("PURGELIB_JOURNAL_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    journal = Journal()
    assert ROOT not in journal.path.parents
    tracked = git(ROOT, "ls-files").split()
    assert not any("journal" in name and name.endswith(".json") for name in tracked)


def test_the_readme_gives_a_working_nbgitpuller_link():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "/hub/user-redirect/git-pull?repo=" in readme
    assert "urlpath=lab%2Ftree%2Fgreat-purges%2Fnotebooks%2F00_start_here.ipynb" in readme
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
