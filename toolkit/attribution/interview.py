"""Interview transcripts: speaker markers and the turns they open.

Interviews are published as turns opened by a speaker marker at the start of a
paragraph (or, in text whose paragraphs were run together, after a question and two
spaces): ``((WN))``, ``((Jane Doe))``, ``Q:``, ``A:``, ``NG:``, ``Jane Doe:``. Each
turn is a quote of its speaker, running to the next marker. :func:`speaker_markers`
is the one place that finds markers (the entities stage skips names inside them,
claims skip answers as narrative); :func:`interview_turns` turns them into turns
with the label each speaks under, and whether the label is the interviewer's (a
question-asking label such as "WN", "Q" or the outlet's name: its turns are the
outlet's).

A ``NAME:`` label counts only in a transcript: when at least two paragraphs open with
labels, so that "Image:" captions or a one-off "He concluded:" are not markers; words
that label something else than a speaker (``Image``, ``Photo``, ...) are listed in the
lexicon ``not_speaker_labels``.

Examples
--------
>>> text = "Intro.\\n\\n((WN)) Why penguins?\\n\\n((Ann Lee)) They are fun.\\n\\nAL: Really."
>>> [(text[m.start:m.end], m.label) for m in speaker_markers(text)]
[('((WN))', 'WN'), ('((Ann Lee))', 'Ann Lee'), ('AL:', 'AL')]
>>> [(t.label, t.speaker, t.interviewer, text[t.start:t.end]) for t in interview_turns(text)]
[('WN', 'WN', True, 'Why penguins?'), ('Ann Lee', 'Ann Lee', False, 'They are fun.'), \
('AL', 'Ann Lee', False, 'Really.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit import lexicons

__all__ = ["Marker", "Turn", "interview_turns", "speaker_markers"]

# "((Label))" anywhere at a paragraph start; "Label:" at a paragraph start with a
# short, capitalised label (one to four words or initials).
_START = r"(?m)(?:^[ \t]*|(?<=\?)[ \t]{2,})"  # a paragraph start, or a turn after a question
_PARENS = re.compile(_START + r"(\(\(([^()\n]{1,40})\)\)(?:[ \t]*:)?)")
_COLON = re.compile(_START + r"(([A-Z][\w.'’-]{0,24}(?: [A-Z][\w.'’-]{0,24}){0,3})[ \t]*:)[ \t]")
# "MS Although we …": bare initials opening a paragraph, in a transcript only, and
# only when they open two paragraphs or more.
_INITIALS = re.compile(_START + r"(([A-Z]{2,4}))[ \t]+(?=[A-Z“\"])")
_MIN_COLON_LABELS = 2


@dataclass(frozen=True)
class Marker:
    """A speaker marker: its character range (marks included) and the label in it."""

    start: int
    end: int
    label: str
    label_start: int
    label_end: int


@dataclass(frozen=True)
class Turn:
    """One turn of an interview: the content's character range, the marker's label,
    the speaker that label stands for (initials expanded to a full label of the same
    transcript), and whether it is the interviewer's turn."""

    start: int
    end: int
    label: str
    speaker: str
    interviewer: bool
    marker: Marker


def _is_label(label: str) -> bool:
    words = label.split()
    return bool(words) and not any(w.strip(".").lower() in lexicons.words("not_speaker_labels")
                                   for w in words) \
        and not words[-1].lower().endswith("image")


def speaker_markers(text: str) -> list[Marker]:
    """Every speaker marker of ``text`` in order: ``((Label))`` at a paragraph start;
    ``Label:`` at a paragraph start in a transcript (with ``((Label))`` markers, when
    a turn answers a question, or when a label opens two turns and one turn asks a
    question: not a list of results or headings); and, in a transcript, bare initials
    that open two paragraphs or more ("MS Although we …"). A marker is never an
    entity mention nor the article's narrative."""
    found: dict[int, Marker] = {}
    for m in _PARENS.finditer(text):
        label = m.group(2).strip()
        if label and _is_label(label):
            found[m.start(1)] = Marker(m.start(1), m.end(1), label, m.start(2), m.start(2)
                                       + len(m.group(2).rstrip()))
    colon = [m for m in _COLON.finditer(text) if _is_label(m.group(2))]
    labels = [m.group(2) for m in colon]
    answers_a_question = any(text[:m.start(1)].rstrip().endswith("?") for m in colon)
    asks = any(_paragraph(text, m.end(1)).endswith("?") for m in colon)
    if len(colon) + len(found) >= _MIN_COLON_LABELS and (
            found or answers_a_question or (len(set(labels)) < len(labels) and asks)):
        for m in colon:
            found.setdefault(m.start(1), Marker(m.start(1), m.end(1), m.group(2),
                                                m.start(2), m.end(2)))
    if len(found) >= _MIN_COLON_LABELS:
        bare = [m for m in _INITIALS.finditer(text) if m.start(1) not in found]
        counts: dict[str, int] = {}
        for m in bare:
            counts[m.group(2)] = counts.get(m.group(2), 0) + 1
        for m in bare:
            if counts[m.group(2)] >= _MIN_COLON_LABELS:
                found[m.start(1)] = Marker(m.start(1), m.end(1), m.group(2), m.start(2),
                                           m.end(2))
    return [found[k] for k in sorted(found)]


def _paragraph(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:end if end != -1 else len(text)].strip()


def _initials(label: str) -> str:
    return "".join(w[0] for w in label.split() if w[:1].isalpha()).upper()


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def _question_end(text: str, start: int, end: int) -> int:
    """An interviewer's turn ends with its question: paragraphs after the first one
    that ends in "?" are an answer whose marker is missing (or the article's narrative).

    Examples
    --------
    >>> t = "Why? And how?\\n\\nWe went home."
    >>> t[:_question_end(t, 0, len(t))]
    'Why? And how?'
    >>> _question_end("A remark.", 0, 9)
    9
    """
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl == -1:
            nl = end
        paragraph = text[pos:nl].rstrip()
        if paragraph.endswith("?"):
            return pos + len(paragraph)
        pos = nl + 1
    return end


def interview_turns(text: str, outlet: str | None = None) -> list[Turn]:
    """The turns of an interview transcript (empty for other texts): each marker's
    content up to the next marker. Initials ("NG") stand for the full label with those
    initials ("Natasha Gownaris"); a label whose turns are mostly questions, or that
    names the ``outlet`` ("Wikinews", "WN" for it), is the interviewer's; an
    interviewer's turn ends with its question."""
    markers = speaker_markers(text)
    if not markers:
        return []
    spans = []
    for k, m in enumerate(markers):
        end = markers[k + 1].start if k + 1 < len(markers) else len(text)
        s, e = m.end, end
        while s < e and text[s] in " \t\n:":
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((m, s, e))
    full = {_initials(m.label): m.label for m in markers if len(m.label.split()) > 1}
    questions: dict[str, list[bool]] = {}
    for m, s, e in spans:
        questions.setdefault(m.label, []).append(_is_question(text[s:e]))
    outlet_initials = _initials(outlet) if outlet else ""
    turns = []
    for m, s, e in spans:
        if e <= s:
            continue
        speaker = full.get(m.label, m.label) if m.label.isupper() else m.label
        asked = questions[m.label]
        interviewer = (sum(asked) * 2 > len(asked)
                       or (outlet is not None and m.label.lower() in {outlet.lower(),
                                                                       outlet_initials.lower()}))
        if interviewer:
            e = _question_end(text, s, e)
        turns.append(Turn(s, e, m.label, speaker, interviewer, m))
    return turns
