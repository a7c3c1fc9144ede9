"""Studio's Redis cache, on the machine's real Redis: what production runs, not locmem."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from schedules import callsheets
from schedules.models import CallSheetLink
from tests.factories import callsheet_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("This test needs Redis: set REDIS_URL (make test does when Redis answers).")
    settings.CACHES = {
        "default": {
            "BACKEND": "studio.cache.RedisCache",
            "LOCATION": redis_url.rsplit("/", 1)[0] + "/2",
            # Each test's keys apart from any other run's.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield cache
    cache.clear()


def test_the_cache_keeps_values_and_reuses_one_client_per_pool(redis_cache):
    redis_cache.set("answer", {"value": 42}, 30)
    redis_cache.add("count", 1, None)
    redis_cache.incr("count")

    assert redis_cache.get_many(["answer", "count", "missing"]) == {
        "answer": {"value": 42},
        "count": 2,
    }
    client = redis_cache._cache
    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client(write=True)


@pytest.fixture
def personal_path(production, owner):
    plan = callsheet_schedule(production, by=owner)
    callsheet = callsheets.callsheet_generate(production=production, on=plan["days"][0])
    callsheets.callsheet_publish(callsheet=callsheet, send=False)
    grip = plan["crew"]["Key Grip"].person
    return f"/c/{callsheets.link_token(CallSheetLink.objects.get(person=grip))}/", grip


def test_the_personal_page_cached_in_redis_is_served_without_a_query_and_kept_fresh(
    redis_cache, personal_path, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    path, grip = personal_path
    client = Client()
    client.get(path)

    with django_assert_num_queries(0):
        assert "Gus Grip" in client.get(path).content.decode()
    client.post(f"{path}confirm/")
    assert "data-confirmed" in client.get(path).content.decode()
    callsheets.callsheet_link_revoke(
        callsheet=CallSheetLink.objects.get(person=grip).callsheet, person=grip
    )
    assert client.get(path).status_code == 404
