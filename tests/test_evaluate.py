"""The scoring protocol of toolkit.evaluation, on small hand-made gold records."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from toolkit.evaluation import (
    TIERS,
    evaluate,
    in_quotation_marks,
    is_speech_cue,
    main,
    score,
    trim_span,
)
from toolkit.evaluation import attribution as evaluate_module
from toolkit.frames import make_frame

GOLD_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear-dev.jsonl"


def at(text: str, part: str, nth: int = 0) -> list[int]:
    """[start, end] of the nth occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return [start, start + len(part)]


def gold_quote(text: str, contents: list[str], *, speaker: str | None = None,
               cue: str | None = "said", type: str = "direct") -> dict:
    spans = [at(text, c) for c in contents]
    return {
        "content_start": spans[0][0], "content_end": spans[-1][1], "content_spans": spans,
        "speaker_spans": [at(text, speaker)] if speaker else [], "cue": cue, "type": type,
    }


def record(text: str, *quotes: dict, article_id: str = "a") -> dict:
    return {"id": article_id, "text": text, "quotes": list(quotes)}


def pred(article_id: str, span: list[int], speaker: list[int] | None = None,
         kind: str = "direct") -> dict:
    row = {"article_id": article_id, "content_start": span[0], "content_end": span[1],
           "kind": kind}
    if speaker:
        row.update(speaker_start=speaker[0], speaker_end=speaker[1])
    return row


def run(gold: list[dict], preds: list[dict]) -> pd.DataFrame:
    return score(gold, make_frame("quotes", preds)).set_index("tier")


# ----------------------------------------------------------------- trimming


@pytest.mark.parametrize("raw, expected", [
    ('  “Hello, world.”  ', "Hello, world"),
    ('"Yes!" ', "Yes"),
    ("«Bien sûr»", "Bien sûr"),
    ("— and then, ", "and then"),
    ("...", ""),
])
def test_trim_span_strips_whitespace_punctuation_and_marks(raw, expected):
    s, e = trim_span(raw, 0, len(raw))
    assert raw[s:e] == expected


def test_trimming_applies_to_gold_and_predictions():
    text = 'The mayor said: “We will rebuild the bridge.” Then she left.'
    gold = [record(text, gold_quote(text, ['“We will rebuild the bridge.”'], speaker="The mayor"))]
    # The gold keeps its marks, the prediction has a trailing mark and space: trimmed,
    # both are the same span.
    table = run(gold, [pred("a", at(text, 'We will rebuild the bridge.” '))])
    assert table.loc["all", "exact"] == 1.0
    assert table.loc["all", "recall"] == 1.0


# ----------------------------------------------------------------- thresholds


def threshold_case(inside: int, outside: int) -> tuple[list[dict], list[dict]]:
    """A prediction with `inside` characters in the gold content and `outside` after it
    (the closing mark, a space, then letters)."""
    content = "a" * 20
    text = f'Ann said "{content}" ' + "b" * 40
    start = text.index(content)
    gold = [record(text, gold_quote(text, [f'"{content}"'], speaker="Ann"))]
    span = [start + 20 - inside, start + 20 + outside]
    return gold, [pred("a", span)]


def test_precision_threshold_exactly_half_is_correct():
    gold, preds = threshold_case(inside=10, outside=10)
    assert run(gold, preds).loc["all", "n_correct"] == 1


def test_precision_threshold_just_below_half_is_wrong():
    gold, preds = threshold_case(inside=10, outside=11)
    table = run(gold, preds)
    assert table.loc["all", "n_correct"] == 0
    assert table.loc["all", "precision"] == 0.0


def test_recall_threshold_just_below_half_is_not_found():
    gold, preds = threshold_case(inside=9, outside=0)  # 9 of 20 letters
    table = run(gold, preds)
    assert table.loc["all", "n_correct"] == 1
    assert table.loc["all", "n_found"] == 0


def test_recall_threshold_half_is_found():
    gold, preds = threshold_case(inside=10, outside=0)
    assert run(gold, preds).loc["all", "n_found"] == 1


def test_recall_counts_several_predictions_together():
    text = 'Ann said "one two three four five six seven eight" today.'
    gold = [record(text, gold_quote(text, ['"one two three four five six seven eight"']))]
    preds = [pred("a", at(text, "one two three")), pred("a", at(text, "four five"))]
    table = run(gold, preds)
    assert table.loc["all", "n_correct"] == 2
    assert table.loc["all", "n_found"] == 1  # 23 of 39 characters together


# ----------------------------------------------------------------- split quotes


SPLIT = '"We built this town," the mayor said, "and we will rebuild it." Nobody argued.'


def split_gold() -> list[dict]:
    return [record(SPLIT, gold_quote(SPLIT, ['"We built this town,"', '"and we will rebuild it."'],
                                     speaker="the mayor"))]


def test_split_quote_found_from_one_prediction_over_the_extent():
    extent = [0, SPLIT.index("Nobody") - 1]
    table = run(split_gold(), [pred("a", extent, at(SPLIT, "the mayor"))])
    assert table.loc["all", ["n_correct", "n_found", "n_exact"]].tolist() == [1, 1, 1]
    assert table.loc["direct", "n_pred"] == 1  # it opens and closes with marks


def test_split_quote_found_from_its_two_parts():
    preds = [pred("a", at(SPLIT, "We built this town,")),
             pred("a", at(SPLIT, "and we will rebuild it."))]
    table = run(split_gold(), preds)
    assert table.loc["all", ["n_correct", "n_found", "n_exact"]].tolist() == [2, 1, 1]


def test_split_quote_second_part_alone_is_not_enough():
    # 22 of 40 fragment letters: found; the first part alone (17 of 40) is not.
    alone_second = run(split_gold(), [pred("a", at(SPLIT, "and we will rebuild it."))])
    alone_first = run(split_gold(), [pred("a", at(SPLIT, "We built this town,"))])
    assert alone_second.loc["all", "n_found"] == 1
    assert alone_second.loc["all", "n_exact"] == 0  # one fragment of two is not exact
    assert alone_first.loc["all", "n_found"] == 0


# ----------------------------------------------------------------- assignment


def test_prediction_assigned_to_the_gold_it_overlaps_most():
    text = 'Ann said "no way" and Bob said "black white grey pink purple" then.'
    gold = [record(text,
                   gold_quote(text, ['"no way"'], speaker="Ann"),
                   gold_quote(text, ['"black white grey pink purple"'], speaker="Bob"))]
    # All of Ann's quote (6 letters) and all of Bob's (28): 34 of 50 inside, Bob's most.
    span = [text.index("no way"), text.index('" then')]
    table = run(gold, [pred("a", span, at(text, "Bob"))])
    assert table.loc["all", ["n_correct", "n_found"]].tolist() == [1, 1]
    assert table.loc["all", "recall"] == 0.5  # Ann's quote gets nothing from it
    assert table.loc["all", "speaker_accuracy"] == 1.0  # judged against Bob


def test_correctness_needs_half_inside_one_gold_not_the_union():
    text = 'Ann said "aaaa bbbb" and Bob said "cccc dddd" too.'
    gold = [record(text, gold_quote(text, ['"aaaa bbbb"']), gold_quote(text, ['"cccc dddd"']))]
    # 9 + 9 characters inside golds, 20 outside: inside the union 47%, each 24%.
    span = [text.index("aaaa"), text.index("dddd") + 4]
    table = run(gold, [pred("a", span)])
    assert table.loc["all", "n_correct"] == 0


def test_nested_tie_goes_to_the_gold_covered_most():
    text = 'Officials said the senator told aides "the vote is lost" on Friday.'
    outer = gold_quote(text, ['the senator told aides "the vote is lost" on Friday'],
                       speaker="Officials", type="mixed")
    inner = gold_quote(text, ['"the vote is lost"'], speaker="the senator", cue="told")
    table = run([record(text, outer, inner)],
                [pred("a", at(text, "the vote is lost"), at(text, "the senator"))])
    assert table.loc["all", "n_found"] == 1
    assert table.loc["all", "speaker_accuracy"] == 1.0  # the inner quote's speaker


# ----------------------------------------------------------------- speakers


def speaker_case(speaker_span: list[int] | None) -> pd.DataFrame:
    text = 'Maria Lopez arrived late. "The roads were closed," she said.'
    gold = [record(text, gold_quote(text, ['"The roads were closed,"'], speaker="she"))]
    return run(gold, [pred("a", at(text, "The roads were closed"), speaker_span)])


def test_speaker_accuracy_uses_the_local_mention():
    text = 'Maria Lopez arrived late. "The roads were closed," she said.'
    assert speaker_case(at(text, "she")).loc["all", "speaker_accuracy"] == 1.0
    # The antecedent is the right person but not the annotated span.
    assert speaker_case(at(text, "Maria Lopez")).loc["all", "speaker_accuracy"] == 0.0
    # A span that touches the mention counts (overlap, not equality).
    assert speaker_case(at(text, " she said")).loc["all", "speaker_accuracy"] == 1.0


def test_speaker_accuracy_missing_speaker_is_wrong_and_unsourced_gold_left_out():
    table = speaker_case(None)
    assert table.loc["all", "n_found_with_speaker"] == 1
    assert table.loc["all", "speaker_accuracy"] == 0.0
    text = 'It is "widely believed" that rates will rise.'
    gold = [record(text, gold_quote(text, ['that rates will rise'], cue=None, type="indirect"))]
    table = run(gold, [pred("a", at(text, "rates will rise"))])
    assert table.loc["all", "n_found"] == 1
    assert math.isnan(table.loc["all", "speaker_accuracy"])


# ----------------------------------------------------------------- tiers


@pytest.mark.parametrize("cue", [
    "said", "says", "say", "saying", "told", "telling", "added", "according to",
    "claimed", "argues", "insisted", "noted", "explaining", "announced", "declared",
    "asked", "wrote", "written", "warned", "tweeted", "acknowledges", "admitted",
    "asserted", "remarked", "commented", "reported", "suggests", "promised", "replied",
    "responded", "predicted", "confirmed", "denied", "denies", "went on to say",
    "said in a statement", "also told", "pointed out", "added:", "Said",
])
def test_speech_cues(cue):
    assert is_speech_cue(cue)


@pytest.mark.parametrize("cue", [
    "believes", "shows", "found", "hopes", "wants", ":", "", None, "appeared",
    "is expected", "agreed to", "called for", "continued",
])
def test_not_speech_cues(cue):
    assert not is_speech_cue(cue)


def test_tier_counts_and_precision_against_any_gold():
    text = ('Ann said "taxes will fall." Polls show that voters are tired. '
            'Bob argued that the plan is "a disgrace" today.')
    gold = [record(
        text,
        gold_quote(text, ['"taxes will fall."'], speaker="Ann"),
        gold_quote(text, ["that voters are tired"], speaker="Polls", cue="show",
                   type="indirect"),
        gold_quote(text, ['that the plan is "a disgrace"'], speaker="Bob", cue="argued",
                   type="mixed"),
    )]
    preds = [
        pred("a", at(text, "taxes will fall")),             # direct, correct
        pred("a", at(text, "a disgrace"), kind="direct"),   # in marks, matches a mixed gold
        pred("a", at(text, "voters are tired"), kind="indirect"),  # non-speech gold
        pred("a", at(text, "Polls show"), kind="indirect"),        # wrong
    ]
    table = run(gold, preds)
    assert list(table.index) == list(TIERS)
    counts = ["n_gold", "n_pred", "n_correct", "n_found"]
    assert table.loc["direct", counts].tolist() == [1, 2, 2, 1]
    assert table.loc["speech", counts].tolist() == [2, 4, 3, 1]
    assert table.loc["all", counts].tolist() == [3, 4, 3, 2]
    assert table.loc["direct", "precision"] == 1.0  # the mixed match counts as correct
    assert table.loc["speech", "precision"] == 0.75
    assert table.loc["speech", "recall"] == 0.5


def test_in_quotation_marks_looks_at_the_characters_around_the_span():
    text = 'He wrote:\n\n“Enough.”\n\nThen it ended. She said the plan "failed" badly.'
    assert in_quotation_marks(text, *at(text, "Enough"))
    assert in_quotation_marks(text, *at(text, "“Enough.”"))
    assert in_quotation_marks(text, *at(text, "failed"))
    # A closing mark on the left (the previous paragraph) does not open a quote.
    assert not in_quotation_marks(text, *at(text, "Then it ended"))
    assert not in_quotation_marks(text, *at(text, 'the plan "failed" badly'))
    # A leading "that" before the opening mark is looked past.
    assert in_quotation_marks('She said that "it is over."', 9, 27)


def test_gold_without_content_is_left_out_and_foreign_predictions_ignored():
    text = 'Ann said "yes." Someone believes it.'
    empty = {"content_start": None, "content_end": None, "content_spans": [],
             "speaker_spans": [], "cue": None, "type": None}
    gold = [record(text, gold_quote(text, ['"yes."'], speaker="Ann"), empty)]
    table = run(gold, [pred("a", at(text, "yes")), pred("other", [0, 3])])
    assert table.loc["all", ["n_gold", "n_pred", "n_found"]].tolist() == [1, 1, 1]


def test_score_does_not_mutate_and_handles_no_predictions():
    text = 'Ann said "yes."'
    gold = [record(text, gold_quote(text, ['"yes."']))]
    preds = make_frame("quotes", [pred("a", at(text, "yes"))])
    before = preds.copy()
    score(gold, preds)
    pd.testing.assert_frame_equal(preds, before)
    table = score(gold, make_frame("quotes", [])).set_index("tier")
    assert table.loc["all", "recall"] == 0.0
    assert math.isnan(table.loc["all", "precision"])


# ----------------------------------------------------------------- evaluate / main


def write_gold(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_evaluate_with_predict_counts_raising_articles_and_limit(tmp_path):
    text = 'Ann said "yes." Bob said "no."'
    records = [record(text, gold_quote(text, ['"yes."'], speaker="Ann"), article_id="a"),
               record(text, gold_quote(text, ['"no."'], speaker="Bob"), article_id="b")]
    path = write_gold(tmp_path, records)

    class Result:
        def __init__(self, articles):
            self.quotes = make_frame("quotes", [pred("a", at(text, "yes"), at(text, "Ann"))])
            self.errors = make_frame("errors", [{"article_id": "b", "stage": "quotes",
                                                 "error": "ValueError", "message": "x"}])

    seen = []

    def predict(articles):
        seen.append(list(articles["article_id"]))
        return Result(articles)

    table = evaluate(path, predict=predict).set_index("tier")
    assert seen == [["a", "b"]]
    assert table.loc["all", ["n_gold", "n_found", "articles_raising", "n_articles"]].tolist() \
        == [2, 1, 1, 2]
    assert table.loc["all", "chars_per_second"] > 0
    table = evaluate(path, predict=predict, limit=1).set_index("tier")
    assert seen[-1] == ["a"]
    assert table.loc["all", "recall"] == 1.0


def test_main_missing_file_returns_2(tmp_path, capsys):
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert "not found" in capsys.readouterr().err


def test_main_prints_the_table(tmp_path, capsys, monkeypatch):
    text = 'Ann said "yes."'
    path = write_gold(tmp_path, [record(text, gold_quote(text, ['"yes."']))])
    real_evaluate = evaluate_module.evaluate

    def fake(path, **kwargs):
        return real_evaluate(path, predict=lambda a: make_frame("quotes", []),
                             limit=kwargs["limit"])

    monkeypatch.setattr(evaluate_module, "evaluate", fake)
    assert main([str(path), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "speech" in out and "chars_per_second" in out


def test_public_evaluate_is_the_function_even_after_the_module_is_imported(tmp_path):
    import toolkit

    text = 'Ann said "yes."'
    path = write_gold(tmp_path, [record(text, gold_quote(text, ['"yes."']))])
    table = toolkit.evaluate(path, predict=lambda a: make_frame("quotes", []))
    assert list(table["tier"]) == list(TIERS)


def test_evaluate_real_gold_file_smoke():
    if not GOLD_PATH.is_file():
        pytest.skip(f"gold file absent: {GOLD_PATH}")
    pytest.importorskip("toolkit.analysis")
    table = evaluate(GOLD_PATH, limit=20)
    assert list(table["tier"]) == list(TIERS)
    assert (table["n_gold"] > 0).all()
    assert table.loc[table["tier"] == "all", "n_articles"].item() == 20
