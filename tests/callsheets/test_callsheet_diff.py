"""What changed for one person between two versions, in the words their message uses."""

import pytest

from callsheets.diff import person_changes

BEFORE = {"call": "07:00", "location": "DOCKS, Berth 73", "scenes": ["1", "2"]}


def test_nothing_changed_says_nothing():
    assert person_changes(BEFORE, dict(BEFORE)) == []


def test_a_new_call_time_is_said_with_both_times():
    after = {**BEFORE, "call": "06:30"}

    assert person_changes(BEFORE, after) == ["Your call time changed from 07:00 to 06:30."]


def test_a_new_location_is_named():
    after = {**BEFORE, "location": "HARBOR WAREHOUSE, 1201 E Anaheim St"}

    assert person_changes(BEFORE, after) == [
        "The location changed to HARBOR WAREHOUSE, 1201 E Anaheim St."
    ]


@pytest.mark.parametrize(
    ("scenes", "said"),
    [
        (["1", "2", "5"], "Your scenes changed: added 5."),
        (["1"], "Your scenes changed: dropped 2."),
        (["3", "2"], "Your scenes changed: added 3; dropped 1."),
        (["2", "1"], "Your scenes are in a new order: 2, 1."),
    ],
)
def test_scene_changes_say_what_was_added_and_dropped(scenes, said):
    assert person_changes(BEFORE, {**BEFORE, "scenes": scenes}) == [said]


def test_changes_come_in_a_fixed_order():
    after = {"call": "06:00", "location": "DINER", "scenes": ["9"]}

    assert person_changes(BEFORE, after) == [
        "Your call time changed from 07:00 to 06:00.",
        "The location changed to DINER.",
        "Your scenes changed: added 9; dropped 1, 2.",
    ]


def test_being_added_or_released_is_said_plainly():
    assert person_changes(None, BEFORE) == ["You are now called, at 07:00."]
    assert person_changes(BEFORE, None) == ["You are no longer called on this day."]
    assert person_changes(BEFORE, {**BEFORE, "call": ""}) == [
        "You are no longer called on this day."
    ]
    assert person_changes(None, None) == []
