"""Charts of who said what about whom.

Every function takes either an :class:`~toolkit.analysis.Analysis` (or anything with
the frame as an attribute, e.g. ``result.relations``) or the frame itself, draws on
``ax`` (a new figure when ``ax`` is None) and returns the matplotlib Axes. Inputs
are never mutated. Long tails are folded into one "other (N ...)" row so charts stay
legible with hundreds of speakers; ties are broken by name so every chart is
deterministic. An empty frame gives an Axes that says "no data" instead of an error.

matplotlib (and networkx) are imported inside the functions, so importing
:mod:`toolkit` stays cheap and never picks a backend.

The charts live by what they draw: :mod:`toolkit.plot.relations` (who_about_whom,
quote_network), :mod:`toolkit.plot.bars` (top_speakers, claims_by_claimant,
top_entities), :mod:`toolkit.plot.timeline` (quotes_over_time), and what they share
(colours, folding, the "no data" Axes) in :mod:`toolkit.plot.common`. Every name is
importable from here (the colours and ``NO_DATA`` too).

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from toolkit.frames import make_frame
>>> from toolkit.plot import who_about_whom
>>> relations = make_frame("relations", [
...     {"speaker": "Ann Lee", "target": "Bob Roy", "n_quotes": 2, "n_claims": 1}])
>>> ax = who_about_whom(relations)
>>> ax.get_title()
'Who said what about whom'
>>> plt.close("all")
"""

from __future__ import annotations

from toolkit import queries
from toolkit.plot.bars import claims_by_claimant, top_entities, top_speakers
from toolkit.plot.common import BAND_COLORS as BAND_COLORS
from toolkit.plot.common import EXTRA_COLOR as EXTRA_COLOR
from toolkit.plot.common import KIND_COLORS as KIND_COLORS
from toolkit.plot.common import NO_DATA as NO_DATA
from toolkit.plot.common import SPEAKER_COLOR as SPEAKER_COLOR
from toolkit.plot.common import TARGET_COLOR as TARGET_COLOR
from toolkit.plot.common import UNATTRIBUTED as UNATTRIBUTED
from toolkit.plot.relations import quote_network, who_about_whom
from toolkit.plot.timeline import quotes_over_time

__all__ = [
    "who_about_whom",
    "quote_network",
    "top_speakers",
    "quotes_over_time",
    "claims_by_claimant",
    "top_entities",
    "readable",
    "quotes_about",
    "format_quotes",
    "show_quotes",
]


# --------------------------------------------------------------------------- aliases
# Queries that are not charts live in toolkit.queries (and on the result:
# result.quotes_about(...)); these names stay for notebooks written against plot.
readable = queries.readable
quotes_about = queries.quotes_about
format_quotes = queries.format_quotes
show_quotes = queries.show_quotes
