"""Claims: what was asserted, by whom, and how check-worthy it is.

:func:`extract_claims` finds claims in one parsed article, on top of the entities
and quotes stages. A claim is a span of the article text (``content_start``,
``content_end``), a claimant (an entity cluster, or a name such as the outlet), the
cue that marks it, and one of four origins:

``quote``
    A checkable sentence inside a direct quote (see :func:`is_checkable`); the
    claimant is the quote's speaker and ``quote_index`` links the quote.
``reported``
    The content of an indirect or mixed quote that asserts something: it passes
    every filter of :data:`REPORTED_FILTERS` (a clause, an assertive cue, not a
    question, a source that names somebody, not an expectation of others; a cue
    under "need to" / "want to" reports nothing at all, see
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit import lexicons
from toolkit.attribution.context import Context
from toolkit.attribution.cues import cue_class, lemma
from toolkit.attribution.interview import speaker_markers
from toolkit.attribution.speakers import find_source, noun_phrase
from toolkit.checkworthiness import features as checkworthiness_features
from toolkit.checkworthiness import score as checkworthiness_score
from toolkit.checkworthiness_features import may_have_figure_or_date
from toolkit.docs import doc_text, last_paragraph, sentences
from toolkit.records import Claim
from toolkit.resolve import (
    EntityIndex,
    SourceContext,
    about_clusters,
    is_unresolved_source,
    phrase_as_written,
    pronoun_features,
    resolve_source,
)
from toolkit.text import quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from toolkit.records import ArticleEntities, Quote

__all__ = ["ORIGIN_PRECEDENCE", "REPORTED_FILTERS", "Claim", "claim_features",
           "extract_claims", "is_checkable"]

MAX_CLAIM_TOKENS = 120
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


def _is_indirect_question(first: Token) -> bool:
    """ "(tell) what it came from", "(say) whether ...": a question, not a claim; also
    an adverbial clause the parser took for a complement ("while all agreed ...")."""
    return first.tag_ in {"WDT", "WP", "WP$", "WRB"} or first.lower_ in lexicons.words(
        "adverbial_openers")


def _is_clause(span: Span) -> bool:
    """Whether a span holds a clause: a subject, or an infinitive with "to"."""
    return any(t.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}
               or t.dep_ == "aux" and t.lower_ == "to" for t in span)


def _party(tok: Token, sources: SourceContext) -> tuple[int | None, str | None]:
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


# --------------------------------------------------------------------------- reported

@dataclass
class Reported:
    """An indirect or mixed quote seen as a candidate reported claim."""

    quote: Quote
    span: Span  # the content tokens (without a leading "that")
    cue: Token | None  # the cue's main token


def is_a_clause(c: Reported) -> bool:
    """ "he emphasised his readiness" reports no statement; a claim is a clause."""
    return _is_clause(c.span)


def has_assertive_cue(c: Reported) -> bool:
    """Requests, questions and wishes ("urged", "asked") assert nothing."""
    return c.cue is None or lemma(c.cue) not in lexicons.words("cue_non_assertive")


def does_not_open_with_a_cue(c: Reported) -> bool:
    """ "Witnesses, according to the paper, said a man attacked ...": a content that
    opens with another reporting verb ("said a man ...") is someone else's report,
    not the claim itself."""
    first = next((t for t in c.span if not (t.is_punct or t.is_space)), None)
    return first is None or cue_class(first) is None


def is_not_a_question(c: Reported) -> bool:
    """ "(said) whether ...", "(tell) what ...": a question."""
    return not _is_indirect_question(c.span[0])


def names_a_source(c: Reported) -> bool:
    """Somebody asserts it: a resolved speaker, or a source phrase that is not talk
    ("I think", "you know", "it tells me" name nobody)."""
    if c.quote.speaker_cluster is not None:
        return True
    speaker = (c.quote.speaker_text or "").strip().lower()
    return bool(speaker) and speaker not in lexicons.words("discourse_subjects")


def is_not_an_expectation_of_others(c: Reported) -> bool:
    """ "expect them to return": an expectation of others, unless the cue is a
    commissive whose infinitive is the claim ("vowed to win")."""
    if c.cue is None or lemma(c.cue) in lexicons.words("claim_infinitive_verbs"):
        return True
    roots = [t for t in c.span if not (c.span.start <= t.head.i < c.span.end) or t.head == t]
    return not any(ch.dep_ == "aux" and ch.lower_ == "to" for r in roots for ch in r.children
                   if r.dep_ == "ccomp")


#: Every filter a quote's content passes to be a reported claim.
REPORTED_FILTERS: list[Callable[[Reported], bool]] = [
    is_a_clause,
    does_not_open_with_a_cue,
    has_assertive_cue,
    is_not_a_question,
    names_a_source,
    is_not_an_expectation_of_others,
]


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


def reported_claims(doc: Doc, text: str, quotes: list[Quote]) -> list[_Draft]:
    """Origin reported: the asserted content of indirect and mixed quotes."""
    out = []
    for k, quote in enumerate(quotes):
        if quote.kind == "direct" or not (0 <= quote.content_start < quote.content_end
                                          <= len(text)):
            continue
        s, e = _trim(text, quote.content_start, quote.content_end)
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
        if all(rule(candidate) for rule in REPORTED_FILTERS):
            cluster, name = _claimant(quote)
            out.append(_Draft(s, e, "reported", quote.cue, cue.i if cue is not None else None,
                              cluster, name, k))
    return out


# --------------------------------------------------------------------------- quote

def quote_claims(doc: Doc, text: str, quotes: list[Quote], index: EntityIndex,
                 entities: ArticleEntities) -> list[_Draft]:
    """Origin quote: the checkable sentences inside direct quotes."""
    out = []
    sents = sentences(doc)
    sent_starts = [s.start_char for s in sents]
    for k, quote in enumerate(quotes):
        qs, qe = quote.content_start, quote.content_end
        if quote.kind != "direct" or not (0 <= qs < qe <= len(text)):
            continue
        cluster, name = _claimant(quote)
        i = max(bisect.bisect_right(sent_starts, qs) - 1, 0)
        while i < len(sents) and sents[i].start_char < qe:
            s, e = _trim(text, max(qs, sents[i].start_char), min(qe, sents[i].end_char))
            i += 1
            if e <= s:
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) > MAX_CLAIM_TOKENS:
                continue
            # Named entities other than the speaker; nationalities alone ("the
            # Namibian people") don't make a sentence checkable.
            named = {m.cluster for m in index.within(s, e)
                     if m.resolution != "pronoun" and m.cluster != cluster
                     and entities.clusters[m.cluster].label != "NORP"}
            if is_checkable(claim_features(span), named_entities=len(named)) \
                    and _is_clause(span):
                out.append(_Draft(s, e, "quote", quote.cue, None, cluster, name, k))
    return out


# --------------------------------------------------------------------------- nominal

def _clause_span(head: Token) -> tuple[int, int]:
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
                return _clause_span(obj) if obj is not None else None
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "aux"}}
            if marks & {"that", "to"} or any(c.dep_ == "nsubj" for c in child.children):
                return _clause_span(child)
        if child.dep_ == "prep" and child.lower_ in {"about", "regarding", "over", "of"}:
            obj = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
            if obj is None:
                continue
            gerund = obj.dep_ == "pcomp" or obj.tag_ == "VBG"
            if child.lower_ == "of" and (not gerund or noun not in lexicons.words(
                    "claim_nouns_of")):
                continue  # "the claims of the government": the owner, not content
            if obj.dep_ == "pcomp" or any(c.dep_ in {"acl", "relcl", "prep"}
                                          for c in obj.children):
                return _clause_span(obj)
    return None


def _claim_owner(noun: Token, ctx: Context) -> tuple[int | None, str | None]:
    """Who made the claim a claim noun names: its possessive owner ("Trump's
    assertion"), its "by" agent, or the source of a claim-making verb (found by the
    attribution engine's speaker rules)."""
    index = SourceContext(ctx.doc, ctx.index)
    for child in noun.children:
        if child.dep_ == "poss":
            return _party(child, index)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _party(obj, index)
    head = noun.head
    makers = lexicons.words("claimant_verbs")
    if (noun.dep_ in {"dobj", "conj"} and (lemma(head) in makers or cue_class(head))
            or noun.dep_ == "nsubjpass" and lemma(head) in makers):
        source = find_source(head, ctx)
        if source is not None:
            return _party(ctx.doc[source.head], index)
    return None, None


def nominal_claims(ctx: Context) -> list[_Draft]:
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
        out.append(_Draft(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), "nominal",
                          tok.text, tok.i, cluster, name))
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
    if sum(1 for t in sent if t.is_alpha) < 4 or not _is_clause(sent):
        return False  # a dateline, a stray figure or a fragment, not a statement
    if sent[0].lower_ == "the" and len(sent) > 1 and sent[1].lower_ == "following":
        return False  # "The following is ...": the article about itself
    if any(t.pos_ == "PRON" and (pronoun_features(t.text) or {}).get("person") in {1, 2}
           for t in sent):
        return False  # "as I say", "you should look at": someone talking (an interview)
    letters = [ch for ch in text[s:e] if ch.isalpha()]
    # Not English: the parse (and so the features) cannot be trusted.
    return sum(ch.isascii() for ch in letters) >= 0.5 * len(letters)


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
        if _is_statement(sent, text, s, e):
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
    drafts = quote_claims(doc, text, quotes, index, entities)
    drafts += reported_claims(doc, text, quotes)
    nominal = []
    for d in nominal_claims(Context.of(doc, entities)):
        d.start, d.end = _trim(text, d.start, d.end)
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
