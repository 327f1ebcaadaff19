"""The modality of an event, read the way the PLOVER manual asks (cues from
``data/cues/modality.json``): "did not", "refused to", "stopped short of" and a denial negate;
"could", "reportedly" hedge; an announced cooperative act is AGREE, an announced retreat CONCEDE,
a future or threatened conflictual act THREATEN, "X must do Y" an obligation; and the PLOVER
contexts the event's clause evokes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from presslens.data import load_json
from presslens.event_lexicon import lemma_of, modality

if TYPE_CHECKING:
    from presslens.events import Event

CONFLICT_MATERIAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
COOPERATIVE_ACTS = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
THREAT_MODES = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations", "COERCE": "restrict",
                "PROTEST": "restrict"}
# Dependencies through which a governing word passes its subject (and its modality) down.
CONTROL_DEPS = {"xcomp", "pcomp", "prep", "advmod", "acomp", "aux"}


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
    lemma = lemma_of(tok)
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
        if tok.dep_ in ("dobj", "ccomp", "acl", "relcl", "pobj", "prep") and lemma_of(tok.head) in DENIAL_VERBS \
                and tok.dep_ in ("dobj", "ccomp"):
            return True
        tok = tok.head
    return False


def _clause_verb(trigger):
    """The verb of the clause an event word sits in: itself, the verb an event noun depends on,
    or the governor it is controlled by ("refused to attack": refused)."""
    tok = trigger
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in CONTROL_DEPS:
            return tok
        if tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _marked(verb, marks: set[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children)


def _condition(trigger, heads: list) -> str | None:
    """Whether the event is a condition ("if X invades Y": "condition") or what a condition
    brings ("X will retaliate if Y ...", "consequence"), else None."""
    marks = set(modality()["condition_marks"])
    if any(verb.dep_ == "advcl" and _marked(verb, marks) for verb in (trigger, *trigger.ancestors)):
        return "condition"
    clause = _clause_verb(trigger)
    hosts = {h.i: h for h in (*heads, clause, *clause.ancestors)}
    if any(c.dep_ == "advcl" and _marked(c, marks) for h in hosts.values() for c in h.children):
        return "consequence"
    return None


def _question(trigger) -> bool:
    """An event put as an open question: in a clause of "whether", or a clause of a sentence that
    ends with a question mark."""
    if any(_marked(v, set(modality()["question_marks"])) for v in (trigger, *trigger.ancestors)):
        return True
    sent = trigger.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in ('"', "'", "”", ")")), None)
    return last is not None and last.text == "?"


def _declared(trigger, governing: set[str]) -> bool:
    """A retreat declared rather than carried out: "announced a ceasefire", "declared it would withdraw"."""
    declaring = set(modality()["declaring_governors"])
    if governing & declaring:
        return True
    head = trigger.head
    return trigger.dep_ in ("dobj", "ccomp") and head.i != trigger.i and lemma_of(head) in declaring


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
    # "has yet to apologize": not (yet) done, and no obligation
    not_yet = any(lemma_of(h) in cues["not_yet_governors"] and any(c.lower_ == "yet" for c in h.children)
                  for h in chain)
    negated = negated or not_yet
    auxes = {c.lower_ for h in heads for c in h.children if c.dep_ == "aux"} | {
        lemma_of(c) for h in heads for c in h.children if c.dep_ == "aux"}
    clause_words = {t.lower_ for h in heads for t in h.children if t.dep_ in ("advmod", "npadvmod")}
    hedged = bool(auxes & set(cues["hedge_modals"]) or clause_words & set(cues["hedge_words"]))
    future = bool(auxes & set(cues["future_modals"])) or "going" in governing
    intent = bool(governing & set(cues["intent_governors"]))
    willing = bool(governing & set(cues["willing_adjectives"]))
    threat = bool(governing & set(cues["threat_governors"]))
    obligation = bool(auxes & set(cues["obligation_modals"])) or (not not_yet and bool(
        governing & {"have", "need"} and any(c.lower_ == "to" for h in heads for c in h.children)))
    negated = negated or _denied(trigger)
    event.negated = negated
    # "refused to", "failed to", and "will not" (CAMEO's "decline to ...") make the negated act a REJECT
    event.refused = negated and (bool(governing & set(cues["refusing_governors"])) or future)
    event.hedged = hedged
    if event.standing:
        return event
    condition = _condition(trigger, heads)
    question = _question(trigger)
    event.modality = _modality_name(negated, _denied(trigger), question, condition,
                                    bool(auxes & set(cues["hedge_modals"])), future)
    if question or condition == "condition":
        event.hedged = True  # what a condition or an open question supposes did not happen (yet)
    kind = event.event
    if threat and kind in CONFLICT_MATERIAL:
        event.mode = THREAT_MODES.get(kind)
        event.event = "THREATEN"
    elif condition == "consequence" and not negated and not question:
        _promised_on_condition(event, kind)
    elif kind == "RETREAT" and not negated and _declared(trigger, governing):
        event.event, event.mode = "CONCEDE", None
    elif (future or intent or willing) and not negated:
        if kind in COOPERATIVE_ACTS:
            event.event, event.mode, event.cameo = "AGREE", None, "03"  # CAMEO 03: express intent
        elif kind == "RETREAT":
            event.event, event.mode, event.cameo = "CONCEDE", None, "03"
        elif kind in CONFLICT_MATERIAL and (future or threat):
            event.event, event.mode = "THREATEN", THREAT_MODES.get(kind)
    if event.event != kind and condition is None:
        event.modality = None  # the promise or threat was made: the verbal act is told as fact
    if obligation and not negated and event.event not in ("REQUEST", "THREATEN", "ACCUSE"):
        event.obligation = True
        event.cameo = "10"  # "X must do Y": a demand
    return event


def _promised_on_condition(event: Event, kind: str) -> None:
    """The manual: a conflictual act promised on a condition is a threat, a cooperative one an
    offer, a retreat a concession; any other act stays what it is, uncertain."""
    if kind in CONFLICT_MATERIAL:
        event.event, event.mode = "THREATEN", THREAT_MODES.get(kind)
    elif kind in COOPERATIVE_ACTS:
        event.event, event.mode, event.cameo = "AGREE", None, "03"
    elif kind == "RETREAT":
        event.event, event.mode, event.cameo = "CONCEDE", None, "03"
    else:
        event.hedged = True


def _modality_name(negated: bool, denied: bool, question: bool, condition: str | None, possible: bool,
                   future: bool) -> str | None:
    """The one word the relations carry for how the sentence holds the event (the PLOVER manual's
    auxiliary modes, with the question and the denial beside them); None: it is told as fact."""
    if denied:
        return "denied"
    if negated:
        return "negated"
    if question:
        return "question"
    if condition:
        return "conditional"
    if possible:
        return "hypothetical"
    return "future" if future else None


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
