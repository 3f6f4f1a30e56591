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


# --------------------------------------------------------------------------- long texts
# (issue 15) A long text is parsed in pieces, and no batch holds more than a piece's
# worth of text, so the pipeline's memory does not grow with the article.

@pytest.fixture
def small_pieces(monkeypatch):
    import toolkit.nlp as tk_nlp

    monkeypatch.setattr(tk_nlp, "PIECE_CHARS", 2000)
    return 2000


def test_no_batch_holds_more_than_a_piece(nlp, small_pieces, monkeypatch):
    seen: list[int] = []
    real_pipe = nlp.pipe

    def recording_pipe(texts, **kw):
        texts = list(texts)
        seen.append(sum(len(t if isinstance(t, str) else t.text) for t in texts))
        return real_pipe(texts, **kw)

    monkeypatch.setattr(nlp, "pipe", recording_pipe)
    text = "Jane Smith spoke in Berlin. She said it was fine.\n\n" * 400  # 20,400 chars
    short = ["One short text.", "Another one."] * 10
    docs = list(parse(nlp, [*short, text, *short], batch_size=32))
    assert [d.text for d in docs] == [*short, text, *short]
    assert len(seen) >= len(text) // small_pieces
    assert max(seen) <= small_pieces
    assert len([e for e in docs[len(short)].ents if e.text == "Jane Smith"]) >= 350


def test_cuts_fall_after_whitespace_runs_so_tokens_do_not_change(nlp):
    text = ("A first paragraph ends here.\n\n\nThe next one starts after three breaks.  "
            "Two spaces,\n \n a spaced break, and\tsome\ttabs. ") * 30
    pieces = split_for_parsing(text, 300)
    assert len(pieces) > 5 and "".join(pieces) == text
    assert all(p[-1].isspace() and not p[0].isspace() for p in pieces[1:-1])
    whole = [(t.idx, t.text) for t in nlp.tokenizer(text)]
    joined, offset = [], 0
    for piece in pieces:
        joined += [(t.idx + offset, t.text) for t in nlp.tokenizer(piece)]
        offset += len(piece)
    assert joined == whole


def test_a_giant_paragraph_is_cut_at_sentences_then_words():
    sentences = "This sentence ends here. " * 200
    pieces = split_for_parsing(sentences, 1000)
    assert all(p.endswith(". ") for p in pieces[:-1])
    words = "word " * 1000
    assert all(p.endswith("word ") for p in split_for_parsing(words, 333)[:-1])


def test_an_article_in_pieces_gives_the_frames_of_one_piece(small_pieces, monkeypatch,
                                                            quote_dense_article):
    import pandas as pd
    from pandas.testing import assert_frame_equal

    import toolkit as tk
    import toolkit.nlp as tk_nlp

    text = quote_dense_article(12_000)
    assert len(split_for_parsing(text, small_pieces)) >= 6
    frame = pd.DataFrame({"article_id": ["long"], "text": [text]})
    in_pieces = tk.analyze(frame)
    monkeypatch.setattr(tk_nlp, "PIECE_CHARS", 10**6)
    whole = tk.analyze(frame)
    assert len(whole.quotes) > 50
    for name, left in in_pieces.frames().items():
        assert_frame_equal(left, whole.frames()[name], obj=name)


def test_progress_counts_characters_while_a_long_article_is_parsed(small_pieces,
                                                                  monkeypatch):
    import pandas as pd
    import tqdm.auto

    import toolkit as tk

    bars = []

    class Recorder:
        def __init__(self, total=None, **kw):
            self.total, self.n, self.updates = total, 0, []
            bars.append(self)

        def update(self, n=1):
            self.n += n
            self.updates.append(n)

        def close(self):
            pass

    monkeypatch.setattr(tqdm.auto, "tqdm", Recorder)
    text = "Jane Smith spoke in Berlin. She said it was fine.\n\n" * 200
    result = tk.analyze(pd.DataFrame({"text": [text, "A short one."]}), progress=True)
    (bar,) = bars
    assert bar.total == result.articles["n_chars"].sum() == bar.n
    assert len([u for u in bar.updates if u]) >= len(text) // small_pieces


@pytest.mark.parametrize("text", [
    "Plain text.",
    "  Leading and trailing spaces, tabs\tand\u00a0non-breaking ones.  \n",
    "A run of marks !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! ends here.",
    "Para one.\n\n\nPara two,   spaced.\r\n",
    "",
])
def test_the_text_parse_keeps_for_the_stages_is_the_docs_text(nlp, text, small_pieces):
    from toolkit.docs import doc_text

    long = (text + " Another sentence here.\n\n") * 30  # parsed in several pieces
    for given in (text, long):
        doc = next(parse(nlp, [given]))
        assert "toolkit_text" in doc.user_data
        assert doc_text(doc) == doc.text == given
