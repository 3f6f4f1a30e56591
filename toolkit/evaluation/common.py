"""What every scoring protocol shares: reading gold files, running the system, the name
rule, ratios and printing.

The **name rule** (``../shared/eval/README.md``, ``GUM.md`` and
``wikinews-quotes-dev.md`` use the same one): two names match when, after casefolding
and stripping accents (Unicode NFKD, combining marks dropped), their word lists are
equal or their last words are ("Putin" ~ "Vladimir Putin", "Erdogan" ~ "Erdoğan").

Examples
--------
>>> names_match("Erdogan", "Recep Tayyip Erdoğan"), names_match("Putin", "Medvedev")
(True, False)
>>> ratio(1, 4), f1_score(0.5, 1.0)
(0.25, 0.6666666666666666)
"""

from __future__ import annotations

import json
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit.frames import empty_frame, make_frame

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = [
    "RUN_COLUMNS",
    "SystemRun",
    "add_run_columns",
    "articles_frame",
    "f1_score",
    "format_misses",
    "format_result",
    "iter_records",
    "load_records",
    "match_name_lists",
    "name_words",
    "names_match",
    "ratio",
    "run_on_gold",
    "run_system",
    "sample_rows",
    "shorten",
]

#: Columns that describe the whole run (the same on every row of a table): printed once,
#: under the table, by :func:`format_result`.
RUN_COLUMNS = ("n_articles", "n_documents", "articles_raising",
               "documents_raising", "chars_per_second", "bias")

_WORDS = re.compile(r"\w+")


# --------------------------------------------------------------------------- files

def iter_records(path: str | Path) -> Iterator[Any]:
    """The records of a JSON Lines file, one a line, blank lines skipped, read lazily.

    A line that is not JSON raises a ``ValueError`` naming the file and line.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": 1}\\n\\n{"id": 2}\\nnope\\n')
    >>> records = iter_records(path)
    >>> next(records), next(records)
    ({'id': 1}, {'id': 2})
    >>> next(records)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...g.jsonl: line 4 is not JSON: ...
    """
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {number} is not JSON: {exc}") from exc


def load_records(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read records from a JSON Lines file (the first ``limit`` when given); see
    :func:`iter_records`.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": 1}\\n\\n{"id": 2}\\n')
    >>> load_records(path), load_records(path, limit=1)
    ([{'id': 1}, {'id': 2}], [{'id': 1}])
    """
    records: list[dict[str, Any]] = []
    for record in iter_records(path):
        if limit is not None and len(records) >= limit:
            break
        records.append(record)
    return records


def articles_frame(records: Sequence[Mapping[str, Any]], *, id_field: str = "id",
                   text_field: str = "text") -> pd.DataFrame:
    """An articles frame (``toolkit.frames``) of gold records: one article per record.

    Examples
    --------
    >>> articles_frame([{"id": "a", "text": "Hi.", "meta": {"title": "T"}}])[
    ...     ["article_id", "title", "n_chars"]].values.tolist()
    [['a', 'T', 3]]
    """
    rows = []
    for record in records:
        text = record.get(text_field) or ""
        meta = record.get("meta") or {}
        rows.append({
            "article_id": str(record[id_field]), "text": text, "n_chars": len(text),
            "title": meta.get("title", record.get("title")), "source": meta.get("publisher"),
            "url": record.get("url"), "status": "ok",
        })
    return make_frame("articles", rows)


# --------------------------------------------------------------------------- running

@dataclass
class SystemRun:
    """What a system returned for a set of articles, and how long it took."""

    result: Any
    errors: pd.DataFrame
    seconds: float
    n_chars: int

    @property
    def chars_per_second(self) -> float:
        return self.n_chars / self.seconds if self.seconds > 0 else float("nan")

    @property
    def raising(self) -> set[str]:
        """Ids of the articles with a row in ``errors``."""
        if not len(self.errors):
            return set()
        return {str(a) for a in self.errors["article_id"].dropna()}

    def frame(self, name: str) -> pd.DataFrame | None:
        """Frame ``name`` of the result (the result itself when it is a DataFrame)."""
        if isinstance(self.result, pd.DataFrame):
            return self.result
        value = getattr(self.result, name, None)
        return value if isinstance(value, pd.DataFrame) else None


def run_system(
    articles: pd.DataFrame,
    *,
    nlp: Language | str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: bool = False,
    predict: Callable[[pd.DataFrame], Any] | None = None,
) -> SystemRun:
    """Run :func:`toolkit.analyze` (or ``predict``) on ``articles`` and time it.

    ``predict`` takes the articles frame and returns a DataFrame or an object with the
    frames a protocol reads (``.quotes``, ``.mentions``, ``.entities``) and optionally
    ``.errors``. No cache: every run parses afresh, so the speed is real.

    Examples
    --------
    >>> run = run_system(articles_frame([{"id": "a", "text": "Hello."}]),
    ...                  predict=lambda articles: articles[["article_id"]])
    >>> list(run.frame("quotes").columns), run.n_chars, run.raising
    (['article_id'], 6, set())
    """
    started = time.perf_counter()
    if predict is None:
        from toolkit.analysis import analyze

        result: Any = analyze(articles, nlp=nlp, batch_size=batch_size, n_process=n_process,
                              progress=progress)
    else:
        result = predict(articles)
    seconds = time.perf_counter() - started
    errors = None if isinstance(result, pd.DataFrame) else getattr(result, "errors", None)
    n_chars = int(articles["n_chars"].sum()) if len(articles) else 0
    return SystemRun(result=result,
                     errors=errors if isinstance(errors, pd.DataFrame) else empty_frame("errors"),
                     seconds=seconds, n_chars=n_chars)


def run_on_gold(path: str | Path, *, limit: int | None = None,
                **options: Any) -> tuple[list[dict[str, Any]], SystemRun]:
    """Read a gold file (the first ``limit`` records) and run the system on its texts
    (``options`` are those of :func:`run_system`): every protocol's first step.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": "a", "text": "Hi."}\\n{"id": "b", "text": "Yo."}\\n')
    >>> records, run = run_on_gold(path, limit=1, predict=lambda articles: articles)
    >>> [r["id"] for r in records], run.frame("quotes")["article_id"].tolist()
    (['a'], ['a'])
    """
    records = load_records(path, limit=limit)
    return records, run_system(articles_frame(records), **options)


def add_run_columns(table: pd.DataFrame, records: Sequence[Any], run: SystemRun, *,
                    unit: str = "documents") -> pd.DataFrame:
    """Add ``n_<unit>``, ``<unit>_raising`` and ``chars_per_second`` to a score table
    (in place; the table is the protocol's own, just built) and return it.

    Examples
    --------
    >>> run = SystemRun(result=None, errors=empty_frame("errors"), seconds=2.0, n_chars=10)
    >>> add_run_columns(pd.DataFrame({"f1": [1.0]}), [{}], run, unit="articles"
    ...                 ).columns.tolist()
    ['f1', 'n_articles', 'articles_raising', 'chars_per_second']
    """
    table[f"n_{unit}"] = len(records)
    table[f"{unit}_raising"] = len(run.raising)
    table["chars_per_second"] = run.chars_per_second
    return table


# --------------------------------------------------------------------------- names

def name_words(name: Any) -> tuple[str, ...]:
    """The words of a name after casefolding and stripping accents (NFKD).

    Examples
    --------
    >>> name_words("Recep Tayyip ERDOĞAN"), name_words("al-Assad"), name_words(None)
    (('recep', 'tayyip', 'erdogan'), ('al', 'assad'), ())
    """
    if not isinstance(name, str):
        return ()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(_WORDS.findall(plain))


def names_match(first: Any, second: Any) -> bool:
    """The name rule: equal word lists, or equal last words; an empty name matches nothing.

    Examples
    --------
    >>> names_match("Vladimir Putin", "Putin"), names_match("Özdemir", "Cem Ozdemir")
    (True, True)
    >>> names_match("United States", "United Kingdom"), names_match("", "")
    (False, False)
    """
    a, b = name_words(first), name_words(second)
    if not a or not b:
        return False
    return a == b or a[-1] == b[-1]


def match_name_lists(predicted: Iterable[Any], gold: Iterable[Any]) -> tuple[
        list[tuple[str, str]], list[str], list[str]]:
    """Pair predicted names with gold names under the name rule, each at most once.

    Each list is first reduced to one entry per distinct word list (an entity is listed
    once per quote). Names with equal word lists pair first, then names with equal last
    words. (The rule makes "matches" an equivalence by last word, so pairing greedily
    gives the largest number of pairs.)

    Returns ``(pairs, unmatched predicted, unmatched gold)``.

    Examples
    --------
    >>> match_name_lists(["Putin", "NATO", "putin"], ["Vladimir Putin", "Ukraine"])
    ([('Putin', 'Vladimir Putin')], ['NATO'], ['Ukraine'])
    """
    def distinct(names: Iterable[Any]) -> list[tuple[tuple[str, ...], str]]:
        seen: dict[tuple[str, ...], str] = {}
        for name in names:
            words = name_words(name)
            if words and words not in seen:
                seen[words] = name
        return list(seen.items())

    preds, golds = distinct(predicted), distinct(gold)
    partner: dict[int, int] = {}  # predicted index -> gold index
    taken: set[int] = set()
    for same in (lambda a, b: a == b, lambda a, b: a[-1] == b[-1]):
        for i, (p_words, _) in enumerate(preds):
            if i in partner:
                continue
            for j, (g_words, _) in enumerate(golds):
                if j not in taken and same(p_words, g_words):
                    partner[i] = j
                    taken.add(j)
                    break
    pairs = [(preds[i][1], golds[j][1]) for i, j in sorted(partner.items())]
    return (pairs, [name for i, (_, name) in enumerate(preds) if i not in partner],
            [name for j, (_, name) in enumerate(golds) if j not in taken])


# --------------------------------------------------------------------------- numbers

def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is 0.

    Examples
    --------
    >>> ratio(3, 4), ratio(0, 0)
    (0.75, nan)
    """
    return numerator / denominator if denominator else float("nan")


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean; 0 when both are 0, NaN when either is NaN (and the other not 0).

    Examples
    --------
    >>> f1_score(0.0, 0.0), f1_score(1.0, 1.0)
    (0.0, 1.0)
    """
    if precision == 0 and recall == 0:
        return 0.0
    if math.isnan(precision) or math.isnan(recall):
        return 0.0 if precision == 0 or recall == 0 else float("nan")
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------- output

def format_result(table: pd.DataFrame, *, transpose: bool = False) -> str:
    """A score table as aligned plain text: ratios to three decimals, the run columns
    (:data:`RUN_COLUMNS`, equal on every row) once below the table.

    ``transpose`` prints a one-row table as ``column value`` lines.

    Examples
    --------
    >>> table = pd.DataFrame({"group": ["a", "b"], "accuracy": [0.5, 1 / 3],
    ...                       "n_documents": [2, 2], "chars_per_second": [1234.5, 1234.5]})
    >>> print(format_result(table))
    group  accuracy
        a     0.500
        b     0.333
    n_documents: 2   chars_per_second: 1,234
    """
    run = [c for c in RUN_COLUMNS if c in table.columns and table[c].nunique(dropna=False) <= 1]
    body = table.drop(columns=run)

    def number(value: Any) -> str:
        if isinstance(value, (float, np.floating)):
            return "nan" if math.isnan(value) else f"{value:.3f}"
        return str(value)

    if transpose and len(body) == 1:
        width = max(len(c) for c in body.columns)
        text = "\n".join(f"{c:<{width}}  {number(body[c].iloc[0])}" for c in body.columns)
    else:
        text = body.to_string(index=False, float_format=lambda x: f"{x:.3f}")
    footer = []
    for column in run:
        value = table[column].iloc[0] if len(table) else float("nan")
        if column == "chars_per_second":
            footer.append(f"{column}: {value:,.0f}" if value == value else f"{column}: nan")
        else:
            footer.append(f"{column}: {number(value)}")
    return text + ("\n" + "   ".join(footer) if footer else "")


def sample_rows(rows: Sequence[Mapping[str, Any]], n: int, *, seed: int = 0) -> list[
        Mapping[str, Any]]:
    """A seeded sample of at most ``n`` rows, in their original order.

    Examples
    --------
    >>> sample_rows([{"k": i} for i in range(10)], 3) == sample_rows(
    ...     [{"k": i} for i in range(10)], 3)
    True
    >>> len(sample_rows([{"k": 1}], 5))
    1
    """
    import random

    if n <= 0:
        return []
    if len(rows) <= n:
        return list(rows)
    picked = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in picked]


def shorten(text: Any, width: int = 120) -> str:
    """One line of at most ``width`` characters (an ellipsis marks a cut).

    Examples
    --------
    >>> shorten("a  b\\nc"), shorten("x" * 10, 5)
    ('a b c', 'xxxx…')
    """
    line = " ".join(str(text or "").split())
    return line if len(line) <= width else line[: width - 1] + "…"


def format_misses(frame: pd.DataFrame, *, long_column: str | None = None) -> str:
    """A protocol's error sample (``misses``) as plain text, one block per ``class``.

    Each row is one line of its short fields; ``long_column`` (default: the last
    column) goes on its own indented line. ``frame.attrs["totals"]`` (errors per
    class), when there, is shown in the block header.

    Examples
    --------
    >>> frame = pd.DataFrame([{"class": "quote missed", "article_id": "a", "gold": "Ann",
    ...     "predicted": "Bob", "content": "it rains"}])
    >>> frame.attrs["totals"] = {"quote missed": 7}
    >>> print(format_misses(frame))
    quote missed (1 shown of 7):
      [a] gold: Ann | predicted: Bob
          it rains
    """
    if not len(frame):
        return "(no errors)"
    long_column = long_column or frame.columns[-1]
    short = [c for c in frame.columns if c not in ("class", long_column)]
    totals = frame.attrs.get("totals", {})
    lines: list[str] = []
    for cls, group in frame.groupby("class", sort=False):
        total = totals.get(cls)
        lines.append(f"{cls} ({len(group)} shown" + (f" of {total}" if total else "") + "):")
        for row in group.to_dict("records"):
            ident, *rest = short
            fields = " | ".join(f"{c}: {row[c]}" for c in rest)
            lines.append(f"  [{row[ident]}] {fields}")
            lines.append(f"      {row[long_column]}")
    return "\n".join(lines)
