"""The topsheet's sums come from the cache, and every change to the budget shows at once.

Each test reads the topsheet once (which caches its sums), changes the budget the way the app
does, and reads again. Drop ``budgets.freshness.receivers_connect`` or the expiry at the end of
``budget_recompute`` and a test here fails.
"""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budgets import services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
BASE = "/api/v1/productions/long-night"


def topsheet(client, budget) -> dict:
    response = client.get(f"{BASE}/budgets/{budget.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def categories(sheet) -> dict:
    return {c["number"]: c for s in sheet["sections"] for c in s["categories"]}


@pytest.fixture
def line(budget, owner):
    account = budget.accounts.get(number="1401")
    return services.line_create(
        budget=budget, by=owner, account=account, description="Lead", amount="2", rate="100"
    )


def test_a_second_read_does_not_sum_the_lines_again(budget, owner, line):
    client = client_for(owner)
    first = topsheet(client, budget)

    with CaptureQueriesContext(connection) as queries:
        again = topsheet(client, budget)

    assert again == first
    assert D(again["grand_total"]) == D("200")
    assert not [q for q in queries.captured_queries if "SUM(" in q["sql"].upper()]


def test_a_line_changed_shows_in_the_topsheet_and_its_page(budget, owner, line):
    client = client_for(owner)
    topsheet(client, budget)
    page = Client()
    page.force_login(owner)
    page.get(f"/productions/long-night/budgets/{budget.pk}/")

    services.line_update(line=line, by=owner, amount="3")

    assert D(topsheet(client, budget)["grand_total"]) == D("300")
    html = page.get(f"/productions/long-night/budgets/{budget.pk}/").content.decode()
    assert "300.00" in html


def test_a_category_renamed_shows_in_the_topsheet(budget, owner, line):
    client = client_for(owner)
    number = line.account.category.number
    topsheet(client, budget)

    services.category_update(category=line.account.category, by=owner, name="Leading players")

    assert categories(topsheet(client, budget))[number]["name"] == "Leading players"


def test_a_charge_added_shows_in_the_topsheet(budget, owner, line):
    client = client_for(owner)
    assert topsheet(client, budget)["charges"] == []

    services.charge_create(
        budget=budget, by=owner, name="Bond", percent=10, sections=["above_the_line"]
    )

    sheet = topsheet(client, budget)
    assert [c["name"] for c in sheet["charges"]] == ["Bond"]


def test_a_board_change_shows_in_a_linked_line_of_the_topsheet(budget, owner, scheduled):
    cast = budget.accounts.get(number="1401")
    services.line_create(
        budget=budget,
        by=owner,
        account=cast,
        description="Anna",
        link={"kind": "cast", "assignment": scheduled["anna"].assignment_id},
    )
    client = client_for(owner)
    before = D(topsheet(client, budget)["grand_total"])
    loaded = client.get(f"{BASE}/stripboard/")
    body = loaded.json()
    body["days"][1]["strips"].append(body["days"][2]["strips"].pop())

    saved = client.put(f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=loaded["ETag"])

    assert saved.status_code == 200, saved.json()
    # Anna works days 1 and 2 and is no longer held on day 2: one day less, × 1,000.
    assert D(topsheet(client, budget)["grand_total"]) == before - D("1000")


def test_another_budget_keeps_its_own_sums(budget, blank, owner, line):
    client = client_for(owner)
    assert D(topsheet(client, blank)["grand_total"]) == D("0")
    assert D(topsheet(client, budget)["grand_total"]) == D("200")


def _board_line(page) -> str:
    html = page.get("/productions/long-night/schedule/").content.decode()
    return next((line for line in html.splitlines() if "This board:" in line), "").strip()


def test_the_stripboards_budget_line_follows_the_board_and_the_budgets_status(
    budget, owner, scheduled
):
    cast = budget.accounts.get(number="1401")
    services.line_create(
        budget=budget,
        by=owner,
        account=cast,
        description="Anna",
        link={"kind": "cast", "assignment": scheduled["anna"].assignment_id},
    )
    page = Client()
    page.force_login(owner)
    assert _board_line(page) == ""  # no approved budget yet
    services.budget_update(budget=budget, by=owner, status="approved")
    assert "+0.00 USD over the approved budget" in _board_line(page)
    with CaptureQueriesContext(connection) as queries:
        _board_line(page)
    assert not [q for q in queries.captured_queries if "budgets_budget" in q["sql"]]

    client = client_for(owner)
    loaded = client.get(f"{BASE}/stripboard/")
    body = loaded.json()
    body["days"][1]["strips"].append(body["days"][2]["strips"].pop())
    saved = client.put(f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=loaded["ETag"])
    assert saved.status_code == 200, saved.json()

    assert "−1,000.00 USD under the approved budget “Shooting budget”" in _board_line(page)
    services.budget_update(budget=budget, by=owner, status="draft")
    assert _board_line(page) == ""
