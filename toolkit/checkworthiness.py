"""Check-worthiness: how worth checking a claim is, from features of its words.

Each claim carries the features below (they become columns of the claims frame)
and a score, the logistic of a weighted sum::

    z = -2.0
        + 1.2 * has_number          # figures, amounts, quantities ("a single", "dozens")
        + 1.0 * has_date            # dates, times, durations ("within 24 hours")
        + 0.6 * has_comparative     # comparatives and superlatives
        + 0.5 * min(n_entities, 3)  # distinct entities mentioned (pronouns resolved)
        + 0.8 * is_future_or_modal  # will / would / could / can / going to ...
        - 1.2 * is_hedged           # may, might, perhaps, reportedly, "I think",
                                    # or reported with a belief verb ("X believes ...")
        - 2.0 * is_question         # ends with "?"
        - 1.5 * is_opinion          # "in my opinion", first-person feelings, praise
    checkworthiness = 1 / (1 + exp(-z))      (rounded to 4 decimals)

The weights are in :data:`WEIGHTS`.

Examples
--------
>>> checkworthiness({"has_number": True}) > checkworthiness({})
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

__all__ = ["EPISTEMIC_VERBS", "WEIGHTS", "checkworthiness", "claim_features"]

# Hedges: words that weaken an assertion (lemmas, lower case). "could" and "would"
# are deliberately absent: "he could end the war in a day" is a checkable promise.
HEDGE_WORDS = frozenset(
    """may might perhaps maybe possibly probably presumably reportedly allegedly
    apparently seemingly supposedly arguably likely unlikely seem appear""".split()
)
# First-person epistemic verbs: "I think", "we believe", "I guess".
EPISTEMIC_VERBS = frozenset({"think", "believe", "guess", "suppose", "doubt", "reckon",
                             "expect", "suspect", "imagine"})
# First-person feelings and evaluations: "I feel", "we are happy", "I love".
FEELING_WORDS = frozenset(
    """feel love hate like hope wish fear worry prefer enjoy regret happy sad proud
    glad sorry delighted disappointed upset afraid excited honoured honored grateful
    thrilled""".split()
)
# Evaluative words that mark an opinion rather than a fact.
OPINION_WORDS = frozenset(
    """great terrible wonderful awful horrible disgraceful shameful ridiculous
    fantastic amazing beautiful ugly stupid disgusting brilliant excellent pathetic
    outrageous absurd courageous heroic correct wrong deserve extraordinary remarkable
    incredible tremendous terrific sad shocking disgrace""".split()
)
OPINION_PHRASES = ("in my opinion", "in my view", "in our view", "in our opinion",
                   "i feel", "to my mind", "personally")
FIRST_PERSON = frozenset({"i", "we"})

# Quantity words that are numbers without digits ("a single day", "dozens").
QUANTITY_WORDS = frozenset(
    """single dozen dozens half double triple twice thrice hundreds thousands millions
    billions trillions""".split()
)
# Units of time that make a duration when counted ("24 hours", "a single day").
DURATION_WORDS = frozenset({"second", "minute", "hour", "day", "week", "month", "year",
                            "decade", "century"})
NUMBER_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_ENTS = frozenset({"DATE", "TIME"})
MODAL_WORDS = frozenset({"will", "would", "could", "can", "shall", "should", "must",
                         "wo", "'ll", "ca"})

WEIGHTS: dict[str, float] = {
    "bias": -2.0,
    "has_number": 1.2,
    "has_date": 1.0,
    "has_comparative": 0.6,
    "n_entities": 0.5,  # per entity, at most ENTITY_CAP of them
    "is_future_or_modal": 0.8,
    "is_hedged": -1.2,
    "is_question": -2.0,
    "is_opinion": -1.5,
}
ENTITY_CAP = 3
_TRIM_CHARS = " \t\r\n,;:–—-\"'“”‘’«»„"


def checkworthiness(features: Mapping[str, Any]) -> float:
    """The check-worthiness score of a claim from its features (see the module doc).

    Missing features count as absent (False / 0).

    Examples
    --------
    >>> checkworthiness({})
    0.1192
    >>> checkworthiness({"has_number": True, "has_date": True, "n_entities": 2,
    ...                  "is_future_or_modal": True})
    0.8808
    >>> checkworthiness({"has_number": True, "is_question": True}) < checkworthiness(
    ...     {"has_number": True})
    True
    """
    z = WEIGHTS["bias"]
    for name in ("has_number", "has_date", "has_comparative", "is_future_or_modal",
                 "is_hedged", "is_question", "is_opinion"):
        if features.get(name):
            z += WEIGHTS[name]
    n_entities = int(features.get("n_entities") or 0)
    z += WEIGHTS["n_entities"] * min(max(n_entities, 0), ENTITY_CAP)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def _lower_text(tokens: Iterable[Token]) -> str:
    return " ".join(t.lower_ for t in tokens)


def claim_features(tokens: Span | list[Token], clusters: Iterable[int] = ()) -> dict[str, Any]:
    """The check-worthiness features of a claim's tokens.

    ``clusters`` are the entity clusters mentioned in the content (pronouns
    resolved); their number is ``n_entities``.

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> f = claim_features(load_pipeline()("I think prices might rise by 5% next year."))
    >>> f["has_number"], f["has_date"], f["is_hedged"], f["is_question"]
    (True, True, True, False)
    """
    toks = [t for t in tokens if not t.is_space]
    has_number = has_date = has_comparative = modal = hedged = opinion = False
    for k, t in enumerate(toks):
        low = t.lower_
        lemma = t.lemma_.lower()
        if t.ent_type_ in NUMBER_ENTS or low in QUANTITY_WORDS or t.like_num and (
                t.ent_type_ not in DATE_ENTS or t.head.lemma_.lower() in DURATION_WORDS):
            # A figure; inside a date only when it counts time ("24 hours", not "July 14").
            has_number = True
        if t.ent_type_ in DATE_ENTS:
            has_date = True
        elif lemma in DURATION_WORDS and any(
                c.like_num or c.lower_ in QUANTITY_WORDS or c.ent_type_ in NUMBER_ENTS
                for c in t.children):
            has_date = True
        if t.tag_ in {"JJR", "JJS", "RBR", "RBS"} and not (
                k > 0 and toks[k - 1].lower_ == "at" and low in {"least", "most"}):
            # "at least 30" is a quantity's bound, not a comparison.
            has_comparative = True
        if low in MODAL_WORDS and t.tag_ == "MD" or (
                low == "going" and k + 1 < len(toks) and toks[k + 1].lower_ == "to"
                and toks[k + 1].head.pos_ == "VERB"):
            modal = True
        if lemma in HEDGE_WORDS or low in HEDGE_WORDS:
            hedged = True
        if low in FIRST_PERSON and t.dep_ in {"nsubj", "nsubjpass"}:
            head = t.head
            if head.lemma_.lower() in EPISTEMIC_VERBS:
                hedged = True
            if head.lemma_.lower() in FEELING_WORDS or any(
                    c.dep_ == "acomp" and c.lemma_.lower() in FEELING_WORDS
                    for c in head.children):
                opinion = True
        if lemma in OPINION_WORDS:
            opinion = True
    text = _lower_text(toks).replace(" ’", "'").replace(" '", "'")
    if any(p in text for p in OPINION_PHRASES):
        opinion = True
    last = next((t for t in reversed(toks) if t.text not in _TRIM_CHARS), None)
    is_question = last is not None and last.text.endswith("?")
    return {
        "has_number": has_number,
        "has_date": has_date,
        "has_comparative": has_comparative,
        "n_entities": len(set(clusters)),
        "is_future_or_modal": modal,
        "is_hedged": hedged,
        "is_question": is_question,
        "is_opinion": opinion,
    }
