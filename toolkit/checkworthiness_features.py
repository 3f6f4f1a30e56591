"""Check-worthiness features: what the fitted model reads in a sentence.

:func:`features` computes one sentence's (or claim span's) features from its spaCy
parse and entities, with the words of the ``checkworthiness_*`` lexicons;
:data:`FEATURE_SPECS` says, for each, how the model caps and transforms it, and
:func:`speaker_features` the two features of who says a line, for a batch.
:mod:`toolkit.checkworthiness` scores them.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> f = features(load_pipeline()("Unemployment fell to 3.5 percent in 2019."))
>>> f["has_percent"], f["has_date"], f["is_question"]
(True, True, False)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import ENT_TYPE, LEMMA, LIKE_NUM, LOWER, POS, TAG
from spacy.strings import get_string_id
from spacy.symbols import VERB

from toolkit import lexicons

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["FEATURES", "FEATURE_SPECS", "SPEAKER_FEATURES", "TRANSFORMS", "FeatureSpec",
           "features", "may_have_figure_or_date", "speaker_features"]


@dataclass(frozen=True)
class FeatureSpec:
    """One model feature: its name, what it means, and how it enters the sum."""

    name: str
    about: str
    cap: float | None = None  # values above are counted as the cap
    transform: str = "identity"  # "identity" or "log1p"


# The model's features, in the order of the coefficient file. features() returns
# exactly these keys; fit() fits one weight each; the JSON repeats cap and transform.
FEATURE_SPECS: tuple[FeatureSpec, ...] = (
    FeatureSpec("n_words", "words in the sentence (log1p)", transform="log1p"),
    FeatureSpec("has_number", "a figure: digits, number words, amounts ('a single', 'dozens')"),
    FeatureSpec("n_numbers", "how many figures (at most 4)", cap=4),
    FeatureSpec("has_percent", "a percentage"),
    FeatureSpec("has_money", "an amount of money"),
    FeatureSpec("has_date", "a date, a time or a counted duration ('within 24 hours')"),
    FeatureSpec("has_comparative", "a comparative ('more', 'higher'); not 'at least'"),
    FeatureSpec("has_superlative", "a superlative ('the worst', 'highest')"),
    FeatureSpec("n_entities", "distinct named entities (at most 3)", cap=3),
    FeatureSpec("has_person", "a person is named"),
    FeatureSpec("has_organization", "an organization is named"),
    FeatureSpec("has_place", "a country, city or place is named"),
    FeatureSpec("has_group", "a nationality, religious or political group is named"),
    FeatureSpec("is_future", "will / shall / going to: the future, promises"),
    FeatureSpec("is_possibility", "can / could: ability and possibility"),
    FeatureSpec("is_hypothetical", "would / should / must: conditionals and obligations"),
    FeatureSpec("is_hedged", "may, might, reportedly, 'I think' ..."),
    FeatureSpec("is_question", "ends with a question mark"),
    FeatureSpec("is_opinion", "'in my opinion', first-person feelings, praise and blame"),
    FeatureSpec("first_person_singular", "I, me, my"),
    FeatureSpec("first_person_plural", "we, us, our"),
    FeatureSpec("second_person", "you, your"),
    FeatureSpec("n_statistics_words", "words of measured quantities: rate, deficit, jobs "
                "(at most 3)", cap=3),
    FeatureSpec("has_causal_cue", "because, caused, led to, as a result"),
    FeatureSpec("has_record_verb", "a deed on record: voted, signed, cut, spent"),
    FeatureSpec("has_negation", "not, never, no"),
    FeatureSpec("is_past", "a verb in the past tense"),
    FeatureSpec("is_perfect", "a verb in the present perfect ('has doubled')"),
    FeatureSpec("is_fragment", "no verb at all"),
    FeatureSpec("discourse_share", "share of words that manage talk: thanks, yes, well"),
    FeatureSpec("speaker_share", "share of the batch's sentences said by this speaker"),
    FeatureSpec("speaker_question_rate", "share of this speaker's sentences that are "
                "questions"),
)
FEATURES: tuple[str, ...] = tuple(f.name for f in FEATURE_SPECS)
SPEAKER_FEATURES = ("speaker_share", "speaker_question_rate")
TRANSFORMS = {"identity": lambda x: x, "log1p": math.log1p}

# spaCy entity labels, grouped as the features see them.
NUMBER_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_ENTS = frozenset({"DATE", "TIME"})
NON_NAME_ENTS = NUMBER_ENTS | DATE_ENTS | {"ORDINAL"}
ENTITY_GROUPS = {"PERSON": "has_person", "ORG": "has_organization", "GPE": "has_place",
                 "LOC": "has_place", "FAC": "has_place", "NORP": "has_group"}
_MODAL_LEXICONS = (("is_future", "future_modals"), ("is_possibility", "possibility_modals"),
                   ("is_hypothetical", "hypothetical_modals"))
_COMPARATIVE_TAGS = frozenset({"JJR", "RBR"})
_SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
_EDGE_CHARS = " \t\r\n,;:–—-\"'“”‘’«»„.!)("


_NUMBER_NOT_CARDINAL = NUMBER_ENTS - {"CARDINAL"}
_WORDS: dict[str, frozenset[str]] = {}  # name -> its words (read per token: kept here)


def _words(name: str) -> frozenset[str]:
    found = _WORDS.get(name)
    if found is None:
        found = _WORDS[name] = lexicons.words(f"checkworthiness_{name}")
    return found


lexicons.on_reload(_WORDS.clear)


# --------------------------------------------------------------------------- features

def _is_figure(tok: Token) -> bool:
    """A figure: a number entity, a quantity word ("dozens", "a single"), or a
    cardinal number that is not part of a date unless it counts time ("24 hours",
    not "July 14"). Ordinals ("first of all") are no figure, and neither is "one"
    unless it counts something ("one million", "one day", "$1"): in speech it is
    mostly a pronoun ("one of them", "no one")."""
    low = tok.lower_
    if low == "one" and tok.ent_type_ not in _NUMBER_NOT_CARDINAL:
        return tok.dep_ in {"nummod", "compound", "quantmod"} and (
            tok.head.lemma_.lower() in _words("duration_words")
            or tok.head.lower_ in _words("number_words"))
    if low in _words("quantity_words"):
        # "a single day" counts; "single mothers", "every single one" do not.
        return low != "single" or tok.i > 0 and tok.doc[tok.i - 1].lower_ in {"a", "one"}
    if tok.ent_type_ in NUMBER_ENTS:
        return True
    if not tok.like_num:  # (tested first: a flag of the word, and most tokens fail it)
        return False
    is_cardinal = tok.tag_ == "CD" or any(ch.isdigit() for ch in tok.text)
    return is_cardinal and (
        tok.ent_type_ not in DATE_ENTS
        or tok.head.lemma_.lower() in _words("duration_words"))


def may_have_figure_or_date(span: Iterable[Token]) -> bool:
    """A fast test: could :func:`features` find a figure or a date in the span? (False
    means it will not: no number, number or date entity, or quantity word.)"""
    quantities = _words("quantity_words")
    return any(t.like_num or t.ent_type_ in NUMBER_ENTS or t.ent_type_ in DATE_ENTS
               or t.lower_ in quantities for t in span)


def _is_duration(tok: Token) -> bool:
    """A counted unit of time: "24 hours", "a single day"."""
    return tok.lemma_.lower() in _words("duration_words") and any(
        _is_figure(c) for c in tok.children)


def _is_perfect(tok: Token) -> bool:
    """A participle in the (present or past) perfect: "has doubled", "had lost"; not
    the modal perfect, which speculates ("may have been", "would have won")."""
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    return any(c.lemma_.lower() == "have" for c in aux) and not any(c.tag_ == "MD"
                                                                     for c in aux)


def _first_person_stance(tok: Token) -> tuple[bool, bool]:
    """(hedged, opinion) when ``tok`` is "I"/"we" as the subject of a belief verb
    ("I think") or of a feeling ("we love", "I am proud")."""
    if tok.lower_ not in {"i", "we"} or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False, False
    head = tok.head
    lemma = head.lemma_.lower()
    hedged = lemma in _words("epistemic_verbs")
    feeling = _words("feeling_words")
    opinion = lemma in feeling or any(
        c.dep_ == "acomp" and c.lemma_.lower() in feeling for c in head.children)
    return hedged, opinion


def _named_entities(span: Any, toks: Sequence[Token]) -> list[tuple[str, str]]:
    """(label, lower-case text) of the names in the span: its NER entities other than
    numbers and dates (for a list of tokens, the entities that begin in it)."""
    if not hasattr(span, "start") and hasattr(span, "ents"):
        # A Doc. (Span.ents walks every entity of its Doc: quadratic over a long
        # article's claims, so spans take the token path below.)
        return [(e.label_, e.text.lower()) for e in span.ents if e.label_ not in NON_NAME_ENTS]
    out = []
    for tok in toks:
        if tok.ent_iob_ == "B" and tok.ent_type_ not in NON_NAME_ENTS:
            end = tok.i + 1
            while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
                end += 1
            out.append((tok.ent_type_, tok.doc[tok.i:end].text.lower()))
    return out


def features(span: Span | Doc | Iterable[Token], *, n_entities: int | None = None,
             speaker_share: float | None = None,
             speaker_question_rate: float | None = None) -> dict[str, Any]:
    """The check-worthiness features of one sentence or claim span (see :data:`FEATURES`).

    ``span`` is a spaCy ``Span`` or ``Doc`` (or a list of tokens) from a pipeline
    with a tagger, parser and NER. ``n_entities`` overrides the number of distinct
    named entities counted from the span's NER (pass it when entities have been
    resolved elsewhere; the model was fitted on the NER count). The speaker features
    are None (unknown) unless given; :func:`speaker_features` computes them for a
    batch. Counts are returned uncapped (the model caps them when scoring).

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> f = features(load_pipeline()("I think prices might rise by 5% next year."))
    >>> f["has_number"], f["has_percent"], f["has_date"], f["is_hedged"], f["is_question"]
    (True, True, True, True, False)
    >>> f["n_words"], f["speaker_share"]
    (9, None)
    """
    toks = [t for t in span if not t.is_space]
    lows = [t.lower_ for t in toks]
    lemmas = [t.lemma_.lower() for t in toks]
    n_words = sum(1 for t in toks if not t.is_punct)
    out: dict[str, Any] = dict.fromkeys(FEATURES, False)
    _token_features(toks, lows, lemmas, out)
    _span_features(span, toks, lows, lemmas, n_words, out)
    if n_entities is not None:
        out["n_entities"] = int(n_entities)
    out["n_words"] = n_words
    out["speaker_share"] = speaker_share
    out["speaker_question_rate"] = speaker_question_rate
    return out


_LOCAL = "toolkit_checkworthiness_tokens"  # a Doc's token-local features, by token


def _plain_tokens(doc: Doc) -> np.ndarray:
    """Per token of the Doc, whether :func:`_local_features` finds nothing in it but its
    tag (no figure, date or duration, modal, hedge, stance, opinion, record verb or
    perfect), told from the Doc's arrays: a prefilter, so only the other tokens are
    read one by one."""
    arr = doc.to_array([LOWER, LEMMA, ENT_TYPE, LIKE_NUM, TAG, POS]).astype(np.uint64)
    if len(arr.shape) == 1:
        arr = arr.reshape(-1, 6)
    if not len(arr):
        return np.zeros(0, dtype=bool)

    def hashes(words: Iterable[str]) -> np.ndarray:
        return np.array([get_string_id(w) for w in words], dtype=np.uint64)

    strings = doc.vocab.strings
    lemma_hashes = np.unique(arr[:, 1])
    lemma_lows = [strings[h].lower() for h in lemma_hashes.tolist()]

    def lemma_in(words: frozenset[str]) -> np.ndarray:
        found = [h for h, low in zip(lemma_hashes.tolist(), lemma_lows, strict=True)
                 if low in words]
        return np.isin(arr[:, 1], np.array(found, dtype=np.uint64))

    hedges, opinions = _words("hedges"), _words("opinion_words")
    special = (np.isin(arr[:, 0], hashes({"one", "i", "we"} | _words("quantity_words")
                                         | hedges))
               | np.isin(arr[:, 2], hashes(NUMBER_ENTS | DATE_ENTS))
               | (arr[:, 3] != 0)
               | lemma_in(_words("duration_words") | hedges | opinions)
               | np.isin(arr[:, 4], hashes({"MD", "VBN"}))
               | ((arr[:, 5] == VERB) & lemma_in(_words("record_verbs"))))
    return ~special


def _local_features(toks: Sequence[Token], lows: list[str], lemmas: list[str]
                    ) -> list[tuple[Any, ...]]:
    """Per token, what :func:`_token_features` reads of the token alone: (figure, date
    or duration, tag, modal feature of a modal verb, hedge word, first-person hedge,
    opinion, record verb, perfect). Kept on the Doc, since a sentence and the claims in
    it share their tokens."""
    if not toks:
        return []
    doc = toks[0].doc
    kept = doc.user_data.get(_LOCAL)
    if kept is None or kept[0] is not lexicons.generation():
        kept = doc.user_data[_LOCAL] = (lexicons.generation(), {}, _plain_tokens(doc).tolist())
    memo, plain = kept[1], kept[2]
    hedges, opinions, records = _words("hedges"), _words("opinion_words"), _words("record_verbs")
    out = []
    for k, tok in enumerate(toks):
        found = memo.get(tok.i)
        if found is None and plain[tok.i]:
            found = memo[tok.i] = (False, False, tok.tag_, None, False, False, False, False,
                                   False)
        elif found is None:
            tag, low, lemma = tok.tag_, lows[k], lemmas[k]
            md = None
            if tag == "MD":
                md = next((f for f, lexicon in _MODAL_LEXICONS if low in _words(lexicon)),
                          None)
            hedged, opinion = _first_person_stance(tok)
            found = memo[tok.i] = (
                _is_figure(tok), tok.ent_type_ in DATE_ENTS or _is_duration(tok), tag, md,
                lemma in hedges or low in hedges, hedged, opinion or lemma in opinions,
                tok.pos_ == "VERB" and lemma in records, tag == "VBN" and _is_perfect(tok))
        out.append(found)
    return out


def _going_to(toks: Sequence[Token], k: int) -> str | None:
    """ "going to" + verb: the future (the next token is read in the span)."""
    if (toks[k].lower_ == "going" and k + 1 < len(toks) and toks[k + 1].lower_ == "to"
            and toks[k + 1].head.pos_ == "VERB"):
        return "is_future"
    return None


def _token_features(toks: Sequence[Token], lows: list[str], lemmas: list[str],
                    out: dict[str, Any]) -> None:
    """The features read token by token: figures, dates, comparison, modality, hedges,
    stance, tense."""
    n_numbers = 0
    local = _local_features(toks, lows, lemmas)
    for k in range(len(toks)):
        figure, date, tag, md, hedge, hedged, opinion, record, perfect = local[k]
        if figure:
            # One figure per run of number tokens ("$ 4 million" is one).
            n_numbers += not (k > 0 and local[k - 1][0])
        if date:
            out["has_date"] = True
        if tag in _COMPARATIVE_TAGS:
            out["has_comparative"] = True
        if tag in _SUPERLATIVE_TAGS:
            # "at least 30" / "at most" bound a quantity; they compare nothing.
            if k > 0 and lows[k - 1] == "at" and lows[k] in {"least", "most"}:
                continue
            out["has_superlative"] = True
        modal = md or _going_to(toks, k)
        if modal:
            out[modal] = True
        if hedge:
            out["is_hedged"] = True
        out["is_hedged"] |= hedged
        out["is_opinion"] |= opinion
        if record:
            out["has_record_verb"] = True
        if tag == "VBD":
            out["is_past"] = True
        if perfect:
            out["is_perfect"] = True
    out["has_number"] = n_numbers > 0
    out["n_numbers"] = n_numbers


def _span_features(span: Any, toks: Sequence[Token], lows: list[str], lemmas: list[str],
                   n_words: int, out: dict[str, Any]) -> None:
    """The features of the span as a whole: units, phrases, the question mark, named
    entities, person, and the lexicon counts."""
    out["has_percent"] = any(t.ent_type_ == "PERCENT" or t.lower_ in {"percent", "%"}
                             for t in toks)
    out["has_money"] = any(t.ent_type_ == "MONEY" or t.text in {"$", "€", "£"} for t in toks)
    joined = " " + " ".join(lows).replace(" ’", "'").replace(" '", "'") + " "
    if any(f" {p} " in joined for p in _words("opinion_phrases")):
        out["is_opinion"] = True
    last = next((t for t in reversed(toks) if t.text not in _EDGE_CHARS), None)
    out["is_question"] = last is not None and last.text.endswith("?")
    names = _named_entities(span, toks)
    for label, _ in names:
        group = ENTITY_GROUPS.get(label)
        if group:
            out[group] = True
    out["n_entities"] = len({name for _, name in names})
    out["first_person_singular"] = not _words("first_singular").isdisjoint(lows)
    out["first_person_plural"] = not _words("first_plural").isdisjoint(lows)
    out["second_person"] = not _words("second_person").isdisjoint(lows)
    statistics = _words("statistics_words")
    out["n_statistics_words"] = sum(1 for w in lemmas if w in statistics)
    out["has_causal_cue"] = not _words("causal_cues").isdisjoint(lemmas)
    out["has_negation"] = not _words("negations").isdisjoint(lows)
    out["is_fragment"] = not any(t.pos_ in {"VERB", "AUX"} for t in toks)
    discourse = sum(1 for t, w in zip(toks, lemmas, strict=True) if not t.is_punct
                    and w in _words("discourse_words"))
    out["discourse_share"] = round(discourse / n_words, 4) if n_words else 0.0


def speaker_features(speakers: Sequence[Any], is_question: Sequence[bool]
                     ) -> list[dict[str, float | None]]:
    """The speaker features of each line of a batch: ``speaker_share`` (the share of
    the batch's lines said by the line's speaker) and ``speaker_question_rate`` (the
    share of that speaker's lines that are questions). Unknown speakers (None, NaN,
    "") get None for both.

    Examples
    --------
    >>> speaker_features(["A", "B", "A", None], [True, False, False, False])
    [{'speaker_share': 0.5, 'speaker_question_rate': 0.5}, {'speaker_share': 0.25, \
'speaker_question_rate': 0.0}, {'speaker_share': 0.5, 'speaker_question_rate': 0.5}, \
{'speaker_share': None, 'speaker_question_rate': None}]
    """
    if len(speakers) != len(is_question):
        raise ValueError(f"{len(speakers)} speakers for {len(is_question)} lines")
    keys = [_speaker_key(s) for s in speakers]
    lines = Counter(k for k in keys if k is not None)
    questions = Counter(k for k, q in zip(keys, is_question, strict=True) if k is not None and q)
    n = len(keys)
    out: list[dict[str, float | None]] = []
    for key in keys:
        if key is None:
            out.append({"speaker_share": None, "speaker_question_rate": None})
        else:
            out.append({"speaker_share": round(lines[key] / n, 4),
                        "speaker_question_rate": round(questions[key] / lines[key], 4)})
    return out


def _speaker_key(speaker: Any) -> str | None:
    if speaker is None or isinstance(speaker, float) and math.isnan(speaker):
        return None
    key = str(speaker).strip()
    return key.casefold() or None
