"""Scoring against annotated data: one protocol per set of ``../shared/eval``.

- :mod:`toolkit.evaluation.attribution`: quote attribution (PolNeAR-style gold:
  content spans, speaker spans, cues), the three tiers direct / speech / all.

:func:`evaluate` is ``toolkit.evaluate``.
"""

from __future__ import annotations

from toolkit.evaluation.attribution import (
    SAYING_PHRASES,
    SAYING_VERBS,
    TIERS,
    evaluate,
    format_table,
    in_quotation_marks,
    is_speech_cue,
    load_gold,
    main,
    saying_forms,
    score,
    trim_span,
)

__all__ = [
    "SAYING_PHRASES",
    "SAYING_VERBS",
    "TIERS",
    "evaluate",
    "format_table",
    "in_quotation_marks",
    "is_speech_cue",
    "load_gold",
    "main",
    "saying_forms",
    "score",
    "trim_span",
]
