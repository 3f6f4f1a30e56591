"""Per-document lookups the attribution strategies share: token offsets, which tokens
sit inside quotation marks, sentence and paragraph bounds, the entity mentions."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from toolkit.docs import doc_text, sentences, token_starts
from toolkit.resolve import EntityIndex
from toolkit.text import QuotedSpan, SpanIndex, paired_quotes

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from toolkit.records import ArticleEntities

__all__ = ["CONTEXT_KEY", "Context"]

CONTEXT_KEY = "toolkit_attribution_context"  # where a Doc keeps its context


class Context:
    """Everything a strategy needs to know about one parsed article, computed once.

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> from toolkit.records import ArticleEntities
    >>> doc = load_pipeline()('Ann said: “Yes.”')
    >>> ctx = Context(doc, ArticleEntities([], []))
    >>> [t.text for t in doc if ctx.in_quote(t.i)]
    ['“', 'Yes', '.', '”']
    """

    def __init__(self, doc: Doc, entities: ArticleEntities):
        self.doc = doc
        self.text = doc_text(doc)
        self.entities = entities
        self.index = EntityIndex(entities)
        self.tok_starts = token_starts(doc)
        self.quotes: list[QuotedSpan] = paired_quotes(self.text)
        # Quote index of every token inside a quote (marks included), else -1.
        self.tok_quote = [-1] * len(doc)
        marks_spans = []
        for qi, q in enumerate(self.quotes):
            marks_spans.append((q.open_mark, q.outer_end))
            i = self.token_at(q.open_mark)
            while i < len(doc) and self.tok_starts[i] < q.outer_end:
                if self.tok_starts[i] + len(doc[i]) > q.open_mark:
                    self.tok_quote[i] = qi
                i += 1
        self.marks_index = SpanIndex(marks_spans)
        sents = sentences(doc)
        self.sent_starts = [s.start for s in sents]
        self.sent_ends = [s.end for s in sents]
        self.newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]

    def with_entities(self, entities: ArticleEntities) -> Context:
        """This context over other entities of the same article (the parse-derived
        lookups are shared, not recomputed)."""
        other = object.__new__(Context)
        other.__dict__.update(self.__dict__)
        other.entities = entities
        other.index = EntityIndex(entities)
        return other

    @classmethod
    def of(cls, doc: Doc, entities: ArticleEntities) -> Context:
        """The article's context, built once per Doc and shared by the stages."""
        kept = doc.user_data.get(CONTEXT_KEY)
        if kept is None:
            kept = cls(doc, entities)
            doc.user_data[CONTEXT_KEY] = kept
        return kept if kept.entities is entities else kept.with_entities(entities)

    def token_at(self, char: int) -> int:
        """Index of the token containing or starting after ``char``."""
        i = bisect.bisect_right(self.tok_starts, char) - 1
        if i < 0:
            return 0
        tok = self.doc[i]
        if char >= tok.idx + len(tok.text) and i + 1 < len(self.doc):
            return i + 1
        return i

    def char_span(self, s: int, e: int) -> tuple[int, int]:
        """Character range of the token range [s, e)."""
        doc = self.doc
        return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token range of the sentence of token ``i``."""
        k = max(0, bisect.bisect_right(self.sent_starts, i) - 1)
        return self.sent_starts[k], self.sent_ends[k]

    def paragraph_bounds(self, char: int) -> tuple[int, int]:
        """Character range of the paragraph (line) holding ``char``."""
        k = bisect.bisect_left(self.newlines, char)
        start = self.newlines[k - 1] + 1 if k > 0 else 0
        end = self.newlines[k] if k < len(self.newlines) else len(self.text)
        return start, end

    def in_quote(self, i: int) -> bool:
        """Whether token ``i`` lies inside quotation marks (the marks included)."""
        return self.tok_quote[i] >= 0
