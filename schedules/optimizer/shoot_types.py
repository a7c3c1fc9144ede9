"""The real shoot's data: scenes, days, cast and settings in, the optimized schedule out.

Plain dataclasses with no behaviour, apart from the search modules so that each of them can
name the types without importing the solver (which imports them).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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
