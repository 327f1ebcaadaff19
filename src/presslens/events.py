"""Political events in PLOVER terms, read from one spaCy-parsed sentence.

This module knows grammar, not entities: it finds event words (verbs, nominalisations, adjectives
and the nouns of standing relations, all from ``data/cues/events.json``), fills their actor and
recipient slots from the dependency parse (passives, light verbs such as "came under criticism
from", subjects shared by participles and coordinated verbs, coordinated arguments), and reads
modality from ``data/cues/modality.json`` the way the PLOVER manual asks: an announced
cooperative act is AGREE, an announced retreat CONCEDE, a future or threatened conflictual act
THREATEN, a demand that someone act REQUEST; "did not", "refused to", "stopped short of" negate;
"could", "reportedly" hedge. Arguments are read the way the PLOVER manual and CAMEO coders read
them: a pronoun in a reported clause is the reporter ("X said it will ..."), an event with no
recipient of its own takes its complement's ("threatened to shell X"), coordinated parties of a
mutual event act on each other, an act on the people of a place is directed at the place, and
"X says Y must ..." is X's demand of Y. The relations stage maps the argument tokens to entities;
the CAMEO evaluation scores the coded event's type and arguments.

The argument slots are filled in ``event_arguments`` and modality read in ``event_modality``,
both from the word tables of ``event_lexicon``; this module finds event words and codes events.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from presslens.event_arguments import (
    actor_of,
    antecedent,
    conjuncts,
    fill_slots,
    governing_verb,
    names_party,
    particle_ok,
    possessors,
    prep_objects,
    reporting_institution,
    requirement_met,
)
from presslens.event_lexicon import lemma_of, lexicon, modality
from presslens.event_modality import contexts, read_modality
from presslens.quote_cues import SPEECH_VERBS
from presslens.syntax import (
    ACTIVE_SUBJECTS,
    NOMINAL_SUBJECTS,
    PLACE_LABELS,
    subject_of,
)

# possessive pronouns of people: "his arrest" is the arrest of him
PERSON_POSSESSIVES = frozenset({"his", "her", "my", "your", "their"})
STANDING_KINDS = {"ally", "relations_worsen", "relations_improve"}
REQUEST_MODES = {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist", "COOPERATE": "assist",
                 "SUPPORT": "assist"}


@dataclass
class Event:
    """One event read from a sentence. ``actors``/``recipients`` are the head tokens of the argument
    noun phrases (coordination expanded); ``obligation`` marks "X must do Y" (a request whose
    actor is whoever says it)."""

    event: str
    mode: str | None
    context: list[str]
    trigger: object  # spacy Token
    actors: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    negated: bool = False
    hedged: bool = False
    standing: bool = False
    obligation: bool = False
    askers: list = field(default_factory=list)  # who voices an obligation ("X says Y must ..."): see as_demand
    refused: bool = False  # negated by a governing refusal ("refused to", "failed to"): a REJECT in CAMEO's terms
    cameo: str | None = None  # the CAMEO root where the wording decides it (an appeal is 02, an intent 03)
    # how the sentence holds the event: None (it happened), future, conditional, hypothetical,
    # question, negated or denied (see ``event_modality``)
    modality: str | None = None

    @property
    def quad(self) -> str | None:
        return lexicon()["quad"].get(self.event)


# --- finding events ------------------------------------------------------------------------------

def _kind_of(tok) -> str | None:
    if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.dep_ != "aux"):
        return "verb"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "noun"
    if tok.pos_ == "ADJ":
        return "adjective"
    return None


def _frames(tok, kind: str) -> list[dict]:
    table = {"verb": "verbs", "noun": "nouns", "adjective": "adjectives"}[kind]
    entries = lexicon()[table]
    frames = entries.get(lemma_of(tok)) or entries.get(tok.lower_)
    if frames is None and kind == "noun" and tok.lower_.endswith("s"):
        frames = entries.get(tok.lower_[:-1])
    return frames or []


def _lexical_event(tok) -> Event | None:
    kind = _kind_of(tok)
    if kind is None:
        return None
    for frame in _frames(tok, kind):
        if not particle_ok(tok, frame.get("particle")):
            continue
        actors = fill_slots(tok, frame.get("actor", []), kind)
        undergoer = _undergoing_possessors(tok, kind, actors)
        if undergoer:  # "Khashoggi's murder": the one murdered; the actor from the other slots, outside the name
            owned = {t.i for owner in possessors(tok) for t in owner.subtree}
            actors = [a for a in fill_slots(tok, [s for s in frame.get("actor", []) if s != "poss"], kind)
                      if a.i not in owned]
        if not actors and kind == "verb" and frame["event"] in lexicon()["reported_passives"]["events"]:
            reporter = reporting_institution(tok)
            actors = conjuncts(reporter) if reporter is not None else []
        recipients = undergoer or fill_slots(tok, frame.get("recipient", []), kind, frozenset(a.lower_ for a in actors))
        if kind == "noun" and not recipients:
            governor = governing_verb(tok)
            receptive = lexicon()["light_verbs"]["receptive"]
            if governor is not None and lemma_of(governor) in receptive and tok.dep_ in ("dobj", "pobj"):
                subj = actor_of(governor)
                recipients = conjuncts(subj) if subj is not None else []
        requires = frame.get("requires", [])
        if not all(requirement_met(tok, r, actors, recipients) for r in requires):
            continue
        return Event(frame["event"], frame.get("mode"), list(frame.get("context", [])), tok,
                     [a for a in actors if a not in recipients], recipients, cameo=frame.get("cameo"))
    return None


def _undergoing_possessors(tok, kind: str, actors: list) -> list:
    """The possessors of an act noun done to people (the lexicon's ``undergoer_nouns``) where the
    noun has no "of" phrase and they are people: "Khashoggi's murder", "his arrest", "X's
    extradition" name the one murdered, arrested, extradited, not the actor (an institution or
    state as possessor stays the actor: "the regime's arrests")."""
    if kind != "noun" or lemma_of(tok) not in lexicon()["undergoer_nouns"] or prep_objects(tok, "of"):
        return []
    owners = possessors(tok)
    if not owners or not actors or actors != fill_slots(tok, ["poss"], kind):  # the actor is no possessor
        return []
    people = [o for o in owners if o.ent_type_ == "PERSON" or o.lower_ in PERSON_POSSESSIVES]
    return actors if len(people) == len(owners) else []


def _trend(noun) -> str | None:
    """The direction a relations noun takes: "relations ... soured", "strained ties",
    "strengthened ties", "severed relations"."""
    trends = lexicon()["relation_trend_verbs"]
    head = noun.head
    verb = None
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verb = head
    elif noun.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
    if verb is not None:
        lemma = lemma_of(verb)
        for kind, lemmas in trends.items():
            if lemma in lemmas:
                if kind == "SANCTION" and noun.dep_ != "dobj":
                    continue
                return kind
    adjectives = lexicon()["relation_adjectives"]
    for c in noun.children:
        if c.dep_ == "amod":
            for kind, words in adjectives.items():
                if c.lower_ in words:
                    return kind
    return None


def _standing_event(tok) -> Event | None:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    nouns = lexicon()["relation_nouns"]
    noun_kind = nouns.get(tok.lower_) or nouns.get(lemma_of(tok))
    if noun_kind is None:
        return None
    others = fill_slots(tok, ["prep:with", "prep:of", "prep:between", "prep:to"], "noun")
    owner: list = []
    possessors = [antecedent(c) for c in tok.children if c.dep_ == "poss"]
    head = tok.head
    if tok.dep_ == "attr" and head.lemma_ == "be":  # "X is an ally of Y", "X is our ally"
        subj = subject_of(head, ACTIVE_SUBJECTS)
        owner = conjuncts(antecedent(subj)) if subj is not None else []
        if not others:
            others = possessors
    elif tok.dep_ in ("nsubj",) and head.lemma_ == "be":  # "X's ally is Y"
        attr = next((c for c in head.children if c.dep_ == "attr"), None)
        owner = possessors
        if attr is not None and not others:
            others = conjuncts(attr)
    elif tok.dep_ == "appos":  # "Iran, a longtime patron of Hamas"
        owner = [head]
        if not others:
            others = possessors
    else:
        owner = possessors
        if not owner:
            governor = governing_verb(tok)
            if governor is not None and tok.dep_ in ("dobj", "pobj"):
                subj = actor_of(governor)
                owner = [subj] if subj is not None else []
        if not owner and len(others) >= 2 and any(c.lower_ == "between" for c in tok.children):
            owner, others = others[:1], others[1:]
    owner = [t for o in owner for t in conjuncts(o)]
    if not owner or not others:
        return None
    if noun_kind == "relations":
        kind = _trend(tok)
        if kind is None:
            return None
    elif noun_kind == "ally":
        kind = "ally"
        if _trend(tok) == "relations_worsen" or _trend(tok) == "SANCTION":
            kind = "relations_worsen"
    elif noun_kind == "relations_improve":
        kind = "relations_improve"
    elif noun_kind in ("relations_worsen",):
        kind = noun_kind
    elif noun_kind in lexicon()["quad"]:
        kind = noun_kind
    else:
        return None
    standing = kind in STANDING_KINDS or noun_kind in ("ally", "relations")
    if kind == "SANCTION":
        return Event("SANCTION", "discontinue", ["diplomatic"], tok, owner, others)
    return Event(kind, None, [], tok, owner, others, standing=standing)


def _complement_recipients(events: list[Event]) -> None:
    """An event word with a verb complement and no recipient of its own ("threatened to shell X",
    "agreed to lift sanctions on X", "refused to release X") is directed at whom the complement
    acts on: the complement event's recipients, else the complement verb's object."""
    by_trigger = {e.trigger.i: e for e in events}
    for event in events:
        if event.recipients or event.standing:
            continue
        # a complement, a purpose clause ("sent aid to help X"), or the act asked for or agreed to
        # as a noun ("called for sanctions against X")
        complements = [c for c in event.trigger.children if c.pos_ in ("VERB", "AUX") and (c.dep_ == "xcomp" or (
            c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)))]
        complements += [g for c in event.trigger.children if c.dep_ == "prep" and c.lower_ in ("for", "to")
                        for g in c.children if g.dep_ == "pobj" and g.i in by_trigger]
        # an act done to another act is directed at that act's recipient: "lifted its blockade of X"
        complements += [c for c in event.trigger.children if c.dep_ == "dobj" and c.i in by_trigger]
        for comp in complements:
            inner = by_trigger.get(comp.i)
            if inner is not None:
                found = list(inner.recipients)
            else:  # a plain verb's object or receiver only where it names a party ("agreed to start
                # talks" names none; "agreed to lend $1 billion to X" names X)
                found = next((named for slot in ("obj", "dative", "prep:to")
                              for named in [[t for t in fill_slots(comp, [slot], "verb") if names_party(t)]]
                              if named), [])
            found = [t for t in found if t not in event.actors]
            if found:
                event.recipients = found
                break


def _reciprocal(event: Event) -> None:
    """Coordinated actors of a mutual event with no one else named act on each other ("X and Y
    agreed to ...", "cooperation between X and Y"): each is the other's recipient."""
    mutual = lexicon()["reciprocal"]
    if event.standing or not (event.event in mutual["events"] or lemma_of(event.trigger) in mutual["lemmas"]):
        return
    if len(event.actors) >= 2 and not event.recipients:
        event.recipients = list(event.actors)
    elif len(event.recipients) >= 2 and not event.actors and any(
            c.lower_ == "between" for c in event.trigger.children):
        event.actors = list(event.recipients)


def _place_recipient(event: Event) -> None:
    """An act on the people of a place with no party named is directed at the place ("imposed a
    curfew in X", "declared a ceasefire in X"): the place named by a locative phrase on the event
    word, on its object, or (for a noun) on the verb that carries it."""
    places = lexicon()["place_recipient"]
    if event.recipients or event.standing or event.event not in places["events"]:
        return
    trigger = event.trigger
    # what was done, agreed or given up: "imposed a curfew in X", "agreed to a ceasefire in X"
    # ("agreed to talks in X": talks are held in a venue, no party)
    hosts = [*(c for c in trigger.children if c.dep_ == "dobj"),
             *(t for t in prep_objects(trigger, "to") if not _names_talks(t))]
    if event.event not in places["venue_events"]:  # "agreed in Geneva": a venue is no party
        hosts.insert(0, trigger)
        governor = governing_verb(trigger) if trigger.pos_ in ("NOUN", "PROPN") else None
        if governor is not None:
            hosts.append(governor)
    for host in hosts:
        for prep in places["prepositions"]:
            found = [p for t in prep_objects(host, prep) for p in [_place_of(t)] if p is not None
                     and p not in event.actors]
            if found:
                event.recipients = [t for f in found for t in conjuncts(f)]
                return


def _names_talks(tok) -> bool:
    """Whether a noun names a meeting or talks (a CONSULT noun of the lexicon)."""
    frames = lexicon()["nouns"].get(lemma_of(tok), [])
    return any(frame["event"] == "CONSULT" for frame in frames)


def _place_of(tok):
    """The place a locative phrase's head names: itself ("in Crimea", which the small model may
    tag an organisation: the place tables decide), or the whole a part of it belongs to ("in
    parts of Darfur", "in four of the country's states")."""
    if tok.ent_type_ in PLACE_LABELS or _known_place(tok):
        return tok
    parts = lexicon()["place_recipient"]["part_nouns"]
    if tok.lower_ in parts or tok.pos_ == "NUM":
        for whole in prep_objects(tok, "of"):
            if whole.ent_type_ in PLACE_LABELS or _known_place(whole):
                return whole
            owner = next((c for c in whole.children if c.dep_ == "poss"), None)
            if owner is not None and whole.lower_ in parts:
                return owner  # "four of the country's states": the country
    return None


def _known_place(tok) -> bool:
    """Whether a proper noun (with the name it ends) is a country, capital or place of the tables."""
    from presslens.knowledge import key, knowledge_base

    if tok.pos_ != "PROPN":
        return False
    kb = knowledge_base()
    start = tok.i  # the whole name the head ends: "the Golan Heights"
    while start > tok.left_edge.i and tok.doc[start - 1].pos_ == "PROPN":
        start -= 1
    names = {key(tok.doc[start:tok.i + 1].text), key(tok.text)}
    return any(name in table for name in names for table in (kb.country_by_key, kb.place_by_key, kb.capital_by_key))


def _bare_demand(verb) -> Event | None:
    """"X said Y must ensure security": an obligation laid on a party in reported speech is a
    demand (CAMEO 10) whatever the verb, when the verb is no event word of its own."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in modality()["obligation_modals"]
                                      for c in verb.children):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    subj = subject_of(verb, NOMINAL_SUBJECTS)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    event = Event("REQUEST", "change", [], verb, conjuncts(antecedent(subj)), obligation=True, cameo="10")
    _reported_demand(event)
    return event if event.askers else None


def _reported_demand(event: Event) -> None:
    """"X says Y must do Z" is X's REQUEST of Y (CAMEO 10, a demand): the reporting verb's subject
    asks (``askers``), the obligated party is the recipient, and the act demanded gives the mode
    (``as_demand``). A quote's speaker, where there is one, asks in the relations stage."""
    if not event.obligation or not event.actors:
        return
    clause = event.trigger
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or lemma_of(clause.head) not in SPEECH_VERBS:
        return
    asker = subject_of(clause.head, ACTIVE_SUBJECTS)
    if asker is not None:
        event.askers = conjuncts(antecedent(asker))


def as_demand(event: Event) -> Event:
    """An obligation read as the REQUEST it is when the sentence names who demands it."""
    if not (event.obligation and event.askers):
        return event
    return Event("REQUEST", REQUEST_MODES.get(event.event, "change"), list(event.context), event.trigger,
                 list(event.askers), list(event.actors), negated=event.negated, hedged=event.hedged,
                 cameo=event.cameo, modality=event.modality)


def find_events(sentence: Iterable) -> list[Event]:
    """Every event of one sentence (a spaCy Span), with its modality read. An act someone is
    asked to do ("urged X to withdraw", "demanded that X withdraw") is no event of its own: it
    gives the REQUEST its mode."""
    events: list[Event] = []
    for tok in sentence:
        event = _standing_event(tok) or _lexical_event(tok)
        if event is None:
            demand = _bare_demand(tok)
            if demand is not None:
                events.append(demand)
            continue
        event = read_modality(event)
        event.context = contexts(event)
        events.append(event)
    _complement_recipients(events)
    for event in events:
        _reciprocal(event)
        _reported_demand(event)
        _place_recipient(event)
    events = _without_announcing_verbs(events)
    requests = {e.trigger.i: e for e in events if e.event == "REQUEST"}
    kept = []
    for event in events:
        # the act asked for, as a complement ("urged X to withdraw") or a clause ("demanded that X withdraw")
        request = requests.get(event.trigger.head.i) if event.trigger.dep_ in ("xcomp", "ccomp") else None
        if request is not None and event is not request:
            request.mode = request.mode or REQUEST_MODES.get(event.event, "change")
            continue
        kept.append(event)
    return kept


# What an announced act becomes (``event_modality``): the act coded in place of the verb announcing it.
ANNOUNCED_EVENTS = frozenset({"AGREE", "THREATEN"})


def _without_announcing_verbs(events: list[Event]) -> list[Event]:
    """"X agreed to lend Y $1 billion", "X threatened to shell Y": the manual codes the act announced,
    read with its modality from the governing verb (AGREE for cooperation, THREATEN for conflict),
    so a verb announcing an act of its own type is no second event; its recipient goes to the act
    where the act names none, and a verb naming a party the act does not stays."""
    cues = modality()
    governors = set(cues["intent_governors"]) | set(cues["threat_governors"])
    announced = {e.trigger.head.i: e for e in events if e.trigger.dep_ == "xcomp" and e.event in ANNOUNCED_EVENTS
                 and not e.negated}
    kept = []
    for event in events:
        act = announced.get(event.trigger.i)
        # "agreed to lift sanctions" stays an agreement beside the concession: CAMEO codes the
        # intent (03), the manual the concession
        if act is not None and act is not event and lemma_of(event.trigger) in governors \
                and event.event == act.event and not event.negated:
            act.recipients = act.recipients or list(event.recipients)
            if not set(event.recipients) <= set(act.recipients):
                kept.append(event)  # "agreed with X to send troops to Y": X is a party the act does not name
                continue
            if lemma_of(event.trigger) in cues["intent_governors"]:
                act.cameo = "03"  # CAMEO codes the announcement: an expressed intent
            continue
        kept.append(event)
    return kept


def main_event(sentence) -> Event | None:
    """The event a coder would pick for the sentence: among those whose actor the sentence names
    (else among all), the one highest in the parse (nearest the root), the first among equals;
    an obligation with a named asker is read as the demand it is."""
    # a bare event noun with no participant ("pessimism over negotiations") is no coded event
    events = [as_demand(e) for e in find_events(sentence)
              if e.trigger.pos_ not in ("NOUN", "PROPN") or e.actors or e.recipients or e.standing]
    if not events:
        return None

    def depth(tok) -> int:
        n = 0
        while tok.head.i != tok.i and n < 50:
            tok, n = tok.head, n + 1
        return n

    # an event whose actor the sentence names outranks one without ("23 civilians were killed as
    # X launched air strikes against Y": X's strikes are the coded event)
    return min(events, key=lambda e: (not e.actors, depth(e.trigger), e.trigger.i))
