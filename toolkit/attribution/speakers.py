"""Who is the source of a cue verb: ordered speaker rules, one signature each.

:data:`SUBJECT_RULES` find the grammatical source of a verb (tried in order, the
first answer wins); :data:`SPEAKER_RULES` add the fallbacks for misparsed
attributions; :data:`SPEAKER_REFINEMENTS` then adjust the head that was found. Each
rule is a small named function ``rule(verb, ctx) -> Token | None`` (a refinement
takes and returns the head), so a rule is added, removed or reordered in one list.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.records import ArticleEntities
>>> from toolkit.attribution.context import Context
>>> doc = load_pipeline()("The plan, the mayor said on Monday, would fail.")
>>> ctx = Context(doc, ArticleEntities([], []))
>>> said = [t for t in doc if t.text == "said"][0]
>>> source = find_source(said, ctx)
>>> doc[source.start:source.end].text, source.rule
('the mayor', 'grammatical_subject')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import ALL_CLASSES, is_cue_verb, lemma

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context

__all__ = ["SPEAKER_REFINEMENTS", "SPEAKER_RULES", "SUBJECT_RULES", "Source", "find_source",
           "noun_phrase", "subject_of"]

# Modifiers kept in a speaker's noun phrase ("the Russian leader", "Kremlin
# spokesperson Dmitry Peskov", "Trump's campaign manager").
NP_DEPS = frozenset({"compound", "det", "amod", "poss", "nmod", "nummod", "case", "flat",
                     "quantmod", "predet", "advmod", "punct"})
# Clause relations through which a verb inherits the subject of the verb it hangs on.
INHERITING_DEPS = frozenset({"advcl", "conj", "xcomp", "acl", "ccomp", "pcomp", "parataxis"})
SPEECH = frozenset({"speech"})
_MAX_DEPTH = 6


@dataclass
class Source:
    """The source phrase of a cue: token range, head, the rule that found it, and
    for a relative pronoun ("Putin, who said") the token range of its antecedent."""

    start: int
    end: int
    head: int
    rule: str
    antecedent: tuple[int, int] | None = None


def noun_phrase(head: Token) -> tuple[int, int]:
    """The noun phrase of a subject head: its left modifiers, without appositions,
    relative clauses or prepositional tails ("Putin, 72," -> "Putin")."""
    start = head.i
    for left in reversed(list(head.lefts)):
        if left.dep_ in NP_DEPS and left.text not in {",", "(", "“", '"', "—", "–"}:
            start = min(start, left.left_edge.i)
        else:
            break
    end = head.i + 1
    for right in head.rights:
        if right.dep_ in {"flat", "compound"} and right.i == end:
            end = right.i + 1
        else:
            break
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


# --------------------------------------------------------------------------- subject rules

def checked_with(verb: Token, ctx: Context, depth: int) -> Token | None:
    """ "The paper confirmed with the agency that ...": what a verb of checking
    (lexicon ``cue_checked_with``) reports is the "with" object's; the subject only
    checked it ("confirmed with a statement" is the subject's)."""
    if lemma(verb) not in lexicons.words("cue_checked_with"):
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in {"PROPN", "NOUN"} and not ctx.in_quote(pobj.i) \
                    and pobj.lemma_.lower() not in lexicons.words("document_nouns"):
                return pobj  # not "confirmed with a statement": the means
    return None


def nearest_subject(verb: Token, ctx: Context, depth: int) -> Token | None:
    """The verb's own subject outside quotation marks; several (a misparsed
    appositive): the one nearest the verb."""
    subjects = sorted((c for c in verb.children if c.dep_ == "nsubj" and not ctx.in_quote(c.i)),
                      key=lambda c: abs(c.i - verb.i))
    return subjects[0] if subjects else None


def contracted_passive(verb: Token, ctx: Context, depth: int) -> Token | None:
    """ "He's said ..." misparsed as a passive: its passive subject."""
    if any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children):
        return next((c for c in verb.children
                     if c.dep_ == "nsubjpass" and not ctx.in_quote(c.i)), None)
    return None


def quoted_as(verb: Token, ctx: Context, depth: int) -> Token | None:
    """ "X is quoted as saying", "X, asked about it, said": the passive subject of
    quote/ask/cite above the cue."""
    if depth > 0 and lemma(verb) in {"quote", "ask", "cite"}:
        return next((c for c in verb.children if c.dep_ == "nsubjpass"
                     and not ctx.in_quote(c.i) and c.lower_ != "it"), None)
    return None


def misattached_agent(verb: Token) -> Token | None:
    """ "The outbreak was declared to be an “emergency” by the agency": the "by" that closes the
    infinitive predicate of a passive verb without an agent of its own, parsed as a
    modifier of the predicate's noun; it names the source."""
    if not any(c.dep_ == "auxpass" for c in verb.children) \
            or any(c.dep_ == "agent" for c in verb.children):
        return None
    pred = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if pred is None:
        return None
    last = pred.right_edge.i
    while last > pred.i and (verb.doc[last].is_punct or verb.doc[last].is_space):
        last -= 1
    return next((t for t in pred.subtree if t.lower_ == "by" and t.dep_ == "prep"
                 and t.head.pos_ in {"NOUN", "ADJ", "PROPN"} and t.right_edge.i >= last
                 and t.i > pred.i + 1), None)


def passive_agent(verb: Token, ctx: Context, depth: int) -> Token | None:
    """ "it was announced by the ministry": the agent (also one the parser attached to
    the predicate, :func:`misattached_agent`)."""
    by = misattached_agent(verb)
    agents = [c for c in verb.children if c.dep_ == "agent"] + ([by] if by is not None else [])
    for child in agents:
        for pobj in child.children:
            if pobj.dep_ == "pobj" and not ctx.in_quote(pobj.i):
                return pobj
    return None


def _climb_to_reporting_verb(verb: Token, head: Token) -> Token:
    """For a participle attached inside someone's content ("X said Clinton will have
    to choose, saying ..."), the reporting verb whose complement it sits in."""
    anc = head
    for _ in range(4):
        if anc.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or anc.head.i == anc.i:
            break
        parent = anc.head
        if anc.dep_ == "ccomp" and is_cue_verb(parent, SPEECH):
            return parent
        anc = parent
    return head


def governing_clause(verb: Token, ctx: Context, depth: int) -> Token | None:
    """A participle, conjunct or infinitive takes the subject of the clause it hangs
    on ("..., adding that ...", "he noted that X, remarking ...")."""
    if verb.dep_ not in INHERITING_DEPS or verb.head.i == verb.i:
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
        head = head.head  # "…, before adding that …" / "by saying …"
    if verb.dep_ == "ccomp" and is_cue_verb(head, ALL_CLASSES):
        return None  # the content of someone else's statement
    # A participle on the content clause of a reporting verb belongs to that verb.
    while head.dep_ == "ccomp" and is_cue_verb(head.head, ALL_CLASSES) \
            and head.head.i != head.i:
        head = head.head
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not is_cue_verb(head, ALL_CLASSES):
        head = _climb_to_reporting_verb(verb, head)
    if verb.dep_ in {"ccomp", "acl"} and verb.tag_ not in {"VBG", "VBN"}:
        return None
    return subject_of(head, ctx, depth + 1)


#: The grammatical source of a verb, tried in order.
SUBJECT_RULES: list[Callable[[Token, Context, int], Token | None]] = [
    checked_with,
    nearest_subject,
    contracted_passive,
    quoted_as,
    passive_agent,
    governing_clause,
]


def subject_of(verb: Token, ctx: Context, depth: int = 0) -> Token | None:
    """The speaker head of a cue verb by :data:`SUBJECT_RULES`."""
    if depth > _MAX_DEPTH:
        return None
    for rule in SUBJECT_RULES:
        found = rule(verb, ctx, depth)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- speaker rules

def grammatical_subject(verb: Token, ctx: Context) -> Token | None:
    """The verb's subject by the subject rules."""
    return subject_of(verb, ctx)


def _name_like(t: Token) -> bool:
    return t.pos_ == "PROPN" or (t.is_title and t.is_alpha and not t.is_stop)


def inverted_subject(verb: Token, ctx: Context) -> Token | None:
    """``“…,” said Skelly`` misparsed (the name as a modifier of "said"): a name right
    after a reporting verb that follows a closing quotation mark."""
    doc = ctx.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].is_space) and not ctx.in_quote(j):
        j -= 1
    if j < 0 or not ctx.in_quote(j):
        return None
    k = verb.i + 1
    if k < len(doc) and _name_like(doc[k]) and not ctx.in_quote(k):
        while k + 1 < len(doc) and _name_like(doc[k + 1]):
            k += 1
        return doc[k]
    return None


def name_as_modifier(verb: Token, ctx: Context) -> Token | None:
    """ "Skelly called X" with the name misparsed as a modifier of the verb."""
    doc = ctx.doc
    j = verb.i - 1
    while j >= 0 and doc[j].tag_ == "RB" and doc[j].is_lower:
        j -= 1
    if j >= 0 and doc[j].head == verb and not ctx.in_quote(j) and not doc[j].is_stop \
            and (doc[j].pos_ == "PROPN" or (doc[j].is_title and doc[j].is_alpha)):
        return doc[j]
    return None


def name_before_noun_cue(verb: Token, ctx: Context) -> Token | None:
    """ "Conway notes" with "notes" tagged a noun: the name right before it."""
    doc = ctx.doc
    if verb.pos_ not in {"VERB", "AUX"} and verb.i > 0 \
            and doc[verb.i - 1].pos_ in {"PROPN", "PRON"} and not ctx.in_quote(verb.i - 1):
        return doc[verb.i - 1]
    return None


#: The source of a cue verb, tried in order (the first answer wins).
SPEAKER_RULES: list[Callable[[Token, Context], Token | None]] = [
    grammatical_subject,
    inverted_subject,
    name_as_modifier,
    name_before_noun_cue,
]


def appositive_name(head: Token, ctx: Context) -> Token:
    """ "One pastor, Darran Whiting, said": the appositive name is the mention."""
    if head.pos_ == "NOUN":
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON" and child.i > head.i:
                return child
    return head


#: Adjustments of the head a speaker rule found, applied in order.
SPEAKER_REFINEMENTS: list[Callable[[Token, Context], Token]] = [appositive_name]


def find_source(verb: Token, ctx: Context) -> Source | None:
    """The source phrase of a cue verb, or None when no rule finds one."""
    for rule in SPEAKER_RULES:
        head = rule(verb, ctx)
        if head is not None:
            break
    else:
        return None
    for refine in SPEAKER_REFINEMENTS:
        head = refine(head, ctx)
    start, end = noun_phrase(head)
    source = Source(start, end, head.i, rule.__name__)
    if head.lower_ in lexicons.words("relative_pronouns") and head.head.dep_ == "relcl" \
            and head.head.head.i != head.head.i:
        source.antecedent = noun_phrase(head.head.head)  # "Putin, who said ..."
    return source
