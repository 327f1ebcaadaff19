"""The syntax the analysis stages read: dependency label sets of spaCy's English parser (ClearNLP
labels), the arguments of a verb read from them, and the personal pronouns.

Small pure functions from spaCy tokens to tokens, in the manner of textacy's ``extract.triples``:
each label set is defined here once, and each stage takes the one whose meaning it needs.
"""
from __future__ import annotations

from collections.abc import Iterable

# --- dependency labels ---------------------------------------------------------------------------

# The doer of an active clause: a passive's subject is what is acted on, its doer is the agent.
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj"})
# The noun phrases that stand as subject, active or passive ("the plan was announced").
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Every subject: noun phrases, passive subjects and clauses ("What he said was ...").
SUBJECTS = ACTIVE_SUBJECTS | NOMINAL_SUBJECTS
# The heads of clauses that hang on a word of another clause.
CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "parataxis"})
# Clauses that take their subject from the word they hang on ("X agreed to withdraw", "X met Y
# and signed", "X left, saying ...").
SUBJECT_SHARING_CLAUSES = frozenset({"advcl", "conj", "xcomp"})
# The modifiers before a noun: an adjective or a noun ("Russian forces", "Hamas officials"), and
# with them the nominal modifier the parser gives some names ("U.S. military assistance").
NOUN_MODIFIERS = frozenset({"amod", "compound"})
NAME_MODIFIERS = NOUN_MODIFIERS | {"nmod"}
# The prepositions that name whose a statement or an act is ("the statement of/by/from X").
AUTHOR_PREPOSITIONS = frozenset({"of", "by", "from"})
# The objects of a verb, direct and indirect, and of the preposition after it ("spoke with him").
OBJECTS = frozenset({"dobj", "dative", "iobj", "pobj"})


def subjects_of(verb, deps: frozenset[str] = SUBJECTS) -> list:
    """The subjects of ``verb`` (its children with one of ``deps``), in text order."""
    return [c for c in verb.children if c.dep_ in deps]


def subject_of(verb, deps: frozenset[str] = SUBJECTS):
    """The first subject of ``verb`` (with one of ``deps``), or None."""
    return next((c for c in verb.children if c.dep_ in deps), None)


def agent_of(verb):
    """The doer named in a passive's "by" phrase ("was told by X" -> X), or None."""
    return next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)


def objects_of(verb) -> list:
    """The direct objects of ``verb``."""
    return [c for c in verb.children if c.dep_ == "dobj"]


def is_passive(verb) -> bool:
    """Whether ``verb`` heads a passive clause (a passive subject or auxiliary)."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


# --- named-entity labels ------------------------------------------------------------------------

# The entities that can act or be acted on: people, organisations, states, peoples and places.
PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Counts and amounts ("2000 troops" is no year, "dozens of activists" no party).
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
TIME_LABELS = frozenset({"DATE", "TIME"})


# --- personal pronouns (lower case) --------------------------------------------------------------

MASCULINE_PRONOUNS = frozenset({"he", "him", "his"})
FEMININE_PRONOUNS = frozenset({"she", "her", "hers"})
NEUTER_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
# The third-person pronouns that can stand for a person, and for an organisation, state or group.
PERSON_PRONOUNS = MASCULINE_PRONOUNS | FEMININE_PRONOUNS
GROUP_PRONOUNS = NEUTER_PRONOUNS | PLURAL_PRONOUNS
# The speaker's own words: in a quote they stand for the speaker or the speaker's side.
FIRST_PERSON_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our", "ours"})
# The forms that stand as subject, and as object.
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
OBJECT_PRONOUNS = frozenset({"me", "you", "him", "her", "it", "us", "them"})
# The words that open a relative clause and stand for the noun it hangs on ("the country whose ...").
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})


# --- character spans -----------------------------------------------------------------------------

def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character spans ``(start, end)`` share a character."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``span`` shares a character with one of ``spans``."""
    return any(overlaps(span, other) for other in spans)
