"""Score quote extraction against gold attribution data (the PolNeAR protocol).

Gold data is JSON Lines, one article a line: ``{"id", "text", "quotes": [...]}`` where
each gold attribution has ``content_spans`` (its fragments, ``[start, end]`` pairs; a
split quote has two), ``content_start``/``content_end`` (the extent),
``speaker_spans``, ``cue`` and ``type`` (``direct``/``indirect``/``mixed``).

The protocol, as implemented by :func:`score`:

- **Trimming.** Every span (gold fragment, gold extent, predicted content) loses
  leading and trailing whitespace, punctuation and quotation marks.
- **Correct prediction.** At least 50% of the trimmed predicted span lies inside the
  content fragments of *one* gold attribution of the same article. The prediction is
  assigned to the gold attribution it overlaps most (ties: the gold of which it covers
  the larger share, then the first in the file).
- **Found gold.** The correct predictions assigned to it together cover at least 50%
  of the total length of its trimmed fragments.
- **Speaker accuracy.** Over found gold attributions that have a speaker: the share
  where some assigned prediction's speaker span (``speaker_start``/``speaker_end``, the
  local mention such as "he", not its antecedent) overlaps a gold speaker fragment.
- **Exact.** A gold attribution is matched exactly when an assigned prediction's
  trimmed span equals its trimmed extent, or when the trimmed spans of its assigned
  predictions include every one of its trimmed fragments (a split quote given as its
  two parts). ``exact`` is the share of the tier's gold attributions matched exactly.
- **Tiers.** ``direct``: gold of type direct; predictions whose content sits in double
  quotation marks (judged from the characters around the trimmed span, see
  :func:`in_quotation_marks`). ``speech``: gold whose cue contains a verb of saying
  (:func:`is_speech_cue`); all predictions. ``all``: every gold attribution; all
  predictions. In every tier a prediction counts as correct when it matches *any* gold
  attribution of its article (whatever that gold's tier); recall counts the tier's
  gold attributions found by the tier's predictions.
- Gold attributions without any content (no fragments, or nothing left after trimming)
  cannot be found and are left out; predictions for articles absent from the gold
  data are ignored. Ratios with a zero denominator are NaN.

Examples
--------
A tiny synthetic article with one split direct quote and one indirect one:

>>> import pandas as pd
>>> from toolkit.frames import make_frame
>>> text = '"We are ready," she said. "Truly." Officials said the bridge was closed.'
>>> gold = [{"id": "a1", "text": text, "quotes": [
...     {"content_start": 0, "content_end": 34, "content_spans": [[0, 15], [26, 34]],
...      "speaker_spans": [[16, 19]], "cue": "said", "type": "direct"},
...     {"content_start": 50, "content_end": 71, "content_spans": [[50, 71]],
...      "speaker_spans": [[35, 44]], "cue": "said", "type": "indirect"}]}]
>>> predicted = make_frame("quotes", [
...     {"article_id": "a1", "content_start": 0, "content_end": 34,
...      "speaker_start": 16, "speaker_end": 19, "kind": "direct"},
...     {"article_id": "a1", "content_start": 45, "content_end": 72,
...      "speaker_start": 35, "speaker_end": 44, "kind": "indirect"}])
>>> table = score(gold, predicted)
>>> table[["tier", "precision", "recall", "speaker_accuracy", "exact", "n_gold"]]
     tier  precision  recall  speaker_accuracy  exact  n_gold
0  direct        1.0     1.0               1.0    1.0       1
1  speech        1.0     1.0               1.0    0.5       2
2     all        1.0     1.0               1.0    0.5       2
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit import lexicons
from toolkit.evaluation.common import SystemRun, add_run_columns, load_records, run_on_gold

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = [
    "SAYING_VERBS",
    "SAYING_PHRASES",
    "TIERS",
    "GoldQuote",
    "PredictedQuote",
    "assign_quote",
    "assigned_predictions",
    "evaluate",
    "gold_quotes",
    "in_quotation_marks",
    "is_found",
    "is_speech_cue",
    "load_gold",
    "main",
    "match_quotes",
    "predicted_quotes",
    "saying_forms",
    "score",
    "tier_row",
    "trim_span",
]

TIERS = ("direct", "speech", "all")

RESULT_COLUMNS = [
    "tier", "precision", "recall", "f1", "speaker_accuracy", "exact",
    "n_gold", "n_pred", "n_correct", "n_found", "n_exact",
    "n_found_with_speaker", "n_speaker_correct",
]

# Double quotation marks only: the gold ``type`` was derived from double marks, and a
# single ’ is far more often an apostrophe than a quotation mark.
LEFT_QUOTATION_MARKS = frozenset('"“„‟«»＂〝')
RIGHT_QUOTATION_MARKS = frozenset('"”“»«＂〞〟')

# Trimmed besides Unicode punctuation (category P*): marks that are symbols or modifiers.
_EXTRA_TRIMMED = frozenset("`´΄")

# --------------------------------------------------------------------------- lexicon

#: Verbs of saying (lemmas): the protocol's list and peers, from the lexicon file
#: ``eval_saying_verbs.txt`` (its header says what is in and what is left out).
SAYING_VERBS: tuple[str, ...] = tuple(lexicons.entries("eval_saying_verbs"))

#: Multi-word cues of saying, matched on word boundaries (``eval_saying_phrases.txt``).
SAYING_PHRASES: tuple[str, ...] = tuple(lexicons.entries("eval_saying_phrases"))

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
}
# Verbs that double their final consonant (admit -> admitted).
_DOUBLING = frozenset({"admit", "quip", "brag", "rebut"})


def _inflect(verb: str) -> set[str]:
    """The base form, third person, past/participle and gerund of a verb."""
    if verb in _IRREGULAR:
        return {verb, *_IRREGULAR[verb]}
    if verb in _DOUBLING:
        return {verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    if verb.endswith("e"):
        return {verb, verb + "s", verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    return {verb, third, verb + "ed", verb + "ing"}


def saying_forms(verbs: Iterable[str] = SAYING_VERBS) -> frozenset[str]:
    """Every inflected form of the saying verbs.

    Examples
    --------
    >>> forms = saying_forms()
    >>> sorted(f for f in forms if f.startswith(("deni", "deny", "admit")))
    ['admit', 'admits', 'admitted', 'admitting', 'denied', 'denies', 'deny', 'denying']
    """
    return frozenset(form for verb in verbs for form in _inflect(verb))


_SAYING_FORMS = saying_forms()
_WORD = re.compile(r"[a-z]+")
_PHRASES = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in SAYING_PHRASES) + r")\b")


def is_speech_cue(cue: str | None) -> bool:
    """Whether a cue contains a verb (or phrase) of saying, in any inflection.

    Examples
    --------
    >>> [is_speech_cue(c) for c in ["said", "went on to say", "According to", "tweeted:"]]
    [True, True, True, True]
    >>> [is_speech_cue(c) for c in ["believes", "shows", ":", None]]
    [False, False, False, False]
    """
    if not cue:
        return False
    lowered = cue.lower().replace("’", "'")
    if any(word in _SAYING_FORMS for word in _WORD.findall(lowered)):
        return True
    return _PHRASES.search(" ".join(_WORD.findall(lowered))) is not None


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


def _overlap(span: tuple[int, int], fragments: Sequence[tuple[int, int]]) -> int:
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


# --------------------------------------------------------------------------- scoring

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
        inside = _overlap(span, gold.fragments)
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
    >>> is_found(golds[0], assigned[golds[0].key]), tier_row("all", golds, preds)["f1"]
    (True, 0.6666666666666666)
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
    covered = sum(_overlap(span, gold.fragments) for span in _merge(p.span for p in mine))
    return 2 * covered >= gold.length


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def tier_row(tier: str, golds: list[GoldQuote], preds: list[PredictedQuote]) -> dict[str, Any]:
    """One row of the score table: ``tier`` and the :data:`RESULT_COLUMNS` measures
    (see :func:`match_quotes` for an example)."""
    assigned = assigned_predictions(preds)
    n_found = n_exact = n_with_speaker = n_speaker_correct = 0
    for gold in golds:
        mine = assigned.get(gold.key, [])
        if not is_found(gold, mine):
            continue
        n_found += 1
        spans = {p.span for p in mine}
        if gold.extent in spans or set(gold.fragments) <= spans:
            n_exact += 1
        if gold.speakers:
            n_with_speaker += 1
            if any(p.speaker is not None and _overlap(p.speaker, gold.speakers) > 0
                   for p in mine):
                n_speaker_correct += 1
    n_correct = sum(p.gold is not None for p in preds)
    precision, recall = _ratio(n_correct, len(preds)), _ratio(n_found, len(golds))
    f1 = (2 * precision * recall / (precision + recall)
          if precision + recall > 0 else (0.0 if precision == 0 else float("nan")))
    return {
        "tier": tier, "precision": precision, "recall": recall, "f1": f1,
        "speaker_accuracy": _ratio(n_speaker_correct, n_with_speaker),
        "exact": _ratio(n_exact, len(golds)),
        "n_gold": len(golds), "n_pred": len(preds), "n_correct": n_correct,
        "n_found": n_found, "n_exact": n_exact,
        "n_found_with_speaker": n_with_speaker, "n_speaker_correct": n_speaker_correct,
    }


def score(
    gold: Sequence[Mapping[str, Any]],
    predicted: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Score predicted quotes against gold attributions, one row per tier.

    Parameters
    ----------
    gold
        Records as in the gold JSON Lines file (``id``, ``text``, ``quotes``).
    predicted
        A quotes frame (``toolkit.frames.SCHEMAS["quotes"]``); the columns used are
        ``article_id``, ``content_start``, ``content_end``, ``speaker_start`` and
        ``speaker_end``. Not mutated.
    texts
        Article texts by id; defaults to the gold records' ``text``.

    Returns
    -------
    pandas.DataFrame
        Columns ``tier`` (direct, speech, all), ``precision``, ``recall``, ``f1``,
        ``speaker_accuracy``, ``exact``, and the counts behind them: ``n_gold``,
        ``n_pred``, ``n_correct``, ``n_found``, ``n_exact``, ``n_found_with_speaker``,
        ``n_speaker_correct``. The protocol is in the module docstring.

    Examples
    --------
    A prediction half inside the gold content is correct, and finds it:

    >>> text = 'Critics said the plan "would fail badly" in May.'
    >>> gold = [{"id": "x", "text": text, "quotes": [{"content_spans": [[13, 40]],
    ...          "content_start": 13, "content_end": 40, "speaker_spans": [[0, 7]],
    ...          "cue": "said", "type": "mixed"}]}]
    >>> pred = pd.DataFrame({"article_id": ["x"], "content_start": [22],
    ...                      "content_end": [48]})
    >>> score(gold, pred).set_index("tier").loc["all", ["precision", "recall"]].tolist()
    [1.0, 1.0]
    """
    all_golds, preds = match_quotes(gold, predicted, texts)
    rows = [
        tier_row("direct", [g for g in all_golds if g.type == "direct"],
                 [p for p in preds if p.quoted]),
        tier_row("speech", [g for g in all_golds if g.speech], preds),
        tier_row("all", all_golds, preds),
    ]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


# --------------------------------------------------------------------------- running

def load_gold(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read gold records from a JSON Lines file (the first ``limit`` when given); the
    same as :func:`toolkit.evaluation.common.load_records` (kept for existing imports)."""
    return load_records(path, limit=limit)


def predicted_quotes(run: SystemRun) -> pd.DataFrame:
    """The quotes frame of a system run: the result itself or its ``.quotes``.

    Examples
    --------
    >>> from toolkit.evaluation.common import SystemRun
    >>> from toolkit.frames import empty_frame
    >>> predicted_quotes(SystemRun(object(), empty_frame("errors"), 1.0, 0))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: predict must return a quotes DataFrame or an object with a .quotes frame, ...
    """
    quotes = run.frame("quotes")
    if quotes is None:
        raise TypeError(
            "predict must return a quotes DataFrame or an object with a .quotes frame, "
            f"got {type(run.result)!r}"
        )
    return quotes


def evaluate(
    path: str | Path,
    *,
    nlp: Language | str | None = None,
    limit: int | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: bool = False,
    predict: Callable[[pd.DataFrame], Any] | None = None,
) -> pd.DataFrame:
    """Run a quote extractor on a gold JSON Lines file and score it (see :func:`score`).

    Parameters
    ----------
    path
        A JSON Lines file in the format of ``../shared/eval`` (``id``, ``text``,
        ``quotes``).
    nlp, batch_size, n_process, progress
        Passed to :func:`toolkit.analyze` (no cache: every run parses afresh, so the
        speed is real).
    limit
        Score only the first ``limit`` articles.
    predict
        Score another system instead of the toolkit: a callable taking the articles
        frame (``article_id``, ``text``, ...) and returning a quotes frame, or an object
        with ``.quotes`` and optionally ``.errors`` frames.

    Returns
    -------
    pandas.DataFrame
        The :func:`score` table plus ``n_articles``, ``articles_raising`` (articles with
        a row in ``errors``) and ``chars_per_second`` (text characters over the wall
        time of the extraction, parsing included).

    Examples
    --------
    >>> import json, tempfile, os
    >>> from toolkit.frames import make_frame
    >>> record = {"id": "t1", "text": 'Ann Lee said: "Rain is coming."', "quotes": [
    ...     {"content_start": 14, "content_end": 31, "content_spans": [[14, 31]],
    ...      "speaker_spans": [[0, 7]], "cue": "said", "type": "direct"}]}
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "gold.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps(record) + "\\n")
    >>> def predict(articles):
    ...     return make_frame("quotes", [{"article_id": "t1", "content_start": 15,
    ...         "content_end": 29, "speaker_start": 0, "speaker_end": 7}])
    >>> table = evaluate(path, predict=predict)
    >>> table[["tier", "f1", "speaker_accuracy", "n_found", "articles_raising"]]
         tier   f1  speaker_accuracy  n_found  articles_raising
    0  direct  1.0               1.0        1                 0
    1  speech  1.0               1.0        1                 0
    2     all  1.0               1.0        1                 0
    """
    records, run = run_on_gold(path, limit=limit, nlp=nlp, batch_size=batch_size,
                               n_process=n_process, progress=progress, predict=predict)
    table = add_run_columns(score(records, predicted_quotes(run)), records, run,
                            unit="articles")
    return table


def format_table(table: pd.DataFrame) -> str:
    """The table as aligned plain text, ratios to three decimals."""
    return table.to_string(
        index=False,
        formatters={"chars_per_second": "{:,.0f}".format},
        float_format=lambda x: f"{x:.3f}",
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m toolkit eval PATH [--limit N]``: print the score table.

    Returns 0, or 2 when the gold file does not exist.

    Examples
    --------
    >>> main(["/no/such/gold.jsonl"])
    2
    """
    parser = argparse.ArgumentParser(
        prog="toolkit eval",
        description="Score the toolkit's quotes against a gold attribution JSONL file.",
    )
    parser.add_argument("path", help="gold JSON Lines file (format of ../shared/eval)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--model", default=None, help="spaCy pipeline package to use")
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.is_file():
        print(f"toolkit eval: gold file not found: {path}", file=sys.stderr)
        return 2
    table = evaluate(path, nlp=args.model, limit=args.limit, batch_size=args.batch_size,
                     n_process=args.n_process, progress=args.progress)
    print(format_table(table))
    return 0
