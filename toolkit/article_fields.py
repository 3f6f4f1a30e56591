"""Input columns -> article fields: which column of a record or DataFrame holds which
field of the articles frame, and how a field's value is cleaned.

Used by the format readers (:mod:`toolkit.readers`) and the loader
(:mod:`toolkit.articles`). Field names are matched ignoring case, spaces, ``_`` and
``-`` against the lists of ``lexicons/article_fields.json``; every function here is
pure (no I/O, no warnings: the reader that calls it decides what to report).

Examples
--------
>>> mapping = field_mapping(["Headline", "Date", "body"], text_column=None,
...                         id_column=None, where="feed.csv")
>>> mapping
{'text': ['body'], 'title': ['Headline'], 'published': ['Date']}
>>> row_from_record({"Headline": " Hi ", "Date": "2024-01-02", "body": "A.\\r\\nB."},
...                 mapping)
{'text': 'A.\\nB.', 'title': 'Hi', 'published': '2024-01-02'}
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from toolkit import lexicons

__all__ = [
    "FIELD_NAMES",
    "checked_columns",
    "clean_text",
    "column_key",
    "column_words",
    "field_mapping",
    "is_missing",
    "normalise_newlines",
    "row_from_record",
    "string_or_none",
    "text_id",
    "unmapped_lookalikes",
]

# Field names recognised in JSON/JSONL/CSV records and DataFrames, in priority order;
# matched ignoring case, spaces, "_" and "-" (lexicons/article_fields.json).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    field: tuple(names) for field, names in lexicons.table("article_fields")["fields"].items()
}


# --------------------------------------------------------------------------- columns


def field_mapping(
    columns: Sequence[str], *, text_column: str | None, id_column: str | None, where: str,
    text_required: bool = True,
) -> dict[str, list[str]]:
    """Map each schema field (text, title, ...) to the columns that may hold it, in
    priority order; a record takes its value from the first one that is not blank, so
    a file whose records spell a field differently ("date" here, "published" there)
    still loads fully.

    Examples
    --------
    >>> field_mapping(["date", "published", "Story"], text_column=None, id_column=None,
    ...               where="x.jsonl")
    {'text': ['Story'], 'published': ['date', 'published']}
    >>> field_mapping(["a"], text_column=None, id_column=None, where="x.csv")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: x.csv: no text column; looked for text, body, ...
    """
    mapping: dict[str, list[str]] = {}
    for target, candidates in FIELD_NAMES.items():
        found = [
            column
            for candidate in candidates
            for column in columns
            if column_key(column) == column_key(candidate)
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


def column_key(name: str) -> str:
    """A column name as it is compared: "Pub_Date", "pub-date", "pubDate" -> "pubdate".

    Examples
    --------
    >>> column_key("Pub_Date"), column_key("pub-date"), column_key("pub Date")
    ('pubdate', 'pubdate', 'pubdate')
    """
    return re.sub(r"[\s_\-]+", "", name).lower()


def checked_columns(columns: Any) -> dict[str, str]:
    """``load_articles(columns=...)`` validated: input column -> article field.

    Examples
    --------
    >>> checked_columns({"pubDate": "published"}), checked_columns(None)
    ({'pubDate': 'published'}, {})
    >>> checked_columns({"x": "headline"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: columns maps column names to one of article_id, text, ...
    """
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


def column_words(name: str) -> set[str]:
    """The words of a column name: "pubDateUTC" -> {"pub", "date", "utc", "pubdateutc"}.

    Examples
    --------
    >>> sorted(column_words("pubDateUTC"))
    ['date', 'pub', 'pubdateutc', 'utc']
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    words = {w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w}
    return words | {column_key(name)}


def unmapped_lookalikes(
    columns: Sequence[str], mapping: Mapping[str, Sequence[str]]
) -> list[tuple[str, str]]:
    """``(column, field)`` for each column that ``mapping`` leaves unused but whose
    name looks like the date or id (``looks_like`` in the lexicon) that no other column
    gave, in lexicon then column order; a column may be listed for both fields.

    Examples
    --------
    >>> unmapped_lookalikes(["text", "createdAt", "uid"], {"text": ["text"]})
    [('createdAt', 'published'), ('uid', 'article_id')]
    >>> unmapped_lookalikes(["text", "date", "ts"], {"text": ["text"], "published": ["date"]})
    []
    """
    used = {column for chosen in mapping.values() for column in chosen}
    found = []
    for target, hints in lexicons.table("article_fields")["looks_like"].items():
        if target in mapping:
            continue  # the field has a column already: another date is not a loss
        found += [(column, target) for column in columns
                  if column not in used and column_words(column) & set(hints)]
    return found


# --------------------------------------------------------------------------- values


def row_from_record(
    record: Mapping[str, Any], mapping: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """The article fields of one record: each from the first non-blank column that
    ``mapping`` lists for it; text cleaned (:func:`clean_text`), ``published`` as
    given (parsed later, for the whole frame), the rest strings or None."""
    row: dict[str, Any] = {}
    for target, columns in mapping.items():
        value = _first_value(record, columns)
        if target == "text":
            row["text"] = clean_text(value)
        elif target == "published":
            row["published"] = value
        else:
            row[target] = string_or_none(value)
    return row


def _first_value(record: Mapping[str, Any], columns: Sequence[str]) -> Any:
    for column in columns:
        value = record.get(column)
        if is_missing(value) or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def text_id(text: str) -> str:
    """A stable id for text without one: "a" + the first 12 hex digits of its SHA-1.

    Examples
    --------
    >>> text_id("a")
    'a86f7e437faa5'
    """
    return "a" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def normalise_newlines(text: str) -> str:
    """CRLF and CR as ``\\n``.

    Examples
    --------
    >>> normalise_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(value: Any) -> str:
    """The article text as every later stage sees it: no BOM, ``\\n`` newlines, stripped.

    Examples
    --------
    >>> clean_text("\\ufeff Hello.\\r\\n"), clean_text(None)
    ('Hello.', '')
    """
    if is_missing(value):
        return ""
    return normalise_newlines(str(value).removeprefix("\ufeff")).strip()


def is_missing(value: Any) -> bool:
    """Whether a field value is absent (None, NaN, NaT, pd.NA); lists never are.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, "", [], 0)]
    [True, True, True, False, False, False]
    """
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def string_or_none(value: Any) -> str | None:
    """A field value as a stripped string, None when missing or blank; a list of names
    (or of ``{"name": ...}`` objects) joined with ", ".

    Examples
    --------
    >>> string_or_none(["Ann", {"name": "Bob"}]), string_or_none(7.0), string_or_none(" ")
    ('Ann, Bob', '7', None)
    """
    if is_missing(value):
        return None
    if isinstance(value, (list, tuple)):  # e.g. "authors": ["Ann", {"name": "Bob"}]
        items = [item.get("name") if isinstance(item, dict) else item for item in value]
        value = ", ".join(filter(None, (string_or_none(item) for item in items)))
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # an integer id in a column that pandas made float
    text = normalise_newlines(str(value)).strip()
    return text or None
