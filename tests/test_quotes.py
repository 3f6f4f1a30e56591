"""Tests for toolkit.quotes: the seed acceptance checks and one sentence per pattern."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from toolkit.entities import extract_entities
from toolkit.nlp import load_pipeline
from toolkit.quotes import Quote, extract_quotes

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_6b718563991011b7.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text: str):
    doc = nlp(text)
    ents = extract_entities(doc)
    return doc, ents, extract_quotes(doc, ents)


def seed_body() -> str:
    """The seed article's body: the file without its title (first line) and its
    byline (a last line starting with "By ")."""
    lines = SEED.read_text(encoding="utf-8").strip().split("\n")
    body = lines[1:]
    if body and body[-1].startswith("By "):
        body = body[:-1]
    return "\n".join(body).strip()


# --------------------------------------------------------------------------- seed

@pytest.fixture(scope="module")
def seed(nlp):
    doc, ents, quotes = run(nlp, seed_body())
    return doc, ents, quotes


def _find(seed, fragment: str) -> Quote:
    doc, _, quotes = seed
    hits = [q for q in quotes if fragment in doc.text[q.content_start:q.content_end]]
    assert hits, f"no quote containing {fragment!r}"
    return hits[0]


SEED_DIRECT = [
    ("He behaved", "Vladimir Putin"),
    ("Ready.", "Vladimir Putin"),
    ("His comments", "Vladimir Putin"),
    ("I think we will speak", "Donald Trump"),
    ("I don’t know", "Vladimir Putin"),
    ("For him", "Vladimir Putin"),
]


@pytest.mark.parametrize(("fragment", "speaker"), SEED_DIRECT)
def test_seed_direct_quotes_and_speakers(seed, fragment, speaker):
    _, ents, _ = seed
    quote = _find(seed, fragment)
    assert quote.kind == "direct"
    assert ents.name_of(quote.speaker_cluster) == speaker


def test_seed_direct_content_excludes_marks(seed):
    doc, _, quotes = seed
    for q in quotes:
        if q.kind == "direct":
            content = doc.text[q.content_start:q.content_end]
            assert content[0] not in "“”\"" and content[-1] not in "“”\""


def test_seed_mixed_quote_of_peskov(seed):
    _, ents, _ = seed
    quote = _find(seed, "“exaggerated”")
    assert quote.kind == "mixed"
    assert ents.name_of(quote.speaker_cluster) == "Dmitry Peskov"


@pytest.mark.parametrize(("fragment", "speaker"), [
    ("he had yet to make contact with Putin", "Donald Trump"),
    ("the timeline suggested by Trump may have been overly optimistic", "Dmitry Peskov"),
])
def test_seed_indirect_quotes(seed, fragment, speaker):
    _, ents, _ = seed
    quote = _find(seed, fragment)
    assert quote.kind == "indirect"
    assert ents.name_of(quote.speaker_cluster) == speaker
    assert "remarking" not in seed[0].text[quote.content_start:quote.content_end]


def test_seed_local_speaker_mentions(seed):
    assert _find(seed, "He behaved").speaker_text == "the Russian leader"
    assert _find(seed, "I think we will speak").speaker_text == "he"


def test_seed_no_forum_outlet_or_byline_speaker(seed):
    _, ents, quotes = seed
    for q in quotes:
        name = (ents.name_of(q.speaker_cluster) or "") + " " + (q.speaker_text or "")
        for bad in ("Valdai", "forum", "Caliber", "Guliyev"):
            assert bad not in name


def test_seed_about_trump(seed):
    _, ents, _ = seed
    for fragment in ("He behaved", "For him"):
        quote = _find(seed, fragment)
        assert "Donald Trump" in [ents.name_of(c) for c in quote.about]
        assert quote.speaker_cluster not in quote.about
        assert all(ents.name_of(c) == "Donald Trump" for _, _, c in quote.pronouns
                   if c != quote.speaker_cluster)


def test_seed_sorted_and_round_trip(seed):
    _, _, quotes = seed
    assert [q.content_start for q in quotes] == sorted(q.content_start for q in quotes)
    for q in quotes:
        assert Quote.from_dict(q.to_dict()) == q


# --------------------------------------------------------------------------- patterns

# (text, content, kind, speaker_text, speaker name or None)
PATTERNS = [
    # X said, "…"
    ("Anna Berg said, “We will rebuild the bridge.”",
     "We will rebuild the bridge.", "direct", "Anna Berg", "Anna Berg"),
    # "…," X said
    ("“The budget is balanced,” Tom Keller said.",
     "The budget is balanced,", "direct", "Tom Keller", "Tom Keller"),
    # "…," said X
    ("“The budget is balanced,” said Tom Keller.",
     "The budget is balanced,", "direct", "Tom Keller", "Tom Keller"),
    # "…," he said
    ("Tom Keller spoke to reporters on Monday. “The budget is balanced,” he said.",
     "The budget is balanced,", "direct", "he", "Tom Keller"),
    # X: "…"
    ("The answer from Tom Keller: “Not this year.”",
     "Not this year.", "direct", "Tom Keller", "Tom Keller"),
    ("Tom Keller took aim at the council: “Nobody here reads the budget.”",
     "Nobody here reads the budget.", "direct", "Tom Keller", "Tom Keller"),
    # a colon at the end of a paragraph introduces the quote in the next one
    ("Tom Keller told the council:\n\n“The budget is balanced.”",
     "The budget is balanced.", "direct", "Tom Keller", "Tom Keller"),
    # X told Y "…"
    ("Tom Keller told reporters, “The budget is balanced.”",
     "The budget is balanced.", "direct", "Tom Keller", "Tom Keller"),
    # according to X, …
    ("According to Maria Lopez, the factory will close in May.",
     "the factory will close in May", "indirect", "Maria Lopez", "Maria Lopez"),
    # X said (that) …
    ("Maria Lopez said that the factory will close in May.",
     "that the factory will close in May", "indirect", "Maria Lopez", "Maria Lopez"),
    ("Maria Lopez said the factory will close in May.",
     "the factory will close in May", "indirect", "Maria Lopez", "Maria Lopez"),
    # X told Y (that) …
    ("Maria Lopez told the workers that the factory will close in May.",
     "that the factory will close in May", "indirect", "Maria Lopez", "Maria Lopez"),
    # parenthetical attribution
    ("The factory, Maria Lopez said, will close in May.",
     "will close in May", "indirect", "Maria Lopez",
     "Maria Lopez"),
    # participial cue: the main clause's subject speaks
    ("Maria Lopez closed the meeting, simply stating, “Enough.”",
     "Enough.", "direct", "Maria Lopez", "Maria Lopez"),
    ("Maria Lopez discussed the plan, noting, “It will cost more than we thought.”",
     "It will cost more than we thought.", "direct", "Maria Lopez", "Maria Lopez"),
    # a relative pronoun is the local mention; the speaker resolves through it
    ("Senator Tom Keller, who said that the budget is balanced, left early.",
     "that the budget is balanced", "indirect", "who", "Tom Keller"),
    # a long appositive between the quote and the cue
    ("“Is it balanced?” Tom Keller, the chair of the finance committee, asked on Monday.",
     "Is it balanced?", "direct", "Tom Keller", "Tom Keller"),
    # the cue inside its own content: "which X said was …"
    ("The bill, which Maria Lopez said was unfair to tenants, passed.",
     "which Maria Lopez said was unfair to tenants", "indirect", "Maria Lopez", "Maria Lopez"),
    # a noun phrase that is not an entity mention
    ("“The plant will reopen,” a spokesman said.",
     "The plant will reopen,", "direct", "a spokesman", None),
    # "I" inside the quote is never the speaker
    ("“I am tired of waiting,” Maria Lopez said.",
     "I am tired of waiting,", "direct", "Maria Lopez", "Maria Lopez"),
    # mixed: an indirect clause with a quoted fragment
    ("Maria Lopez said that the plan was “a total failure” for the town.",
     "that the plan was “a total failure” for the town", "mixed", "Maria Lopez",
     "Maria Lopez"),
    # other quotation marks
    ('"The budget is balanced," Tom Keller said.',
     "The budget is balanced,", "direct", "Tom Keller", "Tom Keller"),
    ("''The budget is balanced,'' Tom Keller said.",
     "The budget is balanced,", "direct", "Tom Keller", "Tom Keller"),
    ("Tom Keller said: «The budget is balanced.»",
     "The budget is balanced.", "direct", "Tom Keller", "Tom Keller"),
    # object cues
    ("Maria Lopez called for a new vote on the budget.",
     "a new vote on the budget", "indirect", "Maria Lopez", "Maria Lopez"),
]


@pytest.mark.parametrize(("text", "content", "kind", "speaker_text", "speaker"), PATTERNS)
def test_patterns(nlp, text, content, kind, speaker_text, speaker):
    doc, ents, quotes = run(nlp, text)
    found = [q for q in quotes if doc.text[q.content_start:q.content_end] == content]
    assert found, [(doc.text[q.content_start:q.content_end], q.kind) for q in quotes]
    quote = found[0]
    assert quote.kind == kind
    assert quote.speaker_text == speaker_text
    assert doc.text[quote.speaker_start:quote.speaker_end] == speaker_text
    assert ents.name_of(quote.speaker_cluster) == speaker


def test_split_quote_keeps_one_speaker(nlp):
    doc, ents, quotes = run(nlp, "“We are ready,” Maria Lopez said, “and we will win.”")
    contents = [doc.text[q.content_start:q.content_end] for q in quotes]
    assert contents == ["We are ready,", "and we will win."]
    assert {ents.name_of(q.speaker_cluster) for q in quotes} == {"Maria Lopez"}


def test_floating_quote_continues_previous_speaker(nlp):
    text = "Maria Lopez said, “We are done here.”\n\n“Nobody will change that.”"
    doc, ents, quotes = run(nlp, text)
    last = quotes[-1]
    assert doc.text[last.content_start:last.content_end] == "Nobody will change that."
    assert ents.name_of(last.speaker_cluster) == "Maria Lopez"


def test_floating_quote_needs_nothing_in_between(nlp):
    text = ("Maria Lopez said, “We are done here.”\n\nThe council met again on Friday "
            "and voted on the budget.\n\n“Nobody will change that.”")
    doc, _, quotes = run(nlp, text)
    assert all("Nobody" not in doc.text[q.content_start:q.content_end] for q in quotes)


def test_quote_over_two_paragraphs(nlp):
    text = ("Tom Keller said, “The budget is balanced.\n\n"
            "“And the schools will get more money next year.”")
    doc, ents, quotes = run(nlp, text)
    assert [doc.text[q.content_start:q.content_end] for q in quotes] == [
        "The budget is balanced.", "And the schools will get more money next year."]
    assert {ents.name_of(q.speaker_cluster) for q in quotes} == {"Tom Keller"}


def test_dash_attribution(nlp):
    doc, ents, quotes = run(nlp, "“Never give up on the town.” — Maria Lopez")
    assert [ents.name_of(q.speaker_cluster) for q in quotes] == ["Maria Lopez"]


def test_scare_quotes_and_titles_are_not_quotes(nlp):
    text = "Tom Keller watched “Saturday Night Live” and called the plan “historic”."
    doc, _, quotes = run(nlp, text)
    assert all(q.kind != "direct" for q in quotes)


def test_about_resolves_pronoun_to_other_person(nlp):
    text = ("Tom Keller met Maria Lopez on Monday. "
            "“She is a tough negotiator,” Keller said.")
    doc, ents, quotes = run(nlp, text)
    quote = quotes[0]
    assert ents.name_of(quote.speaker_cluster) == "Tom Keller"
    assert [ents.name_of(c) for c in quote.about] == ["Maria Lopez"]
    (start, end, cluster), = quote.pronouns
    assert doc.text[start:end] == "She" and ents.name_of(cluster) == "Maria Lopez"


def test_first_person_is_not_a_target(nlp):
    doc, ents, quotes = run(nlp, "“I will win,” Tom Keller said.")
    assert quotes[0].about == []
    # the speaker's own "I" is a mention of the speaker, not a target
    assert [(doc.text[s:e], ents.name_of(c)) for s, e, c in quotes[0].pronouns] == [
        ("I", "Tom Keller")]


# --------------------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "“", "”", '"', "''", "“ ” “", '"""', "“Unclosed quote he said",
    "He said “ and then ” nothing", "«»", "„“", "said said said.", "“A,” “B,” “C.”",
    "According to", "according to,", "— —", "He said:", "“”\n\n“”",
])
def test_never_raises_on_odd_text(nlp, text):
    _, _, quotes = run(nlp, text)
    for q in quotes:
        assert 0 <= q.content_start <= q.content_end <= len(text)


def test_unbalanced_marks_still_give_quotes(nlp):
    text = ("Tom Keller said, “The budget is balanced.\n\n"
            "Maria Lopez said, “We will rebuild the bridge.”")
    doc, ents, quotes = run(nlp, text)
    names = {(doc.text[q.content_start:q.content_end], ents.name_of(q.speaker_cluster))
             for q in quotes}
    assert ("We will rebuild the bridge.", "Maria Lopez") in names


def test_linear_time_on_long_text(nlp):
    paragraph = ("Tom Keller spoke in Lyon. “The budget is balanced,” he said. Maria Lopez "
                 "said that the plan was “a failure” and called for a vote.\n\n")
    small = paragraph * 20
    big = paragraph * 200
    doc_small, doc_big = nlp(small), nlp(big)
    ents_small, ents_big = extract_entities(doc_small), extract_entities(doc_big)
    t0 = time.perf_counter()
    n_small = len(extract_quotes(doc_small, ents_small))
    t1 = time.perf_counter()
    n_big = len(extract_quotes(doc_big, ents_big))
    t2 = time.perf_counter()
    assert n_big == 10 * n_small
    # 10x the text must not cost anything like 100x the time.
    assert (t2 - t1) < 30 * max(t1 - t0, 1e-3)


# --------------------------------------------------------------------------- spaCy

def test_spacy_component_sets_doc_quotes():
    import spacy

    import toolkit.spacy_component  # noqa: F401  (registers the factory)
    from toolkit.nlp import available_model

    pipeline = spacy.load(available_model())
    pipeline.add_pipe("toolkit_quotes", last=True)
    doc = pipeline("Tom Keller spoke on Monday. “The budget is balanced,” he said.")
    assert [doc.text[q.content_start:q.content_end] for q in doc._.quotes] == [
        "The budget is balanced,"]
    assert doc._.article_entities.name_of(doc._.quotes[0].speaker_cluster) == "Tom Keller"
    assert pipeline("")._.quotes == []


def test_unparsed_doc_gives_no_quotes():
    import spacy

    from toolkit.entities import ArticleEntities

    doc = spacy.blank("en")("“We are ready,” Tom Keller said.")
    assert extract_quotes(doc, ArticleEntities([], [])) == []


def test_a_name_nested_in_a_description_is_not_a_separate_target(nlp):
    from toolkit.entities import extract_entities
    from toolkit.quotes import extract_quotes

    text = ("Germany's Chancellor, Olaf Scholz, spoke on Monday. Angela Merkel said she "
            "welcomed the talks with the German chancellor.")
    doc = nlp(text)
    ents = extract_entities(doc)
    names = [[ents.name_of(c) for c in q.about] for q in extract_quotes(doc, ents)]
    assert names and all("German" not in about for about in names)
    assert any("Olaf Scholz" in about for about in names)
