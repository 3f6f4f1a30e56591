"""Shared fixtures: the parsed seed article (parsed once per session)."""

from __future__ import annotations

import itertools
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


# A quote-dense article of any length, from our own sentences (scale and long-text tests).
PEOPLE = [
    ("Maria Lopez", "finance minister", "Spain", "she"),
    ("Tom Hardy", "opposition leader", "Britain", "he"),
    ("Ana Costa", "mayor", "Lisbon", "she"),
    ("Peter Novak", "foreign minister", "Slovakia", "he"),
    ("Lena Fischer", "chancellor", "Germany", "she"),
    ("Omar Haddad", "spokesman", "the Red Cross", "he"),
]
CLAIMS = [
    "the budget would be balanced by next year",
    "unemployment had fallen by 3 percent",
    "the bridge was unsafe for heavy trucks",
    "the talks would resume in March",
    "the new law was more dangerous than the old one",
    "prices might rise again before the election",
]


def _paragraphs():
    """Endless, deterministic paragraphs dense with direct, indirect and mixed quotes."""
    for k in itertools.count():
        name, role, place, pron = PEOPLE[k % len(PEOPLE)]
        other, _, other_place, _ = PEOPLE[(k + 2) % len(PEOPLE)]
        surname, other_surname = name.split()[-1], other.split()[-1]
        claim, claim2 = CLAIMS[k % len(CLAIMS)], CLAIMS[(k + 3) % len(CLAIMS)]
        yield " ".join([
            f'"We will not accept this," said {name}, the {role} of {place}.',
            f"{surname} added that {claim}.",
            f'"{other_surname} is wrong about {other_place}," {pron} told reporters. '
            f'"The numbers are clear."',
            f"According to {other}, {claim2}.",
            f'{other_surname} said the plan "will hurt families in {place}" and that '
            f"{surname} had ignored the warnings.",
            f"The {role} claimed that {claim}, {pron} said.",
        ])


def _article(n_chars: int) -> str:
    out: list[str] = []
    size = 0
    for paragraph in _paragraphs():
        if size >= n_chars:
            break
        out.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(out)


@pytest.fixture(scope="session")
def quote_dense_article():
    """``f(n_chars)``: deterministic paragraphs dense with direct, indirect and mixed
    quotes, joined by blank lines, about ``n_chars`` long (a longer one extends a
    shorter one)."""
    return _article
