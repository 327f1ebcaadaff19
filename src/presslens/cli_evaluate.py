"""The command line's evaluation and training commands (``presslens evaluate ...``,
``presslens train ...``): thin layers over ``presslens.evaluate`` and ``presslens.techniques``."""
from __future__ import annotations

import json

import click

from presslens.cli_options import OneLineUsageError
from presslens.options import AnalyzeOptions
from presslens.techniques.encoders import DEFAULT_ENCODER, ENCODERS


@click.group()
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


@click.group()
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


@evaluate.command("ner-uk")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None,
              help="Cross-validate by document with this many folds (stratified by source), training on "
                   "DIRECTORY itself; without it the shipped model is scored (it was trained on NER-UK dev).")
@click.option("--seed", type=int, default=None, help="Seed of the folds and of training.")
@click.option("--fold", "only", type=click.IntRange(min=1), multiple=True,
              help="With --cv: run only this fold (repeatable), e.g. to run folds in separate processes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def evaluate_ner_uk(directory: str, folds: int | None, seed: int | None, only: tuple[int, ...], fmt: str) -> None:
    """Score the Ukrainian NER on DIRECTORY in NER-UK's brat format (one folder per source of
    .txt/.ann pairs): recall, precision and F1 per entity type, exact span and type right, and
    touching a gold entity of the same type."""
    from presslens.languages.ner_corpus import read_corpus
    from presslens.languages.ner_evaluation import cross_validate, format_report, format_scores, score
    from presslens.languages.ner_model import load_shipped
    from presslens.languages.ner_training import DEFAULT_SEED

    texts = read_corpus(directory)
    if folds:
        report = cross_validate(texts, folds, seed if seed is not None else DEFAULT_SEED, only=only)
        text = format_report(report)
    else:
        nlp = load_shipped()
        predicted = [{(e.start_char, e.end_char, e.label_) for e in doc.ents}
                     for doc in nlp.pipe((t.text for t in texts), batch_size=8)]
        report = {"texts": len(texts), "scores": score(predicted, [t.entities for t in texts])}
        text = f"NER-UK, shipped model, {len(texts)} texts\n" + format_scores(report["scores"])
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else text)


@train.command("ner-uk")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the spaCy pipeline and its manifest (default: the package's own model folder).")
@click.option("--epochs", type=click.IntRange(min=1), default=None,
              help="Epochs over every text (default: the config's max_epochs).")
@click.option("--seed", type=int, default=None)
def train_ner_uk(data_dir: str, out_dir: str | None, epochs: int | None, seed: int | None) -> None:
    """Train the Ukrainian NER (spaCy, blank uk + tok2vec + ner) on every text of DATA_DIR (NER-UK
    brat format) and write it with a SHA-256 manifest."""
    from pathlib import Path

    from presslens.languages.ner_corpus import read_corpus
    from presslens.languages.ner_model import shipped_directory, write_manifest
    from presslens.languages.ner_training import DEFAULT_SEED, train_ner

    texts = read_corpus(data_dir)
    target = Path(out_dir) if out_dir else shipped_directory()
    result = train_ner(texts, target, max_epochs=epochs, seed=seed if seed is not None else DEFAULT_SEED)
    write_manifest(target)
    counts = result.alignment
    click.echo(f"presslens: trained on {len(texts)} texts in {result.seconds:.0f} s; {counts.total} entities, "
               f"{counts.expanded} widened to whole tokens, {counts.unaligned} not aligned, "
               f"{counts.overlapping_dropped} nested/overlapping left out; written to {target}", err=True)
