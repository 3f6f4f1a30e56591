"""Which protocol scores a gold file, and the ``toolkit eval`` command.

:func:`evaluate` (``toolkit.evaluate``) reads the shape of a file's records and hands
it to that set's protocol:

============================  ===============================  =========================
records                       set                              protocol
============================  ===============================  =========================
``quotes`` (no names)         PolNeAR quote attribution        :mod:`.attribution`
``quotes`` + ``speaker_name`` Wikinews quotes, names, targets  :mod:`.wikinews`
``entities``                  GUM entity resolution            :mod:`.gum`
``pronoun``                   GAP pronoun resolution           :mod:`.gap`
``lines``                     check-worthiness ranking         ``.checkworthiness``
============================  ===============================  =========================

``python -m toolkit eval [PATH ...]`` prints each file's table under a title line; with
no path it scores every known file present in the eval folder (``--dir``, else the
environment variable ``TOOLKIT_EVAL_DIR``, else ``../shared/eval`` from the current
folder).

Examples
--------
>>> detect({"id": "x", "text": "...", "pronoun": "her", "pronoun_offset": 3})
'gap'
>>> [s.name for s in SETS]
['polnear', 'wikinews', 'gum', 'gap', 'checkworthiness']
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.evaluation.common import format_misses, format_result, iter_records

__all__ = ["DEFAULT_EVAL_DIR", "SETS", "EvalSet", "ProtocolUnavailable", "detect",
           "detect_file", "eval_dir", "evaluate", "known_files", "main"]

#: Where ``toolkit eval`` looks without a path (relative to the current folder).
DEFAULT_EVAL_DIR = Path("..") / "shared" / "eval"


class ProtocolUnavailable(RuntimeError):
    """The protocol of a set is not installed (its module cannot be imported)."""


@dataclass(frozen=True)
class EvalSet:
    """One kind of gold file: its usual file name and the protocol that scores it."""

    name: str
    filename: str
    title: str
    module: str
    function: str = "evaluate"
    transpose: bool = False  # print a one-row table as "measure value" lines

    def protocol(self) -> Callable[..., pd.DataFrame]:
        """The scoring function, imported now (raises :class:`ProtocolUnavailable`)."""
        try:
            module = importlib.import_module(self.module)
        except ImportError as exc:
            raise ProtocolUnavailable(
                f"{self.title} scoring is not available ({self.module} cannot be "
                f"imported: {exc})") from exc
        function = getattr(module, self.function, None)
        if function is None:
            raise ProtocolUnavailable(
                f"{self.title} scoring is not available ({self.module} has no "
                f"{self.function})")
        return function


SETS: tuple[EvalSet, ...] = (
    EvalSet("polnear", "polnear-dev.jsonl", "PolNeAR quote attribution (tiers direct / "
            "speech / all)", "toolkit.evaluation.attribution"),
    EvalSet("wikinews", "wikinews-quotes-dev.jsonl", "Wikinews quotes: speech "
            "attributions, speaker names, about", "toolkit.evaluation.wikinews",
            transpose=True),
    EvalSet("gum", "gum-dev.jsonl", "GUM entity resolution (mention -> canonical name)",
            "toolkit.evaluation.gum"),
    EvalSet("gap", "gap-dev.jsonl", "GAP pronoun resolution (snippet context)",
            "toolkit.evaluation.gap"),
    EvalSet("checkworthiness", "checkworthiness-dev.jsonl", "check-worthiness",
            "toolkit.evaluation.checkworthiness", "evaluate_checkworthiness"),
)
_BY_NAME = {s.name: s for s in SETS}


def detect(record: Mapping[str, Any]) -> str | None:
    """The set a gold record is from, by its shape; None when it cannot tell yet (a
    quotes record without quotes) or the shape is unknown.

    Examples
    --------
    >>> detect({"id": "a", "lines": []}), detect({"id": "a", "entities": []})
    ('checkworthiness', 'gum')
    >>> detect({"quotes": [{"cue": "said"}]}), detect({"quotes": [{"speaker_name": None}]})
    ('polnear', 'wikinews')
    >>> detect({"quotes": []}), detect({"title": "?"})
    (None, None)
    """
    if "lines" in record:
        return "checkworthiness"
    if "pronoun" in record and "pronoun_offset" in record:
        return "gap"
    if "entities" in record:
        return "gum"
    quotes = record.get("quotes")
    if isinstance(quotes, list) and quotes:
        return "wikinews" if any("speaker_name" in q for q in quotes) else "polnear"
    return None


def detect_file(path: str | Path) -> EvalSet:
    """The set of a JSON Lines gold file, from its first record that shows it.

    A file of quote records none of which has a quote counts as PolNeAR-style. Raises
    ``ValueError`` for a file of another shape.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": "a", "quotes": []}\\n{"id": "b", "quotes": [{"about": []}]}\\n')
    >>> detect_file(path).name
    'polnear'
    """
    saw_quotes = False
    for record in iter_records(path):
        if not isinstance(record, dict):
            break
        name = detect(record)
        if name is not None:
            return _BY_NAME[name]
        saw_quotes = saw_quotes or isinstance(record.get("quotes"), list)
        if not saw_quotes:
            break
    if saw_quotes:
        return _BY_NAME["polnear"]
    raise ValueError(
        f"{path}: not a known gold format (records with quotes, entities, pronoun or "
        "lines; see ../shared/eval/README.md)")


def evaluate(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """Score the toolkit on a gold file with the protocol of its set.

    The set is read from the records' shape (see the module docstring); ``kwargs`` go
    to that protocol's ``evaluate`` (``nlp``, ``limit``, ``batch_size``, ``n_process``,
    ``progress``, ``predict``; ``misses_per_class`` and ``seed`` for the Wikinews, GUM
    and GAP sets). For a PolNeAR file the table is that of
    :func:`toolkit.evaluation.attribution.evaluate`.

    Raises ``FileNotFoundError``, ``ValueError`` (unknown format) or
    :class:`ProtocolUnavailable`.

    Examples
    --------
    >>> import json, os, tempfile
    >>> from toolkit.frames import make_frame
    >>> record = {"id": "t1", "text": 'Ann Lee said: "Rain is coming."', "quotes": [
    ...     {"content_spans": [[14, 31]], "speaker_spans": [[0, 7]], "cue": "said",
    ...      "type": "direct"}]}
    >>> path = os.path.join(tempfile.mkdtemp(), "gold.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps(record) + "\\n")
    >>> table = evaluate(path, predict=lambda articles: make_frame("quotes", [
    ...     {"article_id": "t1", "content_start": 15, "content_end": 29}]))
    >>> table[["tier", "f1"]].values.tolist()
    [['direct', 1.0], ['speech', 1.0], ['all', 1.0]]
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"gold file not found: {path}")
    return detect_file(path).protocol()(path, **kwargs)


# --------------------------------------------------------------------------- command

def eval_dir(option: str | Path | None = None) -> Path:
    """The eval folder: ``option``, else ``$TOOLKIT_EVAL_DIR``, else ../shared/eval.

    Examples
    --------
    >>> eval_dir("/data/gold").as_posix()
    '/data/gold'
    """
    if option:
        return Path(option)
    env = os.environ.get("TOOLKIT_EVAL_DIR")
    return Path(env) if env else DEFAULT_EVAL_DIR


def known_files(folder: Path) -> list[Path]:
    """The gold files of ``folder`` to score: the known file names present, in the
    order of :data:`SETS`, then any other ``*.jsonl`` in it of a known shape, sorted.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "gap-dev.jsonl").write_text('{"pronoun": "he", "pronoun_offset": 0}')
    >>> _ = (folder / "mine.jsonl").write_text('{"id": "d", "entities": []}')
    >>> _ = (folder / "notes.jsonl").write_text('{"note": "not gold"}')
    >>> [p.name for p in known_files(folder)]
    ['gap-dev.jsonl', 'mine.jsonl']
    """
    known = [folder / s.filename for s in SETS if (folder / s.filename).is_file()]
    others = []
    for path in sorted(folder.glob("*.jsonl")):
        if path in known:
            continue
        try:
            detect_file(path)
        except (ValueError, OSError, UnicodeDecodeError):
            continue
        others.append(path)
    return known + others


def _options_for(function: Callable[..., Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The options ``function`` names as parameters (``limit`` always, when given)."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        parameters = {}
    return {k: v for k, v in options.items()
            if v is not None and (k in parameters or k == "limit")}


def _print_one(path: Path, options: Mapping[str, Any], misses: int, seed: int) -> int:
    try:
        kind = detect_file(path)
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"== {path.name} ==\n{exc}\n", flush=True)
        return 1
    print(f"== {path.name}: {kind.title} ==", flush=True)
    try:
        function = kind.protocol()
    except ProtocolUnavailable as exc:
        print(f"{exc}\n", flush=True)
        return 0
    wanted = dict(options)
    if misses > 0:
        wanted.update(misses_per_class=misses, seed=seed)
    table = function(path, **_options_for(function, wanted))
    if kind.name == "polnear":
        from toolkit.evaluation import attribution

        print(attribution.format_table(table))
    else:
        print(format_result(table, transpose=kind.transpose))
    sample = table.attrs.get("misses")
    if misses > 0:
        if isinstance(sample, pd.DataFrame):
            print(f"\nsample errors ({misses} per class, seed {seed}):")
            print(format_misses(sample))
        else:
            print(f"\n(no error samples for {kind.title})")
    print(flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m toolkit eval [PATH ...] [--limit N] [--misses N] [--dir DIR]``.

    Prints each file's table under a title line. Returns 0; 2 when a named file (or,
    without paths, the eval folder or any gold file in it) is missing; 1 when a file
    has an unknown format.

    Examples
    --------
    >>> main(["/no/such/gold.jsonl"])
    2
    """
    parser = argparse.ArgumentParser(
        prog="toolkit eval",
        description="Score the toolkit against annotated JSON Lines files, each with its "
                    "set's protocol (../shared/eval/README.md).")
    parser.add_argument("paths", nargs="*", help="gold JSON Lines files (default: every "
                        "known file in the eval folder)")
    parser.add_argument("--dir", default=None, help="eval folder (default: "
                        "$TOOLKIT_EVAL_DIR, else ../shared/eval)")
    parser.add_argument("--limit", type=int, default=None,
                        help="only the first N articles / documents / examples of each file")
    parser.add_argument("--misses", type=int, default=0, metavar="N",
                        help="also print N sample errors per class (terminal only)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the --misses sample")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--model", default=None, help="spaCy pipeline package to use")
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args(argv)

    if args.paths:
        paths = [Path(p) for p in args.paths]
    else:
        folder = eval_dir(args.dir)
        if not folder.is_dir():
            print(f"toolkit eval: eval folder not found: {folder} (give paths, --dir or "
                  "TOOLKIT_EVAL_DIR)", file=sys.stderr)
            return 2
        paths = known_files(folder)
        if not paths:
            print(f"toolkit eval: no gold files in {folder}", file=sys.stderr)
            return 2
    options = {"nlp": args.model, "limit": args.limit, "batch_size": args.batch_size,
               "n_process": args.n_process, "progress": args.progress or None}
    status = 0
    for path in paths:
        if not path.is_file():
            print(f"toolkit eval: gold file not found: {path}", file=sys.stderr)
            status = 2
            continue
        status = max(status, _print_one(path, options, args.misses, args.seed))
    return status
