"""Every word list is a data file with a header, without duplicates, and lists that
must not share a word don't."""

from __future__ import annotations

import json

import pytest

from toolkit import lexicons

# Pairs of lexicons that must be disjoint: a word in both would make two rules fight.
DISJOINT: list[tuple[str, str]] = []


@pytest.mark.parametrize("name", lexicons.names())
def test_lexicon_has_a_header_and_no_duplicates(name):
    assert lexicons.header(name), f"{name}: say what the list is for and where it came from"
    path = lexicons.LEXICON_DIR / f"{name}.txt"
    if path.is_file():
        items = lexicons.entries(name)
        assert items, f"{name} is empty"
        seen: set[str] = set()
        duplicates = sorted({w for w in items if w in seen or seen.add(w)})
        assert not duplicates, f"{name} lists these twice: {duplicates}"
    else:
        data = json.loads((lexicons.LEXICON_DIR / f"{name}.json").read_text("utf-8"))
        assert "entries" in data


@pytest.mark.parametrize(("first", "second"), DISJOINT)
def test_lexicons_that_must_not_overlap(first, second):
    both = lexicons.words(first) & lexicons.words(second)
    assert not both, f"{first} and {second} share {sorted(both)}"


def test_unknown_lexicon_names_the_known_ones():
    with pytest.raises(lexicons.LexiconError, match="no lexicon"):
        lexicons.words("no-such-list")


def test_fingerprint_is_stable():
    assert lexicons.fingerprint() == lexicons.fingerprint()
