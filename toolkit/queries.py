"""Queries over the frames that are not charts: select quotes, read them as text, and
show any frame in a form fit for a notebook.

Each function takes an :class:`~toolkit.analysis.Analysis` (or anything with the frame
as an attribute) or the frame itself, and never mutates its input. The same queries
are methods of the result (``result.quotes_about(speaker="Vladimir Putin")``,
``result.format_quotes(...)``, ``result.show_quotes(...)``); the names in
:mod:`toolkit.plot` are aliases kept for older notebooks.

Examples
--------
>>> from toolkit.frames import make_frame
>>> quotes = make_frame("quotes", [
...     {"quote_id": "q1", "article_id": "a1", "speaker": "Ann Lee", "content": "Yes.",
...      "content_start": 5, "about": ["Bob Roy"], "kind": "direct"}])
>>> quotes_about(quotes, target="Bob Roy")["quote_id"].tolist()
['q1']
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection
from typing import Any

import pandas as pd

__all__ = [
    "UNATTRIBUTED",
    "as_list",
    "format_quotes",
    "frame_of",
    "plural",
    "quotes_about",
    "readable",
    "require_columns",
    "show_quotes",
]

UNATTRIBUTED = "(unattributed)"


# --------------------------------------------------------------------------- helpers
# Shared with toolkit.plot and toolkit.show (public so that no module reaches into
# another's private names).


def frame_of(data: Any, name: str) -> pd.DataFrame:
    """The frame ``name`` of an Analysis-like object, or ``data`` if it is a frame.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> frame = pd.DataFrame({"a": [1]})
    >>> frame_of(SimpleNamespace(quotes=frame), "quotes") is frame
    True
    """
    if isinstance(data, pd.DataFrame):
        return data
    frame = getattr(data, name, None)
    if isinstance(frame, pd.DataFrame):
        return frame
    raise TypeError(
        f"expected an Analysis (with a .{name} frame) or a {name} DataFrame, "
        f"got {type(data).__name__}"
    )


def with_cue_classes(quotes: pd.DataFrame, classes: Collection[str] | None) -> pd.DataFrame:
    """The quotes whose ``cue_class`` is one of ``classes`` (a new frame; a missing
    class counts as speech). ``None``, or a frame without the column, keeps every row.

    Examples
    --------
    >>> quotes = pd.DataFrame({"cue_class": ["speech", "belief", None]})
    >>> len(with_cue_classes(quotes, {"speech"})), len(with_cue_classes(quotes, None))
    (2, 3)
    """
    if classes is None or "cue_class" not in quotes.columns:
        return quotes.copy()
    keep = quotes["cue_class"].astype("object").fillna("speech").isin(set(classes))
    return quotes[keep.to_numpy(dtype=bool)].reset_index(drop=True)


def counted_quotes(quotes: pd.DataFrame, cue_classes: Collection[str] | None = ("speech",),
                   *, include_unresolved: bool = False) -> pd.DataFrame:
    """The quotes a chart counts (a new frame): those of ``cue_classes`` (see
    :func:`with_cue_classes`) whose speaker resolved to someone, or every speaker
    phrase ("officials") too with ``include_unresolved``.

    Examples
    --------
    >>> quotes = pd.DataFrame({"cue_class": ["speech", "belief", "speech"],
    ...                        "speaker_resolution": ["name", "name", "unresolved"]})
    >>> len(counted_quotes(quotes)), len(counted_quotes(quotes, include_unresolved=True))
    (1, 2)
    """
    out = with_cue_classes(quotes, cue_classes)
    if include_unresolved or "speaker_resolution" not in out.columns:
        return out
    keep = out["speaker_resolution"].astype("object").ne("unresolved")
    return out[keep.to_numpy(dtype=bool)].reset_index(drop=True)


def require_columns(df: pd.DataFrame, columns: list[str], name: str) -> None:
    """Raise ValueError naming the ``columns`` that frame ``name`` lacks.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": []}), ["a", "b"], "quotes")
    Traceback (most recent call last):
    ...
    ValueError: quotes frame is missing column(s): b
    """
    missing = [column for column in columns if column not in df.columns]
    if missing:
        raise ValueError(f"{name} frame is missing column(s): {', '.join(missing)}")


def plural(n: int, noun: str) -> str:
    """``"1 quote"``, ``"2 quotes"``.

    >>> plural(1, "quote"), plural(0, "speaker")
    ('1 quote', '0 speakers')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _is_list(value: Any) -> bool:
    # list cells come back from Parquet as numpy arrays
    return isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray"


def as_list(value: Any) -> list[Any]:
    """A list cell as a list; a missing cell as [].

    >>> as_list(["a"]), as_list(None)
    (['a'], [])
    """
    return list(value) if _is_list(value) else []


def _cell(value: Any, max_chars: int | None) -> Any:
    """A list as "a; b", and long strings cut to ``max_chars`` with an ellipsis."""
    if _is_list(value):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str) and max_chars is not None and len(value) > max_chars:
        value = value[: max_chars - 1] + "…"
    return value


# --------------------------------------------------------------------------- queries


def readable(
    frame: pd.DataFrame,
    columns: list[str] | None = None,
    *,
    sort_by: list[str] | str | None = None,
    ascending: bool | list[bool] = True,
    max_chars: int | None = 70,
    head: int | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` fit for reading in a notebook (and for stable nbval outputs).

    Sorts by ``sort_by`` with a stable sort (ties keep their order in the frame; the
    keys need not be among the shown columns), keeps ``columns`` (all when None),
    shows list cells as "a; b", cuts text longer than ``max_chars`` with "…", keeps
    the first ``head`` rows and numbers the rows from 0. The input is not mutated.

    Examples
    --------
    >>> frame = pd.DataFrame({"who": ["Bo", "Al"], "said": ["x" * 30, "hi"],
    ...                       "about": [["Al"], ["Bo", "Cy"]]})
    >>> readable(frame, ["who", "about", "said"], sort_by="who", max_chars=10)
      who   about        said
    0  Al  Bo; Cy          hi
    1  Bo      Al  xxxxxxxxx…
    """
    out = frame
    if sort_by is not None:  # before selecting: the keys need not be shown
        out = out.sort_values(sort_by, ascending=ascending, kind="mergesort",
                              na_position="last")
    out = out.copy() if columns is None else out.loc[:, list(columns)].copy()
    if head is not None:
        out = out.head(head)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda value: _cell(value, max_chars))
    return out.reset_index(drop=True)


def quotes_about(data: Any, speaker: str | None = None, target: str | None = None
                 ) -> pd.DataFrame:
    """The quotes of ``speaker`` (canonical name) about ``target``, in text order.

    ``target`` is matched against each quote's ``about`` list; None keeps all quotes
    of the speaker (and ``speaker=None`` all speakers). Rows are sorted by article
    and position. The input is not mutated.

    Examples
    --------
    >>> from toolkit.frames import make_frame
    >>> quotes = make_frame("quotes", [
    ...     {"quote_id": "q1", "article_id": "a1", "speaker": "Ann", "content": "Yes.",
    ...      "content_start": 5, "about": ["Bob"]},
    ...     {"quote_id": "q2", "article_id": "a1", "speaker": "Ann", "content": "No.",
    ...      "content_start": 1, "about": []}])
    >>> quotes_about(quotes, "Ann", "Bob")["quote_id"].tolist()
    ['q1']
    >>> quotes_about(quotes, "Ann")["quote_id"].tolist()
    ['q2', 'q1']
    """
    quotes = frame_of(data, "quotes")
    if quotes.empty:
        return quotes.copy()
    require_columns(quotes, ["article_id", "speaker", "content_start", "about"], "quotes")
    keep = pd.Series(True, index=quotes.index)
    if speaker is not None:
        keep &= (quotes["speaker"] == speaker).fillna(False).astype(bool)
    if target is not None:
        keep &= quotes["about"].map(lambda about: target in as_list(about)).astype(bool)
    out = quotes[keep.to_numpy()]
    return out.sort_values(["article_id", "content_start"], kind="mergesort",
                           na_position="last").reset_index(drop=True)


def _by_whom(quotes: pd.DataFrame, speaker: str | None) -> str:
    """Who said the selected quotes, as it is true of them: the speaker asked for, the
    one speaker they all share, or how many speakers (and unattributed quotes)."""
    if speaker is not None:
        return f" by {speaker}"
    if quotes.empty:
        return ""
    speakers = quotes["speaker"].astype("object")
    named = sorted({str(name) for name in speakers.dropna()})
    unattributed = int(speakers.isna().sum())
    if not named:
        return " by no named speaker"
    who = f" by {named[0]}" if len(named) == 1 else f" by {plural(len(named), 'speaker')}"
    if unattributed:
        who += f" ({unattributed} unattributed)"
    return who


def format_quotes(
    data: Any,
    speaker: str | None = None,
    target: str | None = None,
    *,
    width: int = 88,
) -> str:
    """The quotes of ``speaker`` about ``target`` as readable, wrapped text.

    One paragraph per quote: who (and how the article named them), the cue verb,
    the kind and what they said, followed by whom it is about. See
    :func:`quotes_about` for the selection; :func:`show_quotes` prints this. The first
    line says what is true of the quotes shown: without ``speaker``, the one speaker
    they share or how many speakers there are (so a frame filtered beforehand is
    described as it is).

    Examples
    --------
    >>> from toolkit.frames import make_frame
    >>> quotes = make_frame("quotes", [
    ...     {"quote_id": "q1", "article_id": "a1", "speaker": "Ann Lee", "speaker_text": "she",
    ...      "cue": "said", "content": "Bob is right.", "content_start": 5,
    ...      "kind": "direct", "about": ["Bob Roy"]}])
    >>> print(format_quotes(quotes, "Ann Lee", "Bob Roy"))
    1 quote by Ann Lee about Bob Roy
    <BLANKLINE>
    [1] Ann Lee ("she") said (direct, a1):
        “Bob is right.”
        about: Bob Roy
    >>> print(format_quotes(quotes).splitlines()[0])  # no speaker given: the one there is
    1 quote by Ann Lee
    """
    quotes = quotes_about(data, speaker, target)
    header = plural(len(quotes), "quote") + _by_whom(quotes, speaker)
    if target is not None:
        header += f" about {target}"
    lines = [header]
    for number, row in enumerate(quotes.to_dict("records"), start=1):
        name = row.get("speaker")
        name = UNATTRIBUTED if name is None or pd.isna(name) else str(name)
        local = row.get("speaker_text")
        named = (f' ("{local}")' if isinstance(local, str) and local and local != name else "")
        cue = row.get("cue")
        cue = cue if isinstance(cue, str) and cue else "said"
        kind = row.get("kind")
        detail = ", ".join(str(part) for part in (kind, row.get("article_id"))
                           if isinstance(part, str) and part)
        lines.append("")
        lines.append(f"[{number}] {name}{named} {cue}" + (f" ({detail}):" if detail else ":"))
        content = " ".join(str(row.get("content") or "").split())
        lines.append(textwrap.fill(f"“{content}”", width=width, initial_indent="    ",
                                   subsequent_indent="    "))
        about = as_list(row.get("about"))
        if about:
            lines.append(textwrap.fill("about: " + ", ".join(map(str, about)), width=width,
                                       initial_indent="    ", subsequent_indent="      "))
    return "\n".join(lines)


def show_quotes(data: Any, speaker: str | None = None, target: str | None = None,
                *, width: int = 88) -> None:
    """Print :func:`format_quotes` (for notebooks).

    Examples
    --------
    >>> from toolkit.frames import make_frame
    >>> show_quotes(make_frame("quotes"), "Ann Lee")
    0 quotes by Ann Lee
    """
    print(format_quotes(data, speaker, target, width=width))
