"""Persons the model labelled otherwise or not at all (rules of the entities stage).

The small English model often tags a lone first name or surname as an organisation or
a place ("Veronica asks ...", "Osterman's career") or leaves it untagged ("Heather
heard ..."), so he/she cannot refer to it. Evidence that a mention names a person
(:data:`PERSON_EVIDENCE`):

- ``possessor_of_person``: it owns a gendered person noun ("Amalia's brother", "Lee's
  wife"; not a role: "Acme's chief") or a noun of ``person_possessions`` ("Gavin's
  career");
- ``animate_subject``: it is the subject of a verb of ``animate_verbs`` ("Hill
  retired"), or a "who" clause is on it;
- ``person_apposition``: a person noun stands in apposition to it or right before it
  ("Cay Rivvers, a sculptor", "the actress Seetha").

Rules:

- **person_by_use** (:func:`persons_by_use`): a short name labelled otherwise whose
  mentions show a person (evidence above, or the model's own PERSON votes being at
  least as many as any other label's) more often than the text uses it as a place
  ("in Victoria") is relabelled PERSON; its first name hints its gender. In a text
  about people (:func:`speaks_of_people`: its he/she outnumber its "it" twice over),
  a one-word name that is the subject of a clause counts as evidence too ("Wood won
  the award. He ..."): there, the model's ORG or GPE for a lone surname is mostly
  wrong.
- **untagged_name** (:func:`untagged_names`): a run of capitalised proper nouns that
  no entity covers is a name: a person's when it starts with a known first name, shows
  a person, or is a subject or possessor ("Delgado enrolled"), else an organisation's
  (the label that claims least).

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()("Tom Park met Zorbella. Zorbella's brother was ill.")
>>> ents = extract_entities(doc)
>>> sorted((c.name, c.label) for c in ents.clusters)
[('Tom Park', 'PERSON'), ('Zorbella', 'PERSON')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.docs import lower_case_words, tokens_of_lower, tokens_of_pos
from toolkit.names import country_of_nationality, first_name_gender, is_country_name, name_tokens
from toolkit.records import Cluster, MentionDraft
from toolkit.resolve.features import gendered_pronouns, person_nouns
from toolkit.resolve.syntax import phrase_root

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["PERSON_EVIDENCE", "persons_by_use", "speaks_of_people", "untagged_names"]

#: Labels a person's name is mistaken for.
RELABELLED = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
MAX_WORDS = 3
#: How many times a text's he/she must outnumber its it/its to be about people.
PEOPLE_RATIO = 2
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
#: What may stand right before a name without a space.
_OPENERS = frozenset({'"', "“", "‘", "'", "(", "[", "—", "–", "-", "/", "\n", "\n\n"})


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    table = lexicons.table("description_types")["nouns"]
    return frozenset(n for nouns in table.values() for n in nouns)


lexicons.on_reload(_place_nouns.cache_clear)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Words that head a title or role, not a name ("Professor", "Director")."""
    return frozenset(h.rstrip(".") for h in lexicons.words("honorifics")) \
        | lexicons.words("role_nouns") | lexicons.words("rank_titles") \
        | lexicons.words("person_titles") | frozenset(person_nouns())


lexicons.on_reload(_title_words.cache_clear)


def _is_person_noun(tok: Token) -> bool:
    nouns = person_nouns()
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in nouns or tok.lower_ in nouns)


def possessor_of_person(root: Token, draft: MentionDraft) -> bool:
    """Owns a person noun that marks a gender (kinship mostly: "Lee's wife"; not a
    role, which an organisation has too: "Acme's chief") or a noun of
    ``person_possessions`` ("Lee's career", "Lee's eyes")."""
    if root.dep_ != "poss" or root.head.pos_ != "NOUN":
        return False
    noun = root.head.lemma_.lower()
    return person_nouns().get(noun) in {"male", "female"} or \
        noun in lexicons.words("person_possessions")


def animate_subject(root: Token, draft: MentionDraft) -> bool:
    if root.dep_ in {"nsubj", "nsubjpass"} and \
            root.head.lemma_.lower() in lexicons.words("animate_verbs"):
        return True
    return any(c.dep_ == "relcl" and any(g.lower_ in {"who", "whom", "whose"}
                                         for g in c.children) for c in root.children)


def person_apposition(root: Token, draft: MentionDraft) -> bool:
    if root.dep_ == "appos" and _is_person_noun(root.head):
        return True
    if any(c.dep_ == "appos" and _is_person_noun(c) for c in root.children):
        return True
    doc = root.doc
    before = doc[draft.tok_start - 1] if draft.tok_start > 0 else None
    return before is not None and _is_person_noun(before) and \
        before.head.i in range(draft.tok_start, draft.tok_end)


#: Evidence that a mention names a person, by name (see the module doc).
PERSON_EVIDENCE: dict[str, Callable[[Token, MentionDraft], bool]] = {
    "possessor_of_person": possessor_of_person,
    "animate_subject": animate_subject,
    "person_apposition": person_apposition,
}


def _definite(doc: Doc, draft: MentionDraft) -> bool:
    """A name written after "the" ("the Kremlin", "The Pentagon"): an institution's or
    a place's, not a person's."""
    if draft.tok_start == 0:
        return False
    before = doc[draft.tok_start - 1]
    return before.lower_ == "the" and before.head.i in range(draft.tok_start, draft.tok_end)


def _as_place(root: Token) -> bool:
    return root.dep_ == "pobj" and root.head.lower_ in lexicons.words("place_prepositions")


def _may_be_person(cluster: Cluster) -> bool:
    """A short name written like a person's: 1-3 capitalised words, no designator
    ("Corp") or place noun ("Park"), no country or nationality, no acronym, no title
    ("Tsar")."""
    words = name_tokens(cluster.name)
    if cluster.label not in RELABELLED or not 1 <= len(words) <= MAX_WORDS:
        return False
    low = {w.lower() for w in words}
    return all(w[:1].isupper() and not w.isupper() for w in words) \
        and not low & lexicons.words("org_designators") \
        and words[-1].lower() not in _place_nouns() and not is_country_name(cluster.name) \
        and not _nationality(cluster.name) and words[0].lower() not in _title_words()


def speaks_of_people(doc: Doc) -> bool:
    """Whether the text is about people: its he/she (and their forms) outnumber its
    it/its/itself :data:`PEOPLE_RATIO` times over (a biography, a plot summary; not a
    travel guide or a company report)."""
    persons = len(tokens_of_lower(doc, *gendered_pronouns()))
    things = len(tokens_of_lower(doc, *_THING_PRONOUNS))
    return persons > 0 and persons > PEOPLE_RATIO * things


def persons_by_use(doc: Doc, drafts: list[MentionDraft], clusters: list[Cluster]) -> None:
    """Rule person_by_use: see the module doc."""
    votes: dict[int, Counter] = defaultdict(Counter)
    of_people = speaks_of_people(doc)
    for d in drafts:
        if not _may_be_person(clusters[d.cluster]) or d.tok_end <= d.tok_start:
            continue
        root = doc[phrase_root(doc, d.tok_start, d.tok_end)]
        votes[d.cluster]["mention"] += 1
        if _as_place(root) or root.tag_ == "NNPS" or _definite(doc, d):
            # "in Victoria"; "the Rockies"; "the Kremlin said": no person's name
            votes[d.cluster]["place"] += 1
        elif any(rule(root, d) for rule in PERSON_EVIDENCE.values()) or (
                of_people and root.dep_ == "nsubj"
                and len(name_tokens(clusters[d.cluster].name)) == 1):
            votes[d.cluster]["person"] += 1
    ner: dict[int, Counter] = defaultdict(Counter)
    for d in drafts:
        ner[d.cluster][d.label] += 1
    for idx, v in votes.items():
        if ner[idx]["PERSON"] and ner[idx]["PERSON"] >= max(ner[idx].values()) and not v["place"]:
            v["person"] += 1  # the model's PERSON votes tie with the label it gave
        if v["person"] > v["place"]:
            c = clusters[idx]
            c.label = "PERSON"
            hint = first_name_gender(name_tokens(c.name)[0])
            if hint in {"male", "female"} and c.gender_source is None:
                c.gender, c.gender_source = hint, "name"


def _standalone_run(doc: Doc, i: int, covered: set[int], lower: set[str]) -> int | None:
    """The end of a run of 1-3 capitalised proper nouns from token ``i`` that no entity
    covers, is not part of a longer run and holds no word the article writes in lower
    case; None when there is none."""
    def name_word(k: int) -> bool:
        t = doc[k]
        return k not in covered and t.pos_ == "PROPN" \
            and t.is_title and t.is_alpha and t.lower_ not in lower
    if not name_word(i) or (i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title):
        return None
    if i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text not in _OPENERS:
        return None  # the end of a longer word ("Caliber.Az", "e-Mail")
    end = i + 1
    while end < len(doc) and end - i < MAX_WORDS and name_word(end) and doc[end - 1].whitespace_:
        end += 1
    if end < len(doc) and (doc[end].pos_ == "PROPN" and doc[end].is_title
                           or not doc[end - 1].whitespace_ and doc[end].is_alpha):
        return None
    return end


def _nationality(text: str) -> bool:
    """A nationality the model did not tag ("Mexicans")."""
    return country_of_nationality(text.removesuffix("s")) is not None


def untagged_names(doc: Doc, drafts: list[MentionDraft],
                   clusters: list[Cluster]) -> list[MentionDraft]:
    """Rule untagged_name (see the module doc): each name is a new cluster, appended
    to ``clusters``; a name written again is a mention of the same one, and a person's
    when any of its occurrences shows one. A run starting with a title or role word
    ("Professor", "Director") or a word of ``not_entities`` is no name."""
    covered = {i for d in drafts for i in range(d.tok_start, d.tok_end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    lower = lower_case_words(doc)
    found: list[tuple[int, int]] = []
    person_names: set[str] = set()
    for i in tokens_of_pos(doc, ("PROPN",)):  # a run starts with a proper noun
        end = _standalone_run(doc, i, covered, lower)
        if end is None:
            continue
        if doc[i].lower_.rstrip(".") in _title_words() or \
                doc[i].lower_ in lexicons.words("not_entities"):
            continue
        draft = MentionDraft(doc[i].idx, doc[end - 1].idx + len(doc[end - 1].text), i, end,
                             doc[i:end].text, "")  # the model gave it no label
        root = doc[phrase_root(doc, i, end)]
        if root.tag_ != "NNPS" and (  # a plural ("the Rockies") is nobody
                first_name_gender(doc[i].text) is not None or root.dep_ in {"nsubj", "poss"}
                or any(rule(root, draft) for rule in PERSON_EVIDENCE.values())):
            person_names.add(draft.text)
        found.append((i, end))
    by_name: dict[str, int] = {}
    written = Counter(doc[i:end].text for i, end in found)
    out: list[MentionDraft] = []
    for i, end in found:
        text = doc[i:end].text
        label = "PERSON" if text in person_names else "ORG"
        if _nationality(text) or (label == "ORG" and written[text] < 2):
            continue  # "Mexicans"; a capitalised word written once and no sign of a name
        if text not in by_name:
            by_name[text] = len(clusters)
            c = Cluster(len(clusters), text, label, aliases=[text])
            hint = first_name_gender(doc[i].text)
            if hint in {"male", "female"}:
                c.gender, c.gender_source = hint, "name"
            clusters.append(c)
        out.append(MentionDraft(doc[i].idx, doc[end - 1].idx + len(doc[end - 1].text), i, end,
                                text, clusters[by_name[text]].label, "ner", by_name[text]))
    return out

