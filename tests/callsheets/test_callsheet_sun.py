"""Sunrise and sunset at the location on the shoot date, written in the production's zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from callsheets.sun import sun_times


def hhmm(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def near(moment, expected: str) -> bool:
    """Within two minutes of an almanac's time (they round, and refraction varies)."""
    almanac = datetime.fromisoformat(expected).replace(tzinfo=moment.tzinfo)
    return abs((moment - almanac).total_seconds()) <= 120


# Almanac times (timeanddate.com) of each place on the day.
PLACES = [
    ("San Pedro", 33.7226, -118.2769, "America/Los_Angeles", "2027-01-12", "06:58", "17:04"),
    ("London", 51.5072, -0.1276, "Europe/London", "2027-06-21", "04:43", "21:21"),
    ("Tokyo", 35.6762, 139.6503, "Asia/Tokyo", "2027-06-21", "04:25", "19:00"),
    ("Auckland", -36.8485, 174.7633, "Pacific/Auckland", "2027-06-21", "07:33", "17:11"),
]


@pytest.mark.parametrize(("place", "lat", "lon", "zone", "day", "sunrise", "sunset"), PLACES)
def test_sun_times_are_the_places_own_in_its_zone(place, lat, lon, zone, day, sunrise, sunset):
    times = sun_times(latitude=lat, longitude=lon, day=date.fromisoformat(day), tz=ZoneInfo(zone))

    assert near(times.sunrise, f"{day} {sunrise}"), hhmm(times.sunrise)
    assert near(times.sunset, f"{day} {sunset}"), hhmm(times.sunset)


def test_a_place_shot_from_a_production_in_another_zone_keeps_its_own_date():
    times = sun_times(
        latitude=33.7226, longitude=-118.2769, day=date(2027, 1, 12), tz=ZoneInfo("Europe/London")
    )

    # Los Angeles's sunset on the 12th is past midnight in London.
    assert (hhmm(times.sunrise), hhmm(times.sunset)) == ("2027-01-12 14:58", "2027-01-13 01:04")


def test_a_polar_night_has_no_sunrise_or_sunset():
    times = sun_times(
        latitude=69.65, longitude=18.96, day=date(2027, 1, 1), tz=ZoneInfo("Europe/Oslo")
    )

    assert times.sunrise is None and times.sunset is None


def test_a_place_off_the_earth_is_refused():
    with pytest.raises(ValueError):
        sun_times(latitude=91, longitude=0, day=date(2027, 1, 1), tz=ZoneInfo("UTC"))
