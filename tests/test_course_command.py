"""course.py: the README's two commands, checked without installing anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import course  # noqa: E402  (course.py is a script at the top of the checkout, not a package)


def test_the_address_jupyterlab_prints_opens_the_start_notebook():
    arguments = course.lab_arguments(["--no-browser"])
    assert f"--LabApp.default_url=/lab/tree/{course.START}" in arguments
    assert (ROOT / course.START).exists()
    assert arguments[-1] == "--no-browser"


@pytest.mark.parametrize(("uid", "allowed"), [(0, True), (1000, False)])
def test_root_is_allowed_only_as_root(monkeypatch, uid, allowed):
    monkeypatch.setattr(course.os, "geteuid", lambda: uid, raising=False)
    assert ("--allow-root" in course.lab_arguments()) is allowed


def test_open_as_root_says_why_it_is_safe(monkeypatch, capsys):
    monkeypatch.setattr(course.os, "geteuid", lambda: 0, raising=False)
    monkeypatch.setattr(course, "set_up", lambda **_: Path(sys.executable))
    started = []
    monkeypatch.setattr(course.subprocess, "call", lambda command, **_: started.append(command) or 0)
    assert course.main(["open", "--no-browser"]) == 0
    said = capsys.readouterr().out
    assert "--allow-root" in said and "localhost" in said and "token" in said
    assert "--allow-root" in started[0] and "--no-browser" in started[0]


def test_no_news_or_update_popup_and_other_settings_kept(tmp_path):
    settings = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    course.write_lab_settings(tmp_path)
    written = json.loads(settings.read_text())
    assert written["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    assert written["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}


@pytest.mark.parametrize(("command", "extra"), [("open", "learner"), ("test", "test")])
def test_open_installs_what_a_learner_needs_and_test_adds_the_test_tools(monkeypatch, tmp_path, command, extra):
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / "Scripts").mkdir()
    (venv / "Scripts" / "python.exe").touch()
    monkeypatch.setattr(course, "VENV", venv)
    installs = []
    monkeypatch.setattr(course.subprocess, "run", lambda command, **_: installs.append(command))
    course.set_up(with_tests=command == "test")
    target = installs[-1][-1]
    assert target.endswith("[test]") is (extra == "test")
    assert (venv / ".course-installed").read_text().split()[1] == extra
    installs.clear()
    course.set_up(with_tests=command == "test")
    assert installs == [], "a second run with nothing changed installs nothing"


def test_without_a_command_it_explains_itself(capsys):
    assert course.main([]) == 2
    assert "python3 course.py open" in capsys.readouterr().out
