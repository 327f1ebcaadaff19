"""The options of an analysis: built by the CLI, the HTTP API and Python callers alike."""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from presslens.errors import Code, InputRejected

DEFAULT_MAX_CHARS = 2_000_000
# The languages analysed (presslens.languages.identify.SUPPORTED).
LANGUAGES = ("en", "ru", "uk")


@dataclass(frozen=True)
class AnalyzeOptions:
    # The date relative expressions resolve against when a document has none of its own.
    published: str | None = None
    # spaCy model package; None resolves PRESSLENS_MODEL, then en_core_web_sm, then the mirror.
    model: str | None = None
    # Longest text analysed, in characters; longer inputs are rejected as oversized.
    max_chars: int = DEFAULT_MAX_CHARS
    # Worker processes; None means one per core.
    jobs: int | None = None
    # Extra actor knowledge-base files (the actors stage reads them).
    actor_files: tuple[str, ...] = field(default_factory=tuple)
    # The language of every input (en, ru, uk); None identifies each input's own.
    language: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None:
            object.__setattr__(self, "published", check_date(self.published))
        if self.max_chars < 1:
            raise ValueError("max_chars must be positive")
        if self.language is not None and self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}")

    @property
    def workers(self) -> int:
        return max(1, self.jobs or os.cpu_count() or 1)


_ISO_TIME = re.compile(r"\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?")


def check_date(value: str) -> str:
    """A publication date as ``YYYY-MM-DD``, from an ISO 8601 date or timestamp (``2023-02-01``,
    ``2023-02-01T10:00:00Z``: the date as written, whatever the offset). Anything else, a
    trailing word included, is rejected rather than cut to a date it may not mean."""
    text = str(value).strip()
    separator = re.search(r"[Tt ]", text)
    day, time = (text[:separator.start()], text[separator.end():]) if separator else (text, None)
    try:  # date and time apart: datetime.fromisoformat would take any character between them
        if time is not None:
            # fromisoformat alone takes more than ISO 8601 ("10:00AZ" in Python 3.11)
            if not _ISO_TIME.fullmatch(time):
                raise ValueError(time)
            dt.time.fromisoformat(time)
        return dt.date.fromisoformat(day).isoformat()
    except ValueError:
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise InputRejected.of(Code.INVALID_DATE, value=shown) from None
