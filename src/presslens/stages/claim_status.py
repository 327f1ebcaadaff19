"""What an article makes of its claims: the status cues near a claim and the rejections after it.

Every cue of ``data/cues/claims.json`` found in a sentence qualifies the nearest claim of that
sentence whose own words do not hold it ("the claimant's own words are no verdict"); a cue in a
sentence without such a claim qualifies the last claim of the sentence before ("Minsk accused
Vilnius of staging it. That is not true."). A cue inside someone else's quote is that speaker's
verdict, not the article's: "there was no evidence", said by X, is X's dispute. A verb that
rejects a claim named by a pronoun or a bare claim noun ("Lithuania denied the allegations",
"contested Branch's claims", "a charge the Kremlin rejects"), or a denial naming no claim
("Kavanaugh, who maintains his innocence"), qualifies the claims it refers to: those the
possessor it names made just before, else the first claim of the article about the one who
rejects it (its first statement, as the annotation spec asks), else the nearest one before.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LEMMA, LOWER

from presslens.actor_refs import EntityResolver
from presslens.data import load_json
from presslens.document import Claim, Document, Entity, Span

_CUES = load_json("cues/claims.json")
STATUS_ORDER = tuple(_CUES["status"])
STATUS_PRECEDENCE = tuple(_CUES["status_precedence"])
CUE_STATUS = {phrase: status for status, phrases in _CUES["status"].items() for phrase in phrases}


def _phrase_trie(phrases) -> str:
    """One regular expression for many phrases, as a trie of their characters: the engine then
    tries one branch per character instead of every phrase at every position (the longest first)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return (body if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")") + "?"

    return pattern(trie)


CUE_RE = re.compile(r"(?<!\w)(" + _phrase_trie(CUE_STATUS) + r")(?!\w)", re.I)
_NEGATED_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in _CUES["negated_confirmation"])
                         + r")(\s+\w+){0,2}\s*$", re.I)
ATTRIBUTED_STATUS = _CUES["attributed_status"]
REJECTION_VERBS = _CUES["rejection_verbs"]
REJECTION_PARTICLES = _CUES["rejection_particles"]
CLAIM_NOUNS = frozenset(_CUES["claim_nouns"])
ANAPHORS = frozenset(_CUES["anaphors"])
# How many sentences back a rejection ("Kyiv denied the allegations") looks for the claim it rejects
# when nothing else names it, and for the claims of a possessor it names ("contested Branch's claims").
REJECTION_WINDOW = 2
OWNER_WINDOW = 8
LINKING_VERBS = frozenset(_CUES["linking_verbs"])
DEFINITE_DETERMINERS = frozenset(_CUES["definite_determiners"])
# The roles of a noun: a word in one of them is a noun whatever its tag says.
NOUN_ROLES = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos"})
CONFIRMABLE_NOUNS = CLAIM_NOUNS | frozenset(_CUES["confirmable_nouns"])
_APPOINTED_RE = re.compile(r"\s+(" + "|".join(re.escape(w) for w in _CUES["appointment_words"]) + r")\b", re.I)
# How many characters before a confirmation or dispute cue a negation may stand ("declined to confirm").
NEGATION_REACH = 30
# A cue this close to the start of its sentence may qualify the last claim of the sentences before,
# this many back at most ("... reported X. Other outlets echoed this claim. But it wasn't true.").
OPENING_CHARS = 12
VERDICT_REACH = 2


def holds_cue(text: str) -> bool:
    """Whether some status cue stands in ``text``."""
    return CUE_RE.search(text) is not None


@dataclass
class Candidate:
    """A claim being read: its sentence, where it came from, and what qualifies it so far."""
    claim: Claim
    sentence: int
    origin: str  # reported | direct | partial (a quote's kind), denial, noun, evidence, confirmation, accusation
    # (status, cue, who rejects it): every qualification found for it
    found: list[tuple[str, Span, str | None]] = field(default_factory=list)

    def holds(self, start: int, end: int) -> bool:
        return self.claim.start <= start and end <= self.claim.end


def qualify(doc: Document, resolver: EntityResolver, sentences, candidates: list[Candidate], body: int = 0,
            words=None) -> None:
    """Add every status cue and rejection found in the document, from ``body`` on, to the
    candidates it qualifies; a cue that already qualifies the claim its verb makes ("denied any
    role in", "confirms the accuracy of") is not read again. ``words``: the tokens that may reject
    (``lexicon_tokens``; every token when None)."""
    given = [cue for c in candidates for _, cue, _ in c.found]
    starts = [s.start_char for s in sentences]
    by_sentence: dict[int, list] = {}
    for tok in words if words is not None else doc.parse:
        by_sentence.setdefault(bisect.bisect_right(starts, tok.idx) - 1, []).append(tok)
    for index, sent in enumerate(sentences):
        if sent.end_char <= body:
            continue
        for match in CUE_RE.finditer(sent.text):
            start, end = sent.start_char + match.start(), sent.start_char + match.end()
            if start < body or any(cue.start < end and start < cue.end for cue in given):
                continue
            status = CUE_STATUS[match.group(1).lower()]
            if cue_holds(doc, status, start, end):
                _read_cue(doc, resolver, candidates, sent, index, status, start, end)
        for tok in by_sentence.get(index, ()):
            if tok.idx >= body:
                _read_rejection(doc, resolver, tok, index, candidates)


def lexicon_tokens(parse, lemmas: frozenset[str]) -> list:
    """The tokens whose lemma is one of ``lemmas`` or whose form opens a rejecting phrase ("pushed
    back"), found on the parse's arrays: the stages read only these, not every token."""
    strings = parse.vocab.strings
    table = parse.to_array([LEMMA, LOWER])
    lemmas = lemmas | REJECTION_VERBS.keys()
    wanted = numpy.isin(table[:, 0], [strings[w] for w in lemmas | {w.capitalize() for w in lemmas}])
    wanted |= numpy.isin(table[:, 1], [strings[p.split()[0]] for p in REJECTION_PARTICLES])
    return [parse[int(i)] for i in numpy.flatnonzero(wanted)]


def _read_cue(doc: Document, resolver: EntityResolver, candidates: list[Candidate], sent, index: int,
              status: str, start: int, end: int) -> None:
    """Qualify the claims one cue speaks of: those a claim noun it is said of names ("these allegations
    remain unsubstantiated", "his false claim"), the claims of the one who denies, or the nearest."""
    if status == "denied" and _deny_by_holder(doc, resolver, candidates, index, start, end):
        return
    # a speaker's verdict word is no verdict on their own claims ("said the time was inaccurate")
    speaker = _quote_speaker(doc, start, end)
    others = [c for c in candidates if (speaker is None or c.claim.claimant != speaker) and not c.holds(start, end)]
    noun = _judged_claim_noun(doc, start, end)
    if noun is not None:
        owner = next((resolver.resolve(ch) or [None] for ch in noun.children if ch.dep_ == "poss"), [None])[0]
        # "Jamal's statement was wrong": Jamal's claims just before, none when none was read
        earlier = [c for c in others if c.claim.end <= start]
        targets = _last_run(earlier, owner, index) if owner is not None else \
            rejected_claims(doc, resolver, others, start, index, None, None)
    else:
        target = _cue_target(others, index, start, end, backward=_refers_back_cue(sent, status, start))
        targets = _with_same_claimant(candidates, target, status, start)
    for qualified in targets:
        found_status, rejected_by = _attributed(doc, resolver, qualified, status, start, end)
        qualified.found.append((found_status, doc.span(start, end), rejected_by))


def _judged_claim_noun(doc: Document, start: int, end: int):
    """The claim noun naming a claim made before that a cue is said of: the cue's own noun ("his
    false claim"), the noun it modifies ("the baseless allegations"), or its predicate's subject
    ("these allegations remain unsubstantiated", "the statement was wrong"); None otherwise."""
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    predicate = root if root.pos_ in ("VERB", "AUX") else root.head
    subject = next((c for c in predicate.children if c.dep_ == "nsubjpass"
                    or (c.dep_ == "nsubj" and predicate.lemma_.lower() in LINKING_VERBS)), None)
    modified = root.head if root.dep_ == "amod" else None
    for noun in (root, modified):
        if noun is not None and is_claim_noun(noun) and refers_back(noun) and _definite(noun):
            return noun  # "his false claim", "the baseless allegations"; not "feeding conspiracy theories"
    if subject is not None and is_claim_noun(subject) and refers_back(subject):
        return subject
    return None


def _definite(noun) -> bool:
    """Whether a noun points back: a possessor or a definite or demonstrative determiner."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) for c in noun.children)


def is_claim_noun(tok) -> bool:
    """A claim noun, also where the tagger took it for a verb ("the neocons' claims that ...")."""
    return tok.lemma_.lower() in CLAIM_NOUNS and (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in NOUN_ROLES)


def fold_repeated_denials(doc: Document, resolver: EntityResolver, candidates: list[Candidate]) -> None:
    """A denial that repeats a claim made before ("accused him of abuse ... Ellison denies he abused
    an ex-girlfriend") qualifies that claim's first statement, as the annotation spec asks: the
    first earlier claim about the denier sharing a content word with what is denied."""
    for denial in candidates:
        denier = doc.entity(denial.claim.rejected_by) if denial.origin == "denial" else None
        if denier is None:
            continue
        words = _content_lemmas(doc, denial.claim)
        earlier = [c for c in candidates if c.claim.start < denial.claim.start and c.origin != "denial"
                   and c.claim.claimant != denier.id and words & _content_lemmas(doc, c.claim)
                   and _mentions(doc, resolver, c.claim, denier)]
        if earlier:
            first = min(earlier, key=lambda c: c.claim.start)
            first.found.extend(denial.found)
            denial.found.clear()


def _content_lemmas(doc: Document, claim: Claim) -> set[str]:
    span = doc.parse.char_span(claim.start, claim.end, alignment_mode="expand")
    return {t.lemma_.lower() for t in span or () if t.pos_ in ("NOUN", "VERB", "ADJ") and not t.is_stop}


def settle(candidate: Candidate) -> None:
    """Write the statuses found into the claim: the main one first, then the others in precedence order."""
    claim = candidate.claim
    statuses = sorted({s for s, _, _ in candidate.found}, key=STATUS_PRECEDENCE.index)
    claim.statuses = statuses
    claim.status = statuses[0] if statuses else "asserted"
    cues = {(c.start, c.end): c for c in claim.cues}
    cues.update({(c.start, c.end): c for _, c, _ in candidate.found})
    claim.cues = [cues[key] for key in sorted(cues)]
    claim.rejected_by = next((who for s, _, who in candidate.found if who and s in ("denied", "disputed")),
                             claim.rejected_by)


def _deny_by_holder(doc: Document, resolver: EntityResolver, candidates: list[Candidate], index: int,
                    start: int, end: int) -> bool:
    """A denial naming no claim ("Kavanaugh, who maintains his innocence", "I am innocent", said by
    Ellison) denies the claims about the one who makes it; whether such a claim was found."""
    holder = _cue_holder(doc, resolver, start, end)
    if holder is None:
        return False
    targets = rejected_claims(doc, resolver, [c for c in candidates if not c.holds(start, end)], start, index,
                              None, holder)
    for target in targets:
        target.found.append(("denied", doc.span(start, end), holder.id))
    return bool(targets)


def _quote_speaker(doc: Document, start: int, end: int) -> str | None:
    """The speaker (entity id) of the quote the words stand in; None outside quotes."""
    quote = next((q for q in doc.quotes if q.start <= start and end <= q.end and q.speaker), None)
    return quote.speaker if quote is not None else None


def _cue_holder(doc: Document, resolver: EntityResolver, start: int, end: int) -> Entity | None:
    """Who says a cue: the speaker of the quote it stands in, else the subject of its verb."""
    quote = next((q for q in doc.quotes if q.start <= start and end <= q.end), None)
    if quote is not None:
        return doc.entity(quote.speaker)
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root if span.root.pos_ in ("VERB", "AUX") else span.root.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subject = verb.head  # "Kavanaugh, who maintains his innocence"
    found = resolver.resolve(subject) if subject is not None else []
    return found[0] if found else None


def cue_holds(doc: Document, status: str, start: int, end: int) -> bool:
    """Whether a cue says what it seems to: not negated ("declined to confirm", "no doubt"), and a
    confirmation not of a nominee ("confirmed to the court", "confirming the nominee")."""
    if status not in ("confirmed", "disputed"):
        return True
    if _NEGATED_RE.search(doc.text[max(0, start - NEGATION_REACH):start]):
        return False
    if status == "disputed":
        return True
    if _APPOINTED_RE.match(doc.text, end):
        return False
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    verb = span.root if span is not None else None
    if verb is None or verb.pos_ != "VERB":
        return True
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return not objects or any(confirmable(o) for o in objects)


def confirmable(obj) -> bool:
    """What can be confirmed as true: a claim noun, a pronoun, a clause, 'the accuracy of ...'."""
    return obj.pos_ in ("PRON", "VERB", "AUX") or obj.lemma_.lower() in CONFIRMABLE_NOUNS


def _refers_back_cue(sent, status: str, start: int) -> bool:
    """Whether a cue can qualify a claim of the sentence before: a rejection or verdict that opens
    its sentence ("But it wasn't true.") or a denial ("Kavanaugh maintains his innocence")."""
    return status == "denied" or start - sent.start_char <= OPENING_CHARS


def _cue_target(candidates: list[Candidate], index: int, start: int, end: int, backward: bool) -> Candidate | None:
    """The claim a cue qualifies: the nearest in its sentence, else the last of the sentence before."""
    same = [c for c in candidates if c.sentence == index and not c.holds(start, end)]
    if same:
        return min(same, key=lambda c: _distance(c.claim, start, end))
    if not backward:
        return None
    for back in range(1, VERDICT_REACH + 1):
        before = [c for c in candidates if c.sentence == index - back and c.claim.end <= start]
        if before:
            return max(before, key=lambda c: c.claim.end)
    return None


def _with_same_claimant(candidates: list[Candidate], target: Candidate | None, status: str,
                        start: int) -> list[Candidate]:
    """The claims a cue qualifies: its target, and for a missing-evidence cue after them every
    other claim of the same claimant in the sentence ("X said that A and accused Y of B, without
    providing evidence": both A and B are unsupported)."""
    if target is None:
        return []
    if status != "unsupported" or target.claim.claimant is None:
        return [target]
    same = [c for c in candidates if c is not target and c.sentence == target.sentence
            and c.claim.end <= start and c.claim.claimant == target.claim.claimant]
    # a quoted word inside a claim (its partial quote) is part of that claim, not one of its own
    return [target] + [c for c in same if not any(o is not c and o.claim.start <= c.claim.start and
                                                  c.claim.end <= o.claim.end for o in [target, *same])]


def _distance(claim: Claim, start: int, end: int) -> int:
    return max(claim.start - end, start - claim.end, 0)


def _attributed(doc: Document, resolver: EntityResolver, target: Candidate, status: str, start: int,
                end: int) -> tuple[str, str | None]:
    """A cue inside another speaker's quote is that speaker's verdict: (status, who rejects); a
    denial when the claim is about the speaker."""
    quote = next((q for q in doc.quotes if q.start <= start and end <= q.end and q.id != target.claim.quote), None)
    if quote is None or quote.speaker is None or quote.speaker == target.claim.claimant:
        return status, None
    speaker = doc.entity(quote.speaker)
    if status in ("false", "unsupported", "disputed") and speaker is not None and \
            _mentions(doc, resolver, target.claim, speaker):
        return "denied", quote.speaker  # the accused party rejects it: "'There is no evidence I did it,' X said"
    return ATTRIBUTED_STATUS[status], quote.speaker


def _read_rejection(doc: Document, resolver: EntityResolver, tok, index: int, candidates: list[Candidate]) -> None:
    """A verb rejecting claims made before it, named by a pronoun or a bare claim noun."""
    status, rejected = _rejection(tok)
    if status is None or rejected is None:
        return
    owner = next((resolver.resolve(ch) for ch in rejected.children if ch.dep_ == "poss"), [])
    subject = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
    if subject is None and tok.dep_ == "relcl":
        subject = next((ch for ch in tok.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    quote = next((q for q in doc.quotes if q.start <= tok.idx < q.end), None)
    speaker = doc.entity(quote.speaker) if quote is not None else None
    if subject is not None and subject.lower_ == "i" and speaker is not None:
        who = [speaker]  # "I deny this allegation": the speaker, not the side they speak for
    else:
        who = resolver.resolve(subject, speaker) if subject is not None else []
    rejecter = who[0] if who else None
    cue = doc.span(tok.idx, tok.idx + len(tok.text))
    if status == "confirmed":
        rejecter = None  # "agreed with the company's statement": the claim need not be about the one who agrees
    for target in rejected_claims(doc, resolver, candidates, tok.idx, index, owner[0] if owner else None, rejecter):
        target.found.append((status, cue, rejecter.id if rejecter else None))


def rejected_claims(doc: Document, resolver: EntityResolver, candidates: list[Candidate], at: int, index: int,
                    owner: Entity | None, rejecter: Entity | None) -> list[Candidate]:
    """The claims a rejection naming no content of its own refers to ("denied the allegations",
    "contested Branch's claims", "maintains his innocence"): the claims its possessor made just
    before; else the first claim of the article about the one who rejects it (the accused party
    denies a claim, and annotators, as the spec asks, qualify its first statement); else the
    nearest claim just before."""
    earlier = [c for c in candidates if c.claim.end <= at
               and (rejecter is None or c.claim.claimant != rejecter.id)]
    if owner is not None:
        owned = _last_run(earlier, owner, index)
        if owned:
            return owned
    if rejecter is not None:
        about = [c for c in earlier if _mentions(doc, resolver, c.claim, rejecter)]
        # a claim someone is known to make before one whose maker is unknown (often no claim at all)
        about = [c for c in about if c.claim.claimant is not None] or about
        if about:
            return [min(about, key=lambda c: c.claim.start)]
    near = [c for c in earlier if index - REJECTION_WINDOW <= c.sentence]
    return [max(near, key=lambda c: c.claim.end)] if near else []


def _last_run(earlier: list[Candidate], owner: Entity, index: int) -> list[Candidate]:
    """The owner's claims made just before, back to the claim of someone else that interrupts them."""
    run = []
    for candidate in sorted(earlier, key=lambda c: c.claim.start, reverse=True):
        if candidate.sentence < index - OWNER_WINDOW:
            break
        if candidate.claim.claimant == owner.id:
            run.append(candidate)
        elif candidate.claim.claimant is not None and run:
            break
    return run


def _mentions(doc: Document, resolver: EntityResolver, claim: Claim, entity: Entity) -> bool:
    """Whether a claim's words name an entity, by name or by a pronoun standing for it."""
    if any(m.within(claim.start, claim.end) for m in entity.mentions):
        return True
    span = doc.parse.char_span(claim.start, claim.end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PRON" and entity in resolver.resolve(t) for t in span)


def _rejection(tok) -> tuple[str | None, object]:
    """(status, the word naming what is rejected) when ``tok`` rejects a claim named before it."""
    if tok.pos_ != "VERB" or any(ch.dep_ == "neg" for ch in tok.children):
        return None, None  # "did not outright deny the woman's claims" rejects nothing
    lemma = tok.lemma_.lower()
    status = REJECTION_VERBS.get(lemma)
    particle = next((ch for ch in tok.children if ch.dep_ in ("prt", "advmod", "dobj", "prep")
                     and f"{tok.lower_} {ch.lower_}" in REJECTION_PARTICLES), None)
    if particle is not None:
        status = REJECTION_PARTICLES[f"{tok.lower_} {particle.lower_}"]
        # the preposition itself ("agreed with"), else the first after the particle ("pushed back on"),
        # never one before the verb ("On Friday, ...")
        prep = particle if particle.dep_ == "prep" else next(
            (ch for ch in [*tok.children, *particle.children] if ch.dep_ == "prep" and ch.i > particle.i), None)
        obj = next((ch for ch in prep.children if ch.dep_ == "pobj"), None) if prep is not None else None
    elif tok.dep_ == "relcl" and not any(ch.dep_ == "dobj" for ch in tok.children):
        obj = tok.head  # "a charge the Kremlin rejects"
    else:
        obj = next((ch for ch in tok.children if ch.dep_ == "dobj"), None)
        clause = next((ch for ch in tok.children if ch.dep_ == "ccomp"), None)
        if clause is not None:
            # "Kavanaugh denies it happened" refers back; "denied (that) X had any influence" holds its claim
            obj = clause if _refers_back_clause(clause) else None
    if status is None or obj is None or not refers_back(obj):
        return None, None
    return status, obj


def refers_back(tok) -> bool:
    """A pronoun or a claim noun with no content of its own: it names a claim made before."""
    if tok.lower_ in ANAPHORS or tok.tag_ in ("WDT", "WP"):
        return True
    if tok.lemma_.lower() not in CLAIM_NOUNS:
        return _refers_back_clause(tok)
    return content_of(tok) is None


def _refers_back_clause(tok) -> bool:
    """'it happened', 'that was the case': a clause about a pronoun and nothing more."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    subject = next((ch for ch in tok.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ in ANAPHORS and sum(1 for _ in tok.subtree) <= 4


def _content_clause(clause) -> bool:
    """A clause that states something ('that ...', 'whether ...', or with a subject), not a relative one."""
    if clause.pos_ not in ("VERB", "AUX"):
        return False
    marks = [g for g in clause.children if g.dep_ == "mark"]
    if any(g.dep_ in ("nsubj", "dobj", "nsubjpass") and g.tag_ in ("WDT", "WP") for g in clause.children):
        return False
    return any(m.lower_ in ("that", "whether") for m in marks) or any(
        g.dep_ in ("nsubj", "nsubjpass") for g in clause.children)


def content_of(noun):
    """The clause or 'of' phrase that says what a claim noun claims ('allegations that/of ...', 'the
    claim is that ...'), or None."""
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        clause = next((c for c in noun.head.children if c.dep_ == "ccomp" and _content_clause(c)), None)
        if clause is not None:
            return clause  # "The initial timeline was that ..."
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "appos") and _content_clause(child):
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.pos_ != "PRON":
                return obj
    return None
