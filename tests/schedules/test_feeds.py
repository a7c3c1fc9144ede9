"""Calendar feeds served at secret URLs, read back with icalendar as a calendar app would."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from schedules import selectors, services
from schedules.models import FeedToken, ShootDay
from tests.factories import (
    AssignmentFactory,
    LocationFactory,
    SceneFactory,
    cast_member,
    scene_with,
    schedule_build,
)

pytestmark = pytest.mark.django_db

MON, TUE, WED, THU = (date(2027, 1, d) for d in (11, 12, 13, 14))
LONDON = ZoneInfo("Europe/London")


def fetch(token: str) -> Calendar:
    response = Client().get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.events}


@pytest.fixture
def maya(production):
    return cast_member(production, "MAYA", "1")


@pytest.fixture
def schedule(production, maya):
    docks = LocationFactory(production=production, name="DOCKS", address="Berth 73")
    schedule_build(
        production,
        {
            MON: [scene_with(production, maya, number="1")],
            TUE: [SceneFactory(production=production, number="2")],
            WED: [scene_with(production, maya, number="3")],
        },
    )
    monday = ShootDay.objects.get(date=MON)
    services.shoot_day_update(day=monday, by=None, location=docks, general_call=time(6, 30))
    return selectors.active_version(production)


def test_the_production_feed_has_every_shoot_day_with_its_call_and_place(production, schedule):
    token = services.feed_token_get(production=production)

    calendar = fetch(token)

    assert str(calendar["X-WR-CALNAME"]) == "The Long Night"
    found = sorted(calendar.events, key=lambda e: e.start)
    assert [str(e["SUMMARY"]) for e in found] == [
        "Day 1 of 3: The Long Night",
        "Day 2 of 3: The Long Night",
        "Day 3 of 3: The Long Night",
    ]
    monday = found[0]
    assert monday.start == datetime(2027, 1, 11, 6, 30, tzinfo=LONDON)
    assert monday.end == datetime(2027, 1, 11, 19, 0, tzinfo=LONDON)
    assert str(monday["LOCATION"]) == "DOCKS, Berth 73"
    assert "Scenes 1" in str(monday["DESCRIPTION"])
    assert "General call 06:30" in str(monday["DESCRIPTION"])


def test_uids_stay_the_same_when_a_day_moves_or_another_version_is_activated(
    production, owner, schedule
):
    token = services.feed_token_get(production=production)
    before = {uid: e.start.date() for uid, e in events(fetch(token)).items()}
    services.shoot_day_insert(before=ShootDay.objects.get(date=TUE), by=owner)

    moved = {uid: e.start.date() for uid, e in events(fetch(token)).items()}
    copy = services.version_save_as(production=production, name="Blue", by=owner, activate=True)
    assert selectors.active_version(production) == copy
    copied = {uid: e.start.date() for uid, e in events(fetch(token)).items()}

    assert set(before) <= set(moved)
    assert all(uid.startswith("shootday-") and uid.endswith("@studio") for uid in moved)
    assert {before[uid]: moved[uid] for uid in before} == {MON: MON, TUE: WED, WED: THU}
    assert copied == moved


def test_a_person_feed_has_only_their_own_days_with_their_call(production, maya, schedule):
    token = services.feed_token_get(production=production, person=maya.assignment.person)

    calendar = fetch(token)

    assert str(calendar["X-WR-CALNAME"]) == "Calls: Actor Maya"
    found = sorted(calendar.events, key=lambda e: e.start)
    assert [e.start.date() for e in found] == [MON, WED]
    assert str(found[0]["SUMMARY"]) == "The Long Night: call 06:30 (Day 1 of 3)"
    assert "Your scenes: 1" in str(found[0]["DESCRIPTION"])


def test_a_crew_member_is_called_every_shoot_day_of_their_dates(production, schedule):
    gaffer = AssignmentFactory(production=production, title="Gaffer", start_date=TUE)
    token = services.feed_token_get(production=production, person=gaffer.person)

    assert sorted(e.start.date() for e in fetch(token).events) == [TUE, WED]


def test_resetting_a_feed_stops_the_old_url_at_once(production, schedule):
    old = services.feed_token_get(production=production)

    new = services.feed_token_reset(production=production)

    assert new != old
    assert Client().get(f"/feeds/{old}.ics").status_code == 404
    assert len(fetch(new).events) == 3


def test_the_database_keeps_only_a_hash_of_the_token(production, schedule):
    token = services.feed_token_get(production=production)

    row = FeedToken.objects.get(production=production, person=None)
    assert token not in (row.token_hash, row.salt)
    assert len(token) >= 43


def test_a_token_of_one_production_never_shows_another(production, other_production, schedule):
    schedule_build(other_production, {date(2027, 3, 1): []})
    mine = services.feed_token_get(production=production)
    theirs = services.feed_token_get(production=other_production)

    assert mine != theirs
    assert str(fetch(theirs)["X-WR-CALNAME"]) == "Another Show"
    assert [e.start.date() for e in fetch(theirs).events] == [date(2027, 3, 1)]
    assert not set(events(fetch(mine))) & set(events(fetch(theirs)))


@pytest.mark.parametrize("token", ["nope", "x" * 43, "", "a" * 500])
def test_an_unknown_token_is_not_found(token):
    assert Client().get(f"/feeds/{token}.ics").status_code == 404


def test_the_feed_of_a_deleted_production_is_gone(production, schedule):
    token = services.feed_token_get(production=production)
    production.deleted_at = production.updated_at
    production.save()

    assert Client().get(f"/feeds/{token}.ics").status_code == 404


def test_the_same_schedule_gives_the_same_bytes(production, schedule):
    token = services.feed_token_get(production=production)

    first = Client().get(f"/feeds/{token}.ics").content
    second = Client().get(f"/feeds/{token}.ics").content

    assert first == second
