"""Set up the course and open it, test it, publish it. Needs only Python 3.11+.

    python3 course.py open       # set up, then open JupyterLab at notebooks/00_start_here.ipynb
    python3 course.py test       # set up, then run every test (unit tests, doctests, nbval, site, app)
    python3 course.py app        # set up, then open the four explorers on one page, without code (Voilà)
    python3 course.py site       # set up, then build the course's static site into build/site/
    python3 course.py execute    # set up, then re-run the notebooks and store their outputs and pictures

"Set up" means: make a virtual environment in .venv/ if there is none, and install the
course into it from pyproject.toml: what a learner needs for `open`, and for the other commands
the extra they need (`test`, `site`, `app`; `test` installs all three). Installing is skipped
when nothing changed since the last time, and an environment keeps the extras it has. Extra
arguments go to JupyterLab, pytest, Voilà or the site's builder, e.g. `python3 course.py open
--no-browser`, `python3 course.py test -k timeline`, `python3 course.py app --port=8870`;
`execute` takes notebook names (all nine if none), e.g. `python3 course.py execute 05_counting_the_victims.ipynb`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
START = "notebooks/00_start_here.ipynb"
# JupyterLab asks every new user whether to fetch news from the internet, and may announce
# updates: a course that works offline should not greet learners with either. Written as the
# environment's defaults (overrides.json), so a learner can still turn them on in Settings.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

# The optional extras (pyproject.toml) each command needs; `open` needs none (a learner's environment).
# `test` installs all three so that the site and app tests run; `execute` needs the test extra's
# vl-convert and Pillow, which store a small picture beside every chart.
EXTRAS = {"open": (), "test": ("test", "site", "app"), "app": ("app",), "site": ("site",), "execute": ("test",)}
APP = "app/explorers.ipynb"
# Voilà's lab template less the two icon stylesheets it loads from a CDN (app/voila/templates/course-app/).
APP_TEMPLATE = "course-app"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def set_up(extras: tuple[str, ...] = ()) -> Path:
    """Make .venv/ if needed and install the course into it, with the optional ``extras`` (see EXTRAS)."""
    # course.py runs under whatever python3 the user has, so this check is not dead code.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    project = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".course-installed"
    installed = stamp.read_text().split() if stamp.exists() else []
    had = set(installed[1].split(",")) - {"learner"} if len(installed) > 1 else set()
    # An environment keeps the extras it has (a test environment serves `open` too); a learner's gets none unless asked.
    wanted_extras = sorted(had | set(extras))
    wanted = [project, ",".join(wanted_extras) or "learner"]
    if installed != wanted:
        print("Installing the course and its packages (first time: a few minutes) ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        target = f"{ROOT}[{','.join(wanted_extras)}]" if wanted_extras else str(ROOT)
        subprocess.run([*pip, "-e", target], check=True, cwd=ROOT)
        stamp.write_text(" ".join(wanted))
    write_lab_settings(VENV)
    return python


def write_lab_settings(prefix: Path) -> Path:
    """Write LAB_SETTINGS as the JupyterLab defaults of the environment at ``prefix``."""
    settings = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(settings.read_text(encoding="utf-8")) if settings.exists() else {}
    if any(
        current.get(plugin, {}).get(key) != value
        for plugin, values in LAB_SETTINGS.items()
        for key, value in values.items()
    ):
        for plugin, values in LAB_SETTINGS.items():
            current.setdefault(plugin, {}).update(values)
        settings.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return settings


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_arguments(extra: list[str] | None = None) -> list[str]:
    """JupyterLab's arguments: open the start notebook, also at the address printed with --no-browser."""
    arguments = [f"--LabApp.default_url=/lab/tree/{START}", f"--ServerApp.root_dir={ROOT}"]
    if running_as_root():
        arguments.append("--allow-root")
    return [*arguments, *(extra or [])]


def app_arguments(extra: list[str] | None = None) -> list[str]:
    """Voilà's arguments: the explorers' page, on this machine only, with no code, traceback or CDN stylesheet."""
    return [
        str(ROOT / APP),
        f"--template={APP_TEMPLATE}",
        "--theme=light",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=False",
        *(extra or []),
    ]


def app_environment() -> dict[str, str]:
    """The environment Voilà runs in: it finds the app's template in app/voila/templates/ through JUPYTER_PATH."""
    paths = [str(ROOT / "app"), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths)}


def notebooks_to_execute(names: list[str]) -> list[Path]:
    """The notebooks ``execute`` re-runs: those named (by file name, in notebooks/), or all nine in course order."""
    every = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return every
    by_name = {path.name: path for path in every}
    unknown = [name for name in names if Path(name).name not in by_name]
    if unknown:
        sys.exit(f"execute: no notebook {', '.join(unknown)} in notebooks/. The notebooks are: {', '.join(by_name)}.")
    return [by_name[Path(name).name] for name in names]


def execute(python: Path, notebooks: list[Path]) -> int:
    """Re-run each notebook in a fresh kernel and save it with its outputs (no widget state), as nbval expects."""
    with tempfile.TemporaryDirectory(prefix="purgelib-execute-journal-") as journal:
        # The notebooks save and export journal answers: into a folder thrown away, not the maintainer's journal.
        environment = {**os.environ, "PURGELIB_JOURNAL_DIR": journal}
        for notebook in notebooks:
            print(f"Running {notebook.name} ...", flush=True)
            command = [
                str(python),
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--inplace",
                "--ExecutePreprocessor.timeout=600",
                "--ExecutePreprocessor.store_widget_state=False",
                str(notebook),
            ]
            if subprocess.call(command, cwd=ROOT, env=environment) != 0:
                return 1
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    notebooks = notebooks_to_execute(extra) if command == "execute" else []
    python = set_up(EXTRAS[command])
    if command == "open":
        if running_as_root():
            print(
                "You are the root user, as in most containers: JupyterLab is started with --allow-root. "
                "That is safe here because the server listens only on this machine (localhost) and asks "
                "for its token; outside a container, run the course as an ordinary user.",
                flush=True,
            )
        return subprocess.call([str(python), "-m", "jupyterlab", *lab_arguments(extra)], cwd=ROOT)
    if command == "app":
        print("Starting the explorers' page (Voilà) on this machine; stop it with Ctrl-C.", flush=True)
        return subprocess.call([str(python), "-m", "voila", *app_arguments(extra)], cwd=ROOT, env=app_environment())
    if command == "site":
        return subprocess.call([str(python), str(ROOT / "site" / "build.py"), *extra], cwd=ROOT)
    if command == "execute":
        return execute(python, notebooks)
    return subprocess.call([str(python), "-m", "pytest", *extra], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
