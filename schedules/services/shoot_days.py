"""Add, change, insert and remove shoot days, and rebuild the day breaks by pages or time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any

from django.utils import timezone

from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Location, Production, Scene
from schedules.models import ScheduleSettings, ScheduleVersion, ShootDay, Strip
from schedules.services.board_write import _board_write, _check_in, _set_dates, _tail_order
from schedules.services.schedule_settings import (
    _holidays,
    _working_on_or_after,
    next_working_day,
    schedule_settings_get,
)
from schedules.services.strips import strip_eighths, strip_minutes

DAY_FIELDS = ("date", "general_call", "shooting_call", "estimated_wrap", "location", "notes")


def _default_date(version: ScheduleVersion, settings: ScheduleSettings) -> date:
    production = version.production
    holidays = _holidays(production)
    last = version.days.order_by("-date").values_list("date", flat=True).first()
    if last is not None:
        return next_working_day(last, settings.weekdays, holidays)
    start = production.start_date or timezone.localdate(timezone=production.tz)
    return _working_on_or_after(start, settings, holidays)


def shoot_day_add(
    *, production: Production, by, scenes: Sequence[int] | None = None, **fields: Any
) -> ShootDay:
    """Add a shoot day (by default on the next working day after the last one)."""
    settings = schedule_settings_get(production=production)
    with _board_write(production, by=by) as (version, write):
        values = {k: v for k, v in fields.items() if k in DAY_FIELDS}
        values.setdefault("general_call", settings.default_general_call)
        values.setdefault("estimated_wrap", settings.default_wrap)
        if values.get("date") is None:
            values["date"] = _default_date(version, settings)
        _check_location(production, values.get("location"))
        day = save_validated(ShootDay(version=version, **values))
        if scenes is not None:
            _set_day_scenes(version, day, scenes)
        write.summary = f"Added a shoot day on {day.date:%a %d %b %Y}"
        write.moves = [{"day": day.pk, "added": day.date.isoformat()}]
    return day


def shoot_days_add(*, production: Production, by, dates: Sequence[date]) -> list[ShootDay]:
    """Add empty shoot days on ``dates`` (a week at a time, say), as one change."""
    settings = schedule_settings_get(production=production)
    with _board_write(production, by=by) as (version, write):
        days = [
            save_validated(
                ShootDay(
                    version=version,
                    date=day,
                    general_call=settings.default_general_call,
                    estimated_wrap=settings.default_wrap,
                )
            )
            for day in sorted(set(dates))
        ]
        write.summary = f"Added {len(days)} shoot days"
        write.moves = [{"day": day.pk, "added": day.date.isoformat()} for day in days]
    return days


def shoot_day_update(
    *, day: ShootDay, by, scenes: Sequence[int] | None = None, **fields: Any
) -> ShootDay:
    """Change a day's date, calls, location or notes, and optionally its scenes in order."""
    production = day.version.production
    with _board_write(production, by=by) as (version, write):
        _check_in(version, day)
        before = {key: getattr(day, key) for key in DAY_FIELDS}
        for key, value in fields.items():
            if key in DAY_FIELDS:
                setattr(day, key, value)
        _check_location(production, day.location)
        save_validated(day)
        if scenes is not None:
            _set_day_scenes(version, day, scenes)
        changes = [_field_change(key, before[key], getattr(day, key)) for key in DAY_FIELDS]
        changes = [text for text in changes if text]
        if scenes is not None:
            changes.append("scenes set")
        write.summary = f"Changed Day {day.day_number} ({before['date']:%a %d %b})" + (
            f": {'; '.join(changes)}" if changes else ""
        )
        if before["date"] != day.date:
            write.moves = [
                {"day": day.pk, "from_date": str(before["date"]), "to_date": str(day.date)}
            ]
    return day


def _field_change(name: str, old: Any, new: Any) -> str:
    if old == new:
        return ""
    label = name.replace("_", " ")
    if name == "notes":
        return "notes edited"
    show = {
        date: lambda value: f"{value:%a %d %b}",
        time: lambda value: f"{value:%H:%M}",
    }

    def text(value: Any) -> str:
        if value is None:
            return "none"
        return show.get(type(value), str)(value)

    return f"{label} {text(old)} → {text(new)}"


def shoot_day_remove(*, day: ShootDay, by) -> None:
    """Remove a shoot day; its scenes go to the end of the boneyard."""
    with _board_write(day.version.production, by=by) as (version, write):
        _check_in(version, day)
        start = _tail_order(version, None)
        strips = list(day.strips.order_by("order", "pk"))
        banners = [s.pk for s in strips if s.kind == Strip.Kind.BANNER]
        scenes = [s for s in strips if s.kind == Strip.Kind.SCENE]
        for offset, strip in enumerate(scenes):
            strip.day, strip.order = None, start + offset
        Strip.objects.bulk_update(scenes, ["day", "order"])
        Strip.objects.filter(pk__in=banners).delete()
        write.summary = (
            f"Removed Day {day.day_number} ({day.date:%a %d %b}); its scenes went to the boneyard"
        )
        write.moves = [{"day": day.pk, "removed": day.date.isoformat(), "scenes": len(scenes)}]
        day.delete()


def shoot_day_insert(*, before: ShootDay, by, **fields: Any) -> ShootDay:
    """Insert a day on ``before``'s date and move it and every later day to its next working day."""
    production = before.version.production
    settings = schedule_settings_get(production=production)
    holidays = _holidays(production)
    with _board_write(production, by=by) as (version, write):
        _check_in(version, before)
        at = before.date
        later = list(version.days.filter(date__gte=at).order_by("date"))
        shifted = {d: next_working_day(d.date, settings.weekdays, holidays) for d in later}
        _set_dates(shifted)
        values = {k: v for k, v in fields.items() if k in DAY_FIELDS and k != "date"}
        values.setdefault("general_call", settings.default_general_call)
        values.setdefault("estimated_wrap", settings.default_wrap)
        day = save_validated(ShootDay(version=version, date=at, **values))
        write.summary = f"Inserted a day on {at:%a %d %b} and moved {len(later)} later days on"
        write.moves = [{"day": day.pk, "added": at.isoformat()}] + [
            {"day": d.pk, "to_date": d.date.isoformat()} for d in later
        ]
    return day


def _check_location(production: Production, location: Location | None) -> None:
    if location is not None and location.production_id != production.pk:
        raise ApplicationError(
            "Choose a location of this production.", errors={"location": ["Not found."]}
        )


def _set_day_scenes(version: ScheduleVersion, day: ShootDay, scene_ids: Sequence[int]) -> None:
    """Put exactly these scenes on ``day`` in this order; others on it go to the boneyard."""
    if len(set(scene_ids)) != len(scene_ids):
        raise ApplicationError("A scene is listed twice.", errors={"scenes": ["Repeated."]})
    scenes = Scene.objects.filter(production_id=version.production_id, pk__in=scene_ids)
    known = {s.pk: s for s in scenes}
    unknown = [pk for pk in scene_ids if pk not in known or known[pk].omitted]
    if unknown:
        raise ApplicationError(
            "Some scenes are not scenes of this production (or are omitted).",
            errors={"scenes": [f"Unknown scene {pk}." for pk in unknown]},
        )
    strips = {s.scene_id: s for s in version.strips.filter(scene_id__in=scene_ids, part=None)}
    split = [known[pk].number for pk in scene_ids if pk not in strips and _is_split(version, pk)]
    if split:
        raise ApplicationError(
            f"Scene {', '.join(split)} is split into parts; move its parts on the stripboard.",
            errors={"scenes": ["Split scenes move part by part."]},
        )
    current = list(day.strips.order_by("order", "pk"))
    banners = [(i, s) for i, s in enumerate(current) if s.kind == Strip.Kind.BANNER]
    leaving = [s for s in current if s.kind == Strip.Kind.SCENE and s.scene_id not in known]
    ordered = [strips.get(pk) or Strip(version=version, scene_id=pk) for pk in scene_ids]
    for index, banner in banners:
        ordered.insert(min(index, len(ordered)), banner)
    tail = _tail_order(version, None)
    for offset, strip in enumerate(leaving):
        strip.day, strip.order = None, tail + offset
    for order, strip in enumerate(ordered):
        strip.day, strip.order = day, order
    Strip.objects.bulk_update([s for s in ordered if s.pk] + leaving, ["day", "order"])
    Strip.objects.bulk_create([s for s in ordered if not s.pk])


def _is_split(version: ScheduleVersion, scene_id: int) -> bool:
    return version.strips.filter(scene_id=scene_id, part__isnull=False).exists()


def days_split(
    *,
    production: Production,
    by,
    every_eighths: int | None = None,
    every_minutes: int | None = None,
) -> ScheduleVersion:
    """Rebuild the day breaks: fill each day in turn up to the page count or the time.

    The scheduled strips keep their order. Days are reused in date order and more are added on
    the next working days if needed; days left over stay, empty. Banners travel with the strip
    after them. A strip longer than the limit gets a day of its own.
    """
    if bool(every_eighths) == bool(every_minutes):
        raise ApplicationError(
            "Split days by pages or by time: give one of them.",
            errors={"every_eighths": ["Give a page count or a time, not both."]},
        )
    settings = schedule_settings_get(production=production)
    holidays = _holidays(production)
    with _board_write(production, by=by) as (version, write):
        days = list(version.days.order_by("date", "pk"))
        strips = _scheduled_in_order(version, days)
        groups = _fill(strips, every_eighths, every_minutes)
        while len(days) < len(groups):
            start = days[-1].date if days else None
            new_date = (
                next_working_day(start, settings.weekdays, holidays)
                if start
                else _default_date(version, settings)
            )
            days.append(
                ShootDay.objects.create(
                    version=version,
                    date=new_date,
                    general_call=settings.default_general_call,
                    estimated_wrap=settings.default_wrap,
                )
            )
        for day, group in zip(days, groups, strict=False):
            for order, strip in enumerate(group):
                strip.day, strip.order = day, order
        Strip.objects.bulk_update(strips, ["day", "order"])
        limit = f"{every_eighths}/8 pages" if every_eighths else f"{every_minutes} minutes"
        write.summary = f"Split the days every {limit}: {len(groups)} days"
        write.moves = [{"split": limit, "days": len(groups)}]
    return version


def _scheduled_in_order(version: ScheduleVersion, days: list[ShootDay]) -> list[Strip]:
    position = {day.pk: index for index, day in enumerate(days)}
    strips = version.strips.filter(day__isnull=False).select_related("scene")
    return sorted(strips, key=lambda s: (position[s.day_id], s.order, s.pk))


def _fill(strips: list[Strip], eighths: int | None, minutes: int | None) -> list[list[Strip]]:
    measure: Callable[[Strip], int] = strip_eighths if eighths else strip_minutes
    limit = eighths or minutes
    groups: list[list[Strip]] = []
    current: list[Strip] = []
    used = 0
    for strip in strips:
        size = measure(strip)
        has_scene = any(s.kind == Strip.Kind.SCENE for s in current)
        if has_scene and size and used + size > limit:
            banners_at_end = []
            while current and current[-1].kind == Strip.Kind.BANNER:
                banners_at_end.insert(0, current.pop())
            groups.append(current)
            current, used = banners_at_end, 0
        current.append(strip)
        used += size
    if current:
        groups.append(current)
    return groups
