"""Who may do what with call sheets: every new page and endpoint, for every kind of visitor.

Anonymous visitors sign in (pages) or get 401 (API); a member of another production gets 404,
never 403; crew read; coordinators, producers and owners write.
"""

import pytest
from django.test import Client

from callsheets import links as callsheet_links
from callsheets import services
from schedules.models import ShootDay
from tests.conftest import client_for as api_client_for
from tests.factories import callsheet_schedule

pytestmark = pytest.mark.django_db


WHO = ["anonymous", "outsider", "crew", "coordinator", "producer", "owner"]
WRITERS = {"coordinator", "producer", "owner"}


@pytest.fixture
def people(production, owner, producer, coordinator, crew_member, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "coordinator": coordinator,
        "producer": producer,
        "owner": owner,
    }


@pytest.fixture
def sheet(production, owner):
    plan = callsheet_schedule(production, by=owner)
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    version = services.callsheet_publish(callsheet=callsheet, send=False)
    services.callsheet_generate(production=production, on=plan["days"][1])
    return {"callsheet": callsheet, "version": version, "plan": plan}


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def base(sheet) -> str:
    return f"/productions/long-night/callsheets/{sheet['callsheet'].pk}"


READ_PAGES = ["", "/", "deliveries/", "deliveries/live/", "pdf/?version=1"]
EDIT_PAGES = ["edit/", "cast/", "crew/"]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("path", READ_PAGES + EDIT_PAGES)
def test_call_sheet_pages_answer_each_visitor_as_they_should(sheet, people, who, path):
    url = (
        "/productions/long-night/callsheets/" if path == "" else f"{base(sheet)}/{path.lstrip('/')}"
    )
    response = page_client(people[who]).get(url)

    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "outsider":
        assert response.status_code == 404
    elif path in EDIT_PAGES and who not in WRITERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def _posts(sheet) -> dict[str, tuple[str, dict]]:
    delivery = sheet["version"].deliveries.first()
    day = sheet["plan"]["days"][2]
    third = ShootDay.objects.get(version__is_active=True, date=day)
    return {
        "generate": ("/productions/long-night/callsheets/generate/", {"day": third.pk}),
        "edit": (f"{base(sheet)}/edit/", {"weather": "Rain", "background_count": "0"}),
        "cast": (f"{base(sheet)}/cast/", {}),
        "crew": (f"{base(sheet)}/crew/", {}),
        "publish": (f"{base(sheet)}/publish/", {}),
        "resend": (f"{base(sheet)}/deliveries/{delivery.pk}/resend/", {}),
        "revoke": (f"{base(sheet)}/deliveries/{delivery.pk}/revoke/", {}),
    }


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    "action", ["generate", "edit", "cast", "crew", "publish", "resend", "revoke"]
)
def test_only_coordinators_and_up_change_call_sheets_from_the_pages(
    sheet, people, who, action, django_capture_on_commit_callbacks
):
    url, data = _posts(sheet)[action]
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client(people[who]).post(url, data)

    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "outsider":
        assert response.status_code == 404
    elif who not in WRITERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 302, response.content.decode()[:500]


def api(sheet) -> str:
    return f"/api/v1/productions/long-night/callsheets/{sheet['callsheet'].pk}"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("path", ["list", "detail", "deliveries"])
def test_call_sheet_endpoints_read_for_members_only(sheet, people, who, path):
    url = {
        "list": "/api/v1/productions/long-night/callsheets/",
        "detail": f"{api(sheet)}/",
        "deliveries": f"{api(sheet)}/deliveries/",
    }[path]
    response = api_client_for(people[who]).get(url)

    expected = {"anonymous": 401, "outsider": 404}.get(who, 200)
    assert response.status_code == expected
    if expected != 200:
        assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", ["create", "patch", "publish", "resend"])
def test_call_sheet_endpoints_write_for_coordinators_and_up(
    sheet, people, who, action, django_capture_on_commit_callbacks
):
    client = api_client_for(people[who])
    delivery = sheet["version"].deliveries.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = {
            "create": lambda: client.post(
                "/api/v1/productions/long-night/callsheets/",
                {"date": sheet["plan"]["days"][2].isoformat()},
            ),
            "patch": lambda: client.patch(f"{api(sheet)}/", {"weather": "Rain"}),
            "publish": lambda: client.post(f"{api(sheet)}/publish/"),
            "resend": lambda: client.post(f"{api(sheet)}/deliveries/{delivery.pk}/resend/"),
        }[action]()

    if who == "anonymous":
        assert response.status_code == 401
    elif who == "outsider":
        assert response.status_code == 404
    elif who not in WRITERS:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 201, 202), response.json()


@pytest.mark.parametrize("who", WHO)
def test_links_and_emails_are_shown_to_coordinators_and_up_only(sheet, people, who):
    response = api_client_for(people[who]).get(f"{api(sheet)}/deliveries/")
    if who in ("anonymous", "outsider"):
        return
    rows = response.json()["results"]

    assert rows and all(set(row) >= {"person", "version", "status", "link"} for row in rows)
    if who in WRITERS:
        assert all(row["link"].startswith("http://127.0.0.1:8000/c/") for row in rows)
        assert all("@" in row["email"] for row in rows)
    else:
        assert all(row["link"] is None and row["email"] is None for row in rows)


def test_a_call_sheet_of_another_production_is_404_even_for_its_number(
    sheet, outsider, other_production
):
    response = api_client_for(outsider).get(
        f"/api/v1/productions/another-show/callsheets/{sheet['callsheet'].pk}/"
    )

    assert response.status_code == 404


def test_the_crew_list_shows_the_ad_their_own_links_only_for_their_production(sheet, owner):
    page = page_client(owner).get(f"{base(sheet)}/deliveries/")

    links = [callsheet_links.link_url(link) for link in sheet["callsheet"].links.all()]
    assert links and all(link in page.content.decode() for link in links)
