"""The API's production lookup comes from the cache, and never outlives a change of access.

Each test reads once as a member (which caches the production and the membership), changes
the member's access the way the app does, and reads again. Remove ``Membership`` or
``Production`` from ``schedules.board_cache.WATCHED`` and a test here fails.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from bench.stripboard import schedule_fixture
from productions import services
from productions.models import Membership
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCENES = "/api/v1/productions/access/scenes/"
SCENE = "/api/v1/productions/access/scenes/{pk}/"


@pytest.fixture
def owner():
    return UserFactory(username="access-owner")


@pytest.fixture
def production(owner):
    return schedule_fixture(slug="access", scenes=6, days=2, cast=3, user=owner)


def member(production, access: str, username: str):
    user = UserFactory(username=username)
    Membership.objects.create(production=production, user=user, access=access)
    return user


def test_a_second_read_with_a_token_runs_only_the_token_query(owner, production):
    token = AuthToken.objects.create(user=owner)[1]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    first = client.get(SCENES)
    assert first.status_code == 200

    with CaptureQueriesContext(connection) as queries:
        again = client.get(SCENES)

    assert again.status_code == 200
    assert again.json() == first.json()
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]


def test_a_member_removed_is_refused_at_once(owner, production):
    crew = member(production, "crew", "access-crew")
    assert client_for(crew).get(SCENES).status_code == 200

    services.membership_remove(membership=Membership.objects.get(user=crew), by=owner)

    response = client_for(crew).get(SCENES)
    assert response.status_code == 404
    assert "message" in response.json()


def test_an_editor_made_a_viewer_can_no_longer_change_a_scene(owner, production):
    coordinator = member(production, "coordinator", "access-coordinator")
    scene = production.scenes.get(number="1")
    path = SCENE.format(pk=scene.pk)
    client = client_for(coordinator)
    assert client.patch(path, {"synopsis": "First."}, format="json").status_code == 200

    services.membership_change(
        membership=Membership.objects.get(user=coordinator), access="viewer", by=owner
    )

    assert client.patch(path, {"synopsis": "Second."}, format="json").status_code == 403
    scene.refresh_from_db()
    assert scene.synopsis == "First."


def test_a_deleted_production_is_404_at_once(owner, production):
    assert client_for(owner).get(SCENES).status_code == 200

    services.production_delete(production=production, by=owner, confirm_title=production.title)

    assert client_for(owner).get(SCENES).status_code == 404


def test_someone_added_gets_in_at_once(owner, production):
    newcomer = UserFactory(username="access-newcomer")
    assert client_for(newcomer).get(SCENES).status_code == 404

    services.membership_add(production=production, user=newcomer, access="crew", by=owner)

    assert client_for(newcomer).get(SCENES).status_code == 200


def test_an_expired_token_is_refused_and_the_next_sign_in_clears_the_expired_ones(owner):
    owner.set_password("s3cret-pass!")
    owner.save()
    old, old_value = AuthToken.objects.create(user=owner)
    live_value = AuthToken.objects.create(user=owner)[1]
    AuthToken.objects.filter(pk=old.pk).update(expiry=timezone.now() - timedelta(seconds=1))

    # Using another token no longer reads (or deletes) the user's other tokens each time.
    live = APIClient(HTTP_AUTHORIZATION=f"Token {live_value}").get("/api/v1/productions/")
    assert live.status_code == 200
    assert AuthToken.objects.filter(pk=old.pk).exists()
    refused = APIClient(HTTP_AUTHORIZATION=f"Token {old_value}").get("/api/v1/productions/")
    assert refused.status_code == 401
    assert not AuthToken.objects.filter(pk=old.pk).exists()

    AuthToken.objects.create(user=owner)
    stale = AuthToken.objects.create(user=owner)[0]
    AuthToken.objects.filter(pk=stale.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    signed_in = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "access-owner", "password": "s3cret-pass!"},
        format="json",
    )
    assert signed_in.status_code == 200
    assert not AuthToken.objects.filter(pk=stale.pk).exists()
    assert AuthToken.objects.filter(user=owner).count() == 3  # the live ones and the new one


def test_a_member_removed_no_longer_opens_the_stripboard_page(owner, production):
    crew = member(production, "crew", "access-page-crew")
    browser = Client()
    browser.force_login(crew)
    page = "/productions/access/schedule/"
    assert browser.get(page).status_code == 200

    services.membership_remove(membership=Membership.objects.get(user=crew), by=owner)

    assert browser.get(page).status_code == 404
