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
/* vega-tooltip's keys are #808080 on white (3.95:1); AA asks 4.5:1 for text. */
#vg-tooltip-element.vg-tooltip table tr td.key { color: #595959; }
.purgelib-selfcheck .purgelib-choices { width: 100%; gap: 0.35em; }
.purgelib-selfcheck .purgelib-option {
  height: auto; min-height: var(--jp-widgets-inline-height); white-space: normal; text-align: left;
  line-height: 1.45; padding: 0.3em 0.7em; overflow: visible; box-sizing: border-box; max-width: 100%;
  background: var(--jp-layout-color2); color: var(--jp-ui-font-color1); border: 1px solid var(--jp-border-color1);
}
.purgelib-selfcheck .purgelib-option.mod-active {
  background: var(--jp-brand-color1); color: var(--jp-ui-inverse-font-color1); border-color: var(--jp-brand-color1);
}
.purgelib-selfcheck .purgelib-option:focus-visible { outline: 2px solid var(--jp-brand-color1); outline-offset: 2px; }
.purgelib-selfcheck .widget-html-content, .purgelib-journal .widget-html-content { line-height: 1.45; }
.purgelib-selfcheck .purgelib-feedback p { margin: 0.3em 0 0.8em 0; }
.purgelib-selfcheck .purgelib-question { margin-bottom: 1.2em; }
/* explorers */
.purgelib-explorer .widget-html-content { line-height: 1.45; }
.purgelib-explorer h4 { margin: 0.3em 0; }
.purgelib-explorer .purgelib-chart .vega-embed { display: block; max-width: 100%; }
.purgelib-explorer .purgelib-chart svg.marks { max-width: 100%; height: auto; }
.purgelib-explorer .purgelib-scroll {
  max-height: 420px; overflow: auto; border: 1px solid var(--jp-border-color2); padding: 0 0.4em; margin: 0.3em 0;
}
.purgelib-explorer .purgelib-scroll-short { max-height: 300px; }
/* Its links are long texts: a lower box leaves the ranking and its strongest challenge on screen. */
.purgelib-explanationsexplorer .purgelib-scroll { max-height: 320px; }
.purgelib-explorer .purgelib-scroll:focus-visible { outline: 2px solid var(--jp-brand-color1); outline-offset: 1px; }
.purgelib-explorer .purgelib-table { border-collapse: collapse; width: 100%; }
/* An explorer's tables and details are outputs of HTML in its view (see _explorer._show): they keep the
   course's look, not JupyterLab's for output tables (fixed layout, centred, striped, right-aligned). */
.purgelib-explorer .jp-RenderedHTMLCommon .purgelib-table {
  table-layout: auto; margin: 0; font-size: var(--jp-widgets-font-size); color: inherit;
}
.purgelib-explorer .jp-RenderedHTMLCommon .purgelib-table tr { background: none; }
.purgelib-explorer .jp-RenderedHTMLCommon .purgelib-table :is(td, th) { text-align: left; line-height: 1.45; }
.purgelib-explorer .jp-RenderedHTMLCommon {
  padding-right: 0; font-family: inherit; font-size: var(--jp-widgets-font-size); line-height: 1.45;
}
.purgelib-explorer .jp-RenderedHTMLCommon p { margin: 0.5em 0; }
.purgelib-explorer .purgelib-detail-heading { font-weight: bold; margin: 0.6em 0 0.3em 0; }
/* A table beside the chart (the victims explorer): the view's outputs side by side, wrapping when narrow. */
.purgelib-explorer .purgelib-table-beside > .jp-OutputArea {
  display: flex; flex-flow: row wrap; align-items: flex-start; gap: 0.5em 1em;
}
.purgelib-explorer .purgelib-table-beside > .jp-OutputArea > .jp-OutputArea-child {
  flex: 0 0 auto; width: auto; max-width: 100%;
}
.purgelib-explorer .purgelib-table-beside > .jp-OutputArea > .jp-OutputArea-child ~ .jp-OutputArea-child {
  flex: 1 1 20rem; min-width: 0;
}
.purgelib-explorer .purgelib-table caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
.purgelib-explorer .purgelib-table th, .purgelib-explorer .purgelib-table td {
  text-align: left; vertical-align: top; padding: 0.25em 0.5em; overflow-wrap: break-word;
  border-bottom: 1px solid var(--jp-border-color2);
}
.purgelib-explorer .purgelib-table thead th { position: sticky; top: 0; background: var(--jp-layout-color0); }
.purgelib-explorer { container-type: inline-size; }
@container (max-width: 640px) {
  .purgelib-explorer .purgelib-table thead {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  }
  .purgelib-explorer .purgelib-table, .purgelib-explorer .purgelib-table caption,
  .purgelib-explorer .purgelib-table tbody, .purgelib-explorer .purgelib-table tr,
  .purgelib-explorer .purgelib-table td { display: block; }
  .purgelib-explorer .purgelib-table tr { padding: 0.3em 0; border-bottom: 1px solid var(--jp-border-color2); }
  .purgelib-explorer .purgelib-table td { border: none; padding: 0.1em 0.3em; }
  .purgelib-explorer .purgelib-table td::before { font-weight: bold; }
}
.purgelib-explorer .purgelib-error { border-left: 4px solid var(--jp-error-color1); padding: 0 0.8em; }
.purgelib-explorer .purgelib-group-heading { font-weight: bold; margin: 0.4em 0 0 0; }
.purgelib-explorer .purgelib-subheading { font-style: italic; margin: 0.2em 0 0 0; }
.purgelib-explorer .purgelib-checkboxes { border: 1px solid var(--jp-border-color2); padding: 0 0.4em; }
/* In a box that scrolls, the groups keep their height rather than shrink to fit it. */
.purgelib-explorer .purgelib-checkboxes > * { flex-shrink: 0; }
.purgelib-explorer .widget-checkbox { height: auto; min-height: var(--jp-widgets-inline-height); }
.purgelib-explorer .widget-checkbox .widget-label-basic {
  white-space: normal; overflow: visible; height: auto; line-height: 1.3; align-items: flex-start;
}
.purgelib-explorer .widget-checkbox input { flex: none; margin-top: 0.15em; }
.purgelib-explorer .widget-toggle-buttons { height: auto; flex-wrap: wrap; }
.purgelib-explorer .widget-toggle-buttons > div { display: flex; flex-wrap: wrap; gap: 2px; }
.purgelib-explorer .widget-combobox input:placeholder-shown { text-overflow: ellipsis; }
.purgelib-explorer select { max-width: 100%; }
.purgelib-explorer blockquote { margin: 0.3em 0 0.3em 1em; }
/* JupyterLab floats a definition list's terms at 20 %: a term on two lines then pushes the next one
   into the wrong column. A grid keeps each term beside its definition. */
.purgelib-explorer .purgelib-card dl {
  display: grid; grid-template-columns: minmax(5em, 10em) minmax(0, 1fr); column-gap: 1em;
}
.purgelib-explorer .purgelib-card dt, .purgelib-explorer .purgelib-card dd { float: none; width: auto; }
.purgelib-explorer code { overflow-wrap: anywhere; }
/* victims explorer */
.purgelib-victimsexplorer .purgelib-table td { white-space: pre-line; }
.purgelib-victimsexplorer .purgelib-scroll { max-height: 560px; }
"""


def stylesheet() -> widgets.HTML:
    """An invisible widget that carries the course's CSS; put it first among a widget's children.

    Examples
    --------
    >>> "<style>" in stylesheet().value
    True
    """
    return widgets.HTML(f"<style>{STYLESHEET}</style>", layout=widgets.Layout(display="none"))
