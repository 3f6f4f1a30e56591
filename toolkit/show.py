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

import hashlib
import html
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.plot import KIND_COLORS
from toolkit.queries import UNATTRIBUTED, as_list, frame_of, plural, quotes_about

__all__ = ["VERDICTS", "ArticleView", "audit_scores", "audit_sheet", "page_names", "show",
           "write_pages"]

# Nesting order for spans with the same extent: the quote outside, then the speaker
# mention, the cue, and the entity mention innermost.
QUOTE, SPEAKER, CUE, MENTION = range(4)
CONTENT_PREVIEW = 240  # characters of a quote's content shown in the table

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_WORD = re.compile(r"\w+")


def _tint(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


_KIND_CSS = "\n".join(
    f".tk-audit .q-{kind}{{background:{_tint(color, 0.16)};"
    f"box-shadow:inset 0 -2px 0 {_tint(color, 0.55)}}}\n"
    f".tk-audit .q-{kind}.first::before{{background:{color}}}\n"
    f".tk-audit .sw-{kind}{{background:{_tint(color, 0.35)}}}"
    for kind, color in KIND_COLORS.items())

CSS = """
.tk-audit{font-family:Georgia,'Times New Roman',serif;color:#1b1b1b;background:#fff;
  line-height:1.7;max-width:52em;padding:0.5em 1em;}
.tk-audit h1{font-size:1.35em;margin:0.2em 0;font-family:system-ui,sans-serif;}
.tk-audit .meta,.tk-audit .counts,.tk-audit .legend,.tk-audit .note{
  font-family:system-ui,sans-serif;font-size:0.85em;color:#444;margin:0.2em 0;}
.tk-audit .legend span{margin-right:0.9em;white-space:nowrap;}
.tk-audit .sw{display:inline-block;width:0.9em;height:0.9em;vertical-align:-0.1em;
  margin-right:0.25em;border-radius:2px;}
.tk-audit .text{white-space:pre-wrap;margin:0.8em 0;font-size:1.05em;}
.tk-audit .q{border-radius:2px;}
.tk-audit .q.first::before{content:attr(data-n);color:#fff;font:bold 0.62em system-ui,sans-serif;
  padding:0 0.3em;margin-right:0.2em;border-radius:2px;vertical-align:0.35em;}
.tk-audit .q:target{outline:2px solid #cc79a7;}
.tk-audit .cue{outline:1.5px solid #555;outline-offset:-1px;border-radius:2px;font-weight:bold;}
.tk-audit a.spk{position:relative;color:#5a2a82;font-weight:bold;text-decoration:none;
  border-bottom:2px dotted #5a2a82;cursor:pointer;}
.tk-audit .pop{display:none;position:absolute;left:0;top:1.5em;z-index:10;width:max-content;
  max-width:26em;white-space:normal;background:#fffbe6;color:#1b1b1b;border:1px solid #b8a14a;
  border-radius:4px;box-shadow:0 2px 6px rgba(0,0,0,0.25);padding:0.35em 0.6em;
  font:normal 0.8em/1.45 system-ui,sans-serif;}
.tk-audit .pop b{font-weight:bold;}
.tk-audit .pop span{display:block;}
.tk-audit a.spk:hover .pop,.tk-audit a.spk:focus .pop,.tk-audit a.spk:target .pop{display:block;}
.tk-audit .ent{text-decoration:underline;text-decoration-color:#777;
  text-decoration-thickness:1px;text-underline-offset:3px;}
.tk-audit .ent.hit{text-decoration-color:#d55e00;text-decoration-thickness:3px;}
.tk-audit .ent.named.last::after{content:attr(data-name);font:0.62em system-ui,sans-serif;
  color:#555;background:#eee;border-radius:2px;padding:0 0.25em;margin-left:0.15em;
  vertical-align:-0.2em;}
.tk-audit table{border-collapse:collapse;font:0.8em/1.4 system-ui,sans-serif;margin-top:0.6em;}
.tk-audit th,.tk-audit td{border-bottom:1px solid #ddd;padding:0.2em 0.5em;text-align:left;
  vertical-align:top;}
.tk-audit th{background:#f3f3f3;}
""" + _KIND_CSS + "\n"


def _esc(value: Any) -> str:
    """Text as HTML: ``<``, ``>``, ``&`` and both quotes escaped; missing -> ''."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _slug(article_id: str, width: int = 60) -> str:
    """A file- and id-safe form of an article id ("feed:1" -> "feed_1").

    >>> _slug("feed:1/a b"), _slug("..."), _slug("")
    ('feed_1_a_b', 'article', 'article')
    """
    slug = _UNSAFE.sub("_", article_id).strip("._")[:width]
    return slug or "article"


def _anchor_prefix(article_id: str) -> str:
    """Element ids of one article's view: readable, and unique per article id even
    when two ids have the same slug (two views in one notebook must not clash)."""
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:6]
    return f"tk-{_slug(article_id, 40)}-{digest}"


def _date(value: Any) -> str:
    """A publication date as YYYY-MM-DD; '' when unknown."""
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) and not pd.isna(
        value) else ""


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


# --------------------------------------------------------------------------- spans


@dataclass
class _Mark:
    """One span to mark: [start, end) of the text, as the element ``tag``."""

    start: int
    end: int
    layer: int
    tag: str
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)
    first_attrs: dict[str, str] = field(default_factory=dict)  # id: first fragment only
    popup: str = ""  # HTML placed inside the first fragment

    def open_tag(self, *, first: bool, last: bool) -> str:
        classes = self.classes + (" first" if first else "") + (" last" if last else "")
        attrs = {"class": classes, **self.attrs, **(self.first_attrs if first else {})}
        rendered = "".join(f' {key}="{_esc(value)}"' for key, value in attrs.items())
        return f"<{self.tag}{rendered}>" + (self.popup if first else "")


def render_spans(text: str, marks: Sequence[_Mark]) -> str:
    """``text`` escaped, with every mark as an element; nested marks nest, crossing
    marks are split into fragments (classes ``first``/``last`` say which is which)."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    rank = {id(m): r for r, m in enumerate(sorted(
        usable, key=lambda m: (m.start, -m.end, m.layer)))}
    starts: dict[int, list[_Mark]] = {}
    for m in usable:
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[str] = []
    stack: list[tuple[_Mark, int, bool]] = []  # (mark, index of its open tag in out, first)
    active: list[_Mark] = []
    seen: set[int] = set()

    def close(position: int) -> None:
        mark, index, first = stack.pop()
        out[index] = mark.open_tag(first=first, last=position >= mark.end)
        out.append(f"</{mark.tag}>")

    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        active.sort(key=lambda m: rank[id(m)])
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep][0] is active[keep]:
            keep += 1
        while len(stack) > keep:
            close(a)
        for mark in active[keep:]:
            stack.append((mark, len(out), id(mark) not in seen))
            seen.add(id(mark))
            out.append("")  # the open tag, written when the fragment closes
        out.append(html.escape(text[a:b], quote=False))
    while stack:
        close(len(text))
    return "".join(out)


# --------------------------------------------------------------------------- the view


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
        nav = (f'<p class="note"><a href="{_esc(index)}">&larr; all articles</a></p>'
               if index else "")
        return _page(self.title or self.article_id, nav + self.html)

    def save(self, path: str | os.PathLike[str], *, index: str | None = None) -> Path:
        """Write :meth:`page` to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.page(index=index), encoding="utf-8")
        return path


def _page(title: str, body: str) -> str:
    # The policy allows the inline style and nothing else: no script runs, nothing loads.
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        f"<title>{_esc(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


@dataclass
class _Frames:
    """The frames one view reads, grouped by article once (for a corpus of pages)."""

    articles: pd.DataFrame
    quotes: dict[str, pd.DataFrame]
    mentions: dict[str, pd.DataFrame]
    names: dict[str, str]

    @classmethod
    def of(cls, result: Any) -> _Frames:
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


def _quote_note(row: Mapping[str, Any], number: int) -> str:
    """The pop-up lines for one quote: what the extraction decided about it."""
    facts = [f"quote {number}", str(row.get("kind") or "")]
    for column in ("speaker_resolution", "cue_class"):
        value = row.get(column)
        if isinstance(value, str) and value:
            facts.append(f"{column}: {value}")
    about = as_list(row.get("about"))
    facts.append("about: " + (", ".join(map(str, about)) if about else "—"))
    return f"<span>{_esc(' · '.join(f for f in facts if f))}</span>"


def _quote_marks(quotes: pd.DataFrame, prefix: str) -> tuple[list[_Mark], list[dict]]:
    """Marks for the quotes' contents, cues and speaker mentions, and the rows (with
    their numbers) for the table. Quotes that share a speaker mention share its link."""
    marks: list[_Mark] = []
    rows = quotes.to_dict("records")
    speakers: dict[tuple[int, int], list[tuple[int, dict]]] = {}
    for number, row in enumerate(rows, start=1):
        row["_n"] = number
        anchor = f"{prefix}-q{number}"
        kind = str(row.get("kind") or "unknown")
        speaker = row.get("speaker")
        speaker = UNATTRIBUTED if speaker is None or pd.isna(speaker) else str(speaker)
        start, end = _int(row.get("content_start")), _int(row.get("content_end"))
        if start is not None and end is not None:
            marks.append(_Mark(start, end, QUOTE, "span", f"q q-{_slug(kind)}",
                               {"data-quote": str(row.get("quote_id")),
                                "title": f"quote {number} ({kind}) by {speaker}"},
                               {"id": anchor, "data-n": str(number)}))
        start, end = _int(row.get("cue_start")), _int(row.get("cue_end"))
        if start is not None and end is not None:
            cue_class = row.get("cue_class")
            title = f"cue of quote {number}" + (
                f" ({cue_class})" if isinstance(cue_class, str) and cue_class else "")
            marks.append(_Mark(start, end, CUE, "span", "cue",
                               {"data-quote": str(row.get("quote_id")), "title": title}))
        start, end = _int(row.get("speaker_start")), _int(row.get("speaker_end"))
        if start is not None and end is not None:
            speakers.setdefault((start, end), []).append((number, row))
    for (start, end), served in speakers.items():
        first_number = served[0][0]
        names = sorted({str(r.get("speaker")) for _, r in served
                        if r.get("speaker") is not None and not pd.isna(r.get("speaker"))})
        popup = ('<span class="pop" role="tooltip"><span class="who"><b>'
                 + _esc(", ".join(names) or UNATTRIBUTED) + "</b></span>"
                 + "".join(_quote_note(r, n) for n, r in served) + "</span>")
        marks.append(_Mark(start, end, SPEAKER, "a", "spk",
                           {"href": f"#{prefix}-q{first_number}",
                            "data-quotes": " ".join(str(r.get("quote_id")) for _, r in served)},
                           {"id": f"{prefix}-s{first_number}"}, popup))
    return marks, rows


def _renames(text: str, name: str) -> bool:
    """Whether a mention says something other than its entity's name ("he", "the
    Russian leader" for Vladimir Putin; not "Putin"): then the name is written after it.

    >>> _renames("he", "Donald Trump"), _renames("President-elect Trump", "Donald Trump")
    (True, False)
    """
    words = set(_WORD.findall(name.lower()))
    return not words & set(_WORD.findall(text.lower()))


def _mention_marks(mentions: pd.DataFrame | None, names: Mapping[str, str],
                   hits: set[str]) -> list[_Mark]:
    if mentions is None or mentions.empty:
        return []
    marks = []
    for m in mentions.to_dict("records"):
        start, end = _int(m.get("start")), _int(m.get("end"))
        if start is None or end is None:
            continue
        text = str(m.get("text") or "")
        name = names.get(str(m.get("entity_id")), text)
        label = str(m.get("label") or "")
        resolution = str(m.get("resolution") or "")
        classes = f"ent ent-{_slug(label)}" + (" named" if _renames(text, name) else "") + (
            " hit" if name in hits else "")
        marks.append(_Mark(start, end, MENTION, "span", classes,
                           {"data-name": name,
                            "title": " · ".join(p for p in (name, label, resolution) if p)}))
    return marks


def _header(article: Mapping[str, Any], shown: pd.DataFrame, total: int, n_mentions: int,
            speaker: str | None, target: str | None) -> str:
    title = article.get("title")
    aid = str(article["article_id"])
    meta = [f"by {_esc(article.get('byline'))}" if _esc(article.get("byline")) else "",
            _esc(article.get("source")), _date(article.get("published")),
            f"article_id {_esc(aid)}"]
    kinds = shown["kind"].astype("object").fillna("unknown").value_counts() if len(shown) \
        else pd.Series(dtype="int64")
    by_kind = ", ".join(f"{int(kinds[k])} {k}" for k in sorted(kinds.index, key=str))
    counts = plural(len(shown), "quote") + (f" ({by_kind})" if by_kind else "")
    if speaker is not None or target is not None:
        wanted = " and ".join(p for p in (f"speaker = {speaker}" if speaker else "",
                                          f"about {target}" if target else "") if p)
        counts += f" of {total}, filtered: {wanted}"
    counts += f" · {plural(n_mentions, 'entity mention')}"
    status = str(article.get("status") or "ok")
    legend = "".join(f'<span><i class="sw sw-{k}"></i>{k} quote</span>' for k in KIND_COLORS)
    legend += ('<span><b class="cue">&nbsp;cue&nbsp;</b></span>'
               '<span><a class="spk">speaker</a> (hover or click)</span>'
               '<span><span class="ent">entity mention</span></span>')
    return (f"<h1>{_esc(title) if _esc(title) else _esc(aid)}</h1>"
            f'<p class="meta">{" · ".join(p for p in meta if p)}</p>'
            f'<p class="counts">{_esc(counts)}</p>'
            + (f'<p class="note">status: {_esc(status)}</p>' if status != "ok" else "")
            + f'<p class="legend">{legend}</p>')


def _table(rows: list[dict], prefix: str, columns: Iterable[str]) -> str:
    if not rows:
        return '<p class="note">No quotes to show.</p>'
    columns = [c for c in ("speaker", "speaker_text", "speaker_resolution", "cue",
                           "cue_class", "kind", "about", "content") if c in set(columns)]
    head = "<tr><th>#</th>" + "".join(f"<th>{_esc(c)}</th>" for c in columns) + "</tr>"
    body = []
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if column == "about":
                value = ", ".join(map(str, as_list(value)))
            elif column == "content" and isinstance(value, str) and len(value) > CONTENT_PREVIEW:
                value = value[: CONTENT_PREVIEW - 1] + "…"
            cells.append(f"<td>{_esc(value)}</td>")
        body.append(f'<tr><td><a href="#{prefix}-q{row["_n"]}">{row["_n"]}</a></td>'
                    + "".join(cells) + "</tr>")
    return f'<table class="quotes">{head}{"".join(body)}</table>'


def _view(frames: _Frames, result: Any, article_id: str, speaker: str | None,
          target: str | None) -> ArticleView:
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
    prefix = _anchor_prefix(article_id)
    marks, rows = _quote_marks(shown, prefix)
    mentions = frames.mentions.get(article_id)
    marks += _mention_marks(mentions, frames.names, {target} if target else set())
    n_mentions = 0 if mentions is None else len(mentions)
    body = (f'<div class="tk-audit" id="{prefix}"><style>{CSS}</style>'
            + _header(article, shown, len(all_quotes), n_mentions, speaker, target)
            + f'<div class="text">{render_spans(text, marks)}</div>'
            + _table(rows, prefix, shown.columns) + "</div>")
    title = article.get("title")
    return ArticleView(article_id, "" if title is None or pd.isna(title) else str(title), body,
                       len(shown), len(all_quotes), n_mentions)


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
    return _view(_Frames.of(result), result, str(article_id), speaker, target)


def page_names(article_ids: Iterable[str]) -> dict[str, str]:
    """A file name per article id: its slug + ``.html``, made unique in order (a second
    "a_b" becomes "a_b-2"); ``index.html`` is reserved for the index page.

    >>> page_names(["feed:1", "feed/1", "index"])
    {'feed:1': 'feed_1.html', 'feed/1': 'feed_1-2.html', 'index': 'index-2.html'}
    """
    taken = {"index"}
    names: dict[str, str] = {}
    for article_id in article_ids:
        base = stem = _slug(str(article_id))
        count = 1
        while stem.lower() in taken:
            count += 1
            stem = f"{base}-{count}"
        taken.add(stem.lower())
        names[str(article_id)] = f"{stem}.html"
    return names


def _index(frames: _Frames, names: Mapping[str, str], result: Any) -> str:
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
            f'<tr><td><a href="{_esc(file_name)}">{_esc(article.get("title")) or _esc(article_id)}'
            f"</a></td><td>{_esc(article_id)}</td><td>{_date(article.get('published'))}</td>"
            f"<td>{_esc(article.get('source'))}</td><td>{_esc(article.get('status'))}</td>"
            f"<td>{len(group)}</td><td>{_esc(speakers)}</td></tr>")
    head = ("<tr><th>article</th><th>article_id</th><th>published</th><th>source</th>"
            "<th>status</th><th>quotes</th><th>top speakers</th></tr>")
    n_quotes = sum(len(frames.quotes.get(a, ())) for a in names)
    body = (f'<div class="tk-audit"><style>{CSS}</style><h1>Audit: who said what</h1>'
            f'<p class="counts">{plural(len(names), "article")} · {plural(n_quotes, "quote")}'
            "</p><table>" + head + "".join(rows) + "</table></div>")
    return _page("Audit: who said what", body)


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
    frames = _Frames.of(result)
    ids = list(frames.articles.index) if article_ids is None else [str(a) for a in article_ids]
    names = page_names(ids)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for article_id, file_name in names.items():
        view = _view(frames, result, article_id, speaker, target)
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
    frames = _Frames.of(result)
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
