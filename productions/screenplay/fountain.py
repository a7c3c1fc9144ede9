"""Read Fountain screenplays, as the syntax at https://fountain.io/syntax describes them."""

from __future__ import annotations

import re

from .elements import SceneDraft, character_name, has_heading_prefix, split_heading
from .model import ParsedScene, ParsedScript
from .pages import element_lines
from .text import strip_emphasis

# A note may span lines but not an empty one (the spec asks for two spaces there) and never holds
# another "[[": both keep one unclosed "[[" from swallowing the rest of the script.
_NOTE = re.compile(r"\[\[(?:(?!\[\[|\n\n).)*?\]\]", re.DOTALL)
_TITLE_LINE = re.compile(r"([A-Za-z][A-Za-z0-9 ]*):(.*)")
# A first line such as "FADE IN:" is also "key: value"; only a block naming one of these keys is
# taken for a title page.
_TITLE_KEYS = frozenset(
    {
        "title",
        "credit",
        "author",
        "authors",
        "source",
        "draft date",
        "date",
        "contact",
        "copyright",
        "notes",
        "revision",
        "watermark",
    }
)
_PAGE_BREAK = re.compile(r"={3,}")
_FORCED_HEADING = re.compile(r"\.[^\W_]")
# Two spaces alone on a line keep a dialogue block going across an empty line.
_DIALOGUE_SPACER = "  "


def parse_fountain(text: str, warnings: list[str]) -> ParsedScript:
    """Read Fountain `text` (already decoded, "\\n" line ends) into a script."""
    text = _hide_boneyard_and_notes(text.replace("\t", "    "), warnings)
    lines = text.split("\n")
    title, body_start = _read_title_page(lines, warnings)
    scenes = _BodyReader(lines, warnings).read(body_start)
    return ParsedScript(title=title, format="fountain", scenes=scenes, warnings=warnings)


def _hide_boneyard_and_notes(text: str, warnings: list[str]) -> str:
    """Blank out boneyard and notes, keeping their line breaks so line numbers stay true."""
    text = _hide_boneyard(text, warnings)
    text = _NOTE.sub(_keep_line_breaks, text)
    _warn_unclosed_notes(text, warnings)
    return text


def _hide_boneyard(text: str, warnings: list[str]) -> str:
    # str.find rather than a regular expression: a regex retried from every unclosed "/*" to the
    # end of the file takes quadratic time on a hostile upload.
    parts: list[str] = []
    done = 0
    while (start := text.find("/*", done)) != -1:
        end = text.find("*/", start + 2)
        if end == -1:
            line = text.count("\n", 0, start) + 1
            warnings.append(f"Line {line}: a boneyard '/*' is never closed; it is read as script.")
            break
        parts += [text[done:start], "\n" * text.count("\n", start, end)]
        done = end + 2
    parts.append(text[done:])
    return "".join(parts)


def _keep_line_breaks(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def _warn_unclosed_notes(text: str, warnings: list[str]) -> None:
    line, counted = 1, 0
    start = text.find("[[")
    while start != -1:
        line += text.count("\n", counted, start)
        counted = start
        warnings.append(f"Line {line}: a note '[[' is never closed; it is read as script.")
        start = text.find("[[", start + 2)


def _read_title_page(lines: list[str], warnings: list[str]) -> tuple[str, int]:
    """Return the title and the index where the body starts (0 when there is no title page)."""
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    block = lines[start:end]
    keys = {m.group(1).strip().lower() for line in block if (m := _TITLE_LINE.fullmatch(line))}
    if not block or not _TITLE_LINE.fullmatch(block[0]) or not keys & _TITLE_KEYS:
        return "", 0
    fields = _title_fields(block, start, warnings)
    title = strip_emphasis(" ".join(fields.get("title", [])))
    return " ".join(title.split()), end


def _title_fields(block: list[str], start: int, warnings: list[str]) -> dict[str, list[str]]:
    """Return each title page key's values; a value may go on indented lines after its key."""
    fields: dict[str, list[str]] = {}
    values: list[str] | None = None
    for offset, line in enumerate(block):
        match = _TITLE_LINE.fullmatch(line.rstrip())
        if match:
            values = fields.setdefault(match.group(1).strip().lower(), [])
            if match.group(2).strip():
                values.append(match.group(2).strip())
        elif values is not None and line[:1].isspace():
            values.append(line.strip())
        else:
            line_number = start + offset + 1
            warnings.append(f"Line {line_number}: not a 'Key: value' title page line; ignored.")
    return fields


def _heading_text(text: str) -> str | None:
    """Return the heading a line states, without a forcing ".", or None if it states none."""
    if _FORCED_HEADING.match(text):
        return text[1:]
    return text if has_heading_prefix(text) else None


def _is_centered(text: str) -> bool:
    return text.startswith(">") and text.endswith("<")


def _is_transition(text: str) -> bool:
    if text.startswith(">"):
        return True
    return text.endswith("TO:") and not any(c.islower() for c in text)


def _is_cue(text: str) -> bool:
    """Return whether `text` names a character: forced with "@", or upper case outside "(…)"."""
    name = character_name(text)
    if not name or text.startswith("@"):
        return bool(name)
    return any(c.isalpha() for c in name) and not any(c.islower() for c in name)


class _BodyReader:
    """Walk the body of a Fountain script line by line, collecting scenes."""

    def __init__(self, lines: list[str], warnings: list[str]) -> None:
        self.lines = lines
        self.warnings = warnings
        self.drafts: list[SceneDraft] = []
        self.after_blank = True
        self.in_dialogue = False
        self.in_section = False
        self.last_kind = ""

    def read(self, start: int) -> list[ParsedScene]:
        """Read the lines from `start` on and return the scenes found."""
        for index in range(start, len(self.lines)):
            self._read_line(index)
        return [draft.scene() for draft in self.drafts]

    def _read_line(self, index: int) -> None:
        raw = self.lines[index]
        text = raw.strip()
        if not text:
            self._read_blank(raw)
        elif self.in_dialogue:
            self._read_dialogue(index, text)
        elif text.startswith(("#", "=")):
            self._read_outline(text)
        else:
            self._read_element(index, text)

    def _read_blank(self, raw: str) -> None:
        if self.in_dialogue and raw == _DIALOGUE_SPACER:
            self._add("dialogue", "")
            return
        self.in_dialogue = False
        self.after_blank = True
        self.last_kind = ""

    def _read_dialogue(self, index: int, text: str) -> None:
        self._warn_if_heading(index, text, "dialogue")
        self._add("parenthetical" if text.startswith("(") else "dialogue", text)

    def _read_outline(self, text: str) -> None:
        """Read sections, synopses and page breaks, which never show on the page."""
        if text.startswith("#"):
            self.in_section = True
        elif not _PAGE_BREAK.fullmatch(text) and self.drafts and not self.in_section:
            self.drafts[-1].synopsis.append(text[1:].strip())

    def _read_element(self, index: int, text: str) -> None:
        heading = _heading_text(text)
        if text.startswith("!"):
            self._read_action(text[1:])
        elif heading is not None and self.after_blank:
            self._start_scene(index, heading)
        elif _is_centered(text):
            self._read_action(text[1:-1].strip())
        elif _is_transition(text) and (self.after_blank or text.startswith(">")):
            self._add("transition", text)
            self._set_last("transition")
        elif text.startswith("~"):
            self._add("lyric", text[1:])
            self._set_last("lyric")
        elif self.after_blank and self._next_has_text(index) and _is_cue(text):
            self._read_cue(text)
        else:
            self._warn_if_heading(index, text, "action")
            self._read_action(text)

    def _start_scene(self, index: int, text: str) -> None:
        draft = SceneDraft(split_heading(text), position=len(self.drafts) + 1)
        self.drafts.append(draft)
        self.in_section = False
        self._add("heading", draft.heading.text)
        self._warn_if_no_blank_after(index)
        self._set_last("heading")
        # Read what follows as the start of a block even without the blank line the spec asks
        # for: a heading is never the first line of a paragraph of action.
        self.after_blank = True

    def _read_cue(self, text: str) -> None:
        name = character_name(text)
        if self.drafts:
            self.drafts[-1].add_character(name)
        self._add("character", name)
        self._set_last("character")
        self.in_dialogue = True

    def _read_action(self, text: str) -> None:
        self._add("action", text, spaced=self.last_kind != "action")
        self._set_last("action")

    def _set_last(self, kind: str) -> None:
        self.last_kind = kind
        self.after_blank = False

    def _add(self, kind: str, text: str, *, spaced: bool = True) -> None:
        if self.drafts:
            self.drafts[-1].page_lines += element_lines(kind, text, spaced=spaced)

    def _next_has_text(self, index: int) -> bool:
        return index + 1 < len(self.lines) and bool(self.lines[index + 1].strip())

    def _warn_if_heading(self, index: int, text: str, read_as: str) -> None:
        """Warn about an upper-case heading stuck to the line before it, which the spec ignores."""
        if has_heading_prefix(text) and not any(c.islower() for c in text):
            self.warnings.append(
                f"Line {index + 1}: '{text}' looks like a scene heading but has no blank line "
                f"before it; it is read as {read_as}."
            )

    def _warn_if_no_blank_after(self, index: int) -> None:
        following = self.lines[index + 1].strip() if index + 1 < len(self.lines) else ""
        if following and not following.startswith(("=", "#")):
            self.warnings.append(
                f"Line {index + 1}: the scene heading has no blank line after it; "
                "it is read as a heading all the same."
            )
