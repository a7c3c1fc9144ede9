"""Screenplays written for the tests, in Fountain and Final Draft, with the tricky cases in them.

A script is a list of ``Scene``s; the same list renders as Fountain or as FDX, so a revision is
the list with a scene added, changed or removed.
"""

from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

CAST = ["MAYA", "DANIEL", "RUTH", "OSCAR", "LENA", "VICTOR", "SAM", "HALE"]
HEADINGS = [
    "INT. MAYA'S APARTMENT - KITCHEN - NIGHT",
    "EXT. DOCKS - CONTAINER ROW - NIGHT",
    "int. police station - bullpen - day",
    "INT./EXT. RED PICKUP TRUCK - MOVING - NIGHT",
    "I/E. DINER - BOOTH - DAY",
    "EST. HARBOR WAREHOUSE - DAWN",
    "EXT. ROOFTOP -- NIGHT",
    "INT/EXT. HOSPITAL - AMBULANCE BAY – DAY",
]
ACTION = (
    "Rain needles the windows. {who} crosses to the door, listens, then checks the street "
    "below where a black sedan idles with its lights off."
)
LINES = [
    "You said midnight. It is twenty past.",
    "Then we wait. Whoever comes for the ledger comes through that gate.",
    "I have heard that before, usually right before somebody got hurt.",
]


@dataclass(frozen=True)
class Scene:
    number: str
    heading: str
    speakers: list[str] = field(default_factory=list)
    synopsis: str = ""
    beats: int = 3


def feature(scenes: int = 100) -> list[Scene]:
    """Return a feature of ``scenes`` numbered scenes, two or three speakers each."""
    result = []
    for n in range(1, scenes + 1):
        speakers = [CAST[0], CAST[n % 7 + 1]] + ([CAST[(n + 3) % 7 + 1]] if n % 4 == 0 else [])
        result.append(
            Scene(
                number=str(n),
                heading=HEADINGS[n % len(HEADINGS)],
                speakers=speakers,
                synopsis=f"Scene {n} moves the ledger closer to the harbor.",
                beats=len(speakers) + n % 5,
            )
        )
    return result


def revised(scenes: list[Scene], number: str, **changes) -> list[Scene]:
    """Return ``scenes`` with scene ``number`` changed."""
    return [replace(s, **changes) if s.number == number else s for s in scenes]


def fountain(scenes: list[Scene], title: str = "The Harbor") -> str:
    """Render ``scenes`` as Fountain, with a title page, notes, boneyard, sections and cues
    with extensions, forced names and dual dialogue along the way."""
    out = [
        f"Title: _**{title}**_\nCredit: Written by\nAuthor: A. Writer\n\n# ACT ONE\n\nFADE IN:\n"
    ]
    for scene in scenes:
        # Keyed on the number, not the position, so a revision leaves the other scenes alone.
        index = sum(map(ord, scene.number))
        out.append(f"\n{scene.heading} #{scene.number}#\n")
        if scene.synopsis:
            out.append(f"\n= {scene.synopsis}\n")
        for beat in range(scene.beats):
            speaker = scene.speakers[beat % len(scene.speakers)] if scene.speakers else ""
            out.append("\n" + ACTION.format(who=speaker.title() or "Nobody") + "\n")
            if speaker:
                cue = _cue(speaker, index, beat, last=beat == scene.beats - 1)
                out.append(f"\n{cue}\n{LINES[beat % len(LINES)]}\n")
        out.append(_tricky_text(index))
    return "".join(out)


def _cue(speaker: str, index: int, beat: int, *, last: bool) -> str:
    if last and beat and index % 6 == 1:
        return f"{speaker} ^"  # dual dialogue with the speaker before
    if beat == 1:
        return f"{speaker} (CONT'D)" if index % 2 else f"{speaker} (V.O.)"
    if beat == 2 and index % 5 == 0:
        return f"@{speaker}"
    return speaker


def _tricky_text(index: int) -> str:
    """Return text that looks like a scene but is not: notes, boneyard, sections, dual cues."""
    if index % 9 == 3:
        return "\n[[INT. A NOTE THAT LOOKS LIKE A SCENE - DAY]]\n"
    if index % 9 == 5:
        return "\n/*\nINT. A CUT SCENE - NIGHT\n\nMAYA\nThis was cut.\n*/\n"
    if index % 9 == 7:
        return "\n## INT. A SECTION, NOT A SCENE - DAY\n\nCUT TO:\n"
    return ""


def fdx(scenes: list[Scene], title: str = "The Harbor") -> str:
    """Render ``scenes`` as a Final Draft file, stating page lengths for every other scene."""
    body = []
    for scene in scenes:
        index = sum(map(ord, scene.number))
        length = f' Length="{1 + index % 2} {1 + index % 7}/8"' if index % 2 == 0 else ""
        synopsis = (
            f"<Summary><Paragraph><Text>{escape(scene.synopsis)}</Text></Paragraph></Summary>"
            if scene.synopsis
            else ""
        )
        body.append(
            f'<Paragraph Number="{escape(scene.number)}" Type="Scene Heading">'
            f"<SceneProperties{length}>{synopsis}</SceneProperties>"
            f"<Text>{escape(scene.heading)}</Text></Paragraph>"
        )
        for beat in range(scene.beats):
            speaker = scene.speakers[beat % len(scene.speakers)] if scene.speakers else ""
            action = escape(ACTION.format(who=speaker.title() or "Nobody"))
            body.append(f'<Paragraph Type="Action"><Text>{action}</Text></Paragraph>')
            if speaker:
                cue = f"{speaker} (O.S.)" if beat == 1 else speaker
                body.append(f'<Paragraph Type="Character"><Text>{cue}</Text></Paragraph>')
                line = escape(LINES[beat % len(LINES)])
                body.append(f'<Paragraph Type="Dialogue"><Text>{line}</Text></Paragraph>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'
        '<FinalDraft DocumentType="Script" Template="No" Version="5">\n'
        f"<Content>{''.join(body)}</Content>\n"
        '<TitlePage><Content><Paragraph Alignment="Center">'
        f"<Text>{escape(title)}</Text></Paragraph></Content></TitlePage>\n"
        "</FinalDraft>\n"
    )
