"""purgelib.Journal: answers are saved atomically, survive restarts, and are never lost."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys

import pytest

from purgelib.journal import Journal, JournalWarning


def test_save_and_get(tmp_path):
    journal = Journal(tmp_path)
    assert journal.get("q1") == ""
    journal.save("q1", "First thoughts.")
    assert journal.get("q1") == "First thoughts."
    journal.save("q1", "Better thoughts.")
    assert [v["text"] for v in journal.history("q1")] == ["First thoughts.", "Better thoughts."]


def test_saving_the_same_text_twice_keeps_one_version(tmp_path):
    journal = Journal(tmp_path)
    journal.save("q1", "Same.")
    journal.save("q1", "Same.")
    assert len(journal.history("q1")) == 1


def test_answers_survive_a_kernel_restart(tmp_path):
    code = f"from purgelib.journal import Journal; Journal({str(tmp_path)!r}).save('q-restart', 'Written in another process.')"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert Journal(tmp_path).get("q-restart") == "Written in another process."


def test_default_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PURGELIB_JOURNAL_DIR", str(tmp_path / "mine"))
    journal = Journal()
    journal.save("q1", "x")
    assert (tmp_path / "mine" / "journal.json").exists()


def _save_many(folder: str, worker: int) -> None:
    journal = Journal(folder)
    for number in range(15):
        journal.save(f"w{worker}-q{number}", f"answer {number} from worker {worker}")


def test_concurrent_saves_from_several_processes_all_survive(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(str(tmp_path), worker)) for worker in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    answers = Journal(tmp_path).answers()
    assert len(answers) == 4 * 15
    assert not (tmp_path / "journal.lock").exists()


def test_a_corrupt_journal_is_kept_and_the_backup_used(tmp_path):
    journal = Journal(tmp_path)
    journal.save("q1", "Kept answer.")
    journal.save("q2", "Latest answer.")
    (tmp_path / "journal.json").write_text('{"answers": {"q1": [{"te', encoding="utf-8")
    with pytest.warns(JournalWarning, match="could not be read"):
        recovered = journal.get("q1")
    assert recovered == "Kept answer."
    corrupt = list(tmp_path.glob("journal.corrupt-*.json"))
    assert len(corrupt) == 1 and corrupt[0].read_text(encoding="utf-8").startswith('{"answers"')
    journal.save("q3", "After the accident.")
    assert Journal(tmp_path).get("q3") == "After the accident."
    assert Journal(tmp_path).get("q1") == "Kept answer."


def test_a_missing_journal_with_a_backup_warns_and_recovers(tmp_path):
    journal = Journal(tmp_path)
    journal.save("q1", "One.")
    journal.save("q2", "Two.")
    (tmp_path / "journal.json").unlink()
    with pytest.warns(JournalWarning, match="missing"):
        assert journal.get("q1") == "One."


def test_the_file_is_plain_json(tmp_path):
    Journal(tmp_path).save("q1", "Plain.")
    data = json.loads((tmp_path / "journal.json").read_text(encoding="utf-8"))
    assert data["answers"]["q1"][0]["text"] == "Plain."


def test_export_to_markdown(tmp_path):
    journal = Journal(tmp_path)
    journal.save("08-argument", "Stalin drove it; the apparatus ran with it.")
    path = journal.export(tmp_path / "out" / "answers.md")
    text = path.read_text(encoding="utf-8")
    assert "## 08-argument" in text and "the apparatus ran with it" in text


def test_bad_input_is_named(tmp_path):
    journal = Journal(tmp_path)
    with pytest.raises(ValueError, match="question_id"):
        journal.save("", "text")
    with pytest.raises(TypeError, match="must be text"):
        journal.save("q1", 42)


def test_the_ask_widget_saves_on_change_and_reloads(tmp_path):
    journal = Journal(tmp_path)
    box = journal.ask("q-widget", "Why?")
    textarea = box.children[1]
    textarea.value = "Because of the archives."
    assert journal.get("q-widget") == "Because of the archives."
    assert Journal(tmp_path).ask("q-widget", "Why?").children[1].value == "Because of the archives."
