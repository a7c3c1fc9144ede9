"""Day Out of Days from real schedules: the selector turns boards into Movie Magic's codes."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from productions.models import BreakdownElement
from schedules import selectors, services
from schedules.models import CastEvent, Holiday, ShootDay
from tests.factories import (
    CharacterFactory,
    ElementFactory,
    SceneFactory,
    cast_member,
    scene_with,
    schedule_build,
)

pytestmark = pytest.mark.django_db

MON = date(2027, 1, 11)


def weekdays(count: int, start: date = MON) -> list[date]:
    """Return ``count`` Monday-to-Friday dates from ``start``."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def codes(table: selectors.DoodTable, key: str) -> list[str]:
    (line,) = [line for line in table.lines if line.key == key]
    return line.row.codes


def worked(table: selectors.DoodTable, key: str) -> dict[date, str]:
    return {day: code for day, code in zip(table.days, codes(table, key), strict=True) if code}


@pytest.fixture
def maya(production):
    return cast_member(production, "MAYA", "1", rate=2400)


@pytest.fixture
def daniel(production):
    return cast_member(production, "DANIEL", "2", rate=1800)


def test_an_actor_on_a_single_day_is_start_work_finish(production, maya, daniel):
    days = weekdays(3)
    schedule_build(
        production,
        {
            days[0]: [scene_with(production, daniel)],
            days[1]: [scene_with(production, maya, daniel)],
            days[2]: [scene_with(production, daniel)],
        },
    )

    table = selectors.dood_for(production)

    assert table.days == days
    assert codes(table, "1") == ["", "SWF", ""]
    assert codes(table, "2") == ["SW", "W", "WF"]
    line = table.lines[0]
    assert (line.cast_id, line.character, line.person) == ("1", "MAYA", "Actor Maya")
    assert (line.row.work, line.row.hold, line.row.total) == (1, 0, 1)


def test_days_between_work_days_are_holds_and_weekends_are_not_counted(production, maya):
    days = weekdays(6)  # Mon 11 to Mon 18
    schedule_build(
        production,
        {day: [scene_with(production, maya)] if day in (days[1], days[5]) else [] for day in days},
    )

    table = selectors.dood_for(production)

    assert [c.kind for c in table.columns] == ["shoot"] * 5 + ["off", "off", "shoot"]
    assert codes(table, "1") == ["", "SW", "H", "H", "H", "", "", "WF"]
    row = table.lines[0].row
    assert (row.work, row.hold, row.total) == (2, 3, 5)


@pytest.mark.parametrize(
    "gap,expected",
    [
        (3, ["SW", "H", "H", "H", "WF"]),  # exactly the threshold: held
        (4, ["SWD", "", "", "", "", "PWF"]),  # one more: dropped and picked up
    ],
)
def test_a_gap_at_the_drop_threshold_is_held_and_one_day_longer_is_dropped(
    production, maya, gap, expected
):
    services.schedule_settings_update(production=production, drop_after_days=3)
    days = [MON + timedelta(days=offset) for offset in range(gap + 2)]
    services.schedule_settings_update(production=production, working_weekdays="0123456")
    plan = {day: [] for day in days}
    plan[days[0]] = [scene_with(production, maya)]
    plan[days[-1]] = [scene_with(production, maya)]
    schedule_build(production, plan)

    table = selectors.dood_for(production)

    assert codes(table, "1") == expected
    assert table.lines[0].row.drop_pickup == (1 if gap > 3 else 0)


def test_weekly_players_are_never_dropped(production, maya):
    services.schedule_settings_update(production=production, drop_after_days=None)
    days = weekdays(15)
    plan = {day: [] for day in days}
    plan[days[0]] = [scene_with(production, maya)]
    plan[days[-1]] = [scene_with(production, maya)]
    schedule_build(production, plan)

    row = selectors.dood_for(production).lines[0].row

    assert (row.work, row.hold, row.drop_pickup) == (2, 13, 0)


def test_holidays_travel_and_rehearsal_show_their_codes_and_count(production, maya):
    Holiday.objects.create(production=production, date=date(2027, 1, 18), name="MLK Day")
    days = [date(2027, 1, 14), date(2027, 1, 15), date(2027, 1, 19)]
    schedule_build(
        production,
        {
            days[0]: [scene_with(production, maya)],
            days[1]: [],
            days[2]: [scene_with(production, maya)],
        },
    )
    CastEvent.objects.create(
        production=production, character=maya, date=date(2027, 1, 13), kind="TR"
    )
    CastEvent.objects.create(
        production=production, character=maya, date=date(2027, 1, 12), kind="R"
    )

    table = selectors.dood_for(production)

    assert worked(table, "1") == {
        date(2027, 1, 12): "R",
        date(2027, 1, 13): "TR",
        date(2027, 1, 14): "SW",
        date(2027, 1, 15): "H",
        date(2027, 1, 18): "/",
        date(2027, 1, 19): "WF",
    }
    row = table.lines[0].row
    assert (row.work, row.hold, row.travel, row.rehearsal, row.holiday, row.total) == (
        2,
        1,
        1,
        1,
        1,
        6,
    )
    assert [c.kind for c in table.columns][-2:] == ["holiday", "shoot"]


def test_a_schedule_with_no_cast_has_days_and_no_rows(production):
    schedule_build(production, {MON: [SceneFactory(production=production)]})
    CharacterFactory(production=production, name="EXTRA", cast_id="")  # no cast ID
    CharacterFactory(production=production, name="GHOST", cast_id="9")  # no actor

    table = selectors.dood_for(production)

    assert table.days == [MON]
    assert table.lines == []
    assert table.hold_total == 0


def test_a_production_with_no_schedule_has_an_empty_day_out_of_days(production, maya):
    table = selectors.dood_for(production)

    assert table.days == []
    assert [line.row.codes for line in table.lines] == [[]]


def test_moving_a_scene_to_another_day_changes_the_codes(production, owner, maya):
    days = weekdays(4)
    early, late = scene_with(production, maya), scene_with(production, maya)
    schedule_build(production, {days[0]: [early], days[1]: [], days[2]: [], days[3]: [late]})
    assert codes(selectors.dood_for(production), "1") == ["SW", "H", "H", "WF"]

    services.shoot_day_update(day=ShootDay.objects.get(date=days[1]), by=owner, scenes=[late.pk])

    assert codes(selectors.dood_for(production), "1") == ["SW", "WF", "", ""]


def test_hold_cost_is_the_daily_rate_times_the_hold_days(production, maya, daniel):
    days = weekdays(4)
    schedule_build(
        production,
        {
            days[0]: [scene_with(production, maya, daniel)],
            days[1]: [],
            days[2]: [scene_with(production, daniel)],
            days[3]: [scene_with(production, maya)],
        },
    )

    table = selectors.dood_for(production)
    hold = selectors.hold_cost_for(production)

    assert {line.key: line.hold_cost for line in table.lines} == {
        "1": Decimal("4800.00"),
        "2": Decimal("1800.00"),
    }
    assert table.hold_total == hold.total == Decimal("6600.00")
    assert selectors.board_for(production).hold.total == Decimal("6600.00")


def test_a_breakdown_category_gets_one_row_per_element(production, maya):
    days = weekdays(3)
    ambulance = ElementFactory(production=production, category="vehicles", name="Ambulance")
    ElementFactory(production=production, category="vehicles", name="Tugboat")
    ElementFactory(production=production, category="props", name="Ledger")
    first, last = scene_with(production, maya), scene_with(production, maya)
    for scene in (first, last):
        scene.elements.add(ambulance)
    schedule_build(production, {days[0]: [first], days[1]: [], days[2]: [last]})

    table = selectors.dood_for(production, category=BreakdownElement.Category.VEHICLES)

    assert [(line.character, line.row.codes) for line in table.lines] == [
        ("Ambulance", ["SW", "H", "WF"]),
        ("Tugboat", ["", "", ""]),
    ]


def test_the_csv_has_a_column_per_date_and_the_totals(production, maya):
    schedule_build(production, {MON: [scene_with(production, maya)]})

    text = selectors.dood_csv_text(selectors.dood_for(production))

    header, row = text.strip().splitlines()
    assert header.startswith("Cast ID,Character,Actor,2027-01-11,Travel,Work,Hold")
    assert row.startswith("1,MAYA,Actor Maya,SWF,0,1,0")
