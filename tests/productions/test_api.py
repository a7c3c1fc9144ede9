"""The productions API: who sees what, and bad input answered in words with nothing changed."""

import pytest

from crew.models import Assignment
from productions.models import Membership, Production
from tests.conftest import client_for
from tests.factories import AssignmentFactory, UserFactory, department

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(production, owner, producer, crew_member, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "producer": producer,
        "owner": owner,
    }


PRODUCTION_READ_PATHS = [
    "/api/v1/productions/long-night/",
    "/api/v1/productions/long-night/members/",
    "/api/v1/productions/long-night/crew/",
]


@pytest.mark.parametrize("path", PRODUCTION_READ_PATHS)
@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 200), ("producer", 200), ("owner", 200)],
)
def test_each_kind_of_user_reads_the_production_as_allowed(matrix, path, who, expected):
    response = client_for(matrix[who]).get(path)
    assert response.status_code == expected
    assert "message" in response.json() if expected != 200 else True


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 403), ("producer", 200), ("owner", 200)],
)
def test_only_owners_and_producers_can_change_the_production(matrix, production, who, expected):
    response = client_for(matrix[who]).patch(
        "/api/v1/productions/long-night/", {"logline": "Changed"}, format="json"
    )
    assert response.status_code == expected
    production.refresh_from_db()
    assert (production.logline == "Changed") == (expected == 200)


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 403), ("producer", 201), ("owner", 201)],
)
def test_only_managers_can_add_members(matrix, production, who, expected):
    newcomer = UserFactory(username="newcomer")
    response = client_for(matrix[who]).post(
        "/api/v1/productions/long-night/members/",
        {"user": "newcomer", "access": "crew"},
        format="json",
    )
    assert response.status_code == expected
    assert production.memberships.filter(user=newcomer).exists() == (expected == 201)


def test_the_production_list_shows_only_my_productions(matrix, production, other_production):
    response = client_for(matrix["crew"]).get("/api/v1/productions/")
    assert response.status_code == 200
    body = response.json()
    assert [p["slug"] for p in body["results"]] == ["long-night"]
    assert body["results"][0]["access"] == "crew"
    assert set(body) >= {"count", "next", "previous", "results"}


def test_creating_a_production_makes_me_its_owner(matrix):
    response = client_for(matrix["crew"]).post(
        "/api/v1/productions/",
        {"title": "Harbor Lights", "kind": "series", "time_zone": "America/New_York"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "harbor-lights"
    production = Production.objects.get(slug="harbor-lights")
    assert production.memberships.get().access == Membership.Access.OWNER


def test_a_wrap_date_before_the_start_is_refused_in_words(owner, production):
    response = client_for(owner).patch(
        "/api/v1/productions/long-night/",
        {"start_date": "2027-03-10", "wrap_date": "2027-03-01"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "before the start date" in body["message"]
    assert "wrap_date" in body["errors"]
    production.refresh_from_db()
    assert production.start_date is None and production.wrap_date is None


def test_a_duplicate_slug_is_refused_and_nothing_is_created(owner, production):
    before = Production.objects.count()
    response = client_for(owner).post(
        "/api/v1/productions/", {"title": "Copy", "slug": "long-night"}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]
    assert Production.objects.count() == before


def test_an_unknown_time_zone_is_refused(owner):
    response = client_for(owner).post(
        "/api/v1/productions/", {"title": "Zoned", "time_zone": "Mars/Olympus"}, format="json"
    )
    assert response.status_code == 400
    assert "time zone" in response.json()["message"]
    assert not Production.objects.filter(title="Zoned").exists()


def test_an_outsider_cannot_add_themselves_to_a_production(outsider, production):
    response = client_for(outsider).post(
        "/api/v1/productions/long-night/members/",
        {"user": "outsider", "access": "owner"},
        format="json",
    )
    assert response.status_code == 404
    assert not production.memberships.filter(user=outsider).exists()


def test_adding_someone_twice_says_they_are_already_a_member(owner, crew_member):
    response = client_for(owner).post(
        "/api/v1/productions/long-night/members/",
        {"user": crew_member.username, "access": "viewer"},
        format="json",
    )
    assert response.status_code == 400
    assert "already a member" in response.json()["message"]
    assert Membership.objects.get(user=crew_member).access == "crew"


def test_the_last_owner_cannot_be_removed(owner, production):
    membership = production.memberships.get(user=owner)
    response = client_for(owner).delete(f"/api/v1/productions/long-night/members/{membership.pk}/")
    assert response.status_code == 400
    assert "at least one owner" in response.json()["message"]
    assert production.memberships.filter(user=owner).exists()


def test_a_token_signs_an_integration_in(owner, api):
    owner.set_password("s3cret-pass!")
    owner.save()
    response = api.post(
        "/api/v1/auth/token/", {"username": "owner", "password": "s3cret-pass!"}, format="json"
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/productions/").json()["count"] == 1


def test_a_wrong_password_gets_no_token(owner, api):
    response = api.post(
        "/api/v1/auth/token/", {"username": "owner", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "The username or password is not right."


def test_deleting_needs_the_exact_title_and_is_soft(owner, production):
    client = client_for(owner)
    refused = client.delete("/api/v1/productions/long-night/", {"confirm_title": "nope"})
    assert refused.status_code == 400
    assert Production.objects.active().filter(pk=production.pk).exists()
    done = client.delete("/api/v1/productions/long-night/", {"confirm_title": "The Long Night"})
    assert done.status_code == 204
    assert not Production.objects.active().filter(pk=production.pk).exists()
    assert Production.objects.filter(pk=production.pk, deleted_at__isnull=False).exists()
    assert client.get("/api/v1/productions/long-night/").status_code == 404


def test_malformed_json_is_a_400_with_a_message(owner):
    response = client_for(owner).generic(
        "POST", "/api/v1/productions/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["message"]


# ---------------------------------------------------------------- crew and the directory


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 403), ("producer", 201), ("owner", 201)],
)
def test_editors_add_roles_and_others_cannot(matrix, production, who, expected):
    person = AssignmentFactory(production=production).person
    response = client_for(matrix[who]).post(
        "/api/v1/productions/long-night/crew/",
        {
            "person": person.pk,
            "department": department("Direction").pk,
            "title": "Director",
            "role_kind": "director",
        },
        format="json",
    )
    assert response.status_code == expected
    assert production.assignments.filter(title="Director").exists() == (expected == 201)


def test_daily_rates_are_shown_to_managers_only(production, owner, crew_member):
    AssignmentFactory(production=production, role_kind="cast", daily_rate=1500)
    assert (
        "daily_rate"
        in client_for(owner).get("/api/v1/productions/long-night/crew/").json()["results"][0]
    )
    assert (
        "daily_rate"
        not in client_for(crew_member)
        .get("/api/v1/productions/long-night/crew/")
        .json()["results"][0]
    )


def test_a_role_cannot_use_a_person_from_another_production(owner, production, other_production):
    stranger = AssignmentFactory(production=other_production).person
    response = client_for(owner).post(
        "/api/v1/productions/long-night/crew/",
        {"person": stranger.pk, "department": department().pk, "title": "Grip"},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()["errors"]
    assert not Assignment.objects.filter(production=production, person=stranger).exists()


def test_the_directory_shows_people_of_my_productions_only(
    crew_member, production, other_production
):
    mine = AssignmentFactory(production=production).person
    theirs = AssignmentFactory(production=other_production).person
    names = {p["name"] for p in client_for(crew_member).get("/api/v1/people/").json()["results"]}
    assert mine.name in names
    assert theirs.name not in names
    assert client_for(crew_member).get(f"/api/v1/people/{theirs.pk}/").status_code == 404


def test_a_private_phone_is_not_shown_to_the_crew(crew_member, production):
    person = AssignmentFactory(
        production=production, person__phone="+1 555 0100", person__phone_private=True
    ).person
    data = client_for(crew_member).get(f"/api/v1/people/{person.pk}/").json()
    assert data["phone"] == ""


def test_departments_are_the_standard_ones_plus_my_productions_own(
    owner, production, other_production
):
    client = client_for(owner)
    created = client.post(
        "/api/v1/departments/", {"name": "Drones", "production_slug": "long-night"}
    )
    assert created.status_code == 201, created.json()
    other = client_for(UserFactory(username="x"))
    names = {d["name"] for d in other.get("/api/v1/departments/?page_size=100").json()["results"]}
    assert "Drones" not in names
    mine = {d["name"] for d in client.get("/api/v1/departments/?page=1").json()["results"]}
    assert {"Camera", "Hair & Makeup", "Drones"} <= mine
    refused = client.post(
        "/api/v1/departments/", {"name": "Hack", "production_slug": "another-show"}
    )
    assert refused.status_code == 404


def test_dates_off_are_recorded_and_a_reversed_range_refused(owner, production):
    person = AssignmentFactory(production=production).person
    client = client_for(owner)
    ok = client.post(
        f"/api/v1/people/{person.pk}/unavailability/",
        {"start_date": "2027-01-20", "end_date": "2027-01-21", "reason": "Wedding"},
    )
    assert ok.status_code == 201
    bad = client.post(
        f"/api/v1/people/{person.pk}/unavailability/",
        {"start_date": "2027-01-22", "end_date": "2027-01-21"},
    )
    assert bad.status_code == 400
    assert "before the start date" in bad.json()["message"]
    assert person.unavailabilities.count() == 1


def test_the_openapi_schema_is_served(owner):
    response = client_for(owner).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/productions/{slug}/crew/" in response.content
