"""Actors in Russian and Ukrainian text: the knowledge base's people, states and organisations found
by their Cyrillic names in any case (presslens.languages.names), each an entity named as in English
text ("Лаврову" and "Лавров" -> Sergey Lavrov), so that analyses in all three languages share actors.

Without a trained Russian or Ukrainian NER model, only actors the knowledge base knows are found.
A surname that several known people share (Клинтон) is taken for the one the article has already
named in full, else left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from presslens.document import Document, Entity
from presslens.knowledge import Actor, Country
from presslens.languages.names import CyrillicLexicon, NameEntry, cyrillic_lexicon, fold
from presslens.stages.actors import ActorStage

# Longest Cyrillic name phrase looked up, in words ("Соединённые Штаты Америки").
MAX_PHRASE_WORDS = 3


@dataclass
class _Found:
    """The mentions of one actor or country in the document."""

    actor: Actor | None
    country: Country | None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)


def _is_name_token(token) -> bool:
    text = token.text
    return text[:1].isupper() and any("\u0400" <= c <= "\u04ff" for c in text)


class CyrillicActors(ActorStage):
    def __call__(self, doc: Document) -> None:
        lexicon = cyrillic_lexicon(self.kb)
        found: dict[str, _Found] = {}
        tokens = list(doc.parse)
        i = 0
        while i < len(tokens):
            i = self._read_at(doc, tokens, i, lexicon, found)
        doc.entities.extend(self._entities(doc, found))

    def _read_at(self, doc: Document, tokens: list, i: int, lexicon: CyrillicLexicon,
                 found: dict[str, _Found]) -> int:
        """Take the name that starts at token ``i``, if any; the index of the next token to read."""
        if not _is_name_token(tokens[i]):
            return i + 1
        for width in range(MAX_PHRASE_WORDS, 1, -1):
            words = tuple(fold(t.text) for t in tokens[i:i + width])
            entry = lexicon.phrases.get(words) if len(words) == width else None
            if entry is not None:
                self._add(doc, found, entry, None, tokens[i].idx, tokens[i + width - 1])
                return i + width
        entry = lexicon.words.get(fold(tokens[i].text))
        if entry is None:
            return i + 1
        start = tokens[i].idx
        actor = None
        if entry.actors:
            given = tokens[i - 1] if i > 0 and _is_name_token(tokens[i - 1]) else None
            actor = self._person(entry, lexicon, given, found)
            if actor is not None and given is not None and fold(given.text) in lexicon.given_names.get(actor.name, ()):
                start = given.idx
        self._add(doc, found, entry, actor, start, tokens[i])
        return i + 1

    @staticmethod
    def _person(entry: NameEntry, lexicon: CyrillicLexicon, given, found: dict[str, _Found]) -> Actor | None:
        """The known person a surname names: the only one, the one its given name fits, or the one
        the article has named already."""
        if len(entry.actors) == 1:
            return entry.actors[0]
        if given is not None:
            fits = [a for a in entry.actors if fold(given.text) in lexicon.given_names.get(a.name, ())]
            if len(fits) == 1:
                return fits[0]
        named = [a for a in entry.actors if a.name in found]
        return named[0] if len(named) == 1 else None

    @staticmethod
    def _add(doc: Document, found: dict[str, _Found], entry: NameEntry, actor: Actor | None, start: int,
             last_token) -> None:
        end = last_token.idx + len(last_token.text)
        if actor is None and len(entry.actors) == 1 and not entry.countries:
            actor = entry.actors[0]
        country = entry.countries[0] if actor is None and len(entry.countries) == 1 else None
        if actor is None and country is None:
            return
        name = actor.name if actor is not None else country.name
        record = found.setdefault(name, _Found(actor, country))
        record.mentions.append((start, end))
        surface = doc.text[start:end]
        if surface not in record.surfaces:
            record.surfaces.append(surface)

    def _entities(self, doc: Document, found: dict[str, _Found]) -> list[Entity]:
        year = doc.meta.published_date.year if doc.meta.published_date else None
        out = []
        for record in sorted(found.values(), key=lambda r: min(r.mentions)):
            actor, country = record.actor, record.country
            if actor is not None:
                kind, code, sector = actor.type, actor.country, actor.sector
                roles = [str(r) for r in actor.roles if year is None or r.start is None or r.start <= year]
                aliases = [*record.surfaces, *(s for s in actor.spellings if s != actor.name)]
            else:
                kind, code, sector, roles = "GPE", country.iso3, "GOV", []
                aliases = [*record.surfaces, *country.aliases]
            name = actor.name if actor is not None else country.name
            out.append(Entity(id=doc.new_id("e"), name=name, type=kind, country=code, sector=sector, roles=roles,
                              aliases=list(dict.fromkeys(aliases)),
                              mentions=[doc.span(s, e) for s, e in sorted(set(record.mentions))]))
        return out
