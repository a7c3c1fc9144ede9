"""The budget API as the contract states it: shapes, formulas, lock (409), compare, refusals."""

from decimal import Decimal as D

import pytest

from budgets.models import Line
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/productions/long-night"


@pytest.fixture
def client(accountant):
    return client_for(accountant)


@pytest.fixture
def made(client, production):
    response = client.post(
        f"{API}/budgets/", {"name": "Shooting", "template": "feature"}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_budget_is_created_from_a_template_and_listed(client, made):
    assert made["status"] == "draft" and made["grand_total"] == "0.00"
    assert made["based_on"] is None and made["currency"] == "USD"
    listed = client.get(f"{API}/budgets/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == made["id"]


def test_lines_take_numbers_or_formulas_and_answer_both(client, made, scheduled):
    base = f"{API}/budgets/{made['id']}"
    fringe = next(f for f in client.get(f"{base}/fringes/").json()["results"] if f["code"] == "MED")
    response = client.post(
        f"{base}/lines/",
        {
            "account": _account(client, base, "3301"),
            "description": "DP",
            "amount": "SHOOT_DAYS + 2",
            "unit": "day",
            "x": 1,
            "rate": "1000.005",
            "fringes": [fringe["id"]],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    line = response.json()
    assert line["amount"] == "5.0000" and line["amount_formula"] == "SHOOT_DAYS + 2"
    assert line["rate_formula"] == "" and line["subtotal"] == "5000.03"  # 5000.025 half-up
    assert line["fringe_total"] == "72.50" and line["total"] == "5072.53"
    assert line["link"] is None
    sheet = client.get(base + "/").json()
    production = next(s for s in sheet["sections"] if s["name"] == "production")
    camera = next(c for c in production["categories"] if c["number"] == "3300")
    assert camera == {
        "number": "3300",
        "name": "Camera",
        "subtotal": "5000.03",
        "fringes": "72.50",
        "total": "5072.53",
    }
    assert sheet["grand_total"] == "5072.53" and sheet["fringes_total"] == "72.50"


def _account(client, base, number):
    for page in range(1, 5):
        for account in client.get(f"{base}/accounts/?page={page}").json()["results"]:
            if account["number"] == number:
                return account["id"]
    raise AssertionError(number)


def test_a_bad_formula_is_400_in_words_and_saves_nothing(client, made):
    base = f"{API}/budgets/{made['id']}"
    response = client.post(
        f"{base}/lines/",
        {"account": _account(client, base, "3301"), "amount": "SHOOT_DAYS +", "rate": "1"},
        format="json",
    )
    assert response.status_code == 400
    assert "breaks at character" in response.json()["message"]
    assert "amount" in response.json()["errors"]
    assert not Line.objects.exists()


def test_globals_list_the_schedules_read_only_ones_with_their_source(client, made, scheduled):
    base = f"{API}/budgets/{made['id']}"
    created = client.post(
        f"{base}/globals/", {"name": "WEEKS", "formula": "SHOOT_DAYS / 3"}, format="json"
    )
    assert created.status_code == 201 and created.json()["value"] == "1.0000"
    rows = {g["name"]: g for g in client.get(f"{base}/globals/").json()["results"]}
    assert rows["SHOOT_DAYS"]["value"] == "3.0000" and rows["SHOOT_DAYS"]["id"] is None
    assert "active schedule" in rows["SHOOT_DAYS"]["source"]
    assert rows["WEEKS"]["source"] is None
    refused = client.post(f"{base}/globals/", {"name": "SHOOT_DAYS", "formula": "9"}, format="json")
    assert refused.status_code == 400 and "read-only" in refused.json()["message"]


def test_a_locked_budget_answers_409_to_every_change(client, made):
    base = f"{API}/budgets/{made['id']}"
    account = _account(client, base, "3301")
    assert client.patch(base + "/", {"status": "locked"}, format="json").status_code == 200
    changes = [
        client.post(
            f"{base}/lines/", {"account": account, "amount": "1", "rate": "1"}, format="json"
        ),
        client.post(f"{base}/categories/", {"number": "9900", "name": "X"}, format="json"),
        client.patch(f"{base}/accounts/{account}/", {"name": "Renamed"}, format="json"),
        client.post(f"{base}/fringes/", {"code": "X", "name": "X", "rate": "1"}, format="json"),
        client.post(f"{base}/globals/", {"name": "X", "formula": "1"}, format="json"),
        client.post(f"{base}/charges/", {"name": "Bond", "percent": "2"}, format="json"),
        client.patch(base + "/", {"name": "Renamed"}, format="json"),
        client.delete(base + "/"),
    ]
    for response in changes:
        assert response.status_code == 409, response.json()
        assert "locked" in response.json()["message"]
    assert client.patch(base + "/", {"status": "draft"}, format="json").status_code == 200


def test_copy_and_compare_per_account_with_the_difference(client, made):
    base = f"{API}/budgets/{made['id']}"
    client.post(
        f"{base}/lines/",
        {"account": _account(client, base, "3301"), "amount": "20", "rate": "100"},
        format="json",
    )
    copy = client.post(
        f"{API}/budgets/", {"name": "22 days", "based_on": made["id"]}, format="json"
    ).json()
    assert copy["based_on"] == made["id"] and copy["grand_total"] == "2000.00"
    other = f"{API}/budgets/{copy['id']}"
    line = client.get(f"{other}/lines/").json()["results"][0]
    client.patch(f"{other}/lines/{line['id']}/", {"amount": "22"}, format="json")
    compared = client.get(f"{base}/compare/?with={copy['id']}").json()
    row = next(a for a in compared["accounts"] if a["number"] == "3301")
    assert row == {
        "number": "3301",
        "name": "Camera crew",
        "this": "2000.00",
        "other": "2200.00",
        "difference": "-200.00",
    }
    assert compared["grand_total"] == {
        "this": "2000.00",
        "other": "2200.00",
        "difference": "-200.00",
    }
    assert client.get(f"{base}/compare/").status_code == 400
    assert client.get(f"{base}/compare/?with=999999").status_code == 404


def test_categories_and_accounts_are_removed_only_when_empty(client, made):
    base = f"{API}/budgets/{made['id']}"
    category = client.post(
        f"{base}/categories/",
        {"number": "9900", "name": "Extra", "section": "other"},
        format="json",
    ).json()
    account = client.post(
        f"{base}/accounts/", {"number": "9901", "name": "Misc", "category": "9900"}, format="json"
    ).json()
    assert account["category"] == "9900" and account["total"] == "0.00"
    client.post(
        f"{base}/lines/", {"account": account["id"], "amount": "1", "rate": "1"}, format="json"
    )
    assert client.delete(f"{base}/accounts/{account['id']}/").status_code == 409
    assert client.delete(f"{base}/categories/{category['id']}/").status_code == 409
    bad = client.post(
        f"{base}/accounts/", {"number": "9902", "name": "x", "category": "12"}, format="json"
    )
    assert bad.status_code == 400 and "no category 12" in bad.json()["message"]


def test_charges_answer_their_total(client, made):
    base = f"{API}/budgets/{made['id']}"
    client.post(
        f"{base}/lines/",
        {"account": _account(client, base, "3301"), "amount": "10", "rate": "100"},
        format="json",
    )
    response = client.post(
        f"{base}/charges/",
        {
            "name": "Contingency",
            "percent": "10",
            "sections": ["production"],
            "excluded_accounts": [],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["total"] == "100.00"
    sheet = client.get(base + "/").json()
    assert sheet["charges"] == [{"name": "Contingency", "total": "100.00"}]
    assert sheet["grand_total"] == "1100.00"
    assert D(sheet["grand_total"]) == D("1100")
