"""Every attribution strategy and resolution rule, pinned by sentences of our own.

Each row names a rule, a view of the output, a sentence and one item the view must
contain. ``test_rule_table`` checks the rows; ``test_removing_a_rule_breaks_its_rows``
switches each rule off in turn (removes it from its ordered list, or replaces the
function by one that finds nothing) and checks that at least one of its rows fails,
so a rule nobody pins, or a row that does not depend on its rule, is caught.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack, contextmanager

import pytest

from toolkit import claim_filters, lexicons
from toolkit import claims as claims_module
from toolkit import entities as entities_module
from toolkit import person_labels as person_labels_module
from toolkit import quotes as quotes_module
from toolkit import resolve as resolve_module
from toolkit.attribution import (
    direct,
    engine,
    indirect,
    objects,
    senses,
    source_phrases,
    speakers,
)
from toolkit.attribution.engine import find_attributions
from toolkit.claims import extract_claims
from toolkit.entities import extract_entities
from toolkit.nlp import load_pipeline
from toolkit.quotes import extract_quotes, quote_pronoun_mentions
from toolkit.resolve import descriptions as descriptions_module
from toolkit.resolve import pronouns as pronouns_module
from toolkit.resolve import sources as sources_module
from toolkit.resolve import targets as targets_module


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


# --------------------------------------------------------------------------- views

def _analyse(nlp, text):
    doc = nlp(text)
    ents = extract_entities(doc)
    atts = find_attributions(doc, ents)
    quotes = extract_quotes(doc, ents, atts)
    ents = ents.with_mentions(quote_pronoun_mentions(quotes, ents, doc.text))
    return doc, ents, atts, quotes, extract_claims(doc, ents, quotes)


def attributions(nlp, text):
    """(kind, content, local speaker mention) of every attribution."""
    _, _, atts, _, _ = _analyse(nlp, text)
    return [(a.kind, text[a.content_start:a.content_end], a.speaker_text) for a in atts]


def speakers_of(nlp, text):
    """(content, resolved speaker) of every quote."""
    _, ents, _, quotes, _ = _analyse(nlp, text)
    return [(text[q.content_start:q.content_end], ents.name_of(q.speaker_cluster))
            for q in quotes]


def speaker_names(nlp, text):
    """(content, the speaker as the quotes frame names it) of every quote."""
    import pandas as pd

    import toolkit as tk

    result = tk.analyze(pd.DataFrame({"text": [text]}))
    return list(zip(result.quotes["content"], result.quotes["speaker"], strict=True))


def about(nlp, text):
    """(content, the names it is about) of every quote."""
    _, ents, _, quotes, _ = _analyse(nlp, text)
    return [(text[q.content_start:q.content_end], tuple(ents.name_of(c) for c in q.about))
            for q in quotes]


def claims(nlp, text):
    """(origin, content, claimant) of every claim."""
    _, ents, _, _, found = _analyse(nlp, text)
    return [(c.origin, text[c.content_start:c.content_end],
             ents.name_of(c.claimant_cluster) or c.claimant_name) for c in found]


def mentions_if_ner_took_5(nlp, text):
    """(surface, name, resolution) of the mentions when NER takes the first five
    tokens as one PERSON (as larger models do: "Mary Chen of Acme Corp")."""
    from spacy.tokens import Span

    doc = nlp(text)
    doc.ents = [Span(doc, 0, 5, label="PERSON")]
    ents = extract_entities(doc)
    return [(m.text, ents.name_of(m.cluster), m.resolution) for m in ents.mentions]


def mentions_if_ner_cut(nlp, text):
    """(surface, name) of the mentions after the first sentence when NER takes the
    first two tokens as one PERSON and, after them, only the first word of each
    later capitalised pair ("Ann" of "Ann Lee")."""
    from spacy.tokens import Span

    doc = nlp(text)
    ents = [Span(doc, 0, 2, label="PERSON")]
    first_end = next(iter(doc.sents)).end
    ents += [Span(doc, t.i, t.i + 1, label="ORG") for t in doc[first_end:]
             if t.text == doc[0].text]
    doc.ents = ents
    found = extract_entities(doc)
    return [(m.text, found.name_of(m.cluster)) for m in found.mentions
            if m.start >= doc[first_end].idx]


def labels(nlp, text):
    """(name, label) of every entity of the article."""
    _, ents, _, _, _ = _analyse(nlp, text)
    return [(c.name, c.label) for c in ents.clusters]


def classes(nlp, text):
    """(cue, cue class, content) of every attribution."""
    _, _, atts, _, _ = _analyse(nlp, text)
    return [(a.cue, a.cue_class, text[a.content_start:a.content_end]) for a in atts]


def claims_starting_with_said(nlp, text):
    """The claims whose content opens with "said"."""
    return [c for c in claims(nlp, text) if c[1].lower().startswith("said")]


def mentions(nlp, text):
    """(surface, canonical name, resolution) of every mention."""
    _, ents, _, _, _ = _analyse(nlp, text)
    return [(m.text, ents.name_of(m.cluster), m.resolution) for m in ents.mentions]


def pronouns(nlp, text):
    """(pronoun, the name it resolved to or None) of every third-person pronoun."""
    doc, ents, _, _, _ = _analyse(nlp, text)
    at = {m.start: ents.name_of(m.cluster) for m in ents.mentions}
    return [(t.text, at.get(t.idx)) for t in doc
            if t.lower_ in resolve_module.third_person_pronouns()]


def titles(nlp, text):
    """(description, the name it resolved to) of every resolved description."""
    _, ents, _, _, _ = _analyse(nlp, text)
    return [(m.text, ents.name_of(m.cluster)) for m in ents.mentions if m.resolution == "title"]


# --------------------------------------------------------------------------- switches

@contextmanager
def without(module, list_name: str, rule_name: str):
    """The ordered list ``module.list_name`` without the rule called ``rule_name``."""
    rules = getattr(module, list_name)
    if isinstance(rules, dict):
        kept = {k: v for k, v in rules.items() if k != rule_name}
        assert len(kept) < len(rules), f"no {rule_name} in {list_name}"
    else:
        kept = [r for r in rules if r.__name__ != rule_name]
        assert len(kept) < len(rules), f"no {rule_name} in {list_name}"
    setattr(module, list_name, kept)
    try:
        yield
    finally:
        setattr(module, list_name, rules)


@contextmanager
def _all_off(*switches):
    """Several switches at once."""
    for switch in switches:
        switch.__enter__()
    try:
        yield
    finally:
        for switch in reversed(switches):
            switch.__exit__(None, None, None)


@contextmanager
def replaced(module, name: str, stand_in: Callable):
    """``module.name`` replaced by ``stand_in`` (a rule that finds nothing)."""
    original = getattr(module, name)
    setattr(module, name, stand_in)
    try:
        yield
    finally:
        setattr(module, name, original)


@contextmanager
def _both(*switches):
    """Several switches at once (a rule used from two places)."""
    with ExitStack() as stack:
        for switch in switches:
            stack.enter_context(switch)
        yield


SWITCHES: dict[str, Callable[[], object]] = {
    # speaker rules
    "nearest_subject": lambda: without(speakers, "SUBJECT_RULES", "nearest_subject"),
    "checked_with": lambda: without(speakers, "SUBJECT_RULES", "checked_with"),
    "contracted_passive": lambda: without(speakers, "SUBJECT_RULES", "contracted_passive"),
    "quoted_as": lambda: without(speakers, "SUBJECT_RULES", "quoted_as"),
    "passive_agent": lambda: without(speakers, "SUBJECT_RULES", "passive_agent"),
    "governing_clause": lambda: without(speakers, "SUBJECT_RULES", "governing_clause"),
    "inverted_subject": lambda: without(speakers, "SPEAKER_RULES", "inverted_subject"),
    "name_as_modifier": lambda: without(speakers, "SPEAKER_RULES", "name_as_modifier"),
    "appositive_name": lambda: without(speakers, "SPEAKER_REFINEMENTS", "appositive_name"),
    # direct strategies
    "cue_verb_with_source": lambda: without(direct, "DIRECT_STRATEGIES", "cue_verb_with_source"),
    "colon": lambda: without(direct, "DIRECT_STRATEGIES", "colon"),
    "dash": lambda: without(direct, "DIRECT_STRATEGIES", "dash"),
    "phrase_before_cue": lambda: without(direct, "DIRECT_STRATEGIES", "phrase_before_cue"),
    # content rules and object patterns
    "clausal_complement": lambda: without(indirect, "CONTENT_RULES", "clausal_complement"),
    "parenthetical": lambda: without(indirect, "CONTENT_RULES", "parenthetical"),
    "object_report": lambda: without(indirect, "CONTENT_RULES", "object_report"),
    "for_on": lambda: without(objects, "OBJECT_PATTERNS", "for_on"),
    "object_predicate": lambda: without(objects, "OBJECT_PATTERNS", "object_predicate"),
    "object_as": lambda: without(objects, "OBJECT_PATTERNS", "object_as"),
    "object": lambda: without(objects, "OBJECT_PATTERNS", "object"),
    "infinitive": lambda: without(objects, "OBJECT_PATTERNS", "infinitive"),
    "object_noun": lambda: without(objects, "OBJECT_PATTERNS", "object_noun"),
    "about_of": lambda: without(objects, "OBJECT_PATTERNS", "about_of"),
    "according_to": lambda: replaced(source_phrases, "according_to", lambda tok, ctx: []),
    # engine
    "embedded_fragment": lambda: replaced(engine, "is_embedded", lambda ctx, q: False),
    "continued_quote": lambda: replaced(engine, "_nothing_between", lambda *a: False),
    "mixed": lambda: replaced(engine, "_settle_indirect", lambda ctx, d: ([], set())),
    "as_predicate": lambda: without(objects, "OBJECT_PATTERNS", "as_predicate"),
    "object_of": lambda: without(objects, "OBJECT_PATTERNS", "object_of"),
    "to_gerund": lambda: without(objects, "OBJECT_PATTERNS", "to_gerund"),
    "to_as": lambda: without(objects, "OBJECT_PATTERNS", "to_as"),
    "finding_object": lambda: without(objects, "OBJECT_PATTERNS", "finding_object"),
    "source_by": lambda: replaced(source_phrases, "source_by", lambda tok: False),
    "reporter_of_figures": lambda: replaced(source_phrases, "_reporter", lambda pobj: pobj),
    "reported_figures": lambda: replaced(
        source_phrases, "_finding",
        lambda pobj: source_phrases.lemma(pobj) in lexicons.words("finding_sources")),
    "attributing_adverb": lambda: replaced(source_phrases, "attributing_adverb",
                                           lambda tok, ctx: []),
    "misattached_as": lambda: replaced(objects, "_as_within", lambda tok: False),
    "passive_object_predicate": lambda: replaced(objects, "_predicating", lambda verb: False),
    "gerund": lambda: without(objects, "OBJECT_PATTERNS", "gerund"),
    "adverb_on_phrase": lambda: replaced(source_phrases, "_phrase_verb",
                                         lambda phrase: (phrase, None)),
    "coordinated_complements": lambda: replaced(indirect, "_joined", lambda *a: False),
    "quoted_conjunct": lambda: replaced(indirect, "_quoted_conjunct",
                                        lambda verb, ctx, end: end),
    "subject_taken_conjunct": lambda: replaced(indirect, "_subject_taken_conjunct",
                                               lambda verb, ctx, end: end),
    "fronted_complement": lambda: replaced(indirect, "_fronted_ok", lambda *a: True),
    "subject_as_object": lambda: replaced(indirect, "_subject_as_object",
                                          lambda verb, comp, start: start),
    "unmarked_clause": lambda: without(indirect, "CONTENT_RULES", "unmarked_clause"),
    "complement_as_head": lambda: without(indirect, "CONTENT_RULES", "complement_as_head"),
    "object_then_predicate": lambda: without(indirect, "CONTENT_RULES",
                                             "object_then_predicate"),
    "infinitive_claim": lambda: without(indirect, "CONTENT_RULES", "infinitive_claim"),
    "passive_report": lambda: without(indirect, "CONTENT_RULES", "passive_report"),
    "misattached_agent": lambda: _both(replaced(speakers, "misattached_agent", lambda v: None),
                                       replaced(objects, "misattached_agent", lambda v: None)),
    "infinitive_after_object": lambda: replaced(objects, "_infinitive_after_object",
                                                lambda p: None),
    "concessive_addition": lambda: replaced(indirect, "_concessive_at", lambda *a: False),
    # content boundaries
    "nested_report": lambda: without(indirect, "BOUNDARY_RULES", "nested_report"),
    "speakers_next_act": lambda: without(indirect, "BOUNDARY_RULES", "speakers_next_act"),
    "writers_addition": lambda: without(indirect, "BOUNDARY_RULES", "writers_addition"),
    "quote_after_colon": lambda: without(indirect, "BOUNDARY_RULES", "quote_after_colon"),
    "another_attribution": lambda: without(indirect, "BOUNDARY_RULES", "another_attribution"),
    "dash_appends_noun_phrase": lambda: replaced(indirect, "dash_appends_noun_phrase",
                                                 lambda after: True),
    # cue senses
    "unrealised_infinitive": lambda: without(senses, "CUE_VETOES", "unrealised_infinitive"),
    "negated": lambda: without(senses, "CUE_VETOES", "negated"),
    "caption_line": lambda: without(senses, "CUE_VETOES", "caption_line"),
    "attributive": lambda: _both(without(senses, "CUE_VETOES", "attributive"),
                                 replaced(senses, "attributive", lambda *a: False)),
    "gerund_of_an_act": lambda: without(senses, "CUE_VETOES", "gerund_of_an_act"),
    "requirement": lambda: without(senses, "CUE_VETOES", "requirement"),
    "embedded_question": lambda: without(senses, "CUE_VETOES", "embedded_question"),
    "finding_source": lambda: without(senses, "CLASS_RULES", "finding_source"),
    "writers_inference": lambda: without(senses, "CLASS_RULES", "writers_inference"),
    # engine: mixed quotes, interviews
    "quote_marks_included": lambda: replaced(engine, "quote_marks_included",
                                             lambda ctx, cs, ce, cue, inside: (cs, ce)),
    "lead_in_direct": lambda: replaced(engine, "_essentially_direct", lambda *a: False),
    "complementizer_kept": lambda: replaced(engine, "complementizer_kept", lambda *a: None),
    "interview_turns": lambda: replaced(engine, "interview_attributions", lambda ctx: []),
    # resolver
    # The appositive of a source is read by the source rule and, since descriptions
    # resolve, by appositive_description ("One pastor" is a mention of the name).
    "appositive": lambda: _all_off(
        without(sources_module, "SOURCE_RULES", "appositive"),
        without(descriptions_module, "DESCRIPTION_RULES", "appositive_description")),
    "head_mention": lambda: without(sources_module, "SOURCE_RULES", "head_mention"),
    "document_author": lambda: without(sources_module, "SOURCE_RULES", "document_author"),
    "located_author": lambda: replaced(sources_module, "located_author",
                                       lambda ctx, tok, head: None),
    "predicate_name": lambda: without(sources_module, "SOURCE_RULES", "predicate_name"),
    "short_org_name": lambda: without(sources_module, "SOURCE_RULES", "short_org_name"),
    "role_appositive": lambda: without(sources_module, "SOURCE_RULES", "role_appositive"),
    "person_in_role": lambda: without(sources_module, "SOURCE_RULES", "person_in_role"),
    "recent_medium": lambda: without(sources_module, "SOURCE_RULES", "recent_medium"),
    "member_of": lambda: without(sources_module, "SOURCE_RULES", "member_of"),
    "country_of_state_actor": lambda: without(sources_module, "SOURCE_RULES",
                                              "country_of_state_actor"),
    "source_antecedent": lambda: replaced(
        quotes_module, "resolve_source",
        lambda ctx, head, antecedent=None: resolve_module.resolve_source(ctx, head)),
    "coordinated_sources": lambda: replaced(
        sources_module, "_conjuncts", lambda head: []),
    "first_person_in_quote": lambda: replaced(quotes_module, "_first_person",
                                              lambda tok, quote, labels: None),
    "description": lambda: replaced(entities_module, "description_mentions", lambda *a: []),
    "appositive_description": lambda: without(descriptions_module, "DESCRIPTION_RULES",
                                              "appositive_description"),
    "predicate_description": lambda: without(descriptions_module, "DESCRIPTION_RULES",
                                             "predicate_description"),
    "as_role_description": lambda: without(descriptions_module, "DESCRIPTION_RULES",
                                           "as_role_description"),
    "of_name_description": lambda: without(descriptions_module, "DESCRIPTION_RULES",
                                           "of_name_description"),
    "role_description": lambda: without(descriptions_module, "DESCRIPTION_RULES",
                                        "role_description"),
    "type_description": lambda: without(descriptions_module, "DESCRIPTION_RULES",
                                        "type_description"),
    "subordinate_role": lambda: replaced(descriptions_module, "subordinate_role",
                                         lambda words, tok: False),
    "agrees_in_kind": lambda: without(pronouns_module, "AGREEMENT_RULES", "agrees_in_kind"),
    "agrees_in_number": lambda: without(pronouns_module, "AGREEMENT_RULES",
                                        "agrees_in_number"),
    "agrees_in_gender": lambda: without(pronouns_module, "AGREEMENT_RULES",
                                        "agrees_in_gender"),
    "not_bound": lambda: without(pronouns_module, "AGREEMENT_RULES", "not_bound"),
    "pronoun_controllers": lambda: replaced(pronouns_module, "clause_controllers",
                                            lambda verb: []),
    "pronoun_place_name": lambda: replaced(pronouns_module.PronounResolver, "used_as_place",
                                           lambda self, cluster: False),
    "pronoun_far_person": lambda: replaced(pronouns_module.PronounResolver, "_far_persons",
                                           lambda self, ref, exclude, seen: []),
    "pronoun_cataphora": lambda: replaced(pronouns_module.PronounResolver, "_cataphoric",
                                          lambda self, ref, cand: False),
    "pronoun_noun_competitor": lambda: replaced(pronouns_module.PronounResolver,
                                                "_noun_phrases", lambda self, covered: []),
    "pleonastic_it": lambda: replaced(pronouns_module, "is_pleonastic", lambda tok: False),
    "salience_subject": lambda: without(pronouns_module, "FEATURES", "subject"),
    "salience_speaker_continues": lambda: without(pronouns_module, "FEATURES",
                                                  "speaker_continues"),
    "salience_organisation_speaks": lambda: without(pronouns_module, "FEATURES",
                                                    "organisation_speaks"),
    "pronoun_in_quote": lambda: replaced(quotes_module, "_pronouns_inside", lambda *a: []),
    "target_kind": lambda: without(targets_module, "TARGET_RULES", "target_kind"),
    "place_in_title": lambda: without(targets_module, "TARGET_RULES", "place_in_title"),
    "state_description": lambda: without(targets_module, "TARGET_RULES", "state_description"),
    "unnamed_state_actor": lambda: without(targets_module, "TARGET_ADDITIONS",
                                           "unnamed_state_actor"),
    "perpetrator": lambda: without(targets_module, "TARGET_ADDITIONS", "perpetrator"),
    "thing_name": lambda: without(targets_module, "TARGET_RULES", "thing_name"),
    "state_named": lambda: without(targets_module, "TARGET_RULES", "state_named"),
    "indefinite_name": lambda: without(targets_module, "TARGET_RULES", "indefinite_name"),
    "speaker_we": lambda: replaced(quotes_module, "speaker_we", lambda *args: None),
    "nationality": lambda: without(targets_module, "TARGET_RULES", "nationality"),
    "relative_antecedent": lambda: without(targets_module, "TARGET_ADDITIONS",
                                           "relative_antecedent"),
    # names
    "acronym": lambda: replaced(entities_module, "join_acronyms",
                                lambda doc, drafts, clusters: clusters),
    "name_variant": lambda: replaced(entities_module, "canonical_variant", lambda name: None),
    "accent_variant": lambda: replaced(entities_module, "fold", str),
    "rank_title": lambda: replaced(entities_module, "_titles",
                                   lambda: entities_module._honorifics()
                                   | frozenset(lexicons.words("role_nouns"))),
    "person_cut_short": lambda: replaced(entities_module, "_extend_person",
                                         lambda doc, start, end, taken: end),
    "person_of_tail": lambda: replaced(entities_module, "_trim_person_tail",
                                       lambda doc, start, end: end),
    "not_a_name": lambda: replaced(entities_module, "is_name_text",
                                   lambda text: any(ch.isalpha() for ch in text)),
    "acronym_first_letter": lambda: replaced(
        entities_module, "abbreviates",
        lambda acronym, name: entities_module.acronym_key(acronym)
        == entities_module.initials(name)),
    "predicate_of_pronoun": lambda: replaced(entities_module, "pronoun_predicate_mentions",
                                             lambda *a: []),
    "split_name": lambda: replaced(entities_module, "_split_name",
                                   lambda doc, start, end, label: [(start, end)]),
    "first_name_not_a_place": lambda: replaced(entities_module, "_ends_with_place_noun",
                                               lambda name: False),
    "trailing_function_word": lambda: replaced(entities_module, "_TRAILING_FUNCTION_WORDS",
                                               frozenset()),
    "there": lambda: replaced(entities_module, "there_mentions", lambda *a: []),
    "title_of_place": lambda: replaced(entities_module, "_title_of", lambda *a: False),
    "type_description_holder": lambda: replaced(descriptions_module, "_name_holders",
                                                lambda ctx, counts, stems: []),
    "type_description_topic": lambda: replaced(descriptions_module, "_topic_of_kind",
                                               lambda counts: None),
    "untagged_alias": lambda: replaced(entities_module, "unrecognized_aliases",
                                       lambda doc, drafts, clusters: []),
    "interview_person": lambda: replaced(entities_module, "interview_person_mentions",
                                         lambda doc, drafts, clusters, quoted: []),
    "self_introduction": lambda: replaced(entities_module, "self_introduction_mentions",
                                          lambda doc, drafts, clusters, quoted: []),
    "cut_name": lambda: replaced(entities_module, "completed_names", lambda doc, d: d),
    "nested_name": lambda: replaced(entities_module, "nested_names",
                                    lambda doc, drafts, clusters: []),
    "platform_not_person": lambda: replaced(entities_module, "settle_labels",
                                            lambda doc, drafts, clusters: None),
    "person_by_use": lambda: replaced(entities_module, "persons_by_use",
                                      lambda doc, drafts, clusters: None),
    "definite_name_not_person": lambda: replaced(person_labels_module, "_definite",
                                                 lambda doc, draft: False),
    "subject_in_text_about_people": lambda: replaced(person_labels_module,
                                                     "speaks_of_people", lambda doc: False),
    "untagged_name": lambda: replaced(entities_module, "untagged_names",
                                      lambda doc, drafts, clusters: []),
    # claims filters
    "is_a_clause": lambda: without(claim_filters, "REPORTED_FILTERS", "is_a_clause"),
    "narrative_last_paragraph": lambda: replaced(claims_module, "last_paragraph",
                                                 lambda text, s, e: s),
    "does_not_open_with_a_cue": lambda: without(claim_filters, "REPORTED_FILTERS",
                                                "does_not_open_with_a_cue"),
    "has_assertive_cue": lambda: without(claim_filters, "REPORTED_FILTERS",
                                         "has_assertive_cue"),
    "is_not_a_question": lambda: without(claim_filters, "REPORTED_FILTERS",
                                         "is_not_a_question"),
    "names_a_source": lambda: without(claim_filters, "REPORTED_FILTERS", "names_a_source"),
    "is_not_an_expectation_of_others": lambda: without(
        claim_filters, "REPORTED_FILTERS", "is_not_an_expectation_of_others"),
    "is_not_a_decision": lambda: without(claim_filters, "REPORTED_FILTERS",
                                         "is_not_a_decision"),
    "is_not_a_bare_attribution": lambda: without(claim_filters, "REPORTED_FILTERS",
                                                 "is_not_a_bare_attribution"),
    "caption": lambda: replaced(claims_module, "is_caption", lambda text, end: False),
    "is_a_statement": lambda: without(claim_filters, "QUOTE_FILTERS", "is_a_statement"),
    "is_in_english": lambda: without(claim_filters, "QUOTE_FILTERS", "is_in_english"),
    "is_not_interviewer_talk": lambda: without(claim_filters, "QUOTE_FILTERS",
                                               "is_not_interviewer_talk"),
    "is_not_a_request": lambda: without(claim_filters, "QUOTE_FILTERS", "is_not_a_request"),
    "quote_sentence_runs_on": lambda: replaced(claims_module, "continues",
                                               lambda text, end, start: False),
    "nested_finding": lambda: replaced(claims_module, "is_nested_finding",
                                       lambda doc, d, drafts, quotes: False),
    "interrupted_clause": lambda: replaced(claims_module, "interrupted_clauses",
                                           lambda doc, quotes: {}),
}

# (rule, view, sentence, expected): a tuple the view must contain, a list the view must
# equal, None for an empty view.
# Seven sentences that mention no entity: they put a description out of the window of
# recent mentions.
_FILLER = ("She sold cars. She bought a boat. It rained. The boat was red. She swam. "
           "It was late. She slept.")

TABLE = [
    ("nearest_subject", attributions, "The mayor said that the bridge was closed.",
     ("indirect", "that the bridge was closed", "The mayor")),
    ("contracted_passive", attributions, "She's said that prices will fall.",
     ("indirect", "that prices will fall", "She")),
    ("quoted_as", attributions, "The minister was quoted as saying that the deal was off.",
     ("indirect", "that the deal was off", "The minister")),
    ("passive_agent", attributions, "It was announced by the ministry that taxes would rise.",
     ("indirect", "that taxes would rise", "the ministry")),
    ("governing_clause", attributions,
     "The senator left the room, adding that the vote was rigged.",
     ("indirect", "that the vote was rigged", "The senator")),
    ("inverted_subject", attributions, "“We will win,” said Skelly.",
     ("direct", "We will win,", "Skelly")),
    ("name_as_modifier", attributions, "Skelly called the plan a disaster.",
     ("indirect", "the plan a disaster", "Skelly")),
    ("appositive_name", attributions,
     "One pastor, John Smith, said the church would reopen.",
     ("indirect", "the church would reopen", "John Smith")),
    ("cue_verb_with_source", attributions,
     "“I am tired because that was hard. But it worked,” company founder Ann Lee told "
     "the press after the launch.",
     ("direct", "I am tired because that was hard. But it worked,", "company founder Ann Lee")),
    ("colon", attributions, "Ann Lee: “We will win.”", ("direct", "We will win.", "Ann Lee")),
    ("dash", attributions, "“Never again.” — Ann Lee", ("direct", "Never again.", "Ann Lee")),
    ("phrase_before_cue", attributions, "“The road is closed,” it was reported.",
     ("direct", "The road is closed,", "it")),
    ("clausal_complement", attributions, "The mayor said that the bridge was closed.",
     ("indirect", "that the bridge was closed", "The mayor")),
    ("parenthetical", attributions, "The plant, he said, will close next year.",
     [("indirect", "The plant", "he"), ("indirect", "will close next year", "he")]),
    ("object_report", attributions, "The union called for a general strike.",
     ("indirect", "a general strike", "The union")),
    ("for_on", attributions, "The union called for a general strike.",
     ("indirect", "a general strike", "The union")),
    ("object_predicate", attributions, "The senator called the bill a disgrace.",
     ("indirect", "the bill a disgrace", "The senator")),
    ("object_as", attributions, "She described the talks as productive.",
     ("indirect", "the talks as productive", "She")),
    ("object", attributions, "He noted the allegations against the firm.",
     ("indirect", "the allegations against the firm", "He")),
    ("infinitive", attributions, "The mayor urged residents to stay indoors.",
     ("indirect", "residents to stay indoors", "The mayor")),
    ("object_noun", attributions, "The minister proposed a ceasefire.",
     ("indirect", "a ceasefire", "The minister")),
    ("about_of", attributions, "She warned of a recession.", ("indirect", "a recession", "She")),
    ("according_to", attributions, "According to the ministry, the toll rose to twelve.",
     ("indirect", "the toll rose to twelve", "the ministry")),
    ("according_to", attributions, "Two workers were hurt, per the fire service.",
     ("indirect", "Two workers were hurt", "the fire service")),
    ("as_predicate", attributions,
     "Officials identified the driver as a local teacher.",
     ("indirect", "the driver as a local teacher", "Officials")),
    ("object_of", attributions, "The senator accused the company of “cheating”.",
     ("mixed", "the company of “cheating”", "The senator")),
    ("to_gerund", attributions, "The driver confessed to causing the crash.",
     ("indirect", "causing the crash", "The driver")),
    ("to_as", attributions, "The firm referred to the jet as a “cargo plane”.",
     ("mixed", "the jet as a “cargo plane”", "The firm")),
    ("misattached_as", attributions, "Ann Lee described a fault with the cable connecting "
     "the pumps as the cause.",
     ("indirect", "a fault with the cable connecting the pumps as the cause", "Ann Lee")),
    ("misattached_as", attributions, "The firm referred to the truck involved as a "
     "“total loss”.",
     ("mixed", "the truck involved as a “total loss”", "The firm")),
    ("misattached_as", attributions, "The council rejected the bid, citing the delay as a "
     "“serious breach” of the contract.",
     ("mixed", "the delay as a “serious breach” of the contract", "The council")),
    ("passive_object_predicate", attributions,
     "Having won the war, the general was hailed a national hero.",
     ("indirect", "a national hero", None)),
    ("gerund", attributions,
     "The bank sold its branches in March and announced leaving its partnership with a rival.",
     ("indirect", "leaving its partnership with a rival", "The bank")),
    ("gerund", attributions, "The driver denied taking the money from the till.",
     ("indirect", "taking the money from the till", "The driver")),
    ("attributing_adverb", attributions, "The driver reportedly fled the scene on foot.",
     ("indirect", "The driver reportedly fled the scene on foot", None)),
    ("adverb_on_phrase", attributions,
     "The guards finally caught him, reportedly outside a bakery, late at night.",
     ("indirect", "The guards finally caught him, reportedly outside a bakery", None)),
    ("adverb_on_phrase", attributions,
     "On Monday the rebels burned reportedly twelve trucks near the border.",
     ("indirect", "On Monday the rebels burned reportedly twelve trucks", None)),
    ("coordinated_complements", attributions,
     "The agency said the name had to be easy to say and, to prevent stigma, it must not "
     "cite any specific person.",
     [("indirect", "the name had to be easy to say and, to prevent stigma, it must not cite "
       "any specific person", "The agency")]),
    ("subject_taken_conjunct", attributions,
     "Ann Lee argued socialism is growing in popularity and private ownership is the real "
     "tyranny.",
     ("indirect", "socialism is growing in popularity and private ownership is the real "
      "tyranny", "Ann Lee")),
    ("quoted_conjunct", attributions,
     "Ann Lee said the family “came out of the house dead broke,” and “struggled to pay for "
     "the school.”",
     [("mixed", "the family “came out of the house dead broke,” and “struggled to pay for "
       "the school.”", "Ann Lee")]),
    ("fronted_complement", attributions,
     "Rain fell all day; the mayor said the roads were closed.",
     [("indirect", "the roads were closed", "the mayor")]),
    ("subject_as_object", attributions,
     "Emergency workers have indicated a homicide probe is ongoing.",
     [("indirect", "a homicide probe is ongoing", "Emergency workers")]),
    ("subject_as_object", attributions,
     "On Friday the council announced the new district, to be called Northgate, would "
     "govern itself from 2030.",
     [("indirect", "the new district, to be called Northgate, would govern itself from 2030",
       "the council")]),
    ("unmarked_clause", attributions,
     "In an interview, the singer said as a child she was sent to a farm by her uncle.",
     [("indirect", "as a child she was sent to a farm by her uncle", "the singer")]),
    ("complement_as_head", attributions,
     "Radio Nord reported in mid-2018, 40 shops had closed within a year.",
     [("indirect", "40 shops had closed within a year", "Radio Nord")]),
    ("complement_as_head", attributions,
     "Local radio reported last spring, the mill had shut down.",
     [("indirect", "the mill had shut down", "Local radio")]),
    ("object_then_predicate", attributions,
     "The coach has repeatedly maintained a rebuild is what the club is already doing.",
     [("indirect", "a rebuild is what the club is already doing", "The coach")]),
    ("object_then_predicate", attributions,
     "The report cited the navy as stating the shipyard owned the vessel, and claimed a loss.",
     ("indirect", "the shipyard owned the vessel", "The report")),
    ("infinitive_claim", attributions,
     "The rebel army claimed to have shot down three drones on Sunday.",
     [("indirect", "to have shot down three drones on Sunday", "The rebel army")]),
    ("infinitive_claim", attributions,
     "Ann Lee claimed to have seen the car before the crash.",
     [("indirect", "to have seen the car before the crash", "Ann Lee")]),
    ("concessive_addition", attributions,
     "Police said the man wore a vest, though it later proved to be a fake.",
     [("indirect", "the man wore a vest", "Police")]),
    ("concessive_addition", attributions,
     "The governor insisted that the vote was rigged even though fraud is very rare.",
     [("indirect", "that the vote was rigged", "The governor")]),
    ("concessive_addition", attributions,
     "They said he would resign, however the board has since said no.",
     [("indirect", "he would resign", "They")]),
    ("embedded_question", classes, "Nobody knows what he will do next.", None),
    ("embedded_question", classes, "The mayor does not know whether the bridge will hold.",
     None),
    ("speakers_next_act", attributions,
     "Analysts believe the bank is weak, and admit that the state may step in.",
     [("indirect", "the bank is weak", "Analysts"),
      ("indirect", "that the state may step in", "Analysts")]),
    ("another_attribution", attributions,
     "Forty percent say the plan is unfair, while 31 percent call it “a good start.”",
     ("indirect", "the plan is unfair", "Forty percent")),
    ("nested_report", attributions,
     "The mayor said the bridge was safe and insisting that it would stay open.",
     [("indirect", "the bridge was safe", "The mayor"),
      ("indirect", "that it would stay open", "The mayor")]),
    ("speakers_next_act", attributions,
     "The mayor said the bridge was closed and urged drivers to stay home.",
     ("indirect", "the bridge was closed", "The mayor")),
    ("writers_addition", attributions,
     "Police said the man fled on foot, which surprised nobody.",
     ("indirect", "the man fled on foot", "Police")),
    ("quote_after_colon", attributions,
     "She said she was too busy: “I have a lot going on.”",
     ("indirect", "she was too busy", "She")),
    ("another_attribution", attributions,
     "Among voters, 74 percent said they would vote for him, while 22 percent said they "
     "might change their mind.",
     ("indirect", "they would vote for him", "74 percent")),
    ("attributive", attributions,
     "The university hosted a program called “Learning Together” at the hall.", None),
    ("attributive", attributions, "That year's H1N1 was commonly called “swine flu.”", None),
    ("gerund_of_an_act", attributions, "The rules require noting all donations.", None),
    ("requirement", attributions,
     "This outbreak may call for containment measures like those for influenza.", None),
    ("attributive", attributions, "Johnson was denied access to the debates.", None),
    ("infinitive", attributions, "Residents of some areas have been instructed to evacuate.",
     [("indirect", "Residents of some areas", None), ("indirect", "to evacuate", None)]),
    ("finding_object", classes, "The poll showed a slimmer lead for Clinton.",
     ("showed", "finding", "a slimmer lead for Clinton")),
    ("unrealised_infinitive", attributions,
     "Scientists work to predict likely wave conditions.", None),
    ("negated", attributions, "The mayor did not say whether the bridge would reopen.", None),
    ("caption_line", attributions, "—Ann Lee calling for a halt to the rescue work", None),
    ("finding_source", classes, "The data suggest that the virus is spreading.",
     ("suggest", "finding", "that the virus is spreading")),
    ("writers_inference", classes, "That implies the plan would fail.",
     ("implies", "finding", "the plan would fail")),
    ("quote_marks_included", attributions,
     "Ann Lee said the plan was “dead. It will not return.”",
     [("mixed", "the plan was “dead. It will not return.”", "Ann Lee")]),
    ("lead_in_direct", attributions,
     "Whatever the result, “we will keep going,” Ann Lee said.",
     ("direct", "we will keep going,", "Ann Lee")),
    ("interview_turns", speakers_of,
     "Ann Lee is a biologist.\n\n((WN)) Why penguins?\n\n((Ann Lee)) They eat fish.\n\n"
     "((WN)) Anything else?\n\nAL: No.",
     ("They eat fish.", "Ann Lee")),
    ("interview_turns", speakers_of,
     "Ann Lee is a biologist.\n\n((WN)) Why penguins?\n\n((Ann Lee)) They eat fish.\n\n"
     "((WN)) Anything else?\n\nAL: No.",
     ("No.", "Ann Lee")),
    # An interviewer's turn of several questions ends with its last question; the
    # narrative paragraph after it is no one's turn.
    ("interview_turns", speaker_names,
     "Ann Lee is a biologist.\n\n((WN)) Why penguins? What do they eat?\n\n"
     "The colony lives on an island.\n\n((Ann Lee)) Fish.\n\n((WN)) And then?\n\n"
     "((Ann Lee)) Sleep.\n\n((WN)) Why?\n\n((Ann Lee)) Cold.",
     ("Why penguins? What do they eat?", "WN")),
    ("embedded_fragment", attributions, "The mayor said the so-called “reform” was a failure.",
     ("mixed", "the so-called “reform” was a failure", "The mayor")),
    ("embedded_fragment", attributions,
     "Ann Lee, who backed the “reform” plan, said she would resign.",
     [("indirect", "she would resign", "Ann Lee")]),
    ("continued_quote", speakers_of, "“We are ready,” Ann Lee said. “We have always been.”",
     ("We have always been.", "Ann Lee")),
    ("mixed", attributions, "Ann Lee said the plan was “dead on arrival” and would fail.",
     ("mixed", "the plan was “dead on arrival” and would fail", "Ann Lee")),
    ("appositive", speakers_of,
     "One pastor, Darran Whiting, said the church would reopen.",
     ("the church would reopen", "Darran Whiting")),
    ("head_mention", speakers_of, "Ann Lee said the bridge was closed.",
     ("the bridge was closed", "Ann Lee")),
    ("head_mention", speakers_of,
     "Tom Park runs the firm. The firm's campaign manager said the vote was lost.",
     ("the vote was lost", None)),
    ("document_author", speakers_of,
     "The Red Cross opened an office. The Red Cross's report said the camp was full.",
     ("the camp was full", "Red Cross")),
    ("member_of", speaker_names, "A Turkish official said the border was closed.",
     ("the border was closed", "Turkey")),
    ("member_of", speakers_of, "Acme Corp grew. An Acme Corp spokesperson said sales rose.",
     ("sales rose", "Acme Corp")),
    ("country_of_state_actor", speakers_of,
     "Chile mourned. Chile wept. Crowds filled Chile's squares. A plane from Peru crashed. "
     "The army said the crew was safe.",
     ("the crew was safe", "Chile")),
    ("role_appositive", speakers_of,
     "After the vote, the director of Acme Holdings, Ann Lee, said the plan had failed.",
     ("the plan had failed", "Ann Lee")),
    ("role_appositive", speakers_of,
     "According to the Springfield mayor, Tom Park, the road was closed.",
     ("Tom Park, the road was closed", "Tom Park")),
    ("document_author", speaker_names,
     "According to a Twitter post by Ann Lee, the bridge was closed.",
     ("the bridge was closed", "Ann Lee")),
    ("document_author", speaker_names,
     "According to projections by Reuters and the BBC, he won in Ohio.",
     ("he won in Ohio", "Reuters and BBC")),
    ("document_author", speakers_of,
     "Mexico protested. Another report from the Mexican government said nine people died.",
     ("nine people died", "Mexico")),
    ("located_author", claims,
     "Initial reports from Springfield hospital reported that no traces of poison were found.",
     ("reported", "no traces of poison were found", "Springfield hospital")),
    ("checked_with", speakers_of,
     "The Gazette confirmed with Acme Corp that the two servers were separate.",
     ("that the two servers were separate", "Acme Corp")),
    ("recent_medium", speakers_of,
     "The Daily Courier reported the landing failed. The publication stated the plane "
     "overran the runway.", ("the plane overran the runway", "Daily Courier")),
    ("person_in_role", speakers_of,
     "The plan was criticised by archbishop Monsignor Jorge Ruiz. Calling it a disgrace, "
     'the archbishop said "We need to pray."', ("We need to pray.", "Monsignor Jorge Ruiz")),
    ("person_in_role", speakers_of,
     "The governor said each victim would get a payout. Later, Regional Governor Ann Lee "
     "said the search was over.", ("each victim would get a payout", "Ann Lee")),
    ("country_of_state_actor", speakers_of,
     "Chile mourned. Chile wept. Crowds filled Chile's squares. The reporters spoke to the "
     "Navy, who said the crew was safe.", ("the crew was safe", "Chile")),
    ("acronym", mentions,
     "The Federal Security Service (FSB) said the blast was an accident. Later the FSB "
     "said the blasts were related.", ("FSB", "Federal Security Service", "alias")),
    ("predicate_name", speakers_of,
     'One of the men was James Ford. Another was tour manager Thomas Gray, 24, who credited '
     'rugby: "I did what anyone would do."', ("I did what anyone would do.", "Thomas Gray")),
    ("short_org_name", speakers_of,
     "Salvik Group A/S bought 301 stores and the head office. With the acquisition Salvik "
     "said it seeks to improve its coverage.",
     ("it seeks to improve its coverage", "Salvik Group")),
    ("coordinated_sources", speaker_names,
     "Doug Miller and Tristan Smith said the ship was lost.",
     ("the ship was lost", "Doug Miller and Tristan Smith")),
    ("first_person_in_quote", mentions, 'Ann Lee said: "I will win."', ("I", "Ann Lee", "pronoun")),
    ("source_antecedent", speakers_of,
     "The talks were led by Ann Lee, who said the deal was close.",
     ("the deal was close", "Ann Lee")),
    ("description", mentions,
     "France's President, Emmanuel Macron, arrived late. The French president then spoke.",
     ("The French president", "Emmanuel Macron", "title")),
    ("appositive_description", titles, "Kellan Vos, a writer, arrived.",
     ("a writer", "Kellan Vos")),
    ("appositive_description", titles, "His father, Tom Park, was a farmer.",
     ("His father", "Tom Park")),
    ("predicate_description", titles, "Kellan Vos is a writer.", ("a writer", "Kellan Vos")),
    ("as_role_description", titles, "Kellan Vos later served as minister of finance.",
     ("minister", "Kellan Vos")),
    ("as_role_description", titles, "Kellan Vos was elected as mayor in 2010.",
     ("mayor", "Kellan Vos")),
    ("of_name_description", titles, "Hikers love the town of Ashbury in spring.",
     ("the town", "Ashbury")),
    ("role_description", titles,
     "France's President, Emmanuel Macron, arrived late. The French president then spoke.",
     ("The French president", "Emmanuel Macron")),
    ("role_description", titles,
     "His father, Tom Park, was a farmer. Later his father moved to Lisbon.",
     ("his father", "Tom Park")),
    ("role_description", titles, "Ann Lee is the CEO of Acme. The CEO said sales rose.",
     ("The CEO", "Ann Lee")),
    ("subordinate_role", titles,
     "Vice President Jane Roe arrived. The president spoke later.", []),
    ("type_description", titles,
     "Acme Corp opened a plant in Ohio. The company hired 300 people.",
     ("The company", "Acme Corp")),
    ("type_description", titles,
     "Tom Park flew to Lisbon. The city was hot.", ("The city", "Lisbon")),
    ("agrees_in_kind", pronouns, "Tom Park said the firm grew. It said profits rose.",
     ("It", None)),
    ("agrees_in_kind", pronouns, "Ann Lee joined Acme Corp. It said talks went well.",
     ("It", "Acme Corp.")),
    ("agrees_in_number", pronouns, "Poland hosted the summit. They said it went well.",
     ("They", None)),
    ("agrees_in_gender", pronouns, "Mrs. Zorba met Kellan Vos. Later he left.",
     ("he", "Kellan Vos")),
    ("not_bound", pronouns, "Tom Park saw Kellan Vos. Vos praised him.", ("him", "Tom Park")),
    ("pronoun_controllers", pronouns,
     "Kellan Vos met Tom Park. Park bandaged the wound and left him at the gate.",
     ("him", "Kellan Vos")),
    ("pronoun_controllers", pronouns,
     "Kellan Vos met Tom Park. Park asked Dora Quill to drive him home.", ("him", "Tom Park")),
    ("pronoun_place_name", pronouns,
     "The fair opened in Sorvik. Sorvik was busy, and she sold bread.", ("she", None)),
    ("pronoun_far_person", pronouns,
     "Ann Lee founded the firm. The firm grew. Profits rose. Sales fell. Then she left.",
     ("she", "Ann Lee")),
    ("pronoun_cataphora", pronouns, "In his speech, Tom Park thanked Ann Lee.",
     ("his", "Tom Park")),
    ("pronoun_noun_competitor", pronouns, "Tom Park hired a teacher. She was happy.",
     ("She", None)),
    ("pleonastic_it", pronouns,
     "Acme Corp said profits rose. It is likely that Acme Corp will grow.", ("It", None)),
    ("salience_subject", pronouns, "Tom Park met Kellan Vos at noon. He was late.",
     ("He", "Tom Park")),
    ("salience_speaker_continues", pronouns,
     "Ann Lee met Kellan Vos. Tom Park said the vote was over. Ann Lee thanked Kellan Vos. "
     "He added that the count was fair.", ("He", "Tom Park")),
    ("salience_organisation_speaks", pronouns,
     "Tom Park joined Acme Corp in May. It said he would lead sales.", ("It", "Acme Corp")),
    ("pronoun_in_quote", about,
     "Angela Merkel met Joe Biden. “He is a good partner,” Merkel said.",
     ("He is a good partner,", ("Joe Biden",))),
    ("target_kind", about, "Ann Lee said the Paris Agreement was signed in 2015.",
     ("the Paris Agreement was signed in 2015", ())),
    ("target_kind", about, "Ann Lee said the Olympic Games were a success.",
     ("the Olympic Games were a success", ())),
    ("thing_name", about, "Ann Lee said the Automatic Identification System was off.",
     ("the Automatic Identification System was off", ())),
    ("thing_name", about, "Ann Lee said the airline flies Boeing 747s and Airbus A300s.",
     ("the airline flies Boeing 747s and Airbus A300s", ())),
    ("state_named", about, "Britain voted. Ann Lee said the UK Government would resign.",
     ("the UK Government would resign", ("United Kingdom",))),
    ("indefinite_name", about, "Ann Lee said she did what any Londoner would do.",
     ("she did what any Londoner would do", ())),
    ("speaker_we", about,
     'Chile mourned. Chile wept. "We will find them," said Defence Secretary Ann Lee.',
     ("We will find them,", ("Chile",))),
    ("speaker_we", about,
     'Ann Lee, the head of the Metro Police Command, said: "We found a notebook."',
     ("We found a notebook.", ("Metro Police Command",))),
    ("speaker_we", about,
     '"In the US we have a problem," Ohio State University professor Tom Park said.',
     ("In the US we have a problem,", ("United States",))),
    ("perpetrator", about,
     "Officials identified the suspect as Tom Park. Police said the suspect surrendered.",
     ("the suspect surrendered", ("Tom Park",))),
    ("perpetrator", about,
     "An Australian, Tom Park, aged 28, appeared in court yesterday, charged with murder. "
     "Police said the accused had two guns.", ("the accused had two guns", ("Tom Park",))),
    ("perpetrator", about,
     "Ann Lee, a convicted murderer, helped. Police said the attacker had a knife.",
     ("the attacker had a knife", ())),
    ("nationality", about,
     "Six Mexican nationals died. Ann Lee said the government would protect Mexicans.",
     ("the government would protect Mexicans", ("Mexicans",))),
    ("nationality", about, "Ann Lee said eight Mexicans died.", ("eight Mexicans died", ())),
    ("thing_name", about, "Ann Lee said the aircraft is a Boeing 737.",
     ("the aircraft is a Boeing 737", ())),
    ("state_description", about,
     "Acme Corp grew. Acme Corp hired staff. Ann Lee said the U.S. government would help.",
     ("the U.S. government would help", ("United States",))),
    ("unnamed_state_actor", about,
     "Chile mourned. Chile wept. Ann Lee said federal authorities were investigating the "
     "fire.", ("federal authorities were investigating the fire", ("Chile",))),
    ("unnamed_state_actor", about,
     "Chile mourned. Chile wept. Ann Lee said civil authorities were slow.",
     ("civil authorities were slow", ())),
    ("thing_name", about, "Ann Lee said MV Ocean Star had vanished.",
     ("MV Ocean Star had vanished", ())),
    ("speaker_we", about,
     "Chile mourned. Chile wept. The march was organised by Velling Samaj (All Ohio Farmers "
     'Union) president Tom Park. "We will march," Park said.',
     ("We will march,", ("Velling Samaj",))),
    ("indefinite_name", about, "Ann Lee said a Jorgensen administration would cut taxes.",
     ("a Jorgensen administration would cut taxes", ("Jorgensen",))),
    ("place_in_title", about, "Ann Lee said US Vice President Mike Pence would resign.",
     ("US Vice President Mike Pence would resign", ("Mike Pence",))),
    ("nationality", about, "Ann Lee said Polish farmers would protest.",
     ("Polish farmers would protest", ())),
    ("nationality", about, "Mexico is angry. Ann Lee said the Mexican government would protest.",
     ("the Mexican government would protest", ("Mexico",))),
    ("acronym", mentions,
     "The National Farmers Union (NFU) met. The NFU said prices fell.",
     ("NFU", "National Farmers Union", "alias")),
    ("acronym_first_letter", mentions,
     "The Zorbian Police Agency (ZNP) said the road was closed. The ZNP said it reopened.",
     ("ZNP", "Zorbian Police Agency", "alias")),
    ("name_variant", mentions, "Ann Lee flew to the U.S. on Monday.",
     ("U.S.", "United States", "alias")),
    ("accent_variant", mentions, "José Mourinho spoke. Jose Mourinho left.",
     ("Jose Mourinho", "José Mourinho", "alias")),
    ("rank_title", mentions, "Chief Superintendent Graciano Mijares said the toll rose.",
     ("Graciano Mijares", "Graciano Mijares", "ner")),
    ("person_cut_short", mentions,
     "Chief Superintendent Graciano Mijares said the toll rose.",
     ("Graciano Mijares", "Graciano Mijares", "ner")),
    ("person_of_tail", mentions_if_ner_took_5, "Mary Chen of Acme Corp said sales rose.",
     ("Mary Chen", "Mary Chen", "ner")),
    ("not_a_name", mentions, "The flight left at 14:20 UTC on Monday.", None),
    ("predicate_of_pronoun", titles, "Ann Lee arrived in May. She is a famous writer.",
     ("a famous writer", "Ann Lee")),
    ("split_name", mentions_if_ner_took_5, "Ann Lee & Bo Park said it.",
     ("Bo Park", "Bo Park", "ner")),
    ("split_name", mentions_if_ner_took_5, "Ann Lee\n\nBo Park spoke.",
     ("Ann Lee", "Ann Lee", "ner")),
    ("cut_name", mentions_if_ner_cut, "Ann Lee spoke first. Then Ann Lee left.",
     ("Ann Lee", "Ann Lee")),
    ("nested_name", mentions, "Ann Lee flew to the US in May. She met US Navy officers.",
     ("US", "United States", "nested")),
    ("first_name_not_a_place", mentions, "Kellan Hotel opened in May. Kellan is a small town.",
     ("Kellan", "Kellan", "ner")),
    ("trailing_function_word", mentions_if_ner_took_5, "Ann Lee Park Jones in Lisbon.",
     ("Ann Lee Park Jones", "Ann Lee Park Jones", "ner")),
    ("trailing_function_word", mentions_if_ner_took_5, "Ann Lee Park Jones or Bo said no.",
     ("Ann Lee Park Jones", "Ann Lee Park Jones", "ner")),
    ("there", titles, "Ann Lee moved to Denver in 1990 and lived there for years.",
     ("there", "Denver")),
    ("title_of_place", mentions, "Tom Park was crowned the King of Sparta in 1200. He left "
     "Sparta later.", ("Sparta", "Sparta", "ner")),
    ("type_description_holder", titles, "Ann Lee joined the Church of Zorbex in 2001. "
     + _FILLER + " The church denied it.", ("The church", "Church of Zorbex")),
    ("type_description_topic", titles, "Ann Lee lives in Denver. Denver has a castle. She "
     "loves Denver. " + _FILLER + " The city is quiet.", ("The city", "Denver")),
    ("untagged_alias", mentions, "Ann Lee lives in Tarnow. Tarnow has a castle. She likes Tarnow.",
     ("Tarnow", "Tarnow", "alias")),
    ("interview_person", mentions,
     "Our reporter interviewed the painter Ann Lee.\n\nWhy do you paint?\n\nI love it."
     "\n\nWhat next?\n\nMy new show opens soon.", ("My", "Ann Lee", "pronoun")),
    ("interview_person", mentions,
     "Our reporter interviewed the painter Ann Lee.\n\nWhy do you paint?\n\nI love it."
     "\n\nWhat next?\n\nMy new show opens soon.", ("you", "Ann Lee", "pronoun")),
    ("self_introduction", mentions,
     "Good morning. My name is Ann Lee. I am here for the plaintiffs.",
     ("I", "Ann Lee", "pronoun")),
    ("nested_name", mentions, "Tom Park studied at the University of Lisbon. He loved Lisbon.",
     ("Lisbon", "Lisbon", "nested")),
    ("nested_name", about,
     "Tom Park loved Lisbon. He said the University of Lisbon was the best.",
     ("the University of Lisbon was the best", ("University of Lisbon",))),
    ("platform_not_person", labels,
     "She posted the video on Twitter. It spread on Twitter within hours.",
     ("Twitter", "ORG")),
    ("person_by_use", labels, "Osterman retired in 2010. Osterman's husband was a coach.",
     ("Osterman", "PERSON")),
    ("person_by_use", labels, "Mr. Park said Vasquez laughed.", ("Vasquez", "PERSON")),
    ("person_by_use", labels, "Vasquez's funeral was held in May.", ("Vasquez", "PERSON")),
    ("definite_name_not_person", labels,
     "The Kremlin said he would wait. He told reporters his son was ill.", ("Kremlin", "ORG")),
    ("definite_name_not_person", labels,
     "He said his brother was ill. The Pentagon said it would wait, and he agreed.",
     ("Pentagon", "ORG")),
    ("subject_in_text_about_people", labels,
     "Hedberg recorded 856 points. He retired in 1985, and his son played too.",
     ("Hedberg", "PERSON")),
    ("untagged_name", mentions, "The band played. Heather heard the news and she left.",
     ("Heather", "Heather", "ner")),
    ("untagged_name", pronouns, "The band played. Heather heard the news and she left.",
     [("she", "Heather")]),
    ("is_a_clause", claims, "She emphasised his readiness.", None),
    ("narrative_last_paragraph", claims,
     "██ Red Party - 365 seats\n\n██ Blue Party - 203 seats\n\n██ Green Party - 48 seats"
     "\n\nTurnout was 67 percent in 2019.",
     [("narrative", "Turnout was 67 percent in 2019.", "(article)")]),
    ("does_not_open_with_a_cue", claims_starting_with_said,
     "Witnesses, according to The Herald, said a man attacked a group of 12 people.", []),
    ("has_assertive_cue", claims, "The mayor urged that residents stay indoors.", None),
    ("is_not_a_question", claims, "He explained why the bridge had closed.", None),
    ("names_a_source", claims, "I think the plan works.", None),
    ("unrealised_infinitive", claims, "People need to understand that the plan works.", None),
    ("is_not_an_expectation_of_others", claims, "The coach expects them to win the title.",
     None),
    # topic and "as" reports of cite / hail / mention / talk / speak (lexicon report_objects)
    ("as_predicate", attributions, "The report cites the 2010 flood as a warning.",
     [("indirect", "the 2010 flood as a warning", "The report")]),
    ("as_predicate", attributions, "Critics hailed the law as a breakthrough.",
     [("indirect", "the law as a breakthrough", "Critics")]),
    ("about_of", attributions, "The senator talked about the budget deficit.",
     [("indirect", "the budget deficit", "The senator")]),
    ("about_of", attributions, "He spoke of a new era for the city.",
     [("indirect", "a new era for the city", "He")]),
    ("object", attributions, "She mentioned the budget deficit twice.",
     [("indirect", "the budget deficit", "She")]),
    ("complementizer_kept", attributions, "The senator says that “we must do better.”",
     [("direct", "that “we must do better.”", "The senator")]),
    ("complementizer_kept", attributions, "The senator says “we must do better.”",
     [("direct", "we must do better.", "The senator")]),
    ("dash_appends_noun_phrase", attributions,
     "She said the plan would cut the costs of care — at least in the long run.",
     [("indirect", "the plan would cut the costs of care — at least in the long run", "She")]),
    ("dash_appends_noun_phrase", attributions,
     "He said spending had reached $2 million — a record for the county.",
     [("indirect", "spending had reached $2 million", "He")]),
    ("dash_appends_noun_phrase", attributions,
     "She said the new rule would cut the costs of care — except that prices rose.",
     [("indirect", "the new rule would cut the costs of care", "She")]),
    ("source_by", attributions, "By some accounts, the talks failed.",
     [("indirect", "the talks failed", "some accounts")]),
    ("source_by", attributions, "By law, the mayor must resign.", None),
    ("reporter_of_figures", attributions,
     "Per figures reported by the agency, 400 people were displaced.",
     [("indirect", "400 people were displaced", "the agency")]),
    ("reported_figures", classes, "Per figures reported by the agency, 400 people were displaced.",
     [("Per", "speech", "400 people were displaced")]),
    ("reported_figures", classes, "Per figures from the census, 400 people moved.",
     [("Per", "finding", "400 people moved")]),
    # passive reports: the subject and the predicate, the agent as the source
    ("passive_report", attributions, "The mayor was described by aides as exhausted.",
     [("indirect", "The mayor", "aides"), ("indirect", "as exhausted", "aides")]),
    ("passive_report", attributions, "Her condition was reported to be stable.",
     [("indirect", "Her condition", None), ("indirect", "to be stable", None)]),
    ("passive_report", attributions,
     "The driver was identified as Tom Park by a police spokesman.",
     [("indirect", "The driver", "a police spokesman"),
      ("indirect", "as Tom Park", "a police spokesman")]),
    ("passive_report", attributions, "The plan was expected to fail.", None),
    ("misattached_agent", attributions,
     "The outbreak was declared to be an “emergency” by the agency.",
     [("indirect", "The outbreak", "the agency"),
      ("mixed", "to be an “emergency”", "the agency")]),
    ("infinitive_after_object", attributions,
     "The memo instructs managers to notify the board of any losses.",
     [("indirect", "managers to notify the board of any losses", "The memo")]),
    ("relative_antecedent", about,
     "Ann Lee, who was described by police as “reckless”, was fined.",
     ("who", ("Ann Lee",))),
    ("is_not_a_decision", claims, "Norway agreed to move its consulate from Bergen to Oslo.",
     None),
    ("is_not_a_decision", claims, "The club planned to sell 3,000 tickets in May.", None),
    ("caption", claims, "A volunteer hangs a sign at the fair in Tyler (April 2019) Image: Ann "
     "Lee.\n\nThe fair drew 4,000 visitors in 2019.",
     [("narrative", "The fair drew 4,000 visitors in 2019.", "(article)")]),
    ("is_not_a_bare_attribution", claims,
     "The clinic treated 25 people in May, the Daily Courier reported the mayor said.",
     [("reported", "The clinic treated 25 people in May", "Daily Courier")]),
    ("is_a_statement", claims, 'Ann Lee said, "Imagine that the whole town floods in 2030."',
     None),
    ("is_a_statement", claims, 'Tom Park said: "Making it a preview of what was to come in '
     '2019."', None),
    ("is_a_statement", claims, 'Ann Lee said: "We lost 3 in 2020.\n\n██ Hare: 3\n\n██ Fox: 1"',
     [("quote", "We lost 3 in 2020.", "Ann Lee")]),
    ("is_in_english", claims, 'Ann Lee said, "We got two cards: हमारे पास तीन कार्ड हैं और '
     '2019 से बैंक खाता भी है।"', None),
    ("is_not_interviewer_talk", claims,
     "Our reporter interviewed the painter Tom Park.\n\n((WN)) In 2016, the party won 6,777 "
     "votes in Ohio. How many will you win?\n\n((Tom Park)) We won 12 seats in Ohio in 2018."
     "\n\n((WN)) Why Ohio?\n\n((Tom Park)) It is home.\n\n((WN)) These were all the "
     "questions I had for you, Tom.",
     [("quote", "In 2016, the party won 6,777 votes in Ohio.", "WN"),
      ("quote", "We won 12 seats in Ohio in 2018.", "Tom Park")]),
    ("is_not_a_request", claims, 'Ann Lee said: "I urge Norway to open 12 schools."', None),
    ("is_not_a_request", claims, 'Ann Lee said: "I\'m hoping that in 2021 the mine will shut '
     'down."', None),
    ("is_not_a_request", claims, 'Ann Lee wrote: "We count on Norway to act with restraint '
     'in 2019."', None),
    ("quote_sentence_runs_on", claims,
     'Coach Tom Reed said: "They beat [reigning premiers] Springfield and they beat '
     'Ogdenville in 2019."',
     [("quote", "They beat [reigning premiers] Springfield and they beat Ogdenville in 2019.",
       "Tom Reed")]),
    ("nested_finding", claims, 'Ann Lee claimed the flood shows the town is a "failed state."',
     [("reported", 'the flood shows the town is a "failed state', "Ann Lee")]),
    ("interrupted_clause", claims, "The plan, the mayor said on Monday, would cost $4 million.",
     [("reported", "The plan, the mayor said on Monday, would cost $4 million", "the mayor")]),
    ("interrupted_clause", claims,
     'Six of the bridges were, according to the city report, "beyond repair" in 2019.',
     [("reported", 'Six of the bridges were, according to the city report, "beyond repair" in '
       "2019", "the city report")]),
]


def _holds(view, nlp, sentence, item) -> bool:
    found = view(nlp, sentence)
    if item is None:
        return not found
    if isinstance(item, list):
        return found == item
    return item in found


@pytest.mark.parametrize(("rule", "view", "sentence", "item"), TABLE,
                         ids=[f"{row[0]}-{k}" for k, row in enumerate(TABLE)])
def test_rule_table(nlp, rule, view, sentence, item):
    assert _holds(view, nlp, sentence, item), f"{rule}: {item} vs {view(nlp, sentence)}"


@pytest.mark.parametrize("rule", sorted(SWITCHES))
def test_removing_a_rule_breaks_its_rows(nlp, rule):
    rows = [row for row in TABLE if row[0] == rule]
    assert rows, f"no row pins {rule}"
    with SWITCHES[rule]():
        broken = [row for row in rows if not _holds(row[1], nlp, row[2], row[3])]
    assert broken, f"switching {rule} off changes none of its rows: they don't test it"


def test_every_listed_rule_has_a_switch():
    listed = {r.__name__ for r in speakers.SUBJECT_RULES + speakers.SPEAKER_RULES
              + speakers.SPEAKER_REFINEMENTS + direct.DIRECT_STRATEGIES
              + indirect.CONTENT_RULES + indirect.BOUNDARY_RULES + senses.CUE_VETOES
              + senses.CLASS_RULES + claim_filters.REPORTED_FILTERS
              + claim_filters.QUOTE_FILTERS}
    listed |= set(indirect.OBJECT_PATTERNS)
    listed |= {r.__name__ for r in descriptions_module.DESCRIPTION_RULES
               + pronouns_module.AGREEMENT_RULES}
    # Fallbacks for parses en_core_web_sm rarely produces; kept for other pipelines.
    unpinned = {"grammatical_subject", "name_before_noun_cue", "cue_verb_without_source"}
    assert listed - unpinned <= set(SWITCHES), sorted(listed - unpinned - set(SWITCHES))


def test_object_patterns_in_the_lexicon_exist():
    from toolkit import lexicons

    named = {p for patterns in lexicons.table("report_objects").values() for p in patterns}
    assert named <= set(indirect.OBJECT_PATTERNS), sorted(named - set(indirect.OBJECT_PATTERNS))


# --------------------------------------------------------------------------- issue 12 tables

# Each false-positive class of issue 12: sentences of our own that hold a cue word but
# no quote a reader would call one. (class, sentence, text no speech quote may hold;
# "" = no speech quote at all.)
NOT_QUOTES = [
    ("infinitive of another verb", "Tom Park declined to say where he had been.", ""),
    ("purpose infinitive", "Scientists work to predict likely wave conditions.", ""),
    ("purpose infinitive", "The team used the model to determine whether the dam would hold.",
     ""),
    ("purpose infinitive", "There is no reason to think that the results do not apply.", ""),
    ("purpose infinitive", "Engineers tried to estimate how much water the dam holds.", ""),
    ("clause before the cue", "Rain fell all day; the mayor said the roads were closed.",
     "Rain fell"),
    ("clause before the cue",
     "The river rose overnight. Residents left; officials said the dam would hold.",
     "Residents left"),
    ("clause before the cue",
     "On June 12, minutes before the vote, the senator claimed the papers were secret.",
     "On June 12"),
    ("clause before the cue",
     "On Monday, minutes before the committee voted, the mayor claimed the files were lost.",
     "before the committee"),
    ("caption", "—Ann Lee calling for a halt to the rescue work", ""),
    ("caption", "\n—The mayor, announcing the closure of the bridge\n", ""),
    ("negated speech", "The mayor did not say whether the bridge would reopen.", ""),
    ("negated speech", "Officials never claimed that the dam was safe.", ""),
    ("negated speech", "Nobody said the plan had failed.", ""),
    ("non-speech sense", "The data suggest that the virus is spreading.", ""),
    ("non-speech sense", "Polls indicate that the mayor will win.", ""),
    ("non-speech sense", "That implies the plan would fail.", ""),
    ("naming, not quoting", "The flu of that year was commonly called “swine flu.”", ""),
    ("naming, not quoting", "The team ran a study called “Safe Streets” last year.", ""),
    ("naming, not quoting",
     "The charity had been running a course about prison reform at Miller's Hall called "
     "“Fresh Start”.", ""),
    ("naming, not quoting",
     "The college had been hosting a class about criminal justice at Baker's Hall called "
     "“New Roads”.", ""),
    ("an act, not a statement", "The decree will mandate reporting abuse to bishops.", ""),
    ("an act, not a statement", "The two retailers announced their agreement on Monday.", ""),
    ("an act, not a statement", "Both parties claimed victory in the vote.", ""),
    ("clause before the cue", "They said he would resign, however the board has since said "
     "no.", "They said"),
    ("embedded question", "Nobody knows what he will do next.", ""),
    ("passive without a report", "The plan was expected to fail.", ""),
    ("passive without a report", "The bridge was described in the annual survey.", ""),
    ("passive without a report", "The striker was sold to a club in Spain.", ""),
    ("cite without an 'as'", "The firm cut jobs, citing weak demand.", ""),
    ("hail, not speech", "She hailed a taxi outside the station.", ""),
    ("spoke to someone", "The team spoke to reporters after the game.", ""),
    ("by, not a source", "By train, the trip takes two hours.", ""),
    ("by, not a source", "By law, the mayor must resign.", ""),
    ("a conjunction alone", "But, according to the ministry, the toll rose to twelve.", "But"),
]


def _speech_contents(nlp, text):
    _, _, atts, _, _ = _analyse(nlp, text)
    return [text[a.content_start:a.content_end] for a in atts if a.cue_class == "speech"]


@pytest.mark.parametrize(("kind", "sentence", "forbidden"), NOT_QUOTES,
                         ids=[f"{row[0]}-{k}" for k, row in enumerate(NOT_QUOTES)])
def test_not_a_quote(nlp, kind, sentence, forbidden):
    found = _speech_contents(nlp, sentence)
    if forbidden:
        assert not any(forbidden in c for c in found), f"{kind}: {found}"
    else:
        assert not found, f"{kind}: {found}"


# Each boundary rule of issue 12: (rule, sentence, the contents of the attributions).
BOUNDARIES = [
    ("whole complement, coordinated",
     "The agency said the name had to be easy to say and, to prevent stigma, it must not "
     "cite any specific person.",
     ["the name had to be easy to say and, to prevent stigma, it must not cite any specific "
      "person"]),
    ("whole complement, coordinated verbs",
     "Police reported the attacker left the hall and continued to attack others.",
     ["the attacker left the hall and continued to attack others"]),
    ("whole complement, not a verb of saying",
     "Yin May, a doctor, said she was elated but still feared the army.",
     ["she was elated but still feared the army"]),
    ("whole complement, inner relative kept",
     "The committee said they believe gas, which leaks often, was the trigger for the blast.",
     ["they believe gas, which leaks often, was the trigger for the blast",
      "gas, which leaks often, was the trigger for the blast"]),
    ("writer's addition excluded", "Police said the man fled on foot, which surprised nobody.",
     ["the man fled on foot"]),
    ("writer's addition excluded", "She said the plan would work, despite the protests.",
     ["the plan would work"]),
    ("writer's addition excluded",
     "The firm said sales rose, citing strong demand in the spring.", ["sales rose"]),
    ("never before the cue's clause", "Rain fell all day; the mayor said the roads were closed.",
     ["the roads were closed"]),
    ("fronted content set off by a comma", "The plan will fail, the mayor said.",
     ["The plan will fail"]),
    ("parenthetical without the attribution", "The plant, he said, will close next year.",
     ["The plant", "will close next year"]),
    ("according to, interrupting", "The toll, according to the ministry, rose to twelve.",
     ["The toll", "rose to twelve"]),
    ("according to, not another conjunct",
     "The storm killed 20 people, according to officials on Thursday, and left thousands "
     "stranded.", ["The storm killed 20 people"]),
    ("according to, its own clause",
     "Although turnout fell, the party won, according to the official count.",
     ["the party won"]),
    ("mixed quote ends after its closing mark",
     "Ann Lee said the plan was “dead. It will not return.”",
     ["the plan was “dead. It will not return.”"]),
    ("mixed quote keeps its subject", "Ann Lee said Bob “would have no chance to win.”",
     ["Bob “would have no chance to win.”"]),
    ("mixed quote keeps its opening mark",
     "“Boots on the ground” would be appropriate, Ann Lee said.",
     ["“Boots on the ground” would be appropriate"]),
    ("a colon opens a quote of its own", "She said she was too busy: “I have a lot going on.”",
     ["she was too busy", "I have a lot going on."]),
    ("the speaker's next statement", "The mayor said the bridge was closed and urged drivers "
     "to stay home.", ["the bridge was closed", "drivers to stay home"]),
    ("writer's concession excluded",
     "Police said the man wore a vest, though it later proved to be a fake.",
     ["the man wore a vest"]),
    ("writer's concession excluded",
     "The governor insisted that the vote was rigged even though fraud is very rare.",
     ["that the vote was rigged"]),
    ("the speaker's quoted concession kept",
     "The minister said the change helped, “though it is still too narrow.”",
     ["the change helped, “though it is still too narrow.”"]),
    ("another source's report", "Forty percent say the plan is unfair, while 31 percent call "
     "it “a good start.”", ["the plan is unfair", "it “a good start.”"]),
    ("the whole complement, its subject taken for an object",
     "The coach has repeatedly maintained a rebuild is what the club is already doing.",
     ["a rebuild is what the club is already doing"]),
]


@pytest.mark.parametrize(("rule", "sentence", "contents"), BOUNDARIES,
                         ids=[f"{row[0]}-{k}" for k, row in enumerate(BOUNDARIES)])
def test_content_boundary(nlp, rule, sentence, contents):
    found = [c for _, c, _ in attributions(nlp, sentence)]
    assert found == contents, f"{rule}: {found}"


def test_interview_turns_are_their_speakers_quotes(nlp):
    text = ("Biologist Ann Lee studies penguins.\n\n((WN)) Why penguins?\n\n"
            "((Ann Lee)) I love birds. I said so in 2019.\n\n((WN)) What next?\n\n"
            "AL: More fieldwork in Chile.")
    doc, ents, atts, quotes, _ = _analyse(nlp, text)
    turns = [(text[q.content_start:q.content_end], ents.name_of(q.speaker_cluster),
              q.strategy) for q in quotes]
    assert turns == [("Why penguins?", None, "interviewer_turn"),
                     ("I love birds. I said so in 2019.", "Ann Lee", "interview_turn"),
                     ("What next?", None, "interviewer_turn"),
                     ("More fieldwork in Chile.", "Ann Lee", "interview_turn")]
    assert not any(m.text in {"WN", "AL"} for m in ents.mentions)  # a marker is no entity


@pytest.mark.parametrize("text", [
    # two interviewees: whose "I" is unknown
    "Our reporter interviewed Ann Lee and Tom Park.\n\nWhy do you paint?\n\nI love it."
    "\n\nWhat next?\n\nMy new show opens soon.",
    # no questions: an article, not an interview
    "Our reporter interviewed the painter Ann Lee. She said: I love it.",
    # not an introduction: negated, or after the speaker's first "I"
    "I'm not Ann Lee, I said.\n\nBo Park left.",
    "I told him: my name is Ann Lee.",
    # the person is the topic, not the interviewee
    "Our reporter interviewed a gallery owner on the Ann Lee affair.\n\nWhy do you care?"
    "\n\nI love art.\n\nWhat next?\n\nMy new show opens soon.",
])
def test_first_person_needs_one_known_speaker(nlp, text):
    firsts = [m for m in mentions(nlp, text) if m[0] in {"I", "My", "you"}]
    assert firsts == []


def test_there_is_names_no_place(nlp):
    assert titles(nlp, "There is a problem in Denver. There are many cars.") == []
