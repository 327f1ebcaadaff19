"""The library's entry points: ``analyze`` one text, ``analyze_many`` inputs across processes.

The CLI and the HTTP API call these; they build ``AnalyzeOptions`` and nothing else.
"""
from __future__ import annotations

import functools
import multiprocessing
import os
from typing import Any, Iterable, Iterator

from presslens.document import Document
from presslens.errors import Code, message
from presslens.ingest import Item, Rejection, document_from_text
from presslens.nlp import PARSE_BATCH_SIZE
from presslens.options import AnalyzeOptions
from presslens.pipeline import Pipeline, batched


@functools.lru_cache(maxsize=4)
def build_pipeline(options: AnalyzeOptions) -> Pipeline:
    """The standard pipeline for ``options``, built once per process."""
    from presslens.stages import default_stages

    return Pipeline(default_stages(options))


def analyze(
    text: str,
    *,
    id: str = "document",
    published: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    html: bool = False,
    options: AnalyzeOptions | None = None,
) -> Document:
    """Analyse one text (or HTML page). Bad input raises ``InputRejected`` with a reason."""
    options = options or AnalyzeOptions()
    doc = document_from_text(text, options, id=id, title=title, source=source, url=url,
                             published=published, is_html=html)
    return build_pipeline(options)(doc)


def analyze_many(items: Iterable[Item], options: AnalyzeOptions | None = None) -> Iterator[dict[str, Any]]:
    """Analysis records (``presslens/analysis@1``) for every item, in input order: a document's
    analysis or a rejection record. Documents are spread over ``options.workers`` processes."""
    options = options or AnalyzeOptions()
    chunks = batched(items, PARSE_BATCH_SIZE)
    # Look ahead: a small input is faster in this process than with workers to start.
    head: list[list[Item]] = []
    for chunk in chunks:
        head.append(chunk)
        if len(head) >= options.workers:
            break
    workers = min(options.workers, len(head))
    all_chunks = _chain(head, chunks)
    if workers <= 1:
        for chunk in all_chunks:
            yield from _analyze_chunk(chunk, options)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(options,)) as pool:
        for records in pool.imap(_worker_chunk, all_chunks):
            yield from records


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _analyze_chunk(chunk: list[Item], options: AnalyzeOptions) -> list[dict[str, Any]]:
    docs = [item for item in chunk if isinstance(item, Document)]
    try:
        build_pipeline(options).pipe(docs)
        analysed = {id(d): d.to_json() for d in docs}
    except Exception as exc:  # a failure outside any stage: report these documents, go on
        analysed = {id(d): Rejection(d.meta, Code.ANALYSIS_FAILED.value,
                                     message(Code.ANALYSIS_FAILED, detail=f"{type(exc).__name__}: {exc}")).to_json()
                    for d in docs}
    return [analysed[id(item)] if isinstance(item, Document) else item.to_json() for item in chunk]


_WORKER_OPTIONS: AnalyzeOptions | None = None


def _init_worker(options: AnalyzeOptions) -> None:
    global _WORKER_OPTIONS
    # Each worker is one of `workers` processes: keep math libraries from oversubscribing cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER_OPTIONS = options
    build_pipeline(options)


def _worker_chunk(chunk: list[Item]) -> list[dict[str, Any]]:
    assert _WORKER_OPTIONS is not None
    return _analyze_chunk(chunk, _WORKER_OPTIONS)
