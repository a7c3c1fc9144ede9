"""The discipline every board write shares, and the active version it writes to.

Board writes share one discipline (``_board_write``): lock the production's schedule versions,
check the revision the caller saw, change, renumber the days, then take a new revision and
record what moved. Two people saving at once are serialised by the lock, and the second one,
whose revision is no longer current, gets ``StaleEdit`` (412) instead of overwriting the first.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from core import events
from core.exceptions import ApplicationError, StaleEdit
from core.services import save_validated
from productions.models import Production, Scene
from schedules import signals
from schedules.models import BoardChange, ScheduleVersion, ShootDay, Strip

DEFAULT_VERSION_NAME = "Shooting schedule"
# Days are moved through dates no schedule uses, so a swap never trips the unique date.
_PARKING = date(1000, 1, 1).toordinal()


@dataclass
class _Write:
    """What a board write changed, for the history."""

    summary: str = ""
    moves: list[dict[str, Any]] = field(default_factory=list)
    # Every day of the version as the write left them, when the write loaded them all anyway:
    # renumbering them then needs no second read.
    days: list[ShootDay] | None = None


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


def _locked_active_and_top(production: Production, *, by) -> tuple[ScheduleVersion, int]:
    """Return the active version and the highest revision of any version, all locked."""
    versions = _lock_versions(production)
    active = next((v for v in versions if v.is_active), None)
    if active is None:
        active = _new_version(production, by=by)
        versions = _lock_versions(production)
    return active, max((v.revision for v in versions), default=0)


def _locked_active(production: Production, *, by) -> ScheduleVersion:
    return _locked_active_and_top(production, by=by)[0]


def _take_revision(version: ScheduleVersion, *, top: int | None = None) -> None:
    # ``top`` may come from the versions locked at the start: nobody else can move it since.
    if top is None:
        top = ScheduleVersion.objects.filter(production_id=version.production_id).aggregate(
            top=Max("revision")
        )["top"]
    version.revision = (top or 0) + 1
    version.save(update_fields=["revision", "updated_at"])


@contextmanager
def _board_write(production: Production, *, by, expected_revision: int | None = None):
    """Lock the active version, check the caller's revision, yield, then record the change."""
    with transaction.atomic():
        version, top = _locked_active_and_top(production, by=by)
        if expected_revision is not None and expected_revision != version.revision:
            raise StaleEdit(
                _stale_message(version, expected_revision),
                errors={"version": [f"The board is at version {version.revision} now."]},
            )
        _sync_scenes(version)
        write = _Write()
        yield version, write
        _renumber_days(version, days=write.days)
        _take_revision(version, top=top)
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
        .values_list("pk", flat=True)
    )
    start = _tail_order(version, None)
    Strip.objects.bulk_create(
        Strip(version=version, scene_id=scene_id, order=start + offset)
        for offset, scene_id in enumerate(missing)
    )


def schedule_ensure(*, production: Production, by=None) -> ScheduleVersion:
    """Return the active schedule version, creating an empty one the first time."""
    active = ScheduleVersion.objects.filter(production=production, is_active=True).first()
    if active:
        return active
    with transaction.atomic():
        return _locked_active(production, by=by)


def _renumber_days(version: ScheduleVersion, *, days: list[ShootDay] | None = None) -> None:
    if days is None:
        days = list(version.days.order_by("date", "pk"))
    else:
        days = sorted(days, key=lambda day: (day.date, day.pk))
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


def _tail_order(version: ScheduleVersion, day: ShootDay | None) -> int:
    top = version.strips.filter(day=day).aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def _check_in(version: ScheduleVersion, day: ShootDay) -> None:
    if day.version_id != version.pk:
        raise ApplicationError(
            "That day belongs to a schedule version that is not the active one.", status_code=409
        )
