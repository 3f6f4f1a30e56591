"""A per-article result cache on disk (JSON files, never pickle).

Each article's records are stored under a key made of the text's hash, the
pipeline's name and version, the toolkit version and the extraction options, so a
changed model or option misses the cache. A damaged file is ignored and recomputed.

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit import __version__

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.analysis import ArticleResult

CACHE_FORMAT = 1


class ResultCache:
    """Stores ArticleResult records as JSON, one file per (text, signature)."""

    def __init__(self, directory: str | os.PathLike, *, signature: str):
        self.directory = Path(directory)
        self.signature = signature
        self.directory.mkdir(parents=True, exist_ok=True)

    @classmethod
    def open(cls, directory: str | os.PathLike, *, nlp: Any, **options: Any) -> ResultCache:
        from toolkit.nlp import model_signature

        opts = ",".join(f"{k}={options[k]}" for k in sorted(options))
        signature = f"{model_signature(nlp)}|toolkit-{__version__}|fmt-{CACHE_FORMAT}|{opts}"
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
        from toolkit.analysis import ArticleResult

        path = self._path(text)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("signature") != self.signature:
                return None
            return ArticleResult.from_dict(data["result"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # damaged: recompute

    def put(self, text: str, result: ArticleResult) -> None:
        path = self._path(text)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"signature": self.signature, "result": result.to_dict()}
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
