"""The GAP protocol (decisions from mentions, gap_scorer tallies), on our own snippets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from toolkit.evaluation import gap

GOLD_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "gap-dev.jsonl"


def example(eid: str, text: str, pronoun: str, a: str, b: str, a_coref: bool,
            b_coref: bool, nth_pronoun: int = 0) -> dict:
    offset = -1
    for _ in range(nth_pronoun + 1):
        offset = text.index(pronoun, offset + 1)
    return {"id": eid, "text": text, "pronoun": pronoun, "pronoun_offset": offset,
            "a": a, "a_offset": text.index(a), "a_coref": a_coref,
            "b": b, "b_offset": text.index(b), "b_coref": b_coref}


GOLD = [
    example("x1", "Ann Lee hired Eve Park in May. She paid well.", "She", "Ann Lee",
            "Eve Park", True, False),
    example("x2", "Tom Day met Bob Ray before his trial.", "his", "Tom Day", "Bob Ray",
            False, True),
    example("x3", "Jo Kim thanked Sue Oh, and her aunt Mia Ho cried.", "her", "Sue Oh",
            "Mia Ho", False, False),
]


def mentions(*rows: tuple[str, str, str, int]) -> pd.DataFrame:
    """(example id, surface, entity, nth occurrence) -> a mentions frame."""
    text = {g["id"]: g["text"] for g in GOLD}
    out = []
    for eid, surface, entity, nth in rows:
        start = -1
        for _ in range(nth + 1):
            start = text[eid].index(surface, start + 1)
        out.append({"article_id": eid, "start": start, "end": start + len(surface),
                    "entity_id": entity})
    return pd.DataFrame(out)


RIGHT = mentions(("x1", "Ann Lee", "E1", 0), ("x1", "Eve Park", "E2", 0),
                 ("x1", "She", "E1", 0), ("x2", "Tom Day", "E3", 0),
                 ("x2", "Bob Ray", "E4", 0), ("x2", "his", "E4", 0),
                 ("x3", "Sue Oh", "E5", 0), ("x3", "Mia Ho", "E6", 0))


def groups(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("group")


def test_decisions_come_from_the_pronoun_mention_and_the_name_mentions():
    answers = gap.decisions(GOLD, RIGHT)
    assert answers.values.tolist() == [["x1", True, False], ["x2", False, True],
                                       ["x3", False, False]]


def test_right_answers_score_one_and_no_bias():
    table = groups(gap.score(GOLD, gap.decisions(GOLD, RIGHT)))
    assert table.loc["Overall", ["precision", "recall", "f1"]].tolist() == [1.0, 1.0, 1.0]
    assert table.loc["Overall", ["tp", "fp", "fn", "tn"]].tolist() == [2, 0, 0, 4]
    assert table.loc["Feminine", "n_examples"] == 2
    assert table["bias"].eq(1.0).all()


def test_a_pronoun_resolved_to_the_other_name_is_a_false_positive_and_negative():
    wrong = RIGHT.copy()
    wrong.loc[wrong["start"].eq(31) & wrong["article_id"].eq("x1"), "entity_id"] = "E2"
    table = groups(gap.score(GOLD, gap.decisions(GOLD, wrong)))
    assert table.loc["Feminine", ["tp", "fp", "fn"]].tolist() == [0, 1, 1]
    assert table.loc["Masculine", "f1"] == 1.0
    assert table.loc["Overall", "precision"] == 0.5
    assert table["bias"].eq(0.0).all()


def test_a_mention_overlapping_the_name_counts_for_it():
    # the system's mention is "Lee hired" (bad boundaries) but overlaps the name A
    partial = mentions(("x1", "Lee hired", "E1", 0), ("x1", "She", "E1", 0))
    assert gap.decisions(GOLD[:1], partial).values.tolist() == [["x1", True, False]]


def test_no_pronoun_mention_or_a_missing_example_answers_no():
    answers = gap.decisions(GOLD, RIGHT[RIGHT["start"] != 31])  # x1's "She" dropped
    table = groups(gap.score(GOLD, answers.iloc[1:]))  # and x1 left out entirely
    assert table.loc["Feminine", ["tp", "fn"]].tolist() == [0, 1]
    assert table.loc["Overall", ["tp", "fn"]].tolist() == [1, 1]


def test_always_yes_has_full_recall_and_low_precision():
    yes = pd.DataFrame({"id": [g["id"] for g in GOLD], "a_coref": True, "b_coref": True})
    table = groups(gap.score(GOLD, yes))
    assert table.loc["Overall", ["recall", "precision"]].tolist() == [1.0, pytest.approx(1 / 3)]
    assert table.loc["Overall", "fp"] == 4


def test_no_positive_answers_give_zero_f1_and_nan_precision():
    no = pd.DataFrame({"id": [g["id"] for g in GOLD], "a_coref": False, "b_coref": False})
    table = groups(gap.score(GOLD, no))
    assert table.loc["Overall", "f1"] == 0.0
    assert math.isnan(table.loc["Overall", "precision"])


def test_pronoun_genders_come_from_the_lexicon():
    assert [gap.pronoun_gender(p) for p in ("She", "hers", "HIM", "it")] == [
        "Feminine", "Feminine", "Masculine", None]


def test_misses_are_seeded_samples_per_class():
    wrong = pd.DataFrame({"id": ["x1", "x2", "x3"], "a_coref": [False, True, True],
                          "b_coref": [True, True, False]})
    frame = gap.misses(GOLD, wrong, n=1)
    assert frame["class"].tolist() == ["false positive", "false negative"]
    assert frame.attrs["totals"] == {"false positive": 3, "false negative": 1}
    assert frame.equals(gap.misses(GOLD, wrong, n=1))


def test_evaluate_takes_mentions_or_decisions_from_predict(tmp_path):
    path = tmp_path / "gap.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    seen = []

    def predict(articles):
        seen.append(list(articles["article_id"]))
        return RIGHT

    table = groups(gap.evaluate(path, predict=predict))
    assert seen == [["x1", "x2", "x3"]] and table.loc["Overall", "f1"] == 1.0
    decisions = gap.decisions(GOLD, RIGHT)
    assert groups(gap.evaluate(path, predict=lambda a: decisions)).loc["Overall", "f1"] == 1.0
    assert groups(gap.evaluate(path, predict=predict, limit=1)).loc["Overall",
                                                                    "n_examples"] == 1


def test_evaluate_real_file_smoke():
    if not GOLD_PATH.is_file():
        pytest.skip(f"gold file absent: {GOLD_PATH}")
    pytest.importorskip("toolkit.analysis")
    table = groups(gap.evaluate(GOLD_PATH, limit=20))
    assert table.loc["Overall", "n_examples"] == 20
    assert table.loc["Overall", ["tp", "fp", "fn", "tn"]].sum() == 40
