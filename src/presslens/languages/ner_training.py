"""Training of the Ukrainian NER model on NER-UK with spaCy's own training loop.

The config is the data file data/ner/uk-training.cfg; this module only writes the corpus as DocBin
files, fills in their paths and the epoch limit, and runs ``init_nlp`` and ``train``. Early stopping
reads a dev slice cut from the training texts themselves (never from a test fold), and the model
kept is spaCy's ``model-best`` from that slice; with no dev slice (the shipped model, trained on
every text) training runs a fixed number of epochs and keeps ``model-last``.
"""
from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from presslens.languages.ner_corpus import AlignmentCounts, BratText, paragraphs, to_doc

CONFIG_PATH = Path(__file__).resolve().parent.parent / "data" / "ner" / "uk-training.cfg"
LOGGER_NAME = "presslens.ner_progress.v1"
DEFAULT_SEED = 2025
DEV_FRACTION = 0.1
MODEL_META = {"name": "presslens_ner_uk", "version": "1.0.0", "license": "CC BY-NC-SA 4.0 (trained on NER-UK 2.0)",
              "description": "Ukrainian NER of presslens, trained on NER-UK 2.0 dev (data/models/ner-uk/MODEL_CARD.md)"}


@dataclass
class TrainResult:
    model_dir: Path
    seconds: float
    alignment: AlignmentCounts
    # (epoch, step, dev score) of each evaluation, in order
    evaluations: list[tuple[int, int, float]] = field(default_factory=list)

    @property
    def best_epoch(self) -> int | None:
        if not self.evaluations:
            return None
        return max(self.evaluations, key=lambda e: (e[2], -e[1]))[0]


_progress: list[tuple[int, int, float]] = []


def _register_logger() -> None:
    """A spaCy training logger that prints one line per evaluation to stderr and keeps the scores
    (the ``train`` loop reports them only to its logger)."""
    from spacy.util import registry

    if LOGGER_NAME in registry.loggers.get_all():
        return

    @registry.loggers(LOGGER_NAME)
    def progress_logger():
        def setup(nlp, stdout=sys.stdout, stderr=sys.stderr):
            def log_step(info):
                if info is None:
                    return
                entry = (info["epoch"], info["step"], float(info["score"] or 0.0))
                _progress.append(entry)
                print(f"  epoch {entry[0]} step {entry[1]}: dev ents_f {entry[2]:.4f} "
                      f"(loss {info['losses'].get('ner', 0.0):.1f})", file=sys.stderr, flush=True)

            return log_step, lambda: None

        return setup


def stratified_slice(texts: Sequence[BratText], fraction: float, seed: int) -> tuple[list[BratText], list[BratText]]:
    """``texts`` split into (rest, slice), the slice about ``fraction`` of each source's texts,
    drawn by a seeded shuffle."""
    rng = random.Random(seed)
    rest, cut = [], []
    for source in sorted({t.source for t in texts}):
        group = sorted((t for t in texts if t.source == source), key=lambda t: t.id)
        rng.shuffle(group)
        size = max(1, round(len(group) * fraction))
        cut.extend(group[:size])
        rest.extend(group[size:])
    return rest, cut


def _write_docbin(nlp, texts: Sequence[BratText], path: Path) -> AlignmentCounts:
    from spacy.tokens import DocBin

    counts = AlignmentCounts()
    docbin = DocBin(store_user_data=False)
    for text in texts:
        doc, aligned = to_doc(nlp, text)
        counts.add(aligned)
        for piece in paragraphs(doc):
            docbin.add(piece)
    docbin.to_disk(path)
    return counts


def train_ner(texts: Sequence[BratText], out_dir: str | Path, dev_texts: Sequence[BratText] | None = None,
              max_epochs: int | None = None, seed: int = DEFAULT_SEED) -> TrainResult:
    """Train the NER on ``texts`` and write the spaCy pipeline to ``out_dir``. With ``dev_texts``,
    training stops early on their score and the best model is kept; without, it runs
    ``max_epochs`` epochs (the config's limit if None) and the last model is kept."""
    import spacy
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as spacy_train
    from spacy.util import load_config

    _register_logger()
    started = time.perf_counter()
    blank = spacy.blank("uk")
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="presslens-ner-") as work:
        work = Path(work)
        alignment = _write_docbin(blank, texts, work / "train.spacy")
        _write_docbin(blank, dev_texts if dev_texts else texts[: max(1, len(texts) // 20)], work / "dev.spacy")
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                     "system.seed": seed, "training.logger": {"@loggers": LOGGER_NAME}}
        if max_epochs is not None:
            overrides["training.max_epochs"] = max_epochs
        if not dev_texts:
            overrides["training.patience"] = 0
        config = load_config(CONFIG_PATH, overrides=overrides, interpolate=False)
        nlp = init_nlp(config)
        nlp.meta.update(MODEL_META)
        _progress.clear()
        (work / "output").mkdir()
        spacy_train(nlp, work / "output", stdout=sys.stderr, stderr=sys.stderr)
        chosen = work / "output" / ("model-best" if dev_texts else "model-last")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.copytree(chosen, out_dir)
    drop_training_strings(out_dir)
    return TrainResult(out_dir, time.perf_counter() - started, alignment, list(_progress))


def drop_training_strings(model_dir: str | Path) -> None:
    """Empty the string store the pipeline saved (every word form seen in training, 2.5 MB):
    the model reads hashes of NORM, PREFIX, SUFFIX and SHAPE, computed from the text at run time,
    and its labels are stored with the NER's moves, so its entities are the same without it."""
    (Path(model_dir) / "vocab" / "strings.json").write_text("[]", encoding="utf-8")


def train_with_dev_slice(texts: Sequence[BratText], out_dir: str | Path, seed: int = DEFAULT_SEED,
                         max_epochs: int | None = None) -> TrainResult:
    """Train on nine tenths of ``texts``, stopping early on the other tenth (drawn per source)."""
    rest, dev = stratified_slice(texts, DEV_FRACTION, seed)
    return train_ner(rest, out_dir, dev_texts=dev, max_epochs=max_epochs, seed=seed)


def predict(model_dir: str | Path, texts: Sequence[BratText],
            load: Callable | None = None) -> list[set[tuple[int, int, str]]]:
    """The entities (start, end, label) the model in ``model_dir`` finds in each text."""
    import spacy

    nlp = (load or spacy.load)(model_dir)
    return [{(e.start_char, e.end_char, e.label_) for e in doc.ents}
            for doc in nlp.pipe((t.text for t in texts), batch_size=8)]
