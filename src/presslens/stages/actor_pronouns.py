"""Pronouns as mentions of actors (step 6 of the actors stage): "he", "she", and "it"/"they" as
subjects of reporting verbs join the most salient compatible entity before them, so later stages
can turn a speaker "he" into an entity.

Salience follows the discourse: an antecedent in a recent sentence beats an older one, and the
subject of a sentence's main clause (who the sentence is about, usually the current speaker)
beats the subject of a clause inside it, which beats any other mention. A pronoun that has been
linked is itself a mention for the pronouns after it, so "X said ... He added ... he said" keeps
X as the speaker across paragraphs. The words a reporting verb reports never hold its own
subject, and a subject pronoun does not stand for a non-subject of its own clause: in "Z was
hurt, he said" and "Like Z, he said", "he" is not Z.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from presslens.data import load_json
from presslens.event_arguments import actor_of
from presslens.knowledge import role_heads
from presslens.names import given_gender
from presslens.stages.actor_mentions import Cluster, tokens_of, vocabulary
from presslens.stages.quote_marks import find_marked
from presslens.syntax import (
    FEMININE_PRONOUNS,
    GROUP_PRONOUNS,
    MASCULINE_PRONOUNS,
    NEUTER_PRONOUNS,
    NOMINAL_SUBJECTS,
    OBJECTS,
)

# A reflexive pronoun joins its person too: "X defended himself" is X.
_HE = MASCULINE_PRONOUNS | {"himself"}
_SHE = FEMININE_PRONOUNS | {"herself"}
_PRONOUN_WORDS = _HE | _SHE | GROUP_PRONOUNS
# How many sentences back a pronoun may look: "he said" often closes a quote of several sentences,
# while "it"/"they" have many non-actor antecedents and stay local.
PERSON_PRONOUN_WINDOW = 5
GROUP_PRONOUN_WINDOW = 2
# The cost of an antecedent: three per sentence back, plus its role in its sentence.
SENTENCE_COST = 3
ROLE_COST = {"main subject": 0, "subject": 1, "other": 2, "asked": 2}
# A subject pronoun seldom stands for a non-subject: "X met Y on Monday. He said" is X.
OTHER_COST_FOR_SUBJECT = 3
# ", a city of ...": the (up to three) words of an indefinite apposition after a name.
_APPOSITION = re.compile(r",\s+(?:an?|the)\s+(?P<words>(?:[\w-]+\s*){1,3})")
_APPOSITION_STOPS = frozenset({"of", "in", "on", "at", "near", "about", "with", "where", "that", "which", "and"})
# The clauses that hold what a reporting verb reports.
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj")
# The person asked a question answers it: in "X asked Y if ... . '...,' he said", "he" is Y.
_QUESTION_VERBS = frozenset({"ask", "question"})
_QUESTION_WORDS = frozenset({"if", "whether", "about", "why", "how", "what", "when", "where", "who"})


@dataclass
class _Anchor:
    start: int
    cluster: Cluster
    role: str  # a key of ROLE_COST
    sentence: int
    head: int  # token index of the mention's head
    quote: tuple[int, int] | None
    # the first of two people joined by "and", or a plural role noun standing for them ("the
    # party's leaders"): "they" may stand for them
    paired: bool = False


def link_pronouns(text: str, parsed, clusters: list[Cluster]) -> None:
    """Add each pronoun to the mentions of the cluster it stands for, if any."""
    clusters = [c for c in clusters if not _reads_as_place(c, text, parsed)]
    quotes = [(m.open_at, m.close_end) for m in find_marked(text)]
    quote_starts = [q[0] for q in quotes]
    token_sentence = [0] * len(parsed)
    sentence_start: list[int] = []
    for n, sent in enumerate(parsed.sents):
        token_sentence[sent.start:sent.end] = [n] * (sent.end - sent.start)
        sentence_start.append(sent.start_char)
    anchors: list[_Anchor] = []
    for cluster in clusters:
        for s, e in cluster.mentions:
            span = parsed.char_span(s, e, alignment_mode="expand")
            if span is not None:
                root = span.root
                paired = _paired_with_person(root) or (cluster.type == "PERSON" and root.tag_ in ("NNS", "NNPS"))
                anchors.append(_Anchor(s, cluster, mention_role(root), token_sentence[root.i], root.i,
                                       _quote_of(quotes, quote_starts, s), paired))
    anchors.sort(key=lambda a: a.start)
    starts = [a.start for a in anchors]
    reporting = vocabulary()["reporting"]
    for tok in tokens_of(parsed, _PRONOUN_WORDS):
        quote = _quote_of(quotes, quote_starts, tok.idx)
        found = _antecedent(tok, reporting, anchors, starts, token_sentence, sentence_start, quote)
        if found is None:
            continue
        found.cluster.mentions.append((tok.idx, tok.idx + len(tok.text)))
        at = bisect.bisect_right(starts, tok.idx)
        starts.insert(at, tok.idx)
        anchors.insert(at, _Anchor(tok.idx, found.cluster, mention_role(tok), token_sentence[tok.i], tok.i, quote,
                                   found.paired and tok.lower_ in GROUP_PRONOUNS))


def _antecedent(tok, reporting, anchors, starts, token_sentence, sentence_start, pronoun_quote):
    """The anchor a pronoun token stands for, or None."""
    lower = tok.lower_
    if tok.pos_ != "PRON":
        return None
    if lower in _HE or lower in _SHE:
        allowed, gender = ("PERSON",), "m" if lower in _HE else "f"
        window = PERSON_PRONOUN_WINDOW
    else:  # "it", "they"
        if tok.dep_ not in NOMINAL_SUBJECTS or tok.head.lemma_.lower() not in reporting:
            return None
        allowed = ("ORG", "GPE") if lower in NEUTER_PRONOUNS else ("ORG", "GPE", "NORP", "PAIR")
        gender = None
        window = GROUP_PRONOUN_WINDOW
    here = token_sentence[tok.i]
    own_subject = _clause_subject(tok)
    reported = _reported_words(tok, reporting)
    is_subject = tok.dep_ in NOMINAL_SUBJECTS
    speaks = is_subject and tok.head.lemma_.lower() in reporting
    # "Like X, he said" / "In a letter to X, he wrote": not X
    own_clause = {t.i for t in tok.head.subtree if t.i < tok.i} if is_subject else set()
    best, best_score = None, None
    # only the mentions of the window's sentences, before the pronoun
    first = bisect.bisect_left(starts, sentence_start[max(0, here - window)])
    last = bisect.bisect_left(starts, tok.idx)
    for anchor in anchors[first:last]:
        if anchor.quote != pronoun_quote or not _fits(anchor, allowed, gender):
            continue
        if anchor.head == own_subject or anchor.head in reported:  # "X pardoned him"; "Z lost, he said"
            continue
        if anchor.role in ("other", "asked") and anchor.head in own_clause:
            continue
        role_cost = OTHER_COST_FOR_SUBJECT if is_subject and anchor.role in ("other", "asked") \
            else ROLE_COST[anchor.role]
        if anchor.role == "asked" and speaks and anchor.sentence < here:
            role_cost = ROLE_COST["main subject"]  # the answer: as salient as the asker, and named after
        score = (here - anchor.sentence) * SENTENCE_COST + role_cost - anchor.start / 1e7
        if best_score is None or score < best_score:
            best, best_score = anchor, score
    if best is not None and lower == "they" and _person_noun_subject_between(best.head, tok):
        return None  # the person's singular "they", not the organisation or place before it
    return best


def mention_role(head) -> str:
    """Whether a mention (by its head token) is the subject of its sentence's main clause, the
    subject of another clause, or neither; the owner of a subject ("X's spokesman") and a name in
    apposition to it ("the official, X,") count as it."""
    token = head
    if _asked_a_question(head):
        return "asked"
    if _opens_paragraph(head) and _breaks_line_between(head.head, head):
        return "main subject"  # the parser hung a paragraph's first name on the paragraph before
    if token.dep_ in ("poss", "compound", "appos") and token.head.dep_ in NOMINAL_SUBJECTS:
        token = token.head
    if token.dep_ not in NOMINAL_SUBJECTS:
        return "other"
    verb = token.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return "main subject" if verb.dep_ == "ROOT" else "subject"


@functools.lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Common nouns for one person: the role heads and the other person nouns of coreference.json."""
    return frozenset(load_json("actors/coreference.json")["person_nouns"]) | frozenset(role_heads())


def _person_noun_subject_between(anchor_head: int, pronoun) -> bool:
    """Whether a singular common noun for a person ("the professor", "a spokeswoman"), named by
    no entity, is the subject of a clause after the token ``anchor_head`` and before the pronoun."""
    nouns = person_nouns()
    return any(t.dep_ in NOMINAL_SUBJECTS and t.tag_ == "NN" and not t.ent_type_ and t.lemma_.lower() in nouns
               for t in pronoun.doc[anchor_head + 1:pronoun.i])


@functools.lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    return frozenset(load_json("actors/coreference.json")["place_nouns"])


def _reads_as_place(cluster: Cluster, text: str, parsed) -> bool:
    """Whether a one-word "person" the knowledge base does not know is a place the model mistook:
    a mention of it has a place noun in apposition ("Mbandaka, a city of a million people"), or
    most of its mentions follow a locative preposition ("in X", "into X")."""
    if cluster.type != "PERSON" or cluster.actor is not None or (cluster.person and cluster.person.given):
        return False
    locative = vocabulary()["locative"]
    after_locative = 0
    for start, end in cluster.mentions:
        apposition = _APPOSITION.match(text, end)
        if apposition and _apposition_head(apposition.group("words")) in _place_nouns():
            return True
        before = parsed.char_span(start, end, alignment_mode="expand")
        if before is not None and before.start > 0 and parsed[before.start - 1].lower_ in locative:
            after_locative += 1
    return len(cluster.mentions) >= 2 and after_locative * 2 > len(cluster.mentions)


def _apposition_head(words: str) -> str:
    """The head noun of an apposition's first words: the last before a preposition or clause
    ("city" in "city of a million", "councillor" in "city councillor")."""
    kept = []
    for word in words.lower().split():
        if word in _APPOSITION_STOPS:
            break
        kept.append(word)
    return kept[-1] if kept else ""


def _opens_paragraph(token) -> bool:
    """Whether a token (with the words of its name before it: "Mr", "the") opens its paragraph."""
    doc, first = token.doc, token
    while first.i > 0 and doc[first.i - 1].dep_ in ("compound", "flat", "det") and doc[first.i - 1].head.i in (
            token.i, first.i) and not _breaks_line(doc[first.i - 1]):
        first = doc[first.i - 1]
    return first.i == 0 or _breaks_line(doc[first.i - 1])


def _breaks_line_between(a, b) -> bool:
    lo, hi = (a, b) if a.i < b.i else (b, a)
    return any(_breaks_line(t) for t in lo.doc[lo.i:hi.i])


def _breaks_line(token) -> bool:
    return "\n" in token.whitespace_ or token.is_space and "\n" in token.text


def _asked_a_question(head) -> bool:
    """Whether a mention is the object of "ask" with a question after it ("asked Y if/whether/
    about ..."); "asked Y to resign" is a request, not a question."""
    verb = head.head
    if head.dep_ != "dobj" or verb.lemma_.lower() not in _QUESTION_VERBS:
        return False
    return any(t.i > head.i and t.lower_ in _QUESTION_WORDS for t in verb.subtree)


def _paired_with_person(head) -> bool:
    """Whether a person mention is joined by "and" to another person ("X and Y released a
    statement"; the parser may hang Y on X as a conjunct or an apposition, or make Y a second
    subject of the verb)."""
    if head.ent_type_ != "PERSON" or not any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children):
        return False
    if any(c.dep_ in ("conj", "appos") and any(t.ent_type_ == "PERSON" for t in c.subtree) for c in head.children):
        return True
    return head.dep_ in NOMINAL_SUBJECTS and any(
        c.dep_ in NOMINAL_SUBJECTS and c.i > head.i and c.ent_type_ == "PERSON" for c in head.head.children)


def _reported_words(pronoun, reporting) -> set[int]:
    """The token indices of what the reporting verb a subject pronoun belongs to reports: its
    content clause or object, or (for "..., he said") the clause it comments on."""
    verb = pronoun.head
    if pronoun.dep_ not in NOMINAL_SUBJECTS or verb.lemma_.lower() not in reporting:
        return set()
    words = {t.i for c in verb.children if c.dep_ in _CONTENT_DEPS for t in c.subtree}
    if verb.dep_ in ("parataxis", "ccomp", "conj") and verb.head.i < verb.i:
        own = {t.i for t in verb.subtree}
        words |= {t.i for t in verb.head.subtree if t.i not in own}
    return words


def _quote_of(quotes: list[tuple[int, int]], starts: list[int], offset: int) -> tuple[int, int] | None:
    at = bisect.bisect_right(starts, offset) - 1
    if at >= 0 and quotes[at][0] <= offset < quotes[at][1]:
        return quotes[at]
    return None


def _fits(anchor: _Anchor, types: tuple[str, ...], gender: str | None) -> bool:
    """Whether a pronoun of ``gender`` (None for "it"/"they") can stand for the anchor's cluster;
    "PAIR" in ``types`` admits a person named first of two ("they" for "X and Y", who then
    speak as X: an entity is one actor)."""
    cluster = anchor.cluster
    if cluster.type == "PERSON" and "PAIR" in types:
        return anchor.paired
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
        # the first given name whose gender is known: a title the name was read with ("Cardinal
        # Sean O'Malley") is no given name
        known = next((given_gender(g) for g in name.given if given_gender(g)), None)
        if known or name.gender:
            return known or name.gender
    return None
