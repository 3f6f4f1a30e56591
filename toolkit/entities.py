"""Entities: mentions from spaCy's parse, grouped into canonical entities.

Within one article (:func:`extract_entities`):

1. **ner**: named-entity spans, cleaned (titles, leading "the" and possessives
   trimmed off the span, so ``text[start:end]`` stays the stored string).
2. **alias**: a short name joins the full name it abbreviates ("Putin" ->
   "Vladimir Putin"); an entity's label is decided by its cluster, so a surname that
   the small model tags ORG still joins the PERSON.
3. **roles**: the role a person is introduced with ("Russia's President, Vladimir
   Putin", "Kremlin spokesperson Dmitry Peskov") and gendered titles are recorded on
   the cluster.
4. **title**: definite role descriptions ("the Russian leader", "the incoming
   president") resolve to the person introduced in that role
   (:func:`toolkit.resolve.description_mentions`).
5. **pronoun**: he/him/his/she/her/hers (and reflexives) outside quotation marks
   resolve to the most salient compatible person (:class:`toolkit.resolve.PronounResolver`).
   Pronouns inside quotation marks are resolved by the quotes stage with the same
   resolver, which then knows who is speaking.

Each rule is a small named function; word lists come from :mod:`toolkit.lexicons`.
Across articles, the framing step joins clusters by canonical name.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> doc = load_pipeline()("Russia's President, Vladimir Putin, spoke. Putin said he was ready.")
>>> ents = extract_entities(doc)
>>> for m in ents.mentions:
...     if ents.clusters[m.cluster].label == "PERSON":
...         print(m.text, "->", ents.clusters[m.cluster].name, f"({m.resolution})")
Vladimir Putin -> Vladimir Putin (ner)
Putin -> Vladimir Putin (alias)
he -> Vladimir Putin (pronoun)
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.interview import speaker_markers
from toolkit.names import canonical_text, demonym, first_name_gender, name_tokens
from toolkit.records import ArticleEntities, Cluster, Mention, MentionDraft
from toolkit.resolve import (
    PronounResolver,
    description_mentions,
    gendered_pronouns,
    role_words,
    sentence_of_tokens,
)
from toolkit.text import SpanIndex, quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

__all__ = ["ArticleEntities", "Cluster", "Mention", "canonical_text", "clean_name_span",
           "cluster_names", "demonym", "entity_id", "extract_entities", "introduced_roles",
           "looks_like_person", "named_mentions", "unrecognized_aliases"]

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


def _honorifics() -> set[str]:
    return {h.rstrip(".") for h in lexicons.words("honorifics")}


# --------------------------------------------------------------------------- rules

def clean_name_span(span: Span) -> tuple[int, int] | None:
    """Token range of ``span`` without a leading "the", honorifics/role words before a
    person's name, and a trailing possessive; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    titles = _honorifics() | lexicons.words("role_nouns")
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"}
        or (span.label_ == "PERSON" and doc[start].lower_.rstrip(".") in titles)
        or doc[start].is_punct
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return start, end


def named_mentions(doc: Doc) -> list[MentionDraft]:
    """Rule ner: cleaned entity spans of the labels we track."""
    drafts = []
    markers = SpanIndex([(m.start, m.end) for m in speaker_markers(doc.text)])
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or markers.overlapping(ent.start_char, ent.end_char):
            continue
        cleaned = clean_name_span(ent)
        if cleaned is None:
            continue
        span = doc[cleaned[0] : cleaned[1]]
        text = canonical_text(span.text)
        if not text or not any(ch.isalpha() for ch in text):
            continue
        label = ent.label_
        if label in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"} and looks_like_person(span):
            label = "PERSON"
        drafts.append(MentionDraft(span.start_char, span.start_char + len(span.text.rstrip()),
                                   span.start, span.end, span.text.rstrip(), label))
    return drafts


def looks_like_person(span: Span) -> bool:
    """Evidence that a name the model labelled otherwise is a person's: two or three
    proper nouns that start with a common first name, or a title word right before it
    ("Chancellor Olaf Scholz", "Mr. Smith")."""
    tokens = [t for t in span if not t.is_punct]
    if not tokens or not all(t.pos_ == "PROPN" for t in tokens):
        return False
    if 2 <= len(tokens) <= 3 and first_name_gender(tokens[0].text) in {"male", "female"}:
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and len(tokens) <= 3:
        word = before.lower_.rstrip(".")
        if word in _honorifics() or word in lexicons.words("person_titles"):
            return True
    return False


def cluster_names(drafts: list[MentionDraft]) -> list[Cluster]:
    """Rule alias: group names; a short name joins the longest full name it abbreviates
    (its last or first token, or a token-suffix of it), preferring PERSON names.
    The cluster's label: PERSON when a multi-word PERSON name is in it, else the
    majority label."""
    clusters: list[Cluster] = []
    key_to_cluster: dict[str, int] = {}
    label_votes: dict[int, Counter] = defaultdict(Counter)
    has_full_person: dict[int, bool] = defaultdict(bool)
    # Longest names first, so short ones find their full form wherever it occurs.
    order = sorted(range(len(drafts)),
                   key=lambda i: (-len(name_tokens(canonical_text(drafts[i].text))),
                                  drafts[i].start))
    persons_by_token: dict[str, list[int]] = defaultdict(list)
    for i in order:
        draft = drafts[i]
        name = canonical_text(draft.text)
        key = name.lower()
        tokens = name_tokens(name)
        idx = key_to_cluster.get(key)
        if idx is None and draft.label in {"PERSON", "ORG", "NORP", "GPE"} and len(tokens) <= 2:
            # A short name: does a longer PERSON name contain it as a surname or first name?
            candidates = [c for c in persons_by_token.get(tokens[-1].lower(), [])
                          if len(name_tokens(clusters[c].name)) > len(tokens)
                          and clusters[c].name.lower().endswith(key)]
            if not candidates and len(tokens) == 1 and draft.label == "PERSON":
                candidates = [c for c in persons_by_token.get(key, [])
                              if name_tokens(clusters[c].name)[0].lower() == key]
            if candidates:
                idx = candidates[0]
        if idx is None:
            idx = len(clusters)
            clusters.append(Cluster(idx, name, draft.label))
            key_to_cluster[key] = idx
        draft.cluster = idx
        if name != clusters[idx].name:
            draft.resolution = "alias"
        label_votes[idx][draft.label] += 1
        if draft.label == "PERSON":
            if len(tokens) > 1:
                has_full_person[idx] = True
            for tok in tokens:
                if idx not in persons_by_token[tok.lower()]:
                    persons_by_token[tok.lower()].append(idx)
        if name not in clusters[idx].aliases:
            clusters[idx].aliases.append(name)
    for idx, cluster in enumerate(clusters):
        votes = label_votes[idx]
        if has_full_person[idx]:
            cluster.label = "PERSON"
        else:
            cluster.label = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        cluster.aliases.sort()
        if cluster.label == "PERSON":
            cluster.gender = first_name_gender(name_tokens(cluster.name)[0]) or "unknown"
    return clusters


def unrecognized_aliases(doc: Doc, drafts: list[MentionDraft],
                         clusters: list[Cluster]) -> list[MentionDraft]:
    """Rule alias (missed by NER): a proper noun outside any entity span that equals the
    surname of a multi-word PERSON in the article ("Trump" the model did not tag)."""
    surnames: dict[str, set[int]] = defaultdict(set)
    for c in clusters:
        parts = name_tokens(c.name)
        if c.label == "PERSON" and len(parts) > 1:
            surnames[parts[-1]].add(c.index)
    if not surnames:
        return []
    covered = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    out = []
    for tok in doc:
        if tok.i in covered or tok.pos_ != "PROPN" or tok.text not in surnames:
            continue
        owners = surnames[tok.text]
        if len(owners) != 1:
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if (prev is not None and prev.pos_ == "PROPN") or (nxt is not None and nxt.pos_ == "PROPN"
                                                             and nxt.tag_ != "POS"):
            continue  # part of a longer name the model did not tag
        (owner,) = owners
        out.append(MentionDraft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1, tok.text,
                                "PERSON", "alias", owner))
    return out


def introduced_roles(doc: Doc, drafts: list[MentionDraft], clusters: list[Cluster],
                     sentence_of: list[int] | None = None) -> None:
    """Rule roles (introductions): record the role a person is introduced with, and
    the gender a title gives them.

    Patterns: "Russia's President, Vladimir Putin" (appositive), "Kremlin spokesperson
    Dmitry Peskov" / "President-elect Trump" (title words before the name), "Putin,
    the Russian president" (appositive after), "the Republican president-elect, X".
    """
    if sentence_of is None:
        sentence_of = sentence_of_tokens(doc)
    roles = lexicons.words("role_nouns")
    gendered = lexicons.table("gendered_titles")
    male, female = set(gendered["male"]), set(gendered["female"])
    for draft in drafts:
        cluster = clusters[draft.cluster]
        if cluster.label != "PERSON":
            continue
        first = doc[draft.tok_start]
        head_tok = doc[draft.tok_end - 1]
        phrase = []
        # Title words directly before the name (compounds within the same NP).
        j = draft.tok_start - 1
        while j >= 0 and sentence_of[j] == sentence_of[first.i] and (
            doc[j].dep_ in {"compound", "amod", "nmod", "poss", "case", "punct"}
            and doc[j].head.i in range(j + 1, draft.tok_end)
            or doc[j].tag_ == "HYPH" or doc[j].lower_ in roles
        ) and doc[j].text not in {",", "(", '"', "“"}:
            phrase.insert(0, doc[j])
            j -= 1
        # Appositive: the name is an appos of a role noun, or a role noun is an
        # appos of the name.
        if head_tok.dep_ == "appos" and head_tok.head.lower_ in roles | {"elect"}:
            role_head = head_tok.head
            phrase.extend(t for t in role_head.subtree if t.i < role_head.i + 1
                          and t.i not in range(draft.tok_start, draft.tok_end))
        for child in head_tok.children:
            if child.dep_ == "appos" and (child.lower_ in roles | {"elect"}):
                phrase.extend(t for t in child.subtree if t.i <= child.i)
        words = role_words(phrase)
        if any(w in roles or w == "president-elect" for w in words):
            for w in words:
                if w not in cluster.roles:
                    cluster.roles.append(w)
        for tok in phrase:
            low = tok.lower_.rstrip(".")
            if low + "." in male or low in male:
                cluster.gender = "male"
            elif low + "." in female or low in female:
                cluster.gender = "female"


def pronoun_mentions(doc: Doc, clusters: list[Cluster], drafts: list[MentionDraft],
                     quoted: SpanIndex, sentence_of: list[int] | None = None
                     ) -> list[MentionDraft]:
    """Rule pronoun: he/she and their forms outside quotation marks -> the person the
    resolver picks; each resolved pronoun is a candidate antecedent for the next."""
    persons = [d for d in drafts if clusters[d.cluster].label == "PERSON"]
    resolver = PronounResolver(doc, clusters, persons, quoted, sentence_of)
    pronouns = gendered_pronouns()
    out: list[MentionDraft] = []
    for tok in doc:
        if tok.lower_ not in pronouns or tok.pos_ != "PRON" or quoted.contains(tok.idx):
            continue
        cluster = resolver.resolve(tok, learn=True)
        if cluster is not None:
            out.append(MentionDraft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1,
                                    tok.text, "PERSON", "pronoun", cluster))
    resolver.settle_genders()
    return out


def extract_entities(doc: Doc) -> ArticleEntities:
    """Mentions and canonical entities of one parsed article (see the module doc)."""
    text = doc.text  # Doc.text joins every token on each access: read it once
    quoted = SpanIndex(quoted_spans(text))
    sentence_of = sentence_of_tokens(doc)
    drafts = named_mentions(doc)
    clusters = cluster_names(drafts)
    drafts = drafts + unrecognized_aliases(doc, drafts, clusters)
    introduced_roles(doc, drafts, clusters, sentence_of)
    # Descriptions resolve before pronouns so that pronouns can take them as antecedents.
    drafts = drafts + description_mentions(doc, clusters, drafts)
    drafts = drafts + pronoun_mentions(doc, clusters, drafts, quoted, sentence_of)
    mentions = [Mention(d.start, d.end, text[d.start : d.end], clusters[d.cluster].label,
                        d.resolution, d.cluster) for d in drafts]
    return ArticleEntities(clusters, mentions)


# --------------------------------------------------------------------------- corpus

def entity_id(name: str) -> str:
    """Stable id of a canonical entity name, the same in every run and corpus.

    Examples
    --------
    >>> entity_id("Vladimir Putin") == entity_id("Vladimir Putin")
    True
    """
    return "E" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
