"""Score check-worthiness as a ranking (the CheckThat! protocol of ``../shared/eval``).

Gold data is JSON Lines, one debate (or speech, press conference) a line::

    {"id": "...", "lines": [{"line": 1, "speaker": "...", "text": "...", "label": 0}, ...]}

The protocol, as implemented by :func:`rank_metrics` and :func:`average_metrics`
(identical to the CLEF-2019 CheckThat! Task 1 scorer):

- A system gives one score per line, higher = more check-worthy. Per debate, lines
  are ranked by score, descending; **ties keep line order**.
- **AP** (average precision) is the sum of P@rank over the check-worthy lines divided
  by their number; **R-precision** is P@R with R the number of check-worthy lines;
  **RR** is 1 / the rank of the first check-worthy line; **P@k** is the number of
  check-worthy lines in the top k divided by k, for k = 1, 3, 5, 10, 20, 50 (a debate
  shorter than k lines still divides by k; the official scorer raises there).
- Each measure is averaged over the debates: **MAP** is the main one. A debate
  without any check-worthy line has no AP, R-precision or RR and is left out of
  those averages (and of ``n_debates``).

:func:`evaluate_checkworthiness` puts side by side, one row per system:

``checkworthiness-loo``
    The toolkit's scorer refitted with **leave-one-debate-out cross-validation**: for
    each debate, the coefficients are fitted on the other debates
    (:func:`toolkit.checkworthiness.fit`, the code path of
    ``bench/fit_checkworthiness.py``) and the held-out debate is scored with them.
    Needs scikit-learn; skipped with a warning when it is absent.
``checkworthiness-shipped``
    The shipped coefficients, as users get them. They were fitted on
    ``checkworthiness-dev.jsonl``, so on that file this row is in-sample; on any
    other file it is a genuine test.
``length-baseline``
    The number of words of the line (white-space separated).
``random-baseline``
    Seeded uniform random scores (``numpy.random.default_rng(seed)``, drawn debate
    by debate in file order).

The speakers of the lines are given to the scorer (the protocol hands a system
line, speaker and text), one debate at a time.

Examples
--------
>>> rank_metrics([0.9, 0.1, 0.5, 0.5], [0, 1, 1, 0])["ap"]  # hits at ranks 2 and 4
0.5
>>> rank_metrics([0.0, 0.0, 0.0], [0, 0, 1])["rr"]  # ties keep line order
0.3333
"""

from __future__ import annotations

import argparse
import json
import math
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language

__all__ = [
    "K_VALUES",
    "METRICS",
    "average_metrics",
    "debate_features",
    "evaluate_checkworthiness",
    "leave_one_debate_out",
    "load_debates",
    "main",
    "rank_metrics",
]

K_VALUES = (1, 3, 5, 10, 20, 50)
METRICS = ("map", "r_precision", "mrr", *(f"p@{k}" for k in K_VALUES))


# --------------------------------------------------------------------------- data

def load_debates(path: str | Path) -> list[dict[str, Any]]:
    """The debates of a gold file, each ``{"id", "lines"}`` with its lines sorted by
    ``line``. Raises ValueError naming the file and line for malformed records.

    Examples
    --------
    >>> import json, tempfile, os
    >>> rec = {"id": "d1", "lines": [{"line": 2, "speaker": "A", "text": "Two.", "label": 1},
    ...                              {"line": 1, "speaker": "B", "text": "One.", "label": 0}]}
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
    ...     _ = fh.write(json.dumps(rec) + "\\n")
    >>> [x["line"] for x in load_debates(fh.name)[0]["lines"]]
    [1, 2]
    >>> os.unlink(fh.name)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no check-worthiness gold file at {path}")
    debates: list[dict[str, Any]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not JSON ({exc})") from exc
            if not isinstance(record, dict) or not isinstance(record.get("lines"), list):
                raise ValueError(f"{where}: expected an object with 'id' and 'lines'")
            debate_id = str(record.get("id", number))
            if debate_id in seen:
                raise ValueError(f"{where}: debate id {debate_id!r} appears twice")
            seen.add(debate_id)
            lines = []
            for k, line in enumerate(record["lines"]):
                try:
                    lines.append({"line": int(line["line"]), "speaker": line.get("speaker"),
                                  "text": line["text"], "label": int(line["label"])})
                except (KeyError, TypeError, ValueError) as exc:
                    raise ValueError(f"{where}: line {k} of {debate_id!r} lacks line/text/"
                                     f"label ({exc!r})") from exc
                if lines[-1]["label"] not in (0, 1):
                    raise ValueError(f"{where}: label of line {k} is not 0 or 1")
            lines.sort(key=lambda x: x["line"])
            debates.append({"id": debate_id, "lines": lines})
    if not debates:
        raise ValueError(f"{path} holds no debates")
    return debates


def debate_features(debates: Sequence[Mapping[str, Any]], *,
                    nlp: Language | str | None = None) -> pd.DataFrame:
    """The check-worthiness features of every line (one debate at a time, so that the
    speaker features are the debate's), with ``debate``, ``line`` and ``label`` columns.

    Examples
    --------
    >>> d = [{"id": "x", "lines": [{"line": 1, "speaker": "A", "text": "Jobs rose 5%.",
    ...                             "label": 1}]}]
    >>> t = debate_features(d)
    >>> t[["debate", "line", "label", "has_percent", "speaker_share"]].to_dict("records")
    [{'debate': 'x', 'line': 1, 'label': 1, 'has_percent': True, 'speaker_share': 1.0}]
    """
    import pandas as pd

    from toolkit.checkworthiness import feature_table
    from toolkit.nlp import load_pipeline

    pipeline = load_pipeline(nlp)
    parts = []
    for debate in debates:
        lines = debate["lines"]
        table = feature_table([x["text"] for x in lines], nlp=pipeline,
                              speakers=[x["speaker"] for x in lines], batch_size=256)
        table.insert(0, "label", [x["label"] for x in lines])
        table.insert(0, "line", [x["line"] for x in lines])
        table.insert(0, "debate", debate["id"])
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- protocol

def rank_metrics(scores: Sequence[float], labels: Sequence[int]) -> dict[str, float]:
    """AP, R-precision, RR and P@k of one debate's line scores (lines in order).

    Ties keep line order (a stable sort); NaN scores rank last. AP, R-precision and
    RR are NaN when no line is check-worthy. Values are rounded to 4 decimals.

    Examples
    --------
    >>> m = rank_metrics([3, 2, 1], [0, 1, 0])
    >>> m["ap"], m["r_precision"], m["rr"], m["p@1"], m["p@3"], m["p@5"]
    (0.5, 0.0, 0.5, 0.0, 0.3333, 0.2)
    """
    if len(scores) != len(labels):
        raise ValueError(f"{len(scores)} scores for {len(labels)} lines")
    def key(i: int) -> float:  # descending; a missing (NaN) score ranks last
        value = float(scores[i])
        return math.inf if math.isnan(value) else -value

    order = sorted(range(len(scores)), key=key)
    ranked = [int(labels[i]) for i in order]
    n_relevant = sum(ranked)
    out: dict[str, float] = {}
    if n_relevant:
        hits, precision_sum, first = 0, 0.0, 0
        for rank, label in enumerate(ranked, 1):
            if label:
                hits += 1
                precision_sum += hits / rank
                first = first or rank
        out["ap"] = precision_sum / n_relevant
        out["r_precision"] = sum(ranked[:n_relevant]) / n_relevant
        out["rr"] = 1.0 / first
    else:
        out["ap"] = out["r_precision"] = out["rr"] = math.nan
    for k in K_VALUES:
        out[f"p@{k}"] = sum(ranked[:k]) / k
    return {k: round(v, 4) for k, v in out.items()}


def average_metrics(per_debate: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The protocol's averages over debates: MAP, mean R-precision, MRR, mean P@k
    (debates without a check-worthy line are left out of the first three).

    Examples
    --------
    >>> average_metrics([rank_metrics([1, 0], [1, 0]), rank_metrics([1, 0], [0, 1])])["map"]
    0.75
    """
    def mean(values: list[float]) -> float:
        values = [v for v in values if not math.isnan(v)]
        return round(sum(values) / len(values), 4) if values else math.nan

    out = {"map": mean([m["ap"] for m in per_debate]),
           "r_precision": mean([m["r_precision"] for m in per_debate]),
           "mrr": mean([m["rr"] for m in per_debate])}
    for k in K_VALUES:
        out[f"p@{k}"] = mean([m[f"p@{k}"] for m in per_debate])
    out["n_debates"] = sum(1 for m in per_debate if not math.isnan(m["ap"]))
    return out


def _system_row(system: str, note: str, scores: Mapping[str, Sequence[float]],
                debates: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    per_debate = [rank_metrics(scores[d["id"]], [x["label"] for x in d["lines"]])
                  for d in debates]
    return {"system": system, **average_metrics(per_debate), "note": note}


# --------------------------------------------------------------------------- systems

def _model_scores(table: pd.DataFrame, model: Any) -> list[float]:
    from toolkit.checkworthiness import score_table

    # An empty line has no score (NaN): it ranks last, as having nothing to check.
    return score_table(table, model=model).fillna(-1.0).tolist()


def leave_one_debate_out(table: pd.DataFrame, *, C: float | None = None
                         ) -> dict[str, list[float]]:
    """Scores of every line, each debate scored by coefficients fitted on the others.

    ``table`` is :func:`debate_features`; needs scikit-learn.
    """
    from toolkit.checkworthiness import DEFAULT_C, FEATURES, Model, fit

    out: dict[str, list[float]] = {}
    for debate, held_out in table.groupby("debate", sort=False):
        train = table[table["debate"] != debate]
        entries = fit(train[list(FEATURES)], train["label"].tolist(),
                      C=DEFAULT_C if C is None else C)
        out[str(debate)] = _model_scores(held_out, Model.from_entries(entries))
    return out


def evaluate_checkworthiness(path: str | Path, *, nlp: Language | str | None = None,
                             C: float | None = None, seed: int = 0,
                             cross_validate: bool = True) -> pd.DataFrame:
    """Rank every debate of a gold file with each system; one row per system (see the
    module doc), columns ``system``, ``map``, ``r_precision``, ``mrr``, ``p@1`` ...
    ``p@50``, ``n_debates``, ``note``.

    ``C`` overrides the regularization of the leave-one-debate-out refits;
    ``cross_validate=False`` skips them (as does a missing scikit-learn, with a
    warning). Parsing the 16,421 lines of the dev file takes about a minute.
    """
    import numpy as np
    import pandas as pd

    from toolkit.checkworthiness import load_model

    debates = load_debates(path)
    table = debate_features(debates, nlp=nlp)
    rows = []
    if cross_validate:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            warnings.warn("scikit-learn is not installed: the leave-one-debate-out row is "
                          "skipped (pip install scikit-learn, or the package's 'dev' extra)",
                          stacklevel=2)
        else:
            rows.append(_system_row(
                "checkworthiness-loo", "refitted on the other debates, scored held out",
                leave_one_debate_out(table, C=C), debates))
    groups = {str(d): g for d, g in table.groupby("debate", sort=False)}
    model = load_model()
    rows.append(_system_row(
        "checkworthiness-shipped", "shipped coefficients (in-sample on the dev file)",
        {d: _model_scores(g, model) for d, g in groups.items()}, debates))
    rows.append(_system_row(
        "length-baseline", "words per line",
        {d["id"]: [len(str(x["text"]).split()) for x in d["lines"]] for d in debates},
        debates))
    rng = np.random.default_rng(seed)
    rows.append(_system_row(
        "random-baseline", f"uniform random scores, seed {seed}",
        {d["id"]: rng.random(len(d["lines"])).tolist() for d in debates}, debates))
    columns = ["system", *METRICS, "n_debates", "note"]
    return pd.DataFrame(rows, columns=columns)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m toolkit.evaluation.checkworthiness GOLD.jsonl``: print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.evaluation.checkworthiness",
        description="Check-worthiness ranking scores (CheckThat! protocol) with "
                    "leave-one-debate-out cross-validation and baselines.")
    parser.add_argument("path", help="gold JSON Lines, one debate a line")
    parser.add_argument("--C", type=float, default=None, help="regularization of the refits")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random baseline")
    parser.add_argument("--no-cv", action="store_true", help="skip the refits")
    args = parser.parse_args(argv)
    table = evaluate_checkworthiness(args.path, C=args.C, seed=args.seed,
                                     cross_validate=not args.no_cv)
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
