"""The schedule's REST API: who may do what, the board's versioning, shoot days, DOOD, feeds."""

import copy
from datetime import date

import pytest

from schedules import selectors
from schedules.models import BoardChange, ShootDay
from tests.conftest import client_for
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    PersonFactory,
    SceneFactory,
    UserFactory,
    cast_member,
    scene_with,
    schedule_build,
)

pytestmark = pytest.mark.django_db

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)
BASE = "/api/v1/productions/long-night"


@pytest.fixture
def matrix(production, owner, producer, coordinator, crew_member, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "coordinator": coordinator,
        "producer": producer,
        "owner": owner,
    }


@pytest.fixture
def scenes(production):
    return [SceneFactory(production=production, number=str(n)) for n in range(1, 5)]


@pytest.fixture
def board(production, scenes):
    schedule_build(production, {MON: scenes[:2], TUE: scenes[2:3]})
    return selectors.board_for(production)


def labels(production) -> list[list[str]]:
    board = selectors.board_for(production)
    return [[s.label for s in d.strips] for d in board.days] + [
        [s.label for s in board.unscheduled]
    ]


def reversed_first_day(body: dict) -> dict:
    body = copy.deepcopy(body)
    body["days"][0]["strips"].reverse()
    return body


READ_PATHS = [
    f"{BASE}/stripboard/",
    f"{BASE}/shoot-days/",
    f"{BASE}/dood/",
    f"{BASE}/conflicts/",
    f"{BASE}/feeds/",
]


@pytest.mark.parametrize("path", READ_PATHS)
@pytest.mark.parametrize(
    "who,expected",
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("crew", 200),
        ("coordinator", 200),
        ("producer", 200),
        ("owner", 200),
    ],
)
def test_each_kind_of_user_reads_the_schedule_as_allowed(matrix, board, path, who, expected):
    response = client_for(matrix[who]).get(path)

    assert response.status_code == expected
    if expected != 200:
        assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize(
    "who,expected",
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("crew", 403),
        ("coordinator", 200),
        ("producer", 200),
        ("owner", 200),
    ],
)
def test_only_editors_save_the_board(matrix, production, board, who, expected):
    body = client_for(matrix["owner"]).get(f"{BASE}/stripboard/").json()

    response = client_for(matrix[who]).put(
        f"{BASE}/stripboard/",
        reversed_first_day(body),
        format="json",
        HTTP_IF_MATCH=f'"{body["version"]}"',
    )

    assert response.status_code == expected
    assert labels(production)[0] == (["2", "1"] if expected == 200 else ["1", "2"])


@pytest.mark.parametrize(
    "who,expected",
    [
        ("anonymous", 401),
        ("outsider", 404),
        ("crew", 403),
        ("coordinator", 201),
        ("producer", 201),
        ("owner", 201),
    ],
)
def test_only_editors_add_shoot_days(matrix, production, board, who, expected):
    response = client_for(matrix[who]).post(f"{BASE}/shoot-days/", {"date": "2027-01-20"})

    assert response.status_code == expected
    assert ShootDay.objects.filter(date=date(2027, 1, 20)).exists() == (expected == 201)


def test_the_board_sends_its_version_as_etag(matrix, board):
    response = client_for(matrix["crew"]).get(f"{BASE}/stripboard/")

    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    assert [len(day["strips"]) for day in body["days"]] == [2, 1]
    assert set(body["days"][0]["strips"][0]) >= {"id", "kind", "scene", "part", "text"}
    assert [s["scene"] for s in body["unscheduled"]] == [board.unscheduled[0].scene.pk]


def test_a_put_without_if_match_is_refused_with_428(matrix, production, board):
    body = client_for(matrix["owner"]).get(f"{BASE}/stripboard/").json()

    response = client_for(matrix["owner"]).put(
        f"{BASE}/stripboard/", reversed_first_day(body), format="json"
    )

    assert response.status_code == 428
    assert "If-Match" in response.json()["message"]
    assert labels(production)[0] == ["1", "2"]


def test_a_stale_put_is_refused_with_412_and_neither_edit_is_lost(matrix, production, board):
    owner, producer = client_for(matrix["owner"]), client_for(matrix["producer"])
    loaded = owner.get(f"{BASE}/stripboard/")
    etag = loaded["ETag"]
    first = reversed_first_day(loaded.json())
    # The producer moves scene 4 onto Tuesday, from the same version.
    second = copy.deepcopy(loaded.json())
    second["days"][1]["strips"].append(second["unscheduled"].pop(0))

    saved = owner.put(f"{BASE}/stripboard/", first, format="json", HTTP_IF_MATCH=etag)
    refused = producer.put(f"{BASE}/stripboard/", second, format="json", HTTP_IF_MATCH=etag)

    assert saved.status_code == 200
    assert saved["ETag"] != etag
    assert refused.status_code == 412
    message = refused.json()["message"]
    assert matrix["owner"].get_full_name() in message and "not saved" in message
    # The first edit is kept whole; the second changed nothing.
    assert labels(production) == [["2", "1"], ["3"], ["4"]]
    assert BoardChange.objects.count() == 1 + 2  # two days added, then the one save


def test_the_board_accepts_the_weak_etag_form_and_a_bare_number(matrix, board):
    client = client_for(matrix["owner"])
    body = client.get(f"{BASE}/stripboard/").json()

    first = client.put(
        f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=str(body["version"])
    )
    body = first.json()
    second = client.put(
        f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=f'W/"{body["version"]}"'
    )

    assert (first.status_code, second.status_code) == (200, 200)


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda body: body["days"].pop(), "leaves out Day 2"),
        (
            lambda body: body["days"][0]["strips"].append({"kind": "scene", "scene": 999999}),
            "scene",
        ),
        (
            lambda body: body["days"][1]["strips"].append(dict(body["days"][0]["strips"][0])),
            "twice",
        ),
        (lambda body: body["days"][0]["strips"].append({"kind": "banner", "text": ""}), "text"),
        (lambda body: body.update(days="nonsense"), "days"),
    ],
)
def test_a_malformed_board_is_refused_in_words_and_changes_nothing(
    matrix, production, board, change, message
):
    client = client_for(matrix["owner"])
    loaded = client.get(f"{BASE}/stripboard/")
    body = loaded.json()
    change(body)

    response = client.put(f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=loaded["ETag"])

    assert response.status_code == 400
    assert message in response.json()["message"] + str(response.json()["errors"])
    assert labels(production) == [["1", "2"], ["3"], ["4"]]


def test_banners_can_be_added_through_the_board(matrix, production, board):
    client = client_for(matrix["owner"])
    loaded = client.get(f"{BASE}/stripboard/")
    body = loaded.json()
    body["days"][0]["strips"].insert(1, {"kind": "banner", "text": "Company move"})

    response = client.put(f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=loaded["ETag"])

    assert response.status_code == 200
    assert labels(production)[0] == ["1", "Company move", "2"]


def test_shoot_days_list_their_scenes_in_shooting_order(matrix, production, board, scenes):
    response = client_for(matrix["crew"]).get(f"{BASE}/shoot-days/")

    body = response.json()
    assert [(d["date"], d["day_number"], d["scenes"]) for d in body["results"]] == [
        ("2027-01-11", 1, [scenes[0].pk, scenes[1].pk]),
        ("2027-01-12", 2, [scenes[2].pk]),
    ]


def test_a_shoot_day_is_created_changed_and_deleted(matrix, production, board, scenes):
    client = client_for(matrix["coordinator"])
    location = LocationFactory(production=production, name="DOCKS")

    created = client.post(
        f"{BASE}/shoot-days/",
        {
            "date": "2027-01-13",
            "general_call": "06:30",
            "location": location.pk,
            "scenes": [scenes[3].pk, scenes[0].pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    day = created.json()
    assert (day["day_number"], day["general_call"], day["location"], day["scenes"]) == (
        3,
        "06:30:00",
        location.pk,
        [scenes[3].pk, scenes[0].pk],
    )
    assert labels(production) == [["2"], ["3"], ["4", "1"], []]

    moved = client.patch(f"{BASE}/shoot-days/{day['id']}/", {"date": "2027-01-08"}, format="json")
    assert moved.status_code == 200
    assert moved.json()["day_number"] == 1

    deleted = client.delete(f"{BASE}/shoot-days/{day['id']}/")
    assert deleted.status_code == 204
    assert labels(production) == [["2"], ["3"], ["4", "1"]]


def test_a_shoot_day_on_a_taken_date_or_with_a_foreign_location_is_refused(
    matrix, production, other_production, board
):
    client = client_for(matrix["owner"])
    elsewhere = LocationFactory(production=other_production)

    taken = client.post(f"{BASE}/shoot-days/", {"date": "2027-01-11"}, format="json")
    foreign = client.post(
        f"{BASE}/shoot-days/", {"date": "2027-01-14", "location": elsewhere.pk}, format="json"
    )

    assert taken.status_code == 400 and "already a shoot day" in taken.json()["message"]
    assert foreign.status_code == 400 and "location" in foreign.json()["errors"]
    assert ShootDay.objects.count() == 2


def test_the_day_out_of_days_api_gives_codes_and_pay_only_to_managers(matrix, production):
    maya = cast_member(production, "MAYA", "1", rate=1000)
    schedule_build(
        production,
        {MON: [scene_with(production, maya)], TUE: [], WED: [scene_with(production, maya)]},
    )

    crew = client_for(matrix["crew"]).get(f"{BASE}/dood/").json()
    owner = client_for(matrix["owner"]).get(f"{BASE}/dood/").json()

    assert crew["days"] == ["2027-01-11", "2027-01-12", "2027-01-13"]
    (row,) = crew["rows"]
    assert {k: row[k] for k in ("cast_id", "character", "person", "codes", "work", "hold")} == {
        "cast_id": "1",
        "character": "MAYA",
        "person": "Actor Maya",
        "codes": ["SW", "H", "WF"],
        "work": 2,
        "hold": 1,
    }
    assert row["total"] == 3
    assert "hold_cost" not in row and "hold_cost_total" not in crew
    assert owner["rows"][0]["hold_cost"] == "1000.00"
    assert owner["hold_cost_total"] == "1000.00"


def test_the_day_out_of_days_api_downloads_csv_and_takes_a_category(matrix, production, board):
    client = client_for(matrix["crew"])

    csv = client.get(f"{BASE}/dood/?format=csv")
    vehicles = client.get(f"{BASE}/dood/?category=vehicles")
    unknown = client.get(f"{BASE}/dood/?category=dragons")

    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().startswith("Cast ID,Character,Actor,2027-01-11,2027-01-12,")
    assert vehicles.status_code == 200 and vehicles.json()["category"] == "vehicles"
    assert unknown.status_code == 400 and "category" in unknown.json()["errors"]


def test_the_feeds_api_gives_urls_and_only_owners_reset_the_production_feed(
    matrix, production, board
):
    crew, owner = client_for(matrix["crew"]), client_for(matrix["owner"])
    before = crew.get(f"{BASE}/feeds/").json()

    refused = crew.post(f"{BASE}/feeds/", {"feed": "production"}, format="json")
    reset = owner.post(f"{BASE}/feeds/", {"feed": "production"}, format="json")

    assert before["production"]["url"].startswith("http://testserver/feeds/")
    assert before["production"]["webcal"].startswith("webcal://testserver/feeds/")
    assert before["mine"] is None and before["can_reset"] is False
    assert refused.status_code == 403
    assert reset.status_code == 200
    assert reset.json()["production"]["url"] != before["production"]["url"]


def test_a_person_feed_url_is_for_themselves_or_their_productions_editors(
    matrix, production, board, crew_member
):
    me = cast_member(production, "MAYA", "1", person=PersonFactory(user=crew_member)).assignment
    stranger = UserFactory(username="stranger")
    path = f"/api/v1/people/{me.person_id}/feed/"

    mine = client_for(crew_member).get(path)
    editor = client_for(matrix["coordinator"]).get(path)
    colleague = UserFactory(username="colleague")
    MembershipFactory(production=production, user=colleague, access="crew")
    other = client_for(matrix["outsider"]).get(path)

    assert mine.status_code == 200
    assert [f["production"] for f in mine.json()["feeds"]] == ["long-night"]
    assert editor.status_code == 200
    assert editor.json()["feeds"][0]["url"] == mine.json()["feeds"][0]["url"]
    assert other.status_code == 404
    assert client_for(stranger).get(path).status_code == 404
    assert client_for(colleague).get(path).status_code == 403


def test_the_conflicts_api_is_paginated(matrix, board):
    body = client_for(matrix["crew"]).get(f"{BASE}/conflicts/").json()

    assert set(body) == {"count", "next", "previous", "results"}


def test_the_schema_documents_the_board_and_its_preconditions(matrix):
    schema = client_for(matrix["crew"]).get("/api/schema/?format=json").json()

    put = schema["paths"]["/api/v1/productions/{slug}/stripboard/"]["put"]
    assert {p["name"] for p in put["parameters"]} >= {"If-Match"}
    assert {"200", "412", "428"} <= set(put["responses"])
    strip = schema["components"]["schemas"]["Strip"]["properties"]
    assert {"id", "kind", "scene", "part", "text"} <= set(strip)


def test_a_new_productions_board_can_be_saved_at_version_0(matrix, production, scenes):
    client = client_for(matrix["owner"])
    loaded = client.get(f"{BASE}/stripboard/")
    body = copy.deepcopy(loaded.json())
    body["unscheduled"].reverse()

    saved = client.put(f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=loaded["ETag"])

    assert loaded["ETag"] == '"0"'
    assert saved.status_code == 200, saved.json()
    assert labels(production) == [["4", "3", "2", "1"]]
