"""Command line: ``toolkit analyze PATH... --out DIR`` and ``toolkit eval [GOLD.jsonl ...]``.

Examples
--------
>>> parser = build_parser()
>>> args = parser.parse_args(["analyze", "seeds/", "--out", "out", "--format", "csv"])
>>> args.format, args.paths
('csv', ['seeds/'])
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

CHARTS = ("who_about_whom", "quote_network", "top_speakers", "quotes_over_time",
          "claims_by_claimant")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit", description="Who said what about whom in the news.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("analyze", help="analyze articles and write one file per frame")
    run.add_argument("paths", nargs="+", help="files, folders or globs of articles")
    run.add_argument("--out", required=True, help="output folder")
    run.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    run.add_argument("--model", default=None, help="spaCy pipeline package to use")
    run.add_argument("--processes", type=_positive_int, default=1, help="parser processes")
    run.add_argument("--batch-size", type=_positive_int, default=32)
    run.add_argument("--cache", default=None, help="cache folder (re-runs skip parsing)")
    run.add_argument("--force", action="store_true", help="overwrite a non-empty --out")
    run.add_argument("--charts", action="store_true", help="also write PNG charts")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    # `toolkit eval` has its own parser (toolkit.evaluation.sets.main): every argument
    # after "eval" goes to it, see main().
    sub.add_parser("eval", add_help=False,
                   help="score the toolkit on annotated JSON Lines (every set in "
                        "../shared/eval by default; `toolkit eval --help`)")
    return parser


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, list)).any():
            out[column] = out[column].map(lambda v: json.dumps(v, ensure_ascii=False)
                                          if isinstance(v, list) else v)
    return out


def write_frames(analysis, out: Path, fmt: str) -> list[Path]:
    """Write each frame of ``analysis`` to ``out`` atomically; returns the paths."""
    written = []
    for name, frame in analysis.frames().items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            _atomic_write(path, lambda p, f=frame: f.to_parquet(p, index=False))
        else:
            _atomic_write(path, lambda p, f=frame: _for_csv(f).to_csv(p, index=False))
        written.append(path)
    return written


def write_charts(analysis, out: Path) -> list[Path]:
    """Render the standard charts to PNG files in ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from toolkit import plot

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in CHARTS:
        fig, ax = plt.subplots(figsize=(9, 6))
        getattr(plot, name)(analysis, ax=ax)
        fig.tight_layout()
        path = out / f"{name}.png"
        _atomic_write(path, lambda p, f=fig: f.savefig(p, dpi=110, format="png"))
        plt.close(fig)
        written.append(path)
    return written


def cmd_analyze(args: argparse.Namespace) -> int:
    import toolkit as tk

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: --out {out} exists and is not a folder", file=sys.stderr)
        return 2
    if out.exists() and any(out.iterdir()) and not args.force:
        print(f"error: --out {out} is not empty; pass --force to overwrite", file=sys.stderr)
        return 2
    try:
        articles = tk.load_articles(list(args.paths))
    except (FileNotFoundError, ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from toolkit.nlp import ModelNotFoundError

    try:
        result = tk.analyze(articles, nlp=args.model, n_process=args.processes,
                            batch_size=args.batch_size, cache=args.cache,
                            progress=not args.no_progress and len(articles) > 20)
    except ModelNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_frames(result, out, args.format)
        if args.charts:
            write_charts(result, out / "charts")
    except OSError as exc:
        # Each file is written atomically: what is in --out is complete, never partial.
        print(f"error: could not write to {out}: {exc}", file=sys.stderr)
        return 1
    print(result.summary())
    print(f"wrote {len(result.FRAMES)} frames ({args.format}) to {out}"
          + (f" and charts to {out / 'charts'}" if args.charts else ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:
        from toolkit.evaluation import main as eval_main

        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    return cmd_analyze(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
