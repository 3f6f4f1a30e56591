"""Entities: mentions from spaCy's parse, grouped into canonical entities.

Within one article (:func:`extract_entities`):

1. **ner**: named-entity spans, cleaned (titles, leading "the" and possessives
   trimmed off the span, so ``text[start:end]`` stays the stored string).
2. **alias**: a short name joins the full name it abbreviates ("Putin" ->
   "Vladimir Putin"); an entity's label is decided by its cluster, so a surname that
   the small model tags ORG still joins the PERSON.
3. **title**: definite role descriptions ("the Russian leader", "the Kremlin
   spokesperson", "the incoming president") resolve to the person the article
   introduced in that role ("Russia's President, Vladimir Putin").
4. **pronoun**: he/him/his/she/her/hers (and reflexives) resolve to the most salient
   compatible person: the subject before it in its sentence, else the latest subject
   person of the preceding sentences, else the latest person. Pronouns inside
   quotation marks are left to the quotes stage, which knows who is speaking.

Each rule is a small named function. Across articles, :func:`merge_corpus_entities`
joins clusters by canonical name.

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
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from toolkit.text import SpanIndex, quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

# Honorifics and role words that may precede a name inside an entity span.
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. sen sen. "
    "rep rep. gov gov. gen gen. lt col col. capt capt. sgt st st.".split()
)

# Role nouns: what a person can be introduced as, and what a description can name.
ROLE_NOUNS = frozenset(
    """president president-elect vice-president leader premier minister chancellor
    spokesperson spokesman spokeswoman secretary senator congressman congresswoman
    representative governor mayor king queen prince princess pope ambassador
    chairman chairwoman chair ceo founder director chief commander general admiral
    prosecutor judge attorney candidate nominee lawmaker legislator official
    diplomat envoy monarch emperor dictator ruler speaker coach manager captain
    player striker goalkeeper actor actress singer author writer economist analyst
    professor scientist researcher activist billionaire businessman businesswoman
    tycoon owner head boss minister-president chancellor-elect prime"""
    .split()
)
# Title words that, right before a name, show it is a person's.
PERSON_TITLES = frozenset({"president", "chancellor", "minister", "senator", "governor", "mayor",
                           "spokesperson", "spokesman", "spokeswoman", "secretary", "king",
                           "queen", "prince", "princess", "pope", "judge", "representative",
                           "congressman", "congresswoman", "ambassador", "premier", "coach",
                           "president-elect", "elect", "leader", "chairman", "chairwoman"})
# Generic heads that match a more specific role ("the Russian leader" -> a president).
GENERIC_ROLES = {
    "leader": {"president", "prime", "premier", "chancellor", "king", "queen", "leader",
               "dictator", "ruler", "monarch", "emperor", "head", "president-elect",
               "minister-president"},
    "official": {"minister", "secretary", "spokesperson", "spokesman", "spokeswoman",
                 "official", "ambassador", "governor", "mayor", "director", "chief"},
    "spokesperson": {"spokesperson", "spokesman", "spokeswoman"},
    "spokesman": {"spokesperson", "spokesman", "spokeswoman"},
    "spokeswoman": {"spokesperson", "spokesman", "spokeswoman"},
    "lawmaker": {"senator", "congressman", "congresswoman", "representative", "lawmaker",
                 "legislator"},
    "president": {"president", "president-elect"},
}
# Modifiers that mark an incoming office holder.
INCOMING = frozenset({"incoming", "elect", "president-elect", "future", "new"})
FORMER = frozenset({"former", "ex", "outgoing", "previous", "late"})

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "spokesman",
                         "congressman", "chairman", "businessman", "emperor", "actor"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen",
                           "princess", "spokeswoman", "congresswoman", "chairwoman",
                           "businesswoman", "actress"})

# A small list of frequent first names with a clear gender; used only as a hint.
_MALE_NAMES = """adam alan alex alexander alexei ali andrew angela anthony barack ben benjamin
bernie bill bob boris brian bruce carl charles chris christopher chuck dan daniel dave david
dmitry donald doug edward emmanuel eric frank fred gary george greg harry henry howard ian
jack jacob james jared jason jeb jeff jeffrey jeremy jim jimmy joe john jon jonathan jose
joseph josh juan justin keir kevin kim larry lee lindsey luis marco mark martin matt matthew
michael mike mitch mohammed muhammad narendra nicolas olaf paul pedro peter rand richard rick
robert roger ron ronald ryan sam scott sergei sergey steve steven ted thomas tim tom tony
vladimir volodymyr walter william xi""".split()
_FEMALE_NAMES = """alexandria amy ana angela ann anna anne barbara betsy carly catherine
charlotte christine claire diane elena elizabeth elise ellen emily emma hillary jane janet
jennifer jill joan julia julie karen kamala kate katherine kelly kirsten kristi laura linda
lisa liz margaret maria marine marjorie mary melania michelle nancy nikki olena patricia
rachel sarah sara susan theresa ursula victoria""".split()
FIRST_NAME_GENDER = {**{n: "male" for n in _MALE_NAMES}, **{n: "female" for n in _FEMALE_NAMES}}
FIRST_NAME_GENDER["angela"] = "female"
FIRST_NAME_GENDER["kim"] = "unknown"

# Demonyms for country names that don't follow the simple -n/-an rule.
DEMONYMS = {
    "united states": "american", "us": "american", "u.s.": "american", "america": "american",
    "usa": "american", "canada": "canadian", "united kingdom": "british", "uk": "british",
    "britain": "british",
    "great britain": "british", "england": "english", "france": "french", "china": "chinese",
    "japan": "japanese", "germany": "german", "russia": "russian", "ukraine": "ukrainian",
    "israel": "israeli", "iran": "iranian", "iraq": "iraqi", "pakistan": "pakistani",
    "netherlands": "dutch", "spain": "spanish", "turkey": "turkish", "poland": "polish",
    "sweden": "swedish", "finland": "finnish", "denmark": "danish", "ireland": "irish",
    "scotland": "scottish", "wales": "welsh", "switzerland": "swiss", "greece": "greek",
    "portugal": "portuguese", "vietnam": "vietnamese", "philippines": "filipino",
    "saudi arabia": "saudi", "new zealand": "new zealander", "kremlin": "russian",
    "moscow": "russian", "beijing": "chinese", "kyiv": "ukrainian", "kiev": "ukrainian",
    "washington": "american", "white house": "american", "downing street": "british",
}

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass
class Mention:
    """One mention of an entity in an article; ``cluster`` indexes ``clusters``."""

    start: int
    end: int
    text: str
    label: str
    resolution: str
    cluster: int


@dataclass
class Cluster:
    """A canonical entity within one article."""

    index: int
    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    gender: str = "unknown"


@dataclass
class ArticleEntities:
    """The entities of one article: clusters and their mentions (sorted by start)."""

    clusters: list[Cluster]
    mentions: list[Mention]

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping [start, end) that covers most of it, if any."""
        import bisect

        i = bisect.bisect_left(self._starts, end)
        best: Mention | None = None
        best_key = (False, 0)
        # Mentions are short: only a few before ``end`` can overlap. A person wins
        # over a place or organisation inside the same phrase ("United States President
        # Donald Trump"), then the larger overlap.
        for m in self.mentions[max(0, i - 8) : i]:
            overlap = min(m.end, end) - max(m.start, start)
            key = (m.label == "PERSON", overlap)
            if overlap > 0 and key > best_key:
                best, best_key = m, key
        return best

    def name_of(self, cluster: int | None) -> str | None:
        return None if cluster is None else self.clusters[cluster].name

    def to_dict(self) -> dict:
        return {"clusters": [asdict(c) for c in self.clusters],
                "mentions": [asdict(m) for m in self.mentions]}

    @classmethod
    def from_dict(cls, data: dict) -> ArticleEntities:
        return cls([Cluster(**c) for c in data["clusters"]],
                   [Mention(**m) for m in data["mentions"]])


# --------------------------------------------------------------------------- names

def demonym(place: str) -> str:
    """Adjective for a place name ("Russia" -> "russian").

    Examples
    --------
    >>> demonym("Russia"), demonym("Canada"), demonym("the United States")
    ('russian', 'canadian', 'american')
    """
    key = place.lower().removeprefix("the ").strip()
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key.endswith("a"):
        return key + "n"
    if key.endswith("ia"):
        return key + "n"
    return key


def clean_name_span(span: Span) -> tuple[int, int] | None:
    """Token range of ``span`` without a leading "the", honorifics/role words before a
    person's name, and a trailing possessive; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"}
        or (span.label_ == "PERSON" and doc[start].lower_.rstrip(".") in
            {h.rstrip(".") for h in HONORIFICS} | ROLE_NOUNS)
        or doc[start].is_punct
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return start, end


# Invisible characters that scraped text carries inside names (control characters,
# bidi controls, zero-width space, soft hyphen, BOM, word joiner): not part of a name.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def canonical_text(text: str) -> str:
    text = _POSSESSIVE.sub("", _INVISIBLE.sub("", text).strip())
    return re.sub(r"\s+", " ", text)


def _name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", name) if t]


# --------------------------------------------------------------------------- rules

@dataclass
class _Draft:
    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int
    text: str
    label: str
    resolution: str = "ner"
    cluster: int = -1


def named_mentions(doc: Doc) -> list[_Draft]:
    """Rule ner: cleaned entity spans of the labels we track."""
    drafts = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
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
        drafts.append(_Draft(span.start_char, span.start_char + len(span.text.rstrip()),
                             span.start, span.end, span.text.rstrip(), label))
    return drafts


def looks_like_person(span: Span) -> bool:
    """Evidence that a name the model labelled otherwise is a person's: two or three
    proper nouns that start with a common first name, or a title word right before it
    ("Chancellor Olaf Scholz", "Mr. Smith")."""
    tokens = [t for t in span if not t.is_punct]
    if not tokens or not all(t.pos_ == "PROPN" for t in tokens):
        return False
    if 2 <= len(tokens) <= 3 and FIRST_NAME_GENDER.get(tokens[0].lower_, "") in {"male", "female"}:
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and len(tokens) <= 3:
        word = before.lower_.rstrip(".")
        if word in {h.rstrip(".") for h in HONORIFICS} or word in PERSON_TITLES:
            return True
    return False


def cluster_names(drafts: list[_Draft]) -> list[Cluster]:
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
                   key=lambda i: (-len(_name_tokens(canonical_text(drafts[i].text))),
                                  drafts[i].start))
    persons_by_token: dict[str, list[int]] = defaultdict(list)
    for i in order:
        draft = drafts[i]
        name = canonical_text(draft.text)
        key = name.lower()
        tokens = _name_tokens(name)
        idx = key_to_cluster.get(key)
        if idx is None and draft.label in {"PERSON", "ORG", "NORP", "GPE"} and len(tokens) <= 2:
            # A short name: does a longer PERSON name contain it as a surname or first name?
            candidates = [c for c in persons_by_token.get(tokens[-1].lower(), [])
                          if len(_name_tokens(clusters[c].name)) > len(tokens)
                          and clusters[c].name.lower().endswith(key)]
            if not candidates and len(tokens) == 1 and draft.label == "PERSON":
                candidates = [c for c in persons_by_token.get(key, [])
                              if _name_tokens(clusters[c].name)[0].lower() == key]
            if len(set(candidates)) >= 1:
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
        first = _name_tokens(cluster.name)[0].lower()
        if cluster.label == "PERSON":
            cluster.gender = FIRST_NAME_GENDER.get(first, "unknown")
    return clusters


def unrecognized_aliases(doc: Doc, drafts: list[_Draft], clusters: list[Cluster]) -> list[_Draft]:
    """Rule alias (missed by NER): a proper noun outside any entity span that equals the
    surname of a multi-word PERSON in the article ("Trump" the model did not tag)."""
    surnames: dict[str, set[int]] = defaultdict(set)
    for c in clusters:
        parts = _name_tokens(c.name)
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
        out.append(_Draft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1, tok.text,
                          "PERSON", "alias", owner))
    return out


def _role_words(tokens: Iterable[Token]) -> list[str]:
    """Role words and modifiers from a title phrase: "Russia's President" ->
    ['president', 'russian']."""
    words: list[str] = []
    for tok in tokens:
        low = tok.lower_
        if tok.ent_type_ in {"GPE", "ORG", "NORP"} and tok.tag_ != "POS":
            words.append(demonym(tok.text) if tok.ent_type_ != "NORP" else low)
        elif low in ROLE_NOUNS or low in INCOMING or low in FORMER:
            words.append(low)
        elif tok.pos_ == "ADJ" and low not in {"the"}:
            words.append(low)
        elif tok.tag_ == "HYPH":
            continue
    # "president - elect" as separate tokens
    joined = " ".join(words)
    if "president elect" in joined:
        words.append("president-elect")
    return words


def _sentence_of_tokens(doc: Doc) -> list[int]:
    """The index of each token's sentence. ``Token.sent`` scans the sentence on each
    call, which is quadratic on a long text without sentence breaks."""
    out = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        out[sent.start : sent.end] = [k] * (sent.end - sent.start)
    return out


def introduced_roles(doc: Doc, drafts: list[_Draft], clusters: list[Cluster]) -> None:
    """Rule title (introductions): record the role a person is introduced with.

    Patterns: "Russia's President, Vladimir Putin" (appositive), "Kremlin spokesperson
    Dmitry Peskov" / "President-elect Trump" (title words before the name), "Putin,
    the Russian president" (appositive after), "the Republican president-elect, X".
    """
    sentence_of = _sentence_of_tokens(doc)
    for draft in drafts:
        cluster = clusters[draft.cluster]
        if cluster.label != "PERSON":
            continue
        first = doc[draft.tok_start]
        head_tok = doc[draft.tok_end - 1]
        phrase: list[Token] = []
        # Title words directly before the name (compounds within the same NP).
        j = draft.tok_start - 1
        while j >= 0 and sentence_of[j] == sentence_of[first.i] and (
            doc[j].dep_ in {"compound", "amod", "nmod", "poss", "case", "punct"}
            and doc[j].head.i in range(j + 1, draft.tok_end)
            or doc[j].tag_ == "HYPH" or doc[j].lower_ in ROLE_NOUNS
        ) and doc[j].text not in {",", "(", '"', "“"}:
            phrase.insert(0, doc[j])
            j -= 1
        # Appositive: the name is an appos of a role noun, or a role noun is an
        # appos of the name.
        if head_tok.dep_ == "appos" and head_tok.head.lower_ in ROLE_NOUNS | {"elect"}:
            role_head = head_tok.head
            phrase.extend(t for t in role_head.subtree if t.i < role_head.i + 1
                          and t.i not in range(draft.tok_start, draft.tok_end))
        for child in head_tok.children:
            if child.dep_ == "appos" and (child.lower_ in ROLE_NOUNS | {"elect"}):
                phrase.extend(t for t in child.subtree if t.i <= child.i)
        words = _role_words(phrase)
        if any(w in ROLE_NOUNS or w == "president-elect" for w in words):
            for w in words:
                if w not in cluster.roles:
                    cluster.roles.append(w)
        for tok in phrase:
            low = tok.lower_.rstrip(".")
            if low + "." in MALE_TITLES or low in MALE_TITLES:
                cluster.gender = "male"
            elif low + "." in FEMALE_TITLES or low in FEMALE_TITLES:
                cluster.gender = "female"


def _description_words(np: list[Token]) -> tuple[str | None, list[str]]:
    head = np[-1].lower_
    mods = _role_words(np[:-1])
    if head == "elect" and len(np) >= 3 and np[-3].lower_ == "president":
        head = "president-elect"
        mods = [m for m in mods if m not in {"president", "president-elect"}]
    return head, mods


def _is_affiliation(word: str) -> bool:
    """A nationality or party-like modifier ("russian", "kremlin", "republican")."""
    if word in ROLE_NOUNS or word in INCOMING or word in FORMER:
        return False
    return word.endswith(("n", "ese", "i", "sh", "ch")) or word in DEMONYMS.values()


def _role_matches(head: str, mods: list[str], cluster: Cluster) -> int:
    """How well a description fits a person's introduced roles: 0 no, 1 fits but the
    person's affiliation is unknown, 2 fits fully."""
    roles = set(cluster.roles)
    if not roles:
        return 0
    heads = GENERIC_ROLES.get(head, {head})
    if not roles & (heads | {head}):
        return 0
    fit = 2
    known_affiliations = {r for r in roles if _is_affiliation(r)}
    for mod in mods:
        if mod in INCOMING:
            if not roles & {"president-elect", "elect", "incoming", "chancellor-elect"}:
                return 0
        elif mod in FORMER:
            if not roles & FORMER:
                return 0
        elif _is_affiliation(mod) and mod not in roles:
            # A nationality or party must not contradict the introduction; when the
            # introduction gave none, the fit is weaker.
            if known_affiliations:
                return 0
            fit = 1
    return fit


def description_mentions(doc: Doc, clusters: list[Cluster], drafts: list[_Draft],
                         quoted: SpanIndex) -> list[_Draft]:
    """Rule title (descriptions): "the Russian leader" -> the person introduced as
    Russia's president; the latest such person mentioned before wins."""
    out: list[_Draft] = []
    person_mentions = sorted((d for d in drafts if clusters[d.cluster].label == "PERSON"),
                             key=lambda d: d.start)
    named_tokens = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    person_tokens = {i for d in drafts if clusters[d.cluster].label == "PERSON"
                     for i in range(d.tok_start, d.tok_end)}
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in named_tokens:
            continue
        low = tok.lower_
        is_role = low in ROLE_NOUNS or low == "elect"
        if not is_role:
            continue
        # The noun phrase: determiner "the" plus modifiers to the left of the head.
        left = [c for c in tok.lefts]
        if not left or left[0].lower_ != "the":
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "compound":
            continue
        if any(c.dep_ == "poss" for c in left):
            continue
        np = [t for t in doc[left[0].i : tok.i + 1]]
        # An appositive name right after ("the Russian president, Vladimir Putin") is
        # an introduction, handled by introduced_roles.
        if any(c.dep_ == "appos" and c.i in person_tokens for c in tok.children):
            continue
        if tok.dep_ == "appos" and tok.head.i in person_tokens:
            continue
        head, mods = _description_words(np)
        if head is None:
            continue
        start = np[0].idx
        candidates = [d for d in person_mentions if d.start < start
                      and _role_matches(head, mods, clusters[d.cluster])]
        if not candidates:
            continue
        # The best fit wins; among equal fits the latest mentioned.
        best = max(_role_matches(head, mods, clusters[d.cluster]) for d in candidates)
        chosen = [d for d in candidates
                  if _role_matches(head, mods, clusters[d.cluster]) == best][-1]
        text = doc[np[0].i : tok.i + 1].text  # not doc.text[...]: O(len(doc)) per access
        out.append(_Draft(start, start + len(text), np[0].i, tok.i + 1, text, "PERSON",
                          "title", chosen.cluster))
    return out


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in {"nsubj", "nsubjpass"}


def pronoun_mentions(doc: Doc, clusters: list[Cluster], drafts: list[_Draft],
                     quoted: SpanIndex) -> list[_Draft]:
    """Rule pronoun: he/she and their forms -> the most salient compatible person.

    Salience, in order: a subject person earlier in the same sentence; the subject
    person of the nearest preceding sentence (up to three back); the latest person
    mentioned in those sentences. Gender must not conflict. Pronouns inside
    quotations are skipped (the quotes stage resolves those).
    """
    persons = sorted((d for d in drafts if clusters[d.cluster].label == "PERSON"),
                     key=lambda d: d.start)
    out: list[_Draft] = []
    by_sent: dict[int, list[_Draft]] = defaultdict(list)
    sentence_of = _sentence_of_tokens(doc)

    def sent_no(tok_i: int) -> int:
        return sentence_of[tok_i]

    for d in persons:
        if not quoted.contains(d.start):
            by_sent[sent_no(d.tok_start)].append(d)
    gender_votes: dict[int, Counter] = defaultdict(Counter)

    def compatible(d: _Draft, gender: str) -> bool:
        cluster = clusters[d.cluster]
        known = cluster.gender
        if known == "unknown" and gender_votes[d.cluster]:
            known = gender_votes[d.cluster].most_common(1)[0][0]
        return known in {"unknown", gender}

    def mention_is_subject(d: _Draft) -> bool:
        return any(_is_subject(doc[i]) or (doc[i].dep_ in {"compound", "appos"}
                   and _is_subject(doc[i].head)) for i in range(d.tok_start, d.tok_end))

    for tok in doc:
        low = tok.lower_
        if low not in PERSON_PRONOUNS or tok.pos_ != "PRON":
            continue
        if quoted.contains(tok.idx):
            continue
        gender = "male" if low in MALE_PRONOUNS else "female"
        k = sent_no(tok.i)
        same = [d for d in by_sent.get(k, []) if d.start < tok.idx and compatible(d, gender)]
        chosen: _Draft | None = None
        subjects = [d for d in same if mention_is_subject(d)]
        if subjects:
            chosen = subjects[-1]
        elif same and tok.dep_ in {"poss"} and _is_subject(tok.head) is False:
            chosen = same[-1]
        if chosen is None:
            for back in range(k - 1, max(-1, k - 4), -1):
                prev = [d for d in by_sent.get(back, []) if compatible(d, gender)]
                subj = [d for d in prev if mention_is_subject(d)]
                if subj:
                    chosen = subj[0]
                    break
                if prev:
                    chosen = prev[-1] if not same else same[-1]
                    break
        if chosen is None and same:
            chosen = same[-1]
        if chosen is None:
            continue
        gender_votes[chosen.cluster][gender] += 1
        draft = _Draft(tok.idx, tok.idx + len(tok.text), tok.i, tok.i + 1, tok.text,
                       "PERSON", "pronoun", chosen.cluster)
        out.append(draft)
        by_sent[k].append(draft)
        by_sent[k].sort(key=lambda d: d.start)
    for idx, votes in gender_votes.items():
        if clusters[idx].gender == "unknown" and votes:
            clusters[idx].gender = votes.most_common(1)[0][0]
    return out


def extract_entities(doc: Doc) -> ArticleEntities:
    """Mentions and canonical entities of one parsed article (see the module doc)."""
    text = doc.text  # Doc.text joins every token on each access: read it once
    quoted = SpanIndex(quoted_spans(text))
    drafts = named_mentions(doc)
    clusters = cluster_names(drafts)
    drafts = drafts + unrecognized_aliases(doc, drafts, clusters)
    introduced_roles(doc, drafts, clusters)
    # Descriptions resolve before pronouns so that pronouns can take them as antecedents.
    drafts = drafts + description_mentions(doc, clusters, drafts, quoted)
    drafts = drafts + pronoun_mentions(doc, clusters, drafts, quoted)
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
