"""The check-worthiness scorer (toolkit.checkworthiness) and its ranking protocol
(toolkit.evaluation.checkworthiness), on sentences written for these tests."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit import checkworthiness as cw
from toolkit import lexicons
from toolkit.evaluation import checkworthiness as protocol
from toolkit.nlp import load_pipeline

GOLD_PATH = (Path(__file__).resolve().parents[1].parent / "shared" / "eval"
             / "checkworthiness-dev.jsonl")

FACT = "The city spent $40 million on roads in 2023, twice as much as in 2019."
OPINION = "Honestly, I think our mayor is a wonderful person."
QUESTION = "What are you going to do about it?"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def feats(nlp, text: str, **kw) -> dict:
    return cw.features(nlp(text), **kw)


# --------------------------------------------------------------------------- scoring

def test_a_figure_and_date_claim_outranks_an_opinion_and_a_question():
    s = tk.checkworthiness([OPINION, FACT, QUESTION])
    assert s[1] > s[0] and s[1] > s[2]
    assert s.idxmax() == 1


@pytest.mark.parametrize("text", [FACT, OPINION, QUESTION, "(APPLAUSE)", "!!!", "Yes.",
                                  "a " * 400 + "figure of 12 percent."])
def test_scores_lie_strictly_between_0_and_1(text):
    value = tk.checkworthiness([text])[0]
    assert 0.0 < value < 1.0


def test_explain_adds_up_to_the_logit_and_score_is_its_logistic(nlp):
    f = feats(nlp, FACT)
    model = cw.load_model()
    contributions = cw.explain(f)
    assert list(contributions) == list(cw.FEATURES)
    z = model.intercept + sum(contributions.values())
    assert z == pytest.approx(cw.logit(f), abs=1e-3)
    assert cw.score(f) == pytest.approx(1 / (1 + math.exp(-cw.logit(f))))


@pytest.mark.parametrize("name", cw.FEATURES)
def test_each_contribution_moves_the_score_in_the_sign_of_its_weight(nlp, name):
    model = cw.load_model()
    weight = model.weights[name]
    base = feats(nlp, "The council met on Monday.")
    low, high = dict(base, **{name: 0}), dict(base, **{name: 1})
    higher = dict(base, **{name: 2})
    c_low, c_high = cw.explain(low)[name], cw.explain(high)[name]
    assert c_low == 0.0  # an absent feature contributes nothing
    if weight > 0:
        assert cw.score(low) < cw.score(high) <= cw.score(higher)
    elif weight < 0:
        assert cw.score(low) > cw.score(high) >= cw.score(higher)
    assert math.copysign(1, c_high) == math.copysign(1, weight) or c_high == 0


def test_an_unknown_feature_counts_as_average_not_as_absent(nlp):
    model = cw.load_model()
    f = feats(nlp, FACT)
    assert f["speaker_share"] is None
    assert cw.explain(f)["speaker_share"] == pytest.approx(
        model.weights["speaker_share"] * model.means["speaker_share"], abs=1e-4)


# --------------------------------------------------------------------------- the coefficients

def test_the_coefficient_file_loads_and_matches_the_features(nlp):
    data = json.loads((lexicons.LEXICON_DIR / "checkworthiness_model.json").read_text("utf-8"))
    assert data["about"] and "bench/fit_checkworthiness.py" in data["source"]
    rows = data["entries"]["features"]
    assert [r["name"] for r in rows] == list(cw.FEATURES)
    assert set(feats(nlp, FACT)) == set(cw.FEATURES)
    specs = {s.name: s for s in cw.FEATURE_SPECS}
    for row in rows:
        assert row["cap"] == specs[row["name"]].cap
        assert row["transform"] == specs[row["name"]].transform
        assert row["scale"] > 0 and math.isfinite(row["weight"])
    model = cw.load_model()
    assert set(model.weights) == set(cw.FEATURES) and model.intercept < 0


def test_a_malformed_model_is_a_clear_error():
    with pytest.raises(lexicons.LexiconError, match="malformed"):
        cw.Model.from_entries({"intercept": 0.0, "features": [{"name": "n_words"}]})
    with pytest.raises(lexicons.LexiconError, match="transform"):
        cw.Model.from_entries({"intercept": 0.0, "features": [
            {"name": "n_words", "weight": 1, "mean": 0, "scale": 1, "transform": "sqrt"}]})


def test_fit_reproduces_sklearn_and_is_deterministic(nlp):
    sklearn = pytest.importorskip("sklearn")
    assert sklearn
    texts = [FACT, OPINION, QUESTION, "Unemployment fell to 4 percent last year.",
             "Thank you very much.", "We cut the deficit by $2 billion in 2015.",
             "Good evening, everyone.", "Do you agree?"]
    labels = [1, 0, 0, 1, 0, 1, 0, 0]
    table = cw.feature_table(texts, nlp=nlp, speakers=list("ABABABAB"))
    first = cw.fit(table, labels, C=1.0)
    assert cw.fit(table, labels, C=1.0) == first
    model = cw.Model.from_entries(first)
    scores = cw.score_table(table, model=model)
    assert all(scores[k] > scores[j] for k in (0, 3, 5) for j in (1, 2, 4, 6, 7))
    with pytest.raises(ValueError, match="both classes"):
        cw.fit(table, [0] * len(texts))
    with pytest.raises(ValueError, match="labels for"):
        cw.fit(table, [0, 1])


# --------------------------------------------------------------------------- feature rules

RULES = [
    # (sentence, feature, expected)
    ("He promised to end the war within 24 hours.", "has_date", True),
    ("He promised to end the war within 24 hours.", "has_number", True),
    ("It could be done in a single day.", "has_number", True),
    ("Every single member voted.", "has_number", False),
    ("One of them left early.", "has_number", False),
    ("First of all, let me thank the hosts.", "has_number", False),
    ("The bridge opened on July 14.", "has_number", False),
    ("The bridge opened on July 14.", "has_date", True),
    ("Dozens of homes burned.", "has_number", True),
    ("Prices rose 5 percent.", "has_percent", True),
    ("The plan costs $3 billion.", "has_money", True),
    ("At least 30 people came.", "has_superlative", False),
    ("It was the worst storm in decades.", "has_superlative", True),
    ("Taxes are higher now.", "has_comparative", True),
    ("We are going to build a new school.", "is_future", True),
    ("The mayor will open the park.", "is_future", True),
    ("She could win the vote.", "is_possibility", True),
    ("That would cost far too much.", "is_hypothetical", True),
    ("The plan may fail.", "is_hedged", True),
    ("I think the plan works.", "is_hedged", True),
    ("In my opinion, the plan works.", "is_opinion", True),
    ("We are so proud of our team.", "is_opinion", True),
    ("It was a terrible decision.", "is_opinion", True),
    ("Is the plan working?", "is_question", True),
    ("The plan is working.", "is_question", False),
    ("I was there.", "first_person_singular", True),
    ("Our town grew.", "first_person_plural", True),
    ("You said that.", "second_person", True),
    ("The senator voted against the bill.", "has_record_verb", True),
    ("The bridge fell because of the flood.", "has_causal_cue", True),
    ("The senator did not vote.", "has_negation", True),
    ("The senator arrived late.", "is_past", True),
    ("The deficit has doubled.", "is_perfect", True),
    ("The estimate may have been too high.", "is_perfect", False),
    ("(APPLAUSE)", "is_fragment", True),
    ("Jane Smith met the board of Acme Corp in Paris.", "has_person", True),
    ("Jane Smith met the board of Acme Corp in Paris.", "has_place", True),
    ("The French voters decided.", "has_group", True),
]


@pytest.mark.parametrize(("text", "feature", "expected"), RULES)
def test_feature_rules(nlp, text, feature, expected):
    assert feats(nlp, text)[feature] is expected


def test_counts_and_shares(nlp):
    f = feats(nlp, "Unemployment fell 2 percent and wages rose 3 percent in 2019.")
    assert f["n_numbers"] == 2 and f["n_statistics_words"] >= 2
    assert f["n_words"] == 11
    assert feats(nlp, "Well, thank you, yes.")["discourse_share"] > 0.5
    assert feats(nlp, "Jane Smith and John Doe met.")["n_entities"] == 2
    assert feats(nlp, "Jane Smith and John Doe met.", n_entities=5)["n_entities"] == 5


def test_features_of_a_token_list_match_the_span(nlp):
    doc = nlp("Jane Smith said the city spent $4 million in 2023.")
    span = doc[3:]
    assert cw.features(list(span)) == cw.features(span)


def test_speaker_features_are_shares_of_the_batch():
    out = cw.speaker_features(["A", "A", "Q", "Q", None], [False, False, True, False, True])
    assert out[0] == {"speaker_share": 0.4, "speaker_question_rate": 0.0}
    assert out[2] == {"speaker_share": 0.4, "speaker_question_rate": 0.5}
    assert out[4] == {"speaker_share": None, "speaker_question_rate": None}
    with pytest.raises(ValueError, match="speakers for"):
        cw.speaker_features(["A"], [True, False])


def test_speakers_are_optional_and_change_only_the_speaker_features():
    texts = [FACT, QUESTION, "Why not?", "Taxes rose 3 percent."]
    plain = cw.feature_table(texts)
    with_speakers = cw.feature_table(texts, speakers=["Cand", "Mod", "Mod", "Cand"])
    text_cols = [c for c in cw.FEATURES if c not in cw.SPEAKER_FEATURES]
    pd.testing.assert_frame_equal(plain[text_cols], with_speakers[text_cols])
    assert plain["speaker_share"].isna().all()
    assert with_speakers["speaker_question_rate"].tolist() == [0.0, 1.0, 1.0, 0.0]


# --------------------------------------------------------------------------- inputs

def test_series_index_is_kept_and_input_is_not_mutated():
    lines = pd.Series([FACT, QUESTION], index=["x", "y"], name="content")
    before = lines.copy()
    s = tk.checkworthiness(lines)
    assert list(s.index) == ["x", "y"] and s.name == "checkworthiness"
    assert s.dtype == "float64"
    pd.testing.assert_series_equal(lines, before)


def test_a_dataframe_column_and_a_list_give_the_same_scores():
    frame = pd.DataFrame({"content": [FACT, OPINION]}, index=[10, 20])
    by_column = tk.checkworthiness(frame["content"])
    by_list = tk.checkworthiness([FACT, OPINION])
    assert list(by_column.index) == [10, 20] and list(by_list.index) == [0, 1]
    assert by_column.tolist() == by_list.tolist()


def test_empty_and_missing_sentences_score_nan():
    s = tk.checkworthiness(["", "   ", None, float("nan"), pd.NA, FACT])
    assert s.iloc[:5].isna().all() and 0 < s.iloc[5] < 1
    assert tk.checkworthiness([]).empty


@pytest.mark.parametrize(("bad", "error", "match"), [
    ("Taxes rose.", TypeError, "not one string"),
    (pd.DataFrame({"content": [FACT]}), TypeError, "one column"),
    ([FACT, 42], TypeError, "sentence 1 is a int"),
    (7, TypeError, "list or Series"),
])
def test_bad_input_is_a_clear_error(bad, error, match):
    with pytest.raises(error, match=match):
        tk.checkworthiness(bad)


def test_speakers_must_match_the_sentences():
    with pytest.raises(ValueError, match="2 speakers for 1 sentences"):
        tk.checkworthiness([FACT], speakers=["A", "B"])


def test_tk_checkworthiness_is_one_callable_object():
    first = tk.checkworthiness
    import toolkit.checkworthiness as module

    assert tk.checkworthiness is first is module
    assert callable(first) and first([FACT]).between(0, 1).all()


# --------------------------------------------------------------------------- protocol

def test_rank_metrics_by_hand():
    m = protocol.rank_metrics([0.9, 0.8, 0.7, 0.6, 0.5], [0, 1, 0, 1, 0])
    assert m["ap"] == pytest.approx((1 / 2 + 2 / 4) / 2, abs=1e-4)
    assert m["r_precision"] == 0.5 and m["rr"] == 0.5
    assert m["p@1"] == 0.0 and m["p@3"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["p@5"] == 0.4
    assert m["p@10"] == 0.2 and m["p@50"] == 0.04  # short debates still divide by k


def test_ties_keep_line_order_and_nan_ranks_last():
    assert protocol.rank_metrics([1, 1, 1], [1, 0, 0])["ap"] == 1.0
    assert protocol.rank_metrics([1, 1, 1], [0, 0, 1])["ap"] == pytest.approx(1 / 3, abs=1e-4)
    assert protocol.rank_metrics([float("nan"), 0.1], [1, 0])["rr"] == 0.5


def test_a_debate_without_check_worthy_lines_leaves_map_alone():
    per = [protocol.rank_metrics([2, 1], [1, 0]), protocol.rank_metrics([2, 1], [0, 0])]
    avg = protocol.average_metrics(per)
    assert avg["map"] == 1.0 and avg["n_debates"] == 1
    assert avg["p@1"] == 0.5  # P@k still averages over every debate
    with pytest.raises(ValueError, match="scores for"):
        protocol.rank_metrics([1], [1, 0])


# Our own tiny debates: check-worthy lines carry figures and dates, the others are
# questions, thanks and feelings.
WORTHY = ["Our county lost 4,000 factory jobs in 2016.",
          "The state cut school funding by 12 percent last year.",
          "He voted for a $2 billion tax increase in 2009.",
          "Crime in the capital fell 20 percent between 2010 and 2015."]
OTHER = ["Thank you.", "What is your answer?", "Well, I love this town.", "Good evening.",
         "Can you tell us more?", "Yes."]


def write_debates(path: Path, n: int = 4) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for d in range(n):
            lines = [(OTHER[(d + k) % len(OTHER)], 0) for k in range(4)]
            lines.insert(1 + d % 3, (WORTHY[d % len(WORTHY)], 1))
            lines.insert(4, (WORTHY[(d + 1) % len(WORTHY)], 1))
            record = {"id": f"debate{d}", "lines": [
                {"line": k + 1, "speaker": "MOD" if label == 0 and k % 2 else "CAND",
                 "text": text, "label": label} for k, (text, label) in enumerate(lines)]}
            fh.write(json.dumps(record) + "\n")
    return path


def test_evaluate_on_tiny_debates(tmp_path):
    pytest.importorskip("sklearn")
    path = write_debates(tmp_path / "tiny.jsonl")
    table = protocol.evaluate_checkworthiness(path, C=1.0)
    assert table["system"].tolist() == ["checkworthiness-loo", "checkworthiness-shipped",
                                        "length-baseline", "random-baseline"]
    assert list(table.columns) == ["system", *protocol.METRICS, "n_debates", "note"]
    rows = table.set_index("system")
    assert rows.loc["checkworthiness-loo", "map"] == 1.0
    assert rows.loc["checkworthiness-shipped", "map"] == 1.0
    assert rows.loc["random-baseline", "map"] < 1.0
    assert (rows["n_debates"] == 4).all()
    again = protocol.evaluate_checkworthiness(path, C=1.0)
    pd.testing.assert_frame_equal(table, again)  # seeded, deterministic


def test_evaluate_without_sklearn_warns_and_skips_the_refits(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn -> ImportError
    path = write_debates(tmp_path / "tiny.jsonl", n=2)
    with pytest.warns(UserWarning, match="scikit-learn is not installed"):
        table = protocol.evaluate_checkworthiness(path)
    assert "checkworthiness-loo" not in table["system"].tolist()
    assert "length-baseline" in table["system"].tolist()


@pytest.mark.parametrize(("content", "match"), [
    ("not json\n", "not JSON"),
    ('{"id": "a"}\n', "'lines'"),
    ('{"id": "a", "lines": [{"line": 1, "text": "x"}]}\n', "lacks"),
    ('{"id": "a", "lines": [{"line": 1, "text": "x", "label": 3}]}\n', "not 0 or 1"),
    ('{"id": "a", "lines": []}\n{"id": "a", "lines": []}\n', "twice"),
    ("\n", "no debates"),
])
def test_malformed_gold_is_a_clear_error(tmp_path, content, match):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        protocol.load_debates(path)


def test_missing_gold_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no check-worthiness gold file"):
        protocol.load_debates(tmp_path / "absent.jsonl")


@pytest.mark.skipif(not GOLD_PATH.is_file(), reason="../shared/eval/checkworthiness-dev.jsonl "
                    "is not here (a fresh clone)")
def test_leave_one_debate_out_map_on_the_dev_debates():
    pytest.importorskip("sklearn")
    table = protocol.evaluate_checkworthiness(GOLD_PATH).set_index("system")
    loo = table.loc["checkworthiness-loo"]
    assert loo["n_debates"] == 19
    assert loo["map"] >= 0.20
    assert loo["map"] > table.loc["length-baseline", "map"]
    assert loo["map"] > table.loc["random-baseline", "map"]
