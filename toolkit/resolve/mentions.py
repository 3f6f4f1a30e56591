"""Mentions, sources and targets: which entity a span, a speaker phrase or a content
refers to (rules ``mention`` and ``about``; sources are in :mod:`toolkit.resolve.sources`)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from toolkit.names import demonym
from toolkit.records import ArticleEntities, Mention

__all__ = ["EntityIndex", "nationality_to_place"]


class EntityIndex:
    """An article's mentions sorted by start, for range queries in O(log n). Names
    nested in a longer name (resolution ``nested``) are left out: there the longer
    name is the entity meant ("the Boston Red Sox" said, a quote about them)."""

    def __init__(self, entities: ArticleEntities):
        self.entities = entities
        self.mentions = sorted((m for m in entities.mentions if m.resolution != "nested"),
                               key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]

    def at(self, start: int, end: int) -> int | None:
        """Rule mention: the cluster of the mention overlapping [start, end) most."""
        mention = self.mention_at(start, end)
        return None if mention is None else mention.cluster

    def mention_at(self, start: int, end: int) -> Mention | None:
        i = bisect.bisect_left(self.starts, end)
        best: Mention | None = None
        best_key = (0, False)
        # Mentions are short: only a few before ``end`` can overlap it. On equal
        # overlap a person wins ("Trump" tagged both ways).
        for m in self.mentions[max(0, i - 8) : i]:
            overlap = min(m.end, end) - max(m.start, start)
            key = (overlap, m.label == "PERSON")
            if overlap > 0 and key > best_key:
                best, best_key = m, key
        return best

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions lying inside [start, end), in text order."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]


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
