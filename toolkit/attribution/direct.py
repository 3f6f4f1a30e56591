"""Direct quotes: the cue and source of a span in quotation marks.

A quote's cue is searched in two windows: before the opening mark (back to the
sentence start, the previous quote or the paragraph start) and after the closing
mark (to the sentence end, the next quote or the paragraph end). Then
:data:`DIRECT_STRATEGIES` are tried in order, each ``strategy(ctx, windows) ->
Found | None``; the first answer wins:

1. ``cue_verb_with_source``: the nearest speech verb in either window whose source
   the speaker rules find (``X said, “…”``, ``“…,” X said``, ``“…,” said X``).
2. ``colon``: ``X: “…”`` (the subject of the clause before the colon, else its last
   named mention, else its head noun).
3. ``dash``: ``“…” — X``.
4. ``phrase_before_cue``: ``“…,” Gene Sperling, a top adviser, said`` with the
   subject lost by the parser: the noun phrase right after the closing mark.
5. ``cue_verb_without_source``: a cue with no source (a passive, "reportedly").

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.records import ArticleEntities
>>> from toolkit.attribution.context import Context
>>> doc = load_pipeline()('Ann Lee: “We will win.”')
>>> ctx = Context(doc, ArticleEntities([], []))
>>> found = direct_attribution(ctx, 0)
>>> found.strategy, doc[found.source.start:found.source.end].text
('colon', 'Ann Lee')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution import senses
from toolkit.attribution.cues import is_cue_verb, is_mistagged_cue, phrasal_cue
from toolkit.attribution.speakers import SPEECH, Source, find_source, noun_phrase, subject_of
from toolkit.resolve import first_person

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context
    from toolkit.text import QuotedSpan

__all__ = ["DIRECT_STRATEGIES", "Found", "Windows", "direct_attribution", "is_embedded"]

MAX_CONTEXT_TOKENS = 60  # a cue is searched this far around a quote at most
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass
class Found:
    """A cue (token range) and its source found by a strategy."""

    strategy: str
    cue_start: int | None = None
    cue_end: int | None = None
    source: Source | None = None
    verb: int | None = None  # the cue's main token


@dataclass
class Windows:
    """Where a direct quote's cue may be: token ranges before and after the marks,
    and the nearest speech verb in each."""

    qi: int
    quote: QuotedSpan
    left: tuple[int, int]
    right: tuple[int, int]
    left_verb: Token | None
    right_verb: Token | None

    def verbs_by_distance(self) -> list[Token]:
        found = []
        if self.left_verb is not None:
            found.append((self.left[1] - self.left_verb.i, self.left_verb))
        if self.right_verb is not None:
            found.append((self.right_verb.i - self.right[0], self.right_verb))
        return [verb for _, verb in sorted(found, key=lambda c: c[0])]


def found_for_verb(verb: Token, ctx: Context, strategy: str) -> Found:
    cs, ce = phrasal_cue(verb)
    return Found(strategy, cs, ce, find_source(verb, ctx), verb.i)


# --------------------------------------------------------------------------- windows

def is_embedded(ctx: Context, q: QuotedSpan) -> bool:
    """A quoted fragment inside a clause ("the “reform” plan"), not a quote of its own:
    the mark follows a word that is not a reporting verb or "that"."""
    text = ctx.text
    j = q.open_mark - 1
    while j >= 0 and text[j].isspace() and text[j] != "\n":
        j -= 1
    if j < 0 or text[j] == "\n":
        return False
    ch = text[j]
    if ch in ",:;—–([-…" or ch in ".!?":
        return False
    if ch.isalnum() or ch in "’'\"”%$)":
        tok = ctx.doc[ctx.token_at(j)]
        # "said “…”", "said in a statement that “…”" introduce a quote.
        return not (is_cue_verb(tok, SPEECH) or tok.lower_ == "that")
    return False


def left_window(ctx: Context, q: QuotedSpan, prev_close: int) -> tuple[int, int]:
    """Token range [a, b) before the opening mark where its cue may be: back to the
    sentence start, the previous quote or the paragraph start."""
    doc = ctx.doc
    b = ctx.token_at(q.open_mark)
    j = b - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].text in {".", "!", "?"}:
        return b, b
    para_start, _ = ctx.paragraph_bounds(q.open_mark)
    if "\n" in ctx.text[doc[j].idx:q.open_mark]:
        # "He said:\n\n“…”": a paragraph ending in a colon introduces the quote.
        if doc[j].text != ":" or q.open_mark - doc[j].idx > 4 + len(doc[j].whitespace_):
            return b, b
        para_start, _ = ctx.paragraph_bounds(doc[j].idx)
        b = j + 1
    s_start, _ = ctx.sent_bounds(j)
    a = max(s_start, ctx.token_at(para_start), ctx.token_at(prev_close) if prev_close > 0 else 0,
            b - MAX_CONTEXT_TOKENS)
    return a, b


def attribution_follows(ctx: Context, a: int) -> bool:
    """Do the tokens from ``a`` start with a short attribution ("Trump said", "said
    Mr. Keller", "Lisa Monaco, Obama's adviser, said") that does not introduce a new
    quote?"""
    doc = ctx.doc
    for i in range(a, min(a + 25, len(doc))):
        tok = doc[i]
        if ctx.in_quote(i) or tok.text in {".", "!", "?", ";", ":"} or "\n" in tok.text:
            return False
        if is_cue_verb(tok, SPEECH):
            if i - a > 4:
                subj = subject_of(tok, ctx)
                if subj is None or subj.left_edge.i > a + 1:
                    return False
            elif not all(t.pos_ in {"PROPN", "PRON", "DET", "NOUN", "ADJ"} or t.is_space
                         for t in doc[a:i]):
                return False
            j = i + 1
            while j < len(doc) and not ctx.in_quote(j) and doc[j].text not in {".", "\n"}:
                j += 1
            # The verb must not open the next quote: "He added, “…”".
            return not (j < len(doc) and ctx.in_quote(j)
                        and all(t.is_punct or t.is_space for t in doc[i + 1:j]))
    return False


def right_window(ctx: Context, q: QuotedSpan, next_open: int) -> tuple[int, int]:
    """Token range [a, b) after the closing mark where its cue may be: to the end of
    that sentence, the next quote or the paragraph end. Empty when the quote ends a
    sentence and a new one (capitalised) follows."""
    doc = ctx.doc
    if q.close_mark is None:
        return 0, 0
    text = ctx.text
    a = ctx.token_at(q.outer_end)
    while a < len(doc) and doc[a].idx < q.outer_end:
        a += 1
    k = q.outer_end
    while k < len(text) and text[k].isspace() and text[k] != "\n":
        k += 1
    if k >= len(text) or text[k] == "\n":
        return a, a
    last = text[q.start:q.end].rstrip()[-1:]
    if last in {".", "…", "!", "?"} and (text[k].isupper() or text[k] in "“\"«„"):
        # A new sentence, unless it is only the attribution: "“Why?” Trump asked.",
        # "“… .” Trump said to cheers." (but not "He added, “…”", the next quote's).
        if text[k] in "“\"«„" or not attribution_follows(ctx, a):
            return a, a
    if a >= len(doc):
        return a, a
    _, s_end = ctx.sent_bounds(a)
    _, para_end = ctx.paragraph_bounds(q.close_mark)
    b = min(s_end, ctx.token_at(para_end) if para_end < len(text) else len(doc),
            ctx.token_at(next_open) if next_open < len(text) else len(doc),
            a + MAX_CONTEXT_TOKENS)
    return a, max(a, b)


def speech_verb_in(ctx: Context, a: int, b: int, nearest_last: bool) -> Token | None:
    """The speech verb in [a, b) nearest the quote, outside quotation marks."""
    doc = ctx.doc
    order = range(b - 1, a - 1, -1) if nearest_last else range(a, b)
    for i in order:
        if ctx.in_quote(i):
            continue
        tok = doc[i]
        if is_cue_verb(tok, SPEECH) and not senses.attributive(tok, ctx, "speech"):
            return tok  # not "a program called “Learning Together”"
        if is_mistagged_cue(tok) and i > 0 and doc[i - 1].pos_ in {"PROPN", "PRON"}:
            return tok  # "“…,” Conway notes." with "notes" tagged a noun
    return None


def windows_of(ctx: Context, qi: int) -> Windows:
    q = ctx.quotes[qi]
    prev_close = ctx.quotes[qi - 1].outer_end if qi > 0 else 0
    next_open = ctx.quotes[qi + 1].open_mark if qi + 1 < len(ctx.quotes) else len(ctx.text)
    la, lb = left_window(ctx, q, prev_close)
    ra, rb = right_window(ctx, q, next_open)
    return Windows(qi, q, (la, lb), (ra, rb), speech_verb_in(ctx, la, lb, nearest_last=True),
                   speech_verb_in(ctx, ra, rb, nearest_last=False))


# --------------------------------------------------------------------------- strategies

def cue_verb_with_source(ctx: Context, w: Windows) -> Found | None:
    """The nearest speech verb beside the quote whose source is found."""
    for verb in w.verbs_by_distance():
        found = found_for_verb(verb, ctx, "cue_verb_with_source")
        if found.source is not None:
            return found
    return None


def _mention_in(ctx: Context, a_char: int, b_char: int, last: bool) -> tuple[int, int] | None:
    """Token range of the last (or first) mention in [a_char, b_char), people before
    organisations and places."""
    ents = ctx.entities
    inside = ctx.index.within(a_char, b_char)
    for labels in ({"PERSON"}, {"ORG", "NORP", "GPE"}):
        cands = [m for m in inside if ents.clusters[m.cluster].label in labels]
        if cands:
            m = cands[-1] if last else cands[0]
            return ctx.token_at(m.start), ctx.token_at(m.end - 1) + 1
    return None


def _source(ctx: Context, s: int, e: int, rule: str) -> Source:
    return Source(s, e, e - 1, rule)


def colon(ctx: Context, w: Windows) -> Found | None:
    """``X: “…”`` — the subject of the clause before the colon, else its last named
    mention, else its head noun."""
    a, b = w.left
    if b <= a:
        return None
    doc = ctx.doc
    j = b - 1
    while j >= a and doc[j].is_space:
        j -= 1
    if j < a or doc[j].text != ":":
        return None
    found = Found("colon", j, j + 1, verb=j)
    # "Cruz called them on it: “…”": the subject of the clause before the colon.
    for t in doc[a:j]:
        if t.pos_ in {"VERB", "AUX"} and (t.head == t or not a <= t.head.i < j):
            subj = next((c for c in t.children if c.dep_ == "nsubj" and a <= c.i < j
                         and c.lower_ not in {"it", "this", "that", "there"}), None)
            if subj is not None:
                s, e = noun_phrase(subj)
                found.source = Source(s, e, subj.i, "colon")
                return found
            break
    span = _mention_in(ctx, doc[a].idx if a < len(doc) else 0, doc[j].idx, last=True)
    if span is not None:
        found.source = _source(ctx, *span, "colon")
        return found
    skip = first_person() | {"it", "this", "that"}
    heads = [t for t in doc[a:j] if t.pos_ in {"PROPN", "NOUN", "PRON"}
             and t.lower_ not in skip and not ctx.in_quote(t.i)
             and (t.head.i >= j or t.head.i < a or t.head == t or t.dep_ in SUBJECT_DEPS)]
    if not heads:
        return None
    s, e = noun_phrase(heads[0])
    found.source = Source(s, e, heads[0].i, "colon")
    return found


def dash(ctx: Context, w: Windows) -> Found | None:
    """``“…” — X`` — a named speaker right after a dash."""
    a, b = w.right
    if b <= a:
        return None
    doc = ctx.doc
    i = a
    while i < b and doc[i].is_space:
        i += 1
    if i >= b or doc[i].text not in lexicons.words("dashes"):
        return None
    last_tok = doc[min(b, len(doc)) - 1]
    span = _mention_in(ctx, doc[i].idx, last_tok.idx + len(last_tok.text), last=False)
    if span is None or span[0] > i + 3:
        return None
    return Found("dash", i, i + 1, _source(ctx, *span, "dash"), i)


def phrase_before_cue(ctx: Context, w: Windows) -> Found | None:
    """ "“…,” Gene Sperling, a top adviser, said": the parser lost the subject; the
    noun phrase right after the closing mark is the speaker."""
    verb = w.right_verb
    if verb is None:
        return None
    ra = w.right[0]
    doc = ctx.doc
    head = next((t for t in doc[ra:verb.i] if t.pos_ in {"PROPN", "NOUN", "PRON"}
                 and not ctx.in_quote(t.i)), None)
    if head is None:
        return None
    while head.i + 1 < verb.i and doc[head.i + 1].pos_ == "PROPN":
        head = doc[head.i + 1]
    cs, ce = phrasal_cue(verb)
    s, e = noun_phrase(head)
    return Found("phrase_before_cue", cs, ce, Source(s, e, head.i, "phrase_before_cue"), verb.i)


def cue_verb_without_source(ctx: Context, w: Windows) -> Found | None:
    """A cue beside the quote with no source (a passive, "reportedly")."""
    verbs = w.verbs_by_distance()
    return found_for_verb(verbs[0], ctx, "cue_verb_without_source") if verbs else None


#: How a direct quote is attributed, tried in order (the first answer wins).
DIRECT_STRATEGIES: list[Callable[[Context, Windows], Found | None]] = [
    cue_verb_with_source,
    colon,
    dash,
    phrase_before_cue,
    cue_verb_without_source,
]


def direct_attribution(ctx: Context, qi: int) -> Found | None:
    """The cue and source of quoted span ``qi`` by :data:`DIRECT_STRATEGIES`."""
    w = windows_of(ctx, qi)
    for strategy in DIRECT_STRATEGIES:
        found = strategy(ctx, w)
        if found is not None:
            return found
    return None
