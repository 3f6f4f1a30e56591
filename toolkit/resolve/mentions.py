"""Mentions, sources and targets: which entity a span, a speaker phrase or a content
refers to (rules ``mention`` and ``about``; sources are in :mod:`toolkit.resolve.sources`)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from toolkit.names import demonym
from toolkit.records import ArticleEntities, Mention

__all__ = ["EntityIndex", "about_clusters", "nationality_to_place"]


class EntityIndex:
    """An article's mentions sorted by start, for range queries in O(log n)."""

    def __init__(self, entities: ArticleEntities):
        self.entities = entities
        self.mentions = sorted(entities.mentions, key=lambda m: (m.start, m.end))
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
