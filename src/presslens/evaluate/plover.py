"""Score relations against sentences coded by hand in PLOVER (issue 21): event type, source, target.

Records (JSON Lines, or one JSON array) carry the PLOVER gold-standard fields ``event``,
``source[].actorText`` and ``target[].actorText``, optionally ``id``, ``mode``, ``negated`` and
``hedged``, and either the sentence as ``text`` or, where the sentence may not be copied, its
``origin`` in the shared data: ``{"corpus", "file", "start", "end"}`` (``file`` relative to the
data root, ``open(file).read()[start:end]``: UTF-8, universal newlines), or for the CAMEO set
``{"corpus": "cameo", "file", "line"}`` (0-based line; the sentence is what precedes its tab).
``text`` wins where a record has both.

Each sentence is analysed alone, as a one-sentence document, by the stages of the standard
pipeline up to and including relations (those after it do not change relations). A produced
relation *counts* for a record when it has a PLOVER event type and is not negated (PLOVER drops
negated events: a negated relation says the event did not happen); where the record says
``negated: true``, negated relations count too, so that the type is scored alike and the negation
is scored apart.

Figures, over records:
- type: the gold event type is the type of a counted relation (or, for a record whose gold names
  no target, of a counted one-actor event of the ``events`` layer); strict (main event): besides, the
  event presslens would code for the sentence (``events.main_event`` of its first sentence with
  one, REJECT for a refusal, negated ones skipped unless the record is negated) has the gold type
  (an event with no relation, as one without a recipient, does not count alone);
- with source and target: a counted relation has the gold type, its source matches a gold source
  and its target a gold target; an empty gold source or target list matches any party; where the
  gold names no target, a counted event of the gold type whose source matches counts as well
  (``relations_alone`` gives the figure without events, comparable with the rounds before them);
- precision: over counted relations of every record, the share whose type is the record's;
  events apart: over counted events of every record, the share whose type is the record's;
- by gold target: the same three figures over records whose gold names a target and over those
  that name none (PLOVER codes many events without a recipient, "the senator apologized"; a
  relation is between two entities, so such a record is reached by a one-actor event, or by a
  relation whose target is some other party; events never count for records with a gold target);
- per type: records, type found, with source and target; confusion: for each record whose
  type was not found, the counted types produced instead (``none`` when there was none);
- negated / hedged agreement, over records that give the flag: among those with a relation of
  the gold type (negated or not), whether the flag of the best such relation (actors right
  first, then negation as gold says) equals the gold flag.

Actor match, a party (the entity a relation names) against a gold ``actorText``. Both sides are
compared case-insensitively, without a leading "the" and a trailing possessive ("'s", "'"):
- by position: a mention of the entity in the sentence shares a character with an occurrence of
  the actor words (whole words) in the sentence ("Osterland" in "Osterland's foreign minister";
  "Police" in "police in Kessa");
- or by name: the entity's name or one of its aliases equals the actor words, or the name's
  words appear in order inside the actor words or theirs inside the name's ("Vladimir Putin" for
  "Russian President Vladimir Putin"; "Kremlin" for an entity Russia whose alias it is).
Source and target are not swapped for reciprocal types: PLOVER codes a reciprocal event with
every party as source and no target, which the empty-target rule covers.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.data import load_json

DEFAULT_SHARED_DATA = Path("../shared/data")
ORIGIN_CORPORA = ("semeval2023-task3-en", "polnear", "cameo")
NO_TYPE = "none"


class RecordError(ValueError):
    """A record that cannot be read or resolved; the message names the record."""


def plover_types() -> list[str]:
    """The 16 PLOVER event types, in the manual's order."""
    return list(load_json("plover.json")["cameo_root"])


@dataclass(frozen=True)
class GoldRecord:
    label: str  # the record's id, else FILE:LINE (JSON Lines) or FILE[INDEX] (array)
    text: str
    event: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    mode: str | None = None
    negated: bool | None = None
    hedged: bool | None = None


@dataclass(frozen=True)
class Party:
    """An entity a relation names: its name, aliases and mention spans in the sentence."""

    name: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ProducedRelation:
    event: str
    source: Party | None
    target: Party | None
    negated: bool = False
    hedged: bool = False
    kind: str = ""


@dataclass
class Produced:
    """What the analysis of one sentence gives: relations with a PLOVER type, the main event."""

    relations: list[ProducedRelation] = field(default_factory=list)
    main_event: str | None = None
    main_event_if_negated: str | None = None  # the main event when negated events may be it
    errors: list[str] = field(default_factory=list)
    events: list[ProducedRelation] = field(default_factory=list)  # one-actor events: target None


# --- reading -----------------------------------------------------------------------------------

def read_raw_records(path: str | Path) -> list[tuple[str, Any]]:
    """(label, record) for every record of a JSON array, a single JSON object, or JSON Lines."""
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"{path}: cannot read: {exc}") from None
    try:
        whole = json.loads(content)
    except json.JSONDecodeError:
        whole = None  # JSON Lines (several values), or broken: read line by line to say where
    if isinstance(whole, list | dict):
        items = whole if isinstance(whole, list) else [whole]
        return [(f"{path}[{i}]", item) for i, item in enumerate(items)]
    records = []
    for number, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            try:
                records.append((f"{path}:{number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                raise RecordError(f"{path}:{number}: not a JSON line: {exc}") from None
    return records


def parse_record(label: str, raw: Any, text: str) -> GoldRecord:
    """A checked record; ``text`` is its sentence (``resolve_text``), ``label`` its name in messages."""
    if not isinstance(raw, dict):
        raise RecordError(f"{label}: a record is a JSON object")
    event = raw.get("event")
    if not isinstance(event, str) or event.strip().upper() not in plover_types():
        raise RecordError(f"{label}: event {event!r} is not one of the PLOVER types {', '.join(plover_types())}")
    flags = {}
    for flag in ("negated", "hedged"):
        if raw.get(flag) is not None and not isinstance(raw[flag], bool):
            raise RecordError(f"{label}: {flag} must be true, false or absent")
        flags[flag] = raw.get(flag)
    mode = raw.get("mode")
    return GoldRecord(label=label, text=text, event=event.strip().upper(), sources=_actor_texts(label, raw, "source"),
                      targets=_actor_texts(label, raw, "target"), mode=mode if isinstance(mode, str) else None,
                      **flags)


def _actor_texts(label: str, raw: dict[str, Any], role: str) -> tuple[str, ...]:
    actors = raw.get(role) or []
    if not isinstance(actors, list):
        raise RecordError(f"{label}: {role} must be a list of {{\"actorText\": ...}}")
    texts = []
    for actor in actors:
        text = actor.get("actorText") if isinstance(actor, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise RecordError(f"{label}: every {role} needs a non-empty actorText")
        texts.append(text.strip())
    return tuple(texts)


# --- resolving the sentence --------------------------------------------------------------------

def resolve_text(label: str, raw: dict[str, Any], data_root: str | Path) -> str:
    """The record's sentence: its ``text``, else the part of a shared-data file its ``origin`` gives."""
    if isinstance(raw, dict) and isinstance(raw.get("text"), str):
        if not raw["text"].strip():
            raise RecordError(f"{label}: text is empty")
        return raw["text"]
    origin = raw.get("origin") if isinstance(raw, dict) else None
    if not isinstance(origin, dict):
        raise RecordError(f"{label}: the record has neither text nor origin")
    if origin.get("corpus") not in ORIGIN_CORPORA:
        raise RecordError(f"{label}: origin corpus {origin.get('corpus')!r} is not one of {', '.join(ORIGIN_CORPORA)}")
    if not isinstance(origin.get("file"), str) or not origin["file"]:
        raise RecordError(f"{label}: origin has no file")
    path = Path(data_root) / origin["file"]
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise RecordError(f"{label}: cannot read {path} (data root {data_root}): {reason}") from None
    text = _cameo_sentence(label, origin, content, path) if origin["corpus"] == "cameo" else \
        _offset_text(label, origin, content, path)
    if not text.strip():
        raise RecordError(f"{label}: the origin in {path} gives an empty sentence")
    return text


def _offset_text(label: str, origin: dict[str, Any], content: str, path: Path) -> str:
    start, end = origin.get("start"), origin.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise RecordError(f"{label}: origin needs integer start and end")
    if not 0 <= start < end <= len(content):
        raise RecordError(f"{label}: offsets {start}-{end} are out of range for {path} ({len(content)} characters)")
    return content[start:end]


def _cameo_sentence(label: str, origin: dict[str, Any], content: str, path: Path) -> str:
    line = origin.get("line")
    lines = content.split("\n")
    if not isinstance(line, int) or isinstance(line, bool):
        raise RecordError(f"{label}: a cameo origin needs an integer line (0-based)")
    if not 0 <= line < len(lines):
        raise RecordError(f"{label}: line {line} is out of range for {path} ({len(lines)} lines)")
    return lines[line].split("\t", 1)[0]


def load_records(path: str | Path, data_root: str | Path = DEFAULT_SHARED_DATA) -> list[GoldRecord]:
    """The checked records of ``path``, their sentences resolved against ``data_root``."""
    records = []
    for place, raw in read_raw_records(path):
        # the record's id names it in messages and details; its place in the file where it has none
        label = str(raw["id"]) if isinstance(raw, dict) and raw.get("id") not in (None, "") else place
        records.append(parse_record(label, raw, resolve_text(label, raw, data_root)))
    return records


# --- analysing ---------------------------------------------------------------------------------

def relation_stages(options) -> list:
    """The standard pipeline's stages up to and including relations."""
    from presslens.stages import default_stages

    stages = default_stages(options)
    names = [stage.name for stage in stages]
    return stages[:names.index("relations") + 1]


def analyse_sentences(texts: Sequence[str], options=None) -> list[Produced]:
    """Each text analysed as a one-sentence document, in batches."""
    from presslens.document import Document, Metadata
    from presslens.nlp import PARSE_BATCH_SIZE
    from presslens.options import AnalyzeOptions
    from presslens.pipeline import Pipeline

    pipeline = Pipeline(relation_stages(options or AnalyzeOptions(jobs=1)))
    produced = []
    for first in range(0, len(texts), PARSE_BATCH_SIZE):
        docs = [Document(text, Metadata(id=f"sentence-{first + i}"))
                for i, text in enumerate(texts[first:first + PARSE_BATCH_SIZE])]
        pipeline.pipe(docs)
        produced.extend(produced_of(doc) for doc in docs)
    return produced


def produced_of(doc) -> Produced:
    """The typed relations and the main event of an analysed document."""

    def party(entity_id: str | None) -> Party | None:
        entity = doc.entity(entity_id)
        if entity is None:
            return None
        return Party(entity.name, tuple(entity.aliases), tuple((m.start, m.end) for m in entity.mentions))

    relations = [ProducedRelation(event=r.plover["event"], source=party(r.source), target=party(r.target),
                                  negated=r.negated, hedged=r.hedged, kind=r.kind)
                 for r in doc.relations if r.plover.get("event")]
    events = [ProducedRelation(event=e.plover["event"], source=party(e.source), target=None, negated=e.negated,
                               hedged=e.hedged, kind=e.kind) for e in doc.events]
    parse = doc.parse
    return Produced(relations=relations, events=events,
                    main_event=_main_event_type(parse, negated_allowed=False) if parse is not None else None,
                    main_event_if_negated=_main_event_type(parse, negated_allowed=True) if parse is not None else None,
                    errors=[f"{e.stage}: {e.message}" for e in doc.errors])


def _main_event_type(parse, negated_allowed: bool) -> str | None:
    """The type of the event presslens would code (as ``evaluate.cameo.coded_event`` reads it)."""
    from presslens.events import main_event

    types = set(plover_types())
    for sent in parse.sents:
        event = main_event(sent)
        if event is None or event.event not in types:
            continue
        if event.refused:
            return "REJECT"
        if negated_allowed or not event.negated:
            return event.event
    return None


# --- matching actors ---------------------------------------------------------------------------

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$", re.IGNORECASE)


def actor_core(text: str) -> str:
    """The actor words: whitespace collapsed, no leading "the", no trailing possessive."""
    core = " ".join(text.replace("\u2019", "'").split())
    core = _LEADING_THE.sub("", core)
    return _POSSESSIVE.sub("", core).strip()


def _words(text: str) -> tuple[str, ...]:
    return tuple(actor_core(text).casefold().split())


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def actor_occurrences(actor_text: str, sentence: str) -> list[tuple[int, int]]:
    """Character spans where the actor words stand in the sentence, as whole words, any case."""
    core = actor_core(actor_text)
    if not core:
        return []
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in core.split()) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, sentence.replace("\u2019", "'"), re.IGNORECASE)]


def party_matches(party: Party | None, actor_text: str, sentence: str) -> bool:
    """Whether ``party`` is the gold actor (see the module docstring)."""
    if party is None:
        return False
    places = actor_occurrences(actor_text, sentence)
    if any(ms < e and s < me for ms, me in party.mentions for s, e in places):
        return True
    gold = _words(actor_text)
    if not gold:
        return False
    if any(_words(alias) == gold for alias in (party.name, *party.aliases)):
        return True
    name = _words(party.name)
    return _holds(gold, name) or _holds(name, gold)


def _role_matches(party: Party | None, actor_texts: Sequence[str], sentence: str) -> bool:
    return not actor_texts or any(party_matches(party, text, sentence) for text in actor_texts)


def actors_right(relation: ProducedRelation, record: GoldRecord) -> bool:
    return (_role_matches(relation.source, record.sources, record.text)
            and _role_matches(relation.target, record.targets, record.text))


# --- scoring -----------------------------------------------------------------------------------

def counted_relations(record: GoldRecord, produced: Produced) -> list[ProducedRelation]:
    """The relations that code the sentence: not negated, unless the record is negated."""
    return [r for r in produced.relations if record.negated or not r.negated]


def counted_events(record: GoldRecord, produced: Produced) -> list[ProducedRelation]:
    """The one-actor events that code the sentence, as ``counted_relations`` reads relations."""
    return [e for e in produced.events if record.negated or not e.negated]


def score_record(record: GoldRecord, produced: Produced) -> dict[str, Any]:
    """One record's result: type found, main event right, type with actors, counted types, flags."""
    counted = counted_relations(record, produced)
    events = counted_events(record, produced)
    of_type = [r for r in counted if r.event == record.event]
    # a record whose gold names no target is coded by an event of its type as well as by a relation
    of_type_or_event = of_type + ([e for e in events if e.event == record.event] if not record.targets else [])
    main = produced.main_event_if_negated if record.negated else produced.main_event
    best = _best_of_type(record, produced)
    return {
        "id": record.label, "event": record.event,
        "type": bool(of_type_or_event),
        "main_event": bool(of_type_or_event) and main == record.event, "produced_main_event": main,
        "with_actors": any(actors_right(r, record) for r in of_type_or_event),
        "relations_alone": any(actors_right(r, record) for r in of_type),
        "produced": [r.event for r in counted],
        "produced_events": [e.event for e in events],
        "relations": [_describe(r) for r in produced.relations],
        "events": [_describe(e) for e in produced.events],
        "negated": None if record.negated is None or best is None else best.negated == record.negated,
        "hedged": None if record.hedged is None or best is None else best.hedged == record.hedged,
        "errors": produced.errors,
    }


def _best_of_type(record: GoldRecord, produced: Produced) -> ProducedRelation | None:
    """The relation (or, where the gold names no target, event) of the gold type, negated or not,
    that the flags are read from."""
    candidates = [r for r in produced.relations + (produced.events if not record.targets else [])
                  if r.event == record.event]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (actors_right(r, record), r.negated == bool(record.negated)))


def _describe(relation: ProducedRelation) -> dict[str, Any]:
    return {"event": relation.event, "source": relation.source.name if relation.source else None,
            "target": relation.target.name if relation.target else None,
            "negated": relation.negated, "hedged": relation.hedged}


def _rate(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def _share(results: Sequence[dict[str, Any]], key: str) -> dict[str, Any]:
    found = sum(1 for r in results if r[key])
    return {"found": found, "total": len(results), "rate": _rate(found, len(results))}


def summarize(records: Sequence[GoldRecord], produced: Sequence[Produced], file: str = "") -> dict[str, Any]:
    """The report over every record (``produced`` in the same order)."""
    results = [score_record(rec, prod) for rec, prod in zip(records, produced, strict=True)]
    produced_types = [t for r in results for t in r["produced"]]
    right = sum(1 for r in results for t in r["produced"] if t == r["event"])
    event_types = [t for r in results for t in r["produced_events"]]
    events_right = sum(1 for r in results for t in r["produced_events"] if t == r["event"])
    return {
        "file": str(file), "records": len(results),
        "type": _share(results, "type"), "main_event": _share(results, "main_event"),
        "with_source_and_target": _share(results, "with_actors"),
        "relations_alone": _share(results, "relations_alone"),
        "precision": {"right": right, "relations": len(produced_types), "rate": _rate(right, len(produced_types))},
        "event_precision": {"right": events_right, "events": len(event_types),
                            "rate": _rate(events_right, len(event_types))},
        "by_gold_target": _by_gold_target(records, results),
        "per_type": _per_type(results),
        "confusion": _confusion(results),
        "negated": _flag_agreement(records, results, "negated"),
        "hedged": _flag_agreement(records, results, "hedged"),
        "sentences_without_relation": sum(1 for r in results if not r["produced"]),
        "analysis_errors": sum(1 for r in results if r["errors"]),
        "details": results,
    }


def _by_gold_target(records: Sequence[GoldRecord], results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Type, main event and type with actors over records whose gold names a target, and over the rest."""
    split = {}
    for part, has_target in (("with_target", True), ("without_target", False)):
        chosen = [res for rec, res in zip(records, results, strict=True) if bool(rec.targets) == has_target]
        split[part] = {"records": len(chosen), "type": _share(chosen, "type"),
                       "main_event": _share(chosen, "main_event"),
                       "with_source_and_target": _share(chosen, "with_actors"),
                       "relations_alone": _share(chosen, "relations_alone")}
    return split


def _per_type(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    order = plover_types()
    table = {}
    for event in sorted({r["event"] for r in results}, key=order.index):
        of_event = [r for r in results if r["event"] == event]
        table[event] = {"total": len(of_event), "type": sum(r["type"] for r in of_event),
                        "with_source_and_target": sum(r["with_actors"] for r in of_event)}
    return table


def _confusion(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """For records whose type was not found: gold type -> counted types produced instead (relations
    and events)."""
    confusion: dict[str, Counter] = {}
    for result in results:
        if not result["type"]:
            produced = set(result["produced"]) | set(result["produced_events"])
            confusion.setdefault(result["event"], Counter()).update(produced or {NO_TYPE})
    order = plover_types()
    return {event: dict(confusion[event].most_common()) for event in sorted(confusion, key=order.index)}


def _flag_agreement(records: Sequence[GoldRecord], results: Sequence[dict[str, Any]], flag: str) -> dict[str, Any]:
    given = [(getattr(rec, flag), res[flag]) for rec, res in zip(records, results, strict=True)
             if getattr(rec, flag) is not None]
    scored = [(gold, agrees) for gold, agrees in given if agrees is not None]
    agreeing = sum(1 for _, agrees in scored if agrees)
    return {"records": len(given), "gold_true": sum(1 for gold, _ in given if gold),
            "with_relation_of_type": len(scored), "agree": agreeing, "rate": _rate(agreeing, len(scored)),
            "gold_true_caught": sum(1 for gold, agrees in scored if gold and agrees),
            "gold_true_with_relation": sum(1 for gold, _ in scored if gold)}


def evaluate_files(paths: Sequence[str | Path], data_root: str | Path = DEFAULT_SHARED_DATA,
                   options=None) -> dict[str, Any]:
    """Read, resolve, analyse and score the records of every file of ``paths``, as one set."""
    records = [record for path in paths for record in load_records(path, data_root)]
    return summarize(records, analyse_sentences([r.text for r in records], options),
                     file=", ".join(str(p) for p in paths))


# --- the text report ---------------------------------------------------------------------------

def _figure(share: dict[str, Any]) -> str:
    rate = "-" if share["rate"] is None else f"{share['rate']:.3f}"
    return f"{rate} ({share['found']}/{share['total']})"


def format_report(report: dict[str, Any]) -> str:
    precision = report["precision"]
    lines = [
        f"PLOVER records in {report['file']}: {report['records']} sentences "
        f"({report['sentences_without_relation']} without a counted relation"
        + (f", {report['analysis_errors']} with analysis errors" if report["analysis_errors"] else "") + ")",
        f"  type found:                {_figure(report['type'])}",
        f"  main event is the type:    {_figure(report['main_event'])}",
        f"  type, source and target:   {_figure(report['with_source_and_target'])}",
        f"    by relations alone:      {_figure(report['relations_alone'])}",
        "  precision of relations:    " + _figure({"rate": precision["rate"], "found": precision["right"],
                                                    "total": precision["relations"]}),
        "  precision of events:       " + _figure({"rate": report["event_precision"]["rate"],
                                                    "found": report["event_precision"]["right"],
                                                    "total": report["event_precision"]["events"]}),
    ]
    lines += _target_split_lines(report["by_gold_target"])
    lines += ["  per type (type found / with source and target / total):"]
    lines += [f"    {event:<10} {row['type']:>3} {row['with_source_and_target']:>3} {row['total']:>3}"
              for event, row in report["per_type"].items()]
    lines += _confusion_lines(report["confusion"])
    lines += [_flag_line(flag, report[flag]) for flag in ("negated", "hedged") if report[flag]["records"]]
    return "\n".join(lines)


def _target_split_lines(split: dict[str, Any]) -> list[str]:
    names = {"with_target": "gold names a target", "without_target": "gold names no target"}
    return [f"  {names[part]} ({row['records']}): type {_figure(row['type'])}, "
            f"type, source and target {_figure(row['with_source_and_target'])} "
            f"(relations alone {_figure(row['relations_alone'])})"
            for part, row in split.items()]


def _confusion_lines(confusion: dict[str, dict[str, int]]) -> Iterable[str]:
    if not confusion:
        return []
    return ["  type not found -> produced instead:"] + [
        f"    {event:<10} -> " + ", ".join(f"{kind} {n}" for kind, n in produced.items())
        for event, produced in confusion.items()]


def _flag_line(flag: str, agreement: dict[str, Any]) -> str:
    rate = "-" if agreement["rate"] is None else f"{agreement['rate']:.3f}"
    return (f"  {flag} agreement: {rate} ({agreement['agree']}/{agreement['with_relation_of_type']} records with a "
            f"relation of the gold type; {agreement['records']} give the flag, {agreement['gold_true']} true; "
            f"caught {agreement['gold_true_caught']}/{agreement['gold_true_with_relation']} of the true ones)")
