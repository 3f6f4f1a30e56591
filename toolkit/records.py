"""Per-article records: what each extraction stage hands to the next (no spaCy objects).

The stages exchange small dataclasses with character offsets into the article text,
so that they can be cached as JSON, sent between processes, and framed without the
parsed ``Doc``:

- :class:`Mention`, :class:`Cluster`, :class:`ArticleEntities`: the entities stage
  (and the resolver) -> everything after it;
- :class:`Quote`: the quotes stage -> claims and framing;
- :class:`Claim`: the claims stage -> framing;
- :class:`ArticleResult`: all of one article's records, the unit the runner, the cache
  and the distributed executors move around.

Examples
--------
>>> ents = ArticleEntities([Cluster(0, "Ann Lee", "PERSON")],
...                        [Mention(0, 7, "Ann Lee", "PERSON", "ner", 0)])
>>> ArticleEntities.from_dict(ents.to_dict()) == ents
True
>>> ents.name_of(0), ents.name_of(None)
('Ann Lee', None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["ArticleEntities", "ArticleResult", "Claim", "Cluster", "Mention", "MentionDraft",
           "Quote", "StageError"]


@dataclass
class Mention:
    """One mention of an entity in an article; ``cluster`` indexes the clusters.

    ``resolution`` says how the mention was tied to its entity: ``ner`` (a name the
    model found), ``alias`` (a short form of a longer name), ``title`` (a description
    such as "the Russian leader"), ``pronoun``, ``nested`` (a name inside a longer
    name, "Boston" in "the Boston Red Sox"; span queries skip it).
    """

    start: int
    end: int
    text: str
    label: str
    resolution: str
    cluster: int


@dataclass
class MentionDraft:
    """A mention while the entities stage and the resolver build it: character and
    token offsets, the label it will get, how it was resolved and its cluster (-1
    while unknown)."""

    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int
    text: str
    label: str
    resolution: str = "ner"
    cluster: int = -1


@dataclass
class Cluster:
    """A canonical entity within one article.

    ``gender`` is "male", "female" or "unknown"; ``gender_source`` says where it came
    from: "text" (a gendered title, the pronouns the article uses for the person) or
    "name" (a first-name hint only), None while unknown.
    """

    index: int
    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    gender: str = "unknown"
    gender_source: str | None = None


@dataclass
class ArticleEntities:
    """The entities of one article: clusters and their mentions (sorted by start)."""

    clusters: list[Cluster]
    mentions: list[Mention]

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))

    def name_of(self, cluster: int | None) -> str | None:
        """The canonical name of a cluster index (None for None)."""
        return None if cluster is None else self.clusters[cluster].name

    def with_mentions(self, extra: Iterable[Mention]) -> ArticleEntities:
        """A new record with ``extra`` mentions added (this one is not changed).

        >>> ents = ArticleEntities([Cluster(0, "Ann", "PERSON")], [])
        >>> more = ents.with_mentions([Mention(3, 5, "he", "PERSON", "pronoun", 0)])
        >>> len(ents.mentions), len(more.mentions)
        (0, 1)
        """
        return ArticleEntities(list(self.clusters), list(self.mentions) + list(extra))

    def to_dict(self) -> dict:
        return {"clusters": [asdict(c) for c in self.clusters],
                "mentions": [asdict(m) for m in self.mentions]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleEntities:
        return cls([Cluster(**c) for c in data["clusters"]],
                   [Mention(**m) for m in data["mentions"]])


@dataclass
class Quote:
    """One attributed quote: content span, cue, speaker and targets (char offsets).

    ``speaker_cluster`` is the resolved speaker (an index into the article's
    clusters); ``about`` the clusters the content is about; ``pronouns`` the
    (start, end, cluster) pronouns resolved inside the content, which are also
    mentions of the article's entities.

    Examples
    --------
    >>> q = Quote(10, 20, "direct", "said", 2, 6, "he", 0, 2, 1, [3], [(12, 14, 3)])
    >>> Quote.from_dict(q.to_dict()) == q
    True
    """

    content_start: int
    content_end: int
    kind: str  # "direct" | "indirect" | "mixed"
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_cluster: int | None = None
    about: list[int] = field(default_factory=list)
    pronouns: list[tuple[int, int, int]] = field(default_factory=list)
    cue_class: str | None = None  # speech | belief | finding | intention
    strategy: str | None = None  # the attribution strategy that found it
    # Every credited source ("X and Y said"); the first is ``speaker_cluster``.
    speaker_clusters: list[int] = field(default_factory=list)
    # The speaker's name when it is no cluster: a country known only by its adjective
    # ("a Turkish official" -> Turkey) or the source phrase as written ("officials").
    speaker_name: str | None = None
    # name / alias / pronoun / description / member / document / unresolved
    speaker_resolution: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Quote:
        data = dict(d)
        data["about"] = [int(c) for c in data.get("about") or []]
        data["pronouns"] = [tuple(int(x) for x in p) for p in data.get("pronouns") or []]
        data["speaker_clusters"] = [int(c) for c in data.get("speaker_clusters") or []]
        return cls(**data)


@dataclass
class Claim:
    """One claim in one article; offsets index the article text."""

    content_start: int
    content_end: int
    origin: str  # quote | reported | nominal | narrative
    cue: str | None = None
    claimant_cluster: int | None = None  # index into the article's entity clusters
    claimant_name: str | None = None  # when the claimant is not an entity (the outlet)
    quote_index: int | None = None  # index into the article's quotes
    about: list[int] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)
    checkworthiness: float = 0.0
    claimant_kind: str | None = None  # author | outlet (narrative) | speaker

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        return cls(**data)


class StageError(Exception):
    """An exception raised inside one stage of one article."""

    def __init__(self, stage: str, original: BaseException):
        super().__init__(f"{stage}: {original}")
        self.stage = stage
        self.original = original


@dataclass
class ArticleResult:
    """Everything extracted from one article, as small records (no Doc): what the cache
    stores and what worker processes send back.

    >>> empty = ArticleResult("a", ArticleEntities(clusters=[], mentions=[]))
    >>> ArticleResult.from_dict(empty.to_dict()) == empty
    True
    """

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
