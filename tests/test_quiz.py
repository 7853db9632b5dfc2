"""purgelib.quiz: deterministic feedback, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as widgets
import pytest

import purgelib.quiz as quiz


def test_right_and_wrong_answers_get_feedback():
    row = quiz.questions("00").iloc[0]
    right = quiz.check(row["question_id"], row["answer"])
    assert right.startswith("Correct.") and row["feedback"] in right
    wrong_letter = next(
        letter for letter in "abcd" if letter != row["answer"] and isinstance(row[f"option_{letter}"], str)
    )
    wrong = quiz.check(row["question_id"], wrong_letter.upper())
    assert wrong.startswith(f"Not quite: the answer is ({row['answer']})")


def test_the_same_answer_always_gets_the_same_feedback():
    assert quiz.check("00-readings", "a") == quiz.check("00-readings", "a")


def test_unknown_question_and_choice():
    with pytest.raises(ValueError, match="No question 'nope'"):
        quiz.check("nope", "a")
    with pytest.raises(ValueError, match=r"choose one of: a, b, c\.$"):
        quiz.check("00-archives", "d")
    with pytest.raises(ValueError, match="Notebooks with questions"):
        quiz.questions("99")


def test_every_question_has_its_answer_among_its_options():
    for row in quiz.questions().to_dict("records"):
        assert isinstance(row[f"option_{row['answer']}"], str), row["question_id"]


def test_the_widget_gives_feedback_and_asks_for_a_choice_first():
    check = quiz.SelfCheck("00")
    assert len(check.choices) == len(quiz.questions("00"))
    check.buttons[0].click()
    assert "Choose an answer first" in check.feedback[0].value
    check.choices[0].value = "d"
    check.buttons[0].click()
    assert check.feedback[0].value == f'<p role="status">{quiz.check("00-readings", "d")}</p>'


def test_a_blank_answer_asks_for_a_letter_and_gives_nothing_away():
    row = quiz.questions("00").iloc[0]
    for blank in ("", "  ", None):
        said = quiz.check(row["question_id"], blank)
        assert "Put the letter" in said
        assert row["feedback"] not in said and "Correct" not in said and "answer is" not in said


def test_wrong_types_are_named():
    with pytest.raises(TypeError, match="question_id must be one question's id"):
        quiz.check(["00-readings"], "a")
    with pytest.raises(TypeError, match="choice must be a letter"):
        quiz.check("00-readings", 1)


def test_no_stored_output_gives_an_answer_away():
    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if "purgelib.check(" not in "".join(cell["source"]):
                continue
            shown = json.dumps(cell.get("outputs", []))
            assert "Correct." not in shown and "the answer is" not in shown, (
                f"{path.name}: a stored check() output reveals the answer"
            )


def test_options_are_buttons_a_keyboard_can_reach_and_choosing_one_unchooses_the_rest():
    check = quiz.SelfCheck("04")
    choices = check.choices[2]
    assert all(isinstance(button, widgets.ToggleButton) for button in choices.buttons)
    choices.buttons[1].value = True
    assert choices.value == choices.options[1][1]
    choices.buttons[2].value = True
    assert choices.value == choices.options[2][1]
    assert [button.value for button in choices.buttons].count(True) == 1
    assert choices.buttons[2].description.endswith("(chosen)") and not choices.buttons[1].description.endswith(
        "(chosen)"
    )
    with pytest.raises(ValueError, match="not an option here; choose one of: a, b, c, d"):
        choices.value = "z"
