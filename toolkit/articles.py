"""Load news articles from files, folders, globs or a DataFrame into an articles frame.

This is the first stage of the pipeline: everything after it indexes character
offsets into the ``text`` column this module produces, so the loader is where text
is normalised (UTF-8 BOM removed, CRLF and CR turned into ``\\n``, surrounding
whitespace stripped) once and for all.

Nothing is dropped silently: every input file (or record) becomes one row of the
articles frame, with ``status`` ``"ok"``, ``"empty"`` or ``"skipped: <reason>"``, and
every problem met on the way becomes one row of the errors frame (stage ``"load"``).

Supported formats
-----------------
``.txt`` / ``.md``
    The first line is the title when a body follows it; a closing ``By NAME`` line
    becomes the byline and is removed from the text.
``.json`` (an object or a list of objects), ``.jsonl`` / ``.ndjson``, ``.csv`` / ``.tsv``
    Records whose fields are found by common names (see :data:`FIELD_NAMES`).
``.html`` / ``.htm``
    Main text and metadata extracted with trafilatura (``pip install
    "whosaid-toolkit[html]"``).

This module is the public loader API and what a load does with the rows the readers
give back (unique ids, parsed dates, the articles frame). The readers, one per format,
are in :mod:`toolkit.readers`; which input column is which article field is decided in
:mod:`toolkit.article_fields`.

Examples
--------
>>> import pandas as pd
>>> from toolkit.articles import load_articles
>>> df = load_articles(pd.DataFrame({"text": ["Putin said hello.  "]}))
>>> df.loc[0, ["article_id", "text", "status"]].tolist()
['a631f4a641e04', 'Putin said hello.', 'ok']
>>> int(df.loc[0, "n_chars"])
17
"""

from __future__ import annotations

import codecs
import errno
import glob as globlib
import os
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from toolkit.article_fields import FIELD_NAMES, checked_columns, is_missing, text_id
from toolkit.frames import make_frame
from toolkit.readers import BINARY_SNIFF_BYTES as BINARY_SNIFF_BYTES
from toolkit.readers import CSV_EXTENSIONS as CSV_EXTENSIONS
from toolkit.readers import HTML_EXTENSIONS as HTML_EXTENSIONS
from toolkit.readers import HTML_INSTALL_HINT as HTML_INSTALL_HINT
from toolkit.readers import JSON_EXTENSIONS as JSON_EXTENSIONS
from toolkit.readers import JSONL_EXTENSIONS as JSONL_EXTENSIONS
from toolkit.readers import STAGE as STAGE
from toolkit.readers import (
    SUPPORTED_EXTENSIONS,
    ArticleLoadError,
    LoadState,
    read_dataframe,
    read_file,
)
from toolkit.readers import TEXT_EXTENSIONS as TEXT_EXTENSIONS

# The "X as X" imports above keep the readers' constants importable from here, where
# they were defined before the readers moved to toolkit.readers.
__all__ = [
    "FIELD_NAMES",
    "SUPPORTED_EXTENSIONS",
    "ArticleLoadError",
    "ensure_article_ids",
    "load_articles",
    "load_articles_with_errors",
]

_GLOB_CHARS = frozenset("*?[")
_NS_MIN = pd.Timestamp.min
_NS_MAX = pd.Timestamp.max


# --------------------------------------------------------------------------- public API


def load_articles(
    source: str | os.PathLike[str] | pd.DataFrame | Sequence[str | os.PathLike[str]],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    recursive: bool = True,
    errors: Literal["collect", "raise"] = "collect",
) -> pd.DataFrame:
    """Load articles into a DataFrame with the articles schema.

    Parameters
    ----------
    source
        A file path, a folder (walked in sorted order, recursively by default; hidden
        files and folders are ignored), a glob pattern such as ``"news/*.jsonl"``, a
        list of these, or a pandas DataFrame with a text column (``text``, ``body``,
        ``content``, ...). A DataFrame is never mutated; the result is a new frame.
    text_column
        Name of the text field in JSON/JSONL/CSV records or the DataFrame, when it is
        not one of the common names in :data:`FIELD_NAMES`.
    id_column
        Name of the id field in records or the DataFrame, when it is not ``id``.
    columns
        Any other mapping of input columns to article fields, as in
        ``DataFrame.rename``: ``{"pubDate": "published", "story": "text"}``. Fields:
        article_id, text, title, published, source, url, byline. Common names
        (``pub_date``, ``published_at``, ``story_id``, ``headline``, ``body``, ...; see
        :data:`FIELD_NAMES`) are mapped without it; a column that looks like a date or
        an id but is not mapped is named in a warning.
    encoding
        Encoding of the input files. Undecodable bytes are replaced (U+FFFD) and
        reported in the errors.
    recursive
        Walk sub-folders of folders.
    errors
        ``"collect"`` (default) records per-input problems (undecodable text, binary
        or unsupported files, malformed JSON lines) as errors rows and carries on;
        ``"raise"`` raises :class:`ArticleLoadError` at the first one.

    Returns
    -------
    pandas.DataFrame
        One row per input article: article_id, title, byline, source, published
        (naive datetime, UTC when the source said a time zone; NaT when unknown), url,
        path, text, n_chars, status (``"ok"``, ``"empty"`` or ``"skipped: <reason>"``).
        The errors frame's rows are in ``df.attrs["errors"]`` as a list of dicts; use
        :func:`load_articles_with_errors` to get them as a DataFrame.

    Raises
    ------
    FileNotFoundError
        A path does not exist or a glob pattern matches nothing.
    ValueError
        A record file or DataFrame has no text column (the message lists the columns
        found), or ``text_column``/``id_column`` is not among them.
    TypeError
        An argument has the wrong type.
    ImportError
        An HTML file is met and trafilatura is not installed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = pathlib.Path(tmp, "story.txt").write_text(
    ...         "Mayor reopens bridge\\nThe bridge reopened on Monday.\\nBy Jane Doe\\n",
    ...         encoding="utf-8")
    ...     df = load_articles(tmp)
    >>> row = df.iloc[0]
    >>> row["article_id"], row["title"], row["byline"], row["text"], row["status"]
    ('story', 'Mayor reopens bridge', 'Jane Doe', 'The bridge reopened on Monday.', 'ok')
    >>> df.attrs["errors"]
    []
    """
    articles, errors_frame = load_articles_with_errors(
        source,
        text_column=text_column,
        id_column=id_column,
        columns=columns,
        encoding=encoding,
        recursive=recursive,
        errors=errors,
    )
    articles.attrs["errors"] = [
        {key: (None if pd.isna(value) else str(value)) for key, value in record.items()}
        for record in errors_frame.to_dict("records")
    ]
    return articles


def load_articles_with_errors(
    source: str | os.PathLike[str] | pd.DataFrame | Sequence[str | os.PathLike[str]],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    recursive: bool = True,
    errors: Literal["collect", "raise"] = "collect",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Like :func:`load_articles`, but return ``(articles, errors)`` as two frames.

    The errors frame has the errors schema (article_id, stage, error, message) with
    stage ``"load"``. A DataFrame ``source`` is never mutated.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = pathlib.Path(tmp, "feed.jsonl").write_text(
    ...         '{"id": "n1", "text": "First."}\\nnot json\\n', encoding="utf-8")
    ...     articles, errors = load_articles_with_errors(tmp)
    >>> articles[["article_id", "status"]].values.tolist()
    [['n1', 'ok'], ['feed:1', 'skipped: malformed JSON']]
    >>> errors.loc[0, ["article_id", "error"]].tolist()
    ['feed:1', 'JSONDecodeError']
    """
    articles, errors_frame, messages = _load(
        source,
        text_column=text_column,
        id_column=id_column,
        columns=columns,
        encoding=encoding,
        recursive=recursive,
        errors=errors,
    )
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=2)
    return articles, errors_frame


def ensure_article_ids(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with an ``article_id`` on every row, each one unique, plus the warnings
    to show about renamed duplicates.

    A missing id becomes a stable hash of the text (as in :func:`load_articles`); the
    second "x" becomes "x~2", the third "x~3". When the ids are already fine the frame
    is returned as it is; otherwise a copy is changed. ``frame`` is never mutated.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"article_id": ["x", "x", None], "text": ["a", "b", "c"]})
    >>> fixed, messages = ensure_article_ids(frame)
    >>> fixed["article_id"].tolist()
    ['x', 'x~2', 'a84a516841ba7']
    >>> messages
    ["1 duplicate article id(s) made unique: 'x' -> 'x~2'"]
    >>> frame["article_id"].isna().tolist()  # untouched
    [False, False, True]
    """
    ids = frame["article_id"]
    if not ids.isna().any() and ids.is_unique:
        return frame, []
    state = LoadState(on_error="collect")
    filled = [text_id("" if pd.isna(text) else str(text)) if pd.isna(aid) else str(aid)
              for aid, text in zip(ids, frame["text"], strict=True)]
    frame = frame.copy()
    frame["article_id"] = pd.array(_unique_ids(filled, state), dtype="string")
    return frame, state.warnings


# --------------------------------------------------------------------------- orchestration


def _load(
    source: Any,
    *,
    text_column: str | None,
    id_column: str | None,
    encoding: str,
    recursive: bool,
    errors: str,
    columns: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    _check_arguments(text_column, id_column, encoding, recursive, errors)
    state = LoadState(on_error=errors, columns=checked_columns(columns))

    if isinstance(source, pd.DataFrame):
        read_dataframe(source, state, text_column=text_column, id_column=id_column)
    else:
        paths = list(_resolve_sources(source, recursive=recursive, state=state))
        for path in paths:
            read_file(
                path,
                state,
                text_column=text_column,
                id_column=id_column,
                encoding=encoding,
            )
        if not paths and not state.warnings:
            state.warnings.append(f"no input files found in {source!r}")

    ids = _unique_ids([row["article_id"] for row in state.articles], state)
    for row, article_id in zip(state.articles, ids, strict=True):
        row["article_id"] = article_id
    return _articles_frame(state.articles), make_frame("errors", state.errors), state.warnings


def _check_arguments(
    text_column: Any, id_column: Any, encoding: Any, recursive: Any, errors: Any
) -> None:
    for name, value in (("text_column", text_column), ("id_column", id_column)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str, not {type(encoding).__name__}")
    codecs.lookup(encoding)  # LookupError early, naming the encoding
    if not isinstance(recursive, bool):
        raise TypeError(f"recursive must be a bool, not {type(recursive).__name__}")
    if not isinstance(errors, str):
        raise TypeError(f"errors must be a str, not {type(errors).__name__}")
    if errors not in ("collect", "raise"):
        raise ValueError(f"errors must be 'collect' or 'raise', not {errors!r}")


def _resolve_sources(source: Any, *, recursive: bool, state: LoadState) -> Iterator[Path]:
    """Expand ``source`` into the files to load, in a deterministic order."""
    if isinstance(source, (str, os.PathLike)):
        items: list[Any] = [source]
        names = ["source"]
    elif isinstance(source, (list, tuple)):
        items = list(source)
        names = [f"source[{i}]" for i in range(len(items))]
    else:
        raise TypeError(
            "source must be a path (str or os.PathLike), a glob pattern, a list of these "
            f"or a pandas DataFrame, not {type(source).__name__}"
        )
    for name, item in zip(names, items, strict=True):
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(
                f"{name} must be a path (str or os.PathLike) or a glob pattern, "
                f"not {type(item).__name__}"
            )
    for item in items:
        yield from _expand(item, recursive=recursive, state=state)


def _expand(item: str | os.PathLike[str], *, recursive: bool, state: LoadState) -> Iterator[Path]:
    text = os.path.expanduser(os.fspath(item))
    path = Path(text)
    if path.is_dir():
        yield from _walk(path, recursive=recursive, state=state)
    elif path.exists():
        yield path
    elif _GLOB_CHARS & set(text):
        matches = sorted(globlib.glob(text, recursive=True))
        if not matches:
            raise FileNotFoundError(errno.ENOENT, "No files match the glob pattern", text)
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                yield from _walk(match_path, recursive=recursive, state=state)
            else:
                yield match_path
    else:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), text)


def _walk(folder: Path, *, recursive: bool, state: LoadState) -> Iterator[Path]:
    """Files under ``folder`` sorted by their relative path, skipping hidden entries
    (``.DS_Store``, ``.ipynb_checkpoints``, ``.git``): those are never articles."""
    candidates = folder.rglob("*") if recursive else folder.iterdir()
    files = [
        path
        for path in candidates
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    if not files:
        state.warnings.append(f"no files found in folder {os.fspath(folder)!r}")
    yield from sorted(files, key=lambda path: path.relative_to(folder).parts)


# --------------------------------------------------------------------------- framing


def _unique_ids(ids: list[str], state: LoadState) -> list[str]:
    """Make ids unique deterministically: the 2nd "x" becomes "x~2", the 3rd "x~3"."""
    taken = set(ids)
    seen: dict[str, int] = {}
    result: list[str] = []
    renamed: list[str] = []
    for article_id in ids:
        count = seen.get(article_id, 0) + 1
        seen[article_id] = count
        if count == 1:
            result.append(article_id)
            continue
        new_id = f"{article_id}~{count}"
        while new_id in taken:
            count += 1
            new_id = f"{article_id}~{count}"
        seen[article_id] = count
        taken.add(new_id)
        result.append(new_id)
        renamed.append(f"{article_id!r} -> {new_id!r}")
    if renamed:
        shown = ", ".join(renamed[:5]) + (" ..." if len(renamed) > 5 else "")
        state.warnings.append(f"{len(renamed)} duplicate article id(s) made unique: {shown}")
    return result


def _articles_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    published = [row.pop("published", None) for row in rows]
    for row in rows:
        text = row.get("text") or ""
        row["text"] = text
        row["n_chars"] = len(text)
        row.setdefault("status", "ok" if text else "empty")
    frame = make_frame("articles", rows)
    frame["published"] = _parse_dates(published)
    return frame


def _parse_dates(values: list[Any]) -> pd.Series:
    """Parse dates with pandas: tz-aware values converted to UTC and made naive, naive
    values kept as they are, anything unknown or unparseable NaT."""
    raw = pd.Series([None if is_missing(value) else value for value in values], dtype="object")
    # A bare number is a year or a date written as digits, not nanoseconds since 1970.
    raw = raw.map(lambda value: str(value) if isinstance(value, (int, float)) else value)
    parsed = pd.to_datetime(raw, errors="coerce", utc=True, format="mixed").dt.tz_localize(None)
    # One resolution for every load (empty or not), within the nanosecond range.
    parsed = parsed.where((parsed >= _NS_MIN) & (parsed <= _NS_MAX))
    return parsed.astype("datetime64[ns]")
