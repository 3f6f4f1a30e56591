"""Refit the pronoun resolver's salience weights (lexicon ``pronoun_salience``) offline.

Mention ranking, one model per pronoun kind (person: he/she, thing: it, group:
they), on the features of ``toolkit.resolve.pronouns.FEATURES`` exactly as the
resolver computes them (:func:`fit` says how):

- GUM (``../shared/eval/gum-dev.jsonl``): the ``split == "train"`` documents whose
  text licence is CC BY without share-alike (so not bio or voyage, which are
  CC BY-SA). A candidate is positive when its span is a gold mention of the
  pronoun's gold entity; pronouns that are no gold mention (pleonastic "it") teach
  that nothing may win.
- GAP (``../shared/eval/gap-dev.jsonl``): the ``development`` part by default (the
  ``validation`` part is held out for reporting); the candidates over the names A and
  B are labelled by the gold, other mentions of the true name's entity are positive.

Nothing from the data is written but the fitted coefficients (one weight per feature
and a threshold per kind). Needs scikit-learn (``pip install scikit-learn``).

Usage::

    python bench/fit_pronoun_salience.py            # print the fit, write nothing
    python bench/fit_pronoun_salience.py --write    # update the lexicon file
    python bench/fit_pronoun_salience.py --gap-part all --write
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import lexicons  # noqa: E402
from toolkit.evaluation.common import load_records  # noqa: E402
from toolkit.evaluation.gum import assign_mention, gold_mentions  # noqa: E402
from toolkit.nlp import load_pipeline  # noqa: E402
from toolkit.resolve import pronouns  # noqa: E402
from toolkit.runner import process_doc  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
KINDS = ("person", "thing", "group")


@contextmanager
def recording(log: list) -> Iterator[None]:
    """Record every ranking the resolver makes: (pronoun token, kind, [(features,
    candidate)])."""
    original = pronouns.PronounResolver.rank

    def rank(self, ref, exclude=None):
        ranked = original(self, ref, exclude)
        log.append((ref.tok, ref.kind, [(self.features(ref, c), c) for _, c in ranked]))
        return ranked

    pronouns.PronounResolver.rank = rank
    try:
        yield
    finally:
        pronouns.PronounResolver.rank = original


def _span(doc, cand) -> tuple[int, int]:
    last = doc[cand.tok_end - 1]
    return doc[cand.tok_start].idx, last.idx + len(last.text)


def free_licence(record: dict) -> bool:
    """CC BY text without share-alike."""
    text_licence = str(record.get("license", "")).split(";")[0]
    return text_licence.startswith("text CC BY") and "BY-SA" not in text_licence


def _recorded(nlp, record: dict) -> tuple:
    """The parsed record and the resolver's log of candidates for each pronoun."""
    doc = nlp(record["text"])
    log: list = []
    with recording(log):
        process_doc(doc, {"article_id": record["id"], "text": record["text"]})
    return doc, log


def gum_rows(records: Sequence[dict], nlp) -> list[tuple[str, str, dict, bool]]:
    rows = []
    for record in records:
        doc, log = _recorded(nlp, record)
        golds = gold_mentions(record)
        for n, (tok, kind, cands) in enumerate(log):
            gold = assign_mention((tok.idx, tok.idx + len(tok.text)), golds)
            group = f"{record['id']}:{n}"
            for features, cand in cands:
                g = assign_mention(_span(doc, cand), golds)
                label = gold is not None and g is not None and g.entity == gold.entity
                rows.append((kind, group, features, label))
    return rows


def gap_rows(records: Sequence[dict], nlp) -> list[tuple[str, str, dict, bool]]:
    rows = []
    for record in records:
        doc, log = _recorded(nlp, record)
        offset = int(record["pronoun_offset"])
        names = [(int(record["a_offset"]), int(record["a_offset"]) + len(record["a"]),
                  bool(record["a_coref"])),
                 (int(record["b_offset"]), int(record["b_offset"]) + len(record["b"]),
                  bool(record["b_coref"]))]
        for tok, kind, cands in log:
            if tok.idx != offset:
                continue
            true_clusters = set()
            for features, cand in cands:
                s, e = _span(doc, cand)
                if any(s < ne and ns < e and gold for ns, ne, gold in names):
                    true_clusters.add(cand.cluster)
            any_true = any(gold for _, _, gold in names)
            for features, cand in cands:
                s, e = _span(doc, cand)
                over = [gold for ns, ne, gold in names if s < ne and ns < e]
                if over:
                    label = any(over)
                elif any_true:
                    label = cand.cluster is not None and cand.cluster in true_clusters
                else:
                    continue  # the referent is a third person: unknown
                rows.append((kind, str(record["id"]), features, label))
    return rows


def fit(rows, c: float = 1.0) -> dict[str, dict[str, float]]:
    """Per kind, a pairwise ranking model (logistic regression on the feature
    differences of a right and a wrong candidate of the same pronoun, no intercept),
    then the threshold on the best-scored candidate's score where the F1 of the answers is highest
    (:func:`best_threshold`). Weights rounded to 3 decimals."""
    from collections import defaultdict

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    names = list(pronouns.FEATURES)
    out: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        groups: dict[str, list[tuple[list[float], bool]]] = defaultdict(list)
        for k, group, features, label in rows:
            if k == kind:
                groups[group].append(([features[n] for n in names], label))
        diffs, signs = [], []
        for cands in groups.values():
            right = [x for x, y in cands if y]
            wrong = [x for x, y in cands if not y]
            for i, r in enumerate(right):
                for j, w in enumerate(wrong):
                    flip = (i + j) % 2  # both orders, so the classes balance
                    d = np.subtract(r, w)
                    diffs.append(-d if flip else d)
                    signs.append(0 if flip else 1)
        if len(set(signs)) < 2:
            continue
        ranker = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(diffs, signs)
        w = ranker.coef_[0]
        tops = []  # (best score, best is right, some candidate is right)
        for cands in groups.values():
            scores = [float(np.dot(w, x)) for x, _ in cands]
            best = int(np.argmax(scores))
            tops.append((scores[best], cands[best][1], any(y for _, y in cands)))
        weights = {n: round(float(v), 3) for n, v in zip(names, w, strict=True)}
        weights["threshold"] = round(best_threshold(tops), 3)
        out[kind] = weights
    return out


def best_threshold(tops: list[tuple[float, bool, bool]]) -> float:
    """The cut on the best candidate's score that maximises F1 of the answers: a
    pronoun resolved when its best score reaches the cut, right when that candidate is
    right, recall over the pronouns with a right candidate.

    >>> best_threshold([(3.0, True, True), (2.0, True, True), (1.0, False, False)])
    1.5
    """
    n_right = sum(1 for _, _, has in tops if has)
    ranked = sorted(tops, key=lambda t: -t[0])
    best_f1, cut, tp = -1.0, ranked[0][0] + 1.0 if ranked else 0.0, 0
    for k, (score, right, _) in enumerate(ranked):
        tp += int(right)
        f1 = 2 * tp / (k + 1 + n_right) if n_right else 0.0
        if f1 > best_f1:
            nxt = ranked[k + 1][0] if k + 1 < len(ranked) else score - 1.0
            best_f1, cut = f1, (score + nxt) / 2
    return cut


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gum", default=str(EVAL / "gum-dev.jsonl"))
    parser.add_argument("--gap", default=str(EVAL / "gap-dev.jsonl"))
    parser.add_argument("--gap-part", default="development",
                        help="GAP ids to fit on: development (default), validation, all")
    parser.add_argument("--no-gap", action="store_true", help="fit on GUM only")
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularisation")
    parser.add_argument("--write", action="store_true", help="update the lexicon file")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    gum = [r for r in load_records(args.gum) if r.get("split") == "train" and free_licence(r)]
    rows = gum_rows(gum, nlp)
    print(f"GUM: {len(gum)} train documents (CC BY), {len(rows)} candidate rows")
    if not args.no_gap and Path(args.gap).exists():
        gap = [r for r in load_records(args.gap)
               if args.gap_part == "all" or str(r["id"]).startswith(args.gap_part)]
        more = gap_rows(gap, nlp)
        print(f"GAP: {len(gap)} examples ({args.gap_part}), {len(more)} candidate rows")
        rows += more
    weights = fit(rows, args.C)
    print(json.dumps(weights, indent=1))
    if args.write:
        path = lexicons.LEXICON_DIR / "pronoun_salience.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["entries"].update(weights)
        gap_part = "no GAP" if args.no_gap else f"GAP {args.gap_part} part"
        data["source"] = (f"Fitted by bench/fit_pronoun_salience.py (pairwise logistic ranking, "
                          f"C={args.C}) on GUM train documents with CC BY text and {gap_part}.")
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
