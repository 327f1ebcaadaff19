"""Stages and the pipeline that runs them.

A stage is a named callable that declares the layers it ``requires`` and ``assigns``. The
pipeline checks at construction that every requirement is assigned by an earlier stage, runs the
stages in order over batches of documents, and catches a stage's failure per document: the error
goes into that document's ``errors``, stages that needed the failed layer are skipped (and say
so), and the rest of the batch goes on. A text longer than ``section_chars`` is analysed in
sections and merged (presslens.sections).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from presslens.document import Document, StageError
from presslens.errors import Code, PipelineOrderError, message
from presslens.sections import SECTION_CHARS, WHOLE_DOCUMENT_STAGES, Merger, section_bounds

log = logging.getLogger(__name__)

# Layers every document has before any stage runs.
GIVEN_LAYERS = frozenset({"text", "meta"})


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> None: ...


class BatchStage:
    """Base for stages that work faster on batches (the parse). ``pipe`` must not raise for one
    bad document: the pipeline falls back to ``__call__`` per document when it does."""

    name: str = ""
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def pipe(self, docs: Sequence[Document]) -> None:
        for doc in docs:
            self(doc)

    def __call__(self, doc: Document) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class Pipeline:
    def __init__(self, stages: Sequence[Stage], section_chars: int = SECTION_CHARS):
        assigned = set(GIVEN_LAYERS)
        names = set()
        for stage in stages:
            if stage.name in names:
                raise PipelineOrderError(f"two stages are named {stage.name!r}")
            names.add(stage.name)
            missing = [r for r in stage.requires if r not in assigned]
            if missing:
                raise PipelineOrderError(
                    f"stage {stage.name!r} requires {missing}, which no earlier stage assigns "
                    f"(order: {[s.name for s in stages]})"
                )
            assigned.update(stage.assigns)
        self.stages = list(stages)
        self.section_chars = section_chars

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        self.pipe([doc])
        return doc

    def pipe(self, docs: Sequence[Document]) -> Sequence[Document]:
        """Run every stage over the batch, in place; a failure stays with its document."""
        run_stages(self.stages, [d for d in docs if len(d.text) <= self.section_chars])
        for doc in docs:
            if len(doc.text) > self.section_chars:
                self._in_sections(doc)
        return docs

    def _in_sections(self, doc: Document) -> None:
        """Analyse a long text section by section, each section's parse released before the next
        is made, then run the stages that read the whole text on the merge."""
        per_section = [s for s in self.stages if s.name not in WHOLE_DOCUMENT_STAGES]
        merger = Merger(doc)
        failed: set[str] = set()
        for start, end in section_bounds(doc.text, self.section_chars):
            part = Document(doc.text[start:end], doc.meta)
            failed |= run_stages(per_section, [part])[id(part)]
            part.parse = None
            merger.add(part, start)
        merger.finish()
        run_stages([s for s in self.stages if s.name in WHOLE_DOCUMENT_STAGES], [doc], {id(doc): failed})


def run_stages(stages: Sequence[Stage], docs: Sequence[Document],
               failed: dict[int, set[str]] | None = None) -> dict[int, set[str]]:
    """Run ``stages`` over the batch, in place; per document, the layers that failed (``failed``:
    those that had failed before)."""
    failed = failed or {id(d): set() for d in docs}
    for stage in stages:
        ready = []
        for doc in docs:
            missing = sorted(set(stage.requires) & failed[id(doc)])
            if missing:
                _record(doc, stage, Code.STAGE_SKIPPED, message(Code.STAGE_SKIPPED, missing=missing))
                failed[id(doc)].update(stage.assigns)
            else:
                ready.append(doc)
        if not ready:
            continue
        if isinstance(stage, BatchStage) and len(ready) > 1:
            try:
                stage.pipe(ready)
                continue
            except Exception:  # one bad document: redo the batch one by one to isolate it
                log.debug("batch stage %s failed; retrying per document", stage.name, exc_info=True)
        for doc in ready:
            try:
                stage(doc)
            except Exception as exc:  # a stage error never stops the batch
                log.debug("stage %s failed on %s", stage.name, doc.id, exc_info=True)
                detail = f"{type(exc).__name__}: {exc}"
                _record(doc, stage, Code.STAGE_FAILED, message(Code.STAGE_FAILED, detail=detail))
                failed[id(doc)].update(stage.assigns)
    return failed


def _record(doc: Document, stage: Stage, code: Code, text: str) -> None:
    doc.errors.append(StageError(stage=stage.name, code=code.value, message=text))


def batched(items: Iterable, size: int) -> Iterable[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
