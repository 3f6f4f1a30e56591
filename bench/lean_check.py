"""The lean stand-in (toolkit.lean) against the full pipeline on a corpus: every token's
tag, POS, morphology, lemma, dependency, head, entity and sentence start must be equal;
also prints the time of both.

Usage: ``python bench/lean_check.py [CORPUS ...]`` (default: the Wikinews sample and
every ``../shared/eval/*.jsonl`` with texts). Exit status 1 when any Doc differs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULTS = [SHARED / "corpora" / "wikinews" / "articles.jsonl",
            *sorted((SHARED / "eval").glob("*.jsonl"))]


def check(corpus: Path) -> int:
    import numpy as np
    from spacy.attrs import (
        DEP,
        ENT_IOB,
        ENT_TYPE,
        HEAD,
        LEMMA,
        MORPH,
        ORTH,
        POS,
        SENT_START,
        TAG,
    )

    import toolkit as tk
    from toolkit.nlp import lean_stand_in, load_pipeline

    attrs = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    names = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE",
             "SENT_START"]
    try:
        texts = [t for t in tk.load_articles(corpus)["text"].tolist() if t]
    except Exception as exc:  # noqa: BLE001 - not an articles file
        print(f"{corpus.name}: skipped ({type(exc).__name__})")
        return 0
    nlp = load_pipeline()
    lean = lean_stand_in(nlp)
    assert lean is not None, "the default model should use the stand-in"
    t0 = time.process_time()
    full = [d.to_array(attrs) for d in nlp.pipe(texts, batch_size=32)]
    t1 = time.process_time()
    fast = [lean(d).to_array(attrs) for d in nlp.pipe(texts, batch_size=32,
                                                      disable=list(lean.replaces))]
    t2 = time.process_time()
    bad = 0
    for k, (a, b) in enumerate(zip(full, fast, strict=True)):
        if a.shape != b.shape or (a != b).any():
            bad += 1
            if a.shape == b.shape:
                r, c = (int(x[0]) for x in np.nonzero(a != b))
                print(f"  doc {k} token {r} {names[c]}: {nlp.vocab.strings[int(a[r, 0])]!r} "
                      f"full {a[r, c]} lean {b[r, c]}")
    n_tokens = sum(len(a) for a in full)
    print(f"{corpus.name}: {len(texts)} docs, {n_tokens:,} tokens, {bad} differing; "
          f"CPU full {t1 - t0:.1f} s, lean {t2 - t1:.1f} s (x{(t1 - t0) / (t2 - t1):.2f})")
    return bad


def main(argv: list[str]) -> int:
    corpora = [Path(a) for a in argv] or [p for p in DEFAULTS if p.exists()]
    if not corpora:
        print("lean_check: no corpus found; pass one", file=sys.stderr)
        return 2
    return 1 if sum(check(c) for c in corpora) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
