"""Claims: what was asserted, by whom, and how check-worthy it is.

:func:`extract_claims` finds claims in one parsed article, on top of the entities
and quotes stages. A claim is a span of the article text (``content_start``,
``content_end``), a claimant (an entity cluster, or a name such as the outlet), the
cue that marks it, and one of four origins:

``quote``
    A checkable sentence inside a direct quote (see :func:`is_checkable`) that
    passes every filter of :data:`~toolkit.claim_filters.QUOTE_FILTERS` (a statement,
    not an imperative or a fragment; English; not an interviewer's talk to the
    interviewee); the claimant is the quote's speaker (for an interviewer's turn that
    names nobody, the outlet given in ``source``, as the quotes frame names it) and
    ``quote_index`` links the quote.
``reported``
    The content of an indirect or mixed quote that asserts something: it passes
    every filter of :data:`~toolkit.claim_filters.REPORTED_FILTERS` (a clause, an
    assertive cue, not a question, a source that names somebody, not an expectation
    of others, not a decision or a plan; a cue under "need to" / "want to" reports
    nothing at all, see
    :mod:`toolkit.attribution.senses`). Claimant and cue are the quote's own (the quotes
    stage's attribution engine found them), and ``quote_index`` links the quote.
``nominal``
    A claim noun (the ``claim_nouns`` lexicon: claim, assertion, promise,
    allegation, ...) with a "that" clause, an infinitive, a "related to" / "about" /
    "regarding" complement, or for allegations and accusations "of" + gerund:
    "Trump's assertion that ...". The claimant is the possessive owner, the "by"
    agent, or the subject of a verb that *makes* claims (``claimant_verbs``: make,
    issue, repeat, ...), never the subject of a verb that judges them ("critics
    dismissed claims that ..." has no known claimant). Negated nouns ("no guarantee
    that") are skipped.
``narrative``
    The article's own checkable sentences (a figure or a date) that are not quoted,
    attributed, or an interview turn (:func:`toolkit.attribution.interview.speaker_markers`).
    The claimant is ``claimant_name`` = the byline author (``claimant_kind``
    ``author``), else the outlet as given in ``source`` (``outlet``), else
    ``"(article)"`` (``outlet``). Other claims have ``claimant_kind`` ``speaker``
    when they have a claimant.

A span found twice is kept once, in the order quote > reported > nominal >
narrative (:data:`ORIGIN_PRECEDENCE`). Claimants and ``about`` are resolved by
:mod:`toolkit.resolve`; every claim carries the features of
:mod:`toolkit.checkworthiness` and its score.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> from toolkit.quotes import extract_quotes
>>> doc = load_pipeline()("Jane Smith said that the city spent $4 million on roads in 2023.")
>>> ents = extract_entities(doc)
>>> [(doc.text[c.content_start:c.content_end], ents.name_of(c.claimant_cluster), c.origin)
...  for c in extract_claims(doc, ents, extract_quotes(doc, ents))]
[('the city spent $4 million on roads in 2023', 'Jane Smith', 'reported')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit import claim_filters, lexicons
from toolkit.attribution.context import Context
from toolkit.attribution.cues import cue_class, lemma
from toolkit.attribution.interview import speaker_markers
from toolkit.checkworthiness import features as checkworthiness_features
from toolkit.checkworthiness import score as checkworthiness_score
from toolkit.checkworthiness_features import may_have_figure_or_date
from toolkit.claim_filters import (
    QUOTE_FILTERS,
    REPORTED_FILTERS,
    Quoted,
    Reported,
    is_clause,
    is_english,
    speaks_to_someone,
)
from toolkit.claim_nouns import MAX_CLAIM_TOKENS, nominal_claims
from toolkit.docs import doc_text, last_paragraph, sentences
from toolkit.records import Claim
from toolkit.resolve import (
    EntityIndex,
    about_clusters,
    is_unresolved_source,
)
from toolkit.text import quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from toolkit.records import ArticleEntities, Quote

__all__ = ["ORIGIN_PRECEDENCE", "QUOTE_FILTERS", "REPORTED_FILTERS", "Claim", "claim_features",
           "extract_claims", "is_checkable"]

ARTICLE_CLAIMANT = "(article)"
FEATURES_KEY = "toolkit_claim_features"  # where a Doc keeps the features of its spans
#: When two rules find the same span, the earlier origin is kept.
ORIGIN_PRECEDENCE = ("quote", "reported", "nominal", "narrative")
_TRIM_CHARS = " \t\r\n,;:–—-\"'“”‘’«»„"


def claim_features(span: Span | list[Token]) -> dict[str, Any]:
    """The check-worthiness features of a claim's tokens (:mod:`toolkit.checkworthiness`),
    plus ``is_future_or_modal`` (future, possibility or hypothetical); computed once per
    span of a Doc (a copy is returned)."""
    memo = span.doc.user_data.setdefault(FEATURES_KEY, {}) if hasattr(span, "doc") \
        and hasattr(span, "start") else None
    key = (span.start, span.end) if memo is not None else None
    if memo is not None and key in memo:
        return dict(memo[key])
    feats = checkworthiness_features(span)
    feats["is_future_or_modal"] = bool(feats.get("is_future") or feats.get("is_possibility")
                                       or feats.get("is_hypothetical"))
    if memo is not None:
        memo[key] = dict(feats)
    return feats


def is_checkable(features: Mapping[str, Any], *, named_entities: int | None = None) -> bool:
    """Whether a quoted or narrative sentence is a checkable statement: not a
    question, not an opinion, and carrying a figure, a date or a named entity
    (``named_entities`` overrides ``n_entities`` for the last test).

    Examples
    --------
    >>> is_checkable({"has_number": True})
    True
    >>> is_checkable({"has_number": True, "is_question": True})
    False
    >>> is_checkable({"is_future_or_modal": True})
    False
    """
    if features.get("is_question") or features.get("is_opinion"):
        return False
    n = features.get("n_entities", 0) if named_entities is None else named_entities
    return bool(features.get("has_number") or features.get("has_date") or n)


# --------------------------------------------------------------------------- helpers

class _Spans:
    """Sorted, possibly overlapping (start, end, payload) spans; overlap queries."""

    def __init__(self, spans: Iterable[tuple[int, int, Any]]):
        self.spans = sorted(spans, key=lambda s: (s[0], s[1]))
        self.starts = [s[0] for s in self.spans]
        # Running maximum of the ends: every span before the first index whose
        # running end passes ``start`` ends before ``start``.
        self.reach: list[int] = []
        for _, e, _ in self.spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Any]]:
        lo = bisect.bisect_right(self.reach, start)
        hi = bisect.bisect_left(self.starts, end)
        return [sp for sp in self.spans[lo:hi] if sp[1] > start and sp[0] < end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, quotation marks and dangling separators from a span's ends."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def _clause_end(text: str, start: int, end: int) -> int:
    """A clause, not a sentence: drop a final full stop after a word."""
    if end - start > 1 and text[end - 1] == "." and (
            text[end - 2].isspace() or text[end - 2].islower()):
        return _trim(text, start, end - 1)[1]
    return end


# --------------------------------------------------------------------------- reported

def _cue_token(doc: Doc, quote: Quote) -> Token | None:
    n = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0  # not len(doc.text): O(n)
    if quote.cue_start is None or quote.cue_end is None \
            or not (0 <= quote.cue_start < quote.cue_end <= n):
        return None
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return next((t for t in span if cue_class(t)), span[-1])


@dataclass
class _Draft:
    start: int  # character offsets
    end: int
    origin: str
    cue: str | None
    cue_token: int | None  # token index of the cue, for sentence bookkeeping
    claimant_cluster: int | None = None
    claimant_name: str | None = None
    quote_index: int | None = None
    kind: str | None = None  # claimant_kind of a narrative claim (author or outlet)


def _claimant(quote: Quote) -> tuple[int | None, str | None]:
    """A claim from a quote has the quote's speaker: its cluster, else its name."""
    if quote.speaker_cluster is not None:
        return quote.speaker_cluster, None
    if quote.speaker_name is None and quote.speaker_text is not None \
            and not is_unresolved_source(quote.speaker_text):
        return None, quote.speaker_text  # a quote record made by hand, not resolved here
    if is_unresolved_source(quote.speaker_name):
        return None, None  # an unresolved "he" names nobody
    return None, quote.speaker_name


def interrupted_clauses(doc: Doc, quotes: list[Quote]) -> dict[int, int]:
    """ "Six of the buildings were, according to the report, "beyond repair"": the
    fragments of one clause that its attribution interrupts (two quotes of the same
    cue, one before it and one after, in one sentence, the second without a subject
    of its own): {first fragment: the last, last: the first}; both -1 when another
    quote holds the clause whole."""
    text = doc_text(doc)
    by_cue: dict[tuple[int, int], list[int]] = {}
    for k, q in enumerate(quotes):
        if q.kind != "direct" and q.cue_start is not None and q.cue_end is not None:
            by_cue.setdefault((q.cue_start, q.cue_end), []).append(k)
    spans = {(q.content_start, q.content_end) for q in quotes if q.kind != "direct"}
    out = {}
    for (cs, ce), ks in by_cue.items():
        first, last = quotes[ks[0]], quotes[ks[-1]]
        if len(ks) > 1 and first.content_end <= cs and last.content_start >= ce:
            gap = text[first.content_end:last.content_start]
            if "\n" not in gap and not any(p in gap for p in (". ", "? ", "! ")) \
                    and not _opens_a_clause(doc, last.content_start, last.content_end):
                whole = (first.content_start, last.content_end) in spans
                out[ks[0]], out[ks[-1]] = (-1, -1) if whole else (ks[-1], ks[0])
    return out


def _opens_a_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether a span opens with a subject or a cue ("it was recorded ...", "said a
    man ...", not "would cost ..." or ""beyond repair" and ...")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    first = next((t for t in span or [] if not (t.is_punct or t.is_space)), None)
    return first is not None and (cue_class(first) is not None or any(
        t.dep_ in {"nsubj", "nsubjpass", "expl"} and t.left_edge.i == first.i for t in span))


def reported_claims(doc: Doc, text: str, quotes: list[Quote]) -> list[_Draft]:
    """Origin reported: the asserted content of indirect and mixed quotes; a clause
    its attribution interrupts is one claim, attribution included
    (:func:`interrupted_clauses`)."""
    out = []
    joined = interrupted_clauses(doc, quotes)
    for k, quote in enumerate(quotes):
        if quote.kind == "direct" or joined.get(k, k) < k or not (
                0 <= quote.content_start < quote.content_end <= len(text)):
            continue
        s, e = _trim(text, quote.content_start, quotes[max(joined.get(k, k), k)].content_end)
        if text[s : s + 5].lower() == "that ":
            s += 5
        e = _clause_end(text, s, e)
        span = doc.char_span(s, e, alignment_mode="expand") if e > s else None
        if span is None or not len(span):
            continue
        if len(span) > MAX_CLAIM_TOKENS:
            span = span[:MAX_CLAIM_TOKENS]
            e = span.end_char
        cue = _cue_token(doc, quote)
        candidate = Reported(quote, span, cue)
        if all(rule(candidate) for rule in claim_filters.REPORTED_FILTERS):
            cluster, name = _claimant(quote)
            out.append(_Draft(s, e, "reported", quote.cue, cue.i if cue is not None else None,
                              cluster, name, k))
    return [d for d in out if not is_nested_finding(doc, d, out, quotes)]


def is_nested_finding(doc: Doc, d: _Draft, drafts: list[_Draft], quotes: list[Quote]) -> bool:
    """ "Hawkins claimed the pandemic shows the state failed": a finding cue inside
    another reported claim ("shows") is part of that claim, the speaker's inference,
    not a claim of its subject ("the pandemic")."""
    if d.cue_token is None or d.quote_index is None \
            or quotes[d.quote_index].cue_class != "finding":
        return False
    at = doc[d.cue_token].idx
    return any(o is not d and o.start <= at < o.end for o in drafts)


# --------------------------------------------------------------------------- quote

_TERMINAL = ".!?…"


def continues(text: str, end: int, start: int) -> bool:
    """Whether a quoted sentence ending at ``end`` runs on into the next one at
    ``start``: it has no final punctuation ("They beat [the champions]" split at the
    bracket; an ellipsis, "[...]", ends a sentence) and no line break comes between."""
    last = text[max(0, end - 5):end].rstrip("]")
    return last[-1:] not in _TERMINAL and "\n" not in text[end:start]


def quote_sentences(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences of a quote from the parser's (``pieces``: character ranges): each
    split at line breaks (a heading, a list item), trimmed, and joined to the next
    when it :func:`continues` into it."""
    out: list[tuple[int, int]] = []
    for ps, pe in pieces:
        at = ps
        while at < pe:
            nl = text.find("\n", at, pe)
            s, e = _trim(text, at, pe if nl < 0 else nl)
            at = pe if nl < 0 else nl + 1
            if e <= s:
                continue
            if out and continues(text, out[-1][1], s):
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
    return out


def quote_claims(doc: Doc, text: str, quotes: list[Quote], index: EntityIndex,
                 entities: ArticleEntities, article: Mapping[str, Any] | None = None
                 ) -> list[_Draft]:
    """Origin quote: the checkable sentences inside direct quotes. An interviewer's
    turn that names nobody is the outlet's (``source``), as in the quotes frame."""
    out = []
    sents = sentences(doc)
    sent_starts = [s.start_char for s in sents]
    for k, quote in enumerate(quotes):
        qs, qe = quote.content_start, quote.content_end
        if quote.kind != "direct" or not (0 <= qs < qe <= len(text)):
            continue
        cluster, name = _claimant(quote)
        kind, outlet = None, (article or {}).get("source")
        if cluster is None and quote.strategy == "interviewer_turn" \
                and isinstance(outlet, str) and outlet.strip():
            name, kind = outlet.strip(), "outlet"  # as the quotes frame names its speaker
        i = max(bisect.bisect_right(sent_starts, qs) - 1, 0)
        pieces = []
        while i < len(sents) and sents[i].start_char < qe:
            pieces.append((max(qs, sents[i].start_char), min(qe, sents[i].end_char)))
            i += 1
        for s, e in quote_sentences(text, pieces):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) > MAX_CLAIM_TOKENS:
                continue
            # Named entities other than the speaker; nationalities alone ("the
            # Namibian people") don't make a sentence checkable.
            named = {m.cluster for m in index.within(s, e)
                     if m.resolution != "pronoun" and m.cluster != cluster
                     and entities.clusters[m.cluster].label != "NORP"}
            if is_checkable(claim_features(span), named_entities=len(named)) \
                    and is_clause(span) \
                    and all(rule(Quoted(quote, span)) for rule in claim_filters.QUOTE_FILTERS):
                out.append(_Draft(s, e, "quote", quote.cue, None, cluster, name, k, kind))
    return out


# --------------------------------------------------------------------------- narrative

def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


def _narrative_claimant(article: Mapping[str, Any] | None) -> tuple[str, str]:
    """(claimant, kind): the byline author, else the outlet (``source``, as given)."""
    for key, kind in (("byline", "author"), ("source", "outlet")):
        value = (article or {}).get(key)
        if isinstance(value, str) and value.strip():
            return value.strip(), kind
    return ARTICLE_CLAIMANT, "outlet"


def _is_statement(sent: Span, text: str, s: int, e: int) -> bool:
    """A narrative sentence worth a claim: checkable (a figure or a date), a clause of
    four words or more, the article's own voice, in English."""
    if not may_have_figure_or_date(sent):
        return False
    feats = claim_features(sent)
    if not (feats["has_number"] or feats["has_date"]) or not is_checkable(feats):
        return False
    if sum(1 for t in sent if t.is_alpha) < 4 or not is_clause(sent):
        return False  # a dateline, a stray figure or a fragment, not a statement
    if sent[0].lower_ == "the" and len(sent) > 1 and sent[1].lower_ == "following":
        return False  # "The following is ...": the article about itself
    if speaks_to_someone(sent):
        return False  # "as I say", "you should look at": someone talking (an interview)
    return is_english(text[s:e])  # else the parse (and so the features) cannot be trusted


def is_caption(text: str, end: int) -> bool:
    """ "A volunteer hangs signage (April 2019) Image: Ann Lee.": a sentence its
    paragraph goes on with a credit label (lexicon ``not_speaker_labels``: "Image:",
    "Photo:") is a picture's caption, not the article's statement."""
    rest = text[end:_paragraph_end(text, end)].lstrip(" .)\t")
    label = rest.split(":", 1)[0].strip().lower() if ":" in rest[:20] else ""
    return label in lexicons.words("not_speaker_labels")


def narrative_claims(doc: Doc, text: str, quotes: list[Quote], drafts: list[_Draft],
                     article: Mapping[str, Any] | None) -> list[_Draft]:
    """Origin narrative: checkable sentences that nobody is quoted or reported as saying."""
    attributed = {doc[d.cue_token].sent.start for d in drafts if d.cue_token is not None}
    for quote in quotes:
        cue = _cue_token(doc, quote)
        if cue is not None:
            attributed.add(cue.sent.start)
    quote_spans = _Spans((q.content_start, q.content_end, k) for k, q in enumerate(quotes))
    marks = _Spans((s, e, None) for s, e in quoted_spans(text))
    # Interview turns ("NG: The colony ...") are the speakers', not the article's.
    labelled = _Spans((m.start, _paragraph_end(text, m.end), None)
                      for m in speaker_markers(text))
    claimant, kind = _narrative_claimant(article)
    out = []
    for sent in sentences(doc):
        if sent.start in attributed or len(sent) > 3 * MAX_CLAIM_TOKENS:
            continue
        s, e = _trim(text, sent.start_char, sent.end_char)
        if e <= s or quote_spans.overlapping(s, e) or marks.overlapping(s, e) \
                or labelled.overlapping(s, e):
            continue
        if last_paragraph(text, s, e) > s:
            piece = doc.char_span(last_paragraph(text, s, e), e, alignment_mode="contract")
            if piece is None or not len(piece):
                continue
            sent, s = piece, piece.start_char
        if _is_statement(sent, text, s, e) and not is_caption(text, e):
            out.append(_Draft(s, e, "narrative", None, None, None, claimant, kind=kind))
    return out


# --------------------------------------------------------------------------- main

def _claimant_kind(d: _Draft, quotes: list[Quote]) -> str | None:
    """How a claim's claimant is known: its quote's ``speaker_resolution`` (name,
    alias, pronoun, description, member, document, unresolved); for a claim noun's
    owner, name or unresolved."""
    if d.quote_index is not None and 0 <= d.quote_index < len(quotes):
        quote = quotes[d.quote_index]
        if quote.speaker_resolution:
            return quote.speaker_resolution
    if d.claimant_cluster is not None:
        return "name"
    return "unresolved" if d.claimant_name else None


def extract_claims(doc: Doc, entities: ArticleEntities, quotes: list[Quote], *,
                   article: Mapping[str, Any] | None = None) -> list[Claim]:
    """Claims of one parsed article (see the module doc for the four origins).

    ``quotes`` are the quotes stage's records (their attributions are reused, never
    re-derived); ``article`` (a mapping with byline and source) names the claimant
    of narrative claims. Claims are sorted by position.

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> from toolkit.entities import extract_entities
    >>> doc = load_pipeline()("Rescuers found 12 survivors on Monday. John Doe's claim "
    ...                       "that the bridge was unsafe was ignored.")
    >>> ents = extract_entities(doc)
    >>> claims = extract_claims(doc, ents, [], article={"byline": "A. Writer"})
    >>> [(c.origin, doc.text[c.content_start:c.content_end]) for c in claims]
    [('narrative', 'Rescuers found 12 survivors on Monday.'), ('nominal', 'the bridge was unsafe')]
    >>> claims[0].claimant_name, ents.name_of(claims[1].claimant_cluster)
    ('A. Writer', 'John Doe')
    """
    text = doc_text(doc)
    index = EntityIndex(entities)
    drafts = quote_claims(doc, text, quotes, index, entities, article)
    drafts += reported_claims(doc, text, quotes)
    nominal = []
    for n in nominal_claims(Context.of(doc, entities)):
        d = _Draft(*_trim(text, n.start, n.end), "nominal", n.cue, n.cue_token, n.cluster,
                   n.name)
        d.end = _clause_end(text, d.start, d.end)
        if d.end > d.start:
            nominal.append(d)
    drafts += nominal
    drafts += narrative_claims(doc, text, quotes, drafts, article)
    rank = {origin: k for k, origin in enumerate(ORIGIN_PRECEDENCE)}
    drafts.sort(key=lambda d: rank[d.origin])  # stable: text order within an origin
    seen: set[tuple[int, int]] = set()
    claims: list[Claim] = []
    for d in drafts:
        if (d.start, d.end) in seen:
            continue
        seen.add((d.start, d.end))
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        feats = claim_features(span if span is not None else [])
        if d.cue_token is not None and lemma(doc[d.cue_token]) in lexicons.words(
                "checkworthiness_epistemic_verbs"):
            feats["is_hedged"] = True  # "X believes that ...": a belief, not an assertion
        about = about_clusters(index, d.start, d.end, exclude=[d.claimant_cluster], doc=doc)
        kind = d.kind or _claimant_kind(d, quotes)
        claims.append(Claim(d.start, d.end, d.origin, d.cue, d.claimant_cluster,
                            d.claimant_name, d.quote_index, about, feats,
                            round(checkworthiness_score(feats), 4), kind))
    claims.sort(key=lambda c: (c.content_start, c.content_end))
    return claims
