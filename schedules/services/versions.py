"""Save the active schedule as a new version, copy a version's days, make a version active."""

from __future__ import annotations

from django.db import transaction

from core import events
from core.services import save_validated
from productions.models import Production
from schedules import signals
from schedules.models import BoardChange, ScheduleVersion, ShootDay, Strip
from schedules.services.board_write import (
    _lock_versions,
    _locked_active,
    _renumber_days,
    _take_revision,
)


def version_days_copy(*, source: ScheduleVersion, target: ScheduleVersion) -> dict[int, int]:
    """Copy ``source``'s shoot days into ``target``; return old day id -> new day id.

    Each copy keeps the day's ``uid``, so calendar events follow it whichever version is
    active.
    """
    days = list(source.days.all())
    twins = ShootDay.objects.bulk_create(
        [
            ShootDay(
                version=target,
                uid=day.uid,
                date=day.date,
                day_number=day.day_number,
                general_call=day.general_call,
                shooting_call=day.shooting_call,
                estimated_wrap=day.estimated_wrap,
                location_id=day.location_id,
                notes=day.notes,
            )
            for day in days
        ]
    )
    return {old.pk: new.pk for old, new in zip(days, twins, strict=True)}


@transaction.atomic
def version_save_as(
    *, production: Production, name: str, by, activate: bool = False
) -> ScheduleVersion:
    """Copy the active version, days and strips, under a new name."""
    source = _locked_active(production, by=by)
    copy = save_validated(
        ScheduleVersion(
            production=production,
            name=(name or "").strip(),
            based_on=source,
            created_by=by,
            revision=source.revision,
        )
    )
    day_map = version_days_copy(source=source, target=copy)
    Strip.objects.bulk_create(
        [
            Strip(
                version=copy,
                day_id=day_map.get(strip.day_id),
                order=strip.order,
                kind=strip.kind,
                scene_id=strip.scene_id,
                part=strip.part,
                eighths=strip.eighths,
                text=strip.text,
                locked=strip.locked,
            )
            for strip in source.strips.all()
        ]
    )
    BoardChange.objects.create(
        version=copy,
        user=by,
        revision=copy.revision,
        summary=f"Saved as a copy of “{source.name}”",
    )
    if activate:
        version_activate(version=copy, by=by)
    return copy


@transaction.atomic
def version_activate(*, version: ScheduleVersion, by) -> ScheduleVersion:
    """Make ``version`` the production's active schedule (call sheets and feeds follow it)."""
    versions = _lock_versions(version.production)
    version = next(v for v in versions if v.pk == version.pk)
    if version.is_active:
        return version
    ScheduleVersion.objects.filter(production=version.production, is_active=True).update(
        is_active=False
    )
    version.is_active = True
    version.save(update_fields=["is_active", "updated_at"])
    _renumber_days(version)
    _take_revision(version)
    BoardChange.objects.create(
        version=version, user=by, revision=version.revision, summary="Made this version active"
    )
    signals.board_changed.send(sender=ScheduleVersion, production=version.production)
    events.emit(
        production_id=version.production_id,
        event="schedule.changed",
        payload={"version": version.pk, "revision": version.revision, "summary": "Activated"},
    )
    return version
