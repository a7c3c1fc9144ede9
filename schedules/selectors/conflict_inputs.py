"""Gather what the conflict checker (``schedules.conflicts``, plain Python) needs: the
planned days, who is unavailable, and who is booked on other productions the same days."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from crew.models import Assignment, Unavailability
from productions.models import LocationUnavailability, Production
from productions.selectors import productions_for_user
from schedules import conflicts as pure_conflicts
from schedules.conflicts import Conflict, PlannedDay, PlannedScene
from schedules.models import ScheduleSettings, ScheduleVersion, ShootDay
from schedules.selectors.people import ON_SET
from schedules.selectors.snapshot import BoardDay, _placed, _Snapshot, _snapshot

ANOTHER_PRODUCTION = "another production"


def conflicts_for(
    production: Production, *, version: ScheduleVersion | None = None, viewer=None
) -> list[Conflict]:
    """Return every conflict of the schedule, ordered by date."""
    snapshot = _snapshot(production, version)
    by_day, _ = _placed(snapshot)
    total = len(snapshot.days)
    days = [BoardDay(day, by_day.get(day.pk, []), total) for day in snapshot.days]
    return _conflicts(snapshot, days, viewer=viewer)


def _combine(day: date, at: time | None, tz) -> datetime | None:
    return datetime.combine(day, at, tzinfo=tz) if at is not None else None


def _planned_day(board_day: BoardDay, on_set, settings: ScheduleSettings, tz) -> PlannedDay:
    day = board_day.day
    call = _combine(day.date, day.general_call, tz)
    wrap = _combine(day.date, day.estimated_wrap, tz)
    if call and wrap and wrap <= call:
        wrap += timedelta(days=1)  # a night shoot wraps after midnight
    scenes = tuple(
        PlannedScene(
            id=strip.scene.pk,
            number=strip.label,
            eighths=strip.eighths,
            minutes=strip.minutes,
            location_id=strip.scene.location_id,
            night=strip.scene.is_night,
            people=strip.people,
        )
        for strip in board_day.scenes
    )
    crew = frozenset(
        person
        for person, start, end in on_set
        if (start is None or start <= day.date) and (end is None or day.date <= end)
    )
    return PlannedDay(
        id=day.pk,
        date=day.date,
        scenes=scenes,
        people=crew,
        number=day.day_number,
        location_id=day.location_id,
        call=call,
        wrap=wrap,
        max_eighths=settings.day_capacity_eighths,
        max_minutes=settings.day_capacity_minutes,
    )


def _conflicts(snapshot: _Snapshot, days: list[BoardDay], *, viewer=None) -> list[Conflict]:
    production = snapshot.production
    assignments = list(
        Assignment.objects.filter(production=production).values_list(
            "person_id", "person__name", "role_kind", "start_date", "end_date"
        )
    )
    cast_ids = {
        c.assignment.person_id: c.cast_id
        for c in snapshot.characters.values()
        if c.assignment_id and c.cast_id
    }
    people = {
        person: pure_conflicts.Person(person, name, cast_ids.get(person, ""))
        for person, name, *_ in assignments
    }
    on_set = [(p, start, end) for p, _, kind, start, end in assignments if kind in ON_SET]
    planned = [_planned_day(day, on_set, snapshot.settings, snapshot.tz) for day in days]
    bookings, titles = _bookings(production, planned, viewer)
    return pure_conflicts.schedule_conflicts(
        planned,
        people=people,
        unavailable=_person_unavailability(people),
        location_names=_location_names(snapshot),
        location_unavailable=_location_unavailability(production),
        bookings=bookings,
        production_titles=titles,
        min_turnaround_hours=snapshot.settings.min_turnaround_hours,
    )


def _person_unavailability(people: Mapping[int, object]) -> list[pure_conflicts.Unavailability]:
    rows = Unavailability.objects.filter(person_id__in=list(people)).values_list(
        "person_id", "start_date", "end_date", "reason"
    )
    return [pure_conflicts.Unavailability(*row) for row in rows]


def _location_unavailability(production: Production) -> list[pure_conflicts.Unavailability]:
    rows = LocationUnavailability.objects.filter(location__production=production).values_list(
        "location_id", "start_date", "end_date", "reason"
    )
    return [pure_conflicts.Unavailability(*row) for row in rows]


def _location_names(snapshot: _Snapshot) -> dict[int, str]:
    names = {day.location_id: day.location.name for day in snapshot.days if day.location_id}
    for scene in snapshot.scenes.values():
        if scene.location_id:
            names[scene.location_id] = scene.location.name
    return names


def _bookings(production: Production, planned: list[PlannedDay], viewer):
    """Return each called person's (production, date) bookings here and, on the same dates,
    on the active schedules of other live productions; and the productions' titles as
    ``viewer`` may see them (another production's title is not given away)."""
    ours: dict[int, set[date]] = defaultdict(set)
    for day in planned:
        for person in day.everyone:
            ours[person].add(day.date)
    dates = {day.date for day in planned}
    elsewhere = _cast_elsewhere(production, ours, dates) | _crew_elsewhere(production, ours, dates)
    bookings: dict[int, list[tuple[int, date]]] = {
        person: [(production.pk, day) for day in sorted(days)] for person, days in ours.items()
    }
    for person, other, day in sorted(elsewhere):
        if day in ours.get(person, ()):
            bookings[person].append((other, day))
    others = {other for _, other, _ in elsewhere}
    return bookings, _titles(production, others, viewer)


def _cast_elsewhere(production, ours, dates) -> set[tuple[int, int, date]]:
    person = "strips__scene__characters__assignment__person"
    # One filter() call, so the values below read the same joined rows the filter kept.
    rows = (
        ShootDay.objects.filter(
            version__is_active=True,
            version__production__deleted_at__isnull=True,
            date__in=dates,
            strips__scene__omitted=False,
            **{f"{person}__in": list(ours)},
        )
        .exclude(version__production=production)
        .values_list(person, "version__production_id", "date")
        .distinct()
    )
    return set(rows)


def _crew_elsewhere(production, ours, dates) -> set[tuple[int, int, date]]:
    roles = list(
        Assignment.objects.filter(
            person_id__in=list(ours),
            role_kind__in=ON_SET,
            production__deleted_at__isnull=True,
        )
        .exclude(production=production)
        .values_list("person_id", "production_id", "start_date", "end_date")
    )
    if not roles:
        return set()
    shooting = ShootDay.objects.filter(
        version__is_active=True,
        version__production_id__in={production_id for _, production_id, _, _ in roles},
        date__in=dates,
    ).values_list("version__production_id", "date")
    days_of: dict[int, list[date]] = defaultdict(list)
    for production_id, day in shooting:
        days_of[production_id].append(day)
    return {
        (person, production_id, day)
        for person, production_id, start, end in roles
        for day in days_of[production_id]
        if (start is None or start <= day) and (end is None or day <= end)
    }


def _titles(production: Production, others: set[int], viewer) -> dict[int, str]:
    titles = {production.pk: production.title}
    if not others:
        return titles
    visible = (
        dict(productions_for_user(viewer).filter(pk__in=others).values_list("pk", "title"))
        if viewer is not None
        else {}
    )
    for other in others:
        titles[other] = visible.get(other, ANOTHER_PRODUCTION)
    return titles


def conflict_data(conflict: Conflict) -> dict:
    """Return a conflict as plain JSON values."""
    ids = {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in conflict.ids.items()
    }
    return {
        "kind": str(conflict.kind),
        "date": conflict.date.isoformat(),
        "message": conflict.message,
        "ids": ids,
    }
