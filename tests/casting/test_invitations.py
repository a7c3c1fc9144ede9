"""Invitations by personal link: answers, expiry, reminders once, and self-tapes that are
videos only, under the limit, whole, stored under a random name and streamed with permission."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from casting import auditions, tokens
from casting.models import InvitationEmail, SelfTape, Slot
from core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db
SESSION_DAY = date(2027, 1, 5)
LONDON = ZoneInfo("Europe/London")
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200


@pytest.fixture
def session(production, role):
    return auditions.session_create(
        production=production, role=role, kind="self_tape", date=SESSION_DAY,
        start=time(10), end=time(11), slot_minutes=20, place="Upload by 6pm",
    )  # fmt: skip


@pytest.fixture
def slot(session, candidate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [slot] = auditions.session_invite(session=session, candidates=[candidate])
    return slot


@pytest.fixture
def link(slot):
    return f"/a/{tokens.token_for(slot.salt)}/"


def test_a_session_is_split_into_slots(session):
    assert [s.start for s in session.slots.all()] == [time(10), time(10, 20), time(10, 40)]


def test_inviting_sends_one_email_with_the_personal_link(slot, link):
    [message] = mail.outbox
    assert message.to == ["june@example.com"]
    assert link in message.body
    assert len(tokens.token_for(slot.salt)) == 22
    assert InvitationEmail.objects.get(slot=slot).sent_at is not None
    # Sending the same email again (a retried task) sends nothing.
    email = InvitationEmail.objects.get(slot=slot)
    assert auditions.invitation_email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_inviting_the_same_candidate_again_keeps_their_slot(session, slot, candidate):
    assert auditions.session_invite(session=session, candidates=[candidate]) == []
    assert Slot.objects.filter(candidate=candidate).count() == 1


def test_no_email_address_is_refused_in_words(session, role):
    from casting import services
    from tests.factories import PersonFactory

    silent = services.candidate_add(role=role, person=PersonFactory(email="", name="No Mail"))
    with pytest.raises(ApplicationError, match="No email address for No Mail"):
        auditions.session_invite(session=session, candidates=[silent])
    assert not Slot.objects.filter(candidate=silent).exists()


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_the_actor_confirms_at_the_link(link, slot):
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "June Park" in html and "WAITRESS" in html and "Upload by 6pm" in html
    assert "ava@caa" not in html and "june@example.com" not in html
    response = client.post(link, {"answer": "confirm", "note": "Will upload tonight"}, follow=True)
    assert "the casting office has your answer" in response.content.decode()
    slot.refresh_from_db()
    assert slot.state == Slot.State.CONFIRMED and slot.note == "Will upload tonight"


@time_machine.travel(datetime(2027, 1, 6, 9, tzinfo=LONDON), tick=False)
def test_an_expired_link_says_so_and_takes_no_answer(link, slot):
    response = Client().get(link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert Client().post(link, {"answer": "decline"}).status_code == 410
    slot.refresh_from_db()
    assert slot.state == Slot.State.INVITED


def test_an_unknown_link_says_it_does_not_work(db):
    response = Client().get("/a/AAAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_reminder_goes_the_day_before_once(slot):
    mail.outbox.clear()
    with time_machine.travel(datetime(2027, 1, 3, 18, tzinfo=LONDON), tick=False):
        assert auditions.reminders_enqueue() == 0
    with time_machine.travel(datetime(2027, 1, 4, 18, tzinfo=LONDON), tick=False):
        assert auditions.reminders_enqueue() == 1
        assert auditions.reminders_enqueue() == 0
    [reminder] = mail.outbox
    assert reminder.subject.startswith("Reminder: Audition for The Long Night")


def test_no_reminder_for_a_declined_slot(slot):
    auditions.invitation_answer(slot=slot, answer="decline")
    mail.outbox.clear()
    with time_machine.travel(datetime(2027, 1, 4, 18, tzinfo=LONDON), tick=False):
        assert auditions.reminders_enqueue() == 0
    assert mail.outbox == []


# ---------------------------------------------------------------- self-tapes


def _upload(link, name, content, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return Client().post(link + "tape/", {"file": upload})


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_a_video_is_stored_under_a_random_name(link, slot, settings):
    response = _upload(link, "../../June Park audition.mp4", MP4, "video/mp4")
    assert response.status_code == 302
    tape = SelfTape.objects.get(slot=slot)
    assert tape.file.name.startswith("casting/tapes/") and tape.file.name.endswith(".mp4")
    assert "June" not in tape.file.name and ".." not in tape.file.name
    assert tape.original_name == "June Park audition.mp4"  # Django drops the path
    # Under the private folder, which no URL serves.
    stored = settings.MEDIA_ROOT / "private" / tape.file.name
    assert stored.read_bytes() == MP4
    with pytest.raises(ValueError, match="no URL"):
        _ = tape.file.url


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
@pytest.mark.parametrize(
    "name,content,declared,sniffed,suffix",
    [
        ("tape.exe", MP4, "application/octet-stream", "video/mp4", ".mp4"),
        ("tape.mp4", b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 100, "video/mp4",
         "video/quicktime", ".mov"),
        ("tape", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 50,
         "text/plain", "video/webm", ".webm"),
    ],
)  # fmt: skip
def test_the_type_is_read_from_the_bytes_not_the_name(
    link, slot, name, content, declared, sniffed, suffix
):
    assert _upload(link, name, content, declared).status_code == 302
    tape = SelfTape.objects.get()
    assert (tape.content_type, tape.file.name[-len(suffix) :]) == (sniffed, suffix)


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
@pytest.mark.parametrize(
    "name,content,content_type,words",
    [
        ("tape.txt", b"hello", "text/plain", "must be a video"),
        ("tape.mp4", b"#!/bin/sh\nrm -rf /\n" * 3, "video/mp4", "does not look like one"),
        ("tape.webm", b"\x1a\x45\xdf\xa3matroska" + b"\x00" * 20, "video/webm", "must be a video"),
    ],
)
def test_anything_but_a_video_is_refused(link, slot, name, content, content_type, words):
    response = _upload(link, name, content, content_type)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not SelfTape.objects.exists()


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_an_oversize_video_is_refused(link, slot, settings):
    settings.STUDIO_SELF_TAPE_MAX_BYTES = 100
    response = _upload(link, "tape.mp4", MP4, "video/mp4")
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()
    assert not SelfTape.objects.exists()


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_an_interrupted_upload_is_refused_cleanly(link, slot):
    boundary = "StudioBoundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="tape.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode() + MP4[:20]  # the connection drops: no end of the file, no closing boundary
    response = Client().generic(
        "POST", link + "tape/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert not SelfTape.objects.exists()


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_only_the_casting_office_can_view_a_tape(link, slot, casting_member, director,
                                                 crew_member, outsider, settings):  # fmt: skip
    _upload(link, "tape.mp4", MP4, "video/mp4")
    tape = SelfTape.objects.get()
    url = f"/productions/long-night/casting/tapes/{tape.pk}/"
    statuses = {}
    users = {
        "casting": casting_member, "director": director, "crew": crew_member,
        "outsider": outsider, "anonymous": None,
    }  # fmt: skip
    for name, user in users.items():
        client = Client()
        if user:
            client.force_login(user)
        statuses[name] = client.get(url).status_code
    assert statuses == {
        "casting": 200, "director": 403, "crew": 403, "outsider": 404, "anonymous": 302,
    }  # fmt: skip
    client = Client()
    client.force_login(casting_member)
    response = client.get(url)
    assert b"".join(response.streaming_content) == MP4
    assert response["Content-Type"] == "video/mp4"
    # The file is not reachable by a media URL.
    assert Client().get(f"/{settings.MEDIA_URL}{tape.file.name}").status_code == 404


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_the_actor_downloads_their_sides_at_the_link(link, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casting import services

    assert Client().get(link + "sides/").status_code == 404
    with pytest.raises(ApplicationError, match="Sides must be a PDF"):
        services.role_update(
            role=role, sides=SimpleUploadedFile("sides.pdf", b"<html>", content_type="text/html")
        )
    pdf = b"%PDF-1.4\n% the sides\n"
    services.role_update(role=role, sides=SimpleUploadedFile("WAITRESS sides.pdf", pdf))
    assert "Download your sides" in Client().get(link).content.decode()
    response = Client().get(link + "sides/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert "attachment" in response["Content-Disposition"]
