"""Explorer latency: a control's value change until the chart and table are updated.

    python benchmarks/bench_explorers.py [--repeat 15] [--scales 1 10 100]

For each explorer and each control, sets the control to one value and back, over and over,
timing each change (the callback filters, fills the chart's Vega-Lite template with the data
and the values that change, hands it to the Output widget, and writes the table). Runs on the course data (1x) and on
synthetic data made to the same schema at 10x and 100x (every row copied with new ids and
shifted dates). Reports median and p95 in milliseconds, and how they grow with the data.
Targets: median <= 10 ms at 1x, <= 100 ms at 100x. What the browser then takes: bench_browser.py.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

import purgelib
from purgelib.explanations import ExplanationsExplorer
from purgelib.reader import SourceReader
from purgelib.timeline import TimelineExplorer
from purgelib.victims import VictimsExplorer


def copies(frame: pd.DataFrame, key: str, times: int, date_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """``times`` copies of ``frame``, each with new ids and its dates moved by a few days."""
    parts = []
    for number in range(times):
        part = frame.copy()
        if number:
            part[key] = part[key] + f"-copy{number}"
            for column in date_columns:
                part[column] = part[column] + pd.Timedelta(days=number % 28)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def timings(change: Callable[[Any], None], values: tuple[Any, Any], repeat: int) -> list[float]:
    found = []
    for step in range(repeat * 2):
        start = time.perf_counter()
        change(values[step % 2])
        found.append((time.perf_counter() - start) * 1000)
    return found


def setter(control) -> Callable[[Any], None]:
    return lambda value: setattr(control, "value", value)


def cases(scale: int) -> list[tuple[str, str, Callable[[Any], None], tuple[Any, Any]]]:
    events = copies(purgelib.load("events"), "event_id", scale, ("date", "end_date"))
    figures = copies(purgelib.load("victims"), "figure_id", scale)
    evidence = copies(purgelib.load("evidence"), "evidence_id", scale)
    timeline = TimelineExplorer(events)
    victims = VictimsExplorer(figures)
    explanations = ExplanationsExplorer(evidence)
    reader = SourceReader("getty-naumov-1999")
    all_themes = timeline.themes.value
    first_event = events.sort_values("date")["event_id"].iloc[len(events) // 2]
    timeline.event.value = ""
    found = [
        ("timeline", "years", setter(timeline.years), ((1936, 1938), (1917, 1991))),
        ("timeline", "zoom", setter(timeline.zoom), ("months", "years")),
        ("timeline", "themes", setter(timeline.themes), (("police", "trials"), all_themes)),
        ("timeline", "person", setter(timeline.person), ("Yezhov", "")),
        ("timeline", "reading", setter(timeline.reading), ("lovestone-1937", "any")),
        ("timeline", "text", setter(timeline.text), ("trial", "")),
        ("victims", "category", setter(victims.category), (("order-00447",), victims.category.value)),
        ("victims", "measure", setter(victims.measure), (("executed",), victims.measure.value)),
        ("victims", "basis", setter(victims.basis), (("archival-count",), victims.basis.value)),
        ("victims", "period", setter(victims.period), ((1937, 1938), victims.period.value)),
        ("victims", "scale", setter(victims.scale), ("day", "total")),
        ("victims", "axis", setter(victims.axis), ("log", "linear")),
        (
            "explanations",
            "explanations",
            setter(explanations.explanations),
            (explanations.explanations.value[:3], explanations.explanations.value),
        ),
        ("explanations", "weight (passages)", setter(explanations.weights["passage"]), (0.0, 1.0)),
        ("explanations", "reading weight", setter(next(iter(explanations.reading_weights.values()))), (2.0, 1.0)),
        ("reader", "reading", setter(reader.reading), ("lovestone-1937", "getty-naumov-1999")),
    ]
    if scale == 1:
        found.append(("timeline", "event", setter(timeline.event), (first_event, "")))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    options = parser.parse_args()
    results: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
    for scale in options.scales:
        for explorer, control, change, values in cases(scale):
            measured = timings(change, values, options.repeat)
            p95 = statistics.quantiles(measured, n=20)[18]
            results.setdefault((explorer, control), {})[scale] = (statistics.median(measured), p95)
    print(f"# Explorer latency (ms; median / p95 of {options.repeat * 2} changes)\n")
    header = " | ".join(f"{s}x" for s in options.scales)
    print(f"| explorer | control | {header} | growth {options.scales[0]}x→{options.scales[-1]}x |")
    print("|---|---|" + "---|" * len(options.scales) + "---|")
    for (explorer, control), by_scale in results.items():
        cells = " | ".join(
            f"{by_scale[s][0]:.0f} / {by_scale[s][1]:.0f}" if s in by_scale else "–" for s in options.scales
        )
        first, last = by_scale.get(options.scales[0]), by_scale.get(options.scales[-1])
        growth = f"{last[0] / first[0]:.1f}x" if first and last and first[0] else "–"
        print(f"| {explorer} | {control} | {cells} | {growth} |")


if __name__ == "__main__":
    main()
