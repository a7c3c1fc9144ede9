"""The demo's daily production reports: the first week filed, behind schedule, one meal
penalty; and a report started from a seeded day fills itself in from the schedule."""

import pytest

from demo.reports import DAYS, demo_reports_seed
from demo.seed import demo_seed
from reports import dpr_selectors, dpr_services
from reports.models import DailyReport
from schedules import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return demo_seed()


def test_the_first_demo_days_are_filed_and_approved(demo):
    reports = list(demo.daily_reports.order_by("date"))
    days = list(selectors.active_version(demo).days.order_by("date")[:DAYS])

    assert [r.date for r in reports] == [d.date for d in days]
    assert all(r.status == DailyReport.Status.APPROVED and r.approved_by for r in reports)
    assert all(r.sent_at is None for r in reports)  # the seed emails nobody


def test_the_demo_week_ends_behind_schedule_with_one_meal_penalty(demo):
    summaries = dpr_selectors.dpr_summaries(demo)
    meals = [flag for s in summaries for flag in s.flags if flag.kind == "meal"]

    assert summaries[-1].totals.days_ahead < 0
    assert "behind" in summaries[-1].totals.schedule_status
    assert len(meals) == 1 and "6 h 30 min after" in meals[0].message
    assert summaries[0].totals.schedule_status == "on schedule"


def test_seeding_again_changes_nothing(demo):
    before = list(demo.daily_reports.values_list("pk", "updated_at"))

    demo_reports_seed(demo, demo.memberships.get(access="owner").user)

    assert list(demo.daily_reports.values_list("pk", "updated_at")) == before


def test_a_report_started_from_a_seeded_day_is_filled_in_from_the_schedule(demo):
    board = selectors.board_for(demo)
    day = board.days[DAYS]  # the first day not reported yet
    owner = demo.memberships.get(access="owner").user

    report = dpr_services.dpr_start(production=demo, date=day.day.date, by=owner)

    planned = [strip.scene.pk for strip in day.scenes]
    assert list(report.scenes.values_list("scene_id", flat=True)) == planned
    assert report.planned_eighths == day.eighths
    assert report.general_call == day.day.general_call
    cast_ids = sorted(report.cast_times.values_list("cast_id", flat=True))
    assert cast_ids == sorted(day.cast_ids)
    assert all(row.arrive == day.day.general_call for row in report.cast_times.all())
    totals = dpr_selectors.dpr_totals(report)
    assert totals.eighths_shot == day.eighths  # every scene starts as shot
    assert totals.scenes_remaining < totals.scenes_total
