"""Exact solver for the talent scheduling problem.

Scenes are shot one after another; every actor is paid from the first day of their first scene to
the last day of their last scene. The days they wait are hold days; order the scenes so that hold
days cost as little as possible.

``solve_talent`` reduces the instance (``talent_search._reduce``: free actors dropped, scenes with
the same cast merged), finds a first order (a beam search over the dynamic program's layers, then
moves of blocks of scenes), and proves it optimal or finds the optimum: with the layered dynamic
program that meets in the middle (``talent_layers``, numpy) when the reduced instance has up to
40 scenes and 16 actors who can hold, otherwise with the best-first search of ``talent_search``.
Stopped by its time limit, it answers with the best order found and a proven lower bound.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schedules.optimizer.talent_instance import TalentInstance
from schedules.optimizer.talent_layers import LayeredSearch, layered_search_fits
from schedules.optimizer.talent_search import _reduce, _Reduced, _Search, astar

__all__ = [
    "TalentInstance",
    "TalentResult",
    "holding_cost",
    "load_talent_instance",
    "solve_talent",
    "solve_talent_file",
]

ProgressCallback = Callable[[int, int], None]
StopCallback = Callable[[], bool]


@dataclass
class TalentResult:
    """The best order found, its holding cost, and how far from optimal it can be."""

    order: list[int]  # 0-based scene indices in shooting order
    cost: int
    optimal: bool
    lower_bound: int
    seconds: float
    expanded: int = 0  # states the search expanded, for benchmarks
    scene_names: list[str] = field(default_factory=list)


def holding_cost(inst: TalentInstance, order: Sequence[int]) -> int:
    """Return the holding cost of ``order``, a permutation of 0-based scene indices.

    Same definition as the benchmark's ``cost.py``: for each actor, their rate times the days from
    the start of their first scene to the end of their last one, less the days they work.
    """
    n = len(inst.scenes)
    if sorted(order) != list(range(n)):
        raise ValueError(f"the order must name each of the {n} scenes exactly once")
    start, day = [0] * n, 0
    for s in order:
        start[s] = day
        day += inst.duration[s]
    total = 0
    for rate, row in zip(inst.cost, inst.plays, strict=True):
        played = [s for s in range(n) if row[s]]
        if not played:
            continue
        first = min(start[s] for s in played)
        last = max(start[s] + inst.duration[s] for s in played)
        working = sum(inst.duration[s] for s in played)
        total += rate * (last - first - working)
    return total


def _expand(red: _Reduced, order: Sequence[int]) -> list[int]:
    out = list(red.free)
    for g in order:
        out.extend(red.groups[g])
    return out


# How many states the beam search keeps per layer for the first order: a wider beam finds better
# orders (fewer states to prove) but costs more. On random 22x12 instances 1,024 found the
# optimum in 0.1 s where 256 was up to 3 % above it, which tripled the states to prove.
_BEAM_WIDTH = 1024


def solve_talent(
    inst: TalentInstance,
    time_limit: float | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCallback | None = None,
) -> TalentResult:
    """Return an order of the scenes with the least holding cost.

    Without a time limit (and unless ``should_stop()`` answers True) the order is proven optimal.
    Otherwise it is the best order found so far and ``lower_bound`` a proven bound on the optimum,
    so that ``cost - lower_bound`` is the most it can be off; ``optimal`` says whether they met.
    ``on_progress(cost, lower_bound)`` is called as they improve, at most every 0.2 s, and once at
    the end.
    """
    started = time.perf_counter()
    deadline = math.inf if time_limit is None else started + max(0.0, time_limit)
    red = _reduce(inst)
    search = _Search(red)
    n = search.n

    def finish(order: list[int], cost: int, lower: int, expanded: int) -> TalentResult:
        full_order = _expand(red, order)
        checked = holding_cost(inst, full_order)
        if checked != cost:  # pragma: no cover - a bug in the search, never a property of input
            raise AssertionError(f"search cost {cost} differs from the order's cost {checked}")
        lower = min(lower, cost)
        if on_progress is not None:
            on_progress(cost, lower)
        return TalentResult(
            order=full_order,
            cost=cost,
            optimal=lower == cost,
            lower_bound=lower,
            seconds=time.perf_counter() - started,
            expanded=expanded,
            scene_names=[inst.scenes[s] for s in full_order],
        )

    if n <= 2:  # two scenes cost nothing in either order; fewer, trivially
        order = list(range(n))
        return finish(order, search.order_cost(order), 0, 0)

    if not layered_search_fits(n, search.m):
        # A* expands the same states whatever the seed, so without a time limit one greedy order
        # is enough; with one, a polished seed is the answer should the search run out of time.
        seed_seconds = 0.0 if time_limit is None else min(0.3, 0.2 * time_limit)
        best_order, best_cost = search.seed(started + seed_seconds)
        if on_progress is not None:
            on_progress(best_cost, min(search.bound(search.full), best_cost))
        order, cost, lower, expanded = astar(
            search,
            best_order,
            best_cost,
            deadline,
            anytime=time_limit is not None,
            on_progress=on_progress,
            should_stop=should_stop,
        )
        return finish(order, cost, lower, expanded)

    layered = LayeredSearch(red.duration, red.cast, red.rate)
    # Under a short time limit the first order must come quickly: a narrow beam (about 0.1 s
    # for 40 scenes) is the answer should the limit end the search at once.
    short = time_limit is not None and time_limit < 2.0
    best_order, best_cost = layered.beam(64 if short else _BEAM_WIDTH)
    # A few moves of blocks of scenes polish the beam's order: every hold day it saves is a
    # state the proof need not visit. At most a tenth of the time limit, and 0.05 s.
    polish = 0.05 if time_limit is None else min(0.05, 0.1 * time_limit)
    best_order, best_cost = layered.polish(best_order, best_cost, time.perf_counter() + polish)
    proven = min(layered.root_bound(), best_cost)
    if on_progress is not None:
        on_progress(best_cost, proven)
    last = [time.perf_counter()]

    def on_layer(lower: int) -> None:
        now = time.perf_counter()
        if on_progress is not None and now - last[0] >= 0.2:
            on_progress(best_cost, max(proven, lower))
            last[0] = now

    # With a time limit, first prove that nothing is 8 % cheaper than the order in hand: with
    # that bound the search prunes far more and ends in about half the time of the full proof
    # (26 scenes), so a limit that stops the full proof still leaves a bound within 8 %.
    thresholds = [] if time_limit is None else [best_cost - best_cost * 8 // 100]
    states = 0
    for threshold in [*thresholds, best_cost]:
        if threshold <= proven:
            continue
        outcome = layered.solve(threshold, deadline, should_stop, on_layer)
        states += outcome.states
        proven = max(proven, outcome.lower_bound)
        if outcome.order is not None:  # the cheapest of the orders below the threshold
            best_order, best_cost = outcome.order, outcome.cost
            proven = best_cost
            break
        if not outcome.finished:
            break
    return finish(best_order, best_cost, proven, states)


def load_talent_instance(path: str | Path) -> TalentInstance:
    """Read an instance file; raise ValueError with a one-line message when it is unusable."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a folder, not an instance file") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"{path}: not JSON ({reason})") from None
    try:
        return TalentInstance.from_dict(data)
    except ValueError as exc:
        raise ValueError(f"{path}: not a talent scheduling instance: {exc}") from None


def solve_talent_file(path: str | Path, time_limit: float | None = None) -> dict[str, Any]:
    """Solve the instance in ``path``; return what ``manage.py solve_talent`` prints."""
    if time_limit is not None and not time_limit >= 0:
        raise ValueError("the time limit must be a number of seconds, 0 or more")
    inst = load_talent_instance(path)
    result = solve_talent(inst, time_limit=time_limit)
    return {
        "order": [inst.scenes[s] for s in result.order],
        "cost": result.cost,
        "optimal": result.optimal,
        "lower_bound": result.lower_bound,
        "seconds": round(result.seconds, 4),
    }
