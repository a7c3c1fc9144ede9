"""The real shoot's lower bound: what the constraints force, and never more than a schedule costs.

Pure Python, no database.
"""

import itertools
import random
from datetime import date, timedelta

from schedules.optimizer import (
    ShootCast,
    ShootDay,
    ShootProblem,
    ShootScene,
    ShootSettings,
    evaluate_shoot,
    optimize_shoot,
)

START = date(2026, 3, 2)


def _days(count: int, capacity: int | None = None) -> list[ShootDay]:
    return [
        ShootDay(index=k, date=START + timedelta(days=k), capacity_eighths=capacity)
        for k in range(count)
    ]


def test_a_cast_member_pinned_at_both_ends_of_the_shoot_holds_what_they_cannot_work():
    # ANNA has three scenes: one locked on day 0, one only shootable on day 5 (BEN is away
    # before), one free. Whatever the order, she is paid days 0-5 and works at most 3 of them.
    problem = ShootProblem(
        scenes=[
            ShootScene(id="1", eighths=8, cast=frozenset({"ANNA"}), locked_day=0),
            ShootScene(id="2", eighths=8, cast=frozenset({"ANNA", "BEN"})),
            ShootScene(id="3", eighths=8, cast=frozenset({"ANNA"})),
        ],
        days=_days(6),
        cast=[
            ShootCast(id="ANNA", rate=100_00),
            ShootCast(
                id="BEN",
                rate=10_00,
                unavailable=frozenset(START + timedelta(days=k) for k in range(5)),
            ),
        ],
        assignment={"1": 0, "2": 5, "3": 1},
    )

    result = evaluate_shoot(problem)

    assert result.lower_bound == 3 * 100_00  # 6 days paid, 3 worked at most
    assert result.hold_cost == result.lower_bound  # the AD's schedule is one of the best


def test_scenes_pinned_to_a_day_at_two_locations_force_a_move_and_a_return():
    scenes = [
        ShootScene(id="a", eighths=2, location="HOUSE", locked_day=0),
        ShootScene(id="b", eighths=2, location="PARK", locked_day=0),
        ShootScene(id="c", eighths=2, location="PARK", locked_day=1),
        ShootScene(id="d", eighths=2, location="HOUSE", locked_day=2),
    ]
    problem = ShootProblem(
        scenes=scenes,
        days=_days(3),
        cast=[],
        assignment={"a": (0, 0), "b": (0, 1), "c": 1, "d": 2},
        settings=ShootSettings(move_cost=500_00),
    )

    result = optimize_shoot(problem, time_limit=1)

    # One move within day 0, and HOUSE is left for PARK on day 1 and returned to on day 2.
    assert result.lower_bound == 2 * 500_00
    assert result.cost == result.lower_bound


def _tiny_shoot(rng: random.Random) -> ShootProblem:
    cast = [ShootCast(id=f"C{k}", rate=rng.choice([10_00, 40_00, 90_00])) for k in range(3)]
    scenes = []
    for k in range(5):
        members = frozenset(c.id for c in cast if rng.random() < 0.5) or frozenset({"C0"})
        scenes.append(
            ShootScene(
                id=f"S{k}",
                eighths=rng.randint(1, 4),
                cast=members,
                location=rng.choice(["HOUSE", "PARK", None]),
                locked_day=rng.choice([None, None, 0, 2]),
            )
        )
    assignment = {
        s.id: (s.locked_day if s.locked_day is not None else k % 3) for k, s in enumerate(scenes)
    }
    return ShootProblem(
        scenes=scenes,
        days=_days(3, capacity=8),
        cast=cast,
        assignment=assignment,
        settings=ShootSettings(move_cost=25_00),
    )


def test_the_bound_is_at_most_the_cost_of_every_feasible_schedule_of_tiny_shoots():
    """Every assignment of five scenes to three days, in every order within the day."""
    rng = random.Random(17)
    checked, bounds = 0, []
    for _ in range(12):
        problem = _tiny_shoot(rng)
        bound = evaluate_shoot(problem).lower_bound
        bounds.append(bound)
        ids = [s.id for s in problem.scenes]
        cheapest = None
        for days in itertools.product(range(3), repeat=len(ids)):
            by_day = {p: [i for i, d in zip(ids, days, strict=True) if d == p] for p in range(3)}
            for orders in itertools.product(*(itertools.permutations(by_day[p]) for p in range(3))):
                assignment = {
                    sid: (p, k) for p, order in enumerate(orders) for k, sid in enumerate(order)
                }
                result = evaluate_shoot(
                    ShootProblem(
                        problem.scenes, problem.days, problem.cast, assignment, problem.settings
                    )
                )
                if not result.violations:
                    checked += 1
                    cheapest = result.cost if cheapest is None else min(cheapest, result.cost)
        if cheapest is not None:
            assert bound <= cheapest
    assert checked > 1000
    assert max(bounds) > 0  # the shoots pin enough to bound something
