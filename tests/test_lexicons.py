"""Every word list is a data file with a header, without duplicates, and lists that
must not share a word don't."""

from __future__ import annotations

import json

import pytest

from toolkit import lexicons

# Pairs of lexicons that must be disjoint: a word in both would make two rules fight.
CUE_CLASSES = ["cue_speech", "cue_belief", "cue_finding", "cue_intention"]
DISJOINT: list[tuple[str, str]] = [
    *[(a, b) for i, a in enumerate(CUE_CLASSES) for b in CUE_CLASSES[i + 1:]],
    ("role_incoming", "role_former"),
]
# Lists that refine another: every entry must be in the wider list.
SUBSETS: list[tuple[str, str]] = [
    ("cue_direct_only", "cue_speech"),
    ("claim_nouns_of", "claim_nouns"),
]


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


@pytest.mark.parametrize(("narrow", "wide"), SUBSETS)
def test_lexicons_that_refine_another(narrow, wide):
    extra = lexicons.words(narrow) - lexicons.words(wide)
    assert not extra, f"{narrow} has words not in {wide}: {sorted(extra)}"


def test_unknown_lexicon_names_the_known_ones():
    with pytest.raises(lexicons.LexiconError, match="no lexicon"):
        lexicons.words("no-such-list")


def test_fingerprint_is_stable():
    assert lexicons.fingerprint() == lexicons.fingerprint()
