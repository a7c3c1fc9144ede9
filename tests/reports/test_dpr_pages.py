"""The DPR pages and API: filling one in on a phone-sized form, approving it, and who may."""

from datetime import date, time

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reports import dpr_services
from reports.models import DailyReport
from tests.conftest import client_for
from tests.factories import cast_member, scene_with, schedule_build

pytestmark = pytest.mark.django_db

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
LIST = "/productions/{slug}/reports/daily/"
API = "/api/v1/productions/{slug}/dprs/"


@pytest.fixture
def scheduled(production, owner):
    maya = cast_member(production, "MAYA", "1")
    schedule_build(
        production,
        {
            MON: [
                scene_with(production, maya, number="1", page_eighths=8),
                scene_with(production, number="2", page_eighths=4),
            ],
            TUE: [scene_with(production, maya, number="3", page_eighths=8)],
        },
        by=owner,
    )
    return production


@pytest.fixture
def monday(scheduled, owner):
    return dpr_services.dpr_start(production=scheduled, date=MON, by=owner)


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def formset(prefix: str, rows: list[dict], initial: int | None = None) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def test_starting_a_report_opens_its_form_filled_in(scheduled, owner):
    client = page_client(owner)

    response = client.post(f"{LIST.format(slug=scheduled.slug)}start/", {"date": "2027-01-11"})

    assert response.status_code == 302 and response.url.endswith("/daily/2027-01-11/edit/")
    html = client.get(response.url).content.decode()
    assert 'type="time"' in html and 'value="07:00"' in html
    assert "Actor Maya (MAYA)" in html
    assert "<strong>1</strong> INT. SET" in html


def test_the_form_saves_times_scenes_cast_crew_and_delays(scheduled, owner, monday):
    scene_two = monday.scenes.get(scene__number="2")
    cast = monday.cast_times.get()
    data = {
        "general_call": "07:00",
        "first_shot": "08:05",
        "lunch_start": "13:45",
        "lunch_end": "14:15",
        "wrap": "19:10",
        "last_out": "19:40",
        "setups": "21",
        "incidents": "Grip cut a finger; first aid on set.",
        "notes": "",
        **formset(
            "scenes",
            [
                {"scene": monday.scenes.get(scene__number="1").scene_id, "status": "shot"},
                {"scene": scene_two.scene_id, "status": "part_shot", "pages_shot": "2/8"},
            ],
        ),
        "add-scene": str(scheduled.scenes.get(number="3").pk),
        **formset(
            "cast",
            [
                {
                    "character": cast.character_id,
                    "name": cast.name,
                    "arrive": "06:30",
                    "wrap": "18:00",
                }
            ],
        ),
        **formset("crew", [{"name": "Ines Ibarra", "department": "Camera", "time_in": "05:30"}], 0),
        **formset("delays", [{"minutes": "20", "reason": "Generator failed"}, {}], 0),
    }

    response = page_client(owner).post(f"{LIST.format(slug=scheduled.slug)}2027-01-11/edit/", data)

    assert response.status_code == 302, response.content.decode()
    monday.refresh_from_db()
    assert (monday.first_shot, monday.lunch_start, monday.setups) == (time(8, 5), time(13, 45), 21)
    results = {r.scene.number: (r.status, r.eighths_shot, r.planned) for r in monday.scenes.all()}
    assert results == {
        "1": ("shot", 8, True),
        "2": ("part_shot", 2, True),
        "3": ("shot", 8, False),
    }
    assert monday.cast_times.get().arrive == time(6, 30)
    assert monday.crew_times.get().name == "Ines Ibarra"
    assert list(monday.delays.values_list("minutes", "reason")) == [(20, "Generator failed")]
    detail = page_client(owner).get(response.url).content.decode()
    assert "Meal penalty: lunch at 13:45" in detail
    assert "Grip cut a finger" in detail


def test_a_wrong_page_count_is_shown_on_the_form(scheduled, owner, monday):
    data = {
        "setups": "0",
        **formset(
            "scenes",
            [{"scene": monday.scenes.first().scene_id, "status": "part_shot", "pages_shot": "9/8"}],
        ),
        **formset("cast", []),
        **formset("crew", []),
        **formset("delays", []),
    }

    response = page_client(owner).post(f"{LIST.format(slug=scheduled.slug)}2027-01-11/edit/", data)

    assert response.status_code == 400
    assert "1/8 to 7/8" in response.content.decode()


def test_approving_freezes_the_report_on_the_pages(scheduled, owner, monday):
    client = page_client(owner)
    base = f"{LIST.format(slug=scheduled.slug)}2027-01-11/"

    assert client.post(f"{base}approve/").status_code == 302

    assert DailyReport.objects.get().status == "approved"
    assert client.get(f"{base}edit/").status_code == 302  # back to the frozen report
    html = client.get(base).content.decode()
    assert "frozen" in html and "Fill in" not in html


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        (None, 302, 302),
        ("outsider", 404, 404),
        ("crew_member", 200, 403),
        ("coordinator", 200, 302),
    ],
)
def test_privacy_of_the_dpr_pages(request, scheduled, monday, who, read, write):
    client = page_client(request.getfixturevalue(who) if who else None)
    base = LIST.format(slug=scheduled.slug)

    assert client.get(base).status_code == read
    assert client.get(f"{base}2027-01-11/").status_code == read
    assert client.post(f"{base}start/", {"date": "2027-01-12"}).status_code == write
    assert client.post(f"{base}2027-01-11/approve/").status_code == write


def test_a_day_without_a_report_is_not_found(scheduled, owner):
    client = page_client(owner)

    assert client.get(f"{LIST.format(slug=scheduled.slug)}2027-01-12/").status_code == 404
    assert client.get(f"{LIST.format(slug=scheduled.slug)}not-a-date/").status_code == 404


# ---------------------------------------------------------------- the API


def test_the_api_starts_fills_in_and_approves_a_report(scheduled, owner):
    api = client_for(owner)
    base = API.format(slug=scheduled.slug)

    created = api.post(base, {"date": "2027-01-11"}, format="json")
    assert created.status_code == 201
    report = created.json()
    assert [s["number"] for s in report["scenes"]] == ["1", "2"]
    scene_two = report["scenes"][1]["scene"]

    patched = api.patch(
        f"{base}{report['id']}/",
        {
            "lunch_start": "13:30",
            "wrap": "19:00",
            "scenes": [{"scene": scene_two, "status": "not_shot"}],
            "delays": [{"minutes": 15, "reason": "Rain"}],
        },
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    data = patched.json()
    assert data["totals"]["eighths_shot"] == 8 and data["totals"]["days_ahead"] < 0
    assert [flag["kind"] for flag in data["flags"]] == ["meal"]
    assert data["delays"] == [{"minutes": 15, "reason": "Rain"}]

    approved = api.post(f"{base}{report['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    frozen = api.patch(f"{base}{report['id']}/", {"notes": "late"}, format="json")
    assert frozen.status_code == 409 and "frozen" in frozen.json()["message"]
    listed = api.get(base).json()
    assert listed["count"] == 1 and listed["results"][0]["totals"]["eighths_shot"] == 8


def test_the_api_refuses_a_date_with_no_shoot_day(scheduled, owner):
    response = client_for(owner).post(API.format(slug=scheduled.slug), {"date": "2027-01-16"})

    assert response.status_code == 400 and "date" in response.json()["errors"]


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [(None, 401, 401), ("outsider", 404, 404), ("crew_member", 200, 403), ("owner", 200, 200)],
)
def test_privacy_of_the_dpr_api(request, scheduled, monday, who, read, write):
    api = client_for(request.getfixturevalue(who) if who else None)
    base = API.format(slug=scheduled.slug)

    assert api.get(base).status_code == read
    assert api.get(f"{base}{monday.pk}/").status_code == read
    assert api.patch(f"{base}{monday.pk}/", {"setups": 3}, format="json").status_code == write


def queries_for(get) -> int:
    get()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert get().status_code == 200
    return len(captured.captured_queries)


def test_the_dpr_list_runs_as_many_queries_for_many_days_as_for_one(production, owner):
    days = [date(2027, 1, d) for d in (11, 12, 13, 14, 15, 18, 19, 20)]
    schedule_build(production, {d: [scene_with(production)] for d in days}, by=owner)
    page, api = page_client(owner), client_for(owner)
    dpr_services.dpr_start(production=production, date=days[0], by=owner)
    few = (
        queries_for(lambda: page.get(LIST.format(slug=production.slug))),
        queries_for(lambda: api.get(API.format(slug=production.slug))),
    )
    for day in days[1:]:
        dpr_services.dpr_start(production=production, date=day, by=owner)

    many = (
        queries_for(lambda: page.get(LIST.format(slug=production.slug))),
        queries_for(lambda: api.get(API.format(slug=production.slug))),
    )

    assert many == few
