"""Reminders the evening before: only to the unconfirmed, each once, at the production's hour."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from callsheets import personal, services
from callsheets.models import CallSheetVersion, Delivery
from callsheets.tasks import callsheet_reminders_task, delivery_remind_task
from schedules.models import ScheduleSettings
from tests.factories import callsheet_schedule

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def version(production, owner):
    plan = callsheet_schedule(production, by=owner)
    ScheduleSettings.objects.update_or_create(production=production, defaults={"reminder_hour": 19})
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    version = services.callsheet_publish(callsheet=callsheet, by=owner, send=False)
    # Sent in the afternoon of the day before (12 January is the shoot day).
    version.deliveries.update(state="sent", queued_at=datetime(2027, 1, 11, 15, tzinfo=LONDON))
    return version


def at(hour: int, minute: int = 0, day: int = 11) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=LONDON)


def confirm(version, count: int) -> list[Delivery]:
    chosen = list(version.deliveries.order_by("pk")[:count])
    for delivery in chosen:
        view = personal.personal_view(version.callsheet, delivery.person)
        services.delivery_confirm(view=view)
    return chosen


def remind(now, capture) -> int:
    with capture(execute=True):
        return services.reminders_enqueue(now=now)


def test_at_the_reminder_hour_only_the_unconfirmed_get_a_reminder(
    version, django_capture_on_commit_callbacks
):
    confirmed = confirm(version, 2)

    queued = remind(at(19, 0), django_capture_on_commit_callbacks)

    reminded = [m for m in mail.outbox if m.subject.startswith("Please confirm")]
    assert queued == len(reminded) == 4
    assert {m.to[0] for m in reminded}.isdisjoint({d.email for d in confirmed})
    assert reminded[0].subject.endswith("Call 07:00 Tue 12 Jan — Day 1 — The Long Night")
    assert version.deliveries.filter(reminded_at__isnull=False).count() == 4


def test_each_reminder_is_sent_once_however_often_beat_runs(
    version, django_capture_on_commit_callbacks
):
    remind(at(19, 0), django_capture_on_commit_callbacks)
    remind(at(19, 15), django_capture_on_commit_callbacks)
    remind(at(21, 45), django_capture_on_commit_callbacks)
    delivery = version.deliveries.first()

    assert delivery_remind_task.delay(delivery.pk).get() is False
    assert len([m for m in mail.outbox if m.subject.startswith("Please confirm")]) == 6


def test_the_ad_gets_one_summary_of_who_is_missing(
    version, owner, django_capture_on_commit_callbacks
):
    confirm(version, 5)

    remind(at(19, 0), django_capture_on_commit_callbacks)
    remind(at(20, 0), django_capture_on_commit_callbacks)

    summaries = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(summaries) == 1
    assert summaries[0].subject == "Not confirmed yet: 1 — Day 1 — The Long Night"
    missing = version.deliveries.get(confirmed_at__isnull=True).person.name
    assert missing in summaries[0].body
    assert CallSheetVersion.objects.get(pk=version.pk).summary_sent_at is not None


@pytest.mark.parametrize(
    "now",
    [at(18, 59), at(0, 5, day=12), at(19, 0, day=10), at(19, 0, day=12)],
    ids=["before-the-hour", "after-midnight", "two-days-before", "on-the-day"],
)
def test_no_reminder_outside_the_evening_before(version, now, django_capture_on_commit_callbacks):
    assert remind(now, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_people_sent_the_sheet_after_the_hour_are_not_reminded_of_it(
    version, django_capture_on_commit_callbacks
):
    version.deliveries.update(queued_at=at(20, 30))

    assert remind(at(21, 0), django_capture_on_commit_callbacks) == 0


def test_only_the_latest_version_is_reminded(version, django_capture_on_commit_callbacks):
    newer = services.callsheet_publish(callsheet=version.callsheet, send=False)
    newer.deliveries.update(queued_at=at(16, 0))

    remind(at(19, 0), django_capture_on_commit_callbacks)

    assert not version.deliveries.filter(reminded_at__isnull=False).exists()
    assert newer.deliveries.filter(reminded_at__isnull=False).count() == 6


def test_the_hour_is_the_productions_in_its_own_time_zone(
    version, production, django_capture_on_commit_callbacks
):
    production.time_zone = "America/Los_Angeles"
    production.save()
    version.deliveries.update(queued_at=at(1, 0))
    # 19:00 in Los Angeles on the 11th is 03:00 in London on the 12th.
    pacific = ZoneInfo("America/Los_Angeles")

    assert (
        remind(datetime(2027, 1, 11, 18, 50, tzinfo=pacific), django_capture_on_commit_callbacks)
        == 0
    )
    assert (
        remind(datetime(2027, 1, 11, 19, 5, tzinfo=pacific), django_capture_on_commit_callbacks)
        == 6
    )


def test_without_settings_the_default_hour_applies(
    version, production, django_capture_on_commit_callbacks
):
    ScheduleSettings.objects.filter(production=production).delete()
    hour = ScheduleSettings().reminder_hour

    before = at(hour - 1, 59)
    assert remind(before, django_capture_on_commit_callbacks) == 0
    assert remind(before + timedelta(minutes=1), django_capture_on_commit_callbacks) == 6


def test_the_beat_task_is_scheduled_every_fifteen_minutes(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Call sheet reminders")

    assert task.task == callsheet_reminders_task.name == "schedules.tasks.callsheet_reminders_task"
    assert (task.interval.every, task.interval.period) == (15, "minutes")
    assert task.enabled
