"""The quote cue vocabulary (``data/cues/quotes.json``), shared by the quotes stage and the
PolNeAR evaluator so that both agree on what a reporting verb is."""
from __future__ import annotations

import functools
import re

from presslens.data import load_json

_VOCAB = load_json("cues/quotes.json")

SPEECH_VERBS: frozenset[str] = frozenset(_VOCAB["speech_verbs"])
QUOTE_ONLY_VERBS: frozenset[str] = frozenset(_VOCAB["quote_only_verbs"])
NP_CONTENT_VERBS: frozenset[str] = frozenset(_VOCAB["np_content_verbs"])
PASSIVE_CONTENT_VERBS: frozenset[str] = NP_CONTENT_VERBS | frozenset(_VOCAB["passive_content_verbs"])
LABEL_VERBS: frozenset[str] = frozenset(_VOCAB["label_verbs"])
NOMINAL_CUES: frozenset[str] = frozenset(_VOCAB["nominal_cues"])
REPORTING_PHRASES: tuple[str, ...] = tuple(_VOCAB["reporting_phrases"])
AUTHORING_VERBS: frozenset[str] = frozenset(_VOCAB["authoring_verbs"])
PHRASAL_PARTICLES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _VOCAB["phrasal_particles"].items()}
TOPIC_PREPOSITIONS: frozenset[str] = frozenset(_VOCAB["topic_prepositions"])
CHANNELS: dict[str, str] = dict(_VOCAB["channels"])
QUOTE_MARKS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _VOCAB["quote_marks"].items()}
IRREGULAR_FORMS: dict[str, list[str]] = dict(_VOCAB["irregular_forms"])

_VOWELS = "aeiou"


def inflections(lemma: str) -> set[str]:
    """The regular forms of a verb: lemma, -s, -ed, -ing (with the usual spelling changes), plus
    its listed irregular forms (doubled consonants are listed there too: admitted)."""
    forms = {lemma, *IRREGULAR_FORMS.get(lemma, [])}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


@functools.lru_cache(maxsize=1)
def speech_verb_forms() -> frozenset[str]:
    """Every inflected form of every speech verb, lower case."""
    return frozenset(form for lemma in SPEECH_VERBS for form in inflections(lemma))


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def is_speech_cue_text(cue: str) -> bool:
    """Whether a cue as written (one or more words, e.g. "also said", "according to") holds a
    reporting verb or a reporting phrase."""
    lowered = " ".join(cue.lower().split())
    if any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in REPORTING_PHRASES):
        return True
    forms = speech_verb_forms()
    return any(w in forms for w in _WORD.findall(lowered))


def opens_with_quote_mark(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith(tuple(QUOTE_MARKS)) or stripped.startswith(("”", "’"))
