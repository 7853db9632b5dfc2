"""The course's look in JupyterLab: one small stylesheet that every widget of the course carries.

ipywidgets' own CSS is made for short labels: a radio option is one line
high, so a long option wraps onto the next one; a control's description is
cut at 80 px. The rules here are scoped to the course's widgets (classes
``purgelib-*``) so that nothing else in a learner's JupyterLab changes, and
they follow JupyterLab's theme variables, so a dark theme keeps its contrast.

The stylesheet travels as a ``<style>`` element inside an ``HTML`` widget:
a widget's HTML is set as it is, so the rules apply wherever the widget is
shown (JupyterLab, Notebook 7, VS Code), with no extension and no network.
"""

from __future__ import annotations

import ipywidgets as widgets

__all__ = ["STYLESHEET", "stylesheet"]

STYLESHEET = """
.purgelib-selfcheck .widget-radio-box { width: 100%; }
.purgelib-selfcheck .widget-radio-box label {
  height: auto; line-height: 1.45; white-space: normal; overflow: visible;
  display: flex; align-items: flex-start; gap: 0.5em; margin: 0 0 0.45em 0; padding: 0;
}
.purgelib-selfcheck .widget-radio-box input[type="radio"] { order: -1; flex: none; margin: 0.25em 0 0 0; }
.purgelib-selfcheck .widget-html-content, .purgelib-journal .widget-html-content { line-height: 1.45; }
.purgelib-selfcheck .purgelib-feedback p { margin: 0.3em 0 0.8em 0; }
.purgelib-selfcheck .purgelib-question { margin-bottom: 1.2em; }
"""


def stylesheet() -> widgets.HTML:
    """An invisible widget that carries the course's CSS; put it first among a widget's children.

    Examples
    --------
    >>> "<style>" in stylesheet().value
    True
    """
    return widgets.HTML(f"<style>{STYLESHEET}</style>", layout=widgets.Layout(display="none"))
