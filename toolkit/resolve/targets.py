"""About whom: the entities a quote's or claim's content refers to (rule ``about``).

Each mention inside the content goes through :data:`TARGET_RULES` in order; a rule
``rule(ctx, mention, cluster) -> int | None`` keeps the cluster, maps it to another
(a nationality to its country), or drops it (None): ``target_kind`` (people,
organisations, places, groups), ``thing_name`` (laws, systems, diseases, products),
``state_named`` ("UK Government" -> United Kingdom), ``indefinite_name`` ("any
Londoner"), ``place_in_title``, ``nationality``. Then
:data:`TARGET_ADDITIONS` add targets no mention names. The speaker's own clusters
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

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.names import canonical_variant, country_of_nationality, is_country
from toolkit.records import Mention
from toolkit.resolve.mentions import EntityIndex, nationality_to_place

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["TARGET_ADDITIONS", "TARGET_LABELS", "TARGET_RULES", "about_clusters"]

#: The entity labels a quote can be about; events, laws, products and works are not.
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
STATE_WORDS = frozenset({"government", "state", "administration"})
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
    if len(words) > 1 and any(ch.isdigit() for ch in words[-1]):
        return None
    span = ctx.span(m)
    if span is not None and span.root.dep_ == "compound" \
            and any(ch.isdigit() for ch in span.root.head.text):
        return None
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


def indefinite_name(ctx: TargetContext, m: Mention, cluster: int) -> int | None:
    """A name after "a", "any", "every" stands for a kind of person, not someone
    ("what any Londoner would do", "a pan-Africanist who"): no target. Plural
    groups ("the Kurds") stay."""
    span = ctx.span(m)
    if span is None or span.root.tag_ in {"NNS", "NNPS"}:
        return cluster
    if any(c.dep_ == "det" and c.lower_ in INDIVIDUAL_DETERMINERS for c in span.root.children):
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
    Mexican nationals", "Iranians") it is no target. Named groups ("Kurds") stay."""
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
    return None if country is not None else cluster


#: What happens to each mention in the content, in order (None drops it).
TARGET_RULES: list[Callable[[TargetContext, Mention, int], int | None]] = [
    target_kind,
    thing_name,
    state_named,
    indefinite_name,
    place_in_title,
    nationality,
]


#: Targets no single mention names, added after the mentions (none yet: "the
#: government" is resolved as a description by the entities stage).
TARGET_ADDITIONS: list[Callable[[TargetContext, int, int], list[int]]] = []


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
