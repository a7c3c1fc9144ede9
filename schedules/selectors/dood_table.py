"""The Day Out of Days of the cast or of a breakdown category, as a table and as CSV."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from productions.models import BreakdownElement, Character, Production, Scene
from schedules.dood import DoodInput, DoodRow, day_out_of_days, dood_calendar, dood_csv, hold_cost
from schedules.models import CastEvent, ScheduleSettings, ScheduleVersion
from schedules.selectors.schedule_settings import settings_of
from schedules.selectors.versions import active_version

TO_BE_CAST = "to be cast"


def cast_characters(production: Production) -> QuerySet[Character]:
    """Return the characters the Day Out of Days counts: a cast ID and an actor."""
    return (
        production.characters.exclude(cast_id="")
        .filter(assignment__isnull=False)
        .select_related("assignment__person")
    )


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
