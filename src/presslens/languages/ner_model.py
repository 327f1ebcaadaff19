"""The shipped Ukrainian NER model (data/models/ner-uk: spaCy's ``to_disk`` files, no pickle) and its
SHA-256 manifest, checked before the model is loaded: a file changed, missing or added since
training stops the load instead of giving silently different entities."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

MANIFEST = "manifest.json"
# Files beside the model that are not part of it.
NOT_HASHED = {MANIFEST, "MODEL_CARD.md"}


def shipped_directory() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "models" / "ner-uk"


def _model_files(directory: Path) -> list[Path]:
    files = (p for p in directory.rglob("*") if p.is_file())
    return sorted(p for p in files if p.relative_to(directory).as_posix() not in NOT_HASHED)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(directory: str | Path) -> Path:
    """Write the SHA-256 of every file of the model in ``directory`` to its manifest."""
    directory = Path(directory)
    files = {p.relative_to(directory).as_posix(): _digest(p) for p in _model_files(directory)}
    path = directory / MANIFEST
    path.write_text(json.dumps({"sha256": files}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def verify_manifest(directory: str | Path) -> None:
    """Raise ValueError unless the files of ``directory`` are exactly those of its manifest."""
    directory = Path(directory)
    manifest = directory / MANIFEST
    if not manifest.exists():
        raise ValueError(f"{directory} has no {MANIFEST}: the model cannot be checked")
    expected = json.loads(manifest.read_text(encoding="utf-8"))["sha256"]
    present = {p.relative_to(directory).as_posix(): p for p in _model_files(directory)}
    missing, extra = sorted(set(expected) - set(present)), sorted(set(present) - set(expected))
    if missing or extra:
        raise ValueError(f"{directory}: files differ from {MANIFEST} (missing {missing}, extra {extra})")
    for name, digest in expected.items():
        if _digest(present[name]) != digest:
            raise ValueError(f"{directory}/{name} does not match its SHA-256 in {MANIFEST}")


def load_model(directory: str | Path):
    """The spaCy pipeline in ``directory``, after its manifest is checked."""
    import spacy

    verify_manifest(directory)
    return spacy.load(directory)


@functools.lru_cache(maxsize=2)
def load_shipped(max_chars: int = 2_000_000):
    """The shipped Ukrainian NER pipeline (tokenizer, tok2vec, ner) with a sentencizer added."""
    nlp = load_model(shipped_directory())
    nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    return nlp
