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
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from toolkit import lexicons
from toolkit.frames import make_frame

__all__ = [
    "FIELD_NAMES",
    "SUPPORTED_EXTENSIONS",
    "ArticleLoadError",
    "ensure_article_ids",
    "load_articles",
    "load_articles_with_errors",
]

# Field names recognised in JSON/JSONL/CSV records and DataFrames, in priority order;
# matched ignoring case, spaces, "_" and "-" (lexicons/article_fields.json).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    field: tuple(names) for field, names in lexicons.table("article_fields")["fields"].items()
}

TEXT_EXTENSIONS = (".txt", ".md")
JSON_EXTENSIONS = (".json",)
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
CSV_EXTENSIONS = (".csv", ".tsv")
HTML_EXTENSIONS = (".html", ".htm")
SUPPORTED_EXTENSIONS = (
    TEXT_EXTENSIONS + JSON_EXTENSIONS + JSONL_EXTENSIONS + CSV_EXTENSIONS + HTML_EXTENSIONS
)

STAGE = "load"
BINARY_SNIFF_BYTES = 8192
HTML_INSTALL_HINT = 'pip install "whosaid-toolkit[html]"'

# A closing byline: "By NAME", short, and not a sentence ("By the end of May, ...").
_BYLINE_RE = re.compile(r"^by\s+(?P<name>\S.*)$", re.IGNORECASE)
_BYLINE_MAX_CHARS = 60
_BYLINE_MAX_WORDS = 8
_GLOB_CHARS = frozenset("*?[")
_NS_MIN = pd.Timestamp.min
_NS_MAX = pd.Timestamp.max


class ArticleLoadError(ValueError):
    """A per-input loading problem, raised instead of recorded when ``errors="raise"``."""


@dataclass
class _Load:
    """What a load accumulates: article rows, error rows and warnings to emit."""

    on_error: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: Mapping[str, str] = field(default_factory=dict)  # load_articles(columns=...)
    warned_columns: set[str] = field(default_factory=set)

    def error(self, article_id: str, error: str, message: str) -> None:
        if self.on_error == "raise":
            raise ArticleLoadError(f"{error}: {message}")
        self.errors.append(
            {"article_id": article_id, "stage": STAGE, "error": error, "message": message}
        )

    def skip(
        self, article_id: str, path: str | None, reason: str, error: str, message: str
    ) -> None:
        """Record an input that could not be read as an article: an errors row and an
        articles row with empty text, so that every input is accounted for."""
        self.error(article_id, error, message)
        self.articles.append(
            {"article_id": article_id, "path": path, "text": "", "status": f"skipped: {reason}"}
        )


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
    state = _Load(on_error="collect")
    filled = [_text_id("" if pd.isna(text) else str(text)) if pd.isna(aid) else str(aid)
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
    state = _Load(on_error=errors, columns=_checked_columns(columns))

    if isinstance(source, pd.DataFrame):
        _load_dataframe(source, state, text_column=text_column, id_column=id_column)
    else:
        paths = list(_resolve_sources(source, recursive=recursive, state=state))
        for path in paths:
            _load_file(
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


def _resolve_sources(source: Any, *, recursive: bool, state: _Load) -> Iterator[Path]:
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


def _expand(item: str | os.PathLike[str], *, recursive: bool, state: _Load) -> Iterator[Path]:
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


def _walk(folder: Path, *, recursive: bool, state: _Load) -> Iterator[Path]:
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


# --------------------------------------------------------------------------- files


def _load_file(
    path: Path,
    state: _Load,
    *,
    text_column: str | None,
    id_column: str | None,
    encoding: str,
) -> None:
    stem = path.stem
    where = os.fspath(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        shown = suffix or "no extension"
        state.skip(
            stem,
            where,
            f"unsupported format ({shown})",
            "UnsupportedFormat",
            f"{where}: {shown} is not one of {', '.join(SUPPORTED_EXTENSIONS)}",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        state.skip(stem, where, "unreadable", type(exc).__name__, f"{where}: {exc}")
        return
    if _looks_binary(data, encoding):
        state.skip(
            stem,
            where,
            "binary",
            "BinaryFile",
            f"{where}: NUL bytes in the first {BINARY_SNIFF_BYTES} bytes; not a text file",
        )
        return
    content = _decode(data, encoding, stem, where, state)

    before = len(state.articles)
    if suffix in TEXT_EXTENSIONS:
        row = _parse_plain_text(content, markdown=suffix == ".md")
        state.articles.append(row | {"article_id": stem, "path": where})
    elif suffix in HTML_EXTENSIONS:
        state.articles.append(_parse_html(content) | {"article_id": stem, "path": where})
    else:
        if suffix in JSON_EXTENSIONS:
            records = _json_records(content, stem, where, state)
        elif suffix in JSONL_EXTENSIONS:
            records = _jsonl_records(content, stem, where, state)
        else:
            sep = "\t" if suffix == ".tsv" else ","
            records = _csv_records(content, stem, where, state, sep=sep)
        if records is not None and records.entries:
            _add_records(records, state, path=where, text_column=text_column, id_column=id_column)
    if len(state.articles) == before:
        # A file that held no record still shows up, as one empty input.
        state.articles.append({"article_id": stem, "path": where, "text": ""})


def _looks_binary(data: bytes, encoding: str) -> bool:
    # UTF-16/32 text legitimately contains NUL bytes; everything else we read does not.
    if encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32")):
        return False
    return b"\x00" in data[:BINARY_SNIFF_BYTES]


def _decode(data: bytes, encoding: str, article_id: str, where: str, state: _Load) -> str:
    try:
        content = data.decode(encoding)
    except UnicodeDecodeError as exc:
        state.error(
            article_id,
            "UnicodeDecodeError",
            f"{where}: invalid {encoding} at byte {exc.start}; "
            "undecodable bytes replaced with U+FFFD",
        )
        content = data.decode(encoding, errors="replace")
    return _normalise_newlines(content.removeprefix("\ufeff"))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean_text(value: Any) -> str:
    """The article text as every later stage sees it: no BOM, ``\\n`` newlines, stripped."""
    if _is_missing(value):
        return ""
    return _normalise_newlines(str(value).removeprefix("\ufeff")).strip()


def _parse_plain_text(content: str, *, markdown: bool = False) -> dict[str, Any]:
    """Split a plain-text article into title, body text and a closing byline.

    The first line is the title only when a body follows it; a single-line file is all
    text. A short closing ``By NAME`` line becomes the byline when body text remains.
    """
    lines = content.strip().split("\n")
    title: str | None = None
    if len(lines) > 1:
        title = lines[0].strip()
        if markdown:
            title = title.lstrip("#").strip()
        lines = lines[1:]
    body_lines = "\n".join(lines).strip().split("\n")
    byline: str | None = None
    if len(body_lines) > 1:
        name = _byline_name(body_lines[-1])
        if name is not None:
            byline = name
            body_lines = body_lines[:-1]
    return {"title": title or None, "byline": byline, "text": "\n".join(body_lines).strip()}


def _byline_name(line: str) -> str | None:
    match = _BYLINE_RE.match(line.strip())
    if match is None:
        return None
    name = match.group("name").strip()
    if (
        len(name) > _BYLINE_MAX_CHARS
        or len(name.split()) > _BYLINE_MAX_WORDS
        or not name[0].isupper()
        or name[-1] in "!?:;,\"'”’)"
    ):
        return None
    # A final "." is a sentence end unless the last token is an initial or "Jr."-like.
    if name.endswith(".") and not re.search(r"(?:^|\s)(?:[A-Z]|Jr|Sr|St)\.$", name):
        return None
    return name


def _parse_html(content: str) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError as exc:  # optional extra
        raise ImportError(f"Loading HTML articles needs trafilatura: {HTML_INSTALL_HINT}") from exc
    extracted = trafilatura.extract(content, output_format="json", with_metadata=True)
    if not extracted:
        return {"text": ""}
    meta = json.loads(extracted)
    title = _string_or_none(meta.get("title"))
    text = _clean_text(meta.get("text"))
    # trafilatura often repeats the headline as the first line of the text.
    if title and text.split("\n", 1)[0].strip() == title:
        text = text[len(text.split("\n", 1)[0]) :].strip()
    return {
        "title": title,
        "byline": _string_or_none(meta.get("author")),
        "source": _string_or_none(meta.get("source-hostname") or meta.get("hostname")),
        "published": _string_or_none(meta.get("date")),
        "url": _string_or_none(meta.get("source") or meta.get("url")),
        "text": text,
    }


# --------------------------------------------------------------------------- records


@dataclass
class _Records:
    """The entries of one multi-record file, in file order, and the keys seen.

    An entry is ``(fallback_id, record, None)`` for a record, or ``(fallback_id, None,
    reason)`` for an item that could not be read (its error is already recorded).
    """

    entries: list[tuple[str, Mapping[str, Any] | None, str | None]]
    where: str

    @property
    def columns(self) -> list[str]:
        keys: dict[str, None] = {}
        for _, record, _ in self.entries:
            if record is not None:
                keys.update(dict.fromkeys(str(key) for key in record))
        return list(keys)


def _json_records(content: str, stem: str, where: str, state: _Load) -> _Records | None:
    try:
        data = json.loads(content) if content.strip() else None
    except json.JSONDecodeError as exc:
        state.skip(stem, where, "malformed JSON", "JSONDecodeError", f"{where}: {exc}")
        return None
    if data is None:
        return None
    if isinstance(data, dict):
        return _Records([(stem, data, None)], where)
    if isinstance(data, list):
        records = _Records([], where)
        for index, record in enumerate(data):
            record_id = f"{stem}:{index}"
            if isinstance(record, dict):
                records.entries.append((record_id, record, None))
            else:
                state.error(
                    record_id,
                    "TypeError",
                    f"{where}: item {index} is a {type(record).__name__}, not an object",
                )
                records.entries.append((record_id, None, "not a JSON object"))
        return records
    state.skip(
        stem,
        where,
        "not a JSON object",
        "TypeError",
        f"{where}: top level is a {type(data).__name__}, not an object or a list of objects",
    )
    return None


def _jsonl_records(content: str, stem: str, where: str, state: _Load) -> _Records:
    """One record per non-blank line; the fallback id uses the 0-based line index so
    that ids stay put when a bad line elsewhere is fixed."""
    records = _Records([], where)
    for index, line in enumerate(content.split("\n")):
        if not line.strip():
            continue
        record_id = f"{stem}:{index}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            state.error(record_id, "JSONDecodeError", f"{where}: line {index + 1}: {exc}")
            records.entries.append((record_id, None, "malformed JSON"))
            continue
        if not isinstance(record, dict):
            state.error(
                record_id,
                "TypeError",
                f"{where}: line {index + 1} is a {type(record).__name__}, not an object",
            )
            records.entries.append((record_id, None, "not a JSON object"))
            continue
        records.entries.append((record_id, record, None))
    return records


def _csv_records(content: str, stem: str, where: str, state: _Load, *, sep: str) -> _Records | None:
    if not content.strip():
        return None
    try:
        # Everything as strings: ids such as "007" must not become 7.
        frame = pd.read_csv(io.StringIO(content), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        state.skip(stem, where, "malformed CSV", type(exc).__name__, f"{where}: {exc}")
        return None
    records = _Records(
        [
            (f"{stem}:{index}", record, None)
            for index, record in enumerate(frame.to_dict("records"))
        ],
        where,
    )
    if not records.entries:
        return None
    return records


def _add_records(
    records: _Records,
    state: _Load,
    *,
    path: str | None,
    text_column: str | None,
    id_column: str | None,
) -> None:
    columns = records.columns
    mapping = (
        _mapping_for(columns, state, text_column=text_column, id_column=id_column,
                     where=records.where)
        if columns
        else {}
    )
    for fallback_id, record, reason in records.entries:
        if record is None:
            row: dict[str, Any] = {
                "article_id": fallback_id,
                "text": "",
                "status": f"skipped: {reason}",
            }
        else:
            row = _row_from_record(record, mapping)
            if row.get("article_id") is None:
                row["article_id"] = fallback_id
        row["path"] = path
        state.articles.append(row)


def _field_mapping(
    columns: Sequence[str], *, text_column: str | None, id_column: str | None, where: str,
    text_required: bool = True,
) -> dict[str, list[str]]:
    """Map each schema field (text, title, ...) to the columns that may hold it, in
    priority order; a record takes its value from the first one that is not blank, so
    a file whose records spell a field differently ("date" here, "published" there)
    still loads fully."""
    mapping: dict[str, list[str]] = {}
    for target, candidates in FIELD_NAMES.items():
        found = [
            column
            for candidate in candidates
            for column in columns
            if _column_key(column) == _column_key(candidate)
        ]
        if found:
            mapping[target] = found
    for target, explicit, option in (
        ("text", text_column, "text_column"),
        ("article_id", id_column, "id_column"),
    ):
        if explicit is None:
            continue
        exact = [column for column in columns if column == explicit]
        folded = [column for column in columns if column.lower() == explicit.lower()]
        if not (exact or folded):
            raise ValueError(
                f"{where}: {option}={explicit!r} is not a column; found columns: {list(columns)}"
            )
        mapping[target] = (exact or folded)[:1]
    if "text" not in mapping and text_required:
        raise ValueError(
            f"{where}: no text column; looked for {', '.join(FIELD_NAMES['text'])}, "
            f"found columns: {list(columns)}. Pass text_column= to name it."
        )
    return mapping


def _column_key(name: str) -> str:
    """A column name as it is compared: "Pub_Date", "pub-date", "pubDate" -> "pubdate"."""
    return re.sub(r"[\s_\-]+", "", name).lower()


def _checked_columns(columns: Any) -> dict[str, str]:
    """``load_articles(columns=...)`` validated: input column -> article field."""
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise TypeError(f"columns must be a mapping of column -> field, not "
                        f"{type(columns).__name__}")
    for column, target in columns.items():
        if not isinstance(column, str) or target not in FIELD_NAMES:
            raise ValueError(f"columns maps column names to one of {', '.join(FIELD_NAMES)}; "
                             f"got {column!r}: {target!r}")
    return dict(columns)


def _mapping_for(
    columns: Sequence[str],
    state: _Load,
    *,
    text_column: str | None,
    id_column: str | None,
    where: str,
) -> dict[str, list[str]]:
    """The field mapping of one input (see :func:`_field_mapping`), with the caller's
    ``columns=`` applied first, and a warning (once per load) for each column left
    unmapped that looks like the date or id no other column gave."""
    missing = [column for column in state.columns if column not in columns]
    if missing and where == "DataFrame":
        raise ValueError(f"DataFrame: columns= names {missing}, which are not columns; "
                         f"found columns: {list(columns)}")
    if missing:  # files of a folder may differ; say which lacks what
        state.warnings.append(f"{where}: columns= names {missing}, which are not columns "
                              f"here; found columns: {list(columns)}")
    explicit = {target: [c for c, t in state.columns.items() if t == target and c in columns]
                for target in FIELD_NAMES}
    text_given = text_column is not None or bool(explicit["text"])
    mapping = _field_mapping(
        columns, text_column=text_column, id_column=id_column, where=where,
        text_required=not text_given)
    for target, chosen in explicit.items():
        if chosen:
            mapping[target] = chosen
    if "text" not in mapping:  # only when columns= named a text column that is absent
        raise ValueError(f"{where}: no text column; found columns: {list(columns)}")
    _warn_unmapped_lookalikes(columns, mapping, state, where)
    return mapping


def _words(name: str) -> set[str]:
    """The words of a column name: "pubDateUTC" -> {"pub", "date", "utc", "pubdateutc"}."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    words = {w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w}
    return words | {_column_key(name)}


def _warn_unmapped_lookalikes(
    columns: Sequence[str], mapping: Mapping[str, Sequence[str]], state: _Load, where: str
) -> None:
    used = {column for chosen in mapping.values() for column in chosen}
    for target, hints in lexicons.table("article_fields")["looks_like"].items():
        if target in mapping:
            continue  # the field has a column already: another date is not a loss
        for column in columns:
            if column in used or column in state.warned_columns or not _words(column) & set(
                    hints):
                continue
            state.warned_columns.add(column)
            kind = "a date" if target == "published" else "an id"
            state.warnings.append(
                f"{where}: column {column!r} looks like {kind} but is not mapped to "
                f"{target!r}; pass columns={{{column!r}: {target!r}}} to use it")


def _first_value(record: Mapping[str, Any], columns: Sequence[str]) -> Any:
    for column in columns:
        value = record.get(column)
        if _is_missing(value) or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def _row_from_record(
    record: Mapping[str, Any], mapping: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for target, columns in mapping.items():
        value = _first_value(record, columns)
        if target == "text":
            row["text"] = _clean_text(value)
        elif target == "published":
            row["published"] = value
        else:
            row[target] = _string_or_none(value)
    return row


def _load_dataframe(
    frame: pd.DataFrame, state: _Load, *, text_column: str | None, id_column: str | None
) -> None:
    """Rows of a caller's DataFrame; read only, never modified."""
    originals = {str(column): column for column in frame.columns}
    mapping = _mapping_for(
        list(originals), state, text_column=text_column, id_column=id_column, where="DataFrame"
    )
    used = sorted({column for columns in mapping.values() for column in columns})
    # Plain lists, read column by column: fast, and nothing is written back.
    selected = {column: frame[originals[column]].tolist() for column in used}
    for position in range(len(frame)):
        record = {column: values[position] for column, values in selected.items()}
        row = _row_from_record(record, mapping)
        if row.get("article_id") is None:
            row["article_id"] = _text_id(row["text"])
        row["path"] = None
        state.articles.append(row)


# --------------------------------------------------------------------------- framing


def _text_id(text: str) -> str:
    """A stable id for text without one: "a" + the first 12 hex digits of its SHA-1."""
    return "a" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _unique_ids(ids: list[str], state: _Load) -> list[str]:
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
    raw = pd.Series([None if _is_missing(value) else value for value in values], dtype="object")
    # A bare number is a year or a date written as digits, not nanoseconds since 1970.
    raw = raw.map(lambda value: str(value) if isinstance(value, (int, float)) else value)
    parsed = pd.to_datetime(raw, errors="coerce", utc=True, format="mixed").dt.tz_localize(None)
    # One resolution for every load (empty or not), within the nanosecond range.
    parsed = parsed.where((parsed >= _NS_MIN) & (parsed <= _NS_MAX))
    return parsed.astype("datetime64[ns]")


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _string_or_none(value: Any) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, (list, tuple)):  # e.g. "authors": ["Ann", {"name": "Bob"}]
        items = [item.get("name") if isinstance(item, dict) else item for item in value]
        value = ", ".join(filter(None, (_string_or_none(item) for item in items)))
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # an integer id in a column that pandas made float
    text = _normalise_newlines(str(value)).strip()
    return text or None
