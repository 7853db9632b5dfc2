"""The learner's journal: answers to open questions, saved so that none is ever lost.

Where it lives
--------------
In ``~/.great-purges/`` (or the folder ``PURGELIB_JOURNAL_DIR`` names; a
leading ``~`` is expanded), outside the course's tracked files: updating the
course with ``git pull`` or an nbgitpuller link never touches it, and it
survives kernel restarts.

How answers are kept
--------------------
Every save adds one small file, and nothing ever rewrites or deletes a saved
one::

    ~/.great-purges/
        answers/
            08-thesis-2b26829ab8aec25c/                    one folder per question
                01764000000123456789-4242-a1b2c3d4-9e8d7c6b5a4f3e2d-p.json
                ...                                        one file per saved version
        journal.json                                       an older course version's journal, read only
        my-answers.md                                      written by Journal.export()

A save writes its version to a temporary name in the question's folder,
flushes it to disk (``fsync``), then publishes it under its final, unique name
with ``os.link``, which never replaces an existing file (``os.rename`` where
the file system has no hard links), and flushes the folder. Consequences:

- **No lock, so none to break or to leave behind.** Kernels saving at once
  write different files; none waits for another, and a kernel killed mid-save
  leaves at most a hidden ``.tmp-*`` file, which readers ignore and a later
  read removes once it is an hour old.
- **A save that returned is on disk and stays there.** Versions are only ever
  added; a published version file is never modified, renamed or deleted.
- **Bounded cost.** A save touches only its own new file, however large the
  journal grows; reading one question lists only that question's folder.
- **Order.** The file name starts with the save's time in nanoseconds, so the
  latest version is the last name. Saving the same text again adds a file but
  not a version: consecutive identical texts (the name carries a hash of the
  text) count as one version in :meth:`Journal.history`. Deciding this when
  reading, not when saving, means two kernels can never race over it.
- **Question ids** become folder names only through a lowercase slug plus a
  hash of the id, so ``../x``, ``/``, ``\\``, case differences and very long
  ids cannot reach outside the journal or collide.

Why files, not SQLite
---------------------
On a JupyterHub the home folder is often on NFS. SQLite relies on POSIX
advisory (``fcntl``) locks, which its authors document as broken on many NFS
implementations: "You should avoid putting SQLite database files on NFS if
multiple processes might try to access the file at the same time"
(https://www.sqlite.org/faq.html#q5; "How To Corrupt An SQLite Database
File", section 2, https://www.sqlite.org/howtocorrupt.html), and its WAL mode
does not work over a network file system at all. Two kernels could then both
write, and corrupt the one database that holds every answer. Creating a new
file and linking it into place needs no lock and is atomic on NFS (the server
does it), and the worst a failure can damage is the one version being saved.
The price is one small file per version (4 kB of disk each on ext4) and reads
that list a question's folder; ``benchmarks/bench_journal.py`` measures both.

On NFS a folder listing may be cached for a few seconds, so a save made on
another machine can take that long to appear in a reader there; it is never
lost. Versions are ordered by the saving machine's clock.

Journals from earlier versions of the course
--------------------------------------------
Earlier versions kept every answer in ``journal.json`` (with a backup
``journal.json.bak``). That file is read as the base of the history, merged
with the new versions by save time, and never written: kernels still running
the old code can go on using it and nothing is lost. If it cannot be read
(damaged, another shape, a folder in its place), it is set aside as
``journal.corrupt-<time>-<random>.json``, unchanged, a :class:`JournalWarning`
says so, the backup is used if it is sound, and the course goes on.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import json
import os
import re
import secrets
import threading
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import ipywidgets as widgets
import pandas as pd

from purgelib.style import stylesheet

__all__ = ["Journal", "JournalError", "JournalQuestion", "JournalWarning", "journal_dir"]

_FORMAT = 2  # journal.json of earlier course versions was format 1
_ANSWERS = "answers"
_TEMP_PREFIX = ".tmp-"
_STALE_TEMP_S = 3600.0  # a temporary file this old belongs to a save that died; a live save takes milliseconds
_MAX_ID_LENGTH = 200
# <time ns, 20 digits>-<pid>-<random>-<hash of the text>-<a: answer only | p: with the question's text>.json
_VERSION_NAME = re.compile(r"^(\d{20})-(\d{1,10})-([0-9a-f]{8})-([0-9a-f]{16})-([ap])\.json$")
# Errors with which os.link says "this file system has no hard links" (FAT, some SMB and FUSE mounts).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}


class JournalWarning(UserWarning):
    """Something was wrong with the journal's files, and what was done about it."""


class JournalError(OSError):
    """A save or export that failed: the folder or file, and the reason, in words a learner can act on.

    It is an ``OSError``, so code that catches those catches it too.
    """

    def __str__(self) -> str:
        return str(self.strerror)


def journal_dir() -> Path:
    """The folder the journal is kept in: ``PURGELIB_JOURNAL_DIR`` if set, else ``~/.great-purges``.

    Examples
    --------
    >>> journal_dir().is_absolute()  # "~/notes" in PURGELIB_JOURNAL_DIR is the folder notes in your home
    True
    """
    configured = os.environ.get("PURGELIB_JOURNAL_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".great-purges"


def _path(value: Any, argument: str) -> Path:
    """A path given as text or a path object, with ``~`` expanded; anything else is named in a TypeError."""
    if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
        raise TypeError(f"{argument} must be a path such as '~/great-purges' (text or a Path), not {value!r}.")
    return Path(value).expanduser()


# Markdown ---------------------------------------------------------------


def _markdown_line(text: str) -> str:
    """One line of Markdown from any text: HTML escaped, line breaks and leading marks made plain."""
    line = _escape_markdown(" ".join(str(text).split()))
    # A heading's trailing '#'s would be taken as its closing sequence and dropped.
    return line[:-1] + "\\#" if line.endswith("#") else line


def _escape_markdown(line: str) -> str:
    escaped = html.escape(line, quote=False)
    # A line that starts like a heading, list, quote or fence is written as plain text.
    return "\\" + escaped if escaped[:1] in "#>-+*=`~|" and escaped else escaped


def _quoted(text: str) -> str:
    """The learner's text as a Markdown block quote, one quoted line per line of text."""
    return "\n".join(f"> {_escape_markdown(line.strip())}".rstrip() for line in text.splitlines() or [""])


# Names, times and small file-system helpers ---------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(ns: int) -> str:
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat(timespec="seconds")


_clock_lock = threading.Lock()
_last_ns = 0


def _next_ns() -> int:
    """The wall-clock time in ns, strictly increasing within this process (two quick saves never tie)."""
    global _last_ns
    with _clock_lock:
        _last_ns = max(time.time_ns(), _last_ns + 1)
        return _last_ns


def _digest(text: str) -> str:
    # surrogatepass: a lone surrogate (possible in text from a browser) must not make a save fail.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _check_id(question_id: Any) -> str:
    if not isinstance(question_id, str) or not question_id.strip():
        raise ValueError("question_id must be a non-empty string, e.g. '05-scale'.")
    if len(question_id) > _MAX_ID_LENGTH or not question_id.isprintable():
        raise ValueError(
            f"question_id must be at most {_MAX_ID_LENGTH} printable characters "
            f"(no line breaks or control characters), e.g. '05-scale'; got {question_id[:40]!r}."
        )
    return question_id


def _folder_name(question_id: str) -> str:
    """The folder of a question: a readable slug plus a hash of the exact id.

    The slug keeps only ``a-z0-9-``, so no id can name a path outside the
    journal or a reserved name; the hash keeps ids that differ only in case or
    punctuation apart, on case-insensitive file systems too.

    >>> _folder_name("08-thesis")
    '08-thesis-2b26829ab8aec25c'
    >>> _folder_name("../../etc/passwd")
    'etc-passwd-3754d6cb3a38e118'
    >>> _folder_name("Q1") != _folder_name("q1")
    True
    """
    slug = re.sub(r"[^a-z0-9]+", "-", question_id.lower()).strip("-")[:40].rstrip("-") or "q"
    return f"{slug}-{_digest(question_id)}"


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so a new file's name survives a power cut."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # Windows cannot open a folder; its file systems order this themselves
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the file itself was flushed
    finally:
        os.close(descriptor)


def _publish(temporary: Path, final: Path) -> None:
    """Give a flushed temporary file its final name, never replacing an existing file."""
    try:
        os.link(temporary, final)
    except FileExistsError:
        # NFS can answer "exists" to a retried link that did succeed: then both names are one file.
        if not (final.exists() and os.path.samefile(temporary, final)):
            raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here. The final name is unique (time, pid, random), so rename replaces nothing.
        try:
            os.rename(temporary, final)
        except FileNotFoundError:
            # NFS can answer "no such file" to a retried rename that did succeed.
            if not final.exists():
                raise


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    """Warn about a damaged file once per kernel, not at every answer box that reads it."""
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, JournalWarning, stacklevel=4)


def _parse_legacy(raw: bytes) -> dict[str, Any]:
    """A format-1 journal (``{"answers": {id: [{"text", "saved"}, ...]}, "prompts": {...}}``), checked.

    Raises ValueError saying what is wrong, so the file can be set aside with a reason.
    """
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise ValueError("is nested too deeply to be a journal") from None
    except ValueError as error:
        raise ValueError(f"is not readable JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ValueError("is JSON of another shape, not a journal (no 'answers' object)")
    answers: dict[str, list[dict[str, str]]] = {}
    for question_id, versions in data["answers"].items():
        if not isinstance(versions, list) or not all(
            isinstance(version, dict)
            and isinstance(version.get("text"), str)
            and isinstance(version.get("saved", ""), str)
            for version in versions
        ):
            raise ValueError(f"is JSON of another shape: the answer {question_id!r} is not a list of saved texts")
        answers[question_id] = [{"text": v["text"], "saved": v.get("saved", "")} for v in versions]
    prompts = data.get("prompts")
    prompts = {k: v for k, v in prompts.items() if isinstance(v, str)} if isinstance(prompts, dict) else {}
    return {"answers": answers, "prompts": prompts}


class _Version(NamedTuple):
    """One saved version: a file of the new format, or an entry of an old ``journal.json``.

    A plain tuple holding the path as a str: building a Path or a dataclass for each of a
    question's versions made listing a long history several times slower.
    """

    key: tuple[int, str]  # (save time in ns, tie-break): the history's order
    digest: str  # hash of the text: equal consecutive texts are one version
    has_prompt: bool
    path: str | None = None  # the version's file (None: from journal.json)
    text: str | None = None  # the text, for journal.json entries
    saved: str | None = None  # the save time as written in journal.json

    @property
    def saved_at(self) -> str:
        return self.saved if self.saved is not None else _iso(self.key[0])


def _legacy_versions(versions: list[dict[str, str]]) -> list[_Version]:
    result, previous = [], 0
    for version in versions:
        try:
            ns = int(datetime.fromisoformat(version["saved"]).timestamp() * 1e9)
        except (ValueError, OverflowError, OSError):
            ns = 0
        # Keep the file's own order, even where a time is missing or out of order.
        previous = max(ns, previous + 1)
        result.append(
            _Version((previous, ""), _digest(version["text"]), False, None, version["text"], version["saved"])
        )
    return result


def _runs(versions: list[_Version]) -> list[list[_Version]]:
    """Consecutive versions with the same text, grouped: each group is one version of the answer."""
    runs: list[list[_Version]] = []
    for version in versions:
        if runs and runs[-1][-1].digest == version.digest:
            runs[-1].append(version)
        else:
            runs.append([version])
    return runs


class Journal:
    """Saved answers to the course's open questions.

    Parameters
    ----------
    folder : path, optional
        The journal's folder (default: :func:`journal_dir`); ``~`` is expanded.

    Attributes
    ----------
    folder : Path
        The journal's folder.
    path : Path
        The folder of saved versions (``answers/`` in ``folder``).
    legacy_path : Path
        ``journal.json`` of earlier course versions, read but never written.

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
    >>> journal.answers()[["question_id", "versions"]]
         question_id  versions
    0  01-civil-war         2
    """

    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = _path(folder, "folder") if folder is not None else journal_dir()
        self.path = self.folder / _ANSWERS
        self.legacy_path = self.folder / "journal.json"
        self._legacy_backup = self.folder / "journal.json.bak"
        self._legacy_cache: tuple[Any, dict[str, Any]] | None = None

    def __repr__(self) -> str:
        return f"Journal({str(self.folder)!r}: {len(self._summaries())} question(s) answered)"

    # Journals of earlier course versions (read only) -------------------------

    def _legacy(self) -> dict[str, Any]:
        """The old ``journal.json`` (or its backup), parsed once per change of the file."""
        key = (_stat_key(self.legacy_path), _stat_key(self._legacy_backup))
        if self._legacy_cache is not None and self._legacy_cache[0] == key:
            return self._legacy_cache[1]
        data = self._read_legacy(self.legacy_path)
        if data is None:
            data = self._read_legacy(self._legacy_backup)
            if data is not None:
                _warn_once(
                    f"The journal file {self.legacy_path} is missing or was set aside; your earlier answers "
                    f"are read from its backup {self._legacy_backup.name}."
                )
        data = data or {"answers": {}, "prompts": {}}
        # Stat again: a file set aside above changes the key, and must not be read again.
        self._legacy_cache = ((_stat_key(self.legacy_path), _stat_key(self._legacy_backup)), data)
        return data

    def _read_legacy(self, path: Path) -> dict[str, Any] | None:
        """A sound old journal file's content; ``None`` if it is missing or had to be set aside."""
        if path.is_dir():
            problem = "is a folder, not a journal file"
        else:
            try:
                raw = path.read_bytes()
            except (FileNotFoundError, NotADirectoryError):
                return None  # no such file (NotADirectoryError: the journal "folder" is a file)
            except OSError as error:
                # Perhaps passing (a network hiccup): leave the file where it is and read it next time.
                _warn_once(f"The journal file {path} could not be read now ({error}); it was left as it is.")
                return None
            try:
                return _parse_legacy(raw)
            except ValueError as error:
                problem = str(error)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        suffix = ".bak.json" if path.name.endswith(".bak") else ".json"
        kept = self.folder / f"journal.corrupt-{stamp}-{secrets.token_hex(4)}{suffix}"
        try:
            os.rename(path, kept)  # a fresh random name: nothing is replaced, nothing deleted
        except FileNotFoundError:
            return None  # another kernel set it aside first, and warned
        except OSError as error:
            _warn_once(f"The journal file {path} {problem}, and could not be set aside ({error}); it is ignored.")
            return None
        warnings.warn(
            f"The journal file {path} {problem}. It was set aside, unchanged, as {kept.name}, so nothing "
            "in it is lost (an instructor can recover it by hand). The course continues with your other answers.",
            JournalWarning,
            stacklevel=4,
        )
        return None

    # Reading the versions -------------------------------------------------

    def _listing(self, folder: Path) -> list[os.DirEntry]:
        try:
            with os.scandir(folder) as entries:
                return list(entries)
        except FileNotFoundError:
            return []
        except OSError as error:
            _warn_once(f"The journal folder {folder} could not be read ({error}); answers in it are not shown.")
            return []

    def _scan(self, folder: Path) -> list[_Version]:
        """The version files of one question's folder, oldest first, without reading them."""
        versions, match = [], _VERSION_NAME.match
        for entry in self._listing(folder):
            found = match(entry.name)
            if found:
                versions.append(_Version((int(found[1]), entry.name), found[4], found[5] == "p", entry.path))
            elif entry.name.startswith(_TEMP_PREFIX):
                self._remove_if_stale(Path(entry.path))
        versions.sort()  # by key first: names are unique, so no two keys are equal
        return versions

    @staticmethod
    def _remove_if_stale(temporary: Path) -> None:
        # An old temporary file is a save that died before it was acknowledged (or after its
        # version was published under its own name): removing it loses nothing that was saved.
        try:
            if time.time() - temporary.stat().st_mtime > _STALE_TEMP_S:
                temporary.unlink()
        except OSError:
            pass

    def _versions(self, question_id: str) -> list[_Version]:
        legacy = _legacy_versions(self._legacy()["answers"].get(question_id, []))
        versions = self._scan(self.path / _folder_name(question_id))
        return sorted(legacy + versions) if legacy else versions

    def _load(self, version: _Version) -> dict[str, Any] | None:
        """A version's ``question_id``, ``text`` and ``prompt``; ``None`` (with a warning) if unreadable."""
        if version.path is None:
            return {"text": version.text, "prompt": None}
        try:
            with open(version.path, "rb") as handle:
                data = json.loads(handle.read())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as error:
            _warn_once(f"A saved version {version.path} could not be read ({error}); it was left as it is and skipped.")
            return None
        if not (
            isinstance(data, dict)
            and isinstance(data.get("question_id"), str)
            and isinstance(data.get("text"), str)
            and isinstance(data.get("prompt"), (str, type(None)))
            and _folder_name(data["question_id"]) == os.path.basename(os.path.dirname(version.path))
        ):
            _warn_once(f"A saved version {version.path} is not a journal entry; it was left as it is and skipped.")
            return None
        return data

    def _latest(self, versions: list[_Version]) -> tuple[dict[str, Any], _Version] | None:
        for version in reversed(versions):
            data = self._load(version)
            if data is not None:
                return data, version
        return None

    def _prompt(self, question_id: str, versions: list[_Version]) -> str:
        for version in reversed(versions):
            if version.has_prompt:
                data = self._load(version)
                if data is not None and data["prompt"] is not None:
                    return data["prompt"]
        return self._legacy()["prompts"].get(question_id, "")

    def _summaries(self, with_prompts: bool = False) -> list[dict[str, Any]]:
        """Every answered question: id, latest text, when it was saved, number of versions (and prompt)."""
        legacy = self._legacy()
        folders = {entry.name: Path(entry.path) for entry in self._listing(self.path) if entry.is_dir()}
        rows = []
        for question_id in legacy["answers"]:
            rows.append((question_id, self._versions(question_id)))
            folders.pop(_folder_name(question_id), None)
        for folder in folders.values():
            rows.append((None, self._scan(folder)))
        summaries = []
        for question_id, versions in rows:
            latest = self._latest(versions)
            if latest is None:
                continue
            data, version = latest
            question_id = question_id or data["question_id"]
            runs = _runs(versions[: versions.index(version) + 1])
            summary = {
                "question_id": question_id,
                "answer": data["text"],
                "saved": runs[-1][0].saved_at,
                "versions": len(runs),
            }
            if with_prompts:
                summary["prompt"] = self._prompt(question_id, versions)
            summaries.append(summary)
        return sorted(summaries, key=lambda summary: summary["question_id"])

    # Saving ---------------------------------------------------------------

    def _own_folder(self, folder: Path) -> None:
        """Make sure a folder of the journal exists; something else in its place is set aside."""
        try:
            folder.mkdir()
        except FileExistsError:
            if folder.is_dir():
                return
            kept = folder.with_name(f"{folder.name}.not-a-folder-{datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}")
            try:
                os.rename(folder, kept)  # a fresh random name: nothing is replaced, nothing deleted
            except FileNotFoundError:
                pass  # another kernel set it aside first, and warned
            else:
                warnings.warn(
                    f"{folder} should be a folder of your journal but was a file; it was set aside, unchanged, "
                    f"as {kept.name}, and the journal goes on in a new folder.",
                    JournalWarning,
                    stacklevel=4,
                )
            folder.mkdir(exist_ok=True)
        _fsync_folder(folder.parent)

    def save(self, question_id: str, text: str, *, prompt: str | None = None) -> None:
        """Save an answer as a new version; earlier versions are kept.

        When this returns, the version is on disk (flushed, and its name
        flushed into the folder); if it cannot be saved, an ``OSError`` says
        why and nothing else in the journal is touched.

        Parameters
        ----------
        question_id : str
            The question, e.g. ``"05-scale"`` (at most 200 printable characters).
        text : str
            The answer.
        prompt : str, optional
            The question's text, kept with the answer for the export.

        Examples
        --------
        >>> import tempfile
        >>> journal = Journal(tempfile.mkdtemp())
        >>> journal.save("05-scale", "Hundreds of thousands.", prompt="How many?")
        >>> journal.save("05-scale", "Hundreds of thousands.")  # the same text again: still one version
        >>> journal.history("05-scale")[0]["text"], journal.prompt("05-scale")
        ('Hundreds of thousands.', 'How many?')
        """
        _check_id(question_id)
        if not isinstance(text, str):
            raise TypeError(f"An answer must be text (a str), not {type(text).__name__}.")
        if prompt is not None and not isinstance(prompt, str):
            raise TypeError(f"A question's prompt must be text (a str), not {type(prompt).__name__}.")
        try:
            self._write_version(question_id, text, prompt)
        except OSError as error:
            if isinstance(error, JournalError):
                raise
            reason = error.strerror or str(error)
            raise JournalError(
                error.errno, f"the journal folder {self.folder} cannot be written ({reason}); nothing in it was changed"
            ) from error

    def _write_version(self, question_id: str, text: str, prompt: str | None) -> None:
        """Publish one new version file of an answer (see :meth:`save`)."""
        try:
            self.folder.mkdir(parents=True)
        except FileExistsError:
            if not self.folder.is_dir():  # not ours to set aside: the learner may have named any file
                raise JournalError(
                    errno.ENOTDIR,
                    f"the journal folder {self.folder} is a file, not a folder, so nothing can be saved there",
                ) from None
        else:
            _fsync_folder(self.folder.parent)
        self._own_folder(self.path)
        folder = self.path / _folder_name(question_id)
        self._own_folder(folder)
        ns = _next_ns()
        name = f"{ns:020d}-{os.getpid()}-{secrets.token_hex(4)}-{_digest(text)}-{'a' if prompt is None else 'p'}.json"
        record = {"format": _FORMAT, "question_id": question_id, "text": text, "saved": _iso(ns), "prompt": prompt}
        # ASCII escapes: any str (even a lone surrogate) is stored and read back exactly.
        payload = (json.dumps(record, ensure_ascii=True, indent=1) + "\n").encode("ascii")
        final, temporary = folder / name, folder / (_TEMP_PREFIX + name)
        try:
            with open(temporary, "xb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            # A full disk or quota often shows only at fsync or close, above: then nothing is published.
            _publish(temporary, final)
        finally:
            # If unlinking fails, the file was never created, or is left for the stale-file cleanup;
            # the save's own error says more.
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # once published, the version lives on under its final name
        _fsync_folder(folder)

    # Public reading -------------------------------------------------------

    def get(self, question_id: str, default: str = "") -> str:
        """The latest saved answer to ``question_id`` (``default`` if none)."""
        latest = self._latest(self._versions(_check_id(question_id)))
        return latest[0]["text"] if latest else default

    def history(self, question_id: str) -> list[dict[str, str]]:
        """Every version of an answer, oldest first: ``text`` and ``saved`` (UTC, ISO 8601).

        Saving the same text again does not make a new version.
        """
        history = []
        for run in _runs(self._versions(_check_id(question_id))):
            for version in run:  # the first readable file of the run
                data = self._load(version)
                if data is not None:
                    history.append({"text": data["text"], "saved": version.saved_at})
                    break
        return history

    def prompt(self, question_id: str) -> str:
        """The text of a question as it was asked when its answer was last saved with it ("" if never)."""
        return self._prompt(question_id, self._versions(_check_id(question_id)))

    def answers(self) -> pd.DataFrame:
        """The latest answer to every question: ``question_id``, ``answer``, ``saved``, ``versions``."""
        return pd.DataFrame(self._summaries(), columns=["question_id", "answer", "saved", "versions"])

    def to_markdown(self, title: str = "My answers: The Great Purges course") -> str:
        r"""All latest answers as a Markdown document: each question's text, then the answer.

        The learner's text is quoted line by line and its HTML escaped, so an
        answer can neither open a section of its own, nor swallow the answers
        after it with an unclosed code fence, nor carry a script.

        Examples
        --------
        >>> import tempfile
        >>> journal = Journal(tempfile.mkdtemp())
        >>> journal.save("08-thesis", "It snowballed.\n## 99-fake <b>", prompt="Your thesis?")
        >>> print(journal.to_markdown().split("## ", 1)[1])  # doctest: +ELLIPSIS
        08-thesis: Your thesis?
        <BLANKLINE>
        *Saved ...*
        <BLANKLINE>
        > It snowballed.
        > \## 99-fake &lt;b&gt;
        <BLANKLINE>
        """
        if not isinstance(title, str):
            raise TypeError(f"title must be text (a str), not {type(title).__name__}.")
        parts = [f"# {_markdown_line(title)}", ""]
        for row in self._summaries(with_prompts=True):
            heading = f"{row['question_id']}: {row['prompt']}" if row["prompt"] else row["question_id"]
            parts += [
                f"## {_markdown_line(heading)}",
                "",
                f"*Saved {_markdown_line(row['saved'])}*",
                "",
                _quoted(row["answer"]),
                "",
            ]
        return "\n".join(parts)

    def export(self, path: str | os.PathLike | None = None) -> Path:
        """Write the answers to a Markdown file (default ``my-answers.md`` in the journal folder).

        The file is replaced whole (written aside, then renamed), so a crash
        never leaves half an export.
        """
        target = _path(path, "path") if path is not None else self.folder / "my-answers.md"
        if target.is_dir():
            raise JournalError(
                errno.EISDIR, f"{target} is a folder; give export() a file name such as '{target / 'my-answers.md'}'"
            )
        markdown = self.to_markdown()
        temporary = target.with_name(f"{_TEMP_PREFIX}{target.name}.{os.getpid()}-{secrets.token_hex(4)}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # errors="replace": a lone surrogate in an answer must not stop the export (it stays in the journal).
            with open(temporary, "w", encoding="utf-8", errors="replace") as handle:
                handle.write(markdown)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as error:
            raise JournalError(
                error.errno,
                f"the answers could not be exported to {target} ({error.strerror or error}); your journal is unchanged",
            ) from error
        finally:
            with contextlib.suppress(OSError):  # never written, or already renamed: the error above says more
                temporary.unlink()
        return target

    def ask(self, question_id: str, prompt: str, *, rows: int = 6) -> JournalQuestion:
        """A text box for an open question, filled with the saved answer, saved on every change.

        The answer is saved when the box loses focus and when *Save* is
        pressed; the line beside *Save* says whether it was saved, and if not,
        why, and that the text is still in the box.

        Examples
        --------
        >>> import tempfile
        >>> box = Journal(tempfile.mkdtemp()).ask("00-expectations", "What do you expect?")
        >>> box
        JournalQuestion('00-expectations')
        >>> box.answer_box.value = "Show trials."
        >>> "Saved to your journal" in box.status.value
        True
        """
        _check_id(question_id)
        if not isinstance(prompt, str):
            raise TypeError(f"ask() needs the question's text as prompt (a str), not {type(prompt).__name__}.")
        if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
            raise ValueError(f"rows is the height of the answer box in lines: a whole number from 1, not {rows!r}.")
        box = widgets.Textarea(
            value=self.get(question_id),
            rows=rows,
            continuous_update=False,
            placeholder="Write your answer here. It is saved when you click outside the box.",
            layout=widgets.Layout(width="100%"),
        )
        button = widgets.Button(description="Save", icon="save", tooltip="Save this answer to your journal")
        status = widgets.HTML()

        def store(_: Any = None) -> None:
            try:
                self.save(question_id, box.value, prompt=prompt)
            except (OSError, ValueError, TypeError) as error:
                status.value = (
                    f'<small role="alert"><b>Not saved</b>: {html.escape(str(error))}. '
                    "Your text is still in the box; copy it somewhere safe before you close the notebook.</small>"
                )
            else:
                status.value = (
                    f'<small role="status">Saved to your journal ({html.escape(str(self.folder))}) '
                    f"at {_now()[11:19]} UTC.</small>"
                )

        box.observe(store, names="value")
        button.on_click(store)
        question = widgets.HTML(f"<p><b>{html.escape(prompt)}</b></p>")
        return JournalQuestion(question_id, question, box, button, status)


class JournalQuestion(widgets.VBox):
    """An open question's answer box; its text form never shows the learner's answer.

    ``answer_box``, ``save_button`` and ``status`` are the parts a learner uses
    (the status line says whether the last save worked).
    """

    def __init__(
        self,
        question_id: str,
        question: widgets.HTML,
        answer_box: widgets.Textarea,
        save_button: widgets.Button,
        status: widgets.HTML,
    ):
        super().__init__([stylesheet(), question, answer_box, widgets.HBox([save_button, status])])
        self.question_id = question_id
        self.answer_box = answer_box
        self.save_button = save_button
        self.status = status
        self.add_class("purgelib-journal")

    def __repr__(self) -> str:
        return f"JournalQuestion({self.question_id!r})"
