"""The call sheets' outbox: leases on deliveries, reminders and summaries, and stable Message-IDs.

A worker "killed mid-send" is a send that raises ``Killed``, a ``BaseException`` the sending
code does not catch (as it cannot catch SIGKILL): it leaves its claim behind, unsent, as a
dead worker does. The clock is set with time-machine; the lease is
``STUDIO_DELIVERY_LEASE_SECONDS`` (10 minutes).
"""

import smtplib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from callsheets import messages, outbox, services
from callsheets.models import CallSheetVersion, Delivery
from callsheets.tasks import callsheet_summary_task, delivery_remind_task, delivery_send_task
from core import outbox as core_outbox
from schedules.models import ScheduleSettings

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
REAL_SEND = messages.EmailMultiAlternatives.send


class Killed(BaseException):
    """The worker dies here: nothing after this line runs, no ``except Exception`` sees it."""


def at(hour: int, minute: int = 0, second: int = 0, day: int = 11) -> datetime:
    """Return a moment in London on 11 January 2027, the eve of the shoot day."""
    return datetime(2027, 1, day, hour, minute, second, tzinfo=LONDON)


@pytest.fixture
def callsheet(production, plan, owner):
    ScheduleSettings.objects.update_or_create(production=production, defaults={"reminder_hour": 19})
    return services.callsheet_generate(production=production, on=plan["days"][0])


@pytest.fixture
def sent_version(callsheet, owner):
    """Version 1, published by the owner and sent in the afternoon before the shoot day."""
    version = services.callsheet_publish(callsheet=callsheet, by=owner, send=False)
    version.deliveries.update(state="sent", queued_at=at(15))
    return version


def kill_when_sending_to(monkeypatch, *emails: str) -> None:
    """Make the worker die the next time it hands a message for one of ``emails`` to the server."""
    doomed = set(emails)

    def send(message, *args, **kwargs):
        if doomed & set(message.to):
            doomed.difference_update(message.to)
            raise Killed
        return REAL_SEND(message, *args, **kwargs)

    monkeypatch.setattr(messages.EmailMultiAlternatives, "send", send)


def beat(capture, clock: datetime) -> int:
    """Run the reminders' beat task at ``clock``, the tasks it queues run at once."""
    with time_machine.travel(clock, tick=False), capture(execute=True):
        return services.reminders_enqueue()


def reminders_to(email: str) -> int:
    return sum(1 for m in mail.outbox if m.subject.startswith("Please confirm") and m.to == [email])


def header(message, name: str = "Message-ID") -> str:
    return message.message()[name]


# ---------------------------------------------------------------- reminders


@pytest.fixture
def doomed(sent_version, monkeypatch) -> Delivery:
    """A delivery whose reminder a worker took at 19:00 and died sending."""
    delivery = sent_version.deliveries.order_by("pk").first()
    kill_when_sending_to(monkeypatch, delivery.email)
    with time_machine.travel(at(19, 0), tick=False), pytest.raises(Killed):
        delivery_remind_task(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_a_reminder_left_claimed_by_a_dead_worker_is_sent_by_the_first_beat_after_the_lease(
    sent_version, doomed, django_capture_on_commit_callbacks
):
    assert doomed.reminded_at is None and doomed.reminder_claimed_at == at(19, 0)

    # Within the lease the claim may still be a live worker: everyone else is reminded.
    assert beat(django_capture_on_commit_callbacks, at(19, 5)) == 5
    assert reminders_to(doomed.email) == 0
    # 19:15, the lease over: the dead worker's reminder goes, once.
    assert beat(django_capture_on_commit_callbacks, at(19, 15)) == 1
    assert beat(django_capture_on_commit_callbacks, at(19, 30)) == 0

    everyone = set(sent_version.deliveries.values_list("email", flat=True))
    assert {email: reminders_to(email) for email in everyone} == dict.fromkeys(everyone, 1)
    doomed.refresh_from_db()
    assert doomed.reminded_at == at(19, 15) and doomed.reminder_claimed_at is None


def test_a_reminder_held_by_a_live_worker_is_not_sent_by_another(
    sent_version, django_capture_on_commit_callbacks
):
    delivery = sent_version.deliveries.first()
    with time_machine.travel(at(19, 0), tick=False):
        assert core_outbox.claim(
            messages.reminders_unsent(), delivery.pk, field="reminder_claimed_at"
        )

    with time_machine.travel(at(19, 9), tick=False):
        assert delivery_remind_task.delay(delivery.pk).get() is False
    assert mail.outbox == []
    assert beat(django_capture_on_commit_callbacks, at(19, 9)) == 5
    assert reminders_to(delivery.email) == 0


def test_a_reminder_the_mail_server_refused_is_sent_by_the_retry_and_stamped_once(
    sent_version, monkeypatch
):
    delivery = sent_version.deliveries.first()

    def refuse(message, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with time_machine.travel(at(19, 0), tick=False):
        monkeypatch.setattr(messages.EmailMultiAlternatives, "send", refuse)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            messages.delivery_remind(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.reminded_at, delivery.reminder_claimed_at) == (None, None)

        monkeypatch.setattr(messages.EmailMultiAlternatives, "send", REAL_SEND)
        assert delivery_remind_task.delay(delivery.pk).get() is True  # what the retry runs
        assert delivery_remind_task.delay(delivery.pk).get() is False
    assert reminders_to(delivery.email) == 1


def test_a_person_who_confirms_while_their_reminder_is_stuck_is_not_reminded(
    doomed, django_capture_on_commit_callbacks
):
    from callsheets import personal

    with time_machine.travel(at(19, 10), tick=False):
        view = personal.personal_view(doomed.version.callsheet, doomed.person)
        services.delivery_confirm(view=view)

    beat(django_capture_on_commit_callbacks, at(19, 15))

    assert reminders_to(doomed.email) == 0


# ---------------------------------------------------------------- the AD's summary


def test_a_summary_left_claimed_by_a_dead_worker_is_sent_once_after_the_lease(
    sent_version, owner, monkeypatch, django_capture_on_commit_callbacks
):
    kill_when_sending_to(monkeypatch, owner.email)
    with time_machine.travel(at(19, 0), tick=False), pytest.raises(Killed):
        callsheet_summary_task(sent_version.pk)

    beat(django_capture_on_commit_callbacks, at(19, 5))
    assert [m for m in mail.outbox if m.to == [owner.email]] == []
    beat(django_capture_on_commit_callbacks, at(19, 15))
    beat(django_capture_on_commit_callbacks, at(19, 30))

    summaries = [m for m in mail.outbox if m.to == [owner.email]]
    assert [m.subject for m in summaries] == ["Not confirmed yet: 6 — Day 1 — The Long Night"]
    version = CallSheetVersion.objects.get(pk=sent_version.pk)
    assert version.summary_sent_at == at(19, 15) and version.summary_claimed_at is None


# ---------------------------------------------------------------- deliveries


def test_the_outbox_requeues_a_delivery_a_dead_worker_held_only_once_its_lease_is_over(
    callsheet, owner, monkeypatch, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(12, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            version = services.callsheet_publish(callsheet=callsheet, by=owner)
    doomed = version.deliveries.order_by("pk").first()
    kill_when_sending_to(monkeypatch, doomed.email)
    with time_machine.travel(at(12, 0, 30), tick=False), pytest.raises(Killed):
        delivery_send_task(doomed.pk)

    # Published at 12:00, the broker lost every task; the dead worker's claim holds to 12:10:30.
    with time_machine.travel(at(12, 2), tick=False):
        assert outbox.outbox_requeue() == 5
    assert doomed.email not in {m.to[0] for m in mail.outbox}
    with time_machine.travel(at(12, 11), tick=False):
        assert outbox.outbox_requeue() == 1
        assert outbox.outbox_requeue() == 0

    everyone = sorted(version.deliveries.values_list("email", flat=True))
    assert sorted(m.to[0] for m in mail.outbox) == everyone
    assert set(version.deliveries.values_list("state", flat=True)) == {"sent"}
    doomed.refresh_from_db()
    assert doomed.attempts == 2


def test_the_outbox_leaves_deliveries_alone_within_the_grace_period_and_gives_up_after_two_days(
    callsheet, owner, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(12, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            services.callsheet_publish(callsheet=callsheet, by=owner)

    with time_machine.travel(at(12, 0, 30), tick=False):
        assert outbox.deliveries_unsent() == []
    with time_machine.travel(at(12, 1, 1), tick=False):
        assert len(outbox.deliveries_unsent()) == 6
    with time_machine.travel(at(12, 0, 1, day=13), tick=False):
        assert outbox.deliveries_unsent() == []
    assert mail.outbox == []


def test_a_delivery_being_sent_cannot_be_resent_until_its_claim_has_expired(
    callsheet, owner, monkeypatch, django_capture_on_commit_callbacks
):
    from core.exceptions import ApplicationError

    with django_capture_on_commit_callbacks(execute=False):
        version = services.callsheet_publish(callsheet=callsheet, by=owner)
    doomed = version.deliveries.order_by("pk").first()
    kill_when_sending_to(monkeypatch, doomed.email)
    with time_machine.travel(at(12, 0), tick=False), pytest.raises(Killed):
        delivery_send_task(doomed.pk)

    with time_machine.travel(at(12, 9), tick=False):
        with pytest.raises(ApplicationError, match="being sent right now"):
            services.delivery_resend(delivery=doomed)
    with time_machine.travel(at(12, 11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.delivery_resend(delivery=doomed)
    assert [m.to for m in mail.outbox] == [[doomed.email]]


# ---------------------------------------------------------------- Message-ID


def test_each_delivery_has_its_own_message_id_and_a_retry_keeps_it(
    callsheet, owner, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.STUDIO_BASE_URL = "https://studio.example.com"
    tried = []

    def refuse_once(message, *args, **kwargs):
        if not tried:
            tried.append(header(message))
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return REAL_SEND(message, *args, **kwargs)

    monkeypatch.setattr(messages.EmailMultiAlternatives, "send", refuse_once)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.callsheet_publish(callsheet=callsheet, by=owner)
    failed = version.deliveries.get(state="failed")
    assert delivery_send_task.delay(failed.pk).get() is True  # Celery's retry

    ids = {m.to[0]: header(m) for m in mail.outbox}
    assert len(ids) == len(set(ids.values())) == 6
    assert ids[failed.email] == tried[0]
    for message_id in ids.values():
        assert message_id.startswith("<callsheet.") and message_id.endswith("@studio.example.com>")


def test_a_resend_is_a_new_message_with_a_new_message_id(
    callsheet, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.callsheet_publish(callsheet=callsheet, by=owner)
    delivery = version.deliveries.first()
    first = header(next(m for m in mail.outbox if m.to == [delivery.email]))
    mail.outbox.clear()

    with time_machine.travel(at(13), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(delivery=Delivery.objects.get(pk=delivery.pk))

    (again,) = mail.outbox
    assert header(again) != first


def test_reminders_and_the_summary_carry_their_own_message_ids(
    sent_version, owner, django_capture_on_commit_callbacks
):
    beat(django_capture_on_commit_callbacks, at(19, 0))

    ids = [header(m) for m in mail.outbox]
    assert len(mail.outbox) == 7 and len(set(ids)) == 7
    summary = next(m for m in mail.outbox if m.to == [owner.email])
    assert header(summary).startswith("<callsheet-summary.")
    reminder = next(m for m in mail.outbox if m.subject.startswith("Please confirm"))
    assert header(reminder).startswith("<callsheet-reminder.")
