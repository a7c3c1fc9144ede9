"""The result of reading a screenplay, and the one error reading it can raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ScriptFormat = Literal["fountain", "fdx"]


class ScreenplayError(Exception):
    """Bad input: the message is one human sentence, safe to show to whoever uploaded the file."""


@dataclass(frozen=True)
class ParsedScene:
    """One scene as the script states it, in script order."""

    number: str
    int_ext: str
    set_name: str
    time_of_day: str
    page_eighths: int
    characters: list[str]
    synopsis: str
    heading: str
    position: int


@dataclass
class ParsedScript:
    """A whole screenplay: its title, its scenes and what could not be read."""

    title: str
    format: ScriptFormat
    scenes: list[ParsedScene] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def to_contract_dict(parsed: ParsedScript) -> dict[str, object]:
    """Return the title and scenes in the shape of the `import_script --json` contract."""
    return {
        "title": parsed.title,
        "scenes": [
            {
                "number": scene.number,
                "int_ext": scene.int_ext,
                "set_name": scene.set_name,
                "time_of_day": scene.time_of_day,
                "page_eighths": scene.page_eighths,
                "characters": list(scene.characters),
            }
            for scene in parsed.scenes
        ],
    }
