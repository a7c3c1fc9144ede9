"""The exact talent scheduling search, one layer of the dynamic program at a time, in numpy.

The dynamic program of Garcia de la Banda, Stuckey & Chu (2011) runs over the set ``S`` of scenes
already shot: shooting ``s`` next holds the actors on location (``cast(S) & cast(rest)``) who are
not in ``s``, so the cheapest way ``F(S)`` to shoot ``S`` first depends on the set alone. Every
set of ``k`` scenes is a state of layer ``k``; a layer is computed from the one before as whole
arrays (children, their costs, the cheapest of each child by one sort), which is what makes it
fast in Python: no Python code runs per state.

Two ideas keep the layers small:

* **Meet in the middle.** The holding of a scene depends only on who works on either side of
  it, so an order and its reverse hold the same days, and the cheapest way to shoot the scenes
  ``T`` last holds ``F(T)``. The optimum is then ``min F(M) + F(rest)`` over the sets ``M`` of
  half the scenes: the search stops at the middle layer, where an order's two halves meet, and
  that layer needs no bound.
* **Bounds.** A state is kept only if ``F(S)`` plus a lower bound on what is still to hold is
  below the best order known (``upper``): the weighted-shortest-processing-time bound for the
  actors on location and the best split into triples for those yet to arrive, both computed for
  many states at once. The smallest such value over a layer is a lower bound on the optimum, so
  a search stopped early still says how far from optimal its best order can be.

A beam search over the same layers (the ``width`` states with the smallest bound, all the way to
the end) gives the first upper bound.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The search itself calls no BLAS (see ``_wspt``): on small products OpenBLAS's extra threads only
# spin, and on a shared 2-core server they made a 22-scene proof a third slower. One thread for
# what else uses it, unless the deployment says otherwise; this only takes effect when it runs
# before numpy's first import, which ``schedules.optimizer`` (importing ``shoot`` first) does not.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

__all__ = ["LayeredSearch", "LayeredOutcome", "layered_search_fits"]

# Masks are int64 and dense tables are indexed by sets of actors: keep both small.
_MAX_SCENES = 40
_MAX_ACTORS = 16
_CHUNK = 32768  # states per bound evaluation: keeps the temporaries in the cache
_SCENE_BITS = 11  # scenes per lookup table chunk (2,048 entries)


def layered_search_fits(scenes: int, actors: int) -> bool:
    """Return whether an instance of this size (after the reductions) suits this search."""
    return 2 < scenes <= _MAX_SCENES and actors <= _MAX_ACTORS


class _Stopped(Exception):
    """The time limit or ``should_stop`` ended a layer's bounds half-way."""


@dataclass
class LayeredOutcome:
    cost: int  # the best cost found (the upper bound given, if nothing beat it)
    order: list[int] | None  # its order, when the search found one better than the upper bound
    lower_bound: int
    finished: bool  # True: ``cost`` is proven optimal
    states: int


def _subset_table(values: Sequence[int], combine: Callable[[int, int], int]) -> list[tuple]:
    """Per chunk of consecutive items: ``combine`` over every subset of the chunk."""
    tables = []
    for base in range(0, len(values), _SCENE_BITS):
        size = min(_SCENE_BITS, len(values) - base)
        table = [0] * (1 << size)
        for mask in range(1, 1 << size):
            low = mask & -mask
            table[mask] = combine(table[mask ^ low], values[base + low.bit_length() - 1])
        tables.append((base, (1 << size) - 1, np.array(table, dtype=np.int64)))
    return tables


def _union(tables: list[tuple], masks: np.ndarray) -> np.ndarray:
    out = np.zeros_like(masks)
    for base, low, table in tables:
        out |= table[(masks >> base) & low]
    return out


def _total(tables: list[tuple], masks: np.ndarray) -> np.ndarray:
    out = np.zeros_like(masks)
    for base, low, table in tables:
        out += table[(masks >> base) & low]
    return out


@functools.lru_cache(maxsize=8)
def _block_moves(n: int) -> np.ndarray:
    """Every move of a block of 1-3 consecutive scenes elsewhere (reversed too), as positions.

    Row ``k`` is a permutation of ``range(n)``: ``order[row]`` is the order after move ``k``.
    """
    rows = []
    base = list(range(n))
    for size in (1, 2, 3):
        for i in range(n - size + 1):
            block, rest = base[i : i + size], base[:i] + base[i + size :]
            for j in range(len(rest) + 1):
                if j == i:
                    continue
                for piece in (block, block[::-1]) if size > 1 else (block,):
                    rows.append(rest[:j] + piece + rest[j:])
    return np.array(rows, dtype=np.intp).reshape(-1, n)


def _triple_optima(
    duration: Sequence[int], cast: Sequence[int], cost_of: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every three actors and the least they hold among themselves, in any order of the scenes.

    Projected on three actors, the scenes fall into at most 7 casts (durations added up); a plain
    dynamic program over the sets of those casts left to shoot, run for all triples at once.
    """
    trios = np.array(list(itertools.combinations(range(m), 3)), dtype=np.int64).reshape(-1, 3)
    count = len(trios)
    masks = (1 << trios).sum(axis=1)
    # Class k (1..7) of a triple: its actors trio[j] for the bits j of k.
    span = np.zeros((count, 8), dtype=np.int64)  # the actors of each class, as actor masks
    for k in range(1, 8):
        for j in range(3):
            if k >> j & 1:
                span[:, k] |= 1 << trios[:, j]
    days = np.zeros((count, 8), dtype=np.int64)
    for d, c in zip(duration, cast, strict=True):
        here = np.zeros(count, dtype=np.int64)
        for j in range(3):
            here |= ((c >> trios[:, j]) & 1) << j
        np.add.at(days, (np.arange(count), here), d)
    days[:, 0] = 0
    exists = days > 0
    # Subsets q of the classes 1..7 (bit k-1 for class k): the actors they hold.
    union = np.zeros((count, 128), dtype=np.int64)
    for q in range(1, 128):
        low = q & -q
        k = low.bit_length()
        union[:, q] = union[:, q ^ low] | np.where(exists[:, k], span[:, k], 0)
    best = np.zeros((count, 128), dtype=np.int64)
    everything = 127
    for q in range(1, 128):
        present = union[:, q] & union[:, everything ^ q]
        value = np.full(count, np.iinfo(np.int64).max // 4, dtype=np.int64)
        rest = q
        while rest:
            low = rest & -rest
            rest ^= low
            k = low.bit_length()
            step = days[:, k] * cost_of[present & ~span[:, k]] + best[:, q ^ low]
            value = np.minimum(value, step)
        best[:, q] = value
    return masks, best[:, everything]


def fresh_bounds(
    duration: Sequence[int], cast: Sequence[int], cost_of: np.ndarray, m: int
) -> np.ndarray:
    """Per set of actors, a lower bound on what they hold among themselves: the best split of
    them into disjoint triples, each worth its own optimum (hold days add up over actors, and no
    order lets a group hold less than its optimum; pairs can always be ordered not to hold).
    """
    best = np.zeros(1 << m, dtype=np.int64)
    if m < 3:
        return best
    masks, values = _triple_optima(duration, cast, cost_of, m)
    useful = values > 0
    masks, values = masks[useful], values[useful]
    groups = np.arange(1 << m, dtype=np.int64)
    sizes = np.bitwise_count(groups)
    low_of = groups & -groups
    # A triple can be the part holding a group's lowest actor when it lies inside the group
    # and starts with that actor: the triples by their lowest actor.
    starting: dict[int, list[tuple[int, int]]] = {}
    for mask, v in zip(masks.tolist(), values.tolist(), strict=True):
        starting.setdefault(mask & -mask, []).append((mask, v))
    by_low = [
        (low, np.array([t for t, _ in pairs]), np.array([v for _, v in pairs]))
        for low, pairs in starting.items()
    ]
    for size in range(1, m + 1):
        in_layer = sizes == size
        layer = groups[in_layer]
        best[layer] = best[layer ^ low_of[layer]]  # the lowest actor in no triple
        if size < 3:
            continue
        for low, triples, triple_values in by_low:
            some = groups[in_layer & (low_of == low)]
            if not len(some):
                continue
            # (groups x triples): a triple inside the group adds its value to the rest's.
            inside = (some[:, None] & triples[None, :]) == triples[None, :]
            rest = best[some[:, None] ^ (triples[None, :] & some[:, None])]
            candidate = np.where(inside, triple_values[None, :] + rest, 0)
            best[some] = np.maximum(best[some], candidate.max(axis=1))
    return best


class LayeredSearch:
    """The layered dynamic program over a reduced instance (scene durations, casts, rates)."""

    def __init__(
        self,
        duration: Sequence[int],
        cast: Sequence[int],
        rate: Sequence[int],
    ) -> None:
        self.n = n = len(duration)
        self.m = m = len(rate)
        self.full = (1 << n) - 1
        self.dur = np.array(duration, dtype=np.int64)
        self.cast = np.array(cast, dtype=np.int64)
        self.cast_list = list(cast)
        self.cast_tables = _subset_table(list(cast), lambda x, y: x | y)
        self.dur_tables = _subset_table(list(duration), lambda x, y: x + y)
        actor_sets = np.arange(1 << m, dtype=np.int64)
        member = (actor_sets[:, None] >> np.arange(m)[None, :]) & 1  # (2^m, m)
        rates = np.array(rate, dtype=np.int64)
        self.cost_of = member @ rates  # total rate of each set of actors
        square_of = (member @ (rates * rates)).astype(np.float64)
        self.fresh = fresh_bounds(duration, cast, self.cost_of, m)
        # What shooting each scene right now holds, per set of actors on location.
        self.step = [
            int(d) * self.cost_of[actor_sets & ~c] for d, c in zip(duration, cast, strict=True)
        ]
        self.max_step = max((int(step.max()) for step in self.step), default=0)
        # No order holds more than everybody for every day: an upper bound no order reaches.
        self.worst = int(self.dur.sum()) * int(self.cost_of[-1])
        # Per scene, indexed by (scene still to shoot) << m | actors on location: its share
        # d / T and what laying its pieces one after another loses, d (T + sum c^2 / T), both 0
        # when the scene is shot already or has none of them (see ``_wspt``).
        size = 1 << m
        self.share = np.zeros((n, 2 * size), dtype=np.float32)
        self.loss = np.zeros((n, 2 * size), dtype=np.float32)
        for s in range(n):
            here = self.cast[s] & actor_sets
            total = self.cost_of[here].astype(np.float64)
            some = total > 0
            safe = np.where(some, total, 1.0)
            d = float(duration[s])
            self.share[s, size:] = np.where(some, d / safe, 0.0)
            self.loss[s, size:] = np.where(some, d * (safe + square_of[here] / safe), 0.0)
        # Per actor, 1.0 for the sets of actors that include them; each scene's actors; rates.
        self.member = np.ascontiguousarray(member.T.astype(np.float32))
        self.actors_of = [[a for a in range(m) if c >> a & 1] for c in cast]
        self.square = [np.float32(r * r) for r in rate]
        self.pairs = [
            (a, b, np.float32(rate[a] * rate[b])) for a, b in itertools.combinations(range(m), 2)
        ]

    # ------------------------------------------------------------------ bounds

    def bound(self, shot: np.ndarray, stop: Callable[[], bool] | None = None) -> np.ndarray:
        """Return a lower bound on what is still to hold after the scenes ``shot`` (masks).

        ``stop()`` is asked between chunks; when it answers True, ``_Stopped`` is raised.
        """
        if len(shot) <= _CHUNK:
            return self._bound(shot)
        parts = []
        for i in range(0, len(shot), _CHUNK):
            if stop is not None and stop():
                raise _Stopped
            parts.append(self._bound(shot[i : i + _CHUNK]))
        return np.concatenate(parts)

    def root_bound(self) -> int:
        """A lower bound on the optimum, before any scene is shot."""
        return int(self.bound(np.zeros(1, dtype=np.int64))[0])

    def _bound(self, shot: np.ndarray) -> np.ndarray:
        left = self.full ^ shot
        before = _union(self.cast_tables, shot)
        ahead = _union(self.cast_tables, left)
        present = before & ahead
        value = self.fresh[ahead & ~present] + self._wspt(left, present)
        return value

    def _wspt(self, left: np.ndarray, present: np.ndarray) -> np.ndarray:
        """The weighted-shortest-processing-time bound of ``_Search.wspt``, for many states.

        Actor ``a`` on location gets ``r_a``, the sum over the scenes left that they play of
        ``d_s / T_s`` (``T_s`` the rate of the scene's actors on location); by increasing ``r_a``
        the bound is ``sum c_a (c_1 r_1 + ... + c_a r_a)``, which is ``sum c_a^2 r_a`` plus
        ``c_a c_b min(r_a, r_b)`` for every pair (no sort needed), less half the loss of every
        scene left. One row of ``r`` per actor, each a contiguous array over the states: plain
        element-wise numpy, no matrix product (BLAS would start threads that only contend on a
        shared server, and this module cannot always set their number before numpy is loaded).
        In float32, which halves the memory traffic; the slack below covers its rounding (the
        error, measured against ``_Search.wspt`` in float64, stays under 1e-6 of ``1 + loss``).
        """
        count, m = len(left), self.m
        r = np.zeros((m, count), dtype=np.float32)
        loss = np.zeros(count, dtype=np.float32)
        index = np.empty(count, dtype=np.int64)
        for s, actors in enumerate(self.actors_of):
            np.right_shift(left, s, out=index)
            index &= 1
            index <<= m
            index |= present
            share = self.share[s].take(index)
            for a in actors:
                r[a] += share
            loss += self.loss[s].take(index)
        value = np.zeros(count, dtype=np.float32)
        for a in range(m):
            r[a] *= self.member[a].take(present)
            value += self.square[a] * r[a]
        low = np.empty(count, dtype=np.float32)
        for a, b, both in self.pairs:
            np.minimum(r[a], r[b], out=low)
            low *= both
            value += low
        value -= 0.5 * loss
        # Whole days: round up, but never past what rounding error could have added.
        slack = 1e-4 * (1.0 + loss)
        return np.where(value > slack, np.ceil(value - slack), 0.0).astype(np.int64)

    # ------------------------------------------------------------------ layers

    def _children(self, shot: np.ndarray, cost: np.ndarray, upper: int) -> tuple:
        """Every state one scene further, each at its cheapest cost, below ``upper``."""
        present = _union(self.cast_tables, shot) & _union(self.cast_tables, self.full ^ shot)
        if self.n <= 31 and upper + self.max_step < 1 << 32:
            # One int64 per child, the set above its cost: one sort groups the children of a
            # set together, cheapest first (numpy's default sort is a vectorised quicksort).
            key = (shot << 32) | cost
            parts = []
            for s in range(self.n):
                bit = 1 << s
                free = np.flatnonzero((shot & bit) == 0)
                parts.append(key.take(free) + self.step[s].take(present.take(free)) + (bit << 32))
            key = np.concatenate(parts)
            key.sort()
            kid = key >> 32
            first = np.empty(len(key), dtype=bool)
            first[:1] = True
            np.not_equal(kid[1:], kid[:-1], out=first[1:])
            key = key.take(np.flatnonzero(first))  # faster than a boolean index
            kid, kid_cost = key >> 32, key & 0xFFFFFFFF
        else:
            kids, costs = [], []
            for s in range(self.n):
                bit = 1 << s
                free = np.flatnonzero((shot & bit) == 0)
                kids.append(shot.take(free) | bit)
                costs.append(cost.take(free) + self.step[s].take(present.take(free)))
            kid = np.concatenate(kids)
            kid_cost = np.concatenate(costs)
            order = np.lexsort((kid_cost, kid))
            kid, kid_cost = kid[order], kid_cost[order]
            first = np.ones(len(kid), dtype=bool)
            first[1:] = kid[1:] != kid[:-1]
            kid, kid_cost = kid[first], kid_cost[first]
        if len(kid_cost) and kid_cost.max() >= upper:
            below = np.flatnonzero(kid_cost < upper)
            kid, kid_cost = kid.take(below), kid_cost.take(below)
        return kid, kid_cost

    def order_costs(self, orders: np.ndarray) -> np.ndarray:
        """The holding cost of each row of ``orders`` (complete orders of the scenes)."""
        casts = self.cast[orders]
        before = np.zeros_like(casts)
        after = np.zeros_like(casts)
        np.bitwise_or.accumulate(casts[:, :-1], axis=1, out=before[:, 1:])
        after[:, :-1] = np.bitwise_or.accumulate(casts[:, ::-1], axis=1)[:, -2::-1]
        return (self.dur[orders] * self.cost_of[before & after & ~casts]).sum(axis=1)

    def polish(self, order: list[int], cost: int, deadline: float) -> tuple[list[int], int]:
        """Make the best move of a block of up to three scenes while one lowers the cost.

        All the moves of a pass are costed at once (``order_costs``): a pass over the 2,062
        moves of 22 scenes takes under a millisecond.
        """
        moves = _block_moves(self.n)
        current = np.array(order, dtype=np.intp)
        while len(moves) and time.perf_counter() < deadline:
            candidates = current[moves]
            costs = self.order_costs(candidates)
            best = int(np.argmin(costs))
            if int(costs[best]) >= cost:
                break
            current, cost = candidates[best], int(costs[best])
        return current.tolist(), cost

    def step_cost(self, shot: int, s: int) -> int:
        """What shooting ``s`` right after the scenes ``shot`` holds."""
        before = after = 0
        for scene, actors in enumerate(self.cast_list):
            if shot >> scene & 1:
                before |= actors
            else:
                after |= actors
        return int(self.dur[s]) * int(self.cost_of[before & after & ~self.cast_list[s]])

    def beam(self, width: int) -> tuple[list[int], int]:
        """Return an order built layer by layer, keeping the ``width`` most promising states."""
        shot = np.zeros(1, dtype=np.int64)
        cost = np.zeros(1, dtype=np.int64)
        layers = [(shot, cost)]
        for _ in range(self.n):
            shot, cost = self._children(shot, cost, self.worst + 1)
            if len(shot) > width:
                f = cost + self.bound(shot)
                keep = np.argpartition(f, width)[:width]
                keep.sort()
                shot, cost = shot[keep], cost[keep]
            layers.append((shot, cost))
        return self._path(layers, int(shot[0]), int(cost[0])), int(cost[0])

    def _path(self, layers: list[tuple], state: int, cost: int) -> list[int]:
        """Walk back from ``state`` (of cost ``cost``) through the stored layers."""
        order = []
        for shot, costs in reversed(layers[: state.bit_count()]):
            rest = state
            while rest:
                low = rest & -rest
                rest ^= low
                parent = state ^ low
                i = int(np.searchsorted(shot, parent))
                if i < len(shot) and shot[i] == parent:
                    s = low.bit_length() - 1
                    if int(costs[i]) + self.step_cost(parent, s) == cost:
                        order.append(s)
                        state, cost = parent, int(costs[i])
                        break
            else:  # pragma: no cover - the layers always hold the path they were built along
                raise AssertionError("no parent found while walking back a layer")
        order.reverse()
        return order

    def solve(
        self,
        upper: int,
        deadline: float = math.inf,
        should_stop: Callable[[], bool] | None = None,
        on_layer: Callable[[int], None] | None = None,
        max_states: int = 8_000_000,
    ) -> LayeredOutcome:
        """Prove the optimum, or improve on ``upper``; stop at ``deadline`` with a bound."""
        n = self.n
        half = n // 2
        shot = np.zeros(1, dtype=np.int64)
        cost = np.zeros(1, dtype=np.int64)
        layers = [(shot, cost)]
        lower = 0
        states = 0

        def stop() -> bool:
            return time.perf_counter() >= deadline or (should_stop is not None and should_stop())

        for depth in range(1, n - half + 1):
            if stop():
                return LayeredOutcome(upper, None, min(lower, upper), False, states)
            kid, kid_cost = self._children(shot, cost, upper)
            if len(kid) > max_states or stop():
                return LayeredOutcome(upper, None, min(lower, upper), False, states)
            if depth == n - half:
                # The last layer only meets the one before (or itself): its costs are exact
                # for every set on an order that beats ``upper``, so no bound is needed.
                shot, cost = kid, kid_cost
                states += len(shot)
                layers.append((shot, cost))
                break
            try:
                f = kid_cost + self.bound(kid, stop)
            except _Stopped:
                return LayeredOutcome(upper, None, min(lower, upper), False, states)
            keep = np.flatnonzero(f < upper)
            if not len(keep):
                return LayeredOutcome(upper, None, upper, True, states)
            lower = max(lower, int(f.take(keep).min()))
            shot, cost = kid.take(keep), kid_cost.take(keep)
            states += len(shot)
            layers.append((shot, cost))
            if on_layer is not None:
                on_layer(min(lower, upper))
        front, front_cost = layers[half]
        back, back_cost = layers[n - half]
        if not len(back):
            return LayeredOutcome(upper, None, upper, True, states)
        rest = self.full ^ front
        i = np.minimum(np.searchsorted(back, rest), len(back) - 1)
        meets = back[i] == rest
        if not meets.any():
            return LayeredOutcome(upper, None, upper, True, states)
        totals = front_cost[meets] + back_cost[i[meets]]
        best = int(np.argmin(totals))
        total = int(totals[best])
        if total >= upper:
            return LayeredOutcome(upper, None, upper, True, states)
        first = int(front[meets][best])
        second = int(rest[meets][best])
        order = self._path(layers, first, int(front_cost[meets][best]))
        order += self._path(layers, second, int(back_cost[i[meets]][best]))[::-1]
        return LayeredOutcome(total, order, total, True, states)
