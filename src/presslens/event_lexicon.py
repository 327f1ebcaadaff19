"""The word tables the event modules read: the event lexicon (``data/cues/events.json``) and the
modality cues (``data/cues/modality.json``), both keyed by lower-case spaCy lemmas."""
from __future__ import annotations

import functools

from presslens.data import load_json


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    return load_json("cues/events.json")


@functools.lru_cache(maxsize=1)
def modality() -> dict:
    return load_json("cues/modality.json")


def lemma_of(tok) -> str:
    """A word's lemma as the tables write it."""
    return tok.lemma_.lower()
