"""Claim nouns: "Trump's assertion that ...", "the pledge to ...", "claims about ...".

:func:`nominal_claims` finds the claims of origin ``nominal`` (:mod:`toolkit.claims`): a
claim noun (lexicon ``claim_nouns``) with a "that" clause, an infinitive, a "related
to" / "about" / "regarding" complement that states something ("claims about voting
causing fraud", not "a statement about the use of X", a topic), or for allegations and
accusations "of" + gerund. Its owner is the possessive or a name before the noun
("Trump's assertion", "the Acme pledge"), the "by" agent, or the source of a verb that
makes claims (lexicon ``claimant_verbs``); negated nouns ("no guarantee that") are
skipped.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> from toolkit.attribution.context import Context
>>> doc = load_pipeline()("John Doe's claim that the bridge was unsafe was ignored.")
>>> found = nominal_claims(Context.of(doc, extract_entities(doc)))
>>> [(doc.text[n.start:n.end], n.cue) for n in found]
[('the bridge was unsafe', 'claim')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import cue_class, lemma
from toolkit.attribution.speakers import find_source, noun_phrase
from toolkit.resolve import (
    SourceContext,
    is_unresolved_source,
    phrase_as_written,
    resolve_source,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context

__all__ = ["MAX_CLAIM_TOKENS", "Nominal", "clause_span", "nominal_claims", "party"]

MAX_CLAIM_TOKENS = 120


@dataclass
class Nominal:
    """A claim noun's claim: the content's character range, the noun, its token index,
    and the owner (a cluster, else a name, else neither)."""

    start: int
    end: int
    cue: str
    cue_token: int
    cluster: int | None
    name: str | None


def party(tok: Token, sources: SourceContext) -> tuple[int | None, str | None]:
    """A claimant phrase headed by ``tok``, resolved like a quote's speaker: (cluster,
    None), else (None, a name or the phrase as written), (None, None) for a pronoun
    that names nobody."""
    found = resolve_source(sources, tok)
    if found.cluster is not None:
        return found.cluster, None
    if found.names:
        return None, " and ".join(found.names)
    s, e = noun_phrase(tok)
    name = phrase_as_written(tok.doc, s, e)
    if not name or is_unresolved_source(name):
        return None, None
    return None, name


def clause_span(head: Token) -> tuple[int, int]:
    """Token range of the clause headed by ``head``: its subtree without a leading
    complementizer and without a trailing "but ...ing" conjunct that the parser often
    attaches to it (it belongs to the governing clause), capped at
    :data:`MAX_CLAIM_TOKENS`."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    for child in head.children:
        if child.dep_ in {"conj", "advcl"} and child.tag_ == "VBG" and head.tag_ != "VBG" \
                and child.i > head.i and child.left_edge.i > head.i:
            if child.dep_ == "advcl" and doc[child.left_edge.i - 1].text != ",":
                continue
            cut = child.left_edge.i
            for c in head.children:
                if (c.dep_ == "cc" or c.text == ",") and head.i < c.i < child.i:
                    cut = min(cut, c.i)
            end = min(end, cut)
    while start < end and (doc[start].dep_ == "mark" and doc[start].lower_ in
                           {"that", "whether", "if"} or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    return start, min(end, start + MAX_CLAIM_TOKENS)


def _nominal_content(tok: Token) -> tuple[int, int] | None:
    """The content of a claim noun: its "that" clause, infinitive, "related to X" /
    "about X" complement, or "of" + gerund for allegations."""
    noun = lemma(tok)
    for child in tok.children:
        if child.i < tok.i:
            continue
        if child.dep_ in {"acl", "ccomp"} and child.pos_ in {"VERB", "AUX"}:
            if lemma(child) in {"relate", "regard"}:
                # "promises related to X": the complement of the participle.
                prep = next((c for c in child.children if c.dep_ == "prep"), None)
                obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}),
                           None) if prep else None
                return clause_span(obj) if obj is not None else None
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "aux"}}
            if marks & {"that", "to"} or any(c.dep_ == "nsubj" for c in child.children):
                return clause_span(child)
        if child.dep_ == "prep" and child.lower_ in {"about", "regarding", "over", "of"}:
            obj = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
            if obj is None:
                continue
            gerund = obj.dep_ == "pcomp" or obj.tag_ == "VBG"
            if child.lower_ == "of" and (not gerund or noun not in lexicons.words(
                    "claim_nouns_of")):
                continue  # "the claims of the government": the owner, not content
            # "claims about voting causing fraud": a proposition; "a statement about
            # the use of X" names only a topic.
            if obj.dep_ == "pcomp" or any(c.dep_ == "acl" and c.tag_ in {"VBG", "VBN"}
                                          for c in obj.children):
                return clause_span(obj)
    return None


def _claim_owner(noun: Token, ctx: Context) -> tuple[int | None, str | None]:
    """Who made the claim a claim noun names: its possessive owner ("Trump's
    assertion"), its "by" agent, or the source of a claim-making verb (found by the
    attribution engine's speaker rules)."""
    index = SourceContext(ctx.doc, ctx.index)
    for child in noun.children:
        if child.dep_ == "poss" or child.dep_ == "compound" and child.pos_ == "PROPN" \
                and index.mention_of(child) is not None:
            return party(child, index)  # "Trump's assertion", "the Acme pledge"
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return party(obj, index)
    head = noun.head
    makers = lexicons.words("claimant_verbs")
    if (noun.dep_ in {"dobj", "conj"} and (lemma(head) in makers or cue_class(head))
            or noun.dep_ == "nsubjpass" and lemma(head) in makers):
        source = find_source(head, ctx)
        if source is not None:
            return party(ctx.doc[source.head], index)
    return None, None


def nominal_claims(ctx: Context) -> list[Nominal]:
    """Origin nominal: claim nouns with their content and owner."""
    doc = ctx.doc
    out = []
    nouns = lexicons.words("claim_nouns")
    for tok in doc:
        if tok.pos_ != "NOUN" or lemma(tok) not in nouns:
            continue
        if any(c.dep_ == "det" and c.lower_ == "no" or c.dep_ == "neg" for c in tok.children):
            continue  # "there is no guarantee that ..."
        content = _nominal_content(tok)
        if content is None or content[1] - content[0] < 2:
            continue
        cluster, name = _claim_owner(tok, ctx)
        s, e = content
        out.append(Nominal(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), tok.text, tok.i,
                           cluster, name))
    return out
