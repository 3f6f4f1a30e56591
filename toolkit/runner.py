"""The per-article runner: parse articles in chunks and run the stages on each Doc.

:func:`iter_results` streams: texts are parsed in batches, each Doc goes through
:func:`process_doc` (entities -> quotes -> claims) and is dropped as soon as its
:class:`~toolkit.records.ArticleResult` exists, so memory holds one parse batch and
one article's Doc at a time, however long the article (:func:`toolkit.nlp.parse` cuts
long texts in pieces). A failure is yielded as an ``(article_id, stage, exception)``
triple, never raised, so one bad article never stops the others. :func:`toolkit.analyze` and the
worker processes of :mod:`toolkit.distributed` both run articles through here.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.runner import iter_results
>>> rows = [{"article_id": "a", "text": '"We will win," said Jane Smith.'}]
>>> [q.kind for r in iter_results(rows, load_pipeline()) for q in r.quotes]
['direct']
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from toolkit.cache import ResultCache
from toolkit.claims import extract_claims
from toolkit.docs import doc_text, release
from toolkit.entities import extract_entities
from toolkit.nlp import parse
from toolkit.quotes import extract_quotes, quote_pronoun_mentions
from toolkit.records import ArticleResult, StageError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

STAGES = ("parse", "entities", "quotes", "claims")
GC_GEN0 = 20_000  # the cycle collector's first threshold while articles are processed


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

    try:
        ents = run("entities", lambda: extract_entities(doc))
        quotes = run("quotes", lambda: extract_quotes(doc, ents))
        # The pronouns resolved inside quotes are mentions like any other, for claims too.
        ents = ents.with_mentions(quote_pronoun_mentions(quotes, ents, doc_text(doc)))
        claims = run("claims", lambda: extract_claims(doc, ents, quotes, article=article))
    finally:
        release(doc)  # what the stages kept on the Doc: it must not outlive the article
    return ArticleResult(str(article["article_id"]), ents, quotes, claims, timings)


@contextmanager
def fewer_collections(gen0: int = GC_GEN0) -> Iterator[None]:
    """Python's cycle collector runs less often inside (its first generation's
    threshold is at least ``gen0`` objects), then as before. Parsing and extraction
    allocate millions of short-lived objects and free nearly all by reference count;
    each collection of the default threshold (700) walks what is young, and a full one
    the whole heap (the pipeline's too), about 2% of the run. Cycles are still
    collected, only later, so memory stays bounded.

    >>> import gc
    >>> before = gc.get_threshold()
    >>> with fewer_collections():
    ...     gc.get_threshold()[0] >= GC_GEN0
    True
    >>> gc.get_threshold() == before
    True
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], gen0), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _parsed(nlp: Language, texts: list[str], *, batch_size: int, n_process: int,
            on_parsed: Callable[[int], Any] | None = None) -> Iterator[Doc | BaseException]:
    """The Docs of ``texts``, in order, as they are parsed; when a batch fails, the texts
    not yet parsed are parsed one by one, so only the bad text fails (as its exception)."""
    done = 0
    try:
        for doc in parse(nlp, texts, batch_size=batch_size, n_process=n_process,
                         on_parsed=on_parsed):
            done += 1
            yield doc
            del doc  # not kept alive while the next text is parsed
    except Exception:  # noqa: BLE001 - isolate the failing text below
        for text in texts[done:]:
            try:
                (doc,) = parse(nlp, [text], batch_size=1)
            except Exception as exc:  # noqa: BLE001
                yield exc
            else:
                yield doc


def cached_results(store: Any, chunk: list[dict[str, Any]]) -> dict[int, ArticleResult]:
    """The results of the chunk's rows the cache ``store`` already has (None: no
    cache), by position, each with its row's article id."""
    cached: dict[int, ArticleResult] = {}
    if store is not None:
        for k, row in enumerate(chunk):
            hit = store.get(row)
            if hit is not None:
                hit.article_id = str(row["article_id"])
                cached[k] = hit
    return cached


def _chunk_results(chunk: list[dict[str, Any]], cached: dict[int, ArticleResult],
                   docs: Iterator[Any], store: Any
                   ) -> Iterator[ArticleResult | tuple[str, str, BaseException]]:
    """The chunk's results in order: cached ones as they are, the others extracted
    from their Docs (each dropped as soon as its records exist) and stored."""
    for k, row in enumerate(chunk):
        if k in cached:
            yield cached.pop(k)
            continue
        with fewer_collections():
            doc = next(docs)
            if isinstance(doc, BaseException):
                out: Any = (str(row["article_id"]), "parse", doc)
            else:
                try:
                    out = process_doc(doc, row)
                except StageError as exc:
                    out = (str(row["article_id"]), exc.stage, exc.original)
            del doc
        if not isinstance(out, ArticleResult):
            yield out
            continue
        result = out
        if store is not None:
            store.put(row, result)
        yield result


def iter_results(
    rows: list[dict[str, Any]],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    cache: Any = None,
    progress: bool = False,
    options: Mapping[str, Any] | None = None,
) -> Iterator[ArticleResult | tuple[str, str, BaseException]]:
    """Yield one ArticleResult (or an (article_id, stage, exception) triple) per row,
    in order. Each Doc is dropped once its records exist, so memory holds one parse
    batch and one article's Doc, however long the article (:func:`toolkit.nlp.parse`).

    ``options`` (the extraction options) are part of the cache key. The progress bar
    counts characters, so a long article moves it while it is parsed.
    """
    store = ResultCache.open(cache, nlp=nlp, **dict(options or {})) if cache is not None else None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=sum(len(r["text"]) for r in rows), unit="char", unit_scale=True,
                   desc="analyze")
    chunk_size = max(batch_size, 1) * max(n_process, 1) * 4
    reached = 0  # characters of the rows done so far, where the bar should be
    try:
        for lo in range(0, len(rows), chunk_size):
            chunk = rows[lo : lo + chunk_size]
            cached = cached_results(store, chunk)
            end = reached + sum(len(row["text"]) for row in chunk)

            def advance(n_chars: int, end: int = end) -> None:
                if bar is not None:
                    bar.update(max(0, min(n_chars, end - bar.n)))

            advance(sum(len(chunk[k]["text"]) for k in cached))
            docs = _parsed(nlp, [row["text"] for k, row in enumerate(chunk) if k not in cached],
                           batch_size=batch_size, n_process=n_process, on_parsed=advance)
            yield from _chunk_results(chunk, cached, docs, store)
            reached = end
            advance(end)
    finally:
        if bar is not None:
            bar.close()
        if store is not None:
            store.report()
