"""purgelib.Journal: a save that returned is never lost, whatever other kernels, crashes and damage do.

The stress tests fork their worker processes (Linux): a forked child shares the already
imported pandas and ipywidgets, so eight "kernels" start in milliseconds, not in 20 s of
imports. Timings are never asserted; the benchmarks (benchmarks/bench_journal.py) report them.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import purgelib.journal as journal_module
from purgelib.journal import Journal, JournalQuestion, JournalWarning, journal_dir

fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the stress tests fork their kernels")


def version_files(folder: Path) -> list[Path]:
    """Every published version file of a journal (temporary files excluded)."""
    return sorted(path for path in (folder / "answers").glob("*/*.json") if not path.name.startswith("."))


def legacy_journal(folder: Path, answers: dict, prompts: dict | None = None) -> Path:
    """A journal.json as earlier course versions wrote it (format 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "answers": answers, **({"prompts": prompts} if prompts else {})}
    path = folder / "journal.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# Saving and reading ---------------------------------------------------------


def test_save_and_get(tmp_path):
    journal = Journal(tmp_path)
    assert journal.get("q1") == ""
    journal.save("q1", "First thoughts.")
    assert journal.get("q1") == "First thoughts."
    journal.save("q1", "Better thoughts.")
    assert [v["text"] for v in journal.history("q1")] == ["First thoughts.", "Better thoughts."]
    assert journal.answers().to_dict("records") == [
        {"question_id": "q1", "answer": "Better thoughts.", "saved": journal.history("q1")[-1]["saved"], "versions": 2}
    ]


def test_saving_the_same_text_twice_keeps_one_version(tmp_path):
    journal = Journal(tmp_path)
    journal.save("q1", "Same.")
    journal.save("q1", "Same.")
    assert len(journal.history("q1")) == 1
    journal.save("q1", "Other.")
    journal.save("q1", "Same.")  # back to an earlier text: that is a new version
    assert [v["text"] for v in journal.history("q1")] == ["Same.", "Other.", "Same."]
    assert journal.answers().loc[0, "versions"] == 3


def test_answers_survive_a_kernel_restart(tmp_path):
    code = (
        "from purgelib.journal import Journal; "
        f"Journal({str(tmp_path)!r}).save('q-restart', 'Written in another process.')"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert Journal(tmp_path).get("q-restart") == "Written in another process."


def test_default_folder_comes_from_the_environment_with_tilde_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PURGELIB_JOURNAL_DIR", "~/mine")
    assert journal_dir() == tmp_path / "mine"
    Journal().save("q1", "x")
    assert version_files(tmp_path / "mine") and not (tmp_path / "~").exists()
    assert Journal("~/mine").get("q1") == "x"
    monkeypatch.delenv("PURGELIB_JOURNAL_DIR")
    assert journal_dir() == tmp_path / ".great-purges"


def test_each_save_adds_one_plain_json_file_and_never_rewrites_another(tmp_path):
    journal = Journal(tmp_path)
    journal.save("q1", "Plain.", prompt="Why?")
    [first] = version_files(tmp_path)
    before = (first.stat().st_ino, first.stat().st_mtime_ns, first.read_bytes())
    journal.save("q1", "Second.")
    journal.save("q2", "Elsewhere.")
    assert len(version_files(tmp_path)) == 3
    assert (first.stat().st_ino, first.stat().st_mtime_ns, first.read_bytes()) == before
    data = json.loads(first.read_text(encoding="utf-8"))
    assert (data["question_id"], data["text"], data["prompt"]) == ("q1", "Plain.", "Why?")
    assert not list(tmp_path.rglob(".tmp-*"))


def test_a_save_reads_nothing_so_its_cost_does_not_grow_with_the_journal(tmp_path, monkeypatch):
    journal = Journal(tmp_path)
    legacy_journal(tmp_path, {"q1": [{"text": "old " * 1000, "saved": "2025-01-01T00:00:00+00:00"}]})
    journal.save("q1", "Warm-up: the folders exist.")

    def forbidden(*args, **kwargs):
        raise AssertionError("a save must not list folders or read the journal")

    for name in ("scandir", "listdir"):
        monkeypatch.setattr(os, name, forbidden)
    monkeypatch.setattr(json, "loads", forbidden)
    monkeypatch.setattr(time, "sleep", forbidden)  # nor wait for anything
    journal.save("q1", "Saved without reading a thing.")
    monkeypatch.undo()
    assert journal.get("q1") == "Saved without reading a thing."


def test_prompts_are_kept_with_the_answers(tmp_path):
    journal = Journal(tmp_path)
    assert journal.prompt("q1") == ""
    journal.save("q1", "An answer.", prompt="First wording?")
    journal.save("q1", "A later answer.")  # no prompt given: the last one stands
    assert journal.prompt("q1") == "First wording?"
    journal.save("q1", "A later answer.", prompt="Second wording?")
    assert journal.prompt("q1") == "Second wording?"
    assert len(journal.history("q1")) == 2


@pytest.mark.parametrize(
    "question_id", ["../outside", "/etc/passwd", "..\\..\\x", "a/../../b", "Q1", "Вопрос 1", "x" * 200]
)
def test_question_ids_cannot_reach_outside_the_journal(tmp_path, question_id):
    journal = Journal(tmp_path / "journal")
    journal.save(question_id, "Contained.")
    assert journal.get(question_id) == "Contained."
    assert journal.answers()["question_id"].tolist() == [question_id]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()) == [
        p.relative_to(tmp_path) for p in version_files(tmp_path / "journal")
    ]
    assert all(len(part) <= 80 for part in version_files(tmp_path / "journal")[0].relative_to(tmp_path).parts)


def test_ids_differing_only_in_case_are_different_questions(tmp_path):
    journal = Journal(tmp_path)
    journal.save("Q1", "Upper.")
    journal.save("q1", "Lower.")
    assert (journal.get("Q1"), journal.get("q1")) == ("Upper.", "Lower.")


@pytest.mark.parametrize("question_id", ["", "   ", "nul\x00byte", "two\nlines", "x" * 201, 42, None])
def test_bad_question_ids_are_named(tmp_path, question_id):
    with pytest.raises(ValueError, match="question_id"):
        Journal(tmp_path).save(question_id, "text")
    assert not (tmp_path / "answers").exists()


def test_bad_input_is_named(tmp_path):
    journal = Journal(tmp_path)
    with pytest.raises(TypeError, match="must be text"):
        journal.save("q1", 42)
    with pytest.raises(TypeError, match="prompt"):
        journal.save("q1", "text", prompt=3)


@pytest.mark.parametrize("prompt", [None, 3, ["Why?"]])
def test_ask_without_a_question_text_is_a_clear_type_error(tmp_path, prompt):
    with pytest.raises(TypeError, match="prompt"):
        Journal(tmp_path).ask("q", prompt)


def test_any_text_comes_back_exactly(tmp_path):
    journal = Journal(tmp_path)
    text = "Ежов\r\nline\ttab \x00 nul \ud800 lone surrogate 🙂 " + "<script>" * 3
    journal.save("q1", text)
    assert Journal(tmp_path).get("q1") == text
    assert "lone surrogate" in journal.export().read_text(encoding="utf-8")


# Several kernels at once, slow saves, kill -9 ------------------------------------


def _save_and_acknowledge(folder: str, worker: int, saves: int, slow: bool) -> None:
    """A kernel: saves to its own and to a shared question; writes down each save that returned."""
    rng = random.Random(worker)
    if slow:
        # Any lock a design might break after a timeout is made easy to break: a design that
        # robs a slow but live saver must lose saves here (this one has no lock at all).
        if hasattr(journal_module, "_LOCK_TIMEOUT_S"):
            journal_module._LOCK_TIMEOUT_S = 0.3
        real_fsync, stalls = os.fsync, [1.5] if worker == 0 else []

        def slow_fsync(descriptor: int) -> None:
            # Worker 0's first save stalls for 1.5 s while the others go on; every flush lags a little.
            time.sleep(stalls.pop() if stalls else rng.uniform(0, 0.02))
            real_fsync(descriptor)

        os.fsync = slow_fsync
    journal = Journal(folder)
    with open(Path(folder) / f"acks-{worker}.txt", "a", encoding="utf-8") as acks:
        for number in range(saves):
            question = "shared" if number % 2 else f"own-{worker}"
            text = f"answer {number} from worker {worker}"
            journal.save(question, text, prompt=f"Question {question}?")
            acks.write(f"{question}\t{text}\n")
            acks.flush()
            if number % 5 == 0:
                journal.get(question)  # kernels read while others write


def _run_kernels(folder: Path, workers: int, saves: int, slow: bool) -> None:
    context = multiprocessing.get_context("fork")
    kernels = [
        context.Process(target=_save_and_acknowledge, args=(str(folder), k, saves, slow)) for k in range(workers)
    ]
    for kernel in kernels:
        kernel.start()
    for kernel in kernels:
        kernel.join(120)
        assert kernel.exitcode == 0


def _check_every_acknowledged_save(folder: Path, workers: int, saves: int) -> None:
    journal = Journal(folder)
    acknowledged = [
        line.split("\t")
        for k in range(workers)
        for line in (folder / f"acks-{k}.txt").read_text(encoding="utf-8").splitlines()
    ]
    assert len(acknowledged) == workers * saves
    histories = {q: [v["text"] for v in journal.history(q)] for q in {q for q, _ in acknowledged}}
    missing = [(q, text) for q, text in acknowledged if text not in histories[q]]
    assert not missing, f"{len(missing)} acknowledged saves lost, e.g. {missing[:3]}"
    for worker in range(workers):  # each kernel's own answers in the order it saved them
        own = [text for q, text in acknowledged if q == f"own-{worker}"]
        assert histories[f"own-{worker}"][-len(own) :] == own
        assert journal.get(f"own-{worker}") == own[-1]
    assert len(histories["shared"]) == workers * saves // 2
    assert journal.prompt("shared") == "Question shared?"
    assert len(journal.answers()) == workers + 2  # own-0..own-n, shared, and the old journal's "big"
    assert not list(folder.rglob(".tmp-*")) and not list(folder.glob("*.lock"))


@fork
def test_eight_kernels_saving_at_once_to_a_large_journal_lose_nothing(tmp_path):
    legacy = legacy_journal(
        tmp_path, {"big": [{"text": "A long essay. " * 150_000, "saved": "2025-01-01T00:00:00+00:00"}]}
    )
    before = legacy.read_bytes()
    _run_kernels(tmp_path, workers=8, saves=40, slow=False)
    _check_every_acknowledged_save(tmp_path, workers=8, saves=40)
    assert legacy.read_bytes() == before and Journal(tmp_path).get("big").startswith("A long essay.")


@fork
def test_a_slow_save_does_not_let_another_kernel_overwrite_it(tmp_path):
    legacy_journal(tmp_path, {"big": [{"text": "A long essay. " * 50_000, "saved": "2025-01-01T00:00:00+00:00"}]})
    _run_kernels(tmp_path, workers=6, saves=16, slow=True)
    _check_every_acknowledged_save(tmp_path, workers=6, saves=16)


def _save_until_killed(folder: str, question: str, ack_descriptor: int) -> None:
    journal = Journal(folder)
    for number in range(1_000_000):
        # Every third answer is large, so that many kills land in the middle of writing one.
        journal.save(question, f"{question} #{number}" + (" words" * 40_000 if number % 3 == 0 else ""), prompt="Q?")
        os.write(ack_descriptor, f"{question}\t{number}\n".encode())  # one write below PIPE_BUF: atomic


@fork
def test_kill_9_at_random_moments_loses_no_acknowledged_save_and_blocks_nothing(tmp_path, monkeypatch):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    context = multiprocessing.get_context("fork")
    acknowledged: dict[str, list[int]] = {}
    for round_ in range(8):
        read_end, write_end = os.pipe()
        kernels = [
            context.Process(target=_save_until_killed, args=(str(tmp_path), f"r{round_}-k{k}", write_end))
            for k in range(2)
        ]
        for kernel in kernels:
            kernel.start()
        time.sleep(rng.uniform(0.02, 0.4))
        for kernel in kernels:
            os.kill(kernel.pid, signal.SIGKILL)
        for kernel in kernels:
            kernel.join(30)
            assert kernel.exitcode == -signal.SIGKILL
        os.close(write_end)
        with os.fdopen(read_end, encoding="utf-8") as acks:
            for line in acks:
                question, number = line.split("\t")
                acknowledged.setdefault(question, []).append(int(number))
    assert acknowledged, f"no save acknowledged at all (seed {seed})"
    journal = Journal(tmp_path)
    for question, numbers in acknowledged.items():
        saved = [int(v["text"].split("#")[1].split()[0]) for v in journal.history(question)]
        # Every acknowledged save is there, in order; at most one more (saved, killed before its ack).
        assert saved[: len(numbers)] == numbers == list(range(len(numbers))), f"seed {seed}"
        assert len(saved) <= len(numbers) + 1, f"seed {seed}"
    # Whatever the kills left behind, the next save neither waits nor fails.
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail(f"a save waited {seconds} s (seed {seed})"))
    journal.save("r0-k0", "After the kills.")
    assert Journal(tmp_path).get("r0-k0") == "After the kills."


@fork
def test_a_kernel_killed_mid_save_leaves_only_a_temporary_file_that_is_ignored_then_cleaned(tmp_path, monkeypatch):
    journal = Journal(tmp_path)
    journal.save("q1", "Safe.")

    def die_while_publishing() -> None:
        os.link = lambda *args: os._exit(9)  # killed after writing, before publishing
        Journal(tmp_path).save("q1", "Never acknowledged.")

    kernel = multiprocessing.get_context("fork").Process(target=die_while_publishing)
    kernel.start()
    kernel.join(30)
    assert kernel.exitcode == 9
    [temporary] = tmp_path.rglob(".tmp-*")
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a save waited"))
    assert journal.get("q1") == "Safe." and len(journal.history("q1")) == 1
    journal.save("q1", "Next save.")
    assert temporary.exists()  # still young: perhaps a slow save in progress
    os.utime(temporary, (time.time() - 7200, time.time() - 7200))
    assert journal.history("q1")[-1]["text"] == "Next save."
    assert not temporary.exists()


# Journals of earlier course versions -------------------------------------------


def test_a_journal_of_the_old_format_is_read_and_never_rewritten(tmp_path):
    legacy = legacy_journal(
        tmp_path,
        {
            "01-q": [
                {"text": "Old first.", "saved": "2025-03-01T10:00:00+00:00"},
                {"text": "Old second.", "saved": "2025-03-02T10:00:00+00:00"},
            ],
            "02-q": [{"text": "Only old.", "saved": "2025-03-01T11:00:00+00:00"}],
        },
        prompts={"01-q": "The first question?"},
    )
    backup = tmp_path / "journal.json.bak"
    backup.write_bytes(legacy.read_bytes())
    before = (legacy.read_bytes(), backup.read_bytes())
    journal = Journal(tmp_path)
    assert journal.get("01-q") == "Old second." and journal.prompt("01-q") == "The first question?"
    journal.save("01-q", "New third.")
    assert [v["text"] for v in journal.history("01-q")] == ["Old first.", "Old second.", "New third."]
    assert journal.history("01-q")[0]["saved"] == "2025-03-01T10:00:00+00:00"
    assert journal.answers().set_index("question_id")["versions"].to_dict() == {"01-q": 3, "02-q": 1}
    assert "## 01-q: The first question?" in journal.to_markdown() and "Only old." in journal.to_markdown()
    assert (legacy.read_bytes(), backup.read_bytes()) == before
    # A kernel still running the old code saves to journal.json later: that save is the latest.
    data = json.loads(legacy.read_text(encoding="utf-8"))
    data["answers"]["01-q"].append({"text": "From an old kernel.", "saved": "2999-01-01T00:00:00+00:00"})
    legacy.write_text(json.dumps(data), encoding="utf-8")
    assert journal.get("01-q") == "From an old kernel."


def test_a_corrupt_old_journal_is_set_aside_and_its_backup_used(tmp_path):
    legacy = legacy_journal(tmp_path, {"q1": [{"text": "Kept answer.", "saved": "2025-01-01T00:00:00+00:00"}]})
    backup = tmp_path / "journal.json.bak"
    legacy_bytes = legacy.read_bytes()
    backup.write_bytes(legacy_bytes)
    damaged = b'{"answers": {"q1": [{"te'
    legacy.write_bytes(damaged)
    with pytest.warns(JournalWarning, match="set aside"):
        assert Journal(tmp_path).get("q1") == "Kept answer."
    [kept] = tmp_path.glob("journal.corrupt-*.json")
    assert kept.read_bytes() == damaged and not legacy.exists()
    journal = Journal(tmp_path)
    journal.save("q3", "After the accident.")
    assert (journal.get("q3"), journal.get("q1")) == ("After the accident.", "Kept answer.")
    assert backup.read_bytes() == legacy_bytes


def test_when_the_old_journal_and_its_backup_are_both_corrupt_neither_is_overwritten(tmp_path):
    tmp_path.joinpath("journal.json").write_bytes(b"\x00\x00 half a journal")
    tmp_path.joinpath("journal.json.bak").write_bytes(b'{"answers": {"q1": "no list"}}')
    journal = Journal(tmp_path)
    with pytest.warns(JournalWarning) as caught:
        journal.save("q2", "The course goes on.")
        assert journal.get("q2") == "The course goes on."
    assert sum("set aside" in str(w.message) for w in caught) == 2
    kept = {path.read_bytes() for path in tmp_path.glob("journal.corrupt-*")}
    assert kept == {b"\x00\x00 half a journal", b'{"answers": {"q1": "no list"}}'}
    journal.save("q2", "And on.")
    assert {path.read_bytes() for path in tmp_path.glob("journal.corrupt-*")} == kept


@pytest.mark.parametrize(
    "content",
    [
        "[]",
        '"a string"',
        "42",
        "{}",
        '{"answers": []}',
        '{"answers": {"q1": "text"}}',
        '{"answers": {"q1": ["text"]}}',
        '{"answers": {"q1": [{"text": 5}]}}',
        '{"answers": {"q1": [{"saved": "x"}]}}',
        '{"answers": {"q1": [{"text": "t", "saved": 5}]}}',
        "[" * 100_000,
    ],
    ids=lambda content: content[:40],
)
def test_valid_json_of_another_shape_is_set_aside_not_a_type_error(tmp_path, content):
    tmp_path.joinpath("journal.json").write_text(content, encoding="utf-8")
    journal = Journal(tmp_path)
    with pytest.warns(JournalWarning, match="set aside"):
        assert journal.answers().empty
    [kept] = tmp_path.glob("journal.corrupt-*.json")
    assert kept.read_text(encoding="utf-8") == content
    journal.ask("q1", "Still works?").answer_box.value = "Yes."
    assert journal.get("q1") == "Yes."


def test_a_folder_in_place_of_the_old_journal_is_set_aside_with_its_content(tmp_path):
    tmp_path.joinpath("journal.json").mkdir()
    tmp_path.joinpath("journal.json", "inside.txt").write_text("Someone's file.", encoding="utf-8")
    journal = Journal(tmp_path)
    with pytest.warns(JournalWarning, match="is a folder"):
        question = journal.ask("q1", "Why?")
    question.answer_box.value = "Because."
    assert "Saved to your journal" in question.status.value and journal.get("q1") == "Because."
    [kept] = tmp_path.glob("journal.corrupt-*")
    assert kept.joinpath("inside.txt").read_text(encoding="utf-8") == "Someone's file."


def test_an_old_backup_alone_is_used_with_a_warning(tmp_path):
    legacy = legacy_journal(tmp_path, {"q1": [{"text": "One.", "saved": "2025-01-01T00:00:00+00:00"}]})
    legacy.rename(tmp_path / "journal.json.bak")
    with pytest.warns(JournalWarning, match="backup"):
        assert Journal(tmp_path).get("q1") == "One."


# Damage to the journal's own files ----------------------------------------------


def test_a_damaged_version_file_is_skipped_and_left_as_it_is(tmp_path):
    journal = Journal(tmp_path)
    journal.save("q1", "Good.")
    journal.save("q1", "Will be damaged.")
    damaged = version_files(tmp_path)[-1]
    damaged.write_bytes(b'{"question_id": "q1", "te')
    with pytest.warns(JournalWarning, match="could not be read"):
        assert journal.get("q1") == "Good."
    assert damaged.read_bytes() == b'{"question_id": "q1", "te'
    moved = damaged.parent.parent / "q2-folder"
    moved.mkdir()
    version_files(tmp_path)[0].rename(moved / version_files(tmp_path)[0].name)  # a file in the wrong folder
    with pytest.warns(JournalWarning, match="not a journal entry"):
        assert Journal(tmp_path).answers().empty


@pytest.mark.parametrize("where", ["answers", "question"])
def test_a_file_where_a_journal_folder_should_be_is_set_aside_and_the_save_goes_on(tmp_path, where):
    journal = Journal(tmp_path)
    journal.save("q0", "Before.")
    blocked = tmp_path / "answers"
    if where == "question":
        blocked = blocked / journal_module._folder_name("q1")
    else:
        (tmp_path / "answers").rename(tmp_path / "answers-moved")
    blocked.write_text("Not a folder.", encoding="utf-8")
    with pytest.warns(JournalWarning, match="set aside"):
        journal.save("q1", "After.")
    assert journal.get("q1") == "After."
    [kept] = blocked.parent.glob(f"{blocked.name}.not-a-folder-*")
    assert kept.read_text(encoding="utf-8") == "Not a folder."


# Failed saves: the box says so -------------------------------------------------


def test_the_ask_widget_saves_on_change_and_reloads(tmp_path):
    journal = Journal(tmp_path)
    question = journal.ask("q-widget", "Why?")
    assert repr(question) == "JournalQuestion('q-widget')" and isinstance(question, JournalQuestion)
    question.answer_box.value = "Because of the archives."
    assert journal.get("q-widget") == "Because of the archives."
    assert "Saved to your journal" in question.status.value
    question.save_button.click()  # Save pressed with nothing changed: saved, still one version
    assert "Saved to your journal" in question.status.value and len(journal.history("q-widget")) == 1
    assert Journal(tmp_path).ask("q-widget", "Why?").answer_box.value == "Because of the archives."


def test_the_box_says_not_saved_when_the_journal_folder_is_unusable_and_keeps_the_text(tmp_path):
    blocked = tmp_path / "journal"
    blocked.write_text("A file where the journal folder should be.", encoding="utf-8")
    journal = Journal(blocked)
    with pytest.warns(JournalWarning, match="could not be read"):
        question = journal.ask("q-fail", "Why?")  # reading an unusable journal does not stop the course
    question.answer_box.value = "An answer that cannot be saved."
    assert "Not saved" in question.status.value and "still in the box" in question.status.value
    assert "is a file, not a folder" in question.status.value
    assert "Saved to your journal" not in question.status.value
    assert question.answer_box.value == "An answer that cannot be saved."
    assert blocked.read_text(encoding="utf-8") == "A file where the journal folder should be."
    with pytest.raises(OSError, match="is a file"):
        journal.save("q-fail", "Again.")


@pytest.mark.parametrize("failing", ["write", "fsync", "link"])
def test_a_full_disk_is_reported_in_the_box_and_nothing_half_saved_is_left(tmp_path, monkeypatch, failing):
    journal = Journal(tmp_path)
    question = journal.ask("q1", "Why?")
    question.answer_box.value = "Saved before the disk filled."
    assert "Saved to your journal" in question.status.value

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        real_open = open

        class FullDisk:  # a file whose every write fails, as on a full disk or quota
            def __init__(self, *args, **kwargs):
                self.handle = real_open(*args, **kwargs)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            write = full

        monkeypatch.setattr(journal_module, "open", FullDisk, raising=False)
    else:
        monkeypatch.setattr(os, failing, full)
    question.answer_box.value = "Written while the disk was full."
    monkeypatch.undo()
    assert "Not saved" in question.status.value and "No space left on device" in question.status.value
    assert "still in the box" in question.status.value
    assert question.answer_box.value == "Written while the disk was full."
    assert journal.get("q1") == "Saved before the disk filled."
    assert not list(tmp_path.rglob(".tmp-*"))
    question.save_button.click()  # space again: the same text is saved
    assert "Saved to your journal" in question.status.value
    assert [v["text"] for v in journal.history("q1")] == [
        "Saved before the disk filled.",
        "Written while the disk was full.",
    ]


# The Markdown export ------------------------------------------------------------


HOSTILE = "It snowballed.\n## 99-fake\n```\n<script>alert(1)</script>\n    indented code\n===\n> quoted\n- [x] list"


def test_the_export_gives_each_question_its_text_and_cannot_be_forged(tmp_path):
    journal = Journal(tmp_path)
    journal.ask("08-thesis", "Your thesis: did Stalin plan the Terror?").answer_box.value = HOSTILE
    journal.save("08-counter", "The quotas.", prompt="The strongest counter-evidence?")
    exported = journal.export(tmp_path / "out.md").read_text(encoding="utf-8")
    headings = [line for line in exported.splitlines() if line.startswith("#")]
    assert headings == [
        "# My answers: The Great Purges course",
        "## 08-counter: The strongest counter-evidence?",
        "## 08-thesis: Your thesis: did Stalin plan the Terror?",
    ]
    assert "<script>" not in exported and "&lt;script&gt;" in exported
    assert "> \\`\\`\\`" not in exported and "> \\```" in exported
    assert exported.index("The quotas.") < exported.index("It snowballed.")


def test_the_export_opens_cleanly_in_a_markdown_viewer(tmp_path):
    markdown_it = pytest.importorskip("markdown_it")
    journal = Journal(tmp_path)
    journal.save("08-thesis", HOSTILE, prompt="Your thesis <b>now</b>? #")
    journal.save("08-counter", "```\nunclosed fence", prompt="Counter?")
    journal.save("08-zlast", "The last answer.", prompt="Last?")
    tokens = markdown_it.MarkdownIt("commonmark").parse(journal.export().read_text(encoding="utf-8"))
    headings = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    assert headings == [
        "My answers: The Great Purges course",
        "08-counter: Counter?",
        "08-thesis: Your thesis &lt;b&gt;now&lt;/b&gt;? \\#",
        "08-zlast: Last?",
    ]
    assert not [t.type for t in tokens if t.type in {"html_block", "html_inline", "fence", "code_block"}]
    assert not [c for t in tokens for c in (t.children or []) if c.type in {"html_inline", "code_inline"}]
    # Every paragraph of a learner's text sits inside a quote: none escapes into the document.
    depth, loose = 0, []
    for token in tokens:
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type == "inline" and depth == 0 and not token.content.startswith(("My answers", "08-", "*Saved")):
            loose.append(token.content)
    assert not loose
    assert "The last answer." in [t.content for t in tokens if t.type == "inline"]


def test_export_is_written_to_the_journal_folder_by_default(tmp_path):
    journal = Journal(tmp_path)
    journal.save("08-argument", "Stalin drove it; the apparatus ran with it.")
    path = journal.export()
    assert path == tmp_path / "my-answers.md"
    assert "## 08-argument" in path.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".tmp-*"))
