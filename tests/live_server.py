"""A presslens server running for real (uvicorn on loopback) in a background thread, for tests
that need a live HTTP server: the browser tests and the load test."""
from __future__ import annotations

import contextlib
import socket
import threading
import time

import uvicorn

from presslens.api.app import ServerSettings, create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(settings: ServerSettings, store=None):
    """Yields the base URL while the server runs; stops it afterwards."""
    app = create_app(settings, store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           limit_concurrency=200, backlog=256))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=15)
