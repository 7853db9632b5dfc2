"""course.py: the README's commands, checked without installing anything."""

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
    monkeypatch.setattr(course, "set_up", lambda extras: Path(sys.executable))
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


def fake_venv(monkeypatch, tmp_path) -> tuple[Path, list]:
    """course.VENV pointed at an empty folder with a python in it; the pip commands set_up would run, recorded."""
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / "Scripts").mkdir()
    (venv / "Scripts" / "python.exe").touch()
    monkeypatch.setattr(course, "VENV", venv)
    installs = []
    monkeypatch.setattr(course.subprocess, "run", lambda command, **_: installs.append(command))
    return venv, installs


@pytest.mark.parametrize(
    ("command", "target", "stamp"),
    [
        ("open", "", "learner"),
        ("test", "[app,site,test]", "app,site,test"),
        ("site", "[site]", "site"),
        ("app", "[app]", "app"),
        ("execute", "[test]", "test"),
    ],
)
def test_each_command_installs_only_the_extras_it_needs(monkeypatch, tmp_path, command, target, stamp):
    venv, installs = fake_venv(monkeypatch, tmp_path)
    course.set_up(course.EXTRAS[command])
    assert installs[-1][-1] == f"{course.ROOT}{target}"
    assert (venv / ".course-installed").read_text().split()[1] == stamp
    installs.clear()
    course.set_up(course.EXTRAS[command])
    assert installs == [], "a second run with nothing changed installs nothing"


def test_an_environment_keeps_its_extras_and_open_adds_none(monkeypatch, tmp_path):
    _, installs = fake_venv(monkeypatch, tmp_path)
    course.set_up(course.EXTRAS["test"])
    installs.clear()
    for command in ("open", "site", "app", "execute"):
        course.set_up(course.EXTRAS[command])
    assert installs == [], "a test environment serves every other command without installing"
    _, installs = fake_venv(monkeypatch, tmp_path / "other")
    course.set_up(course.EXTRAS["site"])
    course.set_up(course.EXTRAS["app"])
    assert installs[-1][-1] == f"{course.ROOT}[app,site]", "app after site keeps the site's extra"


def test_an_old_test_environment_gets_the_site_and_app_extras(monkeypatch, tmp_path):
    venv, installs = fake_venv(monkeypatch, tmp_path)
    project = course.hashlib.sha256((course.ROOT / "pyproject.toml").read_bytes()).hexdigest()
    (venv / ".course-installed").write_text(f"{project} test")
    course.set_up(course.EXTRAS["test"])
    assert installs[-1][-1] == f"{course.ROOT}[app,site,test]"


@pytest.mark.parametrize("command", ["site", "app", "execute"])
def test_site_app_and_execute_run_in_the_course_environment(monkeypatch, command):
    asked, started = [], []
    monkeypatch.setattr(course, "set_up", lambda extras: asked.append(extras) or Path("/venv/python"))
    monkeypatch.setattr(course.subprocess, "call", lambda command, **options: started.append((command, options)) or 0)
    assert course.main([command]) == 0
    assert asked == [course.EXTRAS[command]]
    assert all(command[0] == "/venv/python" for command, _ in started)
    if command == "site":
        assert started == [(["/venv/python", str(course.ROOT / "site" / "build.py")], {"cwd": course.ROOT})]
    if command == "app":
        ((arguments, options),) = started
        assert arguments[1:4] == ["-m", "voila", str(course.ROOT / course.APP)]
        assert "--Voila.ip=127.0.0.1" in arguments and f"--template={course.APP_TEMPLATE}" in arguments
        template = course.ROOT / "app" / "voila" / "templates" / course.APP_TEMPLATE / "index.html.j2"
        assert template.exists() and str(course.ROOT / "app") in options["env"]["JUPYTER_PATH"].split(course.os.pathsep)
    if command == "execute":
        assert len(started) == 9 and [command[-1] for command, _ in started] == sorted(
            command[-1] for command, _ in started
        )
        assert all("--ExecutePreprocessor.store_widget_state=False" in command for command, _ in started)
        assert all(
            options["env"]["PURGELIB_JOURNAL_DIR"] != course.os.environ.get("PURGELIB_JOURNAL_DIR")
            for _, options in started
        )


def test_execute_runs_the_notebooks_named_and_names_the_allowed_ones_on_a_typo(monkeypatch, capsys):
    assert course.notebooks_to_execute(["05_counting_the_victims.ipynb"]) == [
        course.ROOT / "notebooks" / "05_counting_the_victims.ipynb"
    ]
    monkeypatch.setattr(
        course, "set_up", lambda extras: pytest.fail("nothing is installed for a notebook that does not exist")
    )
    with pytest.raises(SystemExit) as stopped:
        course.main(["execute", "05_counting.ipynb"])
    assert "05_counting.ipynb" in str(stopped.value) and "05_counting_the_victims.ipynb" in str(stopped.value)


def test_without_a_command_it_explains_itself(capsys):
    assert course.main([]) == 2
    said = capsys.readouterr().out
    assert all(f"python3 course.py {command}" in said for command in course.EXTRAS)
