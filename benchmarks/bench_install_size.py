"""How big a learner's environment is: the course (what `course.py open` installs) against the
five packages of its stack alone (jupyterlab, pandas, ipywidgets, altair, nbval), each in a fresh
virtual environment made in the same run.

    python3 benchmarks/bench_install_size.py
"""

from __future__ import annotations

import subprocess
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 1e6


def environment(folder: Path, packages: list[str]) -> float:
    venv.EnvBuilder(with_pip=True).create(folder)
    subprocess.run(
        [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *packages],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return size_mb(folder)


def main() -> None:
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    stack = [*runtime, "nbval"]
    with tempfile.TemporaryDirectory() as scratch:
        course = environment(Path(scratch) / "course", [str(ROOT)])
        alone = environment(Path(scratch) / "stack", stack)
    print(
        "| environment | MB |\n|---|---|\n"
        f"| learner (`course.py open`: purgelib and its runtime packages) | {course:.0f} |"
    )
    print(f"| the five packages alone ({', '.join(stack)}) | {alone:.0f} |\n| ratio | {course / alone:.2f}× |")


if __name__ == "__main__":
    main()
