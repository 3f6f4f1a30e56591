"""Source phrases: "according to X", "per X" and attributing adverbs ("reportedly"),
each giving the clause it belongs to as content.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.records import ArticleEntities
>>> from toolkit.attribution.context import Context
>>> doc = load_pipeline()("According to the ministry, the toll rose to twelve.")
>>> ctx = Context(doc, ArticleEntities([], []))
>>> [(f.strategy, doc[f.start:f.end].text) for f in according_to(doc[0], ctx)]
[('according_to', 'the toll rose to twelve')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import is_cue_verb, lemma
from toolkit.attribution.indirect import IndirectFound, content_tokens, has_verb, trim_edges
from toolkit.attribution.speakers import SPEECH, Source, noun_phrase

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context

__all__ = ["according_to", "attributing_adverb"]


def _source_preposition(tok: Token) -> Token | None:
    """The preposition whose object is the source: "to" of "according to", or "per"
    opening or closing a clause ("Per the decree, …", "…, per the reports"), or such a
    "by" of a report noun (:func:`source_by`)."""
    doc = tok.doc
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return doc[tok.i + 1]
    if tok.lower_ in {"per", "by"} and tok.dep_ == "prep" and tok.head.pos_ in {"VERB", "AUX"}:
        before = doc[tok.i - 1].text if tok.i > 0 else "."
        if tok.lower_ == "by" and not source_by(tok):
            return None
        if before in {",", "(", "—"} or tok.is_sent_start:
            return tok
    return None


def source_by(tok: Token) -> bool:
    """ "By some accounts, the talks failed": a "by" whose object is a report noun
    (lexicon ``source_by_nouns``), not an agent or a means ("by train")."""
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    return pobj is not None and lemma(pobj) in lexicons.words("source_by_nouns")


def _reporter(pobj: Token) -> Token:
    """ "per figures reported by the agency": the agent of a verb of saying that
    modifies the source phrase is the source; else the phrase itself."""
    for acl in pobj.children:
        if acl.dep_ == "acl" and is_cue_verb(acl, SPEECH):
            for agent in acl.children:
                by = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if agent.dep_ == "agent" and by is not None:
                    return by
    return pobj


def _finding(pobj: Token) -> bool:
    """A poll, a study or data as the source makes a finding, unless a verb of saying
    says who gave it ("per numbers reported by the agency" is the agency's report)."""
    return lemma(pobj) in lexicons.words("finding_sources") and not any(
        c.dep_ == "acl" and is_cue_verb(c, SPEECH) for c in pobj.children)


def according_to(tok: Token, ctx: Context) -> list[IndirectFound]:
    """ "According to X, …" / "…, according to X" / "Per X, …": the clause the phrase
    belongs to (without a concessive lead-in, "Although …, "), attributed to X; two
    fragments when the phrase interrupts it. A poll, a study or data as X makes it a
    finding."""
    doc = ctx.doc
    prep = _source_preposition(tok)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if pobj is None:
        return []
    p_start, p_end = tok.i, max(tok.right_edge.i, prep.right_edge.i) + 1
    while p_end < len(doc) and doc[p_end].pos_ == "PROPN" and doc[p_end - 1].pos_ == "PROPN":
        p_end += 1  # "According to Mayor Dee Margo" with the name split off
    head = tok.head
    if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in head.children):
        # "According to X, Wednesday's quake, at 6.3, was …" with the subject parsed as
        # an apposition of X: the phrase ends at the comma after X.
        comma = next((t.i for t in doc[pobj.i:p_end] if t.text == ","), None)
        if comma is not None:
            p_end = comma
    after = next((t for t in doc[p_end:min(p_end + 3, len(doc))] if not t.is_punct), None)
    relative = after is not None and after.lower_ in lexicons.words("relative_pronouns")
    while head.head.i != head.i and (head.dep_ in {"aux", "auxpass"} or (
            head.dep_ == "conj" and (tok.i > head.i or relative)) or (
            head.dep_ in {"advcl", "acl"} and head.tag_ in {"VBG", "VBN"})):
        head = head.head  # "A, and B, according to X" / "A, doing B, according to X"
    s_start, s_end = ctx.sent_bounds(tok.i)
    if head.pos_ in {"VERB", "AUX"} and head.i != tok.i and not ctx.in_quote(head.i):
        lo, hi = max(head.left_edge.i, s_start), min(head.right_edge.i + 1, s_end)
        for child in head.children:  # "Although X, he remains …": the main clause
            if child.dep_ == "advcl" and child.i < head.i and child.right_edge.i < p_start \
                    and any(c.dep_ == "mark" for c in child.children):
                lo = max(lo, child.right_edge.i + 1)
    else:
        lo, hi = s_start, s_end
    colon = next((t.i for t in reversed(doc[lo:p_start]) if t.text in {":", ";"}), None)
    if colon is not None:
        lo = colon + 1  # "… from other places: potentially, according to X, $3.6 billion …"
    klass = "finding" if _finding(pobj) else "speech"
    pobj = _reporter(pobj)
    ss, se = noun_phrase(pobj)
    source = Source(ss, se, pobj.i, "according_to")
    while p_end < hi and doc[p_end].dep_ == "prep" and doc[p_end].i + 1 < len(doc) \
            and doc[p_end + 1].ent_type_ in {"DATE", "TIME"} and doc[p_end].right_edge.i < hi:
        p_end = doc[p_end].right_edge.i + 1  # "according to officials on Thursday"
    after = trim_edges(ctx, max(lo, p_end), hi)
    # What follows the phrase is content unless it opens X's relative clause (", who …")
    # or another conjunct (", and leaving …").
    sides = [(lo, min(hi, p_start))]
    if not relative and not (after[0] < after[1] and doc[after[0]].dep_ == "cc"):
        sides.append(after)
    parts = [trim_edges(ctx, fs, fe) for fs, fe in sides]
    parts = [(fs, fe) for fs, fe in parts
             if any(t.is_alpha and t.dep_ not in {"cc", "mark"} for t in doc[fs:fe])]
    if sum(fe - fs for fs, fe in parts) < 3:
        return []
    return [IndirectFound(fs, fe, tok.i, prep.i + 1, klass, source, "according_to", tok.i)
            for fs, fe in parts]


def attributing_adverb(tok: Token, ctx: Context) -> list[IndirectFound]:
    """ "He reportedly left", "she allegedly took it": the clause an attributing
    adverb (lexicon ``cue_adverbs``) modifies, reported without a source."""
    head, phrase = tok.head, None
    if tok.dep_ == "advmod" and head.i != tok.i and head.pos_ not in {"VERB", "AUX"}:
        head, phrase = _phrase_verb(head)
    if tok.dep_ != "advmod" or head.i == tok.i or head.pos_ not in {"VERB", "AUX"} \
            or lemma(tok) not in lexicons.words("cue_adverbs"):
        return []
    while head.dep_ in {"aux", "auxpass"} and head.head.i != head.i:
        head = head.head
    s, e = content_tokens(head, head, ctx)
    if phrase is not None:  # the clause up to the phrase the adverb hedges
        e = min(e, phrase.right_edge.i + 1)
    s_start, s_end = ctx.sent_bounds(tok.i)
    s, e = max(s, s_start), min(e, s_end)
    if e - s < 3 or not has_verb(ctx, s, e):
        return []
    return [IndirectFound(s, e, tok.i, tok.i + 1, "speech", None, "attributing_adverb", tok.i)]


def _phrase_verb(phrase: Token) -> tuple[Token, Token | None]:
    """ "shot him, reportedly outside a shop", "stabbed reportedly five people": an
    attributing adverb on an object or adjunct phrase of a verb hedges that verb's
    clause up to the phrase; (the verb, the phrase), or (the phrase, None)."""
    while phrase.dep_ in {"nummod", "amod", "quantmod"} and phrase.head.i != phrase.i:
        phrase = phrase.head  # "reportedly twelve trucks": the adverb hedges the count
    if phrase.dep_ in {"prep", "dobj", "npadvmod", "attr", "advmod"} \
            and phrase.head.pos_ in {"VERB", "AUX"} and phrase.head.i != phrase.i:
        return phrase.head, phrase
    return phrase, None
