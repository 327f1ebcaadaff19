"""Entities from spaCy's named-entity recogniser, grouped by surface form (the plain version;
the actors stage replaces it with canonical, cross-variant actors)."""
from __future__ import annotations

from presslens.document import Document, Entity

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT")
_POSSESSIVES = ("'s", "’s", "'", "’")


def normalise_surface(text: str) -> str:
    """The key a surface form is grouped under: no leading "the", no trailing possessive."""
    text = " ".join(text.split())
    if text.lower().startswith("the "):
        text = text[4:]
    for suffix in _POSSESSIVES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text.strip()


class Entities:
    name = "entities"
    requires = ("parse",)
    assigns = ("entities",)

    def __call__(self, doc: Document) -> None:
        groups: dict[str, Entity] = {}
        labels: dict[str, dict[str, int]] = {}
        for ent in doc.parse.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            key = normalise_surface(ent.text)
            if not key:
                continue
            entity = groups.get(key.lower())
            if entity is None:
                entity = groups[key.lower()] = Entity(id=doc.new_id("e"), name=key, type=ent.label_)
                labels[entity.id] = {}
            entity.mentions.append(doc.span(ent.start_char, ent.end_char))
            if ent.text not in entity.aliases:
                entity.aliases.append(ent.text)
            votes = labels[entity.id]
            votes[ent.label_] = votes.get(ent.label_, 0) + 1
        for entity in groups.values():
            votes = labels[entity.id]
            entity.type = max(votes, key=lambda label: (votes[label], label == entity.type))
        doc.entities.extend(groups.values())
