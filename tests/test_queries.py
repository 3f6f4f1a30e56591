"""Tests for toolkit.queries: selecting quotes, reading them as text, the result's query
methods and the aliases kept in toolkit.plot."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit import plot, queries
from toolkit.frames import make_frame


def small_text_quotes() -> pd.DataFrame:
    return make_frame("quotes", [
        {"quote_id": "q2", "article_id": "a1", "speaker": "Ann Lee", "speaker_text": "she",
         "cue": "said", "content": "Bob  is\nright.", "content_start": 50, "kind": "direct",
         "about": ["Bob Roy"]},
        {"quote_id": "q1", "article_id": "a1", "speaker": "Ann Lee", "speaker_text": "Lee",
         "cue": "added", "content": "Bob " * 40, "content_start": 10, "kind": "indirect",
         "about": ["Bob Roy", "Cy Dee"]},
        {"quote_id": "q3", "article_id": "a1", "speaker": "Bob Roy", "speaker_text": "Roy",
         "cue": "said", "content": "Ann is wrong.", "content_start": 90, "kind": "direct",
         "about": ["Ann Lee"]},
        {"quote_id": "q4", "article_id": "a2", "speaker": None, "content": "Nobody.",
         "content_start": 1, "kind": "direct", "about": None},
    ])


def test_readable_selects_sorts_truncates_and_keeps_input():
    frame = pd.DataFrame({
        "speaker": ["Bob", "Ann", "Ann"],
        "content": ["short", "y" * 100, "z"],
        "about": [["Ann"], [], ["Bob", "Cy"]],
        "n": [1, 2, 3],
    })
    before = frame.copy(deep=True)
    out = queries.readable(frame, ["speaker", "content", "about"], sort_by="speaker",
                           max_chars=20)
    assert list(out.columns) == ["speaker", "content", "about"]
    assert out["speaker"].tolist() == ["Ann", "Ann", "Bob"]  # stable: Ann rows keep order
    assert out.loc[0, "content"] == "y" * 19 + "…"
    assert out["about"].tolist() == ["", "Bob; Cy", "Ann"]
    assert list(out.index) == [0, 1, 2]
    pd.testing.assert_frame_equal(frame, before)
    assert len(queries.readable(frame, head=2)) == 2


def test_readable_sorts_by_columns_it_does_not_show():
    frame = pd.DataFrame({"pos": [3, 1, 2], "text": ["c", "a", "b"]})
    assert queries.readable(frame, ["text"], sort_by="pos")["text"].tolist() == ["a", "b", "c"]


def test_quotes_about_filters_speaker_and_target_in_text_order():
    quotes = small_text_quotes()
    assert queries.quotes_about(quotes, "Ann Lee", "Bob Roy")["quote_id"].tolist() == ["q1", "q2"]
    assert queries.quotes_about(quotes, "Ann Lee", "Cy Dee")["quote_id"].tolist() == ["q1"]
    assert queries.quotes_about(quotes, target="Ann Lee")["quote_id"].tolist() == ["q3"]
    assert queries.quotes_about(quotes)["quote_id"].tolist() == ["q1", "q2", "q3", "q4"]
    assert queries.quotes_about(quotes, "Nobody").empty


def test_format_quotes_is_wrapped_readable_text():
    text = queries.format_quotes(small_text_quotes(), "Ann Lee", "Bob Roy", width=60)
    lines = text.splitlines()
    assert lines[0] == "2 quotes by Ann Lee about Bob Roy"
    assert '[1] Ann Lee ("Lee") added (indirect, a1):' in lines
    assert '[2] Ann Lee ("she") said (direct, a1):' in lines
    assert "    “Bob is right.”" in lines  # whitespace inside the quote is normalised
    assert all(len(line) <= 60 for line in lines)
    assert "    about: Bob Roy, Cy Dee" in lines


def test_show_quotes_prints(capsys):
    queries.show_quotes(small_text_quotes(), target="Ann Lee")
    out = capsys.readouterr().out
    assert out.startswith("1 quote by Bob Roy about Ann Lee\n")
    assert "[1] Bob Roy (\"Roy\") said (direct, a1):" in out


@pytest.mark.parametrize(("keep", "header"), [
    (["Ann Lee"], "2 quotes by Ann Lee"),            # filtered beforehand: not "by anyone"
    (["Ann Lee", "Bob Roy"], "3 quotes by 2 speakers"),
    (["Ann Lee", "Bob Roy", None], "4 quotes by 2 speakers (1 unattributed)"),
    ([None], "1 quote by no named speaker"),
    ([], "0 quotes"),
])
def test_format_quotes_header_says_who_the_quotes_are_by(keep, header):
    quotes = small_text_quotes()
    mask = quotes["speaker"].isin([k for k in keep if k]).fillna(False).astype(bool)
    if None in keep:
        mask |= quotes["speaker"].isna()
    assert queries.format_quotes(quotes[mask.to_numpy()]).splitlines()[0] == header


def test_plot_keeps_the_old_names_as_aliases():
    for name in ("readable", "quotes_about", "format_quotes", "show_quotes"):
        assert getattr(plot, name) is getattr(queries, name)


def test_queries_are_methods_of_the_result(seed_analysis, capsys):
    result = seed_analysis
    speaker = result.quotes["speaker"].dropna().value_counts().index[0]
    target = next(t for about in result.quotes_about(speaker)["about"] for t in about)
    pd.testing.assert_frame_equal(result.quotes_about(speaker, target),
                                  queries.quotes_about(result, speaker, target))
    pd.testing.assert_frame_equal(result.quotes_about(target=target),
                                  queries.quotes_about(result.quotes, target=target))
    assert result.format_quotes(speaker, width=70) == queries.format_quotes(
        result, speaker, width=70)
    result.show_quotes(speaker=speaker, target=target)
    assert capsys.readouterr().out == queries.format_quotes(result, speaker, target) + "\n"


def test_queries_do_not_mutate(seed_analysis):
    before = seed_analysis.quotes.copy(deep=True)
    seed_analysis.quotes_about(target="Donald Trump")
    seed_analysis.format_quotes()
    pd.testing.assert_frame_equal(seed_analysis.quotes, before)
