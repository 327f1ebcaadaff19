"""The arguments of event words, read from the dependency parse: who acts (a verb's subject, a
passive's agent, the subject shared by participles and coordinated verbs, the author of an act
noun), on whom (objects, datives, prepositional objects wherever the parser hung them, possessors,
the party named before a noun), with coordinated arguments expanded and relative words and
reported pronouns resolved to what they stand for.
"""
from __future__ import annotations

from presslens.event_lexicon import lemma_of, lexicon, modality
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


def conjuncts(tok) -> list:
    """The token and the tokens coordinated with it ("Iran and North Korea")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(conjuncts(c))
    return out


def antecedent(tok):
    """What a relative word stands for: "the country whose relations..." -> country; a noun that
    is the predicate of a copula ("Israel is the only country whose ...") -> its subject."""
    if lemma_of(tok) in RELATIVE_PRONOUNS or tok.tag_ in ("WDT", "WP", "WP$"):
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
    if verb.dep_ == "xcomp" and lemma_of(head) in modality()["request_governors"]:
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    if verb.dep_ == "xcomp" and is_passive(head):
        # "X is said to have deployed troops", "X was forced to withdraw", "X was urged by Y to
        # withdraw": the passive's subject does what its complement says, not its agent
        subject = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if subject is not None:
            return antecedent(subject)
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


def governing_verb(noun):
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


# Named-entity types of groups and places: a protest by one of them is a collective action.
COLLECTIVE_ENTS = frozenset({"NORP", "GPE", "ORG"})

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


def prep_objects(tok, prep: str) -> list:
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
        found = [t for node in level for t in prep_objects(node, prep)]
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
        return [antecedent(c) for host in dict.fromkeys((trigger, _carrier(trigger))) for c in possessors(host)]
    if slot == "modifier":  # "Israeli air strikes", "U.S. military assistance": the party named before the noun
        named = [t for t in trigger.doc[trigger.left_edge.i:trigger.i]
                 if t.dep_ in NAME_MODIFIERS and t.ent_type_ in PARTY_LABELS]
        return named[-1:]
    if slot == "governor_obj":
        governor = governing_verb(trigger)
        if governor is None:
            return []
        # "X was given asylum by Y": the passive's subject receives what is given
        patients = ("dative", "dobj", "nsubjpass") if is_passive(governor) else ("dative", "dobj")
        found = [c for c in governor.children if c.dep_ in patients and c.i != trigger.i]
        # "granted asylum to X": a prepositional dative names the party through its object
        return [antecedent(g) for c in found
                for g in ([p for p in c.children if p.dep_ == "pobj"] if c.pos_ == "ADP" else [c])]
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
    found = prep_objects(trigger, prep)
    if not found and kind == "noun" and _carrier(trigger) is not trigger:  # "a mediation effort between X and Y"
        found = prep_objects(_carrier(trigger), prep)
    if not found and kind == "noun" and trigger.dep_ == "dobj":  # "drew fire from Israel"
        found = prep_objects(trigger.head, prep)
    if not found and kind == "verb":  # the parser often hangs the phrase on the object instead
        for obj in trigger.children:
            if obj.dep_ == "dobj" and not found:
                found = _object_prep_objects(obj, prep)
    return found


def _governor_subject(trigger) -> list:
    """The actor of an event noun as the subject of the verb that carries it ("launched strikes")."""
    governor = governing_verb(trigger)
    if governor is None or lemma_of(governor) in lexicon()["light_verbs"]["receptive"]:
        return []
    carrier = _carrier(trigger)
    if carrier.dep_ == "pobj" and carrier.head.lower_ not in lexicon()["setting_prepositions"]:
        return []  # "turned to X for supplies": the supplies are not the subject's act
    if carrier.dep_ == "dobj" and lemma_of(governor) not in lexicon()["light_verbs"]["agentive"]:
        return []  # "highlights the killings of X": whoever highlights them did not kill
    subj = actor_of(governor)
    if subj is not None and subj.i == carrier.i:
        return []  # "the assistance package consisted of ...": the carrier is no actor
    return [subj] if subj is not None else []


def possessors(noun) -> list:
    """The possessors of a noun: its "poss" children, or a name the parser left beside it with the
    possessive ending as its own child ("Tillerson's ouster" read as two objects of the verb)."""
    found = [c for c in noun.children if c.dep_ == "poss"]
    if found or noun.i < 2:
        return found
    ending, owner = noun.doc[noun.i - 1], noun.doc[noun.i - 2]
    if ending.dep_ == "case" and ending.head.i == owner.i and ending.lower_ in POSSESSIVE_ENDINGS \
            and owner.pos_ == "PROPN":
        return [owner]
    return []


POSSESSIVE_ENDINGS = frozenset({"'s", "\u2019s", "'", "\u2019"})


def _actor_of_act(tok):
    """A noun for someone's act stands for its author: "the visit by X", "X's decision"."""
    if tok.lower_ not in lexicon()["act_nouns"] and lemma_of(tok) not in lexicon()["act_nouns"]:
        return tok
    for c in possessors(tok):
        return antecedent(c)
    # "the offer by X", "the appeal lodged by X" (the agent of a participle); "of" only where it
    # names a party: "the decision of X" is X's, "an offer of a ceasefire" is no one's
    heads = [tok, *(c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for head in heads:
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in AUTHOR_PREPOSITIONS:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (c.lower_ != "of" or names_party(pobj)):
                    return pobj
    return tok


def named_in_apposition(tok):
    """A role or description followed by the name it stands for ("the committee's chairman, Ann
    Berg,", "the country's military ruler, Gen. Ivo Tan,"): the name, which is who acts; else the token."""
    if tok.pos_ != "NOUN":
        return tok
    name = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                 and c.ent_type_ in PARTY_LABELS), None)
    return name if name is not None else tok


def fill_slots(trigger, slots: list[str], kind: str, besides: frozenset[str] = frozenset()) -> list:
    """The argument tokens of the first slot that holds any; words named in ``besides`` (the
    actor's own name, lower case) are no recipient: "X expelled Y's diplomats from X"."""
    for slot in slots:
        found = [named_in_apposition(_actor_of_act(t) if slot not in ("subj", "poss", "governor_subj", "modifier")
                                     else t)
                 for t in map(_participant, _slot(trigger, slot, kind)) if t is not None and t.lower_ not in besides]
        if found:
            out = []
            for tok in found:
                for t in conjuncts(tok):
                    if t not in out:
                        out.append(t)
            return out
    return []


def requirement_met(trigger, requirement: str, actors: list, recipients: list) -> bool:
    if requirement == "actor":
        return bool(actors)
    if requirement == "recipient":
        return bool(recipients)
    if requirement.startswith("word:"):
        words = set(requirement[5:].split("|"))
        if words == {"obj"}:
            return any(c.dep_ == "dobj" for c in trigger.children)
        return any(t.lower_ in words or lemma_of(t) in words for t in trigger.subtree if t.i != trigger.i) or any(
            c.lower_ in words for c in trigger.children)
    if requirement == "party":  # "fired the officer", not "fired three rockets"
        return bool(recipients) and all(names_party(t) or t.ent_type_ in PARTY_LABELS for t in recipients)
    if requirement == "solo":  # one person acting alone: a protest by one is a verbal complaint
        return bool(actors) and all(t.tag_ in ("NN", "NNP") and t.ent_type_ not in COLLECTIVE_ENTS and not t.like_num
                                    and lemma_of(t) not in lexicon()["collective_nouns"] for t in actors)
    if requirement == "nolabel":
        return not any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in trigger.children)
    if requirement == "noobj":  # "activists rallied", not "rallied support"
        return not any(c.dep_ == "dobj" for c in trigger.children)
    if requirement == "noclause":
        return not any(c.dep_ == "ccomp" for c in trigger.children)
    if requirement.startswith("unless:"):
        words = set(requirement[7:].split("|"))
        return not any(t.lower_ in words or lemma_of(t) in words for c in trigger.children
                       if c.dep_ in ("dobj", "dative") for t in c.subtree)
    if requirement.startswith("without:"):
        words = set(requirement[8:].split("|"))
        return not any(c.lower_ in words for c in trigger.children if c.dep_ in NAME_MODIFIERS)
    if requirement.startswith("governor:"):
        governor = governing_verb(trigger) or (trigger.head if trigger.head.i != trigger.i else None)
        return governor is not None and lemma_of(governor) in set(requirement[9:].split("|"))
    return True


def particle_ok(trigger, particle: str | None) -> bool:
    if not particle:
        return True
    return any(c.dep_ in ("prt", "prep", "dative") and c.lower_ == particle for c in trigger.children)


def names_party(tok) -> bool:
    """Whether a noun-phrase head names a party (a name, a pronoun) rather than a thing or act."""
    return tok.ent_type_ in PARTY_LABELS or tok.pos_ in ("PROPN", "PRON")


def reporting_institution(verb):
    """The institution that reports an agentless passive ("X was arrested, police said", "X have
    been banned from entering, the Home Office said"): for acts only an authority does (the
    lexicon's ``reported_passives``), coders take the reporting authority as their actor. None
    when the clause is no such report or the reporter is a person."""
    if not is_passive(verb) or agent_of(verb) is not None:
        return None
    clause = verb
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    reporters = [c for c in clause.children if c.dep_ in ("parataxis", "ccomp") and lemma_of(c) in SPEECH_VERBS]
    if clause.dep_ == "ccomp" and lemma_of(clause.head) in SPEECH_VERBS:
        reporters.insert(0, clause.head)
    institutions = lexicon()["reported_passives"]["institution_nouns"]
    for reporter in reporters:
        subj = subject_of(reporter, ACTIVE_SUBJECTS)
        if subj is not None and (subj.ent_type_ in STATE_ENTS or lemma_of(subj) in institutions):
            return subj
    return None
