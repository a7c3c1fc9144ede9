"""The approved DPR's email and the weekly digest are owed from the moment they are decided:
a task lost with the broker leaves a row that beat's sweep finds after the grace period."""

from datetime import date, time

import pytest
import time_machine
from django.core import mail

from core import outbox
from reports import digest, dpr_messages, dpr_services
from reports.models import DailyReport, ProducerDigest
from tests.factories import scene_with, schedule_build

pytestmark = pytest.mark.django_db

MON = date(2027, 1, 11)
APPROVED = "2027-01-11 20:00:00+00:00"


@pytest.fixture
def report(production, owner, producer, settings):
    settings.STUDIO_OUTBOX_GRACE_SECONDS = 60
    schedule_build(production, {MON: [scene_with(production, number="1")]}, by=owner)
    report = dpr_services.dpr_start(production=production, date=MON, by=owner)
    return dpr_services.dpr_update(report=report, by=owner, lunch_start=time(12), wrap=time(19))


def test_an_approved_dpr_whose_email_was_lost_is_found_by_the_sweep_and_sent_once(report, producer):
    with time_machine.travel(APPROVED, tick=False) as clock:
        # The test's transaction never commits, so the queueing on commit never runs.
        dpr_services.dpr_approve(report=report, by=producer)
        clock.shift(30)
        assert dpr_messages.dprs_unsent() == []
        clock.shift(31)
        assert dpr_messages.dprs_unsent() == [report.pk]

        assert dpr_messages.dpr_send(report_id=report.pk) == 2
        assert dpr_messages.dprs_unsent() == []
    (message,) = mail.outbox
    assert message.message()["Message-ID"] == outbox.message_id("dpr", report.pk)


def test_a_dpr_approved_without_an_email_is_never_swept(report, owner):
    with time_machine.travel(APPROVED, tick=False) as clock:
        dpr_services.dpr_approve(report=report, by=owner, notify=False)
        clock.shift(3600)
        assert dpr_messages.dprs_unsent() == []
    assert DailyReport.objects.get(pk=report.pk).send_requested_at is None


def test_a_weekly_digest_whose_task_was_lost_is_found_by_the_sweep_and_sent_once(
    report, production
):
    with time_machine.travel("2027-01-18 07:00:00+00:00", tick=False) as clock:
        due = digest.digests_record(production_ids=[production.pk], week_start=MON)
        assert due == [(production.pk, "2027-01-11")]
        clock.shift(30)
        assert digest.digests_unsent() == []
        clock.shift(31)
        assert digest.digests_unsent() == [(production.pk, "2027-01-11")]

        assert digest.digest_send(production_id=production.pk, week_start=MON) == 2
        assert digest.digests_unsent() == []
        # Recording the week again (a second beat) owes nothing more.
        assert digest.digests_record(production_ids=[production.pk], week_start=MON) == []
    (message,) = mail.outbox
    row = ProducerDigest.objects.get()
    assert message.message()["Message-ID"] == outbox.message_id("digest", row.pk)
