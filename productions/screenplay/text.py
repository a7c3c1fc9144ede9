"""Turn uploaded bytes into text, refusing what is too big, empty or not text at all."""

from __future__ import annotations

import codecs
import math
import re

from .model import ScreenplayError

MAX_SCRIPT_BYTES = 10 * 1024 * 1024

NOT_TEXT = "The file is not text: it looks like a binary file."
EMPTY = "The file is empty."

# Control characters other than tab, newline, form feed and carriage return, C1 controls included:
# text decoded from a binary file is full of them, real screenplays have next to none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SAMPLE_CHARS = 64 * 1024
_MAX_CONTROL_SHARE = 0.05
_EMPHASIS = re.compile(r"(?<!\\)[*_]")
_ESCAPED_EMPHASIS = re.compile(r"\\([*_])")


def check_size(data: bytes) -> None:
    """Raise ScreenplayError when `data` is over MAX_SCRIPT_BYTES."""
    if len(data) > MAX_SCRIPT_BYTES:
        # Round up, so a file just over the limit never reads as "10.0 MB; the limit is 10 MB".
        megabytes = math.ceil(len(data) * 10 / (1024 * 1024)) / 10
        raise ScreenplayError(f"The file is {megabytes:.1f} MB; the limit is 10 MB.")


def check_not_empty(text: str | bytes) -> None:
    """Raise ScreenplayError when `text` holds nothing but whitespace."""
    if not text.strip():
        raise ScreenplayError(EMPTY)


def decode_text(data: bytes, warnings: list[str]) -> str:
    """Return `data` as text with "\\n" line ends, noting any fallback encoding in `warnings`."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(data)
    elif b"\x00" in data:
        raise ScreenplayError(NOT_TEXT)
    else:
        text = _decode_8bit(data, warnings)
    if looks_binary(text):
        raise ScreenplayError(NOT_TEXT)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    check_not_empty(text)
    return text


def looks_binary(text: str) -> bool:
    """Return whether the start of `text` is mostly control characters."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL_SHARE


def strip_emphasis(text: str) -> str:
    """Return `text` without Fountain's `*`/`_` emphasis markers, keeping escaped ones."""
    if "*" not in text and "_" not in text:
        return text
    return _ESCAPED_EMPHASIS.sub(r"\1", _EMPHASIS.sub("", text))


def _decode_utf16(data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        raise ScreenplayError(NOT_TEXT) from None


def _decode_8bit(data: bytes, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1252 first: it is what Word and older screenwriting tools save, and it is the
    # only reading that turns 0x92 into the apostrophe the writer typed.
    for codec, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        warnings.append(f"The file is not UTF-8; it was read as {name}.")
        return text
    raise ScreenplayError(NOT_TEXT)  # unreachable: latin-1 decodes any bytes
