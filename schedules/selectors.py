"""Every non-trivial read of a schedule, each in a fixed number of queries.

The board, the Day Out of Days, the conflicts, the hold cost and the calendar feeds are all
computed here from plain values handed to the pure modules (``dood``, ``conflicts``,
``calendar_feed``); this module only decides what to load and how.

Over 600 lines, knowingly for now: the board, the Day Out of Days' hold cost and the
conflicts all read the same snapshot of the board (``_snapshot``, ``_placed``), and the board
shows the other two, so a cut needs that snapshot in a module of its own first. That was left
for a quiet moment (issue #13), since the stripboard work was changing the board here.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from crew.models import Assignment, Person, Unavailability
from productions.models import (
    BreakdownElement,
    Character,
    LocationUnavailability,
    Production,
    Scene,
)
from productions.selectors import productions_for_user
from schedules import conflicts as pure_conflicts
from schedules.calendar_feed import FeedEvent, person_feed, production_feed
from schedules.conflicts import Conflict, PlannedDay, PlannedScene
from schedules.dood import DoodInput, DoodRow, day_out_of_days, dood_calendar, dood_csv, hold_cost
from schedules.eighths import format_eighths
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
from schedules.services import feed_token_hash, part_measure

# The roles called to set every shoot day; producers and writers are not.
ON_SET = (Assignment.RoleKind.CREW, Assignment.RoleKind.DIRECTOR)
ANOTHER_PRODUCTION = "another production"


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", text)]


# ---------------------------------------------------------------- versions and settings


def active_version(production: Production) -> ScheduleVersion | None:
    return production.schedule_versions.filter(is_active=True).first()


def versions_of(production: Production) -> QuerySet[ScheduleVersion]:
    return production.schedule_versions.select_related("created_by", "based_on").order_by(
        "-is_active", "-created_at", "-pk"
    )


def settings_of(production: Production) -> ScheduleSettings:
    """Return the production's settings, or the defaults (unsaved) if it has none yet."""
    found = ScheduleSettings.objects.filter(production=production).first()
    return found or ScheduleSettings(production=production)


def holidays_of(production: Production) -> QuerySet[Holiday]:
    return production.holidays.order_by("date")


def cast_events_of(production: Production) -> QuerySet[CastEvent]:
    return production.cast_events.select_related("character").order_by("date", "character__name")


def changes_of(production: Production) -> QuerySet[BoardChange]:
    return (
        BoardChange.objects.filter(version__production=production)
        .select_related("user", "version")
        .order_by("-at", "-pk")
    )


def last_change(version: ScheduleVersion) -> BoardChange | None:
    return version.changes.select_related("user").first()


def cast_characters(production: Production) -> QuerySet[Character]:
    """Return the characters the Day Out of Days counts: a cast ID and an actor."""
    return (
        production.characters.exclude(cast_id="")
        .filter(assignment__isnull=False)
        .select_related("assignment__person")
    )


# ---------------------------------------------------------------- the board


@dataclass(frozen=True)
class BoardStrip:
    """A strip as the board shows it."""

    id: int | None
    kind: str
    scene: Scene | None = None
    part: int | None = None
    eighths: int = 0
    minutes: int = 0
    text: str = ""
    cast_ids: tuple[str, ...] = ()
    people: frozenset[int] = frozenset()

    @property
    def is_banner(self) -> bool:
        return self.kind == Strip.Kind.BANNER

    @property
    def label(self) -> str:
        if self.scene is None:
            return self.text
        return f"{self.scene.number} pt {self.part}" if self.part else self.scene.number

    @property
    def pages(self) -> str:
        return format_eighths(self.eighths)

    @property
    def colour(self) -> str:
        return self.scene.strip_colour if self.scene else "banner"

    @property
    def day_night(self) -> str:
        return "N" if self.scene and self.scene.is_night else "D"


@dataclass
class BoardDay:
    day: ShootDay
    strips: list[BoardStrip]
    total: int
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def scenes(self) -> list[BoardStrip]:
        return [strip for strip in self.strips if not strip.is_banner]

    @property
    def eighths(self) -> int:
        return sum(strip.eighths for strip in self.strips)

    @property
    def pages(self) -> str:
        return format_eighths(self.eighths)

    @property
    def minutes(self) -> int:
        return sum(strip.minutes for strip in self.strips)

    @property
    def duration(self) -> str:
        return pure_conflicts.format_minutes(self.minutes)

    @property
    def cast_ids(self) -> list[str]:
        return sorted({c for strip in self.strips for c in strip.cast_ids}, key=_natural)


@dataclass(frozen=True)
class CastHold:
    key: str
    character: str
    person: str
    hold_days: int
    daily_rate: Decimal | None
    cost: Decimal | None


@dataclass(frozen=True)
class HoldCost:
    rows: list[CastHold]
    currency: str

    @property
    def total(self) -> Decimal:
        return sum((row.cost for row in self.rows if row.cost is not None), Decimal(0))

    @property
    def hold_days(self) -> int:
        return sum(row.hold_days for row in self.rows)


@dataclass
class Board:
    production: Production
    version: ScheduleVersion | None
    settings: ScheduleSettings
    days: list[BoardDay]
    unscheduled: list[BoardStrip]
    conflicts: list[Conflict]
    hold: HoldCost

    @property
    def revision(self) -> int:
        return self.version.revision if self.version else 0

    @cached_property
    def total_eighths(self) -> int:
        return sum(day.eighths for day in self.days)


@dataclass
class _Snapshot:
    """What one version of the schedule is made of, loaded in a fixed number of queries.

    ``cast`` holds each scene's characters, with their actor's assignment and person.
    """

    production: Production
    version: ScheduleVersion | None
    settings: ScheduleSettings
    days: list[ShootDay]
    strips: list[Strip]
    scenes: dict[int, Scene]
    cast: dict[int, list[Character]]

    @cached_property
    def tz(self):
        return self.production.tz

    @cached_property
    def holidays(self) -> dict[date, str]:
        return dict(self.production.holidays.values_list("date", "name"))

    @cached_property
    def characters(self) -> dict[int, Character]:
        return {c.pk: c for cast in self.cast.values() for c in cast}


SCENE_FIELDS = (
    "production_id",
    "number",
    "int_ext",
    "set_name",
    "time_of_day",
    "synopsis",
    "page_eighths",
    "estimated_minutes",
    "script_order",
    "omitted",
    "location__name",
)


def _scenes(production: Production) -> tuple[dict[int, Scene], dict[int, list[Character]]]:
    """Return the live scenes, and each one's characters.

    The characters come in one query of their own and the scene-character pairs as plain
    values: a prefetch would build a Character, an Assignment and a Person per pair.
    """
    scenes = (
        Scene.objects.filter(production=production, omitted=False)
        .select_related("location")
        .only(*SCENE_FIELDS)
        .order_by("script_order", "pk")
    )
    scenes = {scene.pk: scene for scene in scenes}
    characters = {
        c.pk: c
        for c in Character.objects.filter(production=production).select_related(
            "assignment__person"
        )
    }
    pairs = Scene.characters.through.objects.filter(
        scene__production=production, scene__omitted=False
    ).values_list("scene_id", "character_id")
    cast: dict[int, list[Character]] = defaultdict(list)
    for scene_id, character_id in pairs:
        cast[scene_id].append(characters[character_id])
    return scenes, cast


def _snapshot(production: Production, version: ScheduleVersion | None = None) -> _Snapshot:
    version = version or active_version(production)
    settings = settings_of(production)
    if version is None:
        return _Snapshot(production, None, settings, [], [], *_scenes(production))
    days = list(version.days.select_related("location").order_by("date", "pk"))
    strips = list(version.strips.order_by("order", "pk"))
    return _Snapshot(production, version, settings, days, strips, *_scenes(production))


def _board_strip(strip: Strip | None, scene: Scene | None, cast: list[Character]) -> BoardStrip:
    if scene is None:
        return BoardStrip(id=strip.pk, kind=Strip.Kind.BANNER, text=strip.text)
    part = strip.part if strip else None
    eighths, minutes = part_measure(scene, strip.eighths if strip else None)
    return BoardStrip(
        id=strip.pk if strip else None,
        kind=Strip.Kind.SCENE,
        scene=scene,
        part=part,
        eighths=eighths,
        minutes=minutes,
        cast_ids=tuple(sorted((c.cast_id for c in cast if c.cast_id), key=_natural)),
        people=frozenset(c.assignment.person_id for c in cast if c.assignment_id),
    )


def _placed(snapshot: _Snapshot) -> tuple[dict[int | None, list[BoardStrip]], list[BoardStrip]]:
    """Return the strips by day id (None: the boneyard), and the boneyard in order.

    Scenes without a strip (imported since the last save) show at the end of the boneyard;
    strips of scenes omitted since drop off the board.
    """
    by_day: dict[int | None, list[BoardStrip]] = defaultdict(list)
    placed_scenes = set()
    for strip in snapshot.strips:
        if strip.kind == Strip.Kind.BANNER:
            by_day[strip.day_id].append(_board_strip(strip, None, []))
            continue
        scene = snapshot.scenes.get(strip.scene_id)
        if scene is None:
            continue
        placed_scenes.add(scene.pk)
        by_day[strip.day_id].append(_board_strip(strip, scene, snapshot.cast[scene.pk]))
    for scene in snapshot.scenes.values():
        if scene.pk not in placed_scenes:
            by_day[None].append(_board_strip(None, scene, snapshot.cast[scene.pk]))
    return by_day, by_day[None]


def board_for(
    production: Production, *, version: ScheduleVersion | None = None, viewer=None
) -> Board:
    """Return the board of ``version`` (default: the active one), with conflicts and hold cost."""
    snapshot = _snapshot(production, version)
    by_day, unscheduled = _placed(snapshot)
    total = len(snapshot.days)
    days = [BoardDay(day, by_day.get(day.pk, []), total) for day in snapshot.days]
    found = _conflicts(snapshot, days, viewer=viewer)
    by_date = {day.day.date: day for day in days}
    for conflict in found:
        if conflict.date in by_date:
            by_date[conflict.date].conflicts.append(conflict)
    hold = _hold_cost_of_board(snapshot, days)
    return Board(production, snapshot.version, snapshot.settings, days, unscheduled, found, hold)


def board_layout_for(production: Production, *, version: ScheduleVersion | None = None) -> Board:
    """Return the board's days and strips only, without conflicts or hold cost: what the API's
    board sends (the conflicts have an endpoint of their own), at a fraction of the cost."""
    snapshot = _snapshot(production, version)
    by_day, unscheduled = _placed(snapshot)
    total = len(snapshot.days)
    days = [BoardDay(day, by_day.get(day.pk, []), total) for day in snapshot.days]
    hold = HoldCost([], production.currency)
    return Board(production, snapshot.version, snapshot.settings, days, unscheduled, [], hold)


# ---------------------------------------------------------------- Day Out of Days


TO_BE_CAST = "to be cast"


@dataclass(frozen=True)
class DoodColumn:
    date: date
    kind: str  # "shoot", "holiday" or "off"
    day_number: int | None = None
    holiday: str = ""


@dataclass(frozen=True)
class DoodLine:
    key: str
    cast_id: str
    character: str
    person: str
    row: DoodRow
    daily_rate: Decimal | None = None
    hold_cost: Decimal | None = None
    # A character with a cast ID but no actor booked: its row counts the days to book a day
    # player for, and its hold cost is unknown (None), never zero.
    to_be_cast: bool = False


@dataclass(frozen=True)
class DoodTable:
    columns: list[DoodColumn]
    lines: list[DoodLine]
    category: str
    currency: str

    @property
    def days(self) -> list[date]:
        return [column.date for column in self.columns]

    @property
    def hold_total(self) -> Decimal:
        return sum((line.hold_cost for line in self.lines if line.hold_cost), Decimal(0))

    @property
    def to_be_cast(self) -> list[DoodLine]:
        """Return the rows of roles no actor is booked for: the hold total leaves them out."""
        return [line for line in self.lines if line.to_be_cast]

    @property
    def shoot_day_count(self) -> int:
        return sum(1 for column in self.columns if column.kind == "shoot")


def _cents(rate: Decimal | None) -> int | None:
    return None if rate is None else int((rate * 100).to_integral_value())


def _dood_input(
    shoot_days: Mapping[date, int],
    work: dict[str, set[date]],
    events: dict[str, dict[date, str]],
    holidays: Mapping[date, str],
    settings: ScheduleSettings,
) -> DoodInput:
    every = set(shoot_days) | {d for evs in events.values() for d in evs}
    return DoodInput(
        calendar=dood_calendar(every),
        shoot_days=set(shoot_days),
        holidays=set(holidays),
        work=work,
        events=events,
        drop_after=settings.drop_after_days,
    )


def _columns(inp: DoodInput, shoot_days: Mapping[date, int], holidays) -> list[DoodColumn]:
    columns = []
    for day in inp.calendar:
        if day in holidays:
            columns.append(DoodColumn(day, "holiday", holiday=holidays[day]))
        elif day in shoot_days:
            columns.append(DoodColumn(day, "shoot", day_number=shoot_days[day]))
        else:
            columns.append(DoodColumn(day, "off"))
    return columns


def dood_for(
    production: Production,
    *,
    category: str = BreakdownElement.Category.CAST,
    version: ScheduleVersion | None = None,
) -> DoodTable:
    """Return the Day Out of Days of the cast (or of a breakdown category) on a version."""
    version = version or active_version(production)
    settings = settings_of(production)
    holidays = dict(production.holidays.values_list("date", "name"))
    days: dict[int, tuple[date, int]] = {}
    scene_days: dict[int, set[date]] = defaultdict(set)
    if version is not None:
        days = {pk: (d, n) for pk, d, n in version.days.values_list("pk", "date", "day_number")}
        placed = version.strips.filter(day__isnull=False, scene__omitted=False)
        for day_id, scene_id in placed.values_list("day_id", "scene_id"):
            scene_days[scene_id].add(days[day_id][0])
    shoot_days = dict(days.values())
    if category == BreakdownElement.Category.CAST:
        subjects, work, events = _cast_subjects(production, scene_days)
    else:
        subjects, work, events = _element_subjects(production, category, scene_days)
    inp = _dood_input(shoot_days, work, events, holidays, settings)
    rows = day_out_of_days(inp)
    lines = _dood_lines(rows, subjects)
    return DoodTable(_columns(inp, shoot_days, holidays), lines, category, production.currency)


@dataclass(frozen=True)
class _Subject:
    """A row's labels and rate: a cast member, or a breakdown element."""

    cast_id: str
    name: str
    person: str = ""
    rate: Decimal | None = None
    to_be_cast: bool = False


def _cast_subject(character: Character) -> _Subject:
    if character.assignment_id is None:
        return _Subject(character.cast_id, character.name, to_be_cast=True)
    assignment = character.assignment
    person = assignment.person.name
    return _Subject(character.cast_id, character.name, person, assignment.daily_rate)


def _cast_subjects(production: Production, scene_days: dict[int, set[date]]):
    # Every character with a cast ID, booked or not: an uncast role that works on the schedule
    # is the row casting and the budget need most (how many days to book a day player for).
    characters = {
        c.pk: c
        for c in production.characters.exclude(cast_id="").select_related("assignment__person")
    }
    subjects = {c.cast_id: _cast_subject(c) for c in characters.values()}
    work: dict[str, set[date]] = {c.cast_id: set() for c in characters.values()}
    pairs = Scene.characters.through.objects.filter(character_id__in=characters)
    for scene_id, character_id in pairs.values_list("scene_id", "character_id"):
        work[characters[character_id].cast_id] |= scene_days.get(scene_id, set())
    events: dict[str, dict[date, str]] = defaultdict(dict)
    rows = CastEvent.objects.filter(production=production, character_id__in=characters)
    for character_id, day, kind in rows.values_list("character_id", "date", "kind"):
        events[characters[character_id].cast_id][day] = kind
    # An uncast role gets a row once the schedule gives it a day; a booked actor always has one.
    for key, subject in subjects.items():
        if subject.to_be_cast and not work[key] and key not in events:
            del work[key]
    return subjects, work, dict(events)


def _element_subjects(production: Production, category: str, scene_days):
    elements = dict(
        production.elements.filter(category=category).values_list("pk", "name").order_by("name")
    )
    subjects = {name: _Subject("", name) for name in elements.values()}
    work: dict[str, set[date]] = {name: set() for name in elements.values()}
    pairs = Scene.elements.through.objects.filter(breakdownelement_id__in=elements)
    for scene_id, element_id in pairs.values_list("scene_id", "breakdownelement_id"):
        work[elements[element_id]] |= scene_days.get(scene_id, set())
    return subjects, work, {}


def _dood_lines(rows: dict[str, DoodRow], subjects: dict[str, _Subject]) -> list[DoodLine]:
    rates = {key: _cents(s.rate) for key, s in subjects.items() if s.rate is not None}
    costs = hold_cost(rows, rates)
    return [
        DoodLine(
            key=key,
            cast_id=subjects[key].cast_id,
            character=subjects[key].name,
            person=subjects[key].person,
            row=row,
            daily_rate=subjects[key].rate,
            hold_cost=Decimal(costs[key]) / 100 if key in costs else None,
            to_be_cast=subjects[key].to_be_cast,
        )
        for key, row in rows.items()
    ]


def dood_csv_text(table: DoodTable) -> str:
    labels = {
        line.key: (line.character, TO_BE_CAST if line.to_be_cast else line.person)
        for line in table.lines
    }
    rows = {line.key: line.row for line in table.lines}
    return dood_csv(rows, table.days, labels)


def _hold_cost_of_board(snapshot: _Snapshot, days: list[BoardDay]) -> HoldCost:
    """Return the hold cost from the board already loaded, without querying the scenes again."""
    characters = dict(snapshot.characters)
    work: dict[str, set[date]] = {}
    for day in days:
        for strip in day.scenes:
            for character in snapshot.cast[strip.scene.pk]:
                if character.cast_id and character.assignment_id:
                    work.setdefault(character.cast_id, set()).add(day.day.date)
    events: dict[str, dict[date, str]] = defaultdict(dict)
    rows = CastEvent.objects.filter(production=snapshot.production).select_related(
        "character__assignment__person"
    )
    for event in rows:
        character = event.character
        if character.cast_id and character.assignment_id:
            characters[character.pk] = character
            events[character.cast_id][event.date] = event.kind
    shoot_days = {day.day.date: day.day.day_number for day in days}
    inp = _dood_input(shoot_days, work, dict(events), snapshot.holidays, snapshot.settings)
    return _hold_rows(day_out_of_days(inp), characters.values(), snapshot.production)


def _hold_rows(rows: dict[str, DoodRow], characters: Iterable[Character], production) -> HoldCost:
    by_cast_id = {c.cast_id: c for c in characters if c.cast_id and c.assignment_id}
    holds = []
    for key, row in rows.items():
        character = by_cast_id[key]
        rate = character.assignment.daily_rate
        holds.append(
            CastHold(
                key,
                character.name,
                character.assignment.person.name,
                row.hold,
                rate,
                rate * row.hold if rate is not None else None,
            )
        )
    return HoldCost(holds, production.currency)


def hold_cost_for(production: Production, version: ScheduleVersion | None = None) -> HoldCost:
    """Return what the hold days of ``version`` (default: the active one) cost, per cast member."""
    table = dood_for(production, version=version)
    return HoldCost(
        [
            CastHold(
                line.key,
                line.character,
                line.person,
                line.row.hold,
                line.daily_rate,
                line.hold_cost,
            )
            for line in table.lines
        ],
        production.currency,
    )


# ---------------------------------------------------------------- conflicts


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


# ---------------------------------------------------------------- comparing versions


@dataclass(frozen=True)
class SceneMove:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class DayChange:
    label: str
    change: str


@dataclass(frozen=True)
class Comparison:
    a: ScheduleVersion
    b: ScheduleVersion
    moved: list[SceneMove]
    days: list[DayChange]
    hold_a: HoldCost
    hold_b: HoldCost

    @property
    def hold_difference(self) -> Decimal:
        return self.hold_b.total - self.hold_a.total


def _placement(version: ScheduleVersion) -> dict[tuple[int, int | None], tuple]:
    rows = version.strips.filter(kind=Strip.Kind.SCENE, scene__omitted=False).values_list(
        "scene_id", "part", "scene__number", "day__uid", "day__date", "day__day_number"
    )
    return {(scene, part): (number, uid, day, n) for scene, part, number, uid, day, n in rows}


def _where_label(uid, day: date | None, number: int | None) -> str:
    if uid is None:
        return "boneyard"
    return f"Day {number} ({day:%a %d %b})"


def versions_compare(a: ScheduleVersion, b: ScheduleVersion) -> Comparison:
    """Return which scenes moved and which days changed from ``a`` to ``b``, and the cost."""
    first, second = _placement(a), _placement(b)
    moved = []
    for key in sorted(first.keys() | second.keys(), key=lambda k: (str(k[0]), k[1] or 0)):
        old, new = first.get(key), second.get(key)
        number = (old or new)[0]
        label = f"{number} pt {key[1]}" if key[1] else number
        where_old = _where_label(*old[1:]) if old else "not on the board"
        where_new = _where_label(*new[1:]) if new else "not on the board"
        # The same day (by uid) on another date is a day that changed, not a scene that moved.
        if old is None or new is None or old[1] != new[1]:
            moved.append(SceneMove(label, where_old, where_new))
    moved.sort(key=lambda m: _natural(m.label))
    return Comparison(
        a,
        b,
        moved,
        _day_changes(a, b),
        hold_cost_for(a.production, a),
        hold_cost_for(b.production, b),
    )


def _day_changes(a: ScheduleVersion, b: ScheduleVersion) -> list[DayChange]:
    fields = ("uid", "date", "day_number", "general_call", "estimated_wrap", "location__name")
    old = {row[0]: row for row in a.days.values_list(*fields)}
    new = {row[0]: row for row in b.days.values_list(*fields)}
    changes = []
    for uid in old.keys() - new.keys():
        changes.append(DayChange(f"Day {old[uid][2]} ({old[uid][1]:%a %d %b})", "removed"))
    for uid in new.keys() - old.keys():
        changes.append(DayChange(f"Day {new[uid][2]} ({new[uid][1]:%a %d %b})", "added"))
    for uid in old.keys() & new.keys():
        before, after = old[uid], new[uid]
        label = f"Day {after[2]} ({after[1]:%a %d %b})"
        if before[1] != after[1]:
            changes.append(DayChange(label, f"moved from {before[1]:%a %d %b}"))
        if before[3:5] != after[3:5]:
            changes.append(DayChange(label, "call or wrap changed"))
        if before[5] != after[5]:
            changes.append(DayChange(label, f"location now {after[5] or 'none'}"))
    return sorted(changes, key=lambda c: c.label)


# ---------------------------------------------------------------- calendar feeds


def feed_token_find(token: str) -> FeedToken | None:
    """Return the live feed a URL token opens, or None."""
    if not token or len(token) > 100:
        return None
    return (
        FeedToken.objects.filter(
            token_hash=feed_token_hash(token), production__deleted_at__isnull=True
        )
        .select_related("production", "person")
        .first()
    )


def _day_times(day: ShootDay, at: time | None, settings: ScheduleSettings, tz):
    """Return an event's start and end: timed from the call, or the whole day."""
    if at is None:
        return day.date, day.date + timedelta(days=1)
    start = datetime.combine(day.date, at, tzinfo=tz)
    wrap = _combine(day.date, day.estimated_wrap, tz)
    if wrap is None or wrap == start:
        wrap = start + timedelta(minutes=settings.day_capacity_minutes or 720)
    elif wrap < start:
        wrap += timedelta(days=1)
    return start, wrap


def _event_times(day: ShootDay, settings: ScheduleSettings, tz) -> dict:
    start, end = _day_times(day, day.general_call, settings, tz)
    return {"start": start, "end": end}


def _feed_days(production: Production):
    version = active_version(production)
    if version is None:
        return None, [], {}
    days = list(version.days.select_related("location").order_by("date"))
    numbers: dict[int, list[str]] = defaultdict(list)
    strips = version.strips.filter(day__isnull=False, kind=Strip.Kind.SCENE, scene__omitted=False)
    for day_id, number, part in strips.order_by("order").values_list(
        "day_id", "scene__number", "part"
    ):
        numbers[day_id].append(f"{number} pt {part}" if part else number)
    return version, days, numbers


def _place(day: ShootDay) -> str:
    if day.location is None:
        return ""
    return ", ".join(part for part in (day.location.name, day.location.address) if part)


def _describe(day: ShootDay, scenes: list[str], extra: str = "") -> str:
    lines = []
    if scenes:
        lines.append(f"Scenes {', '.join(scenes)}")
    for label, at in (
        ("General call", day.general_call),
        ("Shooting call", day.shooting_call),
        ("Estimated wrap", day.estimated_wrap),
    ):
        if at is not None:
            lines.append(f"{label} {at:%H:%M}")
    if extra:
        lines.append(extra)
    if day.notes:
        lines.append(day.notes)
    return "\n".join(lines)


def production_feed_ics(production: Production) -> bytes:
    """Return the production's calendar: one event per shoot day of the active schedule."""
    version, days, numbers = _feed_days(production)
    settings = settings_of(production)
    events = [
        FeedEvent(
            uid=day.feed_uid,
            summary=f"Day {day.day_number} of {len(days)}: {production.title}",
            **_event_times(day, settings, production.tz),
            location=_place(day),
            description=_describe(day, numbers.get(day.pk, [])),
            last_modified=version.updated_at,
        )
        for day in days
    ]
    return production_feed(events, title=production.title, time_zone=production.time_zone)


def person_work_days(production: Production, person, days: list[ShootDay]) -> dict[int, list[str]]:
    """Return the days ``person`` works, by day id, with the scenes they are in.

    Cast work the days their characters' scenes are shot; crew and directors every shoot
    day within their assignment's dates; producers and writers are not called.
    """
    roles = list(
        Assignment.objects.filter(production=production, person=person).values_list(
            "pk", "role_kind", "start_date", "end_date"
        )
    )
    working: dict[int, list[str]] = {}
    for _, kind, start, end in roles:
        if kind in ON_SET:
            for day in days:
                if (start is None or start <= day.date) and (end is None or day.date <= end):
                    working.setdefault(day.pk, [])
    characters = Character.objects.filter(assignment_id__in=[pk for pk, *_ in roles])
    placed = (
        Strip.objects.filter(
            day__in=[day.pk for day in days],
            scene__characters__in=characters,
            scene__omitted=False,
        )
        .order_by("order")
        .values_list("day_id", "scene__number", "part")
        .distinct()
    )
    for day_id, number, part in placed:
        working.setdefault(day_id, []).append(f"{number} pt {part}" if part else number)
    return working


def person_feed_ics(production: Production, person) -> bytes:
    """Return one person's calls on the production: only the days they work."""
    version, days, numbers = _feed_days(production)
    settings = settings_of(production)
    working = person_work_days(production, person, days) if days else {}
    events = []
    for day in days:
        if day.pk not in working:
            continue
        start, end = _day_times(day, day.general_call, settings, production.tz)
        call = f"call {day.general_call:%H:%M}" if day.general_call else "call to be confirmed"
        mine = working[day.pk]
        events.append(
            FeedEvent(
                uid=f"{day.feed_uid.removesuffix('@studio')}-person-{person.pk}@studio",
                summary=f"{production.title}: {call} (Day {day.day_number} of {len(days)})",
                start=start,
                end=end,
                location=_place(day),
                description=_describe(
                    day, numbers.get(day.pk, []), f"Your scenes: {', '.join(mine)}" if mine else ""
                ),
                last_modified=version.updated_at,
            )
        )
    return person_feed(events, person=person.name, time_zone=production.time_zone)


# ---------------------------------------------------------------- shoot days, feeds, people


def shoot_days_of(production: Production) -> QuerySet[ShootDay]:
    """Return the active schedule's days, each with its scene strips in shooting order."""
    strips = Strip.objects.filter(kind=Strip.Kind.SCENE, scene__omitted=False).order_by(
        "order", "pk"
    )
    return (
        ShootDay.objects.filter(version__production=production, version__is_active=True)
        .select_related("location")
        .prefetch_related(Prefetch("strips", queryset=strips))
        .order_by("date", "pk")
    )


def person_of(user, production: Production):
    """Return the user's own person on the production (someone with a role on it), or None."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, assignments__production=production).first()


def feed_links(request, token: str) -> dict[str, str]:
    """Return a feed's absolute URL, and the same as webcal:// for one-tap subscribing."""
    url = request.build_absolute_uri(reverse("schedules:feed", kwargs={"token": token}))
    return {"url": url, "webcal": re.sub(r"^https?://", "webcal://", url)}
