"""Calendar feeds, read back with icalendar the way a subscriber's calendar app reads them."""

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from schedules.calendar_feed import FeedEvent, person_feed, production_feed

LONDON = ZoneInfo("Europe/London")
EDITED = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
DAY_ONE = FeedEvent(
    uid="shootday-1@studio",
    summary="Day 1 of 30: Night Harbour",
    start=datetime(2026, 5, 12, 6, 0, tzinfo=LONDON),
    end=datetime(2026, 5, 12, 18, 0, tzinfo=LONDON),
    location="Dock 4, Leith; gate B",
    description="Scenes 12, 14\nCrew call 06:00",
    last_modified=EDITED,
    sequence=2,
)
DAY_TWO = FeedEvent(
    uid="shootday-2@studio",
    summary="Day 2 of 30: Night Harbour",
    start=datetime(2026, 5, 13, 17, 0, tzinfo=UTC),
    end=datetime(2026, 5, 14, 4, 0, tzinfo=UTC),
    last_modified=EDITED,
)


def feed(*events: FeedEvent, time_zone: str = "Europe/London") -> Calendar:
    return Calendar.from_ical(production_feed(events, title="Night Harbour", time_zone=time_zone))


def event(calendar: Calendar, uid: str) -> Event:
    (found,) = [vevent for vevent in calendar.events if str(vevent["UID"]) == uid]
    return found


def test_a_production_feed_is_named_after_the_production_and_its_time_zone() -> None:
    calendar = feed(DAY_ONE)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Night Harbour"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/London"]


def test_a_person_feed_is_named_after_the_person() -> None:
    calendar = Calendar.from_ical(person_feed([DAY_ONE], person="Maya Reyes", time_zone="UTC"))

    assert str(calendar["X-WR-CALNAME"]) == "Calls: Maya Reyes"
    assert [str(vevent["UID"]) for vevent in calendar.events] == ["shootday-1@studio"]


def test_each_event_keeps_its_uid_summary_place_notes_and_sequence() -> None:
    vevent = event(feed(DAY_ONE, DAY_TWO), "shootday-1@studio")

    assert str(vevent["SUMMARY"]) == "Day 1 of 30: Night Harbour"
    assert str(vevent["LOCATION"]) == "Dock 4, Leith; gate B"
    assert str(vevent["DESCRIPTION"]) == "Scenes 12, 14\nCrew call 06:00"
    assert vevent["SEQUENCE"] == 2


def test_times_are_written_in_the_production_time_zone() -> None:
    vevent = event(feed(DAY_ONE, DAY_TWO), "shootday-2@studio")

    # 17:00 UTC is 18:00 in London in May.
    assert vevent.start == datetime(2026, 5, 13, 18, 0, tzinfo=LONDON)
    assert vevent.start.tzinfo.key == "Europe/London"
    assert vevent.end == DAY_TWO.end


def test_dtstamp_and_last_modified_are_when_the_event_last_changed() -> None:
    vevent = event(feed(DAY_ONE), "shootday-1@studio")

    assert vevent["DTSTAMP"].dt == EDITED
    assert vevent["LAST-MODIFIED"].dt == EDITED


def test_an_event_never_edited_is_stamped_with_the_generation_time() -> None:
    generated = datetime(2026, 5, 2, 12, 0, tzinfo=UTC)
    never_edited = replace(DAY_ONE, last_modified=None)

    ics = production_feed([never_edited], title="Night Harbour", generated_at=generated)
    (vevent,) = Calendar.from_ical(ics).events

    assert vevent["DTSTAMP"].dt == generated
    assert "LAST-MODIFIED" not in vevent


def test_moving_a_shoot_day_keeps_its_uid_and_changes_its_start() -> None:
    moved = replace(
        DAY_ONE,
        start=datetime(2026, 5, 15, 7, 0, tzinfo=LONDON),
        end=datetime(2026, 5, 15, 19, 0, tzinfo=LONDON),
        sequence=3,
        last_modified=datetime(2026, 5, 3, tzinfo=UTC),
    )

    before = event(feed(DAY_ONE, DAY_TWO), "shootday-1@studio")
    after = event(feed(moved, DAY_TWO), "shootday-1@studio")

    assert str(after["UID"]) == str(before["UID"])
    assert before.start == datetime(2026, 5, 12, 6, 0, tzinfo=LONDON)
    assert after.start == datetime(2026, 5, 15, 7, 0, tzinfo=LONDON)
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_the_same_schedule_always_gives_the_same_bytes() -> None:
    first = production_feed([DAY_ONE, DAY_TWO], title="Night Harbour", time_zone="Europe/London")
    second = production_feed([DAY_ONE, DAY_TWO], title="Night Harbour", time_zone="Europe/London")

    assert first == second


def test_the_feed_uses_crlf_and_folds_long_lines() -> None:
    long = replace(DAY_ONE, description="A very long note about the company move. " * 10)

    ics = production_feed([long], title="Night Harbour", time_zone="Europe/London")

    lines = ics.split(b"\r\n")
    assert ics.endswith(b"END:VCALENDAR\r\n")
    assert max(len(line) for line in lines) <= 75


def test_a_utc_feed_writes_utc_times_without_a_vtimezone() -> None:
    calendar = feed(DAY_ONE, time_zone="UTC")

    assert calendar.timezones == []
    assert event(calendar, "shootday-1@studio").start == datetime(2026, 5, 12, 5, 0, tzinfo=UTC)


def test_an_all_day_event_is_written_as_dates() -> None:
    all_day = FeedEvent("shootday-3@studio", "Day 3", date(2026, 5, 14), date(2026, 5, 15))

    vevent = event(feed(all_day), "shootday-3@studio")

    assert vevent.start == date(2026, 5, 14)
    assert vevent["DTSTART"].params["VALUE"] == "DATE"


def test_an_empty_feed_is_still_a_calendar() -> None:
    calendar = feed()

    assert calendar.events == []
    assert str(calendar["X-WR-CALNAME"]) == "Night Harbour"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (replace(DAY_ONE, start=datetime(2026, 5, 12, 6)), "naive"),
        (replace(DAY_ONE, end=datetime(2026, 5, 11, 6, tzinfo=LONDON)), "ends before it starts"),
        (replace(DAY_ONE, end=date(2026, 5, 13)), "both be datetimes or dates"),
    ],
)
def test_an_event_with_impossible_times_is_refused(broken: FeedEvent, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        production_feed([broken], title="Night Harbour")


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone: 'Mars/Olympus'"):
        production_feed([DAY_ONE], title="Night Harbour", time_zone="Mars/Olympus")
