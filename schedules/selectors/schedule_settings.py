"""The production's schedule settings, holidays and cast events."""

from django.db.models import QuerySet

from productions.models import Production
from schedules.models import CastEvent, Holiday, ScheduleSettings


def settings_of(production: Production) -> ScheduleSettings:
    """Return the production's settings, or the defaults (unsaved) if it has none yet."""
    found = ScheduleSettings.objects.filter(production=production).first()
    return found or ScheduleSettings(production=production)


def holidays_of(production: Production) -> QuerySet[Holiday]:
    return production.holidays.order_by("date")


def cast_events_of(production: Production) -> QuerySet[CastEvent]:
    return production.cast_events.select_related("character").order_by("date", "character__name")
