"""Benchmarks of the optimizer, for ``make bench``: plain functions returning plain dicts."""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from schedules.optimizer.shoot import (
    ShootCast,
    ShootDay,
    ShootProblem,
    ShootScene,
    ShootSettings,
    optimize_shoot,
)
from schedules.optimizer.shoot_bounds import pinned_lower_bound, shoot_lower_bound
from schedules.optimizer.shoot_model import _Model
from schedules.optimizer.talent import TalentInstance, solve_talent

__all__ = [
    "make_shoot_problem",
    "random_talent_instance",
    "run_random_talent_benchmarks",
    "run_shoot_benchmark",
    "run_talent_benchmarks",
]

# The random instances: (scenes, actors, how many, time limit in seconds or None).
# Up to 22 scenes each is proven without a limit (goal: 1 s each); 26 scenes get the limit and
# must be proven within it or end with a lower bound within 10 % of the best order found.
RANDOM_SIZES = ((18, 12, 5, None), (20, 12, 5, None), (22, 12, 5, None), (26, 12, 3, 30.0))


def run_talent_benchmarks(folder: str | Path, time_limit: float | None = None) -> list[dict]:
    """Solve every ``*.json`` instance in ``folder``; one row per instance, by file name."""
    rows = []
    for path in sorted(Path(folder).glob("*.json")):
        with open(path) as f:
            data = json.load(f)
        inst = TalentInstance.from_dict(data)
        result = solve_talent(inst, time_limit=time_limit)
        rows.append(
            {
                "name": data.get("name") or path.stem,
                "scenes": len(inst.scenes),
                "actors": len(inst.actors),
                "cost": result.cost,
                "optimum": inst.optimum,
                "optimal": result.optimal,
                "lower_bound": result.lower_bound,
                "seconds": round(result.seconds, 4),
            }
        )
    return rows


def random_talent_instance(scenes: int, actors: int, seed: int) -> TalentInstance:
    """A random instance of the kind issue #17 names, the same for the same seed.

    Durations 1-4 days, rates 1-40 a day, each actor in each scene with probability 1/3.
    """
    rng = random.Random(f"talent-{scenes}x{actors}-{seed}")
    duration = tuple(rng.randint(1, 4) for _ in range(scenes))
    cost = tuple(rng.randint(1, 40) for _ in range(actors))
    plays = tuple(
        tuple(1 if rng.random() < 1 / 3 else 0 for _ in range(scenes)) for _ in range(actors)
    )
    return TalentInstance(
        scenes=tuple(f"S{k + 1}" for k in range(scenes)),
        actors=tuple(f"A{a + 1}" for a in range(actors)),
        duration=duration,
        cost=cost,
        plays=plays,
        name=f"random_{scenes}x{actors}_{seed}",
    )


def run_random_talent_benchmarks(sizes=RANDOM_SIZES) -> dict[str, dict]:
    """One row per size: the worst of its seeded instances, and whether each was proven."""
    rows = {}
    for scenes, actors, count, limit in sizes:
        runs = []
        for seed in range(count):
            inst = random_talent_instance(scenes, actors, seed)
            started = time.process_time()
            result = solve_talent(inst, time_limit=limit)
            cpu = time.process_time() - started
            gap = 100.0 * (result.cost - result.lower_bound) / result.cost if result.cost else 0.0
            runs.append((result, cpu, gap))
        row = {
            "instances": count,
            "seconds": round(max(r.seconds for r, _, _ in runs), 3),
            "median_seconds": round(statistics.median(r.seconds for r, _, _ in runs), 3),
            "cpu_seconds": round(max(cpu for _, cpu, _ in runs), 3),
            "all_optimal": all(r.optimal for r, _, _ in runs),
            "proven": sum(r.optimal for r, _, _ in runs),
            "gap_percent": round(max(gap for _, _, gap in runs), 2),
        }
        if limit is None:
            row["goal_seconds"] = 1.0
        else:
            row["time_limit"] = limit
            row["goal_gap_percent"] = 10.0
        rows[f"talent_random_{scenes}x{actors}"] = row
    return rows


def make_shoot_problem(
    scenes: int = 120,
    cast: int = 30,
    days: int = 40,
    locations: int = 12,
    seed: int = 0,
    keep_night_blocks: bool = False,
    locked: int = 4,
) -> ShootProblem:
    """Return a made-up feature shoot, scheduled the way a first pass often is: by location.

    A few leads in most scenes, supporting cast in some, day players in one or two; a dozen
    locations; three or four scenes a day; some cast unavailable on a few dates; a few scenes
    locked to their day. The AD's schedule sorts the scenes by location and fills the days in
    turn, which keeps company moves down and leaves the cast holding.
    """
    rng = random.Random(seed)
    start = date(2025, 3, 3)  # a Monday
    dates = []
    d = start
    while len(dates) < days:
        if d.weekday() < 5:
            dates.append(d)
        d += timedelta(days=1)

    leads = max(1, cast // 10)
    supporting = max(1, cast // 3)
    members = []
    for k in range(cast):
        if k < leads:
            rate = rng.randint(30, 50) * 10000  # 3,000-5,000 a day, in cents
        elif k < leads + supporting:
            rate = rng.randint(8, 15) * 10000
        else:
            rate = rng.randint(3, 6) * 10000
        unavailable = frozenset(rng.sample(dates, rng.randint(0, 2))) if k >= leads else frozenset()
        members.append(ShootCast(id=f"C{k + 1}", rate=rate, unavailable=unavailable))

    location_ids = [f"L{k + 1}" for k in range(locations)]
    scene_list = []
    for k in range(scenes):
        chosen = set()
        if rng.random() < 0.8:
            chosen.add(rng.randrange(leads))
        for _ in range(rng.randint(0, 2)):
            chosen.add(leads + rng.randrange(supporting))
        if rng.random() < 0.4:
            chosen.add(leads + supporting + rng.randrange(cast - leads - supporting))
        if not chosen:
            chosen.add(rng.randrange(cast))
        eighths = rng.randint(2, 14)
        scene_list.append(
            ShootScene(
                id=f"S{k + 1}",
                eighths=eighths,
                minutes=eighths * rng.randint(6, 9),
                cast=frozenset(members[c].id for c in chosen),
                location=rng.choice(location_ids),
                is_night=rng.random() < 0.12,
            )
        )
    total = sum(s.eighths for s in scene_list)
    capacity = int(total / days * 1.35) + 1
    day_list = [
        ShootDay(index=k, date=dates[k], capacity_eighths=capacity, capacity_minutes=None)
        for k in range(days)
    ]

    # The AD's schedule: by location (nights of a location last), first fit.
    unavailable = {m.id: m.unavailable for m in members}
    load = [0] * days
    assignment: dict[str, int] = {}
    ordered = sorted(scene_list, key=lambda s: (s.location, s.is_night, s.id))
    pointer = 0
    for s in ordered:
        for p in list(range(pointer, days)) + list(range(0, pointer)):
            if load[p] + s.eighths > capacity:
                continue
            if any(dates[p] in unavailable[c] for c in s.cast):
                continue
            assignment[s.id] = p
            load[p] += s.eighths
            pointer = p
            break
        else:  # pragma: no cover - the capacity has slack for every scene
            raise RuntimeError("the generated shoot does not fit its days")
    # Lock a few scenes where the AD put them (a location only free that day, say).
    lock_ids = set(rng.sample([s.id for s in scene_list], min(locked, len(scene_list))))
    scene_list = [
        ShootScene(
            id=s.id,
            eighths=s.eighths,
            minutes=s.minutes,
            cast=s.cast,
            location=s.location,
            is_night=s.is_night,
            locked_day=assignment[s.id] if s.id in lock_ids else None,
        )
        for s in scene_list
    ]
    # Within a day, in the order the AD placed them (the sort order above).
    position = {s.id: k for k, s in enumerate(ordered)}
    by_day = sorted(assignment, key=lambda sid: (assignment[sid], position[sid]))
    counts: dict[int, int] = {}
    ordered_assignment: dict[str, tuple[int, int]] = {}
    for sid in by_day:
        p = assignment[sid]
        ordered_assignment[sid] = (p, counts.get(p, 0))
        counts[p] = counts.get(p, 0) + 1
    return ShootProblem(
        scenes=scene_list,
        days=day_list,
        cast=members,
        assignment=ordered_assignment,
        settings=ShootSettings(move_cost=150000, keep_night_blocks=keep_night_blocks),
    )


def run_shoot_benchmark(seconds: float = 60, seed: int = 0) -> dict:
    """Optimize the made-up 120-scene shoot for up to ``seconds``; report the improvement."""
    problem = make_shoot_problem(seed=seed)
    started = time.perf_counter()
    # Let the time budget, not the stall rule, end the search: that is what is measured.
    result = optimize_shoot(
        problem, time_limit=seconds, seed=seed, max_iterations=10**9, stall_iterations=10**9
    )
    elapsed = time.perf_counter() - started
    before = result.input_cost
    # The bound is computed inside the search's time; time it apart, with the pinned one alone.
    bound_started = time.perf_counter()
    model = _Model(problem)
    shoot_lower_bound(model)
    bound_seconds = time.perf_counter() - bound_started
    pinned = min(pinned_lower_bound(model), result.cost)
    return {
        "scenes": len(problem.scenes),
        "cast": len(problem.cast),
        "days": len(problem.days),
        "input_cost": before,
        "cost": result.cost,
        "hold_cost": result.hold_cost,
        "move_cost": result.move_cost,
        "improvement_percent": round(100.0 * (before - result.cost) / before, 2) if before else 0.0,
        "lower_bound": result.lower_bound,
        "lower_bound_seconds": round(bound_seconds, 3),
        # What the pinned scenes and availability alone force: the bound before the trade-off.
        "pinned_lower_bound": pinned,
        "pinned_gap_percent": round(100.0 * (result.cost - pinned) / result.cost, 2)
        if result.cost
        else 0.0,
        # How far from optimal the cost can be, as a share of it: what the producer is told.
        "gap_percent": round(100.0 * (result.cost - result.lower_bound) / result.cost, 2)
        if result.cost
        else 0.0,
        "iterations": result.iterations,
        "seconds": round(elapsed, 3),
    }
