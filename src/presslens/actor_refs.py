"""From a noun phrase in the parse to the entities it names.

Shared by the relations, labels and claims stages. The entities stage (or the actors stage that
replaces it) owns the mentions; this module reads a phrase the way an event coder does: the head's
own mention first ("Foreign Minister Lavrov"), then an apposed name ("the Secretary General ...
Ahmed Abul Gheit"), then the actor a proxy noun belongs to ("the leadership of Hamas", "Hamas
officials", "the Russian capital"), then a definite description that refers back ("the militant
group"), then a pronoun's nearest compatible antecedent. "We"/"our" in a quote stand for the
speaker's side: the speaker's country where the speaker is a person with a known country.
"""
from __future__ import annotations

import functools
from collections.abc import Collection

from presslens.data import load_json
from presslens.document import Document, Entity, Quote
from presslens.syntax import (
    FIRST_PERSON_PRONOUNS,
    GROUP_PRONOUNS,
    NAME_MODIFIERS,
    NOMINAL_SUBJECTS,
    NOUN_MODIFIERS,
    PARTY_LABELS,
    PERSON_PRONOUNS,
)

# The entities a group pronoun ("it", "they") can stand for.
STATE_TYPES = PARTY_LABELS - {"PERSON", "FAC"}
# How far back (in sentences) a pronoun or a definite description looks for its antecedent.
LOOKBACK_SENTENCES = 2


@functools.lru_cache(maxsize=1)
def _vocabulary() -> dict[str, frozenset[str]]:
    """The word lists of ``cues/events.json`` this module reads."""
    data = load_json("cues/events.json")
    return {name: frozenset(data[name])
            for name in ("proxy_nouns", "anaphoric_nouns", "authoring_participles", "blocking_prepositions")}


def quote_at(doc: Document, start: int, end: int | None = None) -> Quote | None:
    """The quote whose words contain ``start:end`` (the shortest, where quotes nest)."""
    end = start + 1 if end is None else end
    inside = [q for q in doc.quotes if q.start <= start and end <= q.end]
    return min(inside, key=lambda q: q.end - q.start) if inside else None


def demonym_match(adjective: str, name: str) -> bool:
    """"Russian" ~ "Russia", "Ukrainian" ~ "Ukraine", "Israeli" ~ "Israel": the adjective starts
    with the name, less at most its last letter."""
    adjective, name = adjective.lower(), name.lower()
    if len(name) < 4 or " " in name or adjective == name:
        return False
    return adjective.startswith(name) or (adjective.startswith(name[:-1]) and len(adjective) > len(name))


class ResolvingStage:
    """Base of the stages that read the parse and map its phrases to the document's entities
    (relations, labels, claims): they run after the entities and quotes, and read nothing from
    a document without a parse."""

    name: str = ""
    requires: tuple[str, ...] = ("parse", "entities", "quotes")
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> None:
        if doc.parse is not None:
            self.read(doc, EntityResolver(doc))

    def read(self, doc: Document, resolver: EntityResolver) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class EntityResolver:
    """Resolves parse tokens (noun-phrase heads) of one document to its entities."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._mentions = sorted(((m.start, m.end, e) for e in doc.entities for m in e.mentions),
                                key=lambda x: x[0])

    # --- single tokens ---------------------------------------------------------------------
    def at_token(self, tok) -> Entity | None:
        return self.doc.entity_at(tok.idx, tok.idx + len(tok.text))

    def speaker_side(self, speaker: Entity | None) -> Entity | None:
        """Who "we" are in a speaker's mouth: their country for a person or body of a state."""
        if speaker is None:
            return None
        if speaker.type not in ("GPE",) and speaker.country:
            state = [e for e in self.doc.entities if e.type == "GPE" and e.country == speaker.country]
            if state:
                return max(state, key=lambda e: len(e.mentions))
        return speaker

    def demonym(self, adjective: str) -> Entity | None:
        candidates = [e for e in self.doc.entities if e.type in ("GPE",) and demonym_match(adjective, e.name)]
        return max(candidates, key=lambda e: len(e.mentions)) if candidates else None

    def _preceding(self, tok, types: Collection[str], pronoun: bool, country: str | None = None,
                   exclude: frozenset[str] = frozenset()) -> Entity | None:
        """The nearest entity of ``types`` (of ``country`` where one is given and known) mentioned
        before the phrase of ``tok`` in its sentence or the few before it; for a pronoun, a
        subject mention of its own sentence is preferred. Entities in ``exclude`` are skipped."""
        sent = tok.sent
        doc = tok.doc
        first_sentence_start = sent.start_char
        sentences = list(doc.sents)
        index = next((i for i, s in enumerate(sentences) if s.start == sent.start), 0)
        if index:
            first_sentence_start = sentences[max(0, index - LOOKBACK_SENTENCES)].start_char
        best = None
        phrase_start = tok.left_edge.idx
        for start, _end, entity in self._mentions:
            if start >= phrase_start:
                break
            if start < first_sentence_start or entity.type not in types or entity.id in exclude:
                continue
            if country and entity.country and entity.country != country:
                continue
            best = entity
        if pronoun:
            for t in sent:
                if t.i >= tok.i:
                    break
                if t.dep_ in NOMINAL_SUBJECTS:
                    entity = self.at_token(t)
                    if entity is not None and entity.type in types and entity.id not in exclude:
                        best = entity
        return best

    # --- phrases -----------------------------------------------------------------------------
    def resolve(self, tok, speaker: Entity | None = None, depth: int = 0,
                exclude: frozenset[str] = frozenset()) -> list[Entity]:
        """The entities a noun-phrase head stands for (empty when none is known); a pronoun is
        never resolved to an entity of ``exclude`` (the act's own actor: "X pardoned him" is
        not X)."""
        if depth > 4:
            return []
        lower = tok.lower_
        if lower in FIRST_PERSON_PRONOUNS and tok.text != "US":  # "US" is the country, not "us"
            side = self.speaker_side(speaker) if speaker is not None else None
            return [side] if side is not None else []
        entity = self.at_token(tok)
        if entity is not None:
            return [entity]
        if tok.pos_ == "PRON":
            found = self._antecedent(tok, exclude)
            return [found] if found is not None else []
        for child in tok.children:
            if child.dep_ == "appos":
                named = self.resolve(child, speaker, depth + 1)
                if named:
                    return named
        proxy, anaphoric = _vocabulary()["proxy_nouns"], _vocabulary()["anaphoric_nouns"]
        lemma = tok.lemma_.lower()
        if lemma in proxy or lower in proxy:  # "Hamas officials" (but "the South Carolina senator" is a person)
            for child in tok.children:
                if child.dep_ == "compound":
                    entity = self.at_token(child)
                    if entity is not None:
                        return [entity]
        if lemma in proxy or lower in proxy:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            named = self.resolve(pobj, speaker, depth + 1)
                            if named:
                                return named
                if child.dep_ == "poss":
                    named = self.resolve(child, speaker, depth + 1)
                    if named:
                        return named
        if lemma in proxy or lower in proxy or lemma in anaphoric:
            for child in tok.children:
                if child.dep_ in NOUN_MODIFIERS and child.pos_ in ("ADJ", "PROPN"):
                    # "Russian forces": Russia where the text names it, else the nationality itself
                    entity = self.demonym(child.text) or self._named_by(child)
                    if entity is not None and lemma in proxy:
                        return [entity]
        if lemma in anaphoric and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            # "the Palestinian militant group": an earlier organisation, of that country if said
            types = ("GPE",) if lemma in ("country", "state", "nation") else ("ORG",)
            modifier = next((e for c in tok.children if c.dep_ in NOUN_MODIFIERS
                             for e in [self.at_token(c)] if e is not None and e.country), None)
            found = self._preceding(tok, types, pronoun=False, country=modifier.country if modifier else None)
            return [found] if found is not None else []
        return []

    def _antecedent(self, pronoun, exclude: frozenset[str]) -> Entity | None:
        """The entity a third-person pronoun stands for: a person for "he"/"she", a state or
        organisation for "it"/"they"; None for any other pronoun."""
        lower = pronoun.lower_
        if lower in PERSON_PRONOUNS:
            return self._preceding(pronoun, ("PERSON",), pronoun=True, exclude=exclude)
        if lower in GROUP_PRONOUNS:
            return self._preceding(pronoun, STATE_TYPES, pronoun=True, exclude=exclude)
        return None

    def _named_by(self, tok) -> Entity | None:
        entity = self.at_token(tok)
        return entity if entity is not None and entity.type in OWNER_TYPES else None

    def resolve_party(self, tok, speaker: Entity | None = None, place: bool = False, depth: int = 0,
                      exclude: frozenset[str] = frozenset(), inside: bool = False) -> list[Entity]:
        """The entities a participant phrase stands for, as an event coder codes actors: the
        phrase's own entity (``resolve``), else the state, people or organisation it belongs to:
        its named possessor ("Iran's parliament"), a naming word before it, nearest first
        ("Taliban hideouts", "Iraqi warplanes", "their Chinese counterparts"), the party of an
        "of"/"from" phrase ("leaders of X", "a group of Saudi hackers") or of a "by" phrase
        ("missiles fired by X", "a request by X"), a pronoun possessor, then
        the place it lies in: for a recipient (``place``: "a base in X") or an institution
        ("authorities in X"); any other actor "in X" is only located there ("a bomb in X"). With
        ``inside`` (a recipient of an act on things, not a topic of talks), last, a party the
        phrase names deeper down ("rejected the announcement that X had won")."""
        found = self.resolve(tok, speaker, exclude=exclude)
        if not found and tok.pos_ == "ADJ":  # a nationality standing for its state: "Sylvanian strikes"
            state = self.demonym(tok.text)
            return [state] if state is not None else []
        if found or tok.pos_ not in ("NOUN", "PROPN") or depth > 3:
            return found
        possessors = [c for c in tok.children if c.dep_ == "poss"]
        for child in possessors:
            if child.pos_ != "PRON":
                named = self.resolve(child, speaker)
                if named:
                    return named
        for modifier in reversed(tok.doc[tok.left_edge.i:tok.i]):
            if modifier.pos_ != "PRON" and (modifier.dep_ in NAME_MODIFIERS or modifier.dep_ == "poss"
                                            or modifier.ent_type_
                                            or self.at_token(modifier) is not None):  # "a rebel-held city"
                entity = self._named_by(modifier) or (
                    self.demonym(modifier.text) if modifier.pos_ == "ADJ" else None)
                if entity is not None:
                    return [entity]
        named = [e for pobj in _prep_objects(tok, ("of", "from")) + _agents(tok, any_participle=not place)
                 for e in self.resolve_party(pobj, speaker, place, depth + 1) if e.type in OWNER_TYPES]
        if named:
            return named[:1]
        for child in possessors:  # a pronoun possessor last ("their leaders"); named ones were tried first
            if child.pos_ == "PRON":
                named = self.resolve(child, speaker)
                if named:
                    return named
        proxy = _vocabulary()["proxy_nouns"]
        if place or tok.lemma_.lower() in proxy or tok.lower_ in proxy:
            # a recipient thing is coded by where it is: "a base in X", "a town near X" (a place
            # named as such: "near the Turkish border" names no place)
            named = [e for pobj in _prep_objects(tok, ("in", "at"))
                     for e in self.resolve_party(pobj, speaker, place, depth + 1) if e.type in ("GPE", "LOC")]
            if place and not named:
                named = [e for pobj in _prep_objects(tok, ("near",)) for e in self.resolve(pobj)
                         if e.type in ("GPE", "LOC")]
            if named or not inside or depth:
                return named[:1]
            return self._named_inside(tok, exclude)
        return []

    def _named_inside(self, tok, exclude: frozenset[str]) -> list[Entity]:
        """A recipient thing or act is directed at the party its phrase names, nearest the head
        first: "rejected the announcement that X had won" (X), "a bus carrying government
        employees" (the employees)."""
        def path(t) -> tuple[int, bool]:
            """How deep ``t`` lies under the head, and whether it lies in a phrase that names
            another party or a place: "against X" (the other side: "aid to an insurgency against
            X"), "between X and Y", the agent of a participle that does not author the thing ("a
            man wanted by X"; "violations committed by X" are X's), a locative phrase ("a village
            near the Turkish border": places are the place rule's), or a clause in which the
            thing acts itself ("arrested a man who threatened X", "rejected a plan to deport X")."""
            n, blocked = 0, False
            while t.i != tok.i and n <= MAX_INSIDE_DEPTH:
                blocked = blocked or (t.dep_ == "agent" and not _authored(t.head)) or (
                    t.dep_ == "prep" and t.lower_ in _vocabulary()["blocking_prepositions"]) or t.dep_ == "relcl" or (
                    t.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children))
                t, n = t.head, n + 1
            return n, blocked

        # the actor's own side is not its recipient: "condemned an attack on Russian soldiers"
        # (a person of the same country may be: "rejected the announcement that X won")
        own_countries = {e.country for e in map(self.doc.entity, exclude) if e is not None and e.country}
        inside = sorted((*path(t), t.i, t) for t in tok.subtree if t.i != tok.i)
        for depth, blocked, _, t in inside:
            if depth > MAX_INSIDE_DEPTH:
                break
            if blocked or t.pos_ not in NAMING_POS:  # cheap tests before the mention lookup
                continue
            entity = self.at_token(t)
            if (entity is None or entity.type not in OWNER_TYPES or entity.id in exclude
                    or (entity.type != "PERSON" and entity.country in own_countries)):
                continue
            return [entity]
        return []


def _prep_objects(tok, preps: tuple[str, ...]) -> list:
    return [pobj for child in tok.children if child.dep_ == "prep" and child.lower_ in preps
            for pobj in child.children if pobj.dep_ == "pobj"]


def _agents(tok, any_participle: bool = True) -> list:
    """Who is behind a thing or an act named by a noun: "a bombing by X", "a request by X",
    "missiles fired by X" (an event coder codes X, the party responsible). Without
    ``any_participle`` (a recipient) only an author's participle counts: "a proposal submitted
    by X" is X's, but "arrested a man wanted by X" does nothing to X."""
    by = _prep_objects(tok, ("by",))
    for clause in tok.children:
        if clause.dep_ == "acl" and clause.tag_ == "VBN" and (any_participle or _authored(clause)):
            by.extend(pobj for agent in clause.children if agent.dep_ == "agent"
                      for pobj in agent.children if pobj.dep_ == "pobj")
    return by


def _authored(participle) -> bool:
    return participle.lower_ in _vocabulary()["authoring_participles"]


# Entity types that can own a participant phrase ("Iranian drones", "Hamas positions").
OWNER_TYPES = PARTY_LABELS - {"FAC"}
# How deep in a recipient phrase a named party may lie and still be its party.
MAX_INSIDE_DEPTH = 3
# Parts of speech a token naming an entity has ("Hamas", "Israeli", "protesters", "them").
NAMING_POS = ("PROPN", "NOUN", "ADJ", "PRON")


def np_bounds(tok) -> tuple[int, int]:
    """Character bounds of a noun phrase's core: its head with determiners, modifiers, compounds
    and possessor (not its relative clauses or prepositional phrases)."""
    start = tok.idx
    end = tok.idx + len(tok.text)
    for child in tok.children:
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "predet") and child.i < tok.i:
            start = min(start, child.left_edge.idx)
    return start, end
