"""Pages and API lists run the same number of queries for 5 rows as for 100."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from productions.models import Membership
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    ProductionFactory,
    UnavailabilityFactory,
    UserFactory,
    department,
)

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["Camera", "Grip", "Electric", "Sound", "Art"]


def populate(production, owner, rows: int) -> None:
    """Give the production ``rows`` roles, members, people with dates off, and give the owner
    ``rows`` productions of their own."""
    for index in range(rows):
        assignment = AssignmentFactory(
            production=production, department=department(DEPARTMENTS[index % 5])
        )
        UnavailabilityFactory(
            person=assignment.person,
            start_date="2027-01-01",
            end_date="2027-01-02",
        )
        MembershipFactory(production=production, user=UserFactory())
        MembershipFactory(
            production=ProductionFactory(), user=owner, access=Membership.Access.PRODUCER
        )


def count_queries(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured.captured_queries)


PAGES = ["/", "/productions/long-night/crew/", "/productions/long-night/"]
API_LISTS = [
    "/api/v1/productions/",
    "/api/v1/productions/long-night/members/",
    "/api/v1/productions/long-night/crew/",
    "/api/v1/people/",
    "/api/v1/departments/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_queries_do_not_grow_with_the_data(production, owner, path, django_assert_num_queries):
    client = Client()
    client.force_login(owner)
    populate(production, owner, 5)
    small = count_queries(lambda: client.get(path))
    populate(production, owner, 95)
    with django_assert_num_queries(small):
        client.get(path)


@pytest.mark.parametrize("path", API_LISTS)
def test_api_list_queries_do_not_grow_with_the_data(
    production, owner, path, django_assert_num_queries
):
    client = client_for(owner)
    populate(production, owner, 5)
    small = count_queries(lambda: client.get(path))
    populate(production, owner, 95)
    with django_assert_num_queries(small):
        response = client.get(path)
    assert response.status_code == 200
