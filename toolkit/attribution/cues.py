"""Cue words: which tokens report speech, belief, a finding or an intention.

All words come from lexicon files (:mod:`toolkit.lexicons`): ``cue_speech``,
``cue_belief``, ``cue_finding``, ``cue_intention`` (one class each, disjoint),
``cue_direct_only`` (speech verbs good only next to a direct quote),
``cue_mistagged_nouns`` and ``report_objects`` (verbs whose report is an object).
Adding a verb to a file changes extraction in quotes and claims alike.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> doc = load_pipeline()("Polls show that she said he believes it.")
>>> [(t.text, cue_class(t)) for t in doc if cue_class(t)]
[('show', 'finding'), ('said', 'speech'), ('believes', 'belief')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit import lexicons

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["CUE_CLASSES", "cue_class", "is_cue_verb", "is_direct_only", "is_mistagged_cue",
           "lemma", "phrasal_cue", "report_object_patterns"]

#: The classes of attribution cues, in the order they are looked up.
CUE_CLASSES = ("speech", "belief", "finding", "intention")
ALL_CLASSES = frozenset(CUE_CLASSES)


@lru_cache(maxsize=1)
def _class_of_word() -> dict[str, str]:
    table: dict[str, str] = {}
    for name in CUE_CLASSES:
        for word in lexicons.words(f"cue_{name}"):
            table.setdefault(word, name)
    return table


lexicons.on_reload(_class_of_word.cache_clear)


def lemma(tok: Token) -> str:
    """The token's lemma in lower case (its lower-case form when it has none)."""
    low = tok.lemma_.lower()
    return low if low else tok.lower_


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB")


def cue_class(tok: Token) -> str | None:
    """The cue class of a verb token (by lemma, else by form), None for non-cues and
    for the second half of a hyphenated word ("so-called" is not "called")."""
    if not _is_verb(tok) or (tok.i > 0 and tok.doc[tok.i - 1].tag_ == "HYPH"
                             and not tok.doc[tok.i - 1].whitespace_):
        return None
    table = _class_of_word()
    return table.get(lemma(tok)) or table.get(tok.lower_)


def is_cue_verb(tok: Token, classes: frozenset[str] | set[str] = ALL_CLASSES) -> bool:
    """Whether ``tok`` is a cue verb of one of ``classes``."""
    return cue_class(tok) in classes


def is_direct_only(tok: Token) -> bool:
    """Speech verbs that cue only a direct quote beside them ("continued", "laughed")."""
    return lemma(tok) in lexicons.words("cue_direct_only")


def is_mistagged_cue(tok: Token) -> bool:
    """A present-tense cue the tagger took for a noun ("notes", "says")."""
    return tok.lower_ in lexicons.words("cue_mistagged_nouns")


def report_object_patterns(tok: Token) -> list[str]:
    """The object patterns of a verb whose report can be its object (``report_objects``)."""
    return list(lexicons.table("report_objects").get(lemma(tok), []))


def phrasal_cue(tok: Token) -> tuple[int, int]:
    """Token range of a cue: the verb with its auxiliaries, negation and particle
    ("has said", "did not say", "pointed out")."""
    start = end = tok.i
    doc = tok.doc
    for child in tok.children:
        if child.dep_ == "prt" and child.i == end + 1:
            end = child.i
    while start - 1 >= 0 and doc[start - 1].dep_ in {"aux", "neg"} and doc[start - 1].head == tok:
        start -= 1
    return start, end + 1
