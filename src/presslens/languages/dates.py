"""Russian and Ukrainian date expressions, resolved against the publication date as English ones.

The vocabulary is data (data/cues/dates_ru_uk.json): month and weekday names in the cases dates
use ("9 октября", "у жовтні", "в понедельник", "минулого понеділка"), relative words ("вчера",
"минулого тижня", "два года назад") and year words ("2023 года", "2023 р."). An expression is read
into the English stage's terms (month number, weekday, last/next/this) and resolved by the same
rules (presslens.stages.dates), so both languages point "Monday" to the same day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from presslens.data import load_json
from presslens.document import Document
from presslens.stages.dates import Match, _anchored, add_dates

_VOCAB = load_json("cues/dates_ru_uk.json")
_APOSTROPHE = "['’ʼ]"


def _normal(word: str) -> str:
    return re.sub(_APOSTROPHE, "'", word.lower())


def _alternation(words) -> str:
    escaped = (re.escape(w).replace("'", _APOSTROPHE) for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


MONTHS = {_normal(form): int(n) for n, forms in _VOCAB["months"].items() for form in forms}
WEEKDAYS = {_normal(form): int(n) for n, forms in _VOCAB["weekdays"].items() for form in forms}
WHICH = {_normal(form): which for which, forms in _VOCAB["which"].items() for form in forms}
UNITS = {_normal(form): unit for unit, forms in _VOCAB["units"].items() for form in forms}
NUMBER_WORDS = {_normal(k): v for k, v in _VOCAB["number_words"].items()}
ENGLISH_MONTHS = list(calendar.month_name)  # "" first: index = number
ENGLISH_WEEKDAYS = ["", *calendar.day_name]  # Monday = 1

_END = r"(?!\w)"
_LEAD = rf"(?:(?P<lead>{_alternation(_VOCAB['leads'])})\s+)?"
_WHICH = rf"(?:(?P<which>{_alternation(WHICH)})\s+)?"
_MONTH = rf"(?P<month>{_alternation(MONTHS)}){_END}"
_WEEKDAY = rf"(?P<weekday>{_alternation(WEEKDAYS)}){_END}"
_DAY = r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:-?(?:го|е|ого))?"
_YEAR = r"(?P<year>1[89][0-9]{2}|20[0-9]{2})"
_YEAR_WORD = rf"(?:\s*{_alternation(_VOCAB['year_words'])}{_END}|{_END})"
_UNIT = rf"(?P<unit>{_alternation(UNITS)}){_END}"
_NUM = rf"(?:(?P<num>\d{{1,2}}|{_alternation(NUMBER_WORDS)})\s+)?"

# (kind, pattern); earlier patterns win over later ones starting at the same place. A year after
# a bare preposition must end its clause: "в 2000 раз" is a count.
PATTERNS: list[tuple[str, re.Pattern]] = [(kind, re.compile(pattern, re.I)) for kind, pattern in [
    ("numeric", rf"(?<![\d.])(?P<day>3[01]|[12][0-9]|0[1-9])\.(?P<mnum>1[0-2]|0[1-9])\.{_YEAR}(?![\d])"),
    ("day_month_year", rf"(?<!\w){_LEAD}{_DAY}\s+{_MONTH}\s+{_YEAR}{_YEAR_WORD}"),
    ("day_month", rf"(?<!\w){_LEAD}{_DAY}\s+{_MONTH}"),
    ("month_year", rf"(?<!\w){_LEAD}{_MONTH}\s+{_YEAR}{_YEAR_WORD}"),
    ("weekday", rf"(?<!\w){_LEAD}{_WHICH}{_WEEKDAY}"),
    ("month", rf"(?<!\w)(?:(?P<lead>{_alternation(_VOCAB['leads'])})\s+|(?P<which>{_alternation(WHICH)})\s+)+{_MONTH}"),
    ("relative_day", rf"(?<!\w)(?P<word>{_alternation(_VOCAB['relative_days'])}){_END}"),
    ("relative_unit", rf"(?<!\w){_LEAD}(?P<which>{_alternation(WHICH)})\s+{_UNIT}"),
    ("ago", rf"(?<!\w){_NUM}{_UNIT}\s+(?P<ago>{_alternation(_VOCAB['ago_words'])}){_END}"),
    ("year", rf"(?<![\w.,-]){_LEAD}{_YEAR}\s*(?:{_alternation(_VOCAB['year_words'])}){_END}"),
    ("year", rf"(?<!\w)(?P<lead>{_alternation(_VOCAB['year_leads'])})\s+{_YEAR}(?=\s*[,.;:)]|\s*$)(?![.,]\d)"),
]]
_FUTURE = re.compile(rf"(?<!\w){_alternation(_VOCAB['future_markers'])}", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")


def find_expressions(text: str) -> list[Match]:
    """Every date expression, longest first where they overlap."""
    found = [Match(kind, m.start(), m.end(), {k: v for k, v in m.groupdict().items() if v})
             for kind, pattern in PATTERNS for m in pattern.finditer(text)]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Match] = []
    for m in found:
        if not chosen or m.start >= chosen[-1].end:
            chosen.append(m)
    return chosen


def _future(text: str, start: int, end: int) -> bool:
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_BREAK.search(text, end)
    return bool(_FUTURE.search(text, left, right_match.start() if right_match else len(text)))


def _explicit(m: Match) -> str | None:
    """The value of an expression that names its year."""
    g = m.groups
    try:
        if m.kind == "numeric":
            return dt.date(int(g["year"]), int(g["mnum"]), int(g["day"])).isoformat()
        if m.kind == "day_month_year":
            return dt.date(int(g["year"]), MONTHS[_normal(g["month"])], int(g["day"])).isoformat()
    except ValueError:
        return None
    if m.kind == "month_year":
        return f"{int(g['year']):04d}-{MONTHS[_normal(g['month'])]:02d}"
    return g["year"]


def _week(anchor: dt.date, which: str) -> str | None:
    """Last, this or next week: the month (or year) its seven days lie in, as precise as that."""
    shift = {"last": -1, "this": 0, "next": 1}[which]
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=shift)
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}"
    return f"{monday.year:04d}" if monday.year == sunday.year else None


def resolve(m: Match, text: str, anchor: dt.date | None) -> str | None:
    """The value of a date expression, its own where it names a year, else read against ``anchor``."""
    if m.kind in ("numeric", "day_month_year", "month_year", "year"):
        return _explicit(m)
    if anchor is None:
        return None
    g = m.groups
    if m.kind == "relative_day":
        return (anchor + dt.timedelta(days=_VOCAB["relative_days"][g["word"].lower()])).isoformat()
    unit = UNITS.get(_normal(g.get("unit", "")))
    which = WHICH.get(_normal(g.get("which", "")), "")
    if unit == "week":
        if m.kind == "ago":
            return (anchor - dt.timedelta(weeks=_count(g))).isoformat()
        return _week(anchor, which)
    english = {"which": which} if which else {}
    if "month" in g:
        english["month"] = ENGLISH_MONTHS[MONTHS[_normal(g["month"])]]
    if "day" in g:
        english["day"] = g["day"]
    if "weekday" in g:
        english["weekday"] = ENGLISH_WEEKDAYS[WEEKDAYS[_normal(g["weekday"])]]
    if unit is not None:
        english["unit"] = unit
    if m.kind == "ago":
        english["num"] = str(_count(g))
    return _anchored(Match(m.kind, m.start, m.end, english), _future(text, m.start, m.end), anchor)


def _count(groups: dict) -> int:
    """The number of an "N units ago": a bare "год назад" is one."""
    num = groups.get("num")
    if num is None:
        return 1
    return int(num) if num.isdigit() else NUMBER_WORDS[_normal(num)]


class CyrillicDates:
    name = "dates"
    requires = ("parse",)
    assigns = ("dates",)

    def __call__(self, doc: Document) -> None:
        add_dates(doc, find_expressions(doc.text), resolve)
