"""The scenes, scripts and breakdown API: who may do what, bad input answered in words with
nothing changed, and query counts that do not grow with the number of scenes."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from productions.models import BreakdownElement, Character, Location, Scene
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    CharacterFactory,
    ElementFactory,
    LocationFactory,
    SceneFactory,
    department,
)
from tests.productions.breakdown import build_scenes
from tests.productions.screenplays import fdx, feature, fountain

pytestmark = pytest.mark.django_db

BASE = "/api/v1/productions/long-night"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"


@pytest.fixture
def matrix(production, owner, producer, coordinator, crew_member, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "coordinator": coordinator,
        "producer": producer,
        "owner": owner,
    }


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def post_script(client, name: str, content: bytes, **extra):
    return client.post(
        f"{BASE}/scripts/", {"file": upload(name, content), **extra}, format="multipart"
    )


# ---------------------------------------------------------------- who may do what

LIST_PATHS = ["scripts", "scenes", "characters", "elements", "locations"]
READERS = [
    ("anonymous", 401),
    ("outsider", 404),
    ("crew", 200),
    ("coordinator", 200),
    ("producer", 200),
    ("owner", 200),
]
WRITERS = [
    ("anonymous", 401),
    ("outsider", 404),
    ("crew", 403),
    ("coordinator", 201),
    ("producer", 201),
    ("owner", 201),
]


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("who,expected", READERS)
def test_every_member_reads_the_breakdown_and_no_one_else(matrix, production, path, who, expected):
    build_scenes(production, 2)

    response = client_for(matrix[who]).get(f"{BASE}/{path}/")

    assert response.status_code == expected
    if expected == 200:
        assert set(response.json()) == {"count", "next", "previous", "results"}
    else:
        assert "message" in response.json()


@pytest.mark.parametrize("who,expected", READERS)
def test_every_member_reads_one_scene(matrix, production, who, expected):
    scene = build_scenes(production, 1)[0]

    response = client_for(matrix[who]).get(f"{BASE}/scenes/{scene.pk}/")

    assert response.status_code == expected


def _new_thing(path: str, production) -> dict:
    return {
        "scenes": {"number": "99", "int_ext": "EXT", "set_name": "PIER", "time_of_day": "NIGHT"},
        "characters": {"name": "BARMAN", "cast_id": "40"},
        "elements": {"category": "props", "name": "Lantern"},
        "locations": {"name": "PIER 39", "latitude": "33.7361", "longitude": "-118.2786"},
    }[path]


@pytest.mark.parametrize("path", ["scenes", "characters", "elements", "locations"])
@pytest.mark.parametrize("who,expected", WRITERS)
def test_only_editors_add_to_the_breakdown(matrix, production, path, who, expected):
    model = {"scenes": Scene, "characters": Character, "elements": BreakdownElement}.get(
        path, Location
    )
    before = model.objects.count()

    response = client_for(matrix[who]).post(
        f"{BASE}/{path}/", _new_thing(path, production), format="json"
    )

    assert response.status_code == expected, response.json()
    assert model.objects.count() == before + (expected == 201)


@pytest.mark.parametrize("who,expected", WRITERS)
def test_only_editors_upload_a_script(matrix, production, who, expected):
    response = post_script(client_for(matrix[who]), "draft.fountain", fountain(feature(4)).encode())

    assert response.status_code == expected
    assert production.scenes.count() == (4 if expected == 201 else 0)


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 403), ("coordinator", 200), ("owner", 200)],
)
def test_only_editors_change_a_scene(matrix, production, who, expected):
    scene = SceneFactory(production=production, synopsis="Before")

    response = client_for(matrix[who]).patch(
        f"{BASE}/scenes/{scene.pk}/", {"synopsis": "After"}, format="json"
    )

    assert response.status_code == expected
    scene.refresh_from_db()
    assert (scene.synopsis == "After") == (expected == 200)


@pytest.mark.parametrize("path", ["characters", "elements", "locations"])
@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 403), ("coordinator", 204), ("owner", 204)],
)
def test_only_editors_delete_from_the_breakdown(matrix, production, path, who, expected):
    factory = {
        "characters": CharacterFactory,
        "elements": ElementFactory,
        "locations": LocationFactory,
    }[path]
    thing = factory(production=production)

    response = client_for(matrix[who]).delete(f"{BASE}/{path}/{thing.pk}/")

    assert response.status_code == expected
    assert type(thing).objects.filter(pk=thing.pk).exists() == (expected != 204)


def test_scenes_cannot_be_deleted_through_the_api_only_omitted(owner, production):
    scene = SceneFactory(production=production)

    response = client_for(owner).delete(f"{BASE}/scenes/{scene.pk}/")

    assert response.status_code == 405
    assert Scene.objects.filter(pk=scene.pk).exists()


def test_a_scene_of_another_production_is_not_found(owner, production, other_production):
    theirs = SceneFactory(production=other_production)

    response = client_for(owner).patch(f"{BASE}/scenes/{theirs.pk}/", {"synopsis": "x"})

    assert response.status_code == 404


# ---------------------------------------------------------------- uploading scripts


def test_uploading_a_script_answers_with_the_import_result(coordinator, production):
    response = post_script(
        client_for(coordinator),
        "harbor.fdx",
        fdx(feature(100)).encode(),
        revision_name="Blue revision",
        revision_colour="blue",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {"created", "updated", "omitted", "unchanged", "title", "scenes", "warnings"} <= set(
        body
    )
    assert (body["created"], body["title"]) == (100, "The Harbor")
    assert set(body["scenes"][0]) == {
        "number",
        "int_ext",
        "set_name",
        "time_of_day",
        "page_eighths",
        "characters",
    }
    versions = client_for(coordinator).get(f"{BASE}/scripts/").json()["results"]
    assert [(v["revision_name"], v["revision_colour"], v["format"]) for v in versions] == [
        ("Blue revision", "blue", "fdx")
    ]
    assert versions[0]["uploaded_by"] == "coordinator"


def test_uploading_the_current_version_again_answers_200_and_changes_nothing(owner, production):
    content = fountain(feature(6)).encode()
    post_script(client_for(owner), "draft.fountain", content)

    response = post_script(client_for(owner), "draft.fountain", content)

    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"], body["omitted"], body["unchanged"]) == (0, 0, 0, 6)
    assert body["script"] is None
    assert production.scripts.count() == 1


def _too_large() -> bytes:
    return b"INT. KITCHEN - DAY\n\n" + b"x" * (10 * 1024 * 1024)


@pytest.mark.parametrize(
    "name,content,status,words",
    [
        ("empty.fountain", lambda: b"", 400, "The file is empty."),
        ("binary.fountain", "binary.fountain", 415, "not text"),
        ("not_fdx.fdx", "not_fdx.fdx", 415, "not a Final Draft"),
        ("xxe.fdx", "xxe.fdx", 400, "entities"),
        ("billion_laughs.fdx", "billion_laughs.fdx", 400, "entities"),
        ("no_headings.fountain", "no_headings.fountain", 400, "No scene headings"),
        ("huge.fountain", _too_large, 413, "the limit is 10 MB"),
        ("script.docx", lambda: b"PK\x03\x04", 415, "Unsupported file type"),
    ],
)
def test_bad_scripts_are_refused_with_the_right_status_and_change_nothing(
    owner, production, name, content, status, words
):
    post_script(client_for(owner), "draft.fountain", fountain(feature(3)).encode())
    before = (production.scenes.count(), production.scripts.count())
    data = content() if callable(content) else (FIXTURES / content).read_bytes()

    response = post_script(client_for(owner), name, data)

    assert response.status_code == status
    body = response.json()
    assert words in body["message"] and "\n" not in body["message"]
    assert body["errors"] == {"file": [body["message"]]}
    assert (production.scenes.count(), production.scripts.count()) == before


def test_a_script_sent_as_json_is_415(owner, production):
    response = client_for(owner).post(f"{BASE}/scripts/", {"file": "INT. A - DAY"}, format="json")

    assert response.status_code == 415
    assert production.scenes.count() == 0


def test_an_upload_without_a_file_names_the_field(owner, production):
    response = client_for(owner).post(f"{BASE}/scripts/", {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]


# ---------------------------------------------------------------- scenes


def test_a_scene_reads_with_its_breakdown_page_count_and_strip_colour(crew_member, production):
    scene = build_scenes(production, 1)[0]
    Scene.objects.filter(pk=scene.pk).update(page_eighths=19, int_ext="EXT", time_of_day="NIGHT")

    body = client_for(crew_member).get(f"{BASE}/scenes/{scene.pk}/").json()

    assert body["page_eighths"] == 19
    assert body["page_count"] == "2 3/8"
    assert body["strip_colour"] == "green"
    assert len(body["characters"]) == 2 and len(body["elements"]) == 2
    assert body["location"] == scene.location_id


def test_an_editor_breaks_a_scene_down_by_patching_it(coordinator, production):
    scene = SceneFactory(production=production)
    maya = CharacterFactory(production=production, name="MAYA")
    revolver = ElementFactory(production=production, name="Revolver")
    docks = LocationFactory(production=production, name="DOCKS")

    response = client_for(coordinator).patch(
        f"{BASE}/scenes/{scene.pk}/",
        {"characters": [maya.pk], "elements": [revolver.pk], "location": docks.pk, "omitted": True},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["characters"] == [maya.pk]
    scene.refresh_from_db()
    assert list(scene.characters.all()) == [maya]
    assert list(scene.elements.all()) == [revolver]
    assert (scene.location, scene.omitted) == (docks, True)


@pytest.mark.parametrize(
    "field,make",
    [
        ("characters", lambda p: {"characters": [CharacterFactory(production=p).pk]}),
        ("elements", lambda p: {"elements": [ElementFactory(production=p).pk]}),
        ("location", lambda p: {"location": LocationFactory(production=p).pk}),
    ],
)
def test_ids_of_another_production_are_refused_field_by_field(
    owner, production, other_production, field, make
):
    scene = SceneFactory(production=production, synopsis="Kept")

    response = client_for(owner).patch(
        f"{BASE}/scenes/{scene.pk}/", {**make(other_production), "synopsis": "Lost"}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    scene.refresh_from_db()
    assert scene.synopsis == "Kept"
    assert not scene.characters.exists() and not scene.elements.exists()
    assert scene.location is None


def test_a_scene_number_in_use_is_refused_in_words(owner, production):
    SceneFactory(production=production, number="12")

    response = client_for(owner).post(
        f"{BASE}/scenes/", {"number": "12", "set_name": "PIER"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "This production already has a scene with this number."
    assert production.scenes.count() == 1


def test_a_scene_is_at_least_an_eighth_of_a_page(owner, production):
    scene = SceneFactory(production=production, page_eighths=3)

    response = client_for(owner).patch(
        f"{BASE}/scenes/{scene.pk}/", {"page_eighths": 0}, format="json"
    )

    assert response.status_code == 400
    scene.refresh_from_db()
    assert scene.page_eighths == 3


def test_scenes_filter_by_what_an_ad_asks_for(crew_member, production):
    scenes = build_scenes(production, 12)
    Scene.objects.filter(pk=scenes[0].pk).update(omitted=True)
    character = production.characters.get(name="PART 3")
    element = production.elements.order_by("pk")[2]
    location = production.locations.order_by("pk")[1]
    client = client_for(crew_member)

    def numbers(query: str) -> set[str]:
        body = client.get(f"{BASE}/scenes/?{query}").json()
        return {scene["number"] for scene in body["results"]}

    everything = {s.number for s in scenes}
    exterior = {s.number for s in scenes if s.int_ext == "EXT"}
    night = {s.number for s in scenes if s.time_of_day == "NIGHT"}
    assert numbers("int_ext=EXT") == exterior
    assert numbers("time_of_day=night") == night
    assert numbers("day_night=night") == night
    assert numbers("omitted=true") == {scenes[0].number}
    assert numbers("omitted=false") == everything - {scenes[0].number}
    assert numbers(f"character={character.pk}") == {
        s.number for s in scenes if s.characters.filter(pk=character.pk).exists()
    }
    assert numbers(f"element={element.pk}") == {
        s.number for s in scenes if s.elements.filter(pk=element.pk).exists()
    }
    assert numbers(f"location={location.pk}") == {
        s.number for s in scenes if s.location_id == location.pk
    }


def test_an_unknown_filter_value_is_a_400_in_words(crew_member, production):
    response = client_for(crew_member).get(f"{BASE}/scenes/?int_ext=INSIDE")

    assert response.status_code == 400
    assert "int_ext" in response.json()["errors"]


# ---------------------------------------------------------------- characters, elements, locations


def test_a_character_is_linked_to_the_actor_playing_it(coordinator, production):
    maya = CharacterFactory(production=production, name="MAYA", cast_id="1")
    role = AssignmentFactory(
        production=production, title="Maya", role_kind="cast", department=department("Cast")
    )

    response = client_for(coordinator).patch(
        f"{BASE}/characters/{maya.pk}/", {"assignment": role.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["actor"] == role.person.name
    maya.refresh_from_db()
    assert maya.assignment == role


def test_a_role_on_another_production_cannot_play_a_character(owner, production, other_production):
    maya = CharacterFactory(production=production, name="MAYA")
    theirs = AssignmentFactory(production=other_production, role_kind="cast")

    response = client_for(owner).patch(
        f"{BASE}/characters/{maya.pk}/", {"assignment": theirs.pk}, format="json"
    )

    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]
    maya.refresh_from_db()
    assert maya.assignment is None


def test_a_cast_id_in_use_is_refused_in_words(owner, production):
    CharacterFactory(production=production, name="MAYA", cast_id="1")

    response = client_for(owner).post(
        f"{BASE}/characters/", {"name": "LENA", "cast_id": "1"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Another character already has this cast ID."


def test_an_element_reads_with_its_colour_and_scene_count(crew_member, production):
    build_scenes(production, 6)

    results = client_for(crew_member).get(f"{BASE}/elements/").json()["results"]

    assert all(r["colour"].startswith("#") for r in results)
    assert sum(r["scene_count"] for r in results) == 12


def test_a_location_out_of_range_is_refused_and_not_saved(owner, production):
    response = client_for(owner).post(
        f"{BASE}/locations/", {"name": "NOWHERE", "latitude": "91"}, format="json"
    )

    assert response.status_code == 400
    assert not production.locations.exists()


def test_editors_record_and_remove_dates_a_location_is_unavailable(coordinator, production):
    diner = LocationFactory(production=production, name="DINER")
    client = client_for(coordinator)

    added = client.post(
        f"{BASE}/locations/{diner.pk}/unavailability/",
        {"start_date": "2027-01-23", "end_date": "2027-01-24", "reason": "Private event"},
        format="json",
    )
    assert added.status_code == 201
    listed = client.get(f"{BASE}/locations/{diner.pk}/").json()
    assert listed["unavailabilities"][0]["reason"] == "Private event"

    removed = client.delete(f"{BASE}/locations/{diner.pk}/unavailability/{added.json()['id']}/")
    assert removed.status_code == 204
    assert not diner.unavailabilities.exists()


def test_dates_that_end_before_they_start_are_refused(coordinator, production):
    diner = LocationFactory(production=production, name="DINER")

    response = client_for(coordinator).post(
        f"{BASE}/locations/{diner.pk}/unavailability/",
        {"start_date": "2027-01-23", "end_date": "2027-01-20"},
        format="json",
    )

    assert response.status_code == 400
    assert "before the start date" in response.json()["message"]
    assert not diner.unavailabilities.exists()


def test_crew_cannot_record_location_dates(crew_member, production):
    diner = LocationFactory(production=production, name="DINER")

    response = client_for(crew_member).post(
        f"{BASE}/locations/{diner.pk}/unavailability/",
        {"start_date": "2027-01-23", "end_date": "2027-01-24"},
        format="json",
    )

    assert response.status_code == 403
    assert not diner.unavailabilities.exists()


def test_the_schema_documents_the_breakdown_endpoints(crew_member):
    response = client_for(crew_member).get("/api/schema/")

    assert response.status_code == 200
    schema = response.content.decode()
    assert "/api/v1/productions/{slug}/scripts/" in schema
    assert "/api/v1/productions/{slug}/scenes/{id}/" in schema


# ---------------------------------------------------------------- query counts


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_endpoints_run_as_many_queries_for_100_scenes_as_for_5(
    crew_member, production, django_assert_num_queries, path
):
    client = client_for(crew_member)
    build_scenes(production, 5)
    production.scripts.create(format="fountain", checksum="0" * 64, original_name="a.fountain")
    url = f"{BASE}/{path}/"
    small = _queries(client, url)

    build_scenes(production, 95, start=6)
    production.scripts.create(format="fdx", checksum="1" * 64, original_name="b.fdx")

    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_scene_list_endpoint_shows_every_scene_on_a_page_of_50(crew_member, production):
    build_scenes(production, 100)

    body = client_for(crew_member).get(f"{BASE}/scenes/").json()

    assert body["count"] == 100 and len(body["results"]) == 50
