"""Quotes: direct, partial and reported speech, with speaker, cue, channel and date.

Direct quotes are found on the characters (quote marks do not follow tokens well, and broken
punctuation is common in machine-translated text), then attributed with the dependency parse:
a reporting clause after the quote (``"...," X said``), before it (``X said: "..."``), a dash
(``"..." - X``), or, when the quote has none, the speaker of the preceding sentence (a paragraph
that is only a quote continues the previous speaker). Reported speech is read from the parse: the
clause a speech verb governs (``X said that ...``), the object of verbs whose object is the thing
said (``X denied the report``), ``according to X``, and speech nouns with a content clause
(``X's claim that ...``). A quoted fragment inside reported content is a partial quote of the same
speaker; a short quote that no speech governs (a scare quote, a label, a title) is not speech.

Quote marks are paired in ``quote_marks``, speakers named in ``quote_speakers``, and the words of
reported statements read in ``reported_speech``; this module attributes and records the quotes.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

import numpy
from spacy.attrs import IDX, LEMMA, LOWER

from presslens.document import Document, Quote
from presslens.quote_cues import CHANNELS, LABEL_VERBS, NOMINAL_CUES, SPEECH_VERBS
from presslens.stages.actor_pronouns import person_nouns
from presslens.stages.quote_marks import SENTENCE_END, Marked, find_marked, paragraph_bounds
from presslens.stages.quote_speakers import (
    Attribution,
    could_speak,
    cue_span,
    is_speech_verb,
    owner_of,
    relative_antecedent,
    reporting_subject,
    speaker_of,
    speaker_route,
    subtree_bounds,
)
from presslens.stages.reported_speech import (
    CONTENT_DEPS,
    according_to,
    label_statement,
    noun_statement,
    verb_statement,
)
from presslens.syntax import (
    PERSON_PRONOUNS,
    SUBJECT_PRONOUNS,
    SUBJECTS,
    overlaps_any,
    subject_of,
    subjects_of,
)

# A quote shorter than this (in words) is speech only when a reporting clause governs it.
MIN_UNATTRIBUTED_WORDS = 4
# How far (in tokens) a reporting verb may stand from the quote it introduces or follows.
MAX_CUE_DISTANCE = 12
# How far after a quote a reporting clause with its own subject may run ("," X, who ..., said).
MAX_AFTER_TOKENS = 40
# How many sentences back an unattributed quote looks for its speaker.
SPEAKER_LOOKBACK_SENTENCES = 3

# The subject pronouns that may name a speaker the parser lost ("it" and "you" seldom do).
_SPEAKING_PRONOUNS = SUBJECT_PRONOUNS - {"it", "you"}
# The pronouns that may stand for a person noun speaking before them ("I" in a quote is its speaker).
_THIRD_PERSON_SPEAKERS = frozenset({"he", "she", "they"})
_PERSON_SUBJECT_PRONOUNS = SUBJECT_PRONOUNS & PERSON_PRONOUNS
# The entity types of a subject whose words a short quote may be ("X called it "a hoax"").
_NAMED_SPEAKER_TYPES = ("PERSON", "ORG", "NORP", "GPE")
_DASHES = ("-", "–", "—", "--")
# The sign-off of a post embedded from X/Twitter, closing its paragraph: "— Name (@handle) Date".
_POST_SIGN_OFF = re.compile(r"\s[—–-]{1,2}\s*(?P<name>[^\s()@—–][^()\n—–]{0,60}?)\s*\(@\w{1,30}\)"
                            r"(?:\s*[A-Z][a-z]+\.? \d{1,2},? \d{4})?\s*$", re.M)
# Links an embedded post ends with ("pic.twitter.com/x", "https://t.co/x").
_POST_LINKS = re.compile(r"(?:\s*(?:https?://|pic\.twitter\.com/)\S+)+\s*$")

_CUE_LEMMAS = sorted({form for w in SPEECH_VERBS | NOMINAL_CUES | LABEL_VERBS for form in (w, w.capitalize())})


# --- the parse -----------------------------------------------------------------------------------


class Parsed:
    """Character-to-token lookups over the spaCy doc."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sp = doc.parse
        self.starts = self.sp.to_array(IDX).tolist() if len(self.sp) else []

    def token_at(self, char: int):
        i = bisect.bisect_right(self.starts, char) - 1
        return self.sp[max(0, min(i, len(self.sp) - 1))] if len(self.sp) else None

    def tokens(self, start: int, end: int):
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.sp[lo:hi]


# --- the extractor -------------------------------------------------------------------------------


class QuoteFinder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.parsed = Parsed(doc)
        self.paragraphs = paragraph_bounds(self.text)
        self.marked = find_marked(self.text)
        self._marked_spans = [(m.open_at, m.close_end) for m in self.marked]
        self.quotes: list[tuple[Quote, Attribution, int]] = []  # (quote, attribution, paragraph)
        self._direct_records: dict[int, tuple[Quote, Attribution]] = {}  # by the opening mark's offset

    # -- records
    def _add(self, kind: str, start: int, end: int, att: Attribution, paragraph: int) -> Quote:
        span = self.doc.span(start, end)
        quote = Quote(id="", kind=kind, start=span.start, end=span.end, text=span.text)
        self._attribute(quote, att)
        self.quotes.append((quote, att, paragraph))
        return quote

    def _attribute(self, quote: Quote, att: Attribution) -> None:
        doc = self.doc
        if att.cue:
            quote.cue = doc.span(*att.cue)
        if att.speaker:
            quote.speaker_mention = doc.span(*att.speaker)
            entity = doc.entity_at(*att.speaker_head) if att.speaker_head else None
            if entity is None and att.owner:
                entity = doc.entity_at(*att.owner)
            if entity is None:
                entity = doc.entity_at(*att.speaker)
            if entity is not None:
                quote.speaker, quote.speaker_name = entity.id, entity.name
            head = self.parsed.token_at((att.speaker_head or att.speaker)[0])
            quote.speaker_via = att.via or speaker_route(head, entity)
        quote.channel = att.channel_hint or self._channel(att.context)
        quote.date = self._date(att.date_context if att.date_context is not None else att.context)

    def _channel(self, context: list[tuple[int, int]]) -> str | None:
        for start, end in context:
            words = re.findall(r"[\w-]+", self.text[start:end])
            for n in (2, 1):
                for i in range(len(words) - n + 1):
                    phrase = " ".join(words[i:i + n])
                    if phrase == "X":
                        return CHANNELS["X"]
                    channel = CHANNELS.get(phrase.lower())
                    if channel and phrase != "x" and phrase.lower() != "x":
                        return channel
        return None

    def _date(self, context: list[tuple[int, int]]) -> str | None:
        for d in self.doc.dates:
            if overlaps_any((d.start, d.end), context):
                return d.value
        return None

    def _context_of(self, cue_token, exclude: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The attribution clause: the cue's subtree without its subject and content."""
        tokens = [t for t in cue_token.subtree
                  if not any(s <= t.idx < e for s, e in exclude)]
        return [(t.idx, t.idx + len(t)) for t in tokens]

    # -- direct quotes
    def run(self) -> list[Quote]:
        reported = self._reported()
        covered = [(q.start, q.end) for q in self.marked]
        for q in self.marked:
            self._direct(q, reported)
        self._attribute_quote_runs()
        self._pasted_posts()
        for content, att, para, _cue in reported:
            inside = sum(max(0, min(e, content[1]) - max(s, content[0])) for s, e in covered)
            if inside >= 0.6 * (content[1] - content[0]):
                continue  # the direct quote already holds these words
            self._add("reported", content[0], content[1], att, para)
        self.quotes.sort(key=lambda item: (item[0].start, item[0].end))
        self._resolve_pronouns_to_person_nouns()
        out = []
        for quote, _, _ in self.quotes:
            quote.id = self.doc.new_id("q")
            out.append(quote)
        return out

    def _resolve_pronouns_to_person_nouns(self) -> None:
        """A speaker pronoun that stands for no entity and follows a quote whose speaker is a
        person noun with no name ("The professor said ... '...,' they wrote") is that person: no
        entity holds such a noun, so the actors stage cannot link the pronoun to it."""
        nouns = person_nouns()
        previous = None
        for n, (quote, att, para) in enumerate(self.quotes):
            if not att.speaker:
                continue
            head = self.parsed.token_at((att.speaker_head or att.speaker)[0])
            if (head is not None and head.lower_ in _THIRD_PERSON_SPEAKERS and quote.speaker is None
                    and previous is not None and previous[2] >= para - 1):
                att = replace(att, speaker=previous[1].speaker, speaker_head=previous[1].speaker_head,
                              owner=previous[1].owner, via="pronoun")
                self._attribute(quote, att)
                self.quotes[n] = (quote, att, para)
                previous = (quote, att, para)
                continue
            is_person_noun = (head is not None and quote.speaker is None and head.pos_ == "NOUN"
                              and head.tag_ == "NN" and head.lemma_.lower() in nouns)
            previous = (quote, att, para) if is_person_noun else None

    def _paragraph_of(self, char: int) -> int:
        starts = [p[0] for p in self.paragraphs]
        return max(0, bisect.bisect_right(starts, char) - 1)

    def _direct(self, q: Marked, reported) -> None:
        text = self.text
        words = len(text[q.start:q.end].split())
        p_start, p_end = self.paragraphs[q.paragraph] if self.paragraphs else (0, len(text))
        before = self._before_region(q, p_start)
        before_text = text[before[0]:before[1]]
        embedded = bool(re.search(r"\w", before_text)) and not self._introduces(before)
        # a quote inside the content of reported speech is a partial quote of that speaker
        after_that = bool(re.search(r"\bthat\s*$", before_text))  # "said that "...": part of the statement
        holders = [(content, att, para) for content, att, para, _ in reported
                   if content[0] <= q.start and q.end <= content[1] + 1
                   and (embedded or after_that or q.open_at > content[0])]
        if holders:  # the innermost statement holding the quote is the one it is part of
            content, att, para = min(holders, key=lambda h: h[0][1] - h[0][0])
            self._add("partial", q.start, q.end, att, para)
            return
        if embedded:
            self._embedded(q, words, p_end)
            return
        if self._leads_in(before):
            att = self._before(before, q) or self._after(q, p_end)
        else:
            att = self._after(q, p_end) or self._before(before, q) or self._dash(q, p_end)
        if att is None:
            if words < MIN_UNATTRIBUTED_WORDS and not self._in_quote_run(q) or self._is_title(q):
                return
            att = self._previous_speaker(q) or Attribution()
        self._direct_records[q.open_at] = (self._add("direct", q.start, q.end, att, q.paragraph), att)

    # -- posts pasted into the text
    def _pasted_posts(self) -> None:
        """A post embedded from X/Twitter loses its marks and keeps its sign-off: "TEXT — Name
        (@handle) Month D, YYYY". TEXT is the named account's direct quote (links dropped)."""
        for n, (p_start, p_end) in enumerate(self.paragraphs):
            signed = _POST_SIGN_OFF.search(self.text, p_start, p_end)
            if signed is None or overlaps_any((p_start, signed.start()), self._marked_spans):
                continue
            words = _POST_LINKS.sub("", self.text[p_start:signed.start()]).rstrip()
            start = p_start + len(words) - len(words.lstrip())
            end = p_start + len(words)
            if len(self.text[start:end].split()) < 2:
                continue
            name = (signed.start("name"), signed.end("name"))
            att = Attribution(speaker=name, speaker_head=name, via="named", channel_hint=CHANNELS["X"],
                              context=[(signed.start(), signed.end())])
            self._add("direct", start, end, att, n)

    # -- quotes over several paragraphs
    def _opens_paragraph(self, q: Marked) -> bool:
        return not self.text[self.paragraphs[q.paragraph][0]:q.open_at].strip()

    def _next_marked(self, q: Marked) -> Marked | None:
        at = bisect.bisect_right([m.open_at for m in self.marked], q.open_at)
        return self.marked[at] if at < len(self.marked) else None

    def _in_quote_run(self, q: Marked) -> bool:
        """Whether a quote is one paragraph of a quotation over several: it continues an unclosed
        quote of the paragraph before, or it is unclosed and the next paragraph reopens it."""
        if self._opens_paragraph(q) and any(not m.closed and m.paragraph == q.paragraph - 1 for m in self.marked):
            return True
        following = self._next_marked(q)
        return not q.closed and following is not None and following.paragraph == q.paragraph + 1 \
            and self._opens_paragraph(following)

    def _attribute_quote_runs(self) -> None:
        """A quotation over several paragraphs (the marks close only on the last) is one quote:
        its paragraphs with no speaker of their own take the speaker named where a later
        paragraph of it names one (``"... / ... / ...," she said.``)."""
        following: tuple[Marked, Attribution] | None = None
        for q in reversed(self.marked):
            record = self._direct_records.get(q.open_at)
            if record is None:
                following = None
                continue
            quote, att = record
            if following is not None and not q.closed and following[0].paragraph == q.paragraph + 1 \
                    and self._opens_paragraph(following[0]) and following[1].speaker and not att.speaker:
                att = following[1]
                self._attribute(quote, att)
            following = (q, att)

    def _embedded(self, q: Marked, words: int, p_end: int) -> None:
        """A quote inside a sentence and outside any statement: a partial quote of the reporting
        clause after it, of the sentence's subject when it is long, or of a speaker whose words
        the sentence's main verb reports or labels ("X branded the probe a "witch hunt""); else
        a term, a title or a scare quote."""
        after = self._after(q, p_end) if words >= 2 else None
        if after is not None:
            self._add("partial", q.start, q.end, after, q.paragraph)
            return
        if self._is_title(q):
            return
        att = None
        if words >= MIN_UNATTRIBUTED_WORDS and not self._is_label(q):
            att = self._sentence_speaker(q) or Attribution()
        elif not self._after_so_called(q):
            att = self._speaking_subject(q)
        if att is not None:
            self._add("partial", q.start, q.end, att, q.paragraph)

    def _speaking_subject(self, q: Marked) -> Attribution | None:
        """The named speaker of a sentence whose main verb reports or labels words: its subject."""
        token = self.parsed.token_at(q.start)
        if token is None:
            return None
        root = token.sent.root
        if not (is_speech_verb(root) or root.lemma_.lower() in LABEL_VERBS):
            return None
        subject = subject_of(root)
        if subject is None or subject.idx >= q.open_at or not (
                subject.ent_type_ in _NAMED_SPEAKER_TYPES or subject.lower_ in _PERSON_SUBJECT_PRONOUNS):
            return None
        att = Attribution(via="sentence subject")
        att.speaker, att.speaker_head, att.owner = speaker_of(subject)
        att.context = self._context_of(root, [(q.open_at, q.close_end)])
        return att

    def _before_region(self, q: Marked, p_start: int) -> tuple[int, int]:
        floor = p_start
        for other in self.marked:
            if other.close_end <= q.open_at and other.close_end > floor:
                floor = other.close_end
        sentence_starts = [m.end() for m in SENTENCE_END.finditer(self.text, floor, q.open_at)]
        start = sentence_starts[-1] if sentence_starts else floor
        return start, q.open_at

    def _leads_in(self, region: tuple[int, int]) -> bool:
        """``X said, "`` / ``X wrote on Telegram: "``: a reporting verb closes the words before."""
        text = self.text[region[0]:region[1]].rstrip()
        if not text.endswith((":", ",")):
            return False
        tokens = [t for t in self.parsed.tokens(*region) if not t.is_space and not t.is_punct]
        return any(is_speech_verb(t, quote_adjacent=True) for t in tokens[-4:])

    def _introduces(self, region: tuple[int, int]) -> bool:
        """Whether the words before a quote lead into it (``X said:``, ``X said,``, ``But``)."""
        text = self.text[region[0]:region[1]].rstrip()
        if not text or text.endswith((":", ",")) or text.endswith(_DASHES):
            return True
        tokens = [t for t in self.parsed.tokens(*region) if not t.is_space]
        if not tokens:
            return True
        last = tokens[-1]
        if is_speech_verb(last, quote_adjacent=True) or (last.lower_ == "that" and len(tokens) > 1
                                                          and is_speech_verb(tokens[-2])):
            return True
        return all(t.pos_ in ("CCONJ", "ADV", "PUNCT", "INTJ", "SCONJ") for t in tokens)

    def _cue_attribution(self, cue, exclude: list[tuple[int, int]], banned: list[tuple[int, int]] = ()) -> Attribution:
        subject = reporting_subject(cue, banned)
        if subject is None and banned:  # next to a quote: "...," said X / Continued X: "..."
            subject = self._inverted_subject(cue)
            if subject is not None and any(s <= subject.idx < e for s, e in self._marked_spans):
                subject = None
        if subject is None:
            subject = self._named_to_the_left(cue, banned)
        att = Attribution(cue=cue_span(cue))
        att.date_context = self._context_of(cue, exclude)
        if subject is not None:
            att.speaker, att.speaker_head, att.owner = speaker_of(subject)
            antecedent = relative_antecedent(subject)
            if antecedent is not None and antecedent.lemma_.lower() in NOMINAL_CUES:
                # "X's remarks that accused Y": the remarks, and so X, speak
                att.speaker, att.speaker_head, att.owner = speaker_of(antecedent)
            elif antecedent is not None:  # "officials who said": "who" names them, they are the speaker
                att.speaker_head = (antecedent.idx, antecedent.idx + len(antecedent))
            if subject.lemma_.lower() in NOMINAL_CUES and CHANNELS.get(subject.lower_):
                att.channel_hint = CHANNELS[subject.lower_]
            subjects = [subject, *subjects_of(cue)]
            exclude = exclude + [subtree_bounds(list(s.subtree)) for s in subjects]
        att.context = self._context_of(cue, exclude)
        return att

    def _named_to_the_left(self, cue, banned):
        """A subject the parser lost (``Col. Jane Roe, a spokeswoman in Rome, said``): the nearest
        person, organisation or personal pronoun before the verb in its sentence."""
        sent_start = cue.sent.start
        for t in reversed(self.parsed.sp[max(sent_start, cue.i - 15):cue.i]):
            if any(s <= t.idx < e for s, e in banned) or t.text in ("“", "”", '"', "''", "``"):
                return None
            if t.ent_type_ in ("PERSON", "ORG") or t.lower_ in _SPEAKING_PRONOUNS:
                head = t
                while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                    head = head.head
                return head
        return None

    def _inverted_subject(self, cue):
        """``"...," said Gen. Jane Roe, the commander``: the first noun phrase after the verb."""
        for t in self.parsed.sp[cue.i + 1:cue.i + 6]:
            if t.is_punct or t.is_space:
                return None
            if t.pos_ in ("PROPN", "NOUN", "PRON") or t.lower_ == "one":
                head = t
                while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                    head = head.head
                return head
        return None

    def _after(self, q: Marked, p_end: int) -> Attribution | None:
        """``"...," X said`` / ``"...," said X``: a reporting verb right after the quote, or a
        short ``"...?" X pressed`` clause."""
        nxt = min((o.open_at for o in self.marked if o.open_at >= q.close_end), default=p_end)
        end = min(nxt, p_end)
        tokens = [t for t in self.parsed.tokens(q.close_end, end) if not t.is_space]
        if not tokens or tokens[0].text in _DASHES:
            return None
        window = []
        for t in tokens[:MAX_AFTER_TOKENS]:
            if t.text in ".!?" and window:
                break
            window.append(t)
        quote = [(q.open_at, q.close_end)]
        lead = [t for t in window[:2] if not t.is_punct]
        if lead and lead[0].tag_ in ("VBD", "VBZ") and lead[0].i + 1 < len(self.parsed.sp) and \
                self.parsed.sp[lead[0].i + 1].pos_ in ("PROPN", "DET", "NOUN", "ADJ") and \
                not reporting_subject(lead[0], quote):
            return self._cue_attribution(lead[0], quote, banned=quote)
        quoted = self.text[q.start:q.end].rstrip()
        # after a quote that ends its sentence, a new sentence follows: only a bare "X said." is
        # still its attribution ("She noted a rally" is not)
        ended = quoted.endswith(".") or (quoted.endswith(("?", "!")) and window and window[0].is_title
                                         and window[0].pos_ != "PROPN")
        for n, t in enumerate(window):
            if is_speech_verb(t, quote_adjacent=True):
                if ended and (n > 3 or any(c.dep_ in CONTENT_DEPS for c in t.children)):
                    continue
                att = self._cue_attribution(t, quote, banned=quote)
                if n < MAX_CUE_DISTANCE or att.speaker and att.speaker[0] >= q.close_end:
                    return att
        if not (quoted.endswith((",", "?", "!")) or window and window[0].text == ","):
            return None
        clause = []
        for t in window:
            if t.is_punct:
                if clause:
                    break
                continue
            clause.append(t)
        if 2 <= len(clause) <= 5:
            verb = next((t for t in clause if t.pos_ == "VERB"), None)
            if verb is not None and any(c in clause for c in subjects_of(verb)):
                return self._cue_attribution(verb, quote, banned=quote)
        return None

    def _before(self, region: tuple[int, int], q: Marked) -> Attribution | None:
        """``X said: "..."`` / ``X said, "..."``: the last reporting verb before the quote."""
        tokens = [t for t in self.parsed.tokens(*region) if not t.is_space]
        text = self.text[region[0]:region[1]].rstrip()
        if not tokens:
            return self._colon_sentence(region, q)
        quote = [(q.open_at, q.close_end)]
        for t in reversed(tokens[-MAX_CUE_DISTANCE:]):
            if is_speech_verb(t, quote_adjacent=True):
                return self._cue_attribution(t, quote, banned=quote)
        if text.endswith(":"):
            # a lead-in without a verb: "The minister's answer: "..."" names its speaker as subject
            named = [t for t in tokens if t.ent_type_ in ("PERSON", "ORG")]
            ranked = named + [t for t in tokens if t.dep_ in SUBJECTS or t.dep_ == "ROOT"] + \
                [t for t in tokens if t.pos_ == "PROPN"]
            for t in ranked[:1]:
                if t.pos_ not in ("PUNCT", "SPACE"):
                    head = t
                    owner = owner_of(t)
                    if owner is not None:
                        head = owner
                    mention, head_span, _ = speaker_of(head)
                    return Attribution(speaker=mention, speaker_head=head_span,
                                       context=[(tt.idx, tt.idx + len(tt)) for tt in tokens])
        return None

    def _colon_sentence(self, region: tuple[int, int], q: Marked) -> Attribution | None:
        """A quote opening its sentence after a sentence that ends with a colon."""
        before = self.text[:region[0]].rstrip()
        if not before.endswith(":"):
            return None
        token = self.parsed.token_at(len(before) - 1)
        if token is None:
            return None
        sent = token.sent
        return self._before((sent.start_char, len(before)), q)

    def _dash(self, q: Marked, p_end: int) -> Attribution | None:
        """``"..." - Commissioner X``: a name after a dash, on the quote's line or alone on the next."""
        m = re.match(r"\s*(?:--|[-–—])\s*", self.text[q.close_end:p_end])
        if not m and not self.text[q.close_end:p_end].strip() and q.paragraph + 1 < len(self.paragraphs):
            next_start, next_end = self.paragraphs[q.paragraph + 1]
            line = self.text[next_start:next_end]
            m = re.match(r"\s*(?:--|[-–—])\s*", line)
            if m and len(line.split()) <= 8:
                return self._dash_name(next_start + m.end(), next_end)
            return None
        if not m:
            return None
        return self._dash_name(q.close_end + m.end(), p_end)

    def _dash_name(self, start: int, p_end: int) -> Attribution | None:
        tokens = [t for t in self.parsed.tokens(start, p_end) if not t.is_space]
        head = next((t for t in tokens[:6] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if head is None:
            return None
        # the rightmost noun of the leading noun run is the head ("Commissioner Jane Roe")
        while head.i + 1 < len(self.parsed.sp) and self.parsed.sp[head.i + 1].pos_ == "PROPN" and \
                self.parsed.sp[head.i + 1].idx < p_end:
            head = self.parsed.sp[head.i + 1]
        if head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        mention, head_span, owner = speaker_of(head)
        mention = (min(mention[0], start if self.text[start].isupper() else mention[0]), mention[1])
        return Attribution(speaker=mention, speaker_head=head_span, owner=owner,
                           context=[(start, mention[1])])

    def _is_label(self, q: Marked) -> bool:
        """A quote in the object of a labelling verb ("calls the strikes "terrorist attacks"") or
        after "so-called"."""
        if self._after_so_called(q):
            return True
        token = self.parsed.token_at(q.start)
        hops = 0
        while token is not None and hops < 5:
            if token.pos_ == "VERB":
                return token.lemma_.lower() in LABEL_VERBS
            if token.head is token:
                break
            token = token.head
            hops += 1
        return False

    def _after_so_called(self, q: Marked) -> bool:
        before = self.text[max(0, q.open_at - 12):q.open_at].lower()
        return "so-called" in before or "so called" in before

    def _is_title(self, q: Marked) -> bool:
        """A title or a name: every word capitalised and no sentence punctuation."""
        words = self.text[q.start:q.end].split()
        if not words or len(words) > 10 or re.search(r"[.!?,]$", self.text[q.start:q.end]):
            return False
        small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "with", "at", "by"}
        return all(w[0].isupper() or w.lower() in small or not w[0].isalpha() for w in words)

    def _sentence_speaker(self, q: Marked) -> Attribution | None:
        """The speaker of a long quoted fragment that no speech verb governs: the subject of the
        sentence's main verb, when it names someone."""
        token = self.parsed.token_at(q.start)
        if token is None:
            return None
        root = token.sent.root
        subject = subject_of(root)
        if subject is None or subject.idx >= q.open_at:
            return None
        att = Attribution(via="sentence subject")
        att.speaker, att.speaker_head, att.owner = speaker_of(subject)
        att.context = self._context_of(root, [(q.open_at, q.close_end)])
        return att

    def _previous_speaker(self, q: Marked) -> Attribution | None:
        """An unattributed quote: the speaker of a quote in the same or the preceding sentences
        (a paragraph that is only a quote continues the previous speaker), or the person the
        preceding sentence is about."""
        token = self.parsed.token_at(q.start)
        if token is None:
            return None
        sent = token.sent
        floor_paragraph = q.paragraph - 1
        for step in range(SPEAKER_LOOKBACK_SENTENCES + 1):
            earlier = [(quote, att) for quote, att, para in self.quotes
                       if quote.start < q.start and quote.end > sent.start_char and att.speaker
                       and para >= floor_paragraph]
            if earlier:
                previous = max(earlier, key=lambda pair: pair[0].start)[1]
                return Attribution(speaker=previous.speaker, speaker_head=previous.speaker_head,
                                   owner=previous.owner, via="previous speaker")
            quoted = overlaps_any((sent.start_char, sent.end_char), ((m.open_at, m.close_end) for m in self.marked))
            if step > 0 and not quoted:  # a narrative sentence: the person it is about
                subject = subject_of(sent.root)
                if subject is not None and (subject.ent_type_ == "PERSON"
                                            or subject.lower_ in _PERSON_SUBJECT_PRONOUNS
                                            or _announces_speech(sent.root) and could_speak(subject)):
                    att = Attribution(via="previous speaker")
                    att.speaker, att.speaker_head, att.owner = speaker_of(subject)
                    return att
            if sent.start == 0:
                return None
            sent = self.parsed.sp[sent.start - 1].sent
            if self._paragraph_of(sent.end_char - 1) < floor_paragraph:
                return None
        return None

    # -- reported speech
    def _reported(self):
        """(content span, attribution, paragraph, cue token) of every reported statement."""
        out = []
        sp = self.parsed.sp
        if not len(sp):
            return out
        # look only at tokens whose lemma could be a cue (a vectorised filter: this runs on every token)
        strings = sp.vocab.strings
        wanted = numpy.array([strings[w] for w in _CUE_LEMMAS])
        values = sp.to_array([LEMMA, LOWER])
        candidates = numpy.nonzero(numpy.isin(values[:, 0], wanted) | (values[:, 1] == strings["according"]))[0]
        for index in candidates.tolist():
            token = sp[index]
            lemma = token.lemma_.lower()
            if lemma in SPEECH_VERBS and is_speech_verb(token):
                content = verb_statement(token)
                if content is not None:
                    out.append((content, self._cue_attribution(token, [content]),
                                self._paragraph_of(token.idx), token))
            elif lemma in LABEL_VERBS and token.pos_ == "VERB":
                item = self._label_statement(token)
                if item is not None:
                    out.append((*item, self._paragraph_of(token.idx), token))
            elif token.lower_ == "according" and token.i + 1 < len(sp) and sp[token.i + 1].lower_ == "to":
                item = according_to(token)
                if item is not None:
                    out.append((*item, self._paragraph_of(token.idx), token))
            elif token.pos_ == "NOUN" and lemma in NOMINAL_CUES:
                item = noun_statement(token)
                if item is not None:
                    out.append((*item, self._paragraph_of(token.idx), token))
        return out


    def _label_statement(self, verb) -> tuple[tuple[int, int], Attribution] | None:
        """A label given with "as" by a named subject ("X described the plan as a failure"); a label
        with no one giving it is the writer's."""
        content = label_statement(verb)
        if content is None:
            return None
        att = self._cue_attribution(verb, [content])
        return (content, att) if att.speaker else None


def _announces_speech(verb) -> bool:
    """Whether a sentence's main verb announces a statement: a speech verb, or a verb whose object
    is a speech noun ("issued a statement", "released a letter")."""
    return is_speech_verb(verb) or any(c.dep_ == "dobj" and c.lemma_.lower() in NOMINAL_CUES for c in verb.children)


class Quotes:
    name = "quotes"
    requires = ("parse", "entities")
    assigns = ("quotes",)

    def __call__(self, doc: Document) -> None:
        if doc.parse is None or not len(doc.parse):
            return
        doc.quotes.extend(QuoteFinder(doc).run())
