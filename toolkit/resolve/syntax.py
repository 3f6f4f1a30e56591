"""The syntax the pronoun resolver reads: a phrase's root and grammatical role, its
clause, whether it is the subject of a speech verb, and pleonastic
"it" ("it is clear that ...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit import lexicons

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["MODIFIER_DEPS", "OBJECT_DEPS", "SUBJECT_DEPS", "clause_controllers", "clause_of",
           "grammatical_role",
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


def clause_controllers(verb: Token) -> list[int]:
    """The tokens that are the understood subject of a clause without its own: through
    a conjoined verb ("Lee bandaged Vos and left him": Lee leaves) and an open
    complement ("Lee began to follow him": Lee follows; "Lee asked Vos to join him":
    Vos joins). A plain object pronoun of the clause is none of them.

    >>> from toolkit.nlp import load_pipeline
    >>> doc = load_pipeline()("Tom Park began to follow him.")
    >>> [doc[i].text for i in clause_controllers(doc[4])]
    ['Park']
    """
    out: list[int] = []
    seen = 0
    while seen < 10:
        seen += 1
        subjects = [c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            out.extend(subjects)
            break
        if verb.dep_ == "xcomp" and verb.head.i != verb.i:
            objects = [c.i for c in verb.head.children if c.dep_ in {"dobj", "dative"}]
            if objects:
                out.extend(objects)
                break
            verb = verb.head
        elif verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
            verb = verb.head
        else:
            break
    return out


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
