"""Sunrise and sunset at a place on a date, in a given time zone (the ``astral`` library).

Pure Python, no Django. "The date" is the calendar date at the place itself (its mean solar
time, from the longitude), whatever zone the times are shown in: a London production
shooting in Los Angeles gets Los Angeles's sunset of that day, written in London time. Near
the poles the sun may not rise or set on a date; that side is
then ``None`` rather than an error, because a call sheet for Tromsø in December still prints.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from astral import Observer
from astral.sun import sunrise, sunset


@dataclass(frozen=True)
class SunTimes:
    sunrise: datetime | None
    sunset: datetime | None


def _event(compute, observer: Observer, day: date, tz: tzinfo) -> datetime | None:
    # astral finds the event on ``day`` in the zone it is given, so it is given the place's.
    solar = timezone(timedelta(minutes=round(observer.longitude * 4)))
    try:
        return compute(observer, date=day, tzinfo=solar).astimezone(tz)
    except ValueError:
        # astral's way of saying the sun stays up (or down) all day there.
        return None


def sun_times(*, latitude: float, longitude: float, day: date, tz: tzinfo) -> SunTimes:
    """Return the sunrise and sunset at (``latitude``, ``longitude``) on ``day``, in ``tz``."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"not a place on Earth: {latitude}, {longitude}")
    observer = Observer(latitude=latitude, longitude=longitude)
    return SunTimes(_event(sunrise, observer, day, tz), _event(sunset, observer, day, tz))
