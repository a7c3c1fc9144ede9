"""What the cast's hold days cost: from a board already loaded, or from a version."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from productions.models import Character, Production
from schedules.dood import DoodRow, day_out_of_days
from schedules.models import CastEvent, ScheduleVersion
from schedules.selectors.dood_table import _dood_input, dood_for
from schedules.selectors.snapshot import BoardDay, _Snapshot


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
