"""Schedule conflicts, found from plain values: who or what cannot be where the schedule says.

Each check takes the planned shoot days and returns ``Conflict`` values with a message a
coordinator can act on. ``schedule_conflicts`` runs them all and sorts the result by date.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from schedules.eighths import format_eighths

Id = str | int


class ConflictKind(StrEnum):
    UNAVAILABLE = "unavailable"
    DOUBLE_BOOKED = "double_booked"
    OVER_CAPACITY = "over_capacity"
    LOCATION_UNAVAILABLE = "location_unavailable"
    TURNAROUND = "turnaround"


@dataclass(frozen=True)
class Conflict:
    """One problem on one date.

    `ids` names what is involved, by kind:
    unavailable ``person, shoot_day``; double_booked ``person, productions``;
    over_capacity ``shoot_day, measure`` (``"eighths"`` or ``"minutes"``);
    location_unavailable ``location, shoot_day, scenes``; turnaround ``shoot_day, next_shoot_day``.
    """

    kind: ConflictKind
    date: date
    message: str
    ids: Mapping[str, Id | tuple[Id, ...]]


@dataclass(frozen=True)
class Person:
    id: Id
    name: str
    cast_id: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.cast_id})" if self.cast_id else self.name


@dataclass(frozen=True)
class Unavailability:
    """A person or location that cannot work from `start` to `end`, both included."""

    subject_id: Id
    start: date
    end: date | None = None
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= (self.end or self.start)


@dataclass(frozen=True)
class PlannedScene:
    id: Id
    number: str
    eighths: int = 0
    minutes: int = 0
    location_id: Id | None = None
    night: bool = False
    people: frozenset[Id] = frozenset()


@dataclass(frozen=True)
class PlannedDay:
    """A shoot day as scheduled: its scenes, who is called, its times and its limits.

    `people` are called in addition to the scenes' own people (crew, stand-ins). `call` and
    `wrap` (estimated) must be timezone-aware.
    """

    id: Id
    date: date
    scenes: tuple[PlannedScene, ...] = ()
    people: frozenset[Id] = frozenset()
    number: int | None = None
    location_id: Id | None = None
    call: datetime | None = None
    wrap: datetime | None = None
    max_eighths: int | None = None
    max_minutes: int | None = None
    everyone: frozenset[Id] = field(init=False)

    def __post_init__(self) -> None:
        scene_people = (person for scene in self.scenes for person in scene.people)
        object.__setattr__(self, "everyone", self.people.union(scene_people))


def schedule_conflicts(
    days: Iterable[PlannedDay],
    *,
    people: Mapping[Id, Person] | None = None,
    unavailable: Iterable[Unavailability] = (),
    location_names: Mapping[Id, str] | None = None,
    location_unavailable: Iterable[Unavailability] = (),
    bookings: Mapping[Id, Iterable[tuple[Id, date]]] | None = None,
    production_titles: Mapping[Id, str] | None = None,
    min_turnaround_hours: float = 11,
) -> list[Conflict]:
    """Return every conflict of the schedule, ordered by date, then kind, then message."""
    days = list(days)
    found = [
        *unavailable_conflicts(days, unavailable, people),
        *double_booked_conflicts(bookings or {}, people, production_titles),
        *capacity_conflicts(days),
        *location_conflicts(days, location_unavailable, location_names),
        *turnaround_conflicts(days, min_turnaround_hours),
    ]
    return sort_conflicts(found)


def sort_conflicts(conflicts: Iterable[Conflict]) -> list[Conflict]:
    """Return `conflicts` ordered by date, then kind, then message."""
    order = {kind: index for index, kind in enumerate(ConflictKind)}
    return sorted(conflicts, key=lambda c: (c.date, order[c.kind], c.message))


def unavailable_conflicts(
    days: Iterable[PlannedDay],
    unavailable: Iterable[Unavailability],
    people: Mapping[Id, Person] | None = None,
) -> list[Conflict]:
    """Return a conflict for each person called on a day they are unavailable."""
    periods = _by_subject(unavailable)
    found = []
    for day in days:
        for person_id in sorted(day.everyone & periods.keys(), key=str):
            reasons = _reasons_on(periods[person_id], day.date)
            if reasons is None:
                continue
            who = _person_label(person_id, people)
            found.append(
                Conflict(
                    ConflictKind.UNAVAILABLE,
                    day.date,
                    f"{who} is unavailable on {format_day(day.date)}{reasons}",
                    {"person": person_id, "shoot_day": day.id},
                )
            )
    return found


def double_booked_conflicts(
    bookings: Mapping[Id, Iterable[tuple[Id, date]]],
    people: Mapping[Id, Person] | None = None,
    production_titles: Mapping[Id, str] | None = None,
) -> list[Conflict]:
    """Return a conflict for each person booked on two or more productions the same day."""
    titles = production_titles or {}
    found = []
    for person_id, booked in bookings.items():
        for day, productions in _productions_by_day(booked).items():
            if len(productions) < 2:
                continue
            named = ", ".join(str(titles.get(p, p)) for p in productions)
            who = _person_label(person_id, people)
            found.append(
                Conflict(
                    ConflictKind.DOUBLE_BOOKED,
                    day,
                    f"{who} is booked on {len(productions)} productions on "
                    f"{format_day(day)}: {named}",
                    {"person": person_id, "productions": tuple(productions)},
                )
            )
    return found


def capacity_conflicts(days: Iterable[PlannedDay]) -> list[Conflict]:
    """Return a conflict for each day scheduled past its page count or its hours."""
    found = []
    for day in days:
        eighths = sum(scene.eighths for scene in day.scenes)
        if day.max_eighths is not None and eighths > day.max_eighths:
            found.append(
                _over(
                    day,
                    "eighths",
                    f"{format_eighths(eighths)} pages scheduled, "
                    f"{format_eighths(day.max_eighths)} allowed",
                )
            )
        minutes = sum(scene.minutes for scene in day.scenes)
        if day.max_minutes is not None and minutes > day.max_minutes:
            found.append(
                _over(
                    day,
                    "minutes",
                    f"{format_minutes(minutes)} scheduled, "
                    f"{format_minutes(day.max_minutes)} allowed",
                )
            )
    return found


def location_conflicts(
    days: Iterable[PlannedDay],
    unavailable: Iterable[Unavailability],
    location_names: Mapping[Id, str] | None = None,
) -> list[Conflict]:
    """Return a conflict for each location used on a day it is unavailable."""
    periods = _by_subject(unavailable)
    names = location_names or {}
    found = []
    for day in days:
        for location_id, scenes in _scenes_by_location(day).items():
            reasons = _reasons_on(periods.get(location_id, []), day.date)
            if reasons is None:
                continue
            where = names.get(location_id, str(location_id))
            found.append(
                Conflict(
                    ConflictKind.LOCATION_UNAVAILABLE,
                    day.date,
                    f"{where} is unavailable on {format_day(day.date)}"
                    f"{_for_scenes(scenes)}{reasons}",
                    {
                        "location": location_id,
                        "shoot_day": day.id,
                        "scenes": tuple(scene.id for scene in scenes),
                    },
                )
            )
    return found


def turnaround_conflicts(days: Iterable[PlannedDay], min_hours: float = 11) -> list[Conflict]:
    """Return a conflict for each wrap followed by a call less than `min_hours` later.

    Consecutive shoot days are compared whether or not the first has night scenes: a day
    scene that runs late breaks the turnaround as surely. The conflict is dated on the day
    whose call comes too early. Days sharing a date (a second unit) are not compared.
    """
    needed = timedelta(hours=min_hours)
    ordered = sorted(days, key=lambda day: day.date)
    found = []
    for day, following in zip(ordered, ordered[1:], strict=False):
        if day.wrap is None or following.call is None or day.date == following.date:
            continue
        wrap, call = _aware(day.wrap, day), _aware(following.call, following)
        if call - wrap < needed:
            found.append(_turnaround(day, wrap, following, call, needed))
    return found


def format_day(day: date) -> str:
    """Return a date the way a call sheet writes it: "Tue 12 May"."""
    return f"{day:%a} {day.day} {day:%b}"


def format_minutes(minutes: int) -> str:
    """Return a duration as hours and minutes: 690 -> "11 h 30 min", 600 -> "10 h"."""
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{sign}{rest} min"
    return f"{sign}{hours} h {rest} min" if rest else f"{sign}{hours} h"


def _by_subject(periods: Iterable[Unavailability]) -> dict[Id, list[Unavailability]]:
    grouped: dict[Id, list[Unavailability]] = defaultdict(list)
    for period in periods:
        grouped[period.subject_id].append(period)
    return grouped


def _reasons_on(periods: Iterable[Unavailability], day: date) -> str | None:
    """Return ": reason; reason" for the periods covering `day`, "" if none give one, or None."""
    covering = [period for period in periods if period.covers(day)]
    if not covering:
        return None
    reasons = list(dict.fromkeys(period.reason for period in covering if period.reason))
    return f": {'; '.join(reasons)}" if reasons else ""


def _productions_by_day(booked: Iterable[tuple[Id, date]]) -> dict[date, list[Id]]:
    by_day: dict[date, list[Id]] = defaultdict(list)
    for production, day in booked:
        if production not in by_day[day]:
            by_day[day].append(production)
    return dict(sorted(by_day.items()))


def _scenes_by_location(day: PlannedDay) -> dict[Id, list[PlannedScene]]:
    by_location: dict[Id, list[PlannedScene]] = {}
    if day.location_id is not None:
        by_location[day.location_id] = []
    for scene in day.scenes:
        if scene.location_id is not None:
            by_location.setdefault(scene.location_id, []).append(scene)
    return by_location


def _for_scenes(scenes: list[PlannedScene]) -> str:
    if not scenes:
        return ""
    numbers = ", ".join(scene.number for scene in scenes)
    return f" for scene{'s' if len(scenes) > 1 else ''} {numbers}"


def _over(day: PlannedDay, measure: str, detail: str) -> Conflict:
    name = f"Day {day.number}, {format_day(day.date)}" if day.number else format_day(day.date)
    noun = "page count" if measure == "eighths" else "hours"
    return Conflict(
        ConflictKind.OVER_CAPACITY,
        day.date,
        f"{name} is over its {noun}: {detail}",
        {"shoot_day": day.id, "measure": measure},
    )


def _turnaround(
    day: PlannedDay, wrap: datetime, following: PlannedDay, call: datetime, needed: timedelta
) -> Conflict:
    kind = "night wrap" if any(scene.night for scene in day.scenes) else "wrap"
    message = (
        f"Only {format_minutes(_minutes(call - wrap))} turnaround between the {kind} of "
        f"{format_day(day.date)} ({wrap:%H:%M}) and the {call:%H:%M} call on "
        f"{format_day(following.date)}; {format_minutes(_minutes(needed))} needed"
    )
    return Conflict(
        ConflictKind.TURNAROUND,
        following.date,
        message,
        {"shoot_day": day.id, "next_shoot_day": following.id},
    )


def _minutes(duration: timedelta) -> int:
    return int(duration.total_seconds() // 60)


def _aware(moment: datetime, day: PlannedDay) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"shoot day {day.id} has a naive call or wrap time: {moment}")
    return moment


def _person_label(person_id: Id, people: Mapping[Id, Person] | None) -> str:
    person = (people or {}).get(person_id)
    return person.label if person else str(person_id)
