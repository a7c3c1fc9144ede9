"""The activity feed: what changed, by whom, never what the reader may not see."""

import pytest

from collaboration import services
from collaboration.models import Activity
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/productions/long-night/activity/"


@pytest.mark.django_db(transaction=True)
def test_a_change_through_the_api_is_in_the_feed_with_its_actor(coordinator, crew_member, scene):
    # A real commit inside the request, as in production: the feed learns who made it.
    client_for(coordinator).patch(
        f"/api/v1/productions/long-night/scenes/{scene.pk}/", {"synopsis": "Rain"}
    )
    feed = client_for(crew_member).get(URL).json()["results"]
    assert feed[0]["event"] == "scene.changed"
    assert feed[0]["actor"] == "coordinator"
    assert feed[0]["on"] == f"scene:{scene.pk}"


def test_the_feed_hides_budget_events_and_threads_from_crew(
    production, producer, crew_member, accountant, objects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(
            production=production, by=producer, on=objects["budget"], body="Trim it"
        )
        services.comment_create(
            production=production, by=producer, on=objects["scene"], body="Nice"
        )
    Activity.objects.create(production=production, event="budget.changed", summary="Budget")
    crew = {a["event"] + a["on"] for a in client_for(crew_member).get(URL).json()["results"]}
    money = {a["event"] + a["on"] for a in client_for(accountant).get(URL).json()["results"]}
    assert "comment.created" + objects["scene"] in crew
    assert "comment.created" + objects["budget"] not in crew
    assert "budget.changed" not in crew
    assert {"comment.created" + objects["budget"], "budget.changed"} <= money


def test_the_feed_is_404_to_another_production_and_401_to_no_one(outsider):
    assert client_for(outsider).get(URL).status_code == 404
    assert client_for(None).get(URL).status_code == 401


@pytest.mark.parametrize("size", [3, 30])
def test_the_feed_reads_in_the_same_number_of_queries_at_any_size(
    size, production, producer, crew_member, django_assert_num_queries
):
    Activity.objects.bulk_create(
        Activity(production=production, event="scene.changed", actor=producer, summary=f"{n}")
        for n in range(size)
    )
    client = client_for(crew_member)
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_feed_page_reads_in_the_same_number_of_queries_at_any_size(
    size, client, production, producer, crew_member, django_assert_num_queries
):
    Activity.objects.bulk_create(
        Activity(production=production, event="scene.changed", actor=producer, summary=f"S{n}")
        for n in range(size)
    )
    client.force_login(crew_member)
    client.get("/productions/long-night/activity/")
    with django_assert_num_queries(7):
        response = client.get("/productions/long-night/activity/")
    assert response.status_code == 200
    assert response.content.decode().count("S") >= size
