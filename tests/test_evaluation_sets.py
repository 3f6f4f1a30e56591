"""toolkit.evaluate picks the protocol from the records; `toolkit eval` prints every set;
the shared pieces (name rule, name lists, printing, lexicons) behave."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
import toolkit.cli
from toolkit import lexicons
from toolkit.evaluation import SAYING_PHRASES, SAYING_VERBS, sets
from toolkit.evaluation.common import format_result, match_name_lists, name_words
from toolkit.frames import make_frame

TEXT = 'Ann Lee said: "The ferry is late." Bob Day agreed.'
QUOTE = {"content_start": 14, "content_end": 34, "content_spans": [[14, 34]],
         "speaker_spans": [[0, 7]], "cue": "said", "type": "direct"}
POLNEAR = {"id": "p1", "text": TEXT, "quotes": [QUOTE]}
WIKINEWS = {"id": "w1", "text": TEXT, "quotes": [dict(QUOTE, speaker_name="Ann Lee",
                                                      about=[])]}
GUM = {"id": "g1", "genre": "news", "split": "dev", "text": "Ann Lee left. Lee returned.",
       "entities": [{"entity_id": "e1", "type": "person", "name": "Ann Lee", "identity": None,
                     "n_mentions": 2, "mentions": [
         {"start": 0, "end": 7, "text": "Ann Lee", "form": "name", "minspan": [[0, 7]]},
         {"start": 14, "end": 17, "text": "Lee", "form": "name", "minspan": [[14, 17]]}]}]}
GAP = {"id": "x1", "text": "Ann Lee met Eve. She left.", "pronoun": "She",
       "pronoun_offset": 17, "a": "Ann Lee", "a_offset": 0, "a_coref": True, "b": "Eve",
       "b_offset": 12, "b_coref": False}
CHECK = {"id": "c1", "lines": [{"line": 1, "speaker": "A", "text": "We cut taxes.",
                                "label": 1}]}


def write(folder: Path, name: str, *records: dict) -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(("record", "expected"), [
    (POLNEAR, "polnear"), (WIKINEWS, "wikinews"), (GUM, "gum"), (GAP, "gap"),
    (CHECK, "checkworthiness"), ({"id": "q", "quotes": []}, None), ({"id": "?"}, None),
])
def test_detect_reads_the_record_shape(record, expected):
    assert sets.detect(record) == expected


def test_detect_file_looks_past_articles_without_quotes(tmp_path):
    empty = {"id": "e", "text": "Nothing here.", "quotes": []}
    assert sets.detect_file(write(tmp_path, "a.jsonl", empty, WIKINEWS)).name == "wikinews"
    assert sets.detect_file(write(tmp_path, "b.jsonl", empty)).name == "polnear"
    with pytest.raises(ValueError, match="not a known gold format"):
        sets.detect_file(write(tmp_path, "c.jsonl", {"id": "x", "title": "?"}))
    bad = tmp_path / "d.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1 is not JSON"):
        sets.detect_file(bad)


def test_evaluate_dispatches_each_set_to_its_protocol(tmp_path):
    quotes = lambda a: make_frame("quotes", [  # noqa: E731
        {"article_id": a["article_id"][0], "content_start": 15, "content_end": 33,
         "speaker": "Ann Lee"}])
    polnear = toolkit.evaluate(write(tmp_path, "p.jsonl", POLNEAR), predict=quotes)
    assert polnear["tier"].tolist() == ["direct", "speech", "all"]
    wikinews = toolkit.evaluate(write(tmp_path, "w.jsonl", WIKINEWS), predict=quotes)
    assert wikinews.loc[0, "speaker_name_accuracy"] == 1.0
    gum = toolkit.evaluate(write(tmp_path, "g.jsonl", GUM), predict=lambda a: pd.DataFrame(
        {"article_id": ["g1", "g1"], "start": [0, 14], "end": [7, 17],
         "name": ["Lee", "Ann Lee"]}))
    assert gum.loc[0, ["breakdown", "accuracy"]].tolist() == ["overall", 1.0]
    gap = toolkit.evaluate(write(tmp_path, "x.jsonl", GAP), predict=lambda a: pd.DataFrame(
        {"id": ["x1"], "a_coref": [True], "b_coref": [False]}))
    assert gap.loc[0, ["group", "f1"]].tolist() == ["Overall", 1.0]


def test_evaluate_errors_are_clear(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match="not found"):
        toolkit.evaluate(tmp_path / "missing.jsonl")
    monkeypatch.setitem(sys.modules, "toolkit.evaluation.checkworthiness", None)
    with pytest.raises(sets.ProtocolUnavailable, match="not available"):
        toolkit.evaluate(write(tmp_path, "c.jsonl", CHECK))


def test_eval_folder_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("TOOLKIT_EVAL_DIR", raising=False)
    assert sets.eval_dir() == Path("..") / "shared" / "eval"
    monkeypatch.setenv("TOOLKIT_EVAL_DIR", str(tmp_path))
    assert sets.eval_dir() == tmp_path
    assert sets.eval_dir("elsewhere") == Path("elsewhere")


def test_known_files_in_set_order_then_other_gold_files(tmp_path):
    write(tmp_path, "gap-dev.jsonl", GAP)
    write(tmp_path, "polnear-dev.jsonl", POLNEAR)
    write(tmp_path, "extra-quotes.jsonl", WIKINEWS)
    write(tmp_path, "notes.jsonl", {"id": "n", "title": "not gold"})
    assert [p.name for p in sets.known_files(tmp_path)] == [
        "polnear-dev.jsonl", "gap-dev.jsonl", "extra-quotes.jsonl"]


def test_eval_command_prints_every_set_of_the_folder(tmp_path, monkeypatch, capsys):
    """The real toolkit on our own sentences: one title line per set, in set order."""
    pytest.importorskip("toolkit.analysis")
    for kind, record in [("polnear", POLNEAR), ("wikinews-quotes", WIKINEWS), ("gum", GUM),
                         ("gap", GAP), ("checkworthiness", CHECK)]:
        write(tmp_path, f"{kind}-dev.jsonl", record)
    monkeypatch.setitem(sys.modules, "toolkit.evaluation.checkworthiness", None)
    monkeypatch.setenv("TOOLKIT_EVAL_DIR", str(tmp_path))
    assert toolkit.cli.main(["eval", "--misses", "2"]) == 0
    out = capsys.readouterr().out
    titles = [line for line in out.splitlines() if line.startswith("== ")]
    assert [t.split(":")[0] for t in titles] == [
        "== polnear-dev.jsonl", "== wikinews-quotes-dev.jsonl", "== gum-dev.jsonl",
        "== gap-dev.jsonl", "== checkworthiness-dev.jsonl"]
    assert "speaker_name_accuracy" in out and "dev: overall" in out and "Feminine" in out
    assert "sample errors (2 per class, seed 0)" in out
    assert out.count("check-worthiness scoring is not available") == 1


def test_eval_command_reports_missing_inputs(tmp_path, capsys):
    assert sets.main(["--dir", str(tmp_path / "nowhere")]) == 2
    assert "eval folder not found" in capsys.readouterr().err
    assert sets.main(["--dir", str(tmp_path)]) == 2
    assert "no gold files" in capsys.readouterr().err
    assert toolkit.cli.main(["eval", str(tmp_path / "missing.jsonl")]) == 2


def test_eval_command_hands_a_checkworthiness_file_to_its_protocol(tmp_path, monkeypatch,
                                                                    capsys):
    calls = []

    def evaluate_checkworthiness(path, **kw):
        calls.append(kw)
        return pd.DataFrame({"MAP": [0.5], "n_debates": [1]})

    fake = type(sys)("toolkit.evaluation.checkworthiness")
    fake.evaluate_checkworthiness = evaluate_checkworthiness
    monkeypatch.setitem(sys.modules, "toolkit.evaluation.checkworthiness", fake)
    path = write(tmp_path, "cw.jsonl", CHECK)
    assert sets.main([str(path), "--limit", "3"]) == 0
    assert calls == [{"limit": 3}]
    assert "MAP" in capsys.readouterr().out


# --------------------------------------------------------------------------- shared parts

def test_saying_words_come_from_the_lexicon_files():
    assert SAYING_VERBS == lexicons.entries("eval_saying_verbs")
    assert SAYING_PHRASES == lexicons.entries("eval_saying_phrases")
    assert isinstance(SAYING_VERBS, tuple) and {"say", "deny", "retweet"} <= set(SAYING_VERBS)
    assert "believe" not in SAYING_VERBS
    assert "README" in lexicons.header("eval_saying_verbs")


def test_first_second_person_lexicon_has_the_protocol_examples():
    words = lexicons.words("eval_first_second_person_pronouns")
    assert {"i", "me", "my", "we", "us", "our", "you", "your", "myself"} <= words
    assert not {"he", "she", "it", "they"} & words


def test_name_words_casefold_and_strip_accents():
    assert name_words("Çağlar SÖYÜNCÜ") == ("caglar", "soyuncu")
    assert name_words("  ") == ()


def test_name_lists_pair_each_name_once_at_most():
    pairs, extra, missed = match_name_lists(["Lee", "Ann Lee", "Park"], ["Ann Lee"])
    assert pairs == [("Ann Lee", "Ann Lee")]  # the equal name pairs first
    assert extra == ["Lee", "Park"] and missed == []
    pairs, extra, missed = match_name_lists(["Lee", "Ann Lee"], ["Tom Lee", "Ann Lee", "Oh"])
    assert pairs == [("Lee", "Tom Lee"), ("Ann Lee", "Ann Lee")]
    assert extra == [] and missed == ["Oh"]


def test_format_result_prints_run_columns_once():
    table = pd.DataFrame({"group": ["a", "b"], "f1": [0.5, 0.25], "n_documents": [3, 3],
                          "chars_per_second": [1000.0, 1000.0]})
    text = format_result(table)
    assert text.count("n_documents") == 1 and text.endswith("chars_per_second: 1,000")
    one = format_result(table.iloc[:1], transpose=True)
    assert one.splitlines()[:2] == ["group  a", "f1     0.500"]
