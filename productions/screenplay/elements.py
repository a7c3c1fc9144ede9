"""Read scene headings and character cues the same way for every format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import ParsedScene
from .pages import eighths_from_lines
from .text import strip_emphasis

# Longest prefixes first, so "INT./EXT." is not read as "INT" followed by "./EXT.".
_PREFIX = re.compile(r"(int\.?/ext|ext\.?/int|i/e|int|ext|est)(?=[.\s])", re.IGNORECASE)
_HEADING_FIRST_CHARACTERS = frozenset("IiEe*_")
_SCENE_NUMBER = re.compile(r"\s*#([\w.\-]+)#\s*$")
# The time of day follows the last dash; en and em dashes and "--" come from word processors.
_TIME_SEPARATOR = re.compile(r"(?:^|\s+)(?:-{1,2}|–|—)\s+")
_EXTENSION = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Heading:
    """A scene heading split into the parts a stripboard shows."""

    text: str
    int_ext: str
    set_name: str
    time_of_day: str
    number: str


def has_heading_prefix(text: str) -> bool:
    """Return whether `text` starts like a scene heading: INT, EXT, EST, I/E… then "." or space."""
    if text[:1] not in _HEADING_FIRST_CHARACTERS:
        return False
    return _PREFIX.match(strip_emphasis(text)) is not None


def split_heading(text: str) -> Heading:
    """Split a heading such as "INT. MAYA'S FLAT - KITCHEN - NIGHT #12A#" into its parts."""
    text = " ".join(text.split())
    number_match = _SCENE_NUMBER.search(text)
    number = number_match.group(1) if number_match else ""
    if number_match:
        text = text[: number_match.start()].rstrip()
    plain = strip_emphasis(text)
    int_ext, rest = _split_prefix(plain)
    set_name, time_of_day = _split_time(rest)
    return Heading(text, int_ext, set_name, time_of_day, number)


def character_name(cue: str) -> str:
    """Return the character a cue names, without extensions, "^" or a leading "@"."""
    name = cue.strip().removeprefix("@").rstrip().removesuffix("^")
    name = _EXTENSION.sub(" ", name).split("(")[0]
    return " ".join(strip_emphasis(name).split())


def _split_prefix(text: str) -> tuple[str, str]:
    match = _PREFIX.match(text)
    if not match:
        return "", text
    prefix = match.group(1).upper()
    int_ext = "INT/EXT" if "/" in prefix else prefix
    return int_ext, text[match.end() :].lstrip(". ")


def _split_time(rest: str) -> tuple[str, str]:
    separators = list(_TIME_SEPARATOR.finditer(rest))
    if not separators:
        return _clean(rest), ""
    last = separators[-1]
    return _clean(rest[: last.start()]), _clean(rest[last.end() :])


def _clean(part: str) -> str:
    return " ".join(part.strip(" -–—").split()).upper()


@dataclass
class SceneDraft:
    """A scene while its format's reader is still collecting it."""

    heading: Heading
    position: int
    characters: list[str] = field(default_factory=list)
    synopsis: list[str] = field(default_factory=list)
    page_lines: int = 0
    stated_eighths: int | None = None

    def add_character(self, name: str) -> None:
        """Note that `name` speaks in this scene, keeping the order of first cues."""
        if name and name not in self.characters:
            self.characters.append(name)

    def scene(self) -> ParsedScene:
        """Return the finished scene, its length stated by the script or else estimated."""
        heading = self.heading
        if self.stated_eighths is not None:
            eighths = max(1, self.stated_eighths)
        else:
            eighths = eighths_from_lines(self.page_lines)
        return ParsedScene(
            number=heading.number or str(self.position),
            int_ext=heading.int_ext,
            set_name=heading.set_name,
            time_of_day=heading.time_of_day,
            page_eighths=eighths,
            characters=list(self.characters),
            synopsis=" ".join(part for part in self.synopsis if part),
            heading=heading.text,
            position=self.position,
        )
