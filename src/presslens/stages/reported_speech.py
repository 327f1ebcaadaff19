"""Reported speech: the words a statement that is not in quote marks consists of, read from the
parse: the clause a speech verb governs ("X said that ..."), the object of verbs whose object is
the thing said ("X denied the report"), a label given with "as" ("X described the plan as a
failure"), "according to X", and speech nouns with a content clause ("X's claim that ...").
"""
from __future__ import annotations

from presslens.quote_cues import (
    CHANNELS,
    NOMINAL_CUES,
    NP_CONTENT_VERBS,
    PASSIVE_CONTENT_VERBS,
    PHRASAL_PARTICLES,
    TOPIC_PREPOSITIONS,
)
from presslens.stages.quote_speakers import (
    Attribution,
    owner_of,
    reporting_subject,
    speaker_of,
    subtree_bounds,
    without_misattached_reports,
)

# The complements that hold what a speech verb says (a clause or an object).
CONTENT_DEPS = frozenset({"ccomp", "dobj", "xcomp"})


def verb_statement(verb) -> tuple[int, int] | None:
    """What a speech verb says: its content clause, its object (for verbs whose object is the
    thing said), a passive's subject, the clause a closing reporting clause follows, or the object
    of a topic preposition. Only words of the verb's own paragraph count: the parser sometimes
    joins a paragraph to the quote that ends the one before."""
    bounds = _paragraph_around(verb)
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                                     for c in child.children)):
            tokens = [t for t in without_misattached_reports(child) if t.i != verb.i]
            if child.i < verb.i:  # "X, he said": stop before the reporting clause
                tokens = [t for t in tokens if t.i < verb.i]
            content = statement_span(_within(tokens, bounds))
            if content is not None:
                return content
    if verb.dep_ == "advcl" and verb.head is not verb and any(c.dep_ == "mark" and c.lower_ == "as"
                                                                for c in verb.children):
        # "As X said, Y" / "As X notes, Y": the clause the comment introduces
        own = {t.i for t in verb.subtree}
        return statement_span(_within([t for t in verb.head.subtree if t.i not in own], bounds))
    if verb.dep_ == "parataxis" and verb.head is not verb:
        # "Y, he said" / "Y, he said, Z": the statement is the clause the parenthetical sits in
        own = {t.i for t in verb.subtree}
        return statement_span(_within([t for t in verb.head.subtree if t.i not in own], bounds))
    closing = _closing_clause_statement(verb)
    if closing is not None:
        return statement_span(_within(closing, bounds))
    lemma = verb.lemma_.lower()
    if lemma in NP_CONTENT_VERBS:
        for child in verb.children:
            if child.dep_ == "dobj":
                tokens = [verb, *child.subtree]
                for prep in verb.children:  # "accused X of Y", "decried X as Y"
                    if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "as") and prep.i > child.i:
                        tokens += list(prep.subtree)
                return statement_span(tokens)
    if any(c.dep_ in CONTENT_DEPS for c in verb.children):
        return None
    if lemma in PASSIVE_CONTENT_VERBS and any(c.dep_ == "agent" for c in verb.children):  # "X was reported by Y"
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return statement_span(list(passive.subtree))
    # "asked about X", "pointed to X": the object of a topic preposition is what was said
    allowed = TOPIC_PREPOSITIONS | set(PHRASAL_PARTICLES.get(lemma, ()))
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in allowed and prep.i > verb.i:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return statement_span([t for o in objects for t in o.subtree])
    return None


def label_statement(verb) -> tuple[int, int] | None:
    """What a labelling verb with an "as" phrase says: the thing labelled and the label ("X
    described the inquiry as a farce", "X referred to the plan as unacceptable"); None without
    one ("X called it a farce" is a label the labels stage reads) or where the label is quoted."""
    target = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if target is None:  # "referred to X as Y"
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        target = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if target is None:
        return None
    label = next((c for c in [*verb.children, *target.children] if c.dep_ == "prep" and c.lower_ == "as"
                  and c.i > target.i), None)
    if label is None or any(t.is_quote for t in label.subtree):
        return None  # a quoted label ("calls the strikes as "terrorist attacks"") is a term, not speech
    return statement_span(_within([*target.subtree, *label.subtree], _paragraph_around(verb)))


def _paragraph_around(token) -> tuple[int, int]:
    """The character bounds of the paragraph (text between line breaks) holding a token, found on
    the tokens nearby (``Doc.text`` would rebuild the whole text)."""
    doc = token.doc
    first = token.i
    while first > 0 and not _breaks_line(doc[first - 1]):
        first -= 1
    last = token.i
    while last + 1 < len(doc) and not _breaks_line(doc[last]):
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _breaks_line(token) -> bool:
    return "\n" in token.whitespace_ or token.is_space and "\n" in token.text


def _within(tokens, bounds: tuple[int, int]) -> list:
    return [t for t in tokens if bounds[0] <= t.idx < bounds[1]]


def _closing_clause_statement(verb) -> list | None:
    """``Y, the ministry said.`` / ``Y, said the ministry on Monday.``: a reporting clause with a
    subject and nothing else to say, closing its sentence after a comma, reports the words before
    the comma (whatever the parser hung the clause on). None where the verb is not such a clause."""
    if any(c.dep_ in CONTENT_DEPS or c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    first = subject.left_edge.i if subject.i < verb.i else verb.i
    sent = verb.sent
    if first <= sent.start or verb.doc[first - 1].text != ",":
        return None
    if any(not (t.is_punct or t.is_space) for t in verb.doc[verb.right_edge.i + 1:sent.end]):
        return None  # the clause does not close the sentence
    return list(verb.doc[sent.start:first - 1])


def according_to(token) -> tuple[tuple[int, int], Attribution] | None:
    """The statement and source of "according to X"."""
    to = token.doc[token.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = token.head
    if head is token:
        return None
    own = set(token.subtree)
    tokens = [t for t in head.subtree if t not in own]
    content = statement_span(tokens)
    if content is None:
        return None
    att = Attribution(cue=(token.idx, to.idx + len(to)))
    att.speaker, att.speaker_head, att.owner = speaker_of(source)
    if source.lemma_.lower() in NOMINAL_CUES and CHANNELS.get(source.lower_):
        att.channel_hint = CHANNELS[source.lower_]
    att.context = [(t.idx, t.idx + len(t)) for t in own]
    return content, att


def noun_statement(noun) -> tuple[tuple[int, int], Attribution] | None:
    """The statement of a speech noun with a content clause ("X's claim that ...") and its owner."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                   and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if clause is None:
        return None
    content = statement_span(list(clause.subtree))
    if content is None:
        return None
    att = Attribution(cue=(noun.idx, noun.idx + len(noun)))
    owner = owner_of(noun)
    if owner is None and noun.dep_ in ("dobj",):
        owner = reporting_subject(noun.head)
    if owner is not None:
        att.speaker, att.speaker_head, att.owner = speaker_of(owner)
    if CHANNELS.get(noun.lower_):
        att.channel_hint = CHANNELS[noun.lower_]
    att.context = [(t.idx, t.idx + len(t)) for t in noun.subtree
                   if not content[0] <= t.idx < content[1]]
    return content, att


def statement_span(tokens) -> tuple[int, int] | None:
    """The span of a statement's words, without a leading "that", outer punctuation or a comment
    after a spaced dash; None for fewer than two words."""
    tokens = sorted(tokens, key=lambda t: t.i)
    # a spaced dash closes the statement: what follows is the writer's comment on it
    for n, t in enumerate(tokens[1:], 1):
        if t.text in ("–", "—", "--") and t.whitespace_:
            tokens = tokens[:n]
            break
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ == "that"
                      and tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text not in "”’\"'"):
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return None
    return subtree_bounds(tokens)
