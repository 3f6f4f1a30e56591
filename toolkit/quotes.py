"""Quotes: who said what, about whom, in one parsed article.

:func:`extract_quotes` turns the attribution engine's records
(:func:`toolkit.attribution.find_attributions`) into :class:`Quote` records, the way
textacy's ``direct_quotations`` yields (speaker, cue, content) triples, and resolves
with :mod:`toolkit.resolve`:

- **speaker**: the local source mention (``speaker_text``, e.g. "he", "the Russian
  leader", "a spokesman") -> its entity cluster (rule ``source``). "I"/"we" are never
  a quote's speaker: only text outside the marks is a source.
- **pronouns inside the quote**: third-person pronouns inside quotation marks, which
  the entities stage leaves alone, resolve with the same pronoun rule, the speaker
  excluded (rule ``pronoun``); they are returned as ``Quote.pronouns`` and as
  mentions by :func:`quote_pronoun_mentions`.
- **about**: the clusters mentioned in the content other than the speaker (rule
  ``about``), the resolved pronouns included.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()('Angela Merkel met Joe Biden. “He is a good partner,” Merkel said.')
>>> ents = extract_entities(doc)
>>> [(q.kind, doc.text[q.content_start:q.content_end], q.speaker_text,
...   ents.name_of(q.speaker_cluster), [ents.name_of(c) for c in q.about])
...  for q in extract_quotes(doc, ents)]
[('direct', 'He is a good partner,', 'Merkel', 'Angela Merkel', ['Joe Biden'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from toolkit.attribution import Attribution, find_attributions
from toolkit.docs import doc_text
from toolkit.records import Mention, Quote
from toolkit.resolve import (
    EntityIndex,
    PronounResolver,
    SourceContext,
    about_clusters,
    affiliation,
    phrase_as_written,
    pronoun_features,
    resolve_source,
    third_person_pronouns,
)
from toolkit.text import SpanIndex, quoted_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from toolkit.records import ArticleEntities

__all__ = ["Quote", "extract_quotes", "quote_pronoun_mentions", "speaker_we"]

FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


def _resolve_speaker(doc: Doc, ctx: SourceContext, att: Attribution, quote: Quote) -> None:
    """Fill the quote's speaker fields: its clusters, a name when it is no cluster,
    and how it was resolved; an unresolved phrase is kept as a reader would write it."""
    if att.speaker_head is None or att.speaker_start is None or att.speaker_end is None:
        return
    head = doc[att.speaker_head]
    antecedent = None
    if att.antecedent is not None:
        span = doc.char_span(*att.antecedent, alignment_mode="expand")
        antecedent = span.root if span is not None and len(span) else None
    source = resolve_source(ctx, head, antecedent)
    quote.speaker_clusters = list(source.clusters)
    quote.speaker_cluster = source.cluster
    if source.names and source.cluster is None:
        quote.speaker_name = " and ".join(source.names)
    if source.clusters or source.names:
        quote.speaker_resolution = source.how
        return
    quote.speaker_resolution = "unresolved"
    span = doc.char_span(att.speaker_start, att.speaker_end, alignment_mode="expand")
    if span is not None:
        quote.speaker_name = phrase_as_written(doc, span.start, span.end)


def _quote_of(att: Attribution) -> Quote:
    return Quote(att.content_start, att.content_end, att.kind, att.cue, att.cue_start,
                 att.cue_end, att.speaker_text, att.speaker_start, att.speaker_end,
                 cue_class=att.cue_class, strategy=att.strategy)


def _first_person(tok, quote: Quote, labels: list[str]) -> int | None:
    """ "I", "me", "my" inside a quote are its speaker (a person); "we", "our" too when
    the speaker is an organisation or a country speaking for itself."""
    features = pronoun_features(tok.text)
    speaker = quote.speaker_cluster
    if features is None or features["person"] != 1 or speaker is None \
            or len(quote.speaker_clusters) > 1:
        return None
    if features["number"] == "singular":
        return speaker if labels[speaker] == "PERSON" else None
    return speaker if labels[speaker] in {"ORG", "GPE"} else None


def speaker_we(doc: Doc, quote: Quote, marks: SpanIndex, ctx: SourceContext,
               labels: list[str]) -> int | None:
    """Rule speaker_we: an official's "we", "us", "our" inside their quote is the
    organisation or country they speak for ("We will find them," said Defence
    Secretary Ann Lee -> the country), when the article says which
    (:func:`toolkit.resolve.sources.affiliation`); a target, not the speaker."""
    speaker = quote.speaker_cluster
    if speaker is None or len(quote.speaker_clusters) > 1 or labels[speaker] != "PERSON":
        return None
    span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
    if span is None or not any(t.lower_ in FIRST_PLURAL and marks.contains(t.idx) for t in span):
        return None
    return affiliation(ctx, speaker)


def _pronouns_inside(doc: Doc, quote: Quote, marks: SpanIndex, mentioned: set[int],
                     resolver: PronounResolver, labels: list[str]
                     ) -> list[tuple[int, int, int]]:
    """Pronouns inside the quote's quotation marks: the speaker's own "I" (rule
    ``first_person``), others resolved without the speaker (rule ``pronoun``)."""
    pronouns = third_person_pronouns()
    out = []
    span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.idx in mentioned or not marks.contains(tok.idx) or tok.pos_ != "PRON":
            continue
        cluster = _first_person(tok, quote, labels)
        if cluster is None and tok.lower_ in pronouns:
            cluster = resolver.resolve(tok, exclude=quote.speaker_cluster)
        if cluster is not None:
            out.append((tok.idx, tok.idx + len(tok.text), cluster))
    return out


def extract_quotes(doc: Doc, entities: ArticleEntities,
                   attributions: Sequence[Attribution] | None = None) -> list[Quote]:
    """Direct, indirect and mixed quotes of one parsed article, sorted by
    ``content_start``, with speakers, in-quote pronouns and targets resolved.

    ``attributions`` are the engine's records (found here when not given).

    Examples
    --------
    >>> from toolkit.nlp import load_pipeline
    >>> from toolkit.entities import extract_entities
    >>> doc = load_pipeline()('“We are ready,” the minister said. “We have always been.”')
    >>> [(doc.text[q.content_start:q.content_end], q.speaker_text, q.cue)
    ...  for q in extract_quotes(doc, extract_entities(doc))]
    [('We are ready,', 'the minister', 'said'), ('We have always been.', 'the minister', None)]
    """
    if attributions is None:
        attributions = find_attributions(doc, entities)
    if not attributions:
        return []
    index = EntityIndex(entities)
    sources = SourceContext(doc, index)
    marks = SpanIndex(quoted_spans(doc_text(doc)))
    resolver = PronounResolver.for_entities(doc, entities, marks)
    mentioned = {m.start for m in entities.mentions}
    labels = [c.label for c in entities.clusters]
    quotes = []
    for att in attributions:
        quote = _quote_of(att)
        _resolve_speaker(doc, sources, att, quote)
        quote.pronouns = _pronouns_inside(doc, quote, marks, mentioned, resolver, labels)
        own = set(quote.speaker_clusters)
        about = about_clusters(index, quote.content_start, quote.content_end, exclude=own,
                               doc=doc)
        for _, _, cluster in quote.pronouns:
            if cluster not in about and cluster not in own:
                about.append(cluster)
        spoken_for = speaker_we(doc, quote, marks, sources, labels)
        if spoken_for is not None and spoken_for not in about and spoken_for not in own:
            about.append(spoken_for)
        quote.about = about
        quotes.append(quote)
    return quotes


def quote_pronoun_mentions(quotes: Iterable[Quote], entities: ArticleEntities,
                           text: str) -> list[Mention]:
    """The pronouns resolved inside quotes, as mentions of the article's entities."""
    out: list[Mention] = []
    seen: set[int] = set()
    for quote in quotes:
        for s, e, cluster in quote.pronouns:
            if s not in seen and 0 <= cluster < len(entities.clusters):
                seen.add(s)
                out.append(Mention(s, e, text[s:e], entities.clusters[cluster].label,
                                   "pronoun", cluster))
    return out
