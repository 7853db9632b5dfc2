"""Self-check questions with feedback, from ``data/questions.csv``.

``check`` answers one question in plain text (the same every run, so a notebook
can show it and nbval can compare it); ``SelfCheck`` is the same as a widget.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from purgelib.data import load
from purgelib.style import stylesheet

__all__ = ["check", "questions", "Choices", "SelfCheck"]

_LETTERS = ("a", "b", "c", "d")


def questions(notebook: str | None = None) -> pd.DataFrame:
    """The self-check questions, all or those of one notebook (``"05"``).

    Examples
    --------
    >>> set(questions("00")["notebook"])
    {'00'}
    """
    table = load("questions")
    if notebook is None:
        return table
    notebooks = sorted(set(table["notebook"]))
    if notebook not in notebooks:
        raise ValueError(f"No questions for notebook {notebook!r}. Notebooks with questions: {', '.join(notebooks)}.")
    return table[table["notebook"] == notebook].reset_index(drop=True)


def _options(row: Any) -> dict[str, str]:
    return {letter: row[f"option_{letter}"] for letter in _LETTERS if isinstance(row[f"option_{letter}"], str)}


def _question(question_id: str) -> pd.Series:
    if not isinstance(question_id, str):
        raise TypeError(
            f"question_id must be one question's id as text, such as '00-readings', not {type(question_id).__name__}."
        )
    table = load("questions").set_index("question_id", drop=False)
    if question_id not in table.index:
        raise ValueError(f"No question {question_id!r}. Use purgelib.quiz.questions() to list them.")
    return table.loc[question_id]


def check(question_id: str, choice: str | None = None) -> str:
    """Feedback on one answer: whether it is right, and why.

    Without a choice it says how to answer and gives nothing away, so a
    notebook can store the cell's output without revealing the answer.

    Parameters
    ----------
    question_id : str
        The question (see :func:`questions`).
    choice : str, optional
        The letter chosen: ``"a"``, ``"b"``, ...

    Examples
    --------
    >>> check("00-readings", "")
    'Put the letter of your answer (a, b, c or d) between the quotes and run the cell again.'
    >>> check("00-readings", "z")
    Traceback (most recent call last):
    ...
    ValueError: 'z' is not a choice for 00-readings; choose one of: a, b, c, d.
    """
    row = _question(question_id)
    options = _options(row)
    letters = ", ".join(options)
    if choice is not None and not isinstance(choice, str):
        raise TypeError(
            f"choice must be a letter as text, such as 'b', not {type(choice).__name__}; choose one of: {letters}."
        )
    picked = (choice or "").strip().lower()
    if not picked:
        return (
            f"Put the letter of your answer ({letters.rsplit(', ', 1)[0]} or {list(options)[-1]}) "
            "between the quotes and run the cell again."
        )
    if picked not in options:
        raise ValueError(f"{choice!r} is not a choice for {question_id}; choose one of: {', '.join(options)}.")
    verdict = (
        "Correct."
        if picked == row["answer"]
        else f"Not quite: the answer is ({row['answer']}) {options[row['answer']]}."
    )
    return f"{verdict} {row['feedback']}"


class Choices(widgets.VBox):
    """One question's options as a column of buttons; ``value`` is the letter chosen (or None).

    Radio buttons would be the usual control, but JupyterLab takes their arrow
    keys for its own notebook commands (ipywidgets issue 3912), so a learner on
    the keyboard could not move between them. A button per option is reached
    with Tab and chosen with Space or Enter; the chosen one is marked, in its
    look and in its name ("chosen"), so a screen reader says which it is.

    Examples
    --------
    >>> choices = Choices([("(a) Yes", "a"), ("(b) No", "b")])
    >>> choices.value = "b"
    >>> [button.value for button in choices.buttons], choices.buttons[1].description
    ([False, True], '(b) No (chosen)')
    """

    value = traitlets.Unicode(None, allow_none=True)

    def __init__(self, options: list[tuple[str, str]]):
        self.options = list(options)
        self.buttons = [
            widgets.ToggleButton(description=text, value=False, layout=widgets.Layout(width="100%", height="auto"))
            for text, _ in self.options
        ]
        super().__init__(self.buttons)
        for button, (_, letter) in zip(self.buttons, self.options, strict=True):
            button.add_class("purgelib-option")
            button.observe(self._pressed(letter), names="value")
        self.add_class("purgelib-choices")

    def _pressed(self, letter: str):
        def on_change(change: dict[str, Any]) -> None:
            if change["new"]:
                self.value = letter
            elif self.value == letter:
                self.value = None

        return on_change

    @traitlets.validate("value")
    def _known(self, proposal: dict[str, Any]) -> str | None:
        letters = [letter for _, letter in self.options]
        if proposal["value"] is not None and proposal["value"] not in letters:
            raise ValueError(f"{proposal['value']!r} is not an option here; choose one of: {', '.join(letters)}.")
        return proposal["value"]

    @traitlets.observe("value")
    def _show(self, change: dict[str, Any]) -> None:
        for button, (text, letter) in zip(self.buttons, self.options, strict=True):
            chosen = letter == change["new"]
            button.value = chosen
            button.description = f"{text} (chosen)" if chosen else text


class SelfCheck(widgets.VBox):
    """The self-check of one notebook: each question with its choices and a *Check* button.

    Examples
    --------
    >>> quiz = SelfCheck("00")
    >>> quiz.choices[0].value = quiz.choices[0].options[0][1]
    >>> quiz.buttons[0].click()
    >>> quiz.feedback[0].value.startswith('<p role="status">')
    True
    """

    def __init__(self, notebook: str):
        super().__init__()
        self.table = questions(notebook)
        self.choices: list[Choices] = []
        self.buttons: list[widgets.Button] = []
        self.feedback: list[widgets.HTML] = []
        blocks = []
        for number, row in enumerate(self.table.to_dict("records"), start=1):
            options = _options(row)
            choice = Choices([(f"({k}) {v}", k) for k, v in options.items()])
            button = widgets.Button(description="Check answer", tooltip=f"Check your answer to question {number}")
            feedback = widgets.HTML()
            button.on_click(self._checker(row["question_id"], choice, feedback))
            self.choices.append(choice)
            self.buttons.append(button)
            self.feedback.append(feedback)
            prompt = widgets.HTML(f"<p><b>{number}. {html.escape(row['prompt'])}</b></p>")
            block = widgets.VBox([prompt, choice, button, feedback])
            block.add_class("purgelib-question")
            feedback.add_class("purgelib-feedback")
            blocks.append(block)
        self.children = [stylesheet(), *blocks]
        self.add_class("purgelib-selfcheck")

    def __repr__(self) -> str:
        return f"SelfCheck({len(self.table)} questions)"

    @staticmethod
    def _checker(question_id: str, choice: Choices, feedback: widgets.HTML):
        def on_click(_: widgets.Button) -> None:
            if choice.value is None:
                feedback.value = '<p role="status">Choose an answer first.</p>'
            else:
                feedback.value = f'<p role="status">{html.escape(check(question_id, choice.value))}</p>'

        return on_click
