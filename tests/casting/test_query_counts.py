"""The casting board, the picks and the candidate and role lists run the same queries at any
size: counted at a small size, then pinned at a bigger one."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casting import services
from tests.conftest import client_for
from tests.factories import CharacterFactory, PersonFactory, UnavailabilityFactory

pytestmark = pytest.mark.django_db
BASE = "/productions/long-night/casting"
API = "/api/v1/productions/long-night"


def _candidates(role, count, director):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.casting.test_headshots import image_bytes

    photo = image_bytes("PNG", size=(4, 4))
    for n in range(count):
        person = PersonFactory()
        candidate = services.candidate_add(role=role, person=person, photo_url="https://x.test/p")
        UnavailabilityFactory(person=person, start_date="2027-01-14", end_date="2027-01-14")
        services.pick_record(candidate=candidate, user=director, pick="yes", note=str(n))
        if n % 2:
            services.headshot_upload(candidate=candidate, upload=SimpleUploadedFile("h.png", photo))


def _roles(production, count):
    for _ in range(count):
        services.role_create(production=production, character=CharacterFactory(production=production))  # fmt: skip  # noqa: E501


def _cold(get):
    """Call ``get`` with an empty cache, so what the cache holds never changes the count."""
    from django.core.cache import cache

    def call():
        cache.clear()
        return get()

    return call


def _queries(get) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert get().status_code == 200
    return len(captured)


def _getter(user, url):
    if url.startswith("/api/"):
        return _cold(lambda: client_for(user).get(url))
    client = Client()
    client.force_login(user)
    return _cold(lambda: client.get(url))


@pytest.mark.parametrize("page", ["board", "picks", "api"])
def test_the_same_queries_for_3_and_30_candidates(
    role, casting_member, director, django_assert_num_queries, page
):
    urls = {
        "board": f"{BASE}/roles/{role.pk}/",
        "picks": f"{BASE}/roles/{role.pk}/picks/",
        "api": f"{API}/roles/{role.pk}/candidates/",
    }
    get = _getter(casting_member, urls[page])
    _candidates(role, 3, director)
    small = _queries(get)
    _candidates(role, 27, director)
    with django_assert_num_queries(small):
        response = get()
    assert response.status_code == 200
    if page == "board":
        # What the board shows at 30: every card, its picks and the headshots uploaded.
        html = response.content.decode()
        assert html.count('class="board-card"') == 30
        assert html.count("(director): yes") == 30
        assert html.count('alt="Headshot of') == 1 + 13  # every other one, at each size


@pytest.mark.parametrize("url", [f"{API}/roles/", f"{BASE}/", f"{API}/offers/"])
def test_the_role_lists_queries_do_not_grow(production, casting_member, url,
                                            django_assert_num_queries):  # fmt: skip
    get = _getter(casting_member, url)
    _roles(production, 2)
    small = _queries(get)
    _roles(production, 20)
    with django_assert_num_queries(small):
        assert get().status_code == 200


def test_the_sessions_list_queries_do_not_grow(production, role, casting_member,
                                               django_assert_num_queries):  # fmt: skip
    from datetime import date, time

    from casting import auditions

    def sessions(count):
        for n in range(count):
            auditions.session_create(
                production=production, role=role, date=date(2027, 1, 1 + n), start=time(9),
                end=time(10),
            )  # fmt: skip

    for url in (f"{API}/auditions/", f"{BASE}/auditions/"):
        get = _getter(casting_member, url)
        sessions(1)
        small = _queries(get)
        sessions(8)
        with django_assert_num_queries(small):
            assert get().status_code == 200
