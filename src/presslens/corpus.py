"""The corpus: inputs analysed and kept in a store (the storage itself is ``presslens.store``),
skipping what the store already holds.

Inputs whose text is already stored (by content hash) are skipped before analysis, so a re-run
after an interruption only analyses what is missing. Each analysis is stored (and committed) as
soon as it comes back, so an interruption loses at most the articles being analysed.
"""
from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from presslens.document import Document
from presslens.ingest import Item, Rejection
from presslens.options import AnalyzeOptions
from presslens.runner import analyze_many
from presslens.store.base import Store, content_hash


@dataclass(frozen=True)
class IngestEvent:
    status: str  # stored | skipped (already stored) | duplicate (twice in this run) | rejected
    doc_id: str | None
    article_id: int | None = None
    record: dict | None = None  # the analysis or rejection record, when one was made
    duplicate_of: str | None = None  # for a duplicate: the document id of the input it repeats


def ingest(items: Iterable[Item], store: Store, options: AnalyzeOptions,
           analysis_starts: Callable[[], None] | None = None) -> Iterator[IngestEvent]:
    """One event per input, roughly in input order (skips are reported as soon as they are seen).
    ``analysis_starts`` is called once, when the first text is handed to the analysis (which then
    loads its models: seconds before the first analysis comes back); never when all are skipped."""
    pending: collections.deque[IngestEvent] = collections.deque()
    seen: dict[str, str] = {}  # content hash -> the document id of the first input with that text
    started = False

    def fresh() -> Iterator[Document]:
        nonlocal started
        for item in items:
            if isinstance(item, Rejection):  # recorded here: no need to start the analysis for it
                record = item.to_json()
                store.add(record)
                pending.append(IngestEvent("rejected", item.meta.id, None, record))
                continue
            if isinstance(item, Document):
                digest = content_hash(item.text)
                if digest in seen:
                    pending.append(IngestEvent("duplicate", item.id, duplicate_of=seen[digest]))
                    continue
                if store.has(digest):
                    pending.append(IngestEvent("skipped", item.id))
                    continue
                seen[digest] = item.id
            if not started and analysis_starts is not None:
                analysis_starts()
            started = True
            yield item

    for record in analyze_many(fresh(), options):
        while pending:
            yield pending.popleft()
        added = store.add(record)
        # A text stored by another process since it was checked is a skip, not a new article.
        status = "skipped" if added.status == "duplicate" else added.status
        yield IngestEvent(status, record["document"].get("id"), added.article_id, record)
    while pending:
        yield pending.popleft()
