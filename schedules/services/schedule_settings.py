"""The production's schedule settings and calendar: the working week, holidays, cast events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Character, Production
from schedules import signals
from schedules.models import CastEvent, Holiday, ScheduleSettings

SETTINGS_FIELDS = (
    "working_weekdays",
    "drop_after_days",
    "min_turnaround_hours",
    "day_capacity_eighths",
    "day_capacity_minutes",
    "default_general_call",
    "default_wrap",
    "reminder_hour",
)


def next_working_day(after: date, weekdays: frozenset[int], holidays: Iterable[date]) -> date:
    """Return the first working date strictly after ``after``."""
    if not weekdays:
        raise ApplicationError("The working week has no days; choose some in the settings.")
    closed = set(holidays)
    day = date.fromordinal(after.toordinal() + 1)
    while day.weekday() not in weekdays or day in closed:
        day = date.fromordinal(day.toordinal() + 1)
    return day


def _working_on_or_after(start: date, settings: ScheduleSettings, holidays: set[date]) -> date:
    return next_working_day(date.fromordinal(start.toordinal() - 1), settings.weekdays, holidays)


def _holidays(production: Production) -> set[date]:
    return set(production.holidays.values_list("date", flat=True))


def schedule_settings_get(*, production: Production) -> ScheduleSettings:
    """Return the production's schedule settings, creating the defaults the first time."""
    found = ScheduleSettings.objects.filter(production=production).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return ScheduleSettings.objects.create(production=production)
    except IntegrityError:
        # Another request created them between the look-up and the insert.
        return ScheduleSettings.objects.get(production=production)


@transaction.atomic
def schedule_settings_update(*, production: Production, **fields: Any) -> ScheduleSettings:
    settings = schedule_settings_get(production=production)
    for key, value in fields.items():
        if key in SETTINGS_FIELDS:
            setattr(settings, key, value)
    settings.working_weekdays = "".join(sorted(set(settings.working_weekdays)))
    return save_validated(settings)


@transaction.atomic
def holiday_add(*, production: Production, date: date, name: str) -> Holiday:
    holiday = save_validated(Holiday(production=production, date=date, name=name))
    signals.board_changed.send(sender=Holiday, production=production)
    return holiday


@transaction.atomic
def holiday_remove(*, holiday: Holiday) -> None:
    holiday.delete()
    signals.board_changed.send(sender=Holiday, production=holiday.production)


@transaction.atomic
def cast_event_add(
    *, production: Production, character: Character, date: date, kind: str, note: str = ""
) -> CastEvent:
    event = CastEvent(production=production, character=character, date=date, kind=kind, note=note)
    save_validated(event)
    signals.board_changed.send(sender=CastEvent, production=production)
    return event


@transaction.atomic
def cast_event_remove(*, event: CastEvent) -> None:
    event.delete()
    signals.board_changed.send(sender=CastEvent, production=event.production)
