"""Notifications: who hears of what, by email through a real worker over Redis, the digest,
unsubscribing, the inbox and the preferences."""

import datetime
import time
from pathlib import Path

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from collaboration import notifications, services
from collaboration.models import Notification, OutgoingEmail
from collaboration.notifications import unsubscribe_url
from tests.conftest import client_for


def mails(mail_dir: Path, timeout: float = 20, expect: int = 1) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p.read_text() for p in sorted(mail_dir.glob("*.log"))]
        if sum(text.count("Subject:") for text in found) >= expect:
            time.sleep(0.5)  # anything sent twice would arrive by now
            return [p.read_text() for p in sorted(mail_dir.glob("*.log"))]
        time.sleep(0.2)
    return [p.read_text() for p in sorted(mail_dir.glob("*.log"))]


def subjects(texts: list[str]) -> list[str]:
    return [line for text in texts for line in text.splitlines() if line.startswith("Subject:")]


@pytest.mark.worker
def test_a_mention_emails_the_person_once(celery_worker_process, production, producer, scene):
    from tests.collaboration.conftest import member

    writer = member(production, "writer", "crew", full_name="Jo Marlowe")
    services.comment_create(
        production=production, by=producer, on=f"scene:{scene.pk}", body="@writer rewrite?"
    )
    texts = mails(celery_worker_process["mail_dir"])
    sent = subjects(texts)
    assert len(sent) == 1
    assert "mentioned you on scene 12" in sent[0]
    assert "writer@example.com" in texts[0]
    assert "List-Unsubscribe" in texts[0] and "/unsubscribe/" in texts[0]
    # A retried task finds the row claimed and sends nothing more.
    email = OutgoingEmail.objects.get(recipient=writer)
    assert notifications.email_send(email_id=email.pk) is False
    assert len(subjects(mails(celery_worker_process["mail_dir"], timeout=1))) == 1


@pytest.mark.worker
def test_a_reply_notifies_the_author_and_participants_but_not_the_replier(
    celery_worker_process, production, producer, crew_member, scene
):
    from tests.collaboration.conftest import member

    writer = member(production, "writer", "crew")
    on = f"scene:{scene.pk}"
    first = services.comment_create(production=production, by=producer, on=on, body="Day?")
    services.comment_create(
        production=production, by=crew_member, on=on, body="Night", parent=first
    )
    services.comment_create(production=production, by=writer, on=on, body="Dusk", parent=first)
    replies = Notification.objects.filter(kind="replies")
    heard = sorted(replies.values_list("recipient__username", flat=True))
    # crew_member's reply told producer; writer's reply told producer and crew_member.
    assert heard == ["crewmember", "producer1", "producer1"]
    assert not replies.filter(recipient=writer).exists()
    texts = mails(celery_worker_process["mail_dir"], expect=3)
    assert len(subjects(texts)) == 3
    assert not any("To: writer@example.com" in t for t in texts)


@pytest.mark.worker
def test_the_digest_goes_once_a_day_in_the_persons_time_zone(
    celery_worker_process, production, producer, crew_member, scene
):
    """The production is in London; the digest goes from 07:00 there, once that day."""
    notifications.preferences_set(user=crew_member, choices={"replies": "digest"})
    on = f"scene:{scene.pk}"
    first = services.comment_create(production=production, by=crew_member, on=on, body="Q")
    services.comment_create(production=production, by=producer, on=on, body="A", parent=first)
    assert Notification.objects.get(recipient=crew_member).digest_pending
    early = datetime.datetime(2026, 6, 1, 5, 30, tzinfo=datetime.UTC)  # 06:30 in London
    assert notifications.digests_send_due(now=early) == 0
    morning = datetime.datetime(2026, 6, 1, 6, 5, tzinfo=datetime.UTC)  # 07:05 in London
    assert notifications.digests_send_due(now=morning) == 1
    services.comment_create(production=production, by=producer, on=on, body="B", parent=first)
    later = datetime.datetime(2026, 6, 1, 15, 0, tzinfo=datetime.UTC)
    assert notifications.digests_send_due(now=later) == 0  # one a day
    texts = mails(celery_worker_process["mail_dir"])
    assert len(subjects(texts)) == 1
    assert "commented" in texts[0] or "replied" in texts[0]
    next_day = datetime.datetime(2026, 6, 2, 7, 0, tzinfo=datetime.UTC)
    assert notifications.digests_send_due(now=next_day) == 1
    assert len(subjects(mails(celery_worker_process["mail_dir"], expect=2))) == 2


@pytest.mark.worker
def test_unsubscribing_stops_that_kind_only(
    celery_worker_process, production, producer, crew_member, scene
):
    on = f"scene:{scene.pk}"
    client = client_for(None)
    link = unsubscribe_url(crew_member.pk, "mentions").split("8000", 1)[-1]
    assert "Stop emails about mentions?" in client.get(link).content.decode()
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no more emails about mentions" in response.content.decode()
    first = services.comment_create(
        production=production, by=producer, on=on, body="@crewmember look"
    )
    services.comment_create(production=production, by=crew_member, on=on, body="ok", parent=first)
    services.comment_create(production=production, by=producer, on=on, body="thx", parent=first)
    texts = [t for t in mails(celery_worker_process["mail_dir"], expect=2) if "crewmember@" in t]
    sent = subjects(texts)
    assert len(sent) == 1 and "replied" in sent[0]  # the reply, not the mention
    assert Notification.objects.filter(recipient=crew_member, kind="mentions").exists()


@pytest.mark.django_db
def test_a_forged_unsubscribe_link_changes_nothing(crew_member):
    response = client_for(None).get("/unsubscribe/not-a-token/")
    assert response.status_code == 404
    assert notifications.preferences_of(crew_member)["mentions"] == "email"


# ---------------------------------------------------------------- the inbox through the API


@pytest.mark.django_db
def test_the_inbox_lists_mine_and_marks_them_read(producer, crew_member, outsider, scene):
    on = f"scene:{scene.pk}"
    services.comment_create(production=scene.production, by=producer, on=on, body="@crewmember")
    client = client_for(crew_member)
    listed = client.get("/api/v1/notifications/", {"unread": "1"}).json()
    assert listed["count"] == 1
    note = listed["results"][0]
    assert note["kind"] == "mentions" and note["on"] == on and note["actor"] == "producer1"
    assert note["production"] == "long-night" and note["read_at"] is None
    assert client_for(outsider).get("/api/v1/notifications/").json()["count"] == 0
    # Someone else's ids change nothing.
    marked = client_for(producer).post("/api/v1/notifications/read/", {"ids": [note["id"]]})
    assert marked.json()["marked"] == 0
    marked = client.post("/api/v1/notifications/read/", {"all": True}, format="json")
    assert marked.json() == {"marked": 1, "unread": 0}
    assert client.get("/api/v1/notifications/", {"unread": "1"}).json()["count"] == 0
    assert client.post("/api/v1/notifications/read/", {}, format="json").status_code == 400
    # The filter takes the two values its schema names, and refuses any other in words.
    assert client.get("/api/v1/notifications/", {"unread": "0"}).json()["count"] == 1
    refused = client.get("/api/v1/notifications/", {"unread": "maybe"})
    assert refused.status_code == 400 and "unread" in refused.json()["errors"]


@pytest.mark.django_db
def test_preferences_are_set_per_kind_and_refuse_unknown_words(crew_member):
    client = client_for(crew_member)
    assert client.get("/api/v1/notification-preferences/").json()["mentions"] == "email"
    ok = client.put("/api/v1/notification-preferences/", {"replies": "none"}, format="json")
    assert ok.status_code == 200 and ok.json()["replies"] == "none"
    bad = client.put("/api/v1/notification-preferences/", {"replies": "pigeon"}, format="json")
    assert bad.status_code == 400
    unknown = client.put("/api/v1/notification-preferences/", {"gossip": "email"}, format="json")
    assert unknown.status_code == 400 and "gossip" in unknown.json()["errors"]
    # A choice must be one of the words, not a number or a list that reads like one.
    for wrong in ({"replies": 1}, {"replies": ["email"]}, {"replies": None}, ["email"]):
        answer = client.put("/api/v1/notification-preferences/", wrong, format="json")
        assert answer.status_code == 400
    assert client.get("/api/v1/notification-preferences/").json()["replies"] == "none"
    assert client_for(None).get("/api/v1/notification-preferences/").status_code == 401


def _mention(scene, producer, count):
    for n in range(count):
        on = f"scene:{scene.pk}"
        services.comment_create(
            production=scene.production, by=producer, on=on, body=f"{n} @crewmember"
        )


@pytest.mark.django_db
def test_the_inbox_reads_in_the_same_number_of_queries_at_2_and_20(
    producer, crew_member, scene, django_assert_num_queries
):
    client = client_for(crew_member)
    _mention(scene, producer, 2)
    reset_queries()  # a request resets the log: start from empty so the count survives it
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/notifications/").json()["count"] == 2
    small_count = len(small)  # read now: the log is reset by later requests
    _mention(scene, producer, 18)
    with django_assert_num_queries(small_count):
        assert client.get("/api/v1/notifications/").json()["count"] == 20


@pytest.mark.django_db
def test_the_inbox_page_reads_in_the_same_number_of_queries_at_2_and_20(
    client, producer, crew_member, scene, django_assert_num_queries
):
    client.force_login(crew_member)
    _mention(scene, producer, 2)
    client.get("/inbox/")
    reset_queries()  # a request resets the log: start from empty so the count survives it
    with CaptureQueriesContext(connection) as small:
        client.get("/inbox/")
    small_count = len(small)  # read now: the log is reset by later requests
    _mention(scene, producer, 18)
    with django_assert_num_queries(small_count):
        html = client.get("/inbox/").content.decode()
    assert html.count("mentioned you") == 20
