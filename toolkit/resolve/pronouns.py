"""Pronouns: a third-person pronoun -> the most salient compatible entity (rule ``pronoun``).

For one pronoun (he/him/his/himself, she/her/hers/herself, it/its/itself,
they/them/their/theirs/themselves) :class:`PronounResolver` gathers **candidates**:

- the entity mentions of its sentence before it and of the :data:`SENTENCES_BACK`
  sentences before (names, aliases, descriptions, pronouns resolved earlier);
- the subject of its sentence's main clause after it, when the pronoun sits in a
  phrase fronted before that subject ("In his speech, Park said ...": cataphora);
- noun phrases that name no entity ("the plan", "officials", "a teacher"), which
  compete as they would for a reader: when one of them wins, the pronoun is left
  unresolved rather than given to an entity it does not refer to.

Each candidate must pass every rule of :data:`AGREEMENT_RULES` (number, gender as the
text shows it, person vs. thing, binding: "Ann saw her" is not Ann). The survivors
are ranked by **salience**: a weighted sum of the features of :data:`FEATURES`
(recency, grammatical role, parallel role, how often and how early the entity was
mentioned, whether it spoke, quotation context), with the weights of the lexicon
``pronoun_salience`` (``bench/fit_pronoun_salience.py`` refits them offline). The best
candidate wins when its score reaches the lexicon's threshold for the pronoun's kind.
For he/she, the latest mention of each person mentioned within :data:`PRONOUN_WINDOW`
characters before the window is a candidate too (feature ``far``).

``exclude`` keeps one entity out: the quotes stage passes the speaker for a pronoun
inside their own quote.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()("Acme Corp hired Ann Lee. It said she would start in May.")
>>> ents = extract_entities(doc)
>>> [(m.text, ents.clusters[m.cluster].name) for m in ents.mentions
...  if m.resolution == "pronoun"]
[('It', 'Acme Corp'), ('she', 'Ann Lee')]
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.docs import noun_chunk_ranges, paragraph_of_tokens, sentence_of_tokens
from toolkit.names import first_name_gender, is_country_name
from toolkit.records import ArticleEntities, Cluster, MentionDraft
from toolkit.resolve.features import person_nouns, pronoun_features, third_person_pronouns
from toolkit.resolve.salience import (
    FEATURES,
    SENTENCES_BACK,
    name_gender_conflict,
    salience_weights,
)
from toolkit.resolve.syntax import (
    clause_controllers,
    clause_of,
    grammatical_role,
    is_pleonastic,
    is_speech_subject,
    phrase_root,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from toolkit.text import SpanIndex

__all__ = ["AGREEMENT_RULES", "FEATURES", "PRONOUN_WINDOW", "SENTENCES_BACK", "Candidate",
           "PronounResolver", "Reference", "is_pleonastic", "pronoun_kind",
           "sentence_of_tokens"]

RESOLVER_KEY = "toolkit_pronoun_resolver"  # where the entities stage keeps its resolver
PRONOUN_WINDOW = 2000  # characters a he/she looks back for a person outside the window
FRONTED_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod", "pcomp", "ccomp"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels a pronoun of each kind can refer to.
KIND_LABELS = {
    "person": frozenset({"PERSON"}),
    "thing": frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART",
                        "LAW"}),
    "group": frozenset({"ORG", "NORP", "GPE"}),
}


def pronoun_kind(word: str) -> str | None:
    """"person" for he/she and their forms, "thing" for it/its/itself, "group" for
    they/them/their/theirs/themselves, None for any other word.

    >>> pronoun_kind("His"), pronoun_kind("its"), pronoun_kind("them"), pronoun_kind("we")
    ('person', 'thing', 'group', None)
    """
    low = word.lower()
    if low not in third_person_pronouns():
        return None
    f = pronoun_features(low) or {}
    if f.get("gender"):
        return "person"
    return "group" if f.get("number") == "plural" else "thing"


@dataclass
class Reference:
    """The pronoun being resolved, with what the rules check about it."""

    tok: Token
    kind: str  # person | thing | group
    gender: str | None
    possessive: bool
    reflexive: bool
    sentence: int
    paragraph: int
    role: str
    clause: int  # token index of the verb of its clause
    quoted: bool
    controllers: tuple[int, ...] = ()  # the understood subjects of its clause


@dataclass
class Candidate:
    """A phrase a pronoun may refer to: an entity mention (``cluster`` set) or a noun
    phrase naming no entity (``cluster`` None)."""

    start: int
    tok_start: int
    tok_end: int
    root: int
    sentence: int
    paragraph: int
    role: str  # subject | object | possessor | modifier | other
    clause: int
    quoted: bool
    cluster: int | None
    label: str  # the cluster's label, "NOUN" for a noun phrase
    number: str | None  # singular | plural | None (either)
    person: bool | None  # a person (True), a thing (False), either (None)
    gender: str | None  # male | female for a gendered noun ("the mother") or pronoun
    speaker: bool  # the subject of a verb of saying
    pronoun: bool = False  # a pronoun resolved before
    kind: str | None = None  # a pronoun's kind (person, thing, group)
    far: bool = False  # the latest mention of a person outside the window


# --------------------------------------------------------------------------- agreement

def agrees_in_kind(ref: Reference, cand: Candidate, resolver: PronounResolver) -> bool:
    """he/she name persons, it names a thing (an organisation, a place, a product),
    they a group (an organisation, a nationality, a country's people) or plural nouns.
    A short name the model did not label a person may still be one for he/she ("Lee
    claims that she ..."): it passes, and feature ``not_person_label`` weighs it; a
    country's name does not, nor a place name the text uses as a place ("in Fort
    Lee"), nor a place name of two words ("Fort Lee" labelled a place)."""
    if cand.cluster is None:
        if ref.kind == "person":
            return cand.person is True
        if ref.kind == "thing":
            return cand.person is not True
        return True
    if cand.pronoun:
        return cand.kind == ref.kind
    if ref.kind == "person" and cand.label != "PERSON":
        return cand.label in KIND_LABELS["thing"] | {"NORP"} and \
            resolver.short_name(cand.cluster, one_word=cand.label in PLACE_LABELS) and \
            not is_country_name(resolver.clusters[cand.cluster].name) and \
            not resolver.used_as_place(cand.cluster)
    return cand.label in KIND_LABELS[ref.kind]


def agrees_in_number(ref: Reference, cand: Candidate, resolver: PronounResolver) -> bool:
    """it/he/she need a singular antecedent, they a plural one or an organisation."""
    if ref.kind == "group":
        return cand.number != "singular" or cand.label == "ORG"
    return cand.number != "plural"


def agrees_in_gender(ref: Reference, cand: Candidate, resolver: PronounResolver) -> bool:
    """A person's gender as the text gave it must match: a gendered title ("Mrs.",
    "the spokesman"), or the pronouns of earlier sentences once the article is read
    (the quotes stage). Within the first reading, the votes of pronouns resolved so far
    and a first-name hint only lower the score (features ``gender_conflict`` and
    ``name_gender_conflict``)."""
    if ref.gender is None:
        return True
    if cand.cluster is None or cand.pronoun:
        return cand.gender in {None, ref.gender}
    c = resolver.clusters[cand.cluster]
    if c.gender_source == "text" and c.gender not in {"unknown", ref.gender}:
        return False
    votes = resolver.gender_votes.get(cand.cluster)
    return not (votes and votes[ref.gender] == 0 and sum(votes.values()) >= 2)


def not_bound(ref: Reference, cand: Candidate, resolver: PronounResolver) -> bool:
    """Binding: a plain pronoun is not the subject of its own clause ("Ann saw her"),
    nor its understood subject ("Ann began to follow her", "Ann smiled and left her"),
    a reflexive is ("Ann blamed herself"); nothing is its own phrase."""
    if cand.tok_start <= ref.tok.i < cand.tok_end:
        return False
    same_clause = cand.clause == ref.clause and cand.sentence == ref.sentence
    if ref.reflexive:
        return same_clause and cand.start < ref.tok.idx
    if ref.possessive:
        return True
    if ref.role != "subject" and cand.sentence == ref.sentence and \
            cand.root in ref.controllers:
        return False
    return not (same_clause and cand.role == "subject" and ref.role != "subject")


AGREEMENT_RULES: list[Callable[[Reference, Candidate, PronounResolver], bool]] = [
    agrees_in_kind, agrees_in_number, agrees_in_gender, not_bound,
]




# --------------------------------------------------------------------------- resolver

class PronounResolver:
    """Rule pronoun: a third-person pronoun -> the most salient compatible entity.

    Built from an article's entity mentions (names, aliases, descriptions);
    :meth:`resolve` answers for one pronoun token and, with ``learn=True``, takes the
    resolved pronoun as a later candidate and its gender as evidence for the entity's.
    """

    def __init__(self, doc: Doc, clusters: list[Cluster], mentions: Iterable[MentionDraft],
                 quoted: SpanIndex, sentence_of: list[int] | None = None):
        self.doc = doc
        self.clusters = clusters
        self.quoted = quoted
        self.sentence_of = sentence_of if sentence_of is not None else sentence_of_tokens(doc)
        self.paragraph_of = paragraph_of_tokens(doc)
        self.gender_votes: dict[int, Counter] = defaultdict(Counter)
        self.by_sent: dict[int, list[Candidate]] = defaultdict(list)
        self.cluster_starts: dict[int, list[int]] = defaultdict(list)
        self.nearest: Candidate | None = None
        self.crossed: set[int] = set()
        self.topic: dict[str, int] = {}
        self.persons: list[Candidate] = []  # person mentions by start, for the last resort
        self.animate: set[int] = set()  # clusters the text shows to be persons
        self.places: set[int] = set()  # clusters the text uses as places ("in Lisbon")
        self._pending: dict[int, list[tuple[int, int]]] = {}
        covered: set[int] = set()
        for d in sorted(mentions, key=lambda d: d.start):
            if d.cluster < 0 or d.tok_end <= d.tok_start:
                continue
            self._read_use(d.tok_start, d.tok_end, d.cluster)
            cand = self._candidate(d.tok_start, d.tok_end, d.cluster,
                                   clusters[d.cluster].label)
            self._add(cand)
            covered.update(range(d.tok_start, d.tok_end))
            label = clusters[d.cluster].label
            for kind, labels in KIND_LABELS.items():
                if label in labels and d.resolution != "pronoun":
                    self.topic.setdefault(kind, d.cluster)
        # Noun phrases become candidates when a pronoun near them asks (most
        # sentences have none), and before anything else joins their sentence, so
        # the buckets' order is what building them all here would give.
        for start, end in self._noun_phrases(covered):
            self._pending.setdefault(self.sentence_of[start], []).append((start, end))

    @classmethod
    def for_entities(cls, doc: Doc, entities: ArticleEntities,
                     quoted: SpanIndex) -> PronounResolver:
        """A resolver over an article's finished entities (for the quotes stage): the
        entities stage's own, when it ran on this Doc for these clusters (it holds the
        same candidates, its pronouns included), else a new one."""
        kept = doc.user_data.get(RESOLVER_KEY)
        if kept is not None and kept.clusters is entities.clusters:
            return kept
        drafts = []
        for m in entities.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span):
                drafts.append(MentionDraft(m.start, m.end, span.start, span.end, m.text,
                                           m.label, m.resolution, m.cluster))
        return cls(doc, entities.clusters, drafts, quoted)

    # -- building

    def _noun_phrases(self, covered: set[int]) -> list[tuple[int, int]]:
        """Noun phrases headed by a common noun that name no entity: the competitors
        that leave a pronoun unresolved when they fit it best ("Acme hired a teacher.
        She ..." is not Acme). Token ranges, in text order."""
        doc = self.doc
        return [(s, e) for s, e in noun_chunk_ranges(doc)
                if not any(i in covered for i in range(s, e)) and doc[s:e].root.pos_ == "NOUN"]

    def _sentence_candidates(self, sentence: int) -> list[Candidate]:
        """The candidates of one sentence, its noun phrases built on first use."""
        pending = self._pending.pop(sentence, None) if self._pending else None
        for start, end in pending or ():
            self._add(self._candidate(start, end, None, "NOUN"))
        return self.by_sent.get(sentence, [])

    def _candidate(self, tok_start: int, tok_end: int, cluster: int | None,
                   label: str) -> Candidate:
        doc = self.doc
        root = doc[phrase_root(doc, tok_start, tok_end)]
        number: str | None = None
        person: bool | None = None
        gender: str | None = None
        if cluster is None:
            number = "plural" if root.tag_ in {"NNS", "NNPS"} else "singular"
            low = root.lemma_.lower()
            nouns = person_nouns()
            if low in nouns or root.lower_ in nouns:
                person, gender = True, nouns.get(low, nouns.get(root.lower_))
            else:
                person = False
        elif label == "NORP":
            number = "plural"
        elif label == "PERSON":
            number = "singular"
        elif label != "ORG":
            number = "plural" if root.tag_ == "NNPS" else "singular"
        return Candidate(
            start=doc[tok_start].idx, tok_start=tok_start, tok_end=tok_end, root=root.i,
            sentence=self.sentence_of[root.i], paragraph=self.paragraph_of[root.i],
            role=grammatical_role(root), clause=clause_of(root),
            quoted=self.quoted.contains(doc[tok_start].idx), cluster=cluster, label=label,
            number=number, person=person, gender=gender, speaker=is_speech_subject(root))

    def _read_use(self, tok_start: int, tok_end: int, cluster: int) -> None:
        """Note what a name's use shows: a person (the subject of a verb of
        ``animate_verbs``, or a "who" clause on it), or a place (the object of a
        preposition of ``place_prepositions``)."""
        root = self.doc[phrase_root(self.doc, tok_start, tok_end)]
        head = root.head
        if root.dep_ in {"nsubj", "nsubjpass"} and \
                head.lemma_.lower() in lexicons.words("animate_verbs"):
            self.animate.add(cluster)
        elif any(c.dep_ == "relcl" and any(g.lower_ in {"who", "whom", "whose"}
                                           for g in c.children) for c in root.children):
            self.animate.add(cluster)
        elif root.dep_ == "pobj" and head.lower_ in lexicons.words("place_prepositions"):
            self.places.add(cluster)

    def _add(self, cand: Candidate) -> None:
        if self._pending and cand.sentence in self._pending:
            self._sentence_candidates(cand.sentence)  # its noun phrases come first
        bucket = self.by_sent[cand.sentence]
        bisect.insort(bucket, cand, key=lambda c: c.start)
        if cand.cluster is not None:
            bisect.insort(self.cluster_starts[cand.cluster], cand.start)
            if cand.label == "PERSON":
                bisect.insort(self.persons, cand, key=lambda c: c.start)

    # -- what the rules read

    def gender_of(self, cluster: int) -> tuple[str, str | None]:
        """(gender, source) of a cluster so far: "text" (titles, resolved pronouns),
        "name" (a first-name hint), or ("unknown", None)."""
        c = self.clusters[cluster]
        if c.gender != "unknown" and c.gender_source == "text":
            return c.gender, "text"
        votes = self.gender_votes.get(cluster)
        if votes:
            return votes.most_common(1)[0][0], "text"
        if c.gender != "unknown":
            return c.gender, c.gender_source or "name"
        return "unknown", None

    def short_name(self, cluster: int, one_word: bool = False) -> bool:
        """A one- or two-word name (one word with ``one_word``, unless it starts with a
        known first name) without an organisation's designator ("Corp"): a person's
        name the model may have mislabelled."""
        words = self.clusters[cluster].name.lower().split()
        if one_word and len(words) > 1 and first_name_gender(words[0]) is None:
            return False
        return len(words) <= 2 and not set(words) & lexicons.words("org_designators")

    def used_as_place(self, cluster: int) -> bool:
        """A name the model did not label a person that the text uses as a place
        ("in Fort Lee") and never shows to be a person."""
        return cluster in self.places and cluster not in self.animate \
            and self.clusters[cluster].label != "PERSON"

    def mentions_before(self, cluster: int, offset: int) -> int:
        return bisect.bisect_left(self.cluster_starts.get(cluster, []), offset)

    def reference(self, tok: Token) -> Reference | None:
        """The pronoun as the rules see it, None for a word that is not one we resolve
        (and for an "it" that refers to nothing, :func:`is_pleonastic`)."""
        kind = pronoun_kind(tok.text)
        if kind is None or tok.pos_ not in {"PRON", "DET"} or is_pleonastic(tok):
            return None
        f = pronoun_features(tok.text) or {}
        return Reference(tok=tok, kind=kind, gender=f.get("gender"),
                         possessive=bool(f.get("possessive")) or tok.dep_ == "poss",
                         reflexive=bool(f.get("reflexive")),
                         sentence=self.sentence_of[tok.i], paragraph=self.paragraph_of[tok.i],
                         role=grammatical_role(tok), clause=clause_of(tok),
                         quoted=self.quoted.contains(tok.idx),
                         controllers=tuple(clause_controllers(self.doc[clause_of(tok)])))

    def candidates(self, ref: Reference, exclude: int | None = None) -> list[Candidate]:
        """The candidates that pass every agreement rule, nearest first; an entity
        one of whose mentions binds the pronoun (rule ``not_bound``) is out with all
        its mentions."""
        out: list[Candidate] = []
        bound: set[int | None] = set()
        for k in range(ref.sentence, max(-1, ref.sentence - SENTENCES_BACK - 1), -1):
            for cand in reversed(self._sentence_candidates(k)):
                if cand.tok_start <= ref.tok.i < cand.tok_end and cand.cluster is not None:
                    bound.add(cand.cluster)  # "his father": he is not his father
                    continue
                if cand.start >= ref.tok.idx and not self._cataphoric(ref, cand):
                    continue
                if exclude is not None and cand.cluster == exclude:
                    continue
                if all(rule(ref, cand, self) for rule in AGREEMENT_RULES):
                    out.append(cand)
                elif cand.cluster is not None and k == ref.sentence and \
                        not not_bound(ref, cand, self) and not ref.reflexive:
                    bound.add(cand.cluster)
        out = [c for c in out if c.cluster is None or c.cluster not in bound]
        before = [c for c in out if c.start < ref.tok.idx]
        after = [c for c in out if c.start > ref.tok.idx]
        if ref.kind == "person":
            before += self._far_persons(ref, exclude, {c.cluster for c in out} | bound)
        return before + after

    def _far_persons(self, ref: Reference, exclude: int | None,
                     seen: set[int | None]) -> list[Candidate]:
        """The latest mention of each person mentioned within :data:`PRONOUN_WINDOW`
        characters before the window but not in it."""
        out: list[Candidate] = []
        k = bisect.bisect_left(self.persons, ref.tok.idx, key=lambda c: c.start) - 1
        while k >= 0 and self.persons[k].start >= ref.tok.idx - PRONOUN_WINDOW:
            cand = self.persons[k]
            k -= 1
            if cand.cluster in seen or cand.cluster == exclude or \
                    cand.sentence >= ref.sentence - SENTENCES_BACK:
                continue
            seen.add(cand.cluster)
            if all(rule(ref, cand, self) for rule in AGREEMENT_RULES):
                out.append(Candidate(**{**cand.__dict__, "far": True}))
        return out

    def _cataphoric(self, ref: Reference, cand: Candidate) -> bool:
        """The main clause's subject after a pronoun in a phrase fronted before it
        ("In his speech, Park said")."""
        if cand.sentence != ref.sentence or cand.role != "subject" or ref.role == "subject":
            return False
        doc = self.doc
        root = doc[cand.root].head
        if root.dep_ != "ROOT" or cand.start < ref.tok.idx:
            return False
        tok = ref.tok
        while tok.head.i != tok.i and tok.head.i != root.i:
            tok = tok.head
        return tok.head.i == root.i and tok.dep_ in FRONTED_DEPS and tok.i < cand.root

    def features(self, ref: Reference, cand: Candidate) -> dict[str, float]:
        return {name: f(ref, cand, self) for name, f in FEATURES.items()}

    def score(self, ref: Reference, cand: Candidate) -> float:
        weights = salience_weights()[ref.kind]
        return sum(weights.get(name, 0.0) * f(ref, cand, self) for name, f in FEATURES.items())

    def rank(self, ref: Reference, exclude: int | None = None
             ) -> list[tuple[float, Candidate]]:
        """The compatible candidates with their scores, best first."""
        cands = self.candidates(ref, exclude)
        self.nearest = next((c for c in cands if c.start < ref.tok.idx), None)
        # Candidates with a compatible subject of another entity between them and the
        # pronoun (cands are nearest first).
        self.crossed = set()
        subjects: set[int | None] = set()
        for c in cands:
            if c.start > ref.tok.idx:
                continue
            if subjects - {c.cluster}:
                self.crossed.add(id(c))
            if c.role == "subject" and c.cluster is not None and \
                    not name_gender_conflict(ref, c, self):
                subjects.add(c.cluster)
        weights = salience_weights()[ref.kind]
        terms = [(w, f) for name, f in FEATURES.items() if (w := weights.get(name, 0.0))]
        scored = [(sum(w * f(ref, c, self) for w, f in terms), c) for c in cands]
        scored.sort(key=lambda sc: (-sc[0], -sc[1].start))
        return scored

    # -- answering

    def resolve(self, tok: Token, *, exclude: int | None = None,
                learn: bool = False) -> int | None:
        """The cluster of a third-person pronoun, or None (not a pronoun we resolve, no
        compatible entity, or a noun phrase that names no entity is the better fit)."""
        ref = self.reference(tok)
        if ref is None:
            return None
        ranked = self.rank(ref, exclude)
        if not ranked:
            return None
        best_score, chosen = ranked[0]
        if chosen.cluster is None or best_score < salience_weights()[ref.kind]["threshold"]:
            return None
        if learn:
            if ref.gender:
                self.gender_votes[chosen.cluster][ref.gender] += 1
            cand = self._candidate(tok.i, tok.i + 1, chosen.cluster, chosen.label)
            cand.pronoun, cand.kind, cand.gender = True, ref.kind, ref.gender
            self._add(cand)
        return chosen.cluster

    def settle_genders(self) -> None:
        """Give each person the gender its resolved pronouns show, unless a title gave
        one (source "text")."""
        for idx, votes in self.gender_votes.items():
            c = self.clusters[idx]
            if votes and c.gender_source != "text":
                c.gender = votes.most_common(1)[0][0]
                c.gender_source = "text"
