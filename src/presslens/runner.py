"""The library's entry points: ``analyze`` one text, ``analyze_many`` inputs across processes.

The CLI and the HTTP API call these; they build ``AnalyzeOptions`` and nothing else.
"""
from __future__ import annotations

import ctypes
import functools
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from threadpoolctl import threadpool_limits

from presslens.document import Document, rejection_record
from presslens.errors import Code, InputRejected, message
from presslens.ingest import Item, Rejection, document_from_text
from presslens.nlp import PARSE_BATCH_SIZE
from presslens.options import AnalyzeOptions
from presslens.pipeline import Pipeline, batched


@functools.lru_cache(maxsize=4)
def build_pipeline(options: AnalyzeOptions) -> Pipeline:
    """The standard pipeline for ``options``, built once per process; it hands Russian and
    Ukrainian documents to their own pipelines (presslens.languages.pipeline)."""
    from presslens.languages.pipeline import MultilingualPipeline

    return MultilingualPipeline(options)


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
    language: str | None = None,
) -> Document:
    """Analyse one text (or HTML page); ``language`` (en, ru, uk) forces its language, else it
    is identified. Bad input raises ``InputRejected`` with a reason."""
    options = options or AnalyzeOptions()
    doc = document_from_text(text, options, id=id, title=title, source=source, url=url,
                             published=published, is_html=html, language=language)
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
    all_chunks = itertools.chain(head, chunks)
    if workers <= 1:
        for chunk in all_chunks:
            yield from _analyze_chunk(chunk, options)
        return
    yield from _analyze_in_workers(all_chunks, options, workers)


def _analyze_in_workers(chunks: Iterator[list[Item]], options: AnalyzeOptions,
                        workers: int) -> Iterator[dict[str, Any]]:
    """Chunks over a process pool, results in input order, a bounded number in flight. A worker
    that dies (a crash in native code, the OOM killer) takes only its chunk's documents down: they
    are retried one by one in a fresh pool, and one that kills it again is rejected."""
    pool = _Pool(options, workers)
    in_flight: deque[tuple[list[Item], Future]] = deque()
    try:
        for chunk in itertools.chain(chunks, [None]):
            if chunk is not None:
                in_flight.append((chunk, pool.submit(chunk)))
            while in_flight and (chunk is None or len(in_flight) > 2 * workers):
                done_chunk, future = in_flight.popleft()
                try:
                    yield from future.result()
                    continue
                except BrokenProcessPool:
                    pool.renew()
                for item in done_chunk:
                    try:
                        yield from pool.submit([item]).result()
                    except BrokenProcessPool:
                        pool.renew()
                        yield Rejection(item.meta, Code.ANALYSIS_FAILED.value, message(
                            Code.ANALYSIS_FAILED, detail="the worker process died on this input")).to_json()
                in_flight = deque((c, pool.submit(c)) for c, _ in in_flight)
    finally:
        pool.shutdown()


class _Pool:
    # Whether the workers leave Ctrl-C to their parent, which then ends them itself.
    ignore_interrupts = False

    def __init__(self, options: AnalyzeOptions, workers: int):
        self.options, self.workers = options, workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=_worker_context(self.options),
                                   initializer=_init_worker,
                                   initargs=(self.options, os.getpid(), self.ignore_interrupts))

    def submit(self, chunk: list[Item]) -> Future:
        return self.executor.submit(_worker_chunk, chunk)

    def shutdown(self) -> None:
        self.executor.shutdown(cancel_futures=True)

    def renew(self) -> None:
        self.shutdown()
        self.executor = self._start()


class AnalysisPool(_Pool):
    """Worker processes analysing one text per task for a long-running caller (the HTTP API),
    started as ``analyze_many`` starts its own. Made while the caller is single-threaded, its
    workers are forked from the built pipeline (see ``_worker_context``); a pool renewed later,
    once the caller runs threads, is spawned. Ctrl-C in a terminal reaches every process of the
    server: it is for the server, which answers the requests in hand and then ends its workers."""

    ignore_interrupts = True

    def __init__(self, options: AnalyzeOptions, workers: int):
        super().__init__(options, workers)
        # A fork context forks every worker at the first task: let that be now.
        self.executor.submit(int).result()

    def analyze(self, text: str, html: bool, meta: dict[str, str | None]) -> Future:
        """The future analysis record of ``text`` (``meta``: ``analyze``'s id, title, source, url
        and published), or its rejection record."""
        return self.executor.submit(_worker_analyze, text, html, meta)


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


WARM_UP_TEXT = ('The minister said on Monday: "We will not accept this." '
                'Police in the capital arrested two protesters.')


def _worker_context(options: AnalyzeOptions) -> multiprocessing.context.BaseContext:
    """Fork from a single-threaded process, with the pipeline built first: the workers start with
    the models loaded and share their pages (spaCy's own ``n_process`` forks too), where a spawned
    worker spends seconds importing spaCy and loading the models again. Spawn otherwise:
    - a caller running other Python threads (a fork copies locks those threads may hold);
    - a pipeline with a stage that is not ``fork_safe`` (torch: a forked copy of its thread pool
      hangs on the first parallel operation, whatever the thread limit);
    - other systems than Linux, where fork is not the platform's own way (macOS system libraries
      are not fork-safe)."""
    # the pipeline is built here only where it may be forked: spawned workers build their own
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        pipeline = build_pipeline(options)
        if can_fork(pipeline):
            # one short text through every stage loads the tables and models stages load lazily;
            # the text is checked with the default limits (a user's --max-chars is for the inputs)
            pipeline.pipe([document_from_text(WARM_UP_TEXT, AnalyzeOptions(), id="warm-up")])
            return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def can_fork(pipeline: Pipeline) -> bool:
    """Whether workers of ``pipeline`` may be forked from a single-threaded caller."""
    return sys.platform.startswith("linux") and all(getattr(stage, "fork_safe", True) for stage in pipeline.stages)


_WORKER_OPTIONS: AnalyzeOptions | None = None


def _init_worker(options: AnalyzeOptions, parent_pid: int, ignore_interrupts: bool) -> None:
    global _WORKER_OPTIONS
    if ignore_interrupts:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent_pid)
    # Each worker is one of `workers` processes: math libraries run one thread each in it (the
    # variable for libraries a spawned worker has yet to load, the limits for those a forked one
    # has already loaded).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threadpool_limits(1)
    _WORKER_OPTIONS = options
    build_pipeline(options)


# prctl(2): have the kernel send a signal when the thread that started this process ends.
_PR_SET_PDEATHSIG = 1
# The signal a worker gets when its parent may have ended (see _die_with_parent).
PARENT_GONE_SIGNAL = signal.SIGUSR1


def _die_with_parent(parent_pid: int) -> None:
    """End this worker as soon as the process that started it ends, however it ends (``kill -9``
    included): an orphan would keep its models' memory for good, waiting on a queue nobody feeds.

    On Linux the kernel signals a process when its parent ends (``PR_SET_PDEATHSIG``); nothing
    has to poll. But "parent" there is the *thread* that started the process, and a pool may be
    renewed or fed from a thread that ends before it (a server's request threads), so the signal
    is not a kill: its handler ends the worker only once it has been re-parented, i.e. when the
    parent process really is gone. The parent may also have ended before the request was made:
    hence the same check right after it. Elsewhere workers are left as they were."""
    if not sys.platform.startswith("linux"):
        return
    signal.signal(PARENT_GONE_SIGNAL, lambda *_: _exit_if_orphaned(parent_pid))
    if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, PARENT_GONE_SIGNAL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    _exit_if_orphaned(parent_pid)


def _exit_if_orphaned(parent_pid: int) -> None:
    if os.getppid() != parent_pid:
        os._exit(1)  # nothing to flush: the results had nobody left to go to


def _worker_chunk(chunk: list[Item]) -> list[dict[str, Any]]:
    assert _WORKER_OPTIONS is not None
    return _analyze_chunk(chunk, _WORKER_OPTIONS)


def _worker_analyze(text: str, html: bool, meta: dict[str, str | None]) -> dict[str, Any]:
    assert _WORKER_OPTIONS is not None
    try:
        return analyze(text, html=html, options=_WORKER_OPTIONS, **meta).to_json()
    except InputRejected as exc:
        return rejection_record(meta, exc.code.value, exc.message)
    except Exception as exc:  # a failure outside any stage: reported as analyze_many reports it
        return rejection_record(meta, Code.ANALYSIS_FAILED.value,
                                message(Code.ANALYSIS_FAILED, detail=f"{type(exc).__name__}: {exc}"))
