"""Frame schemas: the column names and dtypes that other code and users rely on.

Every frame the toolkit returns is built through :func:`make_frame`, so an empty
result still carries the full schema with explicit dtypes.

Examples
--------
>>> from toolkit.frames import empty_frame
>>> list(empty_frame("errors").columns)
['article_id', 'stage', 'error', 'message']
>>> empty_frame("quotes")["content_start"].dtype
Int64Dtype()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

# dtype names: "string" (pandas StringDtype), "Int64" (nullable int), "float64",
# "datetime" (datetime64[ns], NaT when unknown), "object" (lists).
SCHEMAS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "string",
        "title": "string",
        "byline": "string",
        "source": "string",
        "published": "datetime",
        "url": "string",
        "path": "string",
        "text": "string",
        "n_chars": "Int64",
        "status": "string",
    },
    "entities": {
        "entity_id": "string",
        "name": "string",
        "label": "string",
        "aliases": "object",
        "n_mentions": "Int64",
        "n_articles": "Int64",
        "gender": "string",
        "gender_source": "string",
    },
    "mentions": {
        "mention_id": "string",
        "article_id": "string",
        "entity_id": "string",
        "text": "string",
        "start": "Int64",
        "end": "Int64",
        "label": "string",
        "resolution": "string",
    },
    "quotes": {
        "quote_id": "string",
        "article_id": "string",
        "speaker": "string",
        "speaker_entity_id": "string",
        "speaker_entity_ids": "object",
        "speaker_resolution": "string",
        "speaker_text": "string",
        "speaker_start": "Int64",
        "speaker_end": "Int64",
        "cue": "string",
        "cue_start": "Int64",
        "cue_end": "Int64",
        "cue_class": "string",
        "content": "string",
        "content_start": "Int64",
        "content_end": "Int64",
        "kind": "string",
        "about": "object",
    },
    "claims": {
        "claim_id": "string",
        "article_id": "string",
        "claimant": "string",
        "claimant_entity_id": "string",
        "claimant_kind": "string",
        "cue": "string",
        "content": "string",
        "content_start": "Int64",
        "content_end": "Int64",
        "origin": "string",
        "quote_id": "string",
        "about": "object",
        "checkworthiness": "float64",
        "checkworthiness_drivers": "string",
        # the check-worthiness features behind the score (toolkit.checkworthiness)
        "n_words": "Int64",
        "has_number": "boolean",
        "has_percent": "boolean",
        "has_money": "boolean",
        "has_date": "boolean",
        "has_comparative": "boolean",
        "has_superlative": "boolean",
        "n_entities": "Int64",
        "n_statistics_words": "Int64",
        "has_record_verb": "boolean",
        "is_past": "boolean",
        "is_future": "boolean",
        "is_possibility": "boolean",
        "is_hypothetical": "boolean",
        "is_future_or_modal": "boolean",
        "is_hedged": "boolean",
        "is_question": "boolean",
        "is_opinion": "boolean",
    },
    "errors": {
        "article_id": "string",
        "stage": "string",
        "error": "string",
        "message": "string",
    },
    "relations": {
        "speaker": "string",
        "target": "string",
        "n_quotes": "Int64",
        "n_claims": "Int64",
        "quote_ids": "object",
        "article_ids": "object",
    },
}

QUOTE_KINDS = ("direct", "indirect", "mixed")
MENTION_RESOLUTIONS = ("ner", "alias", "pronoun", "title", "nested")
CLAIM_ORIGINS = ("quote", "reported", "nominal", "narrative")


def _coerce(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == "datetime":
        return pd.to_datetime(series, errors="coerce", utc=False).astype("datetime64[ns]")
    if dtype == "object":
        return series.astype("object")
    return series.astype(dtype)


def make_frame(name: str, rows: Iterable[Mapping[str, Any]] | pd.DataFrame = ()) -> pd.DataFrame:
    """Build frame ``name`` from records, with exactly the schema's columns and dtypes.

    Missing columns are filled with missing values; extra keys are dropped.

    Examples
    --------
    >>> df = make_frame("errors", [{"article_id": "a", "stage": "load",
    ...                             "error": "ValueError", "message": "bad"}])
    >>> df.loc[0, "stage"]
    'load'
    """
    schema = SCHEMAS[name]
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    for column in schema:
        if column not in df.columns:
            df[column] = pd.NA
    df = df[list(schema)].reset_index(drop=True)
    for column, dtype in schema.items():
        df[column] = _coerce(df[column], dtype)
    return df


def empty_frame(name: str) -> pd.DataFrame:
    """An empty frame ``name`` with the full schema."""
    return make_frame(name, [])
