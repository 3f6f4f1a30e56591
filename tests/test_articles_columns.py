"""Column names of other tools' exports are mapped; a date- or id-like column that is not
mapped is named in a warning; ``columns=`` maps anything."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import toolkit as tk
from toolkit.articles import FIELD_NAMES, load_articles


@pytest.mark.parametrize(("column", "field", "value", "expected"), [
    ("pub_date", "published", "2024-03-05", pd.Timestamp("2024-03-05")),
    ("published_at", "published", "2024-03-05T10:00:00Z", pd.Timestamp("2024-03-05 10:00")),
    ("publishedAt", "published", "2024-03-05", pd.Timestamp("2024-03-05")),
    ("story_id", "article_id", "s-17", "s-17"),
    ("stories_id", "article_id", "901", "901"),
    ("headline", "title", "Bridge reopens", "Bridge reopens"),
    ("Article URL", "url", "https://example.invalid/a", "https://example.invalid/a"),
])
def test_common_export_columns_are_mapped(column, field, value, expected):
    frame = pd.DataFrame({"body": ["The bridge reopened."], column: [value]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # mapped: nothing to warn about
        articles = load_articles(frame)
    assert articles.loc[0, "text"] == "The bridge reopened."
    assert articles.loc[0, field] == expected


def test_csv_and_jsonl_use_the_same_names(tmp_path):
    (tmp_path / "a.csv").write_text("story_id,headline,body,pub_date\n"
                                    "c1,Title,Some text.,2023-01-02\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"story_id": "j1", "body": "Other text.",
                                                  "published_at": "2023-02-03"}) + "\n",
                                      encoding="utf-8")
    articles = load_articles(tmp_path)
    assert articles["article_id"].tolist() == ["c1", "j1"]
    assert articles["published"].dt.strftime("%Y-%m-%d").tolist() == ["2023-01-02",
                                                                      "2023-02-03"]
    assert articles.loc[0, "title"] == "Title"


def test_analyze_takes_a_frame_with_export_names():
    frame = pd.DataFrame({"story_id": ["s1"], "body": ['"We will win," said Jane Smith.'],
                          "pub_date": ["2024-01-02"]})
    result = tk.analyze(frame)
    assert result.quotes["article_id"].tolist() == ["s1"]
    assert result.articles.loc[0, "published"] == pd.Timestamp("2024-01-02")


@pytest.mark.parametrize(("column", "kind"), [
    ("when_created", "a date"), ("pubTimestamp", "a date"), ("ref_key", "an id"),
    ("legacy-uuid", "an id"),
])
def test_an_unmapped_date_or_id_column_is_named_once(column, kind):
    frame = pd.DataFrame({"text": ["One.", "Two."], column: ["x", "y"]})
    with pytest.warns(UserWarning) as caught:
        load_articles(frame)
    named = [str(w.message) for w in caught if repr(column) in str(w.message)]
    assert len(named) == 1
    assert f"looks like {kind}" in named[0] and "columns=" in named[0]


def test_no_warning_when_the_field_has_a_column_already():
    frame = pd.DataFrame({"id": ["a"], "text": ["One."], "date": ["2020-01-01"],
                          "updated_at": ["2020-02-01"], "author_id": ["u1"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_articles(frame)


def test_one_warning_per_column_for_a_folder_of_files(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.csv").write_text("text,created\nHello.,2020\n", encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        load_articles(tmp_path)
    assert sum("'created'" in str(w.message) for w in caught) == 1


def test_columns_maps_any_column():
    frame = pd.DataFrame({"Story": ["The text."], "when": ["2021-05-06"], "ref": ["r9"],
                          "paper": ["Daily"]})
    before = frame.copy(deep=True)
    articles = load_articles(frame, columns={"Story": "text", "when": "published",
                                             "ref": "article_id", "paper": "source"})
    row = articles.iloc[0]
    assert (row["article_id"], row["text"], row["source"]) == ("r9", "The text.", "Daily")
    assert row["published"] == pd.Timestamp("2021-05-06")
    pd.testing.assert_frame_equal(frame, before)


def test_columns_wins_over_a_common_name():
    frame = pd.DataFrame({"text": ["Short."], "full": ["The full text."]})
    assert load_articles(frame, columns={"full": "text"}).loc[0, "text"] == "The full text."


def test_columns_errors_name_the_problem():
    frame = pd.DataFrame({"text": ["x"]})
    with pytest.raises(ValueError, match=r"not columns; found columns: \['text'\]"):
        load_articles(frame, columns={"nope": "published"})
    with pytest.raises(ValueError, match="one of article_id, text"):
        load_articles(frame, columns={"text": "body"})
    with pytest.raises(TypeError, match="mapping"):
        load_articles(frame, columns=["text"])


def test_field_names_come_from_the_lexicon():
    from toolkit import lexicons

    table = lexicons.table("article_fields")
    assert FIELD_NAMES == {k: tuple(v) for k, v in table["fields"].items()}
    every = [name for names in FIELD_NAMES.values() for name in names]
    assert len(every) == len(set(every)), "a name maps to two fields"
