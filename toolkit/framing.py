"""Framing: per-article records in, the frames of DESIGN.md out.

:func:`build_frames` runs once over every article's
:class:`~toolkit.records.ArticleResult`: it gives each entity one corpus-wide name
(clusters join by name, a surname joins the one full name it belongs to), numbers
mentions, quotes and claims with ids that join across frames, and derives the
who-said-what-about-whom edges (:func:`build_relations`). :func:`span_mismatches`
checks that every stored span is exactly ``text[start:end]``.

Examples
--------
>>> import pandas as pd
>>> from toolkit.framing import build_frames
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.runner import process_doc
>>> text = '"We will win," said Jane Smith.'
>>> result = process_doc(load_pipeline()(text), {"article_id": "a", "text": text})
>>> articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
>>> frames = build_frames(articles, [result], [])
>>> frames["quotes"][["quote_id", "speaker"]].values.tolist()
[['a:q0', 'Jane Smith']]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from toolkit.checkworthiness import drivers as checkworthiness_drivers
from toolkit.entities import entity_id
from toolkit.frames import SCHEMAS, empty_frame, make_frame
from toolkit.names import fold
from toolkit.queries import with_cue_classes

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.records import ArticleResult

class HasSpans(Protocol):
    """What :func:`span_mismatches` reads: a :class:`toolkit.Analysis`, or any object
    with these frames."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame


def _spelling(names: Iterable[str], counts: Counter) -> str:
    """The spelling a group of names differing only in case or accents goes by: an
    accented one first ("Erdoğan"), then the most frequent, then the first in order."""
    return sorted(names, key=lambda n: (n.isascii(), -counts[n], n))[0]


def _corpus_names(results: list[ArticleResult]) -> tuple[dict[tuple[int, int], str],
                                                         dict[str, str], dict[str, set[str]]]:
    """Map (result index, cluster index) to a corpus-wide canonical name and label.

    Clusters join by name, ignoring case and accents (the accented spelling is kept);
    a one-word name joins the one longer name it is a short form of: a PERSON
    surname, or a short form an article joined to its long name ("Putin", "WHO").
    The label is the majority over articles, PERSON when a multi-word name was
    PERSON somewhere.
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    aliases: dict[str, set[str]] = defaultdict(set)
    for res in results:
        for c in res.entities.clusters:
            votes[c.name][c.label] += 1
            counts[c.name] += 1
    by_fold: dict[str, list[str]] = defaultdict(list)
    for name in votes:
        by_fold[fold(name)].append(name)
    spelled = {name: _spelling(group, counts) for group in by_fold.values() for name in group}
    short_forms: dict[str, set[str]] = defaultdict(set)
    for name, v in votes.items():
        parts = name.split()
        if len(parts) > 1 and v.get("PERSON"):
            short_forms[fold(parts[-1])].add(spelled[name])
    for res in results:
        for c in res.entities.clusters:
            if len(c.name.split()) > 1:
                for alias in c.aliases:
                    if len(alias.split()) == 1 and fold(alias) != fold(c.name):
                        short_forms[fold(alias)].add(spelled[c.name])
    canonical: dict[str, str] = {}
    for name in votes:
        targets = short_forms.get(fold(name), set()) if len(name.split()) == 1 else set()
        canonical[name] = next(iter(targets)) if len(targets) == 1 else spelled[name]
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for name, v in votes.items():
        label_votes[canonical[name]].update(v)
    labels = {}
    for name, v in label_votes.items():
        if len(name.split()) > 1 and v.get("PERSON"):
            labels[name] = "PERSON"
        else:
            labels[name] = sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    mapping: dict[tuple[int, int], str] = {}
    for r, res in enumerate(results):
        for c in res.entities.clusters:
            mapping[(r, c.index)] = canonical[c.name]
            aliases[canonical[c.name]].update(c.aliases)
    return mapping, labels, aliases


def corpus_genders(results: list[ArticleResult], mapping: dict[tuple[int, int], str],
                   labels: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Canonical PERSON name -> (gender, source) by votes across articles: the genders
    the texts gave the person (titles, pronouns) when any article gave one, else the
    first-name hint; a tie gives no gender.

    >>> from toolkit.records import ArticleEntities, ArticleResult, Cluster
    >>> def article(gender, source):
    ...     c = Cluster(0, "Kim Lee", "PERSON", gender=gender, gender_source=source)
    ...     return ArticleResult("a", ArticleEntities([c], []))
    >>> results = [article("female", "text"), article("male", "name"), article("female", "text")]
    >>> mapping = {(r, 0): "Kim Lee" for r in range(3)}
    >>> corpus_genders(results, mapping, {"Kim Lee": "PERSON"})
    {'Kim Lee': ('female', 'text')}
    """
    votes: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for r, res in enumerate(results):
        for c in res.entities.clusters:
            if c.gender in {"male", "female"} and c.gender_source in {"text", "name"}:
                votes[mapping[(r, c.index)]][c.gender_source][c.gender] += 1
    out: dict[str, tuple[str, str]] = {}
    for name, by_source in votes.items():
        if labels.get(name) != "PERSON":
            continue
        source = "text" if by_source.get("text") else "name"
        ranked = by_source[source].most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[name] = (ranked[0][0], source)
    return out


def _names(mapping: dict[tuple[int, int], str], r: int, clusters: Iterable[int]) -> list[str]:
    seen: list[str] = []
    for c in clusters:
        name = mapping[(r, c)]
        if name not in seen:
            seen.append(name)
    return seen


def _mention_rows(aid: str, text: str, r: int, res: ArticleResult, mapping: dict,
                  labels: dict[str, str]) -> list[dict]:
    rows = []
    for k, m in enumerate(res.entities.mentions):
        name = mapping[(r, m.cluster)]
        rows.append({
            "mention_id": f"{aid}:m{k}", "article_id": aid, "entity_id": entity_id(name),
            "text": text[m.start:m.end], "start": m.start, "end": m.end,
            "label": labels[name], "resolution": m.resolution,
        })
    return rows


def _quote_rows(aid: str, text: str, r: int, res: ArticleResult, mapping: dict,
                outlet: str | None = None) -> list[dict]:
    rows = []
    for k, q in enumerate(res.quotes):
        clusters = q.speaker_clusters or ([q.speaker_cluster] if q.speaker_cluster is not None
                                          else [])
        names = _names(mapping, r, clusters)
        speaker = " and ".join(names) if names else q.speaker_name
        if not names and q.strategy == "interviewer_turn" and outlet:
            speaker = outlet  # an interview question: the outlet's, not an entity
        rows.append({
            "quote_id": f"{aid}:q{k}", "article_id": aid, "speaker": speaker,
            "speaker_entity_id": entity_id(names[0]) if names else None,
            "speaker_entity_ids": [entity_id(n) for n in names],
            "speaker_resolution": q.speaker_resolution,
            "speaker_text": q.speaker_text, "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end, "cue": q.cue, "cue_start": q.cue_start,
            "cue_end": q.cue_end, "content": text[q.content_start : q.content_end],
            "content_start": q.content_start, "content_end": q.content_end,
            "kind": q.kind, "cue_class": q.cue_class,
            "about": [n for n in _names(mapping, r, q.about) if n not in names],
        })
    return rows


def _claim_rows(aid: str, text: str, r: int, res: ArticleResult, mapping: dict,
                quote_rows: list[dict]) -> list[dict]:
    rows = []
    for k, cl in enumerate(res.claims):
        claimant = (mapping[(r, cl.claimant_cluster)] if cl.claimant_cluster is not None
                    else cl.claimant_name)
        if cl.quote_index is not None and cl.claimant_cluster is not None \
                and cl.quote_index < len(quote_rows):
            claimant = quote_rows[cl.quote_index]["speaker"]  # every credited speaker
        row = {
            "claim_id": f"{aid}:c{k}", "article_id": aid, "claimant": claimant,
            "claimant_entity_id": (entity_id(mapping[(r, cl.claimant_cluster)])
                                   if cl.claimant_cluster is not None else None),
            "claimant_kind": cl.claimant_kind,
            "cue": cl.cue, "content": text[cl.content_start : cl.content_end],
            "content_start": cl.content_start, "content_end": cl.content_end,
            "origin": cl.origin,
            "quote_id": f"{aid}:q{cl.quote_index}" if cl.quote_index is not None else None,
            "about": [n for n in _names(mapping, r, cl.about) if n != claimant],
            "checkworthiness": cl.checkworthiness,
            "checkworthiness_drivers": checkworthiness_drivers(cl.features) if cl.features
            else None,
        }
        row.update({key: v for key, v in cl.features.items() if key in SCHEMAS["claims"]})
        rows.append(row)
    return rows


def build_frames(articles: pd.DataFrame, results: list[ArticleResult],
                 errors: list[dict]) -> dict[str, pd.DataFrame]:
    """Turn per-article records into the frames of DESIGN.md (ids join across frames),
    by name in the order of ``Analysis.FRAMES``: ``Analysis(**build_frames(...))``."""
    mapping, labels, aliases = _corpus_names(results)
    mention_rows: list[dict] = []
    quote_rows: list[dict] = []
    claim_rows: list[dict] = []
    text_by_id = dict(zip(articles["article_id"], articles["text"], strict=True))
    outlet_by_id = (dict(zip(articles["article_id"], articles["source"], strict=True))
                    if "source" in articles.columns else {})
    for r, res in enumerate(results):
        aid = res.article_id
        text = text_by_id.get(aid, "")
        outlet = outlet_by_id.get(aid)
        mention_rows += _mention_rows(aid, text, r, res, mapping, labels)
        article_quotes = _quote_rows(aid, text, r, res, mapping,
                                     outlet if isinstance(outlet, str) and outlet.strip()
                                     else None)
        quote_rows += article_quotes
        claim_rows += _claim_rows(aid, text, r, res, mapping, article_quotes)
    mentions = make_frame("mentions", mention_rows)
    n_mentions: Counter = Counter()
    articles_of: dict[str, set[str]] = defaultdict(set)
    for r, res in enumerate(results):
        for m in res.entities.mentions:
            name = mapping[(r, m.cluster)]
            n_mentions[name] += 1
            articles_of[name].add(res.article_id)
    genders = corpus_genders(results, mapping, labels)
    entity_rows = [
        {"entity_id": entity_id(name), "name": name, "label": labels[name],
         "aliases": sorted(aliases[name]), "n_mentions": n_mentions[name],
         "n_articles": len(articles_of[name]),
         "gender": genders.get(name, (None, None))[0],
         "gender_source": genders.get(name, (None, None))[1]}
        for name in labels if n_mentions[name] > 0
    ]
    entities = make_frame("entities", entity_rows)
    if len(entities):
        entities = entities.sort_values(["n_mentions", "name"], ascending=[False, True],
                                        ignore_index=True)
    quotes = make_frame("quotes", unify_case(quote_rows, "speaker", "speaker_entity_id"))
    claims = make_frame("claims", unify_claimant_case(claim_rows))
    return dict(
        articles=articles,
        entities=entities,
        mentions=mentions,
        quotes=quotes,
        claims=claims,
        errors=make_frame("errors", errors) if errors else empty_frame("errors"),
        relations=build_relations(quotes, claims),
    )


def unify_claimant_case(rows: list[dict]) -> list[dict]:
    """Claimants that are not entities ("police", "Police" at a sentence start) are
    spelled one way across the corpus: the most frequent spelling wins.

    >>> rows = [{"claimant": c, "claimant_entity_id": None} for c in
    ...         ["police", "Police", "police", "CNN"]]
    >>> [r["claimant"] for r in unify_claimant_case(rows)]
    ['police', 'police', 'police', 'CNN']
    """
    return unify_case(rows, "claimant", "claimant_entity_id")


def unify_case(rows: list[dict], name: str, entity_id_key: str) -> list[dict]:
    """Names in column ``name`` that are not entities (no ``entity_id_key``) spelled
    one way across the corpus: the most frequent spelling wins (rows are updated)."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.get(name) and not row.get(entity_id_key):
            spellings[row[name].lower()][row[name]] += 1
    preferred = {key: sorted(c.items(), key=lambda kv: (-kv[1], kv[0].swapcase()))[0][0]
                 for key, c in spellings.items()}
    for row in rows:
        if row.get(name) and not row.get(entity_id_key):
            row[name] = preferred[row[name].lower()]
    return rows


def _speakers(q: Any) -> list[str]:
    """Each credited speaker of a quote row ("X and Y" -> X, Y when it has two ids)."""
    ids = getattr(q, "speaker_entity_ids", None)
    n = len(ids) if ids is not None and not isinstance(ids, (str, float)) \
        and hasattr(ids, "__len__") else 0
    parts = str(q.speaker).split(" and ")
    return parts if n > 1 and len(parts) == n else [q.speaker]


def build_relations(quotes: pd.DataFrame, claims: pd.DataFrame, *,
                    include_unresolved: bool = False) -> pd.DataFrame:
    """Who-said-what-about-whom edges: one row per (speaker, target) pair; each
    credited speaker of "X and Y said" counts. Quotes whose speaker stayed a phrase
    ("officials") are left out unless ``include_unresolved``.

    ``n_quotes`` and ``n_claims`` count statements: a claim that is a quote's own
    statement (a reported or quoted claim linked by ``quote_id``) is not counted again
    for an edge its quote already counts.

    Examples
    --------
    >>> q = make_frame("quotes", [{"quote_id": "a:q0", "article_id": "a", "speaker": "X",
    ...                            "about": ["Y"], "kind": "direct"}])
    >>> build_relations(q, empty_frame("claims"))[["speaker", "target", "n_quotes"]].values.tolist()
    [['X', 'Y', 1]]
    >>> c = make_frame("claims", [{"claim_id": "a:c0", "article_id": "a", "claimant": "X",
    ...     "claimant_entity_id": "x", "quote_id": "a:q0", "about": ["Y"], "checkworthiness": 0.5}])
    >>> build_relations(q, c)[["n_quotes", "n_claims"]].values.tolist()  # one statement
    [[1, 0]]
    """
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def edge(speaker: str, target: str) -> dict[str, Any]:
        return edges.setdefault((speaker, target), {
            "speaker": speaker, "target": target, "n_quotes": 0, "n_claims": 0,
            "quote_ids": [], "article_ids": []})

    counted: set[tuple[str, str, str]] = set()  # (quote_id, speaker, target)
    for q in quotes.itertuples(index=False):
        how = getattr(q, "speaker_resolution", None)
        if pd.isna(q.speaker) or (not include_unresolved and isinstance(how, str)
                                  and how == "unresolved"):
            continue
        for target in q.about:
            counted.add((q.quote_id, q.speaker, target))
        for speaker in _speakers(q):
            for target in q.about:
                e = edge(speaker, target)
                e["n_quotes"] += 1
                e["quote_ids"].append(q.quote_id)
                if q.article_id not in e["article_ids"]:
                    e["article_ids"].append(q.article_id)
    for c in claims.itertuples(index=False):
        if pd.isna(c.claimant) or pd.isna(c.claimant_entity_id):
            continue
        for target in c.about:
            if not pd.isna(c.quote_id) and (c.quote_id, c.claimant, target) in counted:
                continue  # the quote's own statement, already counted as a quote
            e = edge(c.claimant, target)
            e["n_claims"] += 1
            if c.article_id not in e["article_ids"]:
                e["article_ids"].append(c.article_id)
    rows = sorted(edges.values(),
                  key=lambda e: (-(e["n_quotes"] + e["n_claims"]), e["speaker"], e["target"]))
    return make_frame("relations", rows)


def select_cue_classes(frames: dict[str, pd.DataFrame],
                       classes: Collection[str]) -> dict[str, pd.DataFrame]:
    """The frames with only the quotes whose ``cue_class`` is in ``classes``, the claims
    that do not come from a left-out quote, and relations rebuilt from them (new
    frames; quote ids keep their numbers).

    Examples
    --------
    >>> q = make_frame("quotes", [
    ...     {"quote_id": "a:q0", "article_id": "a", "speaker": "X", "about": ["Y"],
    ...      "cue_class": "speech"},
    ...     {"quote_id": "a:q1", "article_id": "a", "speaker": "X", "about": ["Z"],
    ...      "cue_class": "belief"}])
    >>> out = select_cue_classes({"quotes": q, "claims": empty_frame("claims")}, {"speech"})
    >>> out["quotes"]["quote_id"].tolist(), out["relations"]["target"].tolist()
    (['a:q0'], ['Y'])
    """
    quotes = with_cue_classes(frames["quotes"], classes)
    claims = frames["claims"]
    dropped = set(frames["quotes"]["quote_id"]) - set(quotes["quote_id"])
    claims = claims[~claims["quote_id"].isin(dropped).to_numpy(dtype=bool)].reset_index(drop=True)
    return {**frames, "quotes": quotes, "claims": claims,
            "relations": build_relations(quotes, claims)}


def span_mismatches(result: HasSpans) -> list[tuple[str, str, Any, Any]]:
    """Every span of ``result`` whose stored string differs from ``text[start:end]``
    (or whose offsets fall outside the text): ``(kind, article_id, found, stored)``.
    An empty list means every offset is exact; useful after editing frames by hand.

    Examples
    --------
    >>> import toolkit as tk
    >>> span_mismatches(tk.analyze("seeds/"))
    []
    """
    texts = dict(zip(result.articles["article_id"], result.articles["text"], strict=True))
    bad: list[tuple[str, str, Any, Any]] = []

    def check(kind: str, aid: str, start: Any, end: Any, stored: Any) -> None:
        if pd.isna(start) and pd.isna(end):
            return
        text = texts.get(aid, "")
        if pd.isna(start) or pd.isna(end) or not 0 <= start <= end <= len(text):
            bad.append((kind, aid, (start, end), stored))
        elif text[int(start) : int(end)] != stored:
            bad.append((kind, aid, text[int(start) : int(end)], stored))

    for m in result.mentions.itertuples(index=False):
        check("mention", m.article_id, m.start, m.end, m.text)
    for q in result.quotes.itertuples(index=False):
        check("quote.content", q.article_id, q.content_start, q.content_end, q.content)
        check("quote.speaker", q.article_id, q.speaker_start, q.speaker_end, q.speaker_text)
        check("quote.cue", q.article_id, q.cue_start, q.cue_end, q.cue)
    for c in result.claims.itertuples(index=False):
        check("claim.content", c.article_id, c.content_start, c.content_end, c.content)
    return bad
