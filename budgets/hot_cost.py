"""The hot cost of a shoot day: what the day's actual times (the DPR) cost beyond the schedule.

The DPR's models are read through ``django.apps.apps.get_model`` (``reports`` where they live
now, ``schedules`` before the move), so budgets never imports reports, which sits beside it.

For each day with a DPR: the scheduled day is the shoot day's general call to its estimated
wrap (the production's default wrap when none is set). Each cast member's hours beyond it
(arrive → wrap, less the scheduled length) cost 1.5 × their daily rate ÷ 8 per hour, rounded
half-up at the cent; crew hours beyond are counted (crew rates are on the budget's lines, not
the DPR). A meal penalty falls to everyone on the DPR when lunch starts more than six hours
after the general call, at ``MEAL_PENALTY`` each. The day's variance is minus the hot cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps

from budgets.arithmetic import cents
from productions.models import Production
from schedules import selectors as schedule_selectors

OVERTIME_FACTOR = Decimal("1.5")
HOURS_PER_DAY = Decimal("8")
MEAL_AFTER = timedelta(hours=6)
MEAL_PENALTY = Decimal("25.00")  # an example per person; check the agreements


def _model(name: str):
    try:
        return apps.get_model("reports", name)
    except LookupError:
        return apps.get_model("schedules", name)


def _hours(start: time | None, end: time | None) -> Decimal | None:
    if start is None or end is None:
        return None
    day = date(2000, 1, 1)
    span = datetime.combine(day, end) - datetime.combine(day, start)
    if span < timedelta(0):  # past midnight
        span += timedelta(days=1)
    return Decimal(span.total_seconds()) / Decimal(3600)


@dataclass
class HotCostDay:
    date: date
    day_number: int
    scheduled_hours: Decimal | None
    cast_hours_over: Decimal = Decimal("0")
    crew_hours_over: Decimal = Decimal("0")
    meal_penalties: int = 0
    cost: Decimal = Decimal("0")
    notes: list[str] = field(default_factory=list)

    @property
    def variance(self) -> Decimal:
        return -self.cost


def hot_cost_days(production: Production, *, through: date) -> list[HotCostDay]:
    """Return each DPR's hot cost up to ``through``, oldest first, in a fixed number of queries."""
    report_model = _model("DailyReport")
    settings = schedule_selectors.settings_of(production)
    reports = list(
        report_model.objects.filter(production=production, date__lte=through)
        .select_related("shoot_day")
        .prefetch_related("cast_times__character__assignment", "crew_times")
        .order_by("date")
    )
    days = []
    for report in reports:
        call = (report.shoot_day.general_call if report.shoot_day else None) or report.general_call
        wrap = (report.shoot_day.estimated_wrap if report.shoot_day else None) or (
            settings.default_wrap
        )
        scheduled = _hours(call, wrap)
        day = HotCostDay(report.date, report.day_number, scheduled)
        people = 0
        for row in report.cast_times.all():
            people += 1
            worked = _hours(row.arrive, row.wrap)
            if worked is None or scheduled is None or worked <= scheduled:
                continue
            over = worked - scheduled
            day.cast_hours_over += over
            assignment = getattr(row.character, "assignment", None) if row.character else None
            rate = getattr(assignment, "daily_rate", None)
            if rate:
                day.cost += cents(over * rate / HOURS_PER_DAY * OVERTIME_FACTOR)
            else:
                day.notes.append(f"{row.name}: no daily rate")
        for row in report.crew_times.all():
            people += 1
            worked = _hours(row.time_in, row.time_out)
            if worked is not None and scheduled is not None and worked > scheduled:
                day.crew_hours_over += worked - scheduled
        lunch_after = _hours(report.general_call, report.lunch_start)
        if lunch_after is not None and lunch_after > Decimal(MEAL_AFTER.seconds) / 3600:
            day.meal_penalties = people
            day.cost += MEAL_PENALTY * people
        day.cast_hours_over = day.cast_hours_over.quantize(Decimal("0.01"))
        day.crew_hours_over = day.crew_hours_over.quantize(Decimal("0.01"))
        days.append(day)
    return days
