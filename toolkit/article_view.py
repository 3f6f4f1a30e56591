"""One article's audit view assembled from the frames: :class:`ArticleView` (what a
notebook shows, and the page it saves), the frames grouped by article once
(:class:`ViewFrames`, so a folder of pages reads them once) and :func:`build_view`.
The HTML pieces are in :mod:`toolkit.markup`; the public entry points in
:mod:`toolkit.show`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.markup import (
    CSS,
    anchor_prefix,
    escape,
    header_html,
    html_page,
    mention_marks,
    quote_marks,
    quotes_table,
    render_spans,
)
from toolkit.queries import frame_of, plural, quotes_about

__all__ = ["ArticleView", "ViewFrames", "build_view"]


@dataclass(frozen=True)
class ArticleView:
    """One article rendered for auditing; a notebook shows it as HTML.

    ``html`` is the fragment (a ``<div class="tk-audit">`` with its scoped style);
    :meth:`page` wraps it in a stand-alone web page and :meth:`save` writes that page.
    """

    article_id: str
    title: str
    html: str
    n_quotes: int
    n_quotes_total: int
    n_mentions: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        shown = (f"{self.n_quotes} of {self.n_quotes_total} quotes"
                 if self.n_quotes != self.n_quotes_total else plural(self.n_quotes, "quote"))
        return f"ArticleView({self.article_id!r}: {shown}, {plural(self.n_mentions, 'mention')})"

    def page(self, *, index: str | None = None) -> str:
        """A self-contained HTML page (UTF-8, no external assets, no script); ``index``
        is the relative link of an index page to show at the top."""
        nav = (f'<p class="note"><a href="{escape(index)}">&larr; all articles</a></p>'
               if index else "")
        return html_page(self.title or self.article_id, nav + self.html)

    def save(self, path: str | os.PathLike[str], *, index: str | None = None) -> Path:
        """Write :meth:`page` to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.page(index=index), encoding="utf-8")
        return path


@dataclass
class ViewFrames:
    """The frames one view reads, grouped by article once (for a corpus of pages)."""

    articles: pd.DataFrame
    quotes: dict[str, pd.DataFrame]
    mentions: dict[str, pd.DataFrame]
    names: dict[str, str]

    @classmethod
    def of(cls, result: Any) -> ViewFrames:
        """The frames of ``result`` (an Analysis, or anything with the frames)."""
        articles = frame_of(result, "articles")
        quotes = frame_of(result, "quotes")
        mentions = getattr(result, "mentions", None)
        entities = getattr(result, "entities", None)
        names: dict[str, str] = {}
        if isinstance(entities, pd.DataFrame) and len(entities):
            names = dict(zip(entities["entity_id"].astype(str), entities["name"].astype(str),
                             strict=True))
        return cls(articles.set_index(articles["article_id"].astype(str), drop=False),
                   _by_article(quotes), _by_article(mentions), names)


def _by_article(frame: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return {}
    return {str(key): group for key, group in frame.groupby("article_id", sort=False)}


def build_view(frames: ViewFrames, result: Any, article_id: str, speaker: str | None,
               target: str | None) -> ArticleView:
    """The view of ``article_id`` (see :func:`toolkit.show.show`, which documents the
    filters); KeyError naming some ids when the article is not in ``frames``."""
    if article_id not in frames.articles.index:
        known = ", ".join(repr(a) for a in frames.articles.index[:5])
        more = " ..." if len(frames.articles) > 5 else ""
        raise KeyError(f"no article {article_id!r} in the result; article ids: {known}{more}")
    article = frames.articles.loc[article_id]
    if isinstance(article, pd.DataFrame):  # a duplicated id: the first row
        article = article.iloc[0]
    article = article.to_dict()
    text = article.get("text")
    text = "" if text is None or pd.isna(text) else str(text)
    all_quotes = frames.quotes.get(article_id, frame_of(result, "quotes").iloc[:0])
    shown = quotes_about(all_quotes, speaker, target)
    prefix = anchor_prefix(article_id)
    marks, rows = quote_marks(shown, prefix)
    mentions = frames.mentions.get(article_id)
    marks += mention_marks(mentions, frames.names, {target} if target else set())
    n_mentions = 0 if mentions is None else len(mentions)
    body = (f'<div class="tk-audit" id="{prefix}"><style>{CSS}</style>'
            + header_html(article, shown, len(all_quotes), n_mentions, speaker, target)
            + f'<div class="text">{render_spans(text, marks)}</div>'
            + quotes_table(rows, prefix, shown.columns) + "</div>")
    title = article.get("title")
    return ArticleView(article_id, "" if title is None or pd.isna(title) else str(title), body,
                       len(shown), len(all_quotes), n_mentions)
