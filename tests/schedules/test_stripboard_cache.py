"""The stripboard's board comes from the cache, and every change it shows takes it out.

Each test opens the board (which caches it), changes one thing the board shows, the way the
app changes it, and opens it again: the change must be there. Remove a model from
``schedules.board_cache.WATCHED`` (or the stamp of the other productions) and a test here fails.
"""

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.stripboard import START, schedule_fixture
from crew.models import Assignment, Department, Unavailability
from productions import services as production_services
from productions.models import Location, LocationUnavailability, Membership
from schedules import services
from schedules.models import ShootDay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BOARD = "/productions/board/schedule/"


@pytest.fixture
def owner():
    return UserFactory(username="board-owner")


@pytest.fixture
def production(owner):
    return schedule_fixture(slug="board", scenes=12, days=3, cast=4, user=owner)


@pytest.fixture
def client(owner):
    client = Client()
    client.force_login(owner)
    return client


def board(client, path=BOARD) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def first_day(production) -> ShootDay:
    return ShootDay.objects.filter(version__production=production).order_by("date").first()


def test_an_unchanged_board_is_served_from_the_cache(client, production):
    first = board(client)

    with CaptureQueriesContext(connection) as queries:
        again = board(client)

    # The session, the user, the production and the membership: none of the board's reads.
    assert len(queries.captured_queries) <= 5
    assert "Day 1 of 3" in again and 'data-scene="' in again
    assert again.count('<li class="strip') == first.count('<li class="strip')


def test_each_request_gets_its_own_csrf_token_in_the_cached_forms(owner, production):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    board(browser)  # cached now
    page = board(browser)
    day = first_day(production)
    action = f"/productions/board/schedule/days/{day.pk}/insert/"
    form = re.search(rf'action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert form, "the day's Insert form is on the page"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)

    response = browser.post(action, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302  # not 403: the token is this session's
    assert "__studio_board_csrf__" not in page


def test_a_scene_changed_in_the_breakdown_shows_on_the_board(client, production):
    board(client)
    scene = production.scenes.get(number="1")

    production_services.scene_update(scene=scene, set_name="LIGHTHOUSE - LAMP ROOM")

    assert "LIGHTHOUSE - LAMP ROOM" in board(client)


def test_a_part_added_to_a_scene_shows_on_its_strip(client, production):
    board(client)
    scene = production.scenes.get(number="1")
    part = production.characters.exclude(pk__in=scene.characters.all()).first()

    scene.characters.add(part)

    pattern = rf'<li[^>]*data-scene="{scene.pk}"[^>]*data-cast="([^"]*)"'
    strip = re.search(pattern, board(client))
    assert part.cast_id in strip.group(1).split()


def test_a_banner_added_to_the_board_shows(client, owner, production):
    board(client)

    services.banner_add(
        production=production, by=owner, text="Lunch on the beach", day=first_day(production)
    )

    assert "Lunch on the beach" in board(client)


def test_a_day_moved_to_an_earlier_call_shows_it(client, owner, production):
    board(client)

    services.shoot_day_update(day=first_day(production), by=owner, general_call=time(5, 15))

    assert "call 05:15" in board(client)


def test_a_renamed_part_and_actor_show_in_the_hold_table(client, production):
    board(client)
    character = production.characters.get(cast_id="1")
    person = character.assignment.person

    production_services.character_update(character=character, name="THE KEEPER")
    person.name = "Morgan Vale"
    person.save()

    page = board(client)
    assert "THE KEEPER" in page and "Morgan Vale" in page


def test_a_new_daily_rate_shows_in_the_hold_table(client, production):
    board(client)
    role = production.characters.get(cast_id="1").assignment

    role.daily_rate = Decimal("98765")
    role.save()

    assert "98,765.00" in board(client)


def test_a_new_currency_shows_in_the_hold_cost(client, production):
    board(client)

    production.currency = "EUR"
    production.save()

    assert "Hold cost <strong>EUR" in board(client)


def test_an_actor_becoming_unavailable_is_a_conflict_on_the_board(client, production):
    day = first_day(production)
    scene_strip = day.strips.filter(scene__isnull=False).first()
    character = scene_strip.scene.characters.exclude(cast_id="1").first()
    board(client)

    Unavailability.objects.create(
        person=character.assignment.person, start_date=day.date, end_date=day.date, reason="Wedding"
    )

    assert "Wedding" in board(client)


def test_a_location_becoming_unavailable_is_a_conflict_on_the_board(client, production):
    day = first_day(production)
    place = day.strips.filter(scene__isnull=False).first().scene.location
    board(client)

    LocationUnavailability.objects.create(
        location=place, start_date=day.date, end_date=day.date, reason="Harbour regatta"
    )

    assert "Harbour regatta" in board(client)


def test_a_smaller_day_capacity_is_a_conflict_on_the_board(client, production):
    board(client)

    services.schedule_settings_update(production=production, day_capacity_eighths=1)

    assert "is over its" in board(client)


def test_a_renamed_location_shows_on_the_days_it_is_set(client, owner, production):
    place = Location.objects.filter(production=production).first()
    services.shoot_day_update(day=first_day(production), by=owner, location=place)
    board(client)

    place.name = "NORTH PIER"
    place.save()

    assert "NORTH PIER" in board(client)


def _booked_elsewhere(production, title: str):
    """Return another production shooting on the board's first day, and a cast member of the
    board who also works on it."""
    other = schedule_fixture(slug="elsewhere", scenes=4, days=1, cast=2, seed=7)
    other.title = title
    other.save()
    day = first_day(production)
    actor = day.strips.filter(scene__isnull=False).first().scene.characters.first()
    return other, actor.assignment.person


def test_a_cast_member_booked_on_another_production_that_day_is_a_conflict(client, production):
    other, person = _booked_elsewhere(production, "Harbour Lights")
    board(client)

    Assignment.objects.create(
        production=other,
        person=person,
        department=Department.objects.filter(production=None).first(),
        title="Grip",
        role_kind="crew",
    )

    assert "is booked on 2 productions" in board(client)


def test_another_production_adding_the_day_is_a_conflict_on_this_board(client, owner, production):
    """The other production's own change expires this board: its generation is stamped too."""
    other, person = _booked_elsewhere(production, "Harbour Lights")
    Assignment.objects.create(
        production=other,
        person=person,
        department=Department.objects.filter(production=None).first(),
        title="Grip",
        role_kind="crew",
    )
    ShootDay.objects.filter(version__production=other).update(date=START + timedelta(days=30))
    assert "is booked on 2 productions" not in board(client)

    services.shoot_day_add(production=other, by=None, date=first_day(production).date)

    assert "is booked on 2 productions" in board(client)


def test_the_other_productions_title_is_shown_only_to_its_members(client, owner, production):
    other, person = _booked_elsewhere(production, "Harbour Lights")
    Assignment.objects.create(
        production=other,
        person=person,
        department=Department.objects.filter(production=None).first(),
        title="Grip",
        role_kind="crew",
    )
    Membership.objects.create(production=other, user=owner, access="viewer")
    coordinator = UserFactory(username="board-coordinator")
    Membership.objects.create(production=production, user=coordinator, access="coordinator")
    theirs = Client()
    theirs.force_login(coordinator)

    assert "Harbour Lights" in board(client)
    page = board(theirs)  # after the owner's board was cached
    assert "is booked on 2 productions" in page
    assert "Harbour Lights" not in page and "another production" in page


def test_a_member_made_coordinator_gets_the_editing_buttons(production):
    user = UserFactory(username="board-crew")
    membership = Membership.objects.create(production=production, user=user, access="crew")
    theirs = Client()
    theirs.force_login(user)
    assert "Insert day before" not in board(theirs)
    assert "Hold cost" not in board(theirs)

    membership.access = "coordinator"
    membership.save()

    assert "Insert day before" in board(theirs)


def test_an_actor_whose_role_is_removed_leaves_the_hold_table(client, production):
    character = production.characters.get(cast_id="2")
    role = character.assignment
    assert role.person.name in board(client)

    character.assignment = None
    character.save()
    role.delete()

    assert role.person.name not in board(client)


def test_without_the_cache_setting_the_board_is_read_every_time(client, production, settings):
    settings.STUDIO_BOARD_CACHE = False
    board(client)

    with CaptureQueriesContext(connection) as queries:
        board(client)

    assert len(queries.captured_queries) > 8


def test_on_the_real_redis_a_change_shows_at_once(client, production, redis_cache):
    board(client)
    scene = production.scenes.get(number="2")

    production_services.scene_update(scene=scene, synopsis="The lamp goes out.")

    assert "The lamp goes out." in board(client)


def test_the_boards_days_are_the_fixtures(production):
    # A guard on the fixture the tests above rely on: three working days from START.
    days = list(ShootDay.objects.filter(version__production=production).order_by("date"))
    assert [d.date for d in days] == [START, START + timedelta(days=1), START + timedelta(days=2)]
    assert days[0].date == date(2027, 1, 11)


def test_viewers_of_one_access_level_share_the_cached_board(owner, production):
    first, second = (UserFactory(username=f"board-coordinator-{n}") for n in (1, 2))
    browsers = []
    for user in (first, second):
        Membership.objects.create(production=production, user=user, access="coordinator")
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    board(browsers[0])

    with CaptureQueriesContext(connection) as queries:
        page = board(browsers[1])  # never opened by this coordinator before

    assert "Insert day before" in page and "Hold cost" not in page
    assert not [q for q in queries.captured_queries if "schedules_strip" in q["sql"]]


def test_another_productions_title_stays_with_its_members_at_the_same_access_level(
    owner, production
):
    other, person = _booked_elsewhere(production, "Harbour Lights")
    Assignment.objects.create(
        production=other,
        person=person,
        department=Department.objects.filter(production=None).first(),
        title="Grip",
        role_kind="crew",
    )
    insider, outsider = (UserFactory(username=f"board-{name}") for name in ("in", "out"))
    browsers = {}
    for user in (insider, outsider):
        Membership.objects.create(production=production, user=user, access="coordinator")
        browsers[user.username] = Client()
        browsers[user.username].force_login(user)
    Membership.objects.create(production=other, user=insider, access="viewer")

    assert "Harbour Lights" in board(browsers["board-in"])
    page = board(browsers["board-out"])  # after the insider's board was cached
    assert "is booked on 2 productions" in page
    assert "Harbour Lights" not in page and "another production" in page
