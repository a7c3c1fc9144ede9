"""Uncast roles in the Day Out of Days: a cast ID that works on the schedule has its row, "to be
cast", with a hold cost that is unknown rather than zero."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from schedules import selectors
from tests.conftest import client_for as api_client_for
from tests.factories import CharacterFactory, cast_member, scene_with, schedule_build

pytestmark = pytest.mark.django_db

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)
BASE = "/productions/long-night/schedule"


@pytest.fixture
def board(production):
    """MAYA (booked, 500 a day) works Mon and Wed; WAITRESS (9, no actor) works Mon and Wed too;
    NURSE (10, no actor) is in no scheduled scene."""
    maya = cast_member(production, "MAYA", "1", rate=500)
    waitress = CharacterFactory(production=production, name="WAITRESS", cast_id="9")
    CharacterFactory(production=production, name="NURSE", cast_id="10")
    CharacterFactory(production=production, name="PASSER-BY", cast_id="")
    schedule_build(
        production,
        {
            MON: [scene_with(production, maya, waitress)],
            TUE: [scene_with(production)],
            WED: [scene_with(production, maya, waitress)],
        },
    )
    return production


def line_of(table, key):
    (line,) = [line for line in table.lines if line.key == key]
    return line


def test_an_uncast_role_that_works_has_a_row_to_be_cast_with_an_unknown_hold_cost(board):
    table = selectors.dood_for(board)

    waitress = line_of(table, "9")
    assert [line.key for line in table.lines] == ["1", "9"]
    assert (waitress.character, waitress.person, waitress.to_be_cast) == ("WAITRESS", "", True)
    assert waitress.row.codes == ["SW", "H", "WF"]
    assert (waitress.row.work, waitress.row.hold, waitress.row.total) == (2, 1, 3)
    assert waitress.daily_rate is None and waitress.hold_cost is None
    assert line_of(table, "1").hold_cost == Decimal("500.00")
    assert table.hold_total == Decimal("500.00")
    assert [line.key for line in table.to_be_cast] == ["9"]


def test_the_csv_says_the_role_is_to_be_cast(board):
    text = selectors.dood_csv_text(selectors.dood_for(board))

    (row,) = [line for line in text.splitlines() if line.startswith("9,")]
    assert row.startswith("9,WAITRESS,to be cast,SW,H,WF,")


def test_the_api_gives_the_uncast_role_a_null_person_and_hold_cost(board, owner):
    body = api_client_for(owner).get("/api/v1/productions/long-night/dood/").json()

    rows = {row["cast_id"]: row for row in body["rows"]}
    assert set(rows) == {"1", "9"}
    assert rows["9"]["person"] is None and rows["9"]["hold_cost"] is None
    assert rows["9"]["codes"] == ["SW", "H", "WF"]
    assert rows["1"]["person"] == "Actor Maya" and rows["1"]["hold_cost"] == "500.00"
    assert body["hold_cost_total"] == "500.00"


def test_the_page_says_to_be_cast_and_that_the_hold_cost_is_unknown(board, owner, crew_member):
    owner_client, crew_client = Client(), Client()
    owner_client.force_login(owner)
    crew_client.force_login(crew_member)

    owner_html = owner_client.get(f"{BASE}/dood/").content.decode()
    crew_html = crew_client.get(f"{BASE}/dood/").content.decode()

    assert "WAITRESS" in owner_html and "to be cast" in owner_html
    assert "without 1 role to be cast, whose hold cost is unknown" in owner_html
    assert ">unknown<" in owner_html
    assert "NURSE" not in owner_html
    assert "WAITRESS" in crew_html and "to be cast" in crew_html
    assert "unknown" not in crew_html and "Hold cost" not in crew_html
