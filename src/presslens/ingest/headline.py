"""What a plain-text article says about itself at its head: a headline on its first line, and the
date of a dateline ("KYIV, Oct. 10, 2023 —", "Published: 10 October 2023").

Both are read only where an article puts them, so that a sentence of the story is never taken for
either: the headline is the first line when it looks like one (short, not ending as a sentence
does, with more text after it), the date one written in full (day, month and year) at the start of
one of the first lines, after nothing but a place in capitals or a word such as "Published", or on
a short line of its own (a byline). Limits and words: ``data/cues/datelines.json``.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from presslens.data import load_json

_VOCAB = load_json("cues/datelines.json")
_HEADLINE = _VOCAB["headline"]
_DATELINE = _VOCAB["dateline"]
# A place in capitals before a dateline's date, with an agency in brackets: "NEW YORK (AP) —".
_PLACE = re.compile(r"^[A-Z][A-Z .'’-]*(\([^)]*\))?[\s,—–-]*$")
_SHORT_LINE_WORDS = 12


def headline(text: str) -> str | None:
    """The first line of ``text`` when it reads as a headline, without its markup (a Markdown
    ``#``); None otherwise."""
    lines = text.lstrip().split("\n")
    first = lines[0].strip().lstrip("#").strip()
    rest = lines[1:]
    if not first or not any(line.strip() for line in rest):
        return None  # a text of one line is the story, not its headline
    if len(first) > _HEADLINE["max_chars"] or len(first.split()) > _HEADLINE["max_words"]:
        return None
    if first.endswith(tuple(_HEADLINE["sentence_endings"])) or not any(c.isalpha() for c in first):
        return None
    following = rest[0].strip()
    if following and following[0].islower():  # a line wrapped inside a paragraph, not a headline
        return None
    if _line_date(first, short_line=False):  # "Published: 10 October 2023" is a date line
        return None
    return first


def dateline(text: str, skip_first: bool = False) -> str | None:
    """The date (``YYYY-MM-DD``) of the first dateline among the first lines of ``text``; the
    first line is skipped when ``skip_first`` (it is the headline, which may name a date)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = lines[1:] if skip_first else lines
    for line in head[:_DATELINE["lines_searched"]]:
        date = _line_date(line, short_line=True)
        if date:
            return date
    return None


def _line_date(line: str, short_line: bool) -> str | None:
    """The first date of ``line`` that a dateline introduces; with ``short_line``, any date of a
    line short enough to be a date or byline line of its own."""
    for match in _date_pattern().finditer(line):
        date = _date_of(match)
        if date and _introduces_a_date(line[:match.start()], line, short_line):
            return date
    return None


def _introduces_a_date(prefix: str, line: str, short_line: bool) -> bool:
    words = prefix.strip().rstrip(":,—–-").strip()
    if not words or _PLACE.match(prefix.strip()):
        return True
    if words.casefold() in _DATELINE["labels"]:
        return True
    return (short_line and len(line) <= _DATELINE["short_line_chars"] and len(line.split()) <= _SHORT_LINE_WORDS
            and not any(mark in line for mark in _DATELINE["not_in_short_date_lines"]))


@functools.cache
def _date_pattern() -> re.Pattern[str]:
    months = load_json("cues/dates.json")
    names = sorted([*months["months"], *months["month_abbreviations"]], key=len, reverse=True)
    month = rf"(?:{'|'.join(names)})\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    return re.compile(
        rf"\b(?:(?P<m1>{month})\s+(?P<d1>{day}),?\s+(?P<y1>\d{{4}})"       # October 10, 2023
        rf"|(?P<d2>{day})\s+(?P<m2>{month}),?\s+(?P<y2>\d{{4}})"            # 10 October 2023
        r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"                       # 2023-10-10
        r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4}))(?!\d)",        # 10.10.2023, 2023-10-10T08:00
        re.IGNORECASE)


def _date_of(match: re.Match[str]) -> str | None:
    for n in "1234":
        if match[f"y{n}"]:
            year, month, day = match[f"y{n}"], match[f"m{n}"], match[f"d{n}"]
            break
    try:
        value = dt.date(int(year), _month_number(month), int(re.sub(r"\D", "", day)))
    except ValueError:
        return None
    return value.isoformat()


def _month_number(month: str) -> int:
    if month.isdigit():
        return int(month)
    vocab = load_json("cues/dates.json")
    key = month.rstrip(".").casefold()
    for table in (vocab["months"], vocab["month_abbreviations"]):
        for name, number in table.items():
            if name.casefold() == key:
                return number
    raise ValueError(month)
