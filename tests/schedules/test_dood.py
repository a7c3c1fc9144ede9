"""Day Out of Days codes, counted the way Movie Magic Scheduling counts them."""

import csv
import io
from datetime import date, timedelta

import pytest

from schedules.dood import (
    DoodInput,
    DoodRow,
    day_out_of_days,
    dood_calendar,
    dood_csv,
    hold_cost,
)

MONDAY = date(2026, 5, 11)


def day(offset: int) -> date:
    """Return the date `offset` days after Monday 11 May 2026."""
    return MONDAY + timedelta(days=offset)


def weekdays(weeks: int) -> set[date]:
    """Return Monday to Friday of `weeks` weeks from 11 May 2026."""
    return {day(offset) for offset in range(weeks * 7) if offset % 7 < 5}


def dood(
    work: dict[str, set[date]],
    *,
    weeks: int = 1,
    shoot_days: set[date] | None = None,
    holidays: set[date] | None = None,
    events: dict[str, dict[date, str]] | None = None,
    drop_after: int | None = 10,
) -> dict[str, DoodRow]:
    """Return the Day Out of Days of a schedule shooting weekdays for `weeks` weeks."""
    holidays = holidays or set()
    return day_out_of_days(
        DoodInput(
            calendar=[day(offset) for offset in range(weeks * 7)],
            shoot_days=weekdays(weeks) - holidays if shoot_days is None else shoot_days,
            holidays=holidays,
            work=work,
            events=events or {},
            drop_after=drop_after,
        )
    )


def codes(row: DoodRow, days: int = 7) -> list[str]:
    return row.codes[:days]


def test_a_single_work_day_is_start_work_finish() -> None:
    row = dood({"1": {day(2)}})["1"]

    assert codes(row) == ["", "", "SWF", "", "", "", ""]
    assert (row.start, row.finish) == (day(2), day(2))
    assert (row.work, row.hold, row.total) == (1, 0, 1)


def test_shoot_days_between_first_and_last_work_days_are_holds() -> None:
    row = dood({"1": {day(0), day(2), day(4)}})["1"]

    assert codes(row) == ["SW", "H", "W", "H", "WF", "", ""]
    assert (row.work, row.hold, row.total) == (3, 2, 5)


def test_days_before_the_start_and_after_the_finish_are_blank() -> None:
    row = dood({"1": {day(1), day(3)}})["1"]

    assert codes(row) == ["", "SW", "H", "WF", "", "", ""]
    assert (row.start, row.finish) == (day(1), day(3))


def test_company_days_off_inside_a_span_are_neither_holds_nor_counted() -> None:
    row = dood({"1": {day(4), day(7)}}, weeks=2)["1"]

    assert row.codes[4:8] == ["SW", "", "", "WF"]
    assert (row.work, row.hold, row.total) == (2, 0, 2)


def test_a_holiday_inside_a_span_is_paid_but_is_not_a_hold() -> None:
    row = dood({"1": {day(0), day(4)}}, holidays={day(2)})["1"]

    assert codes(row) == ["SW", "H", "/", "H", "WF", "", ""]
    assert (row.work, row.hold, row.holiday, row.total) == (2, 2, 1, 5)


def test_a_holiday_outside_a_span_is_blank_and_not_counted() -> None:
    row = dood({"1": {day(2), day(3)}}, holidays={day(0)})["1"]

    assert codes(row)[:2] == ["", ""]
    assert (row.holiday, row.total) == (0, 2)


def test_a_gap_of_exactly_drop_after_shoot_days_is_held() -> None:
    row = dood({"1": {day(0), day(4)}}, drop_after=3)["1"]

    assert codes(row) == ["SW", "H", "H", "H", "WF", "", ""]
    assert (row.hold, row.drop_pickup) == (3, 0)


def test_a_gap_one_shoot_day_past_drop_after_drops_and_picks_up_the_actor() -> None:
    # Wednesday, Thursday, Friday and Monday: four shoot days between Tuesday and Tuesday.
    row = dood({"1": {day(0), day(1), day(8), day(9)}}, weeks=2, drop_after=3)["1"]

    assert row.codes[:10] == ["SW", "WD", "", "", "", "", "", "", "PW", "WF"]
    assert (row.work, row.hold, row.drop_pickup, row.total) == (4, 0, 1, 4)


def test_the_default_drop_after_holds_ten_shoot_days_and_drops_eleven() -> None:
    # Work Monday of week 1; the gap is counted in weekdays, not calendar days.
    held = dood({"1": {day(0), day(15)}}, weeks=3)["1"]
    dropped = dood({"1": {day(0), day(16)}}, weeks=3)["1"]

    assert (held.codes[0], held.codes[15], held.hold) == ("SW", "WF", 10)
    assert (dropped.codes[0], dropped.codes[16], dropped.hold) == ("SWD", "PWF", 0)


def test_a_start_day_can_drop_and_a_pick_up_can_drop_again_or_finish() -> None:
    row = dood({"1": {day(0), day(7), day(14)}}, weeks=3, drop_after=3)["1"]

    assert [row.codes[0], row.codes[7], row.codes[14]] == ["SWD", "PWD", "PWF"]
    assert set(row.codes) == {"SWD", "PWD", "PWF", ""}
    assert (row.drop_pickup, row.total) == (2, 3)


def test_weekly_players_are_never_dropped() -> None:
    row = dood({"1": {day(0), day(16)}}, weeks=3, drop_after=None)["1"]

    assert (row.codes[0], row.codes[16]) == ("SW", "WF")
    assert row.hold == 11


def test_holidays_do_not_lengthen_a_gap() -> None:
    # Tuesday and Thursday are the only shoot days between the two work days.
    row = dood({"1": {day(0), day(4)}}, holidays={day(2)}, drop_after=2)["1"]

    assert codes(row) == ["SW", "H", "/", "H", "WF", "", ""]


def test_a_holiday_inside_a_dropped_gap_is_not_paid() -> None:
    row = dood({"1": {day(0), day(14)}}, weeks=3, holidays={day(7)}, drop_after=3)["1"]

    assert row.codes[7] == ""
    assert (row.holiday, row.total) == (0, 2)


def test_a_travel_day_before_the_first_work_day_starts_the_paid_span() -> None:
    shoot = {day(1), day(2)}
    row = dood({"1": {day(2)}}, shoot_days=shoot, events={"1": {day(0): "TR"}})["1"]

    assert codes(row) == ["TR", "H", "SWF", "", "", "", ""]
    assert (row.start, row.finish) == (day(0), day(2))
    assert (row.travel, row.hold, row.work, row.total) == (1, 1, 1, 3)


def test_a_travel_day_after_the_last_work_day_finishes_the_span() -> None:
    row = dood({"1": {day(0)}}, events={"1": {day(5): "TR"}})["1"]

    assert codes(row) == ["SWF", "H", "H", "H", "H", "TR", ""]
    assert (row.finish, row.total) == (day(5), 6)


def test_rehearsal_and_fitting_on_non_work_days_replace_the_hold() -> None:
    row = dood({"1": {day(0), day(4)}}, events={"1": {day(1): "R", day(2): "FT"}})["1"]

    assert codes(row) == ["SW", "R", "FT", "H", "WF", "", ""]
    assert (row.rehearsal, row.fitting, row.hold, row.total) == (1, 1, 1, 5)


def test_a_fitting_long_before_the_start_is_paid_alone_without_holds() -> None:
    row = dood({"1": {day(14)}}, weeks=3, events={"1": {day(0): "FT"}}, drop_after=3)["1"]

    assert row.codes[0] == "FT"
    assert row.codes[14] == "SWF"
    assert set(row.codes[1:14]) == {""}
    assert (row.start, row.hold, row.total) == (day(0), 0, 2)


def test_an_event_on_a_work_day_is_counted_as_work_only() -> None:
    row = dood({"1": {day(0)}}, events={"1": {day(0): "FT"}})["1"]

    assert codes(row)[0] == "SWF"
    assert (row.fitting, row.total) == (0, 1)


def test_an_event_inside_a_dropped_gap_is_paid_without_holds() -> None:
    events = {"1": {day(7): "R"}}
    row = dood({"1": {day(0), day(14)}}, weeks=3, events=events, drop_after=3)["1"]

    assert [row.codes[0], row.codes[7], row.codes[14]] == ["SWD", "R", "PWF"]
    assert (row.rehearsal, row.hold, row.total) == (1, 0, 3)


def test_a_cast_member_with_events_but_no_work_is_never_held() -> None:
    row = dood({}, events={"1": {day(0): "FT", day(4): "R"}})["1"]

    assert codes(row) == ["FT", "", "", "", "R", "", ""]
    assert (row.hold, row.work, row.total) == (0, 0, 2)


def test_a_schedule_with_no_cast_has_no_rows() -> None:
    assert dood({}) == {}


def test_a_cast_member_with_no_work_has_a_blank_row() -> None:
    row = dood({"1": set()})["1"]

    assert set(row.codes) == {""}
    assert (row.start, row.finish, row.total) == (None, None, 0)


def test_moving_a_scene_to_another_day_gives_new_codes() -> None:
    cast_of_scene = {"12": {"1", "2"}, "14": {"1"}}
    before = dood(work_from({day(0): ["12"], day(3): ["14"]}, cast_of_scene))
    after = dood(work_from({day(0): ["12"], day(1): ["14"]}, cast_of_scene))

    assert codes(before["1"]) == ["SW", "H", "H", "WF", "", "", ""]
    assert codes(after["1"]) == ["SW", "WF", "", "", "", "", ""]
    assert codes(after["2"]) == codes(before["2"]) == ["SWF", "", "", "", "", "", ""]


def test_work_outside_the_calendar_is_still_counted() -> None:
    row = dood({"1": {day(0), day(9)}})["1"]

    assert (row.finish, row.work, row.hold) == (day(9), 2, 4)


def test_rows_are_ordered_by_cast_id_as_people_count() -> None:
    rows = dood({"10": {day(0)}, "2": {day(0)}, "1A": {day(0)}, "1": {day(0)}})

    assert list(rows) == ["1", "1A", "2", "10"]


def test_an_unknown_event_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown event 'X'"):
        dood({"1": {day(0)}}, events={"1": {day(1): "X"}})


def test_a_negative_drop_after_is_refused() -> None:
    with pytest.raises(ValueError, match="drop_after"):
        dood({"1": {day(0)}}, drop_after=-1)


def test_dood_calendar_covers_every_date_from_the_first_to_the_last() -> None:
    assert dood_calendar({day(3), day(0), day(1)}) == [day(0), day(1), day(2), day(3)]
    assert dood_calendar([]) == []


def test_hold_cost_is_the_daily_rate_times_hold_days_in_cents() -> None:
    rows = dood({"1": {day(0), day(4)}, "2": {day(0), day(1)}, "3": {day(0), day(2)}})

    assert hold_cost(rows, {"1": 50_000, "2": 40_000}) == {"1": 150_000, "2": 0}


def test_dood_csv_has_a_row_per_cast_member_with_codes_and_totals() -> None:
    calendar = [day(offset) for offset in range(7)]
    rows = dood({"1": {day(0), day(2)}, "2": {day(1)}})
    labels = {"1": ("MAYA", "Maya Reyes"), "2": ("=HYPERLINK()", "Ben Ode")}

    header, first, second = csv.reader(io.StringIO(dood_csv(rows, calendar, labels)))

    assert header[:4] == ["Cast ID", "Character", "Actor", "2026-05-11"]
    assert header[-3:] == ["Start", "Finish", "Total"]
    assert first[:6] == ["1", "MAYA", "Maya Reyes", "SW", "H", "WF"]
    assert first[-3:] == ["2026-05-11", "2026-05-13", "3"]
    assert second[1] == "'=HYPERLINK()"


def test_dood_csv_refuses_a_calendar_the_rows_were_not_computed_with() -> None:
    rows = dood({"1": {day(0)}})

    with pytest.raises(ValueError, match="7 codes for 3 dates"):
        dood_csv(rows, [day(0), day(1), day(2)], {})


def work_from(
    scenes_by_day: dict[date, list[str]], cast_of_scene: dict[str, set[str]]
) -> dict[str, set[date]]:
    """Return the dates each cast member works, from the scenes shot each day."""
    work: dict[str, set[date]] = {}
    for shoot_day, scenes in scenes_by_day.items():
        for scene in scenes:
            for cast_id in cast_of_scene[scene]:
                work.setdefault(cast_id, set()).add(shoot_day)
    return work
