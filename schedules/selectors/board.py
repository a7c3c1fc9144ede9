"""The stripboard: a version's days and strips, with its conflicts and hold cost."""

from dataclasses import dataclass
from functools import cached_property

from productions.models import Production
from schedules.conflicts import Conflict
from schedules.models import ScheduleSettings, ScheduleVersion
from schedules.selectors.cast_holds import HoldCost, _hold_cost_of_board
from schedules.selectors.conflict_inputs import _conflicts
from schedules.selectors.snapshot import BoardDay, BoardStrip, _placed, _snapshot


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
