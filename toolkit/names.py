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
from functools import lru_cache

from toolkit import lexicons

__all__ = ["canonical_text", "demonym", "first_name_gender", "name_tokens"]

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
