"""Entities: mentions from spaCy's parse, grouped into canonical entities.

Within one article (:func:`extract_entities`):

1. **ner**: named-entity spans, cleaned (titles, leading "the" and possessives
   trimmed off the span, so ``text[start:end]`` stays the stored string).
2. **alias**: a short name joins the full name it abbreviates ("Putin" ->
   "Vladimir Putin"); an entity's label is decided by its cluster, so a surname that
   the small model tags ORG still joins the PERSON.
   **person_by_use** / **untagged_name** (:mod:`toolkit.person_labels`): a short
   name labelled a place or organisation that the text shows to be a person's is
   relabelled PERSON ("Osterman retired"); a run of proper nouns NER left untagged is
   a name ("Heather heard ...").
3. **roles**: the role a person is introduced with ("Russia's President, Vladimir
   Putin", "Kremlin spokesperson Dmitry Peskov") and gendered titles are recorded on
   the cluster.
4. **title**: descriptions ("the Russian leader", "a writer", "the company") resolve
   to the entity they describe (:func:`toolkit.resolve.description_mentions`).
5. **pronoun**: he/she, it and they (and their forms) outside quotation marks resolve
   to the most salient compatible entity (:class:`toolkit.resolve.PronounResolver`);
   the genders of the pronouns resolved to a person become the person's gender
   (``Cluster.gender``, source "text"), a first-name hint being the fallback (source
   "name"). Pronouns inside quotation marks are resolved by the quotes stage with the
   same resolver, which then knows who is speaking.

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
Russia's President -> Vladimir Putin (title)
Vladimir Putin -> Vladimir Putin (ner)
Putin -> Vladimir Putin (alias)
he -> Vladimir Putin (pronoun)
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.attribution.interview import speaker_markers
from toolkit.docs import doc_text, tokens_of_lower
from toolkit.name_spans import completed_names, nested_names, unrecognized_aliases
from toolkit.names import (
    abbreviates,
    acronym_key,
    canonical_text,
    canonical_variant,
    demonym,
    first_name_gender,
    fold,
    initials,
    is_country,
    name_tokens,
)
from toolkit.person_labels import persons_by_use, untagged_names
from toolkit.records import ArticleEntities, Cluster, Mention, MentionDraft
from toolkit.resolve import (
    PronounResolver,
    description_mentions,
    person_nouns,
    role_words,
    sentence_of_tokens,
    third_person_pronouns,
)
from toolkit.resolve.descriptions import pronoun_predicate_mentions, there_mentions
from toolkit.resolve.pronouns import RESOLVER_KEY
from toolkit.resolve.turns import interview_person_mentions, self_introduction_mentions
from toolkit.text import SpanIndex, quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["ArticleEntities", "Cluster", "Mention", "canonical_text", "clean_name_span",
           "cluster_names", "demonym", "entity_id", "extract_entities", "introduced_roles",
           "looks_like_person", "named_mentions", "unrecognized_aliases"]

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(h.rstrip(".") for h in lexicons.words("honorifics"))


# --------------------------------------------------------------------------- rules

@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return _honorifics() | lexicons.words("role_nouns") | lexicons.words("rank_titles")


lexicons.on_reload(_honorifics.cache_clear)
lexicons.on_reload(_titles.cache_clear)


#: Lower-case words a name never ends with ("the City of| Cleveland" cut by NER,
#: "the square or| the park" run on by it).
_TRAILING_FUNCTION_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "at", "de",
                                      "or", "to", "from", "with", "by"})


def clean_name_span(span: Span) -> tuple[int, int] | None:
    """Token range of ``span`` without a leading "the", honorifics, ranks and role words
    before a person's name, and a trailing possessive or lower-case function word
    ("City of"); None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    titles = _titles()
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"}
        or (span.label_ == "PERSON" and doc[start].lower_.rstrip(".") in titles
            and end - start > 1)
        or doc[start].is_punct
        or _title_of(doc, start, span.start)
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].is_space
                           or doc[end - 1].text in _TRAILING_FUNCTION_WORDS):
        end -= 1
    if start >= end:
        return None
    return start, end


def _title_of(doc: Doc, i: int, span_start: int) -> bool:
    """ "the King of Athens": once the title is cut off, "of" goes too (the place is
    the name left, not "of Athens")."""
    return i > span_start and doc[i].lower_ == "of"


def _extend_person(doc: Doc, start: int, end: int, taken: set[int]) -> int:
    """NER cut a person's name short ("Superintendent Graciano| Mijares"): take in the
    proper nouns that follow it in the same name."""
    while end < len(doc) and end not in taken and doc[end].pos_ == "PROPN" \
            and doc[end].is_title and doc[end - 1].whitespace_ and not doc[end].is_punct \
            and (doc[end].head.i in range(start, end + 1) or doc[end - 1].head.i == end):
        end += 1
    return end


def _trim_person_tail(doc: Doc, start: int, end: int) -> int:
    """ "Mary Chen of Acme": the name ends before "of" + another name."""
    for i in range(start + 2, end - 1):
        if doc[i].lower_ == "of" and doc[i + 1].is_title:
            return i
    return end


def name_parts(span: Span, taken: set[int]) -> list[tuple[int, int]]:
    """The token ranges of the names in an entity span: cleaned, a person's name
    trimmed of an "of X" tail and extended to the proper nouns NER cut off, and a
    span "Long Name (ACR)" split into the long name and its acronym."""
    cleaned = clean_name_span(span)
    if cleaned is None:
        return []
    doc = span.doc
    start, end = cleaned
    parts: list[tuple[int, int]] = []
    cut = next((i for i in range(start + 1, end) if doc[i].text == "("), None)
    if cut is not None:
        close = next((i for i in range(cut + 1, end) if doc[i].text == ")"), end)
        parts = [(start, cut), (cut + 1, close)]
    else:
        parts = [(start, end)]
    if span.label_ == "PERSON" and len(parts) == 1:
        end = _trim_person_tail(doc, start, _extend_person(doc, start, end, taken))
        parts = [(start, end)]
    parts = [piece for s, e in parts for piece in _split_name(doc, s, e, span.label_)]
    return [(s, e) for s, e in parts if e > s]


def _split_name(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """A span running over a line break is two names ("Ann Lee| |Lee with ..." of a
    heading and the line after it); a PERSON span joined by "&" or "and" is two
    people ("Lee & Park", as in citations)."""
    cuts = [i for i in range(start, end) if "\n" in doc[i].text
            or (label == "PERSON" and doc[i].lower_ in {"&", "and"} and start < i < end - 1)]
    if not cuts:
        return [(start, end)]
    pieces, s = [], start
    for i in cuts:
        pieces.append((s, i))
        s = i + 1
    pieces.append((s, end))
    return [(a, b) for a, b in pieces if b > a and any(doc[k].is_alpha for k in range(a, b))]


def is_name_text(text: str) -> bool:
    """Whether cleaned entity text can be a name: it has letters, is not on the
    ``not_entities`` list, and is written mostly in Latin letters (the English model
    tags runs of another script as names)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or text.casefold() in lexicons.words("not_entities"):
        return False
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return latin >= 0.5 * len(letters)


def named_mentions(doc: Doc) -> list[MentionDraft]:
    """Rule ner: cleaned entity spans of the labels we track."""
    drafts = []
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    markers = SpanIndex([(m.start, m.end) for m in speaker_markers(doc_text(doc))])
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or markers.overlapping(ent.start_char, ent.end_char):
            continue
        for s, e in name_parts(ent, taken):
            span = doc[s:e]
            text = canonical_text(span.text)
            if not is_name_text(text) or (len(span) == 1 and span[0].lower_.rstrip(".")
                                          in _titles()):
                continue  # not a name, or a title alone ("Cde", "Mr")
            label = ent.label_
            if label in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"} \
                    and looks_like_person(span):
                label = "PERSON"
            elif is_country(canonical_variant(text) or ""):
                label = "GPE"
            drafts.append(MentionDraft(span.start_char,
                                       span.start_char + len(span.text.rstrip()),
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
        if word in _honorifics() or word in lexicons.words("person_titles") \
                or word in lexicons.words("rank_titles"):
            return True
    return False


def _short_form_of(draft: MentionDraft, tokens: list[str], key: str,
                   clusters: list[Cluster], by_token: dict[str, list[int]]) -> int | None:
    """A short name's full form in the article: a longer PERSON name ending with it
    (a surname) or, for a one-word person, starting with it (a first name)."""
    if draft.label not in {"PERSON", "ORG", "NORP", "GPE"} or len(tokens) > 2:
        return None
    candidates = [c for c in by_token.get(fold(tokens[-1]), [])
                  if clusters[c].label == "PERSON"
                  and len(name_tokens(clusters[c].name)) > len(tokens)
                  and fold(clusters[c].name).endswith(key)]
    if not candidates and len(tokens) == 1 and draft.label == "PERSON":
        candidates = [c for c in by_token.get(key, []) if clusters[c].label == "PERSON"
                      and fold(name_tokens(clusters[c].name)[0]) == key
                      and not _ends_with_place_noun(clusters[c].name)]
    return candidates[0] if candidates else None


def _ends_with_place_noun(name: str) -> bool:
    """ "Socotra Hotel", "Lee Park": a name ending in a noun of the
    ``description_types`` lexicon is a place or body, not a first name's full name."""
    nouns = {n for ns in lexicons.table("description_types")["nouns"].values() for n in ns}
    return name_tokens(name)[-1].lower() in nouns


def cluster_names(drafts: list[MentionDraft]) -> list[Cluster]:
    """Rule alias: group names; a short name joins the longest full name it abbreviates
    (:func:`_short_form_of`); spellings that differ only in accents or case are one
    name (the accented spelling is kept); known variants join their canonical name
    ("U.S." -> United States). The cluster's label: PERSON when a multi-word PERSON
    name is in it, else the majority label."""
    clusters: list[Cluster] = []
    key_to_cluster: dict[str, int] = {}
    label_votes: dict[int, Counter] = defaultdict(Counter)
    has_full_person: dict[int, bool] = defaultdict(bool)
    # Longest names first, so short ones find their full form wherever it occurs.
    order = sorted(range(len(drafts)),
                   key=lambda i: (-len(name_tokens(canonical_text(drafts[i].text))),
                                  drafts[i].start))
    by_token: dict[str, list[int]] = defaultdict(list)
    for i in order:
        draft = drafts[i]
        written = canonical_text(draft.text)
        name = canonical_variant(written) or written
        key = fold(name)
        tokens = name_tokens(name)
        idx = key_to_cluster.get(key)
        if idx is None:
            idx = _short_form_of(draft, tokens, key, clusters, by_token)
        if idx is None:
            idx = len(clusters)
            clusters.append(Cluster(idx, name, draft.label))
            key_to_cluster[key] = idx
        elif name != clusters[idx].name and fold(name) == fold(clusters[idx].name) \
                and not name.isascii() and clusters[idx].name.isascii():
            clusters[idx].name = name  # keep the accented spelling
        draft.cluster = idx
        if written != clusters[idx].name:
            draft.resolution = "alias"
        label_votes[idx][draft.label] += 1
        if draft.label == "PERSON" and len(tokens) > 1:
            has_full_person[idx] = True
        for tok in tokens:
            if idx not in by_token[fold(tok)]:
                by_token[fold(tok)].append(idx)
        if written not in clusters[idx].aliases:
            clusters[idx].aliases.append(written)
    for idx, cluster in enumerate(clusters):
        votes = label_votes[idx]
        if has_full_person[idx]:
            cluster.label = "PERSON"
        else:
            cluster.label = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if is_country(cluster.name):
            cluster.label = "GPE"
        cluster.aliases.sort()
        if cluster.label == "PERSON":
            hint = first_name_gender(name_tokens(cluster.name)[0])
            if hint in {"male", "female"}:
                cluster.gender, cluster.gender_source = hint, "name"
    return clusters


def settle_labels(doc: Doc, drafts: list[MentionDraft], clusters: list[Cluster]) -> None:
    """Rule label: a one-word "person" with no evidence of being one (no full name, no
    title, no first name) that the text uses as a place or a platform ("on Twitter",
    "at Google", "via Telegram" in most of its mentions) is an organisation."""
    prepositions = {"on", "at", "via", "from", "to", "in", "onto", "into"}
    uses: dict[int, list[bool]] = defaultdict(list)
    for d in drafts:
        if clusters[d.cluster].label == "PERSON" and d.tok_end - d.tok_start == 1:
            head = doc[d.tok_start]
            uses[d.cluster].append(head.dep_ == "pobj" and head.head.lower_ in prepositions)
    for idx, flags in uses.items():
        c = clusters[idx]
        if len(name_tokens(c.name)) == 1 and first_name_gender(c.name) is None \
                and not c.roles and sum(flags) * 2 > len(flags):
            c.label = "ORG"
            c.gender = "unknown"


def join_acronyms(doc: Doc, drafts: list[MentionDraft],
                  clusters: list[Cluster]) -> list[Cluster]:
    """Rule acronym: an acronym joins the long name it abbreviates in the article
    ("the National Farmers Union (NFU)" ... "the NFU"), the long name as the name:
    the name written right before it in brackets, else the one multi-word name of
    the article whose initials it is. Returns the clusters, renumbered."""
    long_by_initials: dict[str, set[int]] = defaultdict(set)
    for c in clusters:
        if len(name_tokens(c.name)) > 1 and c.label in {"ORG", "GPE", "NORP", "LOC", "FAC"}:
            long_by_initials[initials(c.name)].add(c.index)
    bracketed: dict[int, int] = {}
    for d in drafts:
        # "Long Name (ACR)": the draft right before "(" is the long form.
        if d.tok_start >= 2 and doc[d.tok_start - 1].text == "(":
            before = next((o for o in drafts if o.tok_end == d.tok_start - 1), None)
            if before is not None and abbreviates(d.text, clusters[before.cluster].name):
                bracketed[d.cluster] = before.cluster
    spelled: dict[str, int] = {}  # "Long Name (ACR)" with the acronym left untagged
    for d in drafts:
        if d.tok_end + 2 < len(doc) and doc[d.tok_end].text == "(" \
                and doc[d.tok_end + 2].text == ")" \
                and abbreviates(doc[d.tok_end + 1].text, clusters[d.cluster].name):
            spelled.setdefault(doc[d.tok_end + 1].text.replace(".", ""), d.cluster)
    target: dict[int, int] = {}
    for c in clusters:
        letters = acronym_key(c.name)
        if letters is None or len(name_tokens(c.name)) != 1:
            continue
        if c.index not in bracketed and letters in spelled and spelled[letters] != c.index:
            bracketed[c.index] = spelled[letters]
        if c.index in bracketed:
            target[c.index] = bracketed[c.index]
        elif len(long_by_initials.get(letters, ())) == 1:
            (long,) = long_by_initials[letters]
            target[c.index] = long
    if not target:
        return clusters
    for d in drafts:
        if d.cluster in target:
            d.cluster = target[d.cluster]
            d.resolution = "alias"
    for short, long in target.items():
        for alias in clusters[short].aliases:
            if alias not in clusters[long].aliases:
                clusters[long].aliases.append(alias)
        clusters[long].aliases.sort()
    return _renumber(drafts, [c for c in clusters if c.index not in target])


def _renumber(drafts: list[MentionDraft], kept: list[Cluster]) -> list[Cluster]:
    new_index = {c.index: k for k, c in enumerate(kept)}
    for k, c in enumerate(kept):
        c.index = k
    for d in drafts:
        d.cluster = new_index[d.cluster]
    return kept


def introduced_roles(doc: Doc, drafts: list[MentionDraft], clusters: list[Cluster],
                     sentence_of: list[int] | None = None) -> None:
    """Rule roles (introductions): record the role a person is introduced with, and
    the gender a title gives them.

    Patterns: "Russia's President, Vladimir Putin" (appositive), "Kremlin spokesperson
    Dmitry Peskov" / "President-elect Trump" (title words before the name), "Putin,
    the Russian president" (appositive after), "the Republican president-elect, X",
    "X is the CEO of Acme" (predicate), "His father, X" (a person noun as appositive:
    role "father").
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
        # appos of the name; predicate: "X is the CEO".
        if head_tok.dep_ == "appos" and head_tok.head.lower_ in roles | {"elect"}:
            role_head = head_tok.head
            phrase.extend(t for t in role_head.subtree if t.i < role_head.i + 1
                          and t.i not in range(draft.tok_start, draft.tok_end))
        for child in head_tok.children:
            if child.dep_ == "appos" and (child.lower_ in roles | {"elect"}):
                phrase.extend(t for t in child.subtree if t.i <= child.i)
        phrase.extend(_predicate_role(head_tok, roles))
        words = role_words(phrase)
        if any(w in roles or w == "president-elect" for w in words):
            for w in words:
                if w not in cluster.roles:
                    cluster.roles.append(w)
        kin = _kinship_role(head_tok)
        if kin and kin not in cluster.roles:
            cluster.roles.append(kin)
        for tok in phrase:
            low = tok.lower_.rstrip(".")
            if low + "." in male or low in male:
                cluster.gender, cluster.gender_source = "male", "text"
            elif low + "." in female or low in female:
                cluster.gender, cluster.gender_source = "female", "text"


def _predicate_role(name: Token, roles: frozenset[str]) -> list[Token]:
    """The role phrase of "X is the CEO of Acme" / "X became president" (up to the
    role noun), or nothing."""
    verb = name.head
    if name.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_.lower() not in {"be", "become"}:
        return []
    for child in verb.children:
        if child.dep_ == "attr" and child.lower_ in roles:
            return [t for t in child.subtree if t.i <= child.i]
    return []


def _kinship_role(name: Token) -> str | None:
    """The person noun a name is introduced with as an appositive ("His father, Tom
    Park" / "Tom Park, the father of ...") -> "father", so that "his father" later is
    Tom Park."""
    nouns = person_nouns()
    if name.dep_ == "appos" and name.head.lower_ in nouns and name.head.i < name.i:
        return name.head.lower_
    for child in name.children:
        if child.dep_ == "appos" and child.lower_ in nouns:
            return child.lower_
    return None


def pronoun_mentions(doc: Doc, clusters: list[Cluster], drafts: list[MentionDraft],
                     quoted: SpanIndex, sentence_of: list[int] | None = None
                     ) -> list[MentionDraft]:
    """Rule pronoun: third-person pronouns (he/she, it, they and their forms) outside
    quotation marks -> the entity the resolver picks; each resolved pronoun is a
    candidate antecedent for the next, and its gender evidence for the person's."""
    resolver = PronounResolver(doc, clusters, drafts, quoted, sentence_of)
    pronouns = third_person_pronouns()
    out: list[MentionDraft] = []
    for i in tokens_of_lower(doc, *pronouns):
        tok = doc[i]
        if quoted.contains(tok.idx):
            continue
        cluster = resolver.resolve(tok, learn=True)
        if cluster is not None:
            out.append(MentionDraft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1,
                                    tok.text, clusters[cluster].label, "pronoun", cluster))
    resolver.settle_genders()
    doc.user_data[RESOLVER_KEY] = resolver  # the quotes stage resolves with it too
    return out


def extract_entities(doc: Doc) -> ArticleEntities:
    """Mentions and canonical entities of one parsed article (see the module doc)."""
    text = doc_text(doc)
    quoted = SpanIndex(quoted_spans(text))
    sentence_of = sentence_of_tokens(doc)
    drafts = completed_names(doc, named_mentions(doc))
    clusters = join_acronyms(doc, drafts, cluster_names(drafts))
    drafts = drafts + unrecognized_aliases(doc, drafts, clusters)
    clusters = join_acronyms(doc, drafts, clusters)  # "(ACR)" the model did not tag
    persons_by_use(doc, drafts, clusters)
    drafts = drafts + untagged_names(doc, drafts, clusters)
    introduced_roles(doc, drafts, clusters, sentence_of)
    settle_labels(doc, drafts, clusters)
    # Descriptions resolve before pronouns so that pronouns can take them as antecedents.
    drafts = drafts + description_mentions(doc, clusters, drafts, sentence_of)
    drafts = drafts + pronoun_mentions(doc, clusters, drafts, quoted, sentence_of)
    drafts = drafts + interview_person_mentions(doc, drafts, clusters, quoted)
    drafts = drafts + self_introduction_mentions(doc, drafts, clusters, quoted)
    drafts = drafts + pronoun_predicate_mentions(doc, clusters, drafts, sentence_of)
    drafts = drafts + there_mentions(doc, clusters, drafts, sentence_of)
    # Last: nested names are no antecedents or sources (the longer name is).
    drafts = drafts + nested_names(doc, drafts, clusters)
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
