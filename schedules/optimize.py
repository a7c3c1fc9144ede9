"""The optimizer in the app: build the shoot from a schedule version, run the search as a
task, and turn its answer into a proposal the AD accepts or discards.

The search itself lives in ``schedules.optimizer`` (no Django); this module only translates
between the board and its plain dataclasses, and keeps the run's record.
"""

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.exceptions import ApplicationError, StaleEdit
from core.services import save_validated
from core.tasks import task_named
from crew.models import Unavailability
from productions.models import Character, Production
from schedules import selectors
from schedules.eighths import format_eighths
from schedules.models import BoardChange, OptimizerRun, ScheduleVersion, ShootDay, Strip
from schedules.optimizer import (
    ShootCast,
    ShootProblem,
    ShootResult,
    ShootScene,
    evaluate_shoot,
    explain,
    optimize_shoot,
)
from schedules.optimizer import (
    ShootDay as PlanDay,
)
from schedules.optimizer.shoot import ShootSettings
from schedules.services import version_activate, version_days_copy

DEFAULT_TIME_LIMIT = 30
MAX_TIME_LIMIT = 300
# The search is repeatable for a seed; the same board and options give the same proposal.
SEED = 0
PROGRESS_EVERY_SECONDS = 0.5


@dataclass(frozen=True)
class OptimizeOptions:
    """What the AD can tune: how long to search, what a company move costs, night blocks."""

    time_limit: int = DEFAULT_TIME_LIMIT
    move_cost: Decimal = Decimal("0")
    keep_night_blocks: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "time_limit": self.time_limit,
            "move_cost": str(self.move_cost),
            "keep_night_blocks": self.keep_night_blocks,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "OptimizeOptions":
        return cls(
            time_limit=int(data.get("time_limit", DEFAULT_TIME_LIMIT)),
            move_cost=Decimal(str(data.get("move_cost", "0"))),
            keep_night_blocks=bool(data.get("keep_night_blocks", False)),
        )

    @property
    def key(self) -> str:
        return hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------- from the board to a problem


@dataclass(frozen=True)
class _Shoot:
    problem: ShootProblem
    strips: dict[int, Strip]
    days: list[ShootDay]
    names: dict[str, str]
    locations: dict[int, str]


def _cast_of(production: Production) -> dict[str, Character]:
    characters = Character.objects.filter(production=production).exclude(cast_id="")
    return {c.cast_id: c for c in characters.select_related("assignment")}


def _unavailable(people: set[int], first: date, last: date) -> dict[int, set[date]]:
    """Return each person's dates off between ``first`` and ``last``."""
    off: dict[int, set[date]] = {pid: set() for pid in people}
    rows = Unavailability.objects.filter(
        person_id__in=people, end_date__gte=first, start_date__lte=last
    )
    for row in rows:
        day = max(row.start_date, first)
        while day <= min(row.end_date, last):
            off[row.person_id].add(day)
            day = date.fromordinal(day.toordinal() + 1)
    return off


def shoot_for(version: ScheduleVersion, options: OptimizeOptions) -> _Shoot:
    """Return the optimizer's view of ``version``: its scheduled strips, days and cast."""
    production = version.production
    board = selectors.board_for(production, version=version)
    settings = board.settings
    scheduled = version.strips.filter(kind=Strip.Kind.SCENE, day__isnull=False)
    strips = {s.pk: s for s in scheduled.select_related("scene")}
    days = [bd.day for bd in board.days]
    index = {day.pk: i for i, day in enumerate(days)}
    scenes = []
    assignment: dict[int, tuple[int, int]] = {}
    locations: dict[int, str] = {}
    for bd in board.days:
        for position, strip in enumerate(s for s in bd.strips if not s.is_banner):
            row = strips[strip.id]
            scene = strip.scene
            scenes.append(
                ShootScene(
                    id=strip.id,
                    eighths=strip.eighths,
                    minutes=strip.minutes,
                    cast=frozenset(strip.cast_ids),
                    location=scene.location_id,
                    is_night=scene.is_night,
                    locked_day=index[bd.day.pk] if row.locked else None,
                )
            )
            assignment[strip.id] = (index[bd.day.pk], position)
            if scene.location_id:
                locations[scene.location_id] = scene.location.name
    characters = _cast_of(production)
    used = {c for s in scenes for c in s.cast}
    people = {characters[c].assignment.person_id for c in used if characters[c].assignment_id}
    off = _unavailable(people, days[0].date, days[-1].date) if days else {}
    cast = [
        ShootCast(
            id=cast_id,
            rate=(characters[cast_id].assignment.daily_rate or Decimal(0))
            if characters[cast_id].assignment_id
            else Decimal(0),
            unavailable=frozenset(
                off.get(characters[cast_id].assignment.person_id, set())
                if characters[cast_id].assignment_id
                else set()
            ),
        )
        for cast_id in sorted(used)
    ]
    plan_days = [
        PlanDay(
            index=i,
            date=day.date,
            capacity_eighths=settings.day_capacity_eighths,
            capacity_minutes=settings.day_capacity_minutes,
        )
        for i, day in enumerate(days)
    ]
    problem = ShootProblem(
        scenes=scenes,
        days=plan_days,
        cast=cast,
        assignment=assignment,
        settings=ShootSettings(
            move_cost=options.move_cost, keep_night_blocks=options.keep_night_blocks
        ),
    )
    names = {
        cast_id: f"{c.name.title()} ({c.assignment.person.name})" if c.assignment_id else c.name
        for cast_id, c in characters.items()
        if cast_id in used
    }
    return _Shoot(problem, strips, days, names, locations)


# ---------------------------------------------------------------- starting and running


def optimizer_runs_of(production: Production) -> QuerySet[OptimizerRun]:
    return production.optimizer_runs.select_related("source", "proposal", "created_by")


@transaction.atomic
def optimizer_run_start(
    *, production: Production, by, options: OptimizeOptions
) -> tuple[OptimizerRun, bool]:
    """Start optimizing the active board; return the run and whether it is a new one.

    The same board (revision) with the same options already being optimized returns that run
    instead of starting a second one.
    """
    version = selectors.active_version(production)
    if version is None or not version.days.exists():
        raise ApplicationError(
            "There is no schedule to optimize yet: add shoot days and put scenes on them."
        )
    if not 1 <= options.time_limit <= MAX_TIME_LIMIT:
        raise ApplicationError(
            f"The time limit is between 1 and {MAX_TIME_LIMIT} seconds.",
            errors={"time_limit": [f"Choose 1 to {MAX_TIME_LIMIT} seconds."]},
        )
    existing = production.optimizer_runs.filter(
        source_revision=version.revision,
        options_key=options.key,
        status__in=OptimizerRun.IN_PROGRESS,
    ).first()
    if existing:
        return existing, False
    run = OptimizerRun(
        production=production,
        source=version,
        source_revision=version.revision,
        options=options.as_json(),
        options_key=options.key,
        created_by=by,
    )
    try:
        with transaction.atomic():
            save_validated(run)
    except ApplicationError:
        # A concurrent request started the same run between our check and our insert.
        return production.optimizer_runs.get(
            source_revision=version.revision,
            options_key=options.key,
            status__in=OptimizerRun.IN_PROGRESS,
        ), False
    task = task_named("schedules.tasks.optimizer_run_task")
    transaction.on_commit(lambda: task.delay(run.pk))
    return run, True


class _Reporter:
    """Write progress to the run's row, at most twice a second, and read cancellation."""

    def __init__(self, run: OptimizerRun, time_limit: int) -> None:
        self.run_id = run.pk
        self.time_limit = time_limit
        self.started = time.monotonic()
        self.last_write = 0.0
        self.last_check = 0.0
        self.cancelled = False

    def _percent(self) -> int:
        return min(99, int(100 * (time.monotonic() - self.started) / max(self.time_limit, 1)))

    def progress(self, best: int, bound: int) -> None:
        now = time.monotonic()
        if now - self.last_write < PROGRESS_EVERY_SECONDS:
            return
        self.last_write = now
        OptimizerRun.objects.filter(pk=self.run_id).update(
            best_cost=best, lower_bound=bound, progress=self._percent()
        )

    def should_stop(self) -> bool:
        now = time.monotonic()
        if now - self.last_check >= PROGRESS_EVERY_SECONDS:
            self.last_check = now
            self.cancelled = OptimizerRun.objects.filter(
                pk=self.run_id, cancel_requested=True
            ).exists()
        return self.cancelled


def optimizer_run_execute(*, run_id: int) -> OptimizerRun:
    """Run the search for a queued run and store its proposal (the task's body)."""
    claimed = OptimizerRun.objects.filter(pk=run_id, status=OptimizerRun.Status.QUEUED).update(
        status=OptimizerRun.Status.RUNNING, started_at=timezone.now()
    )
    run = OptimizerRun.objects.select_related("production", "source").get(pk=run_id)
    if not claimed:
        return run  # a retried or duplicated task: the first one owns the run
    try:
        return _execute(run)
    except Exception as error:  # noqa: BLE001 - recorded for the AD, then re-raised
        OptimizerRun.objects.filter(pk=run_id).update(
            status=OptimizerRun.Status.FAILED,
            error=f"The optimizer stopped with an error: {error}",
            finished_at=timezone.now(),
        )
        raise


def _execute(run: OptimizerRun) -> OptimizerRun:
    if run.source is None:
        raise ApplicationError("The schedule version was deleted before the optimizer ran.")
    options = OptimizeOptions.from_json(run.options)
    shoot = shoot_for(run.source, options)
    reporter = _Reporter(run, options.time_limit)
    before = evaluate_shoot(shoot.problem)
    after = optimize_shoot(
        shoot.problem,
        time_limit=options.time_limit,
        seed=SEED,
        on_progress=reporter.progress,
        should_stop=reporter.should_stop,
    )
    if reporter.cancelled:
        run.status = OptimizerRun.Status.CANCELLED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return run
    with transaction.atomic():
        proposal = _proposal_version(run, shoot, after) if after.improved else None
        run.proposal = proposal
        run.status = OptimizerRun.Status.DONE
        run.progress = 100
        run.input_cost = before.cost
        run.best_cost = after.cost
        run.lower_bound = after.lower_bound
        run.result = _comparison(shoot, before, after)
        run.explanation = explain(
            before,
            after,
            currency=run.production.currency,
            location_names=shoot.locations,
            cast_names=shoot.names,
        )
        run.finished_at = timezone.now()
        run.save()
    return run


def _proposal_version(run: OptimizerRun, shoot: _Shoot, result: ShootResult) -> ScheduleVersion:
    """Copy the source version with the strips where the optimizer put them; leave it inactive."""
    source = run.source
    stamp = timezone.localtime(timezone.now(), run.production.tz).strftime("%d %b %H:%M:%S")
    proposal = save_validated(
        ScheduleVersion(
            production=run.production,
            name=f"Optimized {stamp} (run {run.pk})",
            based_on=source,
            created_by=run.created_by,
            revision=source.revision,
        )
    )
    day_map = version_days_copy(source=source, target=proposal)
    placed = {
        strip_id: (day_map[shoot.days[day].pk], position)
        for strip_id, (day, position) in result.assignment.items()
    }
    copies = []
    for strip in source.strips.order_by("order", "pk"):
        day_id, order = placed.get(strip.pk, (day_map.get(strip.day_id), strip.order))
        # Banners keep their place after the day's scenes; scenes take the optimizer's order.
        if strip.pk not in placed and strip.kind == Strip.Kind.BANNER:
            order = 10_000 + strip.order
        copies.append(
            Strip(
                version=proposal,
                day_id=day_id,
                order=order,
                kind=strip.kind,
                scene_id=strip.scene_id,
                part=strip.part,
                eighths=strip.eighths,
                text=strip.text,
                locked=strip.locked,
            )
        )
    Strip.objects.bulk_create(copies)
    BoardChange.objects.create(
        version=proposal,
        user=run.created_by,
        revision=proposal.revision,
        summary=f"Proposed by the optimizer from “{source.name}”",
    )
    return proposal


def _money(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def _eighths_per_day(shoot: _Shoot, result: ShootResult) -> list[int]:
    eighths = {s.id: s.eighths for s in shoot.problem.scenes}
    totals = [0] * len(shoot.days)
    for strip_id, (day, _) in result.assignment.items():
        totals[day] += eighths[strip_id]
    return totals


def _pages_per_day(shoot: _Shoot, before: ShootResult, after: ShootResult) -> list[dict]:
    was, will = _eighths_per_day(shoot, before), _eighths_per_day(shoot, after)
    return [
        {
            "day": i + 1,
            "date": day.date.isoformat(),
            "pages_before": format_eighths(was[i]),
            "pages_after": format_eighths(will[i]),
        }
        for i, day in enumerate(shoot.days)
    ]


def _comparison(shoot: _Shoot, before: ShootResult, after: ShootResult) -> dict[str, Any]:
    """Return the side-by-side numbers the proposal page and the API show."""
    rates = {c.id: c.rate for c in shoot.problem.cast}
    cast = []
    for cast_id in sorted(rates, key=lambda c: (len(c), c)):
        held_before = before.hold_days_by_cast.get(cast_id, 0)
        held_after = after.hold_days_by_cast.get(cast_id, 0)
        rate = Decimal(rates[cast_id])
        cast.append(
            {
                "cast_id": cast_id,
                "name": shoot.names.get(cast_id, cast_id),
                "hold_days_before": held_before,
                "hold_days_after": held_after,
                "hold_cost_before": str(rate * held_before),
                "hold_cost_after": str(rate * held_after),
            }
        )
    moved = [
        {
            "strip": strip_id,
            "scene": str(shoot.strips[strip_id]),
            "from_day": before.assignment[strip_id][0] + 1,
            "to_day": day + 1,
        }
        for strip_id, (day, _) in sorted(after.assignment.items())
        if strip_id in before.assignment and before.assignment[strip_id][0] != day
    ]
    return {
        "improved": after.improved,
        "proven_optimal": after.cost <= after.lower_bound,
        "cost_before": _money(before.cost),
        "cost_after": _money(after.cost),
        "hold_cost_before": _money(before.hold_cost),
        "hold_cost_after": _money(after.hold_cost),
        "hold_days_before": before.hold_days,
        "hold_days_after": after.hold_days,
        "company_moves_before": before.moves,
        "company_moves_after": after.moves,
        "lower_bound": _money(after.lower_bound),
        "cast": cast,
        "pages_per_day": _pages_per_day(shoot, before, after),
        "moved": moved,
        "input_problems": after.input_violations,
        "seconds": round(after.seconds, 2),
    }


# ---------------------------------------------------------------- the AD's decision


@transaction.atomic
def optimizer_run_accept(*, run: OptimizerRun, by) -> ScheduleVersion:
    """Make the proposal the active schedule, unless the board changed since the run."""
    run = OptimizerRun.objects.select_for_update().get(pk=run.pk)
    if run.status != OptimizerRun.Status.DONE or run.proposal is None:
        raise ApplicationError("This run has no proposal to accept.", status_code=409)
    current = selectors.active_version(run.production)
    if current is None or current.pk != run.source_id or current.revision != run.source_revision:
        raise StaleEdit(
            "The board changed after the optimizer ran, so its proposal would undo those "
            "changes. Run the optimizer again on the current board."
        )
    version = version_activate(version=run.proposal, by=by)
    run.status = OptimizerRun.Status.ACCEPTED
    run.save(update_fields=["status"])
    return version


@transaction.atomic
def optimizer_run_discard(*, run: OptimizerRun, by) -> OptimizerRun:
    """Drop the proposal; the board stays as it is."""
    run = OptimizerRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (OptimizerRun.Status.DONE, OptimizerRun.Status.FAILED):
        raise ApplicationError("Only a finished run can be discarded.", status_code=409)
    if run.proposal is not None:
        run.proposal.delete()
    run.proposal = None
    run.status = OptimizerRun.Status.DISCARDED
    run.save(update_fields=["proposal", "status"])
    return run


def optimizer_run_cancel(*, run: OptimizerRun, by) -> OptimizerRun:
    """Ask a queued or running search to stop; it keeps nothing."""
    if not run.in_progress:
        raise ApplicationError("This run is not in progress.", status_code=409)
    OptimizerRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    OptimizerRun.objects.filter(pk=run.pk, status=OptimizerRun.Status.QUEUED).update(
        status=OptimizerRun.Status.CANCELLED, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def strips_lock(*, production: Production, strip_ids: list[int], by) -> int:
    """Lock exactly ``strip_ids`` of the active board to their days; return how many."""
    version = selectors.active_version(production)
    if version is None:
        raise ApplicationError("There is no schedule yet.")
    strips = version.strips.filter(kind=Strip.Kind.SCENE)
    unknown = set(strip_ids) - set(strips.filter(pk__in=strip_ids).values_list("pk", flat=True))
    if unknown:
        raise ApplicationError(
            "Some strips are not on this production's board.",
            errors={"locked_strips": [f"Unknown strip ids: {sorted(unknown)}"]},
        )
    strips.filter(locked=True).exclude(pk__in=strip_ids).update(locked=False)
    return strips.filter(pk__in=strip_ids).update(locked=True)
