"""Object reports: the content of a reporting verb whose report is its object rather
than a clause ("called for a strike", "urged voters to stay home", "described the
talks as productive"), by the patterns the ``report_objects`` lexicon names for each
verb (:data:`OBJECT_PATTERNS`, tried in order).

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.records import ArticleEntities
>>> from toolkit.attribution.context import Context
>>> doc = load_pipeline()("The union called for a general strike.")
>>> ctx = Context(doc, ArticleEntities([], []))
>>> [(c.rule, doc[c.start:c.end].text) for c in object_report(doc[2], ctx)]
[('object_report', 'a general strike')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import is_cue_verb, lemma, report_object_patterns
from toolkit.attribution.speakers import misattached_agent

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context

__all__ = ["OBJECT_PATTERNS", "Content", "infinitive_claim", "object_report", "passive_report"]


@dataclass
class Content:
    """A token range [start, end) reported by a cue, and the rule that found it."""

    start: int
    end: int
    rule: str
    parenthetical: bool = False
    subject: bool = False  # the report's subject ("Ann Lee was hailed as …"): one word will do


@dataclass
class _Parts:
    dobj: Token | None
    comp: Token | None
    prep: Token | None  # the first preposition after the verb
    preps: list[Token]  # every preposition after the verb

    def prep_named(self, word: str) -> Token | None:
        return next((p for p in self.preps if p.lower_ == word), None)


def _for_on(verb: Token, p: _Parts) -> list[Token] | None:
    """ "called for X", "called on Y to Z": the preposition's object (and complement)."""
    if p.prep is not None and p.prep.lower_ in {"for", "on"} and (p.dobj is None
                                                                   or p.prep.i < p.dobj.i):
        return [p.prep] + ([p.comp] if p.comp is not None else [])
    return None


def _object_predicate(verb: Token, p: _Parts) -> list[Token] | None:
    """ "called the move a smash and grab": the object and its predicate."""
    return [p.dobj, p.comp] if p.dobj is not None and p.comp is not None else None


def _object_as(verb: Token, p: _Parts) -> list[Token] | None:
    """ "described the talks (as productive)"."""
    if p.dobj is None:
        return None
    if p.prep is not None and p.prep.lower_ == "as":
        return [p.dobj, p.prep]
    if p.prep is not None and p.prep.i == p.dobj.right_edge.i + 1 and _as_within(p.prep):
        return [p.dobj, p.prep]  # "described issues with the link as a cause": misattached
    return [p.dobj]


def _as_within(tok: Token) -> bool:
    """ "issues with the satellite receiving it as a cause", "the jet involved as a
    “cargo plane”": an "as" predicate inside ``tok``'s phrase, attached by the parser to
    a word of it (a participle) instead of the reporting verb."""
    return any(t.dep_ == "prep" and t.lower_ == "as" and t.i > tok.i
               and any(k.dep_ in {"pobj", "pcomp"} for k in t.children)
               for t in tok.subtree)


def _object(verb: Token, p: _Parts) -> list[Token] | None:
    """ "noted the allegations": a non-pronoun direct object."""
    return [p.dobj] if p.dobj is not None and p.dobj.pos_ != "PRON" else None


def _infinitive(verb: Token, p: _Parts) -> list[Token] | None:
    """ "urged voters to stay home", "promised to resign"; "instructs managers to notify
    the board" with the infinitive parsed as an adverbial clause right after the object."""
    if p.comp is not None and p.comp.dep_ == "xcomp" and p.comp.tag_ == "VB":
        return [p.dobj, p.comp] if p.dobj is not None else [p.comp]
    after = _infinitive_after_object(p)
    return [p.dobj, after] if after is not None else None


def _infinitive_after_object(p: _Parts) -> Token | None:
    """ "instructs managers to notify the board" parsed with the infinitive an adverbial clause:
    a to-infinitive opening right after the object is the directive's infinitive."""
    if p.dobj is None or p.comp is not None:
        return None
    return next((c for c in p.dobj.head.children if c.dep_ == "advcl" and c.tag_ == "VB"
                 and c.left_edge.i == p.dobj.right_edge.i + 1 and c.left_edge.lower_ == "to"),
                None)


def _object_noun(verb: Token, p: _Parts) -> list[Token] | None:
    """ "proposed a ceasefire": the object, pronouns included."""
    return [p.dobj] if p.dobj is not None else None


def _about_of(verb: Token, p: _Parts) -> list[Token] | None:
    """ "warned of a recession", "testified about the emails": the preposition's object."""
    if p.dobj is None and p.prep is not None and p.prep.lower_ in {"about", "of"}:
        pobj = next((c for c in p.prep.children if c.dep_ in {"pobj", "pcomp"}), None)
        if pobj is not None:
            return [pobj]
    return None


def _as_predicate(verb: Token, p: _Parts) -> list[Token] | None:
    """ "identified the suspect as X", "lists Saha as belonging to the Air Force": the
    object and its "as" predicate (without "as" the object alone is no report)."""
    if p.dobj is None:
        return None
    as_ = p.prep_named("as")
    if as_ is not None:
        return [p.dobj, as_]
    # "citing the move as a “grave abuse”": the parser hung "as" on the object.
    return [p.dobj] if _as_within(p.dobj) else None


def _object_of(verb: Token, p: _Parts) -> list[Token] | None:
    """ "accused the network of “swindling”": the object and what it is accused of."""
    if p.dobj is None:
        return None
    of = next((c for c in p.dobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:  # "of" attached to the verb
        of = next((c for c in p.preps if c.lower_ == "of" and c.i > p.dobj.i), None)
    return [p.dobj, of] if of is not None else None


def _to_gerund(verb: Token, p: _Parts) -> list[Token] | None:
    """ "confessed to killing his sister": the gerund after "to"."""
    to = p.prep_named("to")
    obj = next((c for c in to.children if c.dep_ in {"pcomp", "pobj"} and c.tag_ == "VBG"),
               None) if to is not None else None
    return [obj] if obj is not None else None


def _to_as(verb: Token, p: _Parts) -> list[Token] | None:
    """ "referred to the 707 as a “cargo plane”": the object of "to" and its "as"
    predicate."""
    to, as_ = p.prep_named("to"), p.prep_named("as")
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is not None and as_ is None and _as_within(obj):
        return [obj]  # "referred to the jet involved as a “cargo plane”": misattached
    return [obj, as_] if obj is not None and as_ is not None and as_.i > obj.i else None


def _gerund(verb: Token, p: _Parts) -> list[Token] | None:
    """ "announced leaving the venture", "denied taking the money": a gerund complement
    (no object before it) states what is announced or denied."""
    if p.dobj is None and p.comp is not None and p.comp.dep_ == "xcomp" \
            and p.comp.tag_ == "VBG":
        return [p.comp]
    return None


def _finding_object(verb: Token, p: _Parts) -> list[Token] | None:
    """ "the poll shows Sanders leading", "records show a donation": the object of a
    verb whose subject is a poll, data or a study (lexicon ``finding_sources``)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if p.dobj is None or subject is None \
            or lemma(subject) not in lexicons.words("finding_sources"):
        return None
    return [p.dobj]


#: The object patterns a verb may take (named in the ``report_objects`` lexicon).
OBJECT_PATTERNS: dict[str, Callable[[Token, _Parts], list[Token] | None]] = {
    "for_on": _for_on,
    "object_predicate": _object_predicate,
    "object_as": _object_as,
    "object": _object,
    "infinitive": _infinitive,
    "object_noun": _object_noun,
    "about_of": _about_of,
    "as_predicate": _as_predicate,
    "object_of": _object_of,
    "to_gerund": _to_gerund,
    "to_as": _to_as,
    "gerund": _gerund,
    "finding_object": _finding_object,
}


def object_report(verb: Token, ctx: Context) -> list[Content]:
    """Content of a reporting verb whose report is its object, by the verb's patterns
    in the ``report_objects`` lexicon (tried in order)."""
    patterns = report_object_patterns(verb)
    if not patterns:
        return []
    kids = list(verb.children)
    p = _Parts(next((c for c in kids if c.dep_ == "dobj" and c.i > verb.i), None),
               next((c for c in kids if c.dep_ in {"oprd", "xcomp", "acomp"} and c.i > verb.i),
                    None),
               next((c for c in kids if c.dep_ == "prep" and c.i > verb.i), None),
               [c for c in kids if c.dep_ == "prep" and c.i > verb.i])
    for name in patterns:
        pattern = OBJECT_PATTERNS.get(name)
        parts = pattern(verb, p) if pattern is not None else None
        if parts:
            break
    else:
        return []
    subject = next((c for c in kids if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if name == "infinitive" and p.dobj is None and subject is not None:
        # "Residents have been instructed to evacuate": the addressee and the infinitive.
        s0, e0 = subject.left_edge.i, subject.right_edge.i + 1
        return [Content(s0, e0, "object_report", parenthetical=True),
                Content(parts[0].left_edge.i, parts[0].right_edge.i + 1, "object_report",
                        parenthetical=True)]
    if name == "for_on":
        start = p.prep.i + 1  # type: ignore[union-attr]
    else:
        start = min(t.left_edge.i for t in parts)
    end = max(t.right_edge.i for t in parts) + 1
    doc = verb.doc
    for c in range(start + 1, end - 1):
        # A trailing appositive of the object is as likely a misparse (", Reuters
        # reports") as a description: leave it out.
        if doc[c].text == "," and doc[c + 1].dep_ == "appos" and doc[c + 1].right_edge.i + 1 >= end:
            end = c
            break
    return [Content(start, end, "object_report")] if end - start >= 2 else []


def infinitive_claim(verb: Token, ctx: Context) -> list[Content]:
    """``X claimed to have killed 300 soldiers``: for a verb of lexicon
    ``cue_infinitive_content`` with no object, its infinitival complement ("to have
    killed 300 soldiers") is what the subject asserts."""
    if lemma(verb) not in lexicons.words("cue_infinitive_content") or any(
            c.dep_ in {"dobj", "ccomp"} for c in verb.children):
        return []
    for comp in verb.children:
        if comp.dep_ == "xcomp" and comp.i > verb.i and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            s, e = comp.left_edge.i, min(comp.right_edge.i + 1, ctx.sent_bounds(verb.i)[1])
            while e > s and ctx.doc[e - 1].is_punct:
                e -= 1
            return [Content(s, e, "infinitive_claim")] if e - s >= 3 else []
    return []


def _predicating(verb: Token) -> bool:
    """A verb that gives its object a predicate ("called X Y", "hailed X as Y"): in the
    passive ("was hailed a hero") a noun after it is that predicate, parsed an object."""
    return bool({"object_predicate", "as_predicate"} & set(report_object_patterns(verb)))


def _passive_predicate(verb: Token) -> Token | None:
    """The predicate of a passive report: an "as" phrase ("was described as Y"), an
    object predicate ("was named Y by X") or a to-infinitive ("was reported to be Y")."""
    for c in verb.children:
        if c.i < verb.i:
            continue
        if c.dep_ == "prep" and c.lower_ == "as" and any(k.dep_ in {"pobj", "pcomp", "amod"}
                                                        for k in c.children):
            return c
        if c.dep_ == "oprd" or c.dep_ == "dobj" and _predicating(verb) or c.dep_ == "xcomp" and any(
                k.dep_ == "aux" and k.lower_ == "to" for k in c.children):
            return c
    return None


def passive_report(verb: Token, ctx: Context) -> list[Content]:
    """ "The mayor was described by aides as exhausted", "the driver was identified as
    Tom Park by a spokesman", "her condition was reported to be stable": a passive
    report (a verb of saying) with no clause of its own gives two fragments, its subject
    and its predicate (an "as" phrase, an object predicate or an infinitive), without the
    agent (the source). A "by X" closing the predicate without being its own agent
    ("declared to be an “emergency” by the agency") is the agent misattached and left out
    too."""
    if not is_cue_verb(verb, {"speech"}) or not any(c.dep_ == "auxpass" for c in verb.children) \
            or any(c.dep_ == "ccomp" or c.dep_ == "dobj" and not _predicating(verb)
                   for c in verb.children):
        return []
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    pred = _passive_predicate(verb)
    if subject is None or pred is None:
        return []
    doc = verb.doc
    s, e = pred.left_edge.i, min(pred.right_edge.i + 1, ctx.sent_bounds(verb.i)[1])
    by = misattached_agent(verb)
    if by is not None:
        e = min(e, by.i)
    while e > s and (doc[e - 1].is_punct and doc[e - 1].text not in "”\"»"
                     or doc[e - 1].is_space):
        e -= 1
    if e - s < 2 or not any(t.is_alpha for t in doc[s:e]):
        return []
    return [Content(subject.left_edge.i, subject.right_edge.i + 1, "passive_report",
                    parenthetical=True, subject=True),
            Content(s, e, "passive_report", parenthetical=True)]
