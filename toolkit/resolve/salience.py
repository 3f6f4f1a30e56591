"""Salience: the features a pronoun's candidates are ranked by, and their weights.

Each feature is ``feature(ref, candidate, resolver) -> float``; :data:`FEATURES` names
them, and the ``pronoun_salience`` lexicon gives their weights per pronoun kind (and
the threshold a winner must reach), refitted offline by
``bench/fit_pronoun_salience.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.names import first_name_gender
from toolkit.resolve.syntax import grammatical_role, is_speech_subject

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.resolve.pronouns import Candidate, PronounResolver, Reference

__all__ = ["FEATURES", "SENTENCES_BACK", "name_gender_conflict", "salience_weights"]

SENTENCES_BACK = 3  # sentences before the pronoun's own that hold its candidates

def _distance(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """Sentences between the candidate and the pronoun (0: the same sentence), at most
    one more than the window."""
    return float(min(SENTENCES_BACK + 1, max(0, ref.sentence - cand.sentence)))


def _same_sentence(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    return float(cand.sentence == ref.sentence and cand.start < ref.tok.idx)


def _subject(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    return float(cand.role == "subject")


def _object(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    return float(cand.role == "object")


def _modifier(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """A name used as a modifier ("U.S. officials", "the Acme board")."""
    return float(cand.role in {"modifier", "possessor"})


def _parallel(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The same grammatical role as the pronoun (subject for subject ...)."""
    return float(cand.role == ref.role and cand.role in {"subject", "object", "possessor"})


def _subject_of_own_clause(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """A possessive's clause subject: "Holt made his debut"."""
    return float(ref.possessive and cand.role == "subject" and cand.clause == ref.clause
                 and cand.sentence == ref.sentence)


def _nearest(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The nearest compatible candidate before the pronoun."""
    return float(r.nearest is cand)


def _frequency(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """How often the entity was mentioned before (log)."""
    if cand.cluster is None:
        return 0.0
    return math.log1p(r.mentions_before(cand.cluster, ref.tok.idx))


def _topic(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The first entity of the pronoun's kind the article mentions."""
    return float(cand.cluster is not None and r.topic.get(ref.kind) == cand.cluster)


def _speaker(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The subject of a verb of saying."""
    return float(cand.speaker)


def _organisation_speaks(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """"it said" / "they announced": an organisation or a country speaks."""
    return float(cand.label in {"ORG", "GPE"} and is_speech_subject(ref.tok))


def _speaker_continues(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """"he said" goes on with the last speaker, unless another compatible subject
    stands between them."""
    return float(cand.speaker and is_speech_subject(ref.tok) and id(cand) not in r.crossed)


def _quote_mismatch(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """One inside quotation marks, the other outside."""
    return float(cand.quoted != ref.quoted)


def _cataphora(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    return float(cand.start > ref.tok.idx)


def _new_paragraph(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    return float(cand.paragraph != ref.paragraph)


def _noun(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """A noun phrase naming no entity (a winner leaves the pronoun unresolved)."""
    return float(cand.cluster is None)


def _gender_confirmed(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The text already gave the person this gender."""
    if ref.gender is None or cand.cluster is None:
        return 0.0
    gender, source = r.gender_of(cand.cluster)
    return float(source == "text" and gender == ref.gender)


def _gender_conflict(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The pronouns resolved to the person so far mostly had the other gender."""
    if ref.gender is None or cand.cluster is None or not r.gender_votes.get(cand.cluster):
        return 0.0
    return float(r.gender_votes[cand.cluster].most_common(1)[0][0] != ref.gender)


def _not_person_label(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """A he/she candidate the model labelled other than PERSON, no he/she was resolved
    to it yet, and its name does not start with a known first name."""
    return float(ref.kind == "person" and cand.cluster is not None and cand.label != "PERSON"
                 and not r.gender_votes.get(cand.cluster)
                 and first_name_gender((r.clusters[cand.cluster].name.split() or [""])[0]) is None)


def _far(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """A person last mentioned before the window of :data:`SENTENCES_BACK` sentences."""
    return float(cand.far)


def _possessor_of_subject(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """The possessor of a subject ("Lee's film won ...")."""
    tok = r.doc[cand.root]
    return float(cand.role == "possessor" and grammatical_role(tok.head) == "subject")


def name_gender_conflict(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    """Only a first-name hint, and it says the other gender."""
    if ref.gender is None or cand.cluster is None:
        return 0.0
    gender, source = r.gender_of(cand.cluster)
    return float(source == "name" and gender != ref.gender)


def _place(ref: Reference, cand: Candidate, r: PronounResolver) -> float:
    return float(cand.label in {"GPE", "LOC", "FAC"})


#: Salience features, by name (the keys of the ``pronoun_salience`` weights).
FEATURES: dict[str, Callable[[Reference, Candidate, PronounResolver], float]] = {
    "distance": _distance,
    "same_sentence": _same_sentence,
    "subject": _subject,
    "object": _object,
    "modifier": _modifier,
    "parallel": _parallel,
    "subject_of_own_clause": _subject_of_own_clause,
    "nearest": _nearest,
    "frequency": _frequency,
    "topic": _topic,
    "speaker": _speaker,
    "speaker_continues": _speaker_continues,
    "organisation_speaks": _organisation_speaks,
    "quote_mismatch": _quote_mismatch,
    "cataphora": _cataphora,
    "new_paragraph": _new_paragraph,
    "noun": _noun,
    "gender_confirmed": _gender_confirmed,
    "gender_conflict": _gender_conflict,
    "name_gender_conflict": name_gender_conflict,
    "not_person_label": _not_person_label,
    "possessor_of_subject": _possessor_of_subject,
    "far": _far,
    "place": _place,
}


@lru_cache(maxsize=1)
def salience_weights() -> dict[str, dict[str, float]]:
    """Per pronoun kind: feature weights and the ``threshold`` a winner must reach."""
    return {kind: {k: float(v) for k, v in w.items()}
            for kind, w in lexicons.table("pronoun_salience").items()}


lexicons.on_reload(salience_weights.cache_clear)
