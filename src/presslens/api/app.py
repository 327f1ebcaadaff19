"""The HTTP API and the web UI over a corpus store.

A thin layer: requests become ``AnalyzeOptions`` and store queries; the library does the work.
No endpoint reads a path from the request: the store file is fixed when the server starts.
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Annotated, Any

from annotated_types import Ge, Le
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from presslens import __version__
from presslens.api.analyses import Analyses, Busy
from presslens.api.models import (
    MAX_LENGTH,
    RELATION_KINDS,
    Actor,
    ActorList,
    AnalyzeRequest,
    AnalyzeResult,
    Article,
    ArticleList,
    ClaimsLedger,
    ClaimStatus,
    Graph,
    Health,
    InvalidRequest,
    Problem,
    Rejected,
    TechniqueGrouping,
    TechniqueStats,
)
from presslens.errors import InputRejected
from presslens.ingest.json_input import load_json
from presslens.options import AnalyzeOptions
from presslens.store import ArticleQuery, ClaimQuery, GraphQuery, SQLiteStore, Store

# Largest request body accepted (bytes); /analyze also applies the options' max_chars.
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
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
# Stores keep 64-bit integers (SQLite's INTEGER, PostgreSQL's bigint): every integer a request
# carries is declared in that range, so that none past it reaches a query (an OverflowError there).
INT64_MAX = 2**63 - 1
PositiveInt = Annotated[int, Ge(1), Le(INT64_MAX)]      # store ids, counts at least one
NonNegativeInt = Annotated[int, Ge(0), Le(INT64_MAX)]   # offsets
# The UI's pages may only run the app's own scripts: article text can never become code.
UI_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def default_analysis_workers() -> int:
    """One per core but the one the server itself runs on, at most four: each worker holds its own
    copy of the models (about 0.5 GB)."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


@dataclass(frozen=True)
class ServerSettings:
    db_path: str = "presslens.db"
    token: str | None = None  # when set, every POST needs "Authorization: Bearer <token>"
    options: AnalyzeOptions = field(default_factory=lambda: AnalyzeOptions(jobs=1))
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Processes analysing /analyze requests (None: default_analysis_workers()), and how many more
    # requests may wait for one (None: two per worker).
    analysis_workers: int | None = None
    analysis_queue: int | None = None

    def __post_init__(self) -> None:
        if (self.analysis_workers is not None and self.analysis_workers < 1) or \
                (self.analysis_queue is not None and self.analysis_queue < 0):
            raise ValueError("analysis_workers must be at least 1 and analysis_queue at least 0")

    @property
    def workers(self) -> int:
        return self.analysis_workers or default_analysis_workers()

    @property
    def queue(self) -> int:
        return 2 * self.workers if self.analysis_queue is None else self.analysis_queue


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes, declared or streamed."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        # a declared length of more digits than the limit has is over it (and may be too long for int)
        if declared is not None and not (declared.isdigit() and len(declared) <= len(str(self.limit))
                                         and int(declared) <= self.limit):
            return await _too_large(self.limit)(scope, receive, send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await _too_large(self.limit)(scope, receive, send)


class ClaimGrouping:
    """The server groups claims on a thread of its own: those ingest left ungrouped when it starts,
    then those of every analysis /analyze stores. Reads do not wait for a grouping in progress
    (they show the groups as they are), so they stay fast while analyses are being stored."""

    def __init__(self, store: Store):
        self.store, self.stop, self.pending = store, threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, name="presslens-claims", daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                self.store.group_claims(self.stop)
            except Exception:  # logged; tried again after the next stored analysis
                logging.getLogger("presslens").exception("grouping the stored claims failed")
            self.pending.wait()
            self.pending.clear()

    def close(self) -> None:
        """A grouping still running ends after its batch in hand; waiting for it keeps its
        connection open until it is done (closing the store under it would crash)."""
        self.stop.set()
        self.pending.set()
        self.thread.join()


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"request body over the limit of {limit:,} bytes"}, status_code=413)


def create_app(settings: ServerSettings, store: Store | None = None) -> FastAPI:
    store = store or SQLiteStore(settings.db_path)
    # Analyses run in worker processes (see analyses.py): the pipeline is CPU-bound, and waiting
    # analyses must hold neither the event loop nor the threads that serve reads.
    analyses = Analyses(settings.options, settings.workers, settings.queue)
    grouping = ClaimGrouping(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store.reads_group_claims = False
        grouping.thread.start()
        try:
            yield
        finally:
            await asyncio.to_thread(grouping.close)
            store.reads_group_claims = True
            await asyncio.to_thread(analyses.close)

    app = FastAPIOffline(
        lifespan=lifespan,
        title="presslens", version=__version__,
        description="Articles read as structured intelligence: quotes, actors, relations, labels, claims and "
                    "persuasion techniques, stored in a searchable corpus. The analysis format is "
                    "presslens/analysis@1.")
    app.state.store = store
    app.state.analyses = analyses
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    def require_token(request: Request) -> None:
        if settings.token is None:
            return
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), settings.token.encode()):
            raise HTTPException(401, "this endpoint needs the server's token: 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(InputRejected)
    async def rejected(request: Request, exc: InputRejected) -> JSONResponse:
        return JSONResponse({"detail": {"code": exc.code.value, "message": exc.message}}, status_code=422)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> JSONResponse:
        return JSONResponse({"detail": f"{exc.reason}; try again in {exc.retry_after} s"},
                            status_code=503, headers={"Retry-After": str(exc.retry_after)})

    # --- analysis -------------------------------------------------------------------------------
    @app.post("/analyze", tags=["analysis"], dependencies=[Depends(require_token)],
              summary="Analyse one article (plain text, HTML, or a JSON record)",
              response_model=AnalyzeResult, responses=ANALYZE_RESPONSES,
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": AnalyzeRequest.model_json_schema()},
                  "text/plain": {"schema": {"type": "string", "description": "The article (metadata in the query)"}},
                  "text/html": {"schema": {"type": "string", "description": "A page (metadata in the query, else "
                                                                            "from the page)"}}}}})
    async def analyze_endpoint(
        request: Request,
        store_it: Annotated[bool, Query(alias="store", description="Keep the analysis in the corpus")] = False,
        id: Annotated[str | None, Query(max_length=MAX_LENGTH["id"], description="Document id (raw bodies)")] = None,
        title: Annotated[str | None, Query(max_length=MAX_LENGTH["title"])] = None,
        source: Annotated[str | None, Query(max_length=MAX_LENGTH["source"])] = None,
        url: Annotated[str | None, Query(max_length=MAX_LENGTH["url"])] = None,
        published: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}")] = None,
    ) -> JSONResponse:
        """Returns the analysis record (presslens/analysis@1), with ``article_id`` and ``stored``
        (stored, duplicate, or null when not asked to store). A text that cannot be analysed is a
        422 with the rejection's code and message. When every analysis worker is busy and the
        queue is full, a 503 with Retry-After."""
        with analyses.slot():
            body = await request.body()
            # parsed on a thread: a large JSON body takes a while, and the event loop serves reads
            content, html, meta = await asyncio.to_thread(
                _analyze_fields, request.headers.get("content-type", ""), body,
                {"id": id, "title": title, "source": source, "url": url, "published": published})
            record = await analyses.analyze(content, html, meta)
        article_id, stored, status = None, None, 200
        if store_it:  # the analysis is stored as analysed: article_id and stored are the answer's
            added = await run_in_threadpool(store.add, record)
            grouping.pending.set()
            article_id, stored = added.article_id, added.status
            status = 201 if added.status == "stored" else 200
        record["article_id"], record["stored"] = article_id, stored
        # Sent as the pipeline made it, not checked against AnalyzeResult again: the pipeline's
        # records are checked against the format's schema by its tests, and checking a long one
        # here would hold the event loop.
        return JSONResponse(record, status_code=status)

    # --- the corpus -----------------------------------------------------------------------------
    @app.get("/articles", tags=["corpus"], summary="Search and filter stored articles",
             response_model=ArticleList, response_model_exclude_unset=True)  # a snippet only with q
    def list_articles(
        q: Annotated[str | None, Query(max_length=500, description="Words that must all appear")] = None,
        source: Annotated[str | None, Query(max_length=MAX_LENGTH["source"])] = None,
        date_from: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
        date_to: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
        actor: Annotated[PositiveInt | None, Query(description="Store actor id")] = None,
        technique: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: NonNegativeInt = 0,
    ) -> dict[str, Any]:
        return store.list_articles(ArticleQuery(q=q, source=source, date_from=date_from, date_to=_end_of(date_to),
                                                actor=actor, technique=technique, limit=limit, offset=offset))

    @app.get("/articles/{article_id}", tags=["corpus"], summary="One stored analysis", response_model=Article,
             responses={404: {"model": Problem, "description": "No such article"}})
    def get_article(article_id: PositiveInt) -> dict[str, Any]:
        article = store.get_article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id} in the store")
        return article

    @app.get("/actors", tags=["corpus"], summary="Actors across the corpus, most present first",
             response_model=ActorList)
    def list_actors(
        q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: NonNegativeInt = 0,
    ) -> dict[str, Any]:
        return store.list_actors(q, limit, offset)

    @app.get("/actors/{actor_id}", tags=["corpus"],
             summary="One actor: quotes, relations over time, labels used and received, claims",
             response_model=Actor, responses={404: {"model": Problem, "description": "No such actor"}})
    def get_actor(actor_id: PositiveInt) -> dict[str, Any]:
        actor = store.get_actor(actor_id)
        if actor is None:
            raise HTTPException(404, f"no actor {actor_id} in the store")
        return actor

    @app.get("/graph", tags=["corpus"], summary="Actor relations as a graph", response_model=Graph,
             responses={400: {"model": Problem, "description": "An unknown relation kind"}})
    def graph(
        kinds: Annotated[list[str] | None, Query(description="Relation kinds (repeat or comma-separate); default "
                                                             f"all: {', '.join(RELATION_KINDS)}")] = None,
        date_from: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
        date_to: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
        include_negated: bool = False,
    ) -> dict[str, Any]:
        wanted = tuple(k.strip() for value in (kinds or []) for k in value.split(",") if k.strip())
        unknown = sorted(set(wanted) - set(RELATION_KINDS))
        if unknown:
            raise HTTPException(400, f"unknown relation kind(s) {', '.join(unknown)}; "
                                     f"known: {', '.join(RELATION_KINDS)}")
        return store.graph(GraphQuery(kinds=wanted, date_from=date_from, date_to=_end_of(date_to),
                                      include_negated=include_negated))

    @app.get("/claims", tags=["corpus"], summary="The claims ledger: claims grouped across articles",
             response_model=ClaimsLedger)
    def claims(
        status: ClaimStatus | None = None,
        q: Annotated[str | None, Query(max_length=500)] = None,
        min_articles: PositiveInt = 1,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        offset: NonNegativeInt = 0,
    ) -> dict[str, Any]:
        return store.claims(ClaimQuery(status=status, q=q, min_articles=min_articles, limit=limit, offset=offset))

    @app.get("/techniques/stats", tags=["corpus"], summary="Persuasion technique counts",
             response_model=TechniqueStats)
    def technique_stats(by: TechniqueGrouping = "source") -> dict[str, Any]:
        return store.technique_stats(by)

    @app.get("/health", tags=["server"], summary="Liveness and corpus counts", response_model=Health)
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "counts": store.counts()}

    # --- the web UI -----------------------------------------------------------------------------
    web = resources.files("presslens") / "web"

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(web / "index.html"), headers=UI_SECURITY_HEADERS)

    app.mount("/ui", StaticFiles(directory=str(web)), name="ui")

    @app.middleware("http")
    async def ui_headers(request: Request, call_next):
        response = await call_next(request)
        if request.url.path.startswith("/ui/") or request.url.path == "/":
            response.headers.update(UI_SECURITY_HEADERS)
        else:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


def _end_of(date: str | None) -> str | None:
    """An inclusive upper bound: "2023-10" covers every day of October."""
    if date is None or len(date) == 10:
        return date
    return date + ("-12-31" if len(date) == 4 else "-31")


def _analyze_fields(content_type: str, body: bytes,
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
