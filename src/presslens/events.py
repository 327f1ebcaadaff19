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
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from presslens.data import load_json
from presslens.quote_cues import SPEECH_VERBS
from presslens.syntax import (
    ACTIVE_SUBJECTS,
    AUTHOR_PREPOSITIONS,
    NAME_MODIFIERS,
    NEUTER_PRONOUNS,
    NOMINAL_SUBJECTS,
    NUMBER_LABELS,
    PARTY_LABELS,
    PERSON_PRONOUNS,
    PLACE_LABELS,
    PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    SUBJECT_SHARING_CLAUSES,
    TIME_LABELS,
    agent_of,
    is_passive,
    objects_of,
    subject_of,
    subjects_of,
)

CONFLICT_MATERIAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
COOPERATIVE_ACTS = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
STANDING_KINDS = {"ally", "relations_worsen", "relations_improve"}
THREAT_MODES = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations", "COERCE": "restrict",
                "PROTEST": "restrict"}
REQUEST_MODES = {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist", "COOPERATE": "assist",
                 "SUPPORT": "assist"}
# Dependencies through which a governing word passes its subject (and its modality) down.
CONTROL_DEPS = {"xcomp", "pcomp", "prep", "advmod", "acomp", "aux"}


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

    @property
    def quad(self) -> str | None:
        return lexicon()["quad"].get(self.event)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    return load_json("cues/events.json")


@functools.lru_cache(maxsize=1)
def modality() -> dict:
    return load_json("cues/modality.json")


# --- syntax helpers ------------------------------------------------------------------------------

def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _conjuncts(tok) -> list:
    """The token and the tokens coordinated with it ("Iran and North Korea")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(_conjuncts(c))
    return out


def antecedent(tok):
    """What a relative word stands for: "the country whose relations..." -> country; a noun that
    is the predicate of a copula ("Israel is the only country whose ...") -> its subject."""
    if _lemma(tok) in RELATIVE_PRONOUNS or tok.tag_ in ("WDT", "WP", "WP$"):
        clause = tok
        while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ in ("relcl", "acl"):
            tok = clause.head
    if tok.dep_ == "attr" and tok.head.lemma_ == "be":
        subj = subject_of(tok.head, ACTIVE_SUBJECTS)
        if subj is not None:
            return subj
    return _clause_antecedent(tok) or tok


# Personal pronouns and the nouns they can stand for: a person pronoun for a singular noun that
# names no state or organisation, "it" for a singular noun that names no person, "they" for any
# noun but a single person.
PRONOUN_AGREEMENT = {**dict.fromkeys(PERSON_PRONOUNS, "person"), **dict.fromkeys(NEUTER_PRONOUNS, "thing"),
                     **dict.fromkeys(PLURAL_PRONOUNS, "group")}
STATE_ENTS = PARTY_LABELS - {"PERSON"}


def _agrees(pronoun: str, noun) -> bool:
    kind = PRONOUN_AGREEMENT[pronoun]
    plural = noun.tag_ in ("NNS", "NNPS")
    if kind == "person":
        return not plural and noun.ent_type_ not in STATE_ENTS
    if kind == "thing":
        return not plural and noun.ent_type_ != "PERSON"
    return noun.ent_type_ != "PERSON" or plural


def _clause_antecedent(tok):
    """The noun a personal pronoun stands for inside its own sentence, the way a coder reads it:
    the subject of the verb that reports the pronoun's clause ("Freedonia said it will release",
    "X says he will seek") or, for a possessive, the subject of the clause it sits in ("X
    intensified its bombardment"). None when no agreeing noun is found."""
    lower = tok.lower_
    if tok.pos_ != "PRON" or lower not in PRONOUN_AGREEMENT:
        return None
    if tok.dep_ == "poss":
        noun = tok.head
        verb = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass") else (
            noun.head.head if noun.dep_ == "pobj" else None)
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj = next((c for c in subjects_of(verb, ACTIVE_SUBJECTS) if c.i != noun.i), None)
            if subj is not None and subj.pos_ != "PRON" and _agrees(lower, subj):
                return subj
        return None
    if tok.dep_ not in NOMINAL_SUBJECTS:
        return None
    clause = tok.head
    for _ in range(6):
        if clause.dep_ == "ccomp" and clause.head.i != clause.i:
            governor = clause.head
            subj = subject_of(governor, ACTIVE_SUBJECTS)
            if subj is not None and subj.pos_ != "PRON" and _agrees(lower, subj):
                return subj
            return None
        if clause.dep_ not in SUBJECT_SHARING_CLAUSES or clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def actor_of(verb, depth: int = 0):
    """The actor of a verb: its own subject ("by" agent when passive), or the subject it shares
    with the verb it depends on (participles, coordinated verbs, "stopped short of condemning")."""
    if depth > 8:
        return None
    subject = subject_of(verb, ACTIVE_SUBJECTS)
    if subject is not None:
        return antecedent(subject)
    if is_passive(verb):
        return agent_of(verb)
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "xcomp" and _lemma(head) in modality()["request_governors"]:
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "advmod", "acomp", "ccomp") or \
            head.pos_ in ("ADP", "ADV"):
        if verb.dep_ == "ccomp" and verb.pos_ == "VERB":
            return None
        return actor_of(head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # "issued a statement warning that ..." -> whoever issued the statement
        if head.dep_ in ("dobj", "pobj", "nsubj") and head.head.i != head.i and head.head.pos_ in ("VERB", "AUX"):
            return actor_of(head.head, depth + 1)
    return None


def _carrier(noun):
    """The frame noun that carries an event noun ("a mediation effort", "a round of exercises",
    "a campaign of air strikes"), else the noun itself."""
    frames = lexicon()["frame_nouns"]
    head = noun.head
    if noun.dep_ == "compound" and head.lower_ in frames:
        return head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in frames:
        return head.head
    return noun


def _governor(noun):
    """The verb a noun depends on (through a preposition: "during a meeting" -> the main verb),
    also through a frame noun that carries it: "launched a mediation effort", "began a new round
    of exercises" (the verb of "effort", of "round")."""
    noun = _carrier(noun)
    head = noun.head
    if noun.dep_ == "pobj" and head.pos_ == "ADP":
        head = head.head
    if head.i == noun.i or head.pos_ not in ("VERB", "AUX"):
        return None
    return head


# Named-entity types that are never participants: "called X on Tuesday" is no call on Tuesday.
NON_ACTOR_ENTS = TIME_LABELS | NUMBER_LABELS


def _participant(tok):
    """The participant a noun phrase names: a count stands for what it counts ("dozens of
    activists", "hundreds of protesters"); a date, amount or bare number is none (None)."""
    if tok.ent_type_ not in NON_ACTOR_ENTS:
        return tok
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            counted = next((g for g in c.children if g.dep_ == "pobj"), None)
            if counted is not None and counted.ent_type_ not in NON_ACTOR_ENTS:
                return counted
    return None


def _prep_objects(tok, prep: str) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent", "prt") and c.lower_ == prep:
            out.extend(p for g in c.children if g.dep_ in ("pobj", "pcomp") for p in [_participant(g)] if p is not None)
        # "support for Ukraine to consider ...": the parser reads 'for' as a clause marker
        if prep == "for" and c.dep_ in ("advcl", "acl", "relcl") and any(
                m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
            out.extend(subjects_of(c, ACTIVE_SUBJECTS))
    return out


# Inside the object phrase, the parser hangs a verb's prepositional phrase on the nearest noun:
# "provided 3 million euros in funding to X", "lifted sanctions imposed on X".
OBJECT_PHRASE_DEPS = {"prep", "pobj", "acl", "conj"}
OBJECT_PHRASE_DEPTH = 4


def _object_prep_objects(obj, prep: str) -> list:
    """Objects of ``prep`` on the object noun or on the nouns and participles nested in its phrase
    (through prepositions and participles only, nearest first)."""
    level = [obj]
    for _ in range(OBJECT_PHRASE_DEPTH):
        found = [t for node in level for t in _prep_objects(node, prep)]
        if found:
            return found
        level = [c for node in level for c in node.children if c.dep_ in OBJECT_PHRASE_DEPS
                 and not (c.dep_ == "prep" and c.lower_ == prep)]
        if not level:
            break
    return []


def _slot(trigger, slot: str, kind: str) -> list:
    """The head tokens filling one argument slot of a frame."""
    if slot == "subj":
        if kind == "noun":
            return []
        subj = actor_of(trigger)
        if kind == "adjective" and subj is None and trigger.head.i != trigger.i:
            subj = actor_of(trigger.head)
        return [subj] if subj is not None else []
    if slot == "obj":
        if kind != "verb":
            return []
        if is_passive(trigger):
            return [antecedent(c) for c in trigger.children if c.dep_ == "nsubjpass"]
        objs = objects_of(trigger)
        if not objs and trigger.dep_ == "acl" and trigger.tag_ == "VBN":  # "weapons handed over to X"
            return []
        return objs
    if slot == "dative":
        out = []
        for c in trigger.children:
            if c.dep_ == "dative":
                out.extend([g for g in c.children if g.dep_ == "pobj"] if c.pos_ == "ADP" else [c])
        return out
    if slot.startswith("prep:"):
        return _prep_slot(trigger, slot[5:], kind)
    if slot == "poss":  # "X's decision", "X's assistance package"
        return [antecedent(c) for host in dict.fromkeys((trigger, _carrier(trigger)))
                for c in host.children if c.dep_ == "poss"]
    if slot == "modifier":  # "Israeli air strikes", "U.S. military assistance": the party named before the noun
        named = [t for t in trigger.doc[trigger.left_edge.i:trigger.i]
                 if t.dep_ in NAME_MODIFIERS and t.ent_type_ in PARTY_LABELS]
        return named[-1:]
    if slot == "governor_obj":
        governor = _governor(trigger)
        if governor is None:
            return []
        return [c for c in governor.children if c.dep_ in ("dative", "dobj") and c.i != trigger.i]
    if slot == "governor_subj":
        return _governor_subject(trigger)
    if slot == "content_subj":
        for c in trigger.children:
            if c.dep_ == "ccomp":
                subj = subject_of(c, NOMINAL_SUBJECTS)
                # a pronoun subject is mostly the claimant itself ("claimed that they had attacked")
                if subj is not None and subj.pos_ != "PRON" and subj.lower_ not in ("there", "this", "that"):
                    return [subj]
        return []
    return []


def _prep_slot(trigger, prep: str, kind: str) -> list:
    """The objects of ``prep`` that belong to the event word, wherever the parser hung them."""
    found = _prep_objects(trigger, prep)
    if not found and kind == "noun" and _carrier(trigger) is not trigger:  # "a mediation effort between X and Y"
        found = _prep_objects(_carrier(trigger), prep)
    if not found and kind == "noun" and trigger.dep_ == "dobj":  # "drew fire from Israel"
        found = _prep_objects(trigger.head, prep)
    if not found and kind == "verb":  # the parser often hangs the phrase on the object instead
        for obj in trigger.children:
            if obj.dep_ == "dobj" and not found:
                found = _object_prep_objects(obj, prep)
    return found


def _governor_subject(trigger) -> list:
    """The actor of an event noun as the subject of the verb that carries it ("launched strikes")."""
    governor = _governor(trigger)
    if governor is None or _lemma(governor) in lexicon()["light_verbs"]["receptive"]:
        return []
    carrier = _carrier(trigger)
    if carrier.dep_ == "pobj" and carrier.head.lower_ not in lexicon()["setting_prepositions"]:
        return []  # "turned to X for supplies": the supplies are not the subject's act
    if carrier.dep_ == "dobj" and _lemma(governor) not in lexicon()["light_verbs"]["agentive"]:
        return []  # "highlights the killings of X": whoever highlights them did not kill
    subj = actor_of(governor)
    if subj is not None and subj.i == carrier.i:
        return []  # "the assistance package consisted of ...": the carrier is no actor
    return [subj] if subj is not None else []


def _actor_of_act(tok):
    """A noun for someone's act stands for its author: "the visit by X", "X's decision"."""
    if tok.lower_ not in lexicon()["act_nouns"] and _lemma(tok) not in lexicon()["act_nouns"]:
        return tok
    for c in tok.children:
        if c.dep_ == "poss":
            return antecedent(c)
    # "the offer by X", "the appeal lodged by X" (the agent of a participle); "of" only where it
    # names a party: "the decision of X" is X's, "an offer of a ceasefire" is no one's
    heads = [tok, *(c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for head in heads:
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in AUTHOR_PREPOSITIONS:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (c.lower_ != "of" or _names_party(pobj)):
                    return pobj
    return tok


def _fill(trigger, slots: list[str], kind: str) -> list:
    for slot in slots:
        found = [_actor_of_act(t) if slot not in ("subj", "poss", "governor_subj", "modifier") else t
                 for t in map(_participant, _slot(trigger, slot, kind)) if t is not None]
        if found:
            out = []
            for tok in found:
                for t in _conjuncts(tok):
                    if t not in out:
                        out.append(t)
            return out
    return []


def _requirement_met(trigger, requirement: str, actors: list, recipients: list) -> bool:
    if requirement == "actor":
        return bool(actors)
    if requirement == "recipient":
        return bool(recipients)
    if requirement.startswith("word:"):
        words = set(requirement[5:].split("|"))
        if words == {"obj"}:
            return any(c.dep_ == "dobj" for c in trigger.children)
        return any(t.lower_ in words or _lemma(t) in words for t in trigger.subtree if t.i != trigger.i) or any(
            c.lower_ in words for c in trigger.children)
    if requirement == "nolabel":
        return not any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in trigger.children)
    if requirement == "noclause":
        return not any(c.dep_ == "ccomp" for c in trigger.children)
    if requirement.startswith("unless:"):
        words = set(requirement[7:].split("|"))
        return not any(t.lower_ in words or _lemma(t) in words for c in trigger.children
                       if c.dep_ in ("dobj", "dative") for t in c.subtree)
    if requirement.startswith("without:"):
        words = set(requirement[8:].split("|"))
        return not any(c.lower_ in words for c in trigger.children if c.dep_ in NAME_MODIFIERS)
    if requirement.startswith("governor:"):
        governor = _governor(trigger) or (trigger.head if trigger.head.i != trigger.i else None)
        return governor is not None and _lemma(governor) in set(requirement[9:].split("|"))
    return True


def _particle_ok(trigger, particle: str | None) -> bool:
    if not particle:
        return True
    return any(c.dep_ in ("prt", "prep", "dative") and c.lower_ == particle for c in trigger.children)


# --- modality ------------------------------------------------------------------------------------

def _governing_chain(trigger) -> list:
    """The words that govern the trigger inside its clause ("refused to", "stopped short of",
    "is ready to"): heads reached through xcomp / pcomp / prepositions / adverbs."""
    chain = []
    tok = trigger
    for _ in range(8):
        if tok.dep_ not in CONTROL_DEPS or tok.head.i == tok.i:
            break
        tok = tok.head
        chain.append(tok)
    return chain


def _phrases(tok) -> set[str]:
    lemma = _lemma(tok)
    out = {lemma}
    for c in tok.children:
        if c.dep_ in ("advmod", "prt", "acomp"):
            out.add(f"{lemma} {c.lower_}")
    return out


# The verbs of denial, the same the claims stage reads denied claims with.
DENIAL_VERBS = frozenset(load_json("cues/claims.json")["denial_verbs"])


def _denied(trigger) -> bool:
    """Whether the event is what a denial denies: "denied charges that it attacked ..."."""
    tok = trigger
    for _ in range(10):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ in ("dobj", "ccomp", "acl", "relcl", "pobj", "prep") and _lemma(tok.head) in DENIAL_VERBS \
                and tok.dep_ in ("dobj", "ccomp"):
            return True
        tok = tok.head
    return False


def read_modality(event: Event) -> Event:
    cues = modality()
    trigger = event.trigger
    chain = _governing_chain(trigger)
    heads = [trigger, *chain]
    if event.standing and trigger.dep_ == "attr":
        heads.append(trigger.head)
    negators = set(cues["negators"])
    negated = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and h.pos_ == "NOUN")
                  for h in heads for c in h.children if c.lower_ in negators or c.dep_ == "neg")
    governing = set().union(*(_phrases(h) for h in chain)) if chain else set()
    if governing & set(cues["negating_governors"]):
        negated = True
    auxes = {c.lower_ for h in heads for c in h.children if c.dep_ == "aux"} | {
        _lemma(c) for h in heads for c in h.children if c.dep_ == "aux"}
    clause_words = {t.lower_ for h in heads for t in h.children if t.dep_ in ("advmod", "npadvmod")}
    hedged = bool(auxes & set(cues["hedge_modals"]) or clause_words & set(cues["hedge_words"]))
    future = bool(auxes & set(cues["future_modals"])) or "going" in governing
    intent = bool(governing & set(cues["intent_governors"]))
    willing = bool(governing & set(cues["willing_adjectives"]))
    threat = bool(governing & set(cues["threat_governors"]))
    obligation = bool(auxes & set(cues["obligation_modals"])) or bool(governing & {"have", "need"} and any(
        c.lower_ == "to" for h in heads for c in h.children))
    negated = negated or _denied(trigger)
    event.negated = negated
    # "refused to", "failed to", and "will not" (CAMEO's "decline to ...") make the negated act a REJECT
    event.refused = negated and (bool(governing & set(cues["refusing_governors"])) or future)
    event.hedged = hedged
    if event.standing:
        return event
    kind = event.event
    if threat and kind in CONFLICT_MATERIAL:
        event.mode = THREAT_MODES.get(kind)
        event.event = "THREATEN"
    elif (future or intent or willing) and not negated:
        if kind in COOPERATIVE_ACTS:
            event.event, event.mode, event.cameo = "AGREE", None, "03"  # CAMEO 03: express intent
        elif kind == "RETREAT":
            event.event, event.mode, event.cameo = "CONCEDE", None, "03"
        elif kind in CONFLICT_MATERIAL and (future or threat):
            event.event, event.mode = "THREATEN", THREAT_MODES.get(kind)
    if obligation and not negated and event.event not in ("REQUEST", "THREATEN", "ACCUSE"):
        event.obligation = True
        event.cameo = "10"  # "X must do Y": a demand
    return event


def contexts(event: Event) -> list[str]:
    """PLOVER contexts evoked by the words of the event's clause, plus the trigger's own."""
    found = list(event.context)
    clause = event.trigger
    while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj") and clause.head.i != clause.i:
        clause = clause.head
    words = " " + " ".join(t.lower_ for t in clause.subtree) + " "
    for name, cue_words in modality()["contexts"].items():
        if name not in found and any(f" {w} " in words for w in cue_words):
            found.append(name)
    return found


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
    frames = entries.get(_lemma(tok)) or entries.get(tok.lower_)
    if frames is None and kind == "noun" and tok.lower_.endswith("s"):
        frames = entries.get(tok.lower_[:-1])
    return frames or []


def _lexical_event(tok) -> Event | None:
    kind = _kind_of(tok)
    if kind is None:
        return None
    for frame in _frames(tok, kind):
        if not _particle_ok(tok, frame.get("particle")):
            continue
        actors = _fill(tok, frame.get("actor", []), kind)
        recipients = _fill(tok, frame.get("recipient", []), kind)
        if kind == "noun" and not recipients:
            governor = _governor(tok)
            receptive = lexicon()["light_verbs"]["receptive"]
            if governor is not None and _lemma(governor) in receptive and tok.dep_ in ("dobj", "pobj"):
                subj = actor_of(governor)
                recipients = _conjuncts(subj) if subj is not None else []
        requires = frame.get("requires", [])
        if not all(_requirement_met(tok, r, actors, recipients) for r in requires):
            continue
        return Event(frame["event"], frame.get("mode"), list(frame.get("context", [])), tok,
                     [a for a in actors if a not in recipients], recipients, cameo=frame.get("cameo"))
    return None


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
        lemma = _lemma(verb)
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
    noun_kind = nouns.get(tok.lower_) or nouns.get(_lemma(tok))
    if noun_kind is None:
        return None
    others = _fill(tok, ["prep:with", "prep:of", "prep:between", "prep:to"], "noun")
    owner: list = []
    possessors = [antecedent(c) for c in tok.children if c.dep_ == "poss"]
    head = tok.head
    if tok.dep_ == "attr" and head.lemma_ == "be":  # "X is an ally of Y", "X is our ally"
        subj = subject_of(head, ACTIVE_SUBJECTS)
        owner = _conjuncts(antecedent(subj)) if subj is not None else []
        if not others:
            others = possessors
    elif tok.dep_ in ("nsubj",) and head.lemma_ == "be":  # "X's ally is Y"
        attr = next((c for c in head.children if c.dep_ == "attr"), None)
        owner = possessors
        if attr is not None and not others:
            others = _conjuncts(attr)
    elif tok.dep_ == "appos":  # "Iran, a longtime patron of Hamas"
        owner = [head]
        if not others:
            others = possessors
    else:
        owner = possessors
        if not owner:
            governor = _governor(tok)
            if governor is not None and tok.dep_ in ("dobj", "pobj"):
                subj = actor_of(governor)
                owner = [subj] if subj is not None else []
        if not owner and len(others) >= 2 and any(c.lower_ == "between" for c in tok.children):
            owner, others = others[:1], others[1:]
    owner = [t for o in owner for t in _conjuncts(o)]
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


def _names_party(tok) -> bool:
    """Whether a noun-phrase head names a party (a name, a pronoun) rather than a thing or act."""
    return tok.ent_type_ in PARTY_LABELS or tok.pos_ in ("PROPN", "PRON")


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
            else:  # a plain verb's object only where it names a party ("agreed to start talks" names none)
                found = [t for t in _fill(comp, ["obj"], "verb") if _names_party(t)]
            found = [t for t in found if t not in event.actors]
            if found:
                event.recipients = found
                break


def _reciprocal(event: Event) -> None:
    """Coordinated actors of a mutual event with no one else named act on each other ("X and Y
    agreed to ...", "cooperation between X and Y"): each is the other's recipient."""
    mutual = lexicon()["reciprocal"]
    if event.standing or not (event.event in mutual["events"] or _lemma(event.trigger) in mutual["lemmas"]):
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
             *(t for t in _prep_objects(trigger, "to") if not _names_talks(t))]
    if event.event not in places["venue_events"]:  # "agreed in Geneva": a venue is no party
        hosts.insert(0, trigger)
        governor = _governor(trigger) if trigger.pos_ in ("NOUN", "PROPN") else None
        if governor is not None:
            hosts.append(governor)
    for host in hosts:
        for prep in places["prepositions"]:
            found = [p for t in _prep_objects(host, prep) for p in [_place_of(t)] if p is not None
                     and p not in event.actors]
            if found:
                event.recipients = [t for f in found for t in _conjuncts(f)]
                return


def _names_talks(tok) -> bool:
    """Whether a noun names a meeting or talks (a CONSULT noun of the lexicon)."""
    frames = lexicon()["nouns"].get(_lemma(tok), [])
    return any(frame["event"] == "CONSULT" for frame in frames)


def _place_of(tok):
    """The place a locative phrase's head names: itself ("in Crimea", which the small model may
    tag an organisation: the place tables decide), or the whole a part of it belongs to ("in
    parts of Darfur", "in four of the country's states")."""
    if tok.ent_type_ in PLACE_LABELS or _known_place(tok):
        return tok
    parts = lexicon()["place_recipient"]["part_nouns"]
    if tok.lower_ in parts or tok.pos_ == "NUM":
        for whole in _prep_objects(tok, "of"):
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
    event = Event("REQUEST", "change", [], verb, _conjuncts(antecedent(subj)), obligation=True, cameo="10")
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
    if clause.dep_ != "ccomp" or _lemma(clause.head) not in SPEECH_VERBS:
        return
    asker = subject_of(clause.head, ACTIVE_SUBJECTS)
    if asker is not None:
        event.askers = _conjuncts(antecedent(asker))


def as_demand(event: Event) -> Event:
    """An obligation read as the REQUEST it is when the sentence names who demands it."""
    if not (event.obligation and event.askers):
        return event
    return Event("REQUEST", REQUEST_MODES.get(event.event, "change"), list(event.context), event.trigger,
                 list(event.askers), list(event.actors), negated=event.negated, hedged=event.hedged,
                 cameo=event.cameo)


def find_events(sentence: Iterable) -> list[Event]:
    """Every event of one sentence (a spaCy Span), with its modality read. An act someone is
    asked to do ("urged X to withdraw") is no event of its own: it gives the REQUEST its mode."""
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
    requests = {e.trigger.i: e for e in events if e.event == "REQUEST"}
    kept = []
    for event in events:
        request = requests.get(event.trigger.head.i) if event.trigger.dep_ == "xcomp" else None
        if request is not None and event is not request:
            request.mode = request.mode or REQUEST_MODES.get(event.event, "change")
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
