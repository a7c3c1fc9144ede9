"""The text of a screenplay's scenes, element by element, for printing sides: plain Python.

The screenplay reader in ``productions.screenplay`` keeps only what the breakdown needs (the
heading, the speaking characters, the length). Sides need the words too, so this module walks
the same file with the same rules, the Fountain reader subclassed and the Final Draft
paragraphs read by type, keeping each element's kind and text. Scenes are keyed by the number
the import gives them, so they match the production's scenes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from productions.screenplay import ScreenplayError, format_for
from productions.screenplay import fdx as fdx_reader
from productions.screenplay import fountain as fountain_reader
from productions.screenplay.elements import SceneDraft, character_name, split_heading
from productions.screenplay.text import check_size, decode_text, strip_emphasis

# What sides print, in the order a page lays them out.
KINDS = ("heading", "action", "character", "parenthetical", "dialogue", "transition", "lyric")


@dataclass
class SceneText:
    number: str
    heading: str
    elements: list[tuple[str, str]] = field(default_factory=list)

    def add(self, kind: str, text: str, *, joined: bool = False) -> None:
        """Add an element; a line that continues the one before joins it (dialogue, action)."""
        if joined and self.elements and self.elements[-1][0] == kind:
            previous = self.elements[-1][1]
            self.elements[-1] = (kind, f"{previous}\n{text}" if previous else text)
        else:
            self.elements.append((kind, text))


class _FountainTextReader(fountain_reader._BodyReader):
    """The Fountain reader, also keeping each element's words against its scene."""

    def __init__(self, lines: list[str], warnings: list[str]) -> None:
        super().__init__(lines, warnings)
        self.texts: list[SceneText] = []

    def _add(self, kind: str, text: str, *, spaced: bool = True) -> None:
        super()._add(kind, text, spaced=spaced)
        if not self.drafts:
            return
        if len(self.texts) < len(self.drafts):
            draft: SceneDraft = self.drafts[-1]
            number = draft.heading.number or str(draft.position)
            self.texts.append(SceneText(number=number, heading=draft.heading.text))
        scene = self.texts[-1]
        if kind == "heading":
            return
        text = strip_emphasis(text)
        # A dialogue or action line right after one of its kind continues the same block.
        joined = kind in ("dialogue", "action") and (kind == "dialogue" or not spaced)
        if kind == "dialogue" and scene.elements and scene.elements[-1][0] == "parenthetical":
            joined = False
        scene.add(kind, text, joined=joined)


def _fountain_scenes(data: bytes) -> list[SceneText]:
    warnings: list[str] = []
    text = decode_text(data, warnings).replace("\t", "    ")
    text = fountain_reader._hide_boneyard_and_notes(text, warnings)
    lines = text.split("\n")
    _, start = fountain_reader._read_title_page(lines, warnings)
    reader = _FountainTextReader(lines, warnings)
    reader.read(start)
    return reader.texts


_FDX_KIND = {**fdx_reader._PAGE_KIND, "Character": "character"}


def _fdx_scenes(data: bytes) -> list[SceneText]:
    root = fdx_reader._parse_xml(data)
    scenes: list[SceneText] = []
    for paragraph in fdx_reader._paragraphs(fdx_reader._content(root)):
        kind, text = paragraph.get("Type", ""), fdx_reader._text(paragraph)
        if kind == "Scene Heading":
            if not text:
                continue
            heading = split_heading(text)
            number = (paragraph.get("Number") or "").strip() or heading.number
            scenes.append(SceneText(number=number or str(len(scenes) + 1), heading=heading.text))
        elif scenes and text:
            kind = _FDX_KIND.get(kind, "action")
            scenes[-1].add(kind, character_name(text).upper() if kind == "character" else text)
    return scenes


def scene_texts(data: bytes, filename: str) -> dict[str, SceneText]:
    """Return each scene's text by scene number; raise ScreenplayError on a file it cannot read."""
    check_size(data)
    if format_for(filename) == "fdx":
        scenes = _fdx_scenes(data)
    else:
        scenes = _fountain_scenes(data)
    if not scenes:
        raise ScreenplayError("The script has no scenes to take sides from.")
    texts: dict[str, SceneText] = {}
    for scene in scenes:
        # A repeated number keeps its first scene, as the import matches the first.
        texts.setdefault(scene.number, scene)
    return texts
