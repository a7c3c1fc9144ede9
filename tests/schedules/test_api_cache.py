"""The API's lists and board come from the cache, fresh after every change, private as before.

Each test reads once (which caches the answer), changes what it shows the way the app does,
and reads again. Remove a model from ``schedules.board_cache.WATCHED`` and a test here fails.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.stripboard import schedule_fixture
from core import read_cache
from core.read_cache import ProcessCopies
from crew.models import Assignment, Department
from productions import services as production_services
from productions.models import Membership, Scene
from schedules import services
from schedules.models import ShootDay
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCENES = "/api/v1/productions/board/scenes/"
DOOD = "/api/v1/productions/board/dood/"
CREW = "/api/v1/productions/board/crew/"
BOARD = "/api/v1/productions/board/stripboard/"


@pytest.fixture
def owner():
    return UserFactory(username="api-owner")


@pytest.fixture
def production(owner):
    return schedule_fixture(slug="board", scenes=12, days=3, cast=4, user=owner)


def member(production, access: str, username: str):
    user = UserFactory(username=username)
    Membership.objects.create(production=production, user=user, access=access)
    return user


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("path", [SCENES, DOOD, CREW, BOARD])
def test_a_second_read_runs_only_the_access_queries(owner, production, path):
    client = client_for(owner)
    first = read(client, path)

    with CaptureQueriesContext(connection) as queries:
        again = read(client, path)

    assert again == first
    assert len(queries.captured_queries) <= 3  # the production, the membership (and a token)


def test_a_scene_changed_shows_in_the_scene_list(owner, production):
    client = client_for(owner)
    read(client, SCENES)
    scene = production.scenes.get(number="3")

    production_services.scene_update(scene=scene, synopsis="The tide comes in.")

    scenes = {row["number"]: row for row in read(client, SCENES)["results"]}
    assert scenes["3"]["synopsis"] == "The tide comes in."


def test_a_part_added_to_a_scene_shows_in_the_scene_list(owner, production):
    client = client_for(owner)
    read(client, SCENES)
    scene = production.scenes.get(number="1")
    part = production.characters.exclude(pk__in=scene.characters.all()).first()

    scene.characters.add(part)

    scenes = {row["number"]: row for row in read(client, SCENES)["results"]}
    assert part.pk in scenes["1"]["characters"]


def test_a_role_changed_shows_in_the_crew_list(owner, production):
    client = client_for(owner)
    read(client, CREW)
    role = Assignment.objects.filter(production=production).first()

    role.title = "Lead Boatswain"
    role.save()

    titles = {row["title"] for row in read(client, CREW)["results"]}
    assert "Lead Boatswain" in titles


def test_a_renamed_standard_department_shows_in_every_crew_list(owner, production):
    client = client_for(owner)
    role = Assignment.objects.filter(production=production).first()
    read(client, CREW)

    department = Department.objects.get(pk=role.department_id)
    department.name = f"{department.name} Unit"
    department.save()

    names = {row["department_name"] for row in read(client, CREW)["results"]}
    assert department.name in names


def test_pay_stays_with_the_managers_after_a_manager_read_the_list(owner, production):
    crew = member(production, "crew", "api-crew")
    managers = read(client_for(owner), CREW)["results"]
    assert "daily_rate" in managers[0]

    rows = read(client_for(crew), CREW)["results"]

    assert rows and all("daily_rate" not in row for row in rows)


def test_another_productions_list_is_404_even_when_cached(owner, production):
    read(client_for(owner), SCENES)
    stranger = UserFactory(username="api-stranger")

    for path in (SCENES, DOOD, CREW, BOARD):
        response = client_for(stranger).get(path)
        assert response.status_code == 404
        assert "message" in response.json()


def test_a_board_change_shows_in_the_day_out_of_days(owner, production):
    client = client_for(owner)
    before = read(client, DOOD)
    day = ShootDay.objects.filter(version__production=production).order_by("date").last()

    services.shoot_day_remove(day=day, by=owner)

    after = read(client, DOOD)
    assert len(after["days"]) == len(before["days"]) - 1


def test_the_board_answers_its_new_version_after_a_save(owner, production):
    client = client_for(owner)
    response = client.get(BOARD)
    etag = response["ETag"]
    board = response.json()

    saved = client.put(BOARD, board, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200
    again = client.get(BOARD)

    assert again["ETag"] == saved["ETag"] != etag
    assert again.json()["version"] == board["version"] + 1
    stale = client.put(BOARD, board, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_the_csv_day_out_of_days_is_computed_each_time(owner, production):
    client = client_for(owner)
    read(client, DOOD)
    client.get(DOOD + "?format=csv")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DOOD + "?format=csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert len(queries.captured_queries) > 3


def test_a_list_another_process_changed_shows_at_once(owner, production):
    # This process keeps the answer it served (core.cached_api); another process's change
    # reaches it only through the production's generation in the shared cache.
    client = client_for(owner)
    read(client, SCENES)
    read(client, SCENES)
    scene = production.scenes.get(number="2")

    Scene.objects.filter(pk=scene.pk).update(synopsis="Changed elsewhere.")  # no signals here
    read_cache.expire(production.pk)  # what that process's write did to the cache

    scenes = {row["number"]: row for row in read(client, SCENES)["results"]}
    assert scenes["2"]["synopsis"] == "Changed elsewhere."


def test_the_process_keeps_an_answer_only_for_the_generations_it_was_current_under():
    served = ProcessCopies(most_bytes=1000, size=lambda answer: len(answer[0]))
    served.put("a", {7: 1, "global": 5}, (b"x" * 10, {}))

    assert served.get("a", {7: 1, "global": 5}) == (b"x" * 10, {})
    assert served.get("a", {7: 2, "global": 5}) is None
    assert served.get("a", {7: 1, "global": 6}) is None
    assert served.get("a", None) is None  # no generations read: ask the cache
    served.put("b", {7: None, "global": None}, (b"y", {}))  # the cache did not answer
    assert served.get("b", {7: None, "global": None}) is None


def test_the_process_keeps_at_most_its_bytes_of_answers_dropping_the_least_recent():
    served = ProcessCopies(most_bytes=250, size=lambda answer: len(answer[0]))
    stamps = {7: 1}
    for key in "abc":
        served.put(key, stamps, (b"x" * 100, {}))  # "a" goes to make room for "c"

    assert served.get("a", stamps) is None
    assert served.get("b", stamps) is not None and served.get("c", stamps) is not None
    served.put("d", stamps, (b"x" * 100, {}))  # "c" was served last after "b": "b" goes
    assert served.get("b", stamps) is None and served.get("c", stamps) is not None
    served.put("e", stamps, (b"x" * 300, {}))  # larger than all it keeps: not kept
    assert served.get("e", stamps) is None and served.bytes == 200
