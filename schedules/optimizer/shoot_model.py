"""The real shoot in index form, its state while the search moves scenes, and its cost.

``_Model`` turns a ``ShootProblem`` into indexes (scenes, day positions, cast, locations) with
what each scene may do (its allowed days); ``_State`` keeps which scenes are on which day with
each cast member's work days and span and each day's load, updated in place as scenes move;
``_evaluate`` prices a state (hold days, company moves) and ``_violations`` says what it breaks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schedules.optimizer.shoot_types import LocationId, SceneId, ShootProblem


def _cents(value: int | Decimal | float) -> int:
    if isinstance(value, bool):
        raise ValueError("a rate must be a number")
    if isinstance(value, int):
        return value
    amount = Decimal(str(value)) * 100
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _Model:
    """The problem in index form: scenes 0..S-1, day positions 0..D-1, cast 0..C-1."""

    def __init__(self, problem: ShootProblem) -> None:
        self.problem = problem
        scene_ids = [s.id for s in problem.scenes]
        if len(set(scene_ids)) != len(scene_ids):
            raise ValueError("scene ids must be unique")
        days = sorted(problem.days, key=lambda d: d.index)
        if len({d.index for d in days}) != len(days):
            raise ValueError("day indexes must be unique")
        if not days:
            raise ValueError("a shoot needs at least one day")
        cast_ids = [c.id for c in problem.cast]
        if len(set(cast_ids)) != len(cast_ids):
            raise ValueError("cast ids must be unique")
        self.days = days
        self.D = len(days)
        self.position_of_day = {d.index: p for p, d in enumerate(days)}
        self.cast_index = {c.id: i for i, c in enumerate(problem.cast)}
        self.rate = [_cents(c.rate) for c in problem.cast]
        if any(r < 0 for r in self.rate):
            raise ValueError("rates cannot be negative")
        self.move_cost = _cents(problem.settings.move_cost)
        self.keep_nights = problem.settings.keep_night_blocks
        self.C = len(problem.cast)

        self.scenes = list(problem.scenes)
        self.S = len(self.scenes)
        self.index_of_scene = {s.id: i for i, s in enumerate(self.scenes)}
        self.cast_of: list[list[int]] = []
        for s in self.scenes:
            members = []
            for cid in s.cast:
                if cid not in self.cast_index:
                    raise ValueError(f"scene {s.id!r} names cast {cid!r}, who is not in the cast")
                members.append(self.cast_index[cid])
            self.cast_of.append(sorted(members))
        self.eighths = [max(0, s.eighths) for s in self.scenes]
        self.minutes = [max(0, s.minutes) for s in self.scenes]
        self.night = [bool(s.is_night) for s in self.scenes]
        locations: dict[LocationId, int] = {}
        self.location = []
        for s in self.scenes:
            if s.location is None:
                self.location.append(-1)
            else:
                self.location.append(locations.setdefault(s.location, len(locations)))
        self.location_ids = list(locations)
        self.L = len(locations)
        inf = math.inf
        self.cap_e = [inf if d.capacity_eighths is None else d.capacity_eighths for d in days]
        self.cap_m = [inf if d.capacity_minutes is None else d.capacity_minutes for d in days]
        # available[c][p]: cast member c can work on day position p.
        self.available = [
            [d.date is None or d.date not in c.unavailable for d in days] for c in problem.cast
        ]
        self.locked = []
        for s in self.scenes:
            if s.locked_day is None:
                self.locked.append(-1)
            elif s.locked_day in self.position_of_day:
                self.locked.append(self.position_of_day[s.locked_day])
            else:
                raise ValueError(f"scene {s.id!r} is locked to day {s.locked_day}, not a shoot day")
        # Days each scene may go on, whatever else is on them.
        self.allowed: list[list[int]] = []
        for i in range(self.S):
            if self.locked[i] >= 0:
                candidates = [self.locked[i]]
            else:
                candidates = list(range(self.D))
            self.allowed.append(
                [p for p in candidates if all(self.available[c][p] for c in self.cast_of[i])]
            )
        self.scenes_of_cast: list[list[int]] = [[] for _ in range(self.C)]
        for i, members in enumerate(self.cast_of):
            for c in members:
                self.scenes_of_cast[c].append(i)
        self.scenes_of_location: list[list[int]] = [[] for _ in range(self.L)]
        for i, loc in enumerate(self.location):
            if loc >= 0:
                self.scenes_of_location[loc].append(i)

    def day_label(self, p: int) -> str:
        return str(self.days[p].index)


class _State:
    """Which scenes are on which day, with what each cast member's days and each day's load are."""

    def __init__(self, model: _Model, days: list[list[int]]) -> None:
        self.model = model
        D, C = model.D, model.C
        self.days = [list(d) for d in days]
        self.day_of = [-1] * model.S
        self.load_e = [0] * D
        self.load_m = [0] * D
        self.nights = [0] * D
        self.count = [[0] * D for _ in range(C)]
        self.work = [0] * C  # days worked
        for p, scenes in enumerate(self.days):
            for i in scenes:
                self.day_of[i] = p
                self.load_e[p] += model.eighths[i]
                self.load_m[p] += model.minutes[i]
                self.nights[p] += model.night[i]
                for c in model.cast_of[i]:
                    if self.count[c][p] == 0:
                        self.work[c] += 1
                    self.count[c][p] += 1
        self.first = [0] * C
        self.last = [0] * C
        for c in range(C):
            self._span(c)

    def copy_days(self) -> list[list[int]]:
        return [list(d) for d in self.days]

    def _span(self, c: int) -> None:
        row = self.count[c]
        if not self.work[c]:
            self.first[c], self.last[c] = 0, -1
            return
        f = 0
        while not row[f]:
            f += 1
        last = len(row) - 1
        while not row[last]:
            last -= 1
        self.first[c], self.last[c] = f, last

    def hold_days(self, c: int) -> int:
        if not self.work[c]:
            return 0
        return self.last[c] - self.first[c] + 1 - self.work[c]

    def hold_cost(self) -> int:
        rate = self.model.rate
        return sum(rate[c] * self.hold_days(c) for c in range(self.model.C))

    def remove(self, i: int) -> int:
        m = self.model
        p = self.day_of[i]
        self.days[p].remove(i)
        self.day_of[i] = -1
        self.load_e[p] -= m.eighths[i]
        self.load_m[p] -= m.minutes[i]
        self.nights[p] -= m.night[i]
        for c in m.cast_of[i]:
            self.count[c][p] -= 1
            if self.count[c][p] == 0:
                self.work[c] -= 1
                self._span(c)
        return p

    def insert(self, i: int, p: int) -> None:
        m = self.model
        self.days[p].append(i)
        self.day_of[i] = p
        self.load_e[p] += m.eighths[i]
        self.load_m[p] += m.minutes[i]
        self.nights[p] += m.night[i]
        for c in m.cast_of[i]:
            if self.count[c][p] == 0:
                self.work[c] += 1
                if self.work[c] == 1:
                    self.first[c] = self.last[c] = p
                else:
                    if p < self.first[c]:
                        self.first[c] = p
                    if p > self.last[c]:
                        self.last[c] = p
            self.count[c][p] += 1

    def fits(self, i: int, p: int) -> bool:
        m = self.model
        return (
            self.load_e[p] + m.eighths[i] <= m.cap_e[p]
            and self.load_m[p] + m.minutes[i] <= m.cap_m[p]
        )

    def hold_delta(self, i: int, p: int) -> int:
        """Return what putting scene ``i`` on day ``p`` adds in hold cost."""
        m = self.model
        delta = 0
        for c in m.cast_of[i]:
            if self.count[c][p] or not self.work[c]:
                continue
            f, last = self.first[c], self.last[c]
            if p < f:
                delta += m.rate[c] * (f - p - 1)
            elif p > last:
                delta += m.rate[c] * (p - last - 1)
            else:
                delta -= m.rate[c]  # a hold day becomes a work day
        return delta

    def night_blocks(self) -> int:
        blocks, inside = 0, False
        for n in self.nights:
            if n and not inside:
                blocks += 1
            inside = bool(n)
        return blocks


def _day_orders(model: _Model, days: list[list[int]]) -> list[list[int]]:
    """Order each day's scenes: by location, continuing from yesterday's and into tomorrow's."""
    loc = model.location
    out: list[list[int]] = []
    previous_last = -1
    for p, scenes in enumerate(days):
        groups: dict[int, list[int]] = {}
        for i in sorted(scenes):
            groups.setdefault(loc[i], []).append(i)
        unlocated = groups.pop(-1, [])
        keys = list(groups)
        if previous_last in groups:
            keys.remove(previous_last)
            keys.insert(0, previous_last)
        if len(keys) > 1 and p + 1 < len(days):
            tomorrow = {loc[i] for i in days[p + 1]}
            for k in keys[1:]:
                if k in tomorrow:
                    keys.remove(k)
                    keys.append(k)
                    break
        order = [i for k in keys for i in groups[k]] + unlocated
        if keys:
            previous_last = keys[-1]
        out.append(order)
    return out


def _moves(model: _Model, ordered_days: list[list[int]]) -> int:
    """Return company moves within days plus returns to locations already left."""
    loc = model.location
    moves = 0
    runs = [0] * model.L
    current = -1  # the location the company is at, across days
    for scenes in ordered_days:
        day_current = -1
        for i in scenes:
            location = loc[i]
            if location < 0:
                continue
            if day_current >= 0 and location != day_current:
                moves += 1
            day_current = location
            if location != current:
                runs[location] += 1
                current = location
    return moves + sum(r - 1 for r in runs if r > 1)


@dataclass
class _Evaluation:
    cost: int
    hold_cost: int
    move_cost: int
    moves: int
    ordered: list[list[int]]


def _evaluate(state: _State, ordered: list[list[int]] | None = None) -> _Evaluation:
    model = state.model
    if ordered is None:
        ordered = _day_orders(model, state.days)
    moves = _moves(model, ordered)
    hold = state.hold_cost()
    move = moves * model.move_cost
    return _Evaluation(hold + move, hold, move, moves, ordered)


def _input_days(model: _Model, assignment: Mapping[SceneId, int | tuple[int, int]]):
    """Return the AD's days as ordered scene lists, the scenes off the board, and the problems."""
    problems: list[str] = []
    placed: list[list[tuple[int, int, int]]] = [[] for _ in range(model.D)]
    off: list[int] = []  # scenes that must be put back somewhere
    for seq, (sid, where) in enumerate(assignment.items()):
        if sid not in model.index_of_scene:
            raise ValueError(f"the assignment names scene {sid!r}, which is not in the problem")
        i = model.index_of_scene[sid]
        if isinstance(where, tuple):
            day_index, position = where
        else:
            day_index, position = where, seq
        p = model.position_of_day.get(day_index)
        if p is None:
            problems.append(f"scene {sid} is on day {day_index}, which is not a shoot day")
            off.append(i)
            continue
        placed[p].append((position, seq, i))
    days = [[i for _, _, i in sorted(entries)] for entries in placed]
    unscheduled = [s.id for s in model.scenes if s.id not in assignment]
    return days, off, problems, unscheduled


def _violations(model: _Model, state: _State, allowed_blocks: int) -> list[tuple[str, list[int]]]:
    """Return each broken constraint with the scenes that would have to move to mend it."""
    out: list[tuple[str, list[int]]] = []
    for p, scenes in enumerate(state.days):
        label = model.day_label(p)
        for i in scenes:
            sid = model.scenes[i].id
            if model.locked[i] >= 0 and model.locked[i] != p:
                locked = model.day_label(model.locked[i])
                out.append((f"scene {sid} is locked to day {locked} but is on day {label}", [i]))
            for c in model.cast_of[i]:
                if not model.available[c][p]:
                    who = model.problem.cast[c].id
                    out.append((f"{who} is unavailable on day {label} (scene {sid})", [i]))
        over_e = state.load_e[p] - model.cap_e[p]
        over_m = state.load_m[p] - model.cap_m[p]
        if over_e > 0 or over_m > 0:
            # Take unlocked scenes off the end of the day until it fits.
            movable = [i for i in scenes if model.locked[i] != p]
            taken: list[int] = []
            e, mi = state.load_e[p], state.load_m[p]
            for i in reversed(movable):
                if e <= model.cap_e[p] and mi <= model.cap_m[p]:
                    break
                taken.append(i)
                e -= model.eighths[i]
                mi -= model.minutes[i]
            what = []
            if over_e > 0:
                what.append(f"{state.load_e[p]}/8 pages of {model.cap_e[p]}/8")
            if over_m > 0:
                what.append(f"{state.load_m[p]} minutes of {model.cap_m[p]}")
            out.append((f"day {label} is over capacity: {' and '.join(what)}", taken))
    if model.keep_nights and state.night_blocks() > allowed_blocks:
        out.append((f"night scenes are split into {state.night_blocks()} stretches", []))
    return out
