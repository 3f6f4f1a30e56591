"""Plain-text helpers shared by the extraction stages (no spaCy here).

Quotation-mark pairing lives here: :func:`paired_quotes` finds the spans inside
double quotation marks (curly “ ”, straight ", guillemets « », German „ “), tolerating
unbalanced marks and quotes that run over several paragraphs; :func:`quoted_spans`
is the plain ``(start, end)`` view of the same pairing.

Examples
--------
>>> text = 'He said, “We are ready.” Then he left.'
>>> [text[s:e] for s, e in quoted_spans(text)]
['We are ready.']
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

OPENING_MARKS = "“„«\u201f"
CLOSING_MARKS = "”»"
STRAIGHT_MARK = '"'
ALL_MARKS = OPENING_MARKS + CLOSING_MARKS + STRAIGHT_MARK
# What may stand right before an opening mark / right after a closing one.
_BEFORE_OPEN = "([{—–-:/"
_AFTER_CLOSE = ".,;:!?)]}—–-/…"


@dataclass(frozen=True)
class QuotedSpan:
    """The text between one opening quotation mark and its closing mark.

    ``start``/``end`` delimit the content (marks excluded); ``open_mark`` and
    ``close_mark`` are the marks' offsets (``close_mark`` is None when the quote is
    left open at the end of its paragraph); ``continued`` is True when the span
    continues a quote opened in an earlier paragraph (the newspaper convention: an
    unclosed paragraph-final quote goes on in the next paragraph that opens with a
    quotation mark).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    continued: bool = False
    close_len: int = 1

    @property
    def closed(self) -> bool:
        return self.close_mark is not None

    @property
    def outer_end(self) -> int:
        """The end of the quote with its closing mark (the content end when open)."""
        return self.end if self.close_mark is None else self.close_mark + self.close_len


def _is_opening_straight(text: str, i: int, length: int = 1) -> bool | None:
    """True/False when a straight mark's neighbours say it opens/closes, None when
    they don't tell (e.g. between two letters)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    if before in "'’" and (after.isspace() or after in _AFTER_CLOSE):
        return False  # "… a phenomenon 'suicide by cop'", he said: closes after a nested quote
    if before.isspace() or before in _BEFORE_OPEN or before in OPENING_MARKS + "'‘":
        if not after.isspace():
            return True
    if after.isspace() or after in _AFTER_CLOSE or after in CLOSING_MARKS + "'’":
        if not before.isspace():
            return False
    if before.isspace() and after.isspace():
        return None
    if not before.isalnum() and after.isalnum():
        return True
    if before.isalnum() and not after.isalnum():
        return False
    return None


def quotation_marks(text: str) -> list[tuple[int, str]]:
    """Positions of double quotation marks with their role: "open" or "close".

    « and „ and “ open, ” and » close (“ closes in German-style „…“ quoting); a
    straight mark's role is decided by its neighbours, else by alternation. A curly
    mark whose neighbours clearly contradict its shape (“ glued to the end of a word
    and followed by a space while a quote is open) takes the role its neighbours say.
    Two apostrophes ('', a typewriter convention) count as one straight mark. A text
    without any double mark that uses ‘ ’ (British style) is paired on those; there a
    ’ closes only an open quote and is otherwise an apostrophe.

    Examples
    --------
    >>> quotation_marks('„Ja“, sagte er. "Yes," he said.')
    [(0, 'open'), (3, 'close'), (16, 'open'), (21, 'close')]
    """
    return [(pos, role) for pos, role, _ in _marks(text)]


def _single_role(text: str, i: int, pending: bool) -> str | None:
    """The role of a single mark ‘ or ’ in an article that quotes with them."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "‘" and not before.isalnum() and not after.isspace() and not after.isdigit():
        return None if pending else "open"  # a quote inside a quote is not a new quote
    if ch == "’" and pending and not before.isspace() and not after.isalnum() \
            and not (before in "sS" and after == " "):  # "the voters’ choice"
        return "close"
    return None


def _double_role(text: str, i: int, length: int, pending: bool, german_open: bool) -> str:
    """The role of a double mark at ``i`` ("open" or "close")."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "„":
        return "open"
    if ch == "“" and german_open:
        return "close"
    if ch in OPENING_MARKS:
        # A typo'd closing mark: “ after a word/punctuation, before a space or end.
        if pending and i > 0 and not before.isspace() and (after.isspace()
                                                          or after in _AFTER_CLOSE):
            return "close"
        return "open"
    if ch in CLOSING_MARKS:
        if not pending and (before.isspace() or before in _BEFORE_OPEN) and after.isalnum():
            return "open"
        return "close"
    if pending and before in ",.;!?…":
        return "close"  # "… audiences,"Katie Packer said": a missing space, not a new quote
    guess = _is_opening_straight(text, i, length)
    return ("close" if pending else "open") if guess is None else ("open" if guess else "close")


def _marks(text: str) -> list[tuple[int, str, int]]:
    """(position, role, length) of every double quotation mark."""
    marks: list[tuple[int, str, int]] = []
    german_open = False
    pending = False  # is a quote open in the current paragraph?
    skip = -1
    # British style: an article with no double marks at all quotes with ‘ ’.
    single = "‘" in text and "''" not in text and not any(ch in ALL_MARKS for ch in text)
    for i, ch in enumerate(text):
        if ch == "\n":
            pending = german_open = False
            continue
        if i <= skip:
            continue
        if single and ch in "‘’":
            role = _single_role(text, i, pending)
            if role is not None:
                pending = role == "open"
                marks.append((i, role, 1))
            continue
        length = 1
        if ch == "'" and text.startswith("''", i):
            length = 2
            skip = i + 1
            while skip + 1 < len(text) and text[skip + 1] == "'":
                skip += 1  # three marks: a double mark next to a single one
        elif ch not in ALL_MARKS:
            continue
        role = _double_role(text, i, length, pending, german_open)
        if ch == "„":
            german_open = True
        elif ch == "“" and german_open and role == "close":
            german_open = False
        pending = role == "open"
        marks.append((i, role, length))
    return marks


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def paired_quotes(text: str) -> list[QuotedSpan]:
    """Pair the quotation marks of ``text`` into quoted spans, in text order (see
    :func:`_pair`; the stages of one article share the answer)."""
    return list(_pair(text))


@lru_cache(maxsize=8)
def _pair(text: str) -> tuple[QuotedSpan, ...]:
    """Pair the quotation marks of ``text`` into quoted spans, in text order.

    Pairing is done paragraph by paragraph and never raises:

    - an opening mark pairs with the next closing mark;
    - two opening marks in a row: the first quote is taken to end just before the
      second one (a missing closing mark);
    - a stray closing mark (nothing open) is ignored;
    - a quote still open at the end of its paragraph ends there; when the next
      paragraph opens with a quotation mark, the quote continues in it
      (``continued=True`` on the next span).

    >>> t = '"One," she said, "two." And "three'
    >>> [t[q.start:q.end] for q in paired_quotes(t)]
    ['One,', 'two.', 'three']
    >>> t = '“First paragraph,\\n\\n“second paragraph.” Done.'
    >>> [(t[q.start:q.end], q.continued) for q in paired_quotes(t)]
    [('First paragraph,', False), ('second paragraph.', True)]
    >>> t = "''Fine,'' she said."
    >>> [(t[q.start:q.end], t[q.open_mark:q.outer_end]) for q in paired_quotes(t)]
    [('Fine,', "''Fine,''")]
    >>> t = "‘It’s the voters’ choice,’ she said of Labour’s plan."
    >>> [t[q.start:q.end] for q in paired_quotes(t)]
    ['It’s the voters’ choice,']
    """
    if not text:
        return ()
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_len = 1
    carried = False  # the previous paragraph ended inside an open quote
    continued = False
    for pos, role, length in _marks(text):
        if open_at is not None and "\n" in text[open_at:pos]:
            # The open quote ran to the end of its paragraph.
            end = _paragraph_end(text, open_at)
            spans.append(QuotedSpan(open_at + open_len, end, open_at, None, continued))
            open_at = None
            carried = True
        if role == "open":
            if open_at is not None:
                spans.append(QuotedSpan(open_at + open_len, pos, open_at, None, continued))
                carried = False
            # A continuation: the paragraph before ended open and this mark opens
            # this paragraph.
            line_start = text.rfind("\n", 0, pos) + 1
            continued = carried and text[line_start:pos].strip() == ""
            carried = False
            open_at, open_len = pos, length
        elif open_at is not None:
            spans.append(QuotedSpan(open_at + open_len, pos, open_at, pos, continued, length))
            open_at = None
            carried = False
            continued = False
    if open_at is not None:
        spans.append(QuotedSpan(open_at + open_len, _paragraph_end(text, open_at), open_at, None,
                                continued))
    return tuple(q for q in spans if q.end > q.start)


def quoted_spans(text: str, *, max_paragraphs: int = 6) -> list[tuple[int, int]]:
    """Spans (start, end) of the text inside paired double quotation marks,
    excluding the marks themselves (see :func:`paired_quotes` for the pairing).

    A quote running over paragraphs gives one span per paragraph, so no span
    contains a paragraph's closing and the next one's opening mark.
    ``max_paragraphs`` is kept for compatibility and unused. Never raises.

    >>> t = '"One," she said, "two." And "three'
    >>> [t[s:e] for s, e in quoted_spans(t)]
    ['One,', 'two.', 'three']
    """
    return [(q.start, q.end) for q in paired_quotes(text)]


class SpanIndex:
    """Membership test for sorted, non-overlapping spans in O(log n).

    Examples
    --------
    >>> idx = SpanIndex([(2, 5), (10, 12)])
    >>> idx.contains(3), idx.contains(7), idx.find(11)
    (True, False, (10, 12))
    """

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]

    def find(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def contains(self, offset: int) -> bool:
        return self.find(offset) is not None

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans overlapping [start, end).

        Examples
        --------
        >>> SpanIndex([(2, 5), (10, 12), (20, 30)]).overlapping(4, 11)
        [(2, 5), (10, 12)]
        """
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] > start:
                out.append(self.spans[i])
            i += 1
        return out
