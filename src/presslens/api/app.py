"""The HTTP API and the web UI over a corpus store.

A thin layer: requests become ``AnalyzeOptions`` and store queries; the library does the work.
No endpoint reads a path from the request: the store file is fixed when the server starts.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from presslens import __version__
from presslens.api import analyze_route, corpus_routes
from presslens.api.analyses import Analyses, Busy
from presslens.api.corpus_routes import INT64_MAX
from presslens.errors import InputRejected
from presslens.options import AnalyzeOptions
from presslens.store import Store
from presslens.store.factory import open_store

__all__ = ["INT64_MAX", "ServerSettings", "create_app", "is_loopback"]

# Largest request body accepted (bytes); /analyze also applies the options' max_chars.
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
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
    store = store or open_store(settings.db_path)
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
    app.state.settings, app.state.store, app.state.analyses, app.state.grouping = settings, store, analyses, grouping
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(InputRejected)
    async def rejected(request: Request, exc: InputRejected) -> JSONResponse:
        return JSONResponse({"detail": {"code": exc.code.value, "message": exc.message}}, status_code=422)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> JSONResponse:
        return JSONResponse({"detail": f"{exc.reason}; try again in {exc.retry_after} s"},
                            status_code=503, headers={"Retry-After": str(exc.retry_after)})

    app.include_router(analyze_route.router)
    app.include_router(corpus_routes.router)
    app.include_router(corpus_routes.server_router)

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

