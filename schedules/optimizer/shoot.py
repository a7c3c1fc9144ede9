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

Where the pieces live: ``shoot_model`` (the problem in index form, the state the search moves
scenes in, the cost and the constraint checks), ``shoot_search`` (the search's moves),
``shoot_bounds`` (the lower bound), ``shoot_explain`` (the sentence for the producer); this
module has the public types and the search loop.

Money is whole cents throughout: a rate or move cost given as an ``int`` is cents, one given as a
``Decimal`` (or float) is currency units and is converted.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from schedules.optimizer.shoot_bounds import shoot_lower_bound
from schedules.optimizer.shoot_explain import explain
from schedules.optimizer.shoot_model import (
    _evaluate,
    _Evaluation,
    _input_days,
    _Model,
    _State,
    _violations,
)
from schedules.optimizer.shoot_search import _Search
from schedules.optimizer.shoot_types import (
    SceneId,
    ShootCast,
    ShootDay,
    ShootProblem,
    ShootResult,
    ShootScene,
    ShootSettings,
)

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


def _lower_bound(model: _Model) -> int:
    """Return a lower bound on the cost of any feasible schedule (``shoot_bounds``)."""
    return shoot_lower_bound(model)


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
