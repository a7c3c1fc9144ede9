"""The words of each scene, read from Fountain and Final Draft with the import's own rules."""

from pathlib import Path

import pytest

from casting.script_pages import scene_texts
from productions.screenplay import ScreenplayError, parse_screenplay

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screenplays"
DEMO = Path(__file__).resolve().parents[2] / "productions" / "demo" / "the_long_night.fountain"


@pytest.mark.parametrize("path", [DEMO, FIXTURES / "feature.fdx"], ids=["fountain", "fdx"])
def test_scenes_are_numbered_as_the_import_numbers_them(path):
    data = path.read_bytes()
    texts = scene_texts(data, path.name)
    parsed = parse_screenplay(data, path.name)
    assert list(texts) == list(dict.fromkeys(scene.number for scene in parsed.scenes))
    for scene in parsed.scenes:
        cues = [text for kind, text in texts[scene.number].elements if kind == "character"]
        # Every speaking character the import found has their cue in the scene's words.
        assert set(scene.characters) <= set(cues)


def test_a_cue_keeps_its_parenthetical_and_its_lines_together():
    script = b"INT. DINER - NIGHT\n\nWAITRESS\n(pouring)\nCoffee.\nOn the house.\n\nCUT TO:\n"
    [scene] = scene_texts(script, "s.fountain").values()
    assert scene.heading == "INT. DINER - NIGHT"
    assert scene.elements == [
        ("character", "WAITRESS"),
        ("parenthetical", "(pouring)"),
        ("dialogue", "Coffee.\nOn the house."),
        ("transition", "CUT TO:"),
    ]


def test_a_file_it_cannot_read_says_so():
    with pytest.raises(ScreenplayError):
        scene_texts(b"just words, no scenes", "notes.fountain")
