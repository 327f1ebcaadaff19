"""Documents from plain text, HTML and JSON records, with every check applied."""
from __future__ import annotations

import json
from typing import Any, Iterator

from presslens.document import Document, Metadata
from presslens.errors import Code, InputRejected, message
from presslens.ingest import Rejection
from presslens.ingest.checks import check_text
from presslens.ingest.html import extract
from presslens.options import AnalyzeOptions, check_date


def document_from_text(
    text: str,
    options: AnalyzeOptions,
    *,
    id: str,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    is_html: bool = False,
) -> Document:
    """A checked document, or ``InputRejected``. The document's own date wins over the default
    ``options.published``."""
    meta = Metadata(id=id, title=title, source=source, url=url, published=None, language=None)
    if is_html:
        if not text.strip():
            raise InputRejected.of(Code.EMPTY)
        page = extract(text)
        text = page.text
        meta.title = meta.title or page.title
        meta.url = meta.url or page.url
        meta.source = meta.source or page.source
        published = published or page.published
    meta.language = check_text(text, options.max_chars)
    meta.published = check_date(published) if published else options.published
    return Document(text, meta)


def document_from_record(record: Any, options: AnalyzeOptions, default_id: str) -> Document | Rejection:
    """A JSON record ``{"text" | "html", "id"?, "title"?, "url"?, "published"?, "source"?}``."""
    if not isinstance(record, dict):
        return Rejection(Metadata(id=default_id), Code.MISSING_TEXT.value, message(Code.MISSING_TEXT))
    meta = {k: _string_or_none(record.get(k)) for k in ("title", "source", "url", "published")}
    doc_id = _string_or_none(record.get("id")) or default_id
    text, html = record.get("text"), record.get("html")
    try:
        if isinstance(text, str):
            return document_from_text(text, options, id=doc_id, **meta)
        if isinstance(html, str):
            return document_from_text(html, options, id=doc_id, is_html=True, **meta)
        raise InputRejected.of(Code.MISSING_TEXT)
    except InputRejected as exc:
        return Rejection(Metadata(id=doc_id, title=meta["title"], source=meta["source"], url=meta["url"]),
                         exc.code.value, exc.message)


def records_from_json(text: str, options: AnalyzeOptions, stem: str, jsonl: bool | None) -> Iterator[Document | Rejection]:
    """Records of a JSON document (one object or a list) or of JSON lines (``jsonl=None``: JSON,
    else JSON lines); a malformed line is rejected on its own and the rest are read."""
    if not jsonl:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if jsonl is None and len(text.strip().splitlines()) > 1:
                yield from records_from_json(text, options, stem, jsonl=True)
                return
            yield Rejection(Metadata(id=stem), Code.MALFORMED_JSON.value,
                            message(Code.MALFORMED_JSON, line=exc.lineno, detail=exc.msg))
            return
        records = data if isinstance(data, list) else [data]
        for n, record in enumerate(records, 1):
            yield document_from_record(record, options, stem if len(records) == 1 else f"{stem}-{n}")
        return
    n = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        default_id = f"{stem}-{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(Metadata(id=default_id), Code.MALFORMED_JSON.value,
                            message(Code.MALFORMED_JSON, line=lineno, detail=exc.msg))
            continue
        yield document_from_record(record, options, default_id)


def _string_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
