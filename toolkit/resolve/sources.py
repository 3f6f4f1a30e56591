"""Sources: who a speaker or claimant phrase is, and how we know (rule ``source``).

:func:`resolve_source` tries :data:`SOURCE_RULES` in order on the phrase's head; each
``rule(ctx, head) -> Resolved | None`` is a small named function:

1. ``member_of``: an unnamed member of an organisation or country ("an Acme
   spokesperson", "a Turkish official", "UK officials", "the Iranian army", "the
   Indonesian Navy") -> the organisation or country (``member``).
2. ``role_appositive``: a person named beside a role ("the director of Acme, Ann Lee,
   said", "Acme University's chancellor, Ann Lee", "the Springfield mayor, Tom Park")
   -> that person, over the organisation or description the phrase starts with.
   ``short_org_name``: "Salvik Group A/S ... Salvik said" -> the organisation.
3. ``head_mention``: a mention of the head itself: a name, an alias, a pronoun or a
   description the entities stage resolved ("Putin", "he", "the Russian leader").
   A name that only modifies the head ("the El Paso mayor", "Trump's campaign
   manager") is not the source; a bare state actor tagged as a name ("the Navy") is
   left to rule 7.
4. ``appositive``: "One pastor, Darran Whiting, said" -> the appositive name.
   ``predicate_name``: "Another was tour manager Tom Park, who said" -> the person
   the predicate names.
5. ``person_in_role``: "the archbishop said", "Ohio's governor said" with no earlier
   description resolved -> the one person the article titles or introduces so
   (``description``); none when several do.
6. ``document_author``: a document with its author in the phrase ("the WHO's
   report", "a report by The Atlantic", "a post by Ann Lee", "the decree signed by
   X", "a report from the Mexican government") -> the author (``document``); a
   coordinated author is each credited ("projections by Reuters and the BBC").
7. ``recent_medium``: "the publication", "the website" with no owner -> the latest
   organisation standing as a source in the sentences before (``description``).
8. ``country_of_state_actor``: "the government", "the army", "the Navy" with no owner
   named -> the country the article is most about (``member``).

Coordinated sources ("Reuters and the BBC reported") are each resolved; a phrase that
resolves to nobody is kept as written, with ``how = "unresolved"``.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> from toolkit.resolve.mentions import EntityIndex
>>> doc = load_pipeline()("A Turkish official said the border was closed.")
>>> ents = extract_entities(doc)
>>> r = resolve_source(SourceContext(doc, EntityIndex(ents)), doc[2])
>>> r.how, r.names
('member', ['Turkey'])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit import lexicons
from toolkit.names import country_of_nationality, is_country
from toolkit.resolve.features import first_person, person_nouns, pronoun_features
from toolkit.resolve.source_context import (
    Resolved,
    Source,
    SourceContext,
    owners,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["SOURCE_RULES", "Resolved", "SourceContext", "affiliation", "phrase_as_written",
           "resolve_source"]


def _title_before(doc: Doc, start: int) -> list[Token]:
    """The words written right before a name, back to punctuation ("Acme general
    secretary" in "Acme general secretary Ann Lee"); a bracketed gloss is skipped
    ("Acme Verein (Acme Union) president Ann Lee": the name before it counts)."""
    out: list[Token] = []
    i, bracketed = start - 1, False
    while i >= 0 and len(out) < 12 and not doc[i].is_space \
            and (not doc[i].is_punct or doc[i].tag_ == "POS" or doc[i].text in "'()"):
        bracketed = (bracketed or doc[i].text == ")") and doc[i].text != "("
        if not bracketed and doc[i].text not in "()":
            out.insert(0, doc[i])
        i -= 1
    return out


def _unplaced_name(ctx: SourceContext, tok: Token) -> bool:
    """A capitalised title word that is no role, portfolio ("Defence" before
    "Secretary"), country or nationality: part of an organisation's name."""
    doc, roles = ctx.doc, _role_titles() | lexicons.words("speaking_roles")
    if tok.pos_ != "PROPN" or tok.lower_ in roles:
        return False
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in lexicons.words("state_roles"):
        return False
    return not (country_of_nationality(tok.text) or is_country(tok.text)
                or tok.ent_type_ in {"GPE", "NORP"})


def affiliation(ctx: SourceContext, cluster: int) -> int | None:
    """The organisation or country a person speaks for, as the article introduces
    them in an office (lexicon ``speaking_roles``): an organisation or place in the
    title before the name ("Acme spokesperson Ann Lee"), or after the role beside it
    ("Ann Lee, the head of Acme"); else, for a national office ("Defence Secretary
    Ann Lee"), the country the article is most about. None when the article says
    nothing of it, or the person holds no office ("Acme professor Ann Lee")."""
    person = ctx.entities.clusters[cluster]
    speaking = lexicons.words("speaking_roles")
    if person.label != "PERSON":
        return None
    national = bool(set(person.roles) & lexicons.words("state_roles"))
    for m in ctx.index.mentions:
        span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand") \
            if m.cluster == cluster and m.resolution == "ner" else None
        if span is None or not len(span):
            continue
        near = _title_before(ctx.doc, span.start)
        root = span.root
        roles = [t for t in root.children if t.dep_ == "appos" and t.lower_ in speaking]
        if root.dep_ == "appos" and root.head.lower_ in speaking:
            roles.append(root.head)
        if not roles and not any(t.lower_ in speaking for t in near):
            continue
        national = national or any(t.lower_ in lexicons.words("state_roles")
                                   for t in near + roles)
        if any(_unplaced_name(ctx, t) for t in near):
            national = False  # "Acme Samaj president": an organisation we could not name
        for role in roles:
            near += owners(role)
        for tok in reversed(near):
            if tok.i + 1 < len(ctx.doc) and ctx.doc[tok.i + 1].lower_ in lexicons.words(
                    "state_roles"):
                continue  # "Defence Secretary": a portfolio, not an organisation
            found = ctx.place_or_group(tok, "member") or ctx.mention_of(tok)
            if found is not None and found.cluster is not None and found.cluster != cluster \
                    and ctx.entities.clusters[found.cluster].label in {"ORG", "GPE"}:
                return found.cluster
    return ctx.main_country() if national else None


# --------------------------------------------------------------------------- rules

def head_mention(ctx: SourceContext, head: Token) -> Resolved | None:
    """The mention of the phrase's head: a name, an alias, a pronoun, a description.
    A bare state-actor noun tagged as a name ("the Navy") is no name of its own: it is
    left to :func:`country_of_state_actor`."""
    found = ctx.mention_of(head)
    if found is not None and _bare_state_actor(found.name):
        return None
    return found


def _bare_state_actor(name: str | None) -> bool:
    return bool(name) and name.lower() in lexicons.words("state_actors")  # type: ignore[union-attr]


def _is_person_noun(tok: Token) -> bool:
    return tok.lower_ in person_nouns() or tok.lemma_.lower() in person_nouns()


def _person_named(ctx: SourceContext, tok: Token) -> Resolved | None:
    found = ctx.mention_of(tok)
    if found is not None and found.cluster is not None \
            and ctx.entities.clusters[found.cluster].label == "PERSON":
        return found
    return None


def _apposition_chain(head: Token) -> list[Token]:
    """Appositives of the head, of its appositives, and of the object of its "of"
    ("the director of Acme, Ann Lee"; "Acme University's chancellor, Ann Lee")."""
    out: list[Token] = []
    todo = [head]
    while todo and len(out) < 8:
        tok = todo.pop(0)
        for child in tok.children:
            if child.i <= head.i:
                continue
            if child.dep_ == "appos":
                out.append(child)
                todo.append(child)
            elif child.dep_ == "conj" and _is_person_noun(child) \
                    and not any(c.dep_ == "cc" for c in tok.children):
                out.append(child)  # "Acme University, Ohio's chancellor, Ann Lee"
                todo.append(child)
            elif child.dep_ == "prep" and child.lower_ == "of" and tok.i == head.i:
                todo.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _name_after_comma(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the Springfield mayor, Tom Park, said": a person's name set off by commas right
    after a person noun, however the parser attached it."""
    doc = head.doc
    end = head.right_edge.i + 1 if head.right_edge.i > head.i else head.i + 1
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    found = _person_named(ctx, doc[end + 1])
    if found is None:
        return None
    k = end + 1
    while k < len(doc) and ctx.mention_of(doc[k]) == found:
        k += 1
    return found if k >= len(doc) or doc[k].is_punct else None


def appositive(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "One pastor, Darran Whiting, said": the appositive name."""
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            found = ctx.mention_of(child)
            if found is not None:
                return found
    return None


def short_org_name(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "Salvik Group A/S bought the stores ... Salvik said": a one-word source is the
    organisation named by it and a designator ("Group", "Corp", "A/S"), when the
    article names one such."""
    if head.pos_ != "PROPN" or not head.is_title:
        return None
    own = ctx.mention_of(head)
    if own is not None and (own.name != head.text or own.cluster is None
                            or ctx.entities.clusters[own.cluster].label == "PERSON"
                            and own.how != "name"):
        return None
    designators = lexicons.words("org_designators")
    holders = [c for c in ctx.entities.clusters if c.label == "ORG" and len(c.name.split()) > 1
               and c.name.split()[0] == head.text
               and all(w.lower() in designators or "/" in w for w in c.name.split()[1:])]
    if len(holders) != 1:
        return None
    return Resolved(holders[0].index, holders[0].name, "alias")


def predicate_name(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "Another was tour manager Tom Park, who said ...", "The speaker was Ann Lee":
    the subject of "be" is the person its predicate names."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ != "be" or ctx.mention_of(head) is not None:
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "attr":
            found = _person_named(ctx, child)
            if found is not None:
                return found
    return None


def role_appositive(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the director of Acme, Ann Lee, said", "Acme University's chancellor, Ann Lee",
    "the Springfield mayor, Tom Park": a person named beside a role is the source, and
    wins over the organisation or the description the phrase starts with."""
    through_role = _is_person_noun(head)
    for tok in _apposition_chain(head):
        through_role = through_role or _is_person_noun(tok)
        found = _person_named(ctx, tok) if through_role else None
        if found is not None:
            return found
    return _name_after_comma(ctx, head) if _is_person_noun(head) else None


KIN_TITLES = frozenset({"father", "sister", "brother", "mother", "major", "cde", "comrade"})


def _role_titles() -> frozenset[str]:
    """Role nouns and titles a definite description can name ("the archbishop"); kin
    words and "major" are left out ("the father" is rarely "Father Ruiz")."""
    return (lexicons.words("role_nouns") | lexicons.words("rank_titles")
            | lexicons.words("person_titles")) - KIN_TITLES


def _titled(ctx: SourceContext, mention_start: int, role: str) -> bool:
    """Whether the role word stands as a title before a name ("archbishop Jorge Ruiz",
    "Regional Governor Ann Lee"), with at most two capitalised words between, and no
    subordinate qualifier before it ("Vice President")."""
    doc = ctx.doc
    span = doc.char_span(mention_start, mention_start + 1, alignment_mode="expand")
    if span is None:
        return False
    i, skipped = span.start - 1, 0
    while i >= 0 and doc[i].lower_ != role and doc[i].is_title and skipped < 2:
        i, skipped = i - 1, skipped + 1
    if i < 0 or doc[i].lower_ != role:
        return False
    return i == 0 or doc[i - 1].lower_ not in lexicons.words("role_subordinate")


def person_in_role(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the archbishop said" that no earlier description resolved: the one person the
    article gives that role, as a title or an introduction, before or after; none when
    several people hold it, or the phrase qualifies it ("the deputy mayor")."""
    role = head.lower_
    if role not in _role_titles() or not any(
            c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "poss" and c.ent_type_
            for c in head.children):
        return None
    if any(c.i < head.i and c.dep_ not in {"det", "case"} and not c.ent_type_
           for c in head.children):
        return None  # "the deputy mayor", "the new mayor": more than the role
    # ("Ohio's governor", "the Ohio governor": a place only says where the role is)
    holders = {c.index for c in ctx.entities.clusters if c.label == "PERSON" and role in c.roles}
    for m in ctx.index.mentions:
        span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.end < len(ctx.doc) and ctx.doc[span.end].pos_ == "PROPN":
            continue  # a title word tagged alone ("Monsignor" before "Jorge Ruiz")
        if m.label == "PERSON" and m.resolution == "ner" and _titled(ctx, m.start, role):
            holders.add(m.cluster)
    if len(holders) != 1:
        return None
    (cluster,) = holders
    return Resolved(cluster, ctx.name(cluster), "description")


def _authors(head: Token) -> list[Token]:
    """Who may have written a document: "by X" and "signed by X" first (in "a Twitter
    post by Ann Lee" the platform only modifies), then its owners (:func:`owners`)."""
    out: list[Token] = []
    for child in head.rights:
        preps = [child] if child.dep_ == "prep" else []
        if child.dep_ == "acl":  # "the decree signed by the Pope"
            preps = [c for c in child.children if c.dep_ == "agent"]
        for prep in preps:
            if prep.lower_ == "by":
                out += [c for c in prep.children if c.dep_ == "pobj"]
    return out + [t for t in owners(head) if t not in out]


def _author(ctx: SourceContext, tok: Token) -> Resolved | None:
    """The author a token names: a mention, or a state actor or member ("a report
    from the Mexican government" -> Mexico)."""
    found = member_of(ctx, tok) or ctx.mention_of(tok)
    if found is None and tok.lower_ in lexicons.words("state_actors"):
        found = country_of_state_actor(ctx, tok)
    return found


def document_author(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the WHO's situation report", "a report by The Atlantic", "a post by Ann Lee",
    "a report from the Mexican government": the author."""
    if head.lemma_.lower() not in lexicons.words("document_nouns") \
            and head.lower_ not in lexicons.words("document_nouns"):
        return None
    for tok in _authors(head):
        found = located_author(ctx, tok, head) or _author(ctx, tok)
        if found is not None:
            return Resolved(found.cluster, found.name, "document", via=tok.i)
    return None


def located_author(ctx: SourceContext, tok: Token, head: Token) -> Resolved | None:
    """ "reports from Springfield hospital", "a report by Ohio health officials": a
    name that only says where the author is (a place, or the name before an
    institution's common noun: lexicon ``description_types``, kind ``named``) is not
    the author; the author is that noun's phrase as written ("Springfield hospital")."""
    noun = tok.head
    mention = ctx.index.mention_at(tok.idx, tok.idx + len(tok.text))
    if mention is None or noun == head or tok.dep_ not in {"compound", "amod", "nmod"} \
            or noun.pos_ != "NOUN" or not noun.is_lower:
        return None
    if mention.label not in {"GPE", "LOC"} \
            and noun.lemma_ not in lexicons.table("description_types")["nouns"]["named"]:
        return None
    name = phrase_as_written(ctx.doc, noun.left_edge.i, noun.i + 1)
    return Resolved(None, name, "document") if name else None


def member_of(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "an Acme spokesperson", "a Turkish official", "UK officials", "the Iranian
    army": the organisation or country."""
    word = head.lower_
    if word not in lexicons.words("member_roles") and word not in lexicons.words("state_actors") \
            and head.lemma_.lower() not in lexicons.words("member_roles"):
        return None
    for tok in owners(head):
        found = ctx.place_or_group(tok, "member")
        if found is not None:
            return found
    return None


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Document nouns that stand for the outlet itself ("the website noted"); a report, a
# ruling or a proclamation is not the outlet that reported it.
MEDIUM_DOCUMENTS = frozenset({"website", "site", "paper", "blog"})
RECENT_SENTENCES = 2  # sentences before the phrase a medium description looks back


def _reports_from(tok: Token) -> bool:
    """A token standing where a source stands: a subject, a subject's possessor
    ("Acme's database showed"), or the object of "according to" / "by"."""
    if tok.dep_ in SUBJECT_DEPS:
        return True
    if tok.dep_ in {"poss", "compound"} and tok.head.dep_ in SUBJECT_DEPS:
        return True
    prep = tok.head
    return tok.dep_ == "pobj" and (prep.lower_ == "by" or prep.lower_ == "to"
                                   and prep.head.lower_ == "according")


def recent_medium(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "The Herald reported X. The publication stated Y": "the publication", "the
    website", "the newspaper" with no owner named -> the latest organisation that
    stands as a source in this or the previous :data:`RECENT_SENTENCES` sentences."""
    word, lemma = head.lower_, head.lemma_.lower()
    nouns = lexicons.words("medium_nouns") | MEDIUM_DOCUMENTS
    if word not in nouns and lemma not in nouns \
            or any(ctx.mention_of(t) is not None for t in _authors(head)):
        return None  # "the Herald's website": its owner is named
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in head.children):
        return None
    sents = list(head.doc.sents)
    k = next(i for i, s in enumerate(sents) if s.start <= head.i < s.end)
    first = sents[max(0, k - RECENT_SENTENCES)].start
    for i in range(head.left_edge.i - 1, first - 1, -1):
        tok = head.doc[i]
        found = ctx.mention_of(tok) if _reports_from(tok) else None
        if found is not None and found.cluster is not None \
                and ctx.entities.clusters[found.cluster].label == "ORG":
            return Resolved(found.cluster, found.name, "description")
    return None


def country_of_state_actor(ctx: SourceContext, head: Token) -> Resolved | None:
    """ "the government", "the army" with nobody named in the phrase: the country the
    article is most about."""
    if head.lower_ not in lexicons.words("state_actors") or owners(head):
        return None  # "the emergencies ministry", "the Trump administration": named
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None  # "a government", "governments": not a particular one
    country = ctx.main_country()
    return Resolved(country, ctx.name(country), "member") if country is not None else None


#: How a source phrase is resolved, tried in order (the first answer wins).
SOURCE_RULES: list[Callable[[SourceContext, Token], Resolved | None]] = [
    member_of,
    role_appositive,
    short_org_name,
    head_mention,
    appositive,
    predicate_name,
    person_in_role,
    document_author,
    recent_medium,
    country_of_state_actor,
]


def _resolve_one(ctx: SourceContext, head: Token) -> Resolved | None:
    if head.lower_ in first_person():
        return None  # "I said" outside a quote: the interviewer, a narrator
    for rule in SOURCE_RULES:
        found = rule(ctx, head)
        if found is not None:
            return found
    return None


def phrase_as_written(doc: Doc, start: int, end: int) -> str | None:
    """A source phrase as a reader would write it: "The army" -> "the army",
    "Officials" -> "officials", "He" -> "he"; a possessive dropped; None when nothing
    is left."""
    tokens = [t for t in doc[start:end] if not t.is_space]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens.pop()
    if not tokens:
        return None
    words = [t.text_with_ws for t in tokens]
    first = tokens[0]
    pronoun = len(tokens) == 1 and pronoun_features(first.text) is not None and first.lower_ != "i"
    if pronoun or (first.pos_ in {"DET", "NOUN", "ADJ", "NUM"} and first.is_title
                   and not first.is_upper):
        words[0] = first.text_with_ws[0].lower() + first.text_with_ws[1:]
    return "".join(words).strip()


def _conjuncts(head: Token) -> list[Token]:
    """The heads coordinated after ``head`` ("Reuters and the BBC")."""
    return [c for c in head.conjuncts if c.i > head.i and c.pos_ in {"PROPN", "NOUN"}]


def resolve_source(ctx: SourceContext, head: Token,
                   antecedent: Token | None = None) -> Source:
    """Every credited source of the phrase headed by ``head`` (its coordinated heads
    too); ``antecedent`` is the head a relative pronoun ("who") stands for."""
    heads = [antecedent if antecedent is not None else head]
    if antecedent is None:  # "X and Y said"; an antecedent names the one it stands for
        heads += _conjuncts(heads[0])
    out = Source()
    for k, h in enumerate(heads):
        found = _resolve_one(ctx, h)
        if found is None:
            if k == 0:
                return out  # the phrase itself names nobody we know
            continue
        if k == 0:
            out.how = found.how
            if found.via is not None:  # "a report by Reuters and the BBC"
                heads += _conjuncts(ctx.doc[found.via])
        if found.cluster is not None and found.cluster in out.clusters:
            continue
        if found.cluster is not None:
            out.clusters.append(found.cluster)
        if found.name and found.name not in out.names:
            out.names.append(found.name)
    return out
