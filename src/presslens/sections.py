"""Long documents in sections: analysed one window at a time and merged into one document.

Several stages compare each record with every other of its document (mentions with mentions,
quotes with dates, spans with entities), and spaCy's Doc of a whole text, with what its models
hold while parsing it, grows with the text: a 1M-character text took minutes and gigabytes. A text
longer than one window is therefore cut into sections of whole paragraphs (lines), each parsed
and analysed on its own and released before the next is parsed, so time grows with the length and
peak memory is one section's analysis plus the merged records. The merge shifts every offset into
the whole text's coordinates, makes an actor named in several sections one entity, renumbers ids
and points every reference at the new ones.

What a section cannot see is lost at its edges only: a pronoun or a quote whose antecedent or
opening lies in the previous section. Stages in WHOLE_DOCUMENT_STAGES read the text and earlier
layers but not the parse, and their article-level features (a paragraph's position, words repeated
across the article, the article vector frames and genre are read from) need the whole article:
they run once on the merged document, as they would on a short one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import fields, replace
from typing import Any

from presslens.document import ID_PREFIXES, REFERENCES, Document, Entity, Span
from presslens.names import given_group, is_initial, same_person_name, split_name

# Longest text analysed in one pass, in characters. Nearly every news article is shorter (99% of
# the PolNeAR articles are under 16,000 characters) and keeps the single pass; the stages' costs
# that grow faster than the text stay small at this size (docs/benchmarks.md, "Long documents").
SECTION_CHARS = 20_000
WHOLE_DOCUMENT_STAGES = frozenset({"techniques"})

# Where a paragraph longer than a window may be cut: after a sentence's end, else after a space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")
# Entity types under which the model files a bare surname it did not see as a person's.
_SURNAME_TYPES = frozenset({"ORG", "GPE", "NORP", "LOC"})


def section_bounds(text: str, window: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) stretches covering ``text``, each at most ``window`` characters,
    cut after a line's end; a line longer than a window is cut after a sentence, else a space."""
    bounds = []
    start = 0
    while len(text) - start > window:
        end = _cut(text, start, start + window)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit: int) -> int:
    newline = text.rfind("\n", start, limit)
    if newline >= 0:
        return newline + 1
    for pattern in (_SENTENCE_END, _SPACE):
        end = max((m.end() for m in pattern.finditer(text, start, limit)), default=start)
        if end > start:
            return end
    return limit


class Merger:
    """Collects the analyses of a document's sections, then writes their merge into it."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sections: list[dict[str, list]] = []  # per section, its layers shifted into doc.text

    def add(self, part: Document, offset: int) -> None:
        """Take in the analysis of ``part``, the section of the text that starts at ``offset``."""
        layers = {layer: [shifted(r, offset) for r in getattr(part, layer)] for layer in ID_PREFIXES}
        layers["dates"] = [shifted(d, offset) for d in part.dates]
        for error in part.errors:
            if error not in self.doc.errors:  # a stage that fails on every section is said once
                self.doc.errors.append(error)
        self.sections.append(layers)

    def finish(self) -> None:
        doc = self.doc
        entity_ids = _merge_entities(doc, [s["entities"] for s in self.sections])
        names = {e.id: e.name for e in doc.entities}
        for number, layers in enumerate(self.sections):
            ids = {"entities": entity_ids[number]}
            for layer in REFERENCES:
                if layer == "relations":  # two entities merged into one: not a relation any more
                    layers[layer] = [r for r in layers[layer]
                                     if ids["entities"].get(r.source) != ids["entities"].get(r.target)]
                ids[layer] = {r.id: doc.new_id(ID_PREFIXES[layer]) for r in layers[layer]}
            for layer, references in REFERENCES.items():
                for record in layers[layer]:
                    _point(record, references, ids[layer], ids, names)
                getattr(doc, layer).extend(layers[layer])
            doc.dates.extend(layers["dates"])
        self.sections = []


def shifted(record: Any, offset: int) -> Any:
    """A copy of ``record`` with every character offset (its own and its spans') moved by ``offset``."""
    changes: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in ("start", "end"):
            changes[f.name] = value + offset
        elif isinstance(value, Span):
            changes[f.name] = Span(value.start + offset, value.end + offset, value.text)
        elif isinstance(value, list) and value and isinstance(value[0], Span):
            changes[f.name] = [Span(s.start + offset, s.end + offset, s.text) for s in value]
    return replace(record, **changes)


def _point(record: Any, references: tuple, own_ids: dict[str, str], ids: dict[str, dict[str, str]],
           names: dict[str, str]) -> None:
    """Give ``record`` its new id and point its references at the new ids, with the names of the
    entities they now are."""
    record.id = own_ids[record.id]
    for field_name, target_layer, name_field in references:
        old = getattr(record, field_name)
        if old is None:
            continue
        new = ids[target_layer].get(old)
        setattr(record, field_name, new)
        if name_field is not None:
            setattr(record, name_field, names.get(new))


# --- entities ----------------------------------------------------------------------------------
class _Group:
    """One entity of the whole document and what it has taken in."""

    def __init__(self, entity: Entity):
        self.entity = entity  # a shifted copy (Merger.add): the merge's own to change
        self.seen = {entity.name, *entity.aliases}
        self.person = split_name(entity.name) if entity.type == "PERSON" else None

    def absorb(self, other: Entity) -> None:
        entity = self.entity
        entity.mentions.extend(other.mentions)
        for alias in (other.name, *other.aliases):
            if alias not in self.seen:
                self.seen.add(alias)
                entity.aliases.append(alias)
        entity.roles.extend(r for r in other.roles if r not in entity.roles)
        entity.country = entity.country or other.country
        entity.sector = entity.sector or other.sector

    def nearest(self, at: int) -> tuple[int, int]:
        """How near this entity is mentioned to ``at``: before it first, then after, as a sort key."""
        starts = sorted(m.start for m in self.entity.mentions)
        i = bisect.bisect_left(starts, at)
        return (0, at - starts[i - 1]) if i else (1, starts[0] - at)


def _merge_entities(doc: Document, sections: list[list[Entity]]) -> list[dict[str, str]]:
    """Write the document's entities, one per actor across sections; per section, its old entity
    ids to the new. The identity of an entity is its type and canonical name (the knowledge base's
    name for a known actor); a person a section names less fully (a bare surname, initials, or a
    surname the model took for an organisation) is the nearest person with a fuller name that fits,
    as the actors stage decides within a section."""
    groups: dict[tuple, _Group] = {}
    placed: list[dict[str, _Group]] = [{} for _ in sections]
    fuller_later = []
    for number, entities in enumerate(sections):
        for entity in entities:
            if _names_less(entity):
                fuller_later.append((number, entity))
                continue
            placed[number][entity.id] = _join(groups, entity)
    people = _People([g for g in groups.values() if g.person is not None and g.person.given])
    for number, entity in fuller_later:
        group = people.fuller(entity)
        if group is not None:
            group.absorb(entity)
            placed[number][entity.id] = group
        else:
            placed[number][entity.id] = _join(groups, entity)
    # in order of first mention, as the actors stage numbers them
    for group in sorted(groups.values(), key=lambda g: min((m.start for m in g.entity.mentions), default=0)):
        group.entity.id = doc.new_id(ID_PREFIXES["entities"])
        group.entity.mentions = sorted(set(group.entity.mentions), key=lambda m: (m.start, m.end))
        doc.entities.append(group.entity)
    return [{old: group.entity.id for old, group in section.items()} for section in placed]


class _People:
    """The people named with a given name, looked up by surname and by given name."""

    def __init__(self, groups: list[_Group]):
        self.by_surname: dict[str, list[_Group]] = {}
        self.by_given: dict[str, list[_Group]] = {}
        for group in groups:
            self.by_surname.setdefault(group.person.skeleton, []).append(group)
            if not is_initial(group.person.given[0]):
                self.by_given.setdefault(given_group(group.person.given[0]), []).append(group)

    def fuller(self, entity: Entity) -> _Group | None:
        """The person ``entity`` names less fully: the nearest one with that surname, else the
        one person with that given name ("Hillary" after "Hillary Clinton")."""
        name = split_name(entity.name)
        if name is None:
            return None
        fits = [g for g in self.by_surname.get(name.skeleton, []) if same_person_name(g.person, name)]
        if not fits and not name.given:
            fits = self.by_given.get(given_group(name.surname), [])
            fits = fits if len(fits) == 1 else []
        return min(fits, key=lambda g: g.nearest(entity.mentions[0].start)) if fits else None


def _join(groups: dict[tuple, _Group], entity: Entity) -> _Group:
    key = (entity.type, entity.name, entity.generic)
    group = groups.get(key)
    if group is None:
        group = groups[key] = _Group(entity)
    else:
        group.absorb(entity)
    return group


def _names_less(entity: Entity) -> bool:
    """A person named without a full given name, or a lone capitalised word nothing else is known
    of (an organisation, place or group the model saw in a surname)."""
    if entity.generic or not entity.mentions:
        return False
    if entity.type == "PERSON":
        name = split_name(entity.name)
        return name is not None and all(is_initial(g) for g in name.given)
    return (entity.type in _SURNAME_TYPES and " " not in entity.name and entity.name[:1].isupper()
            and entity.country is None and entity.sector is None and not entity.roles)

