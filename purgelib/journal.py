"""The learner's journal: answers to open questions, saved so that none is ever lost.

Where it lives, and why
-----------------------
In ``~/.great-purges/journal.json`` (or the folder ``PURGELIB_JOURNAL_DIR``
names), outside the course's tracked files: updating the course with
``git pull`` or an nbgitpuller link never touches it, and it survives kernel
restarts.

How it keeps answers safe
-------------------------
- Every save appends a new version; earlier versions stay in the history.
- Writes are atomic (a temporary file, flushed to disk, then renamed over the
  journal), so a crash mid-write leaves the old journal whole.
- The last good journal is kept as ``journal.json.bak``. If the journal is
  unreadable, it is set aside as ``journal.corrupt-<time>.json`` (never
  deleted), the backup is used, and a warning says so.
- Saves from two kernels at once take turns through a lock file, and each
  re-reads the journal before writing, so neither overwrites the other.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import time
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import ipywidgets as widgets
import pandas as pd

__all__ = ["Journal", "JournalQuestion", "JournalWarning", "journal_dir"]

_FORMAT_VERSION = 1
_LOCK_TIMEOUT_S = 10.0


class JournalWarning(UserWarning):
    """Something went wrong with the journal file, and what was done about it."""


def journal_dir() -> Path:
    """The folder the journal is kept in (``PURGELIB_JOURNAL_DIR`` or ``~/.great-purges``)."""
    configured = os.environ.get("PURGELIB_JOURNAL_DIR")
    return Path(configured) if configured else Path.home() / ".great-purges"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Journal:
    """Saved answers to the course's open questions.

    Parameters
    ----------
    folder : path, optional
        Where to keep ``journal.json`` (default: :func:`journal_dir`).

    Examples
    --------
    >>> import tempfile
    >>> journal = Journal(tempfile.mkdtemp())
    >>> journal.save("01-civil-war", "The Civil War taught the Bolsheviks to rule by force.")
    >>> journal.get("01-civil-war")
    'The Civil War taught the Bolsheviks to rule by force.'
    >>> journal.save("01-civil-war", "A second, better answer.")
    >>> len(journal.history("01-civil-war"))
    2
    """

    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder is not None else journal_dir()
        self.path = self.folder / "journal.json"
        self._backup = self.folder / "journal.json.bak"
        self._lock = self.folder / "journal.lock"

    def __repr__(self) -> str:
        return f"Journal({str(self.folder)!r}: {len(self._read()['answers'])} question(s) answered)"

    # Reading and writing -------------------------------------------------

    def _parse(self, path: Path) -> dict[str, Any]:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise ValueError("not a journal (no 'answers')")
        return data

    def _read(self) -> dict[str, Any]:
        empty = {"version": _FORMAT_VERSION, "answers": {}}
        if not self.path.exists():
            if self._backup.exists():
                warnings.warn(f"The journal {self.path} is missing; using its backup {self._backup}.", JournalWarning, stacklevel=3)
                return self._parse(self._backup)
            return empty
        try:
            return self._parse(self.path)
        except (ValueError, UnicodeDecodeError) as error:
            kept = self.folder / f"journal.corrupt-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}.json"
            os.replace(self.path, kept)
            recovered = empty
            if self._backup.exists():
                try:
                    recovered = self._parse(self._backup)
                except (ValueError, UnicodeDecodeError):
                    pass
            warnings.warn(
                f"The journal {self.path} could not be read ({error}). It was kept as {kept.name} so nothing in it is lost; "
                f"the course continues from the last good copy ({len(recovered['answers'])} question(s)).",
                JournalWarning,
                stacklevel=3,
            )
            self._write(recovered)
            return recovered

    def _write(self, data: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".journal.{os.getpid()}.tmp"
        if self.path.exists():
            try:
                self._parse(self.path)
            except (ValueError, UnicodeDecodeError):
                pass
            else:
                # Copy, not move: a reader in another kernel must never find the journal missing.
                shutil.copyfile(self.path, temporary)
                os.replace(temporary, self._backup)
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + _LOCK_TIMEOUT_S
        while True:
            try:
                descriptor = os.open(self._lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                break
            except FileExistsError:
                if time.monotonic() > deadline:
                    # A lock older than the timeout was left by a kernel that died mid-save.
                    self._lock.unlink(missing_ok=True)
                    deadline = time.monotonic() + _LOCK_TIMEOUT_S
                time.sleep(0.01)
        try:
            yield
        finally:
            os.close(descriptor)
            self._lock.unlink(missing_ok=True)

    # Public face ---------------------------------------------------------

    def save(self, question_id: str, text: str) -> None:
        """Save an answer (a new version; earlier versions are kept)."""
        if not isinstance(question_id, str) or not question_id.strip():
            raise ValueError("question_id must be a non-empty string, e.g. '05-scale'.")
        if not isinstance(text, str):
            raise TypeError(f"An answer must be text (a str), not {type(text).__name__}.")
        with self._locked():
            data = self._read()
            versions = data["answers"].setdefault(question_id, [])
            if versions and versions[-1]["text"] == text:
                return
            versions.append({"text": text, "saved": _now()})
            self._write(data)

    def get(self, question_id: str, default: str = "") -> str:
        """The latest saved answer to ``question_id`` (``default`` if none)."""
        versions = self._read()["answers"].get(question_id, [])
        return versions[-1]["text"] if versions else default

    def history(self, question_id: str) -> list[dict[str, str]]:
        """Every saved version of an answer, oldest first (``text`` and ``saved`` time)."""
        return list(self._read()["answers"].get(question_id, []))

    def answers(self) -> pd.DataFrame:
        """The latest answer to every question: ``question_id``, ``answer``, ``saved``, ``versions``."""
        rows = [
            {"question_id": key, "answer": versions[-1]["text"], "saved": versions[-1]["saved"], "versions": len(versions)}
            for key, versions in sorted(self._read()["answers"].items())
            if versions
        ]
        return pd.DataFrame(rows, columns=["question_id", "answer", "saved", "versions"])

    def to_markdown(self, title: str = "My answers: The Great Purges course") -> str:
        """All latest answers as a Markdown document."""
        parts = [f"# {title}", ""]
        for row in self.answers().itertuples():
            parts += [f"## {row.question_id}", f"*Saved {row.saved}*", "", row.answer, ""]
        return "\n".join(parts)

    def export(self, path: str | os.PathLike | None = None) -> Path:
        """Write the answers to a Markdown file (default ``my-answers.md`` in the journal folder)."""
        target = Path(path) if path is not None else self.folder / "my-answers.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.to_markdown(), encoding="utf-8")
        return target

    def ask(self, question_id: str, prompt: str, *, rows: int = 6) -> "JournalQuestion":
        """A text box for an open question, filled with the saved answer, saved on every change.

        The answer is saved when the box loses focus and when *Save* is pressed.
        """
        box = widgets.Textarea(value=self.get(question_id), rows=rows, continuous_update=False,
                               placeholder="Write your answer here. It is saved when you click outside the box.",
                               layout=widgets.Layout(width="100%"))
        button = widgets.Button(description="Save", icon="save", tooltip="Save this answer to your journal")
        status = widgets.HTML()

        def store(_: Any = None) -> None:
            self.save(question_id, box.value)
            status.value = f"<small>Saved to your journal ({html.escape(str(self.path))}).</small>"

        box.observe(store, names="value")
        button.on_click(store)
        question = widgets.HTML(f"<p><b>{html.escape(prompt)}</b></p>")
        return JournalQuestion(question_id, [question, box, widgets.HBox([button, status])])


class JournalQuestion(widgets.VBox):
    """An open question's answer box; its text form never shows the learner's answer."""

    def __init__(self, question_id: str, children: list[widgets.Widget]):
        super().__init__(children)
        self.question_id = question_id

    def __repr__(self) -> str:
        return f"JournalQuestion({self.question_id!r})"
