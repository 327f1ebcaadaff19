"""Which language a text is in: English, Russian or Ukrainian are analysed, others rejected.

py3langid alone separates Russian from Ukrainian well on long texts (3,440 of 3,444 NER-UK and
UNLP posts right at 3,000 characters), less so on short ones, where it also answers Bulgarian or
Macedonian for Cyrillic text. Where it is unsure, or names a language we do not analyse for a
text that is mostly Cyrillic, the letters only one of the two alphabets has decide
(docs/benchmarks.md, "Russian and Ukrainian").
"""
from __future__ import annotations

import functools
import re

from presslens.data import load_json
from presslens.errors import Code, InputRejected
from presslens.options import LANGUAGES

SUPPORTED = LANGUAGES
# Below this many characters language identification is a guess; such texts are let through
# (as English unless they are written in Cyrillic).
MIN_CHARS_FOR_LANGUAGE = 40
# A verdict must be at least this sure to be taken as it is (and, for another language, to reject).
LANGUAGE_CONFIDENCE = 0.9
LANGUAGE_SAMPLE_CHARS = 3000

_LETTERS = load_json("languages/alphabet.json")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def check_language(text: str, forced: str | None = None) -> str:
    """The language of ``text`` (ISO 639-1, one of ``SUPPORTED``), ``forced`` when given; a text
    surely in another language is rejected."""
    if forced is not None:
        return forced
    language, confidence = identify(text)
    if language not in SUPPORTED and confidence >= LANGUAGE_CONFIDENCE:
        raise InputRejected.of(Code.NOT_ENGLISH, language=language, confidence=confidence)
    return language if language in SUPPORTED else "en"


def identify(text: str) -> tuple[str, float]:
    """(language, confidence) of the start of ``text``."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    cyrillic = len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample))
    if len(sample.strip()) < MIN_CHARS_FOR_LANGUAGE:
        return (russian_or_ukrainian(sample), 0.0) if cyrillic else ("en", 0.0)
    language, confidence = _identifier().classify(sample)
    if language in SUPPORTED and confidence >= LANGUAGE_CONFIDENCE:
        return language, confidence
    if cyrillic:
        return russian_or_ukrainian(sample), confidence
    return language, confidence


def russian_or_ukrainian(text: str) -> str:
    """Russian or Ukrainian, by the letters only one of them uses (і ї є ґ against ы э ъ ё);
    where they tie, py3langid's ranking of the two."""
    ukrainian = sum(text.count(c) for c in _LETTERS["uk_only"])
    russian = sum(text.count(c) for c in _LETTERS["ru_only"])
    if ukrainian != russian:
        return "uk" if ukrainian > russian else "ru"
    ranks = dict(_identifier().rank(text))
    return "ru" if ranks.get("ru", 0.0) >= ranks.get("uk", 0.0) else "uk"


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
