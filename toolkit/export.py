"""Writing the frames to files: CSV that spreadsheets read safely, Parquet as it is, and
all of a run's files or none of them.

- :func:`spreadsheet_safe` neutralises text cells that a spreadsheet would run as a
  formula (CSV or formula injection): a cell starting with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return gets a leading apostrophe (``'=1+1``), the usual
  defence (OWASP). It is applied to CSV output, and is the function to call before
  ``DataFrame.to_excel``. Parquet keeps the text exactly as extracted.
- :func:`write_csv` writes UTF-8, or with ``excel=True`` UTF-8 with a byte-order mark,
  which Excel needs to read "Stamenković" as such. List cells are written as JSON.
- :func:`write_all` stages every file of a run in a hidden folder inside the output
  folder and moves them into place only when all were written: a full disk or a
  file-size limit leaves no partial output behind. Files get the permissions the
  umask gives (no private temporary-file modes).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"content": ["=HYPERLINK(1)", "fine", "-"], "n": [-1, 2, 3]})
>>> spreadsheet_safe(frame)["content"].tolist()
["'=HYPERLINK(1)", 'fine', "'-"]
>>> spreadsheet_safe(frame)["n"].tolist()  # numbers are numbers, not formulas
[-1, 2, 3]
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["FORMULA_STARTS", "spreadsheet_safe", "write_all", "write_csv", "write_parquet"]

# What makes a spreadsheet treat a text cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STAGING_PREFIX = ".toolkit-writing-"


def _neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells starting with one of :data:`FORMULA_STARTS`
    begin with an apostrophe instead; numbers, lists and other cells are unchanged.
    The input is not mutated.

    Examples
    --------
    >>> import pandas as pd
    >>> spreadsheet_safe(pd.DataFrame({"t": ["@SUM(A1)", "-1", "a-b"]}))["t"].tolist()
    ["'@SUM(A1)", "'-1", 'a-b']
    """
    out = frame.copy()
    for column in out.columns:
        if _is_text(out[column]):
            out[column] = out[column].map(_neutralise, na_action="ignore").astype(out[column].dtype)
    return out


def _lists_as_json(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object and values.map(lambda v: isinstance(v, list)).any():
            out[column] = values.map(lambda v: json.dumps(v, ensure_ascii=False)
                                     if isinstance(v, list) else v)
    return out


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, excel: bool = False) -> None:
    """Write ``frame`` as CSV: UTF-8 (with a byte-order mark when ``excel``), list cells
    as JSON, formula-like text neutralised (:func:`spreadsheet_safe`).

    Examples
    --------
    >>> import pandas as pd, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "q.csv")
    ...     write_csv(pd.DataFrame({"who": ["Stamenković"]}), path, excel=True)
    ...     path.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    table = spreadsheet_safe(_lists_as_json(frame))
    table.to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8")


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``frame`` as Parquet, text exactly as it is (nothing neutralised)."""
    frame.to_parquet(path, index=False)


def _remove_empty_dirs(folder: Path) -> None:
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        try:
            path.rmdir()
        except OSError:
            pass


def write_all(out: str | os.PathLike[str], write: Callable[[Path], None]) -> list[Path]:
    """Call ``write(folder)`` to write a run's files into a staging folder, then move
    every file to the same place under ``out``; return the final paths (sorted).

    When anything fails (``write`` raises, a disk fills, a file-size limit is hit),
    the staged files are removed, as is ``out`` itself when this call created it, and
    the exception is raised: ``out`` never holds part of a run. Files already in
    ``out`` are replaced only once every new file was written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     def frames(folder):
    ...         (folder / "a.txt").write_text("a")
    ...         raise OSError(28, "No space left on device")
    ...     try:
    ...         write_all(pathlib.Path(tmp, "out"), frames)
    ...     except OSError as exc:
    ...         print(exc.strerror, pathlib.Path(tmp, "out").exists())
    No space left on device False
    """
    out = Path(out)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    moved: list[Path] = []
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        write(staging)
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        for path in files:
            final = out / path.relative_to(staging)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, final)
            moved.append(final)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if created:
            _remove_empty_dirs(out)
            try:
                out.rmdir()
            except OSError:
                pass
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return sorted(moved)
