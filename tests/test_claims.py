"""Tests for toolkit.claims: the four origins, claimants, the score, robustness."""

from __future__ import annotations

import math
import time

import pytest

import toolkit.checkworthiness as cw
from toolkit.claims import (
    ARTICLE_CLAIMANT,
    MAX_CLAIM_TOKENS,
    Claim,
    claim_features,
    extract_claims,
    is_checkable,
)
from toolkit.entities import extract_entities
from toolkit.nlp import load_pipeline
from toolkit.quotes import Quote, extract_quotes

SEED = "seeds/"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text: str, *, article: dict | None = None, quotes: list[Quote] | None = None):
    """Parse ``text`` and return (doc, entities, quotes, claims)."""
    doc = nlp(text)
    ents = extract_entities(doc)
    if quotes is None:
        quotes = extract_quotes(doc, ents)
    return doc, ents, quotes, extract_claims(doc, ents, quotes, article=article)


def claimant(ents, claim: Claim) -> str | None:
    """The claimant as the claims frame shows it: the cluster's name, else the name."""
    if claim.claimant_cluster is not None:
        return ents.name_of(claim.claimant_cluster)
    return claim.claimant_name


def view(doc, ents, claims) -> list[tuple[str | None, str, str]]:
    return [(claimant(ents, c), doc.text[c.content_start : c.content_end], c.origin)
            for c in claims]


# --------------------------------------------------------------------------- the seed

@pytest.fixture(scope="module")
def seed(nlp):
    import toolkit as tk

    article = tk.load_articles(SEED).iloc[0].to_dict()
    doc, ents, quotes, claims = run(nlp, article["text"], article=article)
    return article, doc, ents, quotes, claims


@pytest.mark.parametrize("needle", [
    "he could resolve the Ukrainian conflict within 24 hours",
    "he could bring peace to Ukraine within a single day",
])
def test_seed_trump_claims_rank_in_top_three(seed, needle):
    _, doc, ents, _, claims = seed
    ranked = sorted(claims, key=lambda c: -c.checkworthiness)
    matches = [k for k, c in enumerate(ranked)
               if needle in doc.text[c.content_start : c.content_end]]
    assert matches, f"no claim contains {needle!r}"
    best = ranked[matches[0]]
    assert claimant(ents, best) == "Donald Trump"
    # Ties are ranked fairly: no claim scoring strictly higher than three others.
    higher = sum(1 for c in claims if c.checkworthiness > best.checkworthiness)
    assert higher < 3
    assert best.origin == "nominal"
    assert ents.name_of(best.claimant_cluster) not in [ents.name_of(a) for a in best.about]


def test_seed_claims_are_within_text_and_scored(seed):
    article, doc, _, quotes, claims = seed
    assert claims
    for c in claims:
        assert 0 <= c.content_start < c.content_end <= len(doc.text)
        assert 0.0 < c.checkworthiness < 1.0
        assert c.origin in {"quote", "reported", "nominal", "narrative"}
        if c.quote_index is not None:
            assert 0 <= c.quote_index < len(quotes)
    spans = [(c.content_start, c.content_end) for c in claims]
    assert len(spans) == len(set(spans))
    narrative = [c for c in claims if c.origin == "narrative"]
    assert all(c.cue is None and c.claimant_name == article["byline"] for c in narrative)


def test_seed_claims_frame_through_analyze():
    import toolkit as tk

    claims = tk.analyze(tk.load_articles(SEED)).claims
    trump = claims[claims["claimant"] == "Donald Trump"]
    assert trump["content"].str.contains("within 24 hours").any()
    top3 = claims.sort_values("checkworthiness", ascending=False).head(3)
    assert top3["content"].str.contains("within a single day").any()
    assert {"has_number", "is_hedged", "n_entities"} <= set(claims.columns)


# --------------------------------------------------------------------------- the table

BYLINE = {"byline": "Sam Writer", "source": "The Test Gazette"}

TABLE = [
    # reported: clausal complements of reporting verbs, "according to", promise verbs
    ("Maria Lopez said that the factory would close in March.",
     "Maria Lopez", "the factory would close in March", "reported"),
    ("Unemployment rose to 7 percent in June, the labour minister said.",
     "the labour minister", "Unemployment rose to 7 percent in June", "reported"),
    ("Senator Ann Green insisted the bill would cost less than $2 billion.",
     "Ann Green", "the bill would cost less than $2 billion", "reported"),
    ("According to the health ministry, 43 people died in the floods.",
     "health ministry", "43 people died in the floods", "reported"),
    ("A judicial inquiry was ordered last week, according to police.",
     "police", "A judicial inquiry was ordered last week", "reported"),
    ("Peter Hall vowed to cut taxes for 10 million families.",
     "Peter Hall", "to cut taxes for 10 million families", "reported"),
    ("Officials said at least 30 homes were destroyed.",
     "officials", "at least 30 homes were destroyed", "reported"),
    ("Olga Berg arrived late. She confirmed she had sold 300 shares.",
     "Olga Berg", "she had sold 300 shares", "reported"),
    # nominal: claim nouns with a clause, an infinitive or a complement
    ("Paul Grant's claim that the vaccine was unsafe was rejected by the agency.",
     "Paul Grant", "the vaccine was unsafe", "nominal"),
    ("Karen White repeated her warning that prices could double within a year.",
     "Karen White", "prices could double within a year", "nominal"),
    ("Experts questioned Mark Stone's prediction that the team would win the league.",
     "Mark Stone", "the team would win the league", "nominal"),
    ("Critics dismissed allegations that the election was rigged.",
     None, "the election was rigged", "nominal"),
    ("Voters recalled Lena Fox's promises related to building a new hospital.",
     "Lena Fox", "building a new hospital", "nominal"),
    # narrative: the article's own figures and dates
    ("The bridge, built in 1932, carries 40,000 cars a day.",
     "Sam Writer", "The bridge, built in 1932, carries 40,000 cars a day.", "narrative"),
    ("Sales fell 8% in the first quarter.",
     "Sam Writer", "Sales fell 8% in the first quarter.", "narrative"),
    # quote: checkable sentences inside direct quotes
    ('"The plant will create 2,000 jobs by 2026," said Laura Chen.',
     "Laura Chen", "The plant will create 2,000 jobs by 2026", "quote"),
    ('Jane Smith said: "We lost 40 percent of our budget."',
     "Jane Smith", "We lost 40 percent of our budget.", "quote"),
]


@pytest.mark.parametrize(("sentence", "who", "content", "origin"), TABLE,
                         ids=[f"{row[3]}-{k}" for k, row in enumerate(TABLE)])
def test_claims_table(nlp, sentence, who, content, origin):
    doc, ents, _, claims = run(nlp, sentence, article=BYLINE)
    assert (who, content, origin) in view(doc, ents, claims)


def test_interviewer_statements_are_the_outlets_and_the_label_names_its_reporter(nlp):
    text = ("Our reporter interviewed the painter Tom Park.\n\n((WN)) In 2016, the party won "
            "6,777 votes in Ohio. How many will you win?\n\n((Tom Park)) We won 12 seats in "
            "Ohio in 2018.\n\n((WN)) Why Ohio?")
    doc, ents, _, claims = run(nlp, text, article=BYLINE)
    assert ("The Test Gazette", "In 2016, the party won 6,777 votes in Ohio.", "quote") \
        in view(doc, ents, claims)
    named = text.replace("Our reporter", "Reporter Ann J. Kerr").replace("((WN))", "((AJK))")
    doc, ents, _, claims = run(nlp, named, article=BYLINE)
    assert ("Ann J. Kerr", "In 2016, the party won 6,777 votes in Ohio.", "quote") \
        in view(doc, ents, claims)


@pytest.mark.parametrize("sentence", [
    "Is the economy growing faster than last year?",  # a question
    "The council praised the volunteers.",  # no figure, no date, not attributed
    '"I love this city," said Laura Chen. "We are so proud."',  # feelings in a quote
    '"I think we will win," said Tom Reed.',  # a hedged quote with nothing to check
    "Storms are predicted to reach the coast.",  # a passive prediction: nobody's claim
    "There is no guarantee that the ferry will run.",  # a negated claim noun
    "He emphasised his readiness for talks with Ann Lee.",  # reports no statement
    # direct speech the reporting verb governs is the quote's, not a reported clause
    'Health Minister Ola Berg said "We could not win," and the flag is at half-mast.',
    "You might not be able to tell what the bone came from.",  # an indirect question
    "Well, it tells me that they knew what they were doing.",  # talk, not a report
    "As I say, the crater is 3 kilometres wide.",  # someone talking, not the narrative
    "About three years ago.",  # a fragment
])
def test_no_claims(nlp, sentence):
    doc, ents, _, claims = run(nlp, sentence, article=BYLINE)
    assert view(doc, ents, claims) == []


def test_reported_clause_of_indirect_quote_is_one_claim_linked_to_it(nlp):
    text = "Jane Smith said that the city spent $4 million on roads in 2023."
    doc = nlp(text)
    ents = extract_entities(doc)
    start = text.index("the city")
    end = text.index(".", start + 20)
    quotes = [Quote(start - 5, end, "indirect", cue="said", speaker_cluster=0)]
    claims = extract_claims(doc, ents, quotes)
    assert len(claims) == 1
    assert (claims[0].origin, claims[0].quote_index) == ("reported", 0)
    assert text[claims[0].content_start : claims[0].content_end] == text[start:end]


def test_direct_quote_sentences_link_the_quote_and_skip_the_rest(nlp):
    text = 'Tom Reed said, "I feel great. Our sales grew 20% in 2023."'
    doc = nlp(text)
    ents = extract_entities(doc)
    start = text.index("I feel")
    quotes = [Quote(start, len(text) - 1, "direct", cue="said", speaker_cluster=0)]
    claims = extract_claims(doc, ents, quotes)
    assert [(c.origin, c.quote_index, text[c.content_start : c.content_end])
            for c in claims] == [("quote", 0, "Our sales grew 20% in 2023.")]
    assert ents.name_of(claims[0].claimant_cluster) == "Tom Reed"


def test_pronoun_claimant_and_about(nlp):
    doc, ents, _, claims = run(
        nlp, "Anna Kowalski met Boris Ivanov in Oslo. She said he had promised "
             "five tanks to Norway.")
    reported = [c for c in claims if c.origin == "reported"]
    assert len(reported) == 1
    assert claimant(ents, reported[0]) == "Anna Kowalski"
    assert [ents.name_of(a) for a in reported[0].about] == ["Boris Ivanov", "Norway"]


@pytest.mark.parametrize(("article", "expected"), [
    ({"byline": "Sam Writer", "source": "Gazette"}, "Sam Writer"),
    ({"byline": None, "source": "Gazette"}, "Gazette"),
    ({"byline": "  ", "source": float("nan")}, ARTICLE_CLAIMANT),
    (None, ARTICLE_CLAIMANT),
])
def test_narrative_claimant(nlp, article, expected):
    doc, ents, _, claims = run(nlp, "The dam holds 3 million litres.", article=article)
    kind = "author" if expected == "Sam Writer" else "outlet"
    assert [(c.claimant_name, c.claimant_kind, c.claimant_cluster, c.cue, c.origin)
            for c in claims] == [(expected, kind, None, None, "narrative")]


def test_an_interview_answer_is_the_interviewees_claim(nlp):
    text = "Wikinews: How big is the colony?   NG: About 200,000 pairs nested there in 2019."
    doc, ents, _, claims = run(nlp, text, article=BYLINE)
    assert [(c.origin, c.claimant_name, c.claimant_kind, doc.text[c.content_start:c.content_end])
            for c in claims] == [
        ("quote", "NG", "unresolved", "About 200,000 pairs nested there in 2019.")]


def test_narrative_skips_quoted_and_attributed_sentences(nlp):
    text = ('The fire burned 200 acres, officials said. "We saved 40 homes," '
            "said Chief Dan Moore. The fire started on Friday.")
    doc, ents, _, claims = run(nlp, text, article=BYLINE)
    narrative = [doc.text[c.content_start : c.content_end] for c in claims
                 if c.origin == "narrative"]
    assert narrative == ["The fire started on Friday."]


def test_claim_round_trip():
    claim = Claim(1, 5, "reported", cue="said", claimant_cluster=2, about=[3],
                  features={"has_number": True}, checkworthiness=0.5)
    assert Claim.from_dict(claim.to_dict()) == claim


# --------------------------------------------------------------------------- features

@pytest.mark.parametrize(("text", "feature", "value"), [
    ("Prices rose by 5% in 2023.", "has_number", True),
    ("The talks ended on Monday.", "has_date", True),
    ("He could end it within a single day.", "has_date", True),
    ("He could end it within a single day.", "has_number", True),
    ("The rally took place on July 14.", "has_number", False),  # a date, not a figure
    ("Exports grew faster than imports.", "has_comparative", True),
    ("At least 30 homes burned.", "has_comparative", False),
    ("The plant will close.", "is_future_or_modal", True),
    ("The plant closed.", "is_future_or_modal", False),
    ("The plant might close.", "is_hedged", True),
    ("I think the plant closed.", "is_hedged", True),
    ("Reportedly, the plant closed.", "is_hedged", True),
    ("Did the plant close?", "is_question", True),
    ("In my opinion, the plan is wrong.", "is_opinion", True),
    ("We are so proud of them.", "is_opinion", True),
    ("The plant closed in 2020.", "is_opinion", False),
])
def test_features(nlp, text, feature, value):
    assert claim_features(nlp(text))[feature] is value


def test_is_checkable_needs_substance():
    assert is_checkable({"n_entities": 1})
    assert not is_checkable({"n_entities": 1}, named_entities=0)
    assert not is_checkable({"has_date": True, "is_opinion": True})


# --------------------------------------------------------------------------- the score

def test_claim_score_is_the_checkworthiness_models(nlp):
    doc, ents, quotes, claims = run(nlp, "Jane Smith said that the city spent $4 million "
                                         "on roads in 2023. Critics disagreed.")
    assert claims
    for claim in claims:
        assert claim.checkworthiness == round(cw.score(claim.features), 4)
        assert 0.0 < claim.checkworthiness < 1.0


def test_hedge_and_question_lower_the_score_of_real_sentences(nlp):
    def score(text):
        return cw.score(claim_features(nlp(text)))

    plain = score("The factory closed in March with 300 job losses.")
    assert score("Reportedly, the factory closed in March with 300 job losses.") < plain
    assert score("Did the factory close in March with 300 job losses?") < plain


# --------------------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", [
    "", " ", "\n\n", '"', '""', "“”", "?", "...", "said", "He said that.", "12", "1 2 3 4 5",
    "According to.", "The claim that.", '"Unclosed quote said he', "ü" * 50,
    "The claim that " * 40, "He said that she said that " * 30 + "it rained.",
    "Tom said " + "and " * 300 + "rain.",
])
def test_never_raises(nlp, text):
    doc, ents, quotes, claims = run(nlp, text)
    for c in claims:
        assert 0 <= c.content_start <= c.content_end <= len(text)


def test_never_raises_on_bad_quote_records(nlp):
    text = "Jane Smith said 40 people came."
    doc = nlp(text)
    ents = extract_entities(doc)
    bad = [Quote(-5, 3, "direct"), Quote(10, 10_000, "indirect"), Quote(8, 2, "mixed"),
           Quote(0, len(text), "direct", speaker_cluster=None,
                 pronouns=[(0, 4, 99), ("x", None, 0)])]
    claims = extract_claims(doc, ents, bad)
    assert all(0 <= c.content_start < c.content_end <= len(text) for c in claims)


def test_clauses_are_capped(nlp):
    text = "Tom Reed said that " + "the rain fell and " * 100 + "the river rose by 3 metres."
    doc, _, _, claims = run(nlp, text)
    for c in claims:
        if c.origin != "narrative":
            span = doc.char_span(c.content_start, c.content_end, alignment_mode="expand")
            assert len(span) <= MAX_CLAIM_TOKENS


def test_linear_in_article_length(nlp):
    paragraph = ("Jane Smith said that the city spent $4 million on roads in 2023. "
                 'The bridge carries 40,000 cars a day. "We will build 3 more," she said. '
                 "Critics dismissed her claim that traffic fell by 10 percent. ")

    def timed(n: int) -> float:
        doc = nlp(paragraph * n)
        ents = extract_entities(doc)
        quotes = extract_quotes(doc, ents)
        best = math.inf
        for _ in range(3):
            t0 = time.perf_counter()
            extract_claims(doc, ents, quotes)
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = timed(20), timed(160)
    assert large < 8 * small * 3  # 8x the text; quadratic growth would be 64x
