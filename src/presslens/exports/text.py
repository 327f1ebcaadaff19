"""Text as each export format can hold it. Names, ids and evidence come from articles and file
names, so they may hold anything Unicode allows; the formats do not:

- UTF-8 cannot encode a lone surrogate (JSON input may spell one, ``"\\ud800"``): it becomes
  U+FFFD, the replacement character, in every format;
- JSON escapes control characters, but JSON lines readers that split on Unicode line breaks
  (Python's ``str.splitlines``) would also split on NEL, LINE and PARAGRAPH SEPARATOR: those are
  escaped too;
- XML 1.0 forbids most control characters, even escaped (``&#1;`` is not well-formed): they
  become U+FFFD; a CR becomes LF, as every XML parser reads it anyway;
- line-based tables (GDELT-style TSV, CSV) keep one record per line and a constant number of
  fields: control characters (tab, CR, LF included) and line or paragraph separators become
  spaces, and runs of white space one space.
"""
from __future__ import annotations

import json
import re
from typing import Any

from presslens.ingest.checks import utf8_safe

REPLACEMENT = "\ufffd"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNICODE_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")
_CONTROL_OR_SEPARATOR = re.compile("[\u0000-\u001f\u007f-\u009f\u2028\u2029]")


def xml_safe(value: str) -> str:
    """``value`` as XML 1.0 text or attribute, read back by any parser exactly as written."""
    return _NOT_XML.sub(REPLACEMENT, value).replace("\r\n", "\n").replace("\r", "\n")


def one_line(value: object) -> str:
    """``value`` as one field of a line-based table: no control characters, no line breaks."""
    if value is None:
        return ""
    return " ".join(_CONTROL_OR_SEPARATOR.sub(" ", utf8_safe(str(value))).split())


def json_line(value: Any) -> str:
    """``value`` as one line of JSON lines, in UTF-8 as far as JSON allows."""
    text = utf8_safe(json.dumps(value, ensure_ascii=False))
    return _UNICODE_LINE_BREAK.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
