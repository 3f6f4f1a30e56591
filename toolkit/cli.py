"""Command line: ``toolkit analyze PATH... --out DIR`` and ``toolkit eval [GOLD.jsonl ...]``.

Exit status: 0 when the outputs were written (articles that failed are rows of
``errors``, and counted on stderr); 1 when every input failed or the outputs could not
be written (nothing partial is left in ``--out``); 2 for a usage error (bad option,
missing input, ``--out`` not empty without ``--force``, model not installed).

Examples
--------
>>> parser = build_parser()
>>> args = parser.parse_args(["analyze", "seeds/", "--out", "out", "--format", "csv"])
>>> args.format, args.paths
('csv', ['seeds/'])
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence
from pathlib import Path

CHARTS = ("who_about_whom", "quote_network", "top_speakers", "quotes_over_time",
          "claims_by_claimant")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

EPILOG = """\
exit status:
  0  the outputs were written (articles that failed are rows of errors)
  1  every input failed, or the outputs could not be written (disk full, no
     permission); --out then holds nothing partial
  2  usage error: bad option, missing input, --out not empty without --force,
     spaCy model not installed

CSV output (--format csv, --excel) neutralises text cells that start with
=, +, -, @, tab or carriage return by a leading apostrophe, so that a spreadsheet
does not run them as formulas; Parquet keeps the text exactly.
"""


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    from toolkit import __version__

    parser = argparse.ArgumentParser(
        prog="toolkit", description="Who said what about whom in the news.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {__version__} (whosaid-toolkit)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("analyze", help="analyze articles and write one file per frame",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("paths", nargs="+", help="files, folders or globs of articles")
    run.add_argument("--out", required=True, help="output folder")
    run.add_argument("--format", choices=("parquet", "csv"), default=None,
                     help="file format of the frames (default: parquet; csv is UTF-8)")
    run.add_argument("--excel", action="store_true",
                     help="CSV for Excel: UTF-8 with a byte-order mark (implies --format csv)")
    run.add_argument("--html", action="store_true",
                     help="also write an audit page per article and an index (html/)")
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


def _frame_writer(fmt: str, excel: bool):
    from toolkit.export import write_csv, write_parquet

    if fmt == "parquet":
        return write_parquet
    return lambda frame, path: write_csv(frame, path, excel=excel)


def write_frames(analysis, out: Path, fmt: str, *, excel: bool = False) -> list[Path]:
    """Write each frame of ``analysis`` into the folder ``out``; returns the paths."""
    write = _frame_writer(fmt, excel)
    written = []
    for name, frame in analysis.frames().items():
        path = out / f"{name}.{fmt}"
        write(frame, path)
        written.append(path)
    return written


def write_charts(analysis, out: Path) -> tuple[list[Path], list[str]]:
    """Render the standard charts to PNG files in ``out``; a chart that would say only
    "no data" (e.g. quotes over time for undated articles) is left out. Returns the
    paths written and the names left out."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from toolkit import plot

    out.mkdir(parents=True, exist_ok=True)
    written, empty = [], []
    for name in CHARTS:
        fig, ax = plt.subplots(figsize=(9, 6))
        getattr(plot, name)(analysis, ax=ax)
        if any(text.get_text() == plot.NO_DATA for text in ax.texts):
            empty.append(name)
        else:
            fig.tight_layout()
            path = out / f"{name}.png"
            fig.savefig(path, dpi=110, format="png")
            written.append(path)
        plt.close(fig)
    return written, empty


_WRITE_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "a file-size limit was reached",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "no permission to write there",
    errno.EROFS: "the file system is read-only",
}


def _write_error(out: Path, exc: OSError) -> str:
    problem = _WRITE_PROBLEMS.get(exc.errno or 0, "the write failed")
    return (f"error: could not write the outputs to {out}: {problem} ({exc}). "
            f"Nothing was written; free space or choose another --out, then run again.")


def _write_outputs(result, args: argparse.Namespace, out: Path) -> tuple[list[Path], list[str]]:
    """Every output of the run, or none of them (see toolkit.export.write_all)."""
    from toolkit.export import write_all

    skipped: list[str] = []

    def write(folder: Path) -> None:
        write_frames(result, folder, args.format, excel=args.excel)
        if args.charts:
            skipped.extend(write_charts(result, folder / "charts")[1])
        if args.html:
            from toolkit.show import write_pages

            write_pages(result, folder / "html")

    return write_all(out, write), skipped


def _usage_error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_analyze(args: argparse.Namespace) -> int:
    import toolkit as tk

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return _usage_error(f"--out {out} exists and is not a folder")
    if out.exists() and any(out.iterdir()) and not args.force:
        return _usage_error(f"--out {out} is not empty; pass --force to overwrite")
    try:
        articles = tk.load_articles(list(args.paths))
    except (FileNotFoundError, ValueError, TypeError) as exc:
        return _usage_error(str(exc))
    from toolkit.nlp import ModelNotFoundError

    try:
        result = tk.analyze(articles, nlp=args.model, n_process=args.processes,
                            batch_size=args.batch_size, cache=args.cache,
                            progress=not args.no_progress and len(articles) > 20)
    except ModelNotFoundError as exc:
        return _usage_error(str(exc))
    try:
        _, skipped = _write_outputs(result, args, out)
    except OSError as exc:
        print(_write_error(out, exc), file=sys.stderr)
        return EXIT_FAILED
    print(result.summary())
    wrote = [f"{len(result.FRAMES)} frames ({args.format}{', for Excel' * args.excel}) to {out}"]
    if args.charts:
        wrote.append(f"charts to {out / 'charts'}")
    if args.html:
        wrote.append(f"audit pages to {out / 'html'} (open index.html)")
    print("wrote " + " and ".join(wrote))
    if skipped:
        print(f"left out charts with no data: {', '.join(skipped)}")
    n_ok = int((result.articles["status"] == "ok").sum())
    if n_ok == 0:
        print(f"error: none of the {len(result.articles)} inputs could be analysed; "
              f"see errors and the articles' status in {out}", file=sys.stderr)
        return EXIT_FAILED
    if n_ok < len(result.articles):
        print(f"warning: {len(result.articles) - n_ok} of {len(result.articles)} inputs "
              f"could not be analysed; see errors in {out}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:
        from toolkit.evaluation import main as eval_main

        return eval_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.excel and args.format == "parquet":
        parser.error("--excel writes CSV; it cannot be combined with --format parquet")
    args.format = "csv" if args.excel else (args.format or "parquet")
    return cmd_analyze(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
