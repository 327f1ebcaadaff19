"""Role nouns as mentions of people (a step of the actors stage, before pronouns): "the minister",
"the Pope", "the attorney general" with no name of their own stand for the person holding that
role who was named last before them ("Defence Minister Jane Roe ... The minister said" is Roe),
so a quote the role noun introduces has that person as its speaker and the pronouns after it can
stand for the person too.

A person holds a role when a title or apposition of theirs in the article names it ("Senate
Majority Leader X", "X, the city's mayor,"), when one of their mentions is written with it ("Pope
Francis"), or when the knowledge base gives it. A plural role noun ("the Democratic leaders")
stands for two people named together, one of whom holds the role, and speaks as the first of them
as "they" does (an entity is one actor).
"""
from __future__ import annotations

import functools
import re

from presslens.data import load_json
from presslens.knowledge import role_heads
from presslens.stages.actor_mentions import Cluster, tokens_of
from presslens.syntax import overlaps_any

# Determiners that make a role noun refer back to someone already named.
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# A holder introduced by an indefinite description just before the name ("A professor at X, Jane
# Roe, said"): the role noun, with up to two words before it and a prepositional phrase after.
_INDEFINITE_HOLDER = re.compile(r"\b[Aa]n? (?:[\w-]+ ){0,2}?(?P<role>[\w-]+)"
                                r"(?: (?:at|of|for|from|with|in) [^,.;:\n]{1,60})?,\s*$")


def link_role_nouns(text: str, parsed, clusters: list[Cluster]) -> None:
    """Add each definite role noun that names no one itself to the person it stands for."""
    people = [c for c in clusters if c.type == "PERSON" and c.mentions]
    if not people:
        return
    heads = referring_roles()
    holders = {id(c): _roles_held(c, text, heads) for c in people}
    taken = sorted(span for c in clusters if not c.generic for span in c.mentions)
    groups = [c for c in clusters if c.generic]
    words = {w.split()[-1] for w in heads} | {_plural(w.split()[-1]) for w in heads}
    for tok in tokens_of(parsed, words):
        role = _role_noun(tok, heads)
        span = (tok.idx, tok.idx + len(tok))
        if role is None or overlaps_any(span, taken):
            continue
        plural = tok.tag_ in ("NNS", "NNPS")
        group = next((g for g in groups if overlaps_any(span, g.mentions)), None)
        if group is not None and plural:
            continue  # "the lawmakers" is the group they are
        person = _holder_before(tok.idx, role, people, holders, plural, parsed)
        if person is not None:
            person.mentions.append(span)
            if group is not None:  # "the Kentucky lawmaker" after "Sen. X" is X, not a group
                group.mentions = [m for m in group.mentions if not overlaps_any(m, [span])]


@functools.lru_cache(maxsize=1)
def referring_roles() -> frozenset[str]:
    """The role nouns (roles.json's heads) and titles (coreference.json's) that may stand for the
    person holding them."""
    titles = load_json("actors/coreference.json")["referring_titles"]
    also = {role for roles in role_synonyms().values() for role in roles}
    return frozenset(role_heads()) | frozenset(titles) | frozenset(also)


@functools.lru_cache(maxsize=1)
def role_synonyms() -> dict[str, tuple[str, ...]]:
    """A role or abbreviated title -> the other role nouns standing for its holder ("sen." ->
    "lawmaker", "pope" -> "pontiff")."""
    return {k: tuple(v) for k, v in load_json("actors/coreference.json")["role_synonyms"].items()}


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _role_noun(tok, heads) -> str | None:
    """The role a token names as the head of a definite noun phrase with no name in it ("the
    former minister", "the attorney general"), or None."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ == "PERSON":
        return None
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
        return None
    if any(c.dep_ in ("compound", "appos", "flat") and c.ent_type_ == "PERSON" for c in tok.children):
        return None  # "the minister, Jane Roe," names her itself
    following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if following is not None and following.pos_ == "PROPN":
        return None  # a title before a name: "the President Joe Biden"
    if tok.dep_ == "poss" or any(c.dep_ == "poss" for c in tok.children):
        return None  # "the minister's aide", "the party's leader": someone else, or a relation
    lemma = tok.lemma_.lower()
    before = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if f"{before} {lemma}" in heads:
        return f"{before} {lemma}"
    return lemma if lemma in heads else None


def _roles_held(cluster: Cluster, text: str, heads) -> set[str]:
    """The role nouns a person is known by in this article or in the knowledge base."""
    # the word before a mention may be a title the name was read without ("Sen." in "Sen. X")
    titles = (text[max(0, s - 24):s].split()[-1:] for s, _ in cluster.mentions)
    indefinite = (_INDEFINITE_HOLDER.search(text, max(0, s - 120), s) for s, _ in cluster.mentions)
    phrases = [*cluster.roles, *cluster.surfaces, *(text[s:e] for s, e in cluster.mentions[:1]),
               *(t[0] for t in titles if t), *(m.group("role") for m in indefinite if m)]
    if cluster.actor is not None:
        phrases.extend(role.title for role in cluster.actor.roles)
    synonyms = role_synonyms()
    held = set()
    for phrase in phrases:
        words = phrase.lower().replace(",", " ").split()
        held.update(w for w in words if w in heads or w in synonyms)
        held.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                    if f"{a} {b}" in heads or f"{a} {b}" in synonyms)
    return held | {other for role in held for other in synonyms.get(role, ())}


def _holder_before(at: int, role: str, people: list[Cluster], holders: dict[int, set[str]], plural: bool,
                   parsed) -> Cluster | None:
    """The person holding ``role`` named last before ``at``; for a plural role noun, the first of
    two people named together, one of whom holds it."""
    best, best_start = None, -1
    for person in people:
        if role not in holders[id(person)]:
            continue
        before = [s for s, _ in person.mentions if s < at]
        if before and max(before) > best_start:
            best, best_start = person, max(before)
    if best is None or not plural:
        return best
    return _first_of_pair(best, best_start, people, parsed)


def _first_of_pair(person: Cluster, start: int, people: list[Cluster], parsed) -> Cluster | None:
    """The first of two people joined by "and" where ``person`` is one of them (mentioned at
    ``start``), or None where ``person`` was named alone."""
    span = parsed.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    if head.dep_ in ("conj", "appos") and head.head.ent_type_ == "PERSON" and any(
            c.dep_ == "cc" and c.lower_ == "and" for c in head.head.children):
        first = head.head  # the parser may hang the second of "X and Y" on X as an apposition
        return next((c for c in people if any(s <= first.idx < e for s, e in c.mentions)), None)
    if any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in head.children):
        return person
    return None
