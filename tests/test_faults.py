"""Faults in parallel runs (issue 15): a worker killed mid-run - a local worker process
or a Dask worker - ends with the frames of an undisturbed run (the lost articles are
run again), and an article that kills every worker it runs on is an ``errors`` row,
never silently missing.

The kill is real: a pipeline component (tests/fault_injection.py) sends SIGKILL to its
own process when it parses a marked text, as the out-of-memory killer would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import toolkit as tk
from toolkit.analysis import Analysis
from toolkit.nlp import available_model

if str(Path(__file__).parent) not in sys.path:  # so Dask workers can import the helper
    sys.path.insert(0, str(Path(__file__).parent))
import fault_injection  # noqa: E402

MARKER = "Quillfeather"
TEXTS = [
    '"We will not raise taxes," said Maria Lopez, the finance minister of Spain.',
    'Opposition leader Tom Hardy said the plan "will hurt families". He gave no details.',
    f'"The bridge is unsafe," said {MARKER} Jones, the city engineer. Jones added that '
    "repairs would take a year.",
    "The storm reached the coast on Tuesday, officials said.",
    '"It is a good day for Spain," Maria Lopez said. Tom Hardy disagreed.',
    'Ana Costa, the mayor of Lisbon, said "we are ready".',
]
VICTIM = "a2"

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs fork and SIGKILL")


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return tk.load_articles(pd.DataFrame({"article_id": [f"a{i}" for i in range(len(TEXTS))],
                                          "text": TEXTS}))


def killer_pipeline(flag: Path, *, once: bool):
    """A fresh default-model pipeline that kills the worker parsing the marked text."""
    import spacy

    nlp = spacy.load(available_model())
    nlp.add_pipe(fault_injection.FACTORY, config={
        "marker": MARKER, "flag": str(flag), "once": once, "protect_pid": os.getpid()})
    return nlp


@pytest.fixture(scope="module")
def undisturbed(articles, tmp_path_factory) -> Analysis:
    flag = tmp_path_factory.mktemp("undisturbed") / "killed-already"
    flag.touch()  # the component never kills: the reference run
    return tk.analyze(articles, nlp=killer_pipeline(flag, once=True))


def assert_same(left: Analysis, right: Analysis, frames=Analysis.FRAMES) -> None:
    for name in frames:
        assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)


def assert_only_the_victim_is_lost(result: Analysis, articles: pd.DataFrame) -> None:
    """One errors row for the article that kills every worker; the others are what an
    undisturbed run without that article gives."""
    assert result.errors[["article_id", "stage", "error"]].values.tolist() == [
        [VICTIM, "worker", "WorkerLost"]]
    status = dict(zip(result.articles["article_id"], result.articles["status"], strict=True))
    assert status.pop(VICTIM) == "error: worker"
    assert set(status.values()) == {"ok"}
    others = tk.analyze(articles[articles["article_id"] != VICTIM])
    assert_same(result, others, frames=("entities", "mentions", "quotes", "claims", "relations"))


# --------------------------------------------------------------------------- local processes

def test_a_local_worker_killed_mid_run_is_replaced_and_its_articles_rerun(
        articles, undisturbed, tmp_path):
    nlp = killer_pipeline(tmp_path / "killed-once", once=True)
    result = tk.analyze(articles, nlp=nlp, n_process=2, batch_size=1)
    assert (tmp_path / "killed-once").exists(), "the worker was not killed"
    assert_same(undisturbed, result)


def test_an_article_that_kills_every_local_worker_is_an_errors_row(articles, tmp_path):
    nlp = killer_pipeline(tmp_path / "unused", once=False)
    result = tk.analyze(articles, nlp=nlp, n_process=2, batch_size=1)
    assert_only_the_victim_is_lost(result, articles)


# --------------------------------------------------------------------------- Dask

@pytest.fixture(scope="module")
def fragile_client():
    """A two-worker LocalCluster that gives up on a task the first time its worker dies
    (``allowed-failures: 0``), so Dask's own retry does not hide the toolkit's."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                     dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.register_plugin(fault_injection.ImportOnWorkers())
        yield client


def test_a_dask_worker_killed_mid_run_gives_the_undisturbed_frames(
        fragile_client, articles, undisturbed, tmp_path):
    nlp = killer_pipeline(tmp_path / "killed-once", once=True)
    result = tk.analyze(articles, nlp=nlp, client=fragile_client, batch_size=1)
    assert (tmp_path / "killed-once").exists(), "the worker was not killed"
    assert_same(undisturbed, result)


def test_an_article_that_kills_every_dask_worker_is_an_errors_row(
        fragile_client, articles, tmp_path):
    nlp = killer_pipeline(tmp_path / "unused", once=False)
    result = tk.analyze(articles, nlp=nlp, client=fragile_client, batch_size=1)
    assert_only_the_victim_is_lost(result, articles)
    assert "died" in result.errors.loc[0, "message"]
