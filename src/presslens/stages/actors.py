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
6. definite role nouns with no name ("the minister") join the person holding the role named last
   before them; pronouns ("he", "she", and "it"/"they" as subjects of reporting verbs) join the
   most salient compatible entity before them, so later stages can turn a speaker "he" into an entity.

Step 1 lives in ``actor_mentions``, step 5 in ``actor_groups``, step 6 in ``actor_role_nouns`` and
``actor_pronouns``; this module reads, clusters and names (steps 2-4) and turns clusters into entities.
"""
from __future__ import annotations

import re

from presslens.document import Document, Entity
from presslens.knowledge import (
    Actor,
    Country,
    KnowledgeBase,
    key,
    knowledge_base,
)
from presslens.names import (
    PersonName,
    ascii_fold,
    given_group,
    is_initial,
    is_known_given_name,
    russian_spelling,
    same_person_name,
    split_name,
)
from presslens.stages.actor_groups import GenericGroups
from presslens.stages.actor_mentions import Cluster, Mention, find_candidates, vocabulary
from presslens.stages.actor_pronouns import link_pronouns, mention_role
from presslens.stages.actor_role_nouns import link_role_nouns
from presslens.syntax import overlaps_any

# Countries whose people get the Russian-based English spelling as canonical name.
RUSSIAN_SPELLING_COUNTRIES = frozenset({"RUS"})
# A bare surname links to the one known person with it only when it is not too short to be
# something else ("May", "Abe", "Kim" stay unlinked unless the article names the person in full).
MIN_KNOWN_SURNAME = 4


class ActorStage:
    """What every language's actors stage shares: its place in the pipeline and the knowledge
    base it names actors from (the shipped one and the user's ``--actors`` files)."""

    name = "actors"
    requires = ("parse",)
    assigns = ("entities",)

    def __init__(self, actor_files: tuple[str, ...] = ()):
        self.kb = knowledge_base(tuple(actor_files))


class Actors(ActorStage):
    def __call__(self, doc: Document) -> None:
        parsed = doc.parse
        if parsed is None or not doc.text.strip():
            return
        mentions = find_candidates(doc, self.kb)
        clusters = _Resolver(doc, self.kb).resolve(mentions)
        doc.entities.extend(_to_entities(doc, clusters, self.kb))


def _looks_like_person(surface: str) -> bool:
    """Two or three capitalised words led by a known given name: a person whatever NER said."""
    words = surface.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words) and (
        is_known_given_name(words[0]))


# --- 2-5. reading, clustering, roles, pronouns ----------------------------------------------------
class _Resolver(GenericGroups):
    def __init__(self, doc: Document, kb: KnowledgeBase):
        self.doc = doc
        self.text = doc.text
        self.parsed = doc.parse
        self.kb = kb
        self.clusters: dict[str, Cluster] = {}  # by a key per kind of entity
        self.people: list[Cluster] = []
        self.taken: list[tuple[int, int]] = []

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
        link_role_nouns(self.text, self.parsed, [*self.clusters.values(), *self.people])
        link_pronouns(self.text, self.parsed, [*self.clusters.values(), *self.people])
        return [c for c in self.clusters.values() if c.mentions] + [c for c in self.people if c.mentions]

    def _after_titles(self, m: Mention) -> int:
        """Where the name starts in a PERSON span that opens with a title or a demonym
        ("Kentuckian Rand Paul", "Senator Ted Cruz"): those words are the role, not the name."""
        vocab = vocabulary()
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
        return tok.dep_ == "pobj" and head.lower_ in vocabulary()["locative"]

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
        """The person a bare surname names: one of this article's people with that surname (the one
        most recently the subject of a clause, else the nearest mentioned before, else after), else
        the one known person with it. Where two people share a surname, the one the story is about
        keeps the bare surname and the other is named in full ("Clinton ... first lady Hillary
        Clinton ... Clinton said" is still the first)."""
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
                before = [(s, e) for s, e in c.mentions if s < at]
                if not before:
                    return 2, min(abs(s - at) for s, _ in c.mentions)
                subjects = [s for s, e in before if self._is_subject(s, e)] if len(same) > 1 else []
                return (0, at - max(subjects)) if subjects else (1, at - max(s for s, _ in before))
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

    def _is_subject(self, start: int, end: int) -> bool:
        """Whether a mention is the subject of a clause (or owns it: "X's spokesman said")."""
        span = self.parsed.char_span(start, end, alignment_mode="expand")
        return span is not None and mention_role(span.root) in ("main subject", "subject")

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

    # --- roles and affiliation ---------------------------------------------------------------
    def _read_roles(self, cluster: Cluster) -> None:
        vocab = vocabulary()
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
        vocab = vocabulary()
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
        if not any(w in vocabulary()["heads"] for w in first_words) or role.split()[0].lower() in ("who", "which"):
            return end, end
        return match.start("role"), match.end("role")

def _tail_of(short: PersonName, full: PersonName) -> bool:
    """"Wasserman Schultz" is the last part of "Debbie Wasserman Schultz"."""
    a, b = [*short.given, short.surname], [*full.given, full.surname]
    return 2 <= len(a) < len(b) and b[-len(a):] == a


def _sector_of(words: list[str]) -> str | None:
    """The sector a role's head implies, the last head deciding ("former CIA director"); two-word
    heads first ("attorney general" is not a general)."""
    heads = vocabulary()["heads"]
    for i in range(len(words) - 1, -1, -1):
        if i > 0 and f"{words[i - 1]} {words[i]}" in heads:
            return heads[f"{words[i - 1]} {words[i]}"]
        if words[i] in heads:
            return heads[words[i]]
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
