"""The personal link: unguessable, stored hashed, one person's, revocable, expiring, and
showing nothing the sheet does not."""

import base64
import hashlib
from datetime import UTC, datetime

import pytest
from django.test import Client

from callsheets import links as callsheet_links
from callsheets import services
from callsheets.models import CallSheetLink, Delivery
from tests.factories import ProductionFactory, callsheet_schedule

pytestmark = pytest.mark.django_db


def token_of(version, person) -> str:
    return callsheet_links.link_token(
        CallSheetLink.objects.get(callsheet=version.callsheet, person=person)
    )


def person(plan, title):
    return plan["crew"][title].person


def test_each_person_gets_their_own_link_of_256_random_bits_stored_only_hashed(version, plan):
    links = list(CallSheetLink.objects.filter(callsheet=version.callsheet))
    tokens = {callsheet_links.link_token(link) for link in links}

    assert len(links) == version.deliveries.count() == len(tokens)
    for link in links:
        token = callsheet_links.link_token(link)
        assert len(base64.urlsafe_b64decode(token + "=")) == 32  # 256 bits
        assert len(base64.urlsafe_b64decode(link.salt + "=")) == 32  # from 32 random bytes
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (link.salt, link.token_hash)


def test_the_salt_comes_from_the_operating_systems_random_source(version, monkeypatch):
    asked = []
    real = callsheet_links.secrets.token_urlsafe
    monkeypatch.setattr(
        callsheet_links.secrets, "token_urlsafe", lambda n: asked.append(n) or real(n)
    )

    callsheet_links._fresh(CallSheetLink())

    assert asked == [32]


def test_the_link_opens_that_persons_own_call_first(version, plan):
    grip = person(plan, "Key Grip")

    page = Client().get(f"/c/{token_of(version, grip)}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Gus Grip" in html and "data-own-call>07:00<" in html
    assert html.index("Your call") < html.index("Crew calls")
    assert page["Cache-Control"] == "private, no-cache"
    assert page["Referrer-Policy"] == "same-origin"


def test_opening_the_link_marks_the_delivery_opened_once(version, plan):
    grip = person(plan, "Key Grip")
    client = Client()

    client.get(f"/c/{token_of(version, grip)}/")
    first = Delivery.objects.get(version=version, person=grip).opened_at
    client.get(f"/c/{token_of(version, grip)}/")

    delivery = Delivery.objects.get(version=version, person=grip)
    assert first is not None and delivery.opened_at == first
    assert delivery.status == "opened"


def test_confirming_needs_the_link_not_a_csrf_token_and_only_by_post(version, plan):
    # The link's token is the credential: the page sets no cookie and the form has no CSRF
    # token, so Confirm works from a phone that keeps no cookies, even with CSRF enforced.
    grip = person(plan, "Key Grip")
    token = token_of(version, grip)
    client = Client(enforce_csrf_checks=True)

    page = client.get(f"/c/{token}/")
    assert not page.cookies and "csrfmiddlewaretoken" not in page.content.decode()
    again = client.get(f"/c/{token}/")  # from the cache: nothing read from a session either
    assert not again.cookies and "Cookie" not in again.get("Vary", "")
    assert client.get(f"/c/{token}/confirm/").status_code == 405
    assert client.post(f"/c/{token}x/confirm/").status_code == 404
    assert Delivery.objects.get(version=version, person=grip).confirmed_at is None

    response = client.post(f"/c/{token}/confirm/")
    assert response.status_code == 303 and response["Location"] == f"/c/{token}/"
    confirmed = Delivery.objects.get(version=version, person=grip)
    assert confirmed.status == "confirmed"
    again = client.post(f"/c/{token}/confirm/")
    assert again.status_code == 303
    assert Delivery.objects.get(version=version, person=grip).confirmed_at == confirmed.confirmed_at
    assert "data-confirmed" in client.get(f"/c/{token}/").content.decode()


def test_the_link_always_shows_the_latest_version_marked_revised(version, plan, production):
    grip = person(plan, "Key Grip")
    token = token_of(version, grip)
    services.callsheet_update(callsheet=version.callsheet, weather="Rain all day")
    services.callsheet_publish(callsheet=version.callsheet, send=False)

    html = Client().get(f"/c/{token}/").content.decode()

    assert "REVISED — version 2" in html and "Rain all day" in html


def test_a_revoked_link_stops_working_and_a_resend_brings_a_new_one(
    version, plan, django_capture_on_commit_callbacks
):
    grip = person(plan, "Key Grip")
    old = token_of(version, grip)

    callsheet_links.callsheet_link_revoke(callsheet=version.callsheet, person=grip)
    assert Client().get(f"/c/{old}/").status_code == 404
    assert Client().get(f"/api/v1/callsheets/{old}/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(delivery=Delivery.objects.get(version=version, person=grip))
    new = token_of(version, grip)
    assert new != old
    assert Client().get(f"/c/{new}/").status_code == 200
    assert Client().get(f"/c/{old}/").status_code == 404


@pytest.mark.parametrize(("today", "works"), [((2027, 1, 19), True), ((2027, 1, 20), False)])
def test_a_link_expires_a_week_after_the_shoot_day(version, plan, monkeypatch, today, works):
    grip = person(plan, "Key Grip")
    noon = datetime(*today, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(callsheet_links.timezone, "now", lambda: noon)

    response = Client().get(f"/c/{token_of(version, grip)}/")

    assert response.status_code == (200 if works else 404)


def test_the_expiry_is_a_setting(version, plan, settings, monkeypatch):
    settings.STUDIO_CALLSHEET_LINK_DAYS = 0
    monkeypatch.setattr(
        callsheet_links.timezone, "now", lambda: datetime(2027, 1, 13, 12, tzinfo=UTC)
    )

    assert Client().get(f"/c/{token_of(version, person(plan, 'Key Grip'))}/").status_code == 404


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "A" * 500])
def test_a_wrong_token_opens_nothing(version, token):
    if token:
        assert Client().get(f"/c/{token}/").status_code == 404
        assert Client().get(f"/api/v1/callsheets/{token}/").status_code == 404
    assert callsheet_links.callsheet_link_find(token) is None


def test_no_private_phone_number_is_shown_to_anyone(version, plan):
    for delivery in version.deliveries.all():
        token = token_of(version, delivery.person)
        html = Client().get(f"/c/{token}/").content.decode()
        data = Client().get(f"/api/v1/callsheets/{token}/").content.decode()
        assert "7700 900999" not in html and "7700900999" not in html
        assert "7700" not in data
    assert "Pat Private" in html  # on the sheet, without the number


def test_the_token_view_in_the_api_is_the_sheet_without_the_index_of_everyone(version, plan):
    grip = person(plan, "Key Grip")

    body = Client().get(f"/api/v1/callsheets/{token_of(version, grip)}/").json()

    assert (body["person"], body["call"], body["version"], body["revised"]) == (
        "Gus Grip",
        "07:00",
        1,
        False,
    )
    assert "calls" not in body["sheet"]
    assert "@" not in str(body)  # no one's email


def test_confirming_by_the_api_needs_no_account(version, plan):
    grip = person(plan, "Key Grip")

    body = Client().post(f"/api/v1/callsheets/{token_of(version, grip)}/confirm/").json()

    assert body["status"] == "confirmed" and body["confirmed_at"]


def test_a_link_never_reaches_another_productions_call_sheet(version, plan, owner):
    other = ProductionFactory(title="Another Show", slug="another-show")
    theirs = callsheet_schedule(other, by=owner)
    sheet = services.callsheet_generate(production=other, on=theirs["days"][0])
    services.callsheet_publish(callsheet=sheet, send=False)
    grip = person(plan, "Key Grip")

    html = Client().get(f"/c/{token_of(version, grip)}/").content.decode()

    assert "The Long Night" in html and "Another Show" not in html
    assert (
        callsheet_links.callsheet_link_find(token_of(version, grip)).callsheet == version.callsheet
    )


def test_the_calendar_file_holds_the_persons_call_in_the_productions_zone(version, plan):
    grip = person(plan, "Key Grip")

    response = Client().get(f"/c/{token_of(version, grip)}/call.ics")

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar"
    assert "DTSTART;TZID=Europe/London:20270112T070000" in body
    assert "DTEND;TZID=Europe/London:20270112T190000" in body
    assert "SUMMARY:Call 07:00 — Day 1 — The Long Night" in body


def test_the_personal_pdf_is_the_whole_sheet(version, plan):
    response = Client().get(f"/c/{token_of(version, person(plan, 'Key Grip'))}/pdf/")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_service_worker_is_served_with_a_scope_over_the_personal_pages(db):
    response = Client().get("/c/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/c/"
    assert b"data-offline" in response.content


def test_the_personal_page_runs_no_inline_script(version, plan):
    html = Client().get(f"/c/{token_of(version, person(plan, 'Key Grip'))}/").content.decode()

    scripts = html.split("<script")[1:]
    assert scripts and all(' src="' in tag.split(">")[0] for tag in scripts)
