"""Set up the course and open it, or set it up and test it. Needs only Python 3.11+.

    python3 course.py open    # set up, then open JupyterLab at notebooks/00_start_here.ipynb
    python3 course.py test    # set up, then run every test (unit tests, doctests, nbval)

"Set up" means: make a virtual environment in .venv/ if there is none, and install the
course into it from pyproject.toml: what a learner needs for `open`, the test tools too for
`test`. Installing is skipped when nothing changed since the last time. Extra arguments go
to JupyterLab or to pytest, e.g. `python3 course.py open --no-browser`,
`python3 course.py test -k timeline`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
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


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def set_up(*, with_tests: bool = False) -> Path:
    """Make .venv/ if needed and install the course into it (with the test tools if asked)."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    project = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".course-installed"
    installed = stamp.read_text().split() if stamp.exists() else []
    # A test environment serves `open` too; a learner's environment gets the test tools only when asked.
    wanted = [project, "test" if with_tests or "test" in installed[1:] else "learner"]
    if installed != wanted:
        print("Installing the course and its packages (first time: a few minutes) ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        target = f"{ROOT}[test]" if wanted[1] == "test" else str(ROOT)
        subprocess.run([*pip, "-e", target], check=True, cwd=ROOT)
        stamp.write_text(" ".join(wanted))
    write_lab_settings(VENV)
    return python


def write_lab_settings(prefix: Path) -> Path:
    """Write LAB_SETTINGS as the JupyterLab defaults of the environment at ``prefix``."""
    settings = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(settings.read_text(encoding="utf-8")) if settings.exists() else {}
    if any(current.get(plugin, {}).get(key) != value for plugin, values in LAB_SETTINGS.items() for key, value in values.items()):
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"open", "test"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    python = set_up(with_tests=command == "test")
    if command == "open":
        if running_as_root():
            print(
                "You are the root user, as in most containers: JupyterLab is started with --allow-root. "
                "That is safe here because the server listens only on this machine (localhost) and asks "
                "for its token; outside a container, run the course as an ordinary user.",
                flush=True,
            )
        return subprocess.call([str(python), "-m", "jupyterlab", *lab_arguments(extra)], cwd=ROOT)
    return subprocess.call([str(python), "-m", "pytest", *extra], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
