"""The daily production report's reads: the reports, their running totals and flags.

Running totals and penalty flags are computed on reading, never stored, so they always agree
with the reports before them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet

from productions.models import Production
from reports.models import (
    DailyReport,
    DailyReportCast,
    DailyReportScene,
)
from schedules.eighths import format_eighths
from schedules.models import ShootDay, Strip
from schedules.selectors import settings_of

# A meal later than this after the call costs the company a meal penalty.
MEAL_HOURS = 6


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


def active_days(production: Production) -> QuerySet[ShootDay]:
    return ShootDay.objects.filter(version__production=production, version__is_active=True)


def dpr_days_without_report(production: Production) -> list[ShootDay]:
    """Return the active schedule's days that have no report yet, in date order."""
    reported = production.daily_reports.values("date")
    return list(active_days(production).exclude(date__in=reported).order_by("date"))


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
        days = set(active_days(production).values_list("date", flat=True))
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
