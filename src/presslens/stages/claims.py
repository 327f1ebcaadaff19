"""Claims: a ledger of what actors assert, with what the article itself makes of it.

A claim is the content of reported speech (a ``reported`` quote), a direct or partial quote the
article comments on, the object of a denial ("denied Tehran's involvement in the attack": the
denier's claim, status ``denied``), the content of a claim noun ("Moscow's allegation that ...",
"the suggestion of lying to Congress"), of a denied piece of evidence ("there is no evidence that
..."), of a confirmation ("the IG did confirm that ..."), of a finding ("the report found that
...") or of an accusation ("accused him of ..."). A claim is a clause: a noun phrase, a title or a
fragment is none ("the suggestion of a lag"), a denied or accused noun phrase keeps its verb
("denied any role in the attack"); bylines, cited titles and the headline make none. Its statuses
come from the cues near it and the rejections after it (``claim_status``): ``false``,
``unsupported``, ``disputed``, ``denied``, ``confirmed``, else ``asserted``; a claim keeps every
status found, the main one in ``status``. Only reported speech is kept when nothing qualifies it.
A claim that warns of disinformation ("warning that Russia was planning just such a
disinformation operation") is linked (``anticipates``) to the nearest claim, before or after it,
made by the actor it names or one of that actor's people.
"""
from __future__ import annotations

import re

from presslens.actor_refs import EntityResolver, ResolvingStage
from presslens.data import load_json
from presslens.document import Claim, Document, Entity
from presslens.ingest.headline import headline
from presslens.stages.claim_status import (
    CLAIM_NOUNS,
    REJECTION_VERBS,
    STATUS_ORDER,
    Candidate,
    confirmable,
    content_of,
    cue_holds,
    fold_repeated_denials,
    holds_cue,
    is_claim_noun,
    lexicon_tokens,
    qualify,
    refers_back,
    settle,
)
from presslens.syntax import NOMINAL_SUBJECTS, SUBJECTS, overlaps

__all__ = ["STATUS_ORDER", "Claims"]

_CUES = load_json("cues/claims.json")
DENIAL_VERBS, EVIDENCE_NOUNS, CONFIRMATION_VERBS, FINDING_VERBS, DENIED_NOUNS, ACCUSATION_VERBS = (
    frozenset(_CUES[key]) for key in (
        "denial_verbs", "evidence_nouns", "confirmation_verbs", "finding_verbs", "denied_nouns", "accusation_verbs"))
_DISINFORMATION_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in _CUES["disinformation_words"]) + r")",
                                re.I)
# How many sentences apart a warning and the claim it anticipates may be.
ANTICIPATION_WINDOW = 3
NEGATIONS = frozenset(_CUES["negations"])
APPOINTEES = frozenset(_CUES["appointees"])
# How many words before a reporting verb its negation may stand ("can't -or won't- say").
NEGATION_WORDS_BEFORE = 5
# Where a text names another text, not claims: a byline on its own line ("By Jane Doe"), a cited
# title before its byline ("“Judge makes stunning decision,” by Jane Doe"; a scare quote has no comma:
# "“meddling” by Russia") or a bracketed reference
# ("[U.S. Judge May Extend Freeze, by Jane Doe, Reuters, January 17, 2018]").
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+(?:and[ \t]+)?[A-Z][\w.'’-]*){0,5}"
_CITATION_RE = re.compile(r"(?m)^[ \t]*By\s+" + _NAME + r"[ \t]*$"
                          + r"|[“\"][^”\"\n]{1,300},[”\"]\s+by\s+" + _NAME
                          + r"|\[[^\]\n]{1,300},\s+by\s+" + _NAME + r"[^\]\n]*\]")
# The lemmas the stage reads claims from: only their tokens are visited.
LEXICON_LEMMAS = (DENIAL_VERBS | CLAIM_NOUNS | EVIDENCE_NOUNS | CONFIRMATION_VERBS | ACCUSATION_VERBS
                  | FINDING_VERBS)
AUXILIARY_LEMMAS = frozenset({"be", "have", "do"})
CONTRACTED_AUXILIARIES = frozenset({"'s", "'re", "'m", "'ve", "'d"})
# A first line of at least this many words, this share of them capitalised, is a headline.
TITLE_WORDS = 4
TITLE_SHARE = 0.8
# A new claim is the same as one already read when they share this share of its characters.
SAME_CLAIM_SHARE = 0.5


class Claims(ResolvingStage):
    name = "claims"
    assigns = ("claims",)

    def read(self, doc: Document, resolver: EntityResolver) -> None:
        sentences = list(doc.parse.sents)
        starts = [s.start_char for s in sentences]
        words = lexicon_tokens(doc.parse, LEXICON_LEMMAS)
        candidates = self._denials(doc, resolver, starts, words)
        for quote in doc.quotes:
            span = (quote.start, quote.end)
            overlapping = next((c for c in candidates if overlaps((c.claim.start, c.claim.end), span)), None)
            if overlapping is not None and overlapping.origin == "denial":
                overlapping.claim.quote = quote.id
                continue
            if _rejects(doc, quote):
                continue  # "Kavanaugh denies it happened": a rejection (claim_status), not the denier's claim
            if _unsaid(doc, quote) or _appoints(doc, quote):
                continue  # "Ford can't say when it happened", "hope of confirming the nominee" claim nothing
            candidates.append(Candidate(
                Claim(id="", start=quote.start, end=quote.end, text=quote.text, claimant=quote.speaker,
                      claimant_name=quote.speaker_name, status="asserted", quote=quote.id),
                _sentence_index(starts, quote.start), quote.kind))
        for tok in words:
            found = _content_claim(doc, resolver, tok)
            if found is not None and not _already_read(candidates, found[0], tok):
                candidate = Candidate(found[0], _sentence_index(starts, found[0].start), found[1])
                cue = (tok.idx, tok.idx + len(tok.text))
                if candidate.origin == "confirmation" and candidate.holds(*cue) and cue_holds(doc, "confirmed", *cue):
                    candidate.found.append(("confirmed", doc.span(*cue), None))
                candidates.append(candidate)
        body = _body_start(doc.text)
        # a claim is a proposition: a noun phrase, a title or a fragment is none ("a lag", "weapons of war")
        cited = [m.span() for m in _CITATION_RE.finditer(doc.text)]
        candidates = [c for c in candidates if c.claim.start >= body and is_clause(doc, c.claim.start, c.claim.end)
                      and not any(start <= c.claim.start < end for start, end in cited)]
        qualify(doc, resolver, sentences, candidates, body, words)
        fold_repeated_denials(doc, resolver, candidates)
        kept = []
        for candidate in sorted(candidates, key=lambda c: c.claim.start):
            settle(candidate)
            if candidate.claim.status != "asserted" or candidate.origin == "reported":
                candidate.claim.id = doc.new_id("c")
                kept.append((candidate.sentence, candidate.claim))
        self._link_warnings(doc, sentences, kept)
        doc.claims.extend(c for _, c in kept)

    @staticmethod
    def _denials(doc: Document, resolver: EntityResolver, starts: list[int], words) -> list[Candidate]:
        """The claims a verb rejects with their content ("denied that ...", "disputed the claim that
        ...", "mocked the neocons' claims that ..."), each with the verb's status."""
        out = []
        for tok in words:
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or (lemma not in DENIAL_VERBS and lemma not in REJECTION_VERBS):
                continue
            content = _rejected_content(tok)
            if content is None:
                continue
            status = REJECTION_VERBS.get(lemma, "denied")
            owner = _owner(content) if is_claim_noun(content) else None
            if is_claim_noun(content):
                content = content_of(content)  # "denies the allegation that he ...": the claim is the clause
                if content.pos_ not in ("VERB", "AUX"):
                    continue  # "disputed the suggestion of a lag": a noun phrase is no claim
            subj = _subject(tok)
            found = resolver.resolve(subj) if subj is not None else []
            rejecter: Entity | None = found[0] if found else None
            owned = resolver.resolve(owner) if owner is not None else []
            # whose claim: the claim noun's owner; a denial naming none is read as the denier's own
            claimant = owned[0] if owned else rejecter if status == "denied" else None
            start, end = _predicate_extent(tok, content)
            cue = doc.span(tok.idx, tok.idx + len(tok.text))
            claim = Claim(id="", start=start, end=end, text=doc.text[start:end],
                          claimant=claimant.id if claimant else None,
                          claimant_name=claimant.name if claimant else None,
                          status=status, cues=[cue], quote=None, rejected_by=rejecter.id if rejecter else None)
            out.append(Candidate(claim, _sentence_index(starts, start), "denial",
                                 [(status, cue, rejecter.id if rejecter else None)]))
        return out

    @staticmethod
    def _link_warnings(doc: Document, sentences, claims: list[tuple[int, Claim]]) -> None:
        for index, warning in claims:
            if not _DISINFORMATION_RE.search(warning.text):
                continue
            span = doc.parse.char_span(warning.start, warning.end, alignment_mode="expand")
            subjects = [t for t in span if t.dep_ in NOMINAL_SUBJECTS] if span else []
            named = [doc.entity_at(t.idx, t.idx + len(t.text)) for t in subjects]
            named = [e for e in named if e is not None]
            best = None
            for other_index, other in claims:
                if other is warning or abs(other_index - index) > ANTICIPATION_WINDOW:
                    continue
                if other.claimant is None or other.claimant == warning.claimant:
                    continue
                claimant = doc.entity(other.claimant)
                belongs = any(claimant.id == e.id or (claimant.country and claimant.country == e.country)
                              for e in named)
                if named and not belongs:
                    continue
                if best is None or abs(other.start - warning.start) < abs(best.start - warning.start):
                    best = other
            if best is not None:
                warning.anticipates = best.id


def _content_claim(doc: Document, resolver: EntityResolver, tok) -> tuple[Claim, str] | None:
    """The claim a claim noun, a denied piece of evidence, a confirmation or an accusation holds."""
    lemma = tok.lemma_.lower()
    if is_claim_noun(tok):
        content, origin, who = content_of(tok), "noun", _owner(tok)
    elif tok.pos_ == "NOUN" and lemma in EVIDENCE_NOUNS and _denied_evidence(tok):
        content, origin, who = _evidence_content(tok), "evidence", _holder(tok)
    elif tok.pos_ == "VERB" and lemma in CONFIRMATION_VERBS:
        content = next((c for c in tok.children if c.dep_ == "ccomp" or (c.dep_ == "dobj" and c.pos_ != "PRON"
                                                                         and confirmable(c))), None)
        origin, who = "confirmation", None
    elif tok.pos_ == "VERB" and lemma in ACCUSATION_VERBS:
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        content = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        origin, who = "accusation", next((c for c in tok.children if c.dep_ == "nsubj"), None)
    elif tok.pos_ == "VERB" and lemma in FINDING_VERBS:
        # "the report found that ...", "attested on the certificate that ...": what a finding states
        content = next((c for c in tok.children if c.dep_ == "ccomp" and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        origin, who = "finding", next((c for c in tok.children if c.dep_ == "nsubj"), None)
    else:
        return None
    if content is None:
        return None
    found = resolver.resolve(who) if who is not None else []
    claimant = found[0] if found else None
    start, end = _predicate_extent(tok, content) if origin in ("accusation", "confirmation") else _extent(content)
    return Claim(id="", start=start, end=end, text=doc.text[start:end], claimant=claimant.id if claimant else None,
                 claimant_name=claimant.name if claimant else None, status="asserted"), origin


def _rejected_content(verb):
    """What a rejecting verb rejects when it says so itself: its clause, a claim noun with a clause
    of its own, or (for 'deny') its object; None for a claim named before ("denied the
    allegations") or for no claim ("rejected the plan")."""
    # the clause first: in "transactions that X denied had any influence", "that" only links them
    content = next((c for c in sorted(verb.children, key=lambda c: c.dep_ != "ccomp")
                    if c.dep_ in ("dobj", "ccomp")), None)
    if content is None or refers_back(content):
        return None  # "denied the allegations" rejects a claim made before (claim_status)
    if content.dep_ == "ccomp" or is_claim_noun(content):
        return content
    if verb.lemma_.lower() == "deny" and content.lemma_.lower() in DENIED_NOUNS:
        return content  # "denied any involvement"; "denied him entry", "rejected the plan" deny no claim
    return None


def _subject(verb):
    """A verb's subject, or its first conjunct's ("X admitted the affair but denies the abuse")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "conj":
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject


def _rejects(doc: Document, quote) -> bool:
    """Whether a quote's reporting verb rejects what it reports ("denied", "disputed")."""
    if quote.cue is None:
        return False
    span = doc.parse.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in REJECTION_VERBS


def _unsaid(doc: Document, quote) -> bool:
    """Whether a quote's reporting verb is negated ("can't say when", "won't say", "said nothing
    about"): a negation among the few words before it, after its subject, or 'nothing' as its object."""
    if quote.cue is None:
        return False
    span = doc.parse.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    if any(c.dep_ == "dobj" and c.lower_ in ("nothing", "little") for c in verb.children):
        return True
    for tok in reversed(doc.parse[max(verb.sent.start, verb.i - NEGATION_WORDS_BEFORE):verb.i]):
        if tok.dep_ in NOMINAL_SUBJECTS:
            return False
        if tok.lower_.replace("’", "'") in NEGATIONS:
            return True
    return False


def _appoints(doc: Document, quote) -> bool:
    """Whether a quote's verb confirms someone in office, not a claim ("confirming the nominee")."""
    if quote.cue is None:
        return False
    span = doc.parse.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if span is None or span.root.lemma_.lower() not in CONFIRMATION_VERBS:
        return False
    objects = [c for c in span.root.children if c.dep_ == "dobj"]
    return any(o.lemma_.lower() in APPOINTEES or o.ent_type_ == "PERSON" for o in objects)


def _owner(noun):
    """Who makes the claim a claim noun names: its possessor or its 'by'/'from' phrase."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def _denied_evidence(noun) -> bool:
    """'no evidence', 'without evidence', 'did not introduce any evidence'."""
    if any(c.lower_ in ("no", "little") for c in noun.children if c.dep_ in ("det", "amod", "neg")):
        return True
    head = noun.head
    return head.lower_ == "without" or any(c.dep_ == "neg" for c in head.children)


def _evidence_content(noun):
    """What the denied evidence would show: its clause or 'about'/'of'/'for' phrase, on the noun or its verb."""
    content = content_of(noun)
    if content is not None:
        return content
    for word in (noun, noun.head):
        prep = next((c for c in word.children if c.dep_ == "prep" and c.lower_ in ("about", "of", "for", "that")), None)
        if prep is not None:
            return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def _holder(noun):
    """Who has no evidence: the subject of the verb the evidence noun is the object of ('he had no evidence')."""
    if noun.dep_ != "dobj":
        return None
    subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.dep_ != "expl" and subject.lower_ != "there" else None


def _already_read(candidates: list[Candidate], claim: Claim, governor) -> bool:
    """Whether a claim read before covers this one, without holding the word that makes it a claim."""
    for other in candidates:
        shared = min(other.claim.end, claim.end) - max(other.claim.start, claim.start)
        if shared >= SAME_CLAIM_SHARE * (claim.end - claim.start) and not other.holds(governor.idx, governor.idx + 1):
            return True
    return False


def _extent(head) -> tuple[int, int]:
    """The characters of a phrase: its subtree, less a leading 'that', trailing punctuation, and a
    qualifier set off by a comma at its end that the parse hung on it (", without providing
    evidence", ", which nobody has verified"): what qualifies a claim is not part of it."""
    tokens = [t for t in head.subtree if t.dep_ != "mark"]
    for child in head.rights:
        before = child.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        words = child.doc[child.left_edge.i:child.right_edge.i + 1].text
        if before is not None and before.text == "," and before.i > head.i and holds_cue(words):
            tokens = [t for t in tokens if t.i < before.i]
            break
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens.pop()
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _predicate_extent(verb, content) -> tuple[int, int]:
    """A denied, accused or confirmed content with a verb of its own ("denied that it had sent
    troops") on its own; one without ("denied any role in the attack", "accused him of abuse",
    "confirms the accuracy of the translation") with the verb that makes it a proposition: a noun
    phrase alone claims nothing."""
    start, end = _extent(content)
    if content.pos_ in ("VERB", "AUX"):
        return start, end
    return min(start, verb.idx), end


def is_clause(doc: Document, start: int, end: int) -> bool:
    """Whether the words from ``start`` to ``end`` make a clause: a verb or auxiliary among the words
    that head them, not a noun phrase, a title or a fragment cut at a quote mark."""
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    heads = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    # "be", "have" or "do" with nothing but its subject is cut short ("That's" before a quote mark)
    return any(t.pos_ in ("VERB", "AUX") and (not _auxiliary(t) or any(
        c.dep_ not in SUBJECTS and not c.is_punct and span.start <= c.i < span.end for c in t.children))
        for t in heads)


def _auxiliary(tok) -> bool:
    """'be', 'have' or 'do', contracted too (the tagger leaves "’s" without its lemma)."""
    return tok.lemma_ in AUXILIARY_LEMMAS or tok.lower_.replace("’", "'") in CONTRACTED_AUXILIARIES


def _body_start(text: str) -> int:
    """Where the story starts: after the headline, whose claims and cues the article's readers
    (and annotators) read as its title, not as its report (0 when the first line is no headline)."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end < 0 or (headline(text) is None and not _title_cased(text[start:end])):
        return 0
    return end


def _title_cased(line: str) -> bool:
    """A line in title case ("Sanders Promises Action On Immigration."), as headlines are written
    and sentences are not."""
    words = [w for w in line.split() if w[0].isalpha()]
    return len(words) >= TITLE_WORDS and sum(w[0].isupper() for w in words) >= TITLE_SHARE * len(words)


def _sentence_index(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index
