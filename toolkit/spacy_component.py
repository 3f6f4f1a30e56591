"""The quote extractor as a spaCy pipeline component, for users who build their own
pipelines.

Importing this module registers the factory ``"toolkit_quotes"`` and the ``Doc``
extensions ``doc._.quotes`` (a list of :class:`toolkit.quotes.Quote`) and
``doc._.article_entities`` (the :class:`toolkit.entities.ArticleEntities` the quotes
were resolved against). Add the component after the parser and the NER.

Examples
--------
>>> import toolkit.spacy_component  # registers the factory
>>> import spacy
>>> from toolkit.nlp import available_model
>>> nlp = spacy.load(available_model())
>>> _ = nlp.add_pipe("toolkit_quotes", last=True)
>>> doc = nlp("“We will rebuild the bridge,” Anna Berg said.")
>>> [(doc.text[q.content_start:q.content_end], q.speaker_text) for q in doc._.quotes]
[('We will rebuild the bridge,', 'Anna Berg')]
>>> doc._.article_entities.name_of(doc._.quotes[0].speaker_cluster)
'Anna Berg'
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from toolkit.entities import extract_entities
from toolkit.quotes import extract_quotes

FACTORY_NAME = "toolkit_quotes"

for _name in ("quotes", "article_entities"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class QuotesComponent:
    """Sets ``doc._.article_entities`` and ``doc._.quotes`` on every Doc.

    The component needs a dependency parse and named entities: put it after
    ``parser`` and ``ner``. Extraction never raises on odd text; a Doc without a
    parse gets an empty list.
    """

    def __init__(self, name: str = FACTORY_NAME):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            doc._.article_entities = None
            doc._.quotes = []
            return doc
        entities = extract_entities(doc)
        doc._.article_entities = entities
        doc._.quotes = extract_quotes(doc, entities)
        return doc


@Language.factory(FACTORY_NAME, requires=["token.dep", "doc.ents"],
                  assigns=["doc._.quotes", "doc._.article_entities"])
def make_quotes_component(nlp: Language, name: str) -> QuotesComponent:
    """spaCy factory: ``nlp.add_pipe("toolkit_quotes")``."""
    return QuotesComponent(name)
