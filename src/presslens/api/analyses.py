"""The analyses behind ``POST /analyze``: worker processes (``runner.AnalysisPool``) behind a
bounded queue.

The event loop only waits on the workers, so reads stay fast while analyses run, on other cores
and outside this process's interpreter lock. A request that finds every worker busy and the queue
full is turned away at once (``Busy``: 503 with Retry-After) instead of waiting ever longer.
"""
from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from presslens.errors import Code, InputRejected
from presslens.nlp import resolve_model_name
from presslens.options import AnalyzeOptions
from presslens.runner import AnalysisPool

# Weight of the latest analysis in the running mean of analysis times that Retry-After reports.
RECENT_WEIGHT = 0.2


# Seconds a client is told to wait when the workers cannot be started at all.
START_RETRY_S = 60


class Busy(Exception):
    """No analysis can be taken now (every worker busy and the queue full, or the workers cannot
    start); try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int, reason: str = "every analysis worker is busy and the queue is full"):
        super().__init__(retry_after, reason)
        self.retry_after, self.reason = retry_after, reason


class Analyses:
    """At most ``workers`` analyses run at a time, and ``queue`` more wait for a worker."""

    def __init__(self, options: AnalyzeOptions, workers: int, queue: int):
        self.options, self.workers, self.capacity = options, workers, workers + queue
        self.admitted = 0
        self._pool: AnalysisPool | None = None
        self._starting = asyncio.Lock()
        self._renewing = asyncio.Lock()
        self._seconds = 1.0  # a running mean of how long an analysis takes, queueing included

    def start(self) -> None:
        """Start the workers now, not at the first analysis. Called before the server runs any
        thread, it forks them from a built pipeline: started faster, the models' memory shared."""
        if self._pool is None:
            # a worker that cannot load the model dies without saying why: say it here first
            resolve_model_name(self.options.model)
            self._pool = AnalysisPool(self.options, self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    @contextmanager
    def slot(self) -> Iterator[None]:
        """A place among the running and waiting analyses for one request, or ``Busy``."""
        if self.admitted >= self.capacity:
            raise Busy(max(1, math.ceil(self._seconds)))
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    async def analyze(self, text: str, html: bool, meta: dict[str, str | None]) -> dict[str, Any]:
        """The analysis record of ``text``. ``InputRejected`` when it cannot be analysed."""
        started = time.monotonic()
        pool = await self._started()
        # A worker that dies breaks its whole pool, failing every analysis in it: each is tried
        # once more in the new pool, and one that kills that one too is rejected.
        for _ in range(2):
            executor = pool.executor
            try:
                record = await asyncio.wrap_future(pool.analyze(text, html, meta))
                break
            except BrokenProcessPool:
                async with self._renewing:
                    if pool.executor is executor:  # not renewed yet by another request
                        await asyncio.to_thread(pool.renew)
        else:
            raise InputRejected.of(Code.ANALYSIS_FAILED, detail="the worker process died on this input")
        elapsed = time.monotonic() - started
        self._seconds += RECENT_WEIGHT * (elapsed - self._seconds)
        if "error" in record:
            raise InputRejected(Code(record["error"]["code"]), record["error"]["message"])
        return record

    async def _started(self) -> AnalysisPool:
        async with self._starting:
            if self._pool is None:  # started on a thread: the event loop goes on serving meanwhile
                try:
                    await asyncio.to_thread(self.start)
                except Exception as exc:  # e.g. a model the workers cannot load: a server fault
                    raise Busy(START_RETRY_S, f"the analysis workers cannot start "
                                              f"({type(exc).__name__}: {exc})") from None
        assert self._pool is not None
        return self._pool
