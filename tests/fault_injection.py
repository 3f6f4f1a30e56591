"""Test helper (not a test module): a spaCy component that kills the process parsing a
marked text, to test what happens when a worker dies mid-run.

Importing this module registers the factory ``toolkit_test_kill_worker``. Dask workers
import it by unpickling :class:`ImportOnWorkers` (a worker plugin, applied to restarted
workers too), so a pipeline holding the component can be rebuilt there from its config.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # dask not installed: the Dask tests skip
    WorkerPlugin = object  # type: ignore[misc,assignment]

FACTORY = "toolkit_test_kill_worker"


class KillWorker:
    """Kills its own process (SIGKILL, as the OOM killer does) when a Doc's text holds
    ``marker``: every time (``once=False``), or only while ``flag`` does not exist (the
    first time: it creates ``flag`` before dying). Never kills ``protect_pid`` (the
    test process itself)."""

    def __init__(self, marker: str, flag: str, once: bool, protect_pid: int):
        self.marker, self.flag, self.once, self.protect_pid = marker, flag, once, protect_pid

    def __call__(self, doc: Doc) -> Doc:
        if self.marker in doc.text and os.getpid() != self.protect_pid:
            if self.once:
                try:
                    Path(self.flag).touch(exist_ok=False)
                except FileExistsError:
                    return doc
            os.kill(os.getpid(), signal.SIGKILL)
        return doc


def make_kill_worker(nlp: Language, name: str, marker: str, flag: str, once: bool,
                     protect_pid: int) -> KillWorker:
    return KillWorker(marker, flag, once, protect_pid)


if not Language.has_factory(FACTORY):  # the module may be imported under two names
    Language.factory(FACTORY, default_config={"marker": "", "flag": "", "once": True,
                                              "protect_pid": 0}, func=make_kill_worker)


class ImportOnWorkers(WorkerPlugin):
    """Unpickling this on a worker imports this module, registering the factory."""

    name = "toolkit-test-fault-injection"
