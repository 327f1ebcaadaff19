"""Who said it: the subject of a reporting verb's clause (climbing from participles, infinitives
and conjoined clauses to the clause they hang on), the words that name a speaker, the owner of a
speech noun ("X's statement"), and whether a verb reports speech at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from presslens.knowledge import generic_nouns, role_heads
from presslens.quote_cues import AUTHORING_VERBS, NOMINAL_CUES, PHRASAL_PARTICLES, QUOTE_ONLY_VERBS, SPEECH_VERBS
from presslens.stages.actor_role_nouns import referring_roles
from presslens.syntax import (
    AUTHOR_PREPOSITIONS,
    OBJECT_PRONOUNS,
    PARTY_LABELS,
    SUBJECT_PRONOUNS,
    agent_of,
    subject_of,
    subjects_of,
)

# The entities that can speak: parties but for places.
_SPEAKING_ENTITY_TYPES = PARTY_LABELS - {"LOC", "FAC"}
_PERSONAL_PRONOUNS = SUBJECT_PRONOUNS | OBJECT_PRONOUNS
# Dependencies through which a subject-less speech verb takes the subject of the clause above it.
_CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp", "relcl", "parataxis", "dep", "advmod",
               "aux", "acomp", "pobj")
_RELATIVE_TAGS = ("WP", "WDT")
_MENTION_DEPS = {"det", "compound", "amod", "poss", "nmod", "nummod", "case", "flat", "cc", "conj", "prep",
                 "pobj", "pcomp", "quantmod", "npadvmod", "punct", "predet"}


# How a quote's speaker was found, as the analysis reports it (``speaker_via``): the words naming
# the speaker are a name, a pronoun, a role noun ("the minister"), another description ("the
# 31-year-old athlete"), or an unnamed source ("a Western official"); or the quote has no speaker
# words of its own and takes the previous quote's speaker, or the subject of its sentence.
SPEAKER_ROUTES = ("named", "pronoun", "role noun", "descriptor", "unnamed source", "previous speaker",
                  "sentence subject")


def speaker_route(head, entity) -> str:
    """The route of a speaker named by words whose head token is ``head``, resolved to ``entity``
    (or None). Words whose head is a word of the entity's own name ("the ministry" for the Ministry
    of Defence) name it."""
    if head.pos_ == "PRON":
        return "pronoun"
    if (entity is not None and entity.generic) or (head.pos_ == "NOUN" and _indefinite(head)):
        return "unnamed source"
    if head.ent_type_ == "" and head.lower_ in referring_roles():  # "the Pope", "the minister"
        return "role noun"
    if head.pos_ == "PROPN" or head.ent_type_:
        return "named"
    if head.lemma_.lower() in role_heads():
        return "role noun"
    if entity is not None and head.lower_ in entity.name.lower().split():
        return "named"
    return "descriptor"


def _indefinite(noun) -> bool:
    """"a Western official", "several diplomats", "diplomats": no one in particular."""
    determiners = [c for c in noun.children if c.dep_ in ("det", "nummod", "quantmod")]
    if not determiners:
        return noun.tag_ == "NNS" and not any(c.dep_ == "poss" for c in noun.children)
    return any(d.lower_ in ("a", "an", "some", "several", "many", "one") or d.like_num for d in determiners)


@dataclass
class Attribution:
    """Who said a quote or statement, by which cue, and where to read its channel and date."""

    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: tuple[int, int] | None = None
    owner: tuple[int, int] | None = None  # the possessor of a speech noun ("X's statement")
    context: list[tuple[int, int]] = field(default_factory=list)  # where to read the channel
    date_context: list[tuple[int, int]] | None = None  # where to read the date (default: context)
    channel_hint: str | None = None
    via: str | None = None  # set where the route is not the speaker mention's own words (SPEAKER_ROUTES)


def subtree_bounds(tokens) -> tuple[int, int]:
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


def reporting_subject(token, banned: list[tuple[int, int]] = ()):
    """The subject of ``token``'s clause: its own, or (for participles, infinitives, conjoined and
    prepositional clauses) that of the clause it hangs on; the agent of a passive. Subjects inside
    ``banned`` spans (the quote itself) are parse errors and skipped."""
    seen = 0
    while token is not None and seen < 6:
        agent = agent_of(token)
        if agent is not None:  # a passive's agent says it: "was told by X"
            return agent
        subjects = [c for c in subjects_of(token)
                    if not any(s <= c.idx < e for s, e in banned) and not _across_paragraphs(c, token)]
        if subjects:  # two subjects are a mis-parse of one long phrase: the one nearest the verb names
            return _named_in_apposition(min(subjects, key=lambda c: abs(c.i - token.i)))
        if _modifies_noun(token) and token.head.pos_ in ("NOUN", "PROPN"):
            noun = token.head
            owner = owner_of(noun)
            if owner is not None:
                return owner
            if noun.dep_ in ("dobj", "pobj", "attr") and noun.head is not noun:
                # "X is the first senator to say ...": the copula's subject says it
                token = noun.head if noun.dep_ in ("dobj", "attr") else noun.head.head
                seen += 1
                continue
            return noun
        if token.dep_ in _CLIMB_DEPS and token.head is not token:
            token = token.head.head if _misattached_report(token) else token.head
            seen += 1
            continue
        return None
    return None


def _modifies_noun(verb) -> bool:
    """A participle or infinitive clause on a noun ("officials speaking", "the first to say"; the
    parser calls the infinitive a relative clause)."""
    return verb.dep_ == "acl" or verb.dep_ == "relcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _named_in_apposition(subject):
    """The person a subject names in apposition ("the spokesman, Jane Roe," / "WHO official Jane
    Roe" parsed as "WHO ..., Jane Roe"): the person speaks, not the role or the organisation."""
    if subject.ent_type_ == "PERSON" or subject.pos_ == "PRON":
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), subject)


def relative_antecedent(subject):
    """The noun a relative pronoun subject stands for ("officials" in "officials who said"), or None."""
    verb = subject.head
    if not (subject.tag_ in _RELATIVE_TAGS and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN")):
        return None
    noun = verb.head
    if noun.pos_ == "NOUN":  # "the mayor, X, who said" / "X, a lawyer who said": the name in apposition
        if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
            return noun.head
        named = next((c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        return named or noun
    return noun


def _misattached_report(token) -> bool:
    """A second reporting verb that the parser hangs on the first one's reported clause: in "X
    said that the plan was illegal and accused Y of Z", "accused" has no subject of its own and
    is coordinated with "said", not with "was". Its subject is the first reporting verb's. When
    the reported clause's subject could speak itself ("X said the rebels attacked the town and
    claimed responsibility"), the two verbs share that subject, unless the tenses forbid it."""
    head = token.head
    if not (token.dep_ == "conj" and head.dep_ == "ccomp" and head.head is not head
            and token.lemma_.lower() in SPEECH_VERBS and head.head.lemma_.lower() in SPEECH_VERBS
            and subject_of(token) is None):
        return False
    if token.tag_ == "VBD" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
        return True  # "said she would review X and warned": a past verb cannot share "would"
    clause_subject = subject_of(head)
    return clause_subject is None or not could_speak(clause_subject)


def could_speak(noun) -> bool:
    """Whether a clause's subject names someone who could make a statement: a person,
    organisation or state, a pronoun, a group ("the rebels") or a role ("the minister")."""
    lower = noun.lower_
    return (noun.pos_ in ("PRON", "PROPN") or noun.ent_type_ in _SPEAKING_ENTITY_TYPES
            or lower in generic_nouns() or noun.lemma_.lower() in generic_nouns()
            or noun.lemma_.lower() in role_heads())


def without_misattached_reports(clause) -> list:
    """The tokens of a reported clause without a coordinated reporting verb hung on it (and the
    "and" before it): that verb reports a statement of its own."""
    tokens = list(clause.subtree)
    for report in (c for c in clause.children if _misattached_report(c)):
        joiners = [c.i for c in clause.children if c.dep_ == "cc" and c.i < report.i]
        cut = max(joiners) if joiners else report.left_edge.i
        tokens = [t for t in tokens if not cut <= t.i <= report.right_edge.i]
    return tokens


def _across_paragraphs(a, b) -> bool:
    """Whether a line break separates two tokens (the parser sometimes joins a headline or a
    dateline to the next paragraph's sentence)."""
    lo, hi = (a, b) if a.i < b.i else (b, a)
    return any("\n" in t.whitespace_ or t.is_space and "\n" in t.text for t in lo.doc[lo.i:hi.i])


def owner_of(noun):
    """Who a speech noun belongs to: ``X's statement``, ``the statement of/by/from X``, ``the
    remarks (that) X made``."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in AUTHOR_PREPOSITIONS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (pobj.ent_type_ in _SPEAKING_ENTITY_TYPES or pobj.pos_ in ("PROPN", "PRON")):
                    return pobj
    for clause in noun.children:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in AUTHORING_VERBS:
            author = subject_of(clause)
            if author is not None and author.tag_ not in _RELATIVE_TAGS and could_speak(author):
                return author
    return None


def _mention_tokens(head):
    """The words naming a speaker: the head with its determiners, titles, compounds and of-phrases,
    without appositions, relative clauses or anything after a comma."""
    if head.pos_ == "PRON" or head.ent_type_ == "" and head.lower_ in _PERSONAL_PRONOUNS:
        return [head]
    keep = [head]
    stack = list(head.children)
    while stack:
        child = stack.pop()
        if child.dep_ not in _MENTION_DEPS:
            continue
        if child.dep_ == "punct" and child.text not in ("-", "'", "’", "."):
            continue
        if child.dep_ == "prep" and child.lower_ not in ("of", "for", "to", "at", "from"):
            continue
        keep.append(child)
        stack.extend(child.children)
    keep.sort(key=lambda t: t.i)
    # stay contiguous around the head: cut at the first comma-broken gap
    contiguous = [head]
    by_index = {t.i: t for t in keep}
    i = head.i - 1
    while i in by_index:
        contiguous.insert(0, by_index[i])
        i -= 1
    i = head.i + 1
    while i in by_index:
        contiguous.append(by_index[i])
        i += 1
    while contiguous and contiguous[-1].dep_ in ("cc", "punct", "case", "prep"):
        contiguous.pop()
    while contiguous and contiguous[0].dep_ in ("cc", "punct"):
        contiguous.pop(0)
    return contiguous or [head]


def speaker_of(subject) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]:
    """(mention span, head span, owner span) for a subject token. A speech noun as subject
    ("the statement said") names its owner, where it has one."""
    owner = None
    if subject.lemma_.lower() in NOMINAL_CUES:
        owner_token = owner_of(subject)
    else:  # "Iran's mission to the UN": the possessor stands for the speaker where the head is no entity
        owner_token = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner_token is not None:
        owner = _span_of(_mention_tokens(owner_token))
    tokens = _mention_tokens(subject)
    return _span_of(tokens), (subject.idx, subject.idx + len(subject)), owner


def _span_of(tokens) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def cue_span(token) -> tuple[int, int]:
    start, end = token.idx, token.idx + len(token)
    particles = PHRASAL_PARTICLES.get(token.lemma_.lower(), ())
    for child in token.children:
        if child.dep_ in ("prt", "prep") and child.lower_ in particles:
            end = max(end, child.idx + len(child))
    return start, end


def is_speech_verb(token, quote_adjacent: bool = False) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass", "amod"):
        return False
    lemma = token.lemma_.lower()
    if lemma == "say" and token.i > 0 and token.nbor(-1).lower_ in ("that", "having") and token.i + 1 < len(token.doc) \
            and token.nbor(1).text == ",":
        return False  # "That said," / "Having said that," is a discourse marker, not speech
    if lemma == "say" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "than":
        return False  # "easier said than done"
    if lemma in PHRASAL_PARTICLES and not any(
            c.dep_ in ("prt", "prep") and c.lower_ in PHRASAL_PARTICLES[lemma] for c in token.children):
        return False
    return lemma in SPEECH_VERBS or (quote_adjacent and lemma in QUOTE_ONLY_VERBS)
