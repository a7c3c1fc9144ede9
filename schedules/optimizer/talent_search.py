"""The pure-Python search for the talent scheduling problem: reductions, bounds, heuristics, A*.

``talent_layers`` proves instances of up to a few dozen scenes faster, a layer at a time in
numpy; this module reduces every instance, gives the bounds both searches use, the heuristic
orders that start them, and the best-first (A*) search for instances too large for the layers.

The method follows Garcia de la Banda, Stuckey & Chu (2011), "Solving talent scheduling with
dynamic programming" (INFORMS Journal on Computing 23(1)): a dynamic program over the set ``Q`` of
scenes still to shoot, searched best-first (A*) with a lower bound, after the standard reductions:

* actors paid nothing, in one scene only, or in every scene never cost a hold day: dropped;
* scenes with the same cast are shot together: merged, their durations added;
* scenes with nobody left in them are shot first, before anybody has arrived;
* a scene whose cast is exactly the actors on location goes next, without branching: nobody holds
  during it, and moving it forward delays nobody;
* an order and its reverse cost the same, so only one of each pair is searched.

The actors on location when ``Q`` is left are those who have worked and still play in ``Q``;
shooting ``s`` next holds exactly those of them not in ``s``, so the cost still to come depends on
``Q`` alone. The bound adds two parts over disjoint sets of actors: for those on location, the
weighted-shortest-processing-time relaxation of the paper (``_Search.wspt``); for those yet to
arrive, the best split of them into triples, each worth what those three would hold among
themselves at best (``_Search._fresh_bounds``, in the spirit of the 3-grouping bound of Lin et
al., "Talent hold cost minimization in film production", JIMO).
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schedules.optimizer.talent_instance import TalentInstance

ProgressCallback = Callable[[int, int], None]
StopCallback = Callable[[], bool]

# How often (in expanded states) the search looks at the clock, should_stop() and on_progress.
_CHECK_EVERY = 64
_PROGRESS_SECONDS = 0.2
# States the search may keep before it gives up proving (several hundred MB of Python dicts).
_MAX_STATES = 2_000_000


class _SumTable(dict):
    """Sum of ``values`` over a bitmask, computed once per mask."""

    def __init__(self, values: Sequence[int | float]) -> None:
        super().__init__()
        self.values = values
        self[0] = 0

    def __missing__(self, mask: int) -> int | float:
        low = mask & -mask
        total = self[mask ^ low] + self.values[low.bit_length() - 1]
        self[mask] = total
        return total


class _ZeroTable(dict):
    def __missing__(self, mask: int) -> int:
        return 0


class _BitsTable(dict):
    """Positions of the set bits of a mask, computed once per mask."""

    def __missing__(self, mask: int) -> list[int]:
        out = self[mask] = _bits(mask)
        return out


class _PieceTable(dict):
    """For one scene, per set of actors on location: (d / T, d * (T + sum c^2 / T), [actors]).

    ``T`` is the total rate of the scene's actors among those on location; (0, 0, 0) when none.
    """

    def __init__(self, duration: int, cast: int, cost_of: _SumTable, sq_of: _SumTable) -> None:
        super().__init__()
        self.duration, self.cast, self.cost_of, self.sq_of = duration, cast, cost_of, sq_of

    def __missing__(self, present: int) -> tuple[float, float, list[int]]:
        p = self.cast & present
        total = self.cost_of[p]
        if not total:
            out = (0.0, 0.0, [])
        else:
            d = self.duration
            out = (d / total, d * (total + self.sq_of[p] / total), _bits(p))
        self[present] = out
        return out


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _chunk_tables(values: Sequence[int], combine: Callable[[int, int], int]) -> list[list[int]]:
    """Tables of ``combine`` over every subset of each run of 8 consecutive items."""
    tables = []
    for base in range(0, len(values), 8):
        size = min(8, len(values) - base)
        table = [0] * (1 << size)
        for mask in range(1, 1 << size):
            low = mask & -mask
            table[mask] = combine(table[mask ^ low], values[base + low.bit_length() - 1])
        tables.append(table)
    return tables


@dataclass
class _Reduced:
    """The instance after the reductions: merged scenes and the actors who can hold."""

    groups: list[list[int]]  # per reduced scene: the original scenes, shot in this order
    free: list[int]  # original scenes nobody left plays in: shot first
    duration: list[int]
    cast: list[int]  # actor bitmask per reduced scene
    rate: list[int]  # per kept actor


def _reduce(inst: TalentInstance) -> _Reduced:
    n, m = len(inst.scenes), len(inst.actors)
    groups = [[s] for s in range(n)]
    duration = list(inst.duration)
    cast = [0] * n
    for a in range(m):
        if inst.cost[a] == 0:
            continue  # an actor paid nothing costs nothing, holding or not
        for s in range(n):
            if inst.plays[a][s]:
                cast[s] |= 1 << a
    free: list[int] = []
    changed = True
    while changed:
        changed = False
        # Scenes nobody (left) plays in are shot first, before anybody is on location.
        if not all(cast):
            for g, c in zip(groups, cast, strict=True):
                if not c:
                    free.extend(g)
            keep = [i for i, c in enumerate(cast) if c]
            groups = [groups[i] for i in keep]
            duration = [duration[i] for i in keep]
            cast = [cast[i] for i in keep]
            changed = True
        # Scenes with the same cast are shot together (Garcia de la Banda et al. 2011, Lemma 1).
        index_of: dict[int, int] = {}
        merged: list[tuple[list[int], int, int]] = []
        for g, d, c in zip(groups, duration, cast, strict=True):
            j = index_of.get(c)
            if j is None:
                index_of[c] = len(merged)
                merged.append((list(g), d, c))
            else:
                merged[j][0].extend(g)
                merged[j] = (merged[j][0], merged[j][1] + d, c)
                changed = True
        groups = [g for g, _, _ in merged]
        duration = [d for _, d, _ in merged]
        cast = [c for _, _, c in merged]
        # Actors in one scene only, or in every scene, never hold.
        everyone = 0
        for c in cast:
            everyone |= c
        for a in _bits(everyone):
            count = sum(1 for c in cast if c >> a & 1)
            if count <= 1 or count == len(cast):
                cast = [c & ~(1 << a) for c in cast]
                changed = True
    used = 0
    for c in cast:
        used |= c
    kept = _bits(used)
    renumber = {a: i for i, a in enumerate(kept)}
    new_cast = [sum(1 << renumber[a] for a in _bits(c)) for c in cast]
    return _Reduced(groups, free, duration, new_cast, [inst.cost[a] for a in kept])


class _Search:
    """Best-first search over what is left to shoot, on a reduced instance.

    Scenes are placed from both ends of the schedule in turn (front, back, front, ...). A state is
    ``(Q, LB, LE)``: the scenes ``Q`` left for the middle, the actors of ``Q`` already on location
    from the front (``LB``) and those needed again after the middle (``LE``). Actors with scenes on
    both sides and none left in ``Q`` hold for the whole middle: that is charged the moment it is
    known, so the cost still to come depends on the state alone.
    """

    def __init__(self, red: _Reduced) -> None:
        self.n = n = len(red.duration)
        self.m = m = len(red.rate)
        self.full = (1 << n) - 1
        self.dur = red.duration
        self.cast = red.cast
        self.rate = red.rate
        self.cost_of = _SumTable(red.rate)
        self.sq_of = _SumTable([r * r for r in red.rate])
        self.bits_of = _BitsTable()
        self.piece = [
            _PieceTable(d, c, self.cost_of, self.sq_of)
            for d, c in zip(red.duration, red.cast, strict=True)
        ]
        self.scenes_of = [0] * m
        for s, c in enumerate(red.cast):
            for a in _bits(c):
                self.scenes_of[a] |= 1 << s
        self.cast_tables = _chunk_tables(red.cast, lambda x, y: x | y)
        self.dur_tables = _chunk_tables(red.duration, lambda x, y: x + y)
        self.bound_cache: dict[int, int] = {}
        self._fresh_bound: list[int] | _ZeroTable | None = None

    @property
    def fresh_bound(self) -> list[int] | _ZeroTable:
        # Computed on first use: only the best-first search needs it (about 0.3 s for 12 actors).
        if self._fresh_bound is None:
            self._fresh_bound = self._fresh_bounds()
        return self._fresh_bound

    def cast_of(self, scenes: int) -> int:
        out = 0
        for table in self.cast_tables:
            out |= table[scenes & 0xFF]
            scenes >>= 8
        return out

    def dur_of(self, scenes: int) -> int:
        out = 0
        for table in self.dur_tables:
            out += table[scenes & 0xFF]
            scenes >>= 8
        return out

    def on_location(self, remaining: int) -> int:
        """Return the actors who have worked already and still have scenes in ``remaining``."""
        return self.cast_of(remaining) & self.cast_of(self.full ^ remaining)

    def order_cost(self, order: Sequence[int]) -> int:
        """Return the holding cost of a complete order of the reduced scenes."""
        remaining, total, cast_of, full = self.full, 0, self.cast_of, self.full
        for s in order:
            present = cast_of(remaining) & cast_of(full ^ remaining)
            total += self.dur[s] * self.cost_of[present & ~self.cast[s]]
            remaining ^= 1 << s
        return total

    def wspt(self, remaining: int, present: int) -> float:
        """Return a lower bound on what actors ``present`` hold while ``remaining`` is shot.

        They are on location when it starts and each stays to the end of their last scene in it.
        Split every scene ``s`` among its actors in ``present``, actor ``a`` getting
        ``d_s * c_a / T_s`` of it (``T_s`` their total rate): actor ``a``'s pieces make a job of
        length ``c_a * r_a`` and weight ``c_a``, ``r_a = sum d_s / T_s``. Any order of the scenes,
        its scenes' pieces laid one after another, schedules these jobs, so sum(c_a * end_a) is at
        least the weighted-shortest-processing-time optimum (jobs by increasing ``r_a``). Laying a
        scene's pieces one after another loses ``c_a c_b d_s / T_s`` per pair of its actors, which
        the real order gets back: sum over scenes of ``d_s (T_s - sum c_a^2 / T_s) / 2``. Less
        the days they work (sum of ``d_s T_s``), that leaves the days they hold.
        """
        if not present:
            return 0.0
        piece, bits_of = self.piece, self.bits_of
        r = [0.0] * self.m
        loss = 0.0
        rest = remaining
        while rest:
            low = rest & -rest
            rest ^= low
            share, lost, actors = piece[low.bit_length() - 1][present]
            if share:
                loss += lost
                for a in actors:
                    r[a] += share
        value = -0.5 * loss
        rate = self.rate
        elapsed = 0.0
        for a in sorted(bits_of[present], key=r.__getitem__):
            c = rate[a]
            elapsed += r[a] * c
            value += c * elapsed
        return value

    def bound(self, remaining: int) -> int:
        """Return a lower bound on the holding cost still to come when ``remaining`` is left.

        Actors on location: ``wspt``. Actors yet to arrive have all their scenes ahead, so they
        hold at least what they would in the best order for them alone, which is at least the
        sum of the optima of any split of them into groups (``fresh_bound``).
        """
        cached = self.bound_cache.get(remaining)
        if cached is not None:
            return cached
        ahead = self.cast_of(remaining)
        present = ahead & self.cast_of(self.full ^ remaining)
        value = self.fresh_bound[ahead & ~present]
        if present:
            fractional = self.wspt(remaining, present)
            if fractional > 0:
                value += math.ceil(fractional - 1e-7 * (1.0 + fractional))
        self.bound_cache[remaining] = value
        return value

    def _fresh_bounds(self) -> list[int]:
        """Return, per set of actors, a lower bound on what they hold among themselves.

        Exact optima for every three actors (pairs and single actors can always be ordered not
        to hold), then the best split of each set into disjoint triples: hold days add up over
        actors, and no order lets a group hold less than its own optimum.
        """
        m = self.m
        if m > 12:
            return _ZeroTable()
        triples: list[tuple[int, int]] = []
        for trio in itertools.combinations(range(m), 3):
            mask = sum(1 << a for a in trio)
            value = self._small_optimum(mask)
            if value:
                triples.append((mask, value))
        best = [0] * (1 << m)
        for group in range(1, 1 << m):
            low = group & -group
            value = best[group ^ low]
            for mask, v in triples:
                if mask & low and mask & group == mask:
                    candidate = v + best[group ^ mask]
                    if candidate > value:
                        value = candidate
            best[group] = value
        return best

    def _small_optimum(self, actors: int) -> int:
        """Return the least holding cost of ``actors`` alone, by plain DP (few distinct casts)."""
        merged: dict[int, int] = {}
        for c, d in zip(self.cast, self.dur, strict=True):
            c &= actors
            if c:
                merged[c] = merged.get(c, 0) + d
        casts, durs = list(merged), list(merged.values())
        k = len(casts)
        full = (1 << k) - 1
        union = [0] * (1 << k)
        for q in range(1, 1 << k):
            low = q & -q
            union[q] = union[q ^ low] | casts[low.bit_length() - 1]
        best = [0] * (1 << k)
        for q in range(1, 1 << k):
            present = union[q] & union[full ^ q]
            value = math.inf
            rest = q
            while rest:
                low = rest & -rest
                rest ^= low
                i = low.bit_length() - 1
                v = durs[i] * self.cost_of[present & ~casts[i]] + best[q ^ low]
                if v < value:
                    value = v
            best[q] = value
        return best[full]

    # Heuristic orders give an upper bound: the search keeps no state that cannot beat it.

    def greedy(self, first: int) -> list[int]:
        """Shoot ``first``, then always the scene holding least now plus its bound."""
        remaining = self.full ^ (1 << first)
        order = [first]
        while remaining:
            order.append(self._greedy_step(remaining))
            remaining ^= 1 << order[-1]
        return order

    def _greedy_step(self, remaining: int) -> int:
        present = self.cast_of(remaining) & self.cast_of(self.full ^ remaining)
        best, best_value = -1, math.inf
        rest = remaining
        while rest:
            low = rest & -rest
            rest ^= low
            s = low.bit_length() - 1
            child = remaining ^ low
            after = (present | self.cast[s]) & self.cast_of(child)
            value = self.dur[s] * self.cost_of[present & ~self.cast[s]] + self.wspt(child, after)
            if value < best_value:
                best, best_value = s, value
        return best

    def improve(self, order: list[int], cost: int, deadline: float) -> tuple[list[int], int]:
        """Move blocks of up to three scenes while that lowers the cost."""
        n = len(order)
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            for size in (1, 2, 3):
                for i in range(n - size + 1):
                    block = order[i : i + size]
                    rest = order[:i] + order[i + size :]
                    for j in range(len(rest) + 1):
                        if j == i:
                            continue
                        for piece in (block, block[::-1]) if size > 1 else (block,):
                            cand = rest[:j] + piece + rest[j:]
                            c = self.order_cost(cand)
                            if c < cost:
                                order, cost, improved = cand, c, True
                                break
                        else:
                            continue
                        break
                if time.perf_counter() >= deadline:
                    break
        return order, cost

    def seed(self, deadline: float) -> tuple[list[int], int]:
        best = list(range(self.n))
        best_cost = self.order_cost(best)
        firsts = sorted(range(self.n), key=lambda s: (self.cost_of[self.cast[s]], s))
        for first in firsts[:3]:
            order = self.greedy(first)
            order, cost = self.improve(order, self.order_cost(order), deadline)
            if cost < best_cost:
                best, best_cost = order, cost
            if time.perf_counter() >= deadline:
                break
        return best, best_cost

    def complete(self, prefix: list[int]) -> tuple[list[int], int]:
        """Finish ``prefix`` greedily; return the order and its cost."""
        remaining = self.full
        for s in prefix:
            remaining ^= 1 << s
        order = list(prefix)
        while remaining:
            s = self._greedy_step(remaining)
            order.append(s)
            remaining ^= 1 << s
        return order, self.order_cost(order)

    def symmetry_pair(self) -> tuple[int, int]:
        """Return two scenes: the costliest casts, whose order between them is fixed."""
        ranked = sorted(range(self.n), key=lambda s: (-self.cost_of[self.cast[s]] * self.dur[s], s))
        return ranked[0], ranked[1]


def astar(
    search: _Search,
    best_order: list[int],
    best_cost: int,
    deadline: float,
    anytime: bool,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCallback | None = None,
) -> tuple[list[int], int, int, int]:
    """Best-first search from the order given; return (order, cost, lower bound, expanded).

    ``anytime``: now and then finish the best partial order greedily, so that a search stopped
    early still has a good order to show.
    """
    full = search.full
    cast, dur, cost_of = search.cast, search.dur, search.cost_of
    cast_of, bound = search.cast_of, search.bound
    root_bound = bound(full)
    # An order and its reverse cost the same: only orders shooting sym_early before sym_late are
    # searched. Putting a forced scene first keeps that, unless it is sym_late.
    sym_early, sym_late = search.symmetry_pair()
    early_bit, late_bit = 1 << sym_early, 1 << sym_late
    g_of: dict[int, int] = {full: 0}
    parent: dict[int, int] = {}
    heap: list[tuple[int, int, int]] = [(root_bound, 0, full)]
    expanded = 0
    lower = root_bound
    last_progress = time.perf_counter()
    stopped = False

    def path_to(state: int) -> list[int]:
        out = []
        while state != full:
            s = parent[state]
            out.append(s)
            state |= 1 << s
        out.reverse()
        return out

    while heap:
        f, g, remaining = heapq.heappop(heap)
        g = -g
        if g != g_of.get(remaining):
            continue  # stale: the state was reached more cheaply since
        if f >= best_cost:
            lower = best_cost  # nothing left can beat the best order: it is optimal
            break
        lower = f
        if not remaining:
            best_order, best_cost = path_to(0), g
            break
        expanded += 1
        if expanded % _CHECK_EVERY == 1:
            now = time.perf_counter()
            if (
                now >= deadline
                or (should_stop is not None and should_stop())
                or len(g_of) > _MAX_STATES
            ):
                heapq.heappush(heap, (f, -g, remaining))
                stopped = True
                break
            if anytime and expanded % (_CHECK_EVERY * 16) == 1:
                order, cost = search.complete(path_to(remaining))
                if cost < best_cost:
                    best_order, best_cost = order, cost
            if on_progress is not None and now - last_progress >= _PROGRESS_SECONDS:
                on_progress(best_cost, lower)
                last_progress = now
        ahead = cast_of(remaining)
        present = ahead & cast_of(full ^ remaining)
        candidates = remaining & ~late_bit if remaining & early_bit else remaining
        if present:
            # A scene whose cast is exactly who is on location goes next: nobody holds during
            # it, and moving it forward delays nobody (Garcia de la Banda et al. 2011).
            rest = remaining
            while rest:
                low = rest & -rest
                rest ^= low
                if cast[low.bit_length() - 1] == present:
                    if low & candidates:
                        candidates = low
                    break
        while candidates:
            low = candidates & -candidates
            candidates ^= low
            s = low.bit_length() - 1
            child = remaining ^ low
            g2 = g + dur[s] * cost_of[present & ~cast[s]]
            old = g_of.get(child)
            if old is not None and old <= g2:
                continue
            f2 = g2 + bound(child)
            if f2 < f:
                f2 = f  # pathmax: keeps the smallest f in the queue a bound on the optimum
            if f2 >= best_cost:
                continue
            g_of[child] = g2
            parent[child] = s
            heapq.heappush(heap, (f2, -g2, child))
    else:
        lower = best_cost  # the queue ran dry: every state that could beat the best was tried

    if stopped:
        while heap and -heap[0][1] != g_of.get(heap[0][2]):
            heapq.heappop(heap)
        lower = heap[0][0] if heap else best_cost
    return best_order, best_cost, lower, expanded
