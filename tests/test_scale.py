"""Extraction costs at most linear time in the article (issue 6): a quote-dense article
of ~100k characters, built here from our own sentences, against its first quarter."""

from __future__ import annotations

import itertools
import time

import pandas as pd

from toolkit.articles import load_articles
from toolkit.framing import build_frames
from toolkit.nlp import load_pipeline, parse
from toolkit.records import ArticleResult
from toolkit.runner import process_doc

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


def article(n_chars: int) -> str:
    out: list[str] = []
    size = 0
    for paragraph in _paragraphs():
        if size >= n_chars:
            break
        out.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(out)


def extraction_seconds(doc, text: str) -> tuple[float, dict[str, float]]:
    """CPU seconds of the extraction stages and the framing of one article (best of 2)."""
    best, stages = float("inf"), {}
    frame = load_articles(pd.DataFrame({"article_id": ["x"], "text": [text]}))
    for _ in range(2):
        t0 = time.process_time()
        result: ArticleResult = process_doc(doc, {"article_id": "x", "text": text})
        t1 = time.process_time()
        build_frames(frame, [result], [])
        total = time.process_time() - t0
        if total < best:
            best = total
            stages = dict(result.timings, framing=time.process_time() - t1)
    return best, stages


def test_extraction_is_linear_in_article_length():
    small, large = article(25_000), article(100_000)
    assert 24_000 < len(small) < 27_000 and 99_000 < len(large) < 102_000
    assert large.startswith(small)
    nlp = load_pipeline()
    small_doc, large_doc = parse(nlp, [small, large])
    t_small, s_small = extraction_seconds(small_doc, small)
    t_large, s_large = extraction_seconds(large_doc, large)
    ratio = t_large / t_small
    detail = "wall: " + ", ".join(f"{k}: {s_small.get(k, 0):.3f}s -> {v:.3f}s"
                                  for k, v in s_large.items())
    # 4x the text: linear is ~4; quadratic would be ~16.
    assert ratio < 6, f"extraction time x{ratio:.1f} for 4x the text ({detail})"


def test_the_article_is_quote_dense():
    text = article(25_000)
    nlp = load_pipeline()
    doc = next(parse(nlp, [text]))
    result = process_doc(doc, {"article_id": "x", "text": text})
    assert len(result.quotes) > 100
    assert len(result.claims) > 100
