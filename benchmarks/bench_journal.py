"""Journal durability and load: save cost as the journal grows, many kernels at once, kill -9, memory.

    python benchmarks/bench_journal.py [--sizes 10 1000 100000] [--saves 200]
                                       [--kernels 1 4 8 16] [--kills 30] [--session 5000]

1. **Cost per save and per read** at 10, 1,000 and 100,000 saved versions, all in one
   question's folder (the worst case: a real journal spreads them over ~30 questions).
   The journal is filled with fsync switched off, to save time; every *measured* save
   is a real one (flushed file and folder). Reports the median and p95 time of a save,
   saves per second, and the time of ``get``, ``history``, ``answers`` and ``export``.
2. **Concurrent kernels**: K forked processes, all starting at once, each saving
   ``--kernel-saves`` times, alternately to its own and to one shared question, in a
   journal that also holds a 2 MB answer from the old format. Reports throughput, the
   p95 of a save, and how many saves that returned are missing afterwards (must be 0).
3. **kill -9**: rounds of two kernels saving (every third answer 240 kB), each round
   killed with SIGKILL at a random moment; counts acknowledged saves, lost ones (must be 0),
   leftover temporary files, and whether the next save went through.
4. **A learner's kernel after a long session**: a fresh interpreter imports purgelib, opens
   40 answer boxes and types ``--session`` changes into them (each a save), reading the
   answers and exporting now and then; reports resident memory before and after.

Figures go to stdout as Markdown. Linux only (fork, /proc). The machines are shared and
noisy: read the figures as orders of magnitude, not as precise timings.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from purgelib.journal import Journal


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def disk_bytes(folder: Path) -> int:
    return sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if path.is_file())


def fill(journal: Journal, question: str, count: int) -> None:
    """``count`` versions of one answer, written with fsync switched off (setup only)."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        for number in range(count):
            journal.save(question, f"Draft {number}: " + "a sentence of a learner's answer. " * 8, prompt="Why?")
    finally:
        os.fsync = real


def timed(action, repeat: int) -> list[float]:
    found = []
    for number in range(repeat):
        start = time.perf_counter()
        action(number)
        found.append(time.perf_counter() - start)
    return found


def bench_sizes(root: Path, sizes: list[int], saves: int) -> None:
    print("### Cost per save and per read, by number of saved versions (one question holds them all)\n")
    print(
        "| saved versions | save median (ms) | save p95 (ms) | saves/s | get (ms) | history (ms) | answers() (ms) "
        "| export (ms) | disk per version (kB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        folder = root / f"size-{size}"
        journal = Journal(folder)
        fill(journal, "q-big", size)
        for other in range(29):  # the rest of a course's questions, one version each
            journal.save(f"q-{other:02d}", "A short answer.", prompt="Why?")
        text = "A new paragraph of the answer. " * 10
        save = timed(lambda n, journal=journal, text=text: journal.save("q-big", f"{n} {text}", prompt="Why?"), saves)
        get = timed(lambda n, journal=journal: journal.get("q-big"), 5)
        history = timed(lambda n, journal=journal: journal.history("q-big"), 3)
        answers = timed(lambda n, journal=journal: journal.answers(), 3)
        export = timed(lambda n, journal=journal: journal.export(), 3)
        per_version = disk_bytes(folder / "answers") / (size + saves + 29) / 1024
        print(
            f"| {size:,} | {ms(statistics.median(save))} | {ms(p95(save))} | {1 / statistics.mean(save):.0f} | "
            f"{ms(statistics.median(get))} | {ms(statistics.median(history))} | {ms(statistics.median(answers))} | "
            f"{ms(statistics.median(export))} | {per_version:.1f} |"
        )
        shutil.rmtree(folder)
    print()


def _kernel(folder: str, worker: int, saves: int, start_at: float, results: str) -> None:
    journal = Journal(folder)
    time.sleep(max(0.0, start_at - time.time()))
    durations, acknowledged = [], []
    for number in range(saves):
        question = "shared" if number % 2 else f"own-{worker}"
        text = f"answer {number} from kernel {worker}"
        start = time.perf_counter()
        journal.save(question, text, prompt="Why?")
        durations.append(time.perf_counter() - start)
        acknowledged.append([question, text])
    Path(results, f"{worker}.json").write_text(json.dumps({"durations": durations, "acknowledged": acknowledged}))


def bench_kernels(root: Path, kernel_counts: list[int], saves: int) -> None:
    print(
        f"### Kernels saving at once ({saves} saves each, half to one shared question; "
        "the journal holds a 2 MB answer)\n"
    )
    print(
        "| kernels | wall time (s) | saves/s, all kernels | save median (ms) | save p95 (ms) | acknowledged "
        "| missing afterwards |"
    )
    print("|---|---|---|---|---|---|---|")
    context = multiprocessing.get_context("fork")
    for count in kernel_counts:
        folder = root / f"kernels-{count}"
        results = root / f"results-{count}"
        results.mkdir(parents=True)
        folder.mkdir()
        (folder / "journal.json").write_text(
            json.dumps(
                {
                    "version": 1,
                    "answers": {"essay": [{"text": "A long essay. " * 150_000, "saved": "2025-01-01T00:00:00+00:00"}]},
                }
            )
        )
        start_at = time.time() + 0.5
        kernels = [
            context.Process(target=_kernel, args=(str(folder), k, saves, start_at, str(results))) for k in range(count)
        ]
        for kernel in kernels:
            kernel.start()
        for kernel in kernels:
            kernel.join()
        wall = time.time() - start_at
        durations, acknowledged = [], []
        for k in range(count):
            data = json.loads((results / f"{k}.json").read_text())
            durations += data["durations"]
            acknowledged += data["acknowledged"]
        journal = Journal(folder)
        histories = {q: {v["text"] for v in journal.history(q)} for q in {q for q, _ in acknowledged}}
        missing = sum(text not in histories[q] for q, text in acknowledged)
        print(
            f"| {count} | {wall:.2f} | {len(acknowledged) / wall:.0f} | {ms(statistics.median(durations))} | "
            f"{ms(p95(durations))} | {len(acknowledged)} | **{missing}** |"
        )
        shutil.rmtree(folder)
        shutil.rmtree(results)
    print()


def _save_until_killed(folder: str, question: str, descriptor: int) -> None:
    journal = Journal(folder)
    for number in range(10**9):
        journal.save(question, f"{question} #{number}" + (" words" * 40_000 if number % 3 == 0 else ""))
        os.write(descriptor, f"{question}\t{number}\n".encode())


def bench_kills(root: Path, rounds: int) -> None:
    folder = root / "kills"
    rng = random.Random(1937)
    context = multiprocessing.get_context("fork")
    acknowledged: dict[str, list[int]] = {}
    for round_ in range(rounds):
        read_end, write_end = os.pipe()
        kernels = [
            context.Process(target=_save_until_killed, args=(str(folder), f"r{round_}-k{k}", write_end))
            for k in range(2)
        ]
        for kernel in kernels:
            kernel.start()
        time.sleep(rng.uniform(0.02, 0.5))
        for kernel in kernels:
            assert kernel.pid is not None  # set by start()
            os.kill(kernel.pid, signal.SIGKILL)
            kernel.join()
        os.close(write_end)
        with os.fdopen(read_end) as acks:
            for line in acks:
                question, number = line.split("\t")
                acknowledged.setdefault(question, []).append(int(number))
    journal = Journal(folder)
    total = sum(len(numbers) for numbers in acknowledged.values())
    lost = 0
    for question, numbers in acknowledged.items():
        found = {int(v["text"].split("#")[1].split()[0]) for v in journal.history(question)}
        lost += len(set(numbers) - found)
    leftovers = len(list(folder.rglob(".tmp-*")))
    start = time.perf_counter()
    journal.save("r0-k0", "The next save, after all the kills.")
    after = time.perf_counter() - start
    print(f"### kill -9 ({rounds} rounds, 2 kernels each, killed at a random moment within 0.5 s)\n")
    print("| kills | saves acknowledged | lost | temporary files left (ignored; removed when 1 h old) | next save |")
    print("|---|---|---|---|---|")
    print(f"| {2 * rounds} | {total} | **{lost}** | {leftovers} | went through in {ms(after)} ms, no waiting |\n")
    shutil.rmtree(folder)


SESSION = r"""
import gc, json, os, sys, time
def rss():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
import purgelib
from purgelib.journal import Journal
folder, changes = sys.argv[1], int(sys.argv[2])
journal = Journal(folder)
boxes = [journal.ask(f"{n // 4 + 1:02d}-question-{n}", f"Question {n}: what do the sources say?") for n in range(40)]
gc.collect()
before = rss()[0]
start = time.perf_counter()
for change in range(changes):
    box = boxes[change % 40]
    box.answer_box.value = f"Draft {change}. " + "The evidence points both ways. " * (5 + change % 40)
    if change % 100 == 0:
        journal.answers()
    if change % 1000 == 0:
        journal.export()
journal.export()
elapsed = time.perf_counter() - start
gc.collect()
after, peak = rss()
print(json.dumps({"before": before, "after": after, "peak": peak, "elapsed": elapsed,
                  "versions": int(journal.answers()["versions"].sum())}))
"""


def bench_session(root: Path, changes: int) -> None:
    folder = root / "session"
    out = subprocess.run(
        [sys.executable, "-c", SESSION, str(folder), str(changes)], check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    print(f"### A learner's kernel after a long session (40 answer boxes, {changes:,} edits, each one a save)\n")
    print(
        "| RSS after imports and 40 boxes (MB) | RSS after the session (MB) | growth (MB) | peak RSS (MB) "
        "| time per edit (ms) | versions kept | journal on disk (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {data['before']:.0f} | {data['after']:.0f} | {data['after'] - data['before']:.1f} | {data['peak']:.0f} | "
        f"{ms(data['elapsed'] / changes)} | {data['versions']:,} | {disk_bytes(folder) / 2**20:.1f} |\n"
    )
    shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000, 100_000])
    parser.add_argument("--saves", type=int, default=200, help="measured saves per size")
    parser.add_argument("--kernels", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--kernel-saves", type=int, default=100)
    parser.add_argument("--kills", type=int, default=30, help="rounds of kill -9")
    parser.add_argument("--session", type=int, default=5000, help="edits in the long session")
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to build the journals (default: a temporary folder)"
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-journal-", dir=args.dir))
    try:
        print(f"Journals built in {root} ({os.cpu_count()} CPUs).\n")
        bench_sizes(root, args.sizes, args.saves)
        bench_kernels(root, args.kernels, args.kernel_saves)
        bench_kills(root, args.kills)
        bench_session(root, args.session)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
