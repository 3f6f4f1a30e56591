"""Quotes: who said what, about whom, in one parsed article.

:func:`extract_quotes` runs over a spaCy ``Doc`` and the article's entities
(:func:`toolkit.entities.extract_entities`) and returns :class:`Quote` records, the
way textacy's ``direct_quotations`` yields (speaker, cue, content) triples, with
speakers resolved to entity clusters and the entities each quote is about.

The rules, in the order they run:

1. **Direct quotes** are the spans inside paired quotation marks
   (:func:`toolkit.text.paired_quotes`: curly, straight, « », „ “, quotes running
   over paragraphs, unbalanced marks). A quoted span that is embedded in a clause
   ("the “comprehensive reform” plan") is a fragment, not a quote of its own.
2. **Cue and speaker of a direct quote**: a reporting verb (a lexicon) in the
   quote's own sentence outside the marks, nearest to the quote:
   ``X said, “…”``, ``“…,” X said``, ``“…,” said X``, ``X told Y “…”``, and
   participial cues (``…, noting, “…”``) whose subject is the main clause's. Without
   a verb: ``X: “…”`` (colon) and ``“…” — X`` (dash). A split quote (``“A,” he said,
   “B.”``) gives two records with the same speaker. A quote with no cue continues the
   previous quote's speaker when nothing but that quote's attribution lies between
   them (floating quotes, paragraphs continuing a quote).
3. **Indirect and mixed quotes**: the clausal complement of a reporting verb
   (``X said (that) …``, ``X told Y …``), parenthetical attributions (``The plant,
   he said, will close``), ``according to X, …``, and reports that are a verb's
   object (``called for X``, ``urged Y to X``, ``noted X``). A clause that contains a
   quoted fragment is one ``mixed`` quote. Trailing writer's additions (``, which …``)
   and the speaker's next act (``…, and urged …``) are cut off the content.
4. **Speaker resolution**: the subject of the cue, trimmed to its noun phrase
   (``speaker_text``, e.g. "he", "the Russian leader", "a spokesman"), is looked up
   in the entities' mentions (``speaker_cluster``). "I"/"we" inside a quote are never
   its speaker: only text outside the marks is searched.
5. **About whom**: the clusters mentioned in the content, other than the speaker,
   including third-person pronouns inside quotation marks, which
   :mod:`toolkit.entities` leaves alone and are resolved here to the nearest
   preceding compatible person who is not the speaker.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()('Angela Merkel met Joe Biden. “He is a good partner,” Merkel said.')
>>> ents = extract_entities(doc)
>>> [(q.kind, doc.text[q.content_start:q.content_end], q.speaker_text,
...   ents.name_of(q.speaker_cluster), [ents.name_of(c) for c in q.about])
...  for q in extract_quotes(doc, ents)]
[('direct', 'He is a good partner,', 'Merkel', 'Angela Merkel', ['Joe Biden'])]
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from toolkit.text import QuotedSpan, SpanIndex, paired_quotes

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from toolkit.entities import ArticleEntities

# --------------------------------------------------------------------------- lexicons

# Verbs that report speech (or writing, or a stated position).
SPEECH_VERBS = frozenset(
    """say tell add claim argue insist note explain announce declare ask write warn tweet
    acknowledge admit assert remark comment report suggest promise reply respond predict
    confirm deny state recall contend concede quip joke testify emphasize emphasise stress
    observe repeat complain agree propose urge answer allege maintain boast brag caution
    charge conclude counter cry exclaim hint imply indicate lament mention muse opine
    pledge proclaim protest reason recount reiterate reveal retort shout swear threaten vow
    wonder assure affirm inform advise demand recommend estimate speculate contend
    characterize describe post text email write blog call acknowledge disclose divulge
    clarify correct interject joke laugh scoff snap sneer yell scream whisper murmur
    mutter grumble continue conclude begin start counter object plead pray predict quote
    announce broadcast relay signal point declare tout trumpet concede confess read press
    interrupt""".split()
)
# Verbs of belief, finding and intention whose clausal complement PolNeAR-style
# attribution also counts (used for indirect quotes only).
BELIEF_VERBS = frozenset(
    """believe think feel fear hope expect worry doubt suspect know guess reckon assume
    show find suggest indicate reveal conclude determine estimate project forecast
    acknowledge realize recognize understand imagine hold insist want""".split()
)
# Verbs that may cue a direct quote next to it but too vague for indirect speech.
DIRECT_ONLY_VERBS = frozenset({"continue", "begin", "start", "laugh", "quote", "post"})
REPORTING_VERBS = SPEECH_VERBS | BELIEF_VERBS
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
DASHES = frozenset({"—", "–", "-", "--", "―"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Modifiers kept in a speaker's noun phrase ("the Russian leader", "Kremlin
# spokesperson Dmitry Peskov", "Trump's campaign manager").
_NP_DEPS = frozenset({"compound", "det", "amod", "poss", "nmod", "nummod", "case", "flat",
                      "quantmod", "predet", "advmod", "punct"})
# Words that open a writer's addition after a comma at the end of reported content.
TRAILING_ADDITIONS = frozenset({"which", "who", "according"})
# Reporting verbs whose report can be their object or infinitive ("called for X").
OBJECT_CUES = frozenset({"call", "describe", "urge", "ask", "promise", "pledge", "vow",
                         "agree", "threaten", "demand", "propose", "announce", "recommend"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Present-tense cues the tagger often takes for plural nouns.
MISTAGGED_CUES = frozenset({"says", "notes", "adds", "writes", "tells", "explains", "recalls",
                            "argues", "claims", "insists", "warns", "tweets", "asks"})
# Reporting verbs whose direct object is what was reported ("noted the allegations").
DOBJ_CUES = frozenset({"note", "tweet", "stress", "acknowledge", "reiterate", "repeat", "deny",
                       "claim", "report", "emphasize", "emphasise", "predict", "cite", "say",
                       "write"})
# Reporting verbs whose report can be a prepositional object ("warned of X").
PREP_CUES = frozenset({"ask", "warn", "complain", "boast", "brag", "write", "tweet", "joke",
                       "testify"})
_MAX_CONTEXT_TOKENS = 60  # a cue is searched this far around a quote at most


# --------------------------------------------------------------------------- records

@dataclass
class Quote:
    """One attributed quote: content span, cue, speaker and targets (char offsets).

    Examples
    --------
    >>> q = Quote(10, 20, "direct", "said", 2, 6, "he", 0, 2, 1, [3], [(12, 14, 3)])
    >>> Quote.from_dict(q.to_dict()) == q
    True
    """

    content_start: int
    content_end: int
    kind: str  # "direct" | "indirect" | "mixed"
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_cluster: int | None = None
    about: list[int] = field(default_factory=list)
    pronouns: list[tuple[int, int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Quote:
        data = dict(d)
        data["about"] = [int(c) for c in data.get("about") or []]
        data["pronouns"] = [tuple(int(x) for x in p) for p in data.get("pronouns") or []]
        return cls(**data)


@dataclass
class _Attribution:
    """A cue and speaker found for a quote (token indices; -1 when absent)."""

    cue_start: int | None = None
    cue_end: int | None = None
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    # Where to resolve the speaker when the local mention is a relative pronoun
    # ("Putin, who said ...": "who" is the mention, "Putin" resolves it).
    antecedent: tuple[int, int] | None = None


# --------------------------------------------------------------------------- helpers

class _Context:
    """Per-document lookups: token offsets, quote membership, sentences, paragraphs."""

    def __init__(self, doc: Doc, entities: ArticleEntities):
        self.doc = doc
        self.text = doc.text
        self.entities = entities
        self.tok_starts = [t.idx for t in doc]
        self.quotes: list[QuotedSpan] = paired_quotes(self.text)
        # Quote index of every token inside a quote (marks included), else -1.
        self.tok_quote = [-1] * len(doc)
        marks_spans = []
        for qi, q in enumerate(self.quotes):
            end_mark = q.outer_end
            marks_spans.append((q.open_mark, end_mark))
            i = self.token_at(q.open_mark)
            while i < len(doc) and self.tok_starts[i] < end_mark:
                if self.tok_starts[i] + len(doc[i]) > q.open_mark:
                    self.tok_quote[i] = qi
                i += 1
        self.marks_index = SpanIndex(marks_spans)
        self.sent_starts = [s.start for s in doc.sents] if len(doc) else []
        self.sent_ends = [s.end for s in doc.sents] if len(doc) else []
        newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]
        self.newlines = newlines
        self.mention_starts = [m.start for m in entities.mentions]

    def token_at(self, char: int) -> int:
        """Index of the token containing or starting after ``char``."""
        i = bisect.bisect_right(self.tok_starts, char) - 1
        if i < 0:
            return 0
        tok = self.doc[i]
        if char >= tok.idx + len(tok.text) and i + 1 < len(self.doc):
            return i + 1
        return i

    def sent_bounds(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.sent_starts, i) - 1
        k = max(0, k)
        return self.sent_starts[k], self.sent_ends[k]

    def paragraph_bounds(self, char: int) -> tuple[int, int]:
        k = bisect.bisect_left(self.newlines, char)
        start = self.newlines[k - 1] + 1 if k > 0 else 0
        end = self.newlines[k] if k < len(self.newlines) else len(self.text)
        return start, end

    def in_quote(self, i: int) -> bool:
        return self.tok_quote[i] >= 0


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return lemma if lemma else tok.lower_


def _is_cue_verb(tok: Token, lexicon: frozenset[str]) -> bool:
    if tok.pos_ not in {"VERB", "AUX"} and not (tok.tag_.startswith("VB")):
        return False
    return _lemma(tok) in lexicon or tok.lower_ in lexicon


def _phrasal_cue(tok: Token) -> tuple[int, int]:
    """Token range of a cue: the verb plus auxiliaries/particles next to it
    ("has said", "pointed out")."""
    start = end = tok.i
    doc = tok.doc
    for child in tok.children:
        if child.dep_ == "prt" and child.i == end + 1:
            end = child.i
    while start - 1 >= 0 and doc[start - 1].dep_ in {"aux", "neg"} and doc[start - 1].head == tok:
        start -= 1
    return start, end + 1


def _np_span(head: Token) -> tuple[int, int]:
    """The noun phrase of a subject head: its left modifiers, without appositions,
    relative clauses or prepositional tails ("Putin, 72," -> "Putin")."""
    start = head.i
    for left in reversed(list(head.lefts)):
        if left.dep_ in _NP_DEPS and left.text not in {",", "(", "“", '"', "—", "–"}:
            start = min(start, left.left_edge.i)
        else:
            break
    end = head.i + 1
    for right in head.rights:
        if right.dep_ in {"flat", "compound"} and right.i == end:
            end = right.i + 1
        else:
            break
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _subject_of(verb: Token, ctx: _Context, depth: int = 0) -> Token | None:
    """The speaker head of a cue verb: its subject, the agent of a passive, or for a
    participle/conjunct the subject of the clause it hangs on."""
    if depth > 6:
        return None
    # Several subjects (a misparsed appositive): the one nearest the verb.
    subjects = sorted((c for c in verb.children if c.dep_ == "nsubj" and not ctx.in_quote(c.i)),
                      key=lambda c: abs(c.i - verb.i))
    if subjects:
        return subjects[0]
    if any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children):
        # "He's said ..." misparsed as a passive.
        passive = [c for c in verb.children if c.dep_ == "nsubjpass" and not ctx.in_quote(c.i)]
        if passive:
            return passive[0]
    if depth > 0 and _lemma(verb) in {"quote", "ask", "cite"}:
        passive = [c for c in verb.children if c.dep_ == "nsubjpass" and not ctx.in_quote(c.i)
                   and c.lower_ != "it"]
        if passive:
            return passive[0]  # "X is quoted as saying", "X, asked about it, said"
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and not ctx.in_quote(pobj.i):
                    return pobj
    if verb.dep_ in {"advcl", "conj", "xcomp", "acl", "ccomp", "pcomp", "parataxis"} \
            and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            head = head.head  # "…, before adding that …" / "by saying …"
        if verb.dep_ == "ccomp" and _is_cue_verb(head, REPORTING_VERBS):
            return None  # the content of someone else's statement
        # A participle hanging on the content clause of a reporting verb belongs to
        # that reporting verb ("he noted that X was optimistic, remarking ...").
        while head.dep_ == "ccomp" and _is_cue_verb(head.head, REPORTING_VERBS) \
                and head.head.i != head.i:
            head = head.head
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not _is_cue_verb(head, REPORTING_VERBS):
            # "X said Clinton will have to choose, saying ...": climb to the reporting
            # verb whose complement the participle was attached inside.
            anc = head
            for _ in range(4):
                if anc.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or anc.head.i == anc.i:
                    break
                parent = anc.head
                if anc.dep_ == "ccomp" and _is_cue_verb(parent, SPEECH_VERBS):
                    head = parent
                    break
                anc = parent
        if verb.dep_ in {"ccomp", "acl"} and verb.tag_ not in {"VBG", "VBN"}:
            return None
        return _subject_of(head, ctx, depth + 1)
    return None


def _attribution_from_verb(verb: Token, ctx: _Context) -> _Attribution:
    cs, ce = _phrasal_cue(verb)
    doc = ctx.doc
    att = _Attribution(cue_start=cs, cue_end=ce, cue=doc[cs:ce].text)
    subj = _subject_of(verb, ctx)
    if subj is None:
        subj = _inverted_subject(verb, ctx)
    if subj is None:
        j = verb.i - 1
        while j >= 0 and doc[j].tag_ == "RB" and doc[j].is_lower:
            j -= 1
        if j >= 0 and doc[j].head == verb and not ctx.in_quote(j) and not doc[j].is_stop \
                and (doc[j].pos_ == "PROPN" or (doc[j].is_title and doc[j].is_alpha)):
            subj = doc[j]  # "Skelly called X" with the name misparsed as a modifier
    if subj is not None and subj.pos_ in {"NOUN"}:
        # "One pastor, Darran Whiting, said": the appositive name is the mention.
        for child in subj.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON" and child.i > subj.i:
                subj = child
                break
    if subj is None and verb.pos_ not in {"VERB", "AUX"} and verb.i > 0 \
            and doc[verb.i - 1].pos_ in {"PROPN", "PRON"} and not ctx.in_quote(verb.i - 1):
        subj = doc[verb.i - 1]
    if subj is not None:
        ss, se = _np_span(subj)
        att.speaker_start, att.speaker_end, att.speaker_text = ss, se, doc[ss:se].text
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl" \
                and subj.head.head.i != subj.head.i:
            antecedent = subj.head.head
            att.antecedent = _np_span(antecedent)
    return att


def _inverted_subject(verb: Token, ctx: _Context) -> Token | None:
    """``“…,” said Skelly`` misparsed (the name as a modifier of "said"): a name right
    after a reporting verb that follows a closing quotation mark."""
    doc = ctx.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].is_space) and not ctx.in_quote(j):
        j -= 1
    if j < 0 or not ctx.in_quote(j):
        return None
    k = verb.i + 1
    def name_like(t: Token) -> bool:
        return t.pos_ == "PROPN" or (t.is_title and t.is_alpha and not t.is_stop)

    if k < len(doc) and name_like(doc[k]) and not ctx.in_quote(k):
        while k + 1 < len(doc) and name_like(doc[k + 1]):
            k += 1
        return doc[k]
    return None


# --------------------------------------------------------------------------- direct

def _is_embedded(ctx: _Context, q: QuotedSpan) -> bool:
    """A quoted fragment inside a clause ("the “reform” plan"), not a quote of its own:
    the mark follows a word that is not a reporting verb or "that"."""
    text = ctx.text
    j = q.open_mark - 1
    while j >= 0 and text[j].isspace() and text[j] != "\n":
        j -= 1
    if j < 0 or text[j] == "\n":
        return False
    ch = text[j]
    if ch in ",:;—–([-…" or ch in ".!?":
        return False
    if ch.isalnum() or ch in "’'\"”%$)":
        i = ctx.token_at(j)
        tok = ctx.doc[i]
        if _is_cue_verb(tok, SPEECH_VERBS) or tok.lower_ == "that":
            return False  # "said “…”", "said in a statement that “…”"
        return True
    return False


def _left_window(ctx: _Context, q: QuotedSpan, prev_close: int) -> tuple[int, int]:
    """Token range [a, b) before the opening mark where its cue may be: back to the
    sentence start, the previous quote or the paragraph start."""
    doc = ctx.doc
    b = ctx.token_at(q.open_mark)
    j = b - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0:
        return b, b
    if doc[j].text in {".", "!", "?"}:
        return b, b
    para_start, _ = ctx.paragraph_bounds(q.open_mark)
    if "\n" in ctx.text[doc[j].idx:q.open_mark]:
        # "He said:\n\n“…”": a paragraph ending in a colon introduces the quote.
        if doc[j].text != ":" or q.open_mark - doc[j].idx > 4 + len(doc[j].whitespace_):
            return b, b
        para_start, _ = ctx.paragraph_bounds(doc[j].idx)
        b = j + 1
    s_start, _ = ctx.sent_bounds(j)
    a = max(s_start, ctx.token_at(para_start), ctx.token_at(prev_close) if prev_close > 0 else 0,
            b - _MAX_CONTEXT_TOKENS)
    return a, b


def _right_window(ctx: _Context, q: QuotedSpan, next_open: int) -> tuple[int, int]:
    """Token range [a, b) after the closing mark where its cue may be: to the end of
    that sentence, the next quote or the paragraph end. Empty when the quote ends a
    sentence and a new one (capitalised) follows."""
    doc = ctx.doc
    if q.close_mark is None:
        return 0, 0
    text = ctx.text
    a = ctx.token_at(q.outer_end)
    while a < len(doc) and doc[a].idx < q.outer_end:
        a += 1
    k = q.outer_end
    while k < len(text) and text[k].isspace() and text[k] != "\n":
        k += 1
    if k >= len(text) or text[k] == "\n":
        return a, a
    last = text[q.start:q.end].rstrip()[-1:]
    if last in {".", "…", "!", "?"} and (text[k].isupper() or text[k] in "“\"«„"):
        # A new sentence, unless it is only the attribution: "“Why?” Trump asked.",
        # "“… .” Trump said to cheers." (but not "He added, “…”", the next quote's).
        if text[k] in "“\"«„" or not _attribution_follows(ctx, a):
            return a, a
    if a >= len(doc):
        return a, a
    _, s_end = ctx.sent_bounds(a)
    _, para_end = ctx.paragraph_bounds(q.close_mark)
    b = min(s_end, ctx.token_at(para_end) if para_end < len(text) else len(doc),
            ctx.token_at(next_open) if next_open < len(text) else len(doc),
            a + _MAX_CONTEXT_TOKENS)
    return a, max(a, b)


def _attribution_follows(ctx: _Context, a: int) -> bool:
    """Do the tokens from ``a`` start with a short attribution ("Trump said", "said
    Mr. Keller", "Lisa Monaco, Obama's adviser, said") that does not introduce a new
    quote?"""
    doc = ctx.doc
    for i in range(a, min(a + 25, len(doc))):
        tok = doc[i]
        if ctx.in_quote(i) or tok.text in {".", "!", "?", ";", ":"} or "\n" in tok.text:
            return False
        if _is_cue_verb(tok, SPEECH_VERBS):
            if i - a > 4:
                subj = _subject_of(tok, ctx)
                if subj is None or subj.left_edge.i > a + 1:
                    return False
            elif not all(t.pos_ in {"PROPN", "PRON", "DET", "NOUN", "ADJ"} or t.is_space
                         for t in doc[a:i]):
                return False
            j = i + 1
            while j < len(doc) and not ctx.in_quote(j) and doc[j].text not in {".", "\n"}:
                j += 1
            # The verb must not open the next quote: "He added, “…”".
            return not (j < len(doc) and ctx.in_quote(j)
                        and all(t.is_punct or t.is_space for t in doc[i + 1:j]))
    return False


def _verb_in_window(ctx: _Context, a: int, b: int, nearest_last: bool) -> Token | None:
    doc = ctx.doc
    order = range(b - 1, a - 1, -1) if nearest_last else range(a, b)
    for i in order:
        if ctx.in_quote(i):
            continue
        tok = doc[i]
        if _is_cue_verb(tok, SPEECH_VERBS):
            return tok
        if tok.lower_ in MISTAGGED_CUES and i > 0 and doc[i - 1].pos_ in {"PROPN", "PRON"}:
            return tok  # "“…,” Conway notes." with "notes" tagged a noun
    return None


def _mention_span_in(ctx: _Context, a_char: int, b_char: int, last: bool) -> tuple[int, int] | None:
    """The last (or first) mention in [a_char, b_char), people before organisations."""
    ents = ctx.entities
    lo = bisect.bisect_left(ctx.mention_starts, a_char)
    hi = bisect.bisect_left(ctx.mention_starts, b_char)
    for labels in ({"PERSON"}, {"ORG", "NORP", "GPE"}):
        cands = [m for m in ents.mentions[lo:hi] if m.end <= b_char
                 and ents.clusters[m.cluster].label in labels]
        if cands:
            m = cands[-1] if last else cands[0]
            return m.start, m.end
    return None


def _colon_attribution(ctx: _Context, q: QuotedSpan, a: int, b: int) -> _Attribution | None:
    """``X: “…”`` — the speaker is the last named mention (else the head noun) before
    the colon."""
    doc = ctx.doc
    j = b - 1
    while j >= a and doc[j].is_space:
        j -= 1
    if j < a or doc[j].text != ":":
        return None
    att = _Attribution(cue_start=j, cue_end=j + 1, cue=":")
    # "Cruz called them on it: “…”": the subject of the clause before the colon.
    for t in doc[a:j]:
        if t.pos_ in {"VERB", "AUX"} and (t.head == t or not a <= t.head.i < j):
            subj = next((c for c in t.children if c.dep_ == "nsubj" and a <= c.i < j
                         and c.lower_ not in {"it", "this", "that", "there"}), None)
            if subj is not None:
                s, e = _np_span(subj)
                att.speaker_start, att.speaker_end, att.speaker_text = s, e, doc[s:e].text
                return att
            break
    span = _mention_span_in(ctx, doc[a].idx if a < len(doc) else 0, doc[j].idx, last=True)
    if span is not None:
        s = ctx.token_at(span[0])
        e = ctx.token_at(span[1] - 1) + 1
    else:
        heads = [t for t in doc[a:j] if t.pos_ in {"PROPN", "NOUN", "PRON"}
                 and t.lower_ not in FIRST_PERSON | {"it", "this", "that"}
                 and not ctx.in_quote(t.i) and (t.head.i >= j or t.head.i < a or t.head == t
                                                or t.dep_ in SUBJECT_DEPS)]
        if not heads:
            return None
        s, e = _np_span(heads[0])
    att.speaker_start, att.speaker_end, att.speaker_text = s, e, doc[s:e].text
    return att


def _dash_attribution(ctx: _Context, a: int, b: int) -> _Attribution | None:
    """``“…” — X`` — a named speaker right after a dash."""
    doc = ctx.doc
    i = a
    while i < b and doc[i].is_space:
        i += 1
    if i >= b or doc[i].text not in DASHES:
        return None
    last_tok = doc[min(b, len(doc)) - 1]
    span = _mention_span_in(ctx, doc[i].idx, last_tok.idx + len(last_tok.text), last=False)
    if span is None or ctx.token_at(span[0]) > i + 3:
        return None
    s, e = ctx.token_at(span[0]), ctx.token_at(span[1] - 1) + 1
    return _Attribution(cue_start=i, cue_end=i + 1, cue=doc[i].text, speaker_start=s,
                        speaker_end=e, speaker_text=doc[s:e].text)


def _direct_attribution(ctx: _Context, qi: int) -> _Attribution | None:
    q = ctx.quotes[qi]
    prev_close = 0
    if qi > 0:
        p = ctx.quotes[qi - 1]
        prev_close = p.outer_end
    next_open = ctx.quotes[qi + 1].open_mark if qi + 1 < len(ctx.quotes) else len(ctx.text)
    la, lb = _left_window(ctx, q, prev_close)
    ra, rb = _right_window(ctx, q, next_open)
    left = _verb_in_window(ctx, la, lb, nearest_last=True)
    right = _verb_in_window(ctx, ra, rb, nearest_last=False)
    candidates = []
    if left is not None:
        candidates.append((lb - left.i, left))
    if right is not None:
        candidates.append((right.i - ra, right))
    candidates.sort(key=lambda c: c[0])
    for _, verb in candidates:
        att = _attribution_from_verb(verb, ctx)
        if att.speaker_start is not None:
            return att
    if lb > la:
        att = _colon_attribution(ctx, q, la, lb)
        if att is not None:
            return att
    if rb > ra:
        att = _dash_attribution(ctx, ra, rb)
        if att is not None:
            return att
    if right is not None:
        # "“…,” Gene Sperling, a top adviser, said": the parser lost the subject; the
        # noun phrase right after the closing mark is the speaker.
        att = _attribution_from_verb(right, ctx)
        head = next((t for t in ctx.doc[ra:right.i] if t.pos_ in {"PROPN", "NOUN", "PRON"}
                     and not ctx.in_quote(t.i)), None)
        if head is not None:
            while head.i + 1 < right.i and ctx.doc[head.i + 1].pos_ == "PROPN":
                head = ctx.doc[head.i + 1]
            ss, se = _np_span(head)
            att.speaker_start, att.speaker_end = ss, se
            att.speaker_text = ctx.doc[ss:se].text
            return att
    if candidates:
        return _attribution_from_verb(candidates[0][1], ctx)
    return None


# --------------------------------------------------------------------------- indirect

def _content_tokens(verb: Token, comp: Token, ctx: _Context) -> tuple[int, int]:
    """Token range of a clausal complement, cut before a nested participial reporting
    clause ("…, remarking that …") and trimmed of edge punctuation."""
    doc = ctx.doc
    start, end = comp.left_edge.i, comp.right_edge.i + 1
    for tok in comp.subtree:
        if tok.i > start and tok.dep_ in {"advcl", "conj"} and tok.tag_ == "VBG" \
                and _is_cue_verb(tok, SPEECH_VERBS) and tok.i < end:
            cut = tok.left_edge.i
            while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].lower_ in {"and"}):
                cut -= 1
            if cut > start:
                end = min(end, cut)
    # "X said A, and urged B": a subjectless verb coordinated inside the complement
    # with the reporting verb's own form is the speaker's next act, not content.
    for child in comp.children:
        if child.dep_ == "conj" and child.i > comp.i and child.pos_ == "VERB" \
                and child.tag_ == verb.tag_ and child.tag_ in {"VBD", "VBZ"} \
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            cut = child.left_edge.i
            while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc"):
                cut -= 1
            if cut > start:
                end = min(end, cut)
    # A trailing non-restrictive addition (", which …", ", referring to …") is the
    # writer's, not the source's.
    for i in range(max(start + 2, comp.i + 1), end - 1):
        nxt = doc[i + 1]
        if not ctx.in_quote(i) and (
                doc[i].text == "," and (nxt.lower_ in TRAILING_ADDITIONS
                                        or (nxt.tag_ == "VBG" and nxt.dep_ in {"advcl"}))
                or doc[i].text in DASHES and doc[i].whitespace_ and i > comp.i + 2):
            end = i  # ", which …" / ", citing …" / " — except that …"
            break
    while start < end and (doc[start].is_punct and doc[start].text not in "“\"«„"
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in "”\"»“"
                           or doc[end - 1].is_space):
        end -= 1
    return start, end


def _indirect_candidates(ctx: _Context) -> list[tuple[int, int, _Attribution]]:
    """(content start token, content end token, attribution) for each reporting verb
    outside quotation marks with a clausal complement, and each "according to X"."""
    doc = ctx.doc
    out: list[tuple[int, int, _Attribution]] = []
    for tok in doc:
        if ctx.in_quote(tok.i):
            continue
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            got = _according_to(tok, ctx)
            if got is not None:
                out.append(got)
            continue
        if not _is_cue_verb(tok, REPORTING_VERBS) or _lemma(tok) in DIRECT_ONLY_VERBS:
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        parenthetical = False
        if not comps and tok.dep_ == "parataxis" and tok.head.i != tok.i \
                and _lemma(tok) in SPEECH_VERBS and not ctx.in_quote(tok.head.i):
            # "Acts of protest, he said, are acts of patriotism." / "X is Y, he said."
            comps = [tok.head]
            parenthetical = True
        ranges = [_content_tokens(tok, comp, ctx) for comp in comps]
        # A clause has a verb; a verbless "complement" is a misparse.
        ranges = [(s, e) for s, e in ranges
                  if any(t.pos_ in {"VERB", "AUX"} or ctx.in_quote(t.i) for t in doc[s:e])]
        if not comps and (_lemma(tok) in OBJECT_CUES or _lemma(tok) in DOBJ_CUES
                          or _lemma(tok) in PREP_CUES):
            got = _object_content(tok)
            if got is not None:
                ranges.append(got)
        if not ranges:
            continue
        att = _attribution_from_verb(tok, ctx)
        for s, e in ranges:
            s, e = _within_paragraph(ctx, s, e, tok.i)
            if e - s < 2:
                continue
            # "which critics said was unfair": the relative pronoun is the content's
            # subject, so the cue sits inside the content span.
            extracted = s < tok.i < e and doc[s].lower_ in RELATIVE_PRONOUNS | {"what"}
            if not parenthetical and not extracted:
                if s <= tok.i < e:
                    continue
                if att.speaker_start is not None and s < att.speaker_end \
                        and att.speaker_start < e:
                    continue
            lo, hi = (min(s, tok.i), max(e, tok.i + 1))
            if "\n" in ctx.text[doc[lo].idx:doc[hi - 1].idx]:
                continue  # a misparse across paragraphs
            out.append((s, e, att))
    return out


def _object_content(verb: Token) -> tuple[int, int] | None:
    """Content of a reporting verb whose report is its object: "called X Y",
    "called for X", "described X as Y", "urged X to Y", "promised to Y",
    "announced X"."""
    lemma = _lemma(verb)
    kids = list(verb.children)
    dobj = next((c for c in kids if c.dep_ == "dobj" and c.i > verb.i), None)
    comp = next((c for c in kids if c.dep_ in {"oprd", "xcomp", "acomp"} and c.i > verb.i), None)
    prep = next((c for c in kids if c.dep_ == "prep" and c.i > verb.i), None)
    parts: list[Token] = []
    if lemma == "call":
        if prep is not None and prep.lower_ in {"for", "on"} and (dobj is None or prep.i < dobj.i):
            parts = [prep] + ([comp] if comp is not None else [])
            start = prep.i + 1
            end = max(p.right_edge.i for p in parts) + 1
            return (start, end) if end - start >= 2 else None
        if dobj is None or comp is None:
            return None
        parts = [dobj, comp]
    elif lemma == "describe":
        if dobj is None:
            return None
        parts = [dobj, prep] if prep is not None and prep.lower_ == "as" else [dobj]
    elif lemma in DOBJ_CUES:
        if dobj is None or dobj.pos_ == "PRON":
            return None
        parts = [dobj]
    elif lemma in {"urge", "ask", "promise", "pledge", "vow", "agree", "threaten", "demand",
                   "propose", "announce", "recommend"}:
        if comp is not None and comp.dep_ == "xcomp" and comp.tag_ == "VB":
            parts = [dobj, comp] if dobj is not None else [comp]
        elif dobj is not None and lemma in {"propose", "announce", "demand", "recommend"}:
            parts = [dobj]
        else:
            return None
    else:
        parts = []
    if not parts and dobj is None and prep is not None and prep.lower_ in {"about", "of"} \
            and lemma in PREP_CUES:
        # "warned of a recession", "asked about the emails": the object of the preposition.
        pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
        if pobj is not None:
            parts = [pobj]
    if not parts:
        return None
    start = min(p.left_edge.i for p in parts)
    end = max(p.right_edge.i for p in parts) + 1
    doc = verb.doc
    for c in range(start + 1, end - 1):
        # A trailing appositive of the object is as likely a misparse (", Reuters
        # reports") as a description: leave it out.
        if doc[c].text == "," and doc[c + 1].dep_ == "appos" and doc[c + 1].right_edge.i + 1 >= end:
            end = c
            break
    return (start, end) if end - start >= 2 else None


def _within_paragraph(ctx: _Context, s: int, e: int, anchor: int) -> tuple[int, int]:
    """Cut the token range [s, e) to the paragraph of the cue at ``anchor``."""
    doc = ctx.doc
    if e <= s:
        return s, e
    a, b = ctx.paragraph_bounds(doc[anchor].idx)
    while s < e and doc[s].idx < a:
        s += 1
    while e > s and doc[e - 1].idx >= b:
        e -= 1
    return s, e


def _according_to(tok: Token, ctx: _Context) -> tuple[int, int, _Attribution] | None:
    doc = ctx.doc
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    s_start, s_end = ctx.sent_bounds(tok.i)
    phrase_start = tok.i
    phrase_end = max(tok.right_edge.i, to.right_edge.i, pobj.right_edge.i) + 1
    before = (s_start, phrase_start)
    after = (phrase_end, s_end)
    s, e = after if (after[1] - after[0]) >= (before[1] - before[0]) else before
    while s < e and (doc[s].is_punct and doc[s].text not in "“\"" or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct and doc[e - 1].text not in "”\"" or doc[e - 1].is_space):
        e -= 1
    if e - s < 3:
        return None
    ss, se = _np_span(pobj)
    att = _Attribution(cue_start=tok.i, cue_end=tok.i + 2, cue="according to",
                       speaker_start=ss, speaker_end=se, speaker_text=doc[ss:se].text)
    return s, e, att


# --------------------------------------------------------------------------- about

def _resolve_pronoun(ctx: _Context, tok: Token, speaker_cluster: int | None) -> int | None:
    """The nearest preceding person (within ~2,000 characters) compatible in gender
    with a third-person pronoun inside a quote, skipping the speaker."""
    ents = ctx.entities
    gender = "male" if tok.lower_ in MALE_PRONOUNS else "female"
    k = bisect.bisect_left(ctx.mention_starts, tok.idx) - 1
    limit = tok.idx - 2000
    seen = 0
    while k >= 0 and seen < 60:
        m = ents.mentions[k]
        k -= 1
        if m.start < limit:
            break
        cluster = ents.clusters[m.cluster]
        if cluster.label != "PERSON":
            continue
        seen += 1
        if m.cluster == speaker_cluster:
            continue
        if cluster.gender not in {"unknown", gender}:
            continue
        return m.cluster
    return None


def _about(ctx: _Context, quote: Quote) -> None:
    ents = ctx.entities
    doc = ctx.doc
    s, e = quote.content_start, quote.content_end
    about: list[int] = []
    lo = bisect.bisect_left(ctx.mention_starts, s)
    hi = bisect.bisect_left(ctx.mention_starts, e)
    inside = ents.mentions[lo:hi]
    for k, m in enumerate(inside):
        # A name nested in a longer mention ("Republican" in "the Republican
        # president-elect") is part of that mention, not a target of its own.
        if any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
               for o in inside[max(0, k - 3) : k]):
            continue
        if m.cluster != quote.speaker_cluster and m.cluster not in about:
            about.append(m.cluster)
    pronouns: list[tuple[int, int, int]] = []
    mentioned = set(ctx.mention_starts[lo:hi])
    i = ctx.token_at(s)
    while i < len(doc) and doc[i].idx < e:
        tok = doc[i]
        i += 1
        low = tok.lower_
        if (low in MALE_PRONOUNS or low in FEMALE_PRONOUNS) and tok.idx not in mentioned \
                and ctx.marks_index.contains(tok.idx):
            cluster = _resolve_pronoun(ctx, tok, quote.speaker_cluster)
            if cluster is None:
                continue
            pronouns.append((tok.idx, tok.idx + len(tok.text), cluster))
            if cluster not in about:
                about.append(cluster)
    quote.about = about
    quote.pronouns = pronouns


# --------------------------------------------------------------------------- main

def _char_span(ctx: _Context, s: int, e: int) -> tuple[int, int]:
    doc = ctx.doc
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)


def _make_quote(ctx: _Context, start: int, end: int, kind: str,
                att: _Attribution | None) -> Quote:
    quote = Quote(start, end, kind)
    if att is None:
        return quote
    doc = ctx.doc
    if att.cue_start is not None and att.cue_end is not None and att.cue_end > att.cue_start:
        quote.cue_start, quote.cue_end = _char_span(ctx, att.cue_start, att.cue_end)
        quote.cue = ctx.text[quote.cue_start:quote.cue_end]
    if att.speaker_start is not None and att.speaker_end is not None \
            and att.speaker_end > att.speaker_start:
        ss, se = _char_span(ctx, att.speaker_start, att.speaker_end)
        quote.speaker_start, quote.speaker_end = ss, se
        quote.speaker_text = ctx.text[ss:se]
        head = doc[att.speaker_end - 1]
        if att.antecedent is not None:
            ss, se = _char_span(ctx, *att.antecedent)
        if head.lower_ not in FIRST_PERSON:
            mention = ctx.entities.mention_at(ss, se)
            if mention is not None:
                quote.speaker_cluster = mention.cluster
    return quote


def _copy_speaker(src: Quote, dst: Quote) -> None:
    dst.speaker_text, dst.speaker_start = src.speaker_text, src.speaker_start
    dst.speaker_end, dst.speaker_cluster = src.speaker_end, src.speaker_cluster


def _nothing_between(ctx: _Context, prev: Quote, prev_q: QuotedSpan, q: QuotedSpan) -> bool:
    """True when only the previous quote's own attribution (or nothing) lies between
    two quotes, so a cue-less quote continues the previous speaker."""
    text = ctx.text
    gap_start = prev_q.outer_end
    gap = text[gap_start:q.open_mark]
    if not gap.strip(" \t\n.,;:—–-"):
        return True
    if len(gap) > 200 or prev.cue_start is None:
        return False
    # The gap may only hold the previous attribution: "he said." / ", said X."
    if prev.cue_start >= gap_start and prev.cue_end is not None and gap.count("\n") <= 2:
        # "“A,” X said at the rally as he left. “B.”": one sentence of attribution.
        # No sentence may start between the attribution and this quote.
        doc = ctx.doc
        a = ctx.token_at(max(prev.cue_end, prev.speaker_end or 0))
        b = ctx.token_at(q.open_mark)
        k = bisect.bisect_right(ctx.sent_starts, a)
        while k < len(ctx.sent_starts) and ctx.sent_starts[k] < b:
            if any(not t.is_space for t in doc[ctx.sent_starts[k]:b]):
                return False
            k += 1
        return True
    return False


def extract_quotes(doc: Doc, entities: ArticleEntities) -> list[Quote]:
    """Direct, indirect and mixed quotes of one parsed article, sorted by
    ``content_start`` (see the module docstring for the rules). Never raises on odd
    text: unbalanced quotation marks are paired as well as they can be.

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> from toolkit.entities import extract_entities
    >>> doc = load_pipeline()('“We are ready,” the minister said. “We have always been.”')
    >>> [(doc.text[q.content_start:q.content_end], q.speaker_text, q.cue)
    ...  for q in extract_quotes(doc, extract_entities(doc))]
    [('We are ready,', 'the minister', 'said'), ('We have always been.', 'the minister', None)]
    """
    if len(doc) == 0 or not doc.text.strip() or not doc.has_annotation("DEP"):
        return []  # nothing to attribute without a dependency parse
    ctx = _Context(doc, entities)
    text = ctx.text
    quotes: list[Quote] = []

    # 1-2. Direct quotes (quoted spans that stand on their own) and their speakers.
    direct: dict[int, Quote] = {}
    prev_quote: Quote | None = None
    prev_span: QuotedSpan | None = None
    for qi, q in enumerate(ctx.quotes):
        if _is_embedded(ctx, q) and not q.continued:
            continue
        if not any(ch.isalpha() for ch in text[q.start:q.end]):
            continue
        att = _direct_attribution(ctx, qi)
        quote = _make_quote(ctx, q.start, q.end, "direct", att)
        if quote.speaker_start is None and prev_quote is not None and prev_span is not None \
                and prev_quote.speaker_start is not None \
                and (q.continued or _nothing_between(ctx, prev_quote, prev_span, q)):
            _copy_speaker(prev_quote, quote)
        if quote.speaker_start is None and quote.cue is None:
            # Unattributed quoted text (titles, scare quotes, slogans) is not a quote.
            prev_quote, prev_span = None, q
            continue
        direct[qi] = quote
        prev_quote, prev_span = quote, q

    # 3. Indirect and mixed quotes from reporting verbs' clausal complements.
    quote_spans = SpanIndex([(q.open_mark, q.outer_end) for q in ctx.quotes])
    span_to_qi = {(q.open_mark, q.outer_end): qi for qi, q in enumerate(ctx.quotes)}
    consumed: set[int] = set()
    indirect: list[Quote] = []
    direct_cues = sorted(q.cue_start for q in direct.values() if q.cue_start is not None)
    for s, e, att in _indirect_candidates(ctx):
        cs, ce = _char_span(ctx, s, e)
        own_cue = doc[att.cue_start].idx if att.cue_start is not None else -1
        k = bisect.bisect_left(direct_cues, cs)
        if any(c != own_cue for c in direct_cues[k:bisect.bisect_left(direct_cues, ce)]):
            continue  # the clause holds another quote's attribution: a misparse
        inside = quote_spans.overlapping(cs, ce)
        if inside and att.cue_start is not None and inside[0][0] <= cs < inside[0][1] \
                and inside[0][1] < ce and doc[att.cue_start].idx >= inside[0][1] \
                and span_to_qi.get(inside[0]) in direct:
            continue  # "“A,” X, an adviser, said" parsed as one clause: the quote has it
        kind = "indirect"
        if inside:
            quoted = sum(min(ce, qe) - max(cs, qs) for qs, qe in inside)
            outside_words = [t for t in doc[s:e] if not ctx.in_quote(t.i) and t.is_alpha
                             and t.lower_ not in {"that", "if", "whether"}]
            if len(outside_words) < 2 or quoted >= 0.8 * (ce - cs):
                # Essentially a direct quote: give it this cue if it has no speaker.
                for span in inside:
                    qi = span_to_qi.get(span)
                    if qi is None:
                        continue
                    q = ctx.quotes[qi]
                    if qi not in direct:
                        direct[qi] = _make_quote(ctx, q.start, q.end, "direct", att)
                    elif direct[qi].speaker_start is None:
                        direct[qi] = _make_quote(ctx, q.start, q.end, "direct", att)
                continue
            kind = "mixed"
            for span in inside:
                qi = span_to_qi.get(span)
                if qi is not None and span[0] >= cs and span[1] <= ce + 1:
                    consumed.add(qi)
        indirect.append(_make_quote(ctx, cs, ce, kind, att))

    for qi, quote in direct.items():
        if qi not in consumed:
            quotes.append(quote)
    quotes.extend(indirect)

    # Drop exact duplicates (two cues for one clause); keep the first found.
    seen: set[tuple[int, int]] = set()
    unique: list[Quote] = []
    for quote in sorted(quotes, key=lambda x: (x.content_start, x.content_end)):
        key = (quote.content_start, quote.content_end)
        if key in seen:
            continue
        seen.add(key)
        unique.append(quote)
    for quote in unique:
        _about(ctx, quote)
    return unique
