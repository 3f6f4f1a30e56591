"""Indirect speech: the content a cue verb reports, and "according to X".

For each cue verb outside quotation marks, :data:`CONTENT_RULES` are tried in order,
each ``rule(verb, ctx) -> list[Content]``; the first rule that finds content wins:

1. ``clausal_complement``: ``X said (that) …``, ``X told Y …``, ``X believes …``
   (coordinated complements are one content; a complement before the verb only
   when a comma sets it off: "Rain fell; the mayor said …" gives no "Rain fell").
2. Complements the parser misattached (each tried only when no rule before finds
   one): ``unmarked_clause`` (``said as a child she was sent …`` parsed as an
   adverbial clause), ``complement_as_head`` (``X reported in May, 62 shops had
   closed`` with the report made a clause of the reported one),
   ``object_then_predicate`` (``maintained an inquiry is what …`` with the subject
   taken for an object).
3. ``parenthetical``: ``The plant, he said, will close`` / ``X is Y, he said``,
   without the attribution (an interrupted clause is two fragments).
4. ``passive_report``: ``X was described by Y as Z``, ``X was reported to be Z``:
   the subject and the predicate, two fragments (:mod:`~toolkit.attribution.objects`).
5. ``object_report``: reports that are the verb's object, by the patterns the
   ``report_objects`` lexicon gives each verb (``called for X``, ``urged Y to X``,
   ``described X as Y``, ``noted X``, ``warned of X``, ``accused X of Y``).

A complement ends where :data:`BOUNDARY_RULES` cut it (the speaker's next
statement, a writer's trailing addition or concession, a colon opening a quote). Whether a cue
word reports anything where it stands is :func:`toolkit.attribution.senses.cue_sense`.
:mod:`toolkit.attribution.source_phrases` handles ``according to X``, ``per X`` and
"reportedly" and its peers. The speaker of each is found
by :func:`toolkit.attribution.speakers.find_source`.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.records import ArticleEntities
>>> from toolkit.attribution.context import Context
>>> doc = load_pipeline()("The mayor said that the bridge was closed.")
>>> ctx = Context(doc, ArticleEntities([], []))
>>> [(c.rule, doc[c.start:c.end].text) for c in clausal_complement(doc[2], ctx)]
[('clausal_complement', 'that the bridge was closed')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import (
    ALL_CLASSES,
    is_cue_verb,
    is_direct_only,
    report_object_patterns,
)
from toolkit.attribution.objects import (
    OBJECT_PATTERNS,
    Content,
    infinitive_claim,
    object_report,
    passive_report,
)
from toolkit.attribution.speakers import SPEECH, Source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context

__all__ = ["BOUNDARY_RULES", "CONTENT_RULES", "OBJECT_PATTERNS", "Content", "IndirectFound",
           "content_tokens", "has_verb", "trim_edges"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass
class IndirectFound:
    """An indirect attribution: content tokens, cue tokens and class, source, rule."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    cue_class: str
    source: Source | None
    strategy: str
    verb: int


# --------------------------------------------------------------------------- boundaries

def _clause_reach(ctx: Context, first: int, end: int) -> int:
    """The last token index of the clause or phrase that opens at token ``first``: its
    highest ancestor whose subtree still starts at ``first`` (inside [.., end))."""
    head = ctx.doc[first]
    while head.head.i != head.i and head.head.left_edge.i >= first and head.head.i < end:
        head = head.head
    return head.right_edge.i


def _reaches_end(ctx: Context, first: int, end: int) -> bool:
    """Does the clause opening at ``first`` run to the content's end (trailing
    punctuation and closing marks aside)?"""
    doc = ctx.doc
    last = end - 1
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return _clause_reach(ctx, first, end) >= last


def _cut_before(ctx: Context, start: int, cut: int) -> int:
    """``cut`` moved left past the punctuation and conjunctions that join it on."""
    doc = ctx.doc
    while cut > start and (doc[cut - 1].is_punct and doc[cut - 1].text not in "”\"»"
                           or doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_space):
        cut -= 1
    return cut


def nested_report(verb: Token, comp: Token, ctx: Context, start: int, end: int) -> int:
    """ "X said A, remarking that B": a participial reporting clause inside the
    complement is the speaker's next statement; the content ends before it."""
    for tok in comp.subtree:
        if start < tok.i < end and tok.dep_ in {"advcl", "conj"} and tok.tag_ == "VBG" \
                and is_cue_verb(tok, SPEECH):
            cut = _cut_before(ctx, start, tok.left_edge.i)
            if cut > start:
                end = min(end, cut)
    return end


def speakers_next_act(verb: Token, comp: Token, ctx: Context, start: int, end: int) -> int:
    """ "X said A, and urged B": a subjectless speech verb coordinated inside the
    complement with the cue's own form is the speaker's next act, not content ("Police
    said the man fled and hid" keeps "hid", "she said she was elated but feared the
    army" keeps "feared": they are not verbs of saying)."""
    for child in comp.children:
        if child.dep_ == "conj" and child.i > comp.i and child.tag_ == verb.tag_ \
                and child.tag_ in {"VBD", "VBZ", "VBP"} and is_cue_verb(child, SPEECH) \
                and not is_direct_only(child) \
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            cut = _cut_before(ctx, start, child.left_edge.i)
            if cut > start:
                end = min(end, cut)
    return end


def _concessive_at(ctx: Context, i: int, end: int) -> bool:
    """Does a concessive opener (lexicon ``content_trailing_concessives``: "though",
    "even though", "however") start at token ``i``, opening a clause of its own?"""
    doc = ctx.doc
    for phrase in lexicons.words("content_trailing_concessives"):
        words = phrase.split()
        last = i + len(words) - 1
        if last + 1 < end and [t.lower_ for t in doc[i:last + 1]] == words \
                and doc[last].dep_ in {"mark", "advmod"} and doc[last].head.i > last \
                and any(c.dep_ in SUBJECT_DEPS | {"expl"} for c in doc[last].head.children):
            return True
    return False


def writers_addition(verb: Token, comp: Token, ctx: Context, start: int, end: int) -> int:
    """A trailing non-restrictive addition (", which …", ", according to …", ", citing
    …", " — except that …", "despite …") is the writer's, not the source's: cut when
    it runs to the end of the content ("gas, which leaks often, was the trigger"
    keeps its relative clause)."""
    doc = ctx.doc
    openers = lexicons.words("content_trailing_openers")
    dashes = lexicons.words("dashes")
    for i in range(max(start + 2, comp.i + 1), end - 1):
        if ctx.in_quote(i):
            continue
        nxt = doc[i + 1]
        if nxt.lower_ in lexicons.words("content_trailing_prepositions") \
                and _reaches_end(ctx, i + 1, end):
            return i + 1  # "… no trace of explosives despite reports of a depot"
        if _concessive_at(ctx, i, end) and _reaches_end(ctx, i, end) \
                and not any(ctx.in_quote(k) for k in range(i, end)):
            return i  # "… wore a vest, though it later proved a fake" (no quoted words)
        opens = doc[i].text == "," and (nxt.lower_ in openers
                                        or (nxt.tag_ == "VBG" and nxt.dep_ == "advcl"))
        if opens and _reaches_end(ctx, i + 1, end) \
                or doc[i].text in dashes and doc[i].whitespace_ and i > comp.i + 2 \
                and dash_appends_noun_phrase(doc[i + 1]):
            return i
    return end


def dash_appends_noun_phrase(after: Token) -> bool:
    """ "… reached $2 million — a record for the county": a dash followed by a noun
    phrase (the writer's appositive), a participle ("— requiring firms to …") or
    "except" is the writer's addition; one followed by a conjunction, an adverb or a
    preposition ("— and soon", "— at least in the long run", "— as well as X — in the
    bill") goes on with the speaker's own words."""
    return after.pos_ in {"DET", "NOUN", "PROPN", "NUM", "PRON", "ADJ"} \
        or after.tag_ == "VBG" or after.lower_ == "except"


def another_attribution(verb: Token, comp: Token, ctx: Context, start: int, end: int) -> int:
    """ "74 percent said they will vote, while 22 percent said they might not": a clause
    inside the complement whose own reporting verb has its own subject is another
    attribution; the content ends before it."""
    for tok in comp.subtree:
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        contrast = tok.dep_ == "advcl" and marks & {"while", "whereas"}
        # "…, while footage showed …": a finding or belief of another source ends it too.
        if start < tok.i < end and is_cue_verb(tok, ALL_CLASSES if contrast else SPEECH) \
                and not is_direct_only(tok) and (tok.dep_ == "conj" or contrast) \
                and any(c.dep_ in SUBJECT_DEPS and c.i < tok.i for c in tok.children) \
                and any(c.dep_ == "ccomp" or c.dep_ == "dobj" and report_object_patterns(tok)
                        for c in tok.children):
            cut = _cut_before(ctx, start, tok.left_edge.i)
            while cut > start and ctx.doc[cut - 1].lower_ in lexicons.words("adverbial_openers"):
                cut = _cut_before(ctx, start, cut - 1)
            if cut > start:
                end = min(end, cut)
    return end


def quote_after_colon(verb: Token, comp: Token, ctx: Context, start: int, end: int) -> int:
    """ "X said he was busy: “I have a lot going on.”": a colon (or an opening
    parenthesis) before quotation marks introduces a quote of its own; the content
    ends before it."""
    doc = ctx.doc
    for i in range(start + 1, end - 1):
        if doc[i].text in {":", "("} and not ctx.in_quote(i) and ctx.in_quote(i + 1):
            return i
    return end


#: Where a clausal complement ends, applied in order, each ``rule(verb, comp, ctx,
#: start, end) -> end``: the content is the whole complement clause, less what each
#: rule cuts from its end.
BOUNDARY_RULES: list[Callable[[Token, Token, Context, int, int], int]] = [
    nested_report,
    speakers_next_act,
    writers_addition,
    quote_after_colon,
    another_attribution,
]


def trim_edges(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """The token range without edge punctuation and spaces (quotation marks, and a
    closing bracket opened inside, kept)."""
    doc = ctx.doc
    while start < end and (doc[start].is_punct and doc[start].text not in "“\"«„"
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in "”\"»“"
                           or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end - 1]):
            break  # "… local time (1639 UTC)": the bracket closes inside the content
        end -= 1
    return start, end


# --------------------------------------------------------------------------- content

def content_tokens(verb: Token, comp: Token, ctx: Context) -> tuple[int, int]:
    """Token range of a clausal complement: its subtree, cut by :data:`BOUNDARY_RULES`
    and trimmed of edge punctuation."""
    start, end = comp.left_edge.i, comp.right_edge.i + 1
    for rule in BOUNDARY_RULES:
        end = rule(verb, comp, ctx, start, end)
    return trim_edges(ctx, start, end)


def has_verb(ctx: Context, s: int, e: int) -> bool:
    """A clause has a verb (or quoted words); a verbless "complement" is a misparse."""
    return any(t.pos_ in {"VERB", "AUX"} or ctx.in_quote(t.i) for t in ctx.doc[s:e])


def _joined(ctx: Context, a_end: int, b_start: int) -> bool:
    """Only commas, conjunctions and complementisers lie between two contents (a
    colon, a semicolon or a quotation mark ends the first)."""
    return all(t.is_space or t.text == "," or t.dep_ in {"cc", "mark"} and not t.is_punct
               for t in ctx.doc[a_end:b_start])


def _fronted_ok(verb: Token, ctx: Context, end: int) -> bool:
    """A complement before its verb ("The plan will fail, he said") is content only
    when a comma (or closing quotation mark) alone separates it from the cue's clause:
    "Rain fell all day; the mayor said …" is the writer's sentence, not the mayor's."""
    first = min([verb.i] + [c.left_edge.i for c in verb.children
                            if c.dep_ in SUBJECT_DEPS | {"aux", "neg", "advmod"}])
    gap = [t for t in ctx.doc[end:first] if not t.is_space]
    if _concessive_at(ctx, first, verb.i):
        return False  # "They said A, however the board said no": a contrast, not theirs
    return all(t.text == "," or t.is_quote or t.is_bracket for t in gap)


def _quoted_conjunct(verb: Token, ctx: Context, end: int) -> int:
    """ "said that her family “came out broke” and “struggled to pay”": a subjectless
    conjunct of the cue verb in quotation marks is a second complement; the content
    runs to its end."""
    for child in verb.children:
        if child.dep_ == "conj" and child.i >= end and ctx.in_quote(child.i) \
                and not is_cue_verb(child, ALL_CLASSES) \
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children) \
                and all(t.is_punct or t.is_space or t.dep_ == "cc"
                        for t in ctx.doc[end:child.left_edge.i]):
            end = trim_edges(ctx, end, child.right_edge.i + 1)[1]
    return end


def _subject_taken_conjunct(verb: Token, ctx: Context, end: int) -> int:
    """ "argued socialism is growing and private ownership is the real tyranny": the
    parser joined "private ownership" to the complement and its verb, left without a
    subject, to the cue verb. A subjectless, non-cue conjunct of the cue verb right
    after the content, whose last word is a noun, is the rest of the content."""
    doc = ctx.doc
    if end >= len(doc) or doc[end - 1].pos_ not in {"NOUN", "PROPN"} \
            or doc[end - 1].dep_ != "conj":
        return end
    child = doc[end]
    if child.dep_ == "conj" and child.head.i == verb.i and child.left_edge.i == end \
            and not is_cue_verb(child, ALL_CLASSES) and not ctx.in_quote(child.i) \
            and not any(c.dep_ in SUBJECT_DEPS for c in child.children):
        end = trim_edges(ctx, end, child.right_edge.i + 1)[1]
    return end


def _is_reported_clause(comp: Token) -> bool:
    """A clause with a subject that is not an adverbial clause ("On June 12, before the
    committee voted …")."""
    if any(c.dep_ == "mark" and c.lower_ in lexicons.words("adverbial_openers")
           for c in comp.children):
        return False
    return any(c.dep_ in SUBJECT_DEPS | {"expl"} for c in comp.children)


def _subject_as_object(verb: Token, comp: Token, start: int) -> int:
    """ "have indicated a homicide probe is ongoing" parsed with the complement's
    subject as the verb's object: the content starts at that object."""
    if any(c.dep_ in SUBJECT_DEPS | {"expl"} for c in comp.children):
        return start
    doc = verb.doc
    # "announced the new region, to be called X, would be …": a comma may close the
    # object's own modifier before the predicate.
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < comp.i
                and c.right_edge.i + 1 <= comp.left_edge.i <= c.right_edge.i + 2
                and all(t.text == "," for t in doc[c.right_edge.i + 1:comp.left_edge.i])),
               None)
    return obj.left_edge.i if obj is not None else start


def clausal_complement(verb: Token, ctx: Context) -> list[Content]:
    """``X said (that) …``: the verb's clausal complement; coordinated complements
    ("said that A and that B") are one content, a complement before the verb only
    when set off by a comma."""
    out: list[Content] = []
    for comp in verb.children:
        if comp.dep_ != "ccomp":
            continue
        s, e = content_tokens(verb, comp, ctx)
        if not has_verb(ctx, s, e):
            continue
        s = _subject_as_object(verb, comp, s)
        if comp.i < verb.i and not (_fronted_ok(verb, ctx, comp.right_edge.i + 1)
                                    and _is_reported_clause(comp)):
            continue  # a fronted complement is a clause ("On June 12, …, X claimed" is not)
        if out and out[-1].end <= s and comp.i > verb.i and _joined(ctx, out[-1].end, s):
            out[-1].end = e  # "said the name had to be short and, to be fair, it must …"
            continue
        out.append(Content(s, e, "clausal_complement"))
    if out and out[-1].start > verb.i:
        out[-1].end = _quoted_conjunct(verb, ctx, out[-1].end)
        out[-1].end = _subject_taken_conjunct(verb, ctx, out[-1].end)
    return out


def parenthetical(verb: Token, ctx: Context) -> list[Content]:
    """ "Acts of protest, he said, are acts of patriotism." / "X is Y, he said.": the
    clause a speech verb interrupts or follows, without the attribution itself: an
    interrupted clause is two fragments ("Acts of protest", "are acts of patriotism")."""
    if verb.dep_ != "parataxis" or verb.head.i == verb.i or not is_cue_verb(verb, SPEECH) \
            or ctx.in_quote(verb.head.i) or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    s, e = content_tokens(verb, verb.head, ctx)
    if not has_verb(ctx, s, e):
        return []
    a, b = verb.left_edge.i, verb.right_edge.i + 1  # the attribution clause
    out = []
    for fs, fe in ((s, min(e, a)), (max(s, b), e)):
        fs, fe = trim_edges(ctx, fs, fe)
        if fe - fs >= 1 and any(t.is_alpha for t in ctx.doc[fs:fe]):
            out.append(Content(fs, fe, "parenthetical", parenthetical=True))
    return out


def _finite(tok: Token) -> bool:
    """A finite verb: past or present tense, or with a modal or tensed auxiliary."""
    return tok.tag_ in {"VBD", "VBZ", "VBP"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"MD", "VBD", "VBZ", "VBP"}
        for c in tok.children)


def _speech_clause(verb: Token, ctx: Context, s: int, e: int, rule: str) -> list[Content]:
    """The tokens [s, e) as content when they hold a verb, trimmed and cut to the
    cue's sentence."""
    s, e = trim_edges(ctx, s, min(e, ctx.sent_bounds(verb.i)[1]))
    return [Content(s, e, rule)] if e - s >= 2 and has_verb(ctx, s, e) else []


def unmarked_clause(verb: Token, ctx: Context) -> list[Content]:
    """ "she said as a child she was sent away": a clause after a speech verb parsed
    as an adverbial clause, though no conjunction ("because", "when") opens it and
    it has a subject and a tense of its own, is the verb's complement."""
    if not is_cue_verb(verb, SPEECH) or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    for child in verb.children:
        if child.dep_ == "advcl" and child.i > verb.i and _finite(child) \
                and not any(c.dep_ == "mark" or c.tag_ in {"WRB", "WP", "WDT"}
                            for c in child.children) \
                and any(c.dep_ in SUBJECT_DEPS and c.i < child.i for c in child.children) \
                and not any(t.text in {",", ";", ":"} for t in verb.doc[verb.i:child.left_edge.i]):
            return _speech_clause(verb, ctx, child.left_edge.i, child.right_edge.i + 1,
                                  "clausal_complement")
    return []


def complement_as_head(verb: Token, ctx: Context) -> list[Content]:
    """ "The agency reported in May, 62 shops had closed": the parser made the report
    a clause of the reported one; the content is what follows the attribution, up to
    the end of that clause."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i <= verb.i or not is_cue_verb(verb, SPEECH) \
            or ctx.in_quote(head.i) or is_cue_verb(head, ALL_CLASSES):
        return []  # "A is confirmed dead, officials told …": that head is the attribution
    # An active report with its own subject first and no object of its own: not "Jokes
    # are told, …", "he has directed X to Y, …", "Would you say, …?".
    own = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if own is None or any(c.dep_ in {"dobj", "xcomp", "auxpass", "nsubjpass"}
                          or c.dep_ == "aux" and c.i < own.i for c in verb.children):
        return []
    subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    start = verb.right_edge.i + 1
    if subject is None or subject.left_edge.i < start or head.left_edge.i < verb.left_edge.i:
        return []
    if not all(t.text == "," or t.is_space for t in verb.doc[start:subject.left_edge.i]):
        return []
    return _speech_clause(verb, ctx, start, head.right_edge.i + 1, "clausal_complement")


def object_then_predicate(verb: Token, ctx: Context) -> list[Content]:
    """ "has maintained an inquiry is what the panel does", "as stating the airline
    owned the plane": the complement's subject parsed as the verb's object and its
    predicate as a verb of its own, right after the object, with no subject and no
    conjunction: the object and that predicate are the content."""
    if not is_cue_verb(verb, SPEECH) or report_object_patterns(verb) \
            or any(c.dep_ == "ccomp" for c in verb.children):
        return []  # a verb that reports its object ("called X careless") keeps it
    doc = verb.doc
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ == "PRON" or obj.right_edge.i + 1 >= len(doc):
        return []
    pred = doc[obj.right_edge.i + 1]
    if pred.pos_ not in {"VERB", "AUX"} or pred.tag_ not in {"VBD", "VBZ", "VBP", "MD"} \
            or pred.dep_ not in {"conj", "ccomp", "dep", "advcl"} or ctx.in_quote(pred.i) \
            or is_cue_verb(pred, ALL_CLASSES) \
            or any(c.dep_ in SUBJECT_DEPS | {"mark"} or c.dep_ == "cc" and c.i < pred.i
                   for c in pred.children):
        return []
    # The predicate ends before a conjunct of its own (", and claimed …").
    cc = next((c.i for c in pred.children if c.dep_ == "cc" and c.i > pred.i), None)
    end = pred.right_edge.i + 1 if cc is None else cc
    return _speech_clause(verb, ctx, obj.left_edge.i, end, "clausal_complement")


#: Where a cue verb's reported content is, tried in order (the first rule with
#: content wins).
CONTENT_RULES: list[Callable[[Token, Context], list[Content]]] = [
    clausal_complement,
    unmarked_clause,
    complement_as_head,
    object_then_predicate,
    infinitive_claim,
    parenthetical,
    passive_report,
    object_report,
]
