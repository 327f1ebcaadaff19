"""Labels: who calls whom what.

Four readings, with cues from ``data/cues/labels.json`` and words from
``data/cues/label_lexicon.json``; each label says which construction gave it:
- ``verb``: a labelling verb with its target and label: "calls X (as) Y", "branded X a Y",
  "refers to X as Y", "X was classified as Y", "considers X a Y". The labeller is the verb's
  subject (a passive's "by" agent); in a quote, a subject that is the speaker or the speaker's
  side ("we", "Russia" in a Russian minister's mouth) makes the speaker the labeller; an
  impersonal subject ("one") continues the previous label's labeller. A target that is a free
  relative about an event ("what happened") is the perpetrator of the latest attack reported
  before it.
- ``copular``: a predicate noun inside a speaker's quote ("Ukraine has become a NATO proxy"):
  the speaker labels the subject; in the outlet's own words only a noun that judges ("X is a
  threat to national security"), in the article's voice.
- ``article voice`` / ``epithet`` also for "the so-called X": the writer disowns the name.
- ``designation``: a formal status ("foreign agent", "terrorist organisation"), or a charge that a
  charge verb names ("charged with espionage": the charged one is the target).
- ``epithet`` / ``article voice``: an evaluative noun phrase ("the neo-Nazi regime in Ukraine",
  "trumped-up charges"): in a speaker's quote the speaker's label, in the outlet's own words the
  article's (no source). Its target is the actor the phrase names, else the conventional referent
  of the epithet ("globalist" -> the United States or the West), else the phrase's words.
"""
from __future__ import annotations

import re

from presslens.actor_refs import EntityResolver, ResolvingStage, quote_at
from presslens.data import load_json
from presslens.document import Document, Entity, Label, Quote
from presslens.event_arguments import actor_of, antecedent
from presslens.events import find_events
from presslens.syntax import (
    NAME_MODIFIERS,
    NOMINAL_SUBJECTS,
    NOUN_MODIFIERS,
    OBJECT_PRONOUNS,
    SUBJECT_PRONOUNS,
    SUBJECT_SHARING_CLAUSES,
    agent_of,
    is_passive,
    overlaps_any,
    subject_of,
)

_CUES = load_json("cues/labels.json")
LABELLING_VERBS, AS_ONLY_VERBS, IMPERSONAL, COPULAS, CHARGE_VERBS, RELATIVE_PRONOUNS = (
    frozenset(_CUES[key]) for key in (
        "labelling_verbs", "as_only_verbs", "impersonal_subjects", "copulas", "charge_verbs", "relative_pronouns"))
EVENT_PRONOUNS = tuple(_CUES["event_pronouns"])
_LEXICON = load_json("cues/label_lexicon.json")
# by category of invective: every category is looked up alike
EVALUATIVE = frozenset(word for words in _LEXICON["evaluative"].values() for word in words)
DESIGNATIONS = frozenset(_LEXICON["designations"])
CHARGES = frozenset(_LEXICON["charges"])
REFERENTS: dict[str, list[str]] = _LEXICON["referents"]
NEUTRAL_PHRASES = tuple(_LEXICON["neutral_phrases"])
CHARACTERISING_NOUNS = frozenset(_LEXICON["characterising_nouns"])
VOICE_PREDICATES = frozenset(_LEXICON["voice_predicates"])
ALSO_NAMES = frozenset(_LEXICON["also_names"])
MODIFIER_ONLY = frozenset(_LEXICON["modifier_only"])


_WORD = re.compile(r"\w+(?:-\w+)*")


class WordList:
    """Finds the entries of a word list in a text: whole words, also with a plural ending, and
    each part of a hyphenated word ("radical" in "radical-extremist"). Entries of several words
    are found with one regular expression; single words by a set look-up per word of the text,
    which costs far less than a regular expression of hundreds of alternatives."""

    def __init__(self, entries):
        words = [e for e in entries if " " not in e]
        # every form looked up at once: the word and its plurals, each to its entry
        self.forms = {form: w for w in words for form in (w + "es", w + "s", w)}
        phrases = sorted((e for e in entries if " " in e), key=len, reverse=True)
        self.phrases = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?:s|es)?(?!\w)",
                                  re.I) if phrases else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, entry) of every entry found, in text order; a phrase wins over its words."""
        phrases = ([(m.start(), m.end(), m.group(1).lower()) for m in self.phrases.finditer(text)]
                   if self.phrases else [])
        found = list(phrases)
        forms = self.forms
        for m in _WORD.finditer(text):
            word = m.group().lower()
            parts = [(m.start(), m.end(), word)]
            if "-" in word:
                parts += [(m.start() + p.start(), m.start() + p.end(), p.group()) for p in re.finditer(r"\w+", word)]
            for start, end, form in parts:
                entry = forms.get(form)
                if entry is not None and not any(s <= start and end <= e for s, e, _ in phrases):
                    found.append((start, end, entry))
                    break  # the whole hyphenated word before its parts
        return sorted(found)


LEXICON = WordList(EVALUATIVE | DESIGNATIONS | set(REFERENTS))
CHARGE_WORDS = WordList(CHARGES)
_QUOTE_MARKS = "“”\"'‘’«»"
# the entities that act: a "so-called" one is disowned, a "so-called" place or work only introduced
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# "so-called" before a name: its writer disowns the name ("the so-called peacekeepers")
SO_CALLED = re.compile(r"(?<!\w)so[- ]called\s+[“\"'‘«]?", re.I)
_LEADING_DETERMINERS = re.compile(r"^(?:a|an|the|this|that|such)\s+", re.I)
LOOKBACK_SENTENCES = 2
# Longer phrases after "called" are descriptions ("a series of postings that ..."), not labels.
MAX_LABEL_WORDS = 6
PHRASE_HEADS = ("NOUN", "PROPN")
PERSONAL_PRONOUNS = SUBJECT_PRONOUNS | OBJECT_PRONOUNS


def _phrase_bounds(tok, stop_at_clauses: bool = True, skip=()) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by ``tok`` (without relative clauses, nor the
    children in ``skip``)."""
    tokens = [tok]
    for child in tok.children:
        if stop_at_clauses and child.dep_ in ("relcl", "acl", "punct", "cc") and child.i > tok.i:
            continue
        if child.dep_ in NOMINAL_SUBJECTS or child in skip:  # "considers [X] a Y": X is the target
            continue
        tokens.extend(child.subtree)
    tokens = [t for t in tokens if not (t.is_punct and t.text in ",;:")]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _core_bounds(tok) -> tuple[int, int]:
    """Character bounds of a noun phrase's head with the modifiers before it ("tyrannical regime"
    in "Iran's tyrannical regime"), without its determiner, possessor and what follows it."""
    modifiers = [c for c in tok.children if c.dep_ in NOUN_MODIFIERS | {"nmod"} and c.i < tok.i]
    start = min([tok.idx] + [m.left_edge.idx for m in modifiers])
    return start, tok.idx + len(tok.text)


def _clean_label(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Trim quote marks, punctuation and a leading determiner from a label's bounds."""
    text = doc.text
    opened = False
    while start < end and (text[start] in _QUOTE_MARKS or text[start].isspace()):
        opened = opened or text[start] in _QUOTE_MARKS
        start += 1
    if opened:  # a scare-quoted label ends where its quotation does: "“gold standard” of deals"
        close = next((i for i in range(start, end) if text[i] in "”\"»’"), None)
        if close is not None:
            end = close
    while end > start and (text[end - 1] in _QUOTE_MARKS + ".,;:!? " or text[end - 1].isspace()):
        end -= 1
    m = _LEADING_DETERMINERS.match(text[start:end])
    if m:
        start += m.end()
    while start < end and text[start] in _QUOTE_MARKS:
        start += 1
    return start, end


def _negated(tok) -> bool:
    """Whether ``tok`` or the verb it is the predicate of is negated ("is not a terrorist")."""
    return any(c.dep_ == "neg" for c in (*tok.children, *tok.head.children))


class Labels(ResolvingStage):
    name = "labels"
    assigns = ("labels",)

    def read(self, doc: Document, resolver: EntityResolver) -> None:
        previous: tuple[int, Entity] | None = None  # (sentence index, labeller) of the last label
        sentences = list(doc.parse.sents)
        taken: list[tuple[int, int]] = []  # labels read, and labels given by no known labeller
        for index, sent in enumerate(sentences):
            for tok in sent:
                if tok.pos_ == "VERB" and tok.lemma_.lower() in LABELLING_VERBS:
                    fallback = previous[1] if previous and index - previous[0] <= LOOKBACK_SENTENCES else None
                    label = self._verb_label(doc, resolver, tok, fallback, sentences[max(0, index - 1)].start)
                    if label is None:
                        continue
                    taken.append((label.start, label.end))
                    if label.source is not None or _outlets_own(tok, label):
                        doc.labels.append(label)
                        previous = (index, doc.entity(label.source))
                    # else "those who consider X a Y": nobody known labels X, and the words are no epithet
        self._charges(doc, resolver, taken)
        self._copulars(doc, resolver, taken)
        self._so_called(doc, resolver, taken)
        self._epithets(doc, resolver, taken)
        doc.labels.sort(key=lambda lb: lb.start)

    @staticmethod
    def _label(doc, bounds, source: Entity | None, target: Entity | None, target_text: str | None,
               construction: str, negated: bool, quoted: bool, source_words: str | None = None) -> Label:
        """A label record; ``source_words`` name a source that is no entity (a quote's speaker
        named only as "the source"): the record's ``source_name`` without a ``source``."""
        start, end = bounds
        return Label(id=doc.new_id("l"), start=start, end=end, label=doc.text[start:end],
                     source=source.id if source else None,
                     source_name=source.name if source else source_words,
                     target=target.id if target else None, target_name=target.name if target else None,
                     target_text=target_text, construction=construction, negated=negated, quoted=quoted)

    # --- "calls X Y" -------------------------------------------------------------------------
    def _verb_label(self, doc, resolver, verb, fallback, context_start) -> Label | None:
        """The label a labelling verb gives; its source is None where the labeller is no known actor."""
        arguments = labelling_arguments(verb)
        if arguments is None:
            return None
        label_tok, target_tok, subjects, target_text_bounds = arguments
        quote = quote_at(doc, verb.idx)
        speaker = doc.entity(quote.speaker) if quote is not None else None
        agent = _passive_agent(verb, label_tok)
        source = self._labeller(resolver, verb, subjects + ([agent] if agent is not None and not subjects else []),
                                speaker, fallback)
        start, end = _clean_label(doc, *_phrase_bounds(label_tok, skip=(target_tok, agent.head if agent else None)))
        if start >= end or len(doc.text[start:end].split()) > MAX_LABEL_WORDS:
            return None  # a description, not a label
        named = doc.entity_at(start, end)
        if named is not None and named.type == "PERSON" and all(
                t.pos_ == "PROPN" for t in label_tok.subtree if not t.is_punct):
            return None  # "a man called Paul Revere": a name, not a label
        if target_text_bounds is None:
            target_text_bounds = self._target_bounds(verb, target_tok)
        target_text = doc.text[target_text_bounds[0]:target_text_bounds[1]]
        if target_tok.lower_ == "what":
            if not target_text.lower().startswith(EVENT_PRONOUNS):
                return None  # "what she called a Y": the thing so called is not in the clause
            target = self._perpetrator(doc, resolver, verb, context_start)
        else:
            found = resolver.resolve(antecedent(target_tok), speaker)
            target = found[0] if found else None
        words = doc.text[start:end].lower()
        construction = "designation" if any(d in words for d in DESIGNATIONS) else "verb"
        return self._label(doc, (start, end), source, target, target_text, construction,
                           _negated(verb), quote_at(doc, start, end) is not None)

    @staticmethod
    def _target_bounds(verb, target_tok) -> tuple[int, int]:
        """The target's words; an active verb has no "by" agent: a "by" phrase right after the
        object is the object's ("calls the strikes by X as ..."), whatever the parser attached it to."""
        if target_tok.lower_ in RELATIVE_PRONOUNS:
            target_tok = antecedent(target_tok)
        bounds = _phrase_bounds(target_tok)
        by = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                   and c.i == max(t.i for t in target_tok.subtree) + 1), None)
        if by is not None and target_tok.dep_ == "dobj":
            bounds = (bounds[0], _phrase_bounds(by)[1])
        return bounds

    @staticmethod
    def _labeller(resolver, verb, subjects: list, speaker: Entity | None, fallback: Entity | None) -> Entity | None:
        """Who labels: the verb's subject or a passive's agent (the speaker where it names the
        speaker or the speaker's side); for an impersonal or missing subject, the speaker or the
        previous labeller. None where the subject is no known actor ("those who consider ...")."""
        subject = antecedent(subjects[0]) if subjects else None
        if subject is None and verb.dep_ in SUBJECT_SHARING_CLAUSES:
            subject = actor_of(verb)
        if subject is None or subject.lower_ in IMPERSONAL:
            return speaker or fallback
        if subject.dep_ == "nsubjpass":
            return None
        found = resolver.resolve(subject, speaker)
        source = found[0] if found else None
        if source is not None and speaker is not None and source.id in (
                speaker.id, getattr(resolver.speaker_side(speaker), "id", None)):
            return speaker
        return source

    @staticmethod
    def _perpetrator(doc, resolver, verb, context_start) -> Entity | None:
        """The actor of the latest attack reported before ``verb`` ("what happened")."""
        best = None
        for sent in doc.parse.sents:
            if sent.start < context_start:
                continue
            if sent.start > verb.i:
                break
            for event in find_events(sent):
                if event.event == "ASSAULT" and event.trigger.i < verb.i:
                    for tok in event.actors:
                        found = resolver.resolve(tok)
                        if found:
                            best = found[0]
        return best

    # --- "charged with espionage" --------------------------------------------------------------
    def _charges(self, doc: Document, resolver: EntityResolver, taken: list) -> None:
        for match_start, match_end, _ in CHARGE_WORDS.find(doc.text):
            span = doc.parse.char_span(match_start, match_end, alignment_mode="expand")
            if span is None or overlaps_any((span.start_char, span.end_char), taken):
                continue
            prep = span.root.head
            verb = prep.head
            if not (span.root.dep_ == "pobj" and prep.lower_ in ("with", "of", "for")
                    and verb.lemma_.lower() in CHARGE_VERBS):
                continue
            quote = quote_at(doc, span.start_char, span.end_char)
            speaker = doc.entity(quote.speaker) if quote is not None else None
            charged = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            found = resolver.resolve(antecedent(charged), speaker) if charged is not None else []
            doer = actor_of(verb) if charged is not None and charged.dep_ == "dobj" else agent_of(verb)
            by = resolver.resolve(doer, speaker) if doer is not None else []
            bounds = _clean_label(doc, span.start_char, span.end_char)
            taken.append(bounds)
            doc.labels.append(self._label(
                doc, bounds, by[0] if by else speaker, found[0] if found else None,
                doc.text[slice(*_phrase_bounds(charged))] if charged is not None else None,
                "designation", _negated(verb), quote is not None, speaker_words(quote)))

    # --- "X is a Y" in a quote -----------------------------------------------------------------
    def _copulars(self, doc: Document, resolver: EntityResolver, taken: list) -> None:
        for quote in doc.quotes:
            span = doc.parse.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                for subject, predicate, construction in _predications(tok):
                    if quote.start <= predicate.idx < quote.end:
                        self._copular(doc, resolver, quote, (subject, predicate, construction), taken)
        # in the outlet's own words only the nouns that judge ("X is a threat to Y", "X, a puppet of Y")
        for tok in doc.parse:
            for subject, predicate, construction in _predications(tok):
                if predicate.lemma_.lower() in VOICE_PREDICATES and quote_at(doc, predicate.idx) is None:
                    self._copular(doc, resolver, None, (subject, predicate, construction), taken)

    def _copular(self, doc, resolver, quote: Quote | None, predication: tuple, taken: list) -> None:
        """The label a predicate gives its subject: in a quote, the speaker's; else the article's."""
        subject, predicate, construction = predication
        if predicate.lemma_.lower() not in CHARACTERISING_NOUNS and predicate.lower_ not in CHARACTERISING_NOUNS:
            return  # most predicates describe ("the first option"); lexicon words are epithets anyway
        bounds = _phrase_bounds(predicate)
        if len(doc.text[bounds[0]:bounds[1]].split()) > MAX_LABEL_WORDS:
            bounds = _core_bounds(predicate)  # "a blatant attack on ... of Syria": its head carries it
        bounds = _clean_label(doc, *bounds)
        if bounds[0] >= bounds[1] or overlaps_any(bounds, taken):
            return
        speaker = doc.entity(quote.speaker) if quote is not None else None
        target, target_text = None, None
        if subject is not None and subject.lower_ in ("i", "me"):
            target = speaker
        elif subject is not None:
            found = resolver.resolve(antecedent(subject), speaker)
            target = found[0] if found else None
            target_text = doc.text[slice(*_phrase_bounds(subject))]
        taken.append(bounds)
        doc.labels.append(self._label(doc, bounds, speaker, target, target_text or (target.name if target else None),
                                      construction, _negated(predicate), quote is not None, speaker_words(quote)))

    # --- "the so-called X": a name its writer disowns ---------------------------------------------
    def _so_called(self, doc: Document, resolver: EntityResolver, taken: list) -> None:
        for match in SO_CALLED.finditer(doc.text):
            head = _named_after(doc, match.end())
            if head is None:
                continue
            end = _core_bounds(head)[1]
            if doc.text[match.end() - 1] in _QUOTE_MARKS and doc.text[end:end + 1] in _QUOTE_MARKS:
                end += 1  # the name's closing quote mark with its opening one
            bounds = match.start(), end
            if overlaps_any(bounds, taken) or len(doc.text[bounds[0]:bounds[1]].split()) > MAX_LABEL_WORDS:
                continue
            quote = quote_at(doc, *bounds)
            speaker = doc.entity(quote.speaker) if quote is not None else None
            named = [e for e in (resolver.at_token(t) for t in head.doc[head.left_edge.i:head.i + 1]
                                 if t.idx >= match.end()) if e is not None]
            named = [e for e in named if e.type in ACTOR_TYPES]
            if head.pos_ == "PROPN" and not named:
                continue  # "the so-called Demilitarized Zone": a term introduced, no actor disowned
            target_text = _clean_label(doc, match.end(), bounds[1])
            taken.append(bounds)
            doc.labels.append(self._label(doc, bounds, speaker, named[0] if named else None,
                                          doc.text[slice(*target_text)], "epithet" if quote else "article voice",
                                          False, quote is not None, speaker_words(quote)))

    # --- evaluative epithets, in a quote or in the article's voice -----------------------------
    def _epithets(self, doc: Document, resolver: EntityResolver, taken: list) -> None:
        for match_start, match_end, word in LEXICON.find(doc.text):
            span = doc.parse.char_span(match_start, match_end, alignment_mode="expand")
            if span is None or any(t.like_url or t.like_email for t in span):  # ".../wanted/terrorism"
                continue
            head = _phrase_head(span.root)
            if head is None or _names_itself(doc, word, head) or (word in MODIFIER_ONLY and head.i == span.root.i):
                continue
            bounds = _clean_label(doc, *_core_bounds(head))
            if bounds[0] >= bounds[1] or overlaps_any(bounds, taken):
                continue
            phrase = doc.text[bounds[0]:bounds[1]].lower()
            if any(neutral in phrase for neutral in NEUTRAL_PHRASES):
                continue
            quote = quote_at(doc, *bounds)
            speaker = doc.entity(quote.speaker) if quote is not None else None
            target, target_text = self._epithet_target(doc, resolver, head, word, speaker)
            designation = word in DESIGNATIONS
            construction = "designation" if designation else "epithet" if quote is not None else "article voice"
            taken.append(bounds)
            doc.labels.append(self._label(doc, bounds, speaker, target, target_text or doc.text[slice(*bounds)],
                                          construction, _negated(head), quote is not None, speaker_words(quote)))

    @staticmethod
    def _epithet_target(doc, resolver, head, epithet: str, speaker) -> tuple[Entity | None, str | None]:
        """The actor an epithet phrase names: "the regime in/of X", "X's regime", "the X regime",
        the subject it is the predicate of, the name it stands beside; else the epithet's
        conventional referent among the document's entities."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = resolver.resolve(pobj, speaker)
                        if found:
                            return found[0], pobj.text
        for child in head.children:
            if child.dep_ in NOUN_MODIFIERS | {"poss", "appos"}:
                entity = resolver.at_token(child) or resolver.demonym(child.text)
                if entity is not None:
                    return entity, child.text
        named = head.head if head.dep_ == "appos" else subject_of(head.head) if head.dep_ == "attr" else None
        if named is not None and named.i != head.i:
            found = resolver.resolve(antecedent(named), speaker)
            if found:
                return found[0], named.text
        for referent in REFERENTS.get(epithet, []):
            for entity in doc.entities:
                if speaker is not None and entity.id == speaker.id:
                    continue
                if (entity.country == referent and entity.type == "GPE") or entity.name.lower() == referent.lower():
                    return entity, None
        return None, None


def speaker_words(quote: Quote | None) -> str | None:
    """The words naming a quote's speaker where the quotes stage resolved them to no entity ("the
    source", "a second source", "the paper"); None for a resolved speaker, a pronoun or no words."""
    if quote is None or quote.speaker is not None or quote.speaker_mention is None:
        return None
    words = quote.speaker_mention.text.strip()
    if words.lower() in PERSONAL_PRONOUNS or not re.search(r"[^\W\d_]{2}", words):
        return None
    return words


def _named_after(doc: Document, offset: int):
    """The head of the noun phrase that starts at ``offset`` (past quote marks): "so-called
    “peacekeepers”" -> peacekeepers; None where no noun phrase starts there."""
    first = next((t for t in doc.parse if t.idx >= offset and t.text not in _QUOTE_MARKS), None)
    if first is None or first.pos_ not in PHRASE_HEADS + ("ADJ",):
        return None
    return first if first.pos_ in PHRASE_HEADS and first.dep_ not in NAME_MODIFIERS else _phrase_head(first)


def _outlets_own(verb, label: Label) -> bool:
    """Whether a label without a known labeller is the outlet's own: "we" outside a quote."""
    subject = subject_of(verb, NOMINAL_SUBJECTS)
    return not label.quoted and subject is not None and subject.lower_ in ("we", "i")


def _passive_agent(verb, label_tok):
    """The doer of a passive labelling verb: its "by" agent, or a "by" phrase the parser hung on the
    label ("was designated a terrorist group by X")."""
    if not is_passive(verb):
        return None
    agent = agent_of(verb)
    if agent is not None:
        return agent
    by = next((c for c in label_tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _names_itself(doc: Document, word: str, head) -> bool:
    """Whether a word that is also a historical group's name names that group ("the Nazis",
    "Nazi Germany"), not someone it is applied to ("the neo-Nazi regime", "Nazi terms")."""
    if word not in ALSO_NAMES:
        return False
    return head.lower_.startswith(word) or head.pos_ == "PROPN"  # "Nazi Germany", "the Nazi Holocaust"


def _predications(tok) -> list[tuple]:
    """(subject or None, predicate noun, construction) that ``tok`` asserts: a copula's predicate
    and the predicates conjoined with it ("represents a blatant attack ... and a flagrant
    violation"), or an apposition to a noun, an epithet ("Satan, the enemy of God")."""
    if tok.dep_ == "appos" and tok.pos_ in PHRASE_HEADS and tok.head.pos_ in PHRASE_HEADS:
        return [(tok.head, p, "epithet") for p in (tok, *_conjuncts(tok))]
    if tok.lemma_.lower() not in COPULAS or tok.dep_ in ("aux", "auxpass"):
        return []
    deps = ("attr",) if tok.lemma_.lower() == "be" else ("attr", "dobj")  # "constitutes a Y"
    predicate = next((c for c in tok.children if c.dep_ in deps and c.pos_ in PHRASE_HEADS), None)
    subject = subject_of(tok, NOMINAL_SUBJECTS)
    if predicate is None or (subject is not None and subject.lower_ in ("what", "there")):
        return []
    # the parser hangs a second predicate on the copula or on the first: "is a Y and a Z"
    predicates = (predicate, *_conjuncts(predicate), *(c for c in _conjuncts(tok) if c.pos_ in PHRASE_HEADS))
    return [(subject, p, "copular") for p in predicates]


def _conjuncts(tok) -> list:
    return [c for c in tok.children if c.dep_ == "conj"]


def _phrase_head(tok):
    """The noun a lexicon word characterises: the word itself where it heads a noun phrase, else
    the noun it modifies ("trumped-up charges", "bigoted and radical agenda"); None for a
    predicate adjective ("this is absurd": no label without a labelling verb) or another word."""
    steps = 0
    while steps < 4 and tok.head.i != tok.i and (
            (tok.dep_ in NAME_MODIFIERS and tok.head.pos_ in PHRASE_HEADS)
            or (tok.dep_ == "conj" and tok.pos_ == "ADJ" and tok.head.pos_ == "ADJ")):  # "bigoted and radical"
        tok, steps = tok.head, steps + 1
    return tok if tok.pos_ in PHRASE_HEADS else None


def _arguments_from_children(verb) -> tuple:
    """(label token, target token, subjects, target bounds) as a labelling verb's children give
    them; the label token is None where they give none."""
    children = list(verb.children)
    label_tok = target_tok = target_text_bounds = None
    if any(c.dep_ == "prt" for c in children):  # "call up the army", "call off the strike"
        return None, None, [], [], None
    as_only = verb.lemma_.lower() in AS_ONLY_VERBS
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "as":
            label_tok = next((g for g in c.children if g.dep_ in ("pobj", "amod", "acomp")
                              and g.pos_ in PHRASE_HEADS + ("ADJ",)), None)
        elif c.dep_ == "prep" and c.lower_ == "to" and verb.lemma_.lower() == "refer":  # "refers to X as Y"
            target_tok = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif c.dep_ == "oprd" and not as_only:
            label_tok = c
    subjects = [c for c in children if c.dep_ == "nsubj"]
    objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
    for c in children:
        if c.dep_ == "ccomp" and label_tok is None and not as_only:
            inner_subj = subject_of(c, NOMINAL_SUBJECTS)
            if c.pos_ in PHRASE_HEADS and inner_subj is not None:  # "consider X a Y"
                label_tok, target_tok = c, inner_subj
            elif inner_subj is not None and inner_subj.lower_ == "what":  # "calling what happened a Y"
                label_tok = next((g for g in c.children if g.dep_ in ("dobj", "attr", "oprd")), None)
                target_tok = inner_subj
                target_text_bounds = (inner_subj.idx, c.idx + len(c.text))
    if label_tok is None and not as_only:
        if len(objects) == 2:  # "branded this group a “terror army”"
            target_tok, label_tok = objects
        elif len(objects) == 1 and len(subjects) > 1:  # "which even X designates a terrorist group"
            label_tok = objects[0]
            objects = []
        elif len(objects) == 1:  # "labels the people “Satan”": the parser makes the label an apposition
            label_tok = next((c for c in objects[0].children if c.dep_ == "appos" and c.i > objects[0].i), None)
    return label_tok, target_tok, subjects, objects, target_text_bounds


def labelling_arguments(verb) -> tuple | None:
    """The words a labelling verb links: (label token, target token, its subject(s), the target's
    character bounds where they are not the target token's phrase), or None without a label and a target.
    "X called Y a Z", "branded Y as Z", "consider Y a Z", "calling what happened a Z"."""
    label_tok, target_tok, subjects, objects, target_text_bounds = _arguments_from_children(verb)
    if label_tok is None:
        return None
    if target_tok is None:
        if objects:
            target_tok = objects[0]
        elif len(subjects) > 1:  # a fronted target: "His opponents, one classified as ..."
            target_tok = subjects[0]
            subjects = subjects[1:]
        elif verb.dep_ == "acl" and verb.head.pos_ in PHRASE_HEADS:  # "the profiles listed as ..."
            target_tok = verb.head
        else:  # "called BSF members “traitors”": the parser hangs the target on the label
            target_tok = next((c for c in label_tok.children if c.dep_ in ("nmod", "compound") and c.i < label_tok.i
                               and any(t.text in _QUOTE_MARKS for t in label_tok.doc[c.i:label_tok.i])), None)
    subjects = subjects[-1:]  # the subject nearest the verb is its own (the parser may attach others)
    if target_tok is None and subjects:
        # "His critics, one also branded as ...": the parser hangs the impersonal subject on the
        # fronted target
        impersonal = next((c for c in subjects[0].children if c.dep_ == "appos" and c.lower_ in IMPERSONAL), None)
        if impersonal is not None:
            target_tok, subjects = subjects[0], [impersonal]
    if target_tok is None or target_tok.i == label_tok.i:
        return None
    return label_tok, target_tok, subjects, target_text_bounds
