"""presslens's stages as spaCy components.

Each stage is a factory (``presslens_actors``, ``presslens_dates``, ``presslens_quotes``,
``presslens_relations``, ``presslens_labels``, ``presslens_claims``, ``presslens_techniques``),
also registered through the ``spacy_factories`` entry point. The components of one ``Doc`` share
one presslens ``Document`` (``doc._.presslens_document``); the spaCy ``Doc`` is its parse. After
each component, ``doc._.analysis`` holds the analysis (``presslens/analysis@1``), the layers so far
are span groups (``doc.spans["presslens_quotes"]``...) and ``doc._.presslens_<layer>`` lists.
A span's extension attributes (``span._.speaker``...) read its record from the analysis by the
span's id (``span.id_``, the record's id), so two records over the same words keep their own.
A stage's failure is recorded as in the pipeline: it stays in the analysis's ``errors`` and the
components that need its layer skip, saying why.
"""
from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from presslens.document import ID_PREFIXES, Document, Metadata
from presslens.errors import PipelineOrderError
from presslens.ingest.records import read_head
from presslens.nlp import PARSE_BATCH_SIZE
from presslens.options import DEFAULT_MAX_CHARS
from presslens.pipeline import GIVEN_LAYERS, Stage, run_stages
from presslens.stages.actors import Actors
from presslens.stages.claims import Claims
from presslens.stages.dates import Dates
from presslens.stages.labels import Labels
from presslens.stages.quotes import Quotes
from presslens.stages.relations import Relations
from presslens.stages.techniques import Techniques

# The components in the standard order (presslens.stages.default_stages), by their stages.
STAGES = (Actors, Dates, Quotes, Relations, Labels, Claims, Techniques)
COMPONENT_OF_LAYER = {layer: f"presslens_{stage.name}" for stage in STAGES for layer in stage.assigns}
# The layers with records over the text, shown as span groups: (group, label field).
SPAN_LAYERS = {"entities": "type", "quotes": "kind", "relations": "kind", "labels": "label",
               "claims": "status", "techniques": "technique", "dates": None}
LAYER_OF_PREFIX = {prefix: layer for layer, prefix in ID_PREFIXES.items()} | {"d": "dates"}
# Span extension attributes: the field each reads from a record of each layer.
SPAN_FIELDS: dict[str, dict[str, str]] = {
    "entity": {"entities": "name"}, "entity_id": {"entities": "id"},
    "speaker": {"quotes": "speaker_name", "techniques": "speaker_name"},
    "speaker_id": {"quotes": "speaker", "techniques": "speaker"},
    "quote_kind": {"quotes": "kind"}, "cue": {"quotes": "cue"}, "channel": {"quotes": "channel"},
    "date": {"quotes": "date", "relations": "date", "dates": "value"},
    "source": {"relations": "source_name", "labels": "source_name"},
    "source_id": {"relations": "source", "labels": "source"},
    "target": {"relations": "target_name", "labels": "target_name"},
    "target_id": {"relations": "target", "labels": "target"}, "target_text": {"labels": "target_text"},
    "relation_kind": {"relations": "kind"}, "plover": {"relations": "plover"}, "negated": {"relations": "negated"},
    "hedged": {"relations": "hedged"}, "asserted_by": {"relations": "asserted_by"},
    "claimant": {"claims": "claimant_name"}, "claimant_id": {"claims": "claimant"},
    "claim_status": {"claims": "status"}, "quote_id": {"claims": "quote"}, "anticipates": {"claims": "anticipates"},
    "cues": {"claims": "cues", "techniques": "cues"},
    "technique": {"techniques": "technique"}, "category": {"techniques": "category"}, "score": {"techniques": "score"},
}


@dataclass
class _State:
    """One Doc's analysis between components (never holding the Doc, so it can be collected)."""

    document: Document
    assigned: set[str] = field(default_factory=lambda: set(GIVEN_LAYERS))
    failed: set[str] = field(default_factory=set)


_STATES: weakref.WeakKeyDictionary[Doc, _State] = weakref.WeakKeyDictionary()


class PresslensComponent:
    """A spaCy component running one presslens stage on the Doc's shared ``Document``."""

    def __init__(self, name: str, stage: Stage):
        self.name, self.stage = name, stage

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = PARSE_BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            states = [self._state(doc) for doc in batch]
            for doc, state in zip(batch, states, strict=True):
                state.document.parse = doc
            try:
                run_stages([self.stage], [s.document for s in states],
                           {id(s.document): s.failed for s in states})
            finally:
                for state in states:
                    state.document.parse = None
            for doc, state in zip(batch, states, strict=True):
                state.assigned.update(self.stage.assigns)
                _publish(doc, state)
            yield from batch

    def _state(self, doc: Doc) -> _State:
        """The Doc's analysis so far; a fresh one where this stage's layers are already there
        (the Doc runs through the pipeline again)."""
        state = _STATES.get(doc)
        if state is None or state.assigned & set(self.stage.assigns):
            meta = Metadata(id="document", language=doc.lang_ or None)
            read_head(meta, doc.text, doc._.published, "given", None)  # as analyze() reads a text
            state = _STATES[doc] = _State(Document(doc.text, meta))
        missing = [layer for layer in self.stage.requires if layer not in state.assigned and layer != "parse"]
        if missing:
            needed = sorted({COMPONENT_OF_LAYER[layer] for layer in missing})
            raise PipelineOrderError(f"{self.name} reads {missing}, which no earlier component assigned: add "
                                     f"{' and '.join(needed)} to the pipeline before {self.name}")
        return state


def _publish(doc: Doc, state: _State) -> None:
    """The analysis so far onto the Doc: ``doc._.analysis`` and the span groups."""
    analysis = doc._.analysis = state.document.to_json()
    for layer, label_field in SPAN_LAYERS.items():
        if layer not in state.assigned:
            continue
        spans = []
        for index, record in enumerate(analysis[layer]):
            label = record[label_field] if label_field else "DATE"
            span_id = record.get("id", f"d{index + 1}")
            for start, end in _extents(layer, record):
                span = doc.char_span(start, end, label=label, span_id=span_id, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans[f"presslens_{layer}"] = spans


def _extents(layer: str, record: dict[str, Any]) -> list[tuple[int, int]]:
    if layer == "entities":
        return [(m["start"], m["end"]) for m in record["mentions"]]
    return [(record["start"], record["end"])]


def _record(span: Span) -> tuple[str | None, dict[str, Any] | None]:
    """The layer and analysis record a presslens span shows, found by the span's id."""
    analysis, span_id = span.doc._.analysis, span.id_
    layer = LAYER_OF_PREFIX.get(span_id.rstrip("0123456789"))
    if analysis is None or layer is None:
        return None, None
    if layer == "dates":
        index = int(span_id[1:]) - 1
        return layer, analysis["dates"][index] if index < len(analysis["dates"]) else None
    return layer, next((r for r in analysis[layer] if r["id"] == span_id), None)


def _span_field(name: str):
    fields = SPAN_FIELDS[name]

    def get(span: Span) -> Any:
        layer, record = _record(span)
        if record is None or layer not in fields:
            return None
        value = record[fields[layer]]
        if isinstance(value, dict) and "start" in value:  # a span of the text (a quote's cue)
            return _char_span(span.doc, value)
        if isinstance(value, list) and value and isinstance(value[0], dict):  # a claim's cues
            return [_char_span(span.doc, v) for v in value]
        return value
    return get


def _char_span(doc: Doc, extent: dict[str, Any]) -> Span | None:
    return doc.char_span(extent["start"], extent["end"], alignment_mode="expand")


def _register_extensions() -> None:
    """The Doc and Span attributes, each set once (another library's attribute of the same name
    is left as it is)."""
    doc_attributes: dict[str, dict[str, Any]] = {
        "analysis": {"default": None}, "published": {"default": None},
        "presslens_document": {"getter": lambda doc: (state := _STATES.get(doc)) and state.document}}
    for layer in [*COMPONENT_OF_LAYER, "errors"]:
        doc_attributes[f"presslens_{layer}"] = {"getter": lambda doc, layer=layer: (doc._.analysis or {}).get(layer)}
    for name, how in doc_attributes.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **how)
    span_attributes = {name: {"getter": _span_field(name)} for name in SPAN_FIELDS}
    span_attributes["presslens_record"] = {"getter": lambda span: _record(span)[1]}
    for name, how in span_attributes.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **how)


_register_extensions()


def _contract(stage: type) -> dict[str, list[str]]:
    """spaCy's ``requires`` and ``assigns`` of a stage's component."""
    requires = [f"doc._.presslens_{layer}" for layer in stage.requires if layer in COMPONENT_OF_LAYER]
    if "parse" in stage.requires:  # (parts of speech too, which the attribute ruler sets but does not declare)
        requires += ["token.tag", "token.dep", "token.lemma", "doc.ents"]
    return {"requires": requires,
            "assigns": ["doc.spans", "doc._.analysis", *(f"doc._.presslens_{layer}" for layer in stage.assigns)]}


@Language.factory("presslens_actors", default_config={"actor_files": []}, **_contract(Actors))
def make_actors(nlp: Language, name: str, actor_files: list[str]) -> PresslensComponent:
    return PresslensComponent(name, Actors(tuple(actor_files)))


def _factory(stage: type):
    """The factory of a component whose stage takes no settings."""
    def make(nlp: Language, name: str) -> PresslensComponent:
        return PresslensComponent(name, stage())
    return Language.factory(f"presslens_{stage.name}", **_contract(stage))(make)


make_dates, make_quotes, make_relations, make_labels, make_claims, make_techniques = (
    _factory(stage) for stage in (Dates, Quotes, Relations, Labels, Claims, Techniques))


def load(model: str | None = None, *, actor_files: Iterable[str] = (),
         max_chars: int = DEFAULT_MAX_CHARS) -> Language:
    """A spaCy pipeline of its own (not the one ``analyze`` shares: pipes may be added to it) with
    every presslens component, in the standard order."""
    from presslens.nlp import build_model

    nlp = build_model(model, max_chars)
    for stage in STAGES:
        config = {"actor_files": list(actor_files)} if stage is Actors else {}
        nlp.add_pipe(f"presslens_{stage.name}", config=config)
    return nlp
