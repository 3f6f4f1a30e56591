"""How often ``entities.gender`` is right, measured on GUM (``../shared/eval/gum-dev.jsonl``).

The gold gender of a GUM person entity is the one its gold pronouns give
(he/him/his/himself -> male, she/her/hers/herself -> female; the majority, entities
without a gendered pronoun are left out). The system's entity for it is the one most
of the system mentions over its gold name mentions belong to. Printed: how many gold
gendered persons the system found, how many it gave a gender, how many of those are
right, by ``gender_source`` ("text" / "name"), and the same for a first-name-only
baseline (the ``first_names`` lexicon on the entity's first word), so the gain of
reading the text is visible. Nothing from the data is stored.

Usage::

    python bench/gender_gum.py [--split dev]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import toolkit as tk  # noqa: E402
from toolkit.evaluation.common import articles_frame, load_records  # noqa: E402
from toolkit.evaluation.gum import assign_mention, gold_mentions, trim_mention  # noqa: E402
from toolkit.names import first_name_gender  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}


def gold_genders(record: dict) -> dict[str, str]:
    """Gold person entity id -> the gender its pronouns give."""
    out = {}
    for entity in record.get("entities") or []:
        if entity.get("type") != "person" or not entity.get("name"):
            continue
        votes = Counter(PRONOUN_GENDER[m["text"].lower()] for m in entity["mentions"]
                        if m.get("form") == "pronoun" and m["text"].lower() in PRONOUN_GENDER)
        ranked = votes.most_common()
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            out[str(entity["entity_id"])] = ranked[0][0]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gum", default=str(EVAL / "gum-dev.jsonl"))
    parser.add_argument("--split", default=None, help="only documents of this split")
    args = parser.parse_args(argv)
    records = [r for r in load_records(args.gum)
               if args.split is None or r.get("split") == args.split]
    result = tk.analyze(articles_frame(records))
    gender = dict(zip(result.entities["entity_id"], result.entities["gender"], strict=True))
    source = dict(zip(result.entities["entity_id"], result.entities["gender_source"],
                      strict=True))
    name = dict(zip(result.entities["entity_id"], result.entities["name"], strict=True))
    by_doc = {aid: g for aid, g in result.mentions.groupby("article_id")}
    tally: Counter = Counter()
    for record in records:
        golds = gold_mentions(record)
        mentions = by_doc.get(record["id"])
        if mentions is None:
            continue
        assigned: dict[str, Counter] = {}
        for m in mentions.itertuples(index=False):
            g = assign_mention(trim_mention(record["text"], m.start, m.end), golds)
            if g is not None and g.form == "name":
                assigned.setdefault(g.entity, Counter())[m.entity_id] += 1
        for entity, truth in gold_genders(record).items():
            tally["gold"] += 1
            if entity not in assigned:
                continue
            eid = assigned[entity].most_common(1)[0][0]
            tally["found"] += 1
            said = gender.get(eid)
            if isinstance(said, str):
                src = source.get(eid)
                tally[f"given {src}"] += 1
                tally[f"right {src}"] += said == truth
            hint = first_name_gender(str(name.get(eid, "")).split()[0]) if name.get(eid) else None
            if hint in {"male", "female"}:
                tally["baseline given"] += 1
                tally["baseline right"] += hint == truth
    given = tally["given text"] + tally["given name"]
    right = tally["right text"] + tally["right name"]
    print(f"gold persons with a gendered pronoun: {tally['gold']}, found: {tally['found']}")
    print(f"entities.gender given: {given}, right: {right} "
          f"(accuracy {right / max(given, 1):.3f}, coverage of found {given / max(tally['found'], 1):.3f})")
    for src in ("text", "name"):
        n = tally[f"given {src}"]
        print(f"  source {src}: {n} given, {tally[f'right {src}']} right "
              f"({tally[f'right {src}'] / max(n, 1):.3f})")
    n = tally["baseline given"]
    print(f"first-name lexicon only: {n} given, {tally['baseline right']} right "
          f"({tally['baseline right'] / max(n, 1):.3f}, coverage {n / max(tally['found'], 1):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
