"""Attribution: who is the source of which content, through which cue.

One engine serves quotes and claims. Its rules are small named functions applied from
ordered lists, each in one place:

- :mod:`~toolkit.attribution.cues`: which words are cues, and of which class
  (speech / belief / finding / intention), from the ``cue_*`` lexicons;
- :mod:`~toolkit.attribution.senses`: ``CUE_VETOES`` and ``CLASS_RULES`` (whether a
  cue word reports anything where it stands, and in which sense);
- :mod:`~toolkit.attribution.speakers`: ``SUBJECT_RULES``, ``SPEAKER_RULES`` and
  ``SPEAKER_REFINEMENTS`` (who the source of a cue verb is);
- :mod:`~toolkit.attribution.direct`: ``DIRECT_STRATEGIES`` (the cue and source of a
  span in quotation marks: verb beside it, colon, dash, ...);
- :mod:`~toolkit.attribution.indirect`: ``CONTENT_RULES`` (what a cue verb reports:
  clausal complement, parenthetical, object report), ``BOUNDARY_RULES`` (where a
  complement ends), "according to X" / "per X" and attributing adverbs;
- :mod:`~toolkit.attribution.interview`: speaker markers and turns of interview
  transcripts;
- :mod:`~toolkit.attribution.engine`: :func:`find_attributions`, which runs them and
  settles overlaps into :class:`Attribution` records.

See ``docs/architecture.md`` for how to add a reporting verb, a strategy or a rule.
"""

from __future__ import annotations

from toolkit.attribution.cues import CUE_CLASSES, cue_class
from toolkit.attribution.engine import Attribution, find_attributions

__all__ = ["CUE_CLASSES", "Attribution", "cue_class", "find_attributions"]
