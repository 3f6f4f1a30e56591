"""Tests for toolkit.articles: every format, option and reliability case, on small
inputs written to tmp_path."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from toolkit.articles import (
    ArticleLoadError,
    load_articles,
    load_articles_with_errors,
)
from toolkit.frames import SCHEMAS

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_6b718563991011b7.txt"
WIKINEWS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"

ARTICLE_COLUMNS = list(SCHEMAS["articles"])
ERROR_COLUMNS = list(SCHEMAS["errors"])


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def write_jsonl(path: Path, records: list[dict]) -> Path:
    return write(path, "".join(json.dumps(record) + "\n" for record in records))


def assert_articles_schema(df: pd.DataFrame) -> None:
    assert list(df.columns) == ARTICLE_COLUMNS
    assert df["published"].dtype == "datetime64[ns]"
    assert df["n_chars"].dtype == "Int64"
    for column in ("article_id", "title", "byline", "source", "url", "path", "text", "status"):
        assert isinstance(df[column].dtype, pd.StringDtype), column


# --------------------------------------------------------------------------- plain text


def test_txt_title_body_and_byline(tmp_path: Path) -> None:
    path = write(
        tmp_path / "story.txt",
        "Bridge reopens\n\n  The mayor said the bridge reopened.\nTraffic resumed.\n"
        "\nBy Jane Doe\n",
    )
    df = load_articles(path)
    assert_articles_schema(df)
    row = df.iloc[0]
    assert row["article_id"] == "story"
    assert row["title"] == "Bridge reopens"
    assert row["byline"] == "Jane Doe"
    assert row["text"] == "The mayor said the bridge reopened.\nTraffic resumed."
    assert row["n_chars"] == len(row["text"])
    assert row["status"] == "ok"
    assert row["path"] == str(path)
    assert pd.isna(row["published"]) and pd.isna(row["url"]) and pd.isna(row["source"])


def test_txt_single_line_is_all_text(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "one.txt", "  Just one line of news.  \n"))
    assert pd.isna(df.loc[0, "title"])
    assert df.loc[0, "text"] == "Just one line of news."
    assert pd.isna(df.loc[0, "byline"])


@pytest.mark.parametrize(
    ("closing", "byline"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("by Jane Doe", "Jane Doe"),
        ("By John A. Smith Jr.", "John A. Smith Jr."),
        ("By the end of the year, prices had doubled.", None),
        ("By Monday the bridge was open again and traffic was flowing freely once more", None),
        ("Bystanders cheered.", None),
    ],
)
def test_txt_byline_detection(tmp_path: Path, closing: str, byline: str | None) -> None:
    df = load_articles(write(tmp_path / "a.txt", f"Title\nBody sentence.\n{closing}\n"))
    if byline is None:
        assert pd.isna(df.loc[0, "byline"])
        assert df.loc[0, "text"].endswith(closing)
    else:
        assert df.loc[0, "byline"] == byline
        assert df.loc[0, "text"] == "Body sentence."


def test_txt_byline_kept_as_text_when_it_is_the_only_body_line(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "a.txt", "Title\nBy Jane Doe\n"))
    assert df.loc[0, "text"] == "By Jane Doe"
    assert pd.isna(df.loc[0, "byline"])


def test_md_title_heading_marks_removed(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "note.md", "# Big news\n\nSomething happened.\n"))
    assert df.loc[0, "title"] == "Big news"
    assert df.loc[0, "text"] == "Something happened."


def test_crlf_normalised_and_bom_stripped(tmp_path: Path) -> None:
    raw = "\ufeffHeadline\r\nFirst line.\r\nSecond line.\rThird line.\r\nBy Jane Doe\r\n"
    df = load_articles(write(tmp_path / "win.txt", raw.encode("utf-8")))
    assert df.loc[0, "title"] == "Headline"
    assert df.loc[0, "text"] == "First line.\nSecond line.\nThird line."
    assert "\r" not in df.loc[0, "text"]
    assert df.loc[0, "byline"] == "Jane Doe"


def test_bom_stripped_in_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path / "b.jsonl", b'\xef\xbb\xbf{"id": "x", "text": "Hi."}\n')
    df, errors = load_articles_with_errors(path)
    assert df["article_id"].tolist() == ["x"]
    assert errors.empty


@pytest.mark.parametrize("content", ["", "   \n\t\n  "])
def test_empty_file_has_status_empty(tmp_path: Path, content: str) -> None:
    df = load_articles(write(tmp_path / "blank.txt", content))
    assert len(df) == 1
    assert df.loc[0, "status"] == "empty"
    assert df.loc[0, "text"] == ""
    assert df.loc[0, "n_chars"] == 0
    assert df.loc[0, "article_id"] == "blank"


@pytest.mark.parametrize("name", ["blank.jsonl", "blank.json", "blank.csv"])
def test_empty_record_file_still_shows_up(tmp_path: Path, name: str) -> None:
    df = load_articles(write(tmp_path / name, "\n \n"))
    assert df[["article_id", "status"]].values.tolist() == [["blank", "empty"]]


# --------------------------------------------------------------------------- records


def test_json_object(tmp_path: Path) -> None:
    record = {
        "id": "n1",
        "headline": "Title here",
        "body": "Body here.",
        "publication_date": "2020-05-01",
        "outlet": "Daily Planet",
        "link": "https://example.org/1",
        "byline": "Jane Doe",
    }
    df = load_articles(write(tmp_path / "one.json", json.dumps(record)))
    row = df.iloc[0]
    assert row["article_id"] == "n1"
    assert row["title"] == "Title here"
    assert row["text"] == "Body here."
    assert row["published"] == pd.Timestamp("2020-05-01")
    assert row["source"] == "Daily Planet"
    assert row["url"] == "https://example.org/1"
    assert row["byline"] == "Jane Doe"


def test_json_object_without_id_uses_stem(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "solo.json", json.dumps({"content": "Text."})))
    assert df.loc[0, "article_id"] == "solo"


def test_json_list_ids_and_field_names(tmp_path: Path) -> None:
    records = [
        {"Title": "A", "Article": "Text A.", "Authors": ["Ann", {"name": "Bob"}], "Site": "S"},
        {"title": "B", "article": "Text B.", "pubdate": "2021-01-02T03:04:05"},
        "not an object",
        {"id": 7, "title": "C", "article": "Text C."},
    ]
    df, errors = load_articles_with_errors(write(tmp_path / "list.json", json.dumps(records)))
    assert df["article_id"].tolist() == ["list:0", "list:1", "list:2", "7"]
    assert df["status"].tolist() == ["ok", "ok", "skipped: not a JSON object", "ok"]
    assert df.loc[0, "byline"] == "Ann, Bob"
    assert df.loc[0, "source"] == "S"
    assert df.loc[1, "published"] == pd.Timestamp("2021-01-02 03:04:05")
    assert errors["article_id"].tolist() == ["list:2"]


@pytest.mark.parametrize("field", ["text", "body", "content", "article", "full_text"])
def test_jsonl_text_field_names(tmp_path: Path, field: str) -> None:
    df = load_articles(write_jsonl(tmp_path / "f.jsonl", [{field: "The text."}]))
    assert df.loc[0, "text"] == "The text."
    assert df.loc[0, "article_id"] == "f:0"


def test_jsonl_full_record(tmp_path: Path) -> None:
    records = [
        {
            "id": "a",
            "title": "T1",
            "text": "One.",
            "date": "2019-01-04",
            "source": "W",
            "url": "https://x/a",
            "author": "Ann",
        },
        {"id": "b", "title": "T2", "text": "Two.", "published": "2019-01-05"},
    ]
    df = load_articles(write_jsonl(tmp_path / "feed.jsonl", records))
    assert df["article_id"].tolist() == ["a", "b"]
    assert df["published"].tolist() == [pd.Timestamp("2019-01-04"), pd.Timestamp("2019-01-05")]
    assert df.loc[0, "byline"] == "Ann"
    assert (df["path"] == str(tmp_path / "feed.jsonl")).all()


def test_ndjson_extension(tmp_path: Path) -> None:
    df = load_articles(write_jsonl(tmp_path / "x.ndjson", [{"text": "Hi."}]))
    assert df.loc[0, "text"] == "Hi."


def test_jsonl_malformed_line_reported_others_load(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        '{"id": "a", "text": "One."}\n{"id": "b", "text": \n\n{"id": "c", "text": "Three."}\n[1]\n',
    )
    df, errors = load_articles_with_errors(path)
    assert df["article_id"].tolist() == ["a", "feed:1", "c", "feed:4"]
    assert df["status"].tolist() == [
        "ok",
        "skipped: malformed JSON",
        "ok",
        "skipped: not a JSON object",
    ]
    assert df.loc[1, "text"] == ""
    assert errors["stage"].tolist() == ["load", "load"]
    assert errors.loc[0, "error"] == "JSONDecodeError"
    assert "line 2" in errors.loc[0, "message"]
    assert "line 5" in errors.loc[1, "message"]


def test_malformed_json_file(tmp_path: Path) -> None:
    df, errors = load_articles_with_errors(write(tmp_path / "bad.json", "{nope"))
    assert df[["article_id", "status"]].values.tolist() == [["bad", "skipped: malformed JSON"]]
    assert errors.loc[0, "error"] == "JSONDecodeError"


def test_csv_fields_and_string_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path / "news.csv",
        "ID,Headline,Content,Date,Publisher,URL,Author\n"
        '007,First,"Line one.\r\nLine two.",2020-01-02,P,https://x/1,Ann\n'
        "008,Second,Two.,not a date,,,\n",
    )
    df = load_articles(path)
    assert df["article_id"].tolist() == ["007", "008"]
    assert df.loc[0, "text"] == "Line one.\nLine two."
    assert df.loc[0, "published"] == pd.Timestamp("2020-01-02")
    assert pd.isna(df.loc[1, "published"])
    assert pd.isna(df.loc[1, "source"]) and pd.isna(df.loc[1, "byline"])
    assert df.loc[0, "source"] == "P"


def test_malformed_csv_skipped_with_error_row(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.csv", 'id,text\n1,"unterminated\n')
    df, errors = load_articles_with_errors(path)
    assert df[["article_id", "status"]].values.tolist() == [["broken", "skipped: malformed CSV"]]
    assert errors.loc[0, "article_id"] == "broken"
    assert "broken.csv" in errors.loc[0, "message"]


def test_json_scalar_top_level_skipped(tmp_path: Path) -> None:
    df, errors = load_articles_with_errors(write(tmp_path / "n.json", "42"))
    assert df.loc[0, "status"] == "skipped: not a JSON object"
    assert errors.loc[0, "error"] == "TypeError"


def test_csv_without_ids_uses_stem_and_row(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "rows.csv", "text\nA.\nB.\n"))
    assert df["article_id"].tolist() == ["rows:0", "rows:1"]


def test_csv_missing_text_value_is_empty(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "rows.csv", "id,text\n1,A.\n2,\n"))
    assert df["status"].tolist() == ["ok", "empty"]


def test_tsv(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "rows.tsv", "id\tbody\nx\tSome, text.\n"))
    assert df[["article_id", "text"]].values.tolist() == [["x", "Some, text."]]


def test_text_column_and_id_column_options(tmp_path: Path) -> None:
    path = write(tmp_path / "custom.csv", "key,story,text\nk1,The story.,short\n")
    df = load_articles(path, text_column="story", id_column="key")
    assert df[["article_id", "text"]].values.tolist() == [["k1", "The story."]]


# --------------------------------------------------------------------------- html


HTML = """<html><head><title>Bridge reopens</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2021-05-03T10:00:00+02:00">
<meta property="og:site_name" content="Daily Planet">
<link rel="canonical" href="https://example.org/news/1"></head>
<body><nav>Home | About</nav><article><h1>Bridge reopens</h1>
<p>The mayor said on Monday that the bridge would reopen next week after months of
repairs to its cables and deck.</p>
<p>Residents welcomed the news, though some said the delays had cost local shops dearly
over the winter season.</p></article><footer>Copyright</footer></body></html>"""


def test_html_via_trafilatura(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    df = load_articles(write(tmp_path / "page.html", HTML))
    row = df.iloc[0]
    assert row["article_id"] == "page"
    assert row["title"] == "Bridge reopens"
    assert row["byline"] == "Jane Doe"
    assert row["url"] == "https://example.org/news/1"
    assert row["source"] == "Daily Planet"
    assert row["published"] == pd.Timestamp("2021-05-03")
    assert row["text"].startswith("The mayor said on Monday")
    assert "Residents welcomed the news" in row["text"]
    assert "Copyright" not in row["text"]
    assert row["status"] == "ok"


def test_html_without_article_text_is_empty(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    df = load_articles(write(tmp_path / "blank.html", "<html><body></body></html>"))
    assert df[["article_id", "status", "text"]].values.tolist() == [["blank", "empty", ""]]


def test_html_without_trafilatura_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes the import fail
    with pytest.raises(ImportError, match=r'pip install "whosaid-toolkit\[html\]"'):
        load_articles(write(tmp_path / "page.htm", HTML))


# --------------------------------------------------------------------------- DataFrames


@pytest.mark.parametrize("column", ["text", "body", "content"])
def test_dataframe_text_column_names(column: str) -> None:
    df = load_articles(pd.DataFrame({column: ["Hello there."]}))
    assert df.loc[0, "text"] == "Hello there."
    assert df.loc[0, "article_id"].startswith("a")
    assert len(df.loc[0, "article_id"]) == 13
    assert pd.isna(df.loc[0, "path"])


def test_dataframe_not_mutated_and_ids() -> None:
    frame = pd.DataFrame(
        {
            "id": [1, 2, None],
            "title": ["T1", None, "T3"],
            "text": ["  One.\r\n", None, "Three."],
            "date": ["2020-01-01T12:00:00Z", "garbage", None],
        }
    )
    frame.attrs["note"] = "mine"
    before = frame.copy(deep=True)
    df = load_articles(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert frame.attrs == {"note": "mine"}
    assert df is not frame
    assert df["article_id"].tolist()[:2] == ["1", "2"]
    assert df.loc[2, "article_id"].startswith("a")  # hash of the text when the id is missing
    assert df["text"].tolist() == ["One.", "", "Three."]
    assert df["status"].tolist() == ["ok", "empty", "ok"]
    assert df.loc[0, "published"] == pd.Timestamp("2020-01-01 12:00")
    assert df["published"].isna().tolist() == [False, True, True]


def test_dataframe_hash_ids_are_stable() -> None:
    frame = pd.DataFrame({"text": ["Alpha.", "Beta."]})
    first = load_articles(frame)["article_id"].tolist()
    second = load_articles(frame.iloc[::-1])["article_id"].tolist()
    assert first == second[::-1]


def test_dataframe_options() -> None:
    frame = pd.DataFrame({"key": ["k1"], "story": ["S."]})
    df = load_articles(frame, text_column="story", id_column="key")
    assert df[["article_id", "text"]].values.tolist() == [["k1", "S."]]


def test_dataframe_datetime_values() -> None:
    frame = pd.DataFrame(
        {
            "text": ["a", "b"],
            "published": pd.to_datetime(["2020-01-01 05:00", "2020-01-02 00:00"]).tz_localize(
                "US/Eastern"
            ),
        }
    )
    df = load_articles(frame)
    assert df["published"].tolist() == [
        pd.Timestamp("2020-01-01 10:00"),
        pd.Timestamp("2020-01-02 05:00"),
    ]


# --------------------------------------------------------------------------- dates and ids


def test_published_parsing_rules(tmp_path: Path) -> None:
    records = [
        {"id": "utc", "text": "x", "date": "2020-03-01T10:00:00+02:00"},
        {"id": "naive", "text": "x", "date": "2020-03-01 10:00"},
        {"id": "words", "text": "x", "date": "January 4, 2019"},
        {"id": "bad", "text": "x", "date": "sometime soon"},
        {"id": "none", "text": "x", "date": None},
        {"id": "missing", "text": "x"},
    ]
    df = load_articles(write_jsonl(tmp_path / "d.jsonl", records)).set_index("article_id")
    assert df["published"].dtype == "datetime64[ns]"
    assert df.loc["utc", "published"] == pd.Timestamp("2020-03-01 08:00")
    assert df.loc["naive", "published"] == pd.Timestamp("2020-03-01 10:00")
    assert df.loc["words", "published"] == pd.Timestamp("2019-01-04")
    assert df.loc[["bad", "none", "missing"], "published"].isna().all()


def test_duplicate_ids_made_unique_with_warning(tmp_path: Path) -> None:
    records = [{"id": "x", "text": "1"}, {"id": "x", "text": "2"}, {"id": "x", "text": "3"}]
    path = write_jsonl(tmp_path / "dup.jsonl", records)
    with pytest.warns(UserWarning, match="duplicate article id"):
        df = load_articles(path)
    assert df["article_id"].tolist() == ["x", "x~2", "x~3"]


def test_duplicate_ids_avoid_existing_suffixes() -> None:
    frame = pd.DataFrame({"id": ["x", "x~2", "x"], "text": ["1", "2", "3"]})
    with pytest.warns(UserWarning):
        df = load_articles(frame)
    assert df["article_id"].tolist() == ["x", "x~2", "x~3"]
    assert df["article_id"].is_unique


def test_same_stem_in_two_folders(tmp_path: Path) -> None:
    write(tmp_path / "a" / "story.txt", "One.")
    write(tmp_path / "b" / "story.txt", "Two.")
    with pytest.warns(UserWarning, match="duplicate"):
        df = load_articles(tmp_path)
    assert df[["article_id", "text"]].values.tolist() == [["story", "One."], ["story~2", "Two."]]


# --------------------------------------------------------------------------- sources


def test_folder_recursive_sorted_and_hidden_ignored(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "B.")
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "sub" / "c.txt", "C.")
    write(tmp_path / "a-z.txt", "AZ.")
    write(tmp_path / ".hidden.txt", "H.")
    write(tmp_path / ".ipynb_checkpoints" / "a-checkpoint.txt", "H.")
    df = load_articles(tmp_path)
    assert df["article_id"].tolist() == ["a-z", "a", "b", "c"]
    assert df["path"].tolist()[-1] == str(tmp_path / "sub" / "c.txt")
    shallow = load_articles(tmp_path, recursive=False)
    assert shallow["article_id"].tolist() == ["a-z", "a", "b"]


def test_glob_and_list_sources(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", "One.")
    write(tmp_path / "two.txt", "Two.")
    write(tmp_path / "rows.csv", "text\nThree.\n")
    df = load_articles(str(tmp_path / "*.txt"))
    assert df["article_id"].tolist() == ["one", "two"]
    mixed = load_articles([tmp_path / "rows.csv", str(tmp_path / "t*.txt")])
    assert mixed["article_id"].tolist() == ["rows:0", "two"]
    assert load_articles((tmp_path / "one.txt",))["text"].tolist() == ["One."]


def test_glob_recursive(tmp_path: Path) -> None:
    write(tmp_path / "x" / "deep.txt", "Deep.")
    df = load_articles(str(tmp_path / "**" / "*.txt"))
    assert df["article_id"].tolist() == ["deep"]


def test_every_input_is_a_row(tmp_path: Path) -> None:
    write(tmp_path / "1_good.txt", "Title\nBody.")
    write(tmp_path / "2_binary.txt", b"abc\x00def")
    write(tmp_path / "3_image.png", b"\x89PNG\r\n")
    write(tmp_path / "4_empty.txt", "")
    write(tmp_path / "5_latin.txt", "Caf\xe9 au lait.".encode("latin-1"))
    df, errors = load_articles_with_errors(tmp_path)
    assert df["article_id"].tolist() == ["1_good", "2_binary", "3_image", "4_empty", "5_latin"]
    assert df["status"].tolist() == [
        "ok",
        "skipped: binary",
        "skipped: unsupported format (.png)",
        "empty",
        "ok",
    ]
    assert df.loc[1, "text"] == "" and df.loc[2, "text"] == ""
    assert errors["article_id"].tolist() == ["2_binary", "3_image", "5_latin"]
    assert errors["error"].tolist() == ["BinaryFile", "UnsupportedFormat", "UnicodeDecodeError"]
    assert set(errors["stage"]) == {"load"}


def test_deterministic(tmp_path: Path) -> None:
    for name in ("c", "a", "b"):
        write(tmp_path / f"{name}.txt", f"{name} text.")
    pd.testing.assert_frame_equal(load_articles(tmp_path), load_articles(tmp_path))


# --------------------------------------------------------------------------- reliability


def test_missing_path_raises_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "missing.txt"
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        load_articles(missing)
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        load_articles([tmp_path, str(missing)])


def test_glob_matching_nothing_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"\*\.jsonl"):
        load_articles(str(tmp_path / "*.jsonl"))


def test_csv_without_text_column_names_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "meta.csv", "id,headline,when\n1,H,2020\n")
    with pytest.raises(ValueError, match=r"\['id', 'headline', 'when'\]"):
        load_articles(path)


def test_json_without_text_column_names_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "meta.json", json.dumps([{"id": 1, "summary": "s"}]))
    with pytest.raises(ValueError, match=r"found columns: \['id', 'summary'\]"):
        load_articles(path)


def test_dataframe_without_text_column_names_columns() -> None:
    with pytest.raises(ValueError, match=r"\['headline', 'score'\]"):
        load_articles(pd.DataFrame({"headline": ["h"], "score": [1]}))


def test_unknown_text_column_option(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="text_column='story'"):
        load_articles(pd.DataFrame({"text": ["t"]}), text_column="story")
    with pytest.raises(ValueError, match="id_column='key'"):
        load_articles(write(tmp_path / "r.csv", "text\nT.\n"), id_column="key")


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: load_articles(42), "source"),
        (lambda: load_articles(None), "source"),
        (lambda: load_articles({"text": "x"}), "source"),
        (lambda: load_articles(["seeds", 3]), r"source\[1\]"),
        (lambda: load_articles("seeds", text_column=1), "text_column"),
        (lambda: load_articles("seeds", id_column=["id"]), "id_column"),
        (lambda: load_articles("seeds", encoding=None), "encoding"),
        (lambda: load_articles("seeds", recursive="yes"), "recursive"),
        (lambda: load_articles("seeds", errors=True), "errors"),
    ],
)
def test_wrong_argument_types_name_the_argument(call, argument: str) -> None:
    with pytest.raises(TypeError, match=argument):
        call()


def test_bad_option_values() -> None:
    with pytest.raises(ValueError, match="errors"):
        load_articles(pd.DataFrame({"text": ["t"]}), errors="ignore")
    with pytest.raises(LookupError):
        load_articles(pd.DataFrame({"text": ["t"]}), encoding="no-such-codec")


def test_invalid_utf8_replaced_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"Title\nCaf\xe9 \xff ok.\n")
    df, errors = load_articles_with_errors(path)
    assert df.loc[0, "text"] == "Caf\ufffd \ufffd ok."
    assert df.loc[0, "status"] == "ok"
    assert errors[["article_id", "stage", "error"]].values.tolist() == [
        ["bad", "load", "UnicodeDecodeError"]
    ]
    assert "bad.txt" in errors.loc[0, "message"]


def test_encoding_option(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "Caf\xe9.".encode("latin-1"))
    df, errors = load_articles_with_errors(path, encoding="latin-1")
    assert df.loc[0, "text"] == "Caf\xe9."
    assert errors.empty
    utf16 = write(tmp_path / "wide.txt", "Wide text.".encode("utf-16"))
    assert load_articles(utf16, encoding="utf-16").loc[0, "text"] == "Wide text."


def test_binary_file_skipped_with_error_row(tmp_path: Path) -> None:
    path = write(tmp_path / "blob.jsonl", b'{"text": "x"}\n\x00\x01\x02')
    df, errors = load_articles_with_errors(path)
    assert df[["article_id", "status", "text"]].values.tolist() == [["blob", "skipped: binary", ""]]
    assert errors.loc[0, "error"] == "BinaryFile"
    assert df.attrs == {}  # only load_articles attaches errors


def test_unknown_extension_skipped_with_error_row(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "report.pdf", b"%PDF-1.4"))
    assert df.loc[0, "status"] == "skipped: unsupported format (.pdf)"
    assert df.attrs["errors"][0]["error"] == "UnsupportedFormat"
    assert df.attrs["errors"][0]["article_id"] == "report"


def test_errors_attached_as_attrs(tmp_path: Path) -> None:
    df = load_articles(write(tmp_path / "f.jsonl", '{"text": "a"}\n{oops\n'))
    assert df.attrs["errors"] == [
        {
            "article_id": "f:1",
            "stage": "load",
            "error": "JSONDecodeError",
            "message": df.attrs["errors"][0]["message"],
        }
    ]
    assert "line 2" in df.attrs["errors"][0]["message"]


def test_errors_raise_mode(tmp_path: Path) -> None:
    path = write(tmp_path / "f.jsonl", '{"text": "a"}\n{oops\n')
    with pytest.raises(ArticleLoadError, match="line 2"):
        load_articles(path, errors="raise")
    with pytest.raises(ArticleLoadError, match="BinaryFile"):
        load_articles(write(tmp_path / "b.txt", b"\x00"), errors="raise")
    good = write(tmp_path / "g" / "ok.txt", "Fine.")
    assert load_articles(good, errors="raise")["status"].tolist() == ["ok"]


def test_empty_folder_gives_full_schema_and_warns(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="no files"):
        df, errors = load_articles_with_errors(tmp_path)
    assert df.empty
    assert_articles_schema(df)
    assert list(errors.columns) == ERROR_COLUMNS and errors.empty
    with pytest.warns(UserWarning, match="no files"):
        assert load_articles(tmp_path).attrs["errors"] == []


def test_empty_list_warns() -> None:
    with pytest.warns(UserWarning, match="no input"):
        df = load_articles([])
    assert_articles_schema(df)


def test_no_warning_for_normal_load(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_articles(tmp_path)


def test_import_prints_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import toolkit.articles"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert result.stdout == "" and result.stderr == ""


# --------------------------------------------------------------------------- real data


def test_seed_article_loads() -> None:
    df = load_articles(SEED)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["article_id"] == SEED.stem
    assert row["title"] == "Putin congratulates Trump, signals openness to renew US-Russia dialogue"
    assert row["byline"] == "Aghakazim Guliyev"
    assert row["text"].startswith("Russia’s President, Vladimir Putin")
    assert "By Aghakazim" not in row["text"]
    assert row["text"] == row["text"].strip()
    assert row["status"] == "ok"
    assert row["n_chars"] == len(row["text"])


def test_seed_folder_loads() -> None:
    df = load_articles(REPO / "seeds")
    assert SEED.stem in df["article_id"].tolist()
    assert (df["status"] == "ok").all()


def test_wikinews_corpus_loads() -> None:
    if not WIKINEWS.exists():
        pytest.skip(f"corpus not available: {WIKINEWS}")
    df, errors = load_articles_with_errors(WIKINEWS)
    assert len(df) == 293
    assert df["article_id"].is_unique
    assert errors.empty
    assert (df["status"] == "ok").all()
    assert df["published"].notna().all()
    assert df["title"].notna().all() and (df["title"].str.len() > 0).all()
    assert df["url"].str.startswith("https://").all()
    assert df["published"].is_monotonic_increasing
