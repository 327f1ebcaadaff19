"""Quotes in Russian and Ukrainian conventions, with the speaker named next to the speech verb.

Read from the text, not a parse (the blank Russian and Ukrainian pipelines have none):
- dash dialogue: a paragraph opening with a dash, ``— Мы готовы, — заявил Песков. — Но не сейчас.``,
  its quoted parts around the attribution;
- «ёлочки» and „лапки“ with an attribution after a dash (``«...», — заявил Песков``) or before a colon
  (``Песков заявил: «...»``), or a speech verb in the same sentence (a partial quote);
- reported speech: ``Песков заявил, что ...`` / ``заявив, що ...`` and ``По словам Пескова, ...`` /
  ``За словами Пєскова, ...``.
The speaker is the known actor (presslens.languages.actors) named right after or before the verb, a
person before an organisation or state; the cue words are data (data/cues/quotes_ru_uk.json).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from presslens.data import load_json
from presslens.document import Document, Entity, Quote, Span

_CUES = load_json("cues/quotes_ru_uk.json")
_DASHES = _CUES["dashes"]
_PAIRS: dict[str, str] = _CUES["quote_pairs"]


def _words(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


SPEECH_VERB = re.compile(rf"(?<!\w){_words(_CUES['speech_verbs'])}(?!\w)", re.I)
REPORTED_LEAD = re.compile(rf"(?<!\w){_words(_CUES['reported_leads'])}(?!\w)", re.I)
# "заявил, что" / "заявив журналістам у понеділок, що": the verb, a few words, the complementizer
THAT_CLAUSE = re.compile(rf"(?P<verb>{SPEECH_VERB.pattern})[^.!?:«»„“\n]{{0,60}}?,\s*"
                         rf"{_words(_CUES['complementizers'])}\s+", re.I)
SPEAKER_PRONOUN = re.compile(rf"\s+{_words(_CUES['speaker_pronouns'])}(?!\w)", re.I)
DASH_LINE = re.compile(rf"^[ \t]*[{_DASHES}][ \t]*(?=\S)", re.M)
DASH_BREAK = re.compile(rf"\s[{_DASHES}]\s")
SENTENCE_END = re.compile(r"[.!?…](?=[\s»“\"]|$)|\n")
CLAUSE_BREAK = re.compile(rf"[.!?;:«»„“\n{_DASHES}]")
# How far from its verb a speaker's name may stand, in characters ("заявил пресс-секретарь
# президента России Дмитрий Песков").
SPEAKER_AFTER_CHARS, SPEAKER_BEFORE_CHARS = 80, 60
LONGEST_NAME_CHARS = 120
# Reported content shorter than this is a clause cut short (a line break), not what was said.
MIN_REPORTED_WORDS = 3


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    entity: Entity


class _Speakers:
    """The entity mentions of a document, and the speaker named next to a verb."""

    def __init__(self, doc: Document):
        self.text = doc.text
        self.mentions = sorted((_Mention(m.start, m.end, e) for e in doc.entities for m in e.mentions),
                               key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def _starting_within(self, start: int, end: int) -> list[_Mention]:
        return self.mentions[bisect.bisect_left(self.starts, start):bisect.bisect_right(self.starts, end)]

    def after(self, position: int) -> _Mention | None:
        near = [m for m in self._starting_within(position, position + SPEAKER_AFTER_CHARS)
                if self._next_to(position, m.start, m)]
        return _prefer_person(near)

    def before(self, position: int) -> _Mention | None:
        # a mention ending near ``position`` starts at most a long name's length before that
        window = self._starting_within(position - SPEAKER_BEFORE_CHARS - LONGEST_NAME_CHARS, position)
        near = [m for m in window if position - SPEAKER_BEFORE_CHARS <= m.end <= position
                and self._next_to(m.end, position, m)]
        return _prefer_person(near[::-1])

    def _next_to(self, start: int, end: int, mention: _Mention) -> bool:
        """Whether nothing but a few words of the same clause part a verb and a mention: any
        number for a person (their titles), one at most for a state or organisation ("заявили в
        Кремле"), which is otherwise more often the object than the speaker."""
        gap = self.text[start:end]
        if CLAUSE_BREAK.search(gap) or "," in gap:
            return False
        return mention.entity.type == "PERSON" or len(gap.split()) <= 1

    def of_verb(self, verb: re.Match, before_first: bool = False) -> _Mention | None:
        sides = (self.before(verb.start()), self.after(verb.end()))
        if before_first:
            return sides[0] or sides[1]
        return sides[1] or sides[0]


def _prefer_person(mentions: list[_Mention]) -> _Mention | None:
    people = [m for m in mentions if m.entity.type == "PERSON"]
    return (people or mentions or [None])[0]


class CyrillicQuotes:
    name = "quotes"
    requires = ("parse", "entities", "dates")
    assigns = ("quotes",)

    def __call__(self, doc: Document) -> None:
        speakers = _Speakers(doc)
        found: list[Quote] = []
        dialogue = _dash_dialogue(doc, speakers, found)
        _marked_quotes(doc, speakers, found, dialogue)
        _reported(doc, speakers, found)
        previous = None
        for quote in sorted(found, key=lambda q: q.start):
            if quote.speaker is None and previous is not None and _pronoun_after(doc, quote.cue):
                quote.speaker, quote.speaker_name = previous.speaker, previous.speaker_name
                quote.speaker_via = "previous speaker"
            previous = quote if quote.speaker else previous
            quote.id = doc.new_id("q")
            doc.quotes.append(quote)


def _pronoun_after(doc: Document, cue: Span | None) -> bool:
    """Whether the speech verb is followed by a personal pronoun: "— добавил он"."""
    return cue is not None and SPEAKER_PRONOUN.match(doc.text, cue.end) is not None


def _quote(doc: Document, kind: str, start: int, end: int, cue: re.Match | None,
           speaker: _Mention | None) -> Quote:
    """A quote of ``doc.text[start:end]`` (trimmed of spaces and a trailing comma)."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] == ","):
        end -= 1
    entity = speaker.entity if speaker else None
    return Quote(id="", kind=kind, start=start, end=end, text=doc.text[start:end],
                 speaker=entity.id if entity else None, speaker_name=entity.name if entity else None,
                 speaker_mention=doc.span(speaker.start, speaker.end) if speaker else None,
                 speaker_via="named" if speaker else None,
                 cue=doc.span(cue.start(), cue.end()) if cue else None,
                 date=_date_near(doc, cue, start, end))


def _date_near(doc: Document, cue: re.Match | None, start: int, end: int) -> str | None:
    """The date of a statement: a date expression in the sentence of its speech verb, outside
    what was said (``start:end``), which may speak of another day."""
    if cue is None:
        return None
    left = _sentence_start(doc.text, cue.start())
    right = SENTENCE_END.search(doc.text, cue.end())
    right_end = right.start() if right else len(doc.text)
    return next((d.value for d in doc.dates
                 if left <= d.start and d.end <= right_end and not (d.start < end and start < d.end)), None)


def _dash_dialogue(doc: Document, speakers: _Speakers, found: list[Quote]) -> list[tuple[int, int]]:
    """Quotes of paragraphs that open with a dash; the stretches of text they cover."""
    covered = []
    for line_start in DASH_LINE.finditer(doc.text):
        line_end = doc.text.find("\n", line_start.end())
        line_end = len(doc.text) if line_end < 0 else line_end
        cuts = [line_start.end(), *(p for m in DASH_BREAK.finditer(doc.text, line_start.end(), line_end)
                                    for p in (m.start(), m.end())), line_end]
        parts = list(zip(cuts[::2], cuts[1::2], strict=True))
        verb = SPEECH_VERB.search(doc.text, *parts[1]) if len(parts) > 1 else None
        if verb is not None and verb.start() - parts[1][0] > 30:
            verb = None  # the second part is more of the quote, not its attribution
        if verb is None or SPEECH_VERB.match(doc.text, parts[0][0]):
            continue  # a dash that opens a list item, or an attribution on a line of its own
        speaker = speakers.of_verb(verb)
        for start, end in parts[::2]:
            found.append(_quote(doc, "direct", start, end, verb, speaker))
        covered.append((line_start.start(), line_end))
    return covered


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """The outermost «...», „...“ (and "...") quotations: (opening mark, closing mark) positions."""
    spans, stack = [], []
    opened = 0
    for i, char in enumerate(text):
        if stack and char in _PAIRS[stack[-1]]:
            stack.pop()
            if not stack:
                spans.append((opened, i))
        elif char in _PAIRS:
            stack.append(char)
            opened = i if len(stack) == 1 else opened
        elif char == "\n":
            stack = []
    return spans


def _marked_quotes(doc: Document, speakers: _Speakers, found: list[Quote],
                   covered: list[tuple[int, int]]) -> None:
    text = doc.text
    for opened, closed in _quoted_spans(text):
        if any(start <= opened < end for start, end in covered):
            continue
        after = re.match(rf"[,!?…]?\s*[{_DASHES}]\s*", text[closed + 1:closed + 8])
        clause_start = _sentence_start(text, opened)
        before = text[clause_start:opened]
        verb, kind = None, "partial"
        if after:
            verb = SPEECH_VERB.match(text, closed + 1 + after.end())
            kind = "direct"
        elif before.rstrip().endswith(":"):
            verbs = list(SPEECH_VERB.finditer(text, clause_start, opened))
            verb, kind = (verbs[-1] if verbs else None), "direct"
        else:
            verbs = list(SPEECH_VERB.finditer(text, clause_start, opened))
            verb = verbs[-1] if verbs else None
        if verb is None:
            continue  # a title or a term in quotation marks, not a quotation
        speaker = speakers.of_verb(verb, before_first=not after)
        if kind == "direct" and not text[opened + 1:closed].lstrip()[:1].isupper():
            kind = "partial"
        found.append(_quote(doc, kind, opened + 1, closed, verb, speaker))


@functools.lru_cache(maxsize=4)
def _sentence_ends(text: str) -> list[int]:
    """Where each sentence of ``text`` ends (the text is a document's: a few are cached)."""
    return [m.end() for m in SENTENCE_END.finditer(text)]


def _sentence_start(text: str, position: int) -> int:
    """The start of the sentence ``position`` lies in: the last sentence end at or before it."""
    ends = _sentence_ends(text)
    index = bisect.bisect_right(ends, position)
    return ends[index - 1] if index else 0


def _sentence_end(text: str, position: int) -> int:
    end = SENTENCE_END.search(text, position)
    return end.start() + (1 if end and text[end.start()] in ".!?…" else 0) if end else len(text)


def _reported(doc: Document, speakers: _Speakers, found: list[Quote]) -> None:
    """``X заявил, что ...`` and ``По словам X, ...``: the reported content, where no quotation
    already covers it."""
    text = doc.text
    taken = [(q.start, q.end) for q in found]

    def add(start: int, end: int, cue: re.Match, speaker: _Mention | None) -> None:
        if len(text[start:end].split()) >= MIN_REPORTED_WORDS and not any(s < end and start < e for s, e in taken):
            found.append(_quote(doc, "reported", start, end, cue, speaker))
            taken.append((start, end))

    for clause in THAT_CLAUSE.finditer(text):
        verb = SPEECH_VERB.match(text, clause.start("verb"))
        add(clause.end(), _sentence_end(text, clause.end()), verb, speakers.of_verb(verb, before_first=True))
    for lead in REPORTED_LEAD.finditer(text):
        speaker = speakers.after(lead.end())
        if speaker is None:
            continue
        sentence_start = _sentence_start(text, lead.start())
        if text[sentence_start:lead.start()].strip():  # "..., по словам Пескова." closes the sentence
            add(sentence_start, text.rfind(",", sentence_start, lead.start()), lead, speaker)
        else:
            comma = text.find(",", speaker.end)
            if comma >= 0:
                add(comma + 1, _sentence_end(text, comma + 1), lead, speaker)
