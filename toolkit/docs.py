"""Per-Doc lookups that several stages read, computed once and kept on the Doc.

Iterating a spaCy ``Doc`` creates a Python ``Token`` per token, and ``Doc.sents``
walks every token again; the stages each need the sentences, so they share these
(kept in ``doc.user_data``, which is not serialised with the Doc's annotations).

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> doc = load_pipeline()("One sentence. Another one.")
>>> [(s.start, s.end) for s in sentences(doc)], sentence_of_tokens(doc)
([(0, 3), (3, 6)], [0, 0, 0, 1, 1, 1])
>>> token_starts(doc) == [t.idx for t in doc]
True
>>> span_text(doc, 3, 5) == doc[3:5].text == "Another one"
True
>>> token_texts(doc)[3:5], sorted(lower_case_words(doc))
(['Another', 'one'], ['one', 'sentence'])
>>> tokens_of_pos(doc, ("NOUN",)), tokens_of_lower(doc, "another")
([1, 4], [3])
>>> noun_chunk_ranges(doc) == [(c.start, c.end) for c in doc.noun_chunks]
True
>>> doc_text(doc) == doc.text, "toolkit_text" in doc.user_data
(True, True)
>>> release(doc); "toolkit_text" in doc.user_data
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

__all__ = [
    "doc_text", "last_paragraph", "lower_case_words", "noun_chunk_ranges",
    "paragraph_of_tokens", "release", "remember_text", "sentence_of_tokens", "sentences",
    "span_text", "token_ends", "token_starts", "token_texts", "tokens_of_lower",
    "tokens_of_pos",
]

_SENTENCES = "toolkit_sentences"
_SENTENCE_OF = "toolkit_sentence_of"
_TOKEN_STARTS = "toolkit_token_starts"
_PARAGRAPH_OF = "toolkit_paragraph_of"
_TEXT = "toolkit_text"
_TOKEN_ENDS = "toolkit_token_ends"
_TOKEN_TEXTS = "toolkit_token_texts"
_LOWER_WORDS = "toolkit_lower_case_words"


def doc_text(doc: Doc) -> str:
    """The Doc's text (``doc.text``), computed once per Doc: ``Doc.text`` joins every
    token on each access."""
    cached = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.text
        doc.user_data[_TEXT] = cached
    return cached


def remember_text(doc: Doc, text: str) -> None:
    """Keep ``text`` as the Doc's text for :func:`doc_text` (the caller knows it is
    ``doc.text``: the input the Doc was parsed from)."""
    doc.user_data[_TEXT] = text


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences (``list(doc.sents)``), computed once per Doc."""
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        cached = list(doc.sents) if len(doc) else []
        doc.user_data[_SENTENCES] = cached
    return cached


def sentence_of_tokens(doc: Doc) -> list[int]:
    """The index of each token's sentence, computed once per Doc. (``Token.sent``
    scans the sentence on each call, quadratic on a text without sentence breaks.)"""
    cached = doc.user_data.get(_SENTENCE_OF)
    if cached is None:
        cached = [0] * len(doc)
        for k, sent in enumerate(sentences(doc)):
            cached[sent.start : sent.end] = [k] * (sent.end - sent.start)
        doc.user_data[_SENTENCE_OF] = cached
    return cached


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset (``[t.idx for t in doc]``), computed once per Doc."""
    cached = doc.user_data.get(_TOKEN_STARTS)
    if cached is None:
        cached = doc.to_array("IDX").tolist() if len(doc) else []
        doc.user_data[_TOKEN_STARTS] = cached
    return cached


def token_ends(doc: Doc) -> list[int]:
    """Where each token's text ends (``[t.idx + len(t.text) for t in doc]``), computed
    once per Doc."""
    cached = doc.user_data.get(_TOKEN_ENDS)
    if cached is None:
        if len(doc):
            from spacy.attrs import IDX, LENGTH

            arr = doc.to_array([IDX, LENGTH])
            cached = (arr[:, 0] + arr[:, 1]).tolist()
        else:
            cached = []
        doc.user_data[_TOKEN_ENDS] = cached
    return cached


def token_texts(doc: Doc) -> list[str]:
    """Each token's text (``[t.text for t in doc]``), computed once per Doc from the
    text, without a ``Token`` per word."""
    cached = doc.user_data.get(_TOKEN_TEXTS)
    if cached is None:
        text = doc_text(doc)
        cached = [text[s:e] for s, e in zip(token_starts(doc), token_ends(doc), strict=True)]
        doc.user_data[_TOKEN_TEXTS] = cached
    return cached


def lower_case_words(doc: Doc) -> frozenset[str]:
    """The tokens the article writes in lower case (``t.text.islower()``), once per
    Doc: a capitalised word also written so is a common word, not a name."""
    cached = doc.user_data.get(_LOWER_WORDS)
    if cached is None:
        cached = doc.user_data[_LOWER_WORDS] = frozenset(
            w for w in token_texts(doc) if w.islower())
    return cached


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` without making a Span: the text from token ``start`` to
    the end of token ``end - 1`` ('' when the range is empty)."""
    if end <= start:
        return ""
    return doc_text(doc)[token_starts(doc)[start]:token_ends(doc)[end - 1]]


def tokens_of_pos(doc: Doc, tags: tuple[str, ...]) -> list[int]:
    """The indices of the tokens whose part of speech (``pos_``) is one of ``tags``,
    without making a ``Token`` for every other token."""
    if not len(doc):
        return []
    import numpy as np
    from spacy.attrs import POS
    from spacy.symbols import IDS

    pos = doc.to_array(POS)
    return np.flatnonzero(np.isin(pos, [IDS[t] for t in tags])).tolist()


def tokens_of_lower(doc: Doc, *words: str) -> list[int]:
    """The indices of the tokens whose lower-case form (``lower_``) is one of
    ``words``, in order."""
    if not len(doc) or not words:
        return []
    import numpy as np
    from spacy.attrs import LOWER

    ids = np.array([doc.vocab.strings[w] for w in words], dtype="uint64")
    return np.flatnonzero(np.isin(doc.to_array(LOWER), ids)).tolist()


def noun_chunk_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges of ``doc.noun_chunks``, in order. With spaCy's English chunker
    (any English pipeline's) its rules run on the nouns and pronouns alone, without
    a ``Token`` for every other word; another language's chunker runs as it is."""
    from spacy.lang.en.syntax_iterators import noun_chunks

    if getattr(doc, "noun_chunks_iterator", None) is not noun_chunks or not len(doc):
        return [(span.start, span.end) for span in doc.noun_chunks]
    if not doc.has_annotation("DEP"):
        return [(span.start, span.end) for span in doc.noun_chunks]  # spaCy's error
    strings = doc.vocab.strings
    np_deps = {strings.add(label) for label in (
        "oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr",
        "ROOT")}
    conj = strings.add("conj")
    out: list[tuple[int, int]] = []
    prev_end = -1
    for i in tokens_of_pos(doc, ("NOUN", "PROPN", "PRON")):
        word = doc[i]
        left = word.left_edge.i
        if left <= prev_end:
            continue  # no nested chunks
        if word.dep not in np_deps:
            if word.dep != conj:
                continue
            head = word.head
            while head.dep == conj and head.head.i < head.i:
                head = head.head
            if head.dep not in np_deps:
                continue  # coordinated to no noun phrase
        prev_end = i
        out.append((left, i + 1))
    return out


def paragraph_of_tokens(doc: Doc) -> list[int]:
    """The paragraph index of each token (a line break starts a paragraph), computed
    once per Doc."""
    cached = doc.user_data.get(_PARAGRAPH_OF)
    if cached is None:
        text = doc_text(doc)
        cached, paragraph, at = [], 0, text.find("\n")
        for start in token_starts(doc):
            while 0 <= at < start:
                paragraph += 1
                at = text.find("\n", at + 1)
            cached.append(paragraph)
        doc.user_data[_PARAGRAPH_OF] = cached
    return cached


def release(doc: Doc) -> None:
    """Drop what the stages kept on the Doc (its sentences, a resolver), so the Doc
    is freed as soon as the runner lets go of it."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("toolkit_")]:
        del doc.user_data[key]


def last_paragraph(text: str, s: int, e: int) -> int:
    """Where the last paragraph of text[s:e] starts: a "sentence" the parser ran over
    blank lines (a list, a chart legend) is only its last paragraph's statement.

    >>> text = "Red - 36 seats\\n\\nTurnout was 67 percent."
    >>> text[last_paragraph(text, 0, len(text)):]
    'Turnout was 67 percent.'
    """
    cut = text.rfind("\n\n", s, e)
    return s if cut < 0 else cut + 2
