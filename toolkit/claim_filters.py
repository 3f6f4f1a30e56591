"""Claim filters: whether a quote's content, or a sentence inside a quote, is a claim.

:mod:`toolkit.claims` finds candidate claims; the filters here decide which of them
assert something. Each filter is a small named function ``filter(candidate) -> bool``
(True: the candidate may be a claim), applied from one ordered list:

:data:`REPORTED_FILTERS`
    the content of an indirect or mixed quote (a :class:`Reported`): a clause, not
    opening with another cue, an assertive cue, not a question, a source that names
    somebody, not an expectation of others, not a decision or a plan ("agreed to
    move", "planned to visit"), not only another's cue ("the governor said").
:data:`QUOTE_FILTERS`
    a sentence of a direct quote or an interview turn (a :class:`Quoted`): a
    statement (its main verb has a subject: no imperative "Imagine that ...", no
    fragment "Making it ..."), in English, not an interviewer talking to the
    interviewee ("Thank you for your time", "These were all my questions for you"),
    not a request or a wish ("I urge them to ...").

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> doc = load_pipeline()("Imagine that the river floods in 2030.")
>>> is_a_statement(Quoted(None, doc[:]))  # type: ignore[arg-type]
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import cue_class, lemma
from toolkit.resolve import pronoun_features

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from toolkit.records import Quote

__all__ = ["QUOTE_FILTERS", "REPORTED_FILTERS", "Quoted", "Reported", "is_clause",
           "is_english", "is_indirect_question", "speaks_to_someone"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
MIN_STATEMENT_WORDS = 3  # "We lost 3 in 2020" is one; "Hare: 3" is not


def is_indirect_question(first: Token) -> bool:
    """ "(tell) what it came from", "(say) whether ...": a question, not a claim; also
    an adverbial clause the parser took for a complement ("while all agreed ...")."""
    return first.tag_ in {"WDT", "WP", "WP$", "WRB"} or first.lower_ in lexicons.words(
        "adverbial_openers")


def is_clause(span: Span) -> bool:
    """Whether a span holds a clause: a subject, or an infinitive with "to"."""
    return any(t.dep_ in SUBJECT_DEPS or t.dep_ == "aux" and t.lower_ == "to" for t in span)


def is_english(text: str) -> bool:
    """Whether most letters of a text are ASCII: for other scripts the parse, and so
    the features, cannot be trusted."""
    if text.isascii():  # every letter is ASCII (most texts: no scan needed)
        return True
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isascii() for ch in letters) >= 0.5 * len(letters)


def speaks_to_someone(span: Span | list[Token]) -> bool:
    """A first- or second-person pronoun ("as I say", "thank you"): someone talking."""
    return any(t.pos_ == "PRON" and (pronoun_features(t.text) or {}).get("person") in {1, 2}
               for t in span)


def _roots(span: Span) -> list[Token]:
    return [t for t in span if t.head == t or not (span.start <= t.head.i < span.end)]


# --------------------------------------------------------------------------- reported

@dataclass
class Reported:
    """An indirect or mixed quote seen as a candidate reported claim."""

    quote: Quote
    span: Span  # the content tokens (without a leading "that")
    cue: Token | None  # the cue's main token


def is_a_clause(c: Reported) -> bool:
    """ "he emphasised his readiness" reports no statement; a claim is a clause."""
    return is_clause(c.span)


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
    return not is_indirect_question(c.span[0])


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
    roots = _roots(c.span)
    return not any(ch.dep_ == "aux" and ch.lower_ == "to" for r in roots for ch in r.children
                   if r.dep_ == "ccomp")


def is_not_a_decision(c: Reported) -> bool:
    """ "Serbia agreed to move its embassy", "she planned to visit": an infinitive
    with no subject of its own reports what somebody decided, agreed or means to do,
    not what they assert; commissives ("vowed to win") and "claimed to have ..." are
    claims (lexicon ``claim_infinitive_verbs``)."""
    if c.cue is None or lemma(c.cue) in lexicons.words("claim_infinitive_verbs"):
        return True
    roots = _roots(c.span)
    return not any(any(ch.dep_ == "aux" and ch.lower_ == "to" and ch.i < r.i
                       for ch in r.children)
                   and not any(ch.dep_ in SUBJECT_DEPS for ch in r.children) for r in roots)


def is_not_a_bare_attribution(c: Reported) -> bool:
    """ "A hospital treated 25 people, the paper reported the governor said": a content
    that ends with its own active cue verb and holds nothing it reports ("the
    governor said") is an attribution, not a claim ("an inquiry was ordered last
    week" is one)."""
    words = [t for t in c.span if t.is_alpha]
    if not words:
        return True
    last = words[-1]
    return not (cue_class(last) is not None and last.pos_ in {"VERB", "AUX"}
                and not any(ch.dep_ == "auxpass" for ch in last.children)
                and any(ch.dep_ == "nsubj" for ch in last.children))


#: Every filter a quote's content passes to be a reported claim.
REPORTED_FILTERS: list[Callable[[Reported], bool]] = [
    is_a_clause,
    does_not_open_with_a_cue,
    has_assertive_cue,
    is_not_a_question,
    names_a_source,
    is_not_an_expectation_of_others,
    is_not_a_decision,
    is_not_a_bare_attribution,
]


# --------------------------------------------------------------------------- quoted

@dataclass
class Quoted:
    """A sentence of a direct quote (or an interview turn) seen as a candidate claim."""

    quote: Quote
    span: Span  # the sentence's tokens inside the quote


def is_a_statement(c: Quoted) -> bool:
    """ "Imagine that the world stays silent", "Making it a preview of what's to come":
    a sentence that opens with its main verb in the base form or a participle, with
    no subject or auxiliary, is an imperative or a fragment and asserts nothing (a
    clause inside it, "that the world stays", is not enough). Only the opening counts,
    so a misparsed statement ("Challenges, I would say, are ...") stays one. Fewer
    than three words ("Hare: 3", a chart legend) are no statement either."""
    if sum(1 for t in c.span if t.is_alpha) < MIN_STATEMENT_WORDS:
        return False  # "██ Hare: 3", a chart legend or a heading
    leads = lexicons.words("imperative_leads")
    first = next((t for t in c.span if not (t.is_punct or t.is_space or t.pos_ == "INTJ"
                                            or t.lower_ in leads)), None)
    if first is None or first.tag_ not in {"VB", "VBG", "VBN"} \
            or c.span.start <= first.head.i < c.span.end and first.head != first:
        return True  # it opens with something else than its main verb
    return any(ch.dep_ in SUBJECT_DEPS | {"aux", "auxpass"} for ch in first.children)


def is_in_english(c: Quoted) -> bool:
    """A sentence mostly in another script: its parse, and so its features, cannot be
    trusted."""
    return is_english(c.span.text)


def is_not_interviewer_talk(c: Quoted) -> bool:
    """An interviewer's turn is a question, or talk to the interviewee ("Thank you
    for your time", "These were all the questions I had for you"); only its
    statements about the world ("In 2016, the party won 6,777 votes") are claims."""
    return c.quote.strategy != "interviewer_turn" or not speaks_to_someone(c.span)


def is_not_a_request(c: Quoted) -> bool:
    """ "I urge both sides to talk", "We count on them to act with restraint": a main
    verb of asking or wishing (lexicon ``quote_requests``) in the present ("I'm
    hoping that ..." too), said
    by "I" or "we", appeals; it states nothing ("we asked for help in May" does)."""
    requests = lexicons.words("quote_requests")
    for root in _roots(c.span):
        present = root.tag_ in {"VBP", "VB"} or root.tag_ == "VBG" and any(
            ch.dep_ == "aux" and ch.lower_ in {"am", "are", "'m", "’m", "'re", "’re"}
            for ch in root.children)  # "I'm hoping that ..."
        stem = root.lower_.removesuffix("ing")  # the lemmatiser reads "hoping" as "hop"
        if {lemma(root), stem, stem + "e"} & requests and present and any(
                ch.dep_ == "nsubj" and (pronoun_features(ch.text) or {}).get("person") == 1
                for ch in root.children):
            return False
    return True


#: Every filter a sentence of a direct quote passes to be a quote claim.
QUOTE_FILTERS: list[Callable[[Quoted], bool]] = [
    is_a_statement,
    is_in_english,
    is_not_interviewer_talk,
    is_not_a_request,
]
