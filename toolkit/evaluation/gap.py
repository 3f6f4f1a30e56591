"""Score pronoun resolution on GAP (the protocol of ``../shared/eval/README.md``, GAP
section, identical to the GAP repository's ``gap_scorer.py``).

Gold data is JSON Lines, one example a line: ``{"id", "text", "pronoun",
"pronoun_offset", "a", "a_offset", "a_coref", "b", "b_offset", "b_coref", "url"}``.

Snippet-context setting: the system reads only ``text`` (every snippet goes through one
:func:`toolkit.analyze` call) and finds mentions itself; the given spans only pose the
question (:func:`decisions`): the system mentions covering the pronoun's offset give its
entities, the system mentions overlapping the name A (``a_offset`` to ``a_offset +
len(a)``) give A's; A is coreferent when the two share an entity, likewise B.

:func:`score` tallies the two binary decisions of each example against the gold (a
missing example answers false for both), over all decisions (**Overall**) and by the
pronoun's gender (**Masculine**, **Feminine**; lexicon ``eval_gap_pronoun_genders``):
precision, recall and F1 as fractions (``gap_scorer.py`` prints them x100), with tp, fp,
fn, tn; **bias** = F1 Feminine / F1 Masculine.

Examples
--------
>>> gold = [{"id": "g1", "text": "Ann met Eve. She smiled.", "pronoun": "She",
...          "pronoun_offset": 13, "a": "Ann", "a_offset": 0, "a_coref": True,
...          "b": "Eve", "b_offset": 8, "b_coref": False}]
>>> mentions = pd.DataFrame({"article_id": ["g1"] * 3, "start": [0, 8, 13],
...                          "end": [3, 11, 16], "entity_id": ["E1", "E2", "E1"]})
>>> decisions(gold, mentions).values.tolist()
[['g1', True, False]]
>>> score(gold, decisions(gold, mentions))[["group", "f1", "tp", "fp", "fn"]].values.tolist()
[['Overall', 1.0, 1, 0, 0], ['Masculine', nan, 0, 0, 0], ['Feminine', 1.0, 1, 0, 0]]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit import lexicons
from toolkit.evaluation.common import (
    add_run_columns,
    f1_score,
    ratio,
    run_on_gold,
    sample_rows,
    shorten,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["GROUPS", "RESULT_COLUMNS", "decisions", "evaluate", "misses", "pronoun_gender",
           "score"]

GROUPS = ("Overall", "Masculine", "Feminine")
RESULT_COLUMNS = ["group", "precision", "recall", "f1", "tp", "fp", "fn", "tn", "n_examples",
                  "bias"]
DECISION_COLUMNS = ["id", "a_coref", "b_coref"]


def pronoun_gender(pronoun: str) -> str | None:
    """``"Feminine"`` / ``"Masculine"`` for GAP's pronouns, None for any other word.

    Examples
    --------
    >>> pronoun_gender("Her"), pronoun_gender("his"), pronoun_gender("they")
    ('Feminine', 'Masculine', None)
    """
    return lexicons.table("eval_gap_pronoun_genders").get(str(pronoun).casefold())


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def decisions(gold: Sequence[Mapping[str, Any]], mentions: pd.DataFrame) -> pd.DataFrame:
    """The system's answers ``id, a_coref, b_coref`` from its mentions.

    ``mentions`` has ``article_id`` (the example id), ``start``, ``end`` and
    ``entity_id`` (or ``name``, when there are no ids); not mutated. The pronoun's
    entities are those of the mentions covering ``pronoun_offset``; A's those of the
    mentions overlapping the name A; A is coreferent when they share one.

    Examples
    --------
    No mention on the pronoun: both answers are false.

    >>> gold = [{"id": "g", "text": "Ann saw him.", "pronoun": "him", "pronoun_offset": 8,
    ...          "a": "Ann", "a_offset": 0, "b": "saw", "b_offset": 4}]
    >>> m = pd.DataFrame({"article_id": ["g"], "start": [0], "end": [3], "entity_id": ["E"]})
    >>> decisions(gold, m).values.tolist()
    [['g', False, False]]
    """
    key = "entity_id" if "entity_id" in mentions.columns else "name"
    if key not in mentions.columns or not {"article_id", "start", "end"} <= set(mentions):
        raise ValueError("mentions need article_id, start, end and entity_id (or name)")
    spans: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
    for aid, start, end, entity in zip(mentions["article_id"], mentions["start"],
                                       mentions["end"], mentions[key], strict=True):
        if not (_missing(start) or _missing(end) or _missing(entity)):
            spans[str(aid)].append((int(start), int(end), entity))
    rows = []
    for record in gold:
        mine = spans.get(str(record["id"]), [])
        offset = int(record["pronoun_offset"])
        pronoun = {entity for s, e, entity in mine if s <= offset < e}

        def coreferent(name: str, at: int, mine=mine, pronoun=pronoun) -> bool:
            end = at + len(name)
            return bool(pronoun & {entity for s, e, entity in mine if s < end and e > at})

        rows.append({"id": str(record["id"]),
                     "a_coref": coreferent(record["a"], int(record["a_offset"])),
                     "b_coref": coreferent(record["b"], int(record["b_offset"]))})
    return pd.DataFrame(rows, columns=DECISION_COLUMNS)


def _answers(predicted: pd.DataFrame) -> dict[str, tuple[bool, bool]]:
    missing = set(DECISION_COLUMNS) - set(predicted.columns)
    if missing:
        raise ValueError(f"decisions need columns {sorted(missing)}")
    return {str(i): (a is True or (not _missing(a) and bool(a)),
                     b is True or (not _missing(b) and bool(b)))
            for i, a, b in zip(predicted["id"], predicted["a_coref"], predicted["b_coref"],
                               strict=True)}


def score(gold: Sequence[Mapping[str, Any]], predicted: pd.DataFrame) -> pd.DataFrame:
    """Tally the system's decisions against the gold, one row per group of :data:`GROUPS`.

    Parameters
    ----------
    gold
        GAP records (``id``, ``pronoun``, ``a_coref``, ``b_coref``, ...).
    predicted
        ``id``, ``a_coref``, ``b_coref`` (booleans), e.g. from :func:`decisions`; an
        example without a row answers false twice. Not mutated.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``precision``, ``recall``, ``f1`` (fractions), ``tp``, ``fp``,
        ``fn``, ``tn``, ``n_examples`` and ``bias`` (F1 Feminine / F1 Masculine, the
        same on every row).

    Examples
    --------
    Always answering "yes" finds every gold link but is wrong on the other name:

    >>> gold = [{"id": str(i), "pronoun": p, "a_coref": a, "b_coref": not a}
    ...         for i, (p, a) in enumerate([("he", True), ("she", False)])]
    >>> yes = pd.DataFrame({"id": ["0", "1"], "a_coref": True, "b_coref": True})
    >>> score(gold, yes)[["group", "precision", "recall", "tp", "fp"]].values.tolist()
    [['Overall', 0.5, 1.0, 2, 2], ['Masculine', 0.5, 1.0, 1, 1], ['Feminine', 0.5, 1.0, 1, 1]]
    """
    answers = _answers(predicted)
    tallies = {g: [0, 0, 0, 0, 0] for g in GROUPS}  # tp, fp, fn, tn, examples
    for record in gold:
        answer = answers.get(str(record["id"]), (False, False))
        groups = ["Overall"]
        gender = pronoun_gender(record.get("pronoun", ""))
        if gender in tallies:
            groups.append(gender)
        for group in groups:
            tallies[group][4] += 1
        for said, truth in zip(answer, (bool(record.get("a_coref")),
                                        bool(record.get("b_coref"))), strict=True):
            cell = 0 if said and truth else 1 if said else 2 if truth else 3
            for group in groups:
                tallies[group][cell] += 1
    rows = []
    for group, (tp, fp, fn, tn, n) in tallies.items():
        precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
        rows.append({"group": group, "precision": precision, "recall": recall,
                     "f1": f1_score(precision, recall), "tp": tp, "fp": fp, "fn": fn,
                     "tn": tn, "n_examples": n})
    table = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    f1 = dict(zip(table["group"], table["f1"], strict=True))
    table["bias"] = ratio(f1["Feminine"], f1["Masculine"])
    return table


def misses(gold: Sequence[Mapping[str, Any]], predicted: pd.DataFrame, n: int = 5, *,
           seed: int = 0) -> pd.DataFrame:
    """A seeded sample of at most ``n`` false positives and ``n`` false negatives, for
    error analysis (print it; never store it).

    Columns: ``class``, ``id``, ``pronoun``, ``name`` (the candidate judged), ``gold``
    (which candidates are coreferent), ``context`` (about 120 characters from the first
    of the candidate and the pronoun).

    Examples
    --------
    >>> gold = [{"id": "g", "text": "Ann met Eve. She smiled.", "pronoun": "She",
    ...          "pronoun_offset": 13, "a": "Ann", "a_offset": 0, "a_coref": True,
    ...          "b": "Eve", "b_offset": 8, "b_coref": False}]
    >>> wrong = pd.DataFrame({"id": ["g"], "a_coref": [False], "b_coref": [True]})
    >>> misses(gold, wrong)[["class", "name", "gold"]].values.tolist()
    [['false positive', 'Eve', 'A'], ['false negative', 'Ann', 'A']]
    """
    answers = _answers(predicted)
    found: dict[str, list[dict[str, Any]]] = {"false positive": [], "false negative": []}
    for record in gold:
        answer = answers.get(str(record["id"]), (False, False))
        truth = (bool(record.get("a_coref")), bool(record.get("b_coref")))
        label = "+".join(x for x, t in zip("AB", truth, strict=True) if t) or "neither"
        for said, true, which in zip(answer, truth, "ab", strict=True):
            if said == true:
                continue
            start = min(int(record[f"{which}_offset"]), int(record["pronoun_offset"]))
            found["false positive" if said else "false negative"].append({
                "id": str(record["id"]), "pronoun": record.get("pronoun"),
                "name": record[which], "gold": label,
                "context": shorten((record.get("text") or "")[start:start + 120]),
            })
    rows = [{"class": c, **r} for c, items in found.items()
            for r in sample_rows(items, n, seed=seed)]
    frame = pd.DataFrame(rows, columns=["class", "id", "pronoun", "name", "gold", "context"])
    frame.attrs["totals"] = {c: len(items) for c, items in found.items()}
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
    """Run the toolkit (or ``predict``) on the GAP snippets and score its pronouns.

    Parameters
    ----------
    path
        The gold JSON Lines file (``gap-dev.jsonl``).
    nlp, batch_size, n_process, progress
        Passed to :func:`toolkit.analyze` (every snippet in one call, no cache).
    limit
        Only the first ``limit`` examples.
    predict
        Another system: takes the articles frame (one article per snippet, ``article_id``
        = the example id) and returns decisions (``id``, ``a_coref``, ``b_coref``), a
        mentions frame, or an object with ``.mentions`` (and optionally ``.errors``).
    misses_per_class, seed
        When positive, ``table.attrs["misses"]`` holds :func:`misses`.

    Returns
    -------
    pandas.DataFrame
        The :func:`score` table plus ``n_documents``, ``documents_raising`` and
        ``chars_per_second``.

    Examples
    --------
    >>> import json, os, tempfile
    >>> record = {"id": "g", "text": "Ann met Eve. She smiled.", "pronoun": "She",
    ...           "pronoun_offset": 13, "a": "Ann", "a_offset": 0, "a_coref": False,
    ...           "b": "Eve", "b_offset": 8, "b_coref": True}
    >>> path = os.path.join(tempfile.mkdtemp(), "gap.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps(record) + "\\n")
    >>> answer = lambda articles: pd.DataFrame({"id": ["g"], "a_coref": [False],
    ...                                         "b_coref": [True]})
    >>> evaluate(path, predict=answer).loc[0, ["f1", "n_examples"]].tolist()
    [1.0, 1.0]
    """
    records, run = run_on_gold(path, limit=limit, nlp=nlp, batch_size=batch_size,
                               n_process=n_process, progress=progress, predict=predict)
    if isinstance(run.result, pd.DataFrame) and "a_coref" in run.result.columns:
        answers = run.result
    else:
        mentions = run.frame("mentions")
        if mentions is None:
            raise TypeError("predict must return decisions, a mentions DataFrame or an "
                            f"object with a .mentions frame, got {type(run.result)!r}")
        raising = run.raising
        mentions = mentions[~mentions["article_id"].astype(str).isin(raising)]
        answers = decisions(records, mentions)
    table = add_run_columns(score(records, answers), records, run)
    if misses_per_class > 0:
        table.attrs["misses"] = misses(records, answers, misses_per_class, seed=seed)
    return table
