"""Reliability (issue 7): hostile input never loses an article or crashes a batch.

Loader cases of issue 7 (invalid UTF-8, binary files, malformed JSONL lines, empty
folders, duplicate ids, CRLF and BOM, missing paths, sources without a text column,
wrong argument types) are tested in tests/test_articles.py and not repeated here:
see test_invalid_utf8_replaced_and_reported, test_binary_file_skipped_with_error_row,
test_jsonl_malformed_line_reported_others_load, test_empty_folder_gives_full_schema_and_warns,
test_duplicate_ids_made_unique_with_warning, test_crlf_normalised_and_bom_stripped,
test_missing_path_raises_naming_it, test_csv_without_text_column_names_columns and
test_wrong_argument_types_name_the_argument.

Here: bad arguments to ``analyze`` and the CLI, hostile texts (every one analysed,
no errors rows, every span exact), the CLI's atomic writes and its refusal to
overwrite, no pickle/eval/exec in the package, and no network at run time.
"""

from __future__ import annotations

import ast
import json
import socket
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit.analysis import span_mismatches
from toolkit.cli import main as cli_main
from toolkit.frames import CLAIM_ORIGINS, MENTION_RESOLUTIONS, QUOTE_KINDS, SCHEMAS

PACKAGE = Path(tk.__file__).resolve().parent


# --------------------------------------------------------------------------- helpers

def check_invariants(result: tk.Analysis, article_ids: list[str]) -> None:
    """The contracts of issue 7 for one analysis of ``article_ids``."""
    assert result.errors.empty, result.errors.to_dict("records")
    assert sorted(result.articles["article_id"]) == sorted(article_ids)
    assert span_mismatches(result) == []
    for name, frame in result.frames().items():
        assert list(frame.columns) == list(SCHEMAS[name]), name
    for frame, column in ((result.mentions, "mention_id"), (result.quotes, "quote_id"),
                          (result.claims, "claim_id"), (result.entities, "entity_id")):
        assert frame[column].is_unique, column
        assert frame[column].notna().all(), column
    assert set(result.mentions["resolution"]) <= set(MENTION_RESOLUTIONS)
    assert set(result.quotes["kind"]) <= set(QUOTE_KINDS)
    assert set(result.claims["origin"]) <= set(CLAIM_ORIGINS)
    assert set(result.mentions["entity_id"]) <= set(result.entities["entity_id"])
    known = set(article_ids)
    for frame in (result.mentions, result.quotes, result.claims):
        assert set(frame["article_id"]) <= known


# --------------------------------------------------------------------------- arguments

@pytest.mark.parametrize(
    ("kwargs", "exc", "argument"),
    [
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": "8"}, ValueError, "batch_size"),
        ({"batch_size": 2.5}, ValueError, "batch_size"),
        ({"n_process": 0}, ValueError, "n_process"),
        ({"n_process": None}, ValueError, "n_process"),
        ({"nlp": 42}, TypeError, "nlp"),
    ],
)
def test_analyze_bad_options_raise_naming_the_argument(kwargs, exc, argument):
    with pytest.raises(exc, match=argument):
        tk.analyze(pd.DataFrame({"text": ["Joe Biden spoke."]}), **kwargs)


@pytest.mark.parametrize("source", [42, None, {"text": "x"}, 3.5, b"seeds"])
def test_analyze_bad_source_type_raises_naming_articles(source):
    with pytest.raises(TypeError, match="articles"):
        tk.analyze(source)


def test_analyze_missing_path_raises_file_not_found(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        tk.analyze(missing)
    with pytest.raises(FileNotFoundError, match="nothing"):
        tk.analyze(str(tmp_path / "nothing*.jsonl"))


def test_analyze_frame_without_text_column_names_the_columns():
    with pytest.raises(ValueError, match=r"headline.*score|no text column"):
        tk.analyze(pd.DataFrame({"headline": ["h"], "score": [1]}))


def test_analyze_unknown_model_name_raises_at_once():
    from toolkit.nlp import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="no_such_model_pkg"):
        tk.analyze(pd.DataFrame({"text": ["x"]}), nlp="no_such_model_pkg")


def test_duplicate_and_missing_ids_in_a_frame_are_made_unique():
    frame = pd.DataFrame({"article_id": ["a", "a", None],
                          "text": ["Joe Biden spoke in Ohio.", '"We win," said Jill Biden.',
                                   "Kamala Harris spoke."]})
    with pytest.warns(UserWarning, match="duplicate"):
        r = tk.analyze(frame)
    ids = r.articles["article_id"].tolist()
    assert ids[:2] == ["a", "a~2"] and ids[2] and len(set(ids)) == 3
    check_invariants(r, ids)
    assert frame["article_id"].tolist()[:2] == ["a", "a"]  # the input is untouched


# --------------------------------------------------------------------------- text cases

HOSTILE_TEXTS = {
    "empty": "",
    "whitespace": "  \n\t \n\u00a0\u2003 \n",
    "punctuation": "!!! ... ,,, ??? ;;; --- ''' ``` ((( ))) [] {} — – … · •",
    "only_marks": '"""""“”“”«»„„“ " ” «',
    "unbalanced_straight": 'Jane Smith said "we will win. Then "nothing happened.\n\n"Again',
    "unbalanced_curly": "“We will win, said Jane Smith.\n\nShe left. ” Then ” more “",
    "closing_first": "” said John Smith, “ and then ” nothing “ at all.",
    "nested": ("“He told me ‘“no” is fine’,” said John Smith. "
               "«Il a dit „ja“ et « non »», a dit Anna Schmidt."),
    "mixed_marks": '"We will win,” said Jane Smith. “No," replied Joe Biden. «Yes" he said.',
    "control_chars": ("John\x00 Smith\x07 said \x1b[31m“hi\x1b[0m there”.\x0b\x0c\x1f "
                      "Joe Biden\x85 said \u2028“ok”\u2029 later."),
    "bidi_marks": ("\u202eJane Smith\u202c said “we \u200fwin\u200e” \u2066today\u2069. "
                   "\u200b\u200c\u200d\ufeffJoe\u00adBiden said “no”."),
    "emoji": "“We 🇺🇸 win 👍🏽,” said Jane Smith 😀. 👨‍👩‍👧 “family” 🏳️‍🌈, said Joe Biden.",
    "combining": "Jose\u0301 Garci\u0301a said “cafe\u0301 n\u0303”. Ǆ ﬁ Ⅻ ㎏ said X.",
    "french": "« Nous allons gagner », a déclaré Emmanuel Macron à Paris. Il a ajouté : « Merci. »",
    "german": "„Wir schaffen das“, sagte Angela Merkel in Berlin. „Nein“, sagte er.",
    "russian": "«Мы победим», — сказал Владимир Путин в Москве.",
    "chinese": "习近平说：“我们会赢。”李克强表示同意。",
    "arabic": "قال الرئيس عبد الفتاح السيسي \"سنفوز\" اليوم في القاهرة.",
    "hebrew_mixed": "Benjamin Netanyahu said “שלום עולם” in Jerusalem.",
    "hindi": "नरेंद्र मोदी ने कहा, “हम जीतेंगे।”",
    "long_line": 'Jane Smith said "yes" and Joe Biden said "no" and ' * 300,
    "long_word": "x" * 20000 + ' said Jane Smith "ok".',
    "many_newlines": "\n" * 3000 + '"Yes," said Jane Smith.' + "\n" * 3000,
    "many_marks": '"' * 5000 + "“" * 3000 + "”" * 3000,
    "separators": "Title\n" + "=" * 20000 + "\n“Hi,” said Jane Smith.\n" + "(" * 5000 + ")",
}


@pytest.fixture(scope="module")
def hostile_analysis():
    frame = pd.DataFrame({"article_id": list(HOSTILE_TEXTS), "text": list(HOSTILE_TEXTS.values())})
    return tk.analyze(frame)


def test_hostile_texts_all_analysed_without_errors(hostile_analysis):
    check_invariants(hostile_analysis, list(HOSTILE_TEXTS))
    status = dict(zip(hostile_analysis.articles["article_id"],
                      hostile_analysis.articles["status"], strict=True))
    assert status["empty"] == "empty"
    assert {k for k, v in status.items() if v != "ok"} == {"empty"}


def test_hostile_texts_keep_text_exactly(hostile_analysis):
    texts = dict(zip(hostile_analysis.articles["article_id"],
                     hostile_analysis.articles["text"], strict=True))
    assert texts == HOSTILE_TEXTS


def test_hostile_texts_still_find_quotes(hostile_analysis):
    q = hostile_analysis.quotes
    speakers = set(q.loc[q["article_id"] == "mixed_marks", "speaker"].dropna())
    assert "Jane Smith" in speakers
    for aid in ("control_chars", "emoji", "bidi_marks"):
        assert (q["article_id"] == aid).any(), aid


def test_canonical_names_carry_no_invisible_characters(hostile_analysis):
    import unicodedata

    for name in hostile_analysis.entities["name"]:
        assert name == name.strip() and "  " not in name, repr(name)
        assert not [ch for ch in name if unicodedata.category(ch) == "Cc"], repr(name)
        assert not set(name) & set("\u202a\u202b\u202c\u202d\u202e\u200b\u200e\u200f\ufeff")
    names = set(hostile_analysis.entities["name"])
    assert {"John Smith", "Jane Smith"} <= names


@pytest.mark.parametrize("name", ["whitespace", "punctuation", "only_marks", "many_marks"])
def test_texts_without_words_give_no_records(hostile_analysis, name):
    r = hostile_analysis
    for frame in (r.mentions, r.quotes, r.claims):
        assert not (frame["article_id"] == name).any()


def test_one_text_at_a_time_matches_the_batch(hostile_analysis):
    """Batching must not change what an article yields (no state across articles)."""
    for aid in ("nested", "emoji", "unbalanced_curly"):
        alone = tk.analyze(pd.DataFrame({"article_id": [aid], "text": [HOSTILE_TEXTS[aid]]}))
        batch = hostile_analysis.quotes
        cols = ["content_start", "content_end", "kind", "speaker_text"]
        pd.testing.assert_frame_equal(
            alone.quotes[cols].reset_index(drop=True),
            batch.loc[batch["article_id"] == aid, cols].reset_index(drop=True))


@pytest.fixture
def small_max_length(nlp):
    """The session pipeline with a small max_length, restored afterwards."""
    old = nlp.max_length
    nlp.max_length = 1100
    try:
        yield nlp
    finally:
        nlp.max_length = old


def test_texts_longer_than_max_length(small_max_length):
    texts = {
        "paragraphs": "“We will win,” said Jane Smith. She added that taxes would fall.\n\n" * 40,
        "quote_across_cut": "Jane Smith said: “" + "it is good and " * 200 + "” Then she left.",
        "no_spaces": "x" * 4000,
        "one_line": 'Joe Biden said "yes" and ' * 200,
        "emoji": "👨‍👩‍👧 " * 1000 + "“Hi,” said Jane Smith.",
        "whitespace_runs": "   \n " * 700 + 'John Smith said "hi".',
    }
    assert all(len(t) > 1100 for t in texts.values())
    r = tk.analyze(pd.DataFrame({"article_id": list(texts), "text": list(texts.values())}),
                   nlp=small_max_length)
    check_invariants(r, list(texts))
    assert (r.articles["status"] == "ok").all()
    assert (r.quotes["article_id"] == "paragraphs").sum() >= 40
    assert "Jane Smith" in set(r.quotes.loc[r.quotes["article_id"] == "paragraphs", "speaker"])


def test_long_parse_keeps_the_text(small_max_length):
    from toolkit.nlp import parse

    texts = ["a b " * 2000, "x" * 3000, "\n\n".join(["Para one. Two."] * 300), "é" * 2500]
    for text, doc in zip(texts, parse(small_max_length, texts), strict=True):
        assert doc.text == text


def test_long_punctuation_runs_are_cheap_to_tokenize(nlp):
    """spaCy's tokenizer is quadratic on a run of affix punctuation (20,000 "=" take
    minutes); toolkit.nlp makes the inside of such a run one token."""
    from toolkit.nlp import parse

    texts = ['"' * 20000, "=" * 20000 + " said Jane Smith.", "(" * 10000 + "a" + ")" * 10000]
    for text, doc in zip(texts, parse(nlp, texts), strict=True):
        assert doc.text == text
        assert len(doc) < 20


def test_loaded_files_with_hostile_text(tmp_path):
    """Hostile text read from files: CRLF, BOM, NUL-free control characters."""
    (tmp_path / "a.txt").write_bytes(
        "\ufeffTitle\r\n\u202eJane Smith said \x1b“hi”.\r\n".encode())
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b", "text": "“Unclosed, said Joe Biden.\r\n\r\n«»"}) + "\n"
        + json.dumps({"id": "c", "text": ""}) + "\n", encoding="utf-8")
    r = tk.analyze(tmp_path)
    check_invariants(r, ["a", "b", "c"])
    assert "\r" not in "".join(r.articles["text"])


def test_a_failing_stage_keeps_the_batch_going(monkeypatch):
    """A crash inside one article's quotes stage is an errors row with the stage."""
    import toolkit.runner as runner

    real = runner.extract_quotes

    def flaky(doc, ents):
        if "boom" in doc.text:
            raise IndexError("simulated")
        return real(doc, ents)

    monkeypatch.setattr(runner, "extract_quotes", flaky)
    r = tk.analyze(pd.DataFrame({"article_id": ["x", "y"],
                                 "text": ['"Hi," said Joe Biden.', "boom said Jane Smith"]}))
    assert r.articles["status"].tolist() == ["ok", "error: quotes"]
    assert r.errors[["article_id", "stage", "error"]].values.tolist() == [
        ["y", "quotes", "IndexError"]]
    assert (r.quotes["article_id"] == "x").any()


def test_a_failing_parse_is_isolated_to_its_article(monkeypatch):
    import toolkit.runner as runner

    real = runner.parse

    def flaky(nlp, texts, **kwargs):
        texts = list(texts)
        if any("boom" in t for t in texts):
            raise ValueError("simulated parse failure")
        return real(nlp, texts, **kwargs)

    monkeypatch.setattr(runner, "parse", flaky)
    r = tk.analyze(pd.DataFrame({"article_id": ["x", "y", "z"],
                                 "text": ["Joe Biden spoke.", "boom", "Jill Biden spoke."]}))
    assert r.articles["status"].tolist() == ["ok", "error: parse", "ok"]
    assert r.errors["stage"].tolist() == ["parse"]
    assert {"Joe Biden", "Jill Biden"} <= set(r.entities["name"])


# --------------------------------------------------------------------------- CLI outputs

@pytest.fixture
def one_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text("Title\n“We will win,” said Jane Smith.\n", encoding="utf-8")
    return src


def test_cli_writes_every_frame(tmp_path, one_article):
    out = tmp_path / "out"
    assert cli_main(["analyze", str(one_article), "--out", str(out), "--no-progress"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{n}.parquet" for n in tk.Analysis.FRAMES)
    quotes = pd.read_parquet(out / "quotes.parquet")
    assert quotes["speaker"].tolist() == ["Jane Smith"]


def test_cli_refuses_a_non_empty_out_without_force(tmp_path, one_article, capsys):
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    code = cli_main(["analyze", str(one_article), "--out", str(out), "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert "not empty" in err and "--force" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert keep.read_text(encoding="utf-8") == "mine"
    code = cli_main(["analyze", str(one_article), "--out", str(out), "--no-progress",
                     "--force", "--format", "csv"])
    assert code == 0
    assert (out / "quotes.csv").exists()


def test_cli_out_that_is_a_file(tmp_path, one_article, capsys):
    out = tmp_path / "out.txt"
    out.write_text("x", encoding="utf-8")
    assert cli_main(["analyze", str(one_article), "--out", str(out)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_cli_write_failure_leaves_no_partial_file(tmp_path, one_article, monkeypatch, capsys,
                                                  fmt):
    """A write that dies half-way leaves no file at all: neither the partial one nor
    the frames written before it, nor a temporary file (a run's files come together)."""
    method = "to_parquet" if fmt == "parquet" else "to_csv"
    real = getattr(pd.DataFrame, method)
    calls = {"n": 0}

    def dying(self, path, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the third frame: write some bytes, then fail
            Path(path).write_bytes(b"PAR1 partial")
            raise OSError(28, "No space left on device")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, method, dying)
    out = tmp_path / "out"
    out.mkdir()
    code = cli_main(["analyze", str(one_article), "--out", str(out), "--format", fmt,
                     "--no-progress"])
    assert code == 1
    err = capsys.readouterr().err
    assert "No space left" in err and "the disk is full" in err
    assert calls["n"] == 3
    assert list(out.iterdir()) == []  # no frame, no partial file, no staging folder


def test_cli_rewrite_replaces_files_atomically(tmp_path, one_article, monkeypatch):
    """With --force, a failed rewrite leaves the previous complete file in place."""
    out = tmp_path / "out"
    assert cli_main(["analyze", str(one_article), "--out", str(out), "--no-progress"]) == 0
    before = (out / "articles.parquet").read_bytes()

    def dying(self, path, *args, **kwargs):
        Path(path).write_bytes(b"junk")
        raise OSError(5, "I/O error")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", dying)
    assert cli_main(["analyze", str(one_article), "--out", str(out), "--no-progress",
                     "--force"]) != 0
    assert (out / "articles.parquet").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_cli_bad_arguments_exit_2(tmp_path, one_article, capsys):
    assert cli_main(["analyze", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "missing" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    for bad in (["--processes", "0"], ["--batch-size", "-1"], ["--format", "xlsx"]):
        with pytest.raises(SystemExit) as exc:
            cli_main(["analyze", str(one_article), "--out", str(tmp_path / "o"), *bad])
        assert exc.value.code == 2
    assert cli_main(["analyze", str(one_article), "--out", str(tmp_path / "o"),
                     "--model", "no_such_model_pkg"]) == 2
    assert "no_such_model_pkg" in capsys.readouterr().err


# --------------------------------------------------------------------------- no pickle, eval

UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "cloudpickle", "dill", "marshal", "shelve",
                  "joblib"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
UNSAFE_ATTRIBUTES = {"read_pickle", "to_pickle", "eval", "query", "unsafe_load",
                     "full_load", "allow_pickle"}


def _sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 10
    return files


def test_no_pickle_eval_or_exec_in_the_package():
    """Parse each module (docstrings and comments may say "never pickle") and look at
    imports, calls and attributes."""
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Import):
                found += [(where, a.name) for a in node.names
                          if a.name.split(".")[0] in UNSAFE_MODULES]
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module.split(".")[0] in UNSAFE_MODULES:
                    found.append((where, node.module))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in UNSAFE_CALLS:
                    found.append((where, node.func.id))
            elif isinstance(node, ast.Attribute) and node.attr in UNSAFE_ATTRIBUTES:
                found.append((where, node.attr))
            elif isinstance(node, ast.keyword) and node.arg == "allow_pickle":
                found.append((where, "allow_pickle"))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    node.value.endswith((".pkl", ".pickle"))):
                found.append((where, node.value))
    assert found == []


def test_no_pickle_in_plain_text_either():
    """The same with a plain grep, outside docstrings and comments."""
    import io
    import tokenize

    hits = []
    for path in _sources():
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for tok in tokens:
            if tok.type == tokenize.NAME and ("pickle" in tok.string.lower()
                                              or tok.string in {"eval", "exec"}):
                hits.append((path.name, tok.start[0], tok.string))
    assert hits == []


def test_input_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    payloads = [
        f"__import__('os').system('touch {marker}')",
        f"eval(\"open('{marker}', 'w')\")",
        "{{7*7}} ${7*7} #{7*7} %(x)s {0.__class__}",
        "=cmd|' /C calc'!A0",
    ]
    lines = [json.dumps({"id": f"p{i}", "text": t, "title": t}) for i, t in enumerate(payloads)]
    (tmp_path / "p.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "q.csv").write_text("text,date\n\"=1+1\",\"__import__('os')\"\n",
                                    encoding="utf-8")
    r = tk.analyze(tmp_path)
    assert not marker.exists()
    assert r.errors.empty
    assert r.articles.set_index("article_id").loc["p2", "text"] == payloads[2]


# --------------------------------------------------------------------------- no network

def test_no_network_at_run_time(monkeypatch):
    """Loading the pipeline and analysing never opens a socket."""
    import toolkit.nlp as nlp_mod

    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network access attempted: {address!r}")

    def refuse_lookup(*args, **kwargs):
        attempts.append(args)
        raise OSError("DNS lookup attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse_lookup)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    # Load the pipeline afresh (not the memoised one) under the guard.
    monkeypatch.setattr(nlp_mod, "_PIPELINES", {})
    frame = pd.DataFrame({"text": ["“We will win,” said Jane Smith in Paris.",
                                   "Joe Biden said the economy grew 3% in 2023."]})
    r = tk.analyze(frame)
    assert attempts == []
    assert r.errors.empty
    assert "Jane Smith" in set(r.quotes["speaker"])
