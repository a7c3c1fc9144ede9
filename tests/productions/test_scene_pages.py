"""The scene, script, character and location pages: who sees what, forms that say what is wrong
and change nothing, and a scene list whose queries do not grow with the script."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from productions.models import Scene
from tests.factories import (
    AssignmentFactory,
    CharacterFactory,
    LocationFactory,
    SceneFactory,
    department,
)
from tests.productions.breakdown import build_scenes
from tests.productions.screenplays import feature, fountain

pytestmark = pytest.mark.django_db

BASE = "/productions/long-night"


def text(response) -> str:
    """Return the page as a user reads it: HTML entities turned back into characters."""
    return html.unescape(response.content.decode())


def browser_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


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


@pytest.fixture
def scene(production):
    return build_scenes(production, 3)[1]


EXPECTED = {
    "read": {"outsider": 404, "crew": 200, "coordinator": 200, "producer": 200, "owner": 200},
    "edit": {"outsider": 404, "crew": 403, "coordinator": 200, "producer": 200, "owner": 200},
}


def _pages(scene) -> list[tuple[str, str]]:
    character = scene.characters.first()
    location = scene.location
    return [
        ("read", f"{BASE}/scenes/"),
        ("read", f"{BASE}/scenes/{scene.pk}/"),
        ("read", f"{BASE}/script/"),
        ("read", f"{BASE}/characters/"),
        ("read", f"{BASE}/locations/"),
        ("edit", f"{BASE}/characters/{character.pk}/edit/"),
        ("edit", f"{BASE}/characters/{character.pk}/delete/"),
        ("edit", f"{BASE}/locations/new/"),
        ("edit", f"{BASE}/locations/{location.pk}/"),
        ("edit", f"{BASE}/locations/{location.pk}/delete/"),
    ]


@pytest.mark.parametrize("who", ["outsider", "crew", "coordinator", "producer", "owner"])
def test_each_member_opens_the_breakdown_pages_their_access_allows(matrix, scene, who):
    client = browser_for(matrix[who])
    for level, path in _pages(scene):
        assert client.get(path).status_code == EXPECTED[level][who], path


def test_anonymous_visitors_are_sent_to_sign_in(matrix, scene):
    client = browser_for(None)
    for _level, path in _pages(scene):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 403), ("coordinator", 302), ("owner", 302)],
)
def test_only_editors_tag_elements_on_the_breakdown_sheet(matrix, scene, who, expected):
    before = scene.elements.count()

    response = browser_for(matrix[who]).post(
        f"{BASE}/scenes/{scene.pk}/", {"action": "tag", "category": "props", "name": "Lantern"}
    )

    assert response.status_code == expected
    assert scene.elements.count() == before + (who in ("coordinator", "owner"))


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 403), ("coordinator", 200), ("owner", 200)],
)
def test_only_editors_upload_a_script_on_the_page(matrix, production, who, expected):
    file = SimpleUploadedFile("draft.fountain", fountain(feature(4)).encode())

    response = browser_for(matrix[who]).post(f"{BASE}/script/", {"file": file})

    assert response.status_code == expected
    assert production.scenes.count() == (4 if expected == 200 else 0)


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 403), ("coordinator", 302), ("owner", 302)],
)
def test_only_editors_add_characters_on_the_page(matrix, production, who, expected):
    response = browser_for(matrix[who]).post(
        f"{BASE}/characters/", {"name": "BARMAN", "cast_id": "30"}
    )

    assert response.status_code == expected
    assert production.characters.filter(name="BARMAN").exists() == (
        expected == 302 and who != "anonymous"
    )


def test_the_nav_leads_to_the_scenes(coordinator, production):
    page = text(browser_for(coordinator).get(f"{BASE}/"))

    assert f'href="{BASE}/scenes/"' in page


# ---------------------------------------------------------------- the script page


def test_uploading_a_script_shows_what_the_import_did(coordinator, production):
    client = browser_for(coordinator)
    draft = fountain(feature(100))

    first = client.post(
        f"{BASE}/script/",
        {
            "file": SimpleUploadedFile("draft.fountain", draft.encode()),
            "revision_name": "White draft",
            "revision_colour": "white",
        },
    )

    assert first.status_code == 200
    page = text(first)
    assert "100 created" in " ".join(page.split()).replace("</strong> ", " ").replace(
        "<strong>", ""
    )
    assert "White draft" in page
    assert production.scenes.count() == 100

    blue = draft.replace("EXT. DOCKS - CONTAINER ROW - NIGHT #1#", "EXT. DOCKS - DAY #1#")
    second = client.post(
        f"{BASE}/script/",
        {"file": SimpleUploadedFile("blue.fountain", blue.encode()), "revision_colour": "blue"},
    )
    counts = {
        kind: f"<strong>{n}</strong> {kind}"
        for kind, n in (("created", 0), ("updated", 1), ("omitted", 0), ("unchanged", 99))
    }
    assert all(count in text(second) for count in counts.values())
    assert 'class="revision rev-blue"' in text(second)
    assert production.scripts.count() == 2


def test_the_script_page_lists_lines_it_could_not_read(coordinator, production):
    script = "Title: Notes\n\nINT. KITCHEN - DAY\n\nAnna waits.\nINT. HALL - DAY\n\nAnna leaves.\n"

    response = browser_for(coordinator).post(
        f"{BASE}/script/", {"file": SimpleUploadedFile("notes.fountain", script.encode())}
    )

    page = text(response)
    assert "Lines it could not read as written" in page
    assert "'INT. HALL - DAY' looks like a scene heading" in page


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("empty.fountain", b"", "The file is empty."),
        ("script.pdf", b"%PDF-1.4", "Unsupported file type '.pdf'"),
        ("none.fountain", b"Just some words.\n", "No scene headings found"),
        ("bad.fdx", b"<svg></svg>", "not a Final Draft"),
    ],
)
def test_a_bad_script_is_refused_on_the_form_in_words(
    coordinator, production, name, content, words
):
    response = browser_for(coordinator).post(
        f"{BASE}/script/", {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert words in text(response)
    assert 'class="field has-error' in text(response)
    assert production.scenes.count() == 0 and production.scripts.count() == 0


def test_crew_see_the_versions_but_no_upload_form(crew_member, production):
    page = text(browser_for(crew_member).get(f"{BASE}/script/"))

    assert "Versions" in page
    assert 'type="file"' not in page


# ---------------------------------------------------------------- the scene list


def test_the_scene_list_shows_strips_in_their_colours_with_page_totals(crew_member, production):
    SceneFactory(
        production=production, number="1", int_ext="INT", time_of_day="DAY", page_eighths=3
    )
    SceneFactory(
        production=production, number="2", int_ext="EXT", time_of_day="DAY", page_eighths=8
    )
    SceneFactory(
        production=production, number="3", int_ext="INT", time_of_day="NIGHT", page_eighths=5
    )
    SceneFactory(
        production=production, number="4", int_ext="EXT", time_of_day="NIGHT", page_eighths=3
    )
    SceneFactory(production=production, number="5", omitted=True, page_eighths=8)

    page = text(browser_for(crew_member).get(f"{BASE}/scenes/"))

    for colour in ("white", "yellow", "blue", "green"):
        assert f"scene-strip paper-{colour}" in page
    assert "4 scenes" in page
    assert "2 3/8 pages" in page
    assert "EXT night 3/8" in page
    assert "(omitted)" not in page


def test_the_scene_list_filters_by_int_ext_day_night_character_location_and_element(
    crew_member, production
):
    build_scenes(production, 12)
    client = browser_for(crew_member)
    character = production.characters.get(name="PART 3")
    element = production.elements.order_by("pk")[2]
    location = production.locations.order_by("pk")[1]

    def numbers(query: str) -> set[str]:
        response = client.get(f"{BASE}/scenes/?{query}")
        return {s.number for s in response.context["scenes"]}

    scenes = list(production.scenes.all())
    assert numbers("int_ext=EXT") == {s.number for s in scenes if s.int_ext == "EXT"}
    assert numbers("day_night=night") == {s.number for s in scenes if s.is_night}
    assert numbers("day_night=day") == {s.number for s in scenes if not s.is_night}
    assert numbers(f"character={character.pk}") == {s.number for s in character.scenes.all()}
    assert numbers(f"element={element.pk}") == {s.number for s in element.scenes.all()}
    assert numbers(f"location={location.pk}") == {s.number for s in location.scenes.all()}


def test_omitted_scenes_show_only_when_asked_for(crew_member, production):
    SceneFactory(production=production, number="1")
    SceneFactory(production=production, number="2", omitted=True)
    client = browser_for(crew_member)

    assert [s.number for s in client.get(f"{BASE}/scenes/").context["scenes"]] == ["1"]
    shown = client.get(f"{BASE}/scenes/?omitted=").context["scenes"]
    assert [s.number for s in shown] == ["1", "2"]
    assert "(omitted)" in text(client.get(f"{BASE}/scenes/?omitted=true"))


def test_a_nonsense_filter_is_ignored_rather_than_an_error(crew_member, production):
    build_scenes(production, 3)

    response = browser_for(crew_member).get(f"{BASE}/scenes/?character=abc&int_ext=INSIDE")

    assert response.status_code == 200
    assert len(response.context["scenes"]) == 3


def test_the_scene_list_runs_as_many_queries_for_100_scenes_as_for_5(
    crew_member, production, django_assert_num_queries
):
    client = browser_for(crew_member)
    build_scenes(production, 5)
    client.get(f"{BASE}/scenes/")  # the production and membership are cached from then on
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"{BASE}/scenes/").status_code == 200

    build_scenes(production, 95, start=6)

    with django_assert_num_queries(len(small)):
        response = client.get(f"{BASE}/scenes/")
    assert len(response.context["scenes"]) == 100


@pytest.mark.parametrize("path", ["characters", "locations"])
def test_the_character_and_location_lists_do_not_grow_in_queries(
    crew_member, production, django_assert_num_queries, path
):
    client = browser_for(crew_member)
    build_scenes(production, 5)
    client.get(f"{BASE}/{path}/")  # the production and membership are cached from then on
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"{BASE}/{path}/").status_code == 200

    build_scenes(production, 95, start=6)

    with django_assert_num_queries(len(small)):
        client.get(f"{BASE}/{path}/")


# ---------------------------------------------------------------- the breakdown sheet


def test_an_ad_tags_an_element_by_category_and_name_in_one_go(coordinator, production, scene):
    client = browser_for(coordinator)
    url = f"{BASE}/scenes/{scene.pk}/"

    response = client.post(url, {"action": "tag", "category": "vehicles", "name": " Red  pickup "})
    client.post(url, {"action": "tag", "category": "vehicles", "name": "red pickup"})

    assert response.status_code == 302
    truck = production.elements.get(category="vehicles", name__iexact="red pickup")
    assert truck.name == "Red pickup"
    assert scene.elements.filter(pk=truck.pk).exists()
    assert "Red pickup" in text(client.get(url))


def test_an_element_without_a_name_is_refused_in_words(coordinator, production, scene):
    before = set(scene.elements.all())

    response = browser_for(coordinator).post(
        f"{BASE}/scenes/{scene.pk}/", {"action": "tag", "category": "props", "name": "   "}
    )

    assert response.status_code == 200
    assert "This field is required." in text(response) or "Name the element" in text(response)
    assert set(scene.elements.all()) == before


def test_an_ad_takes_an_element_off_a_scene_and_it_stays_in_the_breakdown(
    coordinator, production, scene
):
    element = scene.elements.first()

    browser_for(coordinator).post(
        f"{BASE}/scenes/{scene.pk}/", {"action": "untag", "element": element.pk}
    )

    assert not scene.elements.filter(pk=element.pk).exists()
    assert production.elements.filter(pk=element.pk).exists()


def test_an_ad_adds_and_removes_characters_and_links_them_to_cast(coordinator, production, scene):
    client = browser_for(coordinator)
    url = f"{BASE}/scenes/{scene.pk}/"
    newcomer = CharacterFactory(production=production, name="NEWCOMER", cast_id="20")
    role = AssignmentFactory(
        production=production, title="Newcomer", role_kind="cast", department=department("Cast")
    )

    client.post(url, {"action": "add_character", "character": newcomer.pk})
    client.post(url, {"action": "cast", "character": newcomer.pk, "assignment": role.pk})

    assert scene.characters.filter(pk=newcomer.pk).exists()
    newcomer.refresh_from_db()
    assert newcomer.assignment == role
    assert role.person.name in text(client.get(url))

    client.post(url, {"action": "remove_character", "character": newcomer.pk})
    assert not scene.characters.filter(pk=newcomer.pk).exists()


def test_a_cast_role_of_another_production_is_refused(
    coordinator, production, other_production, scene
):
    character = scene.characters.first()
    before = character.assignment_id
    theirs = AssignmentFactory(production=other_production, role_kind="cast")

    response = browser_for(coordinator).post(
        f"{BASE}/scenes/{scene.pk}/",
        {"action": "cast", "character": character.pk, "assignment": theirs.pk},
        follow=True,
    )

    assert "Choose one of this production's cast roles." in text(response)
    character.refresh_from_db()
    assert character.assignment_id == before


def test_an_ad_edits_synopsis_pages_time_and_location(coordinator, production, scene):
    pier = LocationFactory(production=production, name="PIER")

    response = browser_for(coordinator).post(
        f"{BASE}/scenes/{scene.pk}/",
        {
            "action": "scene",
            "synopsis": "Maya finds the truck.",
            "page_eighths": "2 3/8",
            "estimated_minutes": "150",
            "location": pier.pk,
        },
    )

    assert response.status_code == 302
    scene.refresh_from_db()
    assert scene.synopsis == "Maya finds the truck."
    assert scene.page_eighths == 19
    assert scene.estimated_minutes == 150
    assert scene.location == pier


@pytest.mark.parametrize(
    "pages,words",
    [("2 9/8", "whole pages and eighths"), ("0", "at least 1/8"), ("lots", "whole pages")],
)
def test_pages_written_wrong_are_refused_in_words_and_nothing_changes(
    coordinator, production, scene, pages, words
):
    before = (scene.page_eighths, scene.synopsis)

    response = browser_for(coordinator).post(
        f"{BASE}/scenes/{scene.pk}/",
        {"action": "scene", "synopsis": "Changed", "page_eighths": pages},
    )

    assert response.status_code == 200
    assert words in text(response)
    scene.refresh_from_db()
    assert (scene.page_eighths, scene.synopsis) == before


def test_the_breakdown_sheet_prints_without_its_forms(crew_member, production, scene):
    page = text(browser_for(crew_member).get(f"{BASE}/scenes/{scene.pk}/"))

    assert "Breakdown sheet" in page
    assert "<form" not in page.split("<main", 1)[1]
    assert "js/print.js" in page
    assert "<script>" not in page


def test_the_breakdown_sheet_links_to_the_scenes_either_side(crew_member, production):
    first, second, third = build_scenes(production, 3)

    page = text(browser_for(crew_member).get(f"{BASE}/scenes/{second.pk}/"))

    assert f"{BASE}/scenes/{first.pk}/" in page and f"{BASE}/scenes/{third.pk}/" in page


def test_a_scene_of_another_production_is_not_found(coordinator, other_production):
    theirs = SceneFactory(production=other_production)

    assert browser_for(coordinator).get(f"{BASE}/scenes/{theirs.pk}/").status_code == 404


# ---------------------------------------------------------------- characters and locations


def test_an_editor_changes_a_characters_cast_id_and_actor(coordinator, production):
    maya = CharacterFactory(production=production, name="MAYA", cast_id="7")
    role = AssignmentFactory(
        production=production, title="Maya", role_kind="cast", department=department("Cast")
    )

    response = browser_for(coordinator).post(
        f"{BASE}/characters/{maya.pk}/edit/",
        {"name": "MAYA", "cast_id": "1", "assignment": role.pk},
    )

    assert response.status_code == 302
    maya.refresh_from_db()
    assert (maya.cast_id, maya.assignment) == ("1", role)


def test_a_cast_id_in_use_is_refused_on_the_form(coordinator, production):
    CharacterFactory(production=production, name="MAYA", cast_id="1")
    lena = CharacterFactory(production=production, name="LENA", cast_id="2")

    response = browser_for(coordinator).post(
        f"{BASE}/characters/{lena.pk}/edit/", {"name": "LENA", "cast_id": "1"}
    )

    assert response.status_code == 200
    assert "Another character already has this cast ID." in text(response)
    lena.refresh_from_db()
    assert lena.cast_id == "2"


def test_deleting_a_character_keeps_its_scenes(coordinator, production, scene):
    character = scene.characters.first()

    response = browser_for(coordinator).post(f"{BASE}/characters/{character.pk}/delete/")

    assert response.status_code == 302
    assert not production.characters.filter(pk=character.pk).exists()
    assert Scene.objects.filter(pk=scene.pk).exists()


def test_an_editor_adds_a_location_with_coordinates_parking_and_hospital(coordinator, production):
    response = browser_for(coordinator).post(
        f"{BASE}/locations/new/",
        {
            "name": "DOCKS",
            "address": "Berth 73, San Pedro, CA 90731",
            "latitude": "33.722640",
            "longitude": "-118.276930",
            "parking": "Port lot on 22nd St",
            "nearest_hospital": "Providence San Pedro",
            "hospital_address": "1300 W 7th St, San Pedro, CA 90732",
            "hospital_phone": "+1 310 555 0131",
        },
    )

    assert response.status_code == 302
    docks = production.locations.get(name="DOCKS")
    assert str(docks.latitude) == "33.722640"
    page = text(browser_for(coordinator).get(f"{BASE}/locations/"))
    assert "Port lot on 22nd St" in page and "Providence San Pedro" in page


def test_a_latitude_out_of_range_is_refused_in_words(coordinator, production):
    response = browser_for(coordinator).post(
        f"{BASE}/locations/new/", {"name": "NOWHERE", "latitude": "123"}
    )

    assert response.status_code == 200
    assert "Latitude must be between -90 and 90." in text(response)
    assert not production.locations.exists()


def test_an_editor_records_and_removes_the_dates_a_location_is_unavailable(coordinator, production):
    diner = LocationFactory(production=production, name="DINER")
    client = browser_for(coordinator)
    url = f"{BASE}/locations/{diner.pk}/"

    client.post(url, {"add_dates": "1", "start_date": "2027-01-23", "end_date": "2027-01-24"})
    entry = diner.unavailabilities.get()
    refused = client.post(
        url, {"add_dates": "1", "start_date": "2027-02-02", "end_date": "2027-02-01"}
    )

    assert "The end date cannot be before the start date." in text(refused)
    assert diner.unavailabilities.count() == 1
    assert "23 Jan 2027" in text(client.get(f"{BASE}/locations/"))

    client.post(url, {"remove_dates": entry.pk})
    assert not diner.unavailabilities.exists()


def test_deleting_a_location_leaves_its_scenes_without_one(coordinator, production, scene):
    location = scene.location

    browser_for(coordinator).post(f"{BASE}/locations/{location.pk}/delete/")

    scene.refresh_from_db()
    assert scene.location is None
