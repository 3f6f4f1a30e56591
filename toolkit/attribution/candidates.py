"""Gathering an article's indirect attributions: every cue verb outside quotation
marks with its content (the rules of :mod:`toolkit.attribution.indirect`, looked up
there at call time so a rule switched off there is off here), every "according to X"
and every attributing adverb, cut to the cue's paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from toolkit import lexicons
from toolkit.attribution import indirect, source_phrases
from toolkit.attribution.cues import is_direct_only, phrasal_cue
from toolkit.attribution.indirect import Content, IndirectFound
from toolkit.attribution.senses import cue_sense
from toolkit.attribution.speakers import find_source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from toolkit.attribution.context import Context

__all__ = ["indirect_candidates", "within_paragraph"]


def within_paragraph(ctx: Context, s: int, e: int, anchor: int) -> tuple[int, int]:
    """Cut the token range [s, e) to the paragraph of the cue at ``anchor``."""
    doc = ctx.doc
    if e <= s:
        return s, e
    a, b = ctx.paragraph_bounds(doc[anchor].idx)
    while s < e and doc[s].idx < a:
        s += 1
    while e > s and doc[e - 1].idx >= b:
        e -= 1
    return s, e


#: Words that open a source phrase ("according to X", "per X", "by some accounts").
SOURCE_WORDS = ("according", "per", "by")


def _possible_cues(doc: Doc) -> list[int]:
    """The tokens that may start an indirect attribution: verbs (what ``cue_class``
    reads as one: a verb or auxiliary, or a verb's tag), adverbs, and the
    :data:`SOURCE_WORDS`; the rest are never a cue, so no ``Token`` is made for them."""
    if not len(doc):
        return []
    from spacy.attrs import LOWER, POS, TAG
    from spacy.symbols import IDS

    strings = doc.vocab.strings
    cols = doc.to_array([POS, TAG, LOWER])
    hit = np.isin(cols[:, 0], [IDS["VERB"], IDS["AUX"], IDS["ADV"]])
    verb_tags = [t for t in set(cols[:, 1].tolist()) if t and strings[t].startswith("VB")]
    hit |= np.isin(cols[:, 1], np.array(verb_tags, dtype="uint64"))
    hit |= np.isin(cols[:, 2], [strings[w] for w in SOURCE_WORDS])
    return np.flatnonzero(hit).tolist()


def _cue_contents(verb: Token, ctx: Context) -> list[Content]:
    for rule in indirect.CONTENT_RULES:
        found = rule(verb, ctx)
        if found:
            return found
    return []


def indirect_candidates(ctx: Context) -> list[IndirectFound]:
    """Every indirect attribution of the article: for each cue verb outside quotation
    marks its content by :data:`CONTENT_RULES`, and each "according to X"."""
    doc = ctx.doc
    out: list[IndirectFound] = []
    relative = lexicons.words("relative_pronouns") | {"what"}
    for i in _possible_cues(doc):
        tok = doc[i]
        if ctx.in_quote(i):
            continue
        if tok.lower_ in SOURCE_WORDS or tok.pos_ == "ADV":
            found = (source_phrases.according_to(tok, ctx) if tok.pos_ != "ADV"
                     else source_phrases.attributing_adverb(tok, ctx))
            for f in found:
                f.start, f.end = within_paragraph(ctx, f.start, f.end, tok.i)
            found = [f for f in found if f.end - f.start >= 1]
            if found:
                out.extend(found)
                continue
        klass = cue_sense(tok, ctx)
        if klass is None or is_direct_only(tok):
            continue
        contents = _cue_contents(tok, ctx)
        if not contents:
            continue
        source = find_source(tok, ctx)
        cs, ce = phrasal_cue(tok)
        for content in contents:
            s, e = within_paragraph(ctx, content.start, content.end, tok.i)
            if e - s < (1 if content.subject else 2):
                continue
            # "which critics said was unfair": the relative pronoun is the content's
            # subject, so the cue sits inside the content span.
            extracted = s < tok.i < e and doc[s].lower_ in relative
            if not content.parenthetical and not extracted:
                if s <= tok.i < e:
                    continue
                if source is not None and s < source.end and source.start < e:
                    continue
            lo, hi = min(s, tok.i), max(e, tok.i + 1)
            if "\n" in ctx.text[doc[lo].idx:doc[hi - 1].idx]:
                continue  # a misparse across paragraphs
            out.append(IndirectFound(s, e, cs, ce, klass, source, content.rule, tok.i))
    return out
