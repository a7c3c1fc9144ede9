"""The moves of the real shoot's large-neighbourhood search (see ``shoot``): take scenes off
the board (one cast member's, one location's, a window of days, a random handful) and put them
back by regret insertion, swap two whole days, or move a block of days.
"""

from __future__ import annotations

import math
import random

from schedules.optimizer.shoot_model import _Model, _State


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
