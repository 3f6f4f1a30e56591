"""Descriptions: a noun phrase that names no one by name ("the Russian leader", "a
writer", "the company") -> the entity it describes (rule ``description``).

Every noun phrase headed by a common noun outside a name is tried against
:data:`DESCRIPTION_RULES` in order; the first rule that answers gives the phrase's
entity (its mention spans the determiner to the head noun: "the French president"):

``appositive_description``
    "Ann Lee, a writer, ..." / "His father, Tom Park, ...": the name it stands beside.
``predicate_description``
    "Ann Lee is a writer" / "Acme became the largest firm": the subject named; once
    pronouns are resolved, "She is a writer" too (:func:`pronoun_predicate_mentions`).
``role_description``
    "the president", "the Russian leader": the person the article introduced in a
    compatible role (:func:`role_fit`); "Vice President Jane Roe" is not "the
    president"; the best fit wins, then the latest mentioned.
``type_description``
    "the company", "the city", "this ministry": the latest organisation or place of a
    compatible label mentioned in the :data:`TYPE_WINDOW` sentences before, a name
    holding the noun first ("the river" -> "Hudson River"); "the other city" is not.
    Beyond the window: the article's one name holding the noun ("the church" ->
    "Church of X" however far back), else the article's topic of that kind (mentioned
    :data:`TOPIC_MENTIONS` times: "the city" in a guide to one city).

Once pronouns are resolved, :func:`pronoun_predicate_mentions` ("She is a writer")
and :func:`there_mentions` (the adverb "there" -> the latest place named in its
sentence or the one before) add descriptions the rules above cannot see.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.docs import sentence_of_tokens, tokens_of_lower, tokens_of_pos
from toolkit.names import demonym, is_country_name
from toolkit.records import Cluster, MentionDraft
from toolkit.resolve.features import person_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["DESCRIPTION_RULES", "TYPE_WINDOW", "Description", "description_mentions",
           "fits_kind", "pronoun_predicate_mentions", "role_fit", "role_words",
           "subordinate_role", "there_mentions"]

TYPE_WINDOW = 6  # sentences an organisation/place description looks back
TOPIC_MENTIONS = 3  # mentions that make an entity the article's topic of its kind
DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
INDEFINITE = frozenset({"a", "an"})
COPULAS = frozenset({"be", "become", "remain"})


def subordinate_role(words: list[str], tok: Token) -> bool:
    """Rule subordinate_role: a role word after a subordinate qualifier joins it
    ("Vice President" is the role "vice president", not "president"); True when ``tok``
    was taken into the last of ``words``."""
    subordinate = lexicons.words("role_subordinate")
    if not words or words[-1].split()[-1] not in subordinate:
        return False
    if tok.tag_ == "HYPH":
        return True
    if tok.lower_ in lexicons.words("role_nouns"):
        words[-1] = f"{words[-1]} {tok.lower_}"
        return True
    return False


def role_words(tokens: Iterable[Token]) -> list[str]:
    """Role words and modifiers of a title phrase: "Russia's President" ->
    ['russian', 'president']; a role after a subordinate qualifier is joined to it
    ("Vice President" -> ['vice president'], rule :func:`subordinate_role`).

    >>> from toolkit.nlp import load_pipeline
    >>> role_words(load_pipeline()("Vice President"))
    ['vice president']
    """
    roles = lexicons.words("role_nouns")
    modifiers = lexicons.words("role_incoming") | lexicons.words("role_former")
    subordinate = lexicons.words("role_subordinate")
    words: list[str] = []
    for tok in tokens:
        low = tok.lower_
        if subordinate_role(words, tok):
            continue
        if low in subordinate:
            words.append(low)
        elif tok.ent_type_ in {"GPE", "ORG", "NORP"} and tok.tag_ != "POS":
            words.append(demonym(tok.text) if tok.ent_type_ != "NORP" else low)
        elif low in roles or low in modifiers:
            words.append(low)
        elif tok.pos_ == "ADJ" and low != "the":
            words.append(low)
    if "president elect" in " ".join(words):  # "president - elect" as separate tokens
        words.append("president-elect")
    return words


def _description_words(np: Sequence[Token]) -> tuple[str, list[str]]:
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


@lru_cache(maxsize=1)
def _type_kinds() -> dict[str, str]:
    """Head noun -> its kind in the ``description_types`` lexicon."""
    table = lexicons.table("description_types")
    return {noun: kind for kind, nouns in table["nouns"].items() for noun in nouns}


lexicons.on_reload(_type_kinds.cache_clear)


def fits_kind(kind: str, cluster: Cluster) -> bool:
    """Whether an entity can be what a description of ``kind`` describes ("the
    country": a country of the ``countries`` lexicon; "the city": another place)."""
    for label in lexicons.table("description_types")["labels"][kind]:
        base, _, which = label.partition(":")
        if cluster.label != base:
            continue
        if not which:
            return True
        is_country = is_country_name(cluster.name)
        if is_country == (which == "country"):
            return True
    return False


# --------------------------------------------------------------------------- context

@dataclass
class Description:
    """A noun phrase headed by a common noun: the determiner (or first modifier) to
    the head, and where it stands."""

    head: Token
    tokens: list[Token]
    determiner: str | None  # "the", "a", "this" ... (lower case), None for none
    possessed: bool = False  # "his father", "Acme's board"

    @property
    def start(self) -> int:
        return self.tokens[0].idx


@dataclass
class DescriptionContext:
    """What the description rules read: the article's names so far."""

    doc: Doc
    clusters: list[Cluster]
    drafts: list[MentionDraft]
    sentence_of: list[int]
    cluster_at: dict[int, int] = field(default_factory=dict)  # token -> cluster
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.drafts = sorted(self.drafts, key=lambda d: d.start)
        self.starts = [d.start for d in self.drafts]
        for d in self.drafts:
            for i in range(d.tok_start, d.tok_end):
                self.cluster_at.setdefault(i, d.cluster)

    def before(self, offset: int) -> list[MentionDraft]:
        """The mentions starting before ``offset``, latest first."""
        return self.drafts[: bisect.bisect_left(self.starts, offset)][::-1]

    def name_cluster(self, tok: Token) -> int | None:
        """The cluster of the name ``tok`` heads, if any."""
        return self.cluster_at.get(tok.i)


# --------------------------------------------------------------------------- rules

def _compatible(desc: Description, cluster: Cluster) -> bool:
    """A person noun describes a person, an organisation or place noun one of its
    kind; other nouns anything."""
    noun = desc.head.lemma_.lower()
    if noun in person_nouns() or desc.head.lower_ in person_nouns() or \
            _description_words(desc.tokens)[0] in person_nouns():
        return cluster.label == "PERSON"
    kind = _type_kinds().get(noun) or _type_kinds().get(desc.head.lower_)
    return kind is None or fits_kind(kind, cluster) or kind == "named"


def appositive_description(desc: Description, ctx: DescriptionContext) -> int | None:
    """"Ann Lee, a writer," / "His father, Tom Park," -> the name beside it."""
    head = desc.head
    found = None
    if head.dep_ == "appos":
        found = ctx.name_cluster(head.head)
    for child in head.children:
        if found is None and child.dep_ == "appos" and child.i > head.i:
            found = ctx.name_cluster(child)
    if found is not None and _compatible(desc, ctx.clusters[found]):
        return found
    return None


def _named_subject(verb: Token, desc: Description, ctx: DescriptionContext) -> int | None:
    """The named subject of ``verb`` that ``desc`` can describe, if any."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            found = ctx.name_cluster(child)
            if found is not None and _compatible(desc, ctx.clusters[found]):
                return found
    return None


def predicate_description(desc: Description, ctx: DescriptionContext) -> int | None:
    """"Ann Lee is a writer" / "Acme became the largest firm" -> the subject named."""
    head = desc.head
    verb = head.head
    if head.dep_ != "attr" or verb.lemma_.lower() not in COPULAS or desc.possessed:
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    return _named_subject(verb, desc, ctx)


def as_role_description(desc: Description, ctx: DescriptionContext) -> int | None:
    """"Ann Lee served as minister of finance", "Tom Park was elected as mayor" -> the
    subject named (verbs of the ``role_as_verbs`` lexicon; the passive subject of a
    transitive one)."""
    head = desc.head
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "as" or prep.dep_ != "prep":
        return None
    verb = prep.head
    if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in lexicons.words(
            "role_as_verbs") or any(c.dep_ in {"neg", "dobj"} for c in verb.children):
        return None
    return _named_subject(verb, desc, ctx)


def of_name_description(desc: Description, ctx: DescriptionContext) -> int | None:
    """"the island of Busuanga", "the city of Rio" -> the place named after "of"
    (nouns of the ``description_of_names`` lexicon)."""
    head = desc.head
    if desc.determiner != "the" or desc.possessed or head.lower_ not in lexicons.words(
            "description_of_names"):
        return None
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    name = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    found = ctx.name_cluster(name) if name is not None else None
    if found is not None and ctx.clusters[found].label in {"GPE", "LOC"}:
        return found
    return None


def role_description(desc: Description, ctx: DescriptionContext) -> int | None:
    """"the Russian leader" -> the person introduced as Russia's president; "his
    father" -> the person introduced as "His father, Tom Park"."""
    if desc.determiner != "the" and not desc.possessed:
        return None
    head, mods = _description_words(desc.tokens)
    best, chosen = 0, None
    fits: dict[int, int] = {}  # a person's fit, once per person
    for d in ctx.before(desc.start):
        cluster = ctx.clusters[d.cluster]
        if cluster.label != "PERSON":
            continue
        fit = fits.get(d.cluster)
        if fit is None:
            fit = fits[d.cluster] = role_fit(head, mods, cluster)
        if fit > best:
            best, chosen = fit, d.cluster
            if best == 2:
                break  # a full fit: no later mention fits better
    return chosen


def type_description(desc: Description, ctx: DescriptionContext) -> int | None:
    """"the company", "the city", "this ministry" -> the latest organisation or place
    of a compatible kind mentioned in the :data:`TYPE_WINDOW` sentences before, a name
    holding the noun first; "the river" only to a name holding "river"."""
    if desc.determiner not in DETERMINERS or desc.possessed:
        return None
    noun = desc.head.lower_
    kind = _type_kinds().get(noun) or _type_kinds().get(desc.head.lemma_.lower())
    if kind is None:
        return None
    contrast = lexicons.words("description_contrast")
    if any(t.lower_ in contrast for t in desc.tokens):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in desc.head.children):
        return None  # "the city of Rio": the name follows
    sentence = ctx.sentence_of[desc.head.i]
    recent: list[int] = []  # compatible entities of the window, latest first
    counts: Counter = Counter()  # mentions so far of every compatible entity
    for d in ctx.before(desc.start):
        if d.resolution == "pronoun" or not fits_kind(kind, ctx.clusters[d.cluster]):
            continue
        counts[d.cluster] += 1
        if ctx.sentence_of[d.tok_start] >= sentence - TYPE_WINDOW and d.cluster not in recent:
            recent.append(d.cluster)
    stems = {noun, desc.head.lemma_.lower()}
    holders = _name_holders(ctx, counts, stems)
    for c in recent:
        if c in holders:
            return c
    if len(holders) == 1:
        return holders[0]  # "the church": the article's one "Church of ...", however far
    if kind == "named" or not counts:
        return None
    if not recent:
        # Nothing of this kind lately: the article's topic of this kind ("the city" in
        # a guide to Athens), when it has been mentioned often enough to be one.
        return _topic_of_kind(counts)
    # The article's topic when it is of this kind, else the most mentioned of the
    # window, the latest on ties.
    topic = max(counts, key=lambda c: counts[c])
    if counts[topic] >= 2 * max(counts[c] for c in recent):
        return topic
    return max(recent, key=lambda c: (counts[c], -recent.index(c)))


def _name_holders(ctx: DescriptionContext, counts: Counter, stems: set[str]) -> list[int]:
    """The entities mentioned so far whose name holds the description's noun."""
    return [c for c in counts if stems & set(ctx.clusters[c].name.lower().split())]


def _topic_of_kind(counts: Counter) -> int | None:
    """The most mentioned entity so far (the first on ties), when it has
    :data:`TOPIC_MENTIONS` mentions."""
    topic = max(counts, key=lambda c: (counts[c], -list(counts).index(c)))
    return topic if counts[topic] >= TOPIC_MENTIONS else None


DESCRIPTION_RULES: list[Callable[[Description, DescriptionContext], int | None]] = [
    appositive_description,
    predicate_description,
    as_role_description,
    of_name_description,
    role_description,
    type_description,
]


_PHRASES = "toolkit_description_phrases"  # a Doc's phrases, kept in its user_data


def _phrases(doc: Doc, named: set[int]) -> Iterable[Description]:
    """Noun phrases headed by a common noun (or a capitalised role word) outside names:
    the determiner or first modifier to the head. (The phrases of a Doc are found once
    and kept on it: two rules read them; ``release`` drops them.)"""
    roles = lexicons.words("role_nouns")
    kept = doc.user_data.get(_PHRASES)
    if kept is None or kept[0] is not roles:  # (a lexicon changed since: find again)
        kept = doc.user_data[_PHRASES] = (roles, list(_all_phrases(doc, roles)))
    return [desc for desc in kept[1] if desc.head.i not in named]


def _all_phrases(doc: Doc, roles: frozenset[str]) -> Iterable[Description]:
    for i in tokens_of_pos(doc, ("NOUN", "PROPN")):
        tok = doc[i]
        if tok.pos_ == "PROPN" and tok.lower_ not in roles:
            continue
        if tok.dep_ in {"compound", "amod"} or (tok.i + 1 < len(doc)
                                                and doc[tok.i + 1].dep_ == "compound"
                                                and doc[tok.i + 1].head.i > tok.i):
            continue  # a modifier inside a longer phrase
        left = [c for c in tok.lefts if c.dep_ not in {"punct", "cc", "prep", "case"}]
        possessed = any(c.dep_ == "poss" for c in left)
        start = left[0].i if left else tok.i
        while start < tok.i and not doc[start].is_alpha:
            start += 1
        if not tok.is_alpha or any(doc[i].is_space or "\n" in doc[i].text
                                   for i in range(start, tok.i)):
            continue
        determiner = doc[start].lower_ if doc[start].dep_ in {"det", "predet"} else None
        yield Description(tok, list(doc[start : tok.i + 1]), determiner, possessed)


def pronoun_predicate_mentions(doc: Doc, clusters: list[Cluster],
                               drafts: list[MentionDraft],
                               sentence_of: list[int] | None = None) -> list[MentionDraft]:
    """Rule predicate_of_pronoun, run once pronouns are resolved: "She is a writer"
    -> the entity "She" is (:func:`predicate_description` with the pronoun's entity
    as the subject); phrases already resolved are left as they are."""
    if sentence_of is None:
        sentence_of = sentence_of_tokens(doc)
    ctx = DescriptionContext(doc, clusters, drafts, sentence_of)
    out: list[MentionDraft] = []
    for desc in _phrases(doc, set(ctx.cluster_at)):
        subject = next((c for c in desc.head.head.children
                        if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or subject.pos_ != "PRON":
            continue
        cluster = predicate_description(desc, ctx)
        if cluster is not None:
            out.append(_draft(doc, desc, clusters[cluster].label, cluster))
    return out


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def there_mentions(doc: Doc, clusters: list[Cluster], drafts: list[MentionDraft],
                   sentence_of: list[int] | None = None) -> list[MentionDraft]:
    """Rule there: the adverb "there" ("she moved to Oslo and lived there"; not "there
    is") -> the latest place named in its sentence or the one before."""
    if sentence_of is None:
        sentence_of = sentence_of_tokens(doc)
    ctx = DescriptionContext(doc, clusters, drafts, sentence_of)
    out: list[MentionDraft] = []
    for i in tokens_of_lower(doc, "there"):
        tok = doc[i]
        if tok.dep_ != "advmod":
            continue
        here = sentence_of[tok.i]
        place = next((d for d in ctx.before(tok.idx) if d.resolution != "pronoun"
                      and clusters[d.cluster].label in PLACE_LABELS), None)
        if place is not None and sentence_of[place.tok_start] >= here - 1:
            out.append(MentionDraft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1,
                                    tok.text, clusters[place.cluster].label, "title",
                                    place.cluster))
    return out


def _draft(doc: Doc, desc: Description, label: str, cluster: int) -> MentionDraft:
    first, last = desc.tokens[0], desc.tokens[-1]
    # doc[...].text, not doc.text[...]: Doc.text joins every token
    return MentionDraft(first.idx, last.idx + len(last.text), first.i, last.i + 1,
                        doc[first.i : last.i + 1].text, label, "title", cluster)


def description_mentions(doc: Doc, clusters: list[Cluster],
                         drafts: list[MentionDraft],
                         sentence_of: list[int] | None = None) -> list[MentionDraft]:
    """Rule description: noun phrases that describe an entity of the article -> that
    entity, by the first of :data:`DESCRIPTION_RULES` that answers."""
    if sentence_of is None:
        sentence_of = sentence_of_tokens(doc)
    ctx = DescriptionContext(doc, clusters, drafts, sentence_of)
    named = set(ctx.cluster_at)
    out: list[MentionDraft] = []
    for desc in _phrases(doc, named):
        for rule in DESCRIPTION_RULES:
            cluster = rule(desc, ctx)
            if cluster is not None:
                out.append(_draft(doc, desc, clusters[cluster].label, cluster))
                break
    return out
