"""A throwaway PostgreSQL server for tests and benchmarks: ``initdb`` into a temporary folder,
``pg_ctl start`` on a free local port (another one when that port is taken meanwhile), stopped and
removed at the end. Nothing is installed or configured on the machine; where the server's binaries
are absent, ``server_binaries`` says why.

PostgreSQL refuses to run as root: under root (a CI container) the server runs as the
``postgres`` user that Debian's package creates.
"""
from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# Debian's postgresql package keeps the server's binaries off PATH, one folder per major version.
DEBIAN_BINARIES = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"


def server_binaries() -> tuple[Path | None, str]:
    """The folder holding initdb and pg_ctl, or None and why not."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent, ""
    versions = sorted(DEBIAN_BINARIES.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit()
                      else 0)
    if versions:
        return versions[-1].parent, ""
    return None, ("the PostgreSQL server binaries (initdb, pg_ctl) are absent: install Debian's postgresql package "
                  "(.ci/run does)")


def _run_as() -> tuple[list[str], str]:
    """The command prefix that runs the server as a user it accepts, or why there is none."""
    if os.geteuid() != 0:
        return [], ""
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        return [], f"running as root, and PostgreSQL refuses root: there is no {SERVER_USER} user to run it as"
    if shutil.which("runuser") is None:
        return [], "running as root, and PostgreSQL refuses root: runuser is absent"
    return ["runuser", "-u", SERVER_USER, "--"], ""


# free_port() closes its socket before the server binds the port, so another process may take it
# in between: a start that fails on its port is tried again on another, this many times in all.
START_ATTEMPTS = 5
_PORT_TAKEN = ("could not bind", "Address already in use", "could not create any TCP/IP sockets")


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_server(durable: bool = False) -> Iterator[str]:
    """A running server; yields the URL of its ``postgres`` database (user ``presslens``, trusted
    local connections). ``durable=False`` turns fsync off: faster, and nothing here must survive a
    power cut; a benchmark of write throughput keeps the defaults."""
    binaries, why = server_binaries()
    prefix, why_not_user = _run_as()
    if binaries is None or why_not_user:
        raise ServerUnavailable(why or why_not_user)
    root = Path(tempfile.mkdtemp(prefix="presslens-pg-"))
    if prefix:
        shutil.chown(root, SERVER_USER)
    data = root / "data"
    try:
        subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "presslens",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
                       check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise ServerUnavailable(f"initdb failed: {exc.stderr or exc.stdout}") from None
    try:
        port = _start(prefix, binaries, root, durable)
    except ServerUnavailable:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        yield f"postgresql://presslens@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _start(prefix: list[str], binaries: Path, root: Path, durable: bool) -> int:
    """Start the server in ``root``/data on a free port; the port. A port taken between choosing it
    and the server binding it (see ``free_port``) means another try on another port."""
    log = root / "log"
    for _ in range(START_ATTEMPTS):
        port = free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        log.unlink(missing_ok=True)
        started = subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(root / "data"), "-o", options,
                                  "-l", str(log), "-w", "start"], capture_output=True, text=True)
        if started.returncode == 0:
            return port
        written = log.read_text(errors="replace") if log.exists() else ""
        if not any(sign in written for sign in _PORT_TAKEN):
            break
    raise ServerUnavailable(f"the PostgreSQL server did not start: {started.stderr or started.stdout}{written}")


def new_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = f"store_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server can be started here (the reason says why)."""
