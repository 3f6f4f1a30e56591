"""Claims: what was asserted, by whom, and how check-worthy it is.

:func:`extract_claims` finds claims in one parsed article, on top of the entities
and quotes stages. A claim is a span of the article text (``content_start``,
``content_end``), a claimant (an entity cluster, or a name such as the outlet), the
cue that marks it, and one of four origins:

``quote``
    A checkable sentence inside a direct quote (see :func:`is_checkable`); the
    claimant is the quote's speaker and ``quote_index`` links the quote.
``reported``
    The clause of indirect speech: the clausal complement of a reporting verb
    (:data:`REPORTING_VERBS`: "X said that ...", "X confirmed he had ..."), the
    infinitive of an active promise verb ("X vowed to ..."), or what "according to
    X" attributes (the whole sentence when the phrase opens or closes it). The
    claimant is the verb's subject (inherited through conjuncts and participles),
    or X. A clause that is an indirect quote's content is linked to it with
    ``quote_index`` (and takes the quote's speaker when the subject did not resolve
    to an entity) instead of being repeated; an indirect quote that no rule found
    becomes a reported claim when it is an asserted clause with a speaker. A clause
    that opens with direct speech is left to the quote; indirect questions ("tell
    what ...") and talk ("I think", "you know", "it tells me") are not claims.
``nominal``
    A claim noun (:data:`CLAIM_NOUNS`: claim, assertion, promise, allegation,
    warning, ...) with a "that" clause, an infinitive, a "related to" / "about" /
    "regarding" complement, or for allegations and accusations "of" + gerund:
    "Trump's assertion that ...", "Trump had made bold claims that ...". The
    claimant is the possessive owner, the "by" agent, or the subject of a verb that
    *makes* claims (make, issue, repeat, ...), never the subject of a verb that
    judges them ("critics dismissed claims that ..." has no known claimant).
    Negated nouns ("no guarantee that") are skipped.
``narrative``
    The article's own checkable sentences (a figure or a date, see
    :func:`is_checkable`) that are not quoted, attributed, or an interview answer
    ("NG: ..."). The claimant is ``claimant_name`` = the byline, else the source,
    else ``"(article)"``; the cue is None.

Claimants and ``about`` are resolved through the entity mentions (names, aliases,
descriptions and pronouns); ``about`` lists the clusters mentioned in the content
other than the claimant.

Check-worthiness
----------------
Each claim carries the features below (they become columns of the claims frame)
and a score, the logistic of a weighted sum::

    z = -2.0
        + 1.2 * has_number          # figures, amounts, quantities ("a single", "dozens")
        + 1.0 * has_date            # dates, times, durations ("within 24 hours")
        + 0.6 * has_comparative     # comparatives and superlatives
        + 0.5 * min(n_entities, 3)  # distinct entities mentioned (pronouns resolved)
        + 0.8 * is_future_or_modal  # will / would / could / can / going to ...
        - 1.2 * is_hedged           # may, might, perhaps, reportedly, "I think",
                                    # or reported with a belief verb ("X believes ...")
        - 2.0 * is_question         # ends with "?"
        - 1.5 * is_opinion          # "in my opinion", first-person feelings, praise
    checkworthiness = 1 / (1 + exp(-z))      (rounded to 4 decimals)

So the score lies strictly between 0 and 1, rises with every positive feature and
falls with every negative one. The weights are in :data:`WEIGHTS`.

Everything is rule-based over spaCy's parse, per sentence, so the cost is linear in
the article's length (each clause is capped at :data:`MAX_CLAIM_TOKENS` tokens).

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()("Jane Smith said that the city spent $4 million on roads in 2023.")
>>> ents = extract_entities(doc)
>>> [(doc.text[c.content_start:c.content_end], ents.name_of(c.claimant_cluster), c.origin)
...  for c in extract_claims(doc, ents, [])]
[('the city spent $4 million on roads in 2023', 'Jane Smith', 'reported')]
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.quotes import REPORTING_VERBS as QUOTE_REPORTING_VERBS
from toolkit.text import quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from toolkit.entities import ArticleEntities
    from toolkit.quotes import Quote

__all__ = [
    "CLAIM_NOUNS",
    "REPORTING_VERBS",
    "WEIGHTS",
    "Claim",
    "checkworthiness",
    "claim_features",
    "extract_claims",
    "is_checkable",
]

# --------------------------------------------------------------------------- lexicons

# Reporting verbs of the quotes stage that do not assert anything: requests,
# questions, wishes, and cues only good next to a direct quote.
NON_ASSERTIVE_VERBS = frozenset(
    """ask urge demand call describe characterize wonder recommend propose advise plead
    pray invite request order want hope wish fear worry imagine continue begin start
    laugh quote post read press interrupt text email blog relay broadcast signal
    cry scream yell""".split()
)
# Verbs whose clausal complement is what the subject asserted (lemmas): the quotes
# stage's lexicon (speech, belief and finding verbs) without the non-assertive ones.
REPORTING_VERBS = frozenset(
    (QUOTE_REPORTING_VERBS | {"caution", "guarantee", "forecast"}) - NON_ASSERTIVE_VERBS)
# Reporting verbs whose infinitive complement is the claim ("vowed to win").
INFINITIVE_VERBS = frozenset({"claim", "promise", "pledge", "vow", "threaten", "swear",
                              "guarantee", "predict"})
# Nouns that name a claim ("the assertion that ...").
CLAIM_NOUNS = frozenset(
    """claim assertion promise pledge allegation accusation prediction warning vow
    statement contention insistence suggestion forecast assurance boast""".split()
)
# Claim nouns whose "of" + gerund names the content ("accusations of hiding ...").
OF_NOUNS = frozenset({"allegation", "accusation"})
# Verbs whose subject is the author of the claim noun they take ("X made claims").
CLAIMANT_VERBS = frozenset(
    """make issue repeat reiterate voice renew level lodge file put express offer
    publish post tweet give deliver double""".split()
)

# Hedges: words that weaken an assertion (lemmas, lower case). "could" and "would"
# are deliberately absent: "he could end the war in a day" is a checkable promise.
HEDGE_WORDS = frozenset(
    """may might perhaps maybe possibly probably presumably reportedly allegedly
    apparently seemingly supposedly arguably likely unlikely seem appear""".split()
)
# First-person epistemic verbs: "I think", "we believe", "I guess".
EPISTEMIC_VERBS = frozenset({"think", "believe", "guess", "suppose", "doubt", "reckon",
                             "expect", "suspect", "imagine"})
# First-person feelings and evaluations: "I feel", "we are happy", "I love".
FEELING_WORDS = frozenset(
    """feel love hate like hope wish fear worry prefer enjoy regret happy sad proud
    glad sorry delighted disappointed upset afraid excited honoured honored grateful
    thrilled""".split()
)
# Evaluative words that mark an opinion rather than a fact.
OPINION_WORDS = frozenset(
    """great terrible wonderful awful horrible disgraceful shameful ridiculous
    fantastic amazing beautiful ugly stupid disgusting brilliant excellent pathetic
    outrageous absurd courageous heroic correct wrong deserve extraordinary remarkable
    incredible tremendous terrific sad shocking disgrace""".split()
)
OPINION_PHRASES = ("in my opinion", "in my view", "in our view", "in our opinion",
                   "i feel", "to my mind", "personally")
FIRST_PERSON = frozenset({"i", "we"})
# Words that open a question or an adverbial clause, never a reported statement.
ADVERBIAL_OPENERS = frozenset({"whether", "if", "while", "although", "though", "because",
                               "since", "when", "after", "before", "unless", "as"})
# Verbs that make a reporting verb under them an obligation or a wish
# ("people need to understand that ...", "be able to tell ...").
IRREALIS_HEADS = frozenset({"need", "want", "have", "try", "hope", "wish", "like", "able",
                            "must", "should", "expect", "ask", "urge"})
# Pronouns that make a sentence someone's talk rather than the article's narrative.
NARRATOR_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
# Subjects of reporting verbs that make discourse rather than a report.
DISCOURSE_SUBJECTS = frozenset({"i", "we", "you", "one", "it", "this", "that"})

# Quantity words that are numbers without digits ("a single day", "dozens").
QUANTITY_WORDS = frozenset(
    """single dozen dozens half double triple twice thrice hundreds thousands millions
    billions trillions""".split()
)
# Units of time that make a duration when counted ("24 hours", "a single day").
DURATION_WORDS = frozenset({"second", "minute", "hour", "day", "week", "month", "year",
                            "decade", "century"})
NUMBER_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_ENTS = frozenset({"DATE", "TIME"})
MODAL_WORDS = frozenset({"will", "would", "could", "can", "shall", "should", "must",
                         "wo", "'ll", "ca"})

WEIGHTS: dict[str, float] = {
    "bias": -2.0,
    "has_number": 1.2,
    "has_date": 1.0,
    "has_comparative": 0.6,
    "n_entities": 0.5,  # per entity, at most ENTITY_CAP of them
    "is_future_or_modal": 0.8,
    "is_hedged": -1.2,
    "is_question": -2.0,
    "is_opinion": -1.5,
}
ENTITY_CAP = 3
MAX_CLAIM_TOKENS = 120
ARTICLE_CLAIMANT = "(article)"
# A paragraph (or a turn after a question) opened by a speaker label, as in
# interview transcripts: "NG: ...", "Wikinews: ...", "((Jane Doe)) ...".
SPEAKER_LABEL = re.compile(
    r"(?:^|\n|\s{2,})[ \t]*(?:\[?[A-Z][\w.'’]{0,20}(?: [A-Z][\w.'’]{0,20})?\]?:[ \t]"
    r"|\(\([^()\n]{1,40}\)\))")

_TRIM_CHARS = " \t\r\n,;:–—-\"'“”‘’«»„"


# --------------------------------------------------------------------------- records

@dataclass
class Claim:
    """One claim in one article; offsets index the article text."""

    content_start: int
    content_end: int
    origin: str  # quote | reported | nominal | narrative
    cue: str | None = None
    claimant_cluster: int | None = None  # index into the article's entity clusters
    claimant_name: str | None = None  # when the claimant is not an entity (the outlet)
    quote_index: int | None = None  # index into the article's quotes
    about: list[int] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)
    checkworthiness: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        return cls(**data)


# --------------------------------------------------------------------------- scoring

def checkworthiness(features: Mapping[str, Any]) -> float:
    """The check-worthiness score of a claim from its features (see the module doc).

    Missing features count as absent (False / 0).

    Examples
    --------
    >>> checkworthiness({})
    0.1192
    >>> checkworthiness({"has_number": True, "has_date": True, "n_entities": 2,
    ...                  "is_future_or_modal": True})
    0.8808
    >>> checkworthiness({"has_number": True, "is_question": True}) < checkworthiness(
    ...     {"has_number": True})
    True
    """
    z = WEIGHTS["bias"]
    for name in ("has_number", "has_date", "has_comparative", "is_future_or_modal",
                 "is_hedged", "is_question", "is_opinion"):
        if features.get(name):
            z += WEIGHTS[name]
    n_entities = int(features.get("n_entities") or 0)
    z += WEIGHTS["n_entities"] * min(max(n_entities, 0), ENTITY_CAP)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def _lower_text(tokens: Iterable[Token]) -> str:
    return " ".join(t.lower_ for t in tokens)


def claim_features(tokens: Span | list[Token], clusters: Iterable[int] = ()) -> dict[str, Any]:
    """The check-worthiness features of a claim's tokens.

    ``clusters`` are the entity clusters mentioned in the content (pronouns
    resolved); their number is ``n_entities``.

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> f = claim_features(load_pipeline()("I think prices might rise by 5% next year."))
    >>> f["has_number"], f["has_date"], f["is_hedged"], f["is_question"]
    (True, True, True, False)
    """
    toks = [t for t in tokens if not t.is_space]
    has_number = has_date = has_comparative = modal = hedged = opinion = False
    for k, t in enumerate(toks):
        low = t.lower_
        lemma = t.lemma_.lower()
        if t.ent_type_ in NUMBER_ENTS or low in QUANTITY_WORDS or t.like_num and (
                t.ent_type_ not in DATE_ENTS or t.head.lemma_.lower() in DURATION_WORDS):
            # A figure; inside a date only when it counts time ("24 hours", not "July 14").
            has_number = True
        if t.ent_type_ in DATE_ENTS:
            has_date = True
        elif lemma in DURATION_WORDS and any(
                c.like_num or c.lower_ in QUANTITY_WORDS or c.ent_type_ in NUMBER_ENTS
                for c in t.children):
            has_date = True
        if t.tag_ in {"JJR", "JJS", "RBR", "RBS"} and not (
                k > 0 and toks[k - 1].lower_ == "at" and low in {"least", "most"}):
            # "at least 30" is a quantity's bound, not a comparison.
            has_comparative = True
        if low in MODAL_WORDS and t.tag_ == "MD" or (
                low == "going" and k + 1 < len(toks) and toks[k + 1].lower_ == "to"
                and toks[k + 1].head.pos_ == "VERB"):
            modal = True
        if lemma in HEDGE_WORDS or low in HEDGE_WORDS:
            hedged = True
        if low in FIRST_PERSON and t.dep_ in {"nsubj", "nsubjpass"}:
            head = t.head
            if head.lemma_.lower() in EPISTEMIC_VERBS:
                hedged = True
            if head.lemma_.lower() in FEELING_WORDS or any(
                    c.dep_ == "acomp" and c.lemma_.lower() in FEELING_WORDS
                    for c in head.children):
                opinion = True
        if lemma in OPINION_WORDS:
            opinion = True
    text = _lower_text(toks).replace(" ’", "'").replace(" '", "'")
    if any(p in text for p in OPINION_PHRASES):
        opinion = True
    last = next((t for t in reversed(toks) if t.text not in _TRIM_CHARS), None)
    is_question = last is not None and last.text.endswith("?")
    return {
        "has_number": has_number,
        "has_date": has_date,
        "has_comparative": has_comparative,
        "n_entities": len(set(clusters)),
        "is_future_or_modal": modal,
        "is_hedged": hedged,
        "is_question": is_question,
        "is_opinion": opinion,
    }


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

class _Mentions:
    """Entity mentions (plus pronouns resolved inside quotes) sorted by start, for
    O(log n) range queries."""

    def __init__(self, entities: ArticleEntities, quotes: list[Quote]):
        items = [(m.start, m.end, m.cluster, m.resolution != "pronoun")
                 for m in entities.mentions]
        for q in quotes:
            for p in getattr(q, "pronouns", None) or []:
                try:
                    s, e, c = int(p[0]), int(p[1]), int(p[2])
                except (TypeError, ValueError, IndexError):
                    continue
                items.append((s, e, c, False))
        n_clusters = len(entities.clusters)
        self.items = sorted(i for i in items if 0 <= i[2] < n_clusters)
        self.starts = [i[0] for i in self.items]

    def within(self, start: int, end: int) -> list[tuple[int, int, int, bool]]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [i for i in self.items[lo:hi] if i[1] <= end]

    def at(self, start: int, end: int) -> int | None:
        """The cluster of the mention overlapping [start, end) most."""
        i = bisect.bisect_left(self.starts, end)
        best, best_overlap = None, 0
        for s, e, c, _ in self.items[max(0, i - 8) : i]:
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = c, overlap
        return best


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

    def overlap_fraction(self, start: int, end: int) -> tuple[float, Any]:
        """The largest share of [start, end) covered by one span, and its payload."""
        best, payload = 0.0, None
        length = max(end - start, 1)
        for s, e, p in self.overlapping(start, end):
            share = (min(e, end) - max(s, start)) / length
            if share > best:
                best, payload = share, p
        return best, payload


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, quotation marks and dangling separators from a span's ends."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb``, inherited from the governing verb for conjuncts,
    participles and infinitives ("he commented, acknowledging ...")."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.dep_ == "nsubjpass":
                # "It was reported that ...": nobody in particular.
                agent = next((a for a in verb.children if a.dep_ == "agent"), None)
                pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent \
                    else None
                return pobj
            return child
    if depth < 4 and verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1)
    return None


def _party(tok: Token | None, mentions: _Mentions) -> tuple[int | None, str | None]:
    """Resolve the noun phrase headed by ``tok`` to (cluster, None) or (None, name)."""
    if tok is None:
        return None, None
    start, end = tok.idx, tok.idx + len(tok.text)
    cluster = mentions.at(start, end)
    if cluster is not None:
        return cluster, None
    for child in tok.children:
        if child.dep_ in {"appos", "compound"}:
            cluster = mentions.at(child.idx, child.idx + len(child.text))
            if cluster is not None:
                return cluster, None
    if tok.pos_ == "PRON" and ("Prs" in tok.morph.get("PronType") or not any(
            c.dep_ == "prep" for c in tok.children)):
        return None, None  # an unresolved "they"; but "some of the protesters" is a name
    left = tok.left_edge.i
    right = tok.i
    # "the head of the ministry": keep a short "of" phrase.
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - left < 10:
            right = child.right_edge.i
        break
    span = tok.doc[left : right + 1]
    if len(span) > 12:
        return None, tok.text
    name = span.text.strip(_TRIM_CHARS)
    for article in ("the ", "The "):
        name = name.removeprefix(article)
    return None, name or None


def _doc_length(doc: Doc) -> int:
    """len(doc.text) in O(1) (``Doc.text`` rebuilds the string on every access)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _cue_lemmas(doc: Doc, draft: _Draft, quotes: list[Quote]) -> set[str]:
    if draft.cue_index is not None:
        return {doc[draft.cue_index].lemma_.lower()}
    if draft.quote_index is None:
        return set()
    quote = quotes[draft.quote_index]
    if quote.cue_start is None or quote.cue_end is None or not (
            0 <= quote.cue_start < quote.cue_end <= _doc_length(doc)):
        return set()
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    return {t.lemma_.lower() for t in span} if span is not None else set()


def _non_assertive_cue(doc: Doc, quote: Quote) -> bool:
    """Whether the quote's cue is a request, a question or a wish ("urged", "asked")."""
    if quote.cue_start is None or quote.cue_end is None:
        return False
    if not (0 <= quote.cue_start < quote.cue_end <= _doc_length(doc)):
        return False
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in NON_ASSERTIVE_VERBS for t in span)


def _is_indirect_question(head: Token) -> bool:
    """ "(tell) what it came from", "(say) whether ...": a question, not a claim; also
    an adverbial clause the parser took for a complement ("while all agreed ...")."""
    first = head.left_edge
    return first.tag_ in {"WDT", "WP", "WP$", "WRB"} or first.lower_ in ADVERBIAL_OPENERS


def _is_clause(span: Span) -> bool:
    """Whether a span holds a clause: a subject, or an infinitive with "to"."""
    return any(t.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}
               or t.dep_ == "aux" and t.lower_ == "to" for t in span)


def _clause_span(head: Token, *, skip: Token | None = None) -> tuple[int, int]:
    """Token range [start, end) of the clause headed by ``head``: its subtree without a
    leading complementizer, and without a trailing "but ...ing" conjunct that the
    parser often attaches to it (it belongs to the governing clause)."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    for child in head.children:
        if child.dep_ in {"conj", "advcl"} and child.tag_ == "VBG" and head.tag_ != "VBG" \
                and child.i > head.i and child.left_edge.i > head.i:
            before = doc[child.left_edge.i - 1]
            if child.dep_ == "advcl" and before.text != ",":
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
    if skip is not None and start <= skip.i < end:
        # Keep the side of the clause that holds its head.
        if skip.i < head.i:
            start = skip.right_edge.i + 1
        else:
            end = skip.left_edge.i
    end = min(end, start + MAX_CLAIM_TOKENS)
    return start, end


# --------------------------------------------------------------------------- extraction

@dataclass
class _Draft:
    start: int  # character offsets
    end: int
    origin: str
    cue: str | None
    cue_index: int | None  # token index of the cue, for sentence bookkeeping
    claimant_cluster: int | None = None
    claimant_name: str | None = None
    quote_index: int | None = None


def _reported(sent: Span, mentions: _Mentions) -> list[_Draft]:
    """Rule reported: clausal complements of reporting verbs, infinitives of promise
    verbs, and clauses attributed with "according to X"."""
    doc = sent.doc
    out: list[_Draft] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"} and lemma in REPORTING_VERBS:
            comps = [c for c in tok.children if c.dep_ == "ccomp"]
            passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
            if lemma in INFINITIVE_VERBS and not passive:
                # "X vowed to ...", but not "winds are predicted to reach ...".
                comps += [c for c in tok.children if c.dep_ == "xcomp"
                          and any(a.lower_ == "to" for a in c.children)]
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in IRREALIS_HEADS:
                continue
            subject = _subject(tok)
            if subject is None and tok.tag_ == "VB" or subject is not None and (
                    subject.lower_ in DISCOURSE_SUBJECTS
                    and mentions.at(subject.idx, subject.idx + len(subject.text)) is None):
                # "I think ...", "you know ...", "Say, if ...": talk, not a report
                # (in interview transcripts), and nobody to attribute it to.
                continue
            for comp in comps:
                if comp.tag_ in {"WDT", "WP", "WRB"} or _is_indirect_question(comp):
                    continue
                if comp.dep_ == "ccomp" and lemma not in INFINITIVE_VERBS and any(
                        c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
                    continue  # "expect them to return": an expectation of others
                s, e = _clause_span(comp)
                if e - s < 2:
                    continue
                cluster, name = _party(subject, mentions)
                out.append(_Draft(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                                  "reported", tok.text, tok.i, cluster, name))
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if source is None:
                continue
            phrase_start, phrase_end = tok.left_edge.i, tok.right_edge.i + 1
            words = [t for t in sent if not (t.is_punct or t.is_space)]
            if words and (words[0].i == phrase_start or words[-1].i == phrase_end - 1):
                # "According to X, ..." / "..., according to X.": the whole sentence.
                s, e = sent.start, sent.end
                if words[0].i == phrase_start:
                    s = phrase_end
                else:
                    e = phrase_start
                e = min(e, s + MAX_CLAIM_TOKENS)
            else:
                clause = tok.head
                for _ in range(len(sent)):
                    if clause.pos_ in {"VERB", "AUX"} or clause.head.i == clause.i:
                        break
                    clause = clause.head
                if clause.pos_ not in {"VERB", "AUX"}:
                    continue
                s, e = _clause_span(clause, skip=tok)
            while s < e and (doc[s].is_punct or doc[s].is_space):
                s += 1
            while e > s and (doc[e - 1].is_punct and doc[e - 1].text not in {"%", ")", "]"}
                             or doc[e - 1].is_space):
                e -= 1
            if e - s < 2:
                continue
            cluster, name = _party(source, mentions)
            out.append(_Draft(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                              "reported", "according to", tok.i, cluster, name))
    return out


def _nominal(sent: Span, mentions: _Mentions) -> list[_Draft]:
    """Rule nominal: claim nouns with a "that" clause, an infinitive, or a
    "related to / about / of" complement."""
    doc = sent.doc
    out: list[_Draft] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or lemma not in CLAIM_NOUNS:
            continue
        if any(c.dep_ == "det" and c.lower_ == "no" or c.dep_ == "neg" for c in tok.children):
            continue  # "there is no guarantee that ..."
        content: tuple[int, int] | None = None
        for child in tok.children:
            if child.i < tok.i:
                continue
            if child.dep_ in {"acl", "relcl", "ccomp"} and child.pos_ in {"VERB", "AUX"}:
                if child.dep_ == "relcl" or child.lemma_.lower() in {"relate", "regard"}:
                    # "promises related to X": the complement of the participle; a
                    # relative clause ("the claim he made") is not the content.
                    if child.dep_ == "relcl":
                        continue
                    prep = next((c for c in child.children if c.dep_ == "prep"), None)
                    obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}),
                               None) if prep else None
                    if obj is not None:
                        content = _clause_span(obj)
                    break
                marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "aux"}}
                if marks & {"that", "to"} or any(c.dep_ == "nsubj" for c in child.children):
                    content = _clause_span(child)
                    break
            if child.dep_ == "prep" and child.lower_ in {"about", "regarding", "over", "of"}:
                obj = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
                if obj is None:
                    continue
                gerund = obj.dep_ == "pcomp" or obj.tag_ == "VBG"
                if child.lower_ == "of" and (not gerund or lemma not in OF_NOUNS):
                    continue  # "the claims of the government": the owner, not content
                if obj.dep_ == "pcomp" or any(c.dep_ in {"acl", "relcl", "prep"}
                                              for c in obj.children):
                    content = _clause_span(obj)
                    break
        if content is None or content[1] - content[0] < 2:
            continue
        cluster, name = _claim_owner(tok, mentions)
        s, e = content
        out.append(_Draft(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), "nominal",
                          tok.text, tok.i, cluster, name))
    return out


def _claim_owner(noun: Token, mentions: _Mentions) -> tuple[int | None, str | None]:
    """Who made the claim a claim noun names: its possessive owner ("Trump's
    assertion"), its "by" agent, or the subject of a claim-making verb."""
    for child in noun.children:
        if child.dep_ == "poss":
            return _party(child, mentions)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _party(obj, mentions)
    head = noun.head
    if noun.dep_ in {"dobj", "conj"} and head.lemma_.lower() in CLAIMANT_VERBS | REPORTING_VERBS:
        return _party(_subject(head), mentions)
    if noun.dep_ == "nsubjpass" and head.lemma_.lower() in CLAIMANT_VERBS:
        return _party(_subject(head), mentions)
    return None, None


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


def _narrative_claimant(article: Mapping[str, Any] | None) -> str:
    for key in ("byline", "source"):
        value = (article or {}).get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ARTICLE_CLAIMANT


def extract_claims(doc: Doc, entities: ArticleEntities, quotes: list[Quote], *,
                   article: Mapping[str, Any] | None = None) -> list[Claim]:
    """Claims of one parsed article (see the module doc for the four origins).

    ``article`` (a mapping with byline and source) names the claimant of narrative
    claims. Claims are sorted by position; a span found by two rules is kept once,
    in the order quote > reported > nominal.

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
    text = doc.text
    mentions = _Mentions(entities, quotes)
    quote_spans = _Spans((q.content_start, q.content_end, k) for k, q in enumerate(quotes)
                         if 0 <= q.content_start < q.content_end <= len(text))
    marks = _Spans((s, e, None) for s, e in quoted_spans(text))
    drafts: list[_Draft] = []
    sents = list(doc.sents)

    # reported and nominal, per sentence. A reported clause that is an indirect
    # quote's content is linked to it; one that is a direct quote is left to the
    # quote rule below.
    covered: set[int] = set()
    for sent in sents:
        for draft in _reported(sent, mentions) + _nominal(sent, mentions):
            draft.start, draft.end = _trim(text, draft.start, draft.end)
            if draft.end - draft.start > 1 and text[draft.end - 1] == "." and (
                    text[draft.end - 2].isspace() or text[draft.end - 2].islower()):
                draft.end = _trim(text, draft.start, draft.end - 1)[1]  # a clause, not a sentence
            if draft.end <= draft.start:
                continue
            share, k = quote_spans.overlap_fraction(draft.start, draft.end)
            if share >= 0.5 and draft.origin == "reported":
                quote = quotes[k]
                if quote.kind == "direct":
                    continue
                covered.add(k)
                draft.quote_index = k
                if draft.claimant_cluster is None and quote.speaker_cluster is not None:
                    draft.claimant_cluster, draft.claimant_name = quote.speaker_cluster, None
            elif share < 0.5 and (
                    marks.overlap_fraction(draft.start, draft.end)[0] >= 0.5
                    or draft.origin == "reported"
                    and marks.overlapping(draft.start, draft.start + 1)):
                continue  # direct speech the quotes stage did not return as a quote
            drafts.append(draft)

    # quote: an indirect quote is a reported claim; a direct quote contributes its
    # checkable sentences.
    sent_starts = [s.start_char for s in sents]
    for k, quote in enumerate(quotes):
        qs, qe = quote.content_start, quote.content_end
        if k in covered or not (0 <= qs < qe <= len(text)):
            continue
        cluster = quote.speaker_cluster
        name = None if cluster is not None else quote.speaker_text
        if quote.kind != "direct":
            s, e = _trim(text, qs, qe)
            if text[s : s + 5].lower() == "that ":
                s += 5
            span = doc.char_span(s, e, alignment_mode="expand") if e > s else None
            # Only an asserted clause is a claim: "he emphasised his readiness" and
            # "she urged voters to stay home" report no statement.
            speaker = (quote.speaker_text or "").strip().lower()
            if (span is not None and _is_clause(span) and not _non_assertive_cue(doc, quote)
                    and not _is_indirect_question(span[0])
                    and (cluster is not None or speaker and speaker not in DISCOURSE_SUBJECTS)):
                drafts.append(_Draft(s, e, "reported", quote.cue, None, cluster, name, k))
            continue
        i = max(bisect.bisect_right(sent_starts, qs) - 1, 0)
        while i < len(sents) and sents[i].start_char < qe:
            s, e = _trim(text, max(qs, sents[i].start_char), min(qe, sents[i].end_char))
            i += 1
            if e <= s:
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) > MAX_CLAIM_TOKENS:
                continue
            feats = claim_features(span, ())
            # Named entities other than the speaker; nationalities alone ("the
            # Namibian people") don't make a sentence checkable.
            named = {c for _, _, c, is_named in mentions.within(s, e)
                     if is_named and c != cluster and entities.clusters[c].label != "NORP"}
            if is_checkable(feats, named_entities=len(named)) and _is_clause(span):
                drafts.append(_Draft(s, e, "quote", quote.cue, None, cluster, name, k))

    # narrative: checkable sentences that nobody is quoted or reported as saying.
    attributed_sents = set()
    for d in drafts:
        if d.cue_index is not None:
            attributed_sents.add(doc[d.cue_index].sent.start)
    claimant = _narrative_claimant(article)
    # Interview answers ("NG: The colony ...") are the interviewee's, not the article's.
    labelled = _Spans((m.start(), _paragraph_end(text, m.end()), None)
                      for m in SPEAKER_LABEL.finditer(text))
    for sent in sents:
        if sent.start in attributed_sents or len(sent) > 3 * MAX_CLAIM_TOKENS:
            continue
        s, e = _trim(text, sent.start_char, sent.end_char)
        if e <= s or quote_spans.overlapping(s, e) or marks.overlapping(s, e) \
                or labelled.overlapping(s, e):
            continue
        feats = claim_features(sent, ())
        if not (feats["has_number"] or feats["has_date"]) or not is_checkable(feats):
            continue
        if sum(1 for t in sent if t.is_alpha) < 4 or not _is_clause(sent):
            continue  # a dateline, a stray figure or a fragment, not a statement
        if sent[0].lower_ == "the" and len(sent) > 1 and sent[1].lower_ == "following":
            continue  # "The following is ...": the article about itself
        if any(t.lower_ in NARRATOR_PRONOUNS and t.pos_ == "PRON" for t in sent):
            continue  # "as I say", "you should look at": someone talking (an interview)
        letters = [ch for ch in text[s:e] if ch.isalpha()]
        if sum(ch.isascii() for ch in letters) < 0.5 * len(letters):
            continue  # not English: the parse (and so the features) cannot be trusted
        drafts.append(_Draft(s, e, "narrative", None, None, None, claimant))

    # One claim per span, in the order quote > reported > nominal > narrative.
    seen: set[tuple[int, int]] = set()
    claims: list[Claim] = []
    for d in drafts:
        if (d.start, d.end) in seen:
            continue
        seen.add((d.start, d.end))
        found = mentions.within(d.start, d.end)
        clusters = sorted({c for _, _, c, _ in found})
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        feats = claim_features(span if span is not None else [], clusters)
        if _cue_lemmas(doc, d, quotes) & EPISTEMIC_VERBS:
            feats["is_hedged"] = True  # "X believes that ...": a belief, not an assertion
        about = [c for c in clusters if c != d.claimant_cluster]
        claims.append(Claim(d.start, d.end, d.origin, d.cue, d.claimant_cluster,
                            d.claimant_name, d.quote_index, about, feats,
                            checkworthiness(feats)))
    claims.sort(key=lambda c: (c.content_start, c.content_end))
    return claims
