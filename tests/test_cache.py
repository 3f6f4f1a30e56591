"""Tests for toolkit.cache: warm runs skip parsing, keys miss on a changed model or
option, damaged entries are recomputed, and nothing is pickled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import toolkit as tk
import toolkit.runner as runner
from toolkit.analysis import Analysis
from toolkit.cache import (
    PRESENTATION_MODULES,
    CacheWarning,
    ResultCache,
    code_fingerprint,
    extraction_sources,
    pipeline_signature,
)
from toolkit.nlp import available_model, load_pipeline

TEXTS = [
    '"We will not raise taxes," said Maria Lopez, the finance minister of Spain. '
    "Lopez added that the budget was balanced.",
    'Opposition leader Tom Hardy said the plan "will hurt families". He gave no details.',
    "The storm reached the coast on Tuesday, officials said.",
]


@pytest.fixture
def articles() -> pd.DataFrame:
    return tk.load_articles(pd.DataFrame({"article_id": ["a", "b", "c"], "text": TEXTS}))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts that reach the parser during the test."""
    seen: list[str] = []
    real = runner.parse

    def counting(nlp, texts, **kw):
        texts = list(texts)
        seen.extend(texts)
        return real(nlp, texts, **kw)

    monkeypatch.setattr(runner, "parse", counting)
    return seen


def assert_same(left: Analysis, right: Analysis) -> None:
    for name in Analysis.FRAMES:
        assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)


def entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def test_warm_run_skips_parsing_and_gives_the_same_frames(articles, parsed, tmp_path):
    cold = tk.analyze(articles, cache=tmp_path)
    assert len(parsed) == 3
    assert len(entries(tmp_path)) == 3
    warm = tk.analyze(articles, cache=tmp_path)
    assert len(parsed) == 3, "a warm run must not parse"
    assert_same(cold, warm)
    assert_same(tk.analyze(articles), warm)  # and the same as no cache at all


def test_only_new_articles_are_parsed(articles, parsed, tmp_path):
    tk.analyze(articles.iloc[:2], cache=tmp_path)
    parsed.clear()
    tk.analyze(articles, cache=tmp_path)
    assert parsed == [TEXTS[2]]


def test_a_hit_takes_the_article_id_of_the_row(parsed, tmp_path):
    frame = pd.DataFrame({"article_id": ["x", "y"], "text": [TEXTS[0], TEXTS[0]]})
    tk.analyze(frame.iloc[:1], cache=tmp_path)
    result = tk.analyze(frame, cache=tmp_path)
    assert len(parsed) == 1
    assert set(result.quotes["article_id"]) == {"x", "y"}
    assert result.quotes["quote_id"].is_unique


def test_changed_model_misses(articles, parsed, tmp_path):
    import spacy

    tk.analyze(articles, cache=tmp_path)
    other = spacy.load(available_model())
    other.meta["version"] = other.meta["version"] + "-retrained"
    tk.analyze(articles, cache=tmp_path, nlp=other)
    assert len(parsed) == 6
    assert len(entries(tmp_path)) == 6


def test_changed_option_misses(tmp_path):
    nlp = load_pipeline()
    result = runner.process_doc(nlp(TEXTS[0]), {"article_id": "a", "text": TEXTS[0]})
    ResultCache.open(tmp_path, nlp=nlp, rules="strict").put(TEXTS[0], result)
    assert ResultCache.open(tmp_path, nlp=nlp, rules="strict").get(TEXTS[0]) is not None
    assert ResultCache.open(tmp_path, nlp=nlp, rules="loose").get(TEXTS[0]) is None
    assert ResultCache.open(tmp_path, nlp=nlp).get(TEXTS[0]) is None


def test_signature_names_model_toolkit_code_and_options(tmp_path):
    nlp = load_pipeline()
    signature = ResultCache.open(tmp_path, nlp=nlp, k=1).signature
    assert pipeline_signature(nlp) in signature
    assert f"toolkit-{tk.__version__}" in signature and code_fingerprint() in signature
    assert signature.endswith("k=1")
    # A model given by name (the Dask client's case) gets the same key.
    assert pipeline_signature(available_model()) == pipeline_signature(nlp)


@pytest.mark.parametrize("damage", [b"", b"{not json", b"\x80\x04\x95garbage", b"[1, 2]",
                                    b'{"signature": 3}', "{\"signature\": \"\u00e9\"}".encode(
                                        "latin-1"), "truncated"])
def test_damaged_entries_are_recomputed_and_reported_once(articles, parsed, tmp_path, damage):
    cold = tk.analyze(articles, cache=tmp_path)
    for path in entries(tmp_path):
        raw = path.read_bytes()
        path.write_bytes(raw[: len(raw) // 2] if damage == "truncated" else damage)
    with pytest.warns(CacheWarning) as caught:
        again = tk.analyze(articles, cache=tmp_path)
    assert len([w for w in caught if issubclass(w.category, CacheWarning)]) == 1
    assert "3 damaged" in str(caught[0].message)
    assert len(parsed) == 6
    assert_same(cold, again)
    for path in entries(tmp_path):  # rewritten as valid entries
        assert json.loads(path.read_text(encoding="utf-8"))["result"]["article_id"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        tk.analyze(articles, cache=tmp_path)  # whole again: no warning, no parse
    assert len(parsed) == 6


def test_damaged_result_body_is_recomputed(articles, parsed, tmp_path):
    tk.analyze(articles, cache=tmp_path)
    for path in entries(tmp_path):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["result"]["entities"] = {"clusters": [{"bogus": 1}]}
        path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(CacheWarning):
        tk.analyze(articles, cache=tmp_path)
    assert len(parsed) == 6


def test_unreadable_cache_directory_is_not_fatal(articles, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    result = tk.analyze(articles, cache=tmp_path)
    assert len(result.articles) == 3 and not entries(tmp_path)


def test_no_pickle_files_are_written(articles, tmp_path):
    tk.analyze(articles, cache=tmp_path)
    files = entries(tmp_path)
    assert files and all(p.suffix == ".json" for p in files)
    for path in files:
        raw = path.read_bytes()
        assert not raw.startswith(b"\x80"), "pickle protocol header"
        data = json.loads(raw)
        assert set(data) == {"signature", "result"}


# --------------------------------------------------------------------------- the key (issue 15)

def test_an_added_entity_ruler_misses(articles, parsed, tmp_path):
    import spacy

    tk.analyze(articles, cache=tmp_path)
    ruled = spacy.load(available_model())
    ruler = ruled.add_pipe("entity_ruler", before="ner")
    ruler.add_patterns([{"label": "ORG", "pattern": "Opposition"}])
    result = tk.analyze(articles, cache=tmp_path, nlp=ruled)
    assert len(parsed) == 6, "a pipeline with an entity_ruler must not reuse results"
    # A pattern added to the same ruler is a different pipeline again.
    ruler.add_patterns([{"label": "PERSON", "pattern": "Lopez"}])
    again = tk.analyze(articles, cache=tmp_path, nlp=ruled)
    assert len(parsed) == 9
    ruler.clear()
    ruler.add_patterns([{"label": "ORG", "pattern": "Opposition"}])
    assert_same(result, tk.analyze(articles, nlp=ruled))
    assert "Opposition" in set(result.entities["name"])
    assert "Opposition" not in set(tk.analyze(articles).entities["name"])
    assert not again.entities.equals(result.entities)


@pytest.mark.parametrize("change", ["lemmatizer overwrite", "attribute rule", "tokenizer case",
                                    "ner label", "removed component"])
def test_a_changed_component_changes_the_pipeline_signature(change):
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.load(available_model())
    before = pipeline_signature(nlp)
    if change == "lemmatizer overwrite":
        nlp.get_pipe("lemmatizer").overwrite = True
        nlp.get_pipe("lemmatizer").cfg = {"overwrite": True}
        nlp.config["components"]["lemmatizer"]["overwrite"] = True
    elif change == "attribute rule":
        nlp.get_pipe("attribute_ruler").add([[{"LOWER": "minister"}]], {"LEMMA": "boss"})
    elif change == "tokenizer case":
        nlp.tokenizer.add_special_case("Lopez's", [{ORTH: "Lopez"}, {ORTH: "'s"}])
    elif change == "ner label":
        nlp.get_pipe("ner").add_label("CHEESE")
    else:
        nlp.remove_pipe("lemmatizer")
    assert pipeline_signature(nlp) != before


def test_the_pipeline_signature_is_stable_across_runs():
    nlp = load_pipeline()
    before = pipeline_signature(nlp)
    list(nlp.pipe(["Zorblatt Quenvinsky met Xyloph Barrtang in Qwertyville."]))
    assert pipeline_signature(nlp) == before, "the vocab grows while parsing: not in the key"


def test_the_same_text_with_another_byline_misses(parsed, tmp_path):
    text = "Unemployment fell by 3 percent in March, the lowest level since 2008."
    frame = pd.DataFrame({"article_id": ["x", "y"], "text": [text, text],
                          "byline": ["Alice Writer", "Bob Reporter"]})
    articles = tk.load_articles(frame)
    cached = tk.analyze(articles, cache=tmp_path)
    assert len(parsed) == 2, "different bylines: two entries"
    assert len(entries(tmp_path)) == 2
    warm = tk.analyze(articles, cache=tmp_path)
    assert len(parsed) == 2
    assert_same(cached, warm)
    assert_same(cached, tk.analyze(articles))
    # The field decides the narrative claimant, so serving one for the other is wrong.
    claimants = cached.claims.groupby("article_id")["claimant"].first()
    assert claimants.get("x") != claimants.get("y")


def test_options_reach_the_key(parsed, tmp_path):
    rows = [{"article_id": "a", "text": TEXTS[0]}]
    nlp = load_pipeline()
    list(runner.iter_results(rows, nlp, cache=tmp_path, options={"rules": "strict"}))
    list(runner.iter_results(rows, nlp, cache=tmp_path, options={"rules": "strict"}))
    assert len(parsed) == 1
    list(runner.iter_results(rows, nlp, cache=tmp_path, options={"rules": "loose"}))
    assert len(parsed) == 2


def test_the_piece_size_reaches_the_key(monkeypatch):
    import toolkit.nlp as tk_nlp

    nlp = load_pipeline()
    before = pipeline_signature(nlp)
    monkeypatch.setattr(tk_nlp, "PIECE_CHARS", 1234)
    assert pipeline_signature(nlp) != before


def test_code_fingerprint_covers_every_extraction_module_and_the_lexicons(monkeypatch):
    import toolkit
    import toolkit.cache as cache_mod

    package = Path(toolkit.__file__).parent
    every = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    covered = {p.relative_to(package).as_posix() for p in extraction_sources()}
    left_out = {p for p in every if p.split("/")[0] in PRESENTATION_MODULES}
    assert covered == every - left_out
    assert {"records.py", "runner.py", "quotes.py", "claims.py", "entities.py", "nlp.py",
            "lean.py"} <= covered
    assert "plot/__init__.py" in left_out and not any(p.startswith("evaluation/") for p in covered)
    before = code_fingerprint()
    # A module nobody listed anywhere is part of the key as soon as it exists.
    probe = package / f"_fingerprint_probe_{os.getpid()}.py"
    try:
        probe.write_text("RULE = 1\n", encoding="utf-8")
        code_fingerprint.cache_clear()
        assert code_fingerprint() != before, "a new module must change the key"
    finally:
        probe.unlink(missing_ok=True)
        code_fingerprint.cache_clear()
    assert code_fingerprint() == before
    try:
        monkeypatch.setattr(cache_mod.lexicons, "fingerprint", lambda: "edited-word-list")
        code_fingerprint.cache_clear()
        assert code_fingerprint() != before, "editing a lexicon must miss the cache"
    finally:
        monkeypatch.undo()
        code_fingerprint.cache_clear()


# --------------------------------------------------------------------------- two writers

# Run by each writer process: analyse the articles into the shared cache, with a
# json.dump that writes half an entry, waits, then writes the rest - so a reader
# watching the folder would see half-written entries unless writes are atomic.
WRITER = r"""
import json, sys, time
import pandas as pd
import toolkit as tk

def slow_dump(obj, fh, **kw):
    text = json.dumps(obj, **kw)
    fh.write(text[: len(text) // 2]); fh.flush(); time.sleep(0.4); fh.write(text[len(text) // 2:])

json.dump = slow_dump
articles = tk.load_articles(pd.read_json(sys.argv[1], lines=True))
print(len(tk.analyze(articles, cache=sys.argv[2]).quotes))
"""


def test_two_processes_writing_one_cache_leave_only_whole_entries(articles, parsed, tmp_path):
    source = tmp_path / "articles.jsonl"
    articles[["article_id", "text"]].to_json(source, orient="records", lines=True)
    cache = tmp_path / "cache"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(cache)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    partial: set[str] = set()
    seen: set[str] = set()
    while any(w.poll() is None for w in writers):
        for path in cache.rglob("*.json") if cache.exists() else []:
            try:
                data = json.loads(path.read_bytes())
                assert data["result"]["article_id"]
                seen.add(path.name)
            except FileNotFoundError:
                continue
            except Exception:  # noqa: BLE001 - a half-written entry
                partial.add(path.name)
        time.sleep(0.01)
    outputs = [w.communicate() for w in writers]
    assert all(w.returncode == 0 for w in writers), outputs
    assert not partial, f"readers saw half-written entries: {sorted(partial)}"
    assert len(seen) == 3
    assert len(entries(cache)) == 3, "only whole entries, no temporary files, are left"
    warm = tk.analyze(articles, cache=cache)
    assert not parsed, "every entry the writers left is whole and used"
    assert_same(warm, tk.analyze(articles))
