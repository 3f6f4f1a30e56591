"""Descriptions: "the Russian leader" is the person the article introduced in a
compatible role (rule ``description``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.names import demonym
from toolkit.records import Cluster, MentionDraft

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["description_mentions", "role_fit", "role_words"]

def role_words(tokens: Iterable[Token]) -> list[str]:
    """Role words and modifiers of a title phrase: "Russia's President" ->
    ['russian', 'president']."""
    roles = lexicons.words("role_nouns")
    modifiers = lexicons.words("role_incoming") | lexicons.words("role_former")
    words: list[str] = []
    for tok in tokens:
        low = tok.lower_
        if tok.ent_type_ in {"GPE", "ORG", "NORP"} and tok.tag_ != "POS":
            words.append(demonym(tok.text) if tok.ent_type_ != "NORP" else low)
        elif low in roles or low in modifiers:
            words.append(low)
        elif tok.pos_ == "ADJ" and low != "the":
            words.append(low)
    if "president elect" in " ".join(words):  # "president - elect" as separate tokens
        words.append("president-elect")
    return words


def _description_words(np: list[Token]) -> tuple[str, list[str]]:
    head = np[-1].lower_
    mods = role_words(np[:-1])
    if head == "elect" and len(np) >= 3 and np[-3].lower_ == "president":
        head = "president-elect"
        mods = [m for m in mods if m not in {"president", "president-elect"}]
    return head, mods


def _is_affiliation(word: str) -> bool:
    """A nationality or party-like modifier ("russian", "kremlin", "republican")."""
    if word in lexicons.words("role_nouns") or word in lexicons.words("role_incoming") \
            or word in lexicons.words("role_former"):
        return False
    return word.endswith(("n", "ese", "i", "sh", "ch")) or word in lexicons.table(
        "demonyms").values()


def role_fit(head: str, mods: Sequence[str], cluster: Cluster) -> int:
    """How well a description fits a person's introduced roles: 0 no, 1 fits but the
    person's affiliation is unknown, 2 fits fully."""
    roles = set(cluster.roles)
    if not roles:
        return 0
    heads = set(lexicons.table("generic_roles").get(head, [head]))
    if not roles & (heads | {head}):
        return 0
    fit = 2
    known_affiliations = {r for r in roles if _is_affiliation(r)}
    incoming, former = lexicons.words("role_incoming"), lexicons.words("role_former")
    for mod in mods:
        if mod in incoming:
            if not roles & {"president-elect", "elect", "incoming", "chancellor-elect"}:
                return 0
        elif mod in former:
            if not roles & former:
                return 0
        elif _is_affiliation(mod) and mod not in roles:
            # A nationality or party must not contradict the introduction; when the
            # introduction gave none, the fit is weaker.
            if known_affiliations:
                return 0
            fit = 1
    return fit


def description_mentions(doc: Doc, clusters: list[Cluster],
                         drafts: list[MentionDraft]) -> list[MentionDraft]:
    """Rule description: "the Russian leader" -> the person introduced as Russia's
    president; the best fit wins, then the latest such person mentioned before."""
    out: list[MentionDraft] = []
    roles = lexicons.words("role_nouns")
    person_mentions = sorted((d for d in drafts if clusters[d.cluster].label == "PERSON"),
                             key=lambda d: d.start)
    named_tokens = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    person_tokens = {i for d in drafts if clusters[d.cluster].label == "PERSON"
                     for i in range(d.tok_start, d.tok_end)}
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in named_tokens:
            continue
        if not (tok.lower_ in roles or tok.lower_ == "elect"):
            continue
        # The noun phrase: determiner "the" plus modifiers to the left of the head.
        left = list(tok.lefts)
        if not left or left[0].lower_ != "the":
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "compound":
            continue
        if any(c.dep_ == "poss" for c in left):
            continue
        np = list(doc[left[0].i : tok.i + 1])
        # An appositive name right after ("the Russian president, Vladimir Putin") is
        # an introduction, which the entities stage records as the person's role.
        if any(c.dep_ == "appos" and c.i in person_tokens for c in tok.children):
            continue
        if tok.dep_ == "appos" and tok.head.i in person_tokens:
            continue
        head, mods = _description_words(np)
        start = np[0].idx
        fits = [(role_fit(head, mods, clusters[d.cluster]), d) for d in person_mentions
                if d.start < start]
        fits = [(f, d) for f, d in fits if f]
        if not fits:
            continue
        best = max(f for f, _ in fits)
        chosen = [d for f, d in fits if f == best][-1]
        text = doc[np[0].i : tok.i + 1].text  # not doc.text[...]: O(len(doc)) per access
        out.append(MentionDraft(start, start + len(text), np[0].i, tok.i + 1, text, "PERSON",
                                "title", chosen.cluster))
    return out
