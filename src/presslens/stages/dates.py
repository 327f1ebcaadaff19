"""Date expressions, each resolved against the publication date.

A rule set rather than dateparser: dateparser gives no offsets and cannot read "late December".
Values are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as the expression. Without a
publication date only expressions that carry their own year are resolved.

Unanchored expressions ("March", "Monday", "October 9") point to the latest such date not after
publication, as news mostly reports the past, unless the sentence speaks of the future ("will",
"scheduled", ...).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from presslens.data import load_json
from presslens.document import DateMention, Document
from presslens.syntax import NUMBER_LABELS

_VOCAB = load_json("cues/dates.json")
MONTHS: dict[str, int] = {name.lower(): number for table in (_VOCAB["months"], _VOCAB["month_abbreviations"])
                          for name, number in table.items()}
WEEKDAYS: dict[str, int] = {k.lower(): v for k, v in _VOCAB["weekdays"].items()}
NUMBER_WORDS: dict[str, int] = _VOCAB["number_words"]
YEAR_LEAD_WORDS = frozenset(_VOCAB["year_lead_words"])



def _any_case_first(phrases: list[str]) -> str:
    """An alternation of lower-case phrases that also matches each with a capital first letter."""
    return "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}" for p in phrases)


_FULL_MONTH = "|".join(_VOCAB["months"])
_ABBR_MONTH = "|".join(sorted(_VOCAB["month_abbreviations"], key=len, reverse=True))
_MONTH_DAYFUL = rf"(?P<month>{_FULL_MONTH}|(?:{_ABBR_MONTH})\.?)"
_MONTH = rf"(?P<month>{_FULL_MONTH})"
_DAY = r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89][0-9]{2}|20[0-9]{2})"
_LEAD = r"(?:(?P<lead>[Oo]n|[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter)\s+)?"
_PART = rf"(?:(?P<part>{_any_case_first(_VOCAB['part_of_month'])})[\s-]+)?"
_WHICH = r"(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming)\s+)?"
_WEEKDAY = rf"(?P<weekday>{'|'.join(_VOCAB['weekdays'])})"
_NUM = rf"(?P<num>\d{{1,2}}|{'|'.join(_VOCAB['number_words'])})"
_NO_DIGIT_AFTER = r"(?![\d,]*\d)"

# (name, pattern); earlier patterns win over later ones starting at the same place.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"\b{_LEAD}(?P<year>\d{{4}})-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})\b")),
    ("month_day_year", re.compile(rf"\b{_LEAD}{_MONTH_DAYFUL}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_LEAD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_DAYFUL}\s*,?\s+{_YEAR}\b")),
    ("month_year", re.compile(rf"\b{_LEAD}{_PART}{_MONTH}\s*,?\s+(?:of\s+)?{_YEAR}\b")),
    ("month_day", re.compile(rf"\b{_LEAD}{_MONTH_DAYFUL}\s+{_DAY}\b{_NO_DIGIT_AFTER}")),
    ("day_month", re.compile(rf"\b{_LEAD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_DAYFUL}\b")),
    ("weekday", re.compile(rf"\b{_LEAD}{_WHICH}{_WEEKDAY}\b")),
    ("month", re.compile(rf"\b{_LEAD}{_WHICH}{_PART}{_MONTH}\b")),
    ("relative_day", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight|the day before yesterday)\b", re.I)),
    ("relative_unit", re.compile(r"\b(?:(?P<lead>in|since|during|until|by)\s+)?"
                                 r"(?P<which>last|this|next|past|previous)\s+(?P<unit>year|month)\b", re.I)),
    ("ago", re.compile(rf"\b{_NUM}\s+(?P<unit>year|month|day)s?\s+ago\b", re.I)),
    ("year", re.compile(rf"(?<![\d$€£.,-]){_LEAD}{_YEAR}\b(?!s\b|\s*%|[.,]\d|-\d)")),
]
_FUTURE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _VOCAB["future_markers"]) + r")\b", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")


@dataclass
class Match:
    kind: str
    start: int
    end: int
    groups: dict


def find_expressions(text: str) -> list[Match]:
    """Every date expression, longest first where they overlap."""
    found: list[Match] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            found.append(Match(kind, m.start(), m.end(), {k: v for k, v in m.groupdict().items() if v}))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Match] = []
    for m in found:
        if chosen and m.start < chosen[-1].end:
            continue
        chosen.append(m)
    return chosen


def _month(name: str) -> int:
    """The number of a month named in full or abbreviated ("Sept.")."""
    return MONTHS[name.rstrip(".").lower()]


def _future(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``start:end`` speaks of the future."""
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    return bool(_FUTURE.search(text, left, right))


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def resolve(m: Match, text: str, anchor: dt.date | None) -> str | None:
    """The value of a date expression: its own where it names a year, else read against
    ``anchor`` (the publication date; None resolves nothing that needs it)."""
    g = m.groups
    if m.kind == "iso":
        try:
            return dt.date(int(g["year"]), int(g["mnum"]), int(g["day"])).isoformat()
        except ValueError:
            return None
    if m.kind in ("month_day_year", "day_month_year"):
        try:
            return dt.date(int(g["year"]), _month(g["month"]), int(g["day"])).isoformat()
        except ValueError:
            return None
    if m.kind == "month_year":
        return f"{int(g['year']):04d}-{_month(g['month']):02d}"
    if m.kind == "year":
        return g["year"]
    if anchor is None:
        return None
    return _anchored(m, _future(text, m.start, m.end), anchor)


def _month_day(month: int, day: int, anchor: dt.date, future: bool) -> str | None:
    """"October 9": the latest such day not after ``anchor``, or the next one in a sentence about
    the future."""
    for year in ((anchor.year, anchor.year - 1) if not future else (anchor.year, anchor.year + 1)):
        if day > calendar.monthrange(year, month)[1]:
            continue
        candidate = dt.date(year, month, day)
        if (candidate <= anchor) != future or candidate == anchor:
            return candidate.isoformat()
    return None


def _anchored(m: Match, future: bool, anchor: dt.date) -> str | None:
    """The value of an expression that names no year, read against ``anchor``."""
    g = m.groups
    if m.kind in ("month_day", "day_month"):
        return _month_day(_month(g["month"]), int(g["day"]), anchor, future)
    if m.kind == "month":
        month = _month(g["month"])
        which = (g.get("which") or "").lower()
        if which == "this":
            year = anchor.year
        elif which in ("next", "coming") or (future and not which):
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif which in ("last", "past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
        else:
            year = anchor.year if month <= anchor.month else anchor.year - 1
        return f"{year:04d}-{month:02d}"
    if m.kind == "weekday":
        weekday = WEEKDAYS[g["weekday"].lower()]
        which = (g.get("which") or "").lower()
        back = (anchor.isoweekday() - weekday) % 7
        if which in ("next", "coming") or (future and which != "last"):
            ahead = (weekday - anchor.isoweekday()) % 7 or (7 if which else 0)
            return (anchor + dt.timedelta(days=ahead)).isoformat()
        if which in ("last", "past") and back == 0:
            back = 7
        return (anchor - dt.timedelta(days=back)).isoformat()
    if m.kind == "relative_day":
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2}[g["word"].lower()]
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if m.kind == "relative_unit":
        delta = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[g["which"].lower()]
        if g["unit"].lower() == "year":
            return f"{anchor.year + delta:04d}"
        year, month = _shift_months(anchor.year, anchor.month, delta)
        return f"{year:04d}-{month:02d}"
    if m.kind == "ago":
        n = NUMBER_WORDS.get(g["num"].lower()) or int(g["num"])
        unit = g["unit"].lower()
        if unit == "year":
            return f"{anchor.year - n:04d}"
        if unit == "month":
            year, month = _shift_months(anchor.year, anchor.month, -n)
            return f"{year:04d}-{month:02d}"
        return (anchor - dt.timedelta(days=n)).isoformat()
    return None


def _plausible_year(doc: Document, m: Match) -> bool:
    """A bare 4-digit number is a year when the parser says DATE or a year-leading word precedes
    it ("in 2010", "the 2022 invasion"); counts ("2000 troops") are not."""
    if m.groups.get("lead"):
        return True
    previous = re.search(r"([A-Za-z]+)[\s-]*$", doc.text[max(0, m.start - 20):m.start])
    if previous and previous.group(1).lower() in YEAR_LEAD_WORDS:
        return True
    if doc.parse is not None:
        span = doc.parse.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span[0].ent_type_:
            return span[0].ent_type_ not in NUMBER_LABELS
    return False


class Dates:
    name = "dates"
    requires = ("parse",)
    assigns = ("dates",)

    def __call__(self, doc: Document) -> None:
        add_dates(doc, (m for m in find_expressions(doc.text) if _is_date(doc, m)), resolve)


def _is_date(doc: Document, m: Match) -> bool:
    if m.kind == "year":
        return _plausible_year(doc, m)
    # a bare "May" is far more often the modal verb
    return not (m.kind == "month" and m.groups["month"] == "May" and len(m.groups) == 1)


def add_dates(doc: Document, matches: Iterable[Match],
              resolve_match: Callable[[Match, str, dt.date | None], str | None]) -> None:
    """The date mentions of ``doc``: each of ``matches`` that ``resolve_match`` gives a value
    against the publication date, its span snapped to the parse's tokens (every language's stage)."""
    anchor = doc.meta.published_date
    for m in matches:
        value = resolve_match(m, doc.text, anchor)
        if value is not None:
            span = doc.span(m.start, m.end)
            doc.dates.append(DateMention(span.start, span.end, span.text, value))
