"""Unnamed groups as actors (step 5 of the actors stage): group nouns no entity covers become
entities coded by sector, as event coders code them (``data/actors/generic.json``).

"Kenyan protesters" (OPP, KEN), "Syrian government forces" (named "Syrian forces": MIL, SYR), a
bare "gunmen" (REB, no country); a government, authorities or officials of a named country are the
state; a group a named organisation or person owns ("Hamas militants") is left to that owner.
"""
from __future__ import annotations

import functools
import re

from presslens.data import load_json
from presslens.knowledge import (
    Country,
    GenericGroup,
    backing_participles,
    countries,
    generic_collectives,
    generic_nouns,
    holding_participles,
    key,
)
from presslens.stages.actor_mentions import Cluster, Mention, tokens_of, vocabulary
from presslens.syntax import NAME_MODIFIERS, overlaps_any

# A hyphenated participle right after a word: "-backed" in "Iranian-backed militias".
_BACKER = re.compile(r"\s*[-‐–]\s*([A-Za-z]+)")
# Words that count a group ("dozens of people", "many residents"), for nouns named only when counted.
_COUNTING_WORDS = frozenset(load_json("actors/generic.json")["counting_words"])
# Dependencies of the words before a group noun that belong to its name ("Syrian government forces").
_MODIFIER_DEPS = NAME_MODIFIERS | {"npadvmod"}


class GenericGroups:
    """The resolver's reading of unnamed groups. A part of the actors stage's resolver: it works on
    the resolver's ``parsed``, ``text``, ``kb``, ``clusters``, ``people`` and ``taken`` and adds
    mentions through its ``_cluster``, ``_add`` and ``_state``."""

    def _generic_groups(self) -> None:
        """Group nouns no entity covers, as entities coded by sector and country (see the module's
        step 5); a bare group ("the rebels") joins the one group of its kind the article names
        with a country or place ("Tamil rebels"), when there is exactly one."""
        parsed = self.parsed
        bare: list[tuple[str, Cluster]] = []
        for tok in tokens_of(parsed, _generic_last_words()):
            found = self._group_word(tok)
            if found is None:
                continue
            group, first = found
            reading = self._group_reading(tok, group, first)
            if reading is None:
                continue
            modifier, collective = reading
            head = tok.head
            # a modifier's own words may hang on its head: "Syrian" in "Syrian government warplanes"
            start = self._modifiers_start(tok.head if modifier else tok, first)
            if any(w.lower_ in group.not_with for w in parsed[start:first]):
                continue  # "political forces" are no troops
            if self._covered(parsed[start].idx, tok.idx, kinds=("PERSON", "ORG")):
                continue
            while start < first and (parsed[start].text == "-" or parsed[start].pos_ not in ("NOUN", "PROPN")
                                     and not self._covered(parsed[start].idx, parsed[start].idx + 1)
                                     and key(parsed[start].text) not in self.kb.demonym_by_key):
                # "last", "masked", "high-profile": description, not name
                start += 3 if start + 2 < first and parsed[start + 1].text == "-" else 1
            inside = [(c, s, e) for c in self.clusters.values() for s, e in c.mentions
                      if parsed[start].idx <= s and e <= tok.idx]
            country, qualifier = self._group_origin(tok, start, inside)
            if modifier and country is None and group.state and not collective:
                continue  # a bare "government spokesman": no group of its own
            if group.state and qualifier and qualifier.startswith("norp:"):
                continue  # "the neo-Nazi regime": a description, no government of a group
            end = head.idx + len(head.text) if collective else tok.idx + len(tok.text)
            for cluster, s, e in inside:  # the nationality is part of the group's name now
                cluster.mentions.remove((s, e))
            mention = Mention(parsed[start].idx, end, "GROUP", "pattern")
            if group.state and country is not None and (qualifier is None or qualifier.startswith("state:")):
                self._add(self._state(country), mention)
                continue
            label = qualifier.split(":", 1)[1] if qualifier else ""
            name = f"{label} {group.name}".strip()
            cluster = self._cluster(f"generic:{country.iso3 if country else ''}:{name}", type=group.type, name=name,
                                    country=country.iso3 if country else None, sector=group.sector,
                                    kind=group.name, generic=True)
            self._add(cluster, mention)
            if qualifier is None:
                bare.append((group.name, cluster))
        for kind, cluster in bare:
            named = [c for k, c in self.clusters.items() if k.startswith("generic:") and c.kind == kind
                     and c is not cluster and c.mentions]
            if len(named) == 1 and cluster.mentions:
                for s, e in cluster.mentions:
                    named[0].add(s, e, self.text[s:e])
                cluster.mentions = []

    def _group_reading(self, tok, group: GenericGroup, first: int) -> tuple[bool, bool] | None:
        """Whether a group word names a group where it stands: (as a modifier?, of a collective
        noun?), or None where it does not."""
        parsed = self.parsed
        head = tok.head
        modifier = tok.dep_ in _MODIFIER_DEPS or tok.dep_ == "poss"
        # "rebel group": the group word names the group; "rebel commander", "police chief": it
        # says whom the person commands; any other noun it modifies is a thing ("police car"),
        # except a government's ("Syrian government warplanes" are the state's)
        collective = modifier and head.lower_ in generic_collectives()
        titled = modifier and head.lower_ in vocabulary()["heads"]
        # "a rebel-held city": the group holds the place, and is named
        holder = (modifier and head.tag_ == "VBN" and head.lower_ in holding_participles()
                  and tok.i + 1 < len(parsed) and parsed[tok.i + 1].text == "-")
        if modifier and not (collective or titled or holder or (group.state and head.lower_ not in generic_nouns())):
            return None
        if tok.pos_ == "ADJ" and not (collective or titled):
            return None
        if not modifier and tok.tag_ == "NN" and first == tok.i and not any(
                c.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod") for c in tok.children):
            return None  # a singular noun with nothing before it is a notion: "returned to government"
        if self._owned(tok) or (collective and self._owned(head)):
            return None  # "Hamas militants", "the government of Peru": the owner stands for it
        if collective and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                              for c in head.children):
            return None  # "the militant group" refers back to a named one
        return modifier, collective

    def _group_word(self, tok) -> tuple[GenericGroup, int] | None:
        """The group a word names (with the index of its first word: "riot police") where no entity
        covers it and it is no part of an unrecognised name, no uncounted "people"."""
        nouns = generic_nouns()
        parsed = self.parsed
        first = tok.i
        group = None
        if tok.i > 0 and f"{parsed[tok.i - 1].lower_} {tok.lower_}" in nouns:
            group, first = nouns[f"{parsed[tok.i - 1].lower_} {tok.lower_}"], tok.i - 1
        elif tok.lower_ in nouns:
            group = nouns[tok.lower_]
        if group is None or (tok.i + 1 < len(parsed) and f"{tok.lower_} {parsed[tok.i + 1].lower_}" in nouns):
            return None  # not a group word, or the first word of a longer one ("police officers")
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ") or self._covered(tok.idx, tok.idx + len(tok.text)):
            return None
        before = parsed[first - 1] if first > 0 else None
        if tok.pos_ == "PROPN" and before is not None and before.pos_ == "PROPN" and before.is_title and (
                key(before.text) not in self.kb.demonym_by_key and not self._covered(before.idx, before.idx + 1)):
            return None  # the end of a name nobody recognised: "People's Liberation Army"
        if tok.lower_ in group.counted and not _counted(tok):
            return None  # "people familiar with the talks" is no group of civilians
        return group, first

    def _covered(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> bool:
        """Whether an entity mention (of one of ``kinds``, where given) overlaps ``start:end``."""
        if kinds is None:
            return overlaps_any((start, end), self.taken)
        return overlaps_any((start, end), (m for c in [*self.clusters.values(), *self.people]
                                           if c.type in kinds and not c.generic for m in c.mentions))

    def _owned(self, tok) -> bool:
        """A group someone else stands for: a possessor ("Hamas's fighters", "its troops", "the
        country's rebels"), a named owner ("soldiers of the Syrian army"), or the name it
        describes ("the rebel Free Syrian Army")."""
        if any(c.dep_ == "poss" for c in tok.children):
            return True
        owners = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                  if p.dep_ == "pobj"]
        if tok.i + 1 < len(self.parsed):
            owners.append(self.parsed[tok.i + 1])
        return any(self._covered(o.idx, o.idx + len(o.text)) for o in owners)

    def _modifiers_start(self, phrase, first: int) -> int:
        """The first token of the words before a group noun (at ``first``) that belong to it
        within the noun phrase headed by ``phrase`` ("Syrian government forces",
        "pro-government militias"): modifiers, not determiners or numbers."""
        parsed = self.parsed
        start = first
        j = first - 1
        while j >= phrase.left_edge.i:
            word = parsed[j]
            if word.dep_ in _MODIFIER_DEPS and word.pos_ not in ("DET", "NUM", "PRON") and not word.like_num \
                    and word.lower_ not in _COUNTING_WORDS:
                start = j
            elif not (word.text == "-" and j > phrase.left_edge.i):
                break
            j -= 1
        while start < first and parsed[start].text == "-":
            start += 1
        return start

    def _names_a_backer(self, end: int) -> bool:
        """Whether the words ending at ``end`` are a backer's ("Iranian" in "Iranian-backed")."""
        after = _BACKER.match(self.text, end)
        return after is not None and after.group(1).lower() in backing_participles()

    def _group_origin(self, tok, start: int, inside: list) -> tuple[Country | None, str | None]:
        """The country a group's modifiers name and how its name says so: ("state:<demonym>"
        for a country or nationality, "place:<name>" for a city or region, "norp:<name>" for a
        group without a country ("Rohingya")), or (None, None)."""
        for cluster, _start, e in inside:
            if self._names_a_backer(e):
                continue
            country = _country_by_iso().get(cluster.country) if cluster.country else None
            if cluster.type == "GPE" and country is not None and cluster.name == country.name or (
                    cluster.type == "NORP" and country is not None):
                return country, f"state:{country.demonyms[0] if country.demonyms else country.name}"
            if cluster.type in ("GPE", "LOC"):
                return country, f"place:{cluster.name}"
            if cluster.type == "NORP":
                return None, f"norp:{cluster.name}"
        for word in self.parsed[start:tok.i]:  # a nationality the model did not tag
            if self._names_a_backer(word.idx + len(word)):
                continue
            country = self.kb.demonym_by_key.get(key(word.text)) or self.kb.country_by_key.get(key(word.text))
            if country is not None:
                return country, f"state:{country.demonyms[0] if country.demonyms else country.name}"
        return None, None


@functools.lru_cache(maxsize=1)
def _generic_last_words() -> frozenset[str]:
    """The last word of every generic group noun: a cheap first test for each token."""
    return frozenset(noun.split()[-1] for noun in generic_nouns())


@functools.lru_cache(maxsize=1)
def _country_by_iso() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


def _counted(tok) -> bool:
    """"18 people", "dozens of residents", "many refugees": a group counted."""
    if any(c.dep_ == "nummod" or c.lower_ in _COUNTING_WORDS for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ == "pobj" and head.lower_ == "of" and (head.head.lower_ in _COUNTING_WORDS or head.head.like_num)
