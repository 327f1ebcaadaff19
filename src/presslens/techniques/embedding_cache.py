"""A disk cache of sentence embeddings for training and evaluation runs, keyed by the text's
hash, so that cross-validation and retraining encode each sentence once. Each encoder has its own
file, named with the encoder's fingerprint: vectors stored before an upgrade of the packages it
runs on, or before its static table changed, are not reused (they would train a model on vectors
the analysis never computes)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from presslens.techniques.encoders import DIMENSIONS, MINILM, encode, fingerprint

DEFAULT_CACHE = Path(os.environ.get("PRESSLENS_EMBED_CACHE", "/tmp/presslens-embeddings"))


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cached_encode(texts: list[str], encoder: str, cache_dir: Path | None = DEFAULT_CACHE,
                  chunk: int = 2000) -> np.ndarray:
    """``encode(texts, encoder)``, reading and extending the cache in ``cache_dir`` (None: no
    cache); each encoder and fingerprint has its own file there."""
    if cache_dir is None:
        return encode(texts, encoder)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{'minilm' if encoder == MINILM else encoder}-{fingerprint(encoder)}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    for i in range(0, len(missing), chunk):
        part = missing[i:i + chunk]
        vectors = encode([t for _, t in part], encoder)
        known.update(zip([k for k, _ in part], vectors, strict=True))
        _save(path, known)  # after every chunk: an interrupted run keeps its work
    out = np.zeros((len(texts), DIMENSIONS[encoder]), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = known[k]
    return out


def _save(path: Path, known: dict[str, np.ndarray]) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(list(known)), vectors=np.stack(list(known.values())).astype(np.float32))
    os.replace(tmp, path)
