"""Build the course site: ``python3 course.py site`` runs this in the course's environment.

    .venv/bin/python site/build.py [--out build/site]

Jupyter Book 1 builds the site from the outputs stored in the notebooks (it runs no code), in
three steps:

1. copy what the site shows into ``<out>/source/``, in the repository's layout so that every
   relative link keeps working: this folder's configuration and home page, the nine notebooks,
   the instructor guide, the data dictionary (``data/README.md``) with the data files it links
   to, and the README beside the home page (which includes its introduction and course map). In the copied
   notebooks each widget output, which shows nothing without a kernel (no widget state is
   stored), becomes a note: an explorer's says how to launch it live, an answer box's repeats
   its exercise, and a self-check's lists its questions with the answers folded away;
2. write the glossary page from ``data/glossary.csv`` and the charts' script: vega, vega-lite
   and vega-embed (``vl_convert.javascript_bundle()``, the Vega-Lite version Altair writes)
   with ``charts.js``, one file served by the site itself;
3. run ``jupyter-book build``; the site is ``<out>/_build/html/`` (open ``index.html``).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import altair
import vl_convert

import purgelib
import purgelib.quiz

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LAUNCH = (
    "To use it, open this lesson on Binder (the rocket button at the top of the page), run "
    "`python3 course.py open` in a copy of the course, or open the four explorers without code "
    "with `python3 course.py app`."
)
# What stands for each kind of widget on the site, by the class name its text/plain output starts with.
EXPLORERS = {
    "TimelineExplorer": "the timeline explorer",
    "VictimsExplorer": "the victims explorer",
    "ExplanationsExplorer": "the explanations explorer",
    "SourceReader": "the source reader",
}


def admonition(title: str, body: str) -> str:
    return f"```{{admonition}} {title}\n:class: note purgelib-live-note\n{body}\n```\n"


def explorer_note(kind: str) -> str:
    return admonition(
        f"Live explorer: {EXPLORERS[kind]}",
        f"In a running notebook {EXPLORERS[kind]} is here, with its controls. On this page the figure or "
        f"table after it shows what it draws. {LAUNCH}",
    )


def question_note(question: str) -> str:
    return admonition(
        "Exercise",
        f"{question}\n\nIn a running notebook you write your answer here, and it is saved in your journal "
        "(notebook 00 shows how; notebook 08 exports it).",
    )


def quiz_note(notebook: str) -> str:
    """The self-check of ``notebook`` ("05") on a page: each question and its options, the answer folded away."""
    lines = [
        admonition(
            "Self-check",
            "In a running notebook each answer you choose is checked at once. "
            "Here, choose yours, then open the answer.",
        )
    ]
    for number, row in enumerate(purgelib.quiz.questions(notebook).itertuples(), 1):
        options = [
            f"- ({letter}) {getattr(row, f'option_{letter}')}"
            for letter in "abcd"
            if isinstance(getattr(row, f"option_{letter}"), str)
        ]
        lines += [
            f"**{number}. {row.prompt}**",
            "",
            *options,
            "",
            f"```{{dropdown}} Answer to question {number}",
            f"({row.answer}) {row.feedback}",
            "```",
            "",
        ]
    return "\n".join(lines)


def asked_questions(source: str) -> list[str]:
    """The questions a code cell asks with ``journal.ask(question_id, question)``, in order."""
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "ask"
    ]
    calls.sort(key=lambda call: (call.lineno, call.col_offset))
    return [call.args[1].value for call in calls if len(call.args) > 1 and isinstance(call.args[1], ast.Constant)]


def widget_note(kind: str, notebook: str, questions: list[str]) -> str | None:
    """The MyST that replaces a widget's output on the site; ``None`` for a widget the site does not know.

    ``questions`` are the cell's journal questions not yet placed; an answer box takes the first.
    """
    if kind in EXPLORERS:
        return explorer_note(kind)
    if kind == "JournalQuestion" and questions:
        return question_note(questions.pop(0))
    if kind == "SelfCheck":
        return quiz_note(notebook)
    return None


def notebook_for_the_site(source: Path, target: Path) -> int:
    """Copy a notebook, each widget output replaced by its note; the number of widgets replaced."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    replaced = 0
    for cell in notebook["cells"]:
        questions = asked_questions("".join(cell["source"])) if cell["cell_type"] == "code" else []
        for index, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            text = "".join(data.get("text/plain", ""))
            kind = re.match(r"\W*(\w*)", text).group(1)
            note = widget_note(kind, source.name[:2], questions)
            if note is None:
                sys.exit(f"{source.name}: a widget the site has no note for: {text!r}")
            cell["outputs"][index] = {"output_type": "display_data", "data": {"text/markdown": note}, "metadata": {}}
            replaced += 1
    target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    return replaced


def glossary_page() -> str:
    """The glossary as a MyST page: every term of data/glossary.csv, A to Z, with its other names and sources."""
    terms = purgelib.load("glossary").sort_values("term", key=lambda names: names.str.casefold())
    lines = [
        "# Glossary",
        "",
        "The words the readings and the lessons use, from the course's table",
        "[`data/glossary.csv`](data/glossary.csv); each definition cites its sources",
        "(see the [data dictionary](data/README.md)).",
        "",
    ]
    for term in terms.itertuples():
        also = f" *Also:* {', '.join(term.aliases)}." if term.aliases else ""
        lines += [
            f"({term.term_id})=",
            f"{term.term}",
            f": {term.definition}{also} *Sources:* {purgelib.cite(term.source_ids)}.",
            "",
        ]
    return "\n".join(lines)


def charts_script() -> str:
    """vega, vega-lite (the version Altair writes) and vega-embed with the site's drawing script, as one script."""
    version = re.match(r"v(\d+\.\d+)", altair.SCHEMA_VERSION).group(1)
    bundle = vl_convert.javascript_bundle((HERE / "charts.js").read_text(encoding="utf-8"), vl_version=version)
    # In a function of its own, the bundle's thousands of top-level names cannot clash with the theme's scripts.
    return f"(function () {{\n{bundle}\n}})();\n"


def stage(source: Path) -> None:
    """Copy and write everything the site is built from into ``source``."""
    shutil.copytree(HERE, source, ignore=shutil.ignore_patterns("build.py", "charts.js", "course.css", "__pycache__"))
    (source / "notebooks").mkdir()
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook_for_the_site(notebook, source / "notebooks" / notebook.name)
    shutil.copy2(ROOT / "notebooks" / "instructor_guide.md", source / "notebooks")
    shutil.copytree(ROOT / "data", source / "data")
    # In the course map the home page takes from the README, each lesson is named by its title, not its file name.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (source / "README.md").write_text(
        re.sub(r"\[`(\d\d_\w+)`\]\((notebooks/\1\.ipynb)\)", r"[](\2)", readme), encoding="utf-8"
    )
    (source / "glossary.md").write_text(glossary_page(), encoding="utf-8")
    static = source / "_static"
    static.mkdir()
    shutil.copy2(HERE / "course.css", static)
    (static / "vega-charts.js").write_text(charts_script(), encoding="utf-8")


def build(out: Path) -> Path:
    """Build the site into ``out``; the folder of its HTML."""
    if out.exists():
        shutil.rmtree(out)
    source = out / "source"
    stage(source)
    # -W: a broken cross-reference or a notebook the site cannot read fails the build, instead of a missing page.
    # Jupyter Book's command line, run by this Python (its `jupyter-book` script may not be on PATH).
    jupyter_book = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"
    command = [
        sys.executable,
        "-c",
        jupyter_book,
        "build",
        str(source),
        "--path-output",
        str(out),
        "--warningiserror",
        "--keep-going",
    ]
    subprocess.run(command, check=True)
    html = out / "_build" / "html"
    # The theme's source maps (a third of the site) serve only its developers' debugger.
    for source_map in (html / "_static").rglob("*.map"):
        source_map.unlink()
    return html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "site", help="folder to build into (emptied first)"
    )
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    try:
        html = build(arguments.out.resolve())
    except subprocess.CalledProcessError:
        print("The site did not build: Jupyter Book's messages above say why.", file=sys.stderr)
        return 1
    size = sum(path.stat().st_size for path in html.rglob("*") if path.is_file())
    print(
        f"Built the course site in {time.monotonic() - started:.1f} s ({size / 1e6:.1f} MB): open {html / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
