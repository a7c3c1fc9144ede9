"""Studio's Redis cache, on the machine's real Redis: what production runs, not locmem."""

import pytest

pytestmark = pytest.mark.django_db


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
