"""Quote marks: the stretches of an article's text between quote marks, found on the characters
(quote marks do not follow tokens well, and broken punctuation is common in machine-translated
text), and the paragraphs they pair within.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[.!?]\s")
_DOUBLE_MARK = re.compile(r"``|''|[\"“”„«»]")
_DOUBLE_OPEN = {"“": ("”", "“", '"'), "„": ("“", "”"), "«": ("»",), "``": ("''", "”", '"')}
_DOUBLE_CLOSE = ("”", "»", "''")
_SINGLE_QUOTE = re.compile(r"(?<![\w’'])(['‘])(?=\w)((?:[^'‘’\n\"“”]|['’](?=\w))+?[\w.,!?])['’](?![\w])")


@dataclass
class Marked:
    """A stretch of text between quote marks: ``start:end`` is the quoted words."""

    start: int
    end: int
    open_at: int  # where the opening mark starts (== start when it is missing)
    close_end: int  # just after the closing mark (== end when it is missing)
    paragraph: int
    closed: bool = True  # False for a quote its paragraph ends before any closing mark



def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in re.finditer(r"\n", text):
        if text[start:m.start()].strip():
            bounds.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def _is_opening_position(text: str, i: int, width: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _is_closing_position(text: str, i: int, width: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def find_marked(text: str) -> list[Marked]:
    """Every quoted stretch, best reading first: double marks pair across a paragraph; an unclosed
    quote ends with its paragraph (the next paragraph usually reopens it); a stray closing mark
    closes a quote begun at the last opening mark or sentence start; single marks count outside
    double quotes only, and only where they pair in the same paragraph."""
    paragraphs = paragraph_bounds(text)
    starts = [p[0] for p in paragraphs]
    found: list[Marked] = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        found.extend(_double_quotes(text, p_start, p_end, index))
    singles = []
    for m in _SINGLE_QUOTE.finditer(text):
        if any(q.open_at <= m.start() < q.close_end for q in found):
            continue
        if m.group(1) == "'" and m.end() < len(text) and text[m.end() - 1] == "'" \
                and text[m.start(2) - 2:m.start(2)] == "''":
            continue
        paragraph = max(0, bisect.bisect_right(starts, m.start()) - 1)
        singles.append(Marked(m.start(2), m.end(2), m.start(), m.end(), paragraph))
    found.extend(singles)
    found = [q for q in found if text[q.start:q.end].strip()]
    found.sort(key=lambda q: q.start)
    found = _bridge_unmarked_paragraphs(text, paragraphs, found)
    return [_trim(text, q) for q in found]


def _bridge_unmarked_paragraphs(text: str, paragraphs: list[tuple[int, int]], found: list[Marked]) -> list[Marked]:
    """A paragraph without marks between a quote left open and a paragraph whose quote lost its
    opening mark (it only closes) is the middle of one quotation: the writer dropped the marks."""
    first_of: dict[int, Marked] = {}
    last_of: dict[int, Marked] = {}
    for q in found:
        if text[q.open_at] not in "'‘":  # single marks inside are nested quotes, not the writer's
            first_of.setdefault(q.paragraph, q)
            last_of[q.paragraph] = q
    bridges = []
    for index in range(1, len(paragraphs) - 1):
        before, after = last_of.get(index - 1), first_of.get(index + 1)
        if index in first_of or before is None or after is None or before.closed:
            continue
        if after.open_at == after.start and not text[paragraphs[index + 1][0]:after.open_at].strip():
            p_start, p_end = paragraphs[index]
            bridges.append(Marked(p_start, p_end, p_start, p_end, index, closed=False))
    if not bridges:
        return found
    kept = [q for q in found if not any(b.start <= q.open_at < b.end for b in bridges)]
    return sorted(kept + bridges, key=lambda q: q.start)


def _trim(text: str, q: Marked) -> Marked:
    start, end = q.start, q.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Marked(start, end, q.open_at, q.close_end, q.paragraph, q.closed)


def _double_quotes(text: str, p_start: int, p_end: int, paragraph: int) -> list[Marked]:
    out: list[Marked] = []
    open_at: int | None = None
    open_width = 0
    closers: tuple[str, ...] = ()
    for found in _DOUBLE_MARK.finditer(text, p_start, p_end):
        i, mark = found.start(), found.group()
        width = len(mark)
        if open_at is None:
            if mark in _DOUBLE_OPEN or (mark == '"' and not _is_closing_position(text, i, 1)) or (
                    mark in ("»", "''", "”") and _is_opening_position(text, i, width)):
                open_at, open_width = i, width
                closers = _DOUBLE_OPEN.get(mark, {"»": ("«", "»"), "''": ("''", "”", '"')}.get(mark, ('"', "”", "“")))
            else:  # a closing mark with no quote open: stray
                out = _stray_close(text, out, p_start, i, width, paragraph)
        else:
            is_close = mark in closers and (mark in _DOUBLE_CLOSE or _is_closing_position(text, i, width)
                                            or not _is_opening_position(text, i, width))
            if is_close:
                out.append(Marked(open_at + open_width, i, open_at, i + width, paragraph))
                open_at = None
            elif mark in _DOUBLE_CLOSE:
                # a closing mark of another style inside an open quote: a typo for the right one
                out.append(Marked(open_at + open_width, i, open_at, i + width, paragraph))
                open_at = None
            # else: an opening mark inside an open quote is nested or a typo; keep the outer quote
    if open_at is not None:
        out.append(Marked(open_at + open_width, p_end, open_at, p_end, paragraph, closed=False))
    return out


def _stray_close(text: str, out: list[Marked], p_start: int, at: int, width: int, paragraph: int) -> list[Marked]:
    """A closing mark with no quote open. When the last quote closed right before a word that
    runs on (``"Hamas" ally is ...,"``) its closing mark was the stray one: extend that quote.
    Otherwise the opening mark is missing: the quote starts with its sentence."""
    if out:
        last = out[-1]
        follower = text[last.close_end:last.close_end + 2].strip()
        if follower[:1].isalpha() and follower[:1].islower() and len(text[last.start:last.end].split()) <= 3:
            return out[:-1] + [Marked(last.start, at, last.open_at, at + width, paragraph)]
    floor = out[-1].close_end if out else p_start
    sentence_starts = [m.end() for m in SENTENCE_END.finditer(text, floor, at)]
    start = sentence_starts[-1] if sentence_starts else floor
    while start < at and not text[start].isalnum():
        start += 1
    if start >= at:
        return out
    return out + [Marked(start, at, start, at + width, paragraph)]
