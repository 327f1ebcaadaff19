"""Actors: named-entity mentions clustered into canonical entities, with roles and affiliations.

Per article:
1. candidate mentions come from spaCy's NER, a phrase matcher over the knowledge base and the
   place gazetteer (which catches what the small model splits or skips: "Ahmed Abul Gheit",
   "Western countries"), initial + surname patterns ("O. Navalny", "I.Yashin") and capitalised
   runs that start with a known given name;
2. each mention is read by what it names, not by the model's label: a city the model calls a
   PERSON is a place; a capital or seat of power acting as its state is the state (Kremlin,
   Moscow -> Russia) unless it is used as a place ("in Moscow"); a demonym is a NORP with the
   country; generic ministries and missions get canonical names;
3. person mentions are clustered by transliteration-aware name keys (``presslens.names``) and
   linked to the knowledge base; bare surnames the model labels ORG or misses join their person;
4. titles and appositions give roles, country and sector to people the knowledge base lacks;
5. unnamed groups become entities coded by sector, as event coders code them
   (``data/actors/generic.json``): "Kenyan protesters" (OPP, KEN), "Syrian government forces"
   (named "Syrian forces": MIL, SYR), a bare "gunmen" (REB, no country); a government,
   authorities or officials of a named country are the state ("the German government" is a
   mention of Germany); a group a named organisation or person owns ("Hamas militants") is left
   to that owner;
6. pronouns ("he", "she", and "it"/"they" as subjects of reporting verbs) join the most salient
   compatible entity before them, so later stages can turn a speaker "he" into an entity.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

import numpy

from presslens.data import load_json
from presslens.document import Document, Entity
from presslens.knowledge import (
    Actor,
    Country,
    GenericGroup,
    KnowledgeBase,
    backing_participles,
    countries,
    generic_collectives,
    generic_nouns,
    holding_participles,
    key,
    knowledge_base,
    role_heads,
)
from presslens.names import (
    PARTICLES,
    PersonName,
    ascii_fold,
    given_group,
    is_initial,
    is_known_given_name,
    russian_spelling,
    same_person_name,
    split_name,
)
from presslens.syntax import (
    FEMININE_PRONOUNS,
    GROUP_PRONOUNS,
    MASCULINE_PRONOUNS,
    NAME_MODIFIERS,
    NEUTER_PRONOUNS,
    NOMINAL_SUBJECTS,
    OBJECTS,
    PARTY_LABELS,
    overlaps_any,
)

# Countries whose people get the Russian-based English spelling as canonical name.
RUSSIAN_SPELLING_COUNTRIES = frozenset({"RUS"})
_SOURCE_RANK = {"kb": 0, "ner": 1, "pattern": 2}
_INITIAL_NAME = re.compile(r"\b([A-Z][a-z]?)\.\s?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
# A hyphenated participle right after a word: "-backed" in "Iranian-backed militias".
_BACKER = re.compile(r"\s*[-‐–]\s*([A-Za-z]+)")
# A reflexive pronoun joins its person too: "X defended himself" is X.
_HE = MASCULINE_PRONOUNS | {"himself"}
_SHE = FEMININE_PRONOUNS | {"herself"}
_PRONOUN_WORDS = _HE | _SHE | GROUP_PRONOUNS
# How many sentences back a pronoun may look: "he said" often closes a quote of several sentences,
# while "it"/"they" have many non-actor antecedents and stay local.
PERSON_PRONOUN_WINDOW = 5
# A bare surname links to the one known person with it only when it is not too short to be
# something else ("May", "Abe", "Kim" stay unlinked unless the article names the person in full).
MIN_KNOWN_SURNAME = 4
GROUP_PRONOUN_WINDOW = 2
# Words that count a group ("dozens of people", "many residents"), for nouns named only when counted.
_COUNTING_WORDS = frozenset(load_json("actors/generic.json")["counting_words"])
# Dependencies of the words before a group noun that belong to its name ("Syrian government forces").
_MODIFIER_DEPS = NAME_MODIFIERS | {"npadvmod"}


@dataclass
class Mention:
    start: int
    end: int
    label: str  # spaCy's label, or the kind of pattern that found it
    source: str  # ner | kb | pattern

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Cluster:
    """What one entity is made of while the stage works: its mentions and what is known."""

    type: str
    name: str = ""
    actor: Actor | None = None
    country: str | None = None
    sector: str | None = None
    person: PersonName | None = None  # the fullest name seen, for people
    mentions: list[tuple[int, int]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    extra_aliases: list[str] = field(default_factory=list)
    kind: str = ""  # ministry portfolio, for bare-ministry merging; a generic group's canonical noun
    generic: bool = False

    def add(self, start: int, end: int, surface: str) -> None:
        self.mentions.append((start, end))
        if surface not in self.surfaces:
            self.surfaces.append(surface)


@functools.lru_cache(maxsize=1)
def _vocabulary() -> dict:
    data = load_json("actors/roles.json")
    return {
        "heads": role_heads(),
        "modifiers": frozenset(data["modifiers"]),
        "locative": frozenset(data["locative_prepositions"]),
        "reporting": frozenset(load_json("actors/coreference.json")["reporting_verbs"]),
    }


@functools.lru_cache(maxsize=8)
def _phrase_matcher(vocab, kb: KnowledgeBase):
    """A PhraseMatcher over every surface form of the knowledge base, built once per vocab."""
    from spacy.lang.en import English
    from spacy.matcher import PhraseMatcher

    tokenizer = English(vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    forms = kb.surface_forms()
    countries = sorted({s for s, kind in forms if kind == "country"})
    others = sorted({s for s, kind in forms if kind != "country"} - set(countries))
    matcher.add("COUNTRY", list(tokenizer.pipe(countries)))
    matcher.add("ACTOR", list(tokenizer.pipe(others)))
    return matcher


class Actors:
    name = "actors"
    requires = ("parse",)
    assigns = ("entities",)

    def __init__(self, actor_files: tuple[str, ...] = ()):
        self.kb = knowledge_base(tuple(actor_files))

    def __call__(self, doc: Document) -> None:
        parsed = doc.parse
        if parsed is None or not doc.text.strip():
            return
        mentions = self._candidates(doc)
        clusters = _Resolver(doc, self.kb).resolve(mentions)
        doc.entities.extend(_to_entities(doc, clusters, self.kb))

    # --- 1. candidate mentions ------------------------------------------------------------------
    def _candidates(self, doc: Document) -> list[Mention]:
        parsed, text = doc.parse, doc.text
        found: list[Mention] = []
        ner_tokens: set[int] = set()
        for ent in parsed.ents:
            if ent.label_ not in PARTY_LABELS:
                continue
            end = ent.end
            if ent.label_ == "PERSON":  # the model stops short of a second surname: "Maria Delgado| Ruiz"
                while (end < len(parsed) and parsed[end].is_title and parsed[end].pos_ == "PROPN"
                       and not parsed[end].ent_type_ and not parsed[end].is_sent_start):
                    end += 1
            ner_tokens.update(range(ent.start, end))
            end_char = parsed[end - 1].idx + len(parsed[end - 1].text)
            found.extend(self._split_list(text, ent.start_char, end_char, ent.label_))
        matcher = _phrase_matcher(parsed.vocab, self.kb)
        for label, start, end in matcher(parsed):
            span = parsed[start:end]
            single = end - start == 1
            # a country's name inside a sentence is one even where the small model tags it a
            # common noun ("ties with Seychelles")
            country = parsed.vocab.strings[label] == "COUNTRY" and not span[0].is_sent_start
            if (single and start not in ner_tokens and not _acronym(span.text) and span[0].pos_ != "PROPN"
                    and not country):
                continue  # one capitalised word: trust it only where the model saw a name
            found.append(Mention(span.start_char, span.end_char, "KB", "kb"))
        for m in _INITIAL_NAME.finditer(text):
            if m.group(1) in ("St", "Mt", "Ft", "No"):
                continue
            found.append(Mention(m.start(), m.end(), "PERSON", "pattern"))
        found.extend(_given_name_runs(parsed, ner_tokens))
        return _non_overlapping(text, found)

    def _split_list(self, text: str, start: int, end: int, label: str) -> list[Mention]:
        """NER sometimes joins a list of places ("Kharkiv, Odesa"): split it when every part is known;
        and an organisation with a titled person ("Homeland Security Secretary Jeh Johnson")."""
        surface = text[start:end]
        titled = _titled_person(surface) if label in ("ORG", "GPE", "FAC") else None
        if titled is not None:
            org_end, person_start = titled
            return [Mention(start, start + org_end, label, "ner"), Mention(start + person_start, end, "PERSON", "ner")]
        if "," not in surface and " and " not in surface:
            return [Mention(start, end, label, "ner")]
        parts = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^,]+?(?=,|\sand\s|$)", surface)]
        parts = [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in parts]
        parts = [(s + 4, e) if text[s:s + 4] == "and " else (s, e) for s, e in parts]
        kb = self.kb
        if len(parts) > 1 and all(
                key(text[s:e]) in kb.place_by_key or key(text[s:e]) in kb.country_by_key
                or key(text[s:e]) in kb.capital_by_key for s, e in parts if e > s):
            return [Mention(s, e, "GPE", "ner") for s, e in parts if e > s]
        return [Mention(start, end, label, "ner")]


@functools.lru_cache(maxsize=1)
def _titled_person_pattern() -> re.Pattern:
    heads = "|".join(sorted((h.capitalize() for h in role_heads()), key=len, reverse=True))
    person = r"[A-Z][^\W\d_]+(?:\s+(?:[A-Z]\.|[A-Z][^\W\d_]+)){1,3}"
    return re.compile(rf"^(?P<org>.+?)\s+(?:{heads})\s+(?P<person>{person})$")


def _titled_person(surface: str) -> tuple[int, int] | None:
    """(end of the organisation, start of the person) in "<org> <Title> <Given> <Surname>"."""
    m = _titled_person_pattern().match(surface)
    if m is None:
        return None
    vocab = _vocabulary()
    if all(w.lower() in vocab["heads"] or w.lower() in vocab["modifiers"] for w in m.group("org").split()):
        return None  # "Secretary General Antonio Guterres": all title, no organisation
    return m.end("org"), m.start("person")


def _acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _given_name_runs(parsed, ner_tokens: set[int]) -> list[Mention]:
    """Capitalised runs that start with a known given name and that NER skipped ("Ahmed Abul Gheit")."""
    out = []
    n = len(parsed)
    i = 0
    while i < n:
        tok = parsed[i]
        if i in ner_tokens or not tok.is_title or not is_known_given_name(tok.text):
            i += 1
            continue
        j = i + 1
        while j < n and j not in ner_tokens and (parsed[j].is_title or (
                parsed[j].lower_ in PARTICLES and j + 1 < n
                and parsed[j + 1].is_title)):
            j += 1
        if j - i >= 2 and (not parsed[i].is_sent_start or parsed[j - 1].pos_ == "PROPN"):
            out.append(Mention(parsed[i].idx, parsed[j - 1].idx + len(parsed[j - 1]), "PERSON", "pattern"))
        i = max(j, i + 1)
    return out


def _looks_like_person(surface: str) -> bool:
    """Two or three capitalised words led by a known given name: a person whatever NER said."""
    words = surface.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words) and (
        is_known_given_name(words[0]))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """No leading "the", no trailing possessive or punctuation."""
    surface = text[start:end]
    lead = re.match(r"(?:[Tt]he\s+)", surface)
    if lead and end - start > lead.end():
        start += lead.end()
    tail = re.search(r"(?:['’]s|['’]|[\s,.;:])+$", text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
        if text[end:end + 1] == "." and re.search(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$", text[start:end]):
            end += 1  # the last dot of "U.K." belongs to the name
    return start, end


def _non_overlapping(text: str, mentions: list[Mention]) -> list[Mention]:
    """The longest mentions win where candidates overlap; on equal spans the knowledge base wins."""
    for m in mentions:
        m.start, m.end = _trim(text, m.start, m.end)
    mentions = [m for m in mentions if m.end > m.start]
    mentions.sort(key=lambda m: (-m.length, _SOURCE_RANK[m.source], m.start))
    taken: list[Mention] = []
    occupied: list[tuple[int, int]] = []
    for m in mentions:
        if overlaps_any((m.start, m.end), occupied):
            continue
        taken.append(m)
        occupied.append((m.start, m.end))
    taken.sort(key=lambda m: m.start)
    return taken


# --- 2-5. reading, clustering, roles, pronouns ----------------------------------------------------
class _Resolver:
    def __init__(self, doc: Document, kb: KnowledgeBase):
        self.doc = doc
        self.text = doc.text
        self.parsed = doc.parse
        self.kb = kb
        self.clusters: dict[str, Cluster] = {}  # by a key per kind of entity
        self.people: list[Cluster] = []
        self.taken: list[tuple[int, int]] = []
        self.quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(self.text)]

    def resolve(self, mentions: list[Mention]) -> list[Cluster]:
        person_mentions: list[tuple[Mention, PersonName]] = []
        unresolved: list[Mention] = []
        for m in mentions:
            surface = self.text[m.start:m.end]
            if self._non_person(m, surface):
                continue
            if m.label == "PERSON":
                m.start = self._after_titles(m)
                surface = self.text[m.start:m.end]
            name = split_name(surface) if m.label in ("PERSON", "KB") or m.source == "pattern" else None
            if name is None and _looks_like_person(surface):  # "Oleksiy Vorontsov" labelled ORG
                name, m.label = split_name(surface), "PERSON"
            if name is not None and (m.label == "PERSON" or m.source == "pattern"):
                person_mentions.append((m, name))
            else:
                unresolved.append(m)
        self._cluster_people(person_mentions)
        for m in unresolved:
            self._other(m)
        self._bare_surnames()
        self._merge_bare_ministries()
        self._generic_groups()
        self.person_spans = [span for c in self.people for span in c.mentions]
        for cluster in self.people:
            self._read_roles(cluster)
        self._pronouns()
        return [c for c in self.clusters.values() if c.mentions] + [c for c in self.people if c.mentions]

    def _after_titles(self, m: Mention) -> int:
        """Where the name starts in a PERSON span that opens with a title or a demonym
        ("Kentuckian Rand Paul", "Senator Ted Cruz"): those words are the role, not the name."""
        vocab = _vocabulary()
        start = m.start
        for word in re.finditer(r"\S+", self.text[m.start:m.end]):
            lower = word.group(0).lower()
            rest = self.text[m.start + word.end():m.end].strip()
            if not rest or " " not in rest and not rest[:1].isupper():
                break
            if lower in vocab["heads"] or lower in vocab["modifiers"] or key(lower) in self.kb.demonym_by_key or (
                    re.fullmatch(r"[A-Z][a-z]+(?:ian|an|er)", word.group(0)) and not is_known_given_name(word.group(0))
                    and len(rest.split()) >= 2):
                start = m.start + word.end() + (len(self.text[m.start + word.end():m.end]) - len(
                    self.text[m.start + word.end():m.end].lstrip()))
                continue
            break
        return start

    # --- non-person readings -----------------------------------------------------------------
    def _cluster(self, cluster_key: str, **fields) -> Cluster:
        cluster = self.clusters.get(cluster_key)
        if cluster is None:
            cluster = self.clusters[cluster_key] = Cluster(**fields)
        return cluster

    def _add(self, cluster: Cluster, m: Mention) -> None:
        cluster.add(m.start, m.end, self.text[m.start:m.end])
        self.taken.append((m.start, m.end))

    def _state(self, country: Country) -> Cluster:
        return self._cluster(f"state:{country.iso3}", type="GPE", name=country.name, country=country.iso3)

    def _actor_cluster(self, actor: Actor) -> Cluster:
        return self._cluster(f"actor:{actor.name}", type=actor.type, name=actor.name, actor=actor,
                             country=actor.country, sector=actor.sector)

    def _non_person(self, m: Mention, surface: str) -> bool:
        """Read a mention that names a state, place, known organisation, bloc, ministry or
        mission; False when it may name a person (or nothing known)."""
        kb, k = self.kb, key(surface)
        if overlaps_any((m.start, m.end), self.taken):
            return True  # inside a longer reading ("the United Nations" in a mission's name)
        if self._mission(m):
            return True
        if k in kb.seat_by_key:
            self._add(self._state(kb.seat_by_key[k]), m)
            return True
        if k in kb.country_by_key:
            self._add(self._state(kb.country_by_key[k]), m)
            return True
        if k in kb.capital_by_key:
            country = kb.capital_by_key[k]
            if self._used_as_place(m):
                place = self._cluster(f"place:{country.capitals[0]}", type="GPE", name=country.capitals[0],
                                      country=country.iso3)
                self._add(place, m)
            else:
                self._add(self._state(country), m)
            return True
        actor = kb.by_key.get(k)
        if actor is not None and actor.type != "PERSON":
            self._add(self._actor_cluster(actor), m)
            return True
        if k in kb.place_by_key and (actor is None or m.label != "PERSON"):
            place = kb.place_by_key[k]
            cluster = self._cluster(f"place:{place.name}", type="GPE" if place.kind == "city" else "LOC",
                                    name=place.name, country=place.country)
            self._add(cluster, m)
            return True
        if k in kb.demonym_by_key and m.label in ("NORP", "GPE", "KB"):
            country = kb.demonym_by_key[k]
            self._add(self._cluster(f"norp:{country.iso3}", type="NORP", name=country.demonyms[0],
                                    country=country.iso3), m)
            return True
        if m.label in ("ORG", "KB") and self._ministry(m, surface):
            return True
        if actor is not None:  # a known person: the person clustering links it
            m.label = "PERSON"
        return False

    def _used_as_place(self, m: Mention) -> bool:
        """"in Moscow", "the shelling of Kyiv", "Moscow Mayor": the city, not the state."""
        span = self.parsed.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        if tok.dep_ == "compound":
            return True
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        head = tok.head
        return tok.dep_ == "pobj" and head.lower_ in _vocabulary()["locative"]

    def _ministry(self, m: Mention, surface: str) -> bool:
        kb = self.kb
        words = ascii_fold(re.sub(r"^[Tt]he\s+", "", surface)).replace("’", "'")
        country: Country | None = None
        portfolio: str | None = None
        match = re.match(r"^(?:(?P<c>.+?)(?:'s)?\s+)?(?P<k>[A-Z][\w ]*?)\s+Ministry$", words)
        if match and match.group("k").lower() in kb.ministry_kinds:
            portfolio = kb.ministry_kinds[match.group("k").lower()]
            country = self._country_word(match.group("c"))
            if match.group("c") and country is None:
                return False
        match = re.match(r"^(?:(?P<c>.+?)(?:'s)?\s+)?Ministry (?:of|for) (?:the )?(?P<k>.+?)"
                         r"(?: of (?:the )?(?P<c2>.+))?$", words)
        if portfolio is None and match and match.group("k").lower() in kb.ministry_kinds:
            portfolio = kb.ministry_kinds[match.group("k").lower()]
            country = self._country_word(match.group("c") or match.group("c2"))
            if (match.group("c") or match.group("c2")) and country is None:
                return False
        if portfolio is None:
            return False
        name = f"Ministry of {portfolio}" + (f" of {country.name}" if country else "")
        cluster = self._cluster(f"ministry:{name}", type="ORG", name=name, country=country.iso3 if country else None,
                                sector="GOV", kind=portfolio)
        self._add(cluster, m)
        return True

    def _country_word(self, words: str | None) -> Country | None:
        if not words:
            return None
        k = key(words)
        kb = self.kb
        return kb.country_by_key.get(k) or kb.demonym_by_key.get(k) or kb.seat_by_key.get(k)

    def _mission(self, m: Mention) -> bool:
        """"Iran's mission to the United Nations", "the Russian embassy in London"."""
        kb = self.kb
        surface = self.text[m.start:m.end]
        country = kb.country_by_key.get(key(surface)) or kb.demonym_by_key.get(key(surface))
        if country is None:
            return False
        words = "|".join(re.escape(w) for w in kb.mission_words)
        tail = re.compile(rf"(?:['’]s)?\s+(?P<kind>(?i:{words}))\s+(?P<prep>to|in|at)\s+(?:the\s+)?"
                          r"(?P<host>[A-Z][\w.]*(?:\s+(?:of\s+)?[A-Z][\w.]*)*)")
        match = tail.match(self.text, m.end)
        if not match or not match.group("host")[0].isupper():
            return False
        host_key = key(match.group("host"))
        host = kb.by_key.get(host_key)
        host_name = host.name if host else (kb.country_by_key[host_key].name if host_key in kb.country_by_key
                                            else match.group("host"))
        kind = match.group("kind").lower()
        if host and host.name == "United Nations" and kind in ("mission", "permanent mission"):
            name = f"Permanent Mission of {country.name} to the United Nations"
        else:
            name = f"{kind.title()} of {country.name} {match.group('prep').lower()} {'the ' if host else ''}{host_name}"
        end = match.end()
        cluster = self._cluster(f"mission:{name}", type="ORG", name=name, country=country.iso3, sector="GOV")
        cluster.extra_aliases.append(self.text[m.start:end].replace("’", "'"))
        self._add(cluster, Mention(m.start, end, "ORG", "pattern"))
        return True

    def _other(self, m: Mention) -> None:
        """A mention that is neither known nor a person: its own entity, grouped by surface, unless it
        is a bare surname the model mislabelled."""
        if overlaps_any((m.start, m.end), self.taken):
            return  # swallowed by a longer reading (a mission)
        surface = self.text[m.start:m.end]
        if m.label in ("ORG", "GPE", "NORP", "LOC", "KB") and surface[:1].isupper():
            if " " in surface:  # "Delgado Ruiz" labelled ORG after "Maria Delgado Ruiz"
                name = split_name(surface)
                person = next((c for c in self.people if name and c.person and _tail_of(name, c.person)), None)
            else:
                person = self._person_for_surname(surface, m.start)
            if person is not None:
                self._add(person, m)
                return
        if m.label in ("KB", "PERSON"):
            return  # nothing name-like is left of it ("C.")
        k = key(surface)
        country = None
        for word in k.split():
            found = self.kb.demonym_by_key.get(word) or self.kb.country_by_key.get(word)
            if found:
                country = found.iso3
                break
        cluster = self._cluster(f"{m.label}:{k}", type=m.label, name=surface if not surface.lower().startswith("the ")
                                else surface[4:], country=country)
        self._add(cluster, m)

    # --- people ------------------------------------------------------------------------------
    def _cluster_people(self, mentions: list[tuple[Mention, PersonName]]) -> None:
        known = [(m, n) for m, n in mentions if self._known_person(m)]
        rest = [(m, n) for m, n in mentions if not self._known_person(m)]
        full = known + [(m, n) for m, n in rest if n.first and not is_initial(n.first)]
        initials = [(m, n) for m, n in rest if n.first and is_initial(n.first)]
        bare = [(m, n) for m, n in rest if not n.first]
        for m, name in [*full, *initials]:
            self._person_cluster(m, name)
        for m, name in bare:
            cluster = self._person_for_surname(name.surname, m.start)
            if cluster is None:
                cluster = Cluster(type="PERSON", person=name)
                self.people.append(cluster)
            self._add(cluster, m)

    def _known_person(self, m: Mention) -> bool:
        """A mention written exactly as a known person's spelling ("King Abdullah II", "Xi Jinping")."""
        actor = self.kb.by_key.get(key(self.text[m.start:m.end]))
        return actor is not None and actor.type == "PERSON"

    def _person_cluster(self, m: Mention, name: PersonName) -> None:
        surface_actor = self.kb.by_key.get(key(self.text[m.start:m.end]))
        actor = surface_actor if surface_actor is not None and surface_actor.type == "PERSON" else self.kb.person(name)
        cluster = next((c for c in self.people if actor is not None and c.actor is actor), None)
        if cluster is None:
            cluster = next((c for c in self.people if c.person is not None and (
                same_person_name(c.person, name) or _tail_of(name, c.person))
                and (c.actor is None or actor is None)), None)
        if cluster is None:
            cluster = Cluster(type="PERSON", actor=actor, person=name)
            self.people.append(cluster)
        elif cluster.actor is None:
            cluster.actor = actor
        if cluster.person is None or (len(name.given) > len(cluster.person.given) and not is_initial(name.given[0])):
            cluster.person = name
        self._add(cluster, m)

    def _person_for_surname(self, surname: str, at: int) -> Cluster | None:
        """The person a bare surname names: one of this article's people with that surname (the
        nearest mentioned before, else after), else the one known person with it."""
        name = split_name(surname)
        if name is None or name.given:
            return None
        skeleton = name.skeleton
        same = [c for c in self.people if any(p.skeleton == skeleton for p in (
            *(c.actor.person_names if c.actor else ()), *([c.person] if c.person else [])))]
        if not same:  # a given name alone: "Hillary" after "Hillary Clinton", when only one fits
            same = [c for c in self.people if c.person is not None and c.person.first
                    and not is_initial(c.person.first) and given_group(c.person.first) == given_group(surname)]
            if len(same) != 1:
                same = []
        if same:
            def distance(c: Cluster) -> tuple[int, int]:
                before = [at - s for s, _ in c.mentions if s < at]
                return (0, min(before)) if before else (1, min(abs(s - at) for s, _ in c.mentions))
            return min(same, key=distance)
        known = self.kb.people_by_skeleton.get(skeleton, [])
        if len(known) == 1 and len(skeleton) >= MIN_KNOWN_SURNAME:
            existing = next((c for c in self.people if c.actor is known[0]), None)
            if existing is not None:
                return existing
            cluster = Cluster(type="PERSON", actor=known[0], person=name)
            self.people.append(cluster)
            return cluster
        return None

    def _bare_surnames(self) -> None:
        """Surnames of this article's people that no candidate covers ("Gurulyov continued")."""
        index: dict[str, str] = {}
        for c in self.people:
            names = [*(c.actor.person_names if c.actor else ()), *([c.person] if c.person else [])]
            for person in names:
                index[person.skeleton] = person.surname
        if not index:
            return
        from presslens.names import surname_skeleton

        surnames = set(index.values())
        for tok in self.parsed:
            if not tok.is_title:
                continue
            if tok.is_sent_start and tok.pos_ != "PROPN" and tok.text not in surnames:
                continue  # a capitalised common word opening a sentence, unless spelt as a surname here
            if surname_skeleton(tok.text) not in index:
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            if overlaps_any((start, end), self.taken):
                continue
            cluster = self._person_for_surname(tok.text, start)
            if cluster is not None:
                self._add(cluster, Mention(start, end, "PERSON", "pattern"))

    def _merge_bare_ministries(self) -> None:
        """"the Ministry of Foreign Affairs" after "the Russian Foreign Ministry": the same ministry."""
        for cluster_key, cluster in list(self.clusters.items()):
            if not cluster_key.startswith("ministry:") or cluster.country is not None:
                continue
            same = [c for k, c in self.clusters.items() if k.startswith("ministry:") and c.country
                    and c.kind == cluster.kind]
            if len({c.country for c in same}) == 1:
                target = same[0]
                for s, e in cluster.mentions:
                    target.add(s, e, self.text[s:e])
                cluster.mentions = []

    # --- unnamed groups ------------------------------------------------------------------------
    def _generic_groups(self) -> None:
        """Group nouns no entity covers, as entities coded by sector and country (see the module's
        step 5); a bare group ("the rebels") joins the one group of its kind the article names
        with a country or place ("Tamil rebels"), when there is exactly one."""
        parsed = self.parsed
        bare: list[tuple[str, Cluster]] = []
        for tok in _tokens_of(parsed, _generic_last_words()):
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
        titled = modifier and head.lower_ in _vocabulary()["heads"]
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

    # --- roles and affiliation ---------------------------------------------------------------
    def _read_roles(self, cluster: Cluster) -> None:
        vocab = _vocabulary()
        for start, end in cluster.mentions:
            for role_start, role_end in (self._title_before(start), self._apposition_after(end)):
                if role_end <= role_start:
                    continue
                role = " ".join(self.text[role_start:role_end].split())
                words = [w.lower().strip(",") for w in role.split()]
                if overlaps_any((role_start, role_end), self.person_spans):
                    continue  # a list of people or a clause about another person, not a title
                inside = self._clusters_within(role_start, role_end)
                if not any(w in vocab["heads"] for w in words) or words[0][:1].isdigit():
                    if cluster.country is None and not self.text[role_end:start].strip():  # "Ukrainian X"
                        cluster.country = next((c.country for c in inside if c.type in ("NORP", "GPE")
                                                and c.country), None) or self._demonym_country(words)
                    continue
                if role not in cluster.roles:
                    cluster.roles.append(role)
                if cluster.country is None:
                    cluster.country = next((c.country for c in inside if c.country), None) or (
                        self._demonym_country(words))
                if cluster.sector is None:
                    cluster.sector = next((c.sector for c in inside if c.sector and c.type == "ORG"), None)
                if cluster.sector is None:
                    cluster.sector = _sector_of(words)

    def _demonym_country(self, words: list[str]) -> str | None:
        """The country of a demonym among a title's words (one the model did not tag)."""
        found = next((self.kb.demonym_by_key[key(w)] for w in words if key(w) in self.kb.demonym_by_key), None)
        return found.iso3 if found else None

    def _clusters_within(self, start: int, end: int) -> list[Cluster]:
        return [c for c in [*self.clusters.values(), *self.people]
                if any(start <= s and e <= end for s, e in c.mentions)]

    def _title_before(self, start: int) -> tuple[int, int]:
        """"Kremlin press secretary", "former Russian President": the title words right before a name."""
        vocab = _vocabulary()
        span = self.parsed.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return start, start
        i = span.start - 1
        first = None
        while i >= 0:
            tok = self.parsed[i]
            lower = tok.lower_
            if tok.is_punct and tok.text not in ("-",) or tok.is_sent_end:
                break
            if any(s <= tok.idx < e for s, e in self.person_spans):
                break  # another person's name ("Ryan and Senate Majority Leader McConnell")
            if lower == "and":
                if i > 0 and (self.parsed[i - 1].lower_ in vocab["heads"] and not self.parsed[i - 1].is_title):
                    i -= 1
                    continue
                break
            if lower in ("the", "of", "for"):
                if i > 0 and (self.parsed[i - 1].is_title or self.parsed[i - 1].lower_ in vocab["heads"]
                              or self.parsed[i - 1].lower_ in vocab["modifiers"]):
                    i -= 1
                    continue
                break
            if lower in vocab["heads"] or lower in vocab["modifiers"] or tok.is_title or tok.is_upper:
                first = i
                i -= 1
                continue
            break
        if first is None:
            return start, start
        while first < span.start and self.parsed[first].lower_ in ("the", "of", "and", "for"):
            first += 1
        return self.parsed[first].idx, self.parsed[span.start - 1].idx + len(self.parsed[span.start - 1])

    def _apposition_after(self, end: int) -> tuple[int, int]:
        """", a member of the State Duma," right after a name."""
        match = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?P<role>[^,;:.!?“”\"–—()]{3,80}?)(?=,|\.|;| – | — |\))").match(
            self.text, end)
        if not match:
            return end, end
        role = match.group("role")
        first_words = [w.lower() for w in role.split()[:4]]
        if not any(w in _vocabulary()["heads"] for w in first_words) or role.split()[0].lower() in ("who", "which"):
            return end, end
        return match.start("role"), match.end("role")

    # --- pronouns -----------------------------------------------------------------------------
    def _pronouns(self) -> None:
        vocab = _vocabulary()
        parsed = self.parsed
        # (start, cluster, subject?, sentence index, token index of the mention's head, quote)
        anchors: list[tuple[int, Cluster, bool, int, int, tuple[int, int] | None]] = []
        token_sentence = [0] * len(parsed)
        sentence_start: list[int] = []
        for n, sent in enumerate(parsed.sents):
            token_sentence[sent.start:sent.end] = [n] * (sent.end - sent.start)
            sentence_start.append(sent.start_char)
        for cluster in [*self.clusters.values(), *self.people]:
            for s, e in cluster.mentions:
                span = parsed.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                root = span.root
                subject = root.dep_ in NOMINAL_SUBJECTS or (root.dep_ in ("poss", "compound")
                                                         and root.head.dep_ in NOMINAL_SUBJECTS)
                anchors.append((s, cluster, subject, token_sentence[root.i], root.i, self._quote_of(s)))
        anchors.sort(key=lambda a: a[0])
        starts = [a[0] for a in anchors]
        for tok in _tokens_of(parsed, _PRONOUN_WORDS):
            lower = tok.lower_
            if lower in _HE or lower in _SHE:
                allowed, gender = ("PERSON",), "m" if lower in _HE else "f"
                window = PERSON_PRONOUN_WINDOW
            else:  # "it", "they"
                if tok.dep_ not in NOMINAL_SUBJECTS or tok.head.lemma_.lower() not in vocab["reporting"]:
                    continue
                allowed = ("ORG", "GPE") if lower in NEUTER_PRONOUNS else ("ORG", "GPE", "NORP")
                gender = None
                window = GROUP_PRONOUN_WINDOW
            if tok.pos_ != "PRON":
                continue
            here = token_sentence[tok.i]
            pronoun_quote = self._quote_of(tok.idx)
            own_subject = _clause_subject(tok)
            best, best_score = None, None
            # only the mentions of the window's sentences, before the pronoun
            first = bisect.bisect_left(starts, sentence_start[max(0, here - window)])
            last = bisect.bisect_left(starts, tok.idx)
            for start, cluster, subject, sentence, head, quote in anchors[first:last]:
                if quote != pronoun_quote or not _fits(cluster, allowed, gender):
                    continue
                if head == own_subject:  # "X pardoned him": him is not X
                    continue
                score = (here - sentence) * 3 + (0 if subject else 2) - start / 1e7
                if best_score is None or score < best_score:
                    best, best_score = cluster, score
            if best is not None:
                best.mentions.append((tok.idx, tok.idx + len(tok.text)))

    def _quote_of(self, offset: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.quotes if s <= offset < e), None)


def _fits(cluster: Cluster, types: tuple[str, ...], gender: str | None) -> bool:
    """Whether a pronoun of ``gender`` (None for "it"/"they") can stand for the cluster."""
    return cluster.type in types and (gender is None or _gender(cluster) in (gender, None))


def _tokens_of(parsed, words) -> list:
    """The tokens of ``parsed`` whose lower-case form is one of ``words``, found on the parse's
    LOWER array: most tokens are none of them, and building a Token for each is the cost."""
    from spacy.attrs import LOWER

    wanted = numpy.array([parsed.vocab.strings[w] for w in words], dtype=numpy.uint64)
    return [parsed[int(i)] for i in numpy.flatnonzero(numpy.isin(parsed.to_array(LOWER), wanted))]


def _clause_subject(pronoun) -> int | None:
    """The token index of the subject of the clause an object pronoun belongs to ("him" in "X
    pardoned him", "her" in "X called to congratulate her"): a pronoun that is not reflexive
    never stands for it."""
    from presslens.events import actor_of

    if pronoun.lower_.endswith("self"):
        return None  # "X defended himself" is X
    verb = pronoun.head
    if pronoun.dep_ == "pobj" and verb.dep_ == "prep":  # "spoke with him"
        verb = verb.head
    if pronoun.dep_ not in OBJECTS or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = actor_of(verb)
    return subject.i if subject is not None else None


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


def _tail_of(short: PersonName, full: PersonName) -> bool:
    """"Wasserman Schultz" is the last part of "Debbie Wasserman Schultz"."""
    a, b = [*short.given, short.surname], [*full.given, full.surname]
    return 2 <= len(a) < len(b) and b[-len(a):] == a


def _sector_of(words: list[str]) -> str | None:
    """The sector a role's head implies, the last head deciding ("former CIA director"); two-word
    heads first ("attorney general" is not a general)."""
    heads = _vocabulary()["heads"]
    for i in range(len(words) - 1, -1, -1):
        if i > 0 and f"{words[i - 1]} {words[i]}" in heads:
            return heads[f"{words[i - 1]} {words[i]}"]
        if words[i] in heads:
            return heads[words[i]]
    return None


def _gender(cluster: Cluster) -> str | None:
    names = [cluster.person] if cluster.person else []
    if cluster.actor is not None:
        names = list(cluster.actor.person_names) + names
    for name in names:
        if name.gender:
            return name.gender
    return None


# --- output -------------------------------------------------------------------------------------
def _to_entities(doc: Document, clusters: list[Cluster], kb: KnowledgeBase) -> list[Entity]:
    out = []
    for cluster in sorted(clusters, key=lambda c: min(s for s, _ in c.mentions)):
        actor = cluster.actor
        if cluster.type == "PERSON":
            country = actor.country if actor else cluster.country
            if actor is not None:
                name = actor.name
            elif cluster.person is not None:
                person = cluster.person
                name = russian_spelling(person) if country in RUSSIAN_SPELLING_COUNTRIES else " ".join(
                    [*person.given, person.surname])
            else:
                name = cluster.name
            sector = actor.sector if actor and actor.sector else cluster.sector
        else:
            name, country, sector = cluster.name, cluster.country, cluster.sector
        roles = list(cluster.roles)
        if actor is not None:  # known roles, but none taken up after the article was written
            year = doc.meta.published_date.year if doc.meta.published_date else None
            roles += [str(r) for r in actor.roles
                      if str(r) not in roles and (year is None or r.start is None or r.start <= year)]
        aliases = []
        mentions = sorted(set(cluster.mentions))
        spans = [doc.span(s, e) for s, e in mentions]
        for surface in [*cluster.surfaces, *cluster.extra_aliases, *(actor.spellings if actor else ())]:
            surface = " ".join(surface.split())
            if surface and surface != name and surface not in aliases:
                aliases.append(surface)
        out.append(Entity(id=doc.new_id("e"), name=name, type=cluster.type, country=country, sector=sector,
                          roles=roles, aliases=aliases, mentions=spans, generic=cluster.generic))
    return out
