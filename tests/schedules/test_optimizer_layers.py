"""The layered dynamic program and the bounds it uses, against brute force on small instances.

Pure Python and numpy, no database. Every instance is drawn from a seeded generator, so a failure
names the seed that shows it.
"""

import itertools
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.talent import random_talent_instance
from schedules.optimizer import TalentInstance, holding_cost, solve_talent
from schedules.optimizer.talent_layers import LayeredSearch, _block_moves, fresh_bounds
from schedules.optimizer.talent_search import _reduce, _Search, astar


def _brute_force(inst: TalentInstance) -> int:
    n = len(inst.scenes)
    return min(holding_cost(inst, order) for order in itertools.permutations(range(n)))


def _step_cost(duration, cast, rate, shot: int, s: int) -> int:
    before = after = 0
    for k, c in enumerate(cast):
        if shot >> k & 1:
            before |= c
        else:
            after |= c
    held = before & after & ~cast[s]
    return duration[s] * sum(r for a, r in enumerate(rate) if held >> a & 1)


def _order_cost(duration, cast, rate, order) -> int:
    shot, total = 0, 0
    for s in order:
        total += _step_cost(duration, cast, rate, shot, s)
        shot |= 1 << s
    return total


def _small_instance(rng: random.Random, n: int, m: int) -> TalentInstance:
    """A small instance with what the reductions look for: repeated casts, idle and free actors."""
    casts = []
    for _ in range(n):
        if casts and rng.random() < 0.2:
            casts.append(rng.choice(casts))  # the same cast again: merged
        else:
            casts.append([1 if rng.random() < 0.45 else 0 for _ in range(m)])
    return TalentInstance(
        scenes=tuple(f"S{k + 1}" for k in range(n)),
        actors=tuple(f"A{a + 1}" for a in range(m)),
        duration=tuple(rng.randint(1, 4) for _ in range(n)),
        cost=tuple(rng.choice([0, 1, 5, 12, 40]) for _ in range(m)),
        plays=tuple(tuple(casts[s][a] for s in range(n)) for a in range(m)),
    )


def test_the_solver_finds_the_brute_force_optimum_on_200_small_instances():
    rng = random.Random(20261204)
    for case in range(200):
        n, m = rng.randint(1, 7), rng.randint(1, 6)
        inst = _small_instance(rng, n, m)
        result = solve_talent(inst)
        best = _brute_force(inst)

        assert result.cost == best, f"case {case}: {inst}"
        assert result.optimal and result.lower_bound == best
        assert sorted(result.order) == list(range(n))
        assert holding_cost(inst, result.order) == best


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.integers(min_value=3, max_value=7).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(1, 5), min_size=n, max_size=n),
            st.lists(st.integers(1, 2**5 - 1), min_size=n, max_size=n),
            st.lists(st.integers(1, 30), min_size=5, max_size=5),
        )
    )
)
def test_the_layers_alone_find_the_optimum_from_a_useless_upper_bound(data):
    """Given no good order to start from, the layers and the meet in the middle must find it."""
    duration, cast, rate = data
    n = len(duration)
    search = LayeredSearch(duration, cast, rate)
    best = min(
        _order_cost(duration, cast, rate, order) for order in itertools.permutations(range(n))
    )

    outcome = search.solve(upper=10**9)

    assert outcome.finished
    assert outcome.cost == outcome.lower_bound == best
    assert sorted(outcome.order) == list(range(n))
    assert _order_cost(duration, cast, rate, outcome.order) == best


def test_the_layers_and_the_best_first_search_agree_on_medium_instances():
    for seed in range(6):
        inst = random_talent_instance(13, 8, seed=seed)
        red = _reduce(inst)
        search = _Search(red)
        order, cost = search.seed(0.0)
        _, a_star_cost, a_star_lower, _ = astar(search, order, cost, float("inf"), False)
        layered = LayeredSearch(red.duration, red.cast, red.rate).solve(upper=10**9)

        assert a_star_cost == a_star_lower, f"seed {seed}"
        assert layered.cost == a_star_cost, f"seed {seed}"


def test_the_bound_never_exceeds_what_is_left_to_hold():
    """Every state's bound is at most the cheapest way to finish from it (exhaustive, 8 scenes)."""
    rng = random.Random(7)
    for case in range(5):
        n, m = 8, 6
        duration = [rng.randint(1, 4) for _ in range(n)]
        cast = [rng.randint(1, 2**m - 1) for _ in range(n)]
        rate = [rng.randint(1, 40) for _ in range(m)]
        search = LayeredSearch(duration, cast, rate)
        full = (1 << n) - 1
        rest_cost = {full: 0}
        for size in range(n - 1, -1, -1):
            for shot in range(1 << n):
                if shot.bit_count() != size:
                    continue
                rest_cost[shot] = min(
                    _step_cost(duration, cast, rate, shot, s) + rest_cost[shot | 1 << s]
                    for s in range(n)
                    if not shot >> s & 1
                )
        states = np.arange(1 << n, dtype=np.int64)
        bounds = search.bound(states)
        exact = np.array([rest_cost[int(s)] for s in states])

        assert (bounds <= exact).all(), f"case {case}: over by {int((bounds - exact).max())}"
        assert bounds.max() > 0


def test_the_numpy_triple_bounds_equal_the_pure_python_ones():
    for seed in range(3):
        inst = random_talent_instance(16, 10, seed=seed)
        red = _reduce(inst)
        search = _Search(red)
        layered = LayeredSearch(red.duration, red.cast, red.rate)

        python = np.array(search.fresh_bound)
        vectorised = fresh_bounds(red.duration, red.cast, layered.cost_of, layered.m)

        assert (python == vectorised).all()
        assert vectorised.max() > 0


def test_a_search_stopped_early_gives_a_true_bound_and_a_valid_order():
    inst = random_talent_instance(20, 12, seed=3)
    proven = solve_talent(inst)

    for limit in (0.0, 0.05):
        early = solve_talent(inst, time_limit=limit)
        assert sorted(early.order) == list(range(20))
        assert holding_cost(inst, early.order) == early.cost
        assert early.lower_bound <= proven.cost <= early.cost
    assert proven.optimal and proven.cost == proven.lower_bound


def test_should_stop_ends_the_search_with_a_bound():
    inst = random_talent_instance(20, 12, seed=4)
    seen = []

    result = solve_talent(inst, should_stop=lambda: True, on_progress=lambda c, b: seen.append(b))

    assert result.lower_bound <= result.cost
    assert not result.optimal or result.lower_bound == result.cost
    assert seen and seen[-1] == result.lower_bound


def test_the_random_generator_is_seeded_and_of_the_kind_the_issue_names():
    one = random_talent_instance(22, 12, seed=5)
    again = random_talent_instance(22, 12, seed=5)
    other = random_talent_instance(22, 12, seed=6)

    assert one == again != other
    assert set(one.duration) <= {1, 2, 3, 4} and set(one.cost) <= set(range(1, 41))
    share = sum(map(sum, one.plays)) / (22 * 12)
    assert 0.2 < share < 0.45


def test_a_search_stopped_in_the_middle_of_a_layer_keeps_a_true_bound():
    inst = random_talent_instance(22, 12, seed=1)
    optimum = solve_talent(inst).cost
    for calls in (3, 12, 40):
        asked = []

        def stop(asked=asked, calls=calls):
            asked.append(1)
            return len(asked) > calls

        early = solve_talent(inst, time_limit=60.0, should_stop=stop)

        assert early.lower_bound <= optimum <= early.cost, calls
        assert holding_cost(inst, early.order) == early.cost
        assert len(asked) == calls + 1  # it stopped the first time it was told to


def test_the_vectorised_bound_is_the_pure_python_one_less_its_rounding_slack():
    """Per state, the layers' float32 bound is the float64 one of ``_Search``, or one day less."""
    rng = np.random.default_rng(11)
    for seed in range(3):
        red = _reduce(random_talent_instance(18, 11, seed=seed))
        search = _Search(red)
        layered = LayeredSearch(red.duration, red.cast, red.rate)
        states = rng.integers(0, 1 << layered.n, size=400, dtype=np.int64)

        vectorised = layered.bound(states)
        python = np.array([search.bound(search.full ^ int(s)) for s in states])

        assert (vectorised <= python).all(), f"seed {seed}"
        assert (vectorised >= python - 1).all(), f"seed {seed}"
        assert python.max() > 0


def test_the_batch_order_costs_and_the_polish_agree_with_the_order_cost():
    rng = random.Random(5)
    red = _reduce(random_talent_instance(16, 10, seed=2))
    search = _Search(red)
    layered = LayeredSearch(red.duration, red.cast, red.rate)
    orders = [rng.sample(range(layered.n), layered.n) for _ in range(50)]

    costs = layered.order_costs(np.array(orders))

    assert costs.tolist() == [search.order_cost(order) for order in orders]
    start = list(range(layered.n))
    order, cost = layered.polish(start, search.order_cost(start), float("inf"))
    assert sorted(order) == start
    assert cost == search.order_cost(order) < search.order_cost(start)
    # No single move of a block of up to three scenes improves the polished order.
    assert layered.order_costs(np.array(order)[_block_moves(layered.n)]).min() >= cost


def test_the_layers_find_the_optimum_on_either_way_of_grouping_the_children():
    """Costs that fit 32 bits go into one sorted int64 key; larger ones take the lexsort path."""
    rng = random.Random(3)
    for case in range(20):
        n, m = rng.randint(3, 7), rng.randint(2, 5)
        duration = [rng.randint(1, 4) for _ in range(n)]
        cast = [rng.randint(1, 2**m - 1) for _ in range(n)]
        rate = [rng.randint(1, 30) for _ in range(m)]
        best = min(
            _order_cost(duration, cast, rate, order) for order in itertools.permutations(range(n))
        )
        for upper in (10**6, 2**40):
            outcome = LayeredSearch(duration, cast, rate).solve(upper=upper)

            assert outcome.finished and outcome.cost == best, f"case {case}, upper {upper}"
            assert _order_cost(duration, cast, rate, outcome.order) == best
