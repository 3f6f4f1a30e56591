"""Shared fixtures: the parsed seed article (parsed once per session)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Test helpers that are not tests (html_dom) import by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
WIKINEWS = SHARED / "corpora" / "wikinews" / "articles.jsonl"
POLNEAR = SHARED / "eval" / "polnear-dev.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from toolkit.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_articles():
    import toolkit as tk

    return tk.load_articles(SEEDS)


@pytest.fixture(scope="session")
def seed_doc(nlp, seed_articles):
    return nlp(seed_articles.loc[0, "text"])


@pytest.fixture(scope="session")
def seed_analysis(seed_articles):
    import toolkit as tk

    return tk.analyze(seed_articles)
