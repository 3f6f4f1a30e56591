"""Model resolution and long-text parsing."""

from __future__ import annotations

import pytest

from toolkit.nlp import load_pipeline, model_signature, parse, split_for_parsing


@pytest.mark.parametrize("size", [50, 200, 1000])
def test_split_pieces_concatenate_and_respect_the_limit(size):
    text = ("First sentence here. Second one follows!\n\nA new paragraph starts. " * 40)
    pieces = split_for_parsing(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)


def test_split_without_boundaries_still_cuts():
    text = "x" * 2500
    pieces = split_for_parsing(text, 1000)
    assert "".join(pieces) == text and max(map(len, pieces)) <= 1000


def test_texts_longer_than_max_length_are_parsed_in_pieces(nlp):
    old = nlp.max_length
    text = ("Angela Merkel spoke in Berlin. She said it was fine.\n\n" * 60)
    try:
        nlp.max_length = 1200
        (doc,) = list(parse(nlp, [text]))
    finally:
        nlp.max_length = old
    assert doc.text == text
    assert len([e for e in doc.ents if e.text == "Angela Merkel"]) >= 50
    for tok in doc[-10:]:
        assert text[tok.idx : tok.idx + len(tok.text)] == tok.text


def test_parse_keeps_order_and_count(nlp):
    texts = [f"Text number {i}." for i in range(70)]
    assert [d.text for d in parse(nlp, texts, batch_size=8)] == texts


def test_pipeline_passed_in_is_used(nlp):
    assert load_pipeline(nlp) is nlp
    with pytest.raises(TypeError, match="nlp"):
        load_pipeline(42)
    assert "core_web_sm" in model_signature(nlp)
