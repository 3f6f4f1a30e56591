"""Tests for toolkit.show: the audit view marks every quote, cue, speaker and mention
where the frames say, keeps the article text exact, and never lets article text
become markup."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from html_dom import Node, Tree

from toolkit import show as show_mod
from toolkit.analysis import Analysis
from toolkit.frames import empty_frame, make_frame
from toolkit.framing import build_relations


def text_of(view_html: str) -> Node:
    """The article's text element (not the legend or the table)."""
    (text,) = Tree(view_html).root.find_all("div", "text")
    return text


def article_text(view_html: str) -> str:
    return text_of(view_html).text(skip="pop")


def make_result(text: str, quotes: list[dict], mentions: list[dict] = (),
                entities: list[dict] = (), article_id: str = "a1",
                title: str | None = None) -> Analysis:
    quotes_frame = make_frame("quotes", quotes)
    for column in ("speaker_resolution", "cue_class"):  # columns being added upstream
        if any(column in q for q in quotes):
            quotes_frame[column] = pd.array([q.get(column) for q in quotes], dtype="string")
    return Analysis(
        articles=make_frame("articles", [{"article_id": article_id, "text": text,
                                          "title": title, "status": "ok"}]),
        entities=make_frame("entities", list(entities)),
        mentions=make_frame("mentions", list(mentions)),
        quotes=quotes_frame, claims=empty_frame("claims"), errors=empty_frame("errors"),
        relations=build_relations(quotes_frame, empty_frame("claims")))


def quote(text: str, content: str, speaker_text: str, cue: str, **extra) -> dict:
    """A quote row whose offsets are found in ``text``."""
    row = {"quote_id": extra.pop("quote_id", "a1:q0"), "article_id": "a1",
           "speaker": extra.pop("speaker", "Ann Lee"), "speaker_text": speaker_text,
           "speaker_start": text.index(speaker_text),
           "speaker_end": text.index(speaker_text) + len(speaker_text), "cue": cue,
           "cue_start": text.index(cue), "cue_end": text.index(cue) + len(cue),
           "content": content, "content_start": text.index(content),
           "content_end": text.index(content) + len(content), "kind": "direct", "about": []}
    row.update(extra)
    return row


# --------------------------------------------------------------------------- escaping

HOSTILE = ('<script>alert(1)</script> Ann said: "<img src=x onerror=alert(2)> is '
           'fine & \'good\'". </div><style>body{display:none}</style>')


def hostile_result() -> Analysis:
    content = "<img src=x onerror=alert(2)> is fine & 'good'"
    return make_result(
        HOSTILE,
        [quote(HOSTILE, content, "Ann", "said", speaker='Ann "<b>x</b>" Lee',
               quote_id='a1:"q0"><script>', about=["<script>alert(3)</script>"])],
        title="<script>alert(4)</script>")


def test_article_markup_is_shown_as_text_and_never_becomes_markup():
    view = show_mod.show(hostile_result(), "a1")
    for markup in (view.html, view.page()):
        tree = Tree(markup).root
        assert not tree.find_all("script") and not tree.find_all("img")
        assert len(tree.find_all("style")) == 1  # ours, and only ours
        assert not any(n.attrs.get("onerror") is not None for n in tree.iter())
    assert article_text(view.html) == HOSTILE  # shown exactly, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.html
    assert "<script>alert(4)</script>" in Tree(view.page()).root.find_all("title")[0].text()


def test_page_allows_no_script_and_loads_nothing():
    page = show_mod.show(hostile_result(), "a1").page()
    assert page.startswith("<!DOCTYPE html>")
    tree = Tree(page).root
    (csp,) = [m for m in tree.find_all("meta")
              if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp.attrs["content"]
    assert "script-src" not in csp.attrs["content"]
    assert any(m.attrs.get("charset") == "utf-8" for m in tree.find_all("meta"))
    for node in tree.iter():
        assert "src" not in node.attrs
        href = node.attrs.get("href")
        assert href is None or href.startswith("#") or "://" not in href
    assert "url(" not in page and "@import" not in page


# --------------------------------------------------------------------------- marks


def test_seed_view_marks_every_quote_cue_speaker_and_mention(seed_analysis):
    result = seed_analysis
    aid = result.articles.loc[0, "article_id"]
    text = result.articles.loc[0, "text"]
    view = result.show(aid)
    tree = text_of(view.html)
    assert article_text(view.html) == text
    quotes = result.quotes_about()
    spans = [n for n in tree.find_all("span", "q") if "first" in n.classes]
    assert len(spans) == len(quotes) == view.n_quotes
    for number, q in enumerate(quotes.itertuples(index=False), start=1):
        (first,) = [n for n in spans if n.attrs["data-n"] == str(number)]
        assert f"q-{q.kind}" in first.classes and first.attrs["data-quote"] == q.quote_id
        fragments = [n for n in tree.find_all("span", "q")
                     if n.attrs["data-quote"] == q.quote_id]
        assert "".join(f.text(skip="pop") for f in fragments) == q.content
        cues = [n for n in tree.find_all("span", "cue") if n.attrs["data-quote"] == q.quote_id]
        assert "".join(c.text(skip="pop") for c in cues) == q.cue
        (link,) = [n for n in tree.find_all("a", "spk")
                   if q.quote_id in n.attrs["data-quotes"].split()]
        assert link.text(skip="pop") == q.speaker_text
        target = link.attrs["href"].lstrip("#")
        assert [n.attrs["data-quote"] for n in tree.iter() if n.attrs.get("id") == target] \
            in ([q.quote_id], [link.attrs["data-quotes"].split()[0]])
        (pop,) = link.find_all("span", "pop")
        assert q.speaker in pop.text()
        assert "about: " + (", ".join(q.about) or "—") in pop.text()
    mentions = tree.find_all("span", "ent")
    assert len({(n.attrs["title"]) for n in mentions}) > 1
    assert sum("first" in n.classes for n in mentions) == len(result.mentions)
    names = dict(zip(result.entities["entity_id"], result.entities["name"], strict=True))
    firsts = [n for n in mentions if "first" in n.classes]
    assert sorted(n.attrs["data-name"] for n in firsts) == sorted(
        names[e] for e in result.mentions["entity_id"])


def test_pronoun_mentions_carry_their_canonical_name(seed_analysis):
    view = seed_analysis.show(seed_analysis.articles.loc[0, "article_id"])
    tree = text_of(view.html)
    pronouns = seed_analysis.mentions.query("resolution == 'pronoun'")
    assert len(pronouns)
    named = tree.find_all("span", "named")
    assert {n.text(skip="pop").lower() for n in named} >= {
        t.lower() for t in pronouns["text"]}


def test_crossing_spans_are_split_and_the_text_stays_exact():
    text = "Ann Lee said that Bob Roy was right about it."
    content = "that Bob Roy was right"
    row = quote(text, content, "Ann Lee", "said")
    # A mention that starts inside the quote and ends after it crosses the quote span.
    start = text.index("right")
    mention = {"mention_id": "a1:m0", "article_id": "a1", "entity_id": "E1",
               "text": text[start: start + 14], "start": start, "end": start + 14,
               "label": "ORG", "resolution": "ner"}
    result = make_result(text, [row], [mention],
                         [{"entity_id": "E1", "name": "Right About", "label": "ORG"}])
    html = show_mod.show(result, "a1").html
    tree = text_of(html)  # well formed although the spans cross
    assert article_text(html) == text
    pieces = tree.find_all("span", "ent")
    assert len(pieces) == 2
    assert "first" in pieces[0].classes and "last" in pieces[1].classes
    assert "".join(p.text() for p in pieces) == mention["text"]


def test_quotes_sharing_a_speaker_mention_share_one_link():
    text = 'Ann said "one" and "two".'
    rows = [quote(text, "one", "Ann", "said", quote_id="a1:q0"),
            quote(text, "two", "Ann", "said", quote_id="a1:q1")]
    tree = text_of(show_mod.show(make_result(text, rows), "a1").html)
    (link,) = tree.find_all("a", "spk")
    assert link.attrs["data-quotes"].split() == ["a1:q0", "a1:q1"]
    assert link.find_all("span", "pop")[0].text().count("quote ") == 2


def test_resolution_and_cue_class_shown_when_the_frame_has_them():
    text = 'He said "yes".'
    plain = make_result(text, [quote(text, "yes", "He", "said", about=["Bob Roy"])])
    pop = text_of(show_mod.show(plain, "a1").html).find_all("span", "pop")[0].text()
    assert "speaker_resolution" not in pop and "cue_class" not in pop
    assert "Ann Lee" in pop and "about: Bob Roy" in pop
    richer = make_result(text, [quote(text, "yes", "He", "said", speaker_resolution="pronoun",
                                      cue_class="speech")])
    pop = text_of(show_mod.show(richer, "a1").html).find_all("span", "pop")[0].text()
    assert "speaker_resolution: pronoun" in pop and "cue_class: speech" in pop
    table = Tree(show_mod.show(richer, "a1").html).root.find_all("table")[0]
    assert {"speaker_resolution", "cue_class"} <= {th.text() for th in table.find_all("th")}


def test_filters_keep_the_matching_quotes(seed_analysis):
    result = seed_analysis
    aid = result.articles.loc[0, "article_id"]
    speaker = result.quotes["speaker"].value_counts().index[0]
    view = result.show(aid, speaker=speaker)
    tree = Tree(view.html).root
    shown = {n.attrs["data-quote"] for n in tree.find_all("span", "q")}
    assert shown == set(result.quotes_about(speaker)["quote_id"])
    assert view.n_quotes < view.n_quotes_total == len(result.quotes)
    assert f"speaker = {speaker}" in tree.find_all("p", "counts")[0].text()
    target = "Donald Trump"
    view = result.show(aid, target=target)
    tree = Tree(view.html).root
    assert {n.attrs["data-quote"] for n in tree.find_all("span", "q")} == set(
        result.quotes_about(target=target)["quote_id"])
    hits = text_of(view.html).find_all("span", "hit")
    assert hits and {n.attrs["data-name"] for n in hits} == {target}


def test_unknown_article_names_known_ids(seed_analysis):
    with pytest.raises(KeyError, match="no article 'nope'.*000_"):
        seed_analysis.show("nope")


def test_view_is_deterministic_and_frames_untouched(seed_analysis):
    aid = seed_analysis.articles.loc[0, "article_id"]
    before = {name: frame.copy(deep=True) for name, frame in seed_analysis.frames().items()}
    assert seed_analysis.show(aid).html == seed_analysis.show(aid).html
    for name, frame in seed_analysis.frames().items():
        pd.testing.assert_frame_equal(frame, before[name])
    assert repr(seed_analysis.show(aid)).startswith(f"ArticleView({aid!r}: ")


def test_article_without_text_or_quotes_still_renders():
    result = make_result("", [])
    result.articles.loc[0, "status"] = "skipped: binary"
    html = show_mod.show(result, "a1").html
    assert "status: skipped: binary" in html and "No quotes to show." in html


# --------------------------------------------------------------------------- pages


def test_write_pages_writes_one_page_per_article_and_an_index(tmp_path: Path):
    text = 'Ann said "yes".'
    base = make_result(text, [quote(text, "yes", "Ann", "said")])
    articles = pd.concat([base.articles, base.articles.assign(article_id="a/1"),
                          base.articles.assign(article_id="a:1")], ignore_index=True)
    result = Analysis(articles, base.entities, base.mentions, base.quotes, base.claims,
                      base.errors, base.relations)
    paths = show_mod.write_pages(result, tmp_path / "html")
    names = [p.name for p in paths]
    assert names == ["a1.html", "a_1.html", "a_1-2.html", "index.html"]
    index = Tree(paths[-1].read_text(encoding="utf-8")).root
    links = [a.attrs["href"] for a in index.find_all("a")]
    assert links == names[:-1]
    for path in paths[:-1]:
        page = Tree(path.read_text(encoding="utf-8")).root
        assert [a.attrs["href"] for a in page.find_all("a") if a.text().startswith("←")] == [
            "index.html"]
    assert "1</td>" in paths[-1].read_text(encoding="utf-8")  # a1's quote count


# --------------------------------------------------------------------------- audit sheet


def test_audit_sheet_numbers_quotes_as_their_pages_do(seed_analysis, tmp_path):
    aid = seed_analysis.articles.loc[0, "article_id"]
    sheet = show_mod.audit_sheet(seed_analysis, [aid])
    assert sheet["quote_id"].tolist() == seed_analysis.quotes_about()["quote_id"].tolist()
    (page,) = set(sheet["page"])
    paths = show_mod.write_pages(seed_analysis, tmp_path, article_ids=[aid])
    assert paths[0].name == page
    text = text_of(paths[0].read_text(encoding="utf-8"))
    numbered = {n.attrs["data-n"]: n.attrs["data-quote"]
                for n in text.find_all("span", "q") if "first" in n.classes}
    assert {str(n): q for n, q in zip(sheet["n"], sheet["quote_id"], strict=True)} == numbered
    assert (sheet[list(show_mod.VERDICTS)] == "").all().all()


def test_audit_scores_count_checked_verdicts_with_an_interval():
    sheet = pd.DataFrame({"speaker_ok": ["y", "Y", "n", "", None, True],
                          "content_ok": [""] * 6, "about_ok": ["n"] * 6})
    scores = show_mod.audit_scores(sheet)
    assert scores.loc["speaker_ok", ["checked", "correct"]].tolist() == [4, 3]
    assert scores.loc["speaker_ok", "low"] < 0.75 < scores.loc["speaker_ok", "high"]
    assert scores.loc["content_ok", "checked"] == 0 and pd.isna(scores.loc["content_ok", "share"])
    assert scores.loc["about_ok", "share"] == 0.0 and scores.loc["about_ok", "low"] == 0.0
    with pytest.raises(ValueError, match="y, n or blank"):
        show_mod.audit_scores(pd.DataFrame({"speaker_ok": ["maybe"]}))
