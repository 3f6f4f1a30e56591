"""The syntax the pronoun resolver reads: a phrase's root and grammatical role, its
clause, whether it is the subject of a speech verb, and pleonastic
"it" ("it is clear that ...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit import lexicons

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["MODIFIER_DEPS", "OBJECT_DEPS", "SUBJECT_DEPS", "clause_of", "grammatical_role",
           "is_pleonastic", "is_speech_subject", "phrase_root"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
OBJECT_DEPS = frozenset({"dobj", "iobj", "dative", "attr", "oprd"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})


def phrase_root(doc: Doc, start: int, end: int) -> int:
    for i in range(start, end):
        if not start <= doc[i].head.i < end or doc[i].head.i == i:
            return i
    return end - 1


def grammatical_role(tok: Token) -> str:
    dep = tok.dep_
    while dep in {"conj", "appos", "flat"} and tok.head.i != tok.i:
        tok = tok.head
        dep = tok.dep_
    if dep in SUBJECT_DEPS:
        return "subject"
    if dep in OBJECT_DEPS:
        return "object"
    if dep == "poss":
        return "possessor"
    if dep in MODIFIER_DEPS:
        return "modifier"
    return "other"


def clause_of(tok: Token) -> int:
    """The verb heading the token's clause (the root when there is none)."""
    seen = 0
    while tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i and seen < 50:
        tok = tok.head
        seen += 1
    return tok.i


def is_speech_subject(tok: Token) -> bool:
    verb = tok.head
    return grammatical_role(tok) == "subject" and verb.lemma_.lower() in lexicons.words(
        "cue_speech")


def is_pleonastic(tok: Token) -> bool:
    """An "it" that stands for nothing: an expletive ("it rains"), or the subject of a
    clause whose real subject is a clause after it ("it is clear that ...", "it was
    announced that ...", "it takes years to ...").

    >>> from toolkit.nlp import load_pipeline
    >>> doc = load_pipeline()("It is clear that Acme will grow. It said so.")
    >>> is_pleonastic(doc[0]), is_pleonastic(doc[8])
    (True, False)
    """
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    if tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = tok.head
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp", "csubj"} and c.i > tok.i]
    if not clauses:
        return False
    return tok.dep_ == "nsubjpass" or verb.lemma_.lower() in lexicons.words(
        "pleonastic_verbs") or any(c.dep_ in {"acomp", "attr"} for c in verb.children)
