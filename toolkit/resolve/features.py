"""Word features the resolver checks: pronoun person, number, gender and animacy, and
source words that name nobody (from the ``pronouns`` and ``unresolved_sources``
lexicons)."""

from __future__ import annotations

from functools import lru_cache

from toolkit import lexicons

__all__ = ["first_person", "gendered_pronouns", "is_unresolved_source", "person_nouns",
           "pronoun_features",
           "pronouns_where", "third_person_pronouns"]

def pronoun_features(word: str) -> dict | None:
    """The features of a personal pronoun (``pronouns`` lexicon), None for other words.

    >>> pronoun_features("Her")["gender"], pronoun_features("they")["number"]
    ('female', 'plural')
    >>> pronoun_features("Putin") is None
    True
    """
    return lexicons.table("pronouns").get(word.lower())


@lru_cache(maxsize=128)
def pronouns_where(**wanted: object) -> frozenset[str]:
    return frozenset(w for w, f in lexicons.table("pronouns").items()
                     if all(f.get(k) == v for k, v in wanted.items()))


lexicons.on_reload(pronouns_where.cache_clear)


@lru_cache(maxsize=1)
def gendered_pronouns() -> dict[str, str]:
    """he/him/his/himself -> "male", she/her/hers/herself -> "female"."""
    return {w: str(f["gender"]) for w, f in lexicons.table("pronouns").items() if f["gender"]}


lexicons.on_reload(gendered_pronouns.cache_clear)


def third_person_pronouns() -> frozenset[str]:
    """he/she/it/they and their forms: the pronouns the resolver resolves.

    >>> sorted(third_person_pronouns())[:4]
    ['he', 'her', 'hers', 'herself']
    """
    return pronouns_where(person=3)


def first_person() -> frozenset[str]:
    """I, me, my, we, us, our and their forms."""
    return pronouns_where(person=1)


@lru_cache(maxsize=1)
def person_nouns() -> dict[str, str | None]:
    """Common nouns that name a person -> the gender the noun marks (None: either):
    the ``person_nouns`` lexicon, role nouns and gendered titles.

    >>> person_nouns()["mother"], person_nouns()["teacher"], "company" in person_nouns()
    ('female', None, False)
    """
    table = lexicons.table("person_nouns")
    titles = lexicons.table("gendered_titles")
    out: dict[str, str | None] = {w: None for w in table["neutral"]}
    out.update({w: None for w in lexicons.words("role_nouns")})
    for gender in ("male", "female"):
        out.update({w: gender for w in table[gender]})
        out.update({w: gender for w in titles[gender] if not w.endswith(".")})
    return out


lexicons.on_reload(person_nouns.cache_clear)


def is_unresolved_source(text: str | None) -> bool:
    """Whether a source phrase names nobody when it stays unresolved ("they", "who").

    >>> is_unresolved_source("They"), is_unresolved_source("officials")
    (True, False)
    """
    return bool(text) and text.strip().lower() in lexicons.words("unresolved_sources")
