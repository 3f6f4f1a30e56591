"""Refit the check-worthiness coefficients (``toolkit/lexicons/checkworthiness_model.json``).

Usage::

    python bench/fit_checkworthiness.py [GOLD.jsonl] [--C 0.01] [--out PATH]
                                        [--grid 0.003,0.01,0.03,0.1] [--dry-run]

Default gold file: ``../shared/eval/checkworthiness-dev.jsonl`` next to the repository
(CLEF-2019 CheckThat! Task 1 training debates; see ``../shared/eval/README.md``).
Offline and deterministic: the lines are parsed with the toolkit's spaCy pipeline,
:func:`toolkit.evaluation.checkworthiness.debate_features` computes the features (the
speaker features per debate), and :func:`toolkit.checkworthiness.fit` (scikit-learn
``LogisticRegression``, L2, lbfgs) fits them on every line. The same two functions
serve the leave-one-debate-out evaluation, whose MAP is measured here too and written
into the file's ``source``. Only coefficients and feature statistics are written:
never a sentence.

``--grid`` first measures the leave-one-debate-out MAP for each C and fits with the
best one (ties: the smaller C, the stronger penalty). ``--dry-run`` prints the
coefficients without writing the file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit import checkworthiness as cw  # noqa: E402
from toolkit.evaluation import checkworthiness as protocol  # noqa: E402
from toolkit.nlp import load_pipeline, pipeline_info  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "checkworthiness-dev.jsonl"
OUT = ROOT / "toolkit" / "lexicons" / f"{cw.MODEL_LEXICON}.json"


def loo_map(table, debates, C: float) -> dict[str, float]:
    scores = protocol.leave_one_debate_out(table, C=C)
    per_debate = [protocol.rank_metrics(scores[d["id"]], [x["label"] for x in d["lines"]])
                  for d in debates]
    return protocol.average_metrics(per_debate)


def dump(data: dict) -> str:
    """The coefficient file as JSON, one feature a line (readable, and diffs show
    which weights a refit moved)."""
    entries = data["entries"]
    rows = ",\n".join("   " + json.dumps(r, ensure_ascii=False) for r in entries["features"])
    head = {k: v for k, v in data.items() if k != "entries"}
    out = ["{"]
    out += [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    out += [' "entries": {', f'  "intercept": {json.dumps(entries["intercept"])},',
            '  "features": [', rows, "  ],",
            f'  "fit": {json.dumps(entries["fit"], ensure_ascii=False)}', " }", "}"]
    text = "\n".join(out) + "\n"
    assert json.loads(text) == json.loads(json.dumps(data))  # the layout changes nothing
    return text


def main(argv: list[str] | None = None) -> int:
    import sklearn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    parser.add_argument("--C", type=float, default=cw.DEFAULT_C)
    parser.add_argument("--grid", default="", help="comma-separated C values to compare")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)

    nlp = load_pipeline()
    debates = protocol.load_debates(args.gold)
    t0 = time.perf_counter()
    table = protocol.debate_features(debates, nlp=nlp)
    print(f"features of {len(table)} lines in {len(debates)} debates: "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)

    C = args.C
    if args.grid:
        results = {}
        for c in sorted(float(v) for v in args.grid.split(",")):
            results[c] = loo_map(table, debates, c)
            print(f"C={c:g}: leave-one-debate-out MAP {results[c]['map']:.4f} "
                  f"R-precision {results[c]['r_precision']:.4f} P@10 {results[c]['p@10']:.4f}")
        C = max(results, key=lambda c: (results[c]["map"], -c))
        cv = results[C]
    else:
        cv = loo_map(table, debates, C)
    print(f"chosen C={C:g}: leave-one-debate-out MAP {cv['map']:.4f}, R-precision "
          f"{cv['r_precision']:.4f}, P@10 {cv['p@10']:.4f}")

    entries = cw.fit(table[list(cw.FEATURES)], table["label"].tolist(), C=C)
    info = pipeline_info(nlp)
    entries["fit"].update({
        "n_documents": len(debates),
        "spacy_pipeline": f"{info['name']} {info['version']}",
        "scikit_learn": sklearn.__version__,
        "leave_one_debate_out": {k: cv[k] for k in ("map", "r_precision", "p@10")},
    })
    data = {
        "about": "Coefficients of the check-worthiness scorer (toolkit/checkworthiness.py): "
                 "logit = intercept + sum(weight * transform(min(value, cap))) over the "
                 "named features; an unknown feature takes its training mean. "
                 "standardized_weight = weight * scale compares features.",
        "source": f"Fitted by bench/fit_checkworthiness.py: scikit-learn "
                  f"{sklearn.__version__} LogisticRegression (L2, C={C:g}, lbfgs) on "
                  f"standardized features of the {len(table)} lines "
                  f"({int(table['label'].sum())} check-worthy) of {len(debates)} debates "
                  "in checkworthiness-dev.jsonl (CLEF-2019 CheckThat! Task 1 training "
                  "data, telsayed/clef2019-factchecking-task1), parsed with "
                  f"{info['name']} {info['version']}; leave-one-debate-out MAP "
                  f"{cv['map']:.4f}. No sentence of the data is stored.",
        "entries": entries,
    }
    text = dump(data)
    width = max(len(n) for n in cw.FEATURES)
    print(f"intercept {entries['intercept']:+.3f}")
    for row in sorted(entries["features"], key=lambda r: -abs(r["standardized_weight"])):
        print(f"  {row['name']:<{width}}  weight {row['weight']:+.4f}  "
              f"standardized {row['standardized_weight']:+.4f}")
    if args.dry_run:
        return 0
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
