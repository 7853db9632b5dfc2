"""How fast the course runs and how big it is, as ratios against a floor measured in the same run.

    python benchmarks/bench_course.py [--repeat 3]

Measures, printing a Markdown report:
- course execution: every notebook, each in a fresh kernel, against the floor: the same number
  of fresh kernels that only import pandas, altair and ipywidgets (target <= 1.3x);
- import: `import purgelib` on top of pandas + altair + ipywidgets (target <= 0.3 s);
- kernel memory: peak RSS of the kernel running each notebook (target <= 250 MB);
- stored size: each notebook with its outputs, and the tracked files of the repository.
The machines are shared and noisy, so each figure is the median of --repeat runs and execution
is reported as a ratio to the floor measured alongside it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FLOOR_CELL = "import pandas, altair, ipywidgets"

# Runs one notebook in a fresh kernel in a child process, then reports the wall time and the
# kernel's peak RSS (the largest finished child of that process is the kernel).
RUNNER = r"""
import json, resource, sys, time, nbformat
from nbclient import NotebookClient
nb = (
    nbformat.read(sys.argv[1], as_version=4)
    if sys.argv[1] != "-"
    else nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sys.argv[2])])
)
start = time.perf_counter()
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}}).execute()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_kernel(notebook: Path | None) -> dict[str, float]:
    args = [str(notebook), "", str(notebook.parent)] if notebook else ["-", FLOOR_CELL, str(ROOT)]
    out = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def import_seconds() -> float:
    code = (
        "import time, pandas, altair, ipywidgets; t = time.perf_counter(); import purgelib; "
        "print(time.perf_counter() - t)"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def tracked_bytes() -> int:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    return sum((ROOT / name).stat().st_size for name in files if name and (ROOT / name).exists())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    course_runs: list[float] = []
    floor_runs: list[float] = []
    per_notebook: dict[str, list[float]] = {nb.name: [] for nb in NOTEBOOKS}
    peak = {nb.name: 0.0 for nb in NOTEBOOKS}
    for _ in range(repeat):
        floor_runs.append(sum(run_kernel(None)["seconds"] for _ in NOTEBOOKS))
        total = 0.0
        for notebook in NOTEBOOKS:
            result = run_kernel(notebook)
            per_notebook[notebook.name].append(result["seconds"])
            peak[notebook.name] = max(peak[notebook.name], result["peak_rss_mb"])
            total += result["seconds"]
        course_runs.append(total)
    imports = [import_seconds() for _ in range(max(5, repeat))]

    course, floor = statistics.median(course_runs), statistics.median(floor_runs)
    print(f"# Course benchmark ({repeat} runs, medians)\n")
    print(
        f"- Course execution: {course:.1f} s for {len(NOTEBOOKS)} notebooks; floor {floor:.1f} s "
        f"({len(NOTEBOOKS)} fresh kernels importing pandas, altair, ipywidgets); "
        f"**ratio {course / floor:.2f}x** (target <= 1.3x)"
    )
    print(
        "- `import purgelib` after pandas + altair + ipywidgets: "
        f"**{statistics.median(imports):.3f} s** (target <= 0.3 s)"
    )
    heaviest = max(peak, key=lambda name: peak[name])
    print(
        f"- Peak kernel RSS: **{peak[heaviest]:.0f} MB** in {heaviest} (target <= 250 MB); "
        f"a 64 GB hub holds about {int(64 * 1024 // peak[heaviest])} such kernels"
    )
    print(f"- Repository (tracked files): {tracked_bytes() / 1e6:.2f} MB\n")
    print("| notebook | run (s, median) | peak kernel RSS (MB) | stored (kB) |")
    print("|---|---|---|---|")
    for notebook in NOTEBOOKS:
        print(
            f"| {notebook.name} | {statistics.median(per_notebook[notebook.name]):.2f} | "
            f"{peak[notebook.name]:.0f} | {notebook.stat().st_size / 1000:.0f} |"
        )


if __name__ == "__main__":
    main()
