"""The demo production's schedule: five weeks, holds, prep days and the conflicts it shows."""

from datetime import date

import pytest

from demo.schedule import demo_schedule_seed
from demo.seed import demo_seed
from schedules import selectors
from schedules.models import BoardChange, CastEvent, ShootDay
from tests.factories import ProductionFactory, SceneFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return demo_seed()


def test_the_demo_shoots_about_25_days_over_five_weeks_with_weekends_off(demo):
    days = list(ShootDay.objects.filter(version__production=demo, version__is_active=True))

    assert 23 <= len(days) <= 25
    assert days[0].date == date(2027, 1, 11) and days[-1].date <= date(2027, 2, 14)
    assert all(day.date.weekday() < 5 for day in days)
    assert date(2027, 1, 18) not in {day.date for day in days}  # the holiday


def test_every_scene_is_scheduled_and_the_cast_has_holds_and_prep_days(demo):
    board = selectors.board_for(demo)
    dood = selectors.dood_for(demo)

    assert board.unscheduled == []
    assert sum(len(day.scenes) for day in board.days) == demo.scenes.filter(omitted=False).count()
    assert len(dood.lines) >= 6
    assert sum(line.row.hold for line in dood.lines) > 0
    assert {event.kind for event in CastEvent.objects.filter(production=demo)} >= {"TR", "R"}
    assert board.hold.total > 0


def test_the_demo_shows_its_deliberate_conflicts(demo):
    found = selectors.conflicts_for(demo)
    unavailable = {(c.date, c.message.split(" (")[0]) for c in found if c.kind == "unavailable"}

    assert (date(2027, 1, 20), "Grace Adeyemi") in unavailable
    assert (date(2027, 1, 28), "Paul Marchetti") in unavailable


def test_seeding_again_changes_nothing(demo):
    before = (ShootDay.objects.count(), BoardChange.objects.count(), CastEvent.objects.count())

    demo_seed()

    assert (ShootDay.objects.count(), BoardChange.objects.count(), CastEvent.objects.count()) == (
        before
    )


def test_the_schedule_seed_works_with_whatever_scenes_exist():
    production = ProductionFactory(slug="bare", start_date=date(2027, 1, 11))
    owner = UserFactory(username="bare-owner")
    for n in range(3):
        SceneFactory(production=production, number=str(n + 1))

    demo_schedule_seed(production, owner)
    demo_schedule_seed(production, owner)

    board = selectors.board_for(production)
    assert len(board.days) == 24
    assert sum(len(day.scenes) for day in board.days) == 3 and board.unscheduled == []
