"""Pronouns as mentions of actors (step 6 of the actors stage): "he", "she", and "it"/"they" as
subjects of reporting verbs join the most salient compatible entity before them, so later stages
can turn a speaker "he" into an entity.
"""
from __future__ import annotations

import bisect
import re

from presslens.event_arguments import actor_of
from presslens.stages.actor_mentions import Cluster, tokens_of, vocabulary
from presslens.syntax import (
    FEMININE_PRONOUNS,
    GROUP_PRONOUNS,
    MASCULINE_PRONOUNS,
    NEUTER_PRONOUNS,
    NOMINAL_SUBJECTS,
    OBJECTS,
)

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
# A reflexive pronoun joins its person too: "X defended himself" is X.
_HE = MASCULINE_PRONOUNS | {"himself"}
_SHE = FEMININE_PRONOUNS | {"herself"}
_PRONOUN_WORDS = _HE | _SHE | GROUP_PRONOUNS
# How many sentences back a pronoun may look: "he said" often closes a quote of several sentences,
# while "it"/"they" have many non-actor antecedents and stay local.
PERSON_PRONOUN_WINDOW = 5
GROUP_PRONOUN_WINDOW = 2


def link_pronouns(text: str, parsed, clusters: list[Cluster]) -> None:
    """Add each pronoun to the mentions of the cluster it stands for, if any."""
    vocab = vocabulary()
    quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    # (start, cluster, subject?, sentence index, token index of the mention's head, quote)
    anchors: list[tuple[int, Cluster, bool, int, int, tuple[int, int] | None]] = []
    token_sentence = [0] * len(parsed)
    sentence_start: list[int] = []
    for n, sent in enumerate(parsed.sents):
        token_sentence[sent.start:sent.end] = [n] * (sent.end - sent.start)
        sentence_start.append(sent.start_char)
    for cluster in clusters:
        for s, e in cluster.mentions:
            span = parsed.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            subject = root.dep_ in NOMINAL_SUBJECTS or (root.dep_ in ("poss", "compound")
                                                     and root.head.dep_ in NOMINAL_SUBJECTS)
            anchors.append((s, cluster, subject, token_sentence[root.i], root.i, _quote_of(quotes, s)))
    anchors.sort(key=lambda a: a[0])
    starts = [a[0] for a in anchors]
    for tok in tokens_of(parsed, _PRONOUN_WORDS):
        lower = tok.lower_
        if lower in _HE or lower in _SHE:
            allowed, gender = ("PERSON",), "m" if lower in _HE else "f"
            window = PERSON_PRONOUN_WINDOW
        else:  # "it", "they"
            if tok.dep_ not in NOMINAL_SUBJECTS or tok.head.lemma_.lower() not in vocab["reporting"]:
                continue
            allowed = ("ORG", "GPE") if lower in NEUTER_PRONOUNS else ("ORG", "GPE", "NORP")
            gender = None
            window = GROUP_PRONOUN_WINDOW
        if tok.pos_ != "PRON":
            continue
        here = token_sentence[tok.i]
        pronoun_quote = _quote_of(quotes, tok.idx)
        own_subject = _clause_subject(tok)
        best, best_score = None, None
        # only the mentions of the window's sentences, before the pronoun
        first = bisect.bisect_left(starts, sentence_start[max(0, here - window)])
        last = bisect.bisect_left(starts, tok.idx)
        for start, cluster, subject, sentence, head, quote in anchors[first:last]:
            if quote != pronoun_quote or not _fits(cluster, allowed, gender):
                continue
            if head == own_subject:  # "X pardoned him": him is not X
                continue
            score = (here - sentence) * 3 + (0 if subject else 2) - start / 1e7
            if best_score is None or score < best_score:
                best, best_score = cluster, score
        if best is not None:
            best.mentions.append((tok.idx, tok.idx + len(tok.text)))


def _quote_of(quotes: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    return next(((s, e) for s, e in quotes if s <= offset < e), None)


def _fits(cluster: Cluster, types: tuple[str, ...], gender: str | None) -> bool:
    """Whether a pronoun of ``gender`` (None for "it"/"they") can stand for the cluster."""
    return cluster.type in types and (gender is None or _gender(cluster) in (gender, None))


def _clause_subject(pronoun) -> int | None:
    """The token index of the subject of the clause an object pronoun belongs to ("him" in "X
    pardoned him", "her" in "X called to congratulate her"): a pronoun that is not reflexive
    never stands for it."""
    if pronoun.lower_.endswith("self"):
        return None  # "X defended himself" is X
    verb = pronoun.head
    if pronoun.dep_ == "pobj" and verb.dep_ == "prep":  # "spoke with him"
        verb = verb.head
    if pronoun.dep_ not in OBJECTS or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = actor_of(verb)
    return subject.i if subject is not None else None


def _gender(cluster: Cluster) -> str | None:
    names = [cluster.person] if cluster.person else []
    if cluster.actor is not None:
        names = list(cluster.actor.person_names) + names
    for name in names:
        if name.gender:
            return name.gender
    return None
