"""The production and crew pages: who sees what, and forms that explain what is wrong."""

import html

import pytest
from django.test import Client

from crew.models import Assignment
from productions.models import Membership, Production
from tests.factories import AssignmentFactory, PersonFactory, UserFactory, department

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """Return the page as a user reads it: HTML entities turned back into characters."""
    return html.unescape(response.content.decode())


def browser_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def matrix(production, owner, producer, coordinator, crew_member, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "coordinator": coordinator,
        "producer": producer,
        "owner": owner,
    }


READ_PAGES = [
    "/productions/long-night/",
    "/productions/long-night/crew/",
    "/productions/long-night/members/",
]
EDIT_PAGES = ["/productions/long-night/crew/add/", "/productions/long-night/crew/people/new/"]
MANAGE_PAGES = ["/productions/long-night/edit/", "/productions/long-night/delete/"]

EXPECTED = {
    "read": {"outsider": 404, "crew": 200, "coordinator": 200, "producer": 200, "owner": 200},
    "edit": {"outsider": 404, "crew": 403, "coordinator": 200, "producer": 200, "owner": 200},
    "manage": {"outsider": 404, "crew": 403, "coordinator": 403, "producer": 200, "owner": 200},
}


@pytest.mark.parametrize(
    "level,path",
    [("read", p) for p in READ_PAGES]
    + [("edit", p) for p in EDIT_PAGES]
    + [("manage", p) for p in MANAGE_PAGES],
)
@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "crew", "coordinator", "producer", "owner"]
)
def test_each_page_answers_each_kind_of_user_as_it_should(matrix, level, path, who):
    response = browser_for(matrix[who]).get(path)
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == EXPECTED[level][who]


def test_a_person_page_of_another_production_is_not_found(production, owner, other_production):
    theirs = AssignmentFactory(production=other_production).person
    response = browser_for(owner).get(f"/productions/long-night/crew/people/{theirs.pk}/")
    assert response.status_code == 404


def test_a_role_of_another_production_cannot_be_edited(production, owner, other_production):
    theirs = AssignmentFactory(production=other_production)
    response = browser_for(owner).post(
        f"/productions/long-night/crew/{theirs.pk}/edit/", {"title": "Hijacked"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != "Hijacked"


def test_the_dashboard_lists_only_my_productions(crew_member, production, other_production):
    page = text(browser_for(crew_member).get("/"))
    assert "The Long Night" in page
    assert "Another Show" not in page


def test_the_overview_puts_the_creative_team_first(production, crew_member):
    AssignmentFactory(production=production, title="Gaffer", person__name="Gail Gaffer")
    AssignmentFactory(
        production=production,
        title="Director",
        role_kind="director",
        person__name="Dora Director",
        department=department("Direction"),
    )
    AssignmentFactory(
        production=production,
        title="Writer",
        role_kind="creator",
        person__name="Wren Writer",
        department=department("Production"),
    )
    page = text(browser_for(crew_member).get("/productions/long-night/"))
    creative = page[page.index("Creative team") : page.index("Crew by department")]
    assert creative.index("Dora Director") < creative.index("Wren Writer")
    assert "Gail Gaffer" not in creative


def test_the_crew_list_offers_tap_to_call_and_mail_but_hides_private_phones(
    production, crew_member
):
    AssignmentFactory(
        production=production, person__name="Open Olive", person__phone="+44 20 7946 0001"
    )
    AssignmentFactory(
        production=production,
        person__name="Private Pat",
        person__phone="+44 20 7946 0002",
        person__phone_private=True,
    )
    page = text(browser_for(crew_member).get("/productions/long-night/crew/"))
    assert 'href="tel:+442079460001"' in page
    assert "+442079460002" not in page
    assert "mailto:" in page


def test_creating_a_production_with_wrap_before_start_shows_the_error(owner):
    response = browser_for(owner).post(
        "/productions/new/",
        {
            "title": "Backwards",
            "kind": "feature",
            "phase": "development",
            "time_zone": "Europe/London",
            "currency": "GBP",
            "start_date": "2027-05-10",
            "wrap_date": "2027-05-01",
        },
    )
    assert response.status_code == 200
    assert "The wrap date cannot be before the start date." in text(response)
    assert not Production.objects.filter(title="Backwards").exists()


def test_creating_a_production_with_an_unknown_time_zone_shows_the_error(owner):
    response = browser_for(owner).post(
        "/productions/new/",
        {
            "title": "Zoned",
            "kind": "feature",
            "phase": "development",
            "time_zone": "Nowhere/X",
            "currency": "USD",
        },
    )
    assert "is not a time zone Studio knows" in text(response)
    assert not Production.objects.filter(title="Zoned").exists()


def test_creating_a_production_with_a_taken_slug_shows_the_error(owner, production):
    response = browser_for(owner).post(
        "/productions/new/",
        {
            "title": "Copy",
            "slug": "long-night",
            "kind": "feature",
            "phase": "development",
            "time_zone": "UTC",
            "currency": "USD",
        },
    )
    assert "already exists" in text(response)
    assert Production.objects.filter(slug="long-night").count() == 1


def test_creating_a_production_makes_the_creator_its_owner(crew_member):
    response = browser_for(crew_member).post(
        "/productions/new/",
        {
            "title": "Night Ferry",
            "kind": "short",
            "phase": "development",
            "time_zone": "UTC",
            "currency": "eur",
        },
    )
    production = Production.objects.get(title="Night Ferry")
    assert response.status_code == 302 and response.url == production.get_absolute_url()
    assert production.slug == "night-ferry" and production.currency == "EUR"
    assert production.memberships.get(user=crew_member).access == Membership.Access.OWNER


def test_adding_a_member_who_has_no_account_is_explained(owner, production):
    response = browser_for(owner).post(
        "/productions/long-night/members/", {"username": "ghost", "access": "crew"}
    )
    assert "No account is called 'ghost'." in text(response)
    assert production.memberships.count() == 1


def test_crew_cannot_add_members_through_the_page(crew_member, production):
    UserFactory(username="friend")
    response = browser_for(crew_member).post(
        "/productions/long-night/members/", {"username": "friend", "access": "owner"}
    )
    assert response.status_code == 403
    assert not production.memberships.filter(user__username="friend").exists()


def test_a_coordinator_staffs_the_production_through_the_forms(coordinator, production):
    client = browser_for(coordinator)
    created = client.post(
        "/productions/long-night/crew/people/new/",
        {"name": "Ava Lens", "email": "ava@example.com", "phone": "+1 555 0101"},
    )
    assert created.status_code == 302
    person_id = int(created.url.split("person=")[1])
    saved = client.post(
        "/productions/long-night/crew/add/",
        {
            "person": person_id,
            "department": department("Camera").pk,
            "title": "1st AC",
            "role_kind": "crew",
        },
    )
    assert saved.status_code == 302
    assert Assignment.objects.get(production=production, person_id=person_id).title == "1st AC"


def test_a_role_ending_before_it_starts_is_refused_on_the_page(coordinator, production):
    person = PersonFactory()
    AssignmentFactory(production=production, person=person)
    response = browser_for(coordinator).post(
        "/productions/long-night/crew/add/",
        {
            "person": person.pk,
            "department": department().pk,
            "title": "Operator",
            "role_kind": "crew",
            "start_date": "2027-02-02",
            "end_date": "2027-02-01",
        },
    )
    assert "The end date cannot be before the start date." in text(response)
    assert not production.assignments.filter(title="Operator").exists()


def test_deleting_from_the_page_needs_the_title(owner, production):
    client = browser_for(owner)
    wrong = client.post("/productions/long-night/delete/", {"confirm_title": "the long"})
    assert "This does not match the production's title." in text(wrong)
    assert Production.objects.active().filter(pk=production.pk).exists()
    client.post("/productions/long-night/delete/", {"confirm_title": "The Long Night"})
    assert not Production.objects.active().filter(pk=production.pk).exists()


def test_login_is_throttled_after_repeated_failures(owner):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    blocked = client.post("/accounts/login/", {"username": "owner", "password": "pw-for-tests-1"})
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in text(blocked)


def test_an_api_path_that_does_not_exist_answers_json(owner):
    response = browser_for(owner).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found."


def test_an_owner_restores_a_deleted_production_from_the_dashboard(owner, production):
    client = browser_for(owner)
    client.post("/productions/long-night/delete/", {"confirm_title": "The Long Night"})
    dashboard = text(client.get("/"))
    assert "Recently deleted" in dashboard and "Restore The Long Night" in dashboard
    response = client.post("/productions/long-night/restore/")
    assert response.status_code == 302
    assert Production.objects.active().filter(pk=production.pk).exists()
    assert client.get("/productions/long-night/").status_code == 200


def test_a_production_deleted_over_30_days_ago_cannot_be_restored(owner, production):
    from datetime import timedelta

    from django.utils import timezone

    Production.objects.filter(pk=production.pk).update(
        deleted_at=timezone.now() - timedelta(days=31)
    )
    response = browser_for(owner).post("/productions/long-night/restore/")
    assert response.status_code == 404
    assert not Production.objects.active().filter(pk=production.pk).exists()


def test_only_an_owner_may_restore(production, owner, producer):
    from django.utils import timezone

    Production.objects.filter(pk=production.pk).update(deleted_at=timezone.now())
    assert browser_for(producer).post("/productions/long-night/restore/").status_code == 404
    assert "Recently deleted" not in text(browser_for(producer).get("/"))
    assert not Production.objects.active().filter(pk=production.pk).exists()
