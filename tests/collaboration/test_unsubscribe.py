"""Unsubscribing: a link in an email asks on GET (mail scanners fetch links) and acts on POST,
the one-click POST of RFC 8058 that mail clients send; each email names its link in headers."""

import datetime

import pytest
from django.core import mail

from collaboration import notifications, services
from collaboration.models import Preference
from collaboration.notifications import unsubscribe_url
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return url.split("8000", 1)[-1]


def test_opening_the_link_asks_and_changes_nothing(crew_member):
    link = path_of(unsubscribe_url(crew_member.pk, "mentions"))
    response = client_for(None).get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop emails about mentions?" in page
    assert '<form method="post"' in page and "Unsubscribe</button>" in page
    assert not Preference.objects.exists()
    assert notifications.preferences_of(crew_member)["mentions"] == "email"


def test_the_one_click_post_stops_that_kind_only(crew_member):
    link = path_of(unsubscribe_url(crew_member.pk, "mentions"))
    # What a mail client sends: no cookie, no CSRF token, the RFC 8058 body.
    response = client_for(None).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "no more emails about mentions" in response.content.decode()
    choices = notifications.preferences_of(crew_member)
    assert choices["mentions"] == "none"
    assert choices["replies"] == "email" and choices["approvals"] == "email"


def test_a_forged_link_is_refused_on_get_and_post_and_changes_nothing(crew_member):
    good = unsubscribe_url(crew_member.pk, "mentions")
    forged = path_of(good)[:-3] + "xyz/"
    for response in (client_for(None).get(forged), client_for(None).post(forged)):
        assert response.status_code == 404
        assert "This unsubscribe link is not valid." in response.content.decode()
    assert not Preference.objects.exists()


def test_a_notification_email_names_its_one_click_link(
    production, producer, crew_member, scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(
            production=production, by=producer, on=f"scene:{scene.pk}", body="@crewmember look"
        )
    (sent,) = [m for m in mail.outbox if m.to == ["crewmember@example.com"]]
    link = sent.extra_headers["List-Unsubscribe"]
    assert link == f"<{unsubscribe_url(crew_member.pk, 'mentions')}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client_for(None).post(path_of(link.strip("<>")), "List-Unsubscribe=One-Click")
    assert notifications.preferences_of(crew_member)["mentions"] == "none"


def test_the_digest_names_a_link_that_stops_every_digested_kind(
    production, crew_member, django_capture_on_commit_callbacks
):
    notifications.preferences_set(user=crew_member, choices={"replies": "digest"})
    notifications.notify(
        user_ids={crew_member.pk}, kind="callsheets", production=production, text="Call at 7"
    )
    morning = datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digests_send_due(now=morning) == 1
    (digest,) = mail.outbox
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "the daily digest" in client_for(None).get(path_of(link)).content.decode()
    assert notifications.preferences_of(crew_member)["callsheets"] == "digest"
    client_for(None).post(path_of(link))
    choices = notifications.preferences_of(crew_member)
    assert choices["replies"] == choices["callsheets"] == choices["casting"] == "none"
    assert choices["mentions"] == "email"  # what came at once still does
