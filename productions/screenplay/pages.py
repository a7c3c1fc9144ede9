"""Estimate how much of a page a scene fills, in eighths, as a standard screenplay page lays out.

A US screenplay page in 12-point Courier holds about 55 lines. Action and headings run about 61
characters to a line, dialogue about 35, parentheticals about 25; cues and transitions take one
line. Headings stand after two blank lines, other blocks after one; dialogue and parentheticals
follow their cue directly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from productions.eighths import format_eighths  # noqa: F401 - re-exported for the reader

LINES_PER_PAGE = 55
EIGHTHS_PER_PAGE = 8

_WIDTH = {"heading": 61, "action": 61, "dialogue": 35, "parenthetical": 25, "lyric": 35}
_ONE_LINE = {"character", "transition"}
_SPACE_BEFORE = {"heading": 2, "action": 1, "character": 1, "transition": 1}
_LENGTH = re.compile(r"(?:(?P<whole>\d+)(?:\s+|$))?(?:(?P<num>\d+)/(?P<den>\d+))?")


def element_lines(kind: str, text: str, *, spaced: bool = True) -> int:
    """Return the page lines a `kind` element holding `text` takes, with its spacing if `spaced`."""
    space = _SPACE_BEFORE.get(kind, 0) if spaced else 0
    if kind in _ONE_LINE:
        return space + 1
    width = _WIDTH.get(kind, _WIDTH["action"])
    return space + sum(wrapped_lines(line, width) for line in text.split("\n"))


def wrapped_lines(line: str, width: int) -> int:
    """Return how many lines `line` wraps to at `width` characters, breaking between words."""
    if len(line) <= width:
        return 1
    count, used = 1, 0
    for word in line.split():
        if used and used + 1 + len(word) <= width:
            used += 1 + len(word)
            continue
        if used:
            count += 1
        used = len(word)
        while used > width:
            count += 1
            used -= width
    return count


def eighths_from_lines(lines: int) -> int:
    """Return `lines` of a page in eighths, rounded half up, never less than one eighth."""
    return max(1, math.floor(lines / LINES_PER_PAGE * EIGHTHS_PER_PAGE + 0.5))


def estimate_eighths(elements: Iterable[tuple[str, str]]) -> int:
    """Return the eighths a scene made of (kind, text) elements fills, each a separate block."""
    return eighths_from_lines(sum(element_lines(kind, text) for kind, text in elements))


def parse_eighths(length: str) -> int | None:
    """Return a page length written "1 3/8", "5/8" or "2" in eighths, or None if unreadable."""
    match = _LENGTH.fullmatch(length.strip())
    if not match or not match.group(0) or match.group("den") == "0":
        return None
    whole = int(match.group("whole") or 0)
    fraction = 0
    if match.group("num"):
        fraction = round(int(match.group("num")) * EIGHTHS_PER_PAGE / int(match.group("den")))
    return whole * EIGHTHS_PER_PAGE + fraction
