"""Actors in Ukrainian text from the NER model as well as from the knowledge base.

The knowledge base's Cyrillic names are read first (presslens.languages.actors): a name it knows
is that actor, with its English canonical name. Every PERS, ORG and LOC entity of the NER that no
known name overlaps becomes a mention of a new actor. Mentions of one new actor are grouped by
their stems (the case endings of data/languages/inflection.json stripped from the folded words),
so "Петренко", "Петренка" and "Іван Петренко" are one person: a person by the stem of the last
word of the name, an organisation or a place by the stems of all its words. One word that is the
surname of a person named in full in the article is that person, whatever type the model gave it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from presslens.data import load_json
from presslens.document import Document, Entity
from presslens.languages.actors import CyrillicActors
from presslens.languages.names import fold

# NER-UK types kept as actors, and the actor type each becomes (NER-UK's LOC covers countries,
# cities and natural places alike, so it stays LOC).
ACTOR_TYPE_OF = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOC"}
MIN_STEM = 3


@functools.cache
def _case_endings() -> tuple[str, ...]:
    classes = load_json("languages/inflection.json")["classes"]
    return tuple(sorted({e for c in classes for e in c["endings"] if e}, key=len, reverse=True))


def stem(word: str) -> str:
    """The folded word without its longest case ending that leaves at least MIN_STEM letters."""
    folded = fold(word)
    for ending in _case_endings():
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_STEM:
            return folded[: -len(ending)]
    return folded


def _group_key(label: str, words: list[str]) -> tuple[str, ...]:
    stems = tuple(stem(w) for w in words)
    return (label, stems[-1]) if label == "PERS" else (label, *stems)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotation marks or other punctuation the tokenizer left on its edges
    ("Будінвест-Полісся»": NER-UK's texts, tokenized, have their marks apart, news text does not)."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] != ".":
        end -= 1
    return start, end


@dataclass
class _NewActor:
    label: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The fullest surface, first seen (usually the name as introduced, in the nominative)."""
        return max(self.surfaces, key=lambda s: len(s.split()))


class NerActors(CyrillicActors):
    """Known actors by their Cyrillic names, then new ones from the NER's entities (``doc.parse.ents``)."""

    def __call__(self, doc: Document) -> None:
        super().__call__(doc)
        taken = sorted((m.start, m.end) for e in doc.entities for m in e.mentions)
        found: dict[tuple[str, ...], _NewActor] = {}
        ents = [e for e in doc.parse.ents if e.label_ in ACTOR_TYPE_OF
                and not any(s < e.end_char and e.start_char < end for s, end in taken)]
        surnames = {stem(e[-1].text) for e in ents if e.label_ == "PERS" and len(e) > 1}
        for ent in ents:
            words = [t.text for t in ent if t.is_alpha]
            if not words:
                continue
            # one word that the article has as a person's surname is that person, whatever the
            # model called it there ("За словами Вереснюк" after "Оксана Вереснюк")
            label = "PERS" if len(words) == 1 and stem(words[0]) in surnames else ent.label_
            start, end = _trimmed(doc.text, ent.start_char, ent.end_char)
            record = found.setdefault(_group_key(label, words), _NewActor(label))
            record.mentions.append((start, end))
            if doc.text[start:end] not in record.surfaces:
                record.surfaces.append(doc.text[start:end])
        self._join_surnames(found)
        new = [Entity(id="", name=r.name, type=ACTOR_TYPE_OF[r.label], aliases=list(r.surfaces),
                      mentions=[doc.span(s, e) for s, e in sorted(set(r.mentions))]) for r in found.values()]
        merged = sorted([*doc.entities, *new], key=lambda e: min((m.start for m in e.mentions), default=0))
        for entity in new:
            entity.id = doc.new_id("e")
        doc.entities[:] = merged

    @staticmethod
    def _join_surnames(found: dict[tuple[str, ...], _NewActor]) -> None:
        """A one-word person whose stem is the last stem of exactly one longer person's name is
        that person (PERS keys already join on the last word; this joins a given name alone
        only when it is unambiguous)."""
        people = [(k, r) for k, r in found.items() if k[0] == "PERS"]
        first_names: dict[str, list[tuple[str, ...]]] = {}
        for k, record in people:
            for surface in record.surfaces:
                words = surface.split()
                if len(words) > 1:
                    first_names.setdefault(stem(words[0]), []).append(k)
        for k, record in people:
            if all(len(s.split()) == 1 for s in record.surfaces):
                owners = set(first_names.get(k[1], ())) - {k}
                if len(owners) == 1:
                    target = found[owners.pop()]
                    target.mentions.extend(record.mentions)
                    target.surfaces.extend(s for s in record.surfaces if s not in target.surfaces)
                    del found[k]
