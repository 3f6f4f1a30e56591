"""Peak memory and time of one very long article, and pieces vs one piece.

Usage: ``python bench/long_article.py [CORPUS] [--chars N] [--compare N]``
(default corpus: ``../shared/corpora/wikinews/articles.jsonl``). The article is real
text: the corpus' paragraphs joined with blank lines (the corpus repeated when it is
shorter) up to ``--chars`` characters (default 2,000,000), analysed with
``toolkit.analyze`` in a fresh subprocess whose peak RSS is printed.

``--compare N`` analyses an ``N``-character article twice in one subprocess: parsed in
pieces (the default :data:`toolkit.nlp.PIECE_CHARS`) and in one piece, and says
whether all frames are identical.

Acceptance (issue 15): a 2 MB article peaks at <= 1.5 GB RSS with no errors; the
300 KB comparison gives identical frames.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"


def long_text(corpus: str, n_chars: int) -> str:
    """The corpus' paragraphs, in order, joined by blank lines up to ``n_chars``."""
    import toolkit as tk

    texts = [t for t in tk.load_articles(corpus)["text"].tolist() if t]
    paragraphs: list[str] = []
    size = 0
    while size < n_chars:
        for text in texts:
            for paragraph in text.split("\n\n"):
                paragraphs.append(paragraph)
                size += len(paragraph) + 2
                if size >= n_chars:
                    return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs)


def _frame(text: str) -> Any:
    import pandas as pd

    import toolkit as tk

    return tk.load_articles(pd.DataFrame({"article_id": ["long"], "text": [text],
                                          "title": ["A long article"]}))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_measure(corpus: str, n_chars: int) -> dict[str, Any]:
    import toolkit as tk
    from toolkit.nlp import load_pipeline

    frame = _frame(long_text(corpus, n_chars))
    nlp = load_pipeline()
    nlp("Warm up.")
    before = _peak_mb()
    t0 = time.perf_counter()
    result = tk.analyze(frame, nlp=None)
    wall = time.perf_counter() - t0
    return {"chars": int(frame["n_chars"].iloc[0]), "wall": wall, "peak_mb": _peak_mb(),
            "peak_before_mb": before,
            "counts": {name: len(f) for name, f in result.frames().items()},
            "errors": result.errors.to_dict("records")[:3]}


def child_compare(corpus: str, n_chars: int) -> dict[str, Any]:
    from pandas.testing import assert_frame_equal

    import toolkit as tk
    import toolkit.nlp as tk_nlp

    frame = _frame(long_text(corpus, n_chars))
    in_pieces = tk.analyze(frame)
    piece_chars = tk_nlp.PIECE_CHARS
    tk_nlp.PIECE_CHARS = 10 * n_chars
    try:
        whole = tk.analyze(frame)
    finally:
        tk_nlp.PIECE_CHARS = piece_chars
    differing = {}
    for name, left in in_pieces.frames().items():
        try:
            assert_frame_equal(left, whole.frames()[name], obj=name)
        except AssertionError as exc:
            differing[name] = str(exc)[:400]
    return {"chars": int(frame["n_chars"].iloc[0]), "piece_chars": piece_chars,
            "n_pieces": len(tk_nlp.split_for_parsing(frame["text"].iloc[0], piece_chars)),
            "counts": {name: len(f) for name, f in in_pieces.frames().items()},
            "differing": differing}


def run_child(*args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          cwd=REPO)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"measurement {args} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--compare", type=int, default=300_000,
                        help="size of the pieces-vs-one-piece comparison (0: skip)")
    parser.add_argument("--child", choices=["measure", "compare"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "measure":
        print(json.dumps(child_measure(args.corpus, args.chars)))
        return 0
    if args.child == "compare":
        print(json.dumps(child_compare(args.corpus, args.compare)))
        return 0
    if not Path(args.corpus).exists():
        print(f"long_article: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.compare:
        c = run_child(args.corpus, "--child", "compare", "--compare", str(args.compare))
        print(f"{c['chars']:,} characters in {c['n_pieces']} pieces of at most "
              f"{c['piece_chars']:,} vs one piece: "
              + ("identical frames" if not c["differing"] else
                 f"DIFFERENT frames: {', '.join(c['differing'])}"))
        print(f"  rows: {c['counts']}")
        for name, message in c["differing"].items():
            print(f"  {name}: {message}")
    m = run_child(args.corpus, "--child", "measure", "--chars", str(args.chars))
    print(f"one article of {m['chars']:,} characters: wall {m['wall']:.0f} s, peak RSS "
          f"{m['peak_mb']:.0f} MB (model loaded: {m['peak_before_mb']:.0f} MB)")
    print(f"  rows: {m['counts']}")
    if m["errors"]:
        print(f"  errors: {m['errors']}")
    ok = m["peak_mb"] <= 1536 and not m["counts"]["errors"]
    print(f"  [{'PASS' if ok else 'FAIL'}] peak RSS {m['peak_mb']:.0f} MB (target <= 1536 MB), "
          f"{m['counts']['errors']} errors (target 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
