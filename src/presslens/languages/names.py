"""Cyrillic names of the knowledge base's actors, in every case form, for Russian and Ukrainian text.

People's Cyrillic names are generated from their Latin spellings by a transliteration rule set
(data/languages/transliteration.json); countries, seats of power and a few organisations have
hand-written Cyrillic names (data/languages/cyrillic_aliases.json). Every name is declined by the
case endings of data/languages/inflection.json, so "Лаврова", "Лаврову" and "Лавров" are one key.
Both sides are folded (Є, Е and Э are one letter; І, И, Ы and Й another...), which makes one table
serve Russian and Ukrainian spellings alike: "Зеленський" and "Зеленский" fold to the same key.
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field

from presslens.data import load_json
from presslens.knowledge import Actor, Country, KnowledgeBase, key

_TRANSLITERATION = load_json("languages/transliteration.json")
_FOLDING = str.maketrans(_TRANSLITERATION["folding"])
_INFLECTION = sorted(load_json("languages/inflection.json")["classes"], key=lambda c: -len(c["ending"]))


def fold(word: str) -> str:
    """The lookup form of a Cyrillic word: lower case, the letters Russian and Ukrainian spell
    differently made one."""
    return word.lower().translate(_FOLDING)


def _alternatives(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _letter_table() -> list[tuple[str, list[str]]]:
    return sorted(((k, _alternatives(v)) for k, v in _TRANSLITERATION["letters"].items()), key=lambda kv: -len(kv[0]))


def cyrillic_forms(latin_word: str) -> set[str]:
    """The folded Cyrillic spellings a Latin name may have ("Zelensky" -> зеленскии, зеленски...)."""
    word = latin_word.lower()
    tail: list[str] = [""]
    for ending, value in sorted(_TRANSLITERATION["word_endings"].items(), key=lambda kv: -len(kv[0])):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            word, tail = word[: -len(ending)], _alternatives(value)
            break
    pieces: list[list[str]] = []
    letters = _letter_table()
    i = 0
    while i < len(word):
        for latin, cyrillic in letters:
            if word.startswith(latin, i):
                pieces.append(cyrillic)
                i += len(latin)
                break
        else:
            return set()  # a letter the table does not know: no form rather than a wrong one
    limit = _TRANSLITERATION["max_forms_per_word"]
    combos = itertools.islice(itertools.product(*pieces, tail), limit)
    return {"".join(c) for c in combos}


def declined(folded: str) -> set[str]:
    """Every case form of a folded nominative name, by the first inflection class it fits."""
    for cls in _INFLECTION:
        if folded.endswith(cls["ending"]):
            stem = folded[: len(folded) - cls["strip"]] if cls["strip"] else folded
            return {stem + ending for ending in cls["endings"]} | {folded}
    return {folded}


@dataclass
class NameEntry:
    """What a folded name form may refer to: a person's surname, a country, an organisation."""

    actors: list[Actor] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)


@dataclass
class CyrillicLexicon:
    # folded form of one word -> what it names (a surname, or a one-word place or organisation)
    words: dict[str, NameEntry]
    # folded forms of several words ("белыи дом") -> the same
    phrases: dict[tuple[str, ...], NameEntry]
    # per person, the folded forms of their given names, to take "Дмитрий" into "Дмитрий Песков"
    given_names: dict[str, set[str]]


def _add(table: dict, form, actor: Actor | None = None, country: Country | None = None) -> None:
    entry = table.setdefault(form, NameEntry())
    if actor is not None and actor not in entry.actors:
        entry.actors.append(actor)
    if country is not None and country not in entry.countries:
        entry.countries.append(country)


def _add_person(lexicon: CyrillicLexicon, actor: Actor) -> None:
    minimum = _TRANSLITERATION["min_folded_length"]
    for spelling in actor.spellings:
        words = spelling.replace("-", " ").split()
        if len(words) < 2 or not all(w.isalpha() and w.isascii() for w in words):
            continue  # one-word spellings are nicknames or acronyms, not names to transliterate
        for form in cyrillic_forms(words[-1]):
            if len(form) >= minimum:
                for case_form in declined(form):
                    _add(lexicon.words, case_form, actor=actor)
        given = lexicon.given_names.setdefault(actor.name, set())
        for form in cyrillic_forms(words[0]):
            given |= declined(form)


def _add_named(lexicon: CyrillicLexicon, names: list[str], actor: Actor | None = None,
               country: Country | None = None) -> None:
    for name in names:
        words = [fold(w) for w in name.split()]
        if len(words) == 1:
            forms = declined(words[0]) if not name.isupper() else {words[0]}
            for form in forms:
                _add(lexicon.words, form, actor=actor, country=country)
        else:
            _add(lexicon.phrases, tuple(words), actor=actor, country=country)


@functools.lru_cache(maxsize=8)
def cyrillic_lexicon(kb: KnowledgeBase) -> CyrillicLexicon:
    """The Cyrillic names of ``kb`` (built once per knowledge base)."""
    lexicon = CyrillicLexicon(words={}, phrases={}, given_names={})
    for actor in kb.actors:
        if actor.type == "PERSON":
            _add_person(lexicon, actor)
    aliases = load_json("languages/cyrillic_aliases.json")
    country_by_name = {c.name: c for c in kb.countries.values()}
    for name, cyrillic in aliases["countries"].items():
        _add_named(lexicon, cyrillic, country=country_by_name[name])
    for name, cyrillic in aliases["actors"].items():
        _add_named(lexicon, cyrillic, actor=kb.by_key[key(name)])
    return lexicon
