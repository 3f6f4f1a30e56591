"""Score quotes with resolved speakers and targets (the protocol of
``../shared/eval/wikinews-quotes-dev.md``).

Gold data is JSON Lines, one article a line: ``{"id", "text", "quotes": [...]}``, each
gold quote as in the PolNeAR set (``content_spans``, ``speaker_spans``, ``cue``,
``type``) plus ``speaker_name`` (the resolved source, or null) and ``about`` (the
canonical names of the entities the content refers to).

The protocol, as implemented by :func:`score`:

- **Speech only.** The guidelines leave bare cognition verbs out, so only the system's
  speech attributions are scored: the predictions whose ``cue_class`` is ``"speech"``
  when the quotes frame has that column, otherwise every prediction.
- **Quotes** are matched as in :mod:`toolkit.evaluation.attribution` (trimmed spans,
  50% inside one gold's fragments, assigned to the gold overlapped most, nested ties to
  the smaller gold; found when the assigned predictions cover 50%), over every gold
  quote (the ``all`` tier): ``precision``, ``recall``, ``f1``, ``exact`` and
  ``speaker_accuracy`` (the local speaker span overlaps the gold's) mean what they mean
  there.
- **Speaker name accuracy.** Over found gold quotes with a non-null ``speaker_name``:
  the share where an assigned prediction's ``speaker`` matches it under the name rule
  (:func:`toolkit.evaluation.common.names_match`: casefolded, accents stripped, equal
  word lists or equal last words).
- **About.** Over found gold quotes, micro-averaged: the ``about`` names of the assigned
  predictions (each entity once per quote) against the gold ``about`` list, paired under
  the same name rule (:func:`toolkit.evaluation.common.match_name_lists`); a pair is a
  true positive, an unpaired predicted name a false positive, an unpaired gold name a
  false negative.

Examples
--------
>>> import pandas as pd
>>> text = "Ann Lee said the mayor of Springfield would resign."
>>> gold = [{"id": "w1", "text": text, "quotes": [{
...     "content_start": 13, "content_end": 50, "content_spans": [[13, 50]],
...     "speaker_spans": [[0, 7]], "cue": "said", "type": "indirect",
...     "speaker_name": "Ann Lee", "about": ["Springfield", "Bob Day"]}]}]
>>> predicted = pd.DataFrame({"article_id": ["w1"], "content_start": [13],
...     "content_end": [50], "speaker": ["Lee"], "about": [["Springfield"]]})
>>> score(gold, predicted)[["f1", "speaker_name_accuracy", "about_precision",
...                         "about_recall"]].values.tolist()
[[1.0, 1.0, 1.0, 0.5]]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.evaluation.attribution import predicted_quotes, tier_row
from toolkit.evaluation.common import (
    add_run_columns,
    f1_score,
    match_name_lists,
    names_match,
    ratio,
    run_on_gold,
    sample_rows,
    shorten,
)
from toolkit.evaluation.matching import (
    GoldQuote,
    PredictedQuote,
    assigned_predictions,
    is_found,
    match_quotes,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["MISS_CLASSES", "RESULT_COLUMNS", "evaluate", "misses", "score",
           "speech_predictions"]

RESULT_COLUMNS = [
    "precision", "recall", "f1", "exact", "speaker_accuracy", "speaker_name_accuracy",
    "about_precision", "about_recall", "about_f1",
    "n_gold", "n_pred", "n_correct", "n_found", "n_exact",
    "n_found_with_speaker", "n_speaker_correct", "n_found_with_name", "n_name_correct",
    "about_tp", "about_fp", "about_fn", "n_pred_not_speech",
]

#: The error classes :func:`misses` samples, in print order.
MISS_CLASSES = ("speaker name wrong", "about false positive", "about false negative",
                "quote missed", "quote spurious")

MISS_COLUMNS = ["class", "article_id", "gold", "predicted", "speaker_text", "content"]


def speech_predictions(predicted: pd.DataFrame) -> pd.DataFrame:
    """The predictions this protocol scores: all but those whose ``cue_class`` names
    another class than speech (a missing class counts as speech: a system that does
    not classify cues is scored on everything). Not mutated.

    Examples
    --------
    >>> frame = pd.DataFrame({"cue_class": ["speech", "belief", None]})
    >>> len(speech_predictions(frame)), len(speech_predictions(frame[[]]))
    (2, 3)
    """
    if "cue_class" not in predicted.columns:
        return predicted.reset_index(drop=True)
    keep = predicted["cue_class"].astype("string").fillna("speech").eq("speech").astype(bool)
    return predicted[keep.to_numpy()].reset_index(drop=True)


def _names(value: Any) -> list[str]:
    """An ``about`` cell as a list of names (lists, tuples, arrays; missing -> [])."""
    if isinstance(value, str):
        return [value]
    if value is None or not hasattr(value, "__iter__"):
        return []
    return [v for v in value if isinstance(v, str) and v]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


@dataclass
class _Comparison:
    """Gold and speech predictions matched: what :func:`score` and :func:`misses` read."""

    golds: list[GoldQuote]
    preds: list[PredictedQuote]
    assigned: dict[tuple[str, int], list[PredictedQuote]]
    quotes: dict[tuple[str, int], Mapping[str, Any]]  # gold quote records by key
    rows: list[dict[str, Any]]  # the speech predictions, by PredictedQuote.row
    n_not_speech: int

    def found(self) -> list[GoldQuote]:
        return [g for g in self.golds if is_found(g, self.assigned.get(g.key, []))]

    def mine(self, gold: GoldQuote) -> list[dict[str, Any]]:
        return [self.rows[p.row] for p in self.assigned.get(gold.key, [])]


def _compare(gold: Sequence[Mapping[str, Any]], predicted: pd.DataFrame,
             texts: Mapping[str, str] | None) -> _Comparison:
    speech = speech_predictions(predicted)
    golds, preds = match_quotes(gold, speech, texts)
    quotes = {(str(r["id"]), i): q for r in gold for i, q in enumerate(r.get("quotes") or [])}
    return _Comparison(golds=golds, preds=preds, assigned=assigned_predictions(preds),
                       quotes=quotes, rows=speech.to_dict("records"),
                       n_not_speech=len(predicted) - len(speech))


def _about(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return [name for row in rows for name in _names(row.get("about"))]


def score(
    gold: Sequence[Mapping[str, Any]],
    predicted: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Score predicted quotes against the gold, one row (the protocol is above).

    Parameters
    ----------
    gold
        Records as in the gold JSON Lines file (``id``, ``text``, ``quotes``).
    predicted
        A quotes frame; the columns read are ``article_id``, ``content_start``,
        ``content_end``, ``speaker_start``, ``speaker_end``, ``speaker``, ``about`` and
        ``cue_class`` when present. Not mutated.
    texts
        Article texts by id; defaults to the gold records' ``text``.

    Returns
    -------
    pandas.DataFrame
        One row, the columns of :data:`RESULT_COLUMNS`: the quote measures of the
        PolNeAR ``all`` tier, ``speaker_name_accuracy``, ``about_precision`` /
        ``_recall`` / ``_f1`` and the counts behind them (``n_pred_not_speech``: the
        predictions left out for their ``cue_class``).

    Examples
    --------
    A wrong speaker name and a target that is not in the gold:

    >>> text = 'Bob Day said: "The bridge opens in May."'
    >>> gold = [{"id": "w", "text": text, "quotes": [{"content_spans": [[14, 40]],
    ...     "speaker_spans": [[0, 7]], "cue": "said", "type": "direct",
    ...     "speaker_name": "Bob Day", "about": []}]}]
    >>> pred = pd.DataFrame({"article_id": ["w", "w"], "content_start": [15, 15],
    ...     "content_end": [38, 38], "speaker": ["Ann Lee", "Bob Day"],
    ...     "about": [["Springfield"], []], "cue_class": ["speech", "belief"]})
    >>> row = score(gold, pred).iloc[0]
    >>> row[["speaker_name_accuracy", "about_precision", "about_fp", "n_pred_not_speech"]
    ...     ].tolist()
    [0.0, 0.0, 1.0, 1.0]
    """
    cmp = _compare(gold, predicted, texts)
    row = tier_row("all", cmp.golds, cmp.preds)
    del row["tier"]
    n_with_name = n_name_correct = tp = fp = fn = 0
    for g in cmp.found():
        quote, mine = cmp.quotes[g.key], cmp.mine(g)
        if not _missing(quote.get("speaker_name")):
            n_with_name += 1
            if any(names_match(r.get("speaker"), quote["speaker_name"]) for r in mine):
                n_name_correct += 1
        pairs, extra, missed = match_name_lists(_about(mine), _names(quote.get("about")))
        tp, fp, fn = tp + len(pairs), fp + len(extra), fn + len(missed)
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    row.update({
        "speaker_name_accuracy": ratio(n_name_correct, n_with_name),
        "about_precision": precision, "about_recall": recall,
        "about_f1": f1_score(precision, recall),
        "n_found_with_name": n_with_name, "n_name_correct": n_name_correct,
        "about_tp": tp, "about_fp": fp, "about_fn": fn, "n_pred_not_speech": cmp.n_not_speech,
    })
    return pd.DataFrame([row], columns=RESULT_COLUMNS)


def misses(
    gold: Sequence[Mapping[str, Any]],
    predicted: pd.DataFrame,
    n: int = 5,
    *,
    seed: int = 0,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A seeded sample of at most ``n`` errors of each class of :data:`MISS_CLASSES`,
    for error analysis (print it; never store it: it quotes the gold data).

    Columns: ``class``, ``article_id``, ``gold``, ``predicted``, ``speaker_text`` (the
    predictions' local speaker mentions), ``content`` (cut to 120 characters).

    Examples
    --------
    >>> text = "Ann Lee said the mayor of Springfield would resign."
    >>> gold = [{"id": "w1", "text": text, "quotes": [{"content_spans": [[13, 50]],
    ...     "cue": "said", "speaker_name": "Ann Lee", "about": ["Springfield"]}]}]
    >>> pred = pd.DataFrame({"article_id": ["w1"], "content_start": [13],
    ...     "content_end": [50], "speaker": ["Bob Day"], "speaker_text": ["Bob"],
    ...     "about": [["Ann Lee"]]})
    >>> for row in misses(gold, pred)[["class", "gold", "predicted"]].values.tolist():
    ...     print(row)
    ['speaker name wrong', 'Ann Lee', 'Bob Day']
    ['about false positive', 'Springfield', 'Ann Lee']
    ['about false negative', 'Springfield', 'Ann Lee']
    """
    cmp = _compare(gold, predicted, texts)
    texts = dict(texts or {})
    for record in gold:
        texts.setdefault(str(record["id"]), record.get("text") or "")
    found: dict[str, list[dict[str, Any]]] = {c: [] for c in MISS_CLASSES}

    def content(g: GoldQuote) -> str:
        text = texts[g.key[0]]
        return shorten(" … ".join(text[s:e] for s, e in g.fragments))

    def joined(values: Sequence[Any]) -> str:
        return "; ".join(str(v) for v in values if not _missing(v)) or "(none)"

    found_keys = set()
    for g in cmp.found():
        found_keys.add(g.key)
        quote, mine = cmp.quotes[g.key], cmp.mine(g)
        base = {"article_id": g.key[0], "content": content(g)}
        name = quote.get("speaker_name")
        if not _missing(name) and not any(names_match(r.get("speaker"), name) for r in mine):
            found["speaker name wrong"].append({
                **base, "gold": name, "predicted": joined([r.get("speaker") for r in mine]),
                "speaker_text": joined([r.get("speaker_text") for r in mine])})
        predicted_about, gold_about = _about(mine), _names(quote.get("about"))
        _, extra, missed = match_name_lists(predicted_about, gold_about)
        for wrong in extra:
            found["about false positive"].append({
                **base, "gold": ", ".join(gold_about) or "(none)", "predicted": wrong,
                "speaker_text": joined([r.get("speaker_text") for r in mine])})
        for lost in missed:
            found["about false negative"].append({
                **base, "gold": lost, "predicted": ", ".join(dict.fromkeys(predicted_about))
                or "(none)", "speaker_text": joined([r.get("speaker_text") for r in mine])})
    for g in cmp.golds:
        if g.key not in found_keys:
            quote = cmp.quotes[g.key]
            found["quote missed"].append({
                "article_id": g.key[0], "gold": quote.get("speaker_name") or "(no name)",
                "predicted": "", "speaker_text": quote.get("speaker") or "",
                "content": content(g)})
    for p in cmp.preds:
        if p.gold is None:
            row = cmp.rows[p.row]
            text = texts[str(row["article_id"])]
            found["quote spurious"].append({
                "article_id": str(row["article_id"]), "gold": "",
                "predicted": joined([row.get("speaker")]),
                "speaker_text": joined([row.get("speaker_text")]),
                "content": shorten(text[p.span[0]:p.span[1]])})
    rows = [{"class": c, **r} for c in MISS_CLASSES for r in sample_rows(found[c], n, seed=seed)]
    frame = pd.DataFrame(rows, columns=MISS_COLUMNS)
    frame.attrs["totals"] = {c: len(found[c]) for c in MISS_CLASSES}
    return frame


def evaluate(
    path: str | Path,
    *,
    nlp: Language | str | None = None,
    limit: int | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: bool = False,
    predict: Callable[[pd.DataFrame], Any] | None = None,
    misses_per_class: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """Run the toolkit (or ``predict``) on a gold file and score it (see :func:`score`).

    Parameters are those of :func:`toolkit.evaluation.attribution.evaluate`, plus
    ``misses_per_class``: when positive, ``table.attrs["misses"]`` holds a seeded
    (``seed``) sample of that many errors per class (:func:`misses`).

    Returns
    -------
    pandas.DataFrame
        The :func:`score` row plus ``n_articles``, ``articles_raising`` and
        ``chars_per_second``.

    Examples
    --------
    >>> import json, os, tempfile
    >>> text = 'Ann Lee said: "Rain is coming."'
    >>> record = {"id": "t1", "text": text, "quotes": [{"content_spans": [[14, 31]],
    ...     "speaker_spans": [[0, 7]], "cue": "said", "type": "direct",
    ...     "speaker_name": "Ann Lee", "about": []}]}
    >>> path = os.path.join(tempfile.mkdtemp(), "gold.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps(record) + "\\n")
    >>> predict = lambda articles: pd.DataFrame({"article_id": ["t1"],
    ...     "content_start": [15], "content_end": [29], "speaker": ["Ann Lee"],
    ...     "about": [[]]})
    >>> evaluate(path, predict=predict)[["f1", "speaker_name_accuracy", "n_articles"]
    ...     ].values.tolist()
    [[1.0, 1.0, 1.0]]
    """
    records, run = run_on_gold(path, limit=limit, nlp=nlp, batch_size=batch_size,
                               n_process=n_process, progress=progress, predict=predict)
    quotes = predicted_quotes(run)
    table = add_run_columns(score(records, quotes), records, run, unit="articles")
    if misses_per_class > 0:
        table.attrs["misses"] = misses(records, quotes, misses_per_class, seed=seed)
    return table
