"""Lower bounds for the real shoot: what every feasible schedule must pay, whatever the order.

Two parts, added up (hold days and company moves are separate terms of the cost):

* **Forced hold days.** Each scene can only go on its allowed days (its locked day, the days its
  whole cast is available). A cast member's first work day is then at most the earliest of their
  scenes' latest allowed days, and their last at least the latest of the scenes' earliest allowed
  days: that stretch is on their bill, and they can work at most as many of its days as they
  have scenes and are available. The rest of it they hold.
* **Forced company moves.** Scenes that can go on one day only pin their locations there: a day
  with pinned scenes at ``k`` locations moves the company ``k - 1`` times within it, and a
  location pinned on two days with another location pinned on a day between them (and not it)
  is left and returned to.

These are what the constraints alone force (``pinned_lower_bound``). ``shoot_lower_bound`` adds
the trade between company returns and hold days (``shoot_split_bound``): a cast member's stretch
must hold every location they work at that is shot in one run (bar the two at its ends), so
either the company comes back to some locations or the cast holds, and each day of such a
location that they have no scene on is held unless a move within the day shares it. The gap
left is reported by the benchmark (``optimizer_real_shoot_120.gap_percent``) rather than
hidden: returns to a location more than once, and what several members force together, are
not bounded yet, and one move within a day is taken to save a day for every member at once
(which is what keeps the bound low: a move costs less than most members' day).
"""

from __future__ import annotations

from typing import Protocol

from schedules.optimizer.shoot_split_bound import split_bound


class _Model(Protocol):  # the parts of ``shoot_model._Model`` these bounds read
    C: int
    D: int
    L: int
    eighths: list[int]
    minutes: list[int]
    cap_e: list[float]
    cap_m: list[float]
    scenes_of_location: list[list[int]]
    rate: list[int]
    move_cost: int
    location: list[int]
    allowed: list[list[int]]
    available: list[list[bool]]
    scenes_of_cast: list[list[int]]


def forced_hold_days(model: _Model) -> list[int]:
    """Return, for each cast member, the hold days that the allowed days alone force on them."""
    days = [0] * model.C
    for c in range(model.C):
        scenes = model.scenes_of_cast[c]
        if len(scenes) < 2 or any(not model.allowed[i] for i in scenes):
            continue  # nobody holds for one scene; a scene with no allowed day is reported apart
        first = min(max(model.allowed[i]) for i in scenes)
        last = max(min(model.allowed[i]) for i in scenes)
        if last <= first:
            continue
        available = sum(1 for p in range(first, last + 1) if model.available[c][p])
        workable = min(len(scenes), available)
        days[c] = max(0, last - first + 1 - workable)
    return days


def forced_hold_cost(model: _Model) -> int:
    """Return the hold cost that the allowed days alone force on the cast."""
    return sum(rate * days for rate, days in zip(model.rate, forced_hold_days(model), strict=True))


def _pinned(model: _Model) -> dict[int, set[int]]:
    pinned: dict[int, set[int]] = {}  # day -> locations pinned there
    for i, days in enumerate(model.allowed):
        if len(days) == 1 and model.location[i] >= 0:
            pinned.setdefault(days[0], set()).add(model.location[i])
    return pinned


def forced_moves_within_days(model: _Model) -> int:
    """Return the moves within days that the scenes pinned to one day force."""
    return sum(len(locations) - 1 for locations in _pinned(model).values())


def forced_returns(model: _Model) -> list[int]:
    """Return, for each location, the returns to it that the scenes pinned to one day force."""
    pinned = _pinned(model)
    ordered = sorted(pinned)
    returns = [0] * model.L
    for location in {loc for locations in pinned.values() for loc in locations}:
        stretches, inside = 0, False
        for p in ordered:
            if location in pinned[p]:
                if not inside:
                    stretches += 1
                inside = True
            else:
                inside = False  # another location holds the company that day
        returns[location] = stretches - 1
    return returns


def forced_moves(model: _Model) -> int:
    """Return the company moves that the scenes pinned to one day force."""
    return forced_moves_within_days(model) + sum(forced_returns(model))


def pinned_lower_bound(model: _Model) -> int:
    """Return what the pinned scenes and availability alone force (the first, cheap bound)."""
    return forced_hold_cost(model) + forced_moves(model) * model.move_cost


def shoot_lower_bound(model: _Model) -> int:
    """Return a lower bound on the cost (hold days and moves) of any feasible schedule.

    The larger of the pinned bound and the trade-off bound of ``shoot_split_bound`` (which
    folds the pinned one in, so it is the larger unless rounding says otherwise).
    """
    pinned = pinned_lower_bound(model)
    traded = split_bound(
        model,
        forced_hold_days(model),
        forced_returns(model),
        forced_moves_within_days(model),
    )
    return max(pinned, traded)
