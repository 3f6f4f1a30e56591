"""The one resolver: which entity does this mention, pronoun or description refer to?

Every stage asks here: the entities stage for descriptions and pronouns, the quotes
stage for speakers, targets and pronouns inside quotation marks, the claims stage for
claimants and targets. Each rule is a small named function; its words come from
:mod:`toolkit.lexicons`.

Rules
-----
``mention``  (:meth:`EntityIndex.at`)
    A span is the entity of the mention that overlaps it most, a person before a
    place or organisation inside the same phrase ("United States President Donald
    Trump" is Trump).
``source``  (:func:`resolve_source`, :mod:`toolkit.resolve.sources`)
    The source of an attribution (a speaker or claimant phrase): the mention of its
    head (through a relative pronoun's antecedent: "Putin, who said"), an appositive
    name, a document's author, an organisation or country whose unnamed member
    speaks; coordinated sources each. First-person pronouns name nobody outside a
    quote.
``description``  (:func:`description_mentions`)
    A noun phrase without a name resolves by the first of ``DESCRIPTION_RULES`` that
    answers: the name it stands beside ("Ann Lee, a writer"), the subject it is
    predicated of ("Ann Lee is a writer"), the person introduced in a compatible role
    ("the Russian leader" -> "Russia's President, Vladimir Putin"; "Vice President
    Jane Roe" is not "the president"), or the latest organisation or place of a
    compatible kind ("the company", "the city").
``pronoun``  (:class:`PronounResolver`)
    he/she, it and they (and their forms) -> the most salient candidate that agrees in
    number, gender as the text shows it, person vs. thing, and binding
    (``AGREEMENT_RULES``); salience is a weighted sum of features (recency, subject
    over object, parallel roles, frequency, the last speaker, quotation context) with
    weights from the ``pronoun_salience`` lexicon. Noun phrases that name no entity
    compete, so "Acme hired a teacher. She ..." stays unresolved. ``exclude`` keeps a
    cluster out (the speaker, for a pronoun inside their own quote).
``about``  (:func:`about_clusters`, :mod:`toolkit.resolve.targets`)
    The clusters mentioned in a span, other than the excluded ones; a name nested in
    a longer mention is part of it; a nationality folds into the article's country
    of that nationality ("Ukrainian" -> Ukraine).

The rules live in one module each: :mod:`~toolkit.resolve.mentions` (mention,
source, about), :mod:`~toolkit.resolve.descriptions`, :mod:`~toolkit.resolve.pronouns`;
:mod:`~toolkit.resolve.features` reads the word features they check.

Examples
--------
>>> from toolkit.nlp import load_pipeline
>>> from toolkit.entities import extract_entities
>>> doc = load_pipeline()("Ann Lee met Tom Park. She said he was late.")
>>> ents = extract_entities(doc)
>>> index = EntityIndex(ents)
>>> ents.name_of(index.at(21, 24))
'Ann Lee'
"""

from __future__ import annotations

from toolkit.resolve.descriptions import description_mentions, role_fit, role_words
from toolkit.resolve.features import (
    first_person,
    gendered_pronouns,
    is_unresolved_source,
    person_nouns,
    pronoun_features,
    third_person_pronouns,
)
from toolkit.resolve.mentions import EntityIndex, nationality_to_place
from toolkit.resolve.pronouns import PRONOUN_WINDOW, PronounResolver, sentence_of_tokens
from toolkit.resolve.sources import (
    SOURCE_RULES,
    Source,
    SourceContext,
    affiliation,
    phrase_as_written,
    resolve_source,
)
from toolkit.resolve.targets import about_clusters

__all__ = [
    "PRONOUN_WINDOW",
    "EntityIndex",
    "PronounResolver",
    "SOURCE_RULES",
    "Source",
    "SourceContext",
    "about_clusters",
    "affiliation",
    "description_mentions",
    "first_person",
    "gendered_pronouns",
    "is_unresolved_source",
    "nationality_to_place",
    "person_nouns",
    "phrase_as_written",
    "pronoun_features",
    "resolve_source",
    "role_fit",
    "role_words",
    "sentence_of_tokens",
    "third_person_pronouns",
]
