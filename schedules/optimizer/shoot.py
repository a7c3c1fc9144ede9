"""Reorder a real shoot: scenes onto shoot days, with cast rates, locations and availability.

The objective is what a producer pays for the order itself:

* hold days: for each cast member, their daily rate times the shoot days from their first work
  day to their last, inclusive, less the days they work (shoot days only: days off between shoot
  days are not counted, every day in ``ShootProblem.days`` is);
* company moves: ``move_cost`` for each change of location between consecutive scenes of a day,
  and for each return to a location the company had already left (a location shot in three
  separate stretches costs two returns). Scenes without a location move nobody.

Constraints never broken by the optimizer: a locked scene stays on its day; nobody works a day
they are unavailable; no day holds more eighths or minutes than its capacity; with
``keep_night_blocks``, the days with night scenes form no more separate stretches than they do in
the input (at least one), so nights stay together.

Search: large-neighbourhood search from the AD's schedule. Each step takes scenes off the board
(all of one cast member's, all of one location's, every scene in a window of days, or a random
handful) and puts them back one at a time, the scene with the most to lose first (regret
insertion), or swaps two whole days, or moves a block of days elsewhere. A step is kept when it
does not cost more than a slowly shrinking tolerance above the best schedule found. The search
is deterministic for a given seed: it stops after ``max_iterations`` steps or after
``stall_iterations`` steps without improvement, whichever comes first, and ``time_limit`` /
``should_stop`` only cut it short (then how far it got depends on the machine).

The result is never worse than the input: when nothing better is found, the input comes back
unchanged (``improved`` False). An input that breaks a constraint is reported in
``input_violations``; the optimizer then takes the offending scenes off and puts them back where
they fit. If that works, the result is the best feasible schedule found, even if it costs more
than the infeasible input; if some scene fits nowhere, the input comes back unchanged with the
problems in ``violations``.

Money is whole cents throughout: a rate or move cost given as an ``int`` is cents, one given as a
``Decimal`` (or float) is currency units and is converted.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "ShootCast",
    "ShootDay",
    "ShootProblem",
    "ShootResult",
    "ShootScene",
    "ShootSettings",
    "evaluate_shoot",
    "explain",
    "optimize_shoot",
]

SceneId = Hashable
CastId = Hashable
LocationId = Hashable


@dataclass(frozen=True)
class ShootScene:
    id: SceneId
    eighths: int = 0
    minutes: int = 0
    cast: frozenset[CastId] = frozenset()
    location: LocationId | None = None
    is_night: bool = False
    locked_day: int | None = None  # a ShootDay.index


@dataclass(frozen=True)
class ShootDay:
    index: int
    date: date | None = None
    capacity_eighths: int | None = None  # None: no limit
    capacity_minutes: int | None = None


@dataclass(frozen=True)
class ShootCast:
    id: CastId
    rate: int | Decimal = 0  # per shoot day: int cents, or Decimal currency units
    unavailable: frozenset[date] = frozenset()


@dataclass(frozen=True)
class ShootSettings:
    move_cost: int | Decimal = 0  # per company move: int cents, or Decimal currency units
    keep_night_blocks: bool = False


@dataclass
class ShootProblem:
    scenes: Sequence[ShootScene]
    days: Sequence[ShootDay]
    cast: Sequence[ShootCast]
    # The AD's schedule: scene id -> day index, or -> (day index, position within the day).
    # With bare day indexes, scenes are shot in the mapping's order. Scenes left out are not
    # scheduled and are left alone.
    assignment: Mapping[SceneId, int | tuple[int, int]]
    settings: ShootSettings = field(default_factory=ShootSettings)


@dataclass
class ShootResult:
    assignment: dict[SceneId, tuple[int, int]]  # scene id -> (day index, position in the day)
    cost: int  # cents: hold_cost + move_cost
    hold_cost: int
    move_cost: int
    hold_days: int
    moves: int  # company moves and returns, each charged move_cost
    hold_days_by_cast: dict[CastId, int]
    lower_bound: int  # cents: no feasible schedule costs less
    improved: bool
    input_cost: int
    input_violations: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # left in the result: empty unless
    # the input was infeasible and could not be repaired
    unscheduled: list[SceneId] = field(default_factory=list)
    seconds: float = 0.0
    iterations: int = 0
    # What explain() needs to describe a change without the problem at hand.
    scene_location: dict[SceneId, LocationId | None] = field(default_factory=dict)
    scene_cast: dict[SceneId, frozenset[CastId]] = field(default_factory=dict)
    day_dates: dict[int, date | None] = field(default_factory=dict)


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


class _Search:
    def __init__(self, model: _Model, state: _State, rng: random.Random, allowed_blocks: int):
        self.model = model
        self.state = state
        self.rng = rng
        self.allowed_blocks = allowed_blocks
        self.movable = [i for i in range(model.S) if model.locked[i] < 0]
        self.locked_days = {model.locked[i] for i in range(model.S) if model.locked[i] >= 0}

    # Insertion.

    def _night_ok(self, i: int, p: int) -> bool:
        if not self.model.keep_nights or not self.model.night[i] or self.state.nights[p]:
            return True
        st = self.state
        st.nights[p] += 1
        ok = st.night_blocks() <= self.allowed_blocks
        st.nights[p] -= 1
        return ok

    def _insertion_cost(self, i: int, p: int) -> float:
        st, m = self.state, self.model
        if not st.fits(i, p) or not self._night_ok(i, p):
            return math.inf
        cost = st.hold_delta(i, p)
        loc = m.location[i]
        if loc >= 0 and m.move_cost:
            here = [m.location[j] for j in st.days[p] if m.location[j] >= 0]
            if loc not in here:
                if here:
                    cost += m.move_cost
                nearby = set()
                for q in (p - 1, p + 1):
                    if 0 <= q < m.D:
                        nearby.update(m.location[j] for j in st.days[q])
                if loc not in nearby and any(st.day_of[j] >= 0 for j in m.scenes_of_location[loc]):
                    cost += m.move_cost
        return cost

    def repair(self, removed: list[int]) -> bool:
        """Put ``removed`` back, most regret first; return False if one fits nowhere."""
        m, st = self.model, self.state
        pending = set(removed)
        options: dict[int, list[tuple[float, int]]] = {}

        def rank(i: int) -> list[tuple[float, int]]:
            costs = sorted((self._insertion_cost(i, p), p) for p in m.allowed[i])
            return [(c, p) for c, p in costs if c < math.inf][:2]

        for i in pending:
            options[i] = rank(i)
        while pending:
            best_i, best_key = -1, None
            for i in sorted(pending):
                opts = options[i]
                if not opts:
                    return False
                regret = opts[1][0] - opts[0][0] if len(opts) > 1 else math.inf
                key = (-regret, opts[0][0], i)
                if best_key is None or key < best_key:
                    best_i, best_key = i, key
            i = best_i
            p = options[i][0][1]
            st.insert(i, p)
            pending.discard(i)
            cast = set(m.cast_of[i])
            loc = m.location[i]
            for j in pending:
                if (
                    any(p2 == p for _, p2 in options[j])
                    or cast.intersection(m.cast_of[j])
                    or (loc >= 0 and m.location[j] == loc)
                    or (m.night[i] and m.night[j])
                ):
                    options[j] = rank(j)
        return True

    # Destroy operators: each takes scenes off the board and returns them.

    def _take(self, scenes: list[int], limit: int) -> list[int]:
        scenes = [i for i in scenes if self.model.locked[i] < 0 and self.state.day_of[i] >= 0]
        if len(scenes) > limit:
            scenes = self.rng.sample(scenes, limit)
        for i in scenes:
            self.state.remove(i)
        return scenes

    def destroy_cast(self, limit: int) -> list[int]:
        st, m = self.state, self.model
        weights = [m.rate[c] * st.hold_days(c) for c in range(m.C)]
        if not any(weights):
            return self.destroy_random(limit)
        c = self.rng.choices(range(m.C), weights=weights)[0]
        return self._take(m.scenes_of_cast[c], limit)

    def destroy_location(self, limit: int) -> list[int]:
        m = self.model
        if not m.L:
            return self.destroy_random(limit)
        loc = self.rng.randrange(m.L)
        return self._take(m.scenes_of_location[loc], limit)

    def destroy_window(self, limit: int) -> list[int]:
        m, st = self.model, self.state
        width = self.rng.randint(2, max(2, min(6, m.D)))
        start = self.rng.randrange(max(1, m.D - width + 1))
        scenes = [i for p in range(start, min(m.D, start + width)) for i in st.days[p]]
        return self._take(scenes, limit)

    def destroy_random(self, limit: int) -> list[int]:
        count = self.rng.randint(2, max(2, limit))
        return self._take(list(self.movable), count)

    # Whole-day moves.

    def _day_movable(self, p: int) -> bool:
        return p not in self.locked_days

    def permute_days(self, mapping: dict[int, int]) -> bool:
        """Move the contents of day p to day mapping[p], for each p; False if infeasible."""
        m, st = self.model, self.state
        contents = {p: list(st.days[p]) for p in mapping}
        for p, q in mapping.items():
            e = sum(m.eighths[i] for i in contents[p])
            mins = sum(m.minutes[i] for i in contents[p])
            if e > m.cap_e[q] or mins > m.cap_m[q]:
                return False
            for i in contents[p]:
                if any(not m.available[c][q] for c in m.cast_of[i]):
                    return False
        for p in mapping:
            for i in contents[p]:
                st.remove(i)
        for p, q in mapping.items():
            for i in contents[p]:
                st.insert(i, q)
        return True

    def swap_days(self) -> dict[int, int] | None:
        days = [p for p in range(self.model.D) if self._day_movable(p)]
        if len(days) < 2:
            return None
        p, q = self.rng.sample(days, 2)
        return {p: q, q: p}

    def move_block(self) -> dict[int, int] | None:
        """Move a block of consecutive days to another place, shifting the days between."""
        D = self.model.D
        if D < 3:
            return None
        width = self.rng.randint(1, min(5, D - 1))
        start = self.rng.randrange(D - width + 1)
        target = self.rng.randrange(D - width + 1)
        if target == start:
            return None
        order = list(range(D))
        block = order[start : start + width]
        rest = order[:start] + order[start + width :]
        new_order = rest[:target] + block + rest[target:]
        mapping = {old: new for new, old in enumerate(new_order) if old != new}
        if any(not self._day_movable(p) for p in mapping):
            return None
        return mapping


def _lower_bound(model: _Model) -> int:
    """Return a lower bound on the hold cost of any feasible schedule.

    Locked scenes pin each cast member's span to at least the days between their first and last
    locked day; within it they work at most as many days as they have scenes and as they are
    available, and hold the rest. Company moves are bounded by zero.
    """
    total = 0
    for c in range(model.C):
        pinned = [model.locked[i] for i in model.scenes_of_cast[c] if model.locked[i] >= 0]
        if len(pinned) < 2:
            continue
        lo, hi = min(pinned), max(pinned)
        available = sum(1 for p in range(lo, hi + 1) if model.available[c][p])
        workable = min(len(model.scenes_of_cast[c]), available)
        total += model.rate[c] * max(0, hi - lo + 1 - workable)
    return total


def _result(
    model: _Model,
    state: _State,
    evaluation: _Evaluation,
    *,
    lower_bound: int,
    improved: bool,
    input_cost: int,
    input_violations: list[str],
    violations: list[str],
    unscheduled: list[SceneId],
    started: float,
    iterations: int,
) -> ShootResult:
    assignment: dict[SceneId, tuple[int, int]] = {}
    for p, scenes in enumerate(evaluation.ordered):
        for k, i in enumerate(scenes):
            assignment[model.scenes[i].id] = (model.days[p].index, k)
    cast = model.problem.cast
    by_cast = {cast[c].id: state.hold_days(c) for c in range(model.C)}
    return ShootResult(
        assignment=assignment,
        cost=evaluation.cost,
        hold_cost=evaluation.hold_cost,
        move_cost=evaluation.move_cost,
        hold_days=sum(by_cast.values()),
        moves=evaluation.moves,
        hold_days_by_cast=by_cast,
        lower_bound=min(lower_bound, evaluation.cost),
        improved=improved,
        input_cost=input_cost,
        input_violations=input_violations,
        violations=violations,
        unscheduled=unscheduled,
        seconds=time.perf_counter() - started,
        iterations=iterations,
        scene_location={s.id: s.location for s in model.scenes},
        scene_cast={s.id: frozenset(s.cast) for s in model.scenes},
        day_dates={d.index: d.date for d in model.days},
    )


def evaluate_shoot(problem: ShootProblem) -> ShootResult:
    """Return the cost of the problem's own assignment, as it stands, and what it breaks."""
    started = time.perf_counter()
    model = _Model(problem)
    days, off, problems, unscheduled = _input_days(model, problem.assignment)
    state = _State(model, days)
    evaluation = _evaluate(state, days)
    allowed = max(1, state.night_blocks())
    found = problems + [text for text, _ in _violations(model, state, allowed)]
    if off:  # scenes on days that do not exist count as unscheduled for the cost
        unscheduled = unscheduled + [model.scenes[i].id for i in off]
    return _result(
        model,
        state,
        evaluation,
        lower_bound=_lower_bound(model),
        improved=False,
        input_cost=evaluation.cost,
        input_violations=found,
        violations=found,
        unscheduled=unscheduled,
        started=started,
        iterations=0,
    )


def optimize_shoot(
    problem: ShootProblem,
    time_limit: float | None = 30.0,
    seed: int = 0,
    on_progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    max_iterations: int | None = None,
    stall_iterations: int | None = None,
) -> ShootResult:
    """Return a cheaper feasible schedule for ``problem``, or its own when none is found.

    ``on_progress(best_cost, lower_bound)`` is called when the best improves (at most every
    0.2 s) and at the end; ``should_stop()`` is asked every step and ends the search early.
    """
    started = time.perf_counter()
    deadline = math.inf if time_limit is None else started + max(0.0, time_limit)
    model = _Model(problem)
    rng = random.Random(seed)
    days, off, problems, unscheduled = _input_days(model, problem.assignment)
    input_state = _State(model, days)
    input_eval = _evaluate(input_state, days)
    allowed_blocks = max(1, input_state.night_blocks())
    broken = _violations(model, input_state, allowed_blocks)
    input_violations = problems + [text for text, _ in broken]
    lower = _lower_bound(model)

    def give_back_input(violations: list[str], iterations: int = 0) -> ShootResult:
        result = _result(
            model,
            input_state,
            input_eval,
            lower_bound=lower,
            improved=False,
            input_cost=input_eval.cost,
            input_violations=input_violations,
            violations=violations,
            unscheduled=unscheduled + [model.scenes[i].id for i in off],
            started=started,
            iterations=iterations,
        )
        if on_progress is not None:
            on_progress(result.cost, result.lower_bound)
        return result

    # Start from the input, mended if it breaks anything.
    state = _State(model, days)
    search = _Search(model, state, rng, allowed_blocks)
    if input_violations:
        take: set[int] = set()
        for _, scenes in broken:
            take.update(scenes)
        for i in sorted(take):
            if state.day_of[i] >= 0:
                state.remove(i)
        if not search.repair(sorted(take | set(off))) or _violations(model, state, allowed_blocks):
            return give_back_input(input_violations)
    current = _evaluate(state)
    best_days, best = state.copy_days(), current
    # The input counts as a candidate: its own order within days may beat the regrouped one.
    if not input_violations and input_eval.cost <= best.cost:
        best_days, best = [list(d) for d in days], input_eval
    if on_progress is not None:
        on_progress(best.cost, min(lower, best.cost))
    last_progress = time.perf_counter()

    movable = len(search.movable)
    if max_iterations is None:
        max_iterations = 1000 + 100 * model.S
    if stall_iterations is None:
        stall_iterations = max(1000, 20 * model.S)
    limit = max(2, min(movable, max(4, model.S // 8)))
    operators = ("cast", "location", "window", "random", "swap", "block")
    weights = (3, 3, 2, 2, 1, 1)
    iterations = 0
    since_best = 0
    while movable and iterations < max_iterations and since_best < stall_iterations:
        if time.perf_counter() >= deadline or (should_stop is not None and should_stop()):
            break
        iterations += 1
        since_best += 1
        # Accept steps up to a tolerance above the best that shrinks to nothing.
        tolerance = 0.02 * best.cost * max(0.0, 1.0 - iterations / max_iterations)
        op = rng.choices(operators, weights=weights)[0]
        before = state.copy_days()
        ok = True
        if op in ("swap", "block"):
            mapping = search.swap_days() if op == "swap" else search.move_block()
            ok = mapping is not None and search.permute_days(mapping)
        else:
            destroy = {
                "cast": search.destroy_cast,
                "location": search.destroy_location,
                "window": search.destroy_window,
                "random": search.destroy_random,
            }[op]
            removed = destroy(limit)
            ok = bool(removed) and search.repair(removed)
        if ok and model.keep_nights and state.night_blocks() > allowed_blocks:
            ok = False
        candidate = _evaluate(state) if ok else None
        if candidate is not None and candidate.cost <= current.cost + tolerance:
            current = candidate
            if candidate.cost < best.cost:
                best, best_days, since_best = candidate, state.copy_days(), 0
                now = time.perf_counter()
                if on_progress is not None and now - last_progress >= 0.2:
                    on_progress(best.cost, min(lower, best.cost))
                    last_progress = now
        else:
            state = _State(model, before)
            search.state = state
        if current.cost > best.cost + tolerance:  # drifted too far: back to the best
            state = _State(model, best_days)
            search.state = state
            current = _evaluate(state)

    final_state = _State(model, best_days)
    improved = bool(input_violations) or best.cost < input_eval.cost
    if not improved:
        return give_back_input([], iterations)
    result = _result(
        model,
        final_state,
        best,
        lower_bound=lower,
        improved=True,
        input_cost=input_eval.cost,
        input_violations=input_violations,
        violations=[],
        unscheduled=unscheduled,
        started=started,
        iterations=iterations,
    )
    if on_progress is not None:
        on_progress(result.cost, result.lower_bound)
    return result


def _money(cents: int, currency: str) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    units, rest = divmod(cents, 100)
    text = f"{units:,}" if not rest else f"{units:,}.{rest:02d}"
    return f"{currency} {sign}{text}".strip()


def _day_range(days: list[int]) -> str:
    lo, hi = min(days), max(days)
    return f"day {lo + 1}" if lo == hi else f"days {lo + 1}-{hi + 1}"


def explain(
    before: ShootResult,
    after: ShootResult,
    *,
    currency: str = "USD",
    location_names: Mapping[LocationId, str] | None = None,
    cast_names: Mapping[CastId, str] | None = None,
) -> str:
    """Say in one sentence what the new schedule saves and the biggest change behind it.

    ``before`` and ``after`` are results for the same shoot (``evaluate_shoot`` gives one for the
    AD's schedule). The change named is the location, or else the cast member, whose scenes now
    span the most fewer days (then: with the most scenes moved); days are numbered from 1 in
    shooting order.
    """
    saved_days = before.hold_days - after.hold_days
    saved_money = before.cost - after.cost
    saved_moves = before.moves - after.moves
    if before.assignment == after.assignment:
        return "No change: the schedule is already the best found."

    position = {index: k for k, index in enumerate(sorted(after.day_dates))}
    if not position:
        days_used = {
            d for d, _ in list(before.assignment.values()) + list(after.assignment.values())
        }
        position = {index: k for k, index in enumerate(sorted(days_used))}

    def span(result: ShootResult, member: Callable[[SceneId], bool]) -> tuple[int, int] | None:
        days = [position[d] for sid, (d, _) in result.assignment.items() if member(sid)]
        return (min(days), max(days)) if days else None

    moved = {
        sid
        for sid, (day, _) in after.assignment.items()
        if sid in before.assignment and before.assignment[sid][0] != day
    }
    groups: list[tuple[str, Hashable, Callable[[SceneId], bool]]] = []
    for loc in sorted({after.scene_location.get(sid) for sid in moved} - {None}, key=str):
        groups.append(("location", loc, lambda sid, loc=loc: after.scene_location.get(sid) == loc))
    for c in sorted({c for sid in moved for c in after.scene_cast.get(sid, ())}, key=str):
        groups.append(("cast", c, lambda sid, c=c: c in after.scene_cast.get(sid, ())))
    chosen: tuple[str, Hashable, tuple[int, int]] | None = None
    best_score: tuple[int, int] | None = None
    for kind, ident, member in groups:
        old, new = span(before, member), span(after, member)
        if old is None or new is None or new[1] - new[0] >= old[1] - old[0]:
            continue  # not brought closer together
        # Most days saved, then most scenes moved; locations come first, so they win ties.
        score = (old[1] - old[0] - (new[1] - new[0]), sum(1 for sid in moved if member(sid)))
        if best_score is None or score > best_score:
            chosen, best_score = (kind, ident, new), score
    how = f"by moving {len(moved)} scene{'s' if len(moved) != 1 else ''}"
    if chosen is not None:
        kind, ident, (lo, hi) = chosen
        when = f"day {lo + 1}" if lo == hi else f"days {lo + 1}-{hi + 1}"
        if kind == "location":
            name = (location_names or {}).get(ident, str(ident))
            how = f"by shooting the {name} scenes together on {when}"
        else:
            name = (cast_names or {}).get(ident, str(ident))
            how = f"by bringing {name}'s scenes together on {when}"

    parts = []
    if saved_days > 0:
        parts.append(f"{saved_days} hold day{'s' if saved_days != 1 else ''}")
    if saved_moves > 0:
        parts.append(f"{saved_moves} company move{'s' if saved_moves != 1 else ''}")
    what = " and ".join(parts)
    if saved_moves < 0 and what:
        extra = -saved_moves
        what += f" for {extra} more company move{'s' if extra != 1 else ''}"
    money = _money(abs(saved_money), currency)
    if saved_money > 0:
        head = f"Saves {what} ({money}{' net' if saved_moves < 0 and saved_days > 0 else ''})"
        head = head if what else f"Saves {money}"
    elif saved_money < 0:
        head = f"Costs {money} more"
    else:
        head = "Costs the same"
    return f"{head} {how}."
