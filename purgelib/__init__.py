"""purgelib: the helper package of *The Great Purges: Sources and Explanations*.

Load the course's cited tables, explore them with widgets, read the readings
closely, check your understanding and keep your answers.

>>> import purgelib
>>> purgelib.list_datasets()[:2]
['sources', 'people']
"""

import altair as _altair

from purgelib.data import DataError, describe, list_datasets, load, validate
from purgelib.journal import Journal
from purgelib.quiz import SelfCheck, check

__all__ = ["load", "list_datasets", "describe", "validate", "DataError", "Journal", "SelfCheck", "check"]
__version__ = "0.1.0"

# Charts are sent as Vega-Lite v5 JSON, which JupyterLab 4 draws itself: offline, no CDN,
# small stored outputs (Altair's default HTML renderer loads its scripts from a CDN).
_altair.renderers.enable("mimetype")
