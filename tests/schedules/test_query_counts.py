"""The schedule's pages and endpoints run as many queries for 300 scenes as for 20."""

import json

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.stripboard import schedule_fixture
from tests.conftest import client_for as api_client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = {"small": (20, 4, 5), "large": (300, 60, 40)}  # scenes, days, cast


@pytest.fixture
def user():
    return UserFactory(username="scheduler")


@pytest.fixture
def productions(user):
    return {
        size: schedule_fixture(
            slug=f"size-{size}", scenes=scenes, days=days, cast=cast, user=user, seed=n
        )
        for n, (size, (scenes, days, cast)) in enumerate(SIZES.items())
    }


def count(get) -> int:
    get()  # the first request also loads the session and warms caches
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return len(queries.captured_queries)


PAGES = [
    "/productions/{slug}/schedule/",
    "/productions/{slug}/schedule/dood/",
    "/productions/{slug}/schedule/conflicts/",
    "/productions/{slug}/schedule/history/",
]
ENDPOINTS = [
    "/api/v1/productions/{slug}/stripboard/",
    "/api/v1/productions/{slug}/shoot-days/",
    "/api/v1/productions/{slug}/dood/",
    "/api/v1/productions/{slug}/conflicts/",
]


@pytest.mark.parametrize("path", PAGES)
def test_schedule_pages_run_the_same_queries_for_20_and_300_scenes(
    user, productions, path, django_assert_num_queries
):
    client = Client()
    client.force_login(user)
    small = count(lambda: client.get(path.format(slug="size-small")))

    client.get(path.format(slug="size-large"))
    with django_assert_num_queries(small):
        response = client.get(path.format(slug="size-large"))
    assert response.status_code == 200


@pytest.mark.parametrize("path", ENDPOINTS)
def test_schedule_endpoints_run_the_same_queries_for_20_and_300_scenes(
    user, productions, path, django_assert_num_queries
):
    client = api_client_for(user)
    small = count(lambda: client.get(path.format(slug="size-small")))

    client.get(path.format(slug="size-large"))
    with django_assert_num_queries(small):
        response = client.get(path.format(slug="size-large"))
    assert response.status_code == 200


def test_the_stripboard_stays_within_a_small_fixed_number_of_queries(user, productions):
    client = Client()
    client.force_login(user)

    queries = count(lambda: client.get("/productions/size-large/schedule/"))

    assert queries <= 25


def test_the_large_board_really_is_large(user, productions):
    body = api_client_for(user).get("/api/v1/productions/size-large/stripboard/").json()

    assert len(body["days"]) == 60
    assert sum(len(day["strips"]) for day in body["days"]) + len(body["unscheduled"]) == 360


def test_the_benchmark_runs_and_leaves_nothing_behind():
    from bench.stripboard import bench_stripboard_and_dood
    from productions.models import Production

    result = bench_stripboard_and_dood(scenes=20, days=4, cast=5, runs=1)

    assert result["stripboard_seconds"] > 0 and result["dood_seconds"] > 0
    assert result["goal_stripboard_seconds"] == 0.150 and result["goal_dood_seconds"] == 0.100
    assert 0 < result["stripboard_queries"] <= 25
    assert not Production.objects.filter(slug="bench-stripboard").exists()


def _save_moving_one_strip(client, slug):
    path = f"/api/v1/productions/{slug}/stripboard/"
    board = client.get(path)
    body = board.json()
    moved = body["days"][0]["strips"].pop()
    body["days"][1]["strips"].append(moved)
    with CaptureQueriesContext(connection) as queries:
        response = client.put(
            path,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_IF_MATCH=board["ETag"],
        )
    assert response.status_code == 200, response.content[:300]
    return moved, response.json(), len(queries.captured_queries)


def test_a_board_save_runs_the_same_queries_for_20_and_300_scenes(user, productions):
    client = api_client_for(user)
    _save_moving_one_strip(client, "size-small")  # warms the session and the caches
    *_, small = _save_moving_one_strip(client, "size-small")

    moved, saved, large = _save_moving_one_strip(client, "size-large")

    # The save itself and the saved board it answers with (23 before the save took its
    # revision from the locked versions and renumbered the days it had read).
    assert large == small <= 21
    assert saved["days"][1]["strips"][-1]["id"] == moved["id"]
    again = client.get("/api/v1/productions/size-large/stripboard/").json()
    assert again["days"][1]["strips"][-1]["id"] == moved["id"]
