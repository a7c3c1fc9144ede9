"""The call sheet API, as the contract describes it."""

import pytest

from callsheets import links, personal, services
from callsheets.models import Delivery
from schedules.models import ShootDay
from tests.conftest import client_for
from tests.factories import LocationFactory, ProductionFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/productions/long-night/callsheets/"


@pytest.fixture
def ad(coordinator):
    return client_for(coordinator)


def create(ad, plan, n=0):
    response = ad.post(LIST, {"date": plan["days"][n].isoformat()})
    assert response.status_code == 201, response.json()
    return response.json()


def test_post_drafts_a_call_sheet_for_a_date_with_the_sheet_as_it_would_be_sent(ad, plan):
    body = create(ad, plan)

    assert body["date"] == "2027-01-12"
    assert (body["general_call"], body["lunch"], body["latest_version"]) == ("07:00", "13:00", None)
    assert [s["number"] for s in body["sheet"]["scenes"]] == ["1", "2"]
    assert body["versions"] == []


def test_post_accepts_a_shoot_day_instead_of_a_date(ad, plan):
    day = ShootDay.objects.get(version__is_active=True, date=plan["days"][1])

    response = ad.post(LIST, {"shoot_day": day.pk})

    assert response.status_code == 201 and response.json()["date"] == "2027-01-13"


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [({}, 400, "date"), ({"date": "2027-01-01"}, 400, "date"), ({"date": "nope"}, 400, "date")],
)
def test_a_bad_create_says_why_in_the_contracts_shape(ad, plan, data, status, field):
    response = ad.post(LIST, data)

    assert response.status_code == status
    assert set(response.json()) == {"message", "errors"} and field in response.json()["errors"]


def test_a_second_call_sheet_for_the_same_date_is_a_conflict(ad, plan):
    create(ad, plan)

    response = ad.post(LIST, {"date": plan["days"][0].isoformat()})

    assert response.status_code == 409
    assert response.json()["message"] == "There is already a call sheet for this date."


def test_patch_edits_the_draft_with_cast_department_and_crew_times(ad, plan):
    body = create(ad, plan)
    maya = plan["cast"]["MAYA"]
    grip = plan["crew"]["Key Grip"]

    response = ad.patch(
        f"{LIST}{body['id']}/",
        {
            "weather": "Fog, 9 °C",
            "closed_set": True,
            "lunch": "13:30",
            "cast": [{"character": maya.pk, "pickup": "05:30", "makeup": "06:00"}],
            "departments": [{"department": grip.department_id, "call": "06:30", "notes": "Crane"}],
            "crew": [{"person": grip.person_id, "call": "06:00", "note": "Pre-rig"}],
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    sheet = response.json()["sheet"]
    assert (sheet["weather"], sheet["closed_set"]) == ("Fog, 9 °C", True)
    assert any("more than 6 hours" in w for w in sheet["warnings"])
    assert sheet["calls"][str(maya.assignment.person_id)]["call"] == "06:00"
    assert sheet["calls"][str(grip.person_id)]["call"] == "06:00"


def test_patch_refuses_another_productions_location(ad, plan, production):
    body = create(ad, plan)
    theirs = LocationFactory(production=ProductionFactory(slug="elsewhere"))

    response = ad.patch(f"{LIST}{body['id']}/", {"location": theirs.pk}, format="json")

    assert response.status_code == 400 and "location" in response.json()["errors"]


def test_publish_makes_version_1_then_a_revised_2(ad, plan, django_capture_on_commit_callbacks):
    body = create(ad, plan)

    with django_capture_on_commit_callbacks(execute=True):
        first = ad.post(f"{LIST}{body['id']}/publish/")
        ad.patch(f"{LIST}{body['id']}/", {"general_call": "06:30"}, format="json")
        second = ad.post(f"{LIST}{body['id']}/publish/")

    assert first.status_code == second.status_code == 201
    assert (first.json()["version"], first.json()["revised"]) == (1, False)
    assert (second.json()["version"], second.json()["revised"]) == (2, True)
    assert second.json()["deliveries"] == 6
    detail = ad.get(f"{LIST}{body['id']}/").json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert detail["latest_version"] == 2


def test_deliveries_list_each_person_with_status_times_and_link(
    ad, plan, django_capture_on_commit_callbacks
):
    body = create(ad, plan)
    with django_capture_on_commit_callbacks(execute=True):
        ad.post(f"{LIST}{body['id']}/publish/")

    rows = ad.get(f"{LIST}{body['id']}/deliveries/").json()

    assert rows["count"] == 6 and set(rows) == {"count", "next", "previous", "results"}
    row = rows["results"][0]
    assert (row["version"], row["status"]) == (1, "sent")
    assert row["sent_at"] and row["link"].startswith("http://127.0.0.1:8000/c/")
    assert row["call_time"] == "07:00"


def test_deliveries_filter_the_unconfirmed_and_any_status(ad, plan):
    callsheet = services.callsheet_generate(
        production=plan["location"].production, on=plan["days"][0]
    )
    version = services.callsheet_publish(callsheet=callsheet, send=False)
    grip = plan["crew"]["Key Grip"].person
    services.delivery_confirm(view=personal.personal_view(callsheet, grip))
    base = f"{LIST}{callsheet.pk}/deliveries/"

    unconfirmed = ad.get(f"{base}?status=unconfirmed").json()["results"]
    confirmed = ad.get(f"{base}?status=confirmed").json()["results"]
    queued = ad.get(f"{base}?status=queued").json()["results"]

    assert len(unconfirmed) == 5 and grip.pk not in {r["person"] for r in unconfirmed}
    assert [r["person"] for r in confirmed] == [grip.pk]
    assert len(queued) == 5
    assert ad.get(f"{base}?version=9").json()["count"] == 0
    assert version.number == 1


def test_resend_queues_one_person_again(ad, plan, django_capture_on_commit_callbacks):
    from django.core import mail

    body = create(ad, plan)
    with django_capture_on_commit_callbacks(execute=True):
        ad.post(f"{LIST}{body['id']}/publish/")
    delivery = Delivery.objects.filter(version__callsheet_id=body["id"]).first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = ad.post(f"{LIST}{body['id']}/deliveries/{delivery.pk}/resend/")

    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert [m.to for m in mail.outbox] == [[delivery.email]]


def test_an_unknown_call_sheet_or_delivery_is_404(ad, plan):
    body = create(ad, plan)

    assert ad.get(f"{LIST}999999/").status_code == 404
    assert ad.post(f"{LIST}{body['id']}/deliveries/999999/resend/").status_code == 404
    assert ad.get(f"{LIST}999999/deliveries/").status_code == 404


def test_confirming_by_token_twice_keeps_the_first_time(plan, production):
    from django.test import Client

    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    version = services.callsheet_publish(callsheet=callsheet, send=False)
    link = version.callsheet.links.first()
    url = f"/api/v1/callsheets/{links.link_token(link)}/confirm/"

    first = Client().post(url).json()["confirmed_at"]
    second = Client().post(url).json()["confirmed_at"]

    assert first == second
    assert Client().get(url).status_code == 405


def test_the_schema_documents_the_call_sheet_paths(ad):
    schema = ad.get("/api/schema/?format=json").json()

    for path in (
        "/api/v1/productions/{slug}/callsheets/",
        "/api/v1/productions/{slug}/callsheets/{id}/publish/",
        "/api/v1/productions/{slug}/callsheets/{id}/deliveries/",
        "/api/v1/callsheets/{token}/",
        "/api/v1/callsheets/{token}/confirm/",
    ):
        assert any(p.replace("{pk}", "{id}") == path for p in schema["paths"]), path
