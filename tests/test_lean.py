"""toolkit.lean: the stand-in for attribute_ruler + lemmatizer gives the full pipeline's
values token for token, and runs only for the toolkit's default model."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.lean import lean_attributes
from toolkit.nlp import available_model, lean_stand_in, load_pipeline, parse

# Our own sentences, written to reach the ruler's context rules (two-token patterns:
# "gon na", "got ta", "let 's", "ai n't", "y' all", expletive "there is"), its
# dependency-label rules (I/you/it as subject or object, "but" as adverb, auxiliaries,
# do/have as main verbs, determiners as pronouns) and whitespace tokens.
TEXTS = [
    "There is a problem, and there were two more. We're gonna fix it, we've got ta.",
    "Let's go. It ain't over. Y'all know that I told you and you told me.",
    "She said that they had done it, but he did not. Did you have lunch? I have.",
    "  Double  spaces,\n\n\nthree line breaks,\ttabs \n and trailing space. ",
    '"Those are mine," said the mayor of Lisbon, Ana Costa. This is what that means.',
    "Dr. Jane Smith-Jones (MIT) wasn't sure: 3.5% of U.S. voters can't decide.",
    "The ministers' meetings were cancelled; running, ran, runs, better, best, geese.",
    "",
    "Nothing here. Everyone, anybody and something else: nobody's fault.",
]


def annotations(doc) -> np.ndarray:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    return doc.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START])


@pytest.fixture(scope="module")
def lean(nlp):
    stand_in = lean_stand_in(nlp)
    assert stand_in is not None, "the default model must use the stand-in"
    return stand_in


def test_the_stand_in_gives_the_full_pipelines_values(nlp, lean, seed_articles):
    texts = TEXTS + [seed_articles.loc[0, "text"]]
    for text, full in zip(texts, nlp.pipe(texts), strict=True):
        doc = lean(nlp(text, disable=list(lean.replaces)))
        assert doc.text == text
        assert [t.pos_ for t in doc] == [t.pos_ for t in full], text
        assert [t.lemma_ for t in doc] == [t.lemma_ for t in full], text
        assert [str(t.morph) for t in doc] == [str(t.morph) for t in full], text
        np.testing.assert_array_equal(annotations(doc), annotations(full), err_msg=text)


def test_parse_uses_the_stand_in_and_gives_the_same_docs(nlp):
    for lean_doc, full_doc in zip(parse(nlp, TEXTS), parse(nlp, TEXTS, lean=False),
                                  strict=True):
        np.testing.assert_array_equal(annotations(lean_doc), annotations(full_doc))


def test_context_rules_are_applied(nlp, lean):
    # The full pipeline's own answers, which the rules produce (not hard-coded values).
    text = "There is a storm. We're gonna leave."
    full = nlp(text)
    doc = lean(nlp(text, disable=list(lean.replaces)))
    ruled = [t.i for t in full if t.lower_ in {"is", "gon", "na"}]
    assert ruled
    for i in ruled:
        assert (doc[i].pos_, doc[i].lemma_) == (full[i].pos_, full[i].lemma_)


def test_a_users_pipeline_runs_as_given():
    import spacy

    own = spacy.load(available_model())  # not the toolkit's memoised default
    assert lean_stand_in(own) is None
    assert lean_attributes(own) is not None  # it could, but is not, replaced


def test_a_changed_default_pipeline_runs_as_given(nlp):
    assert lean_stand_in(nlp) is not None
    nlp.add_pipe("entity_ruler", before="ner")
    try:
        assert lean_stand_in(nlp) is None
    finally:
        nlp.remove_pipe("entity_ruler")
    assert lean_stand_in(nlp) is not None


def test_pipelines_without_the_components_are_not_replaced():
    import spacy

    blank = spacy.blank("en")
    assert lean_attributes(blank) is None
    custom = spacy.load(available_model())
    custom.get_pipe("attribute_ruler").add([[{"POS": "NOUN"}]], {"LEMMA": "thing"})
    assert lean_attributes(custom) is None  # a rule on POS: not a function of the key


def test_the_memo_is_per_pipeline():
    assert lean_stand_in(load_pipeline()) is lean_stand_in(load_pipeline())


def test_the_set_index_lemmatizer_gives_spacys_lemmas(nlp):
    # The stand-in's lemmatizer asks spaCy's rule lemmatizer with its word lists as
    # sets; every lemma must be the one the real component gives, in every context.
    from toolkit.lean import _fast_lemmatize

    real = nlp.get_pipe("lemmatizer")
    fast = _fast_lemmatize(real)
    assert fast != real.lemmatize  # the default model's lemmatizer takes the fast path
    words = ("geese mice running ran better best leaves axes data criteria went "
             "analyses feet children was were is has done spoke taught wolves quickly")
    doc = nlp(f"{words}. The {words} were {words}.")
    assert [fast(t) for t in doc] == [real.rule_lemmatize(t) for t in doc]


def test_another_lemmatizer_mode_keeps_its_own_function():
    import spacy

    from toolkit.lean import _fast_lemmatize

    lookup = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "lookup"})
    assert _fast_lemmatize(lookup) == lookup.lemmatize


def test_labels_no_rule_tests_share_a_memo_row_with_the_same_values(nlp):
    # The memo keys every dependency label that no one-token rule tests by one class;
    # a memo keyed by every label must give the same annotations.
    from toolkit.lean import LeanAttributes

    classed, exact = LeanAttributes(nlp), LeanAttributes(nlp)
    assert classed._labels is not None
    exact._labels = None
    shared = ["The river police found river water near the river; the river rose.",
              "This is the river. That was a river, the widest river."]
    for text in TEXTS + shared:
        one = classed(nlp(text, disable=list(classed.replaces)))
        other = exact(nlp(text, disable=list(exact.replaces)))
        np.testing.assert_array_equal(annotations(one), annotations(other), err_msg=text)
    assert len(classed._row) < len(exact._row)


def test_a_rule_testing_labels_by_pattern_keys_every_label():
    import spacy

    from toolkit.lean import _tested_labels

    vocab = spacy.blank("en").vocab
    plain = [{"patterns": [[{"DEP": {"IN": ["nsubj"]}, "LOWER": "it"}]]}]
    assert sorted(_tested_labels(plain, {0}, vocab).tolist()) == sorted(
        [0, vocab.strings["nsubj"]])
    regex = [{"patterns": [[{"DEP": {"REGEX": "^nsubj"}}]]}]
    assert _tested_labels(regex, {0}, vocab) is None


def test_context_rules_found_from_their_openers_are_the_matchers(nlp):
    # The multi-token rules run only where a first token may match; the matches must
    # be the whole-Doc matcher's.
    from toolkit.lean import LeanAttributes

    lean = LeanAttributes(nlp)
    assert lean._openers is not None
    texts = TEXTS + ["There is one. Is there? Y'all got ta see: there were gon na be more."]
    for text in texts:
        doc = nlp(text, disable=list(lean.replaces))
        whole = sorted(lean._context(doc, allow_missing=True))
        assert sorted(lean._context_matches(doc)) == whole, text
    assert any(lean._context_matches(nlp(t, disable=list(lean.replaces))) for t in texts)
