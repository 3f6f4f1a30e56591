"""The Wikinews quote protocol (speech only, speaker names, about), on our own sentences."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from toolkit.evaluation import wikinews
from toolkit.evaluation.common import names_match

GOLD_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / \
    "wikinews-quotes-dev.jsonl"

TEXT = ('Mayor Ann Lee said the bridge over the Elm River would reopen in May. '
        '"We owe Springfield a safe crossing," she added. '
        'Critics said the council had ignored the engineers.')


def at(part: str, text: str = TEXT) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def gold_quote(content: str, speaker: str | None, name: str | None, about: list[str],
               *, cue: str = "said", type: str = "indirect", text: str = TEXT) -> dict:
    span = at(content, text)
    return {"content": content, "content_start": span[0], "content_end": span[1],
            "content_spans": [span], "type": type, "speaker": speaker,
            "speaker_spans": [at(speaker, text)] if speaker else None,
            "speaker_name": name, "cue": cue, "about": about}


GOLD = [{"id": "w1", "text": TEXT, "quotes": [
    gold_quote("the bridge over the Elm River would reopen in May", "Ann Lee", "Ann Lee",
               ["Elm River"]),
    gold_quote("We owe Springfield a safe crossing", "she", "Ann Lee", ["Springfield"],
               cue="added", type="direct"),
    gold_quote("the council had ignored the engineers", "Critics", None, []),
]}]


def prediction(content: str, speaker: str | None, speaker_text: str | None,
               about: list[str], **extra) -> dict:
    span = at(content)
    row = {"article_id": "w1", "content_start": span[0], "content_end": span[1],
           "speaker": speaker, "speaker_text": speaker_text, "about": about}
    if speaker_text:
        row["speaker_start"], row["speaker_end"] = at(speaker_text)
    row.update(extra)
    return row


RIGHT = [
    prediction("the bridge over the Elm River would reopen in May", "Ann Lee", "Ann Lee",
               ["Elm River"]),
    prediction("We owe Springfield a safe crossing", "Ann Lee", "she", ["Springfield"]),
    prediction("the council had ignored the engineers", "critics", "Critics", []),
]


def score(preds: list[dict], gold: list[dict] = GOLD) -> pd.Series:
    return wikinews.score(gold, pd.DataFrame(preds)).iloc[0]


def test_right_answers_score_one_everywhere():
    row = score(RIGHT)
    for column in ("precision", "recall", "f1", "exact", "speaker_accuracy",
                   "speaker_name_accuracy", "about_precision", "about_recall", "about_f1"):
        assert row[column] == 1.0, column
    # the unnamed critics are left out of the name accuracy; the empty about adds nothing
    assert (row["n_found_with_name"], row["about_tp"], row["about_fp"]) == (2, 2, 0)


def test_wrong_speaker_names_and_targets_score_what_they_should():
    wrong = [dict(RIGHT[0], speaker="Bob Day", about=["Bob Day", "Elm River"]),
             dict(RIGHT[1], speaker=None, about=[]), RIGHT[2]]
    row = score(wrong)
    assert row["speaker_name_accuracy"] == 0.0
    assert (row["about_tp"], row["about_fp"], row["about_fn"]) == (1, 1, 1)
    assert row["about_precision"] == row["about_recall"] == row["about_f1"] == 0.5
    assert row["f1"] == 1.0  # the quotes themselves are right


def test_only_speech_class_predictions_are_scored():
    preds = [dict(p, cue_class="speech") for p in RIGHT]
    preds[2]["cue_class"] = "belief"
    row = score(preds)
    assert (row["n_pred"], row["n_found"], row["n_pred_not_speech"]) == (2, 2, 1)
    assert row["recall"] == pytest.approx(2 / 3)
    # a missing class counts as speech (a system that does not classify its cues)
    preds[2]["cue_class"] = None
    assert score(preds)["n_pred"] == 3
    # without the column every prediction counts
    assert score(RIGHT)["n_pred"] == 3


def test_belief_predictions_cannot_make_up_for_a_missing_name():
    preds = [dict(RIGHT[0], speaker=None, cue_class="speech"),
             dict(RIGHT[0], cue_class="belief")]
    assert score(preds)["speaker_name_accuracy"] == 0.0


@pytest.mark.parametrize(("predicted", "gold", "same"), [
    ("Lee", "Ann Lee", True),               # last words
    ("Özil", "Mesut Ozil", True),           # accents stripped
    ("ANN LEE", "Ann Lee", True),           # casefolded
    ("Ann Leeds", "Ann Lee", False),
    ("Lee Ann", "Ann Lee", False),
    (None, "Ann Lee", False),
])
def test_the_name_rule(predicted, gold, same):
    assert names_match(predicted, gold) is same


def test_any_assigned_prediction_with_the_right_name_counts():
    text = '"The road is closed," she said. "It will open soon," said Ann Lee.'
    gold = [{"id": "w2", "text": text, "quotes": [{
        "content_spans": [at("The road is closed", text), at("It will open soon", text)],
        "speaker_spans": [at("she", text)], "cue": "said", "type": "direct",
        "speaker_name": "Ann Lee", "about": []}]}]
    preds = pd.DataFrame([
        {"article_id": "w2", "content_start": at("The road is closed", text)[0],
         "content_end": at("The road is closed", text)[1], "speaker": "she", "about": []},
        {"article_id": "w2", "content_start": at("It will open soon", text)[0],
         "content_end": at("It will open soon", text)[1], "speaker": "Ann Lee",
         "about": ["Ann Lee"]}])
    row = wikinews.score(gold, preds).iloc[0]
    assert row["speaker_name_accuracy"] == 1.0
    # the about names of both parts are pooled: one false positive
    assert (row["about_tp"], row["about_fp"]) == (0, 1)


def test_each_entity_once_per_quote():
    preds = [dict(RIGHT[0], about=["Elm River", "elm river", "Elm River"]), *RIGHT[1:]]
    row = score(preds)
    assert (row["about_tp"], row["about_fp"]) == (2, 0)
    gold = json.loads(json.dumps(GOLD))
    gold[0]["quotes"][0]["about"] = ["Elm River", "Elm River"]
    assert score(RIGHT, gold)["about_fn"] == 0


def test_about_is_scored_over_found_quotes_only():
    row = score(RIGHT[1:])
    assert row["n_found"] == 2
    assert (row["about_tp"], row["about_fn"]) == (1, 0)  # the missed quote's river not counted


def test_nested_quotes_tie_goes_to_the_smaller_gold():
    text = "The Herald reported that Ann Lee said the mill would close."
    outer = gold_quote("Ann Lee said the mill would close", "The Herald", "The Herald",
                       ["Ann Lee"], cue="reported", text=text)
    inner = gold_quote("the mill would close", "Ann Lee", "Ann Lee", [], text=text)
    gold = [{"id": "n", "text": text, "quotes": [outer, inner]}]
    span = at("the mill would close", text)
    preds = pd.DataFrame([{"article_id": "n", "content_start": span[0],
                           "content_end": span[1], "speaker": "Ann Lee", "about": []}])
    row = wikinews.score(gold, preds).iloc[0]
    assert (row["n_found"], row["n_name_correct"], row["about_fp"]) == (1, 1, 0)


def test_score_does_not_mutate_and_handles_no_predictions():
    preds = pd.DataFrame(RIGHT)
    before = preds.copy()
    wikinews.score(GOLD, preds)
    pd.testing.assert_frame_equal(preds, before)
    row = wikinews.score(GOLD, pd.DataFrame(columns=["article_id", "content_start",
                                                     "content_end"])).iloc[0]
    assert row["n_found"] == 0 and row["recall"] == 0.0
    assert math.isnan(row["speaker_name_accuracy"]) and math.isnan(row["about_precision"])


def test_misses_sample_each_error_class_with_a_seed():
    wrong = [dict(RIGHT[0], speaker="Bob Day", about=["Bob Day"]),
             prediction("We owe Springfield", "Ann Lee", "she", []),
             prediction("Critics said the council", None, None, [])]
    frame = wikinews.misses(GOLD, pd.DataFrame(wrong), n=5)
    classes = frame["class"].tolist()
    assert classes.count("speaker name wrong") == 1
    assert {"about false positive", "about false negative", "quote spurious",
            "quote missed"} <= set(classes)
    row = frame[frame["class"] == "speaker name wrong"].iloc[0]
    assert (row["gold"], row["predicted"], row["speaker_text"]) == ("Ann Lee", "Bob Day",
                                                                   "Ann Lee")
    assert frame.equals(wikinews.misses(GOLD, pd.DataFrame(wrong), n=5))
    assert len(wikinews.misses(GOLD, pd.DataFrame(wrong), n=0)) == 0
    assert all(len(c) <= 120 for c in frame["content"])


def test_evaluate_with_predict_and_misses(tmp_path):
    path = tmp_path / "wikinews.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n", encoding="utf-8")
    table = wikinews.evaluate(path, predict=lambda articles: pd.DataFrame(RIGHT),
                              misses_per_class=2)
    assert table.loc[0, "speaker_name_accuracy"] == 1.0
    assert table.loc[0, "n_articles"] == 1
    assert isinstance(table.attrs["misses"], pd.DataFrame)


def test_evaluate_real_file_smoke():
    if not GOLD_PATH.is_file():
        pytest.skip(f"gold file absent: {GOLD_PATH}")
    pytest.importorskip("toolkit.analysis")
    table = wikinews.evaluate(GOLD_PATH, limit=2)
    row = table.iloc[0]
    assert row["n_articles"] == 2 and row["n_gold"] > 0
    assert 0.0 <= row["speaker_name_accuracy"] <= 1.0
