"""Documents from plain text, HTML and JSON records, with every check applied."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from presslens.document import Document, Metadata
from presslens.errors import Code, InputRejected, message
from presslens.ingest import Rejection
from presslens.ingest.checks import check_text, decode, utf8_safe
from presslens.ingest.headline import dateline, headline
from presslens.ingest.html import extract
from presslens.ingest.json_input import load_json
from presslens.options import AnalyzeOptions, check_date

META_FIELDS = ("title", "source", "url", "published")


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
    published_from: str = "given",
    language: str | None = None,
) -> Document:
    """A checked document, or ``InputRejected``. The document's own date wins over the default
    ``options.published``: a date given with the text (``published_from`` says how: "given" by
    a caller, from a "record") must be a real one; else the date trafilatura finds in a page, else
    the date of a dateline at the head of the text. The title, when none is given or found in the
    page, is the text's first line if that reads as a headline. ``document.published_from`` says
    where the date came from: given, record, html, dateline, default (``options.published``), or
    null when there is none. ``language`` (else ``options.language``) forces the text's language."""
    title, source, url = (utf8_safe(v) if v else v for v in (title, source, url))
    meta = Metadata(id=utf8_safe(id), title=title, source=source, url=url, published=None, language=None)
    date_from = published_from if published else None
    if is_html:
        if not text.strip():
            raise InputRejected.of(Code.EMPTY)
        page = extract(text)
        text = page.text
        meta.title = meta.title or page.title
        meta.url = meta.url or page.url
        meta.source = meta.source or page.source
        if not published and page.published:
            published = _page_date(page.published)
            date_from = "html" if published else None
    meta.language = check_text(text, options.max_chars, language or options.language)
    read_head(meta, text, published, date_from, options.published)
    return Document(text, meta)


def read_head(meta: Metadata, text: str, published: str | None, date_from: str | None,
              default: str | None) -> None:
    """The title and date a text's head gives, where ``meta`` has none: the first line when it
    reads as a headline, a dateline's date when no date is ``published`` (``date_from`` says where
    that came from), else ``default``; ``meta.published_from`` says which."""
    first_line = headline(text)
    meta.title = meta.title or first_line
    if not published:
        published = dateline(text, skip_first=first_line is not None)
        date_from = "dateline" if published else None
    meta.published = check_date(published) if published else default
    meta.published_from = date_from if published else ("default" if default else None)


def _page_date(value: str) -> str | None:
    try:
        return check_date(value)
    except InputRejected:
        return None


def document_from_record(record: Any, options: AnalyzeOptions, default_id: str) -> Document | Rejection:
    """A JSON record ``{"text" | "html", "id"?, "title"?, "url"?, "published"?, "source"?}``."""
    if not isinstance(record, dict):
        return Rejection(Metadata(id=default_id), Code.MISSING_TEXT.value, message(Code.MISSING_TEXT))
    meta = {k: _string_or_none(record.get(k)) for k in META_FIELDS}
    doc_id = _string_or_none(record.get("id")) or default_id
    text, html = record.get("text"), record.get("html")
    try:
        if isinstance(text, str):
            return document_from_text(text, options, id=doc_id, published_from="record", **meta)
        if isinstance(html, str):
            return document_from_text(html, options, id=doc_id, is_html=True, published_from="record", **meta)
        raise InputRejected.of(Code.MISSING_TEXT)
    except InputRejected as exc:
        return Rejection(Metadata(id=doc_id, title=meta["title"], source=meta["source"], url=meta["url"]),
                         exc.code.value, exc.message)


def records_from_json(text: str, options: AnalyzeOptions, stem: str,
                      lines: bool | None = False) -> Iterator[Document | Rejection]:
    """Records of a JSON document (one object or a list of them) or, with ``lines``, of JSON
    lines; ``lines=None``: JSON lines when the text does not parse whole and has several lines."""
    if lines:
        yield from records_from_lines(text.encode("utf-8").split(b"\n"), options, stem)
        return
    if not text.strip():
        yield Rejection(Metadata(id=stem), Code.EMPTY.value, message(Code.EMPTY))
        return
    try:
        data = load_json(text)
    except InputRejected as exc:
        if lines is None and text.strip().count("\n"):
            yield from records_from_lines(text.encode("utf-8").split(b"\n"), options, stem)
        else:
            yield Rejection(Metadata(id=stem), exc.code.value, exc.message)
        return
    records = data if isinstance(data, list) else [data]
    if not records:
        yield Rejection(Metadata(id=stem), Code.NO_RECORDS.value, message(Code.NO_RECORDS))
    for n, record in enumerate(records, 1):
        yield document_from_record(record, options, stem if len(records) == 1 else f"{stem}-{n}")


def records_from_lines(lines: Iterable[bytes | InputRejected], options: AnalyzeOptions,
                       stem: str) -> Iterator[Document | Rejection]:
    """Records of JSON lines, one a line; blank lines (spaces, tabs, CR) are skipped and a bad
    line is rejected on its own, as is a line its reader already rejected (too long to read)."""
    n = 0
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, bytes) and not line.strip(b" \t\r"):
            continue
        n += 1
        default_id = f"{stem}-{n}"
        try:
            if isinstance(line, InputRejected):
                raise line
            record = load_json(decode(line), first_line=lineno)
        except InputRejected as exc:
            yield Rejection(Metadata(id=default_id), exc.code.value, exc.message)
            continue
        yield document_from_record(record, options, default_id)
    if n == 0:
        yield Rejection(Metadata(id=stem), Code.EMPTY.value, message(Code.EMPTY))


def _string_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = utf8_safe(str(value)).strip()
    return value or None
