"""JSON parsing bounded in nesting depth, for every reader of JSON that comes from outside.

``json.loads`` recurses once per nesting level, so a line of a thousand ``[`` ends in a
``RecursionError`` that no caller expects; and an integer longer than Python converts ends in a
plain ``ValueError``. Both become ``InputRejected`` here, with a reason, before or while parsing.
"""
from __future__ import annotations

import collections
import itertools
import json
import re
import sys
from typing import Any

from presslens.errors import Code, InputRejected

# Far more than a record needs, far less than the interpreter's recursion limit.
MAX_DEPTH = 100

# A JSON string, skipped whole (brackets inside it do not nest); an unterminated one runs to the end.
# Possessive, and matching wherever a quote starts, so that the scan stays linear on any input.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_STRUCTURE = re.compile(r"[^\[\]{}\n]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1, "\n": 0}


def load_json(text: str, first_line: int = 1) -> Any:
    """The value ``text`` holds, or ``InputRejected`` (malformed, nested deeper than
    ``MAX_DEPTH``, or a number too long to convert). ``first_line`` numbers the lines in messages."""
    too_deep = _line_too_deep(text, MAX_DEPTH)
    if too_deep is not None:
        raise InputRejected.of(Code.JSON_TOO_DEEP, line=first_line + too_deep, limit=MAX_DEPTH)
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise InputRejected.of(Code.MALFORMED_JSON, line=first_line + exc.lineno - 1, detail=exc.msg) from None


def _line_too_deep(text: str, limit: int) -> int | None:
    """The 0-based line on which nesting first goes deeper than ``limit``, if it does. Every
    step runs in C (regular expressions, itertools), not once per character in Python."""
    if text.count("[") + text.count("{") <= limit:  # the common case
        return None
    structure = _NOT_STRUCTURE.sub("", _STRING.sub("", text))
    depths = itertools.accumulate(map(_STEP.__getitem__, structure))
    shallow = collections.deque(enumerate(itertools.takewhile(limit.__ge__, depths)), maxlen=1)
    first_too_deep = shallow[0][0] + 1 if shallow else 0
    if first_too_deep == len(structure):
        return None
    return structure.count("\n", 0, first_too_deep)


def _int(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:  # more digits than sys.get_int_max_str_digits() allows
        raise InputRejected.of(Code.JSON_NUMBER_TOO_LONG, limit=sys.get_int_max_str_digits()) from None
