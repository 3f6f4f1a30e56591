"""The one resolver: which entity does this mention, pronoun or description refer to?

Every stage asks here: the entities stage for descriptions and pronouns, the quotes
stage for speakers, targets and pronouns inside quotation marks, the claims stage for
claimants and targets. Each rule is a small named function; its words come from
:mod:`toolkit.lexicons`.

Rules
-----
``mention``  (:meth:`EntityIndex.at`)
    A span is the entity of the mention that overlaps it most, a person before a
    place or organisation inside the same phrase ("United States President Donald
    Trump" is Trump).
``source``  (:func:`resolve_source`)
    The source of an attribution (a speaker or claimant phrase): the mention of its
    noun phrase, else of an appositive name ("One pastor, Darran Whiting"), else of a
    relative pronoun's antecedent ("Putin, who said"). First-person pronouns name
    nobody outside a quote.
``description``  (:func:`description_mentions`)
    "the Russian leader" is the person the article introduced in a compatible role
    ("Russia's President, Vladimir Putin"); a nationality, "former" or "incoming" must
    not contradict the introduction; the best fit wins, then the latest mentioned.
``pronoun``  (:class:`PronounResolver`)
    he/him/his/she/her/hers (and reflexives) -> the most salient compatible person:
    a subject before it in its sentence, else the subject of one of the three
    sentences before, else the latest person there, else the nearest compatible
    person before it (within :data:`PRONOUN_WINDOW` characters). ``exclude`` keeps
    a cluster out (the speaker, for a pronoun inside their own quote). Gender must
    not conflict with the cluster's (as the text gave it so far).
``about``  (:func:`about_clusters`)
    The clusters mentioned in a span, other than the excluded ones; a name nested in
    a longer mention is part of it; a nationality folds into the article's country
    of that nationality ("Ukrainian" -> Ukraine).

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()("Ann Lee met Tom Park. She said he was late.")
>>> ents = extract_entities(doc)
>>> index = EntityIndex(ents)
>>> ents.name_of(index.at(21, 24))
'Ann Lee'
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.names import demonym
from toolkit.records import ArticleEntities, Cluster, Mention, MentionDraft

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from toolkit.text import SpanIndex

__all__ = [
    "PRONOUN_WINDOW",
    "EntityIndex",
    "PronounResolver",
    "about_clusters",
    "description_mentions",
    "is_unresolved_source",
    "nationality_to_place",
    "pronoun_features",
    "resolve_source",
    "role_words",
    "sentence_of_tokens",
]

PRONOUN_WINDOW = 2000  # characters a pronoun looks back for its last-resort antecedent
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


# --------------------------------------------------------------------------- lexicons

def pronoun_features(word: str) -> dict | None:
    """The features of a personal pronoun (``pronouns`` lexicon), None for other words.

    >>> pronoun_features("Her")["gender"], pronoun_features("they")["number"]
    ('female', 'plural')
    >>> pronoun_features("Putin") is None
    True
    """
    return lexicons.table("pronouns").get(word.lower())


@lru_cache(maxsize=None)
def _pronouns_where(**wanted: object) -> frozenset[str]:
    return frozenset(w for w, f in lexicons.table("pronouns").items()
                     if all(f.get(k) == v for k, v in wanted.items()))


lexicons.on_reload(_pronouns_where.cache_clear)


@lru_cache(maxsize=1)
def gendered_pronouns() -> dict[str, str]:
    """he/him/his/himself -> "male", she/her/hers/herself -> "female"."""
    return {w: str(f["gender"]) for w, f in lexicons.table("pronouns").items() if f["gender"]}


lexicons.on_reload(gendered_pronouns.cache_clear)


def first_person() -> frozenset[str]:
    """I, me, my, we, us, our and their forms."""
    return _pronouns_where(person=1)


def is_unresolved_source(text: str | None) -> bool:
    """Whether a source phrase names nobody when it stays unresolved ("they", "who").

    >>> is_unresolved_source("They"), is_unresolved_source("officials")
    (True, False)
    """
    return bool(text) and text.strip().lower() in lexicons.words("unresolved_sources")


# --------------------------------------------------------------------------- mentions

class EntityIndex:
    """An article's mentions sorted by start, for range queries in O(log n)."""

    def __init__(self, entities: ArticleEntities):
        self.entities = entities
        self.mentions = sorted(entities.mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]

    def at(self, start: int, end: int) -> int | None:
        """Rule mention: the cluster of the mention overlapping [start, end) most, a
        person before anything else."""
        mention = self.mention_at(start, end)
        return None if mention is None else mention.cluster

    def mention_at(self, start: int, end: int) -> Mention | None:
        i = bisect.bisect_left(self.starts, end)
        best: Mention | None = None
        best_key = (False, 0)
        # Mentions are short: only a few before ``end`` can overlap it.
        for m in self.mentions[max(0, i - 8) : i]:
            overlap = min(m.end, end) - max(m.start, start)
            key = (m.label == "PERSON", overlap)
            if overlap > 0 and key > best_key:
                best, best_key = m, key
        return best

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions lying inside [start, end), in text order."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]


def resolve_source(index: EntityIndex, head: Token, span: tuple[int, int],
                   antecedent: tuple[int, int] | None = None) -> int | None:
    """Rule source: the cluster a speaker or claimant phrase refers to.

    ``span`` is the phrase's character range, ``head`` its head token, and
    ``antecedent`` the character range of a relative pronoun's antecedent.
    """
    if head.lower_ in first_person():
        return None  # "I said" outside a quote: the interviewer, a narrator
    start, end = antecedent if antecedent is not None else span
    cluster = index.at(start, end)
    if cluster is not None:
        return cluster
    for child in head.children:
        # "One pastor, Darran Whiting, said": the appositive name.
        if child.dep_ == "appos" and child.i > head.i:
            cluster = index.at(child.idx, child.idx + len(child.text))
            if cluster is not None:
                return cluster
    return None


def nationality_to_place(entities: ArticleEntities, clusters: Iterable[int]) -> list[int]:
    """Clusters with a nationality ("Ukrainian") folded into the article's place of that
    nationality ("Ukraine"), so one country is one target; others are kept, once each."""
    places = {demonym(c.name): c.index for c in entities.clusters if c.label == "GPE"}
    out: list[int] = []
    for c in clusters:
        cluster = entities.clusters[c]
        if cluster.label == "NORP":
            c = places.get(cluster.name.lower(), c)
        if c not in out:
            out.append(c)
    return out


def about_clusters(index: EntityIndex, start: int, end: int,
                   exclude: Iterable[int | None] = ()) -> list[int]:
    """Rule about: the clusters mentioned in [start, end), in order, without the
    excluded ones; nested names belong to their longer mention."""
    excluded = {c for c in exclude if c is not None}
    inside = index.within(start, end)
    found: list[int] = []
    for k, m in enumerate(inside):
        # A name nested in a longer mention ("Republican" in "the Republican
        # president-elect") is part of that mention, not a target of its own.
        if any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
               for o in inside[max(0, k - 3) : k]):
            continue
        if m.cluster not in excluded and m.cluster not in found:
            found.append(m.cluster)
    return [c for c in nationality_to_place(index.entities, found) if c not in excluded]


# --------------------------------------------------------------------------- descriptions

def role_words(tokens: Iterable[Token]) -> list[str]:
    """Role words and modifiers of a title phrase: "Russia's President" ->
    ['russian', 'president']."""
    roles = lexicons.words("role_nouns")
    modifiers = lexicons.words("role_incoming") | lexicons.words("role_former")
    words: list[str] = []
    for tok in tokens:
        low = tok.lower_
        if tok.ent_type_ in {"GPE", "ORG", "NORP"} and tok.tag_ != "POS":
            words.append(demonym(tok.text) if tok.ent_type_ != "NORP" else low)
        elif low in roles or low in modifiers:
            words.append(low)
        elif tok.pos_ == "ADJ" and low != "the":
            words.append(low)
    if "president elect" in " ".join(words):  # "president - elect" as separate tokens
        words.append("president-elect")
    return words


def _description_words(np: list[Token]) -> tuple[str, list[str]]:
    head = np[-1].lower_
    mods = role_words(np[:-1])
    if head == "elect" and len(np) >= 3 and np[-3].lower_ == "president":
        head = "president-elect"
        mods = [m for m in mods if m not in {"president", "president-elect"}]
    return head, mods


def _is_affiliation(word: str) -> bool:
    """A nationality or party-like modifier ("russian", "kremlin", "republican")."""
    if word in lexicons.words("role_nouns") or word in lexicons.words("role_incoming") \
            or word in lexicons.words("role_former"):
        return False
    return word.endswith(("n", "ese", "i", "sh", "ch")) or word in lexicons.table(
        "demonyms").values()


def role_fit(head: str, mods: Sequence[str], cluster: Cluster) -> int:
    """How well a description fits a person's introduced roles: 0 no, 1 fits but the
    person's affiliation is unknown, 2 fits fully."""
    roles = set(cluster.roles)
    if not roles:
        return 0
    heads = set(lexicons.table("generic_roles").get(head, [head]))
    if not roles & (heads | {head}):
        return 0
    fit = 2
    known_affiliations = {r for r in roles if _is_affiliation(r)}
    incoming, former = lexicons.words("role_incoming"), lexicons.words("role_former")
    for mod in mods:
        if mod in incoming:
            if not roles & {"president-elect", "elect", "incoming", "chancellor-elect"}:
                return 0
        elif mod in former:
            if not roles & former:
                return 0
        elif _is_affiliation(mod) and mod not in roles:
            # A nationality or party must not contradict the introduction; when the
            # introduction gave none, the fit is weaker.
            if known_affiliations:
                return 0
            fit = 1
    return fit


def description_mentions(doc: Doc, clusters: list[Cluster],
                         drafts: list[MentionDraft]) -> list[MentionDraft]:
    """Rule description: "the Russian leader" -> the person introduced as Russia's
    president; the best fit wins, then the latest such person mentioned before."""
    out: list[MentionDraft] = []
    roles = lexicons.words("role_nouns")
    person_mentions = sorted((d for d in drafts if clusters[d.cluster].label == "PERSON"),
                             key=lambda d: d.start)
    named_tokens = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    person_tokens = {i for d in drafts if clusters[d.cluster].label == "PERSON"
                     for i in range(d.tok_start, d.tok_end)}
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in named_tokens:
            continue
        if not (tok.lower_ in roles or tok.lower_ == "elect"):
            continue
        # The noun phrase: determiner "the" plus modifiers to the left of the head.
        left = list(tok.lefts)
        if not left or left[0].lower_ != "the":
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "compound":
            continue
        if any(c.dep_ == "poss" for c in left):
            continue
        np = list(doc[left[0].i : tok.i + 1])
        # An appositive name right after ("the Russian president, Vladimir Putin") is
        # an introduction, which the entities stage records as the person's role.
        if any(c.dep_ == "appos" and c.i in person_tokens for c in tok.children):
            continue
        if tok.dep_ == "appos" and tok.head.i in person_tokens:
            continue
        head, mods = _description_words(np)
        start = np[0].idx
        fits = [(role_fit(head, mods, clusters[d.cluster]), d) for d in person_mentions
                if d.start < start]
        fits = [(f, d) for f, d in fits if f]
        if not fits:
            continue
        best = max(f for f, _ in fits)
        chosen = [d for f, d in fits if f == best][-1]
        text = doc[np[0].i : tok.i + 1].text  # not doc.text[...]: O(len(doc)) per access
        out.append(MentionDraft(start, start + len(text), np[0].i, tok.i + 1, text, "PERSON",
                                "title", chosen.cluster))
    return out


# --------------------------------------------------------------------------- pronouns

def sentence_of_tokens(doc: Doc) -> list[int]:
    """The index of each token's sentence. ``Token.sent`` scans the sentence on each
    call, which is quadratic on a long text without sentence breaks."""
    out = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        out[sent.start : sent.end] = [k] * (sent.end - sent.start)
    return out


class PronounResolver:
    """Rule pronoun: he/she and their forms -> the most salient compatible person.

    Built from the article's person mentions outside quotation marks (names,
    aliases, descriptions); :meth:`resolve` answers for one pronoun token and, with
    ``learn=True``, takes the resolved pronoun as a later antecedent and its gender as
    evidence for the cluster's.
    """

    def __init__(self, doc: Doc, clusters: list[Cluster], persons: Iterable[MentionDraft],
                 quoted: SpanIndex, sentence_of: list[int] | None = None):
        self.doc = doc
        self.clusters = clusters
        self.quoted = quoted
        self.sentence_of = sentence_of if sentence_of is not None else sentence_of_tokens(doc)
        self.by_sent: dict[int, list[MentionDraft]] = defaultdict(list)
        self.all: list[MentionDraft] = sorted(persons, key=lambda d: d.start)
        self.starts = [d.start for d in self.all]
        for d in self.all:
            if not quoted.contains(d.start):
                self.by_sent[self.sentence_of[d.tok_start]].append(d)
        self.gender_votes: dict[int, Counter] = defaultdict(Counter)

    @classmethod
    def for_entities(cls, doc: Doc, entities: ArticleEntities,
                     quoted: SpanIndex) -> PronounResolver:
        """A resolver over an article's finished entities (for the quotes stage)."""
        persons = []
        for m in entities.mentions:
            if entities.clusters[m.cluster].label != "PERSON":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span):
                persons.append(MentionDraft(m.start, m.end, span.start, span.end, m.text,
                                            m.label, m.resolution, m.cluster))
        return cls(doc, entities.clusters, persons, quoted)

    def _gender(self, cluster: int) -> str:
        known = self.clusters[cluster].gender
        if known == "unknown" and self.gender_votes[cluster]:
            known = self.gender_votes[cluster].most_common(1)[0][0]
        return known

    def _is_subject(self, d: MentionDraft) -> bool:
        doc = self.doc
        return any(doc[i].dep_ in SUBJECT_DEPS or (doc[i].dep_ in {"compound", "appos"}
                   and doc[i].head.dep_ in SUBJECT_DEPS) for i in range(d.tok_start, d.tok_end))

    def resolve(self, tok: Token, *, exclude: int | None = None,
                learn: bool = False) -> int | None:
        """The cluster of a gendered third-person pronoun, or None."""
        gender = gendered_pronouns().get(tok.lower_)
        if gender is None:
            return None

        def fits(d: MentionDraft) -> bool:
            return d.cluster != exclude and self._gender(d.cluster) in {"unknown", gender}

        k = self.sentence_of[tok.i]
        same = [d for d in self.by_sent.get(k, []) if d.start < tok.idx and fits(d)]
        chosen: MentionDraft | None = None
        subjects = [d for d in same if self._is_subject(d)]
        if subjects:
            chosen = subjects[-1]
        elif same and tok.dep_ == "poss" and tok.head.dep_ not in SUBJECT_DEPS:
            chosen = same[-1]
        if chosen is None:
            for back in range(k - 1, max(-1, k - 4), -1):
                prev = [d for d in self.by_sent.get(back, []) if fits(d)]
                subj = [d for d in prev if self._is_subject(d)]
                if subj:
                    chosen = subj[0]
                    break
                if prev:
                    chosen = prev[-1] if not same else same[-1]
                    break
        if chosen is None and same:
            chosen = same[-1]
        if chosen is None:
            chosen = self._nearest_before(tok, fits)
        if chosen is None:
            return None
        if learn:
            self.gender_votes[chosen.cluster][gender] += 1
            draft = MentionDraft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1, tok.text,
                                 "PERSON", "pronoun", chosen.cluster)
            self.by_sent[k].append(draft)
            self.by_sent[k].sort(key=lambda d: d.start)
        return chosen.cluster

    def _nearest_before(self, tok: Token, fits) -> MentionDraft | None:
        """The last resort: the nearest compatible person mentioned before the pronoun."""
        k = bisect.bisect_left(self.starts, tok.idx) - 1
        while k >= 0 and self.all[k].start >= tok.idx - PRONOUN_WINDOW:
            if fits(self.all[k]):
                return self.all[k]
            k -= 1
        return None

    def settle_genders(self) -> None:
        """Give clusters of unknown gender the gender their resolved pronouns show."""
        for idx, votes in self.gender_votes.items():
            if self.clusters[idx].gender == "unknown" and votes:
                self.clusters[idx].gender = votes.most_common(1)[0][0]
