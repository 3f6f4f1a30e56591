"""Quote extraction accuracy: the toolkit beside textacy's ``direct_quotations``.

Both systems run in one process on the same gold file, parsed by the same spaCy
pipeline, and are scored by the same protocol (:func:`toolkit.evaluation.score`, see
``../shared/eval/README.md``). textacy gives up on an article with an odd number of
quotation marks (it raises); such an article counts as giving no quotes, and the
number of them is printed.

textacy is not a dependency of the toolkit; install it for this benchmark only::

    .venv/bin/pip install textacy

Usage::

    .venv/bin/python bench/quotes_vs_textacy.py [PATH] [--limit N]

PATH defaults to ``../shared/eval/polnear-dev.jsonl`` next to the repository.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear-dev.jsonl"


def textacy_predictor(nlp, *, batch_size: int = 32):
    """A ``predict`` callable for :func:`toolkit.evaluation.evaluate` running textacy."""
    from textacy.extract.triples import direct_quotations

    from toolkit.frames import make_frame

    def char_span(tokens) -> tuple[int | None, int | None]:
        tokens = list(tokens)
        if not tokens:
            return None, None
        return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)

    def predict(articles: pd.DataFrame) -> SimpleNamespace:
        quotes, errors = [], []
        ids = list(articles["article_id"])
        texts = [str(t) for t in articles["text"]]
        for article_id, doc in zip(ids, nlp.pipe(texts, batch_size=batch_size), strict=True):
            try:
                triples = list(direct_quotations(doc))  # a generator: raises while iterating
            except Exception as exc:  # noqa: BLE001 - any failure means "gave nothing"
                errors.append({"article_id": article_id, "stage": "textacy",
                               "error": type(exc).__name__, "message": str(exc)[:200]})
                continue
            for n, triple in enumerate(triples):
                speaker_start, speaker_end = char_span(triple.speaker)
                cue_start, cue_end = char_span(triple.cue)
                content = triple.content
                quotes.append({
                    "quote_id": f"{article_id}:textacy:{n}", "article_id": article_id,
                    "speaker_text": doc.text[speaker_start:speaker_end]
                    if speaker_start is not None else None,
                    "speaker_start": speaker_start, "speaker_end": speaker_end,
                    "cue": doc.text[cue_start:cue_end] if cue_start is not None else None,
                    "cue_start": cue_start, "cue_end": cue_end,
                    "content": content.text, "content_start": content.start_char,
                    "content_end": content.end_char, "kind": "direct",
                })
        return SimpleNamespace(quotes=make_frame("quotes", quotes),
                               errors=make_frame("errors", errors))

    return predict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_GOLD),
                        help="gold JSON Lines file (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--progress", action="store_true",
                        help="progress bar for the toolkit's run (on stderr)")
    args = parser.parse_args(argv)

    try:
        import textacy
    except ImportError:
        print("textacy is not installed; this benchmark needs it (it is not a toolkit "
              "dependency):\n    .venv/bin/pip install textacy", file=sys.stderr)
        return 2
    path = Path(args.path)
    if not path.is_file():
        print(f"gold file not found: {path}", file=sys.stderr)
        return 2

    import spacy

    import toolkit
    from toolkit.evaluation import TIERS, evaluate, format_table
    from toolkit.nlp import load_pipeline, model_signature

    nlp = load_pipeline()
    runs = {}
    predict = textacy_predictor(nlp, batch_size=args.batch_size)
    captured: dict[str, pd.DataFrame] = {}

    def textacy_run(articles: pd.DataFrame) -> SimpleNamespace:
        result = predict(articles)
        captured["errors"] = result.errors
        return result

    runs[f"textacy {textacy.__version__}"] = evaluate(
        path, limit=args.limit, batch_size=args.batch_size, predict=textacy_run)
    # Partial results on stderr, so a long or interrupted run still shows textacy's.
    print(format_table(runs[f"textacy {textacy.__version__}"]), file=sys.stderr, flush=True)
    runs[f"toolkit {toolkit.__version__}"] = evaluate(
        path, nlp=nlp, limit=args.limit, batch_size=args.batch_size, progress=args.progress)

    table = pd.concat([frame.assign(system=name) for name, frame in runs.items()],
                      ignore_index=True)
    table = table[["system", *[c for c in table.columns if c != "system"]]]
    order = {tier: i for i, tier in enumerate(TIERS)}
    table = (table.assign(_order=table["tier"].map(order))
             .sort_values(["_order", "system"], kind="stable")
             .drop(columns="_order").reset_index(drop=True))

    raised = captured.get("errors")
    n_articles = int(table["n_articles"].iloc[0])
    print(f"gold: {path} ({n_articles} articles)")
    print(f"spaCy {spacy.__version__}, pipeline {model_signature(nlp)}")
    n_raised = 0 if raised is None else raised["article_id"].nunique()
    reasons = Counter() if raised is None else Counter(
        "odd number of quotation marks" if "quotation marks found" in m else e
        for e, m in zip(raised["error"], raised["message"], strict=True))
    print(f"textacy raised on {n_raised} of {n_articles} articles (counted as giving "
          f"nothing): {dict(reasons) or 'none'}")
    print()
    print(format_table(table))
    print()
    command = [sys.executable, str(Path(__file__).resolve()), str(path.resolve())]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    if args.batch_size != 32:
        command += ["--batch-size", str(args.batch_size)]
    print("reproduce: " + shlex.join(command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
