"""The analysis document: one immutable text, its metadata, and stand-off annotation layers.

Every annotation is a record with character offsets into ``Document.text`` (Python ``str``
indices, end exclusive). Stages add records to the layers; nothing else changes the text.
The analysis format (``presslens/analysis@1``) is produced here and only here, so every consumer
(CLI, HTTP API, store, exports) sees the same shape.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_ID = "presslens/analysis@1"


@dataclass(frozen=True)
class Span:
    """A stretch of the text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def within(self, start: int, end: int) -> bool:
        return start <= self.start and self.end <= end


@dataclass
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    # An unnamed group coded by sector, as event coders do ("protesters", "Syrian forces"): the
    # same name in two articles is not necessarily the same group.
    generic: bool = False


@dataclass
class Quote:
    id: str
    kind: str  # direct | partial | reported
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_name: str | None = None
    speaker_mention: Span | None = None
    # How the speaker was found (SPEAKER_ROUTES), so a reader can judge a doubtful attribution.
    speaker_via: str | None = None
    cue: Span | None = None
    channel: str | None = None
    date: str | None = None


@dataclass
class Claim:
    id: str
    start: int
    end: int
    text: str
    claimant: str | None
    claimant_name: str | None
    status: str  # asserted | unsupported | disputed | denied | false | confirmed
    cues: list[Span] = field(default_factory=list)
    quote: str | None = None
    # A warning of disinformation names the later claim it anticipates (that claim's id).
    anticipates: str | None = None
    # Who denies or disputes it (entity id), for a denied or disputed claim; None otherwise.
    rejected_by: str | None = None
    # Every status the article gives it, the main one (``status``) first: a claim can be
    # unsupported and denied at once.
    statuses: list[str] = field(default_factory=list)


@dataclass
class Label:
    id: str
    start: int
    end: int
    label: str
    # Who gives the label: an entity (source, source_name); a quoted speaker who is no entity
    # ("a second source": source None, source_name the speaker's words); the article's own voice
    # (both None).
    source: str | None
    source_name: str | None
    target: str | None
    target_name: str | None
    target_text: str | None
    # The construction that gave the label (LABEL_CONSTRUCTIONS); None in analyses made before
    # it was recorded.
    construction: str | None = None
    negated: bool = False  # "X is not a terrorist"
    quoted: bool = False  # the label stands inside a quotation


# verb: "calls X a Y"; epithet: "the Y regime" in a speaker's words; copular: "X is a Y" in a
# speaker's words; designation: a formal status or charge ("a foreign agent", "charged with
# espionage"); article voice: an evaluative epithet in the outlet's own words (no source).
LABEL_CONSTRUCTIONS = ("verb", "epithet", "copular", "designation", "article voice")


@dataclass
class Event:
    """A PLOVER event with an actor and no recipient the text names ("protesters rallied", "the
    army mobilised reservists"): the fields of a relation without its target. An event whose text
    names a recipient is a relation, never both."""

    id: str
    kind: str
    source: str
    source_name: str
    plover: dict[str, Any]
    negated: bool
    hedged: bool
    date: str | None
    start: int
    end: int
    evidence: str
    asserted_by: str | None = None
    modality: str | None = None  # future, conditional, hypothetical, question, negated, denied; None: it happened


@dataclass(kw_only=True)
class Relation(Event):
    """A PLOVER event, or an ally / relations_* stance, with the party it is done to: an event's
    fields and its target (keyword-only, so that it follows the event's fields with defaults)."""

    target: str
    target_name: str


@dataclass
class Technique:
    id: str
    technique: str
    category: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_name: str | None
    score: float
    cues: list[str] = field(default_factory=list)


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD


@dataclass
class StageError:
    stage: str
    code: str
    message: str


@dataclass
class Metadata:
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = "en"
    # Where ``published`` came from: given (by the caller), record, html, dateline, default
    # (the caller's default date for inputs without one), or None.
    published_from: str | None = None

    @property
    def published_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.published) if self.published else None


# The layers in output order, with the record type each holds.
LIST_LAYERS: dict[str, type] = {
    "entities": Entity,
    "quotes": Quote,
    "claims": Claim,
    "labels": Label,
    "relations": Relation,
    "events": Event,
    "techniques": Technique,
    "dates": DateMention,
}

# The prefix of each layer's record ids (``e1``, ``q1``...): Document.new_id numbers them.
ID_PREFIXES: dict[str, str] = {"entities": "e", "quotes": "q", "claims": "c", "labels": "l", "relations": "r",
                               "events": "v", "techniques": "t"}

# The fields of each layer that hold the id of another record: (field, the layer that record is
# in, the field beside it that repeats the record's name, if any).
REFERENCES: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "quotes": (("speaker", "entities", "speaker_name"),),
    "claims": (("claimant", "entities", "claimant_name"), ("quote", "quotes", None), ("anticipates", "claims", None)),
    "labels": (("source", "entities", "source_name"), ("target", "entities", "target_name")),
    "relations": (("source", "entities", "source_name"), ("target", "entities", "target_name"),
                  ("asserted_by", "entities", None)),
    "events": (("source", "entities", "source_name"), ("asserted_by", "entities", None)),
    "techniques": (("speaker", "entities", "speaker_name"),),
}


class Document:
    """One article: the immutable text, its metadata, and the annotation layers stages add."""

    def __init__(self, text: str, meta: Metadata):
        self._text = text
        self.meta = meta
        self.parse = None  # the spaCy Doc, set by the parse stage; never serialised
        self.entities: list[Entity] = []
        self.quotes: list[Quote] = []
        self.claims: list[Claim] = []
        self.labels: list[Label] = []
        self.relations: list[Relation] = []
        self.events: list[Event] = []
        self.techniques: list[Technique] = []
        self.paragraph_techniques: list[dict[str, Any]] = []
        self.frames: list[dict[str, Any]] = []
        self.genre: dict[str, Any] | None = None
        self.dates: list[DateMention] = []
        self.errors: list[StageError] = []
        self._id_counters: dict[str, int] = {}

    @property
    def text(self) -> str:
        return self._text

    @property
    def id(self) -> str:
        return self.meta.id

    def new_id(self, prefix: str) -> str:
        """The next id of a layer: ``e1``, ``e2``... for entities, ``q1``... for quotes."""
        n = self._id_counters.get(prefix, 0) + 1
        self._id_counters[prefix] = n
        return f"{prefix}{n}"

    def span(self, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(self._text):
            raise ValueError(f"span {start}:{end} outside the text (length {len(self._text)})")
        return Span(start, end, self._text[start:end])

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        return next((e for e in self.entities if e.id == entity_id), None)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping ``start:end`` (the longest such mention wins)."""
        best, best_len = None, -1
        for entity in self.entities:
            for m in entity.mentions:
                if m.overlaps(start, end) and m.end - m.start > best_len:
                    best, best_len = entity, m.end - m.start
        return best

    # --- the analysis format -------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "document": asdict(self.meta),
            "text": self._text,
        }
        for layer in LIST_LAYERS:
            if layer == "dates":
                continue
            out[layer] = [asdict(r) for r in getattr(self, layer)]
        out["paragraph_techniques"] = list(self.paragraph_techniques)
        out["frames"] = list(self.frames)
        out["genre"] = self.genre
        out["dates"] = [asdict(r) for r in self.dates]
        out["errors"] = [asdict(e) for e in self.errors]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        meta_fields = {f.name for f in fields(Metadata)}
        meta = Metadata(**{k: v for k, v in data["document"].items() if k in meta_fields})
        doc = cls(data["text"], meta)
        for layer, record_type in LIST_LAYERS.items():
            setattr(doc, layer, [_record(record_type, r) for r in data.get(layer, [])])
        doc.paragraph_techniques = list(data.get("paragraph_techniques", []))
        doc.frames = list(data.get("frames", []))
        doc.genre = data.get("genre")
        doc.errors = [StageError(**e) for e in data.get("errors", [])]
        return doc


def _record(record_type: type, data: dict[str, Any]) -> Any:
    """Rebuild a record from its JSON form, turning nested spans back into ``Span``s."""
    known = {f.name for f in fields(record_type)}
    values = {k: v for k, v in data.items() if k in known}
    for key in ("speaker_mention", "cue"):
        if isinstance(values.get(key), dict):
            values[key] = Span(**values[key])
    for key in ("mentions", "cues"):
        if key in values and values[key] and isinstance(values[key][0], dict):
            values[key] = [Span(**s) for s in values[key]]
    return record_type(**values)


def rejection_record(meta: Metadata | dict[str, Any], code: str, message: str) -> dict[str, Any]:
    """The record of an input that could not be analysed at all."""
    document = asdict(meta) if isinstance(meta, Metadata) else dict(meta)
    return {"schema": SCHEMA_ID, "document": document, "error": {"code": code, "message": message}}

