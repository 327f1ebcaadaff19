"""The sentence encoders a technique model can be trained on, by the name model.json records.

A model is only valid with the encoder it was trained on, so the name travels with the weights
and the technique stage encodes with that one. Both load from site-packages, never from a hub:

- ``all-MiniLM-L6-v2``: the transformer of presslens.embeddings (384 dimensions, about 30
  sentences/s per core; the claim store keeps using it).
- ``wordllama-l2_supercat-256``: WordLlama's static token embeddings averaged per sentence
  (256 dimensions, PyPI ``wordllama``, weights inside the package; thousands of sentences/s).
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

MINILM = "all-MiniLM-L6-v2"
WORDLLAMA = "wordllama-l2_supercat-256"
DIMENSIONS = {MINILM: 384, WORDLLAMA: 256}
ENCODERS = tuple(DIMENSIONS)
# the encoders that run on torch
TORCH_ENCODERS = frozenset({MINILM})
# what `presslens train techniques` uses unless told otherwise
DEFAULT_ENCODER = WORDLLAMA
# the encoder of models saved before model.json named one
LEGACY_ENCODER = MINILM


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
    """Unit-length embeddings of ``texts`` from encoder ``name``, one row per text."""
    check(name)
    if not texts:
        return np.zeros((0, DIMENSIONS[name]), dtype=np.float32)
    if name == MINILM:
        from presslens.embeddings import encode as minilm

        return minilm(texts)
    vectors = np.asarray(_wordllama().embed(texts, norm=False, batch_size=256), dtype=np.float32)
    # normalised here: WordLlama's own norm=True divides by zero for a text with no tokens
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
