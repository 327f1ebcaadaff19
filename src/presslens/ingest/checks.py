"""Checks every text passes before analysis: decoding, emptiness, size and language."""
from __future__ import annotations

import codecs
import re

from presslens.errors import Code, InputRejected
from presslens.languages.identify import check_language

_SURROGATE = re.compile("[\ud800-\udfff]")


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is rejected,
    and so is binary content."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputRejected.of(Code.UNDECODABLE, detail=str(exc)) from None
    reject_binary(data)
    text = decode_utf8(data)
    _reject_control_characters(text)
    return text


def decode_utf8(data: bytes) -> str:
    """UTF-8 bytes (with or without BOM) to text; any other bytes are rejected, naming the first
    byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRejected.of(
            Code.UNDECODABLE, detail=f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None


def reject_binary(data: bytes) -> None:
    """Rejects bytes whose start holds a NUL, which no UTF-8 text does."""
    if b"\x00" in data[:8192]:
        raise InputRejected.of(Code.BINARY, detail="it contains NUL bytes")


def _reject_control_characters(text: str) -> None:
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    if sample and controls / len(sample) > 0.05:
        raise InputRejected.of(Code.BINARY, detail=f"{controls} control characters in the first {len(sample)}")


def check_text(text: str, max_chars: int, language: str | None = None) -> str:
    """The language of ``text`` (ISO 639-1; ``language`` when given) once it has passed the checks."""
    if not text.strip():
        raise InputRejected.of(Code.EMPTY)
    if len(text) > max_chars:
        raise InputRejected.of(Code.OVERSIZED, size=f"{len(text):,} characters", limit=max_chars)
    _reject_control_characters(text)
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise InputRejected.of(Code.UNDECODABLE, detail=f"an unpaired surrogate \\u{ord(surrogate.group()):04x} "
                                                        f"at character {surrogate.start()}")
    return check_language(text, language)


def utf8_safe(value: str) -> str:
    """``value`` with unpaired surrogates (from JSON escapes such as ``\\ud800``, or from file
    names that are not UTF-8) replaced by U+FFFD: what any UTF-8 output can carry."""
    return _SURROGATE.sub("\ufffd", value)
