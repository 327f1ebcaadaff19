"""Ingest over a Dask distributed cluster (``presslens ingest --scheduler ADDRESS|local:N``).

The client lists the inputs (files on a filesystem every worker sees, JSON Lines shards among
them), cuts them into tasks and shows progress; it never reads an article. Each worker loads the
models once (``IngestPlugin``, a worker plugin), then for each task reads its files, skips texts the
store already holds, analyses the rest and writes them straight into the store, as ``presslens
ingest`` does in one process (``presslens.corpus.ingest``).

A worker that dies mid-task (killed, out of memory) loses nothing: the scheduler runs its tasks
again on another worker, and the store's unique content hash keeps each text once, what the dead
worker had stored included (those articles are then reported as already stored). A task that
kills workers again and again (Dask gives up after ``distributed.scheduler.allowed-failures``) is
split into one task per file; a file that still kills its worker is recorded as rejected
(``analysis_failed``), as the single-machine runner does.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from presslens.corpus import IngestEvent
from presslens.errors import Code, PresslensError, message
from presslens.ingest import Rejection
from presslens.options import AnalyzeOptions
from presslens.store.factory import is_postgres, sqlite_path

PLUGIN_NAME = "presslens-ingest"
# Text and HTML files per task: enough to fill a parse batch, few enough that a worker's death
# repeats little work and that the tasks spread evenly over the workers.
FILES_PER_TASK = 8
# Files that hold many records each make a task of their own (a shard).
SHARD_SUFFIXES = (".jsonl", ".json")
LOCAL_PREFIX = "local:"


class ClusterError(PresslensError):
    """The cluster cannot be reached or started, or an input cannot be sent to it."""


@dataclass
class Plan:
    """What the client found to ingest: tasks (lists of files), inputs rejected while listing
    (unreadable entries), and how many documents the files hold, as far as listing can tell."""

    tasks: list[list[str]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    documents: int = 0


def plan_inputs(paths: tuple[str, ...] | list[str]) -> Plan:
    """The files under ``paths`` (directories walked as ``presslens ingest`` walks them), as
    absolute paths, since the workers may run elsewhere; JSON Lines shards counted by line."""
    from presslens.ingest.files import _walk

    plan, pending = Plan(), []
    for raw in paths:
        if raw == "-":
            raise ClusterError("standard input cannot be sent to a cluster: give files or JSON Lines shards")
        found = _walk(Path(raw)) if os.path.isdir(raw) else [Path(raw)]
        for item in found:
            if isinstance(item, Rejection):
                plan.rejections.append(item)
                plan.documents += 1
                continue
            path = str(item.resolve()) if item.exists() else str(item.absolute())
            if item.suffix.lower() in SHARD_SUFFIXES:
                plan.tasks.append([path])
                plan.documents += _records_in(item)
            else:
                pending.append(path)
                plan.documents += 1
    plan.tasks.extend(pending[i:i + FILES_PER_TASK] for i in range(0, len(pending), FILES_PER_TASK))
    return plan


def _records_in(path: Path) -> int:
    """Records of a shard: lines holding something, for JSON Lines; one for a JSON file (its
    records are known once a worker parses it)."""
    if path.suffix.lower() != ".jsonl":
        return 1
    try:
        with path.open("rb") as stream:
            return max(1, sum(1 for line in stream if line.strip()))
    except OSError:
        return 1  # the worker reports why it cannot be read


def worker_location(location: str) -> str:
    """The store location as a worker elsewhere must see it: a SQLite file by its absolute path."""
    return location if is_postgres(location) else str(Path(sqlite_path(location)).resolve())


class IngestPlugin(WorkerPlugin):
    """Set up on every worker, those that join or replace a dead one later included: the pipeline
    built and warmed up once, the store opened once."""

    name = PLUGIN_NAME

    def __init__(self, location: str, options: AnalyzeOptions):
        self.location = location
        self.options = replace(options, jobs=1)  # one task at a time per worker process, in-process
        self.store = None

    def setup(self, worker: Any = None) -> None:
        from threadpoolctl import threadpool_limits

        from presslens.ingest.records import document_from_text
        from presslens.runner import WARM_UP_TEXT, build_pipeline
        from presslens.store.factory import open_store

        # each worker process is one of many on its machine: math libraries one thread each
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        threadpool_limits(1)
        pipeline = build_pipeline(self.options)
        pipeline.pipe([document_from_text(WARM_UP_TEXT, AnalyzeOptions(), id="warm-up")])  # lazy tables loaded
        self.store = open_store(self.location)

    def teardown(self, worker: Any = None) -> None:
        if self.store is not None:
            self.store.close()

    def ingest(self, paths: list[str]) -> list[tuple[str, str | None, dict | None]]:
        """Ingest the files; for each input its status, document id and what the client reports
        of it (a rejection's error, an analysis's stage errors), not the analysis itself."""
        from presslens.corpus import ingest
        from presslens.ingest import read_inputs

        return [(event.status, event.doc_id, _reported(event.record))
                for event in ingest(read_inputs(paths, self.options), self.store, self.options)]


def _reported(record: dict | None) -> dict | None:
    if record is None:
        return None
    kept = {key: record[key] for key in ("error", "errors") if key in record}
    return {"document": {"id": record.get("document", {}).get("id")}, **kept} if kept else None


def ingest_task(paths: list[str]) -> list[tuple[str, str | None, dict | None]]:
    """The task the client sends: run on a worker, by its plugin."""
    from distributed import get_worker

    return get_worker().plugins[PLUGIN_NAME].ingest(paths)


def connect(scheduler: str):
    """A Dask client of the scheduler at ``scheduler`` (``tcp://host:8786``), or of a local cluster
    of N worker processes (``local:N``), one thread each (the pipeline is CPU-bound and holds the
    GIL); the cluster, when one was started here, closes with the client."""
    from distributed import Client, LocalCluster

    if scheduler.startswith(LOCAL_PREFIX):
        count = scheduler[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--scheduler {scheduler}: local:N needs a number of workers N of at least 1")
        cluster = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        return Client(cluster, set_as_default=False)
    try:
        return Client(scheduler, set_as_default=False, timeout=30)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def ingest_on_cluster(plan: Plan, location: str, options: AnalyzeOptions, client, store) -> Iterator[IngestEvent]:
    """Run ``plan`` on the cluster of ``client``, storing into ``location`` from the workers;
    events as tasks finish (``store``, the client's own handle on it, records what the workers
    cannot: inputs rejected while listing, inputs that killed their workers)."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    for rejection in plan.rejections:
        record = rejection.to_json()
        store.add(record)
        yield IngestEvent("rejected", rejection.meta.id, None, record)
    client.register_plugin(IngestPlugin(worker_location(location), options), name=PLUGIN_NAME)
    run = uuid.uuid4().hex[:8]
    futures: dict[Any, list[str]] = {}

    def submit(paths: list[str]):
        future = client.submit(ingest_task, paths, key=f"presslens-ingest-{run}-{len(futures)}-{uuid.uuid4().hex[:6]}")
        futures[future] = paths
        return future

    finished = as_completed([submit(paths) for paths in plan.tasks], loop=client.loop)
    for future in finished:
        paths = futures.pop(future)
        try:
            results = future.result()
        except (KilledWorker, FutureCancelledError) as exc:
            if len(paths) > 1:  # one of them kills workers: find which, one file a task
                for path in paths:
                    finished.add(submit([path]))
                continue
            yield _killer(paths[0], store, exc)
            continue
        for status, doc_id, record in results:
            yield IngestEvent(status, doc_id, None, record)


def _killer(path: str, store, exc: BaseException) -> IngestEvent:
    from presslens.ingest.files import _file_meta

    rejection = Rejection(_file_meta(Path(path)), Code.ANALYSIS_FAILED.value, message(
        Code.ANALYSIS_FAILED, detail=f"the worker processes died on this input ({type(exc).__name__})"))
    record = rejection.to_json()
    store.add(record)
    return IngestEvent("rejected", rejection.meta.id, None, record)
