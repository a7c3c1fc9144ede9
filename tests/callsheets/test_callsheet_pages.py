"""The AD's call sheet pages, end to end without JavaScript: draft, edit, publish, track."""

from datetime import time

import pytest
from django.core import mail
from django.test import Client

from callsheets import assembly, personal, services
from callsheets.models import CallSheet, CallSheetCast
from schedules.models import ShootDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def ad(coordinator) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def callsheet(production, plan):
    return services.callsheet_generate(production=production, on=plan["days"][0])


def sheet_url(callsheet, rest: str = "") -> str:
    return f"/productions/long-night/callsheets/{callsheet.pk}/{rest}"


def test_the_list_offers_the_shoot_days_without_a_call_sheet(ad, plan):
    day = ShootDay.objects.get(version__is_active=True, date=plan["days"][0])

    page = ad.get("/productions/long-night/callsheets/")
    response = ad.post("/productions/long-night/callsheets/generate/", {"day": day.pk})

    assert "Day 1 — Tue 12 Jan 2027" in page.content.decode()
    callsheet = CallSheet.objects.get(date=plan["days"][0])
    assert response.status_code == 302 and response["Location"] == sheet_url(callsheet)
    assert (
        "Day 1 — Tue 12 Jan" not in ad.get("/productions/long-night/callsheets/").content.decode()
    )


def test_the_draft_page_shows_the_sheet_warnings_and_the_actions(ad, callsheet):
    services.callsheet_update(callsheet=callsheet, lunch=time(14, 0))

    html = ad.get(sheet_url(callsheet)).content.decode()

    assert "DRAFT" in html and "more than 6 hours" in html
    assert "Publish and send" in html and "Maya finds the ledger." in html


def test_editing_the_draft_saves_and_warns_of_a_late_lunch(ad, callsheet):
    response = ad.post(
        sheet_url(callsheet, "edit/"),
        {
            "general_call": "06:00",
            "lunch": "12:30",
            "weather": "Clear",
            "location": callsheet.location_id,
            "background_count": "20",
            "walkie_channels": "1 Production\n2 Open",
        },
        follow=True,
    )

    callsheet.refresh_from_db()
    assert (callsheet.general_call, callsheet.weather) == (time(6, 0), "Clear")
    assert "more than 6 hours" in response.content.decode()
    assert assembly.callsheet_sheet(callsheet)["walkie"] == ["1 Production", "2 Open"]


def test_the_cast_form_sets_times_and_an_empty_one_falls_back(ad, callsheet, plan):
    maya = plan["cast"]["MAYA"]
    form = ad.get(sheet_url(callsheet, "cast/")).content.decode()
    assert f'name="c{maya.pk}_pickup"' in form and "Empty: 07:00" in form

    ad.post(
        sheet_url(callsheet, "cast/"),
        {f"c{maya.pk}_pickup": "05:30", f"c{maya.pk}_remarks": "Hotel"},
    )

    row = CallSheetCast.objects.get(callsheet=callsheet, character=maya)
    assert (row.pickup, row.makeup, row.remarks) == (time(5, 30), None, "Hotel")
    ad.post(sheet_url(callsheet, "cast/"), {})
    assert not CallSheetCast.objects.filter(callsheet=callsheet).exists()


def test_the_crew_form_sets_department_and_personal_calls(ad, callsheet, plan):
    grip = plan["crew"]["Key Grip"]

    ad.post(
        sheet_url(callsheet, "crew/"),
        {f"d{grip.department_id}_call": "06:15", f"p{grip.person_id}_call": "05:45"},
    )

    sheet = assembly.callsheet_sheet(callsheet)
    dept = next(d for d in sheet["crew"] if d["name"] == "Grip")
    assert (dept["call"], dept["people"][0]["call"]) == ("06:15", "05:45")


def test_publishing_from_the_page_sends_and_shows_who_has_it(
    ad, callsheet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ad.post(sheet_url(callsheet, "publish/"), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == sheet_url(callsheet, "deliveries/")
    assert "Version 1 published" in html
    assert 'data-count="queued">6<' in html  # the page came before the emails went
    assert 'data-live-url="' in html and "js/callsheet.js" in html
    assert len(mail.outbox) == 6
    later = ad.get(sheet_url(callsheet, "deliveries/live/")).content.decode()
    assert 'data-count="sent">6<' in later


def test_the_tracking_list_filters_who_has_not_confirmed(ad, callsheet, plan):
    services.callsheet_publish(callsheet=callsheet, send=False)
    grip = plan["crew"]["Key Grip"].person
    services.delivery_confirm(view=personal.personal_view(callsheet, grip))

    everyone = ad.get(sheet_url(callsheet, "deliveries/")).content.decode()
    missing = ad.get(sheet_url(callsheet, "deliveries/live/?status=unconfirmed")).content.decode()

    assert "Gus Grip" in everyone and 'data-count="confirmed">1<' in everyone
    assert "Gus Grip" not in missing and "Iris Calloway" in missing
    assert "<html" not in missing  # the partial the page refreshes itself with


def test_resend_and_revoke_from_the_list(ad, callsheet, plan, django_capture_on_commit_callbacks):
    version = services.callsheet_publish(callsheet=callsheet, send=False)
    delivery = version.deliveries.get(person=plan["crew"]["Key Grip"].person)

    revoked = ad.post(sheet_url(callsheet, f"deliveries/{delivery.pk}/revoke/"), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        resent = ad.post(sheet_url(callsheet, f"deliveries/{delivery.pk}/resend/"), follow=True)

    assert "link no longer works" in revoked.content.decode()
    assert "Sending it again to Gus Grip" in resent.content.decode()
    assert [m.to for m in mail.outbox] == [[delivery.email]]


def test_a_signed_in_member_on_the_sheet_sees_their_call_and_confirms(
    callsheet, plan, production, crew_member
):
    from crew.models import Person

    Person.objects.filter(pk=plan["crew"]["Key Grip"].person_id).update(user=crew_member)
    services.callsheet_publish(callsheet=callsheet, send=False)
    client = Client()
    client.force_login(crew_member)

    page = client.get(sheet_url(callsheet)).content.decode()
    response = client.post(sheet_url(callsheet, "confirm/"), follow=True)

    assert "Your call: <strong>07:00</strong>" in page and "Confirm my call" in page
    assert "Confirmed. See you on set." in response.content.decode()
    assert personal.personal_view_for_user(callsheet, crew_member).delivery.status == "confirmed"


def test_crew_see_the_latest_version_not_the_draft(callsheet, crew_member):
    services.callsheet_publish(callsheet=callsheet, send=False)
    services.callsheet_update(callsheet=callsheet, weather="Secret draft weather")
    client = Client()
    client.force_login(crew_member)

    html = client.get(sheet_url(callsheet)).content.decode()

    assert "Version 1" in html and "Secret draft weather" not in html
    assert "Publish and send" not in html and "Publish revision" not in html


def test_an_unknown_version_is_404(ad, callsheet):
    assert ad.get(sheet_url(callsheet, "?version=7")).status_code == 404
    assert ad.get(sheet_url(callsheet, "pdf/")).status_code == 404  # nothing published yet
