"""Tests for toolkit.text: quotation-mark pairing and span lookups."""

from __future__ import annotations

import random

import pytest

from toolkit.text import SpanIndex, paired_quotes, quotation_marks, quoted_spans


def contents(text: str) -> list[str]:
    return [text[s:e] for s, e in quoted_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("He said, “We are ready.” Then he left.", ["We are ready."]),
    ('He said, "We are ready." Then he left.', ["We are ready."]),
    ("He said, «We are ready.» Then he left.", ["We are ready."]),
    ("Er sagte: „Wir sind bereit.“ Dann ging er.", ["Wir sind bereit."]),
    ("''We are ready,'' he said.", ["We are ready,"]),
    ("“One,” she said, “two.”", ["One,", "two."]),
    ('"One," she said, "two."', ["One,", "two."]),
    ("The “reform” bill and the “deal” passed.", ["reform", "deal"]),
    ('The "reform" bill and the "deal" passed.', ["reform", "deal"]),
])
def test_pairs_every_mark_style(text, expected):
    assert contents(text) == expected


def test_apostrophes_are_not_quote_marks():
    text = "It’s Trump’s plan, and the voters' choice, he said."
    assert contents(text) == []


def test_quote_running_over_paragraphs():
    text = "He said, “First part.\n\n“Second part.\n\n“Third part.” Done."
    spans = paired_quotes(text)
    assert [text[q.start:q.end] for q in spans] == ["First part.", "Second part.", "Third part."]
    assert [q.continued for q in spans] == [False, True, True]
    assert [q.closed for q in spans] == [False, False, True]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said, “We are ready.\n\nThe vote was held on Monday."
    spans = paired_quotes(text)
    assert [text[q.start:q.end] for q in spans] == ["We are ready."]
    assert spans[0].close_mark is None


def test_missing_closing_mark_before_next_quote():
    text = "“We are ready, he said. “We were always ready.”"
    assert contents(text) == ["We are ready, he said. ", "We were always ready."]


def test_stray_closing_mark_is_ignored():
    text = "He left.” Then she said, “Fine.”"
    assert contents(text) == ["Fine."]


def test_curly_mark_used_the_wrong_way_round():
    # A typo'd closing mark (“ after the words) still closes the quote.
    text = "“We are ready,“ he said. “Yes.”"
    assert contents(text) == ["We are ready,", "Yes."]


def test_marks_with_roles():
    assert quotation_marks("“a” \"b\"") == [(0, "open"), (2, "close"), (4, "open"), (6, "close")]


def test_outer_end_covers_the_closing_mark():
    text = "“Yes,” she said. ''No,'' he said. “Open"
    spans = paired_quotes(text)
    assert [text[q.open_mark:q.outer_end] for q in spans] == ["“Yes,”", "''No,''", "“Open"]


@pytest.mark.parametrize("text", ["", "“", "”", '"', "''", "'''", "“”", "\n“\n”\n", "«", "„"])
def test_degenerate_inputs(text):
    for s, e in quoted_spans(text):
        assert 0 <= s < e <= len(text)


def test_random_text_never_raises_and_spans_are_ordered():
    rng = random.Random(0)
    alphabet = "ab “”\"'«»„\n.,"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        spans = paired_quotes(text)
        for q in spans:
            assert 0 <= q.open_mark < q.start < q.end <= len(text) or q.start == q.end
            assert q.outer_end >= q.end
        starts = [q.start for q in spans]
        assert starts == sorted(starts)


def test_long_text_is_fast():
    text = "He said, “We are ready.” And “reform” passed. " * 20000
    assert len(quoted_spans(text)) == 40000


def test_span_index():
    idx = SpanIndex([(10, 12), (2, 5), (20, 30)])
    assert idx.contains(2) and not idx.contains(5) and idx.find(25) == (20, 30)
    assert idx.overlapping(4, 21) == [(2, 5), (10, 12), (20, 30)]
    assert idx.overlapping(5, 10) == []
    assert SpanIndex([]).find(3) is None


def test_british_single_quotes_when_no_double_marks():
    text = "‘We are ready,’ Ms Berg said. ‘It’s the voters’ choice.’ Labour’s plan stands."
    assert contents(text) == ["We are ready,", "It’s the voters’ choice."]


def test_single_quotes_ignored_when_double_marks_are_used():
    text = "“We are ready,” she said of the ‘fast track’ plan."
    assert contents(text) == ["We are ready,"]
