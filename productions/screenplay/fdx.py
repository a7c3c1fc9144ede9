"""Read Final Draft (.fdx) screenplays, an XML format, without trusting the XML."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from .elements import SceneDraft, character_name, split_heading
from .model import ParsedScene, ParsedScript, ScreenplayError
from .pages import element_lines, parse_eighths
from .text import NOT_TEXT, check_not_empty, looks_binary

UNSAFE_XML = "The Final Draft file is not valid: it uses XML entities, which are not allowed."
NOT_FINAL_DRAFT = "This XML file is not a Final Draft (.fdx) screenplay."

_PAGE_KIND = {
    "Action": "action",
    "General": "action",
    "Shot": "action",
    "Dialogue": "dialogue",
    "Parenthetical": "parenthetical",
    "Transition": "transition",
    "Lyrics": "lyric",
}


def parse_fdx(data: bytes) -> ParsedScript:
    """Read the bytes of a .fdx file into a script."""
    root = _parse_xml(data)
    warnings: list[str] = []
    scenes = _read_scenes(_paragraphs(_content(root)), warnings)
    return ParsedScript(title=_title(root), format="fdx", scenes=scenes, warnings=warnings)


def _parse_xml(data: bytes) -> Element:
    """Parse `data` refusing entities, DTD tricks and external references."""
    check_not_empty(data)
    try:
        return fromstring(data)
    except DefusedXmlException:
        raise ScreenplayError(UNSAFE_XML) from None
    except ParseError as error:
        if looks_binary(data[:4096].decode("latin-1")):
            raise ScreenplayError(NOT_TEXT) from None
        line, column = error.position
        raise ScreenplayError(
            f"The Final Draft file is not valid XML: it breaks off at line {line}, "
            f"column {column + 1}."
        ) from None


def _content(root: Element) -> Element:
    content = root.find("Content") if root.tag == "FinalDraft" else None
    if content is None:
        raise ScreenplayError(NOT_FINAL_DRAFT)
    return content


def _paragraphs(content: Element) -> Iterator[Element]:
    """Yield the script's paragraphs in order, those of dual dialogue included."""
    for paragraph in content.findall("Paragraph"):
        dual = paragraph.find("DualDialogue")
        if dual is not None:
            yield from dual.findall("Paragraph")
        else:
            yield paragraph


def _text(paragraph: Element) -> str:
    """Return a paragraph's text: the runs of its `Text` children, joined."""
    return "".join(run.text or "" for run in paragraph.findall("Text")).strip()


def _read_scenes(paragraphs: Iterator[Element], warnings: list[str]) -> list[ParsedScene]:
    drafts: list[SceneDraft] = []
    for index, paragraph in enumerate(paragraphs, start=1):
        kind, text = paragraph.get("Type", ""), _text(paragraph)
        if kind == "Scene Heading":
            _start_scene(drafts, paragraph, text, index, warnings)
        elif drafts and kind == "Character":
            name = character_name(text).upper()
            drafts[-1].add_character(name)
            drafts[-1].page_lines += element_lines("character", name)
        elif drafts and text:
            drafts[-1].page_lines += element_lines(_PAGE_KIND.get(kind, "action"), text)
    return [draft.scene() for draft in drafts]


def _start_scene(
    drafts: list[SceneDraft], paragraph: Element, text: str, index: int, warnings: list[str]
) -> None:
    if not text:
        warnings.append(f"Paragraph {index}: an empty scene heading; it is ignored.")
        return
    heading = split_heading(text)
    number = (paragraph.get("Number") or "").strip()
    if number:
        heading = replace(heading, number=number)
    draft = SceneDraft(heading, position=len(drafts) + 1)
    draft.page_lines = element_lines("heading", heading.text)
    _read_properties(draft, paragraph.find("SceneProperties"), warnings)
    drafts.append(draft)


def _read_properties(draft: SceneDraft, properties: Element | None, warnings: list[str]) -> None:
    """Take the scene's stated page length and summary from its `SceneProperties`."""
    if properties is None:
        return
    length = (properties.get("Length") or "").strip()
    if length:
        draft.stated_eighths = parse_eighths(length)
        if draft.stated_eighths is None:
            warnings.append(
                f"Scene {draft.heading.number or draft.position}: page length '{length}' "
                "is not a number of pages; it is estimated instead."
            )
    summary = properties.find("Summary")
    texts = [_text(p) for p in summary.iter("Paragraph")] if summary is not None else []
    draft.synopsis.extend(text for text in texts if text)
    if not draft.synopsis and properties.get("Title"):
        draft.synopsis.append(properties.get("Title", "").strip())


def _title(root: Element) -> str:
    """Return the first centered line of the title page, or "" when there is none."""
    for paragraph in root.iterfind("TitlePage/Content/Paragraph"):
        text = _text(paragraph)
        if text and paragraph.get("Alignment") == "Center":
            return " ".join(text.split())
    return ""
