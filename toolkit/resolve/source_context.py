"""What the source rules read: the parse, the mentions, the article's countries
(:class:`SourceContext`), what a rule answers (:class:`Resolved`, :class:`Source`), and
the tokens that may say whom a phrase belongs to (:func:`owners`). The rules are in
:mod:`toolkit.resolve.sources`.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> doc = load_pipeline()("The mayor of Springfield said so.")
>>> [t.text for t in owners(doc[1])]
['Springfield']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.names import country_of_nationality, is_country
from toolkit.resolve.mentions import EntityIndex, nationality_to_place

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["MENTION_HOW", "MODIFIER_DEPS", "OWNER_PREPS", "Resolved", "Source", "SourceContext",
           "owners"]

# How a mention was resolved -> how the source is named.
MENTION_HOW = {"ner": "name", "alias": "alias", "pronoun": "pronoun", "title": "description"}
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
OWNER_PREPS = frozenset({"of", "from", "at", "for", "by", "with", "in"})


@dataclass
class Resolved:
    """A resolved source: the cluster (None for a name with no entity, such as a
    country the article names only by its adjective), its name, and how."""

    cluster: int | None
    name: str | None
    how: str
    via: int | None = None  # the token that named it, when not the head (an author)


@dataclass
class Source:
    """Every credited source of a phrase ("X and Y"), in order, and how the first is
    known."""

    clusters: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    how: str = "unresolved"

    @property
    def cluster(self) -> int | None:
        return self.clusters[0] if self.clusters else None


class SourceContext:
    """What the source rules read: the parse, the mentions, the article's countries."""

    def __init__(self, doc: Doc, index: EntityIndex):
        self.doc = doc
        self.index = index
        self.entities = index.entities
        self._main_country: int | None | bool = False

    def name(self, cluster: int) -> str:
        return self.entities.clusters[cluster].name

    def main_country(self) -> int | None:
        """The country cluster mentioned most often, its nationality included ("Iran",
        "Iranian"), the first on ties; None when the article names no country."""
        if self._main_country is False:
            clusters = self.entities.clusters
            by_name = {c.name: c.index for c in clusters if is_country(c.name)}
            counts: Counter = Counter()
            for m in self.index.mentions:
                name = clusters[m.cluster].name
                if name in by_name:
                    counts[by_name[name]] += 1
                elif clusters[m.cluster].label == "NORP" \
                        and country_of_nationality(name) in by_name:
                    counts[by_name[country_of_nationality(name)]] += 1
            ranked = sorted(counts, key=lambda c: (-counts[c], c))
            self._main_country = ranked[0] if ranked else None
        return self._main_country  # type: ignore[return-value]

    def mention_of(self, tok: Token) -> Resolved | None:
        m = self.index.mention_at(tok.idx, tok.idx + len(tok.text))
        if m is None:
            return None
        return Resolved(m.cluster, self.name(m.cluster), MENTION_HOW.get(m.resolution, "name"))

    def place_or_group(self, tok: Token, how: str) -> Resolved | None:
        """An organisation, country or nationality mentioned at ``tok`` (a nationality
        as its country: "Turkish" -> Turkey, mentioned or not)."""
        m = self.index.mention_at(tok.idx, tok.idx + len(tok.text))
        if m is not None and m.resolution == "title":
            m = None  # "the Mexican government" as a description: read its words
        if m is not None and m.label in {"ORG", "GPE", "NORP", "LOC", "FAC"}:
            (cluster,) = nationality_to_place(self.entities, [m.cluster])
            name = self.name(cluster)
            if self.entities.clusters[cluster].label == "NORP":
                country = country_of_nationality(name)
                return Resolved(None, country, how) if country else None
            return Resolved(cluster, name, how)
        if tok.pos_ in {"ADJ", "PROPN"} and tok.dep_ in MODIFIER_DEPS:
            country = country_of_nationality(tok.text)
            if country:
                match = next((c.index for c in self.entities.clusters if c.name == country),
                             None)
                return Resolved(match, country, how)
        return None


def owners(head: Token) -> list[Token]:
    """Tokens that may name who a phrase belongs to: its modifiers, then the objects
    of its "of / from / by ..." complements."""
    out = [c for c in head.lefts if c.dep_ in MODIFIER_DEPS]
    out += [t for c in out for t in c.subtree if t.i != c.i and t.dep_ in MODIFIER_DEPS]
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in OWNER_PREPS:
            out += [c for c in prep.children if c.dep_ == "pobj"]
            out += [t for c in prep.children if c.dep_ == "pobj" for t in c.lefts
                    if t.dep_ in MODIFIER_DEPS]
    return out
