"""Which gold cues are verbs of saying: the ``speech`` tier of the attribution protocol
(:mod:`toolkit.evaluation.attribution`).

The verbs and phrases are the evaluation's own lexicons (``eval_saying_verbs.txt``,
``eval_saying_phrases.txt``), kept apart from the toolkit's cue lexicons so that a
change to what the toolkit extracts never changes what it is scored against.

Examples
--------
>>> is_speech_cue("went on to say"), is_speech_cue("believes")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from toolkit import lexicons

__all__ = ["SAYING_PHRASES", "SAYING_VERBS", "is_speech_cue", "saying_forms"]

#: Verbs of saying (lemmas): the protocol's list and peers, from the lexicon file
#: ``eval_saying_verbs.txt`` (its header says what is in and what is left out).
SAYING_VERBS: tuple[str, ...] = tuple(lexicons.entries("eval_saying_verbs"))

#: Multi-word cues of saying, matched on word boundaries (``eval_saying_phrases.txt``).
SAYING_PHRASES: tuple[str, ...] = tuple(lexicons.entries("eval_saying_phrases"))

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
}
# Verbs that double their final consonant (admit -> admitted).
_DOUBLING = frozenset({"admit", "quip", "brag", "rebut"})


def _inflect(verb: str) -> set[str]:
    """The base form, third person, past/participle and gerund of a verb."""
    if verb in _IRREGULAR:
        return {verb, *_IRREGULAR[verb]}
    if verb in _DOUBLING:
        return {verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    if verb.endswith("e"):
        return {verb, verb + "s", verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    return {verb, third, verb + "ed", verb + "ing"}


def saying_forms(verbs: Iterable[str] = SAYING_VERBS) -> frozenset[str]:
    """Every inflected form of the saying verbs.

    Examples
    --------
    >>> forms = saying_forms()
    >>> sorted(f for f in forms if f.startswith(("deni", "deny", "admit")))
    ['admit', 'admits', 'admitted', 'admitting', 'denied', 'denies', 'deny', 'denying']
    """
    return frozenset(form for verb in verbs for form in _inflect(verb))


_SAYING_FORMS = saying_forms()
_WORD = re.compile(r"[a-z]+")
_PHRASES = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in SAYING_PHRASES) + r")\b")


def is_speech_cue(cue: str | None) -> bool:
    """Whether a cue contains a verb (or phrase) of saying, in any inflection.

    Examples
    --------
    >>> [is_speech_cue(c) for c in ["said", "went on to say", "According to", "tweeted:"]]
    [True, True, True, True]
    >>> [is_speech_cue(c) for c in ["believes", "shows", ":", None]]
    [False, False, False, False]
    """
    if not cue:
        return False
    lowered = cue.lower().replace("’", "'")
    if any(word in _SAYING_FORMS for word in _WORD.findall(lowered)):
        return True
    return _PHRASES.search(" ".join(_WORD.findall(lowered))) is not None
