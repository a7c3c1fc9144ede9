"""Calendar feeds (RFC 5545) of shoot days and calls, for people to subscribe to.

Each event keeps the UID its caller gives it (``shootday-<id>@studio``), so a calendar app
updates a moved shoot day in place instead of adding a second one. Times are written in the
production's time zone with its VTIMEZONE (built by icalendar from the zoneinfo database), so
a call at 06:00 in London stays 06:00 in London whatever zone the subscriber's device is in.

The feeds carry no METHOD: that makes DTSTAMP the time the event was last changed (RFC 5545,
3.8.7.2) rather than the time of the request, so the same schedule always gives the same bytes
and caches and ETags work.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

PRODID = "-//Studio//Production schedule//EN"
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class FeedEvent:
    """One entry of a feed. `start` and `end` are both aware datetimes, or both dates.

    For dates (an all-day event), `end` is the day after the last day, as in RFC 5545.
    """

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    location: str = ""
    description: str = ""
    last_modified: datetime | None = None
    sequence: int = 0


def production_feed(
    events: Iterable[FeedEvent],
    *,
    title: str,
    time_zone: str = "UTC",
    generated_at: datetime | None = None,
) -> bytes:
    """Return the feed of one production's shoot days, named after the production."""
    return build_feed(events, name=title, time_zone=time_zone, generated_at=generated_at)


def person_feed(
    events: Iterable[FeedEvent],
    *,
    person: str,
    time_zone: str = "UTC",
    generated_at: datetime | None = None,
) -> bytes:
    """Return the feed of one person's calls, named after the person."""
    return build_feed(
        events, name=f"Calls: {person}", time_zone=time_zone, generated_at=generated_at
    )


def build_feed(
    events: Iterable[FeedEvent],
    *,
    name: str,
    time_zone: str = "UTC",
    generated_at: datetime | None = None,
) -> bytes:
    """Return a VCALENDAR of `events`, in the given order, with times in `time_zone`.

    A VTIMEZONE is included for each zone the events use (none for UTC, written as "Z").
    `generated_at` (default: now) stamps events that have no `last_modified`.
    """
    zone = _zone(time_zone)
    stamp = _utc(generated_at or datetime.now(UTC)).replace(microsecond=0)
    timed = [(event, *_times(event, zone)) for event in events]
    calendar = _calendar(name, time_zone)
    for event, start, end in timed:
        calendar.add_component(_vevent(event, start, end, stamp))
    if timed:
        # Whole years keep the bytes unchanged while shoot days move within the year.
        years = [moment.year for _, start, end in timed for moment in (start, end)]
        calendar.add_missing_timezones(date(min(years), 1, 1), date(max(years) + 1, 1, 1))
    return calendar.to_ical()


def _calendar(name: str, time_zone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def _vevent(event: FeedEvent, start: date, end: date, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _utc(event.last_modified) if event.last_modified else stamp)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", event.summary)
    vevent.add("sequence", event.sequence)
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.last_modified:
        vevent.add("last-modified", _utc(event.last_modified))
    return vevent


def _times(event: FeedEvent, zone: ZoneInfo) -> tuple[datetime | date, datetime | date]:
    """Return the event's start and end, checked, and moved into the production's zone."""
    start, end = event.start, event.end
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ValueError(f"event {event.uid}: start and end must both be datetimes or dates")
    if isinstance(start, datetime) and isinstance(end, datetime):
        start = _aware(start, event.uid).astimezone(zone)
        end = _aware(end, event.uid).astimezone(zone)
    if end < start:
        raise ValueError(f"event {event.uid} ends before it starts: {event.start} > {event.end}")
    return start, end


def _zone(time_zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone: {time_zone!r}") from error


def _aware(moment: datetime, uid: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"event {uid} has a naive time: {moment}")
    return moment


def _utc(moment: datetime) -> datetime:
    return _aware(moment, "stamp").astimezone(UTC)
