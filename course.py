"""Set up the course and open it, or set it up and test it. Needs only Python 3.11+.

    python3 course.py open    # set up, then open JupyterLab at notebooks/00_start_here.ipynb
    python3 course.py test    # set up, then run every test (unit tests, doctests, nbval)

"Set up" means: make a virtual environment in .venv/ if there is none, and install the
course (purgelib, JupyterLab and the rest, from pyproject.toml) into it. Installing is
skipped when pyproject.toml has not changed since the last time. Extra arguments go
to JupyterLab or to pytest, e.g. `python3 course.py test -k timeline`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
START = "notebooks/00_start_here.ipynb"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def set_up() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".course-installed"
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        print("Installing the course and its packages (first time: a few minutes) ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True, cwd=ROOT)
        stamp.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"open", "test"}:
        print(__doc__)
        return 2
    python = set_up()
    command, extra = argv[0], argv[1:]
    if command == "open":
        return subprocess.call([str(python), "-m", "jupyterlab", START, *extra], cwd=ROOT)
    return subprocess.call([str(python), "-m", "pytest", *extra], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
