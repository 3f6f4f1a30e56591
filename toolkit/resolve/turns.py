"""Interviews without speaker markers: "I" in an answer is the interviewee, and so is
"you" in a question (rule ``interview_person``).

Some interviews are published as bare question and answer paragraphs, the speakers'
names left out. Such a text is an interview when no paragraph opens with a speaker
marker (:func:`toolkit.attribution.interview.speaker_markers` reads those), at least
:data:`MIN_QUESTIONS` paragraphs end with a question mark, and a sentence before the
first question says who is interviewed: it holds a word of the ``interview_cues``
lexicon ("Wikinews interviews ...", "An interview with ...", "... spoke with ...") and
names exactly one person by a full name, hanging from the cue in the parse
("interviews the painter Ann Lee", "an interview with Ann Lee", "Ann Lee tells ...";
not "interviews a bar owner on the Lee affair"; a pronoun resolved to the person
counts: "The Herald interviewed him"). The first such sentence decides; one naming
two people or more ("Ann Lee and Bo Park") leaves the interviewee unknown, so
nothing is resolved.

After the first question, a paragraph ending with "?" is the interviewer's, the
others up to the next question are the interviewee's answers. First-person singular
pronouns of an answer (outside quotation marks: a quote inside an answer is someone
else speaking) and second-person pronouns of a question are mentions of the
interviewee. "We" is left alone: it is rarely the interviewee alone.

In any transcript, a paragraph where the speaker introduces themself ("My name is
Ann Lee", "I'm Ann Lee") has its "I", "me", "my" resolved to that person (rule
``self_introduction``, :func:`self_introduction_mentions`).

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> text = ("Our reporter interviewed the painter Ann Lee.\\n\\nWhy do you paint?\\n\\n"
...         "I love it.\\n\\nWhat next?\\n\\nMy new show opens soon.")
>>> ents = extract_entities(load_pipeline()(text))
>>> [(m.text, ents.name_of(m.cluster)) for m in ents.mentions if m.resolution == "pronoun"]
[('you', 'Ann Lee'), ('I', 'Ann Lee'), ('My', 'Ann Lee')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.interview import speaker_markers
from toolkit.docs import doc_text
from toolkit.records import Cluster, MentionDraft
from toolkit.resolve.features import pronouns_where

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from toolkit.text import SpanIndex

__all__ = ["MIN_QUESTIONS", "Paragraph", "interview_person_mentions", "interviewee",
           "self_introduction_mentions", "unmarked_paragraphs"]

#: Question paragraphs a text needs to be read as an interview.
MIN_QUESTIONS = 2
_NOT_PLACES = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
_MAX_PATH = 6  # dependency steps from the interviewee's name up to the cue
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an unmarked interview: its range and whether it asks."""

    start: int
    end: int
    question: bool


def unmarked_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of an interview without speaker markers, from the first question
    on; [] when the text is no such interview.

    Examples
    --------
    >>> [p.question for p in unmarked_paragraphs("Intro.\\n\\nWhy?\\n\\nBecause.\\n\\nHow?")]
    [True, False, True]
    >>> unmarked_paragraphs("((WN)) Why?\\n\\n((Ann)) Because.\\n\\n((WN)) How?")
    []
    """
    paragraphs = []
    for m in _PARAGRAPH.finditer(text):
        body = m.group().strip()
        if body:
            paragraphs.append(Paragraph(m.start(), m.end(), body.endswith("?")))
    first = next((k for k, p in enumerate(paragraphs) if p.question), None)
    if first is None or sum(p.question for p in paragraphs) < MIN_QUESTIONS \
            or speaker_markers(text):
        return []
    return paragraphs[first:]


def _cue_words(sent, cues: frozenset[str]) -> set[int]:
    """Token indices of the sentence's interview cues (a two-word cue: its first)."""
    toks = list(sent)
    out = {t.i for t in toks if t.lower_ in cues}
    out |= {a.i for a, b in zip(toks, toks[1:], strict=False) if f"{a.lower_} {b.lower_}"
            in cues}
    return out


def _interviewed(tok, cue_words: set[int]) -> bool:
    """The person's head word hangs from a cue ("interviews Ann Lee", "an interview
    with Ann Lee", "Ann Lee tells ..."), not through another preposition ("interviews
    a bar owner on the Lee affair") nor as one of a coordination ("Ann and Bo")."""
    if tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children):
        return False
    if any(c.i in cue_words for c in tok.children):
        return True  # "Wikinews interviews Ann Lee" parsed as a compound of the name
    for _ in range(_MAX_PATH):
        if tok.i in cue_words:
            return True
        if (tok.dep_ == "prep" and tok.lower_ not in {"with", "to"}) or tok.head is tok:
            return False
        tok = tok.head
    return tok.i in cue_words


def _may_be_person(cluster: Cluster) -> bool:
    """A person, or a name of two or three words the model took for a work or a
    product ("Wikinews interviews Ann Lee" with "Ann Lee" tagged as a title): not an
    organisation or a place."""
    return cluster.label == "PERSON" or (cluster.label in _NOT_PLACES
                                         and 2 <= len(cluster.name.split()) <= 3)


def interviewee(doc: Doc, drafts: list[MentionDraft], clusters: list[Cluster],
                before: int) -> int | None:
    """The one person the first interview sentence before character ``before`` names
    (see the module doc): a person known by a full name, or None."""
    cues = lexicons.words("interview_cues")
    for sent in doc.sents:
        if sent.start_char >= before:
            break
        cue_words = _cue_words(sent, cues)
        if not cue_words:
            continue
        people = {d.cluster for d in drafts if sent.start_char <= d.start < sent.end_char
                  and _may_be_person(clusters[d.cluster])
                  and _interviewed(doc[d.tok_end - 1], cue_words)}
        if people:
            (person, *others) = people
            full = len(clusters[person].name.split()) > 1
            return person if not others and full else None
    return None


def interview_person_mentions(doc: Doc, drafts: list[MentionDraft],
                              clusters: list[Cluster], quoted: SpanIndex
                              ) -> list[MentionDraft]:
    """Rule interview_person: see the module doc."""
    paragraphs = unmarked_paragraphs(doc_text(doc))
    if not paragraphs:
        return []
    person = interviewee(doc, drafts, clusters, paragraphs[0].start)
    if person is None:
        return []
    first, second = pronouns_where(person=1, number="singular"), pronouns_where(person=2)
    taken = {d.start for d in drafts}
    out: list[MentionDraft] = []
    k = 0
    for tok in doc:
        while k < len(paragraphs) and tok.idx >= paragraphs[k].end:
            k += 1
        if k == len(paragraphs):
            break
        if tok.idx < paragraphs[k].start or tok.idx in taken or tok.pos_ != "PRON":
            continue
        wanted = second if paragraphs[k].question else first
        if tok.lower_ in wanted and not quoted.contains(tok.idx):
            out.append(MentionDraft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1,
                                    tok.text, clusters[person].label, "pronoun", person))
    return out


def _introduced_self(doc: Doc, tok, drafts_at: dict[int, MentionDraft],
                     clusters: list[Cluster]) -> int | None:
    """ "My name is Ann Lee" / "I'm Ann Lee" / "I am Ann Lee": the person named."""
    if tok.dep_ == "poss" and tok.lower_ == "my" and tok.head.lower_ == "name" \
            and tok.head.dep_ == "nsubj":
        verb = tok.head.head
    elif tok.lower_ == "i" and tok.dep_ == "nsubj":
        verb = tok.head
    else:
        return None
    if verb.lemma_ != "be" or any(c.dep_ == "neg" for c in verb.children):
        return None  # "I'm not Ann Lee"
    for child in verb.children:
        if child.dep_ == "attr":
            draft = drafts_at.get(child.i)
            if draft is not None and clusters[draft.cluster].label == "PERSON":
                return draft.cluster
    return None


def self_introduction_mentions(doc: Doc, drafts: list[MentionDraft],
                               clusters: list[Cluster], quoted: SpanIndex
                               ) -> list[MentionDraft]:
    """Rule self_introduction: in a paragraph whose first "I" or "my" introduces its
    speaker ("My name is Ann Lee", "I'm Ann Lee"; not "I'm not Ann Lee"), the
    paragraph's "I", "me", "my" outside quotation marks are that person (a transcript
    without speaker labels)."""
    drafts_at = {i: d for d in drafts if d.resolution != "pronoun"
                 for i in range(d.tok_start, d.tok_end)}
    first = pronouns_where(person=1, number="singular")
    taken = {d.start for d in drafts}
    out: list[MentionDraft] = []
    for m in _PARAGRAPH.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        mine = [t for t in span if t.lower_ in first and t.pos_ == "PRON"
                and not quoted.contains(t.idx)]
        # The speaker's first word about themself introduces them: an introduction
        # after other "I"s is more likely reported ("I say, my name is ...").
        person = _introduced_self(doc, mine[0], drafts_at, clusters) if mine else None
        if person is None:
            continue
        for t in mine:
            if t.idx not in taken:
                out.append(MentionDraft(t.idx, t.idx + len(t.text), t.i, t.i + 1, t.text,
                                        clusters[person].label, "pronoun", person))
    return out
