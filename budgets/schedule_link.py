"""What the budget reads from the schedule: its globals and each linked role's days and rate.

Read-only, through ``schedules.selectors``; the active version is the source. A cast role's
days are its work + hold days on the Day Out of Days with its travel and rehearsal days
(held or dropped as the production's drop rule says); a crew role's days are the shoot days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from crew.models import Assignment
from productions.models import Production
from schedules import selectors as schedule_selectors


@dataclass(frozen=True)
class ScheduleGlobal:
    name: str
    value: Decimal
    source: str


@dataclass(frozen=True)
class ScheduleFacts:
    """Everything the schedule tells a budget, read once per recompute."""

    globals: dict[str, ScheduleGlobal]
    cast_days: dict[int, int]  # assignment id → work + hold days
    shoot_days: int
    rates: dict[int, Decimal | None]  # assignment id → daily rate

    @property
    def names(self) -> dict[str, Decimal]:
        return {name: item.value for name, item in self.globals.items()}


def location_global_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")
    return f"DAYS_{cleaned}"[:40] if cleaned else ""


def _prep_days(production: Production, first_shoot, weekdays, holidays) -> int:
    if production.start_date is None or first_shoot is None:
        return 0
    day, count = production.start_date, 0
    while day < first_shoot:
        if day.weekday() in weekdays and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


def schedule_facts(production: Production) -> ScheduleFacts:
    """Return the schedule's globals and the linked roles' days and rates, in a few queries."""
    version = schedule_selectors.active_version(production)
    settings = schedule_selectors.settings_of(production)
    days = list(version.days.select_related("location").order_by("date")) if version else []
    holidays = set(schedule_selectors.holidays_of(production).values_list("date", flat=True))
    weekdays = settings.weekdays or frozenset(range(5))
    shoot_days = len(days)
    prep = _prep_days(production, days[0].date if days else None, weekdays, holidays)
    per_week = Decimal(len(weekdays))
    found: dict[str, ScheduleGlobal] = {}

    def add(name: str, value, source: str) -> None:
        found[name] = ScheduleGlobal(name, Decimal(value), source)

    add("SHOOT_DAYS", shoot_days, "Shoot days on the active schedule")
    add(
        "SHOOT_WEEKS",
        (Decimal(shoot_days) / per_week).quantize(Decimal("0.01")),
        f"Shoot days ÷ {len(weekdays)} working days a week",
    )
    add("PREP_DAYS", prep, "Working days from the production's start date to the first shoot day")
    add(
        "PREP_WEEKS",
        (Decimal(prep) / per_week).quantize(Decimal("0.01")),
        f"Prep days ÷ {len(weekdays)} working days a week",
    )
    if days:
        span = set()
        day = days[0].date
        while day <= days[-1].date:
            span.add(day)
            day += timedelta(days=1)
        inside = len(holidays & span)
    else:
        inside = 0
    add("HOLIDAYS", inside, "Company holidays between the first and last shoot day")
    per_location: dict[str, int] = {}
    labels: dict[str, str] = {}
    for shoot_day in days:
        if shoot_day.location is None:
            continue
        name = location_global_name(shoot_day.location.name)
        if name:
            per_location[name] = per_location.get(name, 0) + 1
            labels[name] = shoot_day.location.name
    for name, count in sorted(per_location.items()):
        add(name, count, f"Shoot days at {labels[name]}")
    table = schedule_selectors.dood_for(production, version=version)
    by_cast_id = {
        c.cast_id: c.assignment_id for c in schedule_selectors.cast_characters(production)
    }
    cast_days: dict[int, int] = {}
    for line in table.lines:
        assignment_id = by_cast_id.get(line.key)
        if assignment_id is not None:
            row = line.row
            paid = row.work + row.hold + row.travel + row.rehearsal
            cast_days[assignment_id] = cast_days.get(assignment_id, 0) + paid
    rates = dict(Assignment.objects.filter(production=production).values_list("pk", "daily_rate"))
    return ScheduleFacts(found, cast_days, shoot_days, rates)


def linked_values(kind: str, assignment_id: int, facts: ScheduleFacts) -> tuple[Decimal, Decimal]:
    """Return (amount in days, rate) that the schedule gives a linked line."""
    rate = facts.rates.get(assignment_id) or Decimal("0")
    if kind == "cast":
        return Decimal(facts.cast_days.get(assignment_id, 0)), rate
    return Decimal(facts.shoot_days), rate
