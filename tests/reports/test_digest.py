"""The weekly producer digest: the week's numbers, sent once, on beat's schedule."""

from datetime import date, time

import pytest
from django.apps import apps
from django.core import mail
from django_celery_beat.models import PeriodicTask

from reports import digest, dpr_services
from reports.models import ProducerDigest
from reports.tasks import digests_send_task
from tests.factories import PersonFactory, cast_member, scene_with, schedule_build

pytestmark = pytest.mark.django_db

WEEK = date(2027, 1, 11)  # a Monday
MON, TUE, WED, NEXT_MON = WEEK, date(2027, 1, 12), date(2027, 1, 13), date(2027, 1, 18)


@pytest.fixture
def shooting(production, owner, producer):
    maya = cast_member(production, "MAYA", "1", rate=1000)
    schedule_build(
        production,
        {
            MON: [scene_with(production, maya, number="1", page_eighths=8)],
            TUE: [scene_with(production, number="2", page_eighths=8)],
            WED: [scene_with(production, maya, number="3", page_eighths=8)],
            NEXT_MON: [scene_with(production, number="4", page_eighths=8)],
        },
        by=owner,
    )
    for day, result in ((MON, "shot"), (TUE, "not_shot")):
        report = dpr_services.dpr_start(production=production, date=day, by=owner)
        row = report.scenes.get()
        dpr_services.dpr_update(
            report=report,
            by=owner,
            lunch_start=time(12),
            scenes=[dpr_services.SceneResult(row.scene_id, result)],
        )
        dpr_services.dpr_approve(report=report, by=owner, notify=False)
    return production


def test_the_digest_has_the_week_s_pages_pace_holds_and_conflicts(shooting):
    week = digest.digest_for(shooting, WEEK)

    assert (week.eighths_shot, week.eighths_planned) == (8, 16)
    assert (week.pages_shot, week.pages_planned) == ("1", "2")
    assert week.totals.schedule_status == "1.0 day behind"
    assert (week.hold_days, week.hold_cost) == (1, 1000)  # Maya held on Tuesday
    assert week.conflict_count == len(week.conflicts)


def test_the_digest_lists_who_has_not_confirmed_the_coming_call_sheets(shooting):
    callsheet_model = apps.get_model("callsheets", "CallSheet")
    version_model = apps.get_model("callsheets", "CallSheetVersion")
    delivery_model = apps.get_model("callsheets", "Delivery")
    sheet = callsheet_model.objects.create(production=shooting, date=NEXT_MON)
    version = version_model.objects.create(callsheet=sheet, number=1, data={})
    for name, confirmed in (("Ana Solberg", False), ("Theo Lind", True)):
        delivery_model.objects.create(
            version=version,
            person=PersonFactory(name=name),
            email="x@example.com",
            call_time=time(7),
            opened_at="2027-01-15T18:00Z" if confirmed else None,
            confirmed_at="2027-01-15T18:05Z" if confirmed else None,
        )

    assert digest.digest_for(shooting, WEEK).unconfirmed == ["Ana Solberg (Mon 18 Jan)"]


def test_the_digest_goes_to_the_producers_once(shooting, owner, producer):
    assert digest.digest_send(production_id=shooting.pk, week_start=WEEK) == 2
    assert digest.digest_send(production_id=shooting.pk, week_start=WEEK) == 0

    (message,) = mail.outbox
    assert sorted(message.to) == sorted([owner.email, producer.email])
    assert message.subject == "Week of 11 Jan 2027 — The Long Night — producer digest"
    assert "Pages shot this week: 1 of 2 planned" in message.body
    assert "1.0 day behind" in message.body
    assert "costing USD 1,000.00" in message.body
    assert ProducerDigest.objects.get().recipients == 2


def test_beat_sends_last_week_s_digest_of_every_production_that_is_shooting(
    shooting, other_production, monkeypatch
):
    monkeypatch.setattr(digest, "last_week_start", lambda today=None: WEEK)

    assert digests_send_task.delay().get() == 1

    assert len(mail.outbox) == 1
    assert list(ProducerDigest.objects.values_list("production_id", flat=True)) == [shooting.pk]


def test_last_week_starts_on_the_monday_before(production):
    assert digest.last_week_start(date(2027, 1, 18)) == WEEK
    assert digest.last_week_start(date(2027, 1, 24)) == WEEK


def test_the_scheduled_tasks_exist_for_beat_to_run():
    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))

    assert tasks["schedules.report_tasks.digests_send_task"]
    assert tasks["schedules.report_tasks.reports_cleanup_task"]
    assert tasks["schedules.report_tasks.webhooks_retry_due_task"]
    weekly = PeriodicTask.objects.get(task="schedules.report_tasks.digests_send_task")
    assert (weekly.crontab.day_of_week, weekly.crontab.hour) == ("1", "7")
