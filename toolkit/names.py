"""Name forms: how a name is written, cleaned and compared (no parsing, no spaCy model).

Shared by the entities stage (which builds canonical names) and the resolver (which
compares descriptions and names with them).

Examples
--------
>>> canonical_text("  Putin’s ")
'Putin'
>>> demonym("Russia"), demonym("Canada"), demonym("the United States")
('russian', 'canadian', 'american')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from toolkit import lexicons

__all__ = ["abbreviates", "canonical_text", "demonym", "first_name_gender", "name_tokens"]

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# Invisible characters that scraped text carries inside names (control characters,
# bidi controls, zero-width space, soft hyphen, BOM, word joiner): not part of a name.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def canonical_text(text: str) -> str:
    """A name as stored: invisible characters and a final possessive removed, spaces folded."""
    text = _POSSESSIVE.sub("", _INVISIBLE.sub("", text).strip())
    return re.sub(r"\s+", " ", text)


def name_tokens(name: str) -> list[str]:
    """The words of a name ("Vladimir Putin" -> ['Vladimir', 'Putin'])."""
    return [t for t in re.split(r"[\s]+", name) if t]


def demonym(place: str) -> str:
    """Adjective for a place name, lower case ("Russia" -> "russian"); from the
    ``demonyms`` lexicon, else the regular -n rule, else the name itself."""
    key = place.lower().removeprefix("the ").strip()
    table = lexicons.table("demonyms")
    if key in table:
        return table[key]
    if key.endswith("a"):
        return key + "n"
    return key


def first_name_gender(word: str) -> str | None:
    """The gender a first name hints at ("male"/"female"), "unknown" for names listed
    as ambiguous, None for names not in the ``first_names`` lexicon.

    >>> first_name_gender("Angela"), first_name_gender("Kim"), first_name_gender("Zorblat")
    ('female', 'unknown', None)
    """
    return _first_names().get(word.lower())


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    table = lexicons.table("first_names")
    out = {n: "male" for n in table["male"]}
    out.update({n: "female" for n in table["female"]})
    out.update({n: "unknown" for n in table["ambiguous"]})
    return out


lexicons.on_reload(_first_names.cache_clear)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A name's comparison key: accents stripped (Unicode NFKD), case folded, spaces
    and dots normalised ("Özdemir" ~ "Ozdemir", "U.S." ~ "U.S").

    >>> fold("Recep Tayyip Erdoğan") == fold("recep tayyip erdogan")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.replace("’", "'")).strip().casefold()


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Folded variant -> canonical name, for countries and the ``name_variants`` list."""
    out: dict[str, str] = {}
    for name, info in lexicons.table("countries").items():
        for variant in [name, *info["variants"]]:
            out.setdefault(fold(variant), name)
            out.setdefault(fold("the " + variant), name)
    for name, variants in lexicons.table("name_variants").items():
        for variant in [name, *variants]:
            out.setdefault(fold(variant), name)
            out.setdefault(fold("the " + variant), name)
    return out


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Folded nationality adjective -> country (the first country listing it)."""
    out: dict[str, str] = {}
    for name, info in lexicons.table("countries").items():
        for adjective in info["demonyms"]:
            out.setdefault(fold(adjective), name)
    return out


def canonical_variant(name: str) -> str | None:
    """The canonical name of a known variant ("U.S." -> "United States", "the UN" ->
    "United Nations"), None for other names.

    >>> canonical_variant("U.S."), canonical_variant("Britain"), canonical_variant("Acme")
    ('United States', 'United Kingdom', None)
    """
    return _variants().get(fold(name))


def country_of_nationality(adjective: str) -> str | None:
    """The country a nationality adjective names ("Turkish" -> "Turkey").

    >>> country_of_nationality("Turkish"), country_of_nationality("Martian")
    ('Turkey', None)
    """
    return _demonyms().get(fold(adjective))


def is_country(name: str) -> bool:
    """Whether ``name`` is a country's canonical name (``countries`` lexicon)."""
    return name in lexicons.table("countries")


def is_country_name(name: str) -> bool:
    """Whether ``name`` names a country, in any of its forms ("US", "Britain").

    >>> is_country_name("the U.S."), is_country_name("Paris")
    (True, False)
    """
    return is_country(canonical_variant(name) or name)


def initials(name: str) -> str:
    """The acronym a multi-word name would have ("World Health Organization" -> "WHO";
    "of", "the", "and", "for" are skipped).

    >>> initials("National Farmers Union"), initials("Federal Bureau of Investigation")
    ('NFU', 'FBI')
    """
    skip = {"of", "the", "and", "for", "de", "du", "des", "la", "le", "el", "&", "on", "in"}
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in skip]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def acronym_key(text: str) -> str | None:
    """The letters of an acronym ("U.N." -> "UN", "NFU" -> "NFU"), None when ``text``
    does not look like one (2-6 capital letters, dots allowed)."""
    letters = text.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return letters
    return None


def abbreviates(acronym: str, name: str) -> bool:
    """Whether a bracketed acronym written right after a name stands for it: its
    initials, or an acronym of the same length and first letter (the organisation's
    own-language acronym: "Federal Security Service (FSB)").

    >>> abbreviates("NFU", "National Farmers Union"), abbreviates("FSB", "Federal Security Service")
    (True, True)
    >>> abbreviates("UN", "National Farmers Union")
    False
    """
    letters = acronym_key(acronym)
    long = initials(name)
    if letters is None or len(long) < 2:
        return False
    return letters == long or (len(letters) == len(long) and letters[0] == long[0])


lexicons.on_reload(_variants.cache_clear)
lexicons.on_reload(_demonyms.cache_clear)
