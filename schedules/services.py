"""Every write to a schedule: the board, its days, versions, settings and calendar feeds.

Board writes share one discipline (``_board_write``): lock the production's schedule versions,
check the revision the caller saw, change, renumber the days, then take a new revision and
record what moved. Two people saving at once are serialised by the lock, and the second one,
whose revision is no longer current, gets ``StaleEdit`` (412) instead of overwriting the first.

Over 600 lines, knowingly for now: every board write goes through ``_board_write`` and its
helpers, and splitting them from the day and version writes that share them was left for a
quiet moment (issue #13), since the stripboard and budget work was changing this module while
the other apps moved out. The next cut: versions and calendar feeds into modules of their own.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format

from core import events
from core.exceptions import ApplicationError, StaleEdit
from core.services import save_validated
from productions.models import Character, Location, Production, Scene
from schedules import signals
from schedules.models import (
    BoardChange,
    CastEvent,
    FeedToken,
    Holiday,
    ScheduleSettings,
    ScheduleVersion,
    ShootDay,
    Strip,
)

DEFAULT_VERSION_NAME = "Shooting schedule"
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
DAY_FIELDS = ("date", "general_call", "shooting_call", "estimated_wrap", "location", "notes")
# Days are moved through dates no schedule uses, so a swap never trips the unique date.
_PARKING = date(1000, 1, 1).toordinal()


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class StripInput:
    """A strip as a client sends it: a scene (or part of one), or a banner."""

    kind: str = Strip.Kind.SCENE
    scene: int | None = None
    part: int | None = None
    text: str = ""
    id: int | None = None
    eighths: int | None = None


@dataclass(frozen=True)
class DayInput:
    id: int
    strips: Sequence[StripInput] = ()
    date: date | None = None


@dataclass(frozen=True)
class BoardInput:
    """The whole board: every day in order with its strips, and the boneyard."""

    days: Sequence[DayInput] = ()
    unscheduled: Sequence[StripInput] = ()


@dataclass
class _Write:
    """What a board write changed, for the history."""

    summary: str = ""
    moves: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------- working days


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


# ---------------------------------------------------------------- settings, holidays, events


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


# ---------------------------------------------------------------- the board's discipline


def _stale_message(version: ScheduleVersion, expected: int) -> str:
    last = version.changes.select_related("user").first()
    if last is None:
        return (
            f"The schedule changed since you opened it (version {expected}, now "
            f"{version.revision}). Reload to see the latest board, then make your change again."
        )
    who = (last.user.get_full_name() or last.user.username) if last.user else "Someone"
    at = timezone.localtime(last.at, version.production.tz)
    return (
        f"{who} saved the board at {at:%H:%M} on {date_format(at.date(), 'D j M')} "
        f"({last.summary}) after you opened it, so your changes were not saved. Reload to see "
        f"their board, then make your changes again."
    )


def _lock_versions(production: Production) -> list[ScheduleVersion]:
    # Locking every version of the production, in primary key order so two writers never
    # deadlock, serialises revisions (counted across versions) and activation.
    return list(
        ScheduleVersion.objects.select_for_update()
        .filter(production=production)
        .select_related("production")
        .order_by("pk")
    )


def _new_version(production: Production, *, by, name: str = DEFAULT_VERSION_NAME):
    version = ScheduleVersion(production=production, name=name, is_active=True, created_by=by)
    return save_validated(version)


def _locked_active(production: Production, *, by) -> ScheduleVersion:
    versions = _lock_versions(production)
    active = next((v for v in versions if v.is_active), None)
    if active is None:
        active = _new_version(production, by=by)
        _lock_versions(production)
    return active


def _take_revision(version: ScheduleVersion) -> None:
    top = ScheduleVersion.objects.filter(production_id=version.production_id).aggregate(
        top=Max("revision")
    )["top"]
    version.revision = (top or 0) + 1
    version.save(update_fields=["revision", "updated_at"])


@contextmanager
def _board_write(production: Production, *, by, expected_revision: int | None = None):
    """Lock the active version, check the caller's revision, yield, then record the change."""
    with transaction.atomic():
        version = _locked_active(production, by=by)
        if expected_revision is not None and expected_revision != version.revision:
            raise StaleEdit(
                _stale_message(version, expected_revision),
                errors={"version": [f"The board is at version {version.revision} now."]},
            )
        _sync_scenes(version)
        write = _Write()
        yield version, write
        _renumber_days(version)
        _take_revision(version)
        BoardChange.objects.create(
            version=version,
            user=by if getattr(by, "is_authenticated", False) else None,
            revision=version.revision,
            summary=(write.summary or "Changed the board")[:300],
            moves=write.moves,
        )
        signals.board_changed.send(sender=ScheduleVersion, production=production)
        events.emit(
            production_id=production.pk,
            event="schedule.changed",
            payload={
                "version": version.pk,
                "revision": version.revision,
                "summary": write.summary or "Changed the board",
            },
        )


def _sync_scenes(version: ScheduleVersion) -> None:
    """Store a boneyard strip for each scene not on the board; drop omitted scenes' strips.

    The board shows unstored scenes at the end of the boneyard already; storing them before a
    change keeps that order when strips are added to the boneyard after them.
    """
    version.strips.filter(scene__omitted=True).delete()
    placed = version.strips.filter(scene__isnull=False).values("scene_id")
    missing = (
        Scene.objects.filter(production_id=version.production_id, omitted=False)
        .exclude(pk__in=placed)
        .order_by("script_order", "pk")
    )
    start = _tail_order(version, None)
    Strip.objects.bulk_create(
        Strip(version=version, scene=scene, order=start + offset)
        for offset, scene in enumerate(missing)
    )


def schedule_ensure(*, production: Production, by=None) -> ScheduleVersion:
    """Return the active schedule version, creating an empty one the first time."""
    active = ScheduleVersion.objects.filter(production=production, is_active=True).first()
    if active:
        return active
    with transaction.atomic():
        return _locked_active(production, by=by)


def _renumber_days(version: ScheduleVersion) -> None:
    days = list(version.days.order_by("date", "pk"))
    changed = []
    for number, day in enumerate(days, start=1):
        if day.day_number != number:
            day.day_number = number
            changed.append(day)
    ShootDay.objects.bulk_update(changed, ["day_number"])


def _set_dates(moves: dict[ShootDay, date]) -> None:
    """Give days new dates in two steps, so swapping two days' dates is not a collision."""
    moving = [day for day, new in moves.items() if day.date != new]
    for offset, day in enumerate(moving):
        day.date = date.fromordinal(_PARKING + offset)
    ShootDay.objects.bulk_update(moving, ["date"])
    for day in moving:
        day.date = moves[day]
    ShootDay.objects.bulk_update(moving, ["date"])


def _strip_label(strip: Strip, scenes: dict[int, Scene]) -> str:
    if strip.kind == Strip.Kind.BANNER:
        return f"banner “{strip.text}”"
    number = scenes[strip.scene_id].number if strip.scene_id in scenes else str(strip.scene_id)
    return f"{number} pt {strip.part}" if strip.part else number


def _where(day: ShootDay | None) -> dict[str, Any]:
    if day is None:
        return {"day": None, "date": None, "label": "the boneyard"}
    return {"day": day.pk, "date": day.date.isoformat(), "label": f"Day {day.day_number}"}


# ---------------------------------------------------------------- saving the whole board


def board_save(
    *, production: Production, board: BoardInput, expected_revision: int, by
) -> ScheduleVersion:
    """Replace the active version's board with ``board``, if it is still at ``expected_revision``.

    Every scene of the production stays on the board: scenes the client did not send (new or
    unknown to it) go to the end of the boneyard, and omitted scenes leave it.
    """
    with _board_write(production, by=by, expected_revision=expected_revision) as (version, write):
        _apply_board(version, board, write)
    return version


def _apply_board(version: ScheduleVersion, board: BoardInput, write: _Write) -> None:
    days = {day.pk: day for day in version.days.all()}
    _check_days(board, days)
    scenes = {s.pk: s for s in Scene.objects.filter(production_id=version.production_id)}
    existing = list(version.strips.all())
    wanted = _wanted_strips(board, days, scenes, existing)
    old_days = {strip.pk: days.get(strip.day_id) for strip in existing}
    old_numbers = {day.pk: day.day_number for day in days.values()}
    old_dates = {day.pk: day.date for day in days.values()}
    _set_dates({days[d.id]: d.date for d in board.days if d.date is not None})
    _store_strips(version, existing, wanted)
    write.moves = _moves(wanted, old_days, scenes) + _date_moves(days, old_dates, old_numbers)
    write.summary = _summary(write.moves)


def _check_days(board: BoardInput, days: dict[int, ShootDay]) -> None:
    sent = [d.id for d in board.days]
    if len(set(sent)) != len(sent):
        raise ApplicationError("A day appears twice on the board.", errors={"days": ["Repeated."]})
    unknown = set(sent) - days.keys()
    if unknown:
        raise ApplicationError(
            "The board names a shoot day this schedule does not have; reload the board.",
            errors={"days": [f"Unknown day {pk}." for pk in sorted(unknown)]},
        )
    missing = days.keys() - set(sent)
    if missing:
        names = ", ".join(f"Day {days[pk].day_number}" for pk in sorted(missing))
        raise ApplicationError(
            f"The board leaves out {names}; remove a day with its own button, not by leaving "
            "it out.",
            errors={"days": [f"Missing: {names}."]},
        )
    dates = [d.date or days[d.id].date for d in board.days]
    if len(set(dates)) != len(dates):
        raise ApplicationError(
            "Two shoot days cannot share a date.", errors={"days": ["Dates must differ."]}
        )


@dataclass
class _Placed:
    """A strip's place after the save; ``strip`` is the row it reuses, if any."""

    day: ShootDay | None
    order: int
    kind: str
    scene_id: int | None
    part: int | None
    eighths: int | None
    text: str
    strip: Strip | None = None


def _wanted_strips(
    board: BoardInput,
    days: dict[int, ShootDay],
    scenes: dict[int, Scene],
    existing: list[Strip],
) -> list[_Placed]:
    by_key = {(s.scene_id, s.part): s for s in existing if s.kind == Strip.Kind.SCENE}
    banners = {s.pk: s for s in existing if s.kind == Strip.Kind.BANNER}
    containers = [(days[d.id], d.strips) for d in board.days] + [(None, board.unscheduled)]
    placed: list[_Placed] = []
    seen: set[tuple[int, int | None]] = set()
    for day, strips in containers:
        for item in strips:
            entry = _place(item, day, len(placed), scenes, by_key, banners, seen)
            if entry is not None:
                placed.append(entry)
    _check_parts(seen, scenes)
    placed.extend(_left_out(seen, scenes, by_key, len(placed)))
    _order_within_containers(placed)
    return placed


def _place(item, day, order, scenes, by_key, banners, seen) -> _Placed | None:
    if item.kind == Strip.Kind.BANNER:
        text = (item.text or "").strip()
        if not text:
            raise ApplicationError("A banner needs some text.", errors={"text": ["Required."]})
        reused = banners.pop(item.id, None) if item.id else None
        return _Placed(day, order, Strip.Kind.BANNER, None, None, None, text[:200], reused)
    if item.kind != Strip.Kind.SCENE:
        raise ApplicationError(
            f"“{item.kind}” is not a kind of strip: use scene or banner.",
            errors={"kind": ["Use scene or banner."]},
        )
    scene = scenes.get(item.scene)
    if scene is None:
        raise ApplicationError(
            "The board names a scene this production does not have.",
            errors={"scene": [f"Unknown scene {item.scene}."]},
        )
    if scene.omitted:
        return None
    key = (scene.pk, item.part)
    if key in seen:
        label = f"{scene.number} pt {item.part}" if item.part else scene.number
        raise ApplicationError(
            f"Scene {label} is on the board twice.", errors={"scene": ["Repeated."]}
        )
    seen.add(key)
    reused = by_key.get(key)
    eighths = reused.eighths if reused and item.eighths is None else item.eighths
    return _Placed(day, order, Strip.Kind.SCENE, scene.pk, item.part, eighths, "", reused)


def _check_parts(seen: set[tuple[int, int | None]], scenes: dict[int, Scene]) -> None:
    whole = {scene for scene, part in seen if part is None}
    split = {scene for scene, part in seen if part is not None}
    both = whole & split
    if both:
        numbers = ", ".join(sorted(scenes[pk].number for pk in both))
        raise ApplicationError(
            f"Scene {numbers} is on the board both whole and in parts.",
            errors={"scene": ["Send the whole scene or its parts, not both."]},
        )


def _left_out(seen, scenes: dict[int, Scene], by_key, order: int) -> list[_Placed]:
    """Return boneyard places for the scenes (or parts) the client did not send.

    A scene the client never heard of (added since, or simply left out) is not lost: it goes
    to the end of the boneyard, whole or in the parts it has.
    """
    sent: dict[int, set[int | None]] = {}
    for scene_id, part in seen:
        sent.setdefault(scene_id, set()).add(part)
    stored: dict[int, list[Strip]] = {}
    for (scene_id, _), strip in sorted(by_key.items(), key=lambda item: item[1].part or 0):
        stored.setdefault(scene_id, []).append(strip)
    placed = []
    for scene in sorted(scenes.values(), key=lambda s: (s.script_order, s.pk)):
        parts_sent = sent.get(scene.pk, set())
        if scene.omitted or None in parts_sent:
            continue
        rows = stored.get(scene.pk, [])
        if parts_sent:
            missing = [s for s in rows if s.part is not None and s.part not in parts_sent]
        else:
            missing = rows or [None]
        for strip in missing:
            part, eighths = (strip.part, strip.eighths) if strip else (None, None)
            placed.append(
                _Placed(None, order, Strip.Kind.SCENE, scene.pk, part, eighths, "", strip)
            )
            order += 1
    return placed


def _order_within_containers(placed: list[_Placed]) -> None:
    counters: dict[int | None, int] = {}
    for entry in placed:
        key = entry.day.pk if entry.day else None
        entry.order = counters.get(key, 0)
        counters[key] = entry.order + 1


def _store_strips(version: ScheduleVersion, existing: list[Strip], wanted: list[_Placed]) -> None:
    kept = {entry.strip.pk for entry in wanted if entry.strip is not None}
    Strip.objects.filter(pk__in=[s.pk for s in existing if s.pk not in kept]).delete()
    changed, created = [], []
    for entry in wanted:
        strip = entry.strip or Strip(version=version, kind=entry.kind, scene_id=entry.scene_id)
        new = (entry.day.pk if entry.day else None, entry.order, entry.part, entry.eighths)
        old = (strip.day_id, strip.order, strip.part, strip.eighths)
        text_changed = strip.text != entry.text
        strip.day, strip.order, strip.part, strip.eighths = entry.day, *new[1:]
        strip.text = entry.text
        if strip.pk is None:
            created.append(strip)
        elif new != old or text_changed:
            changed.append(strip)
        entry.strip = strip
    Strip.objects.bulk_update(changed, ["day", "order", "part", "eighths", "text"])
    Strip.objects.bulk_create(created)


def _moves(wanted: list[_Placed], old_days: dict, scenes: dict[int, Scene]) -> list[dict]:
    """Return each strip that changed day (or is new), from where to where."""
    moves = []
    for entry in wanted:
        strip = entry.strip
        is_new = strip.pk not in old_days
        if not is_new and old_days[strip.pk] == entry.day:
            continue
        if is_new and entry.day is None and entry.kind == Strip.Kind.SCENE:
            continue  # a scene the board showed in the boneyard without storing it yet
        moves.append(
            {
                "strip": _strip_label(strip, scenes),
                "scene": strip.scene_id,
                "from": None if is_new else _where(old_days[strip.pk]),
                "to": _where(entry.day),
            }
        )
    return moves


def _date_moves(days, old_dates, old_numbers) -> list[dict]:
    return [
        {
            "day": pk,
            "label": f"Day {old_numbers[pk]}",
            "from_date": old_dates[pk].isoformat(),
            "to_date": day.date.isoformat(),
        }
        for pk, day in days.items()
        if day.date != old_dates[pk]
    ]


def _summary(moves: list[dict]) -> str:
    strips = [m for m in moves if "strip" in m]
    dates = [m for m in moves if "to_date" in m]
    if not strips and not dates:
        return "Reordered strips within their days"
    parts = [f"{m['strip']} to {m['to']['label']}" for m in strips[:6]]
    if len(strips) > 6:
        parts.append(f"and {len(strips) - 6} more")
    parts += [f"{m['label']} to {m['to_date']}" for m in dates[:3]]
    return "Moved " + ", ".join(parts)


# ---------------------------------------------------------------- days


def _tail_order(version: ScheduleVersion, day: ShootDay | None) -> int:
    top = version.strips.filter(day=day).aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


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


def _check_in(version: ScheduleVersion, day: ShootDay) -> None:
    if day.version_id != version.pk:
        raise ApplicationError(
            "That day belongs to a schedule version that is not the active one.", status_code=409
        )


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


# ---------------------------------------------------------------- splitting days and scenes


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


def part_measure(scene: Scene, share: int | None) -> tuple[int, int]:
    """Return the eighths and minutes of a strip: the whole scene, or a part's share of it."""
    if not share:
        return scene.page_eighths, scene.minutes
    return share, round(scene.minutes * share / max(scene.page_eighths, 1))


def strip_eighths(strip: Strip) -> int:
    if strip.kind != Strip.Kind.SCENE:
        return 0
    return part_measure(strip.scene, strip.eighths)[0]


def strip_minutes(strip: Strip) -> int:
    if strip.kind != Strip.Kind.SCENE:
        return 0
    return part_measure(strip.scene, strip.eighths)[1]


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


def strip_split(*, strip: Strip, parts: int, by) -> list[Strip]:
    """Split a whole scene's strip into ``parts`` parts, shares of its pages, side by side."""
    production = strip.version.production
    with _board_write(production, by=by) as (version, write):
        strip = Strip.objects.select_related("scene").get(pk=strip.pk, version=version)
        if strip.kind != Strip.Kind.SCENE or strip.part is not None:
            raise ApplicationError("Only a whole scene can be split; join its parts first.")
        total = strip.scene.page_eighths
        most = min(total, 8)
        if not 2 <= parts <= most:
            raise ApplicationError(
                f"Scene {strip.scene.number} can be split into 2 to {most} parts (one eighth "
                "of a page each at least)."
                if most >= 2
                else f"Scene {strip.scene.number} is 1/8 of a page and cannot be split.",
                errors={"parts": ["Out of range."]},
            )
        shares = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
        version.strips.filter(day=strip.day, order__gt=strip.order).update(
            order=F("order") + (parts - 1)
        )
        strip.part, strip.eighths = 1, shares[0]
        strip.save(update_fields=["part", "eighths"])
        new = [
            Strip(
                version=version,
                day=strip.day,
                order=strip.order + index,
                scene=strip.scene,
                part=index + 1,
                eighths=shares[index],
            )
            for index in range(1, parts)
        ]
        Strip.objects.bulk_create(new)
        write.summary = f"Split scene {strip.scene.number} into {parts} parts"
        write.moves = [{"split_scene": strip.scene_id, "parts": parts}]
    return [strip, *new]


def strip_join(*, strip: Strip, by) -> Strip:
    """Join every part of a split scene back into one strip, where its first part stands."""
    production = strip.version.production
    with _board_write(production, by=by) as (version, write):
        parts = list(
            version.strips.filter(scene_id=strip.scene_id, part__isnull=False)
            .select_related("day", "scene")
            .order_by("part")
        )
        if not parts:
            raise ApplicationError("This scene is not split.")
        first = min(parts, key=lambda s: (s.day is None, s.day.date if s.day else None, s.order))
        Strip.objects.filter(pk__in=[s.pk for s in parts if s.pk != first.pk]).delete()
        first.part, first.eighths = None, None
        first.save(update_fields=["part", "eighths"])
        write.summary = f"Joined the parts of scene {first.scene.number}"
        write.moves = [{"joined_scene": first.scene_id}]
    return first


def banner_add(*, production: Production, by, text: str, day: ShootDay | None = None) -> Strip:
    """Add a banner ("Company move", "Lunch") at the end of a day, or of the boneyard."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError("A banner needs some text.", errors={"text": ["Required."]})
    with _board_write(production, by=by) as (version, write):
        if day is not None:
            _check_in(version, day)
        banner = save_validated(
            Strip(
                version=version,
                day=day,
                kind=Strip.Kind.BANNER,
                text=text[:200],
                order=_tail_order(version, day),
            )
        )
        where = f"Day {day.day_number}" if day else "the boneyard"
        write.summary = f"Added the banner “{banner.text}” to {where}"
    return banner


def banner_remove(*, strip: Strip, by) -> None:
    with _board_write(strip.version.production, by=by) as (version, write):
        if strip.kind != Strip.Kind.BANNER or strip.version_id != version.pk:
            raise ApplicationError("That is not a banner of the active schedule.")
        write.summary = f"Removed the banner “{strip.text}”"
        strip.delete()


# ---------------------------------------------------------------- versions


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


# ---------------------------------------------------------------- calendar feeds


def feed_token_text(salt: str) -> str:
    """Return the URL token of a feed: an HMAC of its salt under the site's secret key."""
    digest = salted_hmac("studio.schedules.feed", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fresh(row: FeedToken) -> FeedToken:
    row.salt = secrets.token_urlsafe(32)
    row.token_hash = feed_token_hash(feed_token_text(row.salt))
    return row


def feed_token_get(*, production: Production, person=None) -> str:
    """Return the token of the production's feed (or a person's on it), making it if needed."""
    row = FeedToken.objects.filter(production=production, person=person).first()
    if row is None:
        try:
            with transaction.atomic():
                row = _fresh(FeedToken(production=production, person=person))
                row.save()
        except IntegrityError:
            row = FeedToken.objects.get(production=production, person=person)
    return feed_token_text(row.salt)


@transaction.atomic
def feed_token_reset(*, production: Production, person=None) -> str:
    """Give the feed a new secret URL; the old one stops working at once."""
    row = FeedToken.objects.select_for_update().filter(production=production, person=person).first()
    row = _fresh(row or FeedToken(production=production, person=person))
    row.save()
    return feed_token_text(row.salt)
