"""The screenplay reader: Fountain and Final Draft in, scenes out. Pure Python, no database."""

from __future__ import annotations

import codecs
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path
from textwrap import dedent

import pytest

from productions.screenplay import (
    MAX_SCRIPT_BYTES,
    ParsedScene,
    ParsedScript,
    ScreenplayError,
    parse_screenplay,
    to_contract_dict,
)
from productions.screenplay.pages import (
    eighths_from_lines,
    element_lines,
    format_eighths,
    parse_eighths,
    wrapped_lines,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "screenplays"
DEMO = ROOT / "productions" / "demo" / "the_long_night.fountain"
CAST = {"MAYA", "DANIEL", "RUTH", "OSCAR", "LENA", "VICTOR", "SAM", "HALE"}
DEMO_SETS = (
    "MAYA'S APARTMENT",
    "POLICE STATION",
    "HARBOR WAREHOUSE",
    "DOCKS",
    "DINER",
    "HOSPITAL",
    "VICTOR'S OFFICE",
    "CITY STREETS",
    "ROOFTOP",
    "KANE HOUSE",
)


def parse(text: str, filename: str = "script.fountain") -> ParsedScript:
    return parse_screenplay(dedent(text).encode(), filename)


def headings(text: str) -> list[str]:
    return [scene.heading for scene in parse(text).scenes]


def fixture(name: str) -> ParsedScript:
    return parse_screenplay((FIXTURES / name).read_bytes(), name)


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ScreenplayError) as error:
        parse_screenplay(data, filename)
    return str(error.value)


def fdx(content: str, title_page: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'
        '<FinalDraft DocumentType="Script" Template="No" Version="5">\n'
        f"<Content>{content}</Content>{title_page}</FinalDraft>\n"
    ).encode()


def paragraph(kind: str, text: str, attributes: str = "", inner: str = "") -> str:
    return f'<Paragraph Type="{kind}"{attributes}>{inner}<Text>{text}</Text></Paragraph>'


# Scene headings


@pytest.mark.parametrize(
    ("heading", "int_ext", "set_name", "time_of_day"),
    [
        ("INT. KITCHEN - DAY", "INT", "KITCHEN", "DAY"),
        ("EXT. GARDEN - NIGHT", "EXT", "GARDEN", "NIGHT"),
        ("EST. CITY SKYLINE - DUSK", "EST", "CITY SKYLINE", "DUSK"),
        ("INT./EXT. CAR - DAY", "INT/EXT", "CAR", "DAY"),
        ("INT./EXT CAR - DAY", "INT/EXT", "CAR", "DAY"),
        ("INT/EXT. CAR - DAY", "INT/EXT", "CAR", "DAY"),
        ("INT/EXT CAR - DAY", "INT/EXT", "CAR", "DAY"),
        ("I/E. TRUCK - DAWN", "INT/EXT", "TRUCK", "DAWN"),
        ("I/E TRUCK - DAWN", "INT/EXT", "TRUCK", "DAWN"),
        ("EXT/INT BARN - LATER", "INT/EXT", "BARN", "LATER"),
        ("INT KITCHEN - DAY", "INT", "KITCHEN", "DAY"),
        ("int. lower case cabin - night", "INT", "LOWER CASE CABIN", "NIGHT"),
        ("Ext. Mixed Case Pier - Dawn", "EXT", "MIXED CASE PIER", "DAWN"),
    ],
)
def test_every_heading_kind_reads_as_the_contract_says(heading, int_ext, set_name, time_of_day):
    (scene,) = parse(f"{heading}\n\nSomething happens.\n").scenes
    assert (scene.int_ext, scene.set_name, scene.time_of_day) == (int_ext, set_name, time_of_day)
    assert scene.heading == heading


def test_time_of_day_is_the_text_after_the_last_dash():
    (scene,) = parse("INT. MAYA'S APARTMENT - KITCHEN - NIGHT\n\nRice burns.\n").scenes
    assert scene.set_name == "MAYA'S APARTMENT - KITCHEN"
    assert scene.time_of_day == "NIGHT"


def test_heading_without_a_dash_has_no_time_of_day():
    (scene,) = parse("INT. KITCHEN\n\nRice burns.\n").scenes
    assert (scene.set_name, scene.time_of_day) == ("KITCHEN", "")


def test_scene_number_between_hashes_is_the_number_and_not_part_of_the_set():
    (scene,) = parse("EXT. GARDEN - NIGHT #12A#\n\nMoonlight.\n").scenes
    assert scene.number == "12A"
    assert (scene.set_name, scene.time_of_day) == ("GARDEN", "NIGHT")
    assert scene.heading == "EXT. GARDEN - NIGHT"


@pytest.mark.parametrize("number", ["1", "1A", "1a", "A1", "I-1-A", "1.", "110A"])
def test_scene_numbers_take_every_form_the_spec_allows(number):
    (scene,) = parse(f"INT. HOUSE - DAY #{number}#\n\nA door.\n").scenes
    assert scene.number == number


def test_scenes_without_a_number_are_numbered_by_position_forced_headings_included():
    scenes = parse(
        """
        INT. HOUSE - DAY

        A door.

        .DREAM SEQUENCE

        Clouds.

        EXT. YARD - NIGHT #40#

        Grass.

        EXT. ROAD - NIGHT

        Tarmac.
        """
    ).scenes
    assert [scene.number for scene in scenes] == ["1", "2", "40", "4"]
    assert [scene.position for scene in scenes] == [1, 2, 3, 4]


def test_forced_heading_with_a_leading_dot_is_a_scene():
    (scene,) = parse(".SNIPER'S POV - NIGHT\n\nThrough the scope.\n").scenes
    assert scene.heading == "SNIPER'S POV - NIGHT"
    assert (scene.int_ext, scene.set_name, scene.time_of_day) == ("", "SNIPER'S POV", "NIGHT")


def test_forced_heading_keeps_its_int_ext_when_it_has_one():
    (scene,) = parse(".INT. SUBMARINE\n\nPing.\n").scenes
    assert (scene.int_ext, scene.set_name) == ("INT", "SUBMARINE")


def test_a_line_starting_with_an_ellipsis_is_not_a_forced_heading():
    assert headings("INT. HOUSE - DAY\n\n...and then the lights go out.\n\n..DOT DOT\n") == [
        "INT. HOUSE - DAY"
    ]


def test_heading_prefix_must_be_followed_by_a_dot_or_a_space():
    text = "INT. HOUSE - DAY\n\nINTERIOR DESIGN MAGAZINES.\n\nEXTRA, EXTRA.\n\nESTATE AGENTS.\n"
    assert headings(text) == ["INT. HOUSE - DAY"]


def test_heading_in_the_middle_of_action_is_not_a_scene():
    parsed = parse(
        """
        INT. HOUSE - DAY

        A sign on the wall reads:
        EXT. GARDEN - NIGHT
        """
    )
    assert [scene.heading for scene in parsed.scenes] == ["INT. HOUSE - DAY"]
    assert parsed.warnings == [
        "Line 5: 'EXT. GARDEN - NIGHT' looks like a scene heading but has no blank line "
        "before it; it is read as action."
    ]


def test_heading_inside_a_note_is_not_a_scene():
    assert headings("INT. HOUSE - DAY\n\n[[EXT. GARDEN - NIGHT]]\n\nA door.\n") == [
        "INT. HOUSE - DAY"
    ]


def test_heading_inside_a_note_spanning_lines_is_not_a_scene():
    text = "INT. HOUSE - DAY\n\n[[Maybe move this:\nEXT. GARDEN - NIGHT\nlater.]]\n\nA door.\n"
    assert headings(text) == ["INT. HOUSE - DAY"]


def test_heading_inside_boneyard_is_not_a_scene():
    text = "INT. HOUSE - DAY\n\n/*\nEXT. GARDEN - NIGHT\n\nANNA\nCut.\n*/\n\nA door.\n"
    parsed = parse(text)
    assert [scene.heading for scene in parsed.scenes] == ["INT. HOUSE - DAY"]
    assert parsed.scenes[0].characters == []


def test_boneyard_inside_a_line_hides_only_its_own_text():
    (scene,) = parse("INT. HOUSE /* OLD NAME */ - DAY\n\nA door.\n").scenes
    assert (scene.set_name, scene.time_of_day) == ("HOUSE", "DAY")


def test_section_line_is_not_a_scene():
    assert headings("# INT. ACT ONE - DAY\n\nINT. HOUSE - DAY\n\n## EXT. PART TWO\n") == [
        "INT. HOUSE - DAY"
    ]


def test_forced_action_with_an_exclamation_mark_is_not_a_scene():
    assert headings("INT. HOUSE - DAY\n\n!EXT. GARDEN - NIGHT\n") == ["INT. HOUSE - DAY"]


def test_heading_without_a_blank_line_after_it_is_still_a_heading_with_a_warning():
    parsed = parse("INT. HOUSE - DAY\nA door opens.\n\nEXT. GARDEN - NIGHT\n\nGrass.\n")
    assert [scene.set_name for scene in parsed.scenes] == ["HOUSE", "GARDEN"]
    assert parsed.warnings == [
        "Line 1: the scene heading has no blank line after it; it is read as a heading all "
        "the same."
    ]


def test_unclosed_boneyard_is_read_as_script_with_a_warning():
    parsed = parse("INT. HOUSE - DAY\n\n/* forgot to close\n\nEXT. GARDEN - NIGHT\n\nGrass.\n")
    assert [scene.set_name for scene in parsed.scenes] == ["HOUSE", "GARDEN"]
    assert parsed.warnings == ["Line 3: a boneyard '/*' is never closed; it is read as script."]


def test_unclosed_note_does_not_swallow_the_rest_of_the_script():
    parsed = parse("INT. HOUSE - DAY\n\n[[ a note that never ends\n\nEXT. GARDEN - NIGHT\n")
    assert [scene.set_name for scene in parsed.scenes] == ["HOUSE", "GARDEN"]
    assert parsed.warnings == ["Line 3: a note '[[' is never closed; it is read as script."]


def test_spec_cases_fixture_finds_exactly_the_real_headings():
    parsed = fixture("spec_cases.fountain")
    assert [(s.number, s.int_ext, s.set_name, s.time_of_day) for s in parsed.scenes] == [
        ("1", "INT", "KITCHEN", "DAY"),
        ("12A", "EXT", "GARDEN", "NIGHT"),
        ("3", "EST", "CITY SKYLINE", "DUSK"),
        ("4", "INT", "LOWER CASE CABIN", "NIGHT"),
        ("5", "INT/EXT", "CAR - MOVING", "DAY"),
        ("6", "INT/EXT", "TRUCK", "DAWN"),
        ("7", "INT/EXT", "HALLWAY", "CONTINUOUS"),
        ("8", "INT/EXT", "BARN", "LATER"),
        ("20", "", "SNIPER'S POV", ""),
    ]
    assert parsed.title == "Spec Cases"
    assert len(parsed.warnings) == 1


def test_spec_cases_fixture_reads_every_kind_of_cue():
    scenes = fixture("spec_cases.fountain").scenes
    assert [scene.characters for scene in scenes] == [
        ["ANNA", "BEN"],
        ["ANNA"],
        [],
        ["ANNA", "McCLANE"],
        ["BRICK", "STEEL"],
        [],
        [],
        ["HANS", "GUARD #2"],
        [],
    ]


# Characters


def test_character_extensions_are_stripped():
    (scene,) = parse(
        """
        INT. HOUSE - DAY

        ANNA (V.O.)
        Hello.

        BEN (O.S.)
        Who's there?

        CARL (CONT'D)
        Me.

        DORA (on the radio)
        Copy.

        EVE (V.O.) (CONT'D)
        Still me.
        """
    ).scenes
    assert scene.characters == ["ANNA", "BEN", "CARL", "DORA", "EVE"]


def test_characters_are_in_order_of_first_cue_without_repeats():
    (scene,) = parse(
        "INT. HOUSE - DAY\n\nBEN\nHi.\n\nANNA\nHi.\n\nBEN (CONT'D)\nBye.\n\nANNA\nBye.\n"
    ).scenes
    assert scene.characters == ["BEN", "ANNA"]


def test_forced_character_with_an_at_sign_keeps_its_case():
    (scene,) = parse("INT. TOWER - NIGHT\n\n@McCLANE (O.S.)\nYippee-ki-yay.\n").scenes
    assert scene.characters == ["McCLANE"]


def test_dual_dialogue_caret_is_stripped():
    (scene,) = parse(
        "INT. CAR - DAY\n\nBRICK\nScrew retirement.\n\nSTEEL (V.O.) ^\nScrew retirement.\n"
    ).scenes
    assert scene.characters == ["BRICK", "STEEL"]


def test_character_names_may_hold_digits_and_punctuation():
    (scene,) = parse("INT. HOUSE - DAY\n\nCOP #2\nFreeze.\n\nDR. O'NEIL-SMITH\nNo.\n").scenes
    assert scene.characters == ["COP #2", "DR. O'NEIL-SMITH"]


def test_transition_is_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\nCUT TO:\nEXT. NOTHING\n\nSMASH CUT TO:\n").scenes
    assert scene.characters == []


def test_forced_transition_is_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\n> FADE TO BLACK.\nThe end.\n").scenes
    assert scene.characters == []


def test_centered_text_is_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\n>THE END<\nReally.\n").scenes
    assert scene.characters == []


def test_upper_case_line_followed_by_a_blank_line_is_action_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\nBANG!\n\nThe door flies open.\n").scenes
    assert scene.characters == []


def test_upper_case_line_without_a_blank_line_before_is_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\nThe sign reads\nKEEP OUT\nin red paint.\n").scenes
    assert scene.characters == []


def test_line_with_lower_case_outside_the_extension_is_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\nAnna waits.\nNothing happens.\n").scenes
    assert scene.characters == []


def test_upper_case_dialogue_is_not_read_as_a_new_cue():
    (scene,) = parse("INT. HOUSE - DAY\n\nANNA\n(shouting)\nGET OUT\nNOW\n").scenes
    assert scene.characters == ["ANNA"]


def test_two_spaces_keep_a_dialogue_block_going():
    data = b"INT. HOUSE - DAY\n\nANNA\nFirst verse.\n  \nBEN\nStill singing.\n"
    (scene,) = parse_screenplay(data, "song.fountain").scenes
    assert scene.characters == ["ANNA"]


def test_forced_action_is_not_a_character():
    (scene,) = parse("INT. HOUSE - DAY\n\n!SCANNING THE AISLES...\nAnna waits.\n").scenes
    assert scene.characters == []


def test_cues_before_the_first_heading_belong_to_no_scene():
    (scene,) = parse("ANNA (V.O.)\nOnce upon a time.\n\nINT. HOUSE - DAY\n\nBEN\nHi.\n").scenes
    assert scene.characters == ["BEN"]


# Title page and synopses


def test_title_page_title_becomes_the_script_title_without_emphasis():
    parsed = parse("Title: _**BRICK & STEEL**_\nAuthor: Stu\n\nINT. HOUSE - DAY\n\nA door.\n")
    assert parsed.title == "BRICK & STEEL"


def test_title_on_indented_lines_is_joined():
    parsed = parse(
        "Title:\n    _**BRICK & STEEL**_\n    _**FULL RETIRED**_\nCredit: Written by\n\n"
        "INT. HOUSE - DAY\n\nA door.\n"
    )
    assert parsed.title == "BRICK & STEEL FULL RETIRED"


def test_script_without_a_title_page_has_an_empty_title():
    assert parse("INT. HOUSE - DAY\n\nA door.\n").title == ""


def test_title_page_without_a_title_key_has_an_empty_title():
    assert parse("Author: Someone\nDraft date: today\n\nINT. HOUSE - DAY\n\nA.\n").title == ""


def test_fade_in_at_the_top_is_not_a_title_page():
    parsed = parse("FADE IN:\n\nINT. HOUSE - DAY\n\nA door.\n")
    assert parsed.title == ""
    assert parsed.warnings == []


def test_stray_title_page_line_is_reported():
    parsed = parse("Title: Test\nthis is not a key\n\nINT. HOUSE - DAY\n\nA door.\n")
    assert parsed.title == "Test"
    assert parsed.warnings == ["Line 2: not a 'Key: value' title page line; ignored."]


def test_synopsis_lines_after_a_heading_become_the_scene_synopsis():
    (scene,) = parse(
        "INT. HOUSE - DAY\n\n= Anna comes home.\n= The door is open.\n\nA door.\n"
    ).scenes
    assert scene.synopsis == "Anna comes home. The door is open."


def test_synopsis_under_a_section_belongs_to_no_scene():
    scenes = parse(
        "INT. HOUSE - DAY\n\nA door.\n\n# ACT TWO\n\n= Things fall apart.\n\n"
        "EXT. GARDEN - NIGHT\n\n= Anna hides.\n"
    ).scenes
    assert [scene.synopsis for scene in scenes] == ["", "Anna hides."]


def test_page_break_is_not_a_synopsis():
    (scene,) = parse("INT. HOUSE - DAY\n\nA door.\n\n===\n\nA window.\n").scenes
    assert scene.synopsis == ""


# Encodings and line ends


def test_crlf_bom_and_tabs_are_read():
    text = "Title: Windows\r\nAuthor: Someone\r\n\r\nINT. HOUSE - DAY #3#\r\n\r\n\tA door.\r\n\r\n"
    text += "ANNA\r\n\tHello.\r\n"
    parsed = parse_screenplay(codecs.BOM_UTF8 + text.encode(), "windows.fountain")
    (scene,) = parsed.scenes
    assert parsed.title == "Windows"
    assert (scene.number, scene.set_name, scene.characters) == ("3", "HOUSE", ["ANNA"])
    assert parsed.warnings == []


def test_old_mac_line_ends_are_read():
    (scene,) = parse_screenplay(b"INT. HOUSE - DAY\r\rANNA\rHi.\r", "mac.fountain").scenes
    assert scene.characters == ["ANNA"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read(codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    data = bom + "INT. CAFÉ - DAY\n\nRENÉ\nBonjour.\n".encode(codec)
    (scene,) = parse_screenplay(data, "utf16.fountain").scenes
    assert (scene.set_name, scene.characters) == ("CAFÉ", ["RENÉ"])


def test_windows_1252_file_imports_with_accents_and_curly_apostrophes():
    parsed = fixture("latin1.fountain")
    assert parsed.title == "Café Noir"
    assert [scene.set_name for scene in parsed.scenes] == ["CAFÉ DU PORT", "QUAI"]
    assert parsed.scenes[0].characters == ["RENÉ", "CLAIRE"]
    assert parsed.warnings == ["The file is not UTF-8; it was read as Windows-1252."]


def test_spmd_and_txt_files_are_read_as_fountain():
    for name in ("script.spmd", "script.txt", "SCRIPT.FOUNTAIN"):
        assert parse("INT. HOUSE - DAY\n\nA door.\n", name).format == "fountain"


# Final Draft


def test_fdx_feature_reads_forty_numbered_scenes_with_a_title():
    parsed = fixture("feature.fdx")
    assert parsed.format == "fdx"
    assert parsed.title == "LOW TIDE"
    assert [scene.number for scene in parsed.scenes] == [str(n) for n in range(1, 41)]


def test_fdx_stated_lengths_are_used():
    scenes = fixture("feature.fdx").scenes
    assert [scene.page_eighths for scene in scenes[:3]] == [5, 10, 8]
    assert scenes[13].page_eighths == 16


def test_fdx_scene_without_a_stated_length_is_estimated():
    scenes = fixture("feature.fdx").scenes
    assert scenes[11].page_eighths == 2
    assert scenes[18].page_eighths == 1


def test_fdx_unreadable_length_is_estimated_with_a_warning():
    parsed = fixture("feature.fdx")
    assert parsed.warnings == [
        "Scene 20: page length '1 about' is not a number of pages; it is estimated instead."
    ]


def test_fdx_characters_drop_extensions_and_are_upper_case():
    scenes = fixture("feature.fdx").scenes
    assert scenes[1].characters == ["TOBIAS", "MARA"]
    assert scenes[20].characters == ["FINN", "MARA"]
    assert scenes[38].characters == ["FINN", "MARA"]


def test_fdx_dual_dialogue_characters_are_read():
    content = paragraph("Scene Heading", "INT. LAMP ROOM - NIGHT") + (
        "<Paragraph><DualDialogue>"
        + paragraph("Character", "MARA")
        + paragraph("Dialogue", "North!")
        + paragraph("Character", "TOBIAS")
        + paragraph("Dialogue", "North!")
        + "</DualDialogue></Paragraph>"
    )
    (scene,) = parse_screenplay(fdx(content), "dual.fdx").scenes
    assert scene.characters == ["MARA", "TOBIAS"]


def test_fdx_heading_text_joins_all_its_runs():
    scene = fixture("feature.fdx").scenes[13]
    assert scene.heading == "INT. VILLAGE HALL - NIGHT"
    assert (scene.int_ext, scene.set_name, scene.time_of_day) == ("INT", "VILLAGE HALL", "NIGHT")


def test_fdx_summary_becomes_the_synopsis():
    scenes = fixture("feature.fdx").scenes
    assert scenes[0].synopsis == "The storm arrives; Mara keeps the lamp turning."
    assert scenes[1].synopsis == ""


def test_fdx_scene_without_a_number_is_numbered_by_position():
    content = (
        paragraph("Scene Heading", "INT. A - DAY", ' Number="7"')
        + paragraph("Scene Heading", "EXT. B - NIGHT")
        + paragraph("Scene Heading", "EXT. C - DAWN", ' Number="7A"')
    )
    parsed = parse_screenplay(fdx(content), "numbers.fdx")
    assert [scene.number for scene in parsed.scenes] == ["7", "2", "7A"]


@pytest.mark.parametrize(
    ("length", "eighths"), [("1", 8), ("3/8", 3), ("1 3/8", 11), ("2 0/8", 16), ("0", 1)]
)
def test_fdx_length_in_every_fraction_format(length, eighths):
    properties = f'<SceneProperties Length="{length}" Page="1" Title=""/>'
    content = paragraph("Scene Heading", "INT. A - DAY", inner=properties)
    (scene,) = parse_screenplay(fdx(content), "length.fdx").scenes
    assert scene.page_eighths == eighths


def test_fdx_title_is_the_first_centered_title_page_line():
    title_page = (
        "<TitlePage><Content>"
        '<Paragraph Alignment="Left"><Text>Draft 3</Text></Paragraph>'
        '<Paragraph Alignment="Center"><Text></Text></Paragraph>'
        '<Paragraph Alignment="Center"><Text>SALT</Text><Text> ROAD</Text></Paragraph>'
        '<Paragraph Alignment="Center"><Text>by Someone</Text></Paragraph>'
        "</Content></TitlePage>"
    )
    content = paragraph("Scene Heading", "INT. A - DAY")
    assert parse_screenplay(fdx(content, title_page), "t.fdx").title == "SALT ROAD"


def test_fdx_without_a_title_page_has_an_empty_title():
    assert parse_screenplay(fdx(paragraph("Scene Heading", "INT. A - DAY")), "t.fdx").title == ""


def test_fdx_empty_heading_is_ignored_with_a_warning():
    content = paragraph("Scene Heading", "") + paragraph("Scene Heading", "INT. A - DAY")
    parsed = parse_screenplay(fdx(content), "empty-heading.fdx")
    assert [scene.set_name for scene in parsed.scenes] == ["A"]
    assert parsed.warnings == ["Paragraph 1: an empty scene heading; it is ignored."]


def test_xxe_fdx_is_refused():
    assert refusal((FIXTURES / "xxe.fdx").read_bytes(), "xxe.fdx") == (
        "The Final Draft file is not valid: it uses XML entities, which are not allowed."
    )


def test_billion_laughs_fdx_is_refused_quickly():
    started = time.perf_counter()
    message = refusal((FIXTURES / "billion_laughs.fdx").read_bytes(), "billion_laughs.fdx")
    assert message == (
        "The Final Draft file is not valid: it uses XML entities, which are not allowed."
    )
    assert time.perf_counter() - started < 0.5


def test_xml_that_is_not_final_draft_is_refused():
    assert refusal((FIXTURES / "not_fdx.fdx").read_bytes(), "not_fdx.fdx") == (
        "This XML file is not a Final Draft (.fdx) screenplay."
    )


def test_final_draft_root_without_content_is_refused():
    assert refusal(b"<FinalDraft Version='5'><TitlePage/></FinalDraft>", "x.fdx") == (
        "This XML file is not a Final Draft (.fdx) screenplay."
    )


def test_broken_xml_says_where_it_breaks():
    message = refusal(b"<FinalDraft>\n<Content>\n<Paragraph>\n</FinalDraft>", "broken.fdx")
    assert message.startswith("The Final Draft file is not valid XML: it breaks off at line 4")


def test_fdx_without_scene_headings_is_refused():
    content = paragraph("Action", "Nothing but action.")
    assert refusal(fdx(content), "x.fdx").startswith("No scene headings found")


# Page length in eighths


def test_tiny_scene_is_at_least_one_eighth():
    (scene,) = parse("INT. HOUSE - DAY\n").scenes
    assert scene.page_eighths == 1


def test_one_page_scene_is_about_eight_eighths():
    action = "\n\n".join(["Anna crosses the room and stops at the window, looking out."] * 26)
    (scene,) = parse(f"INT. HOUSE - DAY\n\n{action}\n").scenes
    assert 7 <= scene.page_eighths <= 9


def test_two_page_scene_of_dialogue_is_about_sixteen_eighths():
    speech = "ANNA\nI have been waiting here for you since the sun went down.\n"
    (scene,) = parse("INT. HOUSE - DAY\n\n" + "\n".join([speech] * 27)).scenes
    assert 15 <= scene.page_eighths <= 17


def test_action_wraps_at_sixty_one_characters_and_dialogue_at_thirty_five():
    line = " ".join(["word"] * 24)  # 119 characters
    assert wrapped_lines(line, 61) == 2
    assert wrapped_lines(line, 35) == 4
    assert element_lines("action", line) == 1 + 2
    assert element_lines("dialogue", line) == 4
    assert element_lines("character", "ANNA (V.O.)") == 1 + 1
    assert element_lines("heading", "INT. HOUSE - DAY") == 2 + 1


def test_a_word_longer_than_a_line_wraps_onto_more_lines():
    assert wrapped_lines("x" * 130, 61) == 3


def test_eighths_round_half_up_and_never_fall_below_one():
    assert eighths_from_lines(0) == 1
    assert eighths_from_lines(55) == 8
    assert eighths_from_lines(110) == 16
    assert eighths_from_lines(62) == 9  # 9.02 eighths
    assert eighths_from_lines(24) == 3  # 3.49 eighths


@pytest.mark.parametrize(
    ("text", "eighths"),
    [("1", 8), ("5/8", 5), ("1 3/8", 11), ("12 7/8", 103), ("1/4", 2), ("", None), ("x", None)],
)
def test_page_lengths_parse_to_eighths(text, eighths):
    assert parse_eighths(text) == eighths


@pytest.mark.parametrize(("eighths", "text"), [(8, "1"), (5, "5/8"), (11, "1 3/8"), (16, "2")])
def test_eighths_format_as_a_stripboard_writes_them(eighths, text):
    assert format_eighths(eighths) == text


# Bad input


@pytest.mark.parametrize("name", ["script.docx", "script.pdf", "script.FDX.zip"])
def test_unsupported_file_type_is_refused(name):
    suffix = Path(name).suffix.lower()
    assert refusal(b"INT. HOUSE - DAY\n", name) == (
        f"Unsupported file type '{suffix}': upload a Fountain (.fountain, .spmd, .txt) "
        "or Final Draft (.fdx) file."
    )


def test_file_without_an_extension_is_refused():
    assert refusal(b"INT. HOUSE - DAY\n", "script").startswith("The file name has no extension")


def test_file_over_ten_megabytes_is_refused_before_it_is_read():
    data = b"\x00" * int(12.3 * 1024 * 1024)
    assert refusal(data, "big.fountain") == "The file is 12.3 MB; the limit is 10 MB."


def test_file_of_exactly_ten_megabytes_is_allowed():
    data = b"INT. HOUSE - DAY\n\n" + b" " * (MAX_SCRIPT_BYTES - 18)
    assert len(data) == MAX_SCRIPT_BYTES
    assert len(parse_screenplay(data, "big.fountain").scenes) == 1


def test_file_one_byte_over_the_limit_does_not_claim_to_be_ten_megabytes():
    message = refusal(b" " * (MAX_SCRIPT_BYTES + 1), "big.fdx")
    assert message == "The file is 10.1 MB; the limit is 10 MB."


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", codecs.BOM_UTF8, b"\r\n"])
def test_empty_file_is_refused(data):
    assert refusal(data, "empty.fountain") == "The file is empty."


def test_empty_fixture_is_refused():
    assert refusal((FIXTURES / "empty.fountain").read_bytes(), "empty.fountain") == (
        "The file is empty."
    )


def test_empty_fdx_is_refused():
    assert refusal(b"  \n", "empty.fdx") == "The file is empty."


def test_binary_file_is_refused():
    assert refusal((FIXTURES / "binary.fountain").read_bytes(), "binary.fountain") == (
        "The file is not text: it looks like a binary file."
    )


def test_binary_file_without_nul_bytes_is_refused():
    data = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 100
    assert refusal(data, "binary.txt") == "The file is not text: it looks like a binary file."


def test_binary_file_named_fdx_is_refused_as_binary():
    data = (FIXTURES / "binary.fountain").read_bytes()
    assert refusal(data, "binary.fdx") == "The file is not text: it looks like a binary file."


def test_script_without_scene_headings_is_refused():
    assert refusal((FIXTURES / "no_headings.fountain").read_bytes(), "x.fountain") == (
        "No scene headings found: a scene starts with a line such as 'INT. KITCHEN - DAY'."
    )


def test_every_refusal_is_one_line():
    for name in ("empty.fountain", "binary.fountain", "no_headings.fountain", "xxe.fdx"):
        assert "\n" not in refusal((FIXTURES / name).read_bytes(), name)


def test_repeated_scene_numbers_are_reported():
    parsed = parse("INT. A - DAY #4#\n\nA.\n\nINT. B - DAY #4#\n\nB.\n")
    assert parsed.warnings == ["Scene number 4 is used by 2 scenes."]


# The demo screenplay and the revision pair


def test_demo_screenplay_has_55_to_65_scenes_and_the_eight_cast_names():
    parsed = parse_screenplay(DEMO.read_bytes(), DEMO.name)
    assert 55 <= len(parsed.scenes) <= 65
    speakers = {name for scene in parsed.scenes for name in scene.characters}
    assert CAST <= speakers
    assert speakers - CAST == {"NURSE", "WAITRESS"}


def test_demo_screenplay_reads_cleanly():
    parsed = parse_screenplay(DEMO.read_bytes(), DEMO.name)
    assert parsed.title == "The Long Night"
    assert parsed.warnings == []
    assert [scene.number for scene in parsed.scenes] == [
        str(n) for n in range(1, len(parsed.scenes) + 1)
    ]


def test_demo_screenplay_uses_only_the_demo_locations():
    scenes = parse_screenplay(DEMO.read_bytes(), DEMO.name).scenes
    assert all(scene.set_name.startswith(DEMO_SETS) for scene in scenes)
    assert {scene.set_name.split(" - ")[0] for scene in scenes} == set(DEMO_SETS)
    assert {scene.int_ext for scene in scenes} == {"INT", "EXT", "INT/EXT", "EST"}
    assert {"DAY", "NIGHT", "DAWN", "DUSK"} <= {scene.time_of_day for scene in scenes}


def test_demo_maya_is_in_most_scenes():
    scenes = parse_screenplay(DEMO.read_bytes(), DEMO.name).scenes
    assert sum("MAYA" in scene.characters for scene in scenes) > len(scenes) / 2


def test_demo_screenplay_parses_well_under_a_tenth_of_a_second():
    data = DEMO.read_bytes()
    parse_screenplay(data, DEMO.name)
    started = time.perf_counter()
    parse_screenplay(data, DEMO.name)
    assert time.perf_counter() - started < 0.05


def test_blue_revision_changes_scene_4_drops_7_and_adds_5a():
    white = {s.number: s for s in fixture("revision_white.fountain").scenes}
    blue = {s.number: s for s in fixture("revision_blue.fountain").scenes}
    assert list(white) == [str(n) for n in range(1, 11)]
    assert list(blue) == ["1", "2", "3", "4", "5", "5A", "6", "8", "9", "10"]
    assert (white["4"].characters, blue["4"].characters) == (["NORA"], ["INES", "NORA"])
    for number in ("1", "2", "3", "5", "6", "8", "9", "10"):
        assert dataclasses.replace(white[number], position=0) == dataclasses.replace(
            blue[number], position=0
        )


# The public shape


def test_contract_dict_has_exactly_the_contract_keys():
    contract = to_contract_dict(parse("Title: T\n\nINT. KITCHEN - DAY\n\nANNA\nHi.\n"))
    assert contract == {
        "title": "T",
        "scenes": [
            {
                "number": "1",
                "int_ext": "INT",
                "set_name": "KITCHEN",
                "time_of_day": "DAY",
                "page_eighths": 1,
                "characters": ["ANNA"],
            }
        ],
    }
    json.dumps(to_contract_dict(fixture("feature.fdx")))


def test_parsed_scene_is_frozen():
    (scene,) = parse("INT. HOUSE - DAY\n\nA door.\n").scenes
    assert isinstance(scene, ParsedScene)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scene.number = "2"  # type: ignore[misc]


def test_the_package_imports_no_django():
    code = (
        "import sys, productions.screenplay; "
        "sys.exit(any(name.split('.')[0] in ('django', 'rest_framework') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
