"""The audit view: an article with every quote, cue, speaker and entity mention marked.

A count is only as good as the quotes behind it. :func:`show` (``result.show(article_id)``)
renders one article from the frames, so a reader can check each extraction in place:

- each quote's content is highlighted by kind (direct, indirect, mixed; the colours of
  :mod:`toolkit.plot`) with its number at the start;
- its cue ("said") is boxed;
- its speaker mention ("he", "the Russian leader") is a link to the quote, and hovering,
  focusing or clicking it pops up the resolved speaker with ``speaker_resolution``,
  ``cue_class`` (when the quotes frame has those columns), the kind and ``about``;
- every entity mention is underlined, with its canonical name on hover, and written
  after it when the text says something else ("he" -> Donald Trump);
- a table of the quotes follows the text, each row linked to its place.

The view is plain HTML and CSS (no script, no external assets: it works offline and in
a notebook), every piece of article text is escaped (a ``<script>`` in an article is
shown, never run), and the stand-alone page forbids scripts in its Content Security
Policy as a second lock. Spans may nest or cross (a mention inside a quote, two quotes
sharing a speaker mention): crossing spans are split into fragments, so the markup
stays well formed and the text between the tags is exactly ``articles.text``.

spaCy's displaCy span renderer was considered: it draws overlapping spans as stacked
bars under tokens, but a span there is a label only (no link, no pop-up, no nesting of
quote, cue and speaker), and it needs the parsed Doc, which the result does not keep.

The HTML pieces are in :mod:`toolkit.markup`, the assembly of one article's view in
:mod:`toolkit.article_view`; this module holds the entry points (one article, a folder
of pages, a sheet for auditing a sample) and re-exports the names it held before
(``ArticleView``, ``CSS``, ``render_spans``, the layer constants) from where they live.

Examples
--------
>>> import toolkit as tk
>>> result = tk.analyze(tk.load_articles("seeds/"))
>>> view = show(result, result.articles.loc[0, "article_id"])
>>> view.n_quotes == len(result.quotes)
True
>>> html = view._repr_html_()
>>> html.count('class="pop"') >= 1 and "<script" not in html
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.article_view import ArticleView, ViewFrames, build_view
from toolkit.markup import CONTENT_PREVIEW as CONTENT_PREVIEW
from toolkit.markup import CSS, date_text, escape, html_page, slugify
from toolkit.markup import CUE as CUE
from toolkit.markup import MENTION as MENTION
from toolkit.markup import QUOTE as QUOTE
from toolkit.markup import SPEAKER as SPEAKER
from toolkit.markup import render_spans as render_spans
from toolkit.queries import as_list, frame_of, plural, quotes_about

__all__ = ["VERDICTS", "ArticleView", "audit_scores", "audit_sheet", "page_names", "show",
           "write_pages"]


def show(result: Any, article_id: str, *, speaker: str | None = None,
         target: str | None = None) -> ArticleView:
    """Article ``article_id`` of ``result`` with its quotes, cues, speaker mentions and
    entity mentions marked (see the module notes); ``speaker`` (a canonical name) and
    ``target`` (a name in ``about``) keep only the matching quotes, and mentions of the
    target are underlined more strongly. The frames are not mutated.

    Raises KeyError (naming some ids) for an article that is not in the result.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from toolkit.frames import make_frame
    >>> text = 'Ann said "<b>hi</b>".'
    >>> result = SimpleNamespace(
    ...     articles=make_frame("articles", [{"article_id": "a1", "text": text}]),
    ...     quotes=make_frame("quotes", [{
    ...         "quote_id": "a1:q0", "article_id": "a1", "speaker": "Ann Lee",
    ...         "speaker_text": "Ann", "speaker_start": 0, "speaker_end": 3, "cue": "said",
    ...         "cue_start": 4, "cue_end": 8, "content": "<b>hi</b>", "content_start": 10,
    ...         "content_end": 19, "kind": "direct", "about": []}]))
    >>> view = show(result, "a1")
    >>> view
    ArticleView('a1': 1 quote, 0 mentions)
    >>> "&lt;b&gt;hi&lt;/b&gt;" in view.html and "<b>hi</b>" not in view.html
    True
    """
    return build_view(ViewFrames.of(result), result, str(article_id), speaker, target)


# --------------------------------------------------------------------------- a folder of pages


def page_names(article_ids: Iterable[str]) -> dict[str, str]:
    """A file name per article id: its slug + ``.html``, made unique in order (a second
    "a_b" becomes "a_b-2"); ``index.html`` is reserved for the index page.

    >>> page_names(["feed:1", "feed/1", "index"])
    {'feed:1': 'feed_1.html', 'feed/1': 'feed_1-2.html', 'index': 'index-2.html'}
    """
    taken = {"index"}
    names: dict[str, str] = {}
    for article_id in article_ids:
        base = stem = slugify(str(article_id))
        count = 1
        while stem.lower() in taken:
            count += 1
            stem = f"{base}-{count}"
        taken.add(stem.lower())
        names[str(article_id)] = f"{stem}.html"
    return names


def _index(frames: ViewFrames, names: Mapping[str, str], result: Any) -> str:
    quotes = frame_of(result, "quotes")
    rows = []
    for article_id, file_name in names.items():
        article = frames.articles.loc[article_id]
        if isinstance(article, pd.DataFrame):
            article = article.iloc[0]
        group = frames.quotes.get(article_id, quotes.iloc[:0])
        top = group["speaker"].dropna().astype(str).value_counts() if len(group) else {}
        speakers = ", ".join(f"{name} ({int(n)})" for name, n in
                             sorted(dict(top).items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        rows.append(
            f'<tr><td><a href="{escape(file_name)}">'
            f'{escape(article.get("title")) or escape(article_id)}'
            f"</a></td><td>{escape(article_id)}</td><td>{date_text(article.get('published'))}</td>"
            f"<td>{escape(article.get('source'))}</td><td>{escape(article.get('status'))}</td>"
            f"<td>{len(group)}</td><td>{escape(speakers)}</td></tr>")
    head = ("<tr><th>article</th><th>article_id</th><th>published</th><th>source</th>"
            "<th>status</th><th>quotes</th><th>top speakers</th></tr>")
    n_quotes = sum(len(frames.quotes.get(a, ())) for a in names)
    body = (f'<div class="tk-audit"><style>{CSS}</style><h1>Audit: who said what</h1>'
            f'<p class="counts">{plural(len(names), "article")} · {plural(n_quotes, "quote")}'
            "</p><table>" + head + "".join(rows) + "</table></div>")
    return html_page("Audit: who said what", body)


def write_pages(result: Any, folder: str | os.PathLike[str], *,
                article_ids: Iterable[str] | None = None, speaker: str | None = None,
                target: str | None = None) -> list[Path]:
    """Write one self-contained page per article (all of them, or ``article_ids``) and
    an ``index.html`` linking them into ``folder`` (created when missing); returns the
    paths written, the index last. File names come from :func:`page_names`.

    Examples
    --------
    >>> import tempfile, toolkit as tk
    >>> result = tk.analyze(tk.load_articles("seeds/"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_pages(result, tmp)
    ...     [p.name for p in paths] == [*page_names(result.articles["article_id"]).values(),
    ...                                 "index.html"]
    True
    """
    frames = ViewFrames.of(result)
    ids = list(frames.articles.index) if article_ids is None else [str(a) for a in article_ids]
    names = page_names(ids)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for article_id, file_name in names.items():
        view = build_view(frames, result, article_id, speaker, target)
        written.append(view.save(folder / file_name, index="index.html"))
    index = folder / "index.html"
    index.write_text(_index(frames, names, result), encoding="utf-8")
    written.append(index)
    return written


# --------------------------------------------------------------------------- auditing a sample

VERDICTS = ("speaker_ok", "content_ok", "about_ok")


def audit_sheet(result: Any, article_ids: Iterable[str] | None = None, *,
                speaker: str | None = None, target: str | None = None) -> pd.DataFrame:
    """One row per quote of ``article_ids`` (all articles when None), in the order and
    with the numbers of their pages (:func:`write_pages`), plus empty verdict columns
    (``speaker_ok``, ``content_ok``, ``about_ok``: fill in ``y`` or ``n``) and a ``note``.

    Save it for a spreadsheet with ``toolkit.export.write_csv(sheet, path, excel=True)``
    (formula-like cells neutralised), read it back after checking, and score it with
    :func:`audit_scores`. The frames are not mutated.

    Examples
    --------
    >>> import toolkit as tk
    >>> result = tk.analyze(tk.load_articles("seeds/"))
    >>> sheet = audit_sheet(result)
    >>> len(sheet) == len(result.quotes), sheet["n"].tolist()[:3]
    (True, [1, 2, 3])
    >>> bool(sheet[list(VERDICTS)].eq("").all().all())
    True
    """
    frames = ViewFrames.of(result)
    ids = list(frames.articles.index) if article_ids is None else [str(a) for a in article_ids]
    names = page_names(ids)
    parts = []
    empty = frame_of(result, "quotes").iloc[:0]
    for article_id in names:
        shown = quotes_about(frames.quotes.get(article_id, empty), speaker, target)
        parts.append(shown.assign(page=names[article_id], n=range(1, len(shown) + 1)))
    quotes = pd.concat(parts, ignore_index=True) if parts else empty.assign(page=[], n=[])
    sheet = pd.DataFrame({
        "page": quotes["page"].astype(str), "n": quotes["n"].astype("int64"),
        "quote_id": quotes["quote_id"], "speaker": quotes["speaker"],
        "speaker_text": quotes["speaker_text"], "cue": quotes["cue"], "kind": quotes["kind"],
        "about": quotes["about"].map(lambda v: "; ".join(map(str, as_list(v)))),
        "content": quotes["content"],
    })
    for column in (*VERDICTS, "note"):
        sheet[column] = ""
    return sheet


def _verdict(value: Any, where: str) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip().lower()
    if text in ("", "?"):
        return None
    if text in ("y", "n"):
        return text == "y"
    raise ValueError(f"{where}: a verdict is y, n or blank, got {value!r}")


def audit_scores(sheet: pd.DataFrame) -> pd.DataFrame:
    """Share of checked quotes marked correct per verdict column of a filled-in
    :func:`audit_sheet`, with a 95% Wilson interval (the sample is a sample): columns
    checked, correct, share, low, high. Blank verdicts are not counted.

    Examples
    --------
    >>> sheet = pd.DataFrame({"speaker_ok": ["y", "y", "n", ""], "content_ok": ["y"] * 4})
    >>> audit_scores(sheet).loc["speaker_ok", ["checked", "correct"]].tolist()
    [3, 2]
    >>> round(float(audit_scores(sheet).loc["content_ok", "low"]), 2)
    0.51
    """
    rows = {}
    for column in (c for c in VERDICTS if c in sheet.columns):
        marks = [_verdict(v, f"{column} row {i}") for i, v in enumerate(sheet[column])]
        checked = [m for m in marks if m is not None]
        n, k = len(checked), sum(checked)
        share = k / n if n else float("nan")
        low = high = float("nan")
        if n:
            z = 1.959964
            centre = (share + z * z / (2 * n)) / (1 + z * z / n)
            half = z * ((share * (1 - share) + z * z / (4 * n)) / n) ** 0.5 / (1 + z * z / n)
            low, high = max(0.0, centre - half), min(1.0, centre + half)
        rows[column] = {"checked": n, "correct": k, "share": share, "low": low, "high": high}
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["checked", "correct", "share", "low", "high"])
