"""The GUM entity-resolution protocol (matching, resolution, breakdowns), on our own text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from toolkit.evaluation import gum

GOLD_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "gum-dev.jsonl"

TEXT = ("Ann Lee's dog barked. The old mayor of Paris waved. She smiled. "
        "I met the UN in Paris. The United Nations sent me.")


def span(part: str, nth: int = 0, text: str = TEXT) -> list[int]:
    """[start, end] of the nth occurrence of ``part`` as whole words."""
    found = list(re.finditer(r"(?<!\w)" + re.escape(part) + r"(?!\w)", text))
    return [found[nth].start(), found[nth].end()]


def mention(part: str, form: str, minspan: str | None = None, nth: int = 0,
            text: str = TEXT) -> dict:
    s, e = span(part, nth, text)
    m_s = s + text[s:e].index(minspan) if minspan else s
    return {"start": s, "end": e, "text": part, "form": form,
            "minspan": [[m_s, m_s + len(minspan or part)]]}


def entity(eid: str, etype: str, name: str | None, mentions: list[dict],
           identity: str | None = None) -> dict:
    return {"entity_id": eid, "type": etype, "identity": identity, "name": name,
            "n_mentions": len(mentions), "mentions": mentions}


ENTITIES = [
    entity("e1", "person", "Ann Lee", [mention("Ann Lee's", "name", "Ann Lee"),
                                       mention("The old mayor of Paris", "description",
                                               "mayor"),
                                       mention("She", "pronoun")]),
    entity("e2", "place", "Paris", [mention("Paris", "name"),
                                    mention("Paris", "name", nth=1)],
           identity="Paris (France)"),
    entity("e3", "organization", "United Nations", [mention("the UN", "name", "UN"),
                                                    mention("The United Nations", "name",
                                                            "United Nations")]),
    entity("e4", "person", "Bo", [mention("I", "pronoun"), mention("me", "pronoun")]),
    entity("e5", "animal", "Rex", [mention("Ann Lee's dog", "description", "dog"),
                                   mention("dog", "description")]),
    entity("e6", "person", "Tom", [mention("The old mayor", "description", "mayor")]),
]
GOLD = [{"id": "d1", "genre": "news", "split": "dev", "text": TEXT, "entities": ENTITIES}]


def system(*rows: tuple[str, str | None], nth: int = 0, doc: str = "d1") -> pd.DataFrame:
    out = []
    for part, name in rows:
        s, e = span(part, nth)
        out.append({"article_id": doc, "start": s, "end": e, "name": name})
    return pd.DataFrame(out, columns=["article_id", "start", "end", "name"])


def row(table: pd.DataFrame, breakdown: str = "overall", group: str = "all") -> pd.Series:
    return table.set_index(["breakdown", "group"]).loc[(breakdown, group)]


def test_counted_gold_is_people_places_organisations_with_a_name_and_two_mentions():
    counted = [m for m in gum.gold_mentions(GOLD[0]) if m.counted]
    assert sorted({m.entity for m in counted}) == ["e1", "e2", "e3", "e4"]
    assert len(counted) == 9


def test_oracle_scores_one_on_every_measure():
    table = gum.score(GOLD, gum.oracle_mentions(GOLD))
    assert (table[["accuracy", "found_rate", "precision"]].dropna() == 1.0).all().all()
    assert row(table)["n_gold"] == 9
    assert row(table, "pronoun person", "1st/2nd person")["n_gold"] == 2
    assert row(table, "dev: overall")["n_gold"] == 9


def test_possessive_and_punctuation_are_trimmed_before_matching():
    assert row(gum.score(GOLD, system(("Ann Lee's", "Ann Lee"))))["n_resolved"] == 1
    text = 'He said "Ann Lee\'s," twice.'
    s, e = gum.trim_mention(text, 8, 19)
    assert text[s:e] == "Ann Lee"


def test_a_match_needs_a_minspan_word_and_half_its_characters_inside():
    # "The old" lies inside "The old mayor of Paris" but misses its minspan "mayor"
    assert row(gum.score(GOLD, system(("The old", "Ann Lee"))))["n_found"] == 0
    # "She smiled" is mostly outside the pronoun
    assert row(gum.score(GOLD, system(("She smiled", "Ann Lee"))))["n_found"] == 0
    # 5 of the 11 characters of "Paris waved" are in "Paris": less than half
    assert row(gum.score(GOLD, system(("Paris waved", "Paris"))))["n_found"] == 0
    # "of Paris": 5 of 8 in "Paris" (and outside the mayor phrase's minspan)
    table = gum.score(GOLD, system(("of Paris", "Paris")))
    assert row(table, "type", "place")["n_resolved"] == 1


def test_assignment_goes_to_the_best_overlap_over_union():
    table = gum.score(GOLD, system(("mayor of Paris", "Ann Lee"), ("Paris", "Paris")))
    assert row(table, "form", "description")["n_resolved"] == 1
    assert row(table, "type", "place")["n_resolved"] == 1  # "Paris" went to the place


def test_a_mention_assigned_to_an_uncounted_gold_is_ignored():
    # "The old mayor" is Tom's (one mention: not counted), not Ann Lee's longer phrase
    table = gum.score(GOLD, system(("The old mayor", "Bob Day")))
    assert (row(table)["n_found"], row(table)["n_named"]) == (0, 0)
    assert row(gum.score(GOLD, system(("dog", "Rex"))))["n_named"] == 0


@pytest.mark.parametrize(("part", "name", "resolved"), [
    ("the UN", "UN", True),                          # a name-form mention's text
    ("Paris", "Paris (France)", True),               # the identity
    ("Paris", "PARÍS", True),                        # casefold, accents
    ("The old mayor of Paris", "Lee", True),         # last word of the name
    ("The old mayor of Paris", "Paris", False),      # the place, not the person
    ("She", "Ann Leeds", False),
    ("She", None, False),
])
def test_resolution_by_the_name_rule(part, name, resolved):
    table = gum.score(GOLD, system((part, name)))
    assert row(table)["n_resolved"] == int(resolved)
    assert row(table)["n_found"] == 1


def test_precision_counts_named_mentions_and_accuracy_needs_one_right_name():
    table = gum.score(GOLD, system(("She", "Bob Day"), ("She", "Ann Lee"), ("Paris", None)))
    overall = row(table)
    assert (overall["n_found"], overall["n_resolved"]) == (2, 1)
    assert (overall["n_named"], overall["n_named_correct"]) == (2, 1)
    assert overall["precision"] == 0.5


def test_breakdowns_by_form_person_type_genre_and_dev():
    table = gum.score(GOLD, system(("She", "Ann Lee"), ("I", "Bo")))
    assert row(table, "form", "pronoun")["accuracy"] == pytest.approx(2 / 3)
    assert row(table, "pronoun person", "3rd person")["accuracy"] == 1.0
    assert row(table, "pronoun person", "1st/2nd person")["accuracy"] == 0.5
    assert row(table, "type x form", "person pronoun")["n_gold"] == 3
    assert row(table, "genre", "news")["n_gold"] == 9
    assert row(table, "dev: form", "pronoun")["n_resolved"] == 2
    train = [dict(GOLD[0], split="train")]
    assert not gum.score(train, gum.oracle_mentions(train))["breakdown"].str.startswith(
        "dev").any()


def test_documents_that_raised_predict_nothing():
    table = gum.score(GOLD, gum.oracle_mentions(GOLD), raising=["d1"])
    assert row(table)["n_found"] == 0 and row(table)["accuracy"] == 0.0


def test_named_mentions_join_the_entity_names():
    mentions = pd.DataFrame({"article_id": ["d1"], "start": [0], "end": [9],
                             "entity_id": ["E1"]})
    entities = pd.DataFrame({"entity_id": ["E1"], "name": ["Ann Lee"]})
    named = gum.named_mentions(mentions, entities)
    assert named["name"].tolist() == ["Ann Lee"]
    assert "name" not in mentions.columns
    with pytest.raises(ValueError, match="start"):
        gum.named_mentions(pd.DataFrame({"article_id": ["d1"]}))


def test_evaluate_reads_an_analysis_like_result(tmp_path):
    path = tmp_path / "gum.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n", encoding="utf-8")
    oracle = gum.oracle_mentions(GOLD)

    def predict(articles):
        ids = [f"E{i}" for i in range(len(oracle))]
        return SimpleNamespace(
            mentions=oracle.drop(columns="name").assign(entity_id=ids),
            entities=pd.DataFrame({"entity_id": ids, "name": oracle["name"]}),
            errors=pd.DataFrame(columns=["article_id", "stage", "error", "message"]))

    table = gum.evaluate(path, predict=predict, misses_per_class=3)
    assert row(table)["accuracy"] == 1.0
    assert table["n_documents"].eq(1).all() and table["documents_raising"].eq(0).all()
    assert len(table.attrs["misses"]) == 0


def test_misses_name_the_wrong_and_the_missing():
    frame = gum.misses(GOLD, system(("She", "Bob Day")), n=10)
    assert frame.loc[0, ["class", "mention", "predicted"]].tolist() == [
        "wrong name (pronoun)", "She", "Bob Day"]
    assert set(frame["class"]) == {"wrong name (pronoun)", "not found (name)",
                                   "not found (description)", "not found (pronoun)"}


def test_oracle_on_the_real_file_scores_one():
    if not GOLD_PATH.is_file():
        pytest.skip(f"gold file absent: {GOLD_PATH}")
    from toolkit.evaluation.common import load_records

    records = load_records(GOLD_PATH)
    table = gum.score(records, gum.oracle_mentions(records))
    assert (table[["accuracy", "found_rate", "precision"]].dropna() == 1.0).all().all()


def test_evaluate_real_file_smoke():
    if not GOLD_PATH.is_file():
        pytest.skip(f"gold file absent: {GOLD_PATH}")
    pytest.importorskip("toolkit.analysis")
    table = gum.evaluate(GOLD_PATH, limit=2)
    overall = row(table)
    assert overall["n_gold"] > 0 and 0.0 <= overall["accuracy"] <= 1.0
    assert table["n_documents"].eq(2).all()
