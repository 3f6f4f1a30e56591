"""The attribution engine: every (source, cue, content) of one article, once.

:func:`find_attributions` runs the direct strategies over the spans in quotation
marks and the indirect content rules over the cue verbs, then settles their overlaps:

1. A quoted span embedded in a clause ("the “reform” plan") is a fragment, not a
   quote; one with no cue continues the previous quote's source when nothing but
   that quote's attribution lies between them (floating quotes, paragraphs that go
   on quoting); quoted text with neither source nor cue (titles, scare quotes) is
   dropped.
2. An indirect clause that holds another quote's cue is a misparse and is dropped;
   one that is essentially a direct quote (nothing outside the marks but "that" or
   an adverbial lead-in) gives that quote its cue (2a: keeping a leading "that"); one
   with quoted words inside is
   a single ``mixed`` attribution (its quoted fragments are not listed again as
   direct quotes) that keeps its quotation marks whole (2b: it ends after the
   closing mark of a quote it opens).
3. Two attributions of the same content: the first found is kept.
0. Interview transcripts (:mod:`~toolkit.attribution.interview`): each turn is a
   quote of the marker's speaker, and supersedes every attribution inside it.

Both the quotes and the claims stage consume these records; nothing downstream
re-derives a source.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()('“We are ready,” the minister said. She said the talks had ended.')
>>> [(a.kind, doc.text[a.content_start:a.content_end], a.speaker_text, a.strategy)
...  for a in find_attributions(doc, extract_entities(doc))]
[('direct', 'We are ready,', 'the minister', 'cue_verb_with_source'), \
('indirect', 'the talks had ended', 'She', 'clausal_complement')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.attribution.candidates import indirect_candidates
from toolkit.attribution.context import Context
from toolkit.attribution.cues import cue_class
from toolkit.attribution.direct import Found, attribution_follows, direct_attribution, is_embedded
from toolkit.attribution.indirect import IndirectFound
from toolkit.attribution.interview import interview_turns
from toolkit.attribution.speakers import Source
from toolkit.docs import doc_text
from toolkit.text import QuotedSpan, SpanIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from toolkit.records import ArticleEntities

__all__ = ["Attribution", "find_attributions"]


@dataclass
class Attribution:
    """One attribution in character offsets, plus the token of its cue and source head.

    ``kind`` is direct / indirect / mixed; ``cue_class`` speech / belief / finding /
    intention; ``strategy`` names the rule that found it; ``antecedent`` is the
    character range a relative-pronoun source resolves through.
    """

    content_start: int
    content_end: int
    kind: str
    strategy: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    cue_class: str | None = None
    cue_token: int | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_head: int | None = None
    speaker_rule: str | None = None  # the speaker rule that found the source
    antecedent: tuple[int, int] | None = None
    continued: bool = False  # the source was carried over from the previous quote

    @property
    def has_source(self) -> bool:
        return self.speaker_start is not None


def _attribution(ctx: Context, start: int, end: int, kind: str, strategy: str,
                 cue: tuple[int, int] | None, verb: int | None, klass: str | None,
                 source: Source | None) -> Attribution:
    att = Attribution(start, end, kind, strategy)
    if cue is not None and cue[1] > cue[0]:
        att.cue_start, att.cue_end = ctx.char_span(*cue)
        att.cue = ctx.text[att.cue_start:att.cue_end]
        att.cue_token = verb
        if klass is None and verb is not None:
            klass = cue_class(ctx.doc[verb])
        att.cue_class = klass or "speech"  # a colon or a dash introduces speech
    if source is not None and source.end > source.start:
        att.speaker_start, att.speaker_end = ctx.char_span(source.start, source.end)
        att.speaker_text = ctx.text[att.speaker_start:att.speaker_end]
        att.speaker_head = source.head
        att.speaker_rule = source.rule
        if source.antecedent is not None:
            att.antecedent = ctx.char_span(*source.antecedent)
    return att


def _from_found(ctx: Context, q: QuotedSpan, found: Found | None) -> Attribution:
    if found is None:
        return Attribution(q.start, q.end, "direct", "none")
    cue = (found.cue_start, found.cue_end) if found.cue_start is not None else None
    return _attribution(ctx, q.start, q.end, "direct", found.strategy, cue, found.verb, None,
                        found.source)


def _from_indirect(ctx: Context, q: QuotedSpan, found: IndirectFound) -> Attribution:
    return _attribution(ctx, q.start, q.end, "direct", found.strategy,
                        (found.cue_start, found.cue_end), found.verb, found.cue_class,
                        found.source)


def _carry_source(src: Attribution, dst: Attribution) -> None:
    dst.speaker_text, dst.speaker_start = src.speaker_text, src.speaker_start
    dst.speaker_end, dst.speaker_head = src.speaker_end, src.speaker_head
    dst.speaker_rule = src.speaker_rule
    dst.antecedent = src.antecedent
    dst.cue_class = dst.cue_class or src.cue_class
    dst.continued = True


def _nothing_between(ctx: Context, prev: Attribution, prev_q: QuotedSpan,
                     q: QuotedSpan) -> bool:
    """True when only the previous quote's own attribution (or nothing) lies between
    two quotes, so a cue-less quote continues the previous source."""
    gap_start = prev_q.outer_end
    gap = ctx.text[gap_start:q.open_mark]
    if not gap.strip(" \t\n.,;:—–-"):
        return True
    if len(gap) > 200 or prev.cue_start is None:
        return False
    if gap.count("\n") == 0 and len(gap) < 80 and attribution_follows(ctx, ctx.token_at(gap_start)):
        # "“A,” she said. “B.”" after an attribution before A: the gap only repeats it.
        return True
    # The gap may only hold the previous attribution: "he said." / ", said X."
    if prev.cue_start >= gap_start and prev.cue_end is not None and gap.count("\n") <= 2:
        # "“A,” X said at the rally as he left. “B.”": one sentence of attribution.
        # No sentence may start between the attribution and this quote.
        doc = ctx.doc
        a = ctx.token_at(max(prev.cue_end, prev.speaker_end or 0))
        b = ctx.token_at(q.open_mark)
        k = bisect.bisect_right(ctx.sent_starts, a)
        while k < len(ctx.sent_starts) and ctx.sent_starts[k] < b:
            if any(not t.is_space for t in doc[ctx.sent_starts[k]:b]):
                return False
            k += 1
        return True
    return False


def direct_attributions(ctx: Context) -> dict[int, Attribution]:
    """Rule 1: the attributed quotes, by quoted-span index."""
    text = ctx.text
    direct: dict[int, Attribution] = {}
    prev: Attribution | None = None
    prev_span: QuotedSpan | None = None
    for qi, q in enumerate(ctx.quotes):
        if is_embedded(ctx, q) and not q.continued:
            continue
        if not any(ch.isalpha() for ch in text[q.start:q.end]):
            continue
        att = _from_found(ctx, q, direct_attribution(ctx, qi))
        if not att.has_source and prev is not None and prev_span is not None \
                and prev.has_source and (q.continued or _nothing_between(ctx, prev, prev_span, q)):
            _carry_source(prev, att)
        if not att.has_source and att.cue is None:
            # Unattributed quoted text (titles, scare quotes, slogans) is not a quote.
            prev, prev_span = None, q
            continue
        direct[qi] = att
        prev, prev_span = att, q
    return direct


def _verb_between(ctx: Context, start: int, end: int) -> bool:
    """A verb outside quotation marks in the characters [start, end): the clause goes
    on after a quote ("“Boots on the ground” would be appropriate")."""
    return any(t.pos_ in {"VERB", "AUX"} and not ctx.in_quote(t.i)
               for t in ctx.doc[ctx.token_at(start):ctx.token_at(end)])


def _essentially_direct(ctx: Context, start: int, end: int) -> bool:
    """Content tokens [start, end) that are a direct quote with at most a lead-in: no
    words outside the marks but "that" / "if" / "whether", or only an adverbial
    before them set off by a comma ("Whatever his impact, “his chances are slim”")."""
    doc = ctx.doc
    outside = [t for t in doc[start:end] if not ctx.in_quote(t.i) and t.is_alpha
               and t.lower_ not in {"that", "if", "whether"}]
    if not outside:
        return True
    first_quoted = next((t.i for t in doc[start:end] if ctx.in_quote(t.i)), end)
    lead = [t for t in doc[start:first_quoted] if not t.is_space]
    if not (all(t.i < first_quoted for t in outside) and bool(lead) and lead[-1].text == ","):
        return False
    return not any(t.dep_ in {"nsubj", "nsubjpass", "expl"} or t.pos_ in {"VERB", "AUX"}
                   for t in lead)


def quote_marks_included(ctx: Context, cs: int, ce: int, cue: int,
                         inside: list[tuple[int, int]]) -> tuple[int, int]:
    """Rule 2b: a mixed quote keeps its quotation marks whole: the opening mark of a
    quote it starts with, and the rest of a quote it starts, to the closing mark
    (``said the plan was “dead. It will not return.”``), within the paragraph and
    never past its own cue."""
    if inside[0][0] < cs and not ctx.text[inside[0][0]:cs].strip(" “\"«„'‘"):
        cs = inside[0][0]
    last = inside[-1]
    if cs <= last[0] and last[1] > ce and (cue < cs or last[1] <= cue) \
            and last[1] <= ctx.paragraph_bounds(cs)[1]:
        ce = last[1]
    return cs, ce


def complementizer_kept(ctx: Context, att: Attribution, q: QuotedSpan,
                        found: IndirectFound) -> None:
    """Rule 2a: ``says that “we must do better.”``: a quote that is a cue's whole
    complement keeps its complementiser "that", as an indirect complement does (the
    content runs from "that" through the closing mark)."""
    doc = ctx.doc
    lead = doc[found.start]
    if lead.lower_ != "that" or lead.dep_ != "mark" or att.cue_token != found.verb \
            or q.close_mark is None or ctx.text[lead.idx + 4:q.open_mark].strip():
        return
    att.content_start, att.content_end = lead.idx, q.close_mark + 1


def _settle_indirect(ctx: Context, direct: dict[int, Attribution]
                     ) -> tuple[list[Attribution], set[int]]:
    """Rule 2: indirect and mixed attributions; the quoted spans they consume."""
    doc = ctx.doc
    quote_spans = SpanIndex([(q.open_mark, q.outer_end) for q in ctx.quotes])
    span_to_qi = {(q.open_mark, q.outer_end): qi for qi, q in enumerate(ctx.quotes)}
    consumed: set[int] = set()
    out: list[Attribution] = []
    direct_cues = sorted(a.cue_start for a in direct.values() if a.cue_start is not None)
    for found in indirect_candidates(ctx):
        cs, ce = ctx.char_span(found.start, found.end)
        own_cue = doc[found.cue_start].idx
        k = bisect.bisect_left(direct_cues, cs)
        if any(c != own_cue for c in direct_cues[k:bisect.bisect_left(direct_cues, ce)]):
            continue  # the clause holds another quote's attribution: a misparse
        inside = quote_spans.overlapping(cs, ce)
        if inside and inside[0][0] <= cs < inside[0][1] and inside[0][1] < ce \
                and own_cue >= inside[0][1] and span_to_qi.get(inside[0]) in direct \
                and not _verb_between(ctx, inside[0][1], ce):
            continue  # "“A,” X, an adviser, said" parsed as one clause: the quote has it
        if inside:
            cs, ce = quote_marks_included(ctx, cs, ce, own_cue, inside)
        kind = "indirect"
        if inside:
            if _essentially_direct(ctx, found.start, found.end):
                # Essentially a direct quote: give it this cue if it has no source.
                for span in inside:
                    qi = span_to_qi.get(span)
                    if qi is not None and (qi not in direct or not direct[qi].has_source):
                        direct[qi] = _from_indirect(ctx, ctx.quotes[qi], found)
                first = span_to_qi.get(inside[0])
                if first is not None and first in direct:
                    complementizer_kept(ctx, direct[first], ctx.quotes[first], found)
                continue
            kind = "mixed"
            for span in inside:
                qi = span_to_qi.get(span)
                if qi is not None and span[0] >= cs and span[1] <= ce + 1:
                    consumed.add(qi)
        out.append(_attribution(ctx, cs, ce, kind, found.strategy,
                                (found.cue_start, found.cue_end), found.verb, found.cue_class,
                                found.source))
    return out, consumed


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()


def _named_as(ctx: Context, speaker: str) -> tuple[int, int] | None:
    """A mention of the entity an interview label names ("Natasha Gownaris", or its
    initials "NG"), for the resolver: the label itself is never a mention."""
    ents = ctx.entities
    for cluster in ents.clusters:
        if cluster.label != "PERSON" and cluster.name != speaker:
            continue
        if cluster.name == speaker or speaker in cluster.aliases \
                or (speaker.isupper() and len(speaker) >= 2 and _initials(cluster.name) == speaker):
            mention = next((m for m in ents.mentions if m.cluster == cluster.index), None)
            if mention is not None:
                return mention.start, mention.end
    return None


def interview_attributions(ctx: Context) -> list[Attribution]:
    """Rule 0: each turn of an interview transcript is a quote of its speaker (the
    marker's label; the interviewer's turns have strategy ``interviewer_turn``). A
    label names the person it stands for ("AJK" for the reporter Ann J. Kerr);
    an interviewer's label never names an interviewee."""
    out = []
    turns = interview_turns(ctx.text)
    interviewees = {_named_as(ctx, t.speaker) for t in turns if not t.interviewer}
    for turn in turns:
        m = turn.marker
        att = Attribution(turn.start, turn.end, "direct",
                          "interviewer_turn" if turn.interviewer else "interview_turn")
        att.cue, att.cue_start, att.cue_end = ctx.text[m.start:m.end], m.start, m.end
        att.cue_class = "speech"
        att.speaker_text = ctx.text[m.label_start:m.label_end]
        att.speaker_start, att.speaker_end = m.label_start, m.label_end
        att.speaker_head = ctx.token_at(m.label_end - 1)
        att.speaker_rule = "interview_marker"
        named = _named_as(ctx, turn.speaker)
        att.antecedent = None if turn.interviewer and named in interviewees else named
        out.append(att)
    return out


def find_attributions(doc: Doc, entities: ArticleEntities) -> list[Attribution]:
    """Every attribution of one parsed article, sorted by content start (see the module
    docstring). Never raises on odd text: unbalanced quotation marks are paired as well
    as they can be."""
    if len(doc) == 0 or not doc_text(doc).strip() or not doc.has_annotation("DEP"):
        return []  # nothing to attribute without a dependency parse
    ctx = Context.of(doc, entities)
    direct = direct_attributions(ctx)
    indirect, consumed = _settle_indirect(ctx, direct)
    found = [a for qi, a in direct.items() if qi not in consumed] + indirect
    turns = interview_attributions(ctx)
    if turns:
        # Rule 0: a turn is its speaker's quote; nothing inside it is quoted again.
        spans = SpanIndex([(t.content_start, t.content_end) for t in turns]
                          + [(t.cue_start or 0, t.cue_end or 0) for t in turns])
        found = [a for a in found if not spans.overlapping(a.content_start, a.content_end)]
        found += turns
    # Rule 3: one attribution per content span; the first found is kept.
    seen: set[tuple[int, int]] = set()
    unique: list[Attribution] = []
    for att in sorted(found, key=lambda a: (a.content_start, a.content_end)):
        key = (att.content_start, att.content_end)
        if key not in seen:
            seen.add(key)
            unique.append(att)
    return unique
