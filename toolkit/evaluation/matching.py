"""Trimmed spans and the matching of predicted quotes to gold attributions, as the
attribution protocol defines them (:mod:`toolkit.evaluation.attribution` has the
protocol in full and the scores; :mod:`toolkit.evaluation.wikinews` matches the same way).

Examples
--------
>>> text = 'Ann said: "Yes." Bob nodded.'
>>> gold = [{"id": "a", "text": text, "quotes": [{"content_spans": [[10, 16]]}]}]
>>> golds, preds = match_quotes(gold, pd.DataFrame({
...     "article_id": ["a"], "content_start": [11], "content_end": [14]}))
>>> golds[0].fragments, preds[0].gold, preds[0].quoted
(((11, 14),), ('a', 0), True)
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit.evaluation.speech_cues import is_speech_cue

__all__ = [
    "LEFT_QUOTATION_MARKS",
    "RIGHT_QUOTATION_MARKS",
    "GoldQuote",
    "PredictedQuote",
    "assign_quote",
    "assigned_predictions",
    "gold_quotes",
    "in_quotation_marks",
    "is_found",
    "match_quotes",
    "overlap_length",
    "trim_span",
]

# Double quotation marks only: the gold ``type`` was derived from double marks, and a
# single ’ is far more often an apostrophe than a quotation mark.
LEFT_QUOTATION_MARKS = frozenset('"“„‟«»＂〝')
RIGHT_QUOTATION_MARKS = frozenset('"”“»«＂〞〟')

# Trimmed besides Unicode punctuation (category P*): marks that are symbols or modifiers.
_EXTRA_TRIMMED = frozenset("`´΄")

# --------------------------------------------------------------------------- spans

def _trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P") or ch in _EXTRA_TRIMMED


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past edge whitespace, punctuation and quotation marks.

    An all-punctuation span collapses to an empty one (``start == end``).

    Examples
    --------
    >>> text = 'She said: “We will win.” '
    >>> s, e = trim_span(text, 9, len(text))
    >>> text[s:e]
    'We will win'
    >>> trim_span("a -- b", 1, 5)
    (5, 5)
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and _trimmable(text[start]):
        start += 1
    while end > start and _trimmable(text[end - 1]):
        end -= 1
    return (start, end) if start < end else (end, end)


def in_quotation_marks(text: str, start: int, end: int) -> bool:
    """Whether the content ``[start, end)`` sits in double quotation marks.

    Looks at the run of whitespace and punctuation on each side of the *trimmed* span
    (inside or outside the given span, not across a line break): an opening mark must
    be in the run on the left and a closing mark in the run on the right. A leading
    complementizer before the opening mark (``that "…"``) is looked past.

    Examples
    --------
    >>> text = 'He said, “We will win,” and left.'
    >>> in_quotation_marks(text, 10, 22), in_quotation_marks(text, 9, 23)
    (True, True)
    >>> in_quotation_marks(text, 0, 7)
    False
    >>> in_quotation_marks('He said that "it works."', 8, 24)
    True
    """
    s, e = trim_span(text, start, end)
    lead = _THAT_QUOTE.match(text, s, e)
    if lead:  # 'that "…"': the clause is the quotation (the gold type heuristic agrees)
        s, e = trim_span(text, lead.end(), e)
    if s >= e:
        return False

    def seen(positions: Iterable[int], marks: frozenset[str]) -> bool:
        for i in positions:
            ch = text[i]
            if ch in marks:
                return True
            if ch == "\n" or not _trimmable(ch):
                return False
        return False

    return seen(range(s - 1, -1, -1), LEFT_QUOTATION_MARKS) and seen(
        range(e, len(text)), RIGHT_QUOTATION_MARKS
    )


_THAT_QUOTE = re.compile(r"that\s+(?=[\"“„«])", re.IGNORECASE)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(sp for sp in spans if sp[0] < sp[1]):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def overlap_length(span: tuple[int, int], fragments: Sequence[tuple[int, int]]) -> int:
    """How many characters of ``span`` lie inside ``fragments`` (which do not overlap).

    Examples
    --------
    >>> overlap_length((0, 10), [(2, 4), (8, 12)])
    4
    """
    s, e = span
    return sum(max(0, min(e, fe) - max(s, fs)) for fs, fe in fragments)


def _int_or_none(value: Any) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return int(value)


# --------------------------------------------------------------------------- matching

@dataclass(frozen=True)
class GoldQuote:
    """One gold attribution, its spans trimmed (see the module docstring)."""

    key: tuple[str, int]  # (article id, index of the quote in the record's "quotes")
    fragments: tuple[tuple[int, int], ...]  # trimmed, merged
    extent: tuple[int, int]  # trimmed
    speakers: tuple[tuple[int, int], ...]
    type: str | None
    speech: bool

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.fragments)


@dataclass(frozen=True)
class PredictedQuote:
    """One predicted quote: its trimmed span and the gold it is assigned to, if correct."""

    span: tuple[int, int]  # trimmed
    speaker: tuple[int, int] | None
    quoted: bool
    gold: tuple[str, int] | None  # the gold it is assigned to when correct
    row: int = -1  # its position in the predicted frame


def gold_quotes(record: Mapping[str, Any], text: str | None = None) -> list[GoldQuote]:
    """The scorable gold attributions of one gold record (those with content).

    Examples
    --------
    >>> text = 'Ann said: "Yes." Bob nodded.'
    >>> [g.fragments for g in gold_quotes({"id": "a", "text": text, "quotes": [
    ...     {"content_spans": [[10, 16]], "cue": "said"}, {"content_spans": []}]})]
    [((11, 14),)]
    """
    article_id = str(record["id"])
    text = record.get("text") or "" if text is None else text
    golds = []
    for index, quote in enumerate(record.get("quotes") or []):
        fragments = _merge(
            trim_span(text, int(s), int(e)) for s, e in quote.get("content_spans") or []
        )
        if not fragments:
            continue  # no content: cannot be found, left out
        start, end = quote.get("content_start"), quote.get("content_end")
        if start is None or end is None:
            start, end = fragments[0][0], fragments[-1][1]
        speakers = tuple(
            (int(s), int(e)) for s, e in quote.get("speaker_spans") or [] if int(s) < int(e)
        )
        golds.append(GoldQuote(
            key=(article_id, index),
            fragments=tuple(fragments),
            extent=trim_span(text, int(start), int(end)),
            speakers=speakers,
            type=quote.get("type"),
            speech=is_speech_cue(quote.get("cue")),
        ))
    return golds


def assign_quote(span: tuple[int, int], golds: Sequence[GoldQuote]) -> tuple[str, int] | None:
    """The key of the gold this trimmed span is correct for (most overlap), or None.

    Ties go to the gold of which the span covers the larger share (of nested golds, the
    smaller one), then to the first.

    Examples
    --------
    >>> text = "Ann said Bob said it rains."
    >>> outer = {"content_spans": [[9, 26]], "cue": "said"}
    >>> inner = {"content_spans": [[18, 26]], "cue": "said"}
    >>> golds = gold_quotes({"id": "a", "text": text, "quotes": [outer, inner]})
    >>> assign_quote((18, 26), golds), assign_quote((9, 26), golds)
    (('a', 1), ('a', 0))
    """
    length = span[1] - span[0]
    if length <= 0:
        return None
    best: tuple[int, float, int] | None = None
    best_gold = None
    for order, gold in enumerate(golds):
        inside = overlap_length(span, gold.fragments)
        if inside == 0:
            continue
        rank = (inside, inside / gold.length, -order)
        if best is None or rank > best:
            best, best_gold = rank, gold
    if best is None or 2 * best[0] < length:
        return None
    return best_gold.key if best_gold is not None else None


def match_quotes(
    gold: Sequence[Mapping[str, Any]],
    predicted: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
) -> tuple[list[GoldQuote], list[PredictedQuote]]:
    """Trim every gold and predicted span and assign each prediction to its gold.

    Predictions for articles absent from ``gold`` are left out; ``PredictedQuote.row``
    is a prediction's position in ``predicted`` (which is not mutated).

    Examples
    --------
    >>> text = 'Ann said: "Yes." Bob nodded.'
    >>> gold = [{"id": "a", "text": text, "quotes": [{"content_spans": [[10, 16]]}]}]
    >>> predicted = pd.DataFrame({"article_id": ["a", "a", "zz"],
    ...                           "content_start": [11, 17, 0], "content_end": [14, 27, 3]})
    >>> golds, preds = match_quotes(gold, predicted)
    >>> [(p.row, p.gold) for p in preds]
    [(0, ('a', 0)), (1, None)]
    >>> assigned = assigned_predictions(preds)
    >>> is_found(golds[0], assigned[golds[0].key])
    True
    """
    texts = dict(texts) if texts is not None else {}
    golds_by_article: dict[str, list[GoldQuote]] = {}
    for record in gold:
        article_id = str(record["id"])
        text = texts.setdefault(article_id, record.get("text") or "")
        golds_by_article[article_id] = gold_quotes(record, text)

    preds: list[PredictedQuote] = []
    columns = set(predicted.columns)
    for position, row in enumerate(predicted.to_dict("records")):
        article_id = row.get("article_id")
        if article_id is None or article_id is pd.NA or str(article_id) not in golds_by_article:
            continue
        article_id = str(article_id)
        text = texts[article_id]
        start = _int_or_none(row.get("content_start"))
        end = _int_or_none(row.get("content_end"))
        span = trim_span(text, start, end) if start is not None and end is not None else (0, 0)
        speaker = None
        if {"speaker_start", "speaker_end"} <= columns:
            s, e = _int_or_none(row["speaker_start"]), _int_or_none(row["speaker_end"])
            if s is not None and e is not None and s < e:
                speaker = (s, e)
        preds.append(PredictedQuote(
            span=span,
            speaker=speaker,
            quoted=span[0] < span[1] and in_quotation_marks(text, *span),
            gold=assign_quote(span, golds_by_article[article_id]),
            row=position,
        ))
    return [g for golds in golds_by_article.values() for g in golds], preds


def assigned_predictions(preds: Iterable[PredictedQuote]) -> dict[tuple[str, int],
                                                                   list[PredictedQuote]]:
    """The correct predictions grouped by the key of the gold they are assigned to
    (see :func:`match_quotes` for an example)."""
    assigned: dict[tuple[str, int], list[PredictedQuote]] = defaultdict(list)
    for pred in preds:
        if pred.gold is not None:
            assigned[pred.gold].append(pred)
    return assigned


def is_found(gold: GoldQuote, mine: Sequence[PredictedQuote]) -> bool:
    """Whether the predictions assigned to ``gold`` cover at least half its fragments.

    Examples
    --------
    >>> gold = GoldQuote(("a", 0), ((0, 10),), (0, 10), (), None, True)
    >>> half = PredictedQuote((0, 5), None, False, ("a", 0))
    >>> less = PredictedQuote((0, 4), None, False, ("a", 0))
    >>> is_found(gold, [half]), is_found(gold, [less]), is_found(gold, [])
    (True, False, False)
    """
    if not mine:
        return False
    covered = sum(overlap_length(span, gold.fragments) for span in _merge(p.span for p in mine))
    return 2 * covered >= gold.length

