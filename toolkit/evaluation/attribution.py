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

The trimming and matching are in :mod:`toolkit.evaluation.matching`, the verbs of
saying in :mod:`toolkit.evaluation.speech_cues`; their names are importable from here too.

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
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.evaluation.common import (
    SystemRun,
    add_run_columns,
    load_records,
    ratio,
    run_on_gold,
)
from toolkit.evaluation.matching import LEFT_QUOTATION_MARKS as LEFT_QUOTATION_MARKS
from toolkit.evaluation.matching import RIGHT_QUOTATION_MARKS as RIGHT_QUOTATION_MARKS
from toolkit.evaluation.matching import (
    GoldQuote,
    PredictedQuote,
    assign_quote,
    assigned_predictions,
    gold_quotes,
    in_quotation_marks,
    is_found,
    match_quotes,
    overlap_length,
    trim_span,
)
from toolkit.evaluation.speech_cues import (
    SAYING_PHRASES,
    SAYING_VERBS,
    is_speech_cue,
    saying_forms,
)

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


# --------------------------------------------------------------------------- scoring

def tier_row(tier: str, golds: list[GoldQuote], preds: list[PredictedQuote]) -> dict[str, Any]:
    """One row of the score table: ``tier`` and the :data:`RESULT_COLUMNS` measures.

    Examples
    --------
    >>> text = 'Ann said: "Yes." Bob nodded.'
    >>> gold = [{"id": "a", "text": text, "quotes": [{"content_spans": [[10, 16]]}]}]
    >>> predicted = pd.DataFrame({"article_id": ["a", "a"],
    ...                           "content_start": [11, 17], "content_end": [14, 27]})
    >>> row = tier_row("all", *match_quotes(gold, predicted))
    >>> row["precision"], row["recall"], row["f1"]
    (0.5, 1.0, 0.6666666666666666)
    """
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
            if any(p.speaker is not None and overlap_length(p.speaker, gold.speakers) > 0
                   for p in mine):
                n_speaker_correct += 1
    n_correct = sum(p.gold is not None for p in preds)
    precision, recall = ratio(n_correct, len(preds)), ratio(n_found, len(golds))
    f1 = (2 * precision * recall / (precision + recall)
          if precision + recall > 0 else (0.0 if precision == 0 else float("nan")))
    return {
        "tier": tier, "precision": precision, "recall": recall, "f1": f1,
        "speaker_accuracy": ratio(n_speaker_correct, n_with_speaker),
        "exact": ratio(n_exact, len(golds)),
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
