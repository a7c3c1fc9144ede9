"""The daily production report (DPR): start it from the schedule, fill it in, approve it.

A DPR starts from what Studio knows of the day: the scenes on the active schedule's shoot day,
the cast in them, the general call (the call sheet's, when there is one). The 2nd AD records
what happened; the production manager approves it, which freezes it, announces ``dpr.approved``
and queues its email to the producers (``dpr_messages``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core import outbox
from core.events import emit
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Character, Production, Scene
from reports.dpr_selectors import active_days, dpr_totals
from reports.models import (
    DailyReport,
    DailyReportCast,
    DailyReportCrew,
    DailyReportDelay,
    DailyReportScene,
)
from schedules.models import ShootDay, Strip
from shots.dpr import shots_progress

logger = logging.getLogger(__name__)


# The task keeps the name it had in schedules: queued messages still carry it.
SEND_TASK = "schedules.report_tasks.dpr_send_task"
REPORT_FIELDS = (
    "general_call",
    "first_shot",
    "lunch_start",
    "lunch_end",
    "wrap",
    "last_out",
    "setups",
    "incidents",
    "notes",
)


@dataclass(frozen=True)
class SceneResult:
    """How far a scene got on the day. ``eighths_shot`` counts only for a part-shot scene."""

    scene: int
    status: str = DailyReportScene.Status.SHOT
    eighths_shot: int | None = None
    note: str = ""


@dataclass(frozen=True)
class CastTime:
    name: str
    character: int | None = None
    cast_id: str = ""
    arrive: time | None = None
    on_set: time | None = None
    wrap: time | None = None
    note: str = ""


@dataclass(frozen=True)
class CrewTime:
    name: str
    department: str = ""
    time_in: time | None = None
    time_out: time | None = None
    note: str = ""


@dataclass(frozen=True)
class Delay:
    minutes: int
    reason: str


@dataclass
class _Prefill:
    general_call: time | None
    lunch_start: time | None = None
    cast_calls: dict[int, time] = field(default_factory=dict)


def _callsheet_prefill(production: Production, day: ShootDay) -> _Prefill:
    """Return the day's calls, from its call sheet where it has one.

    Read defensively: when call sheets are not installed (or are shaped otherwise) the
    schedule's general call stands and nothing fails.
    """
    prefill = _Prefill(general_call=day.general_call)
    try:
        model = apps.get_model("callsheets", "CallSheet")
        sheet = model.objects.filter(production=production, date=day.date).first()
        cast = list(sheet.cast_calls.all()) if sheet is not None else []
    except (LookupError, FieldError, AttributeError):
        return prefill
    if sheet is None:
        return prefill
    prefill.general_call = getattr(sheet, "general_call", None) or day.general_call
    prefill.lunch_start = getattr(sheet, "lunch", None)
    for row in cast:
        # Arrival is the first call at the set: makeup, else wardrobe, else on set.
        times = [getattr(row, name, None) for name in ("makeup", "wardrobe", "on_set")]
        first = next((at for at in times if isinstance(at, time)), None)
        if first is not None:
            prefill.cast_calls[row.character_id] = first
    return prefill


def _day_of(production: Production, day: date) -> ShootDay:
    found = (
        active_days(production).filter(date=day).select_related("version").first() if day else None
    )
    if found is None:
        raise ApplicationError(
            f"The active schedule has no shoot day on {date_format(day, 'D j M Y')}; "
            "a daily production report starts from a shoot day.",
            errors={"date": ["No shoot day on this date."]},
        )
    return found


def _planned_scenes(day: ShootDay) -> list[tuple[Scene, int]]:
    """Return the day's scenes in shooting order, each with its planned eighths (parts add)."""
    strips = (
        day.strips.filter(kind=Strip.Kind.SCENE, scene__omitted=False)
        .select_related("scene")
        .order_by("order", "pk")
    )
    planned: dict[int, list] = {}
    for strip in strips:
        entry = planned.setdefault(strip.scene_id, [strip.scene, 0])
        entry[1] += strip.eighths or strip.scene.page_eighths
    return [(scene, eighths) for scene, eighths in planned.values()]


def _cast_of(scenes: Sequence[Scene]) -> list[Character]:
    characters = (
        Character.objects.filter(scenes__in=scenes)
        .exclude(cast_id="")
        .select_related("assignment__person")
        .distinct()
    )
    return sorted(characters, key=lambda c: (len(c.cast_id), c.cast_id, c.name))


def _progress(marks, eighths: int) -> dict:
    """Start a scene with a shot list from the set's marks (done, part done or carried over
    shot by shot); any other scene as shot in full, for the AD to correct."""
    if marks is None:
        return {"eighths_shot": eighths}
    return {"status": marks.status, "eighths_shot": marks.eighths_shot(eighths), "note": marks.note}


@transaction.atomic
def dpr_start(*, production: Production, date: date, by) -> DailyReport:
    """Return the day's report, starting it from the schedule and call sheet if it is new."""
    existing = production.daily_reports.filter(date=date).first()
    if existing is not None:
        return existing
    day = _day_of(production, date)
    prefill = _callsheet_prefill(production, day)
    planned = _planned_scenes(day)
    report = DailyReport(
        production=production,
        date=date,
        shoot_day=day,
        day_number=day.day_number,
        planned_eighths=sum(eighths for _, eighths in planned),
        general_call=prefill.general_call,
        lunch_start=prefill.lunch_start,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            save_validated(report)
    except ApplicationError:
        # Someone started the same day's report a moment ago.
        found = production.daily_reports.filter(date=date).first()
        if found is None:
            raise
        return found
    marks = shots_progress(scene for scene, _ in planned)
    DailyReportScene.objects.bulk_create(
        DailyReportScene(
            report=report,
            scene=scene,
            order=order,
            planned_eighths=eighths,
            **_progress(marks.get(scene.pk), eighths),
        )
        for order, (scene, eighths) in enumerate(planned)
    )
    calls = prefill.cast_calls
    DailyReportCast.objects.bulk_create(
        DailyReportCast(
            report=report,
            character=character,
            cast_id=character.cast_id,
            name=_cast_name(character),
            arrive=calls.get(character.pk, prefill.general_call),
        )
        for character in _cast_of([scene for scene, _ in planned])
    )
    return report


def _cast_name(character: Character) -> str:
    if character.assignment_id:
        return f"{character.assignment.person.name} ({character.name})"
    return character.name


def _check_draft(report: DailyReport) -> None:
    if report.is_frozen:
        who = report.approved_by.get_full_name() or report.approved_by.username
        when = timezone.localtime(report.approved_at, report.production.tz)
        raise ApplicationError(
            f"This report was approved by {who} on {date_format(when.date(), 'j M Y')} at "
            f"{when:%H:%M} and is frozen: it can no longer be changed.",
            status_code=409,
        )


def _locked(report: DailyReport) -> DailyReport:
    """Lock the report's row, bring ``report`` up to date from it, and refuse a frozen one.

    The caller's own instance is the one changed, so it shows what was saved.
    """
    DailyReport.objects.select_for_update().filter(pk=report.pk).values_list("pk").get()
    report.refresh_from_db()
    _check_draft(report)
    return report


def _apply_scenes(report: DailyReport, results: Sequence[SceneResult]) -> None:
    rows = {row.scene_id: row for row in report.scenes.select_related("scene")}
    wanted = {result.scene for result in results}
    if len(wanted) != len(results):
        raise ApplicationError("A scene is listed twice.", errors={"scenes": ["Repeated."]})
    new_ids = wanted - rows.keys()
    new = {s.pk: s for s in Scene.objects.filter(production=report.production_id, pk__in=new_ids)}
    if len(new) != len(new_ids):
        raise ApplicationError(
            "Some scenes are not scenes of this production.",
            errors={"scenes": ["Unknown scene."]},
        )
    top = max((row.order for row in rows.values()), default=-1)
    for result in results:
        row = rows.get(result.scene)
        if row is None:
            top += 1
            scene = new[result.scene]
            row = DailyReportScene(
                report=report, scene=scene, order=top, planned=False, planned_eighths=0
            )
        _set_result(row, result)
        save_validated(row)
    # Scenes added on the day and left out now are taken off; planned ones always stay.
    report.scenes.filter(planned=False).exclude(scene_id__in=wanted).delete()


def _set_result(row: DailyReportScene, result: SceneResult) -> None:
    Status = DailyReportScene.Status
    if result.status not in Status.values:
        raise ApplicationError(
            f"“{result.status}” is not a scene status.", errors={"status": ["Unknown."]}
        )
    whole = row.planned_eighths or row.scene.page_eighths
    row.status, row.note = result.status, (result.note or "")[:200]
    if result.status == Status.SHOT:
        row.eighths_shot = whole
    elif result.status == Status.PART_SHOT:
        shot = result.eighths_shot or 0
        if not 0 < shot < whole:
            raise ApplicationError(
                f"Scene {row.scene.number} was part shot: give the eighths shot, 1 to {whole - 1}.",
                errors={"eighths_shot": [f"Between 1 and {whole - 1}."]},
            )
        row.eighths_shot = shot
    else:
        row.eighths_shot = 0


def _replace(report: DailyReport, model, rows: Iterable[Any], make) -> None:
    """Replace the report's rows of ``model`` with ``make(row)`` of each row given."""
    objects = [make(row) for row in rows]
    for obj in objects:
        obj.report = report
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ApplicationError.from_validation_error(error) from error
    model.objects.filter(report=report).delete()
    model.objects.bulk_create(objects)


def _apply_cast(report: DailyReport, rows: Sequence[CastTime]) -> None:
    characters = set(
        Character.objects.filter(production=report.production_id).values_list("pk", flat=True)
    )
    if any(row.character and row.character not in characters for row in rows):
        raise ApplicationError(
            "Some cast are not characters of this production.",
            errors={"cast": ["Unknown character."]},
        )
    _replace(
        report,
        DailyReportCast,
        rows,
        lambda row: DailyReportCast(
            character_id=row.character,
            cast_id=row.cast_id,
            name=row.name,
            arrive=row.arrive,
            on_set=row.on_set,
            wrap=row.wrap,
            note=row.note,
        ),
    )


@transaction.atomic
def dpr_update(
    *,
    report: DailyReport,
    by,
    scenes: Sequence[SceneResult] | None = None,
    cast: Sequence[CastTime] | None = None,
    crew: Sequence[CrewTime] | None = None,
    delays: Sequence[Delay] | None = None,
    **fields: Any,
) -> DailyReport:
    """Change a draft report: its times and notes, and any of its lists given (replaced).

    ``scenes`` updates the scenes it names and adds others as shot on the day; planned scenes
    it leaves out keep their result.
    """
    report = _locked(report)
    for key, value in fields.items():
        if key in REPORT_FIELDS:
            setattr(report, key, value)
    if scenes is not None:
        _apply_scenes(report, scenes)
    if cast is not None:
        _apply_cast(report, cast)
    if crew is not None:
        _replace(report, DailyReportCrew, crew, lambda row: DailyReportCrew(**vars(row)))
    if delays is not None:
        _replace(report, DailyReportDelay, delays, lambda row: DailyReportDelay(**vars(row)))
    return save_validated(report)


@transaction.atomic
def dpr_approve(*, report: DailyReport, by, notify: bool = True) -> DailyReport:
    """Approve the report: freeze it, announce ``dpr.approved`` and email the producers."""
    report = _locked(report)
    report.status = DailyReport.Status.APPROVED
    report.approved_by = by
    report.approved_at = timezone.now()
    # Owed in this transaction: if queueing fails, beat's sweep finds it unsent.
    report.send_requested_at = report.approved_at if notify else None
    save_validated(report)
    totals = dpr_totals(report)
    emit(
        production_id=report.production_id,
        event="dpr.approved",
        payload={
            "id": report.pk,
            "date": report.date.isoformat(),
            "day_number": report.day_number,
            "eighths_shot": totals.eighths_shot,
            "eighths_shot_to_date": totals.eighths_shot_to_date,
            "eighths_planned_to_date": totals.eighths_planned_to_date,
            "scenes_remaining": totals.scenes_remaining,
            "days_ahead": totals.days_ahead,
            "approved_by": by.get_username(),
        },
    )
    if notify:
        outbox.enqueue_on_commit(SEND_TASK, [report.pk])
    return report
