"""Score entity resolution: mention -> canonical name (the protocol of
``../shared/eval/GUM.md``).

Gold data is JSON Lines, one document a line: ``{"id", "genre", "split", "text",
"entities": [{"entity_id", "type", "identity", "name", "n_mentions", "mentions":
[{"start", "end", "text", "form", "minspan", ...}]}]}``.

A system maps a text to mentions ``{start, end, name}``, ``name`` being the canonical
name the mention was resolved to (or None). For the toolkit these are the rows of
``tk.analyze(...).mentions`` with the ``name`` of their entity (``entities``).

The protocol, as implemented by :func:`score`:

- **Counted gold**: the mentions of entities of type person, organization or place with
  a non-null ``name`` and at least 2 mentions.
- **Matching**: a system span is trimmed of edge whitespace, punctuation, quotation
  marks and a final possessive ``'s`` (:func:`trim_mention`). It matches a gold mention
  (of any entity, counted or not) when it overlaps one of that mention's ``minspan``
  ranges and at least half of its characters lie inside the gold mention; it is
  assigned to the matching gold mention with the largest overlap/union, the shorter on
  ties (then the first). A system mention assigned to a mention that is not counted is
  ignored.
- A counted gold mention is **found** when a system mention is assigned to it, and
  **resolved** when one of those has a name matching the gold entity's ``name``, its
  ``identity`` or the text of any of its name-form mentions (possessive cut off), under
  the name rule (:func:`toolkit.evaluation.common.names_match`).
- ``accuracy`` = resolved / gold; ``found_rate`` = found / gold; ``precision`` = named
  system mentions assigned to a counted gold mention whose name matches / named system
  mentions assigned to a counted gold mention.
- Breakdowns: overall, by form (name, description, pronoun), pronouns by person
  (1st/2nd, from the lexicon ``eval_first_second_person_pronouns``, and 3rd), by type,
  by type x form, by genre; then overall, by form and pronoun person again for the
  ``split == "dev"`` documents only. Documents on which the system raised count as
  predicting nothing.

Examples
--------
>>> text = "Ann Lee arrived. She spoke."
>>> gold = [{"id": "d", "genre": "news", "split": "dev", "text": text, "entities": [
...     {"entity_id": "e1", "type": "person", "identity": None, "name": "Ann Lee",
...      "n_mentions": 2, "mentions": [
...         {"start": 0, "end": 7, "text": "Ann Lee", "form": "name",
...          "minspan": [[0, 7]]},
...         {"start": 17, "end": 20, "text": "She", "form": "pronoun",
...          "minspan": [[17, 20]]}]}]}]
>>> system = pd.DataFrame({"article_id": ["d", "d"], "start": [0, 17], "end": [7, 20],
...                        "name": ["Ann Lee", "Bob Day"]})
>>> table = score(gold, system).set_index(["breakdown", "group"])
>>> table.loc[("overall", "all"), ["accuracy", "found_rate", "precision"]].tolist()
[0.5, 1.0, 0.5]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit import lexicons
from toolkit.evaluation.common import (
    add_run_columns,
    names_match,
    ratio,
    run_on_gold,
    sample_rows,
    shorten,
)
from toolkit.evaluation.matching import trim_span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["COUNTED_TYPES", "FORMS", "MISS_CLASSES", "RESULT_COLUMNS", "GoldMention",
           "assign_mention", "cut_possessive", "evaluate", "gold_mentions", "misses",
           "named_mentions", "oracle_mentions", "score", "trim_mention"]

#: Entity types whose mentions are scored (GUM types; the protocol's choice).
COUNTED_TYPES = ("person", "organization", "place")
#: GUM mention forms, in table order.
FORMS = ("name", "description", "pronoun")
FIRST_SECOND, THIRD = "1st/2nd person", "3rd person"

RESULT_COLUMNS = ["breakdown", "group", "accuracy", "found_rate", "precision", "n_gold",
                  "n_found", "n_resolved", "n_named", "n_named_correct"]

#: Error classes of :func:`misses`, in print order.
MISS_CLASSES = ("wrong name", "found without a name", "not found")

_POSSESSIVES = ("'s", "’s")


@dataclass(frozen=True)
class GoldMention:
    """One gold mention of a document, with what the protocol needs to score it."""

    document: str
    start: int
    end: int
    minspans: tuple[tuple[int, int], ...]
    text: str
    form: str
    entity: str
    type: str
    name: str | None
    counted: bool
    names: tuple[str, ...]  # the names that resolve it (entity name, identity, name forms)
    person: str | None  # pronouns: "1st/2nd person" or "3rd person"

    @property
    def length(self) -> int:
        return self.end - self.start


def cut_possessive(text: str) -> str:
    """``text`` without a final possessive ``'s`` (and the space before it).

    Examples
    --------
    >>> cut_possessive("Putin's"), cut_possessive("the Afghan team ’s"), cut_possessive("us")
    ('Putin', 'the Afghan team', 'us')
    """
    stripped = text.rstrip()
    if stripped.casefold().endswith(_POSSESSIVES) and len(stripped) > 2:
        return stripped[:-2].rstrip()
    return text


def trim_mention(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a system span of edge whitespace, punctuation, quotation marks and a final
    possessive ``'s``.

    Examples
    --------
    >>> text = 'He met "Putin\\'s" aide.'
    >>> s, e = trim_mention(text, 7, 16)
    >>> text[s:e]
    'Putin'
    """
    s, e = trim_span(text, start, end)
    cut = cut_possessive(text[s:e])
    if len(cut) < e - s:
        s, e = trim_span(text, s, s + len(cut))
    return s, e


def _person(text: str) -> str:
    return FIRST_SECOND if text.strip().casefold() in lexicons.words(
        "eval_first_second_person_pronouns") else THIRD


def gold_mentions(record: Mapping[str, Any]) -> list[GoldMention]:
    """Every gold mention of a document (counted or not), in document order.

    Examples
    --------
    >>> record = {"id": "d", "text": "Ann Lee's dog. I saw Ann.", "entities": [
    ...     {"entity_id": "e1", "type": "person", "name": "Ann Lee", "identity": None,
    ...      "n_mentions": 2, "mentions": [
    ...         {"start": 0, "end": 9, "text": "Ann Lee's", "form": "name",
    ...          "minspan": [[0, 7]]},
    ...         {"start": 21, "end": 24, "text": "Ann", "form": "name",
    ...          "minspan": [[21, 24]]}]},
    ...     {"entity_id": "e2", "type": "person", "name": None, "identity": None,
    ...      "n_mentions": 1, "mentions": [{"start": 15, "end": 16, "text": "I",
    ...      "form": "pronoun", "minspan": [[15, 16]]}]}]}
    >>> [(m.text, m.counted, m.names) for m in gold_mentions(record)]
    [("Ann Lee's", True, ('Ann Lee', 'Ann')), ('I', False, ()), ('Ann', True, ('Ann Lee', 'Ann'))]
    """
    document = str(record["id"])
    out: list[GoldMention] = []
    for entity in record.get("entities") or []:
        mentions = entity.get("mentions") or []
        name = entity.get("name")
        n_mentions = entity.get("n_mentions")
        n_mentions = len(mentions) if n_mentions is None else int(n_mentions)
        counted = (entity.get("type") in COUNTED_TYPES and bool(name) and n_mentions >= 2)
        names: tuple[str, ...] = ()
        if counted:
            candidates = [name, entity.get("identity")]
            candidates += [cut_possessive(m.get("text") or "") for m in mentions
                           if m.get("form") == "name"]
            names = tuple(dict.fromkeys(c for c in candidates if c))
        for m in mentions:
            form = m.get("form") or ""
            out.append(GoldMention(
                document=document, start=int(m["start"]), end=int(m["end"]),
                minspans=tuple((int(s), int(e)) for s, e in m.get("minspan") or []),
                text=m.get("text") or "", form=form, entity=str(entity.get("entity_id")),
                type=entity.get("type") or "", name=name, counted=counted, names=names,
                person=_person(m.get("text") or "") if form == "pronoun" else None,
            ))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def assign_mention(span: tuple[int, int], golds: Sequence[GoldMention]) -> GoldMention | None:
    """The gold mention a trimmed system span is assigned to, or None.

    Examples
    --------
    >>> g = [GoldMention("d", 0, 16, ((12, 16),), "the mayor of Rio", "description",
    ...                  "e1", "person", "X", True, ("X",), None),
    ...      GoldMention("d", 13, 16, ((13, 16),), "Rio", "name", "e2", "place", "Rio",
    ...                  True, ("Rio",), None)]
    >>> assign_mention((13, 16), g).text, assign_mention((0, 9), g)
    ('Rio', None)
    """
    s, e = span
    length = e - s
    if length <= 0:
        return None
    best: tuple[float, int] | None = None
    chosen = None
    for gold in golds:
        if gold.start >= e or gold.end <= s:
            continue
        inside = min(e, gold.end) - max(s, gold.start)
        if 2 * inside < length:
            continue
        if not any(min(e, me) > max(s, ms) for ms, me in gold.minspans):
            continue
        rank = (inside / (length + gold.length - inside), -gold.length)
        if best is None or rank > best:
            best, chosen = rank, gold
    return chosen


def named_mentions(mentions: pd.DataFrame, entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """System mentions as ``article_id, start, end, name``: the frame's own ``name``
    column, else the ``name`` of its ``entity_id`` in ``entities``. Not mutated.

    Examples
    --------
    >>> mentions = pd.DataFrame({"article_id": ["d"], "start": [0], "end": [3],
    ...                          "entity_id": ["E1"]})
    >>> entities = pd.DataFrame({"entity_id": ["E1"], "name": ["Ann Lee"]})
    >>> named_mentions(mentions, entities).values.tolist()
    [['d', 0, 3, 'Ann Lee']]
    """
    missing = {"article_id", "start", "end"} - set(mentions.columns)
    if missing:
        raise ValueError(f"system mentions need columns {sorted(missing)}")
    out = mentions[["article_id", "start", "end"]].copy()
    if "name" in mentions.columns:
        out["name"] = mentions["name"]
    elif "entity_id" in mentions.columns and entities is not None and len(entities):
        by_id = dict(zip(entities["entity_id"], entities["name"], strict=True))
        out["name"] = mentions["entity_id"].map(lambda i: by_id.get(i))
    else:
        out["name"] = None
    return out.reset_index(drop=True)


def oracle_mentions(gold: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The counted gold mentions with their gold names, as a system would give them:
    the protocol's oracle check (they score 1.0 on every measure).

    Examples
    --------
    >>> oracle_mentions([{"id": "d", "text": "Ann and Ann.", "entities": [{
    ...     "entity_id": "e", "type": "person", "name": "Ann", "n_mentions": 2,
    ...     "mentions": [{"start": 0, "end": 3, "form": "name", "minspan": [[0, 3]]},
    ...                  {"start": 8, "end": 11, "form": "name", "minspan": [[8, 11]]}]}]}]
    ... ).values.tolist()
    [['d', 0, 3, 'Ann'], ['d', 8, 11, 'Ann']]
    """
    rows = [{"article_id": m.document, "start": m.start, "end": m.end, "name": m.name}
            for record in gold for m in gold_mentions(record) if m.counted]
    return pd.DataFrame(rows, columns=["article_id", "start", "end", "name"])


@dataclass
class _Outcome:
    """A counted gold mention and the system mentions assigned to it."""

    gold: GoldMention
    genre: str
    split: str
    names: list[Any]  # names of the assigned system mentions (None when unnamed)

    @property
    def found(self) -> bool:
        return bool(self.names)

    def correct(self, name: Any) -> bool:
        return isinstance(name, str) and any(names_match(name, n) for n in self.gold.names)

    @property
    def resolved(self) -> bool:
        return any(self.correct(n) for n in self.names)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _outcomes(gold: Sequence[Mapping[str, Any]], system: pd.DataFrame,
              skip: Iterable[str] = ()) -> list[_Outcome]:
    skip = set(skip)
    by_document: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
    for row in system.itertuples(index=False):
        if _missing(row.start) or _missing(row.end) or str(row.article_id) in skip:
            continue
        name = None if _missing(row.name) else row.name
        by_document[str(row.article_id)].append((int(row.start), int(row.end), name))
    outcomes: list[_Outcome] = []
    for record in gold:
        document, text = str(record["id"]), record.get("text") or ""
        golds = gold_mentions(record)
        assigned: dict[int, list[Any]] = defaultdict(list)
        index = {id(g): i for i, g in enumerate(golds)}
        for start, end, name in by_document.get(document, []):
            chosen = assign_mention(trim_mention(text, start, end), golds)
            if chosen is not None and chosen.counted:
                assigned[index[id(chosen)]].append(name)
        for i, g in enumerate(golds):
            if g.counted:
                outcomes.append(_Outcome(gold=g, genre=str(record.get("genre") or ""),
                                         split=str(record.get("split") or ""),
                                         names=assigned.get(i, [])))
    return outcomes


def _groups(o: _Outcome) -> list[tuple[str, str]]:
    g = o.gold
    groups = [("overall", "all"), ("form", g.form)]
    if g.person:
        groups.append(("pronoun person", g.person))
    groups += [("type", g.type), ("type x form", f"{g.type} {g.form}"), ("genre", o.genre)]
    if o.split == "dev":
        groups += [("dev: overall", "all"), ("dev: form", g.form)]
        if g.person:
            groups.append(("dev: pronoun person", g.person))
    return groups


def _order(key: tuple[str, str]) -> tuple[int, int, str]:
    breakdown, group = key
    breakdowns = ["overall", "form", "pronoun person", "type", "type x form", "genre",
                  "dev: overall", "dev: form", "dev: pronoun person"]
    kind, _, form = group.rpartition(" ") if breakdown == "type x form" else (group, "", "")
    known = [*FORMS, FIRST_SECOND, THIRD, *COUNTED_TYPES]
    first = known.index(kind) if kind in known else len(known)
    second = FORMS.index(form) if form in FORMS else 0
    return (breakdowns.index(breakdown), first * 10 + second, group)


def score(gold: Sequence[Mapping[str, Any]], system: pd.DataFrame, *,
          raising: Iterable[str] = ()) -> pd.DataFrame:
    """Score system mentions against the gold, one row per breakdown group.

    Parameters
    ----------
    gold
        Records as in the gold JSON Lines file.
    system
        ``article_id``, ``start``, ``end``, ``name`` (see :func:`named_mentions`). Not
        mutated.
    raising
        Documents on which the system raised: their mentions are ignored.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`: ``breakdown`` (overall, form, pronoun person, type, type
        x form, genre, and "dev: ..." for the dev documents), ``group``, ``accuracy``,
        ``found_rate``, ``precision`` and the counts behind them.

    Examples
    --------
    A description resolved to the right person, a pronoun not found at all:

    >>> text = "Ann Lee won. The mayor smiled. She left."
    >>> ents = [{"entity_id": "e1", "type": "person", "name": "Ann Lee",
    ...          "identity": None, "n_mentions": 3, "mentions": [
    ...     {"start": 0, "end": 7, "text": "Ann Lee", "form": "name", "minspan": [[0, 7]]},
    ...     {"start": 13, "end": 22, "text": "The mayor", "form": "description",
    ...      "minspan": [[17, 22]]},
    ...     {"start": 31, "end": 34, "text": "She", "form": "pronoun",
    ...      "minspan": [[31, 34]]}]}]
    >>> gold = [{"id": "d", "genre": "news", "split": "train", "text": text,
    ...          "entities": ents}]
    >>> system = pd.DataFrame({"article_id": ["d", "d"], "start": [0, 13], "end": [7, 22],
    ...                        "name": ["Lee", "Ann Lee"]})
    >>> table = score(gold, system)
    >>> table[table["breakdown"] == "form"][["group", "accuracy", "n_gold"]]
    ... # doctest: +NORMALIZE_WHITESPACE
             group  accuracy  n_gold
    1         name       1.0       1
    2  description       1.0       1
    3      pronoun       0.0       1
    """
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for o in _outcomes(gold, system, raising):
        named = [n for n in o.names if isinstance(n, str)]
        values = (1, int(o.found), int(o.resolved), len(named),
                  sum(o.correct(n) for n in named))
        for key in _groups(o):
            counts[key] = [a + b for a, b in zip(counts[key], values, strict=True)]
    counts.setdefault(("overall", "all"), [0, 0, 0, 0, 0])
    rows = []
    for key in sorted(counts, key=_order):
        n_gold, n_found, n_resolved, n_named, n_correct = counts[key]
        rows.append({
            "breakdown": key[0], "group": key[1], "accuracy": ratio(n_resolved, n_gold),
            "found_rate": ratio(n_found, n_gold), "precision": ratio(n_correct, n_named),
            "n_gold": n_gold, "n_found": n_found, "n_resolved": n_resolved,
            "n_named": n_named, "n_named_correct": n_correct,
        })
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def misses(gold: Sequence[Mapping[str, Any]], system: pd.DataFrame, n: int = 5, *,
           seed: int = 0, raising: Iterable[str] = ()) -> pd.DataFrame:
    """A seeded sample of at most ``n`` counted gold mentions per class of
    :data:`MISS_CLASSES` and form, for error analysis (print it; never store it).

    Columns: ``class`` (the error class and the form), ``article_id``, ``form``,
    ``mention``, ``gold`` (the entity's name), ``predicted`` (the assigned system
    names), ``context`` (about 120 characters around the mention).

    Examples
    --------
    >>> text = "Ann Lee won. She left."
    >>> gold = [{"id": "d", "text": text, "entities": [{"entity_id": "e1",
    ...     "type": "person", "name": "Ann Lee", "n_mentions": 2, "mentions": [
    ...     {"start": 0, "end": 7, "text": "Ann Lee", "form": "name", "minspan": [[0, 7]]},
    ...     {"start": 13, "end": 16, "text": "She", "form": "pronoun",
    ...      "minspan": [[13, 16]]}]}]}]
    >>> system = pd.DataFrame({"article_id": ["d"], "start": [13], "end": [16],
    ...                        "name": ["Bob"]})
    >>> for row in misses(gold, system)[["class", "mention", "gold", "predicted"]].values:
    ...     print(list(row))
    ['wrong name (pronoun)', 'She', 'Ann Lee', 'Bob']
    ['not found (name)', 'Ann Lee', 'Ann Lee', '']
    """
    texts = {str(r["id"]): r.get("text") or "" for r in gold}
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for o in _outcomes(gold, system, raising):
        if o.resolved:
            continue
        g = o.gold
        named = [x for x in o.names if isinstance(x, str)]
        cls = "not found" if not o.found else "wrong name" if named else "found without a name"
        text = texts[g.document]
        found[(cls, g.form)].append({
            "class": f"{cls} ({g.form})", "article_id": g.document, "form": g.form,
            "mention": g.text, "gold": g.name, "predicted": "; ".join(dict.fromkeys(named)),
            "context": shorten(text[max(0, g.start - 50):g.end + 50]),
        })
    rows = [row for cls in MISS_CLASSES for form in FORMS
            for row in sample_rows(found.get((cls, form), []), n, seed=seed)]
    frame = pd.DataFrame(rows, columns=["class", "article_id", "form", "mention", "gold",
                                        "predicted", "context"])
    frame.attrs["totals"] = {f"{c} ({f})": len(found.get((c, f), []))
                             for c in MISS_CLASSES for f in FORMS}
    return frame


def evaluate(
    path: str | Path,
    *,
    nlp: Language | str | None = None,
    limit: int | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: bool = False,
    predict: Callable[[pd.DataFrame], Any] | None = None,
    misses_per_class: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """Run the toolkit (or ``predict``) on the GUM documents and score its mentions.

    Parameters
    ----------
    path
        The gold JSON Lines file (``gum-dev.jsonl``).
    nlp, batch_size, n_process, progress
        Passed to :func:`toolkit.analyze` (every document in one call, no cache).
    limit
        Only the first ``limit`` documents.
    predict
        Another system: takes the articles frame and returns a mentions frame with a
        ``name`` column (or ``entity_id``), or an object with ``.mentions`` and
        ``.entities`` (and optionally ``.errors``).
    misses_per_class, seed
        When positive, ``table.attrs["misses"]`` holds :func:`misses`.

    Returns
    -------
    pandas.DataFrame
        The :func:`score` table plus ``n_documents``, ``documents_raising`` and
        ``chars_per_second`` (the same on every row).

    Examples
    --------
    The oracle check through ``predict``:

    >>> import json, os, tempfile
    >>> record = {"id": "d", "genre": "bio", "split": "dev", "text": "Ann and her dog.",
    ...     "entities": [{"entity_id": "e", "type": "person", "name": "Ann",
    ...     "n_mentions": 2, "mentions": [
    ...         {"start": 0, "end": 3, "text": "Ann", "form": "name", "minspan": [[0, 3]]},
    ...         {"start": 8, "end": 11, "text": "her", "form": "pronoun",
    ...          "minspan": [[8, 11]]}]}]}
    >>> path = os.path.join(tempfile.mkdtemp(), "gum.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps(record) + "\\n")
    >>> table = evaluate(path, predict=lambda articles: oracle_mentions([record]))
    >>> table[["accuracy", "found_rate", "precision"]].min().tolist()
    [1.0, 1.0, 1.0]
    """
    records, run = run_on_gold(path, limit=limit, nlp=nlp, batch_size=batch_size,
                               n_process=n_process, progress=progress, predict=predict)
    mentions = run.frame("mentions")
    if mentions is None:
        raise TypeError("predict must return a mentions DataFrame or an object with "
                        f".mentions and .entities frames, got {type(run.result)!r}")
    entities = None if mentions is run.result else run.frame("entities")
    system = named_mentions(mentions, entities)
    table = add_run_columns(score(records, system, raising=run.raising), records, run)
    if misses_per_class > 0:
        table.attrs["misses"] = misses(records, system, misses_per_class, seed=seed,
                                       raising=run.raising)
    return table
