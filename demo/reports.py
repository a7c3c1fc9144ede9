"""The demo production's first week as filed: approved daily production reports.

The first five shoot days of the demo schedule, reported the way a 2nd AD would: Day 2 loses
its last scene to rain, Day 4 gets only half of one scene, so the shoot ends the week behind;
Day 3 breaks for lunch late, a meal penalty. Built through the DPR services, approved without
emailing anyone, and idempotent: days already reported are left alone.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction

from productions.models import Production
from reports import dpr_services
from reports.models import DailyReport, DailyReportScene
from schedules.models import ShootDay

DAYS = 5
LATE_LUNCH_DAY = 3  # lunch 6 h 30 min after call
RAIN_DAY = 2  # the last scene not shot
SHORT_DAY = 4  # the last scene only half shot


def _plus(at: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), at) + timedelta(minutes=minutes)).time()


@transaction.atomic
def demo_reports_seed(production: Production, owner) -> None:
    """File and approve reports for the demo's first shoot days, once."""
    days = ShootDay.objects.filter(version__production=production, version__is_active=True)
    for day in days.order_by("date")[:DAYS]:
        if DailyReport.objects.filter(production=production, date=day.date).exists():
            continue
        report = dpr_services.dpr_start(production=production, date=day.date, by=owner)
        _fill(report, day, owner)
        dpr_services.dpr_approve(report=report, by=owner, notify=False)


def _fill(report: DailyReport, day: ShootDay, owner) -> None:
    call = report.general_call or time(7, 0)
    lunch_after = 390 if day.day_number == LATE_LUNCH_DAY else 330
    wrap = day.estimated_wrap or _plus(call, 12 * 60)
    delays = (
        [dpr_services.Delay(45, "Rain: waited for it to clear")]
        if day.day_number == RAIN_DAY
        else []
    )
    dpr_services.dpr_update(
        report=report,
        by=owner,
        first_shot=_plus(call, 50),
        lunch_start=_plus(call, lunch_after),
        lunch_end=_plus(call, lunch_after + 30),
        wrap=wrap,
        last_out=_plus(wrap, 30),
        setups=16 + 2 * day.day_number,
        notes=f"Day {day.day_number} filed by the 2nd AD.",
        scenes=_results(report, day.day_number),
        cast=[_cast_times(row, call, wrap) for row in report.cast_times.all()],
        delays=delays,
    )


def _results(report: DailyReport, number: int) -> list[dpr_services.SceneResult]:
    rows = list(report.scenes.all())
    if not rows or number not in (RAIN_DAY, SHORT_DAY):
        return []
    last = rows[-1]
    if number == RAIN_DAY:
        return [
            dpr_services.SceneResult(last.scene_id, DailyReportScene.Status.NOT_SHOT, note="Rain")
        ]
    if last.planned_eighths < 2:
        return [dpr_services.SceneResult(last.scene_id, DailyReportScene.Status.NOT_SHOT)]
    return [
        dpr_services.SceneResult(
            last.scene_id,
            DailyReportScene.Status.PART_SHOT,
            last.planned_eighths // 2,
            note="Lost the light",
        )
    ]


def _cast_times(row, call: time, wrap: time) -> dpr_services.CastTime:
    return dpr_services.CastTime(
        name=row.name,
        character=row.character_id,
        cast_id=row.cast_id,
        arrive=row.arrive or call,
        on_set=_plus(call, 75),
        wrap=_plus(wrap, -45),
    )
