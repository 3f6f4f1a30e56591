"""The HTML of the audit view (:mod:`toolkit.show`), piece by piece: the stylesheet,
escaping, the marks for quotes, cues, speaker mentions and entity mentions, the renderer
that nests (or splits) them over the article text, the header, the quotes table and the
stand-alone page. Every piece of article text goes through :func:`escape`.

Examples
--------
>>> text = "Ann said <hi>."
>>> render_spans(text, [Mark(0, 3, SPEAKER, "a", "spk"), Mark(4, 8, CUE, "span", "cue")])
'<a class="spk first last">Ann</a> <span class="cue first last">said</span> &lt;hi&gt;.'
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from toolkit.plot.common import KIND_COLORS
from toolkit.queries import UNATTRIBUTED, as_list, plural

__all__ = [
    "CONTENT_PREVIEW", "CSS", "CUE", "MENTION", "QUOTE", "SPEAKER", "Mark", "anchor_prefix",
    "date_text", "escape", "header_html", "html_page", "mention_marks", "quote_marks",
    "quotes_table", "render_spans", "slugify",
]

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


def escape(value: Any) -> str:
    """Text as HTML: ``<``, ``>``, ``&`` and both quotes escaped; missing -> ''."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def slugify(article_id: str, width: int = 60) -> str:
    """A file- and id-safe form of an article id ("feed:1" -> "feed_1").

    >>> slugify("feed:1/a b"), slugify("..."), slugify("")
    ('feed_1_a_b', 'article', 'article')
    """
    slug = _UNSAFE.sub("_", article_id).strip("._")[:width]
    return slug or "article"


def anchor_prefix(article_id: str) -> str:
    """Element ids of one article's view: readable, and unique per article id even
    when two ids have the same slug (two views in one notebook must not clash)."""
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:6]
    return f"tk-{slugify(article_id, 40)}-{digest}"


def date_text(value: Any) -> str:
    """A publication date as YYYY-MM-DD; '' when unknown."""
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) and not pd.isna(
        value) else ""


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


# --------------------------------------------------------------------------- spans


@dataclass
class Mark:
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
        rendered = "".join(f' {key}="{escape(value)}"' for key, value in attrs.items())
        return f"<{self.tag}{rendered}>" + (self.popup if first else "")


def render_spans(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, with every mark as an element; nested marks nest, crossing
    marks are split into fragments (classes ``first``/``last`` say which is which)."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    rank = {id(m): r for r, m in enumerate(sorted(
        usable, key=lambda m: (m.start, -m.end, m.layer)))}
    starts: dict[int, list[Mark]] = {}
    for m in usable:
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[str] = []
    stack: list[tuple[Mark, int, bool]] = []  # (mark, index of its open tag in out, first)
    active: list[Mark] = []
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


def html_page(title: str, body: str) -> str:
    """A stand-alone HTML page around ``body``, with a Content Security Policy that
    allows the inline style and nothing else."""
    # The policy allows the inline style and nothing else: no script runs, nothing loads.
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- marks


def _quote_note(row: Mapping[str, Any], number: int) -> str:
    """The pop-up lines for one quote: what the extraction decided about it."""
    facts = [f"quote {number}", str(row.get("kind") or "")]
    for column in ("speaker_resolution", "cue_class"):
        value = row.get(column)
        if isinstance(value, str) and value:
            facts.append(f"{column}: {value}")
    about = as_list(row.get("about"))
    facts.append("about: " + (", ".join(map(str, about)) if about else "—"))
    return f"<span>{escape(' · '.join(f for f in facts if f))}</span>"


def quote_marks(quotes: pd.DataFrame, prefix: str) -> tuple[list[Mark], list[dict]]:
    """Marks for the quotes' contents, cues and speaker mentions, and the rows (with
    their numbers) for the table. Quotes that share a speaker mention share its link."""
    marks: list[Mark] = []
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
            marks.append(Mark(start, end, QUOTE, "span", f"q q-{slugify(kind)}",
                               {"data-quote": str(row.get("quote_id")),
                                "title": f"quote {number} ({kind}) by {speaker}"},
                               {"id": anchor, "data-n": str(number)}))
        start, end = _int(row.get("cue_start")), _int(row.get("cue_end"))
        if start is not None and end is not None:
            cue_class = row.get("cue_class")
            title = f"cue of quote {number}" + (
                f" ({cue_class})" if isinstance(cue_class, str) and cue_class else "")
            marks.append(Mark(start, end, CUE, "span", "cue",
                               {"data-quote": str(row.get("quote_id")), "title": title}))
        start, end = _int(row.get("speaker_start")), _int(row.get("speaker_end"))
        if start is not None and end is not None:
            speakers.setdefault((start, end), []).append((number, row))
    for (start, end), served in speakers.items():
        first_number = served[0][0]
        names = sorted({str(r.get("speaker")) for _, r in served
                        if r.get("speaker") is not None and not pd.isna(r.get("speaker"))})
        popup = ('<span class="pop" role="tooltip"><span class="who"><b>'
                 + escape(", ".join(names) or UNATTRIBUTED) + "</b></span>"
                 + "".join(_quote_note(r, n) for n, r in served) + "</span>")
        marks.append(Mark(start, end, SPEAKER, "a", "spk",
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


def mention_marks(mentions: pd.DataFrame | None, names: Mapping[str, str],
                  hits: set[str]) -> list[Mark]:
    """Marks for the entity mentions: underlined, the canonical name (``names`` by
    entity id) on hover and written after a mention that says something else; the
    mentions of an entity named in ``hits`` are underlined more strongly."""
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
        classes = f"ent ent-{slugify(label)}" + (" named" if _renames(text, name) else "") + (
            " hit" if name in hits else "")
        marks.append(Mark(start, end, MENTION, "span", classes,
                           {"data-name": name,
                            "title": " · ".join(p for p in (name, label, resolution) if p)}))
    return marks


def header_html(article: Mapping[str, Any], shown: pd.DataFrame, total: int, n_mentions: int,
                speaker: str | None, target: str | None) -> str:
    """The view's heading: title, byline, source, date, the counts shown (and the filter
    applied), the article's status when not ok, and the legend."""
    title = article.get("title")
    aid = str(article["article_id"])
    meta = [f"by {escape(article.get('byline'))}" if escape(article.get("byline")) else "",
            escape(article.get("source")), date_text(article.get("published")),
            f"article_id {escape(aid)}"]
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
    return (f"<h1>{escape(title) if escape(title) else escape(aid)}</h1>"
            f'<p class="meta">{" · ".join(p for p in meta if p)}</p>'
            f'<p class="counts">{escape(counts)}</p>'
            + (f'<p class="note">status: {escape(status)}</p>' if status != "ok" else "")
            + f'<p class="legend">{legend}</p>')


def quotes_table(rows: list[dict], prefix: str, columns: Iterable[str]) -> str:
    """The table of the quotes after the text, each row linked to its quote's anchor
    (``rows`` as :func:`quote_marks` returns them, numbered)."""
    if not rows:
        return '<p class="note">No quotes to show.</p>'
    columns = [c for c in ("speaker", "speaker_text", "speaker_resolution", "cue",
                           "cue_class", "kind", "about", "content") if c in set(columns)]
    head = "<tr><th>#</th>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr>"
    body = []
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if column == "about":
                value = ", ".join(map(str, as_list(value)))
            elif column == "content" and isinstance(value, str) and len(value) > CONTENT_PREVIEW:
                value = value[: CONTENT_PREVIEW - 1] + "…"
            cells.append(f"<td>{escape(value)}</td>")
        body.append(f'<tr><td><a href="#{prefix}-q{row["_n"]}">{row["_n"]}</a></td>'
                    + "".join(cells) + "</tr>")
    return f'<table class="quotes">{head}{"".join(body)}</table>'
