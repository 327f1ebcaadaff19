"""Candidate mentions of actors (step 1 of the actors stage) and the working types the stage
builds entities from.

Candidates come from spaCy's NER, a phrase matcher over the knowledge base and the place gazetteer,
initial + surname patterns ("O. Navalny") and capitalised runs that start with a known given name;
where they overlap the longest wins.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy

from presslens.data import load_json
from presslens.document import Document
from presslens.knowledge import Actor, KnowledgeBase, key, role_heads
from presslens.names import PARTICLES, PersonName, is_known_given_name
from presslens.syntax import PARTY_LABELS, overlaps_any

_SOURCE_RANK = {"kb": 0, "ner": 1, "pattern": 2}
_INITIAL_NAME = re.compile(r"\b([A-Z][a-z]?)\.\s?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


@dataclass
class Mention:
    start: int
    end: int
    label: str  # spaCy's label, or the kind of pattern that found it
    source: str  # ner | kb | pattern

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Cluster:
    """What one entity is made of while the stage works: its mentions and what is known."""

    type: str
    name: str = ""
    actor: Actor | None = None
    country: str | None = None
    sector: str | None = None
    person: PersonName | None = None  # the fullest name seen, for people
    mentions: list[tuple[int, int]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    extra_aliases: list[str] = field(default_factory=list)
    kind: str = ""  # ministry portfolio, for bare-ministry merging; a generic group's canonical noun
    generic: bool = False

    def add(self, start: int, end: int, surface: str) -> None:
        self.mentions.append((start, end))
        if surface not in self.surfaces:
            self.surfaces.append(surface)


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict:
    data = load_json("actors/roles.json")
    return {
        "heads": role_heads(),
        "modifiers": frozenset(data["modifiers"]),
        "locative": frozenset(data["locative_prepositions"]),
        "reporting": frozenset(load_json("actors/coreference.json")["reporting_verbs"]),
    }


@functools.lru_cache(maxsize=8)
def _phrase_matcher(vocab, kb: KnowledgeBase):
    """A PhraseMatcher over every surface form of the knowledge base, built once per vocab."""
    from spacy.lang.en import English
    from spacy.matcher import PhraseMatcher

    tokenizer = English(vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    forms = kb.surface_forms()
    countries = sorted({s for s, kind in forms if kind == "country"})
    others = sorted({s for s, kind in forms if kind != "country"} - set(countries))
    matcher.add("COUNTRY", list(tokenizer.pipe(countries)))
    matcher.add("ACTOR", list(tokenizer.pipe(others)))
    return matcher


def find_candidates(doc: Document, kb: KnowledgeBase) -> list[Mention]:
    """The actor mentions an article may hold, none overlapping another, in text order."""
    parsed, text = doc.parse, doc.text
    found: list[Mention] = []
    ner_tokens: set[int] = set()
    for ent in parsed.ents:
        if ent.label_ not in PARTY_LABELS:
            continue
        end = ent.end
        if ent.label_ == "PERSON":  # the model stops short of a second surname: "Maria Delgado| Ruiz"
            while (end < len(parsed) and parsed[end].is_title and parsed[end].pos_ == "PROPN"
                   and not parsed[end].ent_type_ and not parsed[end].is_sent_start):
                end += 1
        ner_tokens.update(range(ent.start, end))
        end_char = parsed[end - 1].idx + len(parsed[end - 1].text)
        credit = _credit_before_name(parsed[ent.start:end], kb)
        if credit is not None:  # "Reuters Clinton whispers ...": a photo credit, then the name
            found.append(Mention(ent.start_char, credit.end_char, "ORG", "ner"))
            found.append(Mention(parsed[credit.end].idx, end_char, ent.label_, "ner"))
            continue
        found.extend(_split_list(text, ent.start_char, end_char, ent.label_, kb))
    matcher = _phrase_matcher(parsed.vocab, kb)
    for label, start, end in matcher(parsed):
        span = parsed[start:end]
        single = end - start == 1
        # a country's name inside a sentence is one even where the small model tags it a
        # common noun ("ties with Seychelles")
        country = parsed.vocab.strings[label] == "COUNTRY" and not span[0].is_sent_start
        if (single and start not in ner_tokens and not _acronym(span.text) and span[0].pos_ != "PROPN"
                and not country):
            continue  # one capitalised word: trust it only where the model saw a name
        found.append(Mention(span.start_char, span.end_char, "KB", "kb"))
    for m in _INITIAL_NAME.finditer(text):
        if m.group(1) in ("St", "Mt", "Ft", "No"):
            continue
        found.append(Mention(m.start(), m.end(), "PERSON", "pattern"))
    found.extend(_given_name_runs(parsed, ner_tokens))
    return _non_overlapping(text, found)


def _credit_before_name(span, kb: KnowledgeBase):
    """The news or photo agency leading a name the model ran it into, as a caption's credit does
    ("© AFP Cardinal O'Malley", "Reuters Clinton whispers"), or None. A known media organisation
    followed by capitalised words that do not go on its own name."""
    for size in (2, 1):
        if len(span) <= size or not span[size].is_title:
            continue
        actor = kb.by_key.get(key(span[:size].text))
        if actor is not None and actor.type == "ORG" and actor.sector == "MED":
            rest = key(span.text)
            if not any(key(spelling) == rest for spelling in actor.spellings):
                return span[:size]
    return None


def _split_list(text: str, start: int, end: int, label: str, kb: KnowledgeBase) -> list[Mention]:
    """NER sometimes joins a list of places ("Kharkiv, Odesa"): split it when every part is known;
    and an organisation with a titled person ("Homeland Security Secretary Jeh Johnson")."""
    surface = text[start:end]
    titled = _titled_person(surface) if label in ("ORG", "GPE", "FAC") else None
    if titled is not None:
        org_end, person_start = titled
        return [Mention(start, start + org_end, label, "ner"), Mention(start + person_start, end, "PERSON", "ner")]
    if "," not in surface and " and " not in surface:
        return [Mention(start, end, label, "ner")]
    parts = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^,]+?(?=,|\sand\s|$)", surface)]
    parts = [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in parts]
    parts = [(s + 4, e) if text[s:s + 4] == "and " else (s, e) for s, e in parts]
    if len(parts) > 1 and all(
            key(text[s:e]) in kb.place_by_key or key(text[s:e]) in kb.country_by_key
            or key(text[s:e]) in kb.capital_by_key for s, e in parts if e > s):
        return [Mention(s, e, "GPE", "ner") for s, e in parts if e > s]
    return [Mention(start, end, label, "ner")]


@functools.lru_cache(maxsize=1)
def _titled_person_pattern() -> re.Pattern:
    heads = "|".join(sorted((h.capitalize() for h in role_heads()), key=len, reverse=True))
    person = r"[A-Z][^\W\d_]+(?:\s+(?:[A-Z]\.|[A-Z][^\W\d_]+)){1,3}"
    return re.compile(rf"^(?P<org>.+?)\s+(?:{heads})\s+(?P<person>{person})$")


def _titled_person(surface: str) -> tuple[int, int] | None:
    """(end of the organisation, start of the person) in "<org> <Title> <Given> <Surname>"."""
    m = _titled_person_pattern().match(surface)
    if m is None:
        return None
    vocab = vocabulary()
    if all(w.lower() in vocab["heads"] or w.lower() in vocab["modifiers"] for w in m.group("org").split()):
        return None  # "Secretary General Antonio Guterres": all title, no organisation
    return m.end("org"), m.start("person")


def _acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _given_name_runs(parsed, ner_tokens: set[int]) -> list[Mention]:
    """Capitalised runs that start with a known given name and that NER skipped ("Ahmed Abul Gheit")."""
    out = []
    n = len(parsed)
    i = 0
    while i < n:
        tok = parsed[i]
        if i in ner_tokens or not tok.is_title or not is_known_given_name(tok.text):
            i += 1
            continue
        j = i + 1
        while j < n and j not in ner_tokens and (parsed[j].is_title or (
                parsed[j].lower_ in PARTICLES and j + 1 < n
                and parsed[j + 1].is_title)):
            j += 1
        if j - i >= 2 and (not parsed[i].is_sent_start or parsed[j - 1].pos_ == "PROPN"):
            out.append(Mention(parsed[i].idx, parsed[j - 1].idx + len(parsed[j - 1]), "PERSON", "pattern"))
        i = max(j, i + 1)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """No leading "the", no trailing possessive or punctuation, no unclosed parenthesis: NER
    sometimes runs a name into the acronym after it ("World Health Organization (WHO")."""
    opened = text.rfind("(", start, end)
    if opened > start and text.find(")", opened, end) < 0:
        end = opened
    surface = text[start:end]
    lead = re.match(r"(?:[Tt]he\s+)", surface)
    if lead and end - start > lead.end():
        start += lead.end()
    tail = re.search(r"(?:['’]s|['’]|[\s,.;:])+$", text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
        if text[end:end + 1] == "." and re.search(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$", text[start:end]):
            end += 1  # the last dot of "U.K." belongs to the name
    return start, end


def _non_overlapping(text: str, mentions: list[Mention]) -> list[Mention]:
    """The longest mentions win where candidates overlap; on equal spans the knowledge base wins."""
    for m in mentions:
        m.start, m.end = _trim(text, m.start, m.end)
    mentions = [m for m in mentions if m.end > m.start]
    mentions.sort(key=lambda m: (-m.length, _SOURCE_RANK[m.source], m.start))
    taken: list[Mention] = []
    occupied: list[tuple[int, int]] = []
    for m in mentions:
        if overlaps_any((m.start, m.end), occupied):
            continue
        taken.append(m)
        occupied.append((m.start, m.end))
    taken.sort(key=lambda m: m.start)
    return taken


def tokens_of(parsed, words) -> list:
    """The tokens of ``parsed`` whose lower-case form is one of ``words``, found on the parse's
    LOWER array: most tokens are none of them, and building a Token for each is the cost."""
    from spacy.attrs import LOWER

    wanted = numpy.array([parsed.vocab.strings[w] for w in words], dtype=numpy.uint64)
    return [parsed[int(i)] for i in numpy.flatnonzero(numpy.isin(parsed.to_array(LOWER), wanted))]
