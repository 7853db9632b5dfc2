"""Self-check questions with feedback, from ``data/questions.csv``.

``check`` answers one question in plain text (the same every run, so a notebook
can show it and nbval can compare it); ``SelfCheck`` is the same as a widget.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from purgelib.data import load

__all__ = ["check", "questions", "SelfCheck"]

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
    table = load("questions").set_index("question_id", drop=False)
    if question_id not in table.index:
        raise ValueError(f"No question {question_id!r}. Use purgelib.quiz.questions() to list them.")
    return table.loc[question_id]


def check(question_id: str, choice: str) -> str:
    """Feedback on one answer: whether it is right, and why.

    Parameters
    ----------
    question_id : str
        The question (see :func:`questions`).
    choice : str
        The letter chosen: ``"a"``, ``"b"``, ...

    Examples
    --------
    >>> check("00-readings", "z")
    Traceback (most recent call last):
    ...
    ValueError: 'z' is not a choice for 00-readings; choose one of: a, b, c, d.
    """
    row = _question(question_id)
    options = _options(row)
    picked = str(choice).strip().lower()
    if picked not in options:
        raise ValueError(f"{choice!r} is not a choice for {question_id}; choose one of: {', '.join(options)}.")
    verdict = "Correct." if picked == row["answer"] else f"Not quite: the answer is ({row['answer']}) {options[row['answer']]}."
    return f"{verdict} {row['feedback']}"


class SelfCheck(widgets.VBox):
    """The self-check of one notebook: each question with its choices and a *Check* button.

    Examples
    --------
    >>> quiz = SelfCheck("00")
    >>> quiz.choices[0].value = quiz.choices[0].options[0][1]
    >>> quiz.buttons[0].click()
    >>> quiz.feedback[0].value.startswith("<p>")
    True
    """

    def __init__(self, notebook: str):
        super().__init__()
        self.table = questions(notebook)
        self.choices: list[widgets.RadioButtons] = []
        self.buttons: list[widgets.Button] = []
        self.feedback: list[widgets.HTML] = []
        blocks = []
        for number, row in enumerate(self.table.to_dict("records"), start=1):
            options = _options(row)
            choice = widgets.RadioButtons(options=[(f"({k}) {v}", k) for k, v in options.items()], value=None,
                                          layout=widgets.Layout(width="auto"))
            button = widgets.Button(description="Check", tooltip="Check your answer")
            feedback = widgets.HTML()
            button.on_click(self._checker(row["question_id"], choice, feedback))
            self.choices.append(choice)
            self.buttons.append(button)
            self.feedback.append(feedback)
            prompt = widgets.HTML(f"<p><b>{number}. {html.escape(row['prompt'])}</b></p>")
            blocks.append(widgets.VBox([prompt, choice, button, feedback]))
        self.children = blocks
        self.add_class("purgelib-selfcheck")

    def __repr__(self) -> str:
        return f"SelfCheck({len(self.table)} questions)"

    @staticmethod
    def _checker(question_id: str, choice: widgets.RadioButtons, feedback: widgets.HTML):
        def on_click(_: widgets.Button) -> None:
            if choice.value is None:
                feedback.value = "<p>Choose an answer first.</p>"
            else:
                feedback.value = f"<p>{html.escape(check(question_id, choice.value))}</p>"

        return on_click
