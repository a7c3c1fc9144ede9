"""The real shoot's trade-off bound: keep a location in one run, or let the cast hold around it.

Why it is valid. Take any feasible schedule and one cast member ``c`` with work days ``f..g``
(their span, ``s = g - f + 1`` shoot days, ``s - work`` of them held). Read the shoot's scenes as
one sequence (day by day, each day in its order; scenes without a location skipped, as the move
count skips them) and let ``I`` be the part of it on days ``f..g``. A location shot in a single
run (the company never comes back to it) is a contiguous piece of the sequence; if that piece
has a scene in ``I`` and leaves ``I``, it holds ``I``'s first or last scene, so at most two
single-run locations reach outside ``I`` (the *ends*). Every other single-run location where
``c`` works is shot entirely on days ``f..g``: its scenes without ``c`` are inside ``c``'s span
too. So, with ``R`` the locations the company returns to (each costs at least one return, which
is a company move):

    eighths on days f..g >= c's eighths + sum over c's locations not in R and not the two ends
                            of their other scenes' eighths        (the same for minutes),

the span is at least the fewest consecutive shoot days with that much capacity, and ``c`` holds
at least ``span - (number of c's scenes)`` of them (they work at most one day per scene, and
not on the days they are away). Moves within days buy a shorter span: each day in it with ``k``
locations moves the company ``k - 1`` times, so the span is at least the location-days it must
hold (each of ``c``'s locations on the days their own scenes there need, each one-run location
bar the ends on the days all its scenes need) less the moves within days. That
is a lower bound ``hold_c(R)`` for each cast member; a second one counts location-days
(``_Member.bad_pairs``): each one-run location bar the ends is shot on at least its fewest
days, all inside the span, and ``c`` works at most one of them per scene of theirs there; each
such day ``c`` cannot work there is a held day unless another location shares it (a move
within the day, on the location's first or last day only) or ``c`` works a scene without a
location that day. This one binds where the first does not: a member with scenes to spare at
the ends of their stretch, and few at the locations between. The larger of the two is taken,
and the schedule costs at least

    move_cost * sum_l max([l in R], forced returns of l)  +  move_cost * forced moves within days
    + sum_c rate_c * max(hold_c(R), forced hold days of c)

for its own ``R``; the minimum of that over every set ``R`` is a lower bound on every schedule.
The forced terms are ``shoot_bounds``' (pinned scenes and availability), so this bound is never
below it. With at most ``EXACT_LOCATIONS`` locations the minimum is taken over every ``R``
(numpy, a few thousand sets); with more, each location's return is shared out among the cast
members who work there and each member's own minimum is taken over their locations alone,
which is smaller or equal, so still valid.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

EXACT_LOCATIONS = 12  # 4,096 sets of returned-to locations
MEMBER_LOCATIONS = 14  # a member with more locations is bounded as if all were returned to


class _Model(Protocol):  # the parts of ``shoot_model._Model`` this bound reads
    C: int
    D: int
    L: int
    rate: list[int]
    move_cost: int
    location: list[int]
    eighths: list[int]
    minutes: list[int]
    cap_e: list[float]
    cap_m: list[float]
    scenes_of_cast: list[list[int]]
    scenes_of_location: list[list[int]]
    available: list[list[bool]]


def _most_held(capacity: list[float], consecutive: bool) -> np.ndarray:
    """Return ``best[k]``: the most ``k`` days hold (``best[0] = 0``), in a row or any ``k``."""
    caps = np.array(capacity, dtype=float)
    if np.isinf(caps).any():
        return np.array([0.0] + [math.inf] * len(capacity))
    if not consecutive:
        return np.concatenate([[0.0], np.cumsum(np.sort(caps)[::-1])])
    prefix = np.concatenate([[0.0], np.cumsum(caps)])
    best = [0.0]
    for k in range(1, len(capacity) + 1):
        best.append(float(np.max(prefix[k:] - prefix[:-k])))
    return np.array(best)


def _days_needed(best: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Return, for each amount in ``need``, the fewest days (as ``best`` counts them) holding it."""
    # best is non-decreasing; an amount more than the whole shoot holds needs every day.
    return np.minimum(np.searchsorted(best, need, side="left"), len(best) - 1)


class _Capacity:
    """How many days an amount of eighths and minutes needs: in a row, or on any days."""

    def __init__(self, model: _Model) -> None:
        self.row = (_most_held(model.cap_e, True), _most_held(model.cap_m, True))
        self.any = (_most_held(model.cap_e, False), _most_held(model.cap_m, False))

    def days(self, eighths: np.ndarray, minutes: np.ndarray, consecutive: bool) -> np.ndarray:
        best_e, best_m = self.row if consecutive else self.any
        return np.maximum(_days_needed(best_e, eighths), _days_needed(best_m, minutes))


def _top_two(values: np.ndarray) -> np.ndarray:
    """Return each row's two largest values added up (all of them when there are fewer)."""
    if values.shape[1] <= 2:
        return values.sum(axis=1)
    return -np.partition(-values, 1, axis=1)[:, :2].sum(axis=1)


class _Member:
    """One cast member's side of the bound, for each set of their locations shot in one run."""

    def __init__(self, model: _Model, c: int, capacity: _Capacity) -> None:
        scenes = model.scenes_of_cast[c]
        self.c = c
        self.rate = model.rate[c]
        self.scenes = len(scenes)
        self.locations = sorted({model.location[i] for i in scenes if model.location[i] >= 0})
        mine = set(scenes)
        self.own_e = sum(model.eighths[i] for i in scenes)
        self.own_m = sum(model.minutes[i] for i in scenes)
        at = [model.scenes_of_location[loc] for loc in self.locations]
        # The eighths and minutes of each of their locations' scenes they are not in.
        self.other_e = np.array([sum(model.eighths[i] for i in g if i not in mine) for g in at])
        self.other_m = np.array([sum(model.minutes[i] for i in g if i not in mine) for g in at])
        # The days each location appears on at least: all its scenes, or only theirs there.
        self.all_days = capacity.days(
            np.array([sum(model.eighths[i] for i in g) for g in at], dtype=float),
            np.array([sum(model.minutes[i] for i in g) for g in at], dtype=float),
            consecutive=False,
        ).astype(float)
        self.own_days = capacity.days(
            np.array([sum(model.eighths[i] for i in g if i in mine) for g in at], dtype=float),
            np.array([sum(model.minutes[i] for i in g if i in mine) for g in at], dtype=float),
            consecutive=False,
        ).astype(float)
        # Location-days each location needs that they cannot work (``bad_pairs`` below): its
        # fewest days less one a scene of theirs there; and their scenes with no location.
        here = np.array([sum(1 for i in g if i in mine) for g in at], dtype=float)
        self.idle_days = np.maximum(self.all_days - here, 0.0)
        self.unlocated = sum(1 for i in scenes if model.location[i] < 0)
        self.capacity = capacity
        # available_in[s]: the most days they can work in any s shoot days in a row (a day
        # they are away, inside their stretch, is held); it grows by at most one a day, so the
        # hold days, span - min(scenes, available_in[span]), grow with the span.
        free = np.concatenate([[0], np.cumsum(np.array(model.available[c], dtype=np.int64))])
        self.available_in = np.array(
            [0] + [int(np.max(free[k:] - free[:-k])) for k in range(1, model.D + 1)]
        )

    def spans(self, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return, for each row of ``kept`` (which of their locations are shot in one run, in
        ``self.locations`` order): the least span from capacity, and the location-days inside
        the span (the span is at least that less the moves within days)."""
        inside_e = np.where(kept, self.other_e[None, :], 0.0)
        inside_m = np.where(kept, self.other_m[None, :], 0.0)
        need_e = self.own_e + inside_e.sum(axis=1) - _top_two(inside_e)
        need_m = self.own_m + inside_m.sum(axis=1) - _top_two(inside_m)
        span = np.maximum(1, self.capacity.days(need_e, need_m, consecutive=True))
        extra = np.where(kept, (self.all_days - self.own_days)[None, :], 0.0)
        slots = self.own_days.sum() + extra.sum(axis=1) - _top_two(extra)
        return span.astype(float), slots

    def bad_pairs(self, kept: np.ndarray) -> np.ndarray:
        """Return, for each row of ``kept``, the location-days in their span they cannot work.

        Each location shot in one run, bar the two ends, has all its days in the span (at
        least ``all_days`` of them), and they work at most one of them per scene of theirs
        there: the rest are (location, day) pairs with no scene of theirs. A day they hold
        holds at most ``k`` such pairs when ``k`` locations are shot on it (``k - 1`` moves
        within the day), a day they work at most ``k - 1``, or ``k`` if what they work that day
        has no location. So they hold at least ``pairs - moves within days - unlocated``.

        Returns the pairs (less the ends) and the pairs no move within a day can take off:
        a location shot in one run has another location on at most two of its days (its
        first and its last), so only two of its pairs are on days with a move."""
        idle = np.where(kept, self.idle_days[None, :], 0.0)
        fixed = np.maximum(idle - 2.0, 0.0)
        return idle.sum(axis=1) - _top_two(idle), fixed.sum(axis=1) - _top_two(fixed)

    def hold_cost(
        self,
        span: np.ndarray,
        slots: np.ndarray,
        within: float,
        floor: int,
        bad: tuple[np.ndarray, np.ndarray] | None = None,
    ):
        """Return the least hold cost with ``within`` moves within days in the whole shoot."""
        least = np.minimum(np.maximum(span, slots - within), len(self.available_in) - 1)
        works = np.minimum(self.scenes, self.available_in[least.astype(np.int64)])
        held = np.maximum(least - works, 0.0)
        if bad is not None:
            pairs, fixed = bad
            held = np.maximum(held, np.maximum(pairs - within, fixed) - self.unlocated)
        return self.rate * np.maximum(held, floor)


def _all_subsets(n: int) -> np.ndarray:
    """Return every subset of ``n`` items as rows of booleans."""
    codes = np.arange(1 << n, dtype=np.int64)[:, None]
    return ((codes >> np.arange(n, dtype=np.int64)[None, :]) & 1).astype(bool)


class TradeOffBound:
    """The bound's terms for one shoot: what a schedule with given returns and moves must pay."""

    def __init__(
        self,
        model: _Model,
        forced_hold_days: list[int],
        forced_returns: list[int],
        forced_within: int,
        pairs: bool = True,
    ) -> None:
        self.L, self.move = model.L, model.move_cost
        self.pairs = pairs  # count the location-days members cannot work (``bad_pairs``)
        self.forced_hold_days = forced_hold_days
        self.forced_returns = forced_returns
        self.forced_within = forced_within
        # Returning to a location the pins already make the company return to costs no more.
        self.split_cost = np.array(
            [0 if forced_returns[loc] else self.move for loc in range(self.L)], dtype=float
        )
        capacity = _Capacity(model)
        self.members = [
            _Member(model, c, capacity)
            for c in range(model.C)
            if model.rate[c] > 0 and model.scenes_of_cast[c]
        ]

    def cost_at(self, kept: np.ndarray, within: float) -> np.ndarray:
        """Return the least cost of a schedule for each row of ``kept`` (which locations are
        shot in one run) with ``within`` moves within days: a lower bound on what any schedule
        with those runs and moves costs."""
        total = self.move * sum(self.forced_returns) + (~kept).astype(float) @ self.split_cost
        total = total + self.move * max(within, self.forced_within)
        for term in self.member_terms(kept, within):
            total = total + term
        return total

    def member_terms(self, kept: np.ndarray, within: float) -> list[np.ndarray]:
        """Return each member's least hold cost, for each row of ``kept``."""
        out = []
        for m in self.members:
            mine = kept[:, m.locations]
            span, slots = m.spans(mine)
            bad = m.bad_pairs(mine) if self.pairs else None
            out.append(m.hold_cost(span, slots, within, self.forced_hold_days[m.c], bad))
        return out

    def exact(self) -> int:
        """Return the minimum over every set of locations returned to and every count of moves
        within days (which only matters up to the most location-days a span can need)."""
        kept = ~_all_subsets(self.L)  # row r: which locations are shot in one run
        shapes = [
            (*m.spans(kept[:, m.locations]), m.bad_pairs(kept[:, m.locations]))
            for m in self.members
        ]
        if not self.pairs:
            shapes = [(span, slots, None) for span, slots, _ in shapes]
        most = max(
            [int(max(np.max(slots), 0 if b is None else np.max(b[0]))) for _, slots, b in shapes],
            default=0,
        )
        returns = self.move * sum(self.forced_returns) + (~kept).astype(float) @ self.split_cost
        best = math.inf
        for within in range(0, max(most, self.forced_within) + 1):
            total = returns + self.move * max(within, self.forced_within)
            for m, (span, slots, bad) in zip(self.members, shapes, strict=True):
                floor = self.forced_hold_days[m.c]
                total = total + m.hold_cost(span, slots, within, floor, bad)
            best = min(best, float(np.min(total)))
        return int(math.floor(best))

    def shared(self) -> int:
        """Return a smaller bound for many locations: each location's return is shared out among
        the members who work there, and moves within days shorten every span for nothing."""
        sharers = [0] * self.L
        for m in self.members:
            for loc in m.locations:
                sharers[loc] += 1
        total = float(self.move * (sum(self.forced_returns) + self.forced_within))
        for m in self.members:
            n = len(m.locations)
            floor = self.forced_hold_days[m.c]
            if n > MEMBER_LOCATIONS:  # as if all their locations were returned to
                span, _ = m.spans(np.zeros((1, n), dtype=bool))
                total += float(m.hold_cost(span, span, math.inf, floor)[0])
                continue
            kept = ~_all_subsets(n)
            share = np.array([self.split_cost[loc] / sharers[loc] for loc in m.locations])
            cost = (~kept).astype(float) @ share if n else np.zeros(1)
            span, _ = m.spans(kept)
            bad = m.bad_pairs(kept) if self.pairs else None  # only the pairs no move takes off
            total += float(np.min(cost + m.hold_cost(span, span, math.inf, floor, bad)))
        return int(math.floor(total))


def split_bound(
    model: _Model,
    forced_hold_days: list[int],
    forced_returns: list[int],
    forced_within: int,
    exact_locations: int = EXACT_LOCATIONS,
    pairs: bool = True,
) -> int:
    """Return the trade-off bound (module docstring) in cents.

    ``forced_hold_days[c]``, ``forced_returns[l]`` and ``forced_within`` are what the pinned
    scenes and availability force (``shoot_bounds``), folded in so the result is never below them.
    """
    bound = TradeOffBound(model, forced_hold_days, forced_returns, forced_within, pairs)
    return bound.exact() if model.L <= exact_locations else bound.shared()


__all__ = ["EXACT_LOCATIONS", "TradeOffBound", "split_bound"]
