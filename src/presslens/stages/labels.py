"""Labels: who calls whom what.

Two readings, with cues from ``data/cues/labels.json``:
- a labelling verb with its target and label: "calls X (as) Y", "X was classified as Y",
  "considers X a Y", "recognises X as Y". The labeller is the verb's subject; in a quote, a
  subject that is the speaker or the speaker's side ("we", "Russia" in a Russian minister's mouth)
  makes the speaker the labeller; an impersonal subject ("one") continues the previous label's
  labeller. A target that is a free relative about an event ("what happened") is the perpetrator
  of the latest attack reported before it.
- an epithet inside a speaker's quote ("the neo-Nazi regime in Ukraine"): the speaker labels the
  actor the phrase names, or the conventional referent of the epithet ("globalist" -> the United
  States or the West) where the phrase names none.
"""
from __future__ import annotations

import re

from presslens.actor_refs import EntityResolver, ResolvingStage, quote_at
from presslens.data import load_json
from presslens.document import Document, Entity, Label
from presslens.event_arguments import actor_of, antecedent
from presslens.events import find_events
from presslens.syntax import NOMINAL_SUBJECTS, NOUN_MODIFIERS, SUBJECT_SHARING_CLAUSES, overlaps_any, subject_of

_CUES = load_json("cues/labels.json")
LABELLING_VERBS = frozenset(_CUES["labelling_verbs"])
IMPERSONAL = frozenset(_CUES["impersonal_subjects"])
EPITHETS: dict[str, list[str]] = _CUES["epithets"]
EVENT_PRONOUNS = tuple(_CUES["event_pronouns"])
_EPITHET_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(e) for e in sorted(EPITHETS, key=len, reverse=True))
                         + r")(?![\w-])", re.I)
_QUOTE_MARKS = "“”\"'‘’«»"
_LEADING_DETERMINERS = re.compile(r"^(?:a|an|the|this|that|such)\s+", re.I)
LOOKBACK_SENTENCES = 2
# Longer phrases after "called" are descriptions ("a series of postings that ..."), not labels.
MAX_LABEL_WORDS = 6


def _phrase_bounds(tok, stop_at_clauses: bool = True) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by ``tok`` (without relative clauses)."""
    tokens = [tok]
    for child in tok.children:
        if stop_at_clauses and child.dep_ in ("relcl", "acl", "punct", "cc") and child.i > tok.i:
            continue
        if child.dep_ in NOMINAL_SUBJECTS:  # "considers [X] a Y": X is the target, not the label
            continue
        tokens.extend(child.subtree)
    tokens = [t for t in tokens if not (t.is_punct and t.text in ",;:")]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _clean_label(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Trim quote marks, punctuation and a leading determiner from a label's bounds."""
    text = doc.text
    opened = False
    while start < end and (text[start] in _QUOTE_MARKS or text[start].isspace()):
        opened = opened or text[start] in _QUOTE_MARKS
        start += 1
    if opened:  # a scare-quoted label ends where its quotation does: "“gold standard” of deals"
        close = next((i for i in range(start, end) if text[i] in "”\"»’"), None)
        if close is not None:
            end = close
    while end > start and (text[end - 1] in _QUOTE_MARKS + ".,;:!? " or text[end - 1].isspace()):
        end -= 1
    m = _LEADING_DETERMINERS.match(text[start:end])
    if m:
        start += m.end()
    while start < end and text[start] in _QUOTE_MARKS:
        start += 1
    return start, end


class Labels(ResolvingStage):
    name = "labels"
    assigns = ("labels",)

    def read(self, doc: Document, resolver: EntityResolver) -> None:
        previous: tuple[int, Entity] | None = None  # (sentence index, labeller) of the last label
        sentences = list(doc.parse.sents)
        for index, sent in enumerate(sentences):
            for tok in sent:
                if tok.pos_ == "VERB" and tok.lemma_.lower() in LABELLING_VERBS:
                    fallback = previous[1] if previous and index - previous[0] <= LOOKBACK_SENTENCES else None
                    label = self._verb_label(doc, resolver, tok, fallback, sentences[max(0, index - 1)].start)
                    if label is not None:
                        doc.labels.append(label)
                        previous = (index, doc.entity(label.source))
        self._epithets(doc, resolver)

    # --- "calls X Y" -------------------------------------------------------------------------
    def _verb_label(self, doc, resolver, verb, fallback, context_start) -> Label | None:
        arguments = labelling_arguments(verb)
        if arguments is None:
            return None
        label_tok, target_tok, subjects, target_text_bounds = arguments
        children = list(verb.children)
        quote = quote_at(doc, verb.idx)
        speaker = doc.entity(quote.speaker) if quote is not None else None
        source = self._labeller(resolver, verb, subjects, speaker, fallback)
        if source is None:
            return None
        # the label and its target
        start, end = _clean_label(doc, *_phrase_bounds(label_tok))
        if start >= end or len(doc.text[start:end].split()) > MAX_LABEL_WORDS:
            return None  # a description, not a label
        if target_text_bounds is None:
            target_text_bounds = _phrase_bounds(target_tok)
            # an active verb has no "by" agent: a "by" phrase right after the object is the object's
            # ("calls the strikes by X as ..."), whatever the parser attached it to
            by = next((c for c in children if c.dep_ == "prep" and c.lower_ == "by"
                       and c.i == max(t.i for t in target_tok.subtree) + 1), None)
            if by is not None and target_tok.dep_ == "dobj":
                target_text_bounds = (target_text_bounds[0], _phrase_bounds(by)[1])
        target_text = doc.text[target_text_bounds[0]:target_text_bounds[1]]
        target = None
        if target_tok.lower_ == "what":
            if not target_text.lower().startswith(EVENT_PRONOUNS):
                return None  # "what she called a Y": the thing so called is not in the clause
            target = self._perpetrator(doc, resolver, verb, context_start)
        else:
            found = resolver.resolve(target_tok, speaker)
            target = found[0] if found else None
        return Label(id=doc.new_id("l"), start=start, end=end, label=doc.text[start:end],
                     source=source.id, source_name=source.name,
                     target=target.id if target else None, target_name=target.name if target else None,
                     target_text=target_text)

    @staticmethod
    def _labeller(resolver, verb, subjects: list, speaker: Entity | None, fallback: Entity | None) -> Entity | None:
        """Who labels: the verb's subject (the speaker where it names the speaker or the speaker's
        side); for an impersonal or missing subject, the speaker or the previous labeller. None
        where the subject is no known actor ("those who consider ...") or a passive's."""
        subject = antecedent(subjects[0]) if subjects else None
        if subject is None and verb.dep_ in SUBJECT_SHARING_CLAUSES:
            subject = actor_of(verb)
        if subject is None or subject.lower_ in IMPERSONAL:
            return speaker or fallback
        if subject.dep_ == "nsubjpass":
            return None
        found = resolver.resolve(subject, speaker)
        source = found[0] if found else None
        if source is not None and speaker is not None and source.id in (
                speaker.id, getattr(resolver.speaker_side(speaker), "id", None)):
            return speaker
        return source

    @staticmethod
    def _perpetrator(doc, resolver, verb, context_start) -> Entity | None:
        """The actor of the latest attack reported before ``verb`` ("what happened")."""
        best = None
        for sent in doc.parse.sents:
            if sent.start < context_start:
                continue
            if sent.start > verb.i:
                break
            for event in find_events(sent):
                if event.event == "ASSAULT" and event.trigger.i < verb.i:
                    for tok in event.actors:
                        found = resolver.resolve(tok)
                        if found:
                            best = found[0]
        return best

    # --- epithets in quotes ------------------------------------------------------------------
    def _epithets(self, doc: Document, resolver: EntityResolver) -> None:
        taken = [(lb.start, lb.end) for lb in doc.labels]
        for quote in doc.quotes:
            speaker = doc.entity(quote.speaker)
            if speaker is None:
                continue
            span = doc.parse.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in NOUN_MODIFIERS:
                    continue  # phrase heads only: "globalist" in "the globalist frog" is the frog's
                modifiers = [c for c in tok.children if c.dep_ in NOUN_MODIFIERS and c.i < tok.i]
                start = min([tok.idx] + [m.left_edge.idx for m in modifiers])
                end = tok.idx + len(tok.text)
                phrase = doc.text[start:end]
                match = _EPITHET_RE.search(phrase)
                if match is None or overlaps_any((start, end), taken):
                    continue
                target, target_text = self._epithet_target(doc, resolver, tok, match.group(1).lower(), speaker)
                if target is None and target_text is None:
                    continue
                start, end = _clean_label(doc, start, end)
                taken.append((start, end))
                doc.labels.append(Label(id=doc.new_id("l"), start=start, end=end, label=doc.text[start:end],
                                        source=speaker.id, source_name=speaker.name,
                                        target=target.id if target else None,
                                        target_name=target.name if target else None,
                                        target_text=target_text))

    @staticmethod
    def _epithet_target(doc, resolver, head, epithet: str, speaker) -> tuple[Entity | None, str | None]:
        """The actor an epithet phrase names: "the regime in/of X", "the X regime", else the
        epithet's conventional referent among the document's entities."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = resolver.resolve(pobj, speaker)
                        if found:
                            return found[0], pobj.text
        for child in head.children:
            if child.dep_ in NOUN_MODIFIERS:
                entity = resolver.at_token(child) or resolver.demonym(child.text)
                if entity is not None:
                    return entity, child.text
        for referent in EPITHETS.get(epithet, []):
            for entity in doc.entities:
                if entity.id == speaker.id:
                    continue
                if (entity.country == referent and entity.type == "GPE") or entity.name.lower() == referent.lower():
                    return entity, None
        return None, None


def labelling_arguments(verb) -> tuple | None:
    """The words a labelling verb links: (label token, target token, its subject(s), the target's
    character bounds where they are not the target token's phrase), or None without a label and a target.
    "X called Y a Z", "branded Y as Z", "consider Y a Z", "calling what happened a Z"."""
    children = list(verb.children)
    label_tok = target_tok = None
    target_text_bounds = None
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "as":
            label_tok = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif c.dep_ in ("oprd",):
            label_tok = c
    objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
    subjects = [c for c in children if c.dep_ == "nsubj"]
    for c in children:
        if c.dep_ == "ccomp" and label_tok is None:
            inner_subj = subject_of(c, NOMINAL_SUBJECTS)
            if c.pos_ in ("NOUN", "PROPN") and inner_subj is not None:  # "consider X a Y"
                label_tok, target_tok = c, inner_subj
            elif inner_subj is not None and inner_subj.lower_ == "what":  # "calling what happened a Y"
                label_tok = next((g for g in c.children if g.dep_ in ("dobj", "attr", "oprd")), None)
                target_tok = inner_subj
                target_text_bounds = (inner_subj.idx, c.idx + len(c.text))
    if label_tok is None:
        return None
    if target_tok is None:
        if objects:
            target_tok = objects[0]
        elif len(subjects) > 1:  # a fronted target: "His opponents, one classified as ..."
            target_tok = subjects[0]
            subjects = subjects[1:]
    subjects = subjects[-1:]  # the subject nearest the verb is its own (the parser may attach others)
    if target_tok is None and subjects:
        # "His critics, one also branded as ...": the parser hangs the impersonal subject on the
        # fronted target
        impersonal = next((c for c in subjects[0].children if c.dep_ == "appos" and c.lower_ in IMPERSONAL), None)
        if impersonal is not None:
            target_tok, subjects = subjects[0], [impersonal]
    if target_tok is None:
        return None
    return label_tok, target_tok, subjects, target_text_bounds
