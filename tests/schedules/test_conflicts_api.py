"""Every kind of conflict, found on a real schedule and served by the API; and no false ones."""

from datetime import date, time

import pytest
from django.utils import timezone

from crew.models import Assignment
from productions.models import LocationUnavailability
from schedules import services
from schedules.models import ShootDay
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    LocationFactory,
    MembershipFactory,
    PersonFactory,
    SceneFactory,
    UnavailabilityFactory,
    UserFactory,
    cast_member,
    scene_with,
    schedule_build,
)

pytestmark = pytest.mark.django_db

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)
PATH = "/api/v1/productions/long-night/conflicts/"


def conflicts(user) -> list[dict]:
    response = client_for(user).get(PATH)
    assert response.status_code == 200
    return response.json()["results"]


def kinds(user) -> list[tuple[str, str]]:
    return [(c["kind"], c["date"]) for c in conflicts(user)]


@pytest.fixture
def maya(production):
    return cast_member(production, "MAYA", "1")


def test_a_cast_member_scheduled_on_a_day_off_is_a_conflict(production, crew_member, maya):
    UnavailabilityFactory(person=maya.assignment.person, start_date=MON, end_date=MON)
    schedule_build(production, {MON: [scene_with(production, maya)]})

    (found,) = conflicts(crew_member)

    assert (found["kind"], found["date"]) == ("unavailable", "2027-01-11")
    assert "Actor Maya (1) is unavailable on Mon 11 Jan: Holiday" == found["message"]
    assert found["ids"]["person"] == maya.assignment.person_id


def test_a_crew_member_off_on_a_shoot_day_is_a_conflict_within_their_dates(production, crew_member):
    gaffer = AssignmentFactory(production=production, title="Gaffer", end_date=MON)
    UnavailabilityFactory(person=gaffer.person, start_date=MON, end_date=TUE)
    schedule_build(production, {MON: [SceneFactory(production=production)], TUE: []})

    # Tuesday is after the gaffer's last day on the production: no conflict then.
    assert kinds(crew_member) == [("unavailable", "2027-01-11")]


def test_an_actor_cast_on_another_productions_active_schedule_the_same_day_is_double_booked(
    production, other_production, crew_member, outsider, maya
):
    person = maya.assignment.person
    elsewhere = cast_member(other_production, "NURSE", "4", person=person)
    schedule_build(production, {MON: [scene_with(production, maya)], TUE: []})
    schedule_build(other_production, {MON: [scene_with(other_production, elsewhere)]})
    both = UserFactory(username="both")
    for member_of in (production, other_production):
        MembershipFactory(production=member_of, user=both, access="crew")

    (hidden,) = conflicts(crew_member)
    (shown,) = conflicts(both)

    assert (hidden["kind"], hidden["date"]) == ("double_booked", "2027-01-11")
    # Someone who cannot see the other production is not told its name.
    assert "Another Show" not in hidden["message"]
    assert hidden["message"].endswith("The Long Night, another production")
    assert shown["message"].endswith("The Long Night, Another Show")
    assert sorted(hidden["ids"]["productions"]) == sorted([production.pk, other_production.pk])


def test_a_crew_member_on_two_productions_shooting_the_same_day_is_double_booked(
    production, other_production, crew_member
):
    person = PersonFactory(name="Gita Gupta")
    AssignmentFactory(production=production, person=person, title="Gaffer")
    AssignmentFactory(production=other_production, person=person, title="Best Boy")
    schedule_build(production, {MON: [], TUE: []})
    schedule_build(other_production, {TUE: []})

    assert kinds(crew_member) == [("double_booked", "2027-01-12")]


def test_a_day_over_its_pages_or_hours_is_over_capacity(production, crew_member):
    services.schedule_settings_update(
        production=production, day_capacity_eighths=16, day_capacity_minutes=120
    )
    long_day = [SceneFactory(production=production, page_eighths=9) for _ in range(2)]
    schedule_build(production, {MON: long_day})

    found = conflicts(crew_member)

    assert {(c["kind"], c["ids"]["measure"]) for c in found} == {
        ("over_capacity", "eighths"),
        ("over_capacity", "minutes"),
    }
    messages = " ".join(c["message"] for c in found)
    assert "2 2/8 pages scheduled, 2 allowed" in messages
    assert "2 h 16 min scheduled, 2 h allowed" in messages


def test_a_scene_at_a_location_on_a_day_it_is_unavailable_is_a_conflict(production, crew_member):
    docks = LocationFactory(production=production, name="DOCKS")
    LocationUnavailability.objects.create(
        location=docks, start_date=MON, end_date=MON, reason="Port inspection"
    )
    scene = SceneFactory(production=production, number="12", location=docks)
    schedule_build(production, {MON: [scene]})

    (found,) = conflicts(crew_member)

    assert found["kind"] == "location_unavailable"
    assert found["message"] == "DOCKS is unavailable on Mon 11 Jan for scene 12: Port inspection"


def test_a_short_turnaround_after_a_night_wrap_is_a_conflict(production, owner, crew_member):
    night = SceneFactory(production=production, time_of_day="NIGHT")
    schedule_build(production, {MON: [night], TUE: [SceneFactory(production=production)]})
    services.shoot_day_update(
        day=ShootDay.objects.get(date=MON),
        by=owner,
        general_call=time(16, 0),
        estimated_wrap=time(2, 0),
    )

    (found,) = conflicts(crew_member)

    assert (found["kind"], found["date"]) == ("turnaround", "2027-01-12")
    assert found["message"].startswith("Only 5 h turnaround between the night wrap of Mon 11 Jan")


def test_the_turnaround_rule_follows_the_settings(production, owner, crew_member):
    schedule_build(production, {MON: [], TUE: []})
    services.shoot_day_update(
        day=ShootDay.objects.get(date=MON), by=owner, estimated_wrap=time(21, 0)
    )
    assert kinds(crew_member) == [("turnaround", "2027-01-12")]  # 10 h < 11 h

    services.schedule_settings_update(production=production, min_turnaround_hours=10)

    assert kinds(crew_member) == []


def test_a_clean_schedule_has_no_conflicts(production, other_production, crew_member, maya):
    """Near misses of every kind: each would be a conflict a day or a page away."""
    person = maya.assignment.person
    UnavailabilityFactory(person=person, start_date=TUE, end_date=TUE)  # not scheduled Tuesday
    docks = LocationFactory(production=production, name="DOCKS")
    LocationUnavailability.objects.create(location=docks, start_date=TUE, end_date=TUE)
    at_docks = scene_with(production, maya, location=docks, page_eighths=64)  # exactly 8 pages
    in_boneyard = scene_with(production, maya)
    schedule_build(production, {MON: [at_docks], WED: []})
    # Elsewhere: booked Tuesday only, and Monday only in a version that is not active.
    elsewhere = cast_member(other_production, "NURSE", "4", person=person)
    schedule_build(other_production, {TUE: [scene_with(other_production, elsewhere)]})
    services.version_save_as(production=other_production, name="Draft", by=None)
    draft = other_production.schedule_versions.get(name="Draft")
    ShootDay.objects.create(version=draft, date=MON)
    # A deleted production shooting Monday counts for nothing.
    gone = cast_member(AssignmentFactory(role_kind="cast").production, "GHOST", "9", person=person)
    gone.production.deleted_at = timezone.now()
    gone.production.save()
    schedule_build(gone.production, {MON: [scene_with(gone.production, gone)]})
    # A producer is not called to set, so their day off is not a conflict.
    boss = AssignmentFactory(
        production=production, title="Producer", role_kind=Assignment.RoleKind.PRODUCER
    )
    UnavailabilityFactory(person=boss.person, start_date=MON, end_date=WED)

    assert in_boneyard.strips.get().day is None
    assert conflicts(crew_member) == []


@pytest.mark.parametrize("who,expected", [("outsider", 404), ("crew_member", 200)])
def test_conflicts_of_a_production_are_for_its_members(request, production, who, expected):
    user = request.getfixturevalue(who)

    assert client_for(user).get(PATH).status_code == expected
