"""Schedule conflicts: each kind is found, and a clean schedule has none."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from schedules.conflicts import (
    Conflict,
    ConflictKind,
    Person,
    PlannedDay,
    PlannedScene,
    Unavailability,
    capacity_conflicts,
    double_booked_conflicts,
    format_minutes,
    location_conflicts,
    schedule_conflicts,
    turnaround_conflicts,
    unavailable_conflicts,
)

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 5, 12)
WEDNESDAY = date(2026, 5, 13)
PEOPLE = {
    7: Person(7, "Maya Reyes", cast_id="1"),
    8: Person(8, "Ben Ode", cast_id="2"),
    30: Person(30, "Ana Silva"),
}
WAREHOUSE = 100
LOCATIONS = {WAREHOUSE: "Harbour Warehouse", 101: "Lighthouse"}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def scene(number: str, **fields: object) -> PlannedScene:
    return PlannedScene(id=f"scene-{number}", number=number, **fields)


def tuesday(**fields: object) -> PlannedDay:
    fields.setdefault("scenes", (scene("12", people=frozenset({7, 8})),))
    return PlannedDay(id=1, date=TUESDAY, number=1, **fields)


def wednesday(**fields: object) -> PlannedDay:
    fields.setdefault("scenes", (scene("14", people=frozenset({7})),))
    return PlannedDay(id=2, date=WEDNESDAY, number=2, **fields)


def test_a_cast_member_called_on_a_day_they_are_unavailable_is_a_conflict() -> None:
    away = [Unavailability(7, TUESDAY, reason="family wedding")]

    (conflict,) = unavailable_conflicts([tuesday(), wednesday()], away, PEOPLE)

    assert conflict == Conflict(
        ConflictKind.UNAVAILABLE,
        TUESDAY,
        "Maya Reyes (1) is unavailable on Tue 12 May: family wedding",
        {"person": 7, "shoot_day": 1},
    )


def test_a_crew_member_called_inside_an_unavailable_period_is_a_conflict() -> None:
    away = [Unavailability(30, date(2026, 5, 10), date(2026, 5, 13))]
    day = wednesday(people=frozenset({30}))

    (conflict,) = unavailable_conflicts([day], away, PEOPLE)

    assert conflict.message == "Ana Silva is unavailable on Wed 13 May"
    assert conflict.ids == {"person": 30, "shoot_day": 2}


def test_overlapping_unavailable_periods_give_one_conflict_with_every_reason() -> None:
    away = [
        Unavailability(8, TUESDAY, reason="press day"),
        Unavailability(8, date(2026, 5, 11), WEDNESDAY, reason="on another show"),
    ]

    (conflict,) = unavailable_conflicts([tuesday()], away, PEOPLE)

    assert conflict.message.endswith(": press day; on another show")


def test_unavailability_on_days_a_person_is_not_called_is_no_conflict() -> None:
    away = [
        Unavailability(8, WEDNESDAY, reason="press day"),
        Unavailability(7, date(2026, 5, 1), date(2026, 5, 11)),
        Unavailability(30, TUESDAY),
    ]

    assert unavailable_conflicts([tuesday(), wednesday()], away, PEOPLE) == []


def test_a_person_on_two_productions_the_same_day_is_double_booked() -> None:
    bookings = {7: [("harbour", TUESDAY), ("blue-hour", TUESDAY), ("harbour", WEDNESDAY)]}
    titles = {"harbour": "Night Harbour", "blue-hour": "Blue Hour"}

    (conflict,) = double_booked_conflicts(bookings, PEOPLE, titles)

    assert conflict.kind == ConflictKind.DOUBLE_BOOKED
    assert conflict.date == TUESDAY
    assert conflict.message == (
        "Maya Reyes (1) is booked on 2 productions on Tue 12 May: Night Harbour, Blue Hour"
    )
    assert conflict.ids == {"person": 7, "productions": ("harbour", "blue-hour")}


def test_two_days_of_one_production_or_one_production_twice_is_not_double_booked() -> None:
    bookings = {
        7: [("harbour", TUESDAY), ("blue-hour", WEDNESDAY)],
        8: [("harbour", TUESDAY), ("harbour", TUESDAY)],
    }

    assert double_booked_conflicts(bookings, PEOPLE) == []


def test_a_day_over_its_page_count_is_over_capacity() -> None:
    day = tuesday(scenes=(scene("12", eighths=43), scene("13", eighths=32)), max_eighths=64)

    (conflict,) = capacity_conflicts([day])

    assert conflict.kind == ConflictKind.OVER_CAPACITY
    assert (
        conflict.message
        == "Day 1, Tue 12 May is over its page count: 9 3/8 pages scheduled, 8 allowed"
    )
    assert conflict.ids == {"shoot_day": 1, "measure": "eighths"}


def test_a_day_over_its_hours_is_over_capacity() -> None:
    day = tuesday(scenes=(scene("12", minutes=400), scene("13", minutes=290)), max_minutes=600)

    (conflict,) = capacity_conflicts([day])

    assert (
        conflict.message
        == "Day 1, Tue 12 May is over its hours: 11 h 30 min scheduled, 10 h allowed"
    )
    assert conflict.ids == {"shoot_day": 1, "measure": "minutes"}


def test_a_day_filled_exactly_to_capacity_or_without_limits_is_no_conflict() -> None:
    full = tuesday(scenes=(scene("12", eighths=64, minutes=600),), max_eighths=64, max_minutes=600)
    unlimited = wednesday(scenes=(scene("14", eighths=200, minutes=2000),))

    assert capacity_conflicts([full, unlimited]) == []


def test_scenes_at_a_location_on_a_day_it_is_unavailable_are_a_conflict() -> None:
    scenes = (
        scene("12", location_id=WAREHOUSE),
        scene("13", location_id=101),
        scene("14", location_id=WAREHOUSE),
    )
    closed = [Unavailability(WAREHOUSE, TUESDAY, reason="permit ends 11 May")]

    (conflict,) = location_conflicts([tuesday(scenes=scenes)], closed, LOCATIONS)

    assert conflict.kind == ConflictKind.LOCATION_UNAVAILABLE
    assert conflict.message == (
        "Harbour Warehouse is unavailable on Tue 12 May for scenes 12, 14: permit ends 11 May"
    )
    assert conflict.ids == {
        "location": WAREHOUSE,
        "shoot_day": 1,
        "scenes": ("scene-12", "scene-14"),
    }


def test_a_day_based_at_an_unavailable_location_is_a_conflict() -> None:
    closed = [Unavailability(101, TUESDAY)]

    (conflict,) = location_conflicts([tuesday(location_id=101)], closed, LOCATIONS)

    assert conflict.message == "Lighthouse is unavailable on Tue 12 May"


def test_a_location_unavailable_on_other_days_is_no_conflict() -> None:
    closed = [Unavailability(WAREHOUSE, WEDNESDAY), Unavailability(101, TUESDAY)]
    day = tuesday(scenes=(scene("12", location_id=WAREHOUSE),))

    assert location_conflicts([day], closed, LOCATIONS) == []


def test_a_night_wrap_before_an_early_call_is_a_turnaround_conflict() -> None:
    night = tuesday(scenes=(scene("12", night=True),), wrap=at(WEDNESDAY, 2, 30))
    early = wednesday(call=at(WEDNESDAY, 8))

    (conflict,) = turnaround_conflicts([early, night])

    assert conflict.kind == ConflictKind.TURNAROUND
    assert conflict.date == WEDNESDAY
    assert conflict.message == (
        "Only 5 h 30 min turnaround between the night wrap of Tue 12 May (02:30) "
        "and the 08:00 call on Wed 13 May; 11 h needed"
    )
    assert conflict.ids == {"shoot_day": 1, "next_shoot_day": 2}


def test_the_turnaround_minimum_is_configurable() -> None:
    days = [tuesday(wrap=at(TUESDAY, 19, 30)), wednesday(call=at(WEDNESDAY, 7))]

    assert turnaround_conflicts(days) == []
    assert len(turnaround_conflicts(days, min_hours=12)) == 1


def test_exactly_the_minimum_turnaround_is_no_conflict() -> None:
    days = [tuesday(wrap=at(TUESDAY, 20)), wednesday(call=at(WEDNESDAY, 7))]

    assert turnaround_conflicts(days) == []


def test_turnaround_is_measured_in_real_hours_across_time_zones() -> None:
    # Wrapping at 23:00 in London is 18:00 in New York: 13 real hours before a 07:00 NY call.
    new_york = ZoneInfo("America/New_York")
    days = [
        tuesday(wrap=at(TUESDAY, 23)),
        wednesday(call=datetime(2026, 5, 13, 7, tzinfo=new_york)),
    ]

    assert turnaround_conflicts(days) == []


def test_naive_call_times_are_refused() -> None:
    days = [tuesday(wrap=datetime(2026, 5, 12, 23)), wednesday(call=at(WEDNESDAY, 7))]

    with pytest.raises(ValueError, match="naive"):
        turnaround_conflicts(days)


def test_a_clean_schedule_has_no_conflicts() -> None:
    days = [
        tuesday(
            scenes=(scene("12", eighths=40, minutes=300, location_id=WAREHOUSE, night=True),),
            people=frozenset({30}),
            max_eighths=64,
            max_minutes=600,
            wrap=at(TUESDAY, 19),
        ),
        wednesday(call=at(WEDNESDAY, 7), max_eighths=64),
    ]

    found = schedule_conflicts(
        days,
        people=PEOPLE,
        unavailable=[Unavailability(7, date(2026, 5, 14), reason="holiday")],
        location_names=LOCATIONS,
        location_unavailable=[Unavailability(WAREHOUSE, WEDNESDAY)],
        bookings={7: [("harbour", TUESDAY)], 8: [("blue-hour", date(2026, 5, 14))]},
    )

    assert found == []


def test_schedule_conflicts_finds_every_kind_ordered_by_date() -> None:
    days = [
        wednesday(call=at(WEDNESDAY, 6)),
        tuesday(
            scenes=(scene("12", eighths=70, location_id=WAREHOUSE, people=frozenset({7})),),
            max_eighths=64,
            wrap=at(TUESDAY, 23),
        ),
    ]

    found = schedule_conflicts(
        days,
        people=PEOPLE,
        unavailable=[Unavailability(7, TUESDAY)],
        location_unavailable=[Unavailability(WAREHOUSE, TUESDAY)],
        bookings={8: [("harbour", WEDNESDAY), ("blue-hour", WEDNESDAY)]},
    )

    assert [(c.date, c.kind) for c in found] == [
        (TUESDAY, ConflictKind.UNAVAILABLE),
        (TUESDAY, ConflictKind.OVER_CAPACITY),
        (TUESDAY, ConflictKind.LOCATION_UNAVAILABLE),
        (WEDNESDAY, ConflictKind.DOUBLE_BOOKED),
        (WEDNESDAY, ConflictKind.TURNAROUND),
    ]


def test_unknown_people_and_locations_are_named_by_their_id() -> None:
    (person,) = unavailable_conflicts([tuesday()], [Unavailability(8, TUESDAY)])
    (place,) = location_conflicts([tuesday(location_id=55)], [Unavailability(55, TUESDAY)])

    assert person.message == "8 is unavailable on Tue 12 May"
    assert place.message == "55 is unavailable on Tue 12 May"


@pytest.mark.parametrize(
    ("minutes", "text"), [(45, "45 min"), (60, "1 h"), (690, "11 h 30 min"), (-90, "-1 h 30 min")]
)
def test_durations_read_in_hours_and_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text
