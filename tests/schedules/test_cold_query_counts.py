"""With the cache out of the way, the board and the lists still run as many queries for a big
production as for a small one: the cold request (the first after a change) stays cheap too.

The query-count tests in test_query_counts.py warm the page first, so since the board and the
lists are cached they count a cache hit; these count what computing the answer costs.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.stripboard import schedule_fixture
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PATHS = [
    ("page", "/productions/{slug}/schedule/"),
    ("api", "/api/v1/productions/{slug}/stripboard/"),
    ("api", "/api/v1/productions/{slug}/scenes/"),
    ("api", "/api/v1/productions/{slug}/dood/"),
    ("api", "/api/v1/productions/{slug}/crew/"),
]


@pytest.fixture
def user():
    return UserFactory(username="cold-reader")


@pytest.fixture
def sizes(user):
    schedule_fixture(slug="cold-small", scenes=20, days=4, cast=5, user=user, seed=0)
    schedule_fixture(slug="cold-large", scenes=150, days=30, cast=20, user=user, seed=1)


def cold(client, path: str) -> int:
    client.get(path)  # the session and the connection, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(("kind", "path"), PATHS)
def test_a_cold_read_runs_the_same_queries_for_20_and_150_scenes(user, sizes, settings, kind, path):
    settings.STUDIO_BOARD_CACHE = False
    if kind == "page":
        client = Client()
        client.force_login(user)
    else:
        client = client_for(user)

    small = cold(client, path.format(slug="cold-small"))
    large = cold(client, path.format(slug="cold-large"))

    assert large == small
