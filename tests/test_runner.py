"""Worker processes give the analyses one process gives, however they start."""
from __future__ import annotations

import dataclasses
import sys
import threading

import pytest

from presslens import runner
from presslens.ingest import document_from_text
from presslens.options import AnalyzeOptions
from presslens.runner import analyze_many
from tests.invented_articles import invented_article


def _records(options: AnalyzeOptions) -> list[dict]:
    items = [document_from_text(invented_article(i), options, id=f"a{i}", published="2024-05-02") for i in range(24)]
    return list(analyze_many(items, options))


@pytest.mark.slow
def test_forked_and_spawned_workers_give_the_analyses_of_one_process():
    alone = _records(AnalyzeOptions(jobs=1))
    assert len(alone) == 24 and all("error" not in r for r in alone)
    # a single-threaded caller forks its workers from the loaded pipeline
    assert _records(AnalyzeOptions(jobs=2)) == alone
    # a caller with other threads running (a server) spawns fresh ones
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _records(AnalyzeOptions(jobs=2)) == alone
    finally:
        stop.set()
        other.join()


@pytest.mark.slow
def test_a_character_limit_below_the_warm_up_text_still_analyses_every_short_input():
    options = AnalyzeOptions(jobs=2, max_chars=90)
    items = [document_from_text(f"Police in Eastport arrested {n} people on Monday.", options, id=f"s{n}")
             for n in range(20)]
    records = list(analyze_many(items, options))
    assert [r["document"]["id"] for r in records] == [f"s{n}" for n in range(20)]
    assert all("error" not in r for r in records)


def test_workers_of_a_pipeline_running_torch_are_spawned_not_forked():
    """A forked copy of torch's thread pool hangs on its first parallel operation."""
    from presslens.pipeline import Pipeline
    from presslens.stages.techniques import Techniques
    from presslens.techniques.encoders import MINILM
    from presslens.techniques.model import shipped_model

    on_torch = Techniques(dataclasses.replace(shipped_model(), encoder=MINILM))
    assert Techniques().fork_safe and not on_torch.fork_safe
    default = runner.build_pipeline(AnalyzeOptions())
    assert runner.can_fork(default) == sys.platform.startswith("linux")
    assert not runner.can_fork(Pipeline([*default.stages[:-1], on_torch]))
