"""Call sheet pages and endpoints run as many queries for 120 people as for 10."""

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.callsheet import callsheet_fixture, personal_path
from tests.conftest import client_for as api_client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = {"small": 10, "large": 120}


@pytest.fixture
def user():
    return UserFactory(username="second-ad")


@pytest.fixture
def sheets(user):
    return {
        size: callsheet_fixture(slug=f"cs-{size}", people=people, user=user)
        for size, people in SIZES.items()
    }


def count(get) -> int:
    get()  # the first request also loads the session, warms caches, marks opened
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return len(queries.captured_queries)


def same_queries(get_small, get_large, django_assert_num_queries) -> None:
    small = count(get_small)
    get_large()
    with django_assert_num_queries(small):
        assert get_large().status_code == 200


PAGES = [
    "/productions/{slug}/callsheets/{pk}/",
    "/productions/{slug}/callsheets/{pk}/?version=1",
    "/productions/{slug}/callsheets/{pk}/deliveries/",
    "/productions/{slug}/callsheets/{pk}/deliveries/live/?status=unconfirmed",
    "/productions/{slug}/callsheets/",
]
ENDPOINTS = [
    "/api/v1/productions/{slug}/callsheets/{pk}/deliveries/",
    "/api/v1/productions/{slug}/callsheets/{pk}/",
    "/api/v1/productions/{slug}/callsheets/",
]


def url(path: str, sheet) -> str:
    return path.format(slug=sheet.production.slug, pk=sheet.pk)


@pytest.mark.parametrize("path", PAGES)
def test_call_sheet_pages_run_the_same_queries_for_10_and_120_people(
    user, sheets, path, django_assert_num_queries
):
    client = Client()
    client.force_login(user)
    same_queries(
        lambda: client.get(url(path, sheets["small"])),
        lambda: client.get(url(path, sheets["large"])),
        django_assert_num_queries,
    )


@pytest.mark.parametrize("path", ENDPOINTS)
def test_call_sheet_endpoints_run_the_same_queries_for_10_and_120_people(
    user, sheets, path, django_assert_num_queries
):
    client = api_client_for(user)
    same_queries(
        lambda: client.get(url(path, sheets["small"])),
        lambda: client.get(url(path, sheets["large"])),
        django_assert_num_queries,
    )


@pytest.mark.parametrize("prefix", ["", "/api/v1/callsheets"])
def test_the_personal_page_runs_the_same_few_queries_for_10_and_120_people(
    sheets, prefix, django_assert_num_queries
):
    client = Client()

    def get(size):
        path = personal_path(sheets[size])
        return client.get(f"{prefix}{path.removeprefix('/c')}" if prefix else path)

    small = count(lambda: get("small"))
    assert small <= 4  # the link, the version, the person's delivery (and the session)
    same_queries(lambda: get("small"), lambda: get("large"), django_assert_num_queries)
