"""Word lists as data: every lexicon the rules use, one file each, loaded once.

A rule never spells its words inline: it asks this module for a named list, so a
newcomer changes what a rule matches by editing one text file.

File formats (in this folder):

``NAME.txt``
    A header of ``#`` lines saying what the list is for and where its words came
    from, then one entry a line (an entry may hold spaces: "according to"). Blank
    lines and further ``#`` lines are ignored. Entries are kept as written, except
    for surrounding white space.
``NAME.json``
    An object ``{"about": "...", "source": "...", "entries": ...}``; ``entries`` is
    whatever shape the rule needs (a mapping, a list of records).

Every file is part of the result-cache key (:func:`fingerprint`), so editing a list
never serves results computed with the old one.

Examples
--------
>>> from toolkit import lexicons
>>> "lexicons" in lexicons.__name__
True
>>> all(isinstance(n, str) for n in lexicons.names())
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

__all__ = ["LEXICON_DIR", "LexiconError", "entries", "fingerprint", "generation", "header",
           "names", "on_reload", "reload", "table", "words"]

LEXICON_DIR = Path(__file__).resolve().parent
_PACKAGE_DIR = LEXICON_DIR
_SUFFIXES = (".txt", ".json")
_RELOAD_HOOKS: list[Callable[[], None]] = []


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


def names() -> list[str]:
    """The names of every lexicon shipped with the package, sorted."""
    return sorted(p.stem for p in LEXICON_DIR.iterdir()
                  if p.suffix in _SUFFIXES and not p.name.startswith("_"))


def _path(name: str, suffix: str) -> Path:
    path = LEXICON_DIR / f"{name}{suffix}"
    if not path.is_file():
        known = ", ".join(n for n in names()) or "none"
        raise LexiconError(f"no lexicon {name!r} ({path.name}) in {LEXICON_DIR}; known: {known}")
    return path


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``NAME.txt`` in file order (duplicates kept, for the tests)."""
    out: list[str] = []
    for line in _path(name, ".txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``NAME.txt`` as a set (what rules test membership against)."""
    return frozenset(entries(name))


def header(name: str) -> str:
    """The header of a lexicon: the leading ``#`` lines of a .txt, ``about`` of a .json."""
    txt = LEXICON_DIR / f"{name}.txt"
    if txt.is_file():
        lines = []
        for line in txt.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            lines.append(line.lstrip("#").strip())
        return "\n".join(lines).strip()
    data = json.loads(_path(name, ".json").read_text(encoding="utf-8"))
    return str(data.get("about", "")).strip()


@cache
def table(name: str) -> Any:
    """The ``entries`` of ``NAME.json`` (treat it as read-only: it is shared)."""
    path = _path(name, ".json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{path.name} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or "entries" not in data:
        raise LexiconError(f"{path.name} must be an object with an 'entries' field")
    return data["entries"]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of every lexicon file's bytes (part of the cache key)."""
    digest = hashlib.sha256()
    for path in sorted(LEXICON_DIR.iterdir()):
        if path.suffix in _SUFFIXES:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_GENERATION: list[object] = [object()]  # replaced by every reload


def generation() -> object:
    """A token that changes at every :func:`reload`: memos kept on a Doc store it and
    are computed again when it is no longer the current one.

    >>> g = generation(); g is generation()
    True
    """
    return _GENERATION[0]


def on_reload(hook: Callable[[], None]) -> Callable[[], None]:
    """Register a function to call when the lexicons are reloaded (a module that caches
    something derived from a lexicon registers its ``cache_clear``)."""
    _RELOAD_HOOKS.append(hook)
    return hook


def reload(directory: str | Path | None = None) -> None:
    """Read the lexicons again, from ``directory`` (a folder of lexicon files) or the
    package's own folder when None, and clear every cache derived from them. For
    experiments and tests: edit a copy of the folder, ``reload(copy)``, analyse, then
    ``reload()``.

    >>> reload()
    >>> "say" in words("cue_speech")
    True
    """
    global LEXICON_DIR
    LEXICON_DIR = Path(directory).resolve() if directory is not None else _PACKAGE_DIR
    for cached in (entries, words, table, fingerprint):
        cached.cache_clear()
    _GENERATION[0] = object()
    for hook in _RELOAD_HOOKS:
        hook()
