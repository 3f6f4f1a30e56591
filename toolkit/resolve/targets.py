"""About whom: the entities a quote's or claim's content refers to (rule ``about``).

Each mention inside the content goes through :data:`TARGET_RULES` in order; a rule
``rule(ctx, mention, cluster) -> int | None`` keeps the cluster, maps it to another
(a nationality to its country), or drops it (None): ``target_kind`` (people,
organisations, places, groups), ``thing_name`` (laws, systems, diseases, products),
``state_named`` ("UK Government" -> United Kingdom), ``state_description`` ("the
U.S. government" -> United States), ``indefinite_name`` ("any Londoner"),
``place_in_title``, ``nationality``. Then
:data:`TARGET_ADDITIONS` add targets no mention names (``perpetrator``: "the suspect"
as the person the crime story is about; ``unnamed_state_actor``: "federal
authorities" as the article's country). The speaker's own clusters
are excluded.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> from toolkit.resolve.mentions import EntityIndex
>>> doc = load_pipeline()("Mexico protested. The Mexican government said Polish farmers "
...                       "met US Vice President Mike Pence.")
>>> ents = extract_entities(doc)
>>> [ents.name_of(c) for c in about_clusters(EntityIndex(ents), 18, len(doc.text), doc=doc)]
['Mexico', 'Mike Pence']
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, POS, TAG
from spacy.strings import get_string_id
from spacy.symbols import NOUN

from toolkit import lexicons
from toolkit.names import canonical_variant, country_of_nationality, is_country
from toolkit.records import Mention
from toolkit.resolve.mentions import EntityIndex, nationality_to_place
from toolkit.resolve.sources import SourceContext

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["TARGET_ADDITIONS", "TARGET_LABELS", "TARGET_RULES", "about_clusters"]

#: The entity labels a quote can be about; events, laws, products and works are not.
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
STATE_WORDS = frozenset({"government", "state", "administration"})
# The civil state (its armed forces are often named organisations of their own), and
# the levels of it a modifier may name ("federal authorities", "local authorities").
CIVIL_STATE = frozenset({"authority", "authorities", "government", "administration"})
STATE_LEVELS = frozenset({"federal", "local", "national", "state", "regional", "provincial",
                          "municipal", "central"})
SHIP_PREFIXES = frozenset({"MV", "MS", "SS", "HMS", "USS", "RMS", "MT", "FV", "HMAS", "HMCS"})
INDIVIDUAL_DETERMINERS = frozenset({"a", "an", "any", "every", "each", "another"})


class TargetContext:
    """What the target rules read for one content span."""

    def __init__(self, index: EntityIndex, doc: Doc | None, inside: list[Mention]):
        self.index = index
        self.doc = doc
        self.entities = index.entities
        self.inside = inside

    def span(self, m: Mention) -> Span | None:
        if self.doc is None:
            return None
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span if span is not None and len(span) else None

    def country(self, name: str | None) -> int | None:
        return next((c.index for c in self.entities.clusters if c.name == name), None) \
            if name else None


def _is_title_word(tok: Token) -> bool:
    low = tok.lower_
    return (low in lexicons.words("role_nouns") or low in lexicons.words("person_titles")
            or low in lexicons.words("rank_titles"))


def _is_state_actor(tok: Token) -> bool:
    return tok.lower_ in lexicons.words("state_actors") or tok.lemma_.lower() in lexicons.words(
        "state_actors")


# --------------------------------------------------------------------------- rules

def target_kind(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """People, organisations, places and named groups; not events, laws, products."""
    return cluster if ctx.entities.clusters[cluster].label in TARGET_LABELS else None


def thing_name(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A name for a thing is no target: a law, agreement, disease, system or award
    ("the Automatic Identification System", "Middle East Respiratory Syndrome"), by
    its last word; a product with a model number ("Boeing 747s", "Airbus A300s"),
    or a maker's name that only modifies one ("the Boeing 707 crashed")."""
    name = ctx.entities.clusters[cluster].name
    words = name.split()
    if ctx.entities.clusters[cluster].label == "PERSON":
        return cluster
    if len(words) > 1 and words[-1].lower() in lexicons.words("non_entity_heads"):
        return None
    if len(words) > 1 and words[0] in SHIP_PREFIXES:
        return None  # "MV Ocean Star": a vessel
    if len(words) > 1 and any(ch.isdigit() for ch in words[-1]):
        return None
    span = ctx.span(m)
    if span is None:
        return cluster
    root = span.root
    numbered = any(c.i >= span.end and c.dep_ in {"nummod", "compound", "appos"}
                   and any(ch.isdigit() for ch in c.text) for c in root.children)
    if numbered or root.dep_ == "compound" and any(ch.isdigit() for ch in root.head.text):
        return None  # "the Boeing 737", "Boeing 707s"
    return cluster


def state_named(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A government or state named as an organisation ("UK Government", "the
    Zimbabwean State", "Government of Chile") is its country, when the article names
    that country."""
    c = ctx.entities.clusters[cluster]
    if c.label != "ORG":
        return cluster
    words = c.name.split()
    if len(words) < 2 or not ({w.lower() for w in words} & STATE_WORDS):
        return cluster
    for word in words:
        country = canonical_variant(word) or country_of_nationality(word) or (
            word if is_country(word) else None)
        found = ctx.country(country)
        if found is not None:
            return found
    return cluster


def state_description(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A description of a state actor that names its country ("the U.S. government",
    "the Chilean army") is that country, whatever entity the description rule chose."""
    span = ctx.span(m) if m.resolution == "title" else None
    if span is None or not _is_state_actor(span.root):
        return cluster
    for tok in span:
        name = canonical_variant(tok.text) or country_of_nationality(tok.text) or (
            tok.text if is_country(tok.text) else None)
        found = ctx.country(name)
        if found is not None:
            return found
    return cluster


def indefinite_name(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A name after "a", "any", "every" stands for a kind of person, not someone
    ("what any Londoner would do", "a pan-Africanist who"): no target. Plural
    groups ("the Kurds") stay."""
    span = ctx.span(m) if m.resolution in {"ner", "alias"} else None
    if span is None or span.root.tag_ in {"NNS", "NNPS"} or span.root.dep_ in MODIFIER_DEPS:
        return cluster  # "an icon" (a description); "a Jorgensen administration" (a modifier)
    before = span.doc[span.start - 1] if span.start > 0 else None
    if any(c.dep_ == "det" and c.lower_ in INDIVIDUAL_DETERMINERS for c in span.root.children) \
            or before is not None and before.tag_ == "DT" \
            and before.lower_ in INDIVIDUAL_DETERMINERS:
        return None
    return cluster


def place_in_title(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A place or organisation inside a person's title ("US Vice President Mike Pence",
    "Archbishop of Gdansk", "Chelyabinsk's governor") is not a target of its own."""
    if ctx.entities.clusters[cluster].label == "PERSON":
        return cluster
    span = ctx.span(m)
    if span is None:
        return cluster
    root = span.root
    head = root.head
    if root.dep_ in MODIFIER_DEPS and head.i >= span.end and _is_title_word(head):
        return None
    if root.dep_ == "pobj" and head.lower_ == "of" and _is_title_word(head.head):
        return None
    return cluster


def nationality(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A nationality names its country when it qualifies a state actor ("the Mexican
    government" -> Mexico); describing people or things ("Polish farmers", "six
    Mexican nationals", "an Iranian") it is no target. Named groups ("Kurds") and a
    nationality's people as a group ("protect Mexicans") stay."""
    if ctx.entities.clusters[cluster].label != "NORP":
        return cluster
    span = ctx.span(m)
    name = ctx.entities.clusters[cluster].name
    country = country_of_nationality(name) or country_of_nationality(name.rstrip("s"))
    if span is None:
        (mapped,) = nationality_to_place(ctx.entities, [cluster])
        return mapped
    root = span.root
    if root.dep_ in MODIFIER_DEPS and root.head.i >= span.end:
        return ctx.country(country) if _is_state_actor(root.head) else None
    if root.tag_ in {"NNPS", "NNS"} and root.lower_.endswith("s") and root.dep_ != "attr" \
            and not any(c.dep_ in {"nummod", "amod", "quantmod"} for c in root.children):
        return cluster  # "protections for Mexicans"; not "eight Mexicans", "were Iranians"
    return None if country is not None else cluster


#: What happens to each mention in the content, in order (None drops it).
TARGET_RULES: list[Callable[[TargetContext, Mention, int], int | None]] = [
    target_kind,
    thing_name,
    state_named,
    state_description,
    indefinite_name,
    place_in_title,
    nationality,
]


def _is_perpetrator_noun(tok: Token) -> bool:
    return tok.lower_ in lexicons.words("perpetrator_nouns") and tok.tag_ in {"NN", "NNP",
                                                                              "VBN", "JJ"}


_CANDIDATES = "toolkit_target_candidates"  # a Doc's (epoch, perpetrator, state) tokens
_PERPETRATOR_TAGS = ("NN", "NNP", "VBN", "JJ")


def _candidates(doc: Doc) -> tuple[list[int], list[int]]:
    """The Doc's tokens that may be a perpetrator noun (:func:`_is_perpetrator_noun`)
    and those that may be an unnamed state actor (a civil-state lemma, a noun, not a
    compound), in order: found once per Doc from its arrays, so the additions below read
    only these tokens of a content span, not every token."""
    kept = doc.user_data.get(_CANDIDATES)
    if kept is not None and kept[0] is lexicons.generation():
        return kept[1], kept[2]
    arr = doc.to_array([LOWER, TAG, LEMMA, POS, DEP]).astype(np.uint64)
    if len(arr.shape) == 1:
        arr = arr.reshape(-1, 5)
    perp_words = np.array([get_string_id(w) for w in lexicons.words("perpetrator_nouns")],
                          dtype=np.uint64)
    tags = np.array([get_string_id(t) for t in _PERPETRATOR_TAGS], dtype=np.uint64)
    perp = np.isin(arr[:, 0], perp_words) & np.isin(arr[:, 1], tags)
    strings = doc.vocab.strings
    lemmas = np.unique(arr[:, 2])
    civil = np.array([h for h in lemmas.tolist() if strings[h].lower() in CIVIL_STATE],
                     dtype=np.uint64)
    state = (np.isin(arr[:, 2], civil) & (arr[:, 3] == NOUN)
             & (arr[:, 4] != get_string_id("compound")))
    out = (np.flatnonzero(perp).tolist(), np.flatnonzero(state).tolist())
    doc.user_data[_CANDIDATES] = (lexicons.generation(), *out)
    return out


def _tokens_in(doc: Doc, candidates: list[int], start: int, end: int) -> list[Token]:
    """The candidate tokens inside the char span [start, end) (expanded to tokens)."""
    if not candidates:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    lo = bisect_left(candidates, span.start)
    hi = bisect_left(candidates, span.end, lo)
    return [doc[i] for i in candidates[lo:hi]]


def _person_at(ctx: TargetContext, tok: Token) -> int | None:
    cluster = ctx.index.at(tok.idx, tok.idx + len(tok.text))
    if cluster is None or ctx.entities.clusters[cluster].label != "PERSON":
        return None
    return cluster


def _named_perpetrator(ctx: TargetContext, noun: Token) -> int | None:
    """The person a perpetrator noun is linked to where it stands: "identified the
    suspect as X", "the attacker, identified as X", "the gunman, X", "suspect X"."""
    candidates = [c for c in noun.children if c.dep_ == "appos"]
    if noun.dep_ == "appos":
        candidates.append(noun.head)
    verbs = [c for c in noun.children if c.dep_ == "acl"] + (
        [noun.head] if noun.dep_ == "dobj" else [])
    for verb in verbs:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                candidates += [c for c in prep.children if c.dep_ == "pobj"]
    doc = noun.doc
    if noun.i + 1 < len(doc) and doc[noun.i + 1].ent_type_ == "PERSON":
        candidates.append(doc[noun.i + 1])  # "suspect Ann Lee"
    for tok in candidates:
        cluster = _person_at(ctx, tok)
        if cluster is not None:
            return cluster
    return None


def _crime_evidence(ctx: TargetContext, tok: Token) -> bool:
    """A name in a crime's place: the subject of "stab", "shoot" ...; the object or
    passive subject of "arrest", "charge" ...; the subject of a clause it is "charged"
    in ("X appeared in court, charged with murder")."""
    verbs = lexicons.table("crime_verbs")
    if tok.dep_ == "appos":  # "An Australian, Ann Lee, was charged"
        tok = tok.head
    verb = tok.head
    if tok.dep_ == "nsubj" and verb.lemma_ in verbs["agent"]:
        return True
    if tok.dep_ in {"nsubjpass", "dobj"} and verb.lemma_ in verbs["patient"]:
        return True
    return tok.dep_ == "nsubj" and any(c.dep_ in {"advcl", "conj"} and c.tag_ == "VBN"
                                       and c.lemma_ in verbs["patient"] for c in verb.children)


def article_perpetrator(ctx: TargetContext) -> int | None:
    """The one person a crime story is about: linked to "the suspect" or a like noun
    (3 points each), or named in a crime's place (1 point each); the highest score,
    None on a tie or when nobody scores. Computed once per parse."""
    doc = ctx.doc
    if doc is None:
        return None
    if "toolkit.perpetrator" in doc.user_data:
        return doc.user_data["toolkit.perpetrator"]
    scores: dict[int, int] = {}
    for tok in doc:
        cluster = _named_perpetrator(ctx, tok) if _is_perpetrator_noun(tok) \
            and _definite(tok) else None
        if cluster is not None:
            scores[cluster] = scores.get(cluster, 0) + 3
        person = _person_at(ctx, tok) if tok.ent_type_ == "PERSON" else None
        if person is not None and tok.dep_ != "compound" and _crime_evidence(ctx, tok):
            scores[person] = scores.get(person, 0) + 1
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best = ranked[0][0] if ranked and (
        len(ranked) == 1 or ranked[1][1] < ranked[0][1]) else None
    doc.user_data["toolkit.perpetrator"] = best
    return best


def _definite(noun: Token) -> bool:
    """ "the suspect", "suspect Ann Lee"; not "a convicted murderer"."""
    det = next((c for c in noun.children if c.dep_ in {"det", "poss"}), None)
    if det is None:
        return noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].ent_type_ == "PERSON"
    return det.lower_ in {"the", "this"}


def perpetrator(ctx: TargetContext, start: int, end: int) -> list[int]:
    """ "police arrested the suspect", "the accused remains in custody": a definite
    perpetrator noun with no name beside it is the article's perpetrator
    (:func:`article_perpetrator`)."""
    if ctx.doc is None:
        return []
    for tok in _tokens_in(ctx.doc, _candidates(ctx.doc)[0], start, end):
        if not _is_perpetrator_noun(tok) or ctx.index.at(tok.idx, tok.idx + len(tok.text)):
            continue
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in tok.children):
            continue
        found = article_perpetrator(ctx)
        return [found] if found is not None else []
    return []


def unnamed_state_actor(ctx: TargetContext, start: int, end: int) -> list[int]:
    """ "Federal authorities are investigating", "the government will act": a state
    actor no name or nationality owns is the state of the country the article is most
    about."""
    if ctx.doc is None:
        return []
    for tok in _tokens_in(ctx.doc, _candidates(ctx.doc)[1], start, end):
        if tok.lemma_.lower() not in CIVIL_STATE or tok.pos_ != "NOUN" \
                or tok.dep_ == "compound" \
                or ctx.index.at(tok.idx, tok.idx + len(tok.text)) is not None:
            continue
        if any(c.dep_ == "amod" and c.lower_ not in STATE_LEVELS for c in tok.children):
            continue  # "civil authorities", "foreign governments": no one state
        if any(c.dep_ in MODIFIER_DEPS and (c.ent_type_ or c.pos_ == "PRON")
               for c in tok.children) or any(c.dep_ == "prep" for c in tok.children):
            continue  # "Acme's board", "their government", "the army of Chad"
        if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children):
            continue  # "a government": not a particular one
        country = SourceContext(ctx.doc, ctx.index).main_country()
        return [country] if country is not None else []
    return []


def relative_antecedent(ctx: TargetContext, start: int, end: int) -> list[int]:
    """ "Ann Lee, who was described by police as “reckless”", "the plan, which
    critics said was unfair": content opening with a relative pronoun is about the
    name the relative clause modifies."""
    if ctx.doc is None:
        return []
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or span[0].lower_ not in lexicons.words("relative_pronouns"):
        return []
    clause = span[0].head
    for _ in range(4):
        if clause.dep_ == "relcl" or clause.head.i == clause.i:
            break
        clause = clause.head
    if clause.dep_ != "relcl":
        return []
    noun = clause.head
    found = ctx.index.at(noun.idx, noun.idx + len(noun.text))
    return [found] if found is not None else []


#: Targets no single mention names, added after the mentions: a perpetrator noun
#: ("the suspect") as the article's perpetrator; an unnamed state actor as the
#: article's country; a relative pronoun's antecedent.
TARGET_ADDITIONS: list[Callable[[TargetContext, int, int], list[int]]] = [
    perpetrator,
    unnamed_state_actor,
    relative_antecedent,
]


def about_clusters(index: EntityIndex, start: int, end: int,
                   exclude: Iterable[int | None] = (), *, doc: Doc | None = None) -> list[int]:
    """Rule about: the clusters the content in [start, end) refers to, in order, once
    each, without the excluded ones (the speaker's). Without ``doc`` the rules that
    read the parse keep every mention."""
    excluded = {c for c in exclude if c is not None}
    inside = index.within(start, end)
    ctx = TargetContext(index, doc, inside)
    found: list[int] = []
    for m in inside:
        cluster: int | None = m.cluster
        for rule in TARGET_RULES:
            cluster = rule(ctx, m, cluster)
            if cluster is None:
                break
        if cluster is not None and cluster not in excluded and cluster not in found:
            found.append(cluster)
    for add in TARGET_ADDITIONS:
        for cluster in add(ctx, start, end):
            if cluster not in excluded and cluster not in found:
                found.append(cluster)
    return found
