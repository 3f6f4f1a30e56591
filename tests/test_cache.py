"""Tests for toolkit.cache: warm runs skip parsing, keys miss on a changed model or
option, damaged entries are recomputed, and nothing is pickled."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import toolkit as tk
import toolkit.runner as runner
from toolkit.analysis import Analysis
from toolkit.cache import ResultCache, code_fingerprint, pipeline_signature
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


def test_signature_names_model_toolkit_code_and_options():
    nlp = load_pipeline()
    signature = ResultCache.open("/tmp/unused-cache-dir-test", nlp=nlp, k=1).signature
    assert pipeline_signature(nlp) in signature
    assert f"toolkit-{tk.__version__}" in signature and code_fingerprint() in signature
    assert signature.endswith("k=1")
    # A model given by name is described without loading it, identically.
    assert pipeline_signature(available_model()) == pipeline_signature(nlp)


@pytest.mark.parametrize("damage", [b"", b"{not json", b"\x80\x04\x95garbage", b"[1, 2]",
                                    b'{"signature": 3}', "{\"signature\": \"\u00e9\"}".encode(
                                        "latin-1")])
def test_damaged_entries_are_recomputed(articles, parsed, tmp_path, damage):
    cold = tk.analyze(articles, cache=tmp_path)
    for path in entries(tmp_path):
        path.write_bytes(damage)
    again = tk.analyze(articles, cache=tmp_path)
    assert len(parsed) == 6
    assert_same(cold, again)
    for path in entries(tmp_path):  # rewritten as valid entries
        assert json.loads(path.read_text(encoding="utf-8"))["result"]["article_id"]


def test_damaged_result_body_is_recomputed(articles, parsed, tmp_path):
    tk.analyze(articles, cache=tmp_path)
    for path in entries(tmp_path):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["result"]["entities"] = {"clusters": [{"bogus": 1}]}
        path.write_text(json.dumps(data), encoding="utf-8")
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


def test_code_fingerprint_covers_the_extraction_modules_and_the_lexicons(monkeypatch):
    import toolkit
    import toolkit.cache as cache_mod

    package = Path(toolkit.__file__).parent
    # A renamed module would silently drop out of the key ("?" for a missing file).
    missing = [m for m in cache_mod.EXTRACTION_MODULES if not (package / f"{m}.py").is_file()]
    assert not missing
    assert {"records", "runner", "framing", "quotes", "claims", "entities"} <= set(
        cache_mod.EXTRACTION_MODULES)
    before = code_fingerprint()
    try:
        monkeypatch.setattr(cache_mod.lexicons, "fingerprint", lambda: "edited-word-list")
        code_fingerprint.cache_clear()
        assert code_fingerprint() != before, "editing a lexicon must miss the cache"
        monkeypatch.undo()
        code_fingerprint.cache_clear()
        assert code_fingerprint() == before
    finally:
        code_fingerprint.cache_clear()
