"""The daily production report (DPR): start it from the schedule, fill it in, approve it.

A DPR starts from what Studio knows of the day: the scenes on the active schedule's shoot day,
the cast in them, the general call (the call sheet's, when there is one). The 2nd AD records
what happened; the production manager approves it, which freezes it, announces ``dpr.approved``
and emails it to the producers. Running totals and penalty flags are computed on reading,
never stored, so they always agree with the reports before them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from core.events import emit
from core.exceptions import ApplicationError
from core.services import save_validated
from crew.models import Assignment
from productions.models import Character, Membership, Production, Scene
from schedules.eighths import format_eighths
from schedules.models import (
    DailyReport,
    DailyReportCast,
    DailyReportCrew,
    DailyReportDelay,
    DailyReportScene,
    ShootDay,
    Strip,
)
from schedules.selectors import settings_of

logger = logging.getLogger(__name__)

# A meal later than this after the call costs the company a meal penalty.
MEAL_HOURS = 6
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


# ---------------------------------------------------------------- inputs


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


# ---------------------------------------------------------------- reading


def dprs_of(production: Production) -> QuerySet[DailyReport]:
    return production.daily_reports.select_related("approved_by").order_by("date")


def dpr_get(production: Production, day: date) -> DailyReport | None:
    """Return the day's report with everything its page shows, or None."""
    scenes = DailyReportScene.objects.select_related("scene").order_by("order", "pk")
    return (
        production.daily_reports.select_related("approved_by", "production", "shoot_day")
        .prefetch_related(Prefetch("scenes", queryset=scenes), "cast_times", "crew_times", "delays")
        .filter(date=day)
        .first()
    )


def _active_days(production: Production) -> QuerySet[ShootDay]:
    return ShootDay.objects.filter(version__production=production, version__is_active=True)


def dpr_days_without_report(production: Production) -> list[ShootDay]:
    """Return the active schedule's days that have no report yet, in date order."""
    reported = production.daily_reports.values("date")
    return list(_active_days(production).exclude(date__in=reported).order_by("date"))


# ---------------------------------------------------------------- totals


@dataclass(frozen=True)
class Totals:
    """Where the shoot stands at the end of one reported day."""

    eighths_shot: int
    eighths_planned: int
    eighths_shot_to_date: int
    eighths_planned_to_date: int
    scenes_total: int
    scenes_remaining: int
    days_ahead: float
    setups_to_date: int

    @property
    def pages_shot(self) -> str:
        return format_eighths(self.eighths_shot)

    @property
    def pages_planned(self) -> str:
        return format_eighths(self.eighths_planned)

    @property
    def pages_shot_to_date(self) -> str:
        return format_eighths(self.eighths_shot_to_date)

    @property
    def pages_planned_to_date(self) -> str:
        return format_eighths(self.eighths_planned_to_date)

    @property
    def schedule_status(self) -> str:
        if abs(self.days_ahead) < 0.05:
            return "on schedule"
        days = abs(self.days_ahead)
        unit = "day" if days == 1 else "days"
        return f"{days:.1f} {unit} {'ahead' if self.days_ahead > 0 else 'behind'}"


class Ledger:
    """The production's reports and plan, loaded once, answering totals for any reported day.

    A reported day plans what its report started with; an unreported day what the board has
    on it now. A scene counts at most its own length towards the pages planned to date, so a
    scene not shot and carried over to a later day is not planned twice.
    """

    def __init__(self, production: Production) -> None:
        self.reports = list(dprs_of(production))
        rows = DailyReportScene.objects.filter(report__production=production)
        # (date, scene, planned eighths, eighths shot, the scene's length)
        self._rows = list(
            rows.values_list(
                "report__date", "scene_id", "planned_eighths", "eighths_shot", "scene__page_eighths"
            )
        )
        self._scenes = set(production.scenes.filter(omitted=False).values_list("pk", flat=True))
        self._board = _board_strips(production)
        days = set(_active_days(production).values_list("date", flat=True))
        total = sum(eighths for _, _, eighths, _ in self._board)
        self._per_day = total / len(days) if days else 0

    def totals(self, report: DailyReport) -> Totals:
        until = report.date
        shot_today = sum(shot for day, _, _, shot, _ in self._rows if day == until)
        shot_to_date = sum(shot for day, _, _, shot, _ in self._rows if day <= until)
        planned_to_date = self._planned_to(until)
        behind = (shot_to_date - planned_to_date) / self._per_day if self._per_day else 0.0
        return Totals(
            eighths_shot=shot_today,
            eighths_planned=report.planned_eighths,
            eighths_shot_to_date=shot_to_date,
            eighths_planned_to_date=planned_to_date,
            scenes_total=len(self._scenes),
            scenes_remaining=len(self._scenes - self._finished(until)),
            days_ahead=round(behind, 1),
            setups_to_date=sum(r.setups for r in self.reports if r.date <= until),
        )

    def _planned_to(self, until: date) -> int:
        reported = {r.date for r in self.reports}
        planned: dict[int, int] = defaultdict(int)
        length: dict[int, int] = {}
        for day, scene, eighths, _, whole in self._rows:
            if day <= until:
                planned[scene] += eighths
                length[scene] = whole
        for day, scene, eighths, whole in self._board:
            if day <= until and day not in reported:
                planned[scene] += eighths
                length[scene] = whole
        return sum(min(eighths, length[scene]) for scene, eighths in planned.items())

    def _finished(self, until: date) -> set[int]:
        done: dict[int, int] = defaultdict(int)
        length: dict[int, int] = {}
        for day, scene, _, shot, whole in self._rows:
            if day <= until:
                done[scene] += shot
                length[scene] = whole
        return {scene for scene, shot in done.items() if shot >= length[scene]}

    def previous(self, report: DailyReport) -> DailyReport | None:
        earlier = [r for r in self.reports if r.date < report.date]
        return earlier[-1] if earlier else None


def _board_strips(production: Production) -> list[tuple[date, int, int, int]]:
    """Return (date, scene, eighths, scene's length) of each strip on a day of the active
    schedule."""
    strips = Strip.objects.filter(
        version__production=production,
        version__is_active=True,
        day__isnull=False,
        kind=Strip.Kind.SCENE,
        scene__omitted=False,
    ).values_list("day__date", "scene_id", "eighths", "scene__page_eighths")
    return [(day, scene, share or whole, whole) for day, scene, share, whole in strips]


def dpr_totals(report: DailyReport) -> Totals:
    return Ledger(report.production).totals(report)


@dataclass(frozen=True)
class DprSummary:
    report: DailyReport
    totals: Totals
    flags: list[Flag]


def dpr_summaries(production: Production) -> list[DprSummary]:
    """Return every report with its totals and flags, in a fixed number of queries."""
    ledger = Ledger(production)
    cast = defaultdict(list)
    for row in DailyReportCast.objects.filter(report__production=production):
        cast[row.report_id].append(row)
    turnaround = _min_turnaround(production)
    summaries = []
    for report in ledger.reports:
        previous = ledger.previous(report)
        flags = penalty_flags(
            report,
            previous,
            tz=production.tz,
            min_turnaround_hours=turnaround,
            cast=cast[report.pk],
            previous_cast=cast[previous.pk] if previous else (),
        )
        summaries.append(DprSummary(report, ledger.totals(report), flags))
    return summaries


# ---------------------------------------------------------------- penalty flags


@dataclass(frozen=True)
class Flag:
    kind: str  # "meal", "turnaround" or "cast_turnaround"
    message: str


def moment(day: date, at: time | None, call: time | None, tz) -> datetime | None:
    """Return ``at`` on ``day`` in UTC; a time before the call is after midnight."""
    if at is None:
        return None
    local = datetime.combine(day, at, tzinfo=tz)
    if call is not None and at < call:
        local += timedelta(days=1)
    # UTC, because subtracting two times of one zone ignores a change of clocks between them.
    return local.astimezone(UTC)


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def _meal_flag(report: DailyReport, tz) -> Flag | None:
    call = moment(report.date, report.general_call, None, tz)
    if call is None:
        return None
    lunch = moment(report.date, report.lunch_start, report.general_call, tz)
    limit = timedelta(hours=MEAL_HOURS)
    if lunch is not None and lunch - call > limit:
        return Flag(
            "meal",
            f"Meal penalty: lunch at {report.lunch_start:%H:%M}, {_duration(lunch - call)} "
            f"after the {report.general_call:%H:%M} call (more than {MEAL_HOURS} h).",
        )
    end = moment(report.date, report.wrap, report.general_call, tz)
    if lunch is None and end is not None and end - call > limit:
        return Flag(
            "meal",
            f"Meal penalty: no meal recorded on a {_duration(end - call)} day "
            f"(call {report.general_call:%H:%M}, wrap {report.wrap:%H:%M}).",
        )
    return None


def _released(report: DailyReport, tz) -> datetime | None:
    """Return when the company was released: the last out, else the wrap."""
    at = report.last_out or report.wrap
    return moment(report.date, at, report.general_call, tz)


def _turnaround_flag(report, previous, tz, hours: int) -> Flag | None:
    if previous is None:
        return None
    released = _released(previous, tz)
    call = moment(report.date, report.general_call, None, tz)
    if released is None or call is None or call - released >= timedelta(hours=hours):
        return None
    return Flag(
        "turnaround",
        f"Turnaround: {_duration(call - released)} from the last day's release to the "
        f"{report.general_call:%H:%M} call, under the {hours} h minimum.",
    )


def _cast_turnaround_flags(report, previous, tz, hours, cast, previous_cast) -> list[Flag]:
    if previous is None:
        return []
    wrapped = {
        row.character_id or row.name: moment(previous.date, row.wrap, previous.general_call, tz)
        for row in previous_cast
        if row.wrap is not None
    }
    flags = []
    for row in cast:
        released = wrapped.get(row.character_id or row.name)
        # Arrivals are on the day itself, often before the general call (makeup first).
        arrived = moment(report.date, row.arrive, None, tz)
        if released is None or arrived is None:
            continue
        if arrived - released < timedelta(hours=hours):
            flags.append(
                Flag(
                    "cast_turnaround",
                    f"Turnaround: {row.name} had {_duration(arrived - released)} between wrap "
                    f"and arrival, under the {hours} h minimum.",
                )
            )
    return flags


def penalty_flags(
    report: DailyReport,
    previous: DailyReport | None,
    *,
    tz,
    min_turnaround_hours: int,
    cast: Iterable[DailyReportCast],
    previous_cast: Iterable[DailyReportCast] = (),
) -> list[Flag]:
    """Return the day's meal and turnaround penalties, in words."""
    flags = [
        _meal_flag(report, tz),
        _turnaround_flag(report, previous, tz, min_turnaround_hours),
    ]
    found = [flag for flag in flags if flag is not None]
    found += _cast_turnaround_flags(
        report, previous, tz, min_turnaround_hours, list(cast), list(previous_cast)
    )
    return found


def _min_turnaround(production: Production) -> int:
    return settings_of(production).min_turnaround_hours


def dpr_flags(report: DailyReport) -> list[Flag]:
    production = report.production
    previous = production.daily_reports.filter(date__lt=report.date).order_by("-date").first()
    return penalty_flags(
        report,
        previous,
        tz=production.tz,
        min_turnaround_hours=_min_turnaround(production),
        cast=report.cast_times.all(),
        previous_cast=previous.cast_times.all() if previous else (),
    )


# ---------------------------------------------------------------- starting a report


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
        model = apps.get_model("schedules", "CallSheet")
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
        _active_days(production).filter(date=day).select_related("version").first() if day else None
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
    DailyReportScene.objects.bulk_create(
        DailyReportScene(
            report=report,
            scene=scene,
            order=order,
            planned_eighths=eighths,
            eighths_shot=eighths,
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


# ---------------------------------------------------------------- filling it in


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


# ---------------------------------------------------------------- approving and sending


@transaction.atomic
def dpr_approve(*, report: DailyReport, by, notify: bool = True) -> DailyReport:
    """Approve the report: freeze it, announce ``dpr.approved`` and email the producers."""
    report = _locked(report)
    report.status = DailyReport.Status.APPROVED
    report.approved_by = by
    report.approved_at = timezone.now()
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
        from schedules.report_tasks import dpr_send_task

        pk = report.pk
        transaction.on_commit(lambda: dpr_send_task.delay(pk))
    return report


def producer_emails(production: Production) -> list[str]:
    """Return the addresses of the production's owners, producers and producer roles."""
    members = production.memberships.filter(access__in=Membership.MANAGERS).values_list(
        "user__email", flat=True
    )
    roles = production.assignments.filter(role_kind=Assignment.RoleKind.PRODUCER).values_list(
        "person__email", flat=True
    )
    return sorted({email.strip().lower() for email in [*members, *roles] if email})


def dpr_send(*, report_id: int) -> int:
    """Email an approved report to the producers, once; return how many it went to."""
    # report_builders renders DPRs with this module's totals; importing it here avoids a cycle.
    from schedules.report_builders import dpr_pdf

    with transaction.atomic():
        report = (
            DailyReport.objects.select_for_update(of=("self",))
            .select_related("production", "approved_by")
            .filter(pk=report_id, status=DailyReport.Status.APPROVED, sent_at__isnull=True)
            .first()
        )
        if report is None:
            return 0
        recipients = producer_emails(report.production)
        if recipients:
            _dpr_message(report, recipients, dpr_pdf(report.production, report.date)).send()
        report.sent_at = timezone.now()
        report.save(update_fields=["sent_at"])
    return len(recipients)


def _dpr_message(report: DailyReport, recipients: list[str], pdf: bytes):
    production = report.production
    context = {
        "report": report,
        "production": production,
        "totals": dpr_totals(report),
        "flags": dpr_flags(report),
        "link": settings.STUDIO_BASE_URL.rstrip("/") + report.get_absolute_url(),
    }
    subject = (
        f"DPR Day {report.day_number} — {date_format(report.date, 'D j M Y')} — {production.title}"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/dpr.txt", context),
        to=recipients,
    )
    message.attach_alternative(render_to_string("emails/dpr.html", context), "text/html")
    message.attach(f"{production.slug}-dpr-{report.date.isoformat()}.pdf", pdf, "application/pdf")
    return message
