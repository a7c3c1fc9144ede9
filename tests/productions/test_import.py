"""Importing screenplays: end to end through the command, revisions that keep the breakdown,
and bad input that says why in one line and changes nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.import_script import bench_import_120_pages
from core.exceptions import ApplicationError
from productions import scripts, services
from productions.models import Scene, Script
from tests.factories import AssignmentFactory, LocationFactory, SceneFactory, department
from tests.productions.screenplays import Scene as ScriptScene
from tests.productions.screenplays import fdx, feature, fountain, revised

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"
DEMO = Path(__file__).resolve().parent.parent.parent / "productions" / "demo"


def run_command(*args) -> str:
    out = StringIO()
    call_command("import_script", *args, stdout=out)
    return out.getvalue()


def import_text(production, text: str, name: str = "harbor.fountain", **kwargs):
    return scripts.script_import(production=production, file=text.encode(), filename=name, **kwargs)


def database_state(production) -> dict:
    return {
        "scenes": production.scenes.count(),
        "characters": production.characters.count(),
        "scripts": production.scripts.count(),
        "omitted": production.scenes.filter(omitted=True).count(),
    }


# ---------------------------------------------------------------- end to end through the command


def test_a_fountain_feature_imports_through_the_command_as_its_writer_expects(production, tmp_path):
    script = feature(100)
    path = tmp_path / "harbor.fountain"
    path.write_text(fountain(script))

    result = json.loads(run_command("long-night", str(path), "--json"))

    assert (result["created"], result["updated"], result["omitted"], result["unchanged"]) == (
        100,
        0,
        0,
        0,
    )
    assert result["title"] == "The Harbor"
    assert result["warnings"] == []
    first = result["scenes"][0]
    assert first == {
        "number": "1",
        "int_ext": "EXT",
        "set_name": "DOCKS - CONTAINER ROW",
        "time_of_day": "NIGHT",
        "page_eighths": first["page_eighths"],
        "characters": ["MAYA", "RUTH"],
    }
    assert [s["characters"] for s in result["scenes"]] == [s.speakers for s in script]
    assert production.scenes.count() == 100
    scene = production.scenes.get(number="2")
    assert (scene.int_ext, scene.set_name, scene.time_of_day) == (
        "INT",
        "POLICE STATION - BULLPEN",
        "DAY",
    )
    assert [c.name for c in scene.characters.order_by("name")] == ["MAYA", "OSCAR"]
    assert production.scripts.get().format == Script.Format.FOUNTAIN


def test_a_final_draft_feature_imports_through_the_command_with_its_stated_page_lengths(
    production, tmp_path
):
    path = tmp_path / "harbor.fdx"
    path.write_text(fdx(feature(100)))

    result = json.loads(run_command("long-night", str(path), "--json"))

    assert result["created"] == 100 and result["title"] == "The Harbor"
    # Scene 2 states Length="1 2/8"; scene 1 states nothing and is estimated.
    assert production.scenes.get(number="2").page_eighths == 10
    assert production.scenes.get(number="1").page_eighths == result["scenes"][0]["page_eighths"]
    assert production.scenes.get(number="1").synopsis.startswith("Scene 1 moves")
    assert production.scripts.get().format == Script.Format.FDX


def test_the_command_prints_a_summary_and_stores_the_revision(production, tmp_path):
    path = tmp_path / "harbor.fountain"
    path.write_text(fountain(feature(5)))

    output = run_command(
        "long-night", str(path), "--revision-name", "Blue pages", "--colour", "blue"
    )

    assert "5 created, 0 updated, 0 omitted, 0 unchanged" in output
    script = production.scripts.get()
    assert (script.revision_name, script.revision_colour) == ("Blue pages", "blue")
    assert script.original_name == "harbor.fountain"
    assert len(script.checksum) == 64
    assert script.result["created"] == 5


def test_the_demo_screenplay_gives_the_lead_cast_id_1(production):
    result = scripts.script_import(
        production=production,
        file=(DEMO / "the_long_night.fountain").read_bytes(),
        filename="the_long_night.fountain",
    )

    assert result.created == 61 and result.title == "The Long Night"
    cast_ids = dict(production.characters.values_list("name", "cast_id"))
    assert cast_ids["MAYA"] == "1"
    assert cast_ids["LENA"] == "2"
    assert sorted(int(i) for i in cast_ids.values()) == list(range(1, len(cast_ids) + 1))


def test_a_forced_heading_without_int_or_ext_is_kept_as_written(production):
    import_text(production, "\n.SNIPER'S POV #20#\n\nThrough the scope.\n")

    scene = production.scenes.get()
    assert (scene.number, scene.int_ext, scene.set_name) == ("20", "", "SNIPER'S POV")
    assert scene.strip_colour == "white"


def test_a_latin_1_file_is_read_and_the_result_says_so(production):
    result = scripts.script_import(
        production=production,
        file=(FIXTURES / "latin1.fountain").read_bytes(),
        filename="latin1.fountain",
    )

    assert result.created >= 1
    assert any("not UTF-8" in warning for warning in result.warnings)


# ---------------------------------------------------------------- bad input


def _too_large() -> bytes:
    return b"INT. KITCHEN - DAY\n\n" + b"x" * (10 * 1024 * 1024)


BAD_INPUT = [
    # (file name, bytes or a fixture, words in the error, API status)
    ("empty.fountain", "empty.fountain", "The file is empty.", 400),
    ("binary.fountain", "binary.fountain", "not text", 415),
    ("not_fdx.fdx", "not_fdx.fdx", "not a Final Draft", 415),
    ("xxe.fdx", "xxe.fdx", "entities", 400),
    ("billion_laughs.fdx", "billion_laughs.fdx", "entities", 400),
    ("no_headings.fountain", "no_headings.fountain", "No scene headings", 400),
    ("huge.fountain", _too_large, "the limit is 10 MB", 413),
    ("script.pdf", b"%PDF-1.4 INT. KITCHEN - DAY", "Unsupported file type '.pdf'", 415),
    ("script", b"INT. KITCHEN - DAY", "no extension", 415),
    ("broken.fdx", b"<FinalDraft><Content><Paragraph>", "not valid XML", 400),
    ("twice.fountain", b"INT. A - DAY #1#\n\nx\n\nINT. B - DAY #1#\n\ny\n", "used by more", 400),
]


def bad_bytes(source) -> bytes:
    if callable(source):
        return source()
    if isinstance(source, bytes):
        return source
    return (FIXTURES / source).read_bytes()


@pytest.mark.parametrize("name,source,words,status", BAD_INPUT)
def test_bad_input_to_the_command_is_one_line_exit_1_and_changes_nothing(
    production, tmp_path, name, source, words, status
):
    import_text(production, fountain(feature(3)))
    before = database_state(production)
    path = tmp_path / name
    path.write_bytes(bad_bytes(source))

    with pytest.raises(CommandError) as refused:
        run_command("long-night", str(path))

    message = str(refused.value)
    assert words in message
    assert "\n" not in message
    assert database_state(production) == before


@pytest.mark.parametrize("name,source,words,status", BAD_INPUT)
def test_bad_input_to_the_service_carries_the_http_status(production, name, source, words, status):
    with pytest.raises(ApplicationError) as refused:
        scripts.script_import(production=production, file=bad_bytes(source), filename=name)

    assert refused.value.status_code == status
    assert words in refused.value.message
    assert refused.value.errors == {"file": [refused.value.message]}
    assert database_state(production) == {"scenes": 0, "characters": 0, "scripts": 0, "omitted": 0}


def test_an_upload_over_the_limit_is_refused_before_it_is_read(production):
    upload = SimpleUploadedFile("big.fountain", b"x")
    upload.size = 25 * 1024 * 1024  # what the upload handler measured on disk

    with pytest.raises(ApplicationError) as refused:
        scripts.script_import(production=production, file=upload, filename="big.fountain")

    assert refused.value.status_code == 413
    assert refused.value.message == "The file is 25.0 MB; the limit is 10 MB."


def test_an_unknown_production_or_a_missing_file_is_a_one_line_error(production, tmp_path):
    path = tmp_path / "harbor.fountain"
    path.write_text(fountain(feature(2)))

    with pytest.raises(CommandError, match="No production has the slug 'nope'"):
        run_command("nope", str(path))
    with pytest.raises(CommandError, match="No file at"):
        run_command("long-night", str(tmp_path / "missing.fountain"))
    assert production.scenes.count() == 0


def test_the_command_exits_1_on_bad_input(production, tmp_path):
    path = tmp_path / "empty.fountain"
    path.write_bytes(b"")

    with pytest.raises(SystemExit) as exited:
        call_command_from_argv(
            ["manage.py", "import_script", "long-night", str(path), "--skip-checks"]
        )

    assert exited.value.code == 1


def call_command_from_argv(argv: list[str]) -> None:
    from django.core.management import ManagementUtility

    ManagementUtility(argv).execute()


# ---------------------------------------------------------------- revisions


@pytest.fixture
def broken_down(production):
    """A production whose first draft is imported and broken down by its AD."""
    draft = feature(12)
    import_text(production, fountain(draft))
    scene = {s.number: s for s in production.scenes.all()}
    revolver = services.scene_element_tag(scene=scene["2"], category="props", name="Revolver")
    services.scene_element_tag(scene=scene["6"], category="vehicles", name="Red pickup truck")
    docks = LocationFactory(production=production, name="DOCKS")
    services.scene_update(scene=scene["3"], location=docks)
    sam = production.characters.get(name="SAM")
    services.scene_update(scene=scene["4"], characters=[*scene["4"].characters.all(), sam])
    services.scene_update(scene=scene["5"], synopsis="The AD's own words.", estimated_minutes=90)
    maya_role = AssignmentFactory(
        production=production, title="Maya", role_kind="cast", department=department("Cast")
    )
    maya = production.characters.get(name="MAYA")
    services.character_update(character=maya, assignment=maya_role)
    return {"draft": draft, "revolver": revolver, "docks": docks, "maya_role": maya_role}


def test_a_revision_adds_changes_and_omits_scenes_and_keeps_the_breakdown(production, broken_down):
    draft = broken_down["draft"]
    scene_4_speakers = draft[3].speakers  # MAYA, VICTOR, LENA
    blue = revised(draft, "3", heading="EXT. DOCKS - CONTAINER ROW - DAWN")
    blue = revised(blue, "4", speakers=scene_4_speakers[:2])
    blue = [s for s in blue if s.number != "6"]
    blue.insert(5, ScriptScene("5A", "INT. DINER - BOOTH - NIGHT", ["MAYA", "NEWCOMER"]))

    result = import_text(production, fountain(blue), revision_colour="blue")

    assert (result.created, result.updated, result.omitted, result.unchanged) == (1, 2, 1, 9)
    scenes = {s.number: s for s in production.scenes.all()}
    assert scenes["3"].time_of_day == "DAWN"
    assert scenes["3"].location == broken_down["docks"]
    assert list(scenes["2"].elements.all()) == [broken_down["revolver"]]
    assert [c.name for c in scenes["4"].characters.order_by("name")] == ["MAYA", "SAM", "VICTOR"]
    assert scenes["5"].synopsis == "The AD's own words."
    assert scenes["5"].estimated_minutes == 90
    assert scenes["6"].omitted is True
    assert scenes["6"].elements.get().name == "Red pickup truck"
    assert scenes["5"].script_order < scenes["5A"].script_order < scenes["7"].script_order
    assert production.characters.get(name="MAYA").assignment == broken_down["maya_role"]
    assert production.characters.get(name="NEWCOMER").cast_id == "9"
    assert production.scripts.count() == 2


def test_a_scene_that_comes_back_in_a_later_revision_is_no_longer_omitted(production, broken_down):
    draft = broken_down["draft"]
    import_text(production, fountain([s for s in draft if s.number != "6"]))

    result = import_text(production, fountain(draft))

    scene = production.scenes.get(number="6")
    assert scene.omitted is False
    assert scene.elements.get().name == "Red pickup truck"
    assert (result.created, result.updated, result.omitted) == (0, 1, 0)


def test_importing_the_same_file_again_changes_nothing(production, broken_down):
    text = fountain(broken_down["draft"])
    stamps = dict(production.scenes.values_list("number", "updated_at"))
    links = sorted(Scene.characters.through.objects.values_list("scene_id", "character_id"))
    before = database_state(production)

    result = import_text(production, text)

    assert (result.created, result.updated, result.omitted, result.unchanged) == (0, 0, 0, 12)
    assert result.script is None
    assert database_state(production) == before
    assert dict(production.scenes.values_list("number", "updated_at")) == stamps
    assert sorted(Scene.characters.through.objects.values_list("scene_id", "character_id")) == links
    assert production.scenes.get(number="5").synopsis == "The AD's own words."


def test_the_same_file_as_a_fdx_is_also_unchanged(production):
    draft = feature(8)
    import_text(production, fdx(draft), name="draft.fdx")

    result = import_text(production, fdx(draft), name="draft.fdx")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 8)


def test_an_import_never_omits_a_scene_added_by_hand(production):
    import_text(production, fountain(feature(3)))
    pickup = SceneFactory(production=production, number="A1", set_name="INSERT - LEDGER")

    result = import_text(production, fountain(feature(2)))

    assert result.omitted == 1
    pickup.refresh_from_db()
    assert pickup.omitted is False


def test_an_import_fills_in_a_scene_made_by_hand_with_the_same_number(production):
    by_hand = SceneFactory(production=production, number="1", set_name="SOMEWHERE", page_eighths=3)

    result = import_text(production, fountain(feature(1)))

    by_hand.refresh_from_db()
    assert (result.created, result.updated) == (0, 1)
    assert by_hand.set_name == "DOCKS - CONTAINER ROW"


def test_new_characters_in_a_revision_get_the_next_cast_ids(production):
    import_text(production, fountain(feature(10)))
    ids = dict(production.characters.values_list("name", "cast_id"))

    import_text(
        production, fountain([*feature(10), ScriptScene("11", "INT. BAR - NIGHT", ["BARMAN"])])
    )

    after = dict(production.characters.values_list("name", "cast_id"))
    assert {name: after[name] for name in ids} == ids
    assert after["BARMAN"] == str(len(ids) + 1)


def test_the_benchmark_imports_a_120_page_feature_within_its_goal():
    result = bench_import_120_pages()

    assert result["scenes"] == 100
    assert result["seconds"] < result["goal_seconds"]
    assert not Scene.objects.exists()


# ---------------------------------------------------------------- the shared fixtures


def test_the_feature_fdx_fixture_imports_through_the_command(production):
    result = json.loads(run_command("long-night", str(FIXTURES / "feature.fdx"), "--json"))

    assert result["created"] == production.scenes.count() > 0
    assert result["unchanged"] == 0
    assert production.scripts.get().format == "fdx"


def test_the_blue_revision_of_the_bakery_keeps_the_breakdown(production):
    white = scripts.script_import(
        production=production,
        file=(FIXTURES / "revision_white.fountain").read_bytes(),
        filename="revision_white.fountain",
    )
    storeroom = production.scenes.get(number="7")
    services.scene_element_tag(scene=storeroom, category="animals", name="Mouse")
    bakery = LocationFactory(production=production, name="BAKERY")
    for scene in production.scenes.filter(set_name__startswith="BAKERY"):
        services.scene_update(scene=scene, location=bakery)

    blue = scripts.script_import(
        production=production,
        file=(FIXTURES / "revision_blue.fountain").read_bytes(),
        filename="revision_blue.fountain",
        revision_colour="blue",
    )

    assert (blue.created, blue.omitted) == (1, 1)
    assert blue.updated >= 1
    assert blue.created + blue.updated + blue.unchanged == white.created
    storeroom.refresh_from_db()
    assert storeroom.omitted and storeroom.elements.get().name == "Mouse"
    assert storeroom.location == bakery
    assert production.scenes.get(number="5A").characters.get().name == "GUS"
    assert production.characters.filter(name="INES").exists()
