"""Casting's emails through core's outbox: a failed send keeps its claim (one retry path, not a
storm), a dead worker's claim is sent again once its lease is over, and every email carries a
Message-ID that is the same on every attempt.

A worker "killed mid-send" is a send that raises ``Killed``, a ``BaseException`` the sending
code does not catch (as it cannot catch SIGKILL). The clock is set with time-machine; the lease
is ``STUDIO_DELIVERY_LEASE_SECONDS`` (10 minutes), the grace ``STUDIO_OUTBOX_GRACE_SECONDS``.
"""

import smtplib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from casting import auditions, offer_mail, outbox, services
from casting.models import InvitationEmail, OfferEmail
from tests.casting.conftest import held

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REAL_SEND = EmailMultiAlternatives.send
# The Monday morning the casting director invites, a week before the session.
MONDAY = datetime(2027, 1, 4, 9, 0, tzinfo=LONDON)
SESSION_DAY = date(2027, 1, 11)


class Killed(BaseException):
    """The worker dies here: nothing after this line runs, no ``except Exception`` sees it."""


class Server:
    """The mail server as the send sees it: refusing, dying or accepting, and what was tried."""

    def __init__(self, monkeypatch):
        self.mode = "up"
        self.tried: list[str] = []
        server = self

        def send(message, *args, **kwargs):
            return server.take(message, *args, **kwargs)

        monkeypatch.setattr(EmailMultiAlternatives, "send", send)

    def take(self, message, *args, **kwargs):
        self.tried.append(message.extra_headers.get("Message-ID", ""))
        if self.mode == "down":
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if self.mode == "kill":
            raise Killed
        return REAL_SEND(message, *args, **kwargs)


@pytest.fixture
def server(monkeypatch):
    return Server(monkeypatch)


@pytest.fixture
def session(production, role):
    return auditions.session_create(
        production=production, role=role, kind="in_person", date=SESSION_DAY,
        start=time(10), end=time(11), slot_minutes=20, place="Studio 2",
    )  # fmt: skip


def invite(session, candidate, capture):
    """Invite the candidate on Monday morning, the task run as the commit's callback."""
    with time_machine.travel(MONDAY, tick=False), capture(execute=True):
        auditions.session_invite(session=session, candidates=[candidate])
    return InvitationEmail.objects.get(kind=InvitationEmail.Kind.INVITE)


def sweep(when: datetime) -> int:
    with time_machine.travel(when, tick=False):
        return outbox.outbox_requeue()


def lease(settings) -> timedelta:
    return timedelta(seconds=settings.STUDIO_DELIVERY_LEASE_SECONDS)


def test_a_refused_invitation_is_not_requeued_by_the_sweep_while_its_claim_holds(
    session, candidate, server, settings, django_capture_on_commit_callbacks
):
    server.mode = "down"
    email = invite(session, candidate, django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert email.sent_at is None and email.claimed_at is not None
    assert email.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    # The first try, and Celery's own retry finding the claim held: no second send.
    assert len(server.tried) == 1
    # Every minute of the lease, the sweep leaves it alone: no retry storm.
    for minutes in range(2, 10):
        assert sweep(MONDAY + timedelta(minutes=minutes)) == 0
    assert len(server.tried) == 1 and mail.outbox == []
    # The lease over and the server back, the sweep sends it, once.
    server.mode = "up"
    assert sweep(MONDAY + lease(settings) + timedelta(seconds=1)) == 1
    assert sweep(MONDAY + lease(settings) + timedelta(minutes=1)) == 0
    [message] = mail.outbox
    assert message.to == ["june@example.com"] and message.subject.startswith("Audition for")
    email.refresh_from_db()
    assert email.sent_at is not None and email.error == ""
    # The retry is the same email: the same Message-ID as the attempt the server refused.
    assert message.extra_headers["Message-ID"] == server.tried[0] != ""


def test_a_dead_workers_offer_is_sent_again_after_the_lease_with_the_same_message_id(
    production, candidate, owner, server, settings, django_capture_on_commit_callbacks
):
    offer = services.offer_create(
        production=production, candidate=held(candidate), by=owner, rate=Decimal("900.00")
    )
    membership = production.memberships.get(user=owner)
    offer = services.offer_approve(offer=offer, by=owner, membership=membership)
    server.mode = "kill"
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks():
        services.offer_send(offer=offer, by=owner)
    email = OfferEmail.objects.get()
    # The worker that took the task dies handing the message to the server.
    with time_machine.travel(MONDAY, tick=False), pytest.raises(Killed):
        offer_mail.offer_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is None and email.claimed_at is not None and email.error == ""
    # A duplicate of the task, or the sweep, within the lease: the dead worker still holds it.
    server.mode = "up"
    with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):
        assert offer_mail.offer_email_send(email_id=email.pk) is False
    assert sweep(MONDAY + timedelta(minutes=9)) == 0
    assert mail.outbox == []
    assert sweep(MONDAY + lease(settings) + timedelta(seconds=1)) == 1
    assert sweep(MONDAY + lease(settings) + timedelta(minutes=2)) == 0
    [message] = mail.outbox
    assert message.to == ["ava@caa.example.com"] and message.subject.startswith("Offer: ")
    assert server.tried[0] == server.tried[-1] == message.message()["Message-ID"]
    domain = urlsplit(settings.STUDIO_BASE_URL).hostname
    assert message.message()["Message-ID"].startswith("<casting-offer.")
    assert message.message()["Message-ID"].endswith(f"@{domain}>")


def test_each_email_has_its_own_message_id_the_same_on_every_attempt(
    session, candidate, server, django_capture_on_commit_callbacks
):
    invitation = invite(session, candidate, django_capture_on_commit_callbacks)
    # Moved to 10:20 on Tuesday: the new time is another email.
    slot, later = session.slots.order_by("start")[:2]
    with (
        time_machine.travel(MONDAY + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        auditions.slot_move(slot=slot, to=later)
    # The day before the session, the reminder: another email again.
    with time_machine.travel(datetime(2027, 1, 10, 18, 0, tzinfo=LONDON), tick=False):
        assert auditions.reminders_enqueue() == 1
        assert auditions.reminders_enqueue() == 0
    subjects = [m.subject.split(":")[0] for m in mail.outbox]
    assert subjects == ["Audition for The Long Night, Mon 11 Jan at 10", "New time", "Reminder"]
    ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert len(set(ids)) == 3
    assert ids[0].startswith("<casting-invite.") and ids[2].startswith("<casting-reminder.")
    # Computed again from the row (as a retry does), each is the one its email carried.
    rows = [
        InvitationEmail.objects.get(pk=invitation.pk),
        InvitationEmail.objects.get(kind=InvitationEmail.Kind.MOVED),
        InvitationEmail.objects.get(kind=InvitationEmail.Kind.REMINDER),
    ]
    assert [outbox.message_id(row) for row in rows] == ids


def test_the_sweep_gives_up_on_an_email_unsent_after_two_days(
    session, candidate, server, django_capture_on_commit_callbacks
):
    # The commit's callbacks never run: the task was never queued, as with a broker down.
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks():
        auditions.session_invite(session=session, candidates=[candidate])
    assert sweep(MONDAY + timedelta(seconds=30)) == 0  # within the grace period
    assert sweep(MONDAY + timedelta(days=2, minutes=1)) == 0  # stale news by now
    assert mail.outbox == [] and server.tried == []
    assert sweep(MONDAY + timedelta(days=1)) == 1
    assert len(mail.outbox) == 1
