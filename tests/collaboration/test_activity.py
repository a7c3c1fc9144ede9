"""The activity feed: what changed, by whom, never what the reader may not see."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

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


def _add_activity(production, actor, count, start=0):
    Activity.objects.bulk_create(
        Activity(production=production, event="scene.changed", actor=actor, summary=f"S{n}")
        for n in range(start, start + count)
    )


def test_the_feed_reads_in_the_same_number_of_queries_at_3_and_30(
    production, producer, crew_member, django_assert_num_queries
):
    client = client_for(crew_member)
    _add_activity(production, producer, 3)
    client.get(URL)  # warm what is cached per member, so both counts are the steady state
    reset_queries()  # a request resets the log: start from empty so the count survives it
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).json()["count"] == 3
    small_count = len(small)  # read now: the log is reset by later requests
    _add_activity(production, producer, 27)
    with django_assert_num_queries(small_count):
        assert client.get(URL).json()["count"] == 30


def test_the_feed_page_reads_in_the_same_number_of_queries_at_3_and_30(
    client, production, producer, crew_member, django_assert_num_queries
):
    client.force_login(crew_member)
    page = "/productions/long-night/activity/"
    _add_activity(production, producer, 3)
    client.get(page)
    reset_queries()  # a request resets the log: start from empty so the count survives it
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    small_count = len(small)  # read now: the log is reset by later requests
    _add_activity(production, producer, 27, start=3)
    with django_assert_num_queries(small_count):
        html = client.get(page).content.decode()
    assert "S29" in html and "S0" in html


def test_a_filter_that_is_no_text_is_refused_in_words(crew_member):
    response = client_for(crew_member).get(URL, {"event": "comment\x00", "actor": "x"})

    assert response.status_code == 400
    assert "event" in response.json()["errors"]
