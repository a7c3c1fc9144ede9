"""An API token and its user come from the cache once used (core.authentication), and never
outlive a change: a token revoked, a user deactivated or made superuser, a token expired.

Each test uses a token until it is served from the cache, changes it or its user the way the
app does, and calls again. Remove ``AuthToken`` or the user model from
``core.authentication.receivers_connect`` and a test here fails.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from core import read_cache
from productions import services
from productions.models import Membership
from tests.factories import SceneFactory, UserFactory

pytestmark = pytest.mark.django_db

# A cached list: once the token is cached too, a call runs no query at all.
PRODUCTION = "/api/v1/productions/long-night/scenes/"


def cached_client(user) -> APIClient:
    """A client whose token is cached: its first call notes whose it is, the second keeps it."""
    value = AuthToken.objects.create(user=user)[1]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {value}")
    for _ in range(2):
        assert client.get(PRODUCTION).status_code == 200
    return client


def test_a_token_used_before_runs_no_query_for_itself_or_its_user(owner, production):
    client = cached_client(owner)
    first = client.get(PRODUCTION)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(PRODUCTION)

    assert again.status_code == 200 and again.json() == first.json()
    assert queries.captured_queries == []


def test_a_revoked_token_is_refused_at_once(owner, production):
    client = cached_client(owner)

    assert client.delete("/api/v1/auth/token/").status_code == 204

    assert client.get(PRODUCTION).status_code == 401


def test_tokens_deleted_together_are_refused_at_once(owner, production):
    clients = [cached_client(owner), cached_client(owner)]

    AuthToken.objects.filter(user=owner).delete()

    assert [client.get(PRODUCTION).status_code for client in clients] == [401, 401]


def test_a_deactivated_user_is_refused_at_once(owner, production):
    client = cached_client(owner)

    owner.is_active = False
    owner.save()

    response = client.get(PRODUCTION)
    assert response.status_code == 401
    assert "message" in response.json()


def test_a_user_made_superuser_is_one_at_once(production):
    user = UserFactory(username="soon-super")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    for _ in range(3):
        assert client.get(PRODUCTION).status_code == 404  # not a member

    user.is_superuser = True
    user.save()

    assert client.get(PRODUCTION).status_code == 200


def test_an_expired_token_is_refused_from_the_cache_and_deleted(owner, production):
    client = cached_client(owner)

    with time_machine.travel(timezone.now() + timedelta(days=91)):
        response = client.get(PRODUCTION)

    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=owner).exists()


def test_a_token_used_again_a_day_later_is_renewed(owner, production):
    client = cached_client(owner)
    token = AuthToken.objects.get(user=owner)

    later = timezone.now() + timedelta(days=1)
    with time_machine.travel(later):
        assert client.get(PRODUCTION).status_code == 200

    token.refresh_from_db()
    assert token.expiry > later + timedelta(days=89)


def test_on_the_real_redis_a_revoked_token_is_refused_at_once(owner, production, redis_cache):
    client = cached_client(owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PRODUCTION).status_code == 200
    assert queries.captured_queries == []

    assert client.delete("/api/v1/auth/token/").status_code == 204

    assert client.get(PRODUCTION).status_code == 401


def test_with_a_cached_token_a_member_removed_is_refused_at_once(owner, production):
    # The token, the production and the membership are read from the cache in one round
    # trip (core.read_cache.ReadAhead): a change to the membership still shows at once.
    crew = UserFactory(username="token-crew")
    membership = Membership.objects.create(production=production, user=crew, access="crew")
    client = cached_client(crew)
    assert client.get(PRODUCTION).status_code == 200

    services.membership_remove(membership=membership, by=owner)

    assert client.get(PRODUCTION).status_code == 404


def test_with_a_cached_token_a_scene_changed_shows_at_once(owner, production):
    scene = SceneFactory(production=production, number="7", synopsis="Before.")
    client = cached_client(owner)
    assert client.get(PRODUCTION).json()["results"][0]["synopsis"] == "Before."

    services.scene_update(scene=scene, synopsis="After.")

    assert client.get(PRODUCTION).json()["results"][0]["synopsis"] == "After."


def test_a_read_ahead_serves_what_it_read_and_asks_the_cache_for_the_rest():
    cache.set_many({"ahead:a": 1, "ahead:b": 2})
    ahead = read_cache.ReadAhead(["ahead:a", "ahead:missing"])
    cache.set_many({"ahead:a": 10, "ahead:missing": 20, "ahead:b": 30})

    # What it read is as it was when it read it (found or not); the rest is asked for now.
    assert ahead.get_many(["ahead:a", "ahead:missing", "ahead:b"]) == {"ahead:a": 1, "ahead:b": 30}
