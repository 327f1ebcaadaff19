"""Worker processes give the analyses one process gives, however they start."""
from __future__ import annotations

import threading

import pytest

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
