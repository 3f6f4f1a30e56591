"""Sources: who a speaker or claimant phrase is, and how we know (rule ``source``).

:func:`resolve_source` tries :data:`SOURCE_RULES` in order on the phrase's head; each
``rule(ctx, head) -> Resolved | None`` is a small named function:

1. ``member_of``: an unnamed member of an organisation or country ("an Acme
   spokesperson", "a Turkish official", "UK officials", "the Iranian army", "the
   Indonesian Navy") -> the organisation or country (``member``).
2. ``head_mention``: a mention of the head itself: a name, an alias, a pronoun or a
   description the entities stage resolved ("Putin", "he", "the Russian leader").
   A name that only modifies the head ("the El Paso mayor", "Trump's campaign
   manager") is not the source.
3. ``appositive``: "One pastor, Darran Whiting, said" -> the appositive name.
4. ``document_author``: a document with its author in the phrase ("the WHO's
   report", "a report by The Atlantic") -> the author (``document``).
5. ``country_of_state_actor``: "the government", "the army" with no owner named -> the
   country the article is most about (``member``).

Coordinated sources ("Reuters and the BBC reported") are each resolved; a phrase that
resolves to nobody is kept as written, with ``how = "unresolved"``.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> from toolkit.resolve.mentions import EntityIndex
>>> doc = load_pipeline()("A Turkish official said the border was closed.")
>>> ents = extract_entities(doc)
>>> r = resolve_source(SourceContext(doc, EntityIndex(ents)), doc[2])
>>> r.how, r.names
('member', ['Turkey'])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.names import country_of_nationality, is_country
from toolkit.resolve.features import first_person, pronoun_features
from toolkit.resolve.mentions import EntityIndex, nationality_to_place

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["SOURCE_RULES", "Resolved", "SourceContext", "phrase_as_written", "resolve_source"]

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


def _owners(head: Token) -> list[Token]:
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


# --------------------------------------------------------------------------- rules

def head_mention(ctx: SourceContext, head: Token) -> Resolved | None:
    """The mention of the phrase's head: a name, an alias, a pronoun, a description."""
    return ctx.mention_of(head)


def appositive(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "One pastor, Darran Whiting, said": the appositive name."""
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            found = ctx.mention_of(child)
            if found is not None:
                return found
    return None


def document_author(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the WHO's situation report", "a report by The Atlantic": the author."""
    if head.lemma_.lower() not in lexicons.words("document_nouns") \
            and head.lower_ not in lexicons.words("document_nouns"):
        return None
    for tok in _owners(head):
        found = ctx.mention_of(tok)
        if found is not None:
            return Resolved(found.cluster, found.name, "document")
    return None


def member_of(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "an Acme spokesperson", "a Turkish official", "UK officials", "the Iranian
    army": the organisation or country."""
    word = head.lower_
    if word not in lexicons.words("member_roles") and word not in lexicons.words("state_actors") \
            and head.lemma_.lower() not in lexicons.words("member_roles"):
        return None
    for tok in _owners(head):
        found = ctx.place_or_group(tok, "member")
        if found is not None:
            return found
    return None


def country_of_state_actor(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the government", "the army" with nobody named in the phrase: the country the
    article is most about."""
    if head.lower_ not in lexicons.words("state_actors") or _owners(head):
        return None  # "the emergencies ministry", "the Trump administration": named
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None  # "a government", "governments": not a particular one
    country = ctx.main_country()
    return Resolved(country, ctx.name(country), "member") if country is not None else None


#: How a source phrase is resolved, tried in order (the first answer wins).
SOURCE_RULES: list[Callable[[SourceContext, Token], Resolved | None]] = [
    member_of,
    head_mention,
    appositive,
    document_author,
    country_of_state_actor,
]


def _resolve_one(ctx: SourceContext, head: Token) -> Resolved | None:
    if head.lower_ in first_person():
        return None  # "I said" outside a quote: the interviewer, a narrator
    for rule in SOURCE_RULES:
        found = rule(ctx, head)
        if found is not None:
            return found
    return None


def phrase_as_written(doc: Doc, start: int, end: int) -> str | None:
    """A source phrase as a reader would write it: "The army" -> "the army",
    "Officials" -> "officials", "He" -> "he"; a possessive dropped; None when nothing
    is left."""
    tokens = [t for t in doc[start:end] if not t.is_space]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens.pop()
    if not tokens:
        return None
    words = [t.text_with_ws for t in tokens]
    first = tokens[0]
    pronoun = len(tokens) == 1 and pronoun_features(first.text) is not None and first.lower_ != "i"
    if pronoun or (first.pos_ in {"DET", "NOUN", "ADJ", "NUM"} and first.is_title
                   and not first.is_upper):
        words[0] = first.text_with_ws[0].lower() + first.text_with_ws[1:]
    return "".join(words).strip()


def _conjuncts(head: Token) -> list[Token]:
    """The heads coordinated after ``head`` ("Reuters and the BBC")."""
    return [c for c in head.conjuncts if c.i > head.i and c.pos_ in {"PROPN", "NOUN"}]


def resolve_source(ctx: SourceContext, head: Token,
                   antecedent: Token | None = None) -> Source:
    """Every credited source of the phrase headed by ``head`` (its coordinated heads
    too); ``antecedent`` is the head a relative pronoun ("who") stands for."""
    heads = [antecedent if antecedent is not None else head]
    if antecedent is None:  # "X and Y said"; an antecedent names the one it stands for
        heads += _conjuncts(heads[0])
    out = Source()
    for k, h in enumerate(heads):
        found = _resolve_one(ctx, h)
        if found is None:
            if k == 0:
                return out  # the phrase itself names nobody we know
            continue
        if k == 0:
            out.how = found.how
        if found.cluster is not None and found.cluster in out.clusters:
            continue
        if found.cluster is not None:
            out.clusters.append(found.cluster)
        if found.name and found.name not in out.names:
            out.names.append(found.name)
    return out
