"""Tests for toolkit.distributed: a Dask LocalCluster run gives the local frames."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import toolkit as tk
from toolkit.analysis import Analysis
from toolkit.distributed import _remote_error, map_results, partition

TEXTS = [
    '"We will not raise taxes," said Maria Lopez, the finance minister of Spain. '
    "Lopez added that the budget was balanced. She said the opposition was wrong.",
    'Opposition leader Tom Hardy said the plan "will hurt families". Hardy told '
    'reporters: "Maria Lopez is hiding the real numbers." He did not give details.',
    "The storm reached the coast on Tuesday. Officials in Lisbon said three roads were "
    'closed. "We are ready for the worst," said Ana Costa, the mayor of Lisbon.',
    "",
    'Microsoft said its profits rose. "Cloud demand is strong," said chief executive '
    "Satya Nadella. Analysts said the results beat expectations.",
    '"It is a good day for Spain," Maria Lopez said. Tom Hardy disagreed.',
]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    frame = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(TEXTS))], "text": TEXTS,
                          "title": [f"Title {i}" for i in range(len(TEXTS))]})
    return tk.load_articles(frame)


@pytest.fixture(scope="module")
def local(articles: pd.DataFrame) -> Analysis:
    return tk.analyze(articles)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def assert_same(left: Analysis, right: Analysis) -> None:
    for name in Analysis.FRAMES:
        assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)


def test_client_run_equals_local_run(client, articles, local):
    # batch_size=2: several tasks, spread over both workers.
    remote = tk.analyze(articles, client=client, batch_size=2)
    assert_same(local, remote)
    assert len(local.quotes) > 0 and len(local.mentions) > 0
    assert set(remote.timings) >= {"entities", "quotes", "claims", "framing"}


def test_language_object_is_shipped_as_bytes(client, articles, local):
    import spacy

    from toolkit.nlp import available_model

    nlp = spacy.load(available_model())  # not the memoised one: sent as config + bytes
    remote = tk.analyze(articles, client=client, nlp=nlp, batch_size=3)
    assert_same(local, remote)


def test_a_dask_dataframe_is_analysed_on_the_client(client, articles, local):
    dd = pytest.importorskip("dask.dataframe")

    ddf = dd.from_pandas(articles, npartitions=2)
    assert_same(local, tk.analyze(ddf, client=client))


def test_a_dask_dataframe_without_a_client_is_analysed_locally(articles, local):
    dd = pytest.importorskip("dask.dataframe")

    ddf = dd.from_pandas(articles, npartitions=3)
    assert_same(local, tk.analyze(ddf))


def test_results_arrive_in_row_order(client, articles):
    rows = [{"article_id": a, "text": t, "title": None, "byline": None, "source": None}
            for a, t in zip(articles["article_id"], articles["text"], strict=True)]
    out = list(map_results(client, rows, batch_size=1, rows_per_task=1, max_in_flight=2))
    assert [o.article_id for o in out] == list(articles["article_id"])


def test_client_cache_is_written_by_the_client(client, articles, local, tmp_path):
    first = tk.analyze(articles, client=client, cache=tmp_path)
    assert list(tmp_path.rglob("*.json"))
    again = tk.analyze(articles, client=client, cache=tmp_path)
    assert_same(local, first)
    assert_same(local, again)


def test_remote_errors_keep_class_name_and_message():
    exc = _remote_error("ValueError", "bad input")
    assert type(exc).__name__ == "ValueError" and str(exc) == "bad input"
    assert partition([1, 2, 3], 2) == [[1, 2], [3]]


def test_two_local_processes_equal_one(articles, local):
    # n_process > 1 runs parse and extraction in worker processes (no Dask needed).
    assert_same(local, tk.analyze(articles, n_process=2, batch_size=2))
