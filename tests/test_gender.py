"""Gender as the text gives it: ``entities.gender`` and ``gender_source``."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.entities import extract_entities
from toolkit.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _cluster(nlp, text, name):
    ents = extract_entities(nlp(text))
    return next(c for c in ents.clusters if c.name == name)


@pytest.mark.parametrize(("text", "name", "gender", "source"), [
    ("Mrs. Zorba arrived late.", "Zorba", "female", "text"),  # a gendered title
    ("The spokeswoman, Kellan Vos, arrived late.", "Kellan Vos", "female", "text"),
    ("Kellan Vos arrived late. She apologised.", "Kellan Vos", "female", "text"),  # pronouns
    ("Angela Moss arrived late.", "Angela Moss", "female", "name"),  # first name only
    ("Angela Moss arrived late. He apologised.", "Angela Moss", "male", "text"),  # text wins
    ("Kellan Vos arrived late.", "Kellan Vos", "unknown", None),
])
def test_cluster_gender_and_source(nlp, text, name, gender, source):
    cluster = _cluster(nlp, text, name)
    assert (cluster.gender, cluster.gender_source) == (gender, source)


def test_entities_frame_votes_across_articles():
    articles = pd.DataFrame({
        "article_id": ["a", "b", "c"],
        "text": ["Kellan Vos arrived. She spoke briefly.",
                 "Kellan Vos left early. She was tired.",
                 "Kellan Vos was late. The crowd waited."],
    })
    entities = tk.analyze(articles).entities.set_index("name")
    assert entities.loc["Kellan Vos", "gender"] == "female"
    assert entities.loc["Kellan Vos", "gender_source"] == "text"


def test_entities_frame_gender_is_missing_for_non_persons():
    articles = pd.DataFrame({"article_id": ["a"],
                             "text": ["Acme Corp opened a plant in Ohio. It hired Ann Lee."]})
    entities = tk.analyze(articles).entities.set_index("name")
    assert pd.isna(entities.loc["Ohio", "gender"])
    assert pd.isna(entities.loc["Ohio", "gender_source"])
    assert str(entities["gender"].dtype) == "string"
