"""Main text, title and date of an HTML page, extracted with trafilatura."""
from __future__ import annotations

from dataclasses import dataclass

from presslens.errors import Code, InputRejected


@dataclass
class Extracted:
    text: str
    title: str | None
    published: str | None
    url: str | None
    source: str | None


def extract(html: str) -> Extracted:
    import trafilatura

    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if result is None:
        raise InputRejected.of(Code.NO_MAIN_TEXT)
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputRejected.of(Code.NO_MAIN_TEXT)
    return Extracted(
        text=text,
        title=data.get("title") or None,
        published=data.get("date") or None,
        url=data.get("url") or None,
        source=data.get("sitename") or data.get("hostname") or None,
    )
