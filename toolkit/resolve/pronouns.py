"""Pronouns: he/she and their forms -> the most salient compatible person (rule
``pronoun``)."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.records import ArticleEntities, Cluster, MentionDraft
from toolkit.resolve.features import gendered_pronouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from toolkit.text import SpanIndex

__all__ = ["PRONOUN_WINDOW", "PronounResolver", "sentence_of_tokens"]

PRONOUN_WINDOW = 2000  # characters a pronoun looks back for its last-resort antecedent
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

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
