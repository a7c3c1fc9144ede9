"""Compare two schedule versions: which scenes moved, which days changed, the hold cost."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schedules.models import ScheduleVersion, Strip
from schedules.selectors.cast_holds import HoldCost, hold_cost_for
from schedules.selectors.snapshot import _natural


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
