"""The actor knowledge base: countries, places, known actors, loaded once per process.

Shipped files live in ``presslens/data/actors/`` (format: ``data/actors/README.md``); users add
actors of their own with ``--actors FILE`` (TSV or JSON, same fields). A user's entry wins over a
shipped one with the same name.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from presslens.data import load_json
from presslens.errors import ActorFileError, InputRejected
from presslens.ingest.json_input import load_json as load_input_json
from presslens.names import PersonName, ascii_fold, split_name

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
KB_COLUMNS = ("name", "type", "country", "sector", "variants", "roles")
_ROLE = re.compile(r"^(?P<title>.*?)(?:\s*\[(?P<start>\d{4})?\s*-\s*(?P<end>\d{4})?\])?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_REGNAL = re.compile(r"\s[IVX]+$")
# Countries whose people's names are written family name first in English news.
FAMILY_NAME_FIRST = frozenset({"CHN", "PRK", "KOR", "TWN", "VNM"})


# every mention is looked up by its key, often many times per article (a few MB at most)
@functools.lru_cache(maxsize=65536)
def key(surface: str) -> str:
    """The lookup key of a surface form: folded, lower-cased, no leading "the", no possessive."""
    text = " ".join(ascii_fold(surface).replace("’", "'").split())
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    text = re.sub(r"'s?$", "", text)
    return text.strip().lower()


@dataclass(frozen=True)
class Role:
    title: str
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        if self.start is None and self.end is None:
            return self.title
        return f"{self.title} ({self.start or ''}-{self.end or ''})"


@dataclass
class Actor:
    """A known actor: what the knowledge base says about a person, organisation, state or bloc."""

    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    variants: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    person_names: tuple[PersonName, ...] = field(default=(), compare=False)

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    kind: str  # city | region
    aliases: tuple[str, ...]


def _split(cell: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split(sep) if p.strip())


def _tsv_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _data_text(relative: str) -> str:
    return resources.files("presslens.data").joinpath(relative).read_text(encoding="utf-8")


def parse_role(text: str) -> Role:
    m = _ROLE.match(text.strip())
    assert m is not None  # the pattern matches any string
    return Role(m.group("title").strip(), int(m.group("start")) if m.group("start") else None,
                int(m.group("end")) if m.group("end") else None)


def make_actor(record: dict, origin: str) -> Actor:
    """An ``Actor`` from one record (a TSV row or a JSON object); ``ActorFileError`` if invalid."""
    name = str(record.get("name") or "").strip()
    if not name:
        raise ActorFileError(origin, "an entry has no name")
    kind = str(record.get("type") or "").strip().upper()
    if kind not in ACTOR_TYPES:
        raise ActorFileError(origin, f"{name!r}: type must be one of {', '.join(ACTOR_TYPES)}, got {kind!r}")
    country = str(record.get("country") or "").strip().upper() or None
    if country is not None and not _ISO3.match(country):
        raise ActorFileError(origin, f"{name!r}: country must be an ISO 3166-1 alpha-3 code, got {country!r}")
    sector = str(record.get("sector") or "").strip().upper() or None
    if sector is not None and sector not in sector_codes():
        raise ActorFileError(origin, f"{name!r}: unknown sector {sector!r} (known: {', '.join(sector_codes())})")
    variants = record.get("variants") or ()
    variants = _split(variants) if isinstance(variants, str) else tuple(str(v).strip() for v in variants)
    roles_in = record.get("roles") or ()
    roles_in = _split(roles_in, ";") if isinstance(roles_in, str) else roles_in
    roles = []
    for role in roles_in:
        if isinstance(role, dict):
            roles.append(Role(str(role.get("title", "")).strip(), role.get("from"), role.get("to")))
        else:
            roles.append(parse_role(str(role)))
    people: tuple[PersonName, ...] = ()
    if kind == "PERSON":
        # Spellings that reduce to one word by dropping a regnal number ("Abdullah II") would make
        # every bare "Abdullah" this person: those are matched only as written.
        spellings = [s for s in (name, *variants) if not _REGNAL.search(s)]
        if country in FAMILY_NAME_FIRST:  # "Xi Jinping": the family name comes first
            parsed = [PersonName(tuple(s.split()[1:]), s.split()[0]) for s in spellings if " " in s]
        else:
            parsed = [p for p in (split_name(s) for s in spellings) if p is not None]
        if any(p.given for p in parsed):
            parsed = [p for p in parsed if p.given]
        people = tuple(parsed)
    return Actor(name, kind, country, sector, tuple(v for v in variants if v != name), tuple(roles), people)


def read_actor_file(path: str | Path) -> list[Actor]:
    """Actors from a user's file: ``.tsv`` (columns as the shipped files) or ``.json`` (a list of
    objects, or ``{"actors": [...]}``)."""
    path = Path(path)
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorFileError(origin, f"cannot be read: {exc}") from None
    if path.suffix.lower() == ".json":
        try:
            data = load_input_json(text)
        except InputRejected as exc:
            raise ActorFileError(origin, exc.message) from None
        records = data.get("actors") if isinstance(data, dict) else data
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ActorFileError(origin, "must hold a list of actor objects (or {\"actors\": [...]})")
        return [make_actor(r, origin) for r in records]
    if path.suffix.lower() in (".tsv", ".txt"):
        return [make_actor(_row_record(row, origin), origin) for row in _tsv_rows(text)]
    raise ActorFileError(origin, "must be a .tsv or .json file")


def _row_record(row: list[str], origin: str) -> dict:
    if len(row) > len(KB_COLUMNS) or len(row) < 2:
        raise ActorFileError(origin, f"a row must have 2 to {len(KB_COLUMNS)} tab-separated columns "
                                     f"({', '.join(KB_COLUMNS)}): {row!r}")
    return dict(zip(KB_COLUMNS, row, strict=False))  # a row may leave out its trailing columns


@functools.lru_cache(maxsize=1)
def sector_codes() -> tuple[str, ...]:
    return tuple(load_json("actors/sectors.json")["sectors"])


@functools.lru_cache(maxsize=1)
def shipped_actors() -> tuple[Actor, ...]:
    actors = []
    for relative in ("actors/kb/people.tsv", "actors/kb/organisations.tsv"):
        for row in _tsv_rows(_data_text(relative)):
            actors.append(make_actor(_row_record(row, relative), relative))
    return tuple(actors)


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    return tuple(Country(row[0], row[1], *map(_split, row[2:6]))
                 for row in _padded_rows("actors/countries.tsv", 6))


@functools.lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    return tuple(Place(row[0], row[1] or None, row[2], _split(row[3]))
                 for row in _padded_rows("actors/places.tsv", 4))


def _padded_rows(relative: str, width: int) -> list[list[str]]:
    """The rows of a shipped table, each padded to ``width`` columns: trailing empty columns may be left out."""
    return [row + [""] * (width - len(row)) for row in _tsv_rows(_data_text(relative))]


class KnowledgeBase:
    """Lookup tables over countries, places and actors, built once per set of actor files."""

    def __init__(self, actors: tuple[Actor, ...]):
        self.actors = actors
        self.by_key: dict[str, Actor] = {}
        for actor in actors:  # later files win: a user's entry replaces a shipped one
            for spelling in actor.spellings:
                self.by_key[key(spelling)] = actor
        self.people_by_skeleton: dict[str, list[Actor]] = {}
        for actor in self.by_key.values():
            for person in actor.person_names:
                bucket = self.people_by_skeleton.setdefault(person.skeleton, [])
                if actor not in bucket:
                    bucket.append(actor)
        self.countries = {c.iso3: c for c in countries()}
        self.country_by_key: dict[str, Country] = {}
        self.demonym_by_key: dict[str, Country] = {}
        self.capital_by_key: dict[str, Country] = {}
        self.seat_by_key: dict[str, Country] = {}
        for c in countries():
            for form in (c.name, *c.aliases):
                self.country_by_key[key(form)] = c
            for form in c.demonyms:
                self.demonym_by_key[key(form)] = c
            for form in c.capitals:
                self.capital_by_key[key(form)] = c
            for form in c.seats:
                self.seat_by_key[key(form)] = c
        self.place_by_key: dict[str, Place] = {}
        for p in places():
            for form in (p.name, *p.aliases):
                self.place_by_key[key(form)] = p
        ministries = load_json("actors/ministries.json")
        self.ministry_kinds: dict[str, str] = {}
        for canonical, words in ministries["kinds"].items():
            for word in words:
                self.ministry_kinds[word.lower()] = canonical
        self.mission_words = tuple(ministries["missions"])

    def surface_forms(self) -> list[tuple[str, str]]:
        """(surface, kind) for the phrase matcher: actor spellings, countries (which the model
        sometimes skips: "gave to Armenia some of"), places, seats of power."""
        forms = [(s, "actor") for a in self.actors for s in a.spellings]
        forms += [(s, "country") for c in countries() for s in (c.name, *c.aliases)]
        forms += [(s, "place") for p in places() for s in (p.name, *p.aliases)]
        forms += [(s, "seat") for c in countries() for s in (*c.seats, *c.capitals)]
        return forms

    def person(self, name: PersonName) -> Actor | None:
        """The known person a full or partial name fits, when exactly one does."""
        from presslens.names import same_person_name

        fits = [a for a in self.people_by_skeleton.get(name.skeleton, ())
                if any(same_person_name(name, p) for p in a.person_names)]
        return fits[0] if len(fits) == 1 else None


@functools.lru_cache(maxsize=8)
def knowledge_base(actor_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The knowledge base with the shipped actors and those of ``actor_files`` (built once)."""
    actors = list(shipped_actors())
    for path in actor_files:
        actors.extend(read_actor_file(path))
    return KnowledgeBase(tuple(actors))


def role_heads() -> dict[str, str | None]:
    return load_json("actors/roles.json")["heads"]


@dataclass(frozen=True)
class GenericGroup:
    """An unnamed group actor ("protesters", "Syrian forces"), coded by sector (``actors/generic.json``)."""

    name: str  # the canonical noun the entity is named with
    sector: str
    type: str
    state: bool  # with a country, the group is the state itself ("the German government")
    counted: frozenset[str]  # surface nouns that name the group only when counted ("18 people")
    not_with: frozenset[str]  # modifiers after which the noun names no such group ("political forces")


@functools.lru_cache(maxsize=1)
def generic_nouns() -> dict[str, GenericGroup]:
    """Lower-case surface noun (one or two words) -> the generic group its noun phrase names."""
    out: dict[str, GenericGroup] = {}
    for name, record in load_json("actors/generic.json")["groups"].items():
        group = GenericGroup(name=name, sector=record["sector"], type=record["type"],
                             state=bool(record.get("state")), counted=frozenset(record.get("counted", ())),
                             not_with=frozenset(record.get("not_with", ())))
        for noun in record["nouns"]:
            out[noun] = group
    return out


@functools.lru_cache(maxsize=1)
def generic_collectives() -> frozenset[str]:
    """Nouns after which a group word names the group itself ("rebel group", "militant cells")."""
    return frozenset(load_json("actors/generic.json")["collectives"])


@functools.lru_cache(maxsize=1)
def backing_participles() -> frozenset[str]:
    """Words that, hyphenated after a nationality, name a backer ("Iranian-backed")."""
    return frozenset(load_json("actors/generic.json")["backing_participles"])


@functools.lru_cache(maxsize=1)
def holding_participles() -> frozenset[str]:
    """Words that, hyphenated after a group word, name the group holding a place ("rebel-held")."""
    return frozenset(load_json("actors/generic.json")["holding_participles"])
