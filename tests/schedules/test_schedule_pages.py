"""The schedule's pages: who sees and changes what, the stale save, and the forms."""

import json
from datetime import date

import pytest
from django.test import Client

from schedules import selectors, services
from schedules.models import CastEvent, Holiday, ScheduleSettings, ShootDay, Strip
from tests.factories import SceneFactory, cast_member, scene_with, schedule_build

pytestmark = pytest.mark.django_db

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
BASE = "/productions/long-night/schedule"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


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
    maya = cast_member(production, "MAYA", "1", rate=500)
    return [
        scene_with(production, maya, number=str(n), synopsis=f"Synopsis {n}") for n in range(1, 5)
    ]


@pytest.fixture
def board(production, scenes):
    schedule_build(production, {MON: scenes[:2], TUE: scenes[2:3]})
    return selectors.board_for(production)


def board_json(board: selectors.Board, *, reverse_first_day: bool = False) -> str:
    def strip(s):
        return {"id": s.id, "kind": s.kind, "scene": s.scene.pk if s.scene else None,
                "part": s.part, "text": s.text}  # fmt: skip

    days = [{"id": d.day.pk, "strips": [strip(s) for s in d.strips]} for d in board.days]
    if reverse_first_day:
        days[0]["strips"].reverse()
    return json.dumps({"days": days, "unscheduled": [strip(s) for s in board.unscheduled]})


def labels(production) -> list[list[str]]:
    board = selectors.board_for(production)
    return [[s.label for s in d.strips] for d in board.days] + [
        [s.label for s in board.unscheduled]
    ]


READ_PAGES = [
    "/",
    "/dood/",
    "/dood.csv",
    "/conflicts/",
    "/versions/",
    "/history/",
    "/settings/",
    "/feeds/",
]


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 200), ("coordinator", 200), ("owner", 200)],
)
def test_each_kind_of_user_opens_the_schedule_pages_as_allowed(matrix, board, page, who, expected):
    response = client_for(matrix[who]).get(f"{BASE}{page}")

    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def edit_posts(board) -> list[tuple[str, dict]]:
    monday = board.days[0].day
    first = board.days[0].strips[0]
    return [
        ("/save/", {"version": board.revision, "board": board_json(board, reverse_first_day=True)}),
        ("/days/add/", {"date": "2027-01-20"}),
        (f"/days/{monday.pk}/remove/", {}),
        (f"/days/{monday.pk}/insert/", {}),
        ("/days/split/", {"every": "1", "by": "pages"}),
        ("/banners/add/", {"text": "Company move", "day": monday.pk}),
        ("/strips/split/", {"strip": first.id, "parts": 2}),
        (f"/days/{monday.pk}/", {"date": "2027-01-11", "general_call": "05:00"}),
    ]


@pytest.mark.parametrize("index", range(8))
@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 403), ("coordinator", 302), ("owner", 302)],
)
def test_only_editors_change_the_board_from_its_pages(
    matrix, production, board, index, who, expected
):
    path, data = edit_posts(board)[index]
    revision = board.revision

    response = client_for(matrix[who]).post(f"{BASE}{path}", data)

    assert response.status_code == expected
    changed = selectors.active_version(production).revision != revision
    assert changed == (expected == 302 and who != "anonymous")


def test_the_stripboard_shows_strips_in_the_trade_colours_with_day_breaks(
    matrix, production, board
):
    night = SceneFactory(production=production, number="9", int_ext="EXT", time_of_day="NIGHT")
    html = client_for(matrix["crew"]).get(f"{BASE}/").content.decode()

    assert "Day 1 of 2" in html and "Day 2 of 2" in html
    assert "Mon 11 Jan 2027" in html
    assert 'class="strip strip-white"' in html
    assert f'data-scene="{night.pk}"' in html and "strip-green" in html
    assert "Synopsis 1" in html and "5/8" in html
    assert "Boneyard" in html
    # Crew read the board; they get no controls and no script to move strips.
    # (The live updates' script, live-stripboard.js, is everyone's.)
    assert "Save board" not in html and "/js/stripboard.js" not in html
    assert "<script>" not in html


def test_editors_get_the_board_controls_and_scripts_without_inline_code(matrix, board):
    html = client_for(matrix["coordinator"]).get(f"{BASE}/").content.decode()

    assert "Save board" in html and 'name="version"' in html
    assert "vendor/sortablejs/Sortable.min.js" in html and "js/stripboard.js" in html
    assert "<script>" not in html and " onclick=" not in html and " style=" not in html


def test_hold_cost_money_is_for_managers_only(matrix, production, board, scenes):
    services.shoot_day_add(production=production, by=None, date=date(2027, 1, 13))
    services.shoot_day_add(
        production=production, by=None, date=date(2027, 1, 14), scenes=[scenes[3].pk]
    )
    producer = client_for(matrix["producer"]).get(f"{BASE}/").content.decode()
    coordinator = client_for(matrix["coordinator"]).get(f"{BASE}/").content.decode()

    assert "Hold cost" in producer and "USD 500.00" in producer
    assert "Hold cost" not in coordinator and "1 hold day" in coordinator


def test_saving_the_board_from_the_page_keeps_the_new_order(matrix, production, board):
    response = client_for(matrix["coordinator"]).post(
        f"{BASE}/save/",
        {"version": board.revision, "board": board_json(board, reverse_first_day=True)},
        follow=True,
    )

    assert response.status_code == 200
    assert "Board saved." in response.content.decode()
    assert labels(production)[0] == ["2", "1"]


def test_a_stale_save_from_the_page_says_so_keeps_both_orders_visible_and_changes_nothing(
    matrix, production, board
):
    first = client_for(matrix["owner"]).post(
        f"{BASE}/save/",
        {"version": board.revision, "board": board_json(board, reverse_first_day=True)},
    )
    assert first.status_code == 302
    moved_to_tuesday = json.loads(board_json(board))
    moved_to_tuesday["days"][1]["strips"].append(moved_to_tuesday["unscheduled"].pop())

    second = client_for(matrix["coordinator"]).post(
        f"{BASE}/save/", {"version": board.revision, "board": json.dumps(moved_to_tuesday)}
    )

    assert second.status_code == 412
    html = second.content.decode()
    assert "Your board was not saved" in html
    assert matrix["owner"].get_full_name() in html
    # The order that was not saved is shown, to redo by hand.
    assert "Day 2 (Tue 12 Jan)</dt><dd>3, 4</dd>" in html
    assert labels(production) == [["2", "1"], ["3"], ["4"]]


def test_a_stale_save_from_the_script_gets_json_with_the_current_version(matrix, production, board):
    client_for(matrix["owner"]).post(
        f"{BASE}/save/", {"version": board.revision, "board": board_json(board)}
    )

    response = client_for(matrix["coordinator"]).post(
        f"{BASE}/save/",
        {"version": board.revision, "board": board_json(board, reverse_first_day=True)},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 412
    body = response.json()
    assert "not saved" in body["message"]
    assert body["version"] == selectors.active_version(production).revision


def test_a_garbled_board_post_is_refused_in_words(matrix, production, board):
    response = client_for(matrix["owner"]).post(
        f"{BASE}/save/", {"version": board.revision, "board": "{not json"}, follow=True
    )

    assert "could not be read" in response.content.decode()
    assert labels(production)[0] == ["1", "2"]


def test_splitting_days_by_pages_from_the_page(matrix, production, board):
    response = client_for(matrix["owner"]).post(
        f"{BASE}/days/split/", {"every": "5/8", "by": "pages"}, follow=True
    )

    assert "Day breaks rebuilt" in response.content.decode()
    assert labels(production)[:3] == [["1"], ["2"], ["3"]]


def test_a_bad_page_count_is_refused_in_words(matrix, production, board):
    response = client_for(matrix["owner"]).post(
        f"{BASE}/days/split/", {"every": "3/9", "by": "pages"}, follow=True
    )

    assert "not a page count" in response.content.decode()


def test_the_day_form_changes_calls_and_a_taken_date_is_refused(matrix, production, board):
    monday = board.days[0].day
    client = client_for(matrix["owner"])

    taken = client.post(f"{BASE}/days/{monday.pk}/", {"date": "2027-01-12"})
    saved = client.post(
        f"{BASE}/days/{monday.pk}/",
        {"date": "2027-01-11", "general_call": "05:30", "estimated_wrap": "17:00"},
    )

    assert taken.status_code == 200 and "already a shoot day" in taken.content.decode()
    assert saved.status_code == 302
    monday.refresh_from_db()
    assert monday.general_call.hour == 5 and monday.estimated_wrap.hour == 17


def test_versions_are_saved_compared_and_activated_from_the_page(matrix, production, board):
    client = client_for(matrix["producer"])

    client.post(f"{BASE}/versions/", {"name": "Blue schedule"})
    blue = production.schedule_versions.get(name="Blue schedule")
    page = client.get(f"{BASE}/versions/").content.decode()
    compare = client.get(f"{BASE}/versions/compare/?a={board.version.pk}&b={blue.pk}")
    client.post(f"{BASE}/versions/{blue.pk}/activate/")

    assert "Blue schedule" in page and "Compare with active" in page
    assert compare.status_code == 200 and "No scene moved." in compare.content.decode()
    assert selectors.active_version(production) == blue


def test_the_day_out_of_days_page_has_codes_totals_and_the_csv(matrix, production, board):
    client = client_for(matrix["crew"])

    html = client.get(f"{BASE}/dood/").content.decode()
    csv = client.get(f"{BASE}/dood.csv")

    assert "MAYA" in html and ">SW<" in html and ">WF<" in html
    assert "Hold cost" not in html
    assert csv["Content-Disposition"].endswith('-day-out-of-days-cast.csv"')
    assert client.get(f"{BASE}/dood/?category=dragons").status_code == 404


def test_settings_holidays_and_cast_events_are_edited_on_one_page(matrix, production, scenes):
    client = client_for(matrix["coordinator"])
    maya = production.characters.get(name="MAYA")

    client.post(
        f"{BASE}/settings/",
        {
            "form": "settings",
            "weekdays": ["0", "1", "2", "3", "4", "5"],
            "capacity_pages": "7 4/8",
            "capacity_hours": "11",
            "drop_after_days": "",
            "min_turnaround_hours": "10",
            "default_general_call": "06:00",
            "default_wrap": "18:00",
            "reminder_hour": "17",
        },
    )
    client.post(f"{BASE}/settings/", {"form": "holiday", "date": "2027-01-18", "name": "MLK"})
    client.post(
        f"{BASE}/settings/",
        {"form": "event", "character": maya.pk, "date": "2027-01-08", "kind": "R"},
    )
    refused = client.post(
        f"{BASE}/settings/", {"form": "holiday", "date": "2027-01-18", "name": "Again"}
    )

    settings = ScheduleSettings.objects.get(production=production)
    assert (settings.working_weekdays, settings.day_capacity_eighths) == ("012345", 60)
    assert (settings.day_capacity_minutes, settings.drop_after_days) == (660, None)
    assert Holiday.objects.get(production=production).name == "MLK"
    assert CastEvent.objects.get(production=production).kind == "R"
    assert "already a holiday" in refused.content.decode()


def test_crew_cannot_change_the_settings(matrix, production):
    client_for(matrix["crew"]).post(
        f"{BASE}/settings/", {"form": "holiday", "date": "2027-01-18", "name": "MLK"}
    )

    assert not Holiday.objects.exists()


def test_the_feeds_page_shows_links_and_an_owner_resets_the_production_link(
    matrix, production, board
):
    owner, crew = client_for(matrix["owner"]), client_for(matrix["crew"])
    before = services.feed_token_get(production=production)

    crew.post(f"{BASE}/feeds/", {"feed": "production"})
    assert services.feed_token_get(production=production) == before
    owner.post(f"{BASE}/feeds/", {"feed": "production"})

    after = services.feed_token_get(production=production)
    assert after != before
    assert f"/feeds/{after}.ics" in owner.get(f"{BASE}/feeds/").content.decode()
    assert "Reset link" not in crew.get(f"{BASE}/feeds/").content.decode()


def test_the_history_lists_who_moved_what(matrix, production, board):
    client_for(matrix["owner"]).post(
        f"{BASE}/save/",
        {"version": board.revision, "board": board_json(board, reverse_first_day=True)},
    )

    html = client_for(matrix["crew"]).get(f"{BASE}/history/").content.decode()

    assert matrix["owner"].get_full_name() in html
    assert "Added a shoot day" in html


def test_the_nav_links_the_stripboard_and_the_day_out_of_days(matrix, board):
    html = client_for(matrix["crew"]).get("/productions/long-night/").content.decode()

    assert 'href="/productions/long-night/schedule/"' in html and "Stripboard" in html
    assert 'href="/productions/long-night/schedule/dood/"' in html and "Day Out of Days" in html


def test_a_split_scene_can_be_joined_from_the_page(matrix, production, board):
    strip = Strip.objects.get(scene__number="1")
    client = client_for(matrix["owner"])

    client.post(f"{BASE}/strips/split/", {"strip": strip.pk, "parts": 2})
    assert labels(production)[0] == ["1 pt 1", "1 pt 2", "2"]
    client.post(f"{BASE}/strips/join/", {"strip": strip.pk})

    assert labels(production)[0] == ["1", "2"]
    assert ShootDay.objects.count() == 2


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 403), ("coordinator", 200), ("owner", 200)],
)
def test_only_editors_open_the_day_form(matrix, board, who, expected):
    monday = board.days[0].day

    response = client_for(matrix[who]).get(f"{BASE}/days/{monday.pk}/")

    assert response.status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 200), ("owner", 200)],
)
def test_versions_are_compared_by_members_only(matrix, production, board, who, expected):
    copy = services.version_save_as(production=production, name="Blue", by=None)

    response = client_for(matrix[who]).get(
        f"{BASE}/versions/compare/?a={board.version.pk}&b={copy.pk}"
    )

    assert response.status_code == expected


def test_a_version_of_another_production_cannot_be_compared_or_activated(
    matrix, production, other_production, board
):
    schedule_build(other_production, {MON: []})
    theirs = selectors.active_version(other_production)
    client = client_for(matrix["owner"])

    compare = client.get(f"{BASE}/versions/compare/?a={board.version.pk}&b={theirs.pk}")
    activate = client.post(f"{BASE}/versions/{theirs.pk}/activate/")

    assert (compare.status_code, activate.status_code) == (404, 404)


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("outsider", 404), ("crew", 403), ("coordinator", 302)],
)
def test_only_editors_activate_versions(matrix, production, board, who, expected):
    copy = services.version_save_as(production=production, name="Blue", by=None)

    response = client_for(matrix[who]).post(f"{BASE}/versions/{copy.pk}/activate/")

    assert response.status_code == expected
    assert selectors.active_version(production) == (
        copy if expected == 302 and who != "anonymous" else board.version
    )
