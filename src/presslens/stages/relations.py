"""Relations between entities, in PLOVER terms.

Events come from ``presslens.events`` (grammar and modality); this stage maps their argument
phrases to entities (``presslens.actor_refs``), expands coordinated actors into one relation each,
attributes a relation read inside a quote to the quote's speaker (``asserted_by``), turns "X must
do Y" in a speaker's mouth into the speaker's REQUEST of X, and dates each relation from the date
expressions of its clause. An event whose text names no recipient ("protesters rallied", "the army
mobilised reservists") is no relation: it goes to the ``events`` layer with its actor alone.
"""
from __future__ import annotations

from presslens.actor_refs import EntityResolver, ResolvingStage, np_bounds, quote_at
from presslens.document import (
    ID_PREFIXES,
    Document,
    Event as EventRecord,  # the format's record; Event is the grammar's
    Relation,
)
from presslens.event_arguments import names_party
from presslens.events import REQUEST_MODES, STANDING_KINDS, Event, find_events
from presslens.syntax import CLAUSES, NOMINAL_SUBJECTS

# PLOVER event type -> relation kind of the analysis format.
KIND_OF_EVENT = {
    "AGREE": "agrees", "CONSULT": "meets", "SUPPORT": "supports", "CONCEDE": "concedes",
    "COOPERATE": "cooperates", "AID": "aids", "RETREAT": "retreats", "REQUEST": "requests",
    "ACCUSE": "accuses", "REJECT": "rejects", "THREATEN": "threatens", "PROTEST": "protests",
    "SANCTION": "sanctions", "MOBILIZE": "mobilizes", "COERCE": "coerces", "ASSAULT": "attacks",
}
EVENT_OF_KIND = {kind: event for event, kind in KIND_OF_EVENT.items()}
# Events whose object is what is talked about, not whom it is done to: a party named inside it
# ("discussed Iran's role") is no recipient.
TOPIC_EVENTS = frozenset({"CONSULT"})


def _clause_head(tok):
    """The head of the clause ``tok`` is in: a date inside another clause does not date its event."""
    while tok.dep_ not in CLAUSES | {"ROOT"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _date_for(doc: Document, event: Event) -> str | None:
    """The value of the date expression in the event's own clause, or of one attached to the
    event word itself ("a meeting ... on October 9")."""
    trigger = event.trigger
    sent = trigger.sent
    clause = _clause_head(trigger)
    candidates = []
    for date in doc.dates:
        if not (sent.start_char <= date.start < sent.end_char):
            continue
        span = doc.parse.char_span(date.start, date.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if any(a.i == trigger.i for a in [head, *head.ancestors]):
            return date.value
        if _clause_head(head).i == clause.i:
            candidates.append(date)
    return candidates[0].value if candidates else None


class Relations(ResolvingStage):
    name = "relations"
    assigns = ("relations", "events")

    def read(self, doc: Document, resolver: EntityResolver) -> None:
        seen: set[tuple] = set()
        for sent in doc.parse.sents:
            one_actor: list[EventRecord] = []
            for event in find_events(sent):
                relations, events = self._records(doc, resolver, event)
                for relation in relations:
                    key = (relation.kind, relation.source, relation.target, relation.negated, sent.start)
                    if key in seen:
                        continue
                    seen.add(key)
                    doc.relations.append(relation)
                one_actor.extend(events)
            self._add_events(doc, one_actor, sent, seen)

    @staticmethod
    def _add_events(doc: Document, events: list[EventRecord], sent, seen: set[tuple]) -> None:
        """The sentence's one-actor events, each once, and none where a relation of the sentence
        already codes its act by its actor (an event with a recipient is a relation, never both)."""
        coded = {(r.kind, r.source) for r in doc.relations if r.start >= sent.start_char}
        for event in events:
            key = (event.kind, event.source, None, event.negated, sent.start)
            if key in seen or (event.kind, event.source) in coded:
                continue
            seen.add(key)
            event.id = doc.new_id(ID_PREFIXES["events"])
            doc.events.append(event)

    def _records(self, doc: Document, resolver: EntityResolver,
                 event: Event) -> tuple[list[Relation], list[EventRecord]]:
        """The relations an event gives, or, where its text names no recipient, its one-actor events."""
        trigger = event.trigger
        quote = quote_at(doc, trigger.idx, trigger.idx + len(trigger.text))
        speaker = doc.entity(quote.speaker) if quote is not None else None
        actors = [e for tok in event.actors for e in resolver.resolve_party(tok, speaker)]
        # a pronoun recipient is someone other than the act's own actor ("X pardoned him")
        own = frozenset(e.id for e in actors if e is not None)
        recipients = [e for tok in event.recipients
                      for e in resolver.resolve_party(tok, speaker, place=True, exclude=own,
                                                      inside=event.event not in TOPIC_EVENTS)]
        kind_event, mode = event.event, event.mode
        if event.obligation:
            # "X must stop": the speaker (or whoever the sentence says voices it) demands it of X
            askers = [speaker] if speaker is not None else [
                e for tok in event.askers for e in resolver.resolve(tok, None)]
            if not askers or not actors:
                return [], []
            recipients, actors = actors, [resolver.speaker_side(a) or a for a in askers]
            kind_event, mode = "REQUEST", None
        kind = kind_event if kind_event in STANDING_KINDS else KIND_OF_EVENT.get(kind_event)
        if kind is None:
            return [], []
        start, end = self._evidence_bounds(event)
        common = {"date": _date_for(doc, event), "hedged": event.hedged, "start": start, "end": end,
                  "evidence": doc.text[start:end], "asserted_by": speaker.id if speaker is not None else None}
        readings = _readings(event, kind, kind_event, mode)
        # a recipient that is the actor itself ("demanded that his nation be consulted") is no other
        # party; a name or pronoun that resolves to no entity is one the text names
        others = [r for r in recipients if any(a.id != r.id for a in actors)]
        unresolved_party = not recipients and any(names_party(t) for t in event.recipients)
        if not others and kind not in STANDING_KINDS and not unresolved_party:
            return [], [EventRecord(id="", kind=reading_kind, source=actor.id, source_name=actor.name,
                                    plover=dict(reading_plover, context=list(reading_plover["context"])),
                                    negated=negated,
                                    modality=_modality_of(event, negated), **common)
                        for reading_kind, reading_plover, negated in readings for actor in _unique(actors)]
        out = []
        for reading_kind, reading_plover, negated in readings:
            for actor in _unique(actors):
                for recipient in _unique(recipients):
                    if actor.id == recipient.id:
                        continue
                    out.append(Relation(
                        id=doc.new_id("r"), kind=reading_kind,
                        source=actor.id, source_name=actor.name, target=recipient.id, target_name=recipient.name,
                        plover=dict(reading_plover, context=list(reading_plover["context"])),
                        negated=negated, modality=_modality_of(event, negated), **common))
        return out, []

    @staticmethod
    def _evidence_bounds(event: Event) -> tuple[int, int]:
        """The stretch of the sentence from the first to the last word of the event: its word and
        the core of each argument phrase in the same sentence."""
        trigger = event.trigger
        sent = trigger.sent
        bounds = [(trigger.idx, trigger.idx + len(trigger.text))]
        if event.standing and trigger.dep_ in NOMINAL_SUBJECTS:  # "relations ... deteriorated"
            verb = trigger.head
            bounds.append((verb.idx, verb.idx + len(verb.text)))
        for tok in [*event.actors, *event.recipients]:
            if sent.start <= tok.i < sent.end:
                bounds.append(np_bounds(tok))
        return min(b[0] for b in bounds), max(b[1] for b in bounds)


def _readings(event: Event, kind: str, kind_event: str, mode: str | None) -> list[tuple[str, dict, bool]]:
    """(kind, plover, negated) of each reading of an event. PLOVER codes a refusal ("refused to
    release", "will not lift") as REJECT, whose modes are REQUEST's: the refused act stays negated,
    the refusal is added beside it."""
    plover = {"event": None if kind in STANDING_KINDS else kind_event, "mode": mode, "context": list(event.context)}
    readings = [(kind, plover, event.negated)]
    if event.refused and kind_event in KIND_OF_EVENT and kind_event != "REJECT":
        readings.append(("rejects", {"event": "REJECT", "mode": REQUEST_MODES.get(kind_event, "change"),
                                     "context": list(event.context)}, False))
    return readings


def _modality_of(event: Event, negated: bool) -> str | None:
    """The relation's modality: the event's, where the relation keeps the event's negation (a refusal
    read beside a negated act is itself a fact)."""
    if not negated and event.modality in ("negated", "denied"):
        return None
    return event.modality


def _unique(entities):
    seen = set()
    for entity in entities:
        if entity is not None and entity.id not in seen:
            seen.add(entity.id)
            yield entity
