"""Every write to call sheets: the draft, publishing, resending, confirming, reminders.

Publishing freezes ``assembly.callsheet_sheet`` as a ``CallSheetVersion``, then records one
``Delivery`` per person with an email and queues its sending after the transaction commits.
The tasks are found by name (``core.tasks.task_named``): tasks import services, never the
reverse. Every page, email and PDF of a published version renders that version's JSON, never
the live tables, so what was sent is what is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from callsheets import outbox
from callsheets.assembly import LUNCH_LIMIT, callsheet_sheet
from callsheets.diff import person_changes
from callsheets.formatting import entry_call_time, time_plus
from callsheets.links import link_renew, links_ensure
from callsheets.messages import reminders_unsent
from callsheets.models import (
    CallSheet,
    CallSheetCast,
    CallSheetCrew,
    CallSheetDepartment,
    CallSheetVersion,
    Delivery,
)
from callsheets.personal import PersonalView
from callsheets.selectors import version_get
from collaboration.services import signoff_required_check
from core import events
from core import outbox as core_outbox
from core.exceptions import ApplicationError
from core.services import save_validated
from crew.models import Department, Person
from productions.models import Location, Production
from schedules import selectors as schedule_selectors
from schedules.models import ScheduleSettings, ShootDay, Strip

logger = logging.getLogger(__name__)


TIME_FIELDS = ("general_call", "shooting_call", "breakfast", "lunch", "estimated_wrap")


DRAFT_FIELDS = (
    *TIME_FIELDS,
    "location",
    "basecamp",
    "crew_parking",
    "hospital_name",
    "hospital_address",
    "hospital_phone",
    "weather",
    "closed_set",
    "background_count",
    "background_call",
    "background_on_set",
    "background_notes",
    "notes",
    "safety_notes",
    "walkie_channels",
)


CAST_TIMES = ("pickup", "makeup", "wardrobe", "on_set")


BREAKFAST_BEFORE_CALL = timedelta(minutes=30)


@dataclass(frozen=True)
class CastTimes:
    character: int
    pickup: time | None = None
    makeup: time | None = None
    wardrobe: time | None = None
    on_set: time | None = None
    remarks: str = ""


@dataclass(frozen=True)
class DepartmentCall:
    department: int
    call: time | None = None
    notes: str = ""


@dataclass(frozen=True)
class CrewCall:
    person: int
    call: time | None = None
    note: str = ""


def _check_location(production: Production, location: Location | None) -> None:
    if location is not None and location.production_id != production.pk:
        raise ApplicationError(
            "Choose a location of this production.", errors={"location": ["Not found."]}
        )


def _active_day(production: Production, on: date) -> ShootDay | None:
    return (
        ShootDay.objects.filter(version__production=production, version__is_active=True, date=on)
        .select_related("location")
        .first()
    )


def _first_location(day: ShootDay) -> Location | None:
    """Return where the day's first scene is shot, for a day with no location of its own."""
    first = (
        Strip.objects.filter(day=day, kind=Strip.Kind.SCENE, scene__location__isnull=False)
        .exclude(scene__omitted=True)
        .select_related("scene__location")
        .order_by("order", "pk")
        .first()
    )
    return first.scene.location if first else None


@transaction.atomic
def callsheet_generate(
    *, production: Production, on: date | None = None, shoot_day: ShootDay | None = None, by=None
) -> CallSheet:
    """Create the draft call sheet of a shoot day, with its times and location from the day."""
    if shoot_day is not None:
        on = shoot_day.date
    day = _active_day(production, on) if on else None
    if day is None:
        raise ApplicationError(
            "The active schedule has no shoot day on that date.", errors={"date": ["No shoot day."]}
        )
    if production.callsheets.filter(date=day.date).exists():
        raise ApplicationError(
            "There is already a call sheet for this date.",
            errors={"date": ["Already has a call sheet."]},
            status_code=409,
        )
    defaults = schedule_selectors.settings_of(production)
    general = day.general_call or defaults.default_general_call
    callsheet = CallSheet(
        production=production,
        date=day.date,
        general_call=general,
        shooting_call=day.shooting_call,
        breakfast=time_plus(general, -BREAKFAST_BEFORE_CALL),
        lunch=time_plus(general, LUNCH_LIMIT),
        estimated_wrap=day.estimated_wrap or defaults.default_wrap,
        location=day.location or _first_location(day),
        created_by=by,
    )
    return save_validated(callsheet)


@transaction.atomic
def callsheet_update(*, callsheet: CallSheet, **fields: Any) -> CallSheet:
    """Change the draft; published versions are frozen and do not change."""
    if "location" in fields:
        _check_location(callsheet.production, fields["location"])
    for key, value in fields.items():
        if key in DRAFT_FIELDS:
            setattr(callsheet, key, value)
    return save_validated(callsheet)


def _rows_of(model, callsheet: CallSheet, key: str, wanted: dict[int, dict]) -> None:
    """Store the rows that say something and delete those left empty (back to defaults)."""
    empty = [pk for pk, values in wanted.items() if not any(values.values())]
    model.objects.filter(callsheet=callsheet, **{f"{key}_id__in": empty}).delete()
    for pk, values in wanted.items():
        if pk not in empty:
            model.objects.update_or_create(
                callsheet=callsheet, **{f"{key}_id": pk}, defaults=values
            )


@transaction.atomic
def callsheet_cast_set(*, callsheet: CallSheet, rows: Sequence[CastTimes]) -> None:
    """Set the cast's own times; an empty time takes the default from the general call."""
    known = set(callsheet.production.characters.values_list("pk", flat=True))
    if unknown := [row.character for row in rows if row.character not in known]:
        raise ApplicationError(
            "Choose characters of this production.", errors={"cast": [f"Unknown: {unknown}"]}
        )
    wanted = {
        row.character: {**{f: getattr(row, f) for f in CAST_TIMES}, "remarks": row.remarks}
        for row in rows
    }
    _rows_of(CallSheetCast, callsheet, "character", wanted)
    callsheet.save(update_fields=["updated_at"])


@transaction.atomic
def callsheet_crew_set(
    *,
    callsheet: CallSheet,
    departments: Sequence[DepartmentCall] = (),
    people: Sequence[CrewCall] = (),
) -> None:
    """Set department calls and notes, and people's own calls (empty: the general call)."""
    production = callsheet.production
    allowed = set(
        Department.objects.filter(Q(production=None) | Q(production=production)).values_list(
            "pk", flat=True
        )
    )
    if unknown := [row.department for row in departments if row.department not in allowed]:
        raise ApplicationError(
            "Choose departments of this production.",
            errors={"departments": [f"Unknown: {unknown}"]},
        )
    crew = set(production.assignments.values_list("person_id", flat=True))
    if unknown := [row.person for row in people if row.person not in crew]:
        raise ApplicationError(
            "Choose people on this production.", errors={"crew": [f"Unknown: {unknown}"]}
        )
    _rows_of(
        CallSheetDepartment,
        callsheet,
        "department",
        {row.department: {"call": row.call, "notes": row.notes} for row in departments},
    )
    _rows_of(
        CallSheetCrew,
        callsheet,
        "person",
        {row.person: {"call": row.call, "note": row.note} for row in people},
    )
    callsheet.save(update_fields=["updated_at"])


def _recipients(calls: dict, previous: dict) -> dict[int, str]:
    """Return the emails of everyone called now or on the previous version (to release)."""
    people = {int(pk) for pk in calls} | {int(pk) for pk in previous}
    return dict(Person.objects.filter(pk__in=people).exclude(email="").values_list("pk", "email"))


@transaction.atomic
def callsheet_publish(*, callsheet: CallSheet, by=None, send: bool = True) -> CallSheetVersion:
    """Freeze the call sheet as its next version and queue it to everyone with an email.

    Each person's delivery says what changed for them since the previous version. People on
    the previous version who are no longer called are told so. ``send=False`` records the
    deliveries as queued without queueing the emails (the demo seed uses it).
    """
    callsheet = (
        CallSheet.objects.select_for_update().select_related("production").get(pk=callsheet.pk)
    )
    # A production may require an approved sign-off of the sheet first (collaboration).
    signoff_required_check(
        production=callsheet.production, kind="callsheet", obj=callsheet, action="publish"
    )
    sheet = callsheet_sheet(callsheet)
    if sheet["day_number"] is None:
        raise ApplicationError(sheet["warnings"][0], status_code=409)
    previous = version_get(callsheet)
    number = previous.number + 1 if previous else 1
    sheet.update(version=number, published_at=timezone.now().isoformat(timespec="seconds"))
    version = CallSheetVersion.objects.create(
        callsheet=callsheet, number=number, data=sheet, published_by=by
    )
    before = previous.data["calls"] if previous else {}
    emails = _recipients(sheet["calls"], before)
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            version=version,
            person_id=pk,
            email=email,
            # Recorded with the version: the outbox sends it even if queueing it fails.
            send_requested_at=version.published_at if send else None,
            call_time=entry_call_time(sheet["calls"].get(str(pk))),
            changes=person_changes(before.get(str(pk)), sheet["calls"].get(str(pk)))
            if previous
            else [],
        )
        for pk, email in sorted(emails.items())
    )
    links_ensure(callsheet, emails)
    if send:
        # What the broker refuses, the outbox re-queues.
        outbox.enqueue_on_commit("delivery_send_task", [d.pk for d in deliveries])
    events.emit(
        production_id=callsheet.production_id,
        event="callsheet.published",
        payload={
            "callsheet": callsheet.pk,
            "date": callsheet.date.isoformat(),
            "version": number,
            "deliveries": len(deliveries),
        },
    )
    return version


@transaction.atomic
def delivery_resend(*, delivery: Delivery, by=None) -> Delivery:
    """Send one person the latest version again, once, with a working link."""
    delivery = Delivery.objects.select_for_update().select_related("version").get(pk=delivery.pk)
    latest = version_get(delivery.version.callsheet)
    if latest.pk != delivery.version_id:
        raise ApplicationError(
            f"Version {delivery.version.number} is out of date; resend version {latest.number}.",
            status_code=409,
        )
    if core_outbox.held(delivery.claimed_at):
        raise ApplicationError("This email is being sent right now.", status_code=409)
    link_renew(latest.callsheet, delivery.person_id)
    delivery.state = Delivery.State.QUEUED
    delivery.error = ""
    delivery.queued_at = delivery.send_requested_at = timezone.now()
    delivery.sent_at = delivery.failed_at = None
    delivery.save()
    outbox.enqueue_on_commit("delivery_send_task", [delivery.pk])
    return delivery


def delivery_open(*, view: PersonalView) -> None:
    """Record that the person opened the latest version (the first time only)."""
    delivery = view.delivery
    if delivery is None or delivery.opened_at is not None:
        return
    delivery.opened_at = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(
        opened_at=delivery.opened_at
    )


@transaction.atomic
def delivery_confirm(*, view: PersonalView) -> Delivery:
    """Confirm the person has the latest version; confirming again changes nothing."""
    if view.delivery is None:
        raise ApplicationError(
            "There is nothing to confirm: this version was not sent to you.", status_code=409
        )
    delivery = Delivery.objects.select_for_update().get(pk=view.delivery.pk)
    if delivery.confirmed_at is not None:
        return delivery
    now = timezone.now()
    delivery.opened_at = delivery.opened_at or now
    delivery.confirmed_at = now
    delivery.save(update_fields=["opened_at", "confirmed_at"])
    events.emit(
        production_id=view.callsheet.production_id,
        event="callsheet.confirmed",
        payload={
            "callsheet": view.callsheet.pk,
            "date": view.callsheet.date.isoformat(),
            "version": view.version.number,
            "person": view.person.pk,
            "confirmed_at": now.isoformat(timespec="seconds"),
        },
    )
    return delivery


def _reminder_moment(callsheet: CallSheet, hour: int) -> datetime:
    evening = callsheet.date - timedelta(days=1)
    return datetime.combine(evening, time(hour), tzinfo=callsheet.production.tz)


def _due(callsheet: CallSheet, hour: int, now: datetime) -> datetime | None:
    """Return the reminder moment if now is between it and the shoot day's midnight."""
    moment = _reminder_moment(callsheet, hour)
    midnight = datetime.combine(callsheet.date, time(0), tzinfo=callsheet.production.tz)
    return moment if moment <= now < midnight else None


def reminders_enqueue(*, now: datetime | None = None) -> int:
    """Queue the evening-before reminders that are due, and the AD's summaries; return how
    many reminders were queued.

    Reminders go at the production's reminder hour (its schedule settings) the evening before
    the shoot day, to everyone called on the latest version who has not confirmed and was
    sent it before that hour. Run every 15 minutes by Celery beat; each person is reminded
    once (``reminded_at``), however often this runs. A reminder or summary claimed by a worker
    that died is chosen again once its lease is over (``core.outbox``), so it still goes.
    """
    now = now or timezone.now()
    # Every zone's "tomorrow" lies within a day of UTC's.
    dates = [now.date() + timedelta(days=n) for n in (0, 1, 2)]
    sheets = list(
        CallSheet.objects.filter(
            date__in=dates, versions__isnull=False, production__deleted_at__isnull=True
        )
        .select_related("production")
        .distinct()
    )
    hours = dict(
        ScheduleSettings.objects.filter(
            production__in={s.production_id for s in sheets}
        ).values_list("production_id", "reminder_hour")
    )
    reminders, summaries = [], []
    for callsheet in sheets:
        hour = hours.get(callsheet.production_id, ScheduleSettings().reminder_hour)
        moment = _due(callsheet, hour, now)
        if moment is None:
            continue
        version = callsheet.versions.defer("data").order_by("-number").first()
        reminders += (
            reminders_unsent()
            .filter(version=version, call_time__isnull=False, queued_at__lt=moment)
            .filter(core_outbox.unclaimed("reminder_claimed_at", now=now))
            .values_list("pk", flat=True)
        )
        if (
            version.summary_sent_at is None
            and version.published_by_id
            and not core_outbox.held(version.summary_claimed_at, now=now)
        ):
            summaries.append(version.pk)
    outbox.enqueue_on_commit("delivery_remind_task", reminders)
    outbox.enqueue_on_commit("callsheet_summary_task", summaries)
    return len(reminders)
