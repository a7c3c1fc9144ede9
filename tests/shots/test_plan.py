"""The shot list's arithmetic on its own: numbers, setup order, time."""

from hypothesis import given
from hypothesis import strategies as st

from shots import plan


def test_numbers_run_a_b_c_and_skip_i_and_o():
    assert plan.numbers("12", [(False, "")] * 3) == ["12A", "12B", "12C"]
    assert plan.suffix(7) == "H" and plan.suffix(8) == "J" and plan.suffix(13) == "P"
    assert plan.suffix(23) == "Z" and plan.suffix(24) == "AA"


def test_locked_numbers_survive_and_the_others_take_the_free_letters():
    shots = [(False, "12B"), (True, "12A"), (False, "12C")]
    assert plan.numbers("12", shots) == ["12B", "12A", "12C"]
    shots = [(False, ""), (False, ""), (True, "12A")]
    assert plan.numbers("12", shots) == ["12B", "12C", "12A"]


@given(st.lists(st.booleans(), max_size=40), st.randoms())
def test_numbers_are_never_shared_whatever_is_locked(locks, random):
    first = plan.numbers("4", [(False, "")] * len(locks))
    shots = [(locked, number) for locked, number in zip(locks, first, strict=True)]
    random.shuffle(shots)
    numbers = plan.numbers("4", shots)
    assert len(set(numbers)) == len(numbers)
    for (locked, before), after in zip(shots, numbers, strict=True):
        if locked:
            assert after == before


@given(st.lists(st.sampled_from("ABCD"), max_size=60))
def test_setup_order_groups_each_setup_and_keeps_every_shot(setups):
    shots = list(enumerate(setups))
    ordered = plan.setup_order(shots, key=lambda shot: shot[1])
    assert sorted(ordered) == sorted(shots)
    assert plan.setup_changes(ordered, key=lambda shot: shot[1]) == len(set(setups))
    for setup in set(setups):
        mine = [shot for shot in ordered if shot[1] == setup]
        assert mine == sorted(mine)  # the plan's order inside a setup


def test_a_scene_takes_its_shots_minutes_and_an_allowance_per_distinct_setup():
    estimate = plan.estimate([10, 5, 15], ["wide", "wide", "close"], allowance=20)
    assert (estimate.shots, estimate.setups, estimate.minutes) == (3, 2, 70)
    assert plan.format_minutes(70) == "1 h 10" and plan.format_minutes(45) == "45 min"
