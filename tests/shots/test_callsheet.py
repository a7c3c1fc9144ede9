"""The call sheet and the board take their times from the plan: today's shots, the wrap, the
day totals; the personal page shows today's shots to camera, grip and electric."""

from datetime import time

import pytest
from django.test import Client

from callsheets import assembly, links, services
from callsheets.models import CallSheetLink
from schedules import selectors as schedule_selectors
from tests.factories import AssignmentFactory, PersonFactory, callsheet_schedule, department
from tests.shots.conftest import plan_shots

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(production, owner):
    return callsheet_schedule(production, by=owner)


@pytest.fixture
def callsheet(production, plan):
    return services.callsheet_generate(production=production, on=plan["days"][0])


def test_the_sheet_lists_todays_shots_in_setup_order(callsheet, plan):
    one, two = plan["scenes"][:2]
    plan_shots(one, "pier wide", "close", "pier wide")
    plan_shots(two, "gate")
    sheet = assembly.callsheet_sheet(callsheet)
    shots = sheet["shots"]
    assert (shots["count"], shots["setups"]) == (4, 3)
    assert [g["setup"] for g in shots["groups"]] == ["pier wide", "close", "gate"]
    assert [s["number"] for s in shots["groups"][0]["shots"]] == ["1A", "1C"]
    assert shots["minutes"] == 40 + 3 * 20


def test_adding_a_shot_moves_the_board_total_and_the_sheets_wrap(callsheet, plan, production):
    one, two = plan["scenes"][:2]
    sheet = assembly.callsheet_sheet(callsheet)
    assert sheet["shots"] is None and sheet["times"]["estimated_wrap"] == "19:00"
    plan_shots(one, "wide", minutes=30)  # scene 1: 30 + 20 = 50 min
    plan_shots(two, "gate", minutes=40)  # scene 2: 40 + 20 = 60 min
    board_day = schedule_selectors.board_for(production).days[0]
    assert board_day.minutes == 110
    # From the 07:00 call: 110 minutes of shooting and a half-hour lunch.
    assert assembly.callsheet_sheet(callsheet)["times"]["estimated_wrap"] == "09:20"
    plan_shots(one, "close", minutes=10)
    assert schedule_selectors.board_for(production).days[0].minutes == 140
    assert assembly.callsheet_sheet(callsheet)["times"]["estimated_wrap"] == "09:50"


def test_a_wrap_typed_on_the_sheet_wins_over_the_plan(callsheet, plan):
    plan_shots(plan["scenes"][0], "wide", minutes=30)
    services.callsheet_update(callsheet=callsheet, estimated_wrap=time(18, 30))
    assert assembly.callsheet_sheet(callsheet)["times"]["estimated_wrap"] == "18:30"


def test_the_ads_own_scene_time_wins_on_the_board(callsheet, plan, production):
    from productions import services as production_services

    one = plan["scenes"][0]
    plan_shots(one, "wide", minutes=30)
    production_services.scene_update(scene=one, estimated_minutes=200)
    plan_shots(one, "close", minutes=30)
    days = schedule_selectors.board_for(production).days
    assert days[0].strips[0].minutes == 200


def test_camera_and_grip_see_todays_shots_on_their_page_and_others_do_not(
    callsheet, plan, production
):
    plan_shots(plan["scenes"][0], "wide")
    sound = AssignmentFactory(
        production=production,
        person=PersonFactory(name="Sam Sound"),
        department=department("Sound"),
        title="Boom Operator",
    )
    version = services.callsheet_publish(callsheet=callsheet, send=False)

    def page(person) -> str:
        link = CallSheetLink.objects.get(callsheet=version.callsheet, person=person)
        return Client().get(f"/c/{links.link_token(link)}/").content.decode()

    camera = page(plan["crew"]["Camera Operator"].person)
    grip = page(plan["crew"]["Key Grip"].person)
    boom = page(sound.person)
    assert "Today's shots" in camera and "1A" in camera
    assert "Today's shots" in grip
    assert "Today's shots" not in boom


def test_the_ads_sheet_page_and_pdf_show_todays_shots(callsheet, plan, coordinator):
    plan_shots(plan["scenes"][0], "wide")
    services.callsheet_publish(callsheet=callsheet, send=False)
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/productions/long-night/callsheets/{callsheet.pk}/").content.decode()
    assert "Today's shots" in page and "Setup: wide" in page
