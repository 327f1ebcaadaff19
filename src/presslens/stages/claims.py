"""Claims: a ledger of what actors assert, with what the article itself makes of it.

A claim is the content of reported speech (a ``reported`` quote), a direct quote the article
comments on, or the object of a denial ("denied Tehran's involvement in the attack": the
denier's claim, status ``denied``). Its status comes from cues in its sentence
(``data/cues/claims.json``): ``false`` ("a claim widely believed to be false", "debunked"),
``unsupported`` ("without providing evidence"), ``disputed``, ``confirmed``, else ``asserted``.
A claim that warns of disinformation ("warning that Russia was planning just such a
disinformation operation") is linked (``anticipates``) to the nearest claim, before or after it,
made by the actor it names or one of that actor's people.
"""
from __future__ import annotations

import re

from presslens.actor_refs import EntityResolver, ResolvingStage
from presslens.data import load_json
from presslens.document import Claim, Document, Entity, Span
from presslens.syntax import NOMINAL_SUBJECTS, overlaps

_CUES = load_json("cues/claims.json")
# The statuses in the order they are checked (the file's order): "false" before "unsupported" ...
STATUS_ORDER = tuple(_CUES["status"])
_STATUS_RE = {status: re.compile(r"(?<!\w)(" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
                                  + r")(?!\w)", re.I)
              for status in STATUS_ORDER for cues in [_CUES["status"][status]]}
DENIAL_VERBS = frozenset(_CUES["denial_verbs"])
_DISINFORMATION_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in _CUES["disinformation_words"]) + r")",
                                re.I)
# How many sentences apart a warning and the claim it anticipates may be.
ANTICIPATION_WINDOW = 3


class Claims(ResolvingStage):
    name = "claims"
    assigns = ("claims",)

    def read(self, doc: Document, resolver: EntityResolver) -> None:
        sentences = list(doc.parse.sents)
        starts = [s.start_char for s in sentences]
        claims: list[tuple[int, Claim]] = []  # (sentence index, claim)
        denied = self._denials(doc, resolver)
        for quote in doc.quotes:
            index = _sentence_index(starts, quote.start)
            sent = sentences[index]
            status, cues = self._status(doc, sent, quote.start, quote.end)
            if quote.kind != "reported" and status == "asserted":
                continue  # a direct quote is a claim in the ledger when the article weighs it
            overlapping = next((c for c in denied if overlaps((c.start, c.end), (quote.start, quote.end))), None)
            if overlapping is not None:
                overlapping.quote = quote.id
                continue
            claims.append((index, Claim(id=doc.new_id("c"), start=quote.start, end=quote.end, text=quote.text,
                                        claimant=quote.speaker, claimant_name=quote.speaker_name,
                                        status=status, cues=cues, quote=quote.id)))
        for claim in denied:
            claims.append((_sentence_index(starts, claim.start), claim))
        claims.sort(key=lambda x: x[1].start)
        self._link_warnings(doc, sentences, claims)
        doc.claims.extend(c for _, c in claims)

    @staticmethod
    def _status(doc: Document, sent, start: int, end: int) -> tuple[str, list[Span]]:
        """The article's verdict on a claim: the first status whose cue is in its sentence."""
        lo, hi = min(sent.start_char, start), max(sent.end_char, end)
        text = doc.text[lo:hi]
        for status in STATUS_ORDER:
            # the claimant's own words are no verdict
            found = [m for m in _STATUS_RE[status].finditer(text)
                     if not (start <= lo + m.start() and lo + m.end() <= end)]
            if found:
                return status, [doc.span(lo + m.start(), lo + m.end()) for m in found]
        return "asserted", []

    @staticmethod
    def _denials(doc: Document, resolver: EntityResolver) -> list[Claim]:
        out = []
        for tok in doc.parse:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in DENIAL_VERBS:
                continue
            content = next((c for c in tok.children if c.dep_ in ("dobj", "ccomp")), None)
            if content is None:
                continue
            if tok.lemma_.lower() != "deny" and content.dep_ != "ccomp":
                continue  # "rejected the plan" is no denial of a claim; "rejected claims that ..." is below
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            found = resolver.resolve(subj) if subj is not None else []
            claimant: Entity | None = found[0] if found else None
            tokens = [t for t in content.subtree if not (t.dep_ == "mark")]
            start = min(t.idx for t in tokens)
            end = max(t.idx + len(t.text) for t in tokens)
            out.append(Claim(id=doc.new_id("c"), start=start, end=end, text=doc.text[start:end],
                             claimant=claimant.id if claimant else None,
                             claimant_name=claimant.name if claimant else None,
                             status="denied", cues=[doc.span(tok.idx, tok.idx + len(tok.text))], quote=None))
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


def _sentence_index(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index
