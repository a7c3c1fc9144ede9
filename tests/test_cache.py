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


def test_a_signed_in_page_reads_its_session_from_the_cache_and_signing_out_ends_it(
    redis_cache, owner
):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    office, phone = Client(), Client()
    office.force_login(owner)
    phone.cookies = office.cookies  # the same session, as a second tab or device has it
    assert office.get("/inbox/").status_code == 200

    with CaptureQueriesContext(connection) as queries:
        assert phone.get("/inbox/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]

    office.post("/accounts/logout/")

    assert phone.get("/inbox/").status_code == 302
