"""Names the model did not tag as mentions of their own (rules of the entities stage).

- **alias (untagged)** (:func:`unrecognized_aliases`): a name of the article written
  again where NER tagged nothing ("Nida was born ..." after "Eugene Nida"; "Holt"
  after "Brock Holt" was tagged once). An occurrence counts when its words are one of
  the cluster's name or multi-word aliases (or a multi-word person's surname), it is
  written capitalised, it is not part of a longer run of proper nouns, and one word
  is a proper noun or a word the article never writes in lower case. Names two
  clusters share go to the one mentioned more.
- **nested** (:func:`nested_names`): a name of the article inside a longer name
  ("Boston" in "the Boston Red Sox", "California" in "University of California")
  is a mention of that name's entity too. Such mentions have resolution ``nested``:
  the resolver's span queries (:class:`toolkit.resolve.EntityIndex`) skip them, since
  the longer name is the entity a reader means there; they are in the mentions frame
  so that every mention of a place or person is counted.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()("Ann Lee left Boston. She joined the Boston Red Sox.")
>>> ents = extract_entities(doc)
>>> [(m.text, m.resolution) for m in ents.mentions if ents.name_of(m.cluster) == "Boston"]
[('Boston', 'ner'), ('Boston', 'nested')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.docs import (
    doc_text,
    lower_case_words,
    span_text,
    token_ends,
    token_starts,
    token_texts,
)
from toolkit.names import canonical_variant, fold, name_tokens
from toolkit.records import Cluster, MentionDraft

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["NESTED", "alias_keys", "completed_names", "nested_names", "unrecognized_aliases"]

#: Resolution of a name nested in a longer name.
NESTED = "nested"
#: Labels whose names are looked for again: people, organisations, places.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
MAX_WORDS = 6


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return fold(word)


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(_fold_word(w) for w in words)


def alias_keys(clusters: list[Cluster], *, surnames: bool = True,
               weights: Counter | None = None) -> dict[tuple[str, ...], int]:
    """Folded word tuples of each cluster's name and multi-word aliases (and, with
    ``surnames``, a multi-word person's surname) -> the cluster; a key two clusters
    share names the one with more ``weights`` (mentions), or neither on a tie. A
    one-word alias other than the name, an acronym or a known variant ("US" of United
    States) is left out: it is often a word the model cut from a longer name ("Fort",
    "Palace")."""
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for c in clusters:
        if c.label not in NAME_LABELS:
            continue
        for written in {c.name, *c.aliases}:
            words = name_tokens(written)
            if words and len(words) <= MAX_WORDS and (
                    len(words) > 1 or written == c.name or written.isupper()
                    or canonical_variant(written) == c.name):
                owners[_key(words)].add(c.index)
        parts = name_tokens(c.name)
        if surnames and c.label == "PERSON" and len(parts) > 1:
            owners[_key(parts[-1:])].add(c.index)
    weights = weights or Counter()
    out = {}
    for k, v in owners.items():
        ranked = sorted(v, key=lambda c: (-weights[c], c))
        if len(ranked) == 1 or weights[ranked[0]] > weights[ranked[1]]:
            out[k] = ranked[0]
    return out


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return _key(name_tokens(text))


def _doc_words(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    """Folded words of tokens [start, end) as a name's words (tokens split on spaces
    only, so "Wong Yeung-tat" stays three tokens but two words)."""
    return _words(span_text(doc, start, end))


def _capitalised_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _capitalised(tok) -> bool:
    return _capitalised_word(tok.text)


def _first_words(keys: dict[tuple[str, ...], int]) -> frozenset[str]:
    return frozenset(k[0] for k in keys if k)


def _may_start(doc: Doc, i: int, stop: int, first: frozenset[str]) -> bool:
    """Whether a name of ``first`` (the keys' first words) may begin at token ``i``:
    some prefix of the word that token ``i`` begins (up to ``stop``) is one. False
    rules out every span from ``i``, so :func:`_match_at` need not build them."""
    text, starts, ends = doc_text(doc), token_starts(doc), token_ends(doc)
    s = starts[i]
    if text[s:s + 1].isspace():
        return True  # a space token: the span's first word is further on
    last = min(stop, i + 3 * MAX_WORDS, len(doc)) - 1
    for j in range(i, last + 1):
        if _fold_word(text[s:ends[j]]) in first:
            return True
        if j + 1 >= len(doc) or ends[j] != starts[j + 1] \
                or text[starts[j + 1]:starts[j + 1] + 1].isspace():
            break  # the word ends with token j
    return False


def _match_at(doc: Doc, i: int, stop: int, keys: dict[tuple[str, ...], int],
              skip: int | None = None, first: frozenset[str] | None = None
              ) -> tuple[int, int] | None:
    """The longest alias starting at token ``i`` and ending by ``stop`` (not of the
    cluster ``skip``): (end, cluster). ``first``: the keys' first words (from
    :func:`_first_words`), to skip tokens that begin none."""
    if first is not None and not _may_start(doc, i, stop, first):
        return None
    best = None
    for end in range(i + 1, min(stop, i + 3 * MAX_WORDS) + 1):
        cluster = keys.get(_doc_words(doc, i, end))
        if cluster is not None and cluster != skip and _capitalised(doc[end - 1]):
            best = (end, cluster)
    return best


def unrecognized_aliases(doc: Doc, drafts: list[MentionDraft],
                         clusters: list[Cluster]) -> list[MentionDraft]:
    """Rule alias (missed by NER): see the module doc."""
    keys = alias_keys(clusters, weights=Counter(d.cluster for d in drafts))
    if not keys:
        return []
    first = _first_words(keys)
    covered = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    words, lower = token_texts(doc), lower_case_words(doc)
    out: list[MentionDraft] = []
    i = 0
    while i < len(doc):
        if i in covered or not _capitalised_word(words[i]):
            i += 1
            continue
        stop = i
        while stop < len(doc) and stop not in covered and stop - i < 3 * MAX_WORDS:
            stop += 1
        found = _match_at(doc, i, stop, keys, first=first)
        if found is None or not _standalone(doc, i, found[0], lower):
            i += 1
            continue
        end, cluster = found
        span = doc[i:end]
        out.append(MentionDraft(span.start_char, span.end_char, i, end, span.text,
                                clusters[cluster].label, "alias", cluster))
        i = end
    return out


def _standalone(doc: Doc, start: int, end: int, lower: set[str]) -> bool:
    """Not part of a longer run of proper nouns ("Holt Park"), and a one-word match
    that the model did not tag as a proper noun is no common word: it is not
    written in lower case elsewhere in the article (a sentence-initial "Bill")."""
    if end - start == 1 and doc[start].pos_ != "PROPN" and doc[start].lower_ in lower:
        return False
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None and prev.pos_ == "PROPN" and _capitalised(prev) \
            and prev.whitespace_:
        return False
    return not (nxt is not None and nxt.pos_ == "PROPN" and _capitalised(nxt)
                and nxt.tag_ != "POS")


def completed_names(doc: Doc, drafts: list[MentionDraft]) -> list[MentionDraft]:
    """Rule cut_name: a tagged name that the next untagged, capitalised words make a
    longer name tagged elsewhere in the article ("Ann" before "Lee" where "Ann Lee"
    is tagged) is that longer name: NER cut it short at this occurrence."""
    longer: dict[str, list[tuple[tuple[str, ...], MentionDraft]]] = defaultdict(list)
    for d in drafts:
        w = _doc_words(doc, d.tok_start, d.tok_end)
        if len(w) > 1:
            longer[w[0]].append((w, d))
    if not longer:
        return drafts
    taken = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    taken |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    out = []
    for d in drafts:
        w = _doc_words(doc, d.tok_start, d.tok_end)
        best = None
        for lw, ld in longer.get(w[0], ()) if w else ():
            if len(lw) <= len(w) or lw[:len(w)] != w:
                continue
            for end in range(d.tok_end + 1, min(len(doc), d.tok_end + 2 * len(lw)) + 1):
                if end - 1 in taken or not _capitalised(doc[end - 1]):
                    break  # a space or newline token is not capitalised either
                if _doc_words(doc, d.tok_start, end) == lw:
                    if best is None or end > best[0]:
                        best = (end, ld.label)
                    break
        if best is None:
            out.append(d)
            continue
        span = doc[d.tok_start:best[0]]
        out.append(MentionDraft(span.start_char, span.end_char, span.start, span.end,
                                span.text, best[1], d.resolution, d.cluster))
    return out


def nested_names(doc: Doc, drafts: list[MentionDraft],
                 clusters: list[Cluster]) -> list[MentionDraft]:
    """Rule nested: see the module doc. Only clusters that are mentioned on their own
    somewhere in the article, inside names of two words or more that are not a
    person's; a one-word name only when it is a place or an acronym ("Boston",
    "UNESCO"; not "Home" in "Home Office")."""
    standalone = {d.cluster for d in drafts if d.resolution in {"ner", "alias"}}
    weights = Counter(d.cluster for d in drafts)
    keys = {k: c for k, c in alias_keys(clusters, surnames=False, weights=weights).items()
            if c in standalone and (len(k) > 1 or clusters[c].label in {"GPE", "LOC"}
                                    or clusters[c].name.isupper())}
    first = _first_words(keys)
    out: list[MentionDraft] = []
    for d in drafts:
        if d.resolution not in {"ner", "alias"} or d.tok_end - d.tok_start < 2 \
                or clusters[d.cluster].label == "PERSON":
            continue  # a person's name holds no other names ("Jenna" in "Jenna Lee")
        i = d.tok_start
        while i < d.tok_end:
            found = _match_at(doc, i, d.tok_end, keys, skip=d.cluster, first=first)
            if found is None or (i, found[0]) == (d.tok_start, d.tok_end):
                i += 1
                continue
            end, cluster = found
            span = doc[i:end]
            out.append(MentionDraft(span.start_char, span.end_char, i, end, span.text,
                                    clusters[cluster].label, NESTED, cluster))
            i = end
    return out
