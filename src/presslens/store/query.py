"""What a user's search becomes before any backend sees it, the same for every store.

A search string may come from a URL, a command line or a Python caller, and hold anything: a NUL
ends a C string inside the database engine (SQLite's FTS5 reads ``russia\\0`` as an unterminated
string), a lone surrogate cannot be encoded as UTF-8 at all. Neither can be part of a word a
stored text holds, so they are read as spaces between words, whatever the backend.
"""
from __future__ import annotations

import unicodedata

# Unicode categories that never occur inside a searchable word: control characters (NUL, escape,
# the C1 controls) and surrogate code points (half of a pair, never a character on its own).
_NOT_TEXT = frozenset({"Cc", "Cs"})
# The escape character of ``like_pattern``; both SQLite and PostgreSQL accept it in ``ESCAPE '\'``.
LIKE_ESCAPE = "\\"


def search_words(q: str) -> list[str]:
    """The words of a search, control characters and surrogates read as spaces."""
    return "".join(" " if unicodedata.category(c) in _NOT_TEXT else c for c in q).split()


def like_pattern(q: str) -> str | None:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching text that contains the search's words as typed
    (one space between them), wildcards in them taken literally; None when no word is left."""
    words = search_words(q)
    if not words:
        return None
    text = " ".join(words)
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return f"%{text}%"


# Punctuation a searcher types around a word that no stored word starts or ends with in the same
# way: quotes (`"nuclear`), a wildcard habit (`NATO*`), brackets.
_AROUND_WORDS = "\"'“”‘’«»*()[]{}<>.,;:!?"


def plain_words(q: str) -> list[str]:
    """The words of a search for a substring match (claims): casefolded, with the punctuation
    typed around them removed; a word of punctuation only is dropped."""
    words = (w.strip(_AROUND_WORDS).casefold() for w in search_words(q))
    return [w for w in words if w]
