"""One reader per input format, each adding article rows to the :class:`LoadState` of
a load: plain text and Markdown, HTML, JSON, JSON Lines, CSV/TSV, and a DataFrame.

:mod:`toolkit.articles` expands the caller's sources into files and calls
:func:`read_file` on each (or :func:`read_dataframe`); a reader never raises for a bad
input (unless ``errors="raise"``): it records an errors row and a skipped article row,
so every input is accounted for. Which column is which field is decided by
:mod:`toolkit.article_fields`.

Examples
--------
>>> import pathlib, tempfile
>>> state = LoadState(on_error="collect")
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "feed.jsonl")
...     _ = path.write_text('{"id": "n1", "body": "First."}\\n[1]\\n', encoding="utf-8")
...     read_file(path, state, text_column=None, id_column=None, encoding="utf-8")
>>> [(row["article_id"], row["text"], row.get("status")) for row in state.articles]
[('n1', 'First.', None), ('feed:1', '', 'skipped: not a JSON object')]
>>> [error["error"] for error in state.errors]
['TypeError']
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.article_fields import (
    FIELD_NAMES,
    clean_text,
    field_mapping,
    normalise_newlines,
    row_from_record,
    string_or_none,
    text_id,
    unmapped_lookalikes,
)

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ArticleLoadError",
    "LoadState",
    "read_dataframe",
    "read_file",
]

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


class ArticleLoadError(ValueError):
    """A per-input loading problem, raised instead of recorded when ``errors="raise"``."""


@dataclass
class LoadState:
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


# --------------------------------------------------------------------------- files


def read_file(
    path: Path,
    state: LoadState,
    *,
    text_column: str | None,
    id_column: str | None,
    encoding: str,
) -> None:
    """Add the article(s) of one file to ``state``: one row for a text, Markdown or HTML
    file, one per record of a JSON, JSON Lines or CSV/TSV file; a file that cannot be
    read (unsupported, unreadable, binary) is one skipped row and one errors row."""
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


def _decode(data: bytes, encoding: str, article_id: str, where: str, state: LoadState) -> str:
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
    return normalise_newlines(content.removeprefix("\ufeff"))


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
    title = string_or_none(meta.get("title"))
    text = clean_text(meta.get("text"))
    # trafilatura often repeats the headline as the first line of the text.
    if title and text.split("\n", 1)[0].strip() == title:
        text = text[len(text.split("\n", 1)[0]) :].strip()
    return {
        "title": title,
        "byline": string_or_none(meta.get("author")),
        "source": string_or_none(meta.get("source-hostname") or meta.get("hostname")),
        "published": string_or_none(meta.get("date")),
        "url": string_or_none(meta.get("source") or meta.get("url")),
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


def _json_records(content: str, stem: str, where: str, state: LoadState) -> _Records | None:
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


def _jsonl_records(content: str, stem: str, where: str, state: LoadState) -> _Records:
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


def _csv_records(
    content: str, stem: str, where: str, state: LoadState, *, sep: str
) -> _Records | None:
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
    state: LoadState,
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
            row = row_from_record(record, mapping)
            if row.get("article_id") is None:
                row["article_id"] = fallback_id
        row["path"] = path
        state.articles.append(row)


# --------------------------------------------------------------------------- fields


def _mapping_for(
    columns: Sequence[str],
    state: LoadState,
    *,
    text_column: str | None,
    id_column: str | None,
    where: str,
) -> dict[str, list[str]]:
    """The field mapping of one input (see :func:`toolkit.article_fields.field_mapping`),
    with the caller's ``columns=`` applied first, and a warning (once per load) for each
    column left unmapped that looks like the date or id no other column gave."""
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
    mapping = field_mapping(
        columns, text_column=text_column, id_column=id_column, where=where,
        text_required=not text_given)
    for target, chosen in explicit.items():
        if chosen:
            mapping[target] = chosen
    if "text" not in mapping:  # only when columns= named a text column that is absent
        raise ValueError(f"{where}: no text column; found columns: {list(columns)}")
    for column, target in unmapped_lookalikes(columns, mapping):
        if column in state.warned_columns:
            continue  # once per load
        state.warned_columns.add(column)
        kind = "a date" if target == "published" else "an id"
        state.warnings.append(
            f"{where}: column {column!r} looks like {kind} but is not mapped to "
            f"{target!r}; pass columns={{{column!r}: {target!r}}} to use it")
    return mapping


# --------------------------------------------------------------------------- DataFrames


def read_dataframe(
    frame: pd.DataFrame, state: LoadState, *, text_column: str | None, id_column: str | None
) -> None:
    """Add one article per row of a caller's DataFrame to ``state``; ``frame`` is read
    only, never modified."""
    originals = {str(column): column for column in frame.columns}
    mapping = _mapping_for(
        list(originals), state, text_column=text_column, id_column=id_column, where="DataFrame"
    )
    used = sorted({column for columns in mapping.values() for column in columns})
    # Plain lists, read column by column: fast, and nothing is written back.
    selected = {column: frame[originals[column]].tolist() for column in used}
    for position in range(len(frame)):
        record = {column: values[position] for column, values in selected.items()}
        row = row_from_record(record, mapping)
        if row.get("article_id") is None:
            row["article_id"] = text_id(row["text"])
        row["path"] = None
        state.articles.append(row)

