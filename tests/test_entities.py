"""Entities: names, aliases, labels by cluster, descriptions and pronouns."""

from __future__ import annotations

import pytest

from toolkit.entities import (
    canonical_text,
    demonym,
    entity_id,
    extract_entities,
)
from toolkit.resolve import EntityIndex


def _resolved(ents, text):
    """{surface: canonical name} for mentions, keyed by (surface, start)."""
    return {(m.text, m.start): ents.clusters[m.cluster].name for m in ents.mentions}


def _at(ents, doc_text, surface, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc_text.index(surface, start + 1)
    m = EntityIndex(ents).mention_at(start, start + len(surface))
    assert m is not None, f"no mention at {surface!r}"
    return ents.clusters[m.cluster].name, m.resolution


# --- seed acceptance -----------------------------------------------------------------

def test_seed_people_are_persons_and_trump_is_one_entity(seed_doc):
    ents = extract_entities(seed_doc)
    by_name = {c.name: c for c in ents.clusters}
    for name in ("Vladimir Putin", "Donald Trump", "Dmitry Peskov"):
        assert by_name[name].label == "PERSON"
    trumps = [c for c in ents.clusters if "Trump" in c.name]
    assert [c.name for c in trumps] == ["Donald Trump"]


def test_seed_short_names_join_full_names(seed_doc):
    ents = extract_entities(seed_doc)
    text = seed_doc.text
    putins = [m for m in ents.mentions if m.text == "Putin"]
    assert len(putins) >= 5
    assert {ents.clusters[m.cluster].name for m in putins} == {"Vladimir Putin"}
    assert {m.resolution for m in putins} == {"alias"}
    assert _at(ents, text, "Trump", 1) == ("Donald Trump", "alias")


def test_seed_descriptions_resolve_to_the_introduced_person(seed_doc):
    ents = extract_entities(seed_doc)
    text = seed_doc.text
    assert _at(ents, text, "the Russian leader") == ("Vladimir Putin", "title")
    assert _at(ents, text, "The Russian president") == ("Vladimir Putin", "title")
    assert _at(ents, text, "the incoming president") == ("Donald Trump", "title")


def test_seed_he_added_is_putin(seed_doc):
    ents = extract_entities(seed_doc)
    text = seed_doc.text
    start = text.index("He added")
    m = EntityIndex(ents).mention_at(start, start + 2)
    assert (m.text, ents.clusters[m.cluster].name, m.resolution) == (
        "He", "Vladimir Putin", "pronoun")


def test_seed_spans_equal_text(seed_doc):
    ents = extract_entities(seed_doc)
    for m in ents.mentions:
        assert seed_doc.text[m.start : m.end] == m.text


# --- rules on our own sentences ------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # a surname joins the full name even when tagged as another label
        ("Angela Merkel arrived on Monday. Merkel spoke to reporters.", "Merkel", "Angela Merkel"),
        # possessives are stripped from names
        ("Boris Johnson's plan was rejected. Johnson's aides were angry.", "Johnson",
         "Boris Johnson"),
        # a subject pronoun takes the previous sentence's subject
        ("Emmanuel Macron met the press in Paris. He said little.", "He", "Emmanuel Macron"),
        # a possessive pronoun in the same clause takes its subject
        ("Olaf Scholz defended his budget in Berlin.", "his", "Olaf Scholz"),
        # she does not resolve to a man when a woman is available
        ("Nancy Pelosi met John Boehner. She left early.", "She", "Nancy Pelosi"),
        # a description resolves to the person introduced in that role
        ("France's President, Emmanuel Macron, arrived late. The French president then spoke.",
         "The French president", "Emmanuel Macron"),
        ("German Chancellor Olaf Scholz met Joe Biden in Washington. The German leader smiled.",
         "The German leader", "Olaf Scholz"),
    ],
)
def test_resolution_rules(nlp, text, surface, expected):
    doc = nlp(text)
    ents = extract_entities(doc)
    start = text.index(surface)
    m = EntityIndex(ents).mention_at(start, start + len(surface))
    assert m is not None and ents.clusters[m.cluster].name == expected


def test_description_with_wrong_nationality_is_not_resolved(nlp):
    text = "Russia's President, Vladimir Putin, met reporters. The French president was absent."
    ents = extract_entities(nlp(text))
    # The appositive introduction is a mention of Putin; the French president is not.
    assert [m.text for m in ents.mentions if m.resolution == "title"] == ["Russia's President"]


def test_pronouns_inside_quotes_are_left_to_the_quotes_stage(nlp):
    text = 'Joe Biden spoke. "He is wrong," said Kamala Harris.'
    ents = extract_entities(nlp(text))
    assert all(m.text != "He" for m in ents.mentions)


def test_no_person_no_pronoun_mention(nlp):
    ents = extract_entities(nlp("It rained all day. He stayed inside."))
    assert [m for m in ents.mentions if m.resolution == "pronoun"] == []


def test_empty_doc(nlp):
    ents = extract_entities(nlp(""))
    assert ents.clusters == [] and ents.mentions == []


def test_helpers():
    assert canonical_text("Trump’s") == "Trump"
    assert demonym("Ukraine") == "ukrainian"
    assert entity_id("A") != entity_id("B") and entity_id("A").startswith("E")


def test_round_trip_to_dict(seed_doc):
    from toolkit.entities import ArticleEntities

    ents = extract_entities(seed_doc)
    again = ArticleEntities.from_dict(ents.to_dict())
    assert again.to_dict() == ents.to_dict()
