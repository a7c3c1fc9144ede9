"""A call sheet drafted from the schedule: scenes, cast, crew, times, places and sun."""

from datetime import time

import pytest

from callsheets import assembly
from callsheets import services as callsheet_services
from callsheets.models import CallSheet
from core.exceptions import ApplicationError
from schedules import selectors

pytestmark = pytest.mark.django_db


def draft(production, plan, n: int = 0) -> dict:
    callsheet = callsheet_services.callsheet_generate(production=production, on=plan["days"][n])
    return assembly.callsheet_sheet(callsheet)


def test_the_draft_takes_the_days_times_and_location(production, plan):
    callsheet = callsheet_services.callsheet_generate(production=production, on=plan["days"][0])

    assert (callsheet.general_call, callsheet.estimated_wrap) == (time(7, 0), time(19, 0))
    assert (callsheet.breakfast, callsheet.lunch) == (time(6, 30), time(13, 0))
    assert callsheet.location == plan["location"]


def test_the_sheet_lists_the_days_scenes_in_shooting_order_with_pages(production, plan):
    sheet = draft(production, plan)

    scenes = [(s["number"], s["int_ext"], s["day_night"], s["cast_ids"], s["pages"])
              for s in sheet["scenes"]]  # fmt: skip
    assert scenes == [
        ("1", "INT", "D", ["1", "2"], "1 4/8"),
        ("2", "EXT", "N", ["1"], "7/8"),
    ]
    assert sheet["total_pages"] == "2 3/8"
    assert sheet["scenes"][0]["set_name"] == "DOCKS - PIER"
    assert sheet["scenes"][0]["synopsis"] == "Maya finds the ledger."
    assert (sheet["day_number"], sheet["day_count"]) == (1, 3)


def test_the_cast_are_those_in_the_days_scenes_with_their_actors(production, plan):
    sheet = draft(production, plan)

    cast = [(row["cast_id"], row["character"], row["actor"]) for row in sheet["cast"]]
    assert cast == [("1", "MAYA", "Actor Maya"), ("2", "DANIEL", "Actor Daniel")]
    assert sheet["cast"][0]["makeup"] == "07:00"


@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_cast_status_is_the_day_out_of_days_code_of_that_day(production, plan, n):
    sheet = draft(production, plan, n)

    table = selectors.dood_for(production)
    index = table.days.index(plan["days"][n])
    expected = {line.cast_id: line.row.codes[index] for line in table.lines}
    got = {row["cast_id"]: row["status"] for row in sheet["cast"]}
    assert got == {cast_id: expected[cast_id] for cast_id in got}
    assert got  # each day calls somebody


def test_day_out_of_days_codes_read_as_the_trade_writes_them(production, plan):
    first, second, third = (draft(production, plan, n) for n in range(3))

    assert {r["character"]: r["status"] for r in first["cast"]} == {"MAYA": "SW", "DANIEL": "SW"}
    assert {r["character"]: r["status"] for r in second["cast"]} == {"RUTH": "SWF"}
    assert {r["character"]: r["status"] for r in third["cast"]} == {"MAYA": "WF", "DANIEL": "WF"}


def test_the_crew_are_called_at_the_general_call_by_department(production, plan):
    sheet = draft(production, plan)

    departments = {d["name"]: d for d in sheet["crew"]}
    assert set(departments) == {"Direction", "Camera", "Grip"}
    assert departments["Camera"]["call"] == "07:00"
    people = [p["name"] for d in sheet["crew"] for p in d["people"]]
    assert "Iris Calloway" in people and "Pat Private" in people


def test_key_contacts_put_the_director_first(production, plan):
    sheet = draft(production, plan)

    assert [c["role"] for c in sheet["contacts"]] == ["Director", "1st AD"]
    assert sheet["contacts"][0]["tel"] == "+13105550101"


def test_a_private_phone_never_reaches_the_sheet(production, plan):
    sheet = draft(production, plan)

    camera = next(d for d in sheet["crew"] if d["name"] == "Camera")["people"][0]
    assert camera["name"] == "Pat Private"
    assert camera["phone"] == camera["tel"] == ""
    assert "7700" not in str(sheet)


def test_the_places_default_to_the_locations_own(production, plan):
    sheet = draft(production, plan)

    place = sheet["location"]
    assert (place["name"], place["parking"], place["basecamp"]) == (
        "DOCKS",
        "Port lot on 22nd St.",
        "Signal St.",
    )
    assert place["hospital"]["name"] == "Harbor Hospital"
    assert place["hospital"]["tel"] == "+13105550131"
    assert place["map_url"].startswith("https://www.openstreetmap.org/")


def test_an_override_on_the_draft_wins_over_the_location(production, plan):
    callsheet = callsheet_services.callsheet_generate(production=production, on=plan["days"][0])
    callsheet_services.callsheet_update(callsheet=callsheet, crew_parking="Lot B behind the diner")

    assert assembly.callsheet_sheet(callsheet)["location"]["parking"] == "Lot B behind the diner"


def test_sunrise_and_sunset_are_at_the_location_in_the_productions_zone(production, plan):
    sheet = draft(production, plan)

    # San Pedro, 12 January, in London time (the production's zone): 14:58 and 01:04.
    assert sheet["sun"] == {"sunrise": "14:58", "sunset": "01:04"}
    assert sheet["time_zone"] == "Europe/London"


def test_the_advance_schedule_is_the_next_shoot_day(production, plan):
    sheet = draft(production, plan)

    assert sheet["advance"]["day_number"] == 2
    assert [s["number"] for s in sheet["advance"]["scenes"]] == ["3"]


def test_each_person_has_their_own_call_and_scenes(production, plan):
    sheet = draft(production, plan)

    maya = plan["cast"]["MAYA"].assignment.person
    grip = plan["crew"]["Key Grip"].person
    assert sheet["calls"][str(maya.pk)]["scenes"] == ["1", "2"]
    assert sheet["calls"][str(grip.pk)] == {
        "name": "Gus Grip",
        "call": "07:00",
        "roles": ["Key Grip"],
        "scenes": ["1", "2"],
        "location": "DOCKS, Berth 73, San Pedro, CA 90731",
    }


def test_cast_and_crew_overrides_change_their_calls(production, plan):
    callsheet = callsheet_services.callsheet_generate(production=production, on=plan["days"][0])
    maya = plan["cast"]["MAYA"]
    grip = plan["crew"]["Key Grip"]
    callsheet_services.callsheet_cast_set(
        callsheet=callsheet,
        rows=[callsheet_services.CastTimes(maya.pk, pickup=time(5, 15), makeup=time(5, 45))],
    )
    callsheet_services.callsheet_crew_set(
        callsheet=callsheet,
        departments=[
            callsheet_services.DepartmentCall(grip.department_id, time(6, 0), "Bring the crane")
        ],
        people=[callsheet_services.CrewCall(grip.person_id, time(5, 30), "Pre-rig")],
    )

    sheet = assembly.callsheet_sheet(callsheet)
    row = next(r for r in sheet["cast"] if r["character"] == "MAYA")
    assert (row["pickup"], row["makeup"], row["call"]) == ("05:15", "05:45", "05:45")
    grip_dept = next(d for d in sheet["crew"] if d["name"] == "Grip")
    assert (grip_dept["call"], grip_dept["notes"]) == ("06:00", "Bring the crane")
    assert grip_dept["people"][0]["call"] == "05:30"
    assert sheet["calls"][str(grip.person_id)]["call"] == "05:30"


def test_lunch_more_than_six_hours_after_call_is_warned(production, plan):
    callsheet = callsheet_services.callsheet_generate(production=production, on=plan["days"][0])
    callsheet_services.callsheet_update(callsheet=callsheet, lunch=time(13, 30))

    assert any("more than 6 hours" in w for w in assembly.callsheet_sheet(callsheet)["warnings"])
    assert assembly.lunch_warning(time(17, 0), time(23, 0)) == ""
    assert assembly.lunch_warning(time(17, 0), time(23, 30))  # a night shoot, past six hours


def test_a_call_sheet_survives_the_schedule_being_copied_to_a_new_version(production, plan, owner):
    from schedules import services

    callsheet = callsheet_services.callsheet_generate(production=production, on=plan["days"][0])
    services.version_save_as(production=production, name="Plan B", by=owner, activate=True)

    sheet = assembly.callsheet_sheet(CallSheet.objects.get(pk=callsheet.pk))
    assert [s["number"] for s in sheet["scenes"]] == ["1", "2"]


def test_one_call_sheet_per_date_and_only_on_shoot_days(production, plan):
    callsheet_services.callsheet_generate(production=production, on=plan["days"][0])

    with pytest.raises(ApplicationError) as twice:
        callsheet_services.callsheet_generate(production=production, on=plan["days"][0])
    assert twice.value.status_code == 409
    with pytest.raises(ApplicationError):
        callsheet_services.callsheet_generate(
            production=production, on=plan["days"][0].replace(day=1)
        )
