"""Choose the reader for an uploaded screenplay by its file name, and check what it found."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from .fdx import parse_fdx
from .fountain import parse_fountain
from .model import ParsedScript, ScreenplayError, ScriptFormat
from .text import check_size, decode_text

FORMATS: dict[str, ScriptFormat] = {
    ".fountain": "fountain",
    ".spmd": "fountain",
    ".txt": "fountain",
    ".fdx": "fdx",
}
NO_HEADINGS = "No scene headings found: a scene starts with a line such as 'INT. KITCHEN - DAY'."
MAX_WARNINGS = 50
_WHAT_TO_UPLOAD = "upload a Fountain (.fountain, .spmd, .txt) or Final Draft (.fdx) file."


def parse_screenplay(data: bytes, filename: str) -> ParsedScript:
    """Read a Fountain or Final Draft file into its scenes; raise ScreenplayError on bad input."""
    script_format = format_for(filename)
    check_size(data)
    if script_format == "fdx":
        parsed = parse_fdx(data)
    else:
        warnings: list[str] = []
        parsed = parse_fountain(decode_text(data, warnings), warnings)
    if not parsed.scenes:
        raise ScreenplayError(NO_HEADINGS)
    parsed.warnings.extend(_repeated_number_warnings(parsed))
    parsed.warnings = _at_most(MAX_WARNINGS, parsed.warnings)
    return parsed


def format_for(filename: str) -> ScriptFormat:
    """Return the format a file name's extension stands for; raise ScreenplayError for others."""
    suffix = PurePath(filename.replace("\\", "/")).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if not suffix:
        raise ScreenplayError(f"The file name has no extension: {_WHAT_TO_UPLOAD}")
    raise ScreenplayError(f"Unsupported file type '{suffix}': {_WHAT_TO_UPLOAD}")


def _repeated_number_warnings(parsed: ParsedScript) -> list[str]:
    """Warn about scene numbers used twice: a revision can no longer tell those scenes apart."""
    counts = Counter(scene.number for scene in parsed.scenes)
    return [
        f"Scene number {number} is used by {count} scenes."
        for number, count in counts.items()
        if count > 1
    ]


def _at_most(limit: int, warnings: list[str]) -> list[str]:
    """Return the first `limit` warnings and a count of the rest: a page of them is enough."""
    if len(warnings) <= limit:
        return warnings
    return [*warnings[:limit], f"…and {len(warnings) - limit} more warnings."]
