"""Extraction costs at most linear time in the article (issue 6): a quote-dense article
of ~100k characters, built from our own sentences (conftest.quote_dense_article),
against its first quarter."""

from __future__ import annotations

import time

import pandas as pd

from toolkit.articles import load_articles
from toolkit.framing import build_frames
from toolkit.nlp import load_pipeline, parse
from toolkit.records import ArticleResult
from toolkit.runner import process_doc


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


def test_extraction_is_linear_in_article_length(quote_dense_article):
    small, large = quote_dense_article(25_000), quote_dense_article(100_000)
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


def test_the_article_is_quote_dense(quote_dense_article):
    text = quote_dense_article(25_000)
    nlp = load_pipeline()
    doc = next(parse(nlp, [text]))
    result = process_doc(doc, {"article_id": "x", "text": text})
    assert len(result.quotes) > 100
    assert len(result.claims) > 100
