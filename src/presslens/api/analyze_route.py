"""``POST /analyze``: one article in, its analysis out (and stored on request).

The body is read and parsed here; the analysis runs in the server's worker processes
(``Analyses``), and the stored result is handed to the claim grouping thread.
"""
from __future__ import annotations

import asyncio
import hmac
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from presslens.api.models import MAX_LENGTH, AnalyzeRequest, AnalyzeResult, InvalidRequest, Problem, Rejected
from presslens.errors import InputRejected
from presslens.ingest.json_input import load_json

# What /analyze answers besides the analysis (200), and the rejection of what it cannot analyse.
ANALYZE_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"model": AnalyzeResult, "description": "Analysed and newly stored"},
    400: {"model": Problem, "description": "The body cannot be read: not UTF-8, not JSON, JSON nested deeper than "
                                           "100 levels, a lone surrogate, no object with 'text' or 'html'"},
    401: {"model": Problem, "description": "The server has a token and the request does not carry it"},
    413: {"model": Problem, "description": "The body is over the server's limit"},
    415: {"model": Problem, "description": "A content type other than application/json, text/plain, text/html"},
    422: {"model": Rejected | InvalidRequest,
          "description": "The text cannot be analysed (a code and a message), or fields of the request are not valid"},
    503: {"model": Problem, "description": "Every analysis worker is busy and the queue is full, or the "
                                           "workers cannot start",
          "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}},
}
REQUEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": AnalyzeRequest.model_json_schema()},
    "text/plain": {"schema": {"type": "string", "description": "The article (metadata in the query)"}},
    "text/html": {"schema": {"type": "string", "description": "A page (metadata in the query, else from the page)"}}}}}


def require_token(request: Request) -> None:
    """When the server has a token, every POST must carry it: ``Authorization: Bearer <token>``."""
    token = request.app.state.settings.token
    if token is None:
        return
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "this endpoint needs the server's token: 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(tags=["analysis"])


@router.post("/analyze", dependencies=[Depends(require_token)],
             summary="Analyse one article (plain text, HTML, or a JSON record)",
             response_model=AnalyzeResult, responses=ANALYZE_RESPONSES, openapi_extra=REQUEST_BODY)
async def analyze_endpoint(
    request: Request,
    store_it: Annotated[bool, Query(alias="store", description="Keep the analysis in the corpus")] = False,
    id: Annotated[str | None, Query(max_length=MAX_LENGTH["id"], description="Document id (raw bodies)")] = None,
    title: Annotated[str | None, Query(max_length=MAX_LENGTH["title"])] = None,
    source: Annotated[str | None, Query(max_length=MAX_LENGTH["source"])] = None,
    url: Annotated[str | None, Query(max_length=MAX_LENGTH["url"])] = None,
    published: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}")] = None,
    language: Annotated[Literal["en", "ru", "uk"] | None, Query(
        description="The article's language (default: identified)")] = None,
) -> JSONResponse:
    """Returns the analysis record (presslens/analysis@1), with ``article_id`` and ``stored``
    (stored, duplicate, or null when not asked to store). A text that cannot be analysed is a
    422 with the rejection's code and message. When every analysis worker is busy and the
    queue is full, a 503 with Retry-After."""
    state = request.app.state
    with state.analyses.slot():
        body = await request.body()
        # parsed on a thread: a large JSON body takes a while, and the event loop serves reads
        content, html, meta = await asyncio.to_thread(
            analyze_fields, request.headers.get("content-type", ""), body,
            {"id": id, "title": title, "source": source, "url": url, "published": published,
             "language": language})
        record = await state.analyses.analyze(content, html, meta)
    article_id, stored, status = None, None, 200
    if store_it:  # the analysis is stored as analysed: article_id and stored are the answer's
        added = await run_in_threadpool(state.store.add, record)
        state.grouping.pending.set()
        article_id, stored = added.article_id, added.status
        status = 201 if added.status == "stored" else 200
    record["article_id"], record["stored"] = article_id, stored
    # Sent as the pipeline made it, not checked against AnalyzeResult again: the pipeline's
    # records are checked against the format's schema by its tests, and checking a long one
    # here would hold the event loop.
    return JSONResponse(record, status_code=status)


def analyze_fields(content_type: str, body: bytes,
                   query: dict[str, str | None]) -> tuple[str, bool, dict[str, str | None]]:
    """The text (or HTML) of an /analyze request, whether it is HTML, and its metadata."""
    media = content_type.split(";")[0].strip().lower()
    if media not in ("application/json", "text/plain", "text/html", ""):
        raise HTTPException(415, f"unsupported content type {media!r}: send application/json, text/plain or text/html")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"the body is not UTF-8: byte {exc.start}") from None
    if media != "application/json":
        return text, media == "text/html", {**query, "id": query["id"] or "document"}
    fields = _analyze_request(text)
    html = fields.text is None
    content = fields.html if html else fields.text
    assert content is not None  # the model holds exactly one of them
    given = fields.model_dump(include=set(query))
    meta = {k: given[k] if given[k] is not None else v for k, v in query.items()}
    for name, value in [("html" if html else "text", content), *meta.items()]:
        if value is not None and not _is_unicode(value):
            raise HTTPException(400, f"the JSON body's {name!r} is not valid Unicode (it holds a lone surrogate)")
    return content, html, {**meta, "id": meta["id"] or "document"}


def _analyze_request(text: str) -> AnalyzeRequest:
    """The fields of a JSON body, parsed with the depth limit every JSON input has. A 400 when it
    is no article to analyse (not JSON, nested too deep, no object with 'text' or 'html'), a 422
    when a field is not valid."""
    try:
        data = load_json(text)
    except InputRejected as exc:
        raise HTTPException(400, f"the JSON body cannot be read: {exc.message}") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the JSON body must be an object with a 'text' or an 'html' field")
    if data.get("text") is None and data.get("html") is None:
        raise HTTPException(400, "the JSON body needs a 'text' or an 'html' string field")
    try:
        return AnalyzeRequest.model_validate(data)
    except ValidationError as exc:  # without the values: a field of megabytes is not sent back
        raise RequestValidationError([{**error, "loc": ("body", *error["loc"])}
                                      for error in exc.errors(include_url=False, include_input=False)]) from None


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be encoded at all: JSON escapes can spell a lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
