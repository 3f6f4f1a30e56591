"""Check-worthiness: how much a sentence deserves a fact-checker's attention, 0..1.

One scorer serves every caller: :func:`checkworthiness` scores any sentences (a list,
a Series, a DataFrame column), and the claims stage scores its spans with the same
three functions:

:func:`features`
    The model's features of one spaCy ``Span`` or ``Doc``: plain facts about the
    words (``has_number``, ``n_words``, ``is_question``, ...), see :data:`FEATURES`.
:func:`score`
    The logistic of the fitted weighted sum of those features, strictly between 0
    and 1 (higher = more check-worthy).
:func:`explain`
    Each feature's contribution to that sum (the logit), so that a score explains
    itself: ``logit(f) == intercept + sum(explain(f).values())``.

The coefficients are data: ``toolkit/lexicons/checkworthiness_model.json`` holds the
intercept, one weight per feature, the cap and transform applied to each feature
before weighting, and the training mean and scale of each feature; its ``source``
says how they were fitted (``bench/fit_checkworthiness.py``: scikit-learn's
``LogisticRegression`` on the CLEF-2019 CheckThat! training debates of
``../shared/eval``). Scoring reads only that file; scikit-learn is needed only to
refit (:func:`fit`). The words the features look for are lexicons
(``toolkit/lexicons/checkworthiness_*.txt``).

How a feature enters the score: its value ``x`` (a bool counts 1 or 0) is capped
(``min(x, cap)``), transformed (``log1p`` for lengths) and multiplied by its weight.
A feature that is missing or None is *unknown*: it takes the training mean, so its
contribution is that of an average training sentence. That is how the two speaker
features (``speaker_share``, ``speaker_question_rate``) drop out when the speaker of
a line is not known.

Speaker features are properties of a line within its transcript (or of a claim within
its batch), so :func:`checkworthiness` computes them over the sentences passed
together: ``speaker_share`` is the share of those sentences said by the same speaker,
``speaker_question_rate`` the share of that speaker's sentences that are questions (a
speaker who mostly asks is an interviewer, whose lines are rarely checked). Pass a
whole transcript at once to use them.

Examples
--------
>>> import toolkit as tk
>>> s = tk.checkworthiness(["Unemployment fell to 3.5 percent in 2019, the lowest in 50 years.",
...                         "What do you think about that?"])
>>> bool(s[0] > s[1]), bool(0 < s.min() and s.max() < 1)
(True, True)
"""

from __future__ import annotations

import math
import sys
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from toolkit import lexicons
from toolkit.checkworthiness_features import (
    FEATURE_SPECS,
    FEATURES,
    TRANSFORMS,
    features,
    speaker_features,
)
from toolkit.checkworthiness_features import (
    SPEAKER_FEATURES as SPEAKER_FEATURES,
)
from toolkit.checkworthiness_features import (
    FeatureSpec as FeatureSpec,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language

__all__ = [
    "FEATURES",
    "FEATURE_SPECS",
    "FeatureSpec",
    "MODEL_LEXICON",
    "Model",
    "checkworthiness",
    "drivers",
    "explain",
    "feature_table",
    "features",
    "fit",
    "load_model",
    "logit",
    "score",
    "score_table",
    "speaker_features",
]

MODEL_LEXICON = "checkworthiness_model"
DEFAULT_C = 0.01  # inverse L2 strength of the fit; chosen by leave-one-debate-out MAP


# --------------------------------------------------------------------------- the model

@dataclass(frozen=True)
class Model:
    """Fitted coefficients: ``logit = intercept + sum(weight * t(min(x, cap)))``.

    ``means`` are the training means of the transformed features (the value an
    unknown feature takes); ``scales`` their standard deviations (what the fit
    standardized by; kept so that ``weight * scale`` compares features).
    """

    intercept: float
    weights: dict[str, float]
    means: dict[str, float]
    scales: dict[str, float]
    caps: dict[str, float | None]
    transforms: dict[str, str]
    about: str = ""
    source: str = ""

    @classmethod
    def from_entries(cls, entries: Mapping[str, Any], *, about: str = "",
                     source: str = "") -> Model:
        try:
            rows = list(entries["features"])
            model = cls(
                intercept=float(entries["intercept"]),
                weights={r["name"]: float(r["weight"]) for r in rows},
                means={r["name"]: float(r["mean"]) for r in rows},
                scales={r["name"]: float(r["scale"]) for r in rows},
                caps={r["name"]: (None if r.get("cap") is None else float(r["cap"]))
                      for r in rows},
                transforms={r["name"]: str(r.get("transform", "identity")) for r in rows},
                about=about, source=source)
        except (KeyError, TypeError, ValueError) as exc:
            raise lexicons.LexiconError(
                f"malformed check-worthiness model entries: {exc!r}") from exc
        unknown = set(model.transforms.values()) - set(TRANSFORMS)
        if unknown:
            raise lexicons.LexiconError(f"unknown feature transforms {sorted(unknown)}")
        return model

    def value(self, name: str, raw: Any) -> float:
        """The transformed value of one feature (its training mean when unknown)."""
        if raw is None or isinstance(raw, float) and math.isnan(raw):
            return self.means[name]
        x = float(raw)
        cap = self.caps[name]
        if cap is not None:
            x = min(x, cap)
        return TRANSFORMS[self.transforms[name]](x)

    def contributions(self, feats: Mapping[str, Any]) -> dict[str, float]:
        # self.value inlined: this runs for every claim, twice (score and drivers).
        means, caps, transforms = self.means, self.caps, self.transforms
        out = {}
        for name, w in self.weights.items():
            raw = feats.get(name)
            if raw is None or isinstance(raw, float) and math.isnan(raw):
                out[name] = w * means[name]
                continue
            x = float(raw)
            cap = caps[name]
            if cap is not None:
                x = min(x, cap)
            out[name] = w * TRANSFORMS[transforms[name]](x)
        return out


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped coefficients (``toolkit/lexicons/checkworthiness_model.json``).

    Examples
    --------
    >>> model = load_model()
    >>> set(model.weights) == set(FEATURES)
    True
    """
    import json

    path = lexicons.LEXICON_DIR / f"{MODEL_LEXICON}.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return Model.from_entries(lexicons.table(MODEL_LEXICON), about=data.get("about", ""),
                              source=data.get("source", ""))


def explain(feats: Mapping[str, Any], *, model: Model | None = None) -> dict[str, float]:
    """Each feature's contribution to the logit of :func:`score` (weight times the
    capped, transformed value), in model order, rounded to 4 decimals. Absent
    features (False, 0) contribute 0; unknown ones (missing, None) their average.

    Examples
    --------
    >>> c = explain({"has_number": True, "is_question": False})
    >>> c["is_question"], c["has_number"] > 0
    (0.0, True)
    """
    model = model or load_model()
    return {k: round(v, 4) + 0.0 for k, v in model.contributions(feats).items()}  # no -0.0


def drivers(feats: Mapping[str, Any], *, n: int = 3, model: Model | None = None) -> str:
    """The ``n`` features that moved the score most, with their contribution to the
    logit: "has_number +0.58; is_question -0.59" (for reading a ranking; features of
    unknown value, such as the speaker's without a speaker, are left out).

    Examples
    --------
    >>> drivers({"has_number": True, "is_question": True, "n_words": 0}, n=1)
    'is_question -0.59'
    """
    known = {k: v for k, v in explain(feats, model=model).items()
             if feats.get(k) is not None and v != 0.0}
    ranked = sorted(known.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:n]
    return "; ".join(f"{name} {value:+.2f}" for name, value in ranked)


def logit(feats: Mapping[str, Any], *, model: Model | None = None) -> float:
    """The log-odds of :func:`score`: the intercept plus every contribution."""
    model = model or load_model()
    return model.intercept + sum(model.contributions(feats).values())


def score(feats: Mapping[str, Any], *, model: Model | None = None) -> float:
    """The check-worthiness of one sentence from its :func:`features`, in (0, 1).

    Not rounded, so that rankings keep their order.

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> nlp = load_pipeline()
    >>> fact = features(nlp("The deficit doubled to $1.2 trillion in 2020."))
    >>> ask = features(nlp("What would you do?"))
    >>> 0 < score(ask) < score(fact) < 1
    True
    """
    z = logit(feats, model=model)
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


# --------------------------------------------------------------------------- batches

def _as_list(values: Any, what: str) -> tuple[list[Any], Any]:
    """``values`` as a list, and the index to give the result (a Series keeps its own)."""
    import pandas as pd

    if isinstance(values, str):
        raise TypeError(f"{what} must be a list or Series of sentences, not one string; "
                        f"wrap it: [{values[:30]!r}]")
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{what} must be one column, e.g. frame['content'], not a DataFrame "
                        f"with columns {list(values.columns)[:5]}")
    if isinstance(values, pd.Series):
        return values.tolist(), values.index
    if values is None or not isinstance(values, Iterable):
        raise TypeError(f"{what} must be a list or Series of sentences, got {type(values)!r}")
    items = list(values)
    return items, pd.RangeIndex(len(items))


def _text_or_none(value: Any, position: int) -> str | None:
    """The text to score, or None when there is nothing (None, NaN, blank)."""
    if value is None or isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    if not isinstance(value, str):
        raise TypeError(f"sentence {position} is a {type(value).__name__} ({value!r}), "
                        "not a string")
    return value if value.strip() else None


def feature_table(texts: Any, *, nlp: Language | str | None = None,
                  speakers: Any = None, batch_size: int = 64) -> pd.DataFrame:
    """The :func:`features` of each sentence as a DataFrame (one row per input, same
    index as a Series input; all-NA rows for empty or missing text).

    ``speakers`` (optional) gives each sentence's speaker, in the same order; the
    speaker features are computed over the sentences passed together (see the
    module doc). The input is never modified.

    Examples
    --------
    >>> t = feature_table(["Taxes rose 3% in 2021.", ""], speakers=["A", "B"])
    >>> t[["has_number", "has_date", "speaker_share"]]
       has_number  has_date  speaker_share
    0        True      True            1.0
    1        <NA>      <NA>            NaN
    """
    import pandas as pd

    from toolkit.nlp import load_pipeline, parse

    items, index = _as_list(texts, "texts")
    cleaned = [_text_or_none(v, k) for k, v in enumerate(items)]
    speaker_list: list[Any] | None = None
    if speakers is not None:
        speaker_list, _ = _as_list(speakers, "speakers")
        if len(speaker_list) != len(items):
            raise ValueError(f"{len(speaker_list)} speakers for {len(items)} sentences")
    present = [k for k, t in enumerate(cleaned) if t is not None]
    rows: list[dict[str, Any] | None] = [None] * len(items)
    if present:
        pipeline = load_pipeline(nlp)
        docs = parse(pipeline, (cleaned[k] for k in present), batch_size=batch_size)
        for k, doc in zip(present, docs, strict=True):
            rows[k] = features(doc)
    if speaker_list is not None and present:
        # Speaker statistics over the sentences that were scored.
        stats = speaker_features([speaker_list[k] for k in present],
                                 [bool(rows[k]["is_question"]) for k in present])
        for k, st in zip(present, stats, strict=True):
            rows[k].update(st)
    frame = pd.DataFrame([r if r is not None else {} for r in rows], columns=list(FEATURES),
                         index=index)
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Explicit dtypes: nullable booleans and integers, floats for shares."""
    out = frame.copy()
    for spec in FEATURE_SPECS:
        col = spec.name
        if col.startswith(("has_", "is_", "first_", "second_")):
            out[col] = out[col].astype("boolean")
        elif col.startswith("n_"):
            out[col] = out[col].astype("Int64")
        else:
            out[col] = out[col].astype("float64")
    return out


def checkworthiness(texts: Any, *, nlp: Language | str | None = None, speakers: Any = None,
                    batch_size: int = 64) -> pd.Series:
    """Check-worthiness of each sentence, 0..1 (a float Series named ``checkworthiness``).

    ``texts`` is a list of strings, a Series (its index is kept) or a DataFrame column.
    An empty, blank or missing (None/NaN) sentence has nothing to check: its score
    is NaN. A non-string value raises TypeError naming its position. ``nlp`` is the
    spaCy pipeline or model name (default: the toolkit's, see ``toolkit.nlp``).
    ``speakers`` optionally gives the speaker of each sentence (same order), for the
    speaker features; scores work without it. The input is never modified.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.Series(["We cut taxes by $2 billion last year.", "Thank you.", None],
    ...                   index=["a", "b", "c"])
    >>> s = checkworthiness(lines)
    >>> list(s.index), bool(s["a"] > s["b"]), bool(pd.isna(s["c"]))
    (['a', 'b', 'c'], True, True)
    """
    table = feature_table(texts, nlp=nlp, speakers=speakers, batch_size=batch_size)
    return score_table(table)


def score_table(table: pd.DataFrame, *, model: Model | None = None) -> pd.Series:
    """:func:`score` of each row of a :func:`feature_table` (NaN for rows without
    text, i.e. without ``n_words``), as a Series with the table's index.

    Examples
    --------
    >>> t = feature_table(["Crime fell 20% in 2019.", None])
    >>> s = score_table(t)
    >>> bool(0 < s[0] < 1), bool(s.isna()[1])
    (True, True)
    """
    import pandas as pd

    model = model or load_model()
    values = [float("nan") if pd.isna(row["n_words"]) else score(_plain(row), model=model)
              for row in table.to_dict("records")]
    return pd.Series(values, index=table.index, name="checkworthiness", dtype="float64")


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    """A feature row with pandas' missing markers as None."""
    import pandas as pd

    return {k: (None if v is None or v is pd.NA or isinstance(v, float) and math.isnan(v)
                else v) for k, v in row.items()}


# --------------------------------------------------------------------------- fitting

def fit(table: pd.DataFrame, labels: Sequence[int], *, C: float = DEFAULT_C) -> dict[str, Any]:
    """Fit the coefficients on a :func:`feature_table` and 0/1 labels (needs scikit-learn).

    Each feature is capped and transformed as in :data:`FEATURE_SPECS`, unknown
    values take the column mean, columns are standardized, and an L2-penalized
    ``LogisticRegression(C=C)`` (lbfgs, deterministic) is fitted; the weights are
    then expressed per unit of each feature; returns the coefficient file's ``entries``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({name: [0.0, 1.0] * 20 for name in FEATURES})
    >>> entries = fit(t, [0, 1] * 20)
    >>> model = Model.from_entries(entries)
    >>> score(dict.fromkeys(FEATURES, 1.0), model=model) > score(dict.fromkeys(FEATURES, 0.0),
    ...                                                         model=model)
    True
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels, dtype=int)
    if len(y) != len(table):
        raise ValueError(f"{len(y)} labels for {len(table)} rows")
    if set(np.unique(y)) - {0, 1} or len(np.unique(y)) < 2:
        raise ValueError("labels must be 0/1 and contain both classes")
    columns = []
    for spec in FEATURE_SPECS:
        raw = table[spec.name].astype("float64").to_numpy(na_value=np.nan)
        if spec.cap is not None:
            raw = np.minimum(raw, spec.cap)
        if spec.transform == "log1p":
            raw = np.log1p(raw)
        columns.append(raw)
    x = np.column_stack(columns)
    known = ~np.isnan(x)
    counts = known.sum(axis=0)
    # The mean of the known values (0 for a column never known, e.g. no speakers).
    means = np.where(counts > 0, np.where(known, x, 0.0).sum(axis=0) / np.maximum(counts, 1), 0.0)
    x = np.where(np.isnan(x), means, x)
    scales = x.std(axis=0)
    scales = np.where(scales > 0, scales, 1.0)
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit((x - means) / scales, y)
    standardized = model.coef_[0]
    weights = standardized / scales
    intercept = float(model.intercept_[0] - np.sum(weights * means))
    return {
        "intercept": round(intercept, 6),
        "features": [
            {"name": spec.name, "weight": round(float(w), 6),
             "standardized_weight": round(float(sw), 6), "mean": round(float(m), 6),
             "scale": round(float(s), 6), "cap": spec.cap, "transform": spec.transform,
             "about": spec.about}
            for spec, w, sw, m, s in zip(
                FEATURE_SPECS, weights, standardized, means, scales, strict=True)],
        "fit": {"estimator": "sklearn.linear_model.LogisticRegression", "C": C,
                "penalty": "l2", "solver": "lbfgs", "n_rows": int(len(y)),
                "n_positive": int(y.sum())},
    }


# --------------------------------------------------------------------------- tk.checkworthiness

class _CallableModule(types.ModuleType):
    """``toolkit.checkworthiness`` is both this module and the scorer: once the module
    is imported, Python binds the package attribute ``toolkit.checkworthiness`` to the
    module, so calling it must score (``tk.checkworthiness(sentences)``)."""

    def __call__(self, texts: Any, **kwargs: Any) -> pd.Series:
        return checkworthiness(texts, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
