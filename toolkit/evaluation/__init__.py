"""Scoring against annotated data: one protocol per set of ``../shared/eval``.

- :mod:`toolkit.evaluation.attribution`: quote attribution (PolNeAR-style gold:
  content spans, speaker spans, cues), the three tiers direct / speech / all; its
  span trimming and quote matching are in :mod:`toolkit.evaluation.matching`, its verbs
  of saying in :mod:`toolkit.evaluation.speech_cues`.
- :mod:`toolkit.evaluation.wikinews`: Wikinews quotes (speech attributions only) with
  speaker name accuracy and about P/R/F1.
- :mod:`toolkit.evaluation.gum`: GUM entity resolution (mention -> canonical name).
- :mod:`toolkit.evaluation.gap`: GAP pronoun resolution (snippet context).
- ``toolkit.evaluation.checkworthiness`` (when installed): check-worthiness ranking.
- :mod:`toolkit.evaluation.common`: the name rule, file reading, timing, printing.

:func:`evaluate` is ``toolkit.evaluate``: it detects the set of a file from its records
and returns that protocol's table; :func:`main` is ``python -m toolkit eval``
(:mod:`toolkit.evaluation.sets`). ``format_table`` prints the PolNeAR table.
"""

from __future__ import annotations

from toolkit.evaluation.attribution import (
    SAYING_PHRASES,
    SAYING_VERBS,
    TIERS,
    format_table,
    in_quotation_marks,
    is_speech_cue,
    load_gold,
    saying_forms,
    score,
    trim_span,
)
from toolkit.evaluation.common import names_match
from toolkit.evaluation.sets import SETS, ProtocolUnavailable, detect, detect_file, evaluate, main

__all__ = [
    "SAYING_PHRASES",
    "SAYING_VERBS",
    "SETS",
    "TIERS",
    "ProtocolUnavailable",
    "detect",
    "detect_file",
    "evaluate",
    "format_table",
    "in_quotation_marks",
    "is_speech_cue",
    "load_gold",
    "main",
    "names_match",
    "saying_forms",
    "score",
    "trim_span",
]
