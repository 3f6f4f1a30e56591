"""Accuracy floors and cross-stage consistency on the shared dev data (skipped when
``../shared`` is absent, as in a user's fresh clone), and one word added to a lexicon
acting on quotes and claims alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit import lexicons

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "eval" / "polnear-dev.jsonl"
WIKINEWS = SHARED / "corpora" / "wikinews" / "articles.jsonl"

# Measured at the start of the architecture issue (#10) on the first 150 articles of
# polnear-dev.jsonl: direct F1 0.946, speech F1 0.864. A change may not cost more
# than 0.01 of either.
FLOORS = {"direct": 0.946 - 0.01, "speech": 0.864 - 0.01}


@pytest.mark.skipif(not POLNEAR.is_file(), reason=f"dev data absent: {POLNEAR}")
def test_polnear_accuracy_floor():
    from toolkit.evaluation.attribution import evaluate

    table = evaluate(POLNEAR, limit=150).set_index("tier")
    for tier, floor in FLOORS.items():
        assert table.loc[tier, "f1"] >= floor, (tier, table.loc[tier, "f1"], floor)


@pytest.mark.skipif(not WIKINEWS.is_file(), reason=f"corpus absent: {WIKINEWS}")
def test_claims_from_quotes_name_the_quotes_speaker():
    rows = [json.loads(line) for line in WIKINEWS.read_text("utf-8").splitlines()[:100]]
    articles = pd.DataFrame({"article_id": [r["id"] for r in rows],
                             "text": [r["text"] for r in rows]})
    result = tk.analyze(articles, n_process=2)
    linked = result.claims.dropna(subset=["quote_id"]).merge(
        result.quotes, on="quote_id", suffixes=("", "_quote"))
    assert len(linked) > 100
    speaker = linked["speaker"].fillna(linked["speaker_text"]).fillna("").str.casefold()
    disagree = linked[linked["claimant"].fillna("").str.casefold() != speaker]
    # A claimant is either the quote's resolved speaker or its source phrase (spelled
    # one way across the corpus: "Officials" / "officials"); only an unresolved
    # pronoun ("he") is dropped, never replaced by someone else.
    disagree = disagree[disagree["claimant"].notna()]
    assert disagree.empty, disagree[["claimant", "speaker", "speaker_text"]].head().to_string()


@pytest.fixture
def edited_lexicons(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(lexicons.LEXICON_DIR, folder, ignore=shutil.ignore_patterns("*.py"))
    yield folder
    lexicons.reload()


def test_a_verb_added_to_its_lexicon_acts_on_quotes_and_claims(edited_lexicons):
    text = "The minister fumed that the budget had cost 4 billion euros."

    def found():
        result = tk.analyze(pd.DataFrame({"text": [text]}))
        return (result.quotes["content"].tolist(),
                result.claims.query("origin == 'reported'")["content"].tolist())

    assert found() == ([], [])
    with open(edited_lexicons / "cue_speech.txt", "a", encoding="utf-8") as f:
        f.write("fume\n")
    lexicons.reload(edited_lexicons)
    quotes, claims = found()
    assert quotes == ["that the budget had cost 4 billion euros"]
    assert claims == ["the budget had cost 4 billion euros"]
