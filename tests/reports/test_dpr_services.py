"""The daily production report: started from the schedule, totalled across days, flagged for
penalties, and frozen by approval."""

from datetime import date, time

import pytest
from django.apps import apps
from django.core import mail

from core.exceptions import ApplicationError
from reports import dpr_messages, dpr_selectors, dpr_services
from reports.models import DailyReport, DailyReportScene
from schedules import services
from tests.factories import AssignmentFactory, cast_member, scene_with, schedule_build

pytestmark = pytest.mark.django_db

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)
SHOT, PART, NOT_SHOT = "shot", "part_shot", "not_shot"


@pytest.fixture
def maya(production):
    return cast_member(production, "MAYA", "1", rate=2400)


@pytest.fixture
def daniel(production):
    return cast_member(production, "DANIEL", "2", rate=1800)


@pytest.fixture
def scenes(production, maya, daniel):
    """Five scenes, 48 eighths planned over three days: 16 a day."""
    return {
        "1": scene_with(production, maya, number="1", page_eighths=8),
        "2": scene_with(production, maya, daniel, number="2", page_eighths=8),
        "3": scene_with(production, daniel, number="3", page_eighths=12),
        "4": scene_with(production, maya, number="4", page_eighths=4),
        "5": scene_with(production, number="5", page_eighths=16),
    }


@pytest.fixture
def scheduled(production, scenes, owner):
    schedule_build(
        production,
        {
            MON: [scenes["1"], scenes["2"]],
            TUE: [scenes["3"], scenes["4"]],
            WED: [scenes["5"]],
        },
        by=owner,
    )
    return production


def results(report) -> dict[str, tuple[str, int]]:
    return {row.scene.number: (row.status, row.eighths_shot) for row in report.scenes.all()}


def test_a_report_starts_from_the_shoot_day_with_its_scenes_cast_and_call(scheduled, owner, scenes):
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)

    assert report.day_number == 1
    assert report.general_call == time(7, 0)
    assert report.planned_eighths == 16
    assert results(report) == {"1": (SHOT, 8), "2": (SHOT, 8)}
    cast = list(report.cast_times.order_by("cast_id"))
    assert [(row.cast_id, row.name, row.arrive) for row in cast] == [
        ("1", "Actor Maya (MAYA)", time(7, 0)),
        ("2", "Actor Daniel (DANIEL)", time(7, 0)),
    ]
    assert report.status == DailyReport.Status.DRAFT


def test_starting_the_same_day_again_returns_the_same_report(scheduled, owner):
    first = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)

    assert dpr_services.dpr_start(production=scheduled, date=MON, by=owner).pk == first.pk


def test_a_day_without_a_shoot_day_cannot_be_reported(scheduled, owner):
    with pytest.raises(ApplicationError, match="no shoot day"):
        dpr_services.dpr_start(production=scheduled, date=date(2027, 1, 16), by=owner)


def test_totals_run_across_days_and_say_how_far_behind_the_shoot_is(scheduled, owner, scenes):
    monday = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_update(
        report=monday,
        by=owner,
        setups=14,
        scenes=[dpr_services.SceneResult(scenes["2"].pk, NOT_SHOT)],
    )
    tuesday = dpr_services.dpr_start(production=scheduled, date=TUE, by=owner)
    dpr_services.dpr_update(
        report=tuesday,
        by=owner,
        setups=20,
        # Scene 2, not shot on Monday, is picked up on Tuesday; scene 4 only half done.
        scenes=[
            dpr_services.SceneResult(scenes["4"].pk, PART, 2),
            dpr_services.SceneResult(scenes["2"].pk),
        ],
    )

    first = dpr_selectors.dpr_totals(monday)
    second = dpr_selectors.dpr_totals(tuesday)

    assert (first.eighths_shot, first.eighths_shot_to_date, first.eighths_planned_to_date) == (
        8,
        8,
        16,
    )
    assert first.days_ahead == -0.5 and first.schedule_status == "0.5 days behind"
    assert first.scenes_remaining == 4
    assert (second.eighths_shot, second.eighths_shot_to_date) == (22, 30)
    assert second.eighths_planned_to_date == 32
    assert second.schedule_status == "0.1 days behind"
    assert second.scenes_remaining == 2  # 4 half done, 5 not started
    assert second.setups_to_date == 34
    assert results(tuesday)["2"] == (SHOT, 8)
    assert not tuesday.scenes.get(scene=scenes["2"]).planned


def test_a_scene_carried_over_on_the_board_is_not_planned_twice(scheduled, owner, scenes):
    monday = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_update(
        report=monday, by=owner, scenes=[dpr_services.SceneResult(scenes["2"].pk, NOT_SHOT)]
    )
    tuesday_day = scheduled.schedule_versions.get().days.get(date=TUE)
    services.shoot_day_update(
        day=tuesday_day,
        by=owner,
        scenes=[scenes["2"].pk, scenes["3"].pk, scenes["4"].pk],
    )

    tuesday = dpr_services.dpr_start(production=scheduled, date=TUE, by=owner)
    totals = dpr_selectors.dpr_totals(tuesday)

    assert tuesday.planned_eighths == 24
    assert (totals.eighths_shot_to_date, totals.eighths_planned_to_date) == (32, 32)
    assert totals.schedule_status == "on schedule"


def test_a_part_shot_scene_needs_the_pages_it_got(scheduled, owner, scenes):
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)

    with pytest.raises(ApplicationError, match="part shot"):
        dpr_services.dpr_update(
            report=report, by=owner, scenes=[dpr_services.SceneResult(scenes["1"].pk, PART)]
        )
    with pytest.raises(ApplicationError, match="1 to 7"):
        dpr_services.dpr_update(
            report=report, by=owner, scenes=[dpr_services.SceneResult(scenes["1"].pk, PART, 8)]
        )


def test_a_scene_of_another_production_cannot_be_added(scheduled, owner, other_production):
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    stranger = scene_with(other_production, number="99")

    with pytest.raises(ApplicationError, match="not scenes of this production"):
        dpr_services.dpr_update(
            report=report, by=owner, scenes=[dpr_services.SceneResult(stranger.pk)]
        )


def test_lunch_more_than_six_hours_after_call_is_a_meal_penalty(scheduled, owner):
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_update(report=report, by=owner, lunch_start=time(13, 0), wrap=time(19, 0))
    assert dpr_selectors.dpr_flags(report) == []

    dpr_services.dpr_update(report=report, by=owner, lunch_start=time(13, 30))
    (flag,) = dpr_selectors.dpr_flags(report)

    assert flag.kind == "meal"
    assert "6 h 30 min after the 07:00 call" in flag.message


def test_a_long_day_with_no_meal_recorded_is_a_meal_penalty(scheduled, owner):
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_update(report=report, by=owner, wrap=time(19, 0))

    assert [flag.kind for flag in dpr_selectors.dpr_flags(report)] == ["meal"]


def test_a_short_turnaround_after_a_night_wrap_is_flagged(scheduled, owner, maya):
    monday = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    # Wrapped after midnight: 01:30 on Tuesday, out at 02:00.
    dpr_services.dpr_update(
        report=monday,
        by=owner,
        lunch_start=time(12, 0),
        wrap=time(1, 30),
        last_out=time(2, 0),
        cast=[
            dpr_services.CastTime(name="Maya", character=maya.pk, arrive=time(7), wrap=time(1, 0))
        ],
    )
    tuesday = dpr_services.dpr_start(production=scheduled, date=TUE, by=owner)
    dpr_services.dpr_update(
        report=tuesday,
        by=owner,
        general_call=time(11, 0),
        lunch_start=time(16, 0),
        cast=[dpr_services.CastTime(name="Maya", character=maya.pk, arrive=time(10, 0))],
    )

    flags = {flag.kind: flag.message for flag in dpr_selectors.dpr_flags(tuesday)}

    assert set(flags) == {"turnaround", "cast_turnaround"}
    assert "9 h from the last day's release" in flags["turnaround"]
    assert "Maya had 9 h between wrap and arrival" in flags["cast_turnaround"]


def test_turnaround_follows_the_production_s_minimum(scheduled, owner):
    services.schedule_settings_update(production=scheduled, min_turnaround_hours=8)
    monday = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_update(report=monday, by=owner, lunch_start=time(12), wrap=time(1, 30))
    tuesday = dpr_services.dpr_start(production=scheduled, date=TUE, by=owner)
    dpr_services.dpr_update(
        report=tuesday, by=owner, general_call=time(11, 0), lunch_start=time(16)
    )

    assert dpr_selectors.dpr_flags(tuesday) == []


def test_approval_freezes_the_report_and_emails_the_producers(
    scheduled, owner, producer, django_capture_on_commit_callbacks
):
    AssignmentFactory(
        production=scheduled,
        role_kind="producer",
        title="Producer",
        person__email="helen@example.com",
    )
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_update(report=report, by=owner, lunch_start=time(12), wrap=time(19))

    with django_capture_on_commit_callbacks(execute=True):
        approved = dpr_services.dpr_approve(report=report, by=producer)

    assert approved.status == DailyReport.Status.APPROVED
    assert approved.approved_by == producer and approved.approved_at is not None
    with pytest.raises(ApplicationError, match="approved by .* frozen") as refused:
        dpr_services.dpr_update(report=approved, by=owner, notes="Too late")
    assert refused.value.status_code == 409
    with pytest.raises(ApplicationError, match="frozen"):
        dpr_services.dpr_approve(report=approved, by=owner)
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [owner.email.lower(), producer.email.lower(), "helen@example.com"]
    )
    assert message.subject == "DPR Day 1 — Mon 11 Jan 2027 — The Long Night"
    assert "Pages today: 2 of 2" in message.body
    assert message.attachments[0][0] == "long-night-dpr-2027-01-11.pdf"
    assert message.attachments[0][1][:4] == b"%PDF"
    assert DailyReport.objects.get(pk=report.pk).sent_at is not None


def test_a_repeated_send_emails_nobody_twice(scheduled, owner):
    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)
    dpr_services.dpr_approve(report=report, by=owner, notify=False)

    assert dpr_messages.dpr_send(report_id=report.pk) == 1
    assert dpr_messages.dpr_send(report_id=report.pk) == 0
    assert len(mail.outbox) == 1


def test_times_are_read_in_the_production_s_zone_across_a_change_of_clocks(owner, production):
    # London's clocks go forward an hour in the night of 27 to 28 March 2027: a 23:00 call
    # with lunch at 05:30 is 6 h 30 min on the clock but 5 h 30 min of real time.
    report = DailyReport(
        production=production,
        date=date(2027, 3, 27),
        general_call=time(23, 0),
        lunch_start=time(5, 30),
    )

    assert (
        dpr_selectors.penalty_flags(
            report, None, tz=production.tz, min_turnaround_hours=11, cast=[]
        )
        == []
    )


def test_scene_rows_are_ordered_as_shot(scheduled, owner, scenes):
    report = dpr_services.dpr_start(production=scheduled, date=TUE, by=owner)

    assert list(report.scenes.values_list("scene__number", flat=True)) == ["3", "4"]
    assert DailyReportScene.objects.filter(report=report).count() == 2


def test_a_report_takes_its_calls_from_the_day_s_call_sheet(scheduled, owner, maya):
    callsheet_model = apps.get_model("callsheets", "CallSheet")
    sheet = callsheet_model.objects.create(
        production=scheduled, date=MON, general_call=time(6, 30), lunch=time(12, 15)
    )
    sheet.cast_calls.create(character=maya, pickup=time(5, 15), makeup=time(5, 45))

    report = dpr_services.dpr_start(production=scheduled, date=MON, by=owner)

    assert (report.general_call, report.lunch_start) == (time(6, 30), time(12, 15))
    arrivals = dict(report.cast_times.values_list("cast_id", "arrive"))
    assert arrivals == {"1": time(5, 45), "2": time(6, 30)}
