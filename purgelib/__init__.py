"""purgelib: the helper package of *The Great Purges: Sources and Explanations*.

Load the course's cited tables, explore them with widgets, read the readings
closely, check your understanding and keep your answers.

>>> import purgelib
>>> purgelib.list_datasets()[:2]
['sources', 'people']
>>> purgelib.cite("getty-naumov-1999")
'Getty and Naumov 1999'
"""

import altair as _altair

from purgelib import render as _render
from purgelib.data import DataError, allowed, describe, labels, list_datasets, load, validate
from purgelib.explanations import (
    ExplanationsExplorer,
    evidence_matrix,
    ranking_chart,
    resolve_items,
    strongest_challenge,
    weigh,
)
from purgelib.journal import Journal
from purgelib.people import fates, find_people
from purgelib.quiz import SelfCheck, check
from purgelib.reader import SourceReader, readings_folder
from purgelib.sources import cite, passages_for, source_card, source_cards
from purgelib.timeline import TimelineExplorer, event_table, filter_events, timeline_chart
from purgelib.victims import VictimsExplorer, figure_table, filter_figures, scale, victims_chart

__all__ = [
    "load",
    "list_datasets",
    "describe",
    "validate",
    "allowed",
    "labels",
    "DataError",
    "cite",
    "source_card",
    "source_cards",
    "passages_for",
    "find_people",
    "fates",
    "filter_events",
    "event_table",
    "timeline_chart",
    "TimelineExplorer",
    "filter_figures",
    "scale",
    "figure_table",
    "victims_chart",
    "VictimsExplorer",
    "resolve_items",
    "weigh",
    "strongest_challenge",
    "evidence_matrix",
    "ranking_chart",
    "ExplanationsExplorer",
    "SourceReader",
    "readings_folder",
    "Journal",
    "SelfCheck",
    "check",
]
__version__ = "0.2.0"

# Charts are sent as Vega-Lite v5 JSON, which JupyterLab 4 draws itself offline (Altair's
# default HTML renderer loads its scripts from a CDN), with a picture and a text alternative:
# see purgelib/render.py.
_altair.renderers.register("purgelib", _render.renderer)
_altair.renderers.enable("purgelib")
