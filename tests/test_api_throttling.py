"""The API's rate limit (core.throttling): calls counted per period in the cache, the previous
period's weighted by how much of it is still within the last period; refused calls do not
count, and a cache that does not answer lets calls in."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import caches
from rest_framework.throttling import UserRateThrottle

from core import throttling
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/productions/"
# Ten seconds into a minute.
START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def three_a_minute(monkeypatch):
    # Each test counts from nothing in this process too (core.throttling keeps counts).
    monkeypatch.setattr(throttling, "_counts", {})
    rates = {**UserRateThrottle.THROTTLE_RATES, "user": "3/minute"}
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)


def statuses(client, calls: int) -> list[int]:
    return [client.get(LIST).status_code for _ in range(calls)]


def test_the_rate_lets_in_as_many_calls_as_it_says_then_says_when_to_retry(owner):
    client = client_for(owner)
    with time_machine.travel(START, tick=False):
        assert statuses(client, 4) == [200, 200, 200, 429]
        refused = client.get(LIST)

    assert "throttled" in refused.json()["message"].lower()
    # The minute's three calls keep it full until well into the next minute.
    assert 50 <= int(refused["Retry-After"]) <= 90


def test_the_last_minutes_calls_count_until_they_are_a_minute_old(owner):
    client = client_for(owner)
    with time_machine.travel(START, tick=False) as clock:
        assert statuses(client, 3) == [200, 200, 200]

        clock.move_to(START + timedelta(seconds=55))  # the next minute: they are 55 s old
        assert statuses(client, 1) == [429]

        clock.move_to(START + timedelta(seconds=70))  # two thirds of them still count
        assert statuses(client, 2) == [200, 429]

        clock.move_to(START + timedelta(seconds=180))  # a whole minute with none of them
        assert statuses(client, 4) == [200, 200, 200, 429]


def test_refused_calls_do_not_count(owner):
    client = client_for(owner)
    with time_machine.travel(START, tick=False) as clock:
        assert statuses(client, 8) == [200, 200, 200] + [429] * 5

        # 35 s of the last minute's 60 are still within a minute: 3 x 35/60 + 1 fits in 3
        # (it would not if the five refused calls had counted).
        clock.move_to(START + timedelta(seconds=75))
        assert statuses(client, 1) == [200]


def test_each_user_has_their_own_count(owner, producer):
    with time_machine.travel(START, tick=False):
        assert statuses(client_for(owner), 4)[-1] == 429

        assert statuses(client_for(producer), 3) == [200, 200, 200]


def test_on_the_real_redis_the_count_is_one_small_value_a_minute(owner, redis_cache):
    client = client_for(owner)
    with time_machine.travel(START, tick=False) as clock:
        assert statuses(client, 4) == [200, 200, 200, 429]
        minute = int(START.timestamp() // 60)
        assert redis_cache.get(f"throttle_user_{owner.pk}:{minute}") == 3

        clock.move_to(START + timedelta(seconds=55))
        assert statuses(client, 1) == [429]
        clock.move_to(START + timedelta(seconds=70))
        assert statuses(client, 2) == [200, 429]


def test_a_cache_that_does_not_answer_lets_calls_in(owner, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = client_for(owner)

    assert statuses(client, 5) == [200] * 5
    caches["default"].close()


@pytest.fixture
def a_hundred_a_minute(monkeypatch):
    rates = {**UserRateThrottle.THROTTLE_RATES, "user": "100/minute"}
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)


def cached_count(redis_cache, user) -> int:
    return redis_cache.get(f"throttle_user_{user.pk}:{int(START.timestamp() // 60)}")


def test_on_the_real_redis_calls_far_from_the_rate_are_added_to_its_count_a_second_apart(
    owner, redis_cache, a_hundred_a_minute
):
    client = client_for(owner)
    with time_machine.travel(START, tick=False) as clock:
        assert statuses(client, 50) == [200] * 50
        assert cached_count(redis_cache, owner) == 1  # the first asked; the others wait

        clock.move_to(START + timedelta(seconds=1.5))
        assert statuses(client, 1) == [200]
        assert cached_count(redis_cache, owner) == 51


def test_on_the_real_redis_near_the_rate_every_call_counts_in_the_cache(
    owner, redis_cache, a_hundred_a_minute
):
    client = client_for(owner)
    with time_machine.travel(START, tick=False):
        assert statuses(client, 101) == [200] * 100 + [429]

    assert cached_count(redis_cache, owner) == 100


def test_on_the_real_redis_two_processes_share_the_rate(
    owner, redis_cache, a_hundred_a_minute, monkeypatch
):
    client = client_for(owner)
    with time_machine.travel(START, tick=False) as clock:
        monkeypatch.setattr(throttling, "_counts", {})  # one process
        assert statuses(client, 50) == [200] * 50
        clock.move_to(START + timedelta(seconds=1.5))
        assert statuses(client, 1) == [200]  # adds its 51 calls to the count

        monkeypatch.setattr(throttling, "_counts", {})  # another process
        assert statuses(client, 50) == [200] * 49 + [429]

    assert cached_count(redis_cache, owner) == 100
