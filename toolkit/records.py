"""Per-article records: what the stages extract from one article, without its Doc.

An :class:`ArticleResult` is small and JSON-ready (:meth:`ArticleResult.to_dict`), so
it is what the cache stores and what worker processes send back; the frames are built
from a list of them (:mod:`toolkit.framing`).

Examples
--------
>>> from toolkit.entities import ArticleEntities
>>> from toolkit.records import ArticleResult
>>> empty = ArticleResult("a", ArticleEntities(clusters=[], mentions=[]))
>>> ArticleResult.from_dict(empty.to_dict()) == empty
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toolkit.claims import Claim
from toolkit.entities import ArticleEntities
from toolkit.quotes import Quote


class StageError(Exception):
    """An exception raised inside one stage of one article."""

    def __init__(self, stage: str, original: BaseException):
        super().__init__(f"{stage}: {original}")
        self.stage = stage
        self.original = original


@dataclass
class ArticleResult:
    """Everything extracted from one article, as small records (no Doc)."""

    article_id: str
    entities: ArticleEntities
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "entities": self.entities.to_dict(),
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleResult:
        return cls(
            article_id=data["article_id"],
            entities=ArticleEntities.from_dict(data["entities"]),
            quotes=[Quote.from_dict(q) for q in data["quotes"]],
            claims=[Claim.from_dict(c) for c in data["claims"]],
        )
