"""Does a cue verb, where it stands, report a statement, and of which class?

The cue lexicons say which words *can* report speech, a belief, a finding or an
intention (:mod:`toolkit.attribution.cues`). This module looks at one occurrence in
its sentence, in two ordered lists:

- :data:`CUE_VETOES`, each ``veto(verb, ctx, klass) -> bool``: True when the verb
  reports nothing here (a purpose or other unrealised infinitive, "work to predict";
  negated speech, "did not say"; a photo caption line, "—Name calling for …"; a
  participle or naming verb that describes, "reported incidents", "a program called
  “X”"; a gerund naming an act, "mandate reporting abuses"). Any veto wins.
- :data:`CLASS_RULES`, each ``rule(verb, ctx, klass) -> str | None``: a new class for
  a non-speech sense ("the data suggest" is a finding). The first answer wins.

:func:`cue_sense` applies both; the indirect content rules ask it for every cue verb.
Words come from the lexicons ``cue_entailing_heads``, ``finding_sources``,
``cue_inference``, ``naming_verbs``, ``cue_passive_other_sense`` and
``cue_requirement_senses``.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.records import ArticleEntities
>>> from toolkit.attribution.context import Context
>>> nlp = load_pipeline()
>>> def senses(text):
...     doc = nlp(text)
...     ctx = Context(doc, ArticleEntities([], []))
...     return [(t.text, cue_sense(t, ctx)) for t in doc if cue_class(t)]
>>> senses("Scientists work to predict the waves.")
[('predict', None)]
>>> senses("The data suggest that she said it.")
[('suggest', 'finding'), ('said', 'speech')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.cues import cue_class, lemma

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from toolkit.attribution.context import Context

__all__ = ["CLASS_RULES", "CUE_VETOES", "cue_sense"]

NEGATIONS = frozenset({"not", "n't", "never", "n’t"})
NOBODY = frozenset({"nobody", "none", "neither"})


# --------------------------------------------------------------------------- vetoes

def _governor(verb: Token) -> Token:
    """The word an infinitive depends on ("declined" in "declined to say", "quick" in
    "was quick to point out"); for a purpose clause of a noun, the noun."""
    return verb.head


def unrealised_infinitive(verb: Token, ctx: Context, klass: str) -> bool:
    """ "work to predict the waves", "used the model to determine", "no reason to
    think that …", "declined to say": an infinitive reports nothing unless its
    governor entails the act ("went on to say", "took to Twitter to say", "was quick
    to point out"; lexicon ``cue_entailing_heads``)."""
    if verb.head.i == verb.i or not any(c.dep_ == "aux" and c.lower_ == "to"
                                        for c in verb.children):
        return False
    return lemma(_governor(verb)) not in lexicons.words("cue_entailing_heads")


def negated(verb: Token, ctx: Context, klass: str) -> bool:
    """ "did not say", "never claimed", "nobody said": negated speech and findings
    attribute nothing. Beliefs and intentions keep theirs ("does not believe the plan
    will work" is still a belief about the plan)."""
    if klass not in {"speech", "finding"}:
        return False
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in NEGATIONS and child.dep_ == "advmod":
            return True
        if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in NOBODY:
            return True
    return False


def caption_line(verb: Token, ctx: Context, klass: str) -> bool:
    """ "—Zinichev calling a temporary halt to rescue work": a photo caption or pull
    quote line opened by a dash reports nothing unless it carries quoted words."""
    start, end = ctx.paragraph_bounds(verb.idx)
    line = ctx.text[start:end].lstrip()
    if not line or line[0] not in lexicons.words("dashes"):
        return False
    return not ctx.marks_index.overlapping(start, end)


def attributive(verb: Token, ctx: Context, klass: str) -> bool:
    """ "reported incidents", "a program called “Learning Together”", "the disease
    commonly called “swine flu”", "he was denied access": a participle describing a
    noun, or a naming verb (lexicon ``naming_verbs``) or a verb with another passive
    sense (``cue_passive_other_sense``) in the passive without an agent, names or
    describes; nobody is quoted."""
    if verb.dep_ == "amod":
        return True
    word = lemma(verb)
    if word in lexicons.words("naming_verbs") and verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True
    if word in lexicons.words("naming_verbs") and verb.dep_ in {"acl", "advcl"} \
            and verb.tag_ in {"VBD", "VBN"} \
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return True  # "a program at the hall called “X”" tagged a past tense
    if word not in lexicons.words("naming_verbs") | lexicons.words("cue_passive_other_sense"):
        return False
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    return passive and not any(c.dep_ == "agent" for c in verb.children)


def requirement(verb: Token, ctx: Context, klass: str) -> bool:
    """ "this outbreak may call for containment measures": "call for" / "demand" under
    a modal with a subject that is no person, organisation or pronoun means "require"
    (lexicon ``cue_requirement_senses``)."""
    if lemma(verb) not in lexicons.words("cue_requirement_senses") \
            or not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    subject = _subject(verb)
    if subject is None:
        return False
    return not (subject.ent_type_ or subject.pos_ in {"PRON", "PROPN"}
                or lemma(subject) in lexicons.words("role_nouns"))


def gerund_of_an_act(verb: Token, ctx: Context, klass: str) -> bool:
    """ "a law to mandate reporting abuses", "they avoid mentioning it": a gerund that
    is the object of a verb other than a cue or an entailing one names an act, not a
    statement."""
    if verb.tag_ != "VBG" or verb.dep_ not in {"xcomp", "dobj"} or verb.head.i == verb.i:
        return False
    head = verb.head
    return cue_class(head) is None and lemma(head) not in lexicons.words("cue_entailing_heads")


def embedded_question(verb: Token, ctx: Context, klass: str) -> bool:
    """ "nobody knows what he will do next", "had no way of knowing who was who": a
    belief verb over an embedded question (lexicon ``question_words``) holds no belief
    about its content; the question is not anybody's view."""
    if klass != "belief":
        return False
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    # "which he believes will fail": a relative pronoun before the verb is no question.
    return bool(comps) and all(c.left_edge.i > verb.i
                               and c.left_edge.lower_ in lexicons.words("question_words")
                               for c in comps)


#: Occurrences of a cue word that report nothing (any veto wins).
CUE_VETOES: list[Callable[[Token, Context, str], bool]] = [
    unrealised_infinitive,
    negated,
    caption_line,
    attributive,
    gerund_of_an_act,
    requirement,
    embedded_question,
]


# --------------------------------------------------------------------------- classes

def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def finding_source(verb: Token, ctx: Context, klass: str) -> str | None:
    """ "The data suggest …", "polls indicate …": a speech verb whose subject is data,
    a poll or a study (lexicon ``finding_sources``) reports a finding."""
    if klass != "speech":
        return None
    subject = _subject(verb)
    if subject is not None and lemma(subject) in lexicons.words("finding_sources"):
        return "finding"
    return None


def writers_inference(verb: Token, ctx: Context, klass: str) -> str | None:
    """ "That implies Stream would be ahead", "this suggests …": a verb of inference
    (lexicon ``cue_inference``) whose subject is a demonstrative draws the writer's
    conclusion from facts: a finding, not anybody's speech."""
    if klass != "speech" or lemma(verb) not in lexicons.words("cue_inference"):
        return None
    subject = _subject(verb)
    if subject is not None and subject.lower_ in {"this", "that", "which", "these", "those"}:
        return "finding"
    return None


#: A cue's class where it stands (the first rule that answers wins).
CLASS_RULES: list[Callable[[Token, Context, str], str | None]] = [
    finding_source,
    writers_inference,
]


def cue_sense(verb: Token, ctx: Context) -> str | None:
    """The class of what ``verb`` reports here: its lexicon class, changed by
    :data:`CLASS_RULES`; None when it is no cue or a veto of :data:`CUE_VETOES`
    applies."""
    klass = cue_class(verb)
    if klass is None:
        return None
    for rule in CLASS_RULES:
        found = rule(verb, ctx, klass)
        if found is not None:
            klass = found
            break
    if any(veto(verb, ctx, klass) for veto in CUE_VETOES):
        return None
    return klass
