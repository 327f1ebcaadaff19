"""Readers that turn inputs into documents, or into rejections with a reason.

Every input ends up as exactly one of the two: a ``Document`` ready for the pipeline, or a
``Rejection`` that the output stream reports. Nothing is dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass

from presslens.document import Document, Metadata, rejection_record


@dataclass
class Rejection:
    meta: Metadata
    code: str
    message: str

    def to_json(self) -> dict:
        return rejection_record(self.meta, self.code, self.message)


Item = Document | Rejection

from presslens.ingest.files import count_inputs, read_inputs  # noqa: E402
from presslens.ingest.records import document_from_record, document_from_text  # noqa: E402

__all__ = ["Rejection", "Item", "read_inputs", "count_inputs", "document_from_text", "document_from_record"]
