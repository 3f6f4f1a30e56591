"""The per-article runner: parse articles in chunks and run the stages on each Doc.

:func:`iter_results` streams: a chunk of texts is parsed, each Doc goes through
:func:`process_doc` (entities -> quotes -> claims) and is dropped as soon as its
:class:`~toolkit.records.ArticleResult` exists, so memory holds one chunk of Docs at a
time. A failure is yielded as an ``(article_id, stage, exception)`` triple, never
raised, so one bad article never stops the others. :func:`toolkit.analyze` and the
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

import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from toolkit.cache import ResultCache
from toolkit.claims import extract_claims
from toolkit.entities import extract_entities
from toolkit.nlp import parse
from toolkit.quotes import extract_quotes, quote_pronoun_mentions
from toolkit.records import ArticleResult, StageError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

STAGES = ("parse", "entities", "quotes", "claims")


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
    # The pronouns resolved inside quotes are mentions like any other, for claims too.
    ents = ents.with_mentions(quote_pronoun_mentions(quotes, ents, doc.text))
    claims = run("claims", lambda: extract_claims(doc, ents, quotes, article=article))
    return ArticleResult(str(article["article_id"]), ents, quotes, claims, timings)


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
