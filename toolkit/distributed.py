"""Scale-out: run the per-article stages on a ``dask.distributed`` cluster or on local
worker processes.

:func:`toolkit.analyze` calls :func:`map_results` when it is given ``client=`` (and
:func:`map_processes` for ``n_process > 1``); the
frames are then built centrally by the same code as a local run, so ids and rows are
identical. What travels over the network is small: batches of article rows to the
workers, plain JSON-ready records (``ArticleResult.to_dict()`` plus stage timings) back.
Docs never leave the worker that parsed them. This module sits below
:mod:`toolkit.analysis` (it runs articles through :mod:`toolkit.runner`), so
``analyze`` is the one entry point; it also takes a Dask DataFrame of articles.

The pipeline reaches the workers by model name when it has one (every worker loads
it once and keeps it), or, for a ``Language`` object built or changed in the session,
as its config plus ``nlp.to_bytes()``, broadcast once and rebuilt once per worker. So
the pipeline that runs on the workers is exactly the one passed in.

The result cache, when given, is read and written by the client only: a warm run needs
no shared file system and never touches the cluster.

Examples
--------
>>> from toolkit.distributed import partition
>>> partition(list(range(7)), 3)
[[0, 1, 2], [3, 4, 5], [6]]
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.cache import ResultCache
from toolkit.nlp import (
    INSTALL_HINT,
    ModelNotFoundError,
    available_model,
    load_pipeline,
    loaded_model_name,
)
from toolkit.records import ArticleResult
from toolkit.runner import cached_results, iter_results

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["WorkerLost", "map_processes", "map_results", "partition"]

# Worker-side memo of loaded pipelines, keyed by model name or by a digest of the bytes.
_WORKER_PIPELINES: dict[str, Language] = {}


class RemoteError(Exception):
    """An exception raised on a worker, rebuilt on the client with the same class name
    and message (so the ``errors`` frame reads as in a local run)."""


def _remote_error(name: str, message: str) -> RemoteError:
    cls = type(name, (RemoteError,), {"__module__": __name__})
    return cls(message)


def partition(items: Sequence[Any], size: int, *, weights: Sequence[int] | None = None,
              max_weight: int | None = None) -> list[list[Any]]:
    """Consecutive slices of ``items`` of at most ``size`` elements (order kept); with
    ``weights``, a slice also closes once its total weight reaches ``max_weight``, so
    tasks carry similar amounts of text and the last ones don't leave a worker idle.

    >>> partition(list("abcde"), 4, weights=[5, 1, 1, 5, 1], max_weight=6)
    [['a', 'b'], ['c', 'd'], ['e']]
    """
    size = max(int(size), 1)
    if weights is None or max_weight is None:
        return [list(items[lo : lo + size]) for lo in range(0, len(items), size)]
    out: list[list[Any]] = []
    current: list[Any] = []
    total = 0
    for item, weight in zip(items, weights, strict=True):
        current.append(item)
        total += weight
        if len(current) >= size or total >= max_weight:
            out.append(current)
            current, total = [], 0
    if current:
        out.append(current)
    return out


# --------------------------------------------------------------------------- pipeline

def _pipeline_spec(nlp: Language | str | None) -> tuple[str, str, Any]:
    """How the workers get the pipeline: ("name", name, None) or ("bytes", digest,
    {"config": ..., "bytes": ...}).

    A name is resolved on the client (the default model included), so every worker
    loads the same one. A ``Language`` that is the toolkit's memoised pipeline for a
    name is sent by that name; any other ``Language`` is sent as config plus bytes.
    """
    if nlp is None:
        name = available_model()
        if name is None:
            raise ModelNotFoundError(INSTALL_HINT)
        return ("name", name, None)
    if isinstance(nlp, str):
        return ("name", nlp, None)
    if not callable(getattr(nlp, "pipe", None)):
        raise TypeError(f"nlp must be a spaCy Language or a model name, got {type(nlp)!r}")
    name = loaded_model_name(nlp)
    if name is not None:
        return ("name", name, None)
    payload = {"config": nlp.config.to_str(), "bytes": nlp.to_bytes()}
    digest = hashlib.sha256(payload["config"].encode("utf-8"))
    digest.update(payload["bytes"])
    return ("bytes", "bytes-" + digest.hexdigest()[:24], payload)


class _Broadcast:
    """The pipeline's bytes, scattered to every worker once, and again when the
    workers holding them died (Dask cannot recompute scattered data, so every later
    task would fail on the lost copy)."""

    def __init__(self, client: Any, payload: dict[str, Any] | None):
        self.client, self.payload, self.futures = client, payload, None

    def get(self) -> Any:
        if self.payload is None:
            return None
        # Scattering a dict gives a dict of futures, one per value.
        if self.futures is None or any(f.status != "finished" for f in self.futures.values()):
            self.futures = self.client.scatter(self.payload, broadcast=True, hash=False)
        return self.futures


def _worker_pipeline(kind: str, key: str, payload: dict[str, Any] | None) -> Language:
    """The pipeline on this worker, loaded once per worker process."""
    if key not in _WORKER_PIPELINES:
        if kind == "name":
            _WORKER_PIPELINES[key] = load_pipeline(key)
        else:
            import spacy
            from thinc.api import Config

            assert payload is not None
            config = Config().from_str(payload["config"])
            nlp = spacy.util.get_lang_class(config["nlp"]["lang"]).from_config(config)
            nlp.from_bytes(payload["bytes"])
            _WORKER_PIPELINES[key] = nlp
    return _WORKER_PIPELINES[key]


# --------------------------------------------------------------------------- tasks

def analyze_rows(rows: list[dict[str, Any]], kind: str, key: str,
                 payload: dict[str, Any] | None, batch_size: int,
                 options: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Worker task: the per-article records of ``rows``, in order, as plain dicts:
    ``{"result": ArticleResult.to_dict(), "timings": {...}}`` or
    ``{"error": [article_id, stage, exception class name, message]}``."""
    nlp = _worker_pipeline(kind, key, payload)
    out: list[dict[str, Any]] = []
    for item in iter_results(rows, nlp, batch_size=batch_size, options=options):
        if isinstance(item, ArticleResult):
            out.append({"result": item.to_dict(), "timings": dict(item.timings)})
        else:
            article_id, stage, exc = item
            out.append({"error": [article_id, stage, type(exc).__name__, str(exc)]})
    return out


def _decode(record: dict[str, Any]) -> ArticleResult | tuple[str, str, BaseException]:
    if "error" in record:
        article_id, stage, name, message = record["error"]
        return (article_id, stage, _remote_error(name, message))
    result = ArticleResult.from_dict(record["result"])
    result.timings = dict(record.get("timings", {}))
    return result


def _n_slots(client: Any) -> int:
    try:
        info = client.scheduler_info()
        slots = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
    except Exception:  # noqa: BLE001 - a best guess is enough for sizing
        slots = 0
    return max(slots, 1)


class WorkerLost(RuntimeError):
    """The worker analysing an article died (killed, out of memory, crashed) every time
    the article was run, alone, on a fresh worker: the article's ``errors`` row."""


# A task whose worker died is run again alone (nothing else in flight, so a second
# death is its own); a single article is tried alone this many times before it becomes
# an errors row.
SOLO_ATTEMPTS = 2


@dataclass
class _Task:
    rows: list[int]  # positions in the rows being mapped
    solo: bool = False  # a suspect: run with nothing else in flight
    attempts: int = 0  # solo runs that died so far


def _ordered(
    submit: Callable[[list[dict[str, Any]]], Any],
    rows: list[dict[str, Any]],
    *,
    store: Any,
    rows_per_task: int,
    max_in_flight: int,
    slots: int = 1,
    progress: bool = False,
    restart: Callable[[], None] | None = None,
    broken: tuple[type[BaseException], ...] = (),
) -> Iterator[ArticleResult | tuple[str, str, BaseException]]:
    """Yield one item per row, in row order: cache hits answered here, the rest
    submitted in tasks of ``rows_per_task`` rows with at most ``max_in_flight`` pending
    (so memory stays bounded by that window). ``submit(rows)`` returns a future whose
    ``result()`` is :func:`analyze_rows`' list of records.

    A task whose future fails (its worker was killed: Dask's ``KilledWorker``, a
    broken process pool) is not lost: it is run again alone, then split into single
    articles run alone, and an article whose worker still dies after
    :data:`SOLO_ATTEMPTS` runs becomes a :class:`WorkerLost` errors row. A failure
    that is an instance of ``broken`` has broken the executor: ``restart()`` makes a
    new one (and every task still pending on the old one is run again, alone).
    """
    hits = cached_results(store, rows)
    todo = [i for i in range(len(rows)) if i not in hits]
    sizes = [len(rows[i]["text"]) + 1 for i in todo]
    # About eight tasks' worth of text per worker slot, so the load balances at the end.
    max_chars = max(20_000, sum(sizes) // (8 * max(1, slots)))
    tasks = deque(_Task(index) for index in partition(todo, rows_per_task, weights=sizes,
                                                      max_weight=max_chars))
    suspects: deque[_Task] = deque()
    pending: deque[tuple[_Task, Any]] = deque()
    done: dict[int, ArticleResult | tuple[str, str, BaseException]] = {}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=sum(len(r["text"]) for r in rows), unit="char", unit_scale=True,
                   desc="analyze")

    def submit_more() -> None:
        if suspects:  # alone: only once everything else in flight has come back
            if not pending:
                task = suspects.popleft()
                pending.append((task, submit([rows[i] for i in task.rows])))
            return
        while tasks and len(pending) < max_in_flight:
            task = tasks.popleft()
            pending.append((task, submit([rows[i] for i in task.rows])))

    def accept(task: _Task, records: list[dict[str, Any]]) -> None:
        for k, record in zip(task.rows, records, strict=True):
            decoded = _decode(record)
            done[k] = decoded
            if store is not None and not isinstance(decoded, tuple):
                store.put(rows[k], decoded)

    def lost(task: _Task, exc: BaseException) -> None:
        if not task.solo:
            suspects.append(_Task(task.rows, solo=True))
        elif len(task.rows) > 1:
            suspects.extend(_Task([k], solo=True) for k in task.rows)
        elif task.attempts + 1 < SOLO_ATTEMPTS:
            suspects.append(_Task(task.rows, solo=True, attempts=task.attempts + 1))
        else:
            (k,) = task.rows
            done[k] = (str(rows[k]["article_id"]), "worker", WorkerLost(
                f"the worker process died each time it analysed this article "
                f"({SOLO_ATTEMPTS} times alone; killed, out of memory or crashed): "
                f"{type(exc).__name__}: {exc}"[:500]))

    def collect() -> None:
        task, future = pending.popleft()
        try:
            records = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker: run the task again
            if hasattr(future, "release"):
                future.release()
            lost(task, exc)
            if restart is not None and isinstance(exc, broken):
                # Every task on the broken executor is lost with it, unless done.
                while pending:
                    other, other_future = pending.popleft()
                    if other_future.done() and other_future.exception() is None:
                        accept(other, other_future.result())
                    else:
                        lost(other, exc)
                restart()
            return
        if hasattr(future, "release"):
            future.release()
        accept(task, records)

    try:
        submit_more()
        for i in range(len(rows)):
            if i in hits:
                item = hits.pop(i)
            else:
                while i not in done:
                    collect()
                    submit_more()
                item = done.pop(i)
            if bar is not None:
                bar.update(len(rows[i]["text"]))
            yield item
    finally:
        if bar is not None:
            bar.close()
        if store is not None:
            store.report()


def map_results(
    client: Any,
    rows: list[dict[str, Any]],
    *,
    nlp: Language | str | None = None,
    batch_size: int = 32,
    cache: Any = None,
    rows_per_task: int | None = None,
    max_in_flight: int | None = None,
    progress: bool = False,
    options: Mapping[str, Any] | None = None,
) -> Iterator[ArticleResult | tuple[str, str, BaseException]]:
    """Analyse ``rows`` on the workers of ``client``; yield, in row order, one
    ``ArticleResult`` or ``(article_id, stage, exception)`` triple per row.

    Rows are shipped in tasks of ``rows_per_task`` (default: enough for about four
    tasks per worker thread, at least ``batch_size``, at most 256); at most
    ``max_in_flight`` tasks (default: two per worker thread) are pending at once, so the
    client's memory stays bounded by that window. Cached articles are answered on the
    client and never shipped. A task whose worker died more often than Dask retries it
    (``KilledWorker``) is run again alone, then article by article (:func:`_ordered`);
    an article that still kills its worker is an errors row, never missing.
    """
    rows = list(rows)
    spec = _pipeline_spec(nlp)
    shipped = _Broadcast(client, spec[2])
    store = None
    if cache is not None:
        store = ResultCache.open(cache, nlp=spec[1] if spec[0] == "name" else nlp,
                                 **dict(options or {}))
    slots = _n_slots(client)
    if rows_per_task is None:
        rows_per_task = min(max(batch_size, math.ceil(len(rows) / (4 * slots))), 256)

    def submit(task_rows: list[dict[str, Any]]) -> Any:
        return client.submit(analyze_rows, task_rows, spec[0], spec[1], shipped.get(),
                             batch_size, options, pure=False)

    return _ordered(submit, rows, store=store, rows_per_task=rows_per_task,
                    max_in_flight=max_in_flight or 2 * slots, slots=slots, progress=progress)


# --------------------------------------------------------------------------- local processes

_FORKED_PIPELINE: list[Any] = []  # the parent's pipeline, inherited by forked workers


def _init_process(kind: str, key: str, payload: dict[str, Any] | None) -> None:
    if kind == "fork":
        _WORKER_PIPELINES[key] = _FORKED_PIPELINE[0]
    else:
        _worker_pipeline(kind, key, payload)


def map_processes(
    rows: list[dict[str, Any]],
    *,
    nlp: Language,
    batch_size: int = 32,
    n_process: int = 2,
    cache: Any = None,
    progress: bool = False,
    options: Mapping[str, Any] | None = None,
) -> Iterator[ArticleResult | tuple[str, str, BaseException]]:
    """Like :func:`map_results`, on ``n_process`` local worker processes: each one parses
    *and* extracts its share and sends back small records, so extraction runs in
    parallel too and no Doc crosses a process boundary (``nlp.pipe(n_process=...)``
    would parse in parallel but extract serially in the parent).

    Workers are forked where the platform allows (they inherit the loaded pipeline);
    elsewhere the pipeline is sent by name or as config plus bytes. A worker that dies
    (killed, out of memory) breaks the pool: a new one is started and the lost
    articles are run again (see :func:`_ordered`), so they are never missing.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    rows = list(rows)
    store = ResultCache.open(cache, nlp=nlp, **dict(options or {})) if cache is not None else None
    context = multiprocessing.get_context()
    if context.get_start_method() == "fork":
        _FORKED_PIPELINE[:] = [nlp]
        spec: tuple[str, str, Any] = ("fork", "forked", None)
    else:
        name = loaded_model_name(nlp)
        spec = ("name", name, None) if name else ("bytes", "bytes", {
            "config": nlp.config.to_str(), "bytes": nlp.to_bytes()})
    # Tasks small enough to balance the load and keep both workers busy to the end.
    rows_per_task = max(1, min(batch_size, math.ceil(len(rows) / (4 * n_process))))
    kind = "name" if spec[0] == "fork" else spec[0]

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_process,
                                   initargs=spec)

    pools = [new_pool()]

    def restart() -> None:
        """A worker died and took the pool with it: a fresh pool for the retries."""
        pools[-1].shutdown(wait=False, cancel_futures=True)
        pools.append(new_pool())

    def submit(task_rows: list[dict[str, Any]]) -> Any:
        return pools[-1].submit(analyze_rows, task_rows, kind, spec[1], None, batch_size,
                                options)

    try:
        yield from _ordered(submit, rows, store=store, rows_per_task=rows_per_task,
                            max_in_flight=3 * n_process, slots=n_process,
                            progress=progress, restart=restart, broken=(BrokenProcessPool,))
    finally:
        pools[-1].shutdown(wait=True, cancel_futures=True)
        _FORKED_PIPELINE.clear()
