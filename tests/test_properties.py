"""Property-based tests (issue 7): ``analyze`` on generated hostile texts.

Texts are built from quotation marks (" “ ” « » „ ‘ ’), names, pronouns, titles,
reporting verbs, punctuation, newlines and arbitrary unicode. For every batch:
``analyze`` does not raise and reports no errors; every input article is a row of
``articles`` with its text unchanged; every span (mentions; quote content, speaker
and cue; claim content) equals ``text[start:end]``; ids are unique; kinds, origins
and resolutions are the documented ones.

Each example analyses a list of 5-10 texts in one call, which amortises the cost of
a call. Profiles: ``ci`` (500 examples, selected when the ``CI`` environment variable
is set) and ``dev`` (60 examples, the default for local runs); pick one explicitly
with ``--hypothesis-profile``.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.analysis import span_mismatches
from toolkit.frames import CLAIM_ORIGINS, MENTION_RESOLUTIONS, QUOTE_KINDS, SCHEMAS

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,  # no .hypothesis/ folder in the work tree; failures print a blob
    "print_blob": True,
}
settings.register_profile("ci", max_examples=500, **_COMMON)
settings.register_profile("dev", max_examples=60, **_COMMON)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# --------------------------------------------------------------------------- strategies

QUOTE_MARKS = ['"', "“", "”", "«", "»", "„", "‘", "’", "'", "‹", "›", "「", "」", "‚"]
NAMES = ["Jane Smith", "Joe Biden", "Vladimir Putin", "Putin", "Angela Merkel", "Merkel",
         "Dmitry Peskov", "the Kremlin", "Reuters", "NATO", "Russia", "Washington",
         "Emmanuel Macron", "Mr. Smith", "Ms. Jane O'Neil-Dúbois", "José García", "Xi Jinping"]
PRONOUNS = ["he", "she", "He", "She", "they", "I", "we", "his", "her", "him", "it"]
TITLES = ["the Russian president", "the president", "a spokesman", "the Russian leader",
          "Kremlin spokesperson", "President", "the minister"]
VERBS = ["said", "says", "told reporters", "added", "according to", "claimed", "warned",
         "denied", "insisted", "argued", "said that", "told", "noted,", "wrote", "tweeted",
         "stated", "announced", "explained", "asked"]
WORDS = ["we will win", "the economy grew 3% in 2023", "taxes", "is not true", "never",
         "more than ever", "the war", "in Moscow", "on Monday", "that", "and", "but",
         "should", "might", "it is a lie", "1,000", "2024"]
PUNCTUATION = [".", ",", ";", ":", "—", "–", "-", "…", "!", "?", "(", ")", "[", "]", "/",
               "...", ". ", ", ", ": ", "?!", "*", "•", "&", "@", "#"]
SPACES = [" ", " ", " ", " ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2028", "  "]
ODD = ["\x00", "\x07", "\x1b", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff",
       "\u00ad", "😀", "👨‍👩‍👧", "🇺🇸", "e\u0301", "ǅ", "ﬁ", "İ", "ß", "Σ", "\ufffd", "ا", "中文"]

_unicode = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8)

fragment = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(NAMES),
    st.sampled_from(PRONOUNS),
    st.sampled_from(TITLES),
    st.sampled_from(VERBS),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(SPACES),
    st.sampled_from(ODD),
    _unicode,
)


@st.composite
def texts(draw) -> str:
    """A text of fragments, mostly separated by spaces (as prose is), sometimes not."""
    parts = draw(st.lists(fragment, max_size=40))
    out = []
    for part in parts:
        out.append(part)
        if draw(st.integers(0, 3)):
            out.append(" ")
    return "".join(out)


# A quote-shaped sentence, the case that the rules work hardest on.
_shaped = st.builds(
    lambda o, c, content, sep, name, verb, tail: f"{o}{content}{sep}{c} {name} {verb}{tail}",
    st.sampled_from(QUOTE_MARKS), st.sampled_from(QUOTE_MARKS), texts(),
    st.sampled_from([",", "", ".", "?"]), st.sampled_from(NAMES + PRONOUNS + TITLES),
    st.sampled_from(VERBS), st.sampled_from([".", "", " " , "\n", ", “"])
)

batches = st.lists(st.one_of(texts(), _shaped, st.lists(_shaped, max_size=4).map("\n\n".join)),
                   min_size=5, max_size=10)


# --------------------------------------------------------------------------- checks

def _check(result: tk.Analysis, ids: list[str], texts_in: list[str]) -> None:
    assert result.errors.empty, result.errors.to_dict("records")
    assert result.articles["article_id"].tolist() == ids
    assert result.articles["text"].tolist() == texts_in
    assert set(result.articles["status"]) <= {"ok", "empty"}
    assert span_mismatches(result) == []
    for name, frame in result.frames().items():
        assert list(frame.columns) == list(SCHEMAS[name]), name
    for frame, column in ((result.mentions, "mention_id"), (result.quotes, "quote_id"),
                          (result.claims, "claim_id"), (result.entities, "entity_id")):
        assert frame[column].notna().all() and frame[column].is_unique, column
    assert set(result.mentions["resolution"]) <= set(MENTION_RESOLUTIONS)
    assert set(result.quotes["kind"]) <= set(QUOTE_KINDS)
    assert set(result.claims["origin"]) <= set(CLAIM_ORIGINS)
    assert set(result.mentions["entity_id"]) <= set(result.entities["entity_id"])
    assert set(result.quotes["speaker_entity_id"].dropna()) <= set(result.entities["entity_id"])
    claims_quotes = set(result.claims["quote_id"].dropna())
    assert claims_quotes <= set(result.quotes["quote_id"])
    for frame in (result.mentions, result.quotes, result.claims):
        assert set(frame["article_id"]) <= set(ids)
    scores = result.claims["checkworthiness"].dropna()
    assert ((scores >= 0) & (scores <= 1)).all()


# --------------------------------------------------------------------------- properties

@given(batches)
def test_analyze_generated_texts(batch: list[str]) -> None:
    ids = [f"t{i}" for i in range(len(batch))]
    frame = pd.DataFrame({"article_id": ids, "text": batch})
    result = tk.analyze(frame)
    _check(result, ids, batch)


@pytest.mark.filterwarnings("ignore:.*duplicate article id")  # equal generated texts
@settings(max_examples=max(10, settings().max_examples // 10))
@given(st.lists(texts(), min_size=1, max_size=6))
def test_analyze_generated_texts_through_the_loader(batch: list[str]) -> None:
    """The same contracts when the text comes through load_articles (which normalises
    newlines and strips the text): offsets index the loaded text."""
    frame = pd.DataFrame({"text": batch})
    articles = tk.load_articles(frame)
    result = tk.analyze(articles)
    ids = articles["article_id"].tolist()
    _check(result, ids, articles["text"].tolist())
    assert len(set(ids)) == len(batch)
