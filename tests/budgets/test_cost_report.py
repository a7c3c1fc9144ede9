"""The cost report: actuals, open POs, ETC (entered with a reason, or not), EFC, variance."""

from datetime import date
from decimal import Decimal as D

import pytest

from budgets import cost_services, services
from budgets.cost_selectors import cost_report
from core.exceptions import ApplicationError
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/productions/long-night"


@pytest.fixture
def costed(budget, owner, production):
    cam = budget.accounts.get(number="3301")
    services.line_create(budget=budget, by=owner, account=cam, amount="10", rate="1000")
    add = lambda **f: cost_services.cost_create(production=production, by=owner, **f)  # noqa: E731
    add(account_number="3301", date=date(2026, 3, 2), kind="invoice", amount=D("2000"))
    add(account_number="3301", date=date(2026, 3, 10), kind="timecard", amount=D("1500"))
    add(
        account_number="3301",
        date=date(2026, 3, 12),
        kind="card",
        amount=D("100"),
        currency="EUR",
        exchange_rate=D("1.085"),
    )  # 108.50
    add(account_number="3301", date=date(2026, 3, 11), kind="po", amount=D("3000"), open=True)
    add(account_number="3301", date=date(2026, 3, 1), kind="po", amount=D("900"), open=False)
    add(account_number="3301", date=date(2026, 4, 1), kind="invoice", amount=D("5000"))  # later
    return budget


def test_per_account_budget_actuals_period_open_pos_etc_efc_and_variance(costed):
    row = next(r for r in cost_report(costed, date(2026, 3, 14)).rows if r.number == "3301")
    assert row.budget == D("10000.00")
    assert row.actual_to_date == D("3608.50")
    assert row.period == D("1608.50")  # 8–14 March
    assert row.open_pos == D("3000.00")
    assert row.etc == D("3391.50")  # budget − committed
    assert row.efc == D("10000.00") and row.variance == D("0.00")


def test_an_entered_etc_needs_a_reason_and_moves_efc_and_variance(costed, owner):
    account = costed.accounts.get(number="3301")
    with pytest.raises(ApplicationError):
        cost_services.etc_set(
            budget=costed, account=account, by=owner, amount=D("5000"), reason=" "
        )
    cost_services.etc_set(
        budget=costed,
        account=account,
        by=owner,
        amount=D("5000"),
        reason="Second unit added for the storm",
    )
    row = next(r for r in cost_report(costed, date(2026, 3, 14)).rows if r.number == "3301")
    assert row.etc == D("5000") and row.efc == D("11608.50")
    assert row.variance == D("-1608.50")
    assert costed.changes.first().summary.endswith("Second unit added for the storm")


def test_the_cost_report_api_answers_the_contract_shape(costed, owner):
    client = client_for(owner)
    response = client.get(f"{API}/budgets/{costed.pk}/cost-report/?through=2026-03-14")
    assert response.status_code == 200
    body = response.json()
    row = next(r for r in body["accounts"] if r["number"] == "3301")
    assert row == {
        "number": "3301",
        "name": "Camera crew",
        "budget": "10000.00",
        "actual_to_date": "3608.50",
        "period": "1608.50",
        "open_pos": "3000.00",
        "etc": "3391.50",
        "efc": "10000.00",
        "variance": "0.00",
    }
    assert body["totals"]["efc"] == "10000.00" and body["through"] == "2026-03-14"
    bad = client.get(f"{API}/budgets/{costed.pk}/cost-report/?through=soon")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["message"]


def test_costs_api_records_an_actual_and_refuses_an_open_invoice(budget, owner):
    client = client_for(owner)
    ok = client.post(
        f"{API}/costs/",
        {
            "account": "3301",
            "date": "2026-03-02",
            "kind": "po",
            "vendor": "Panavision",
            "reference": "PO-1",
            "amount": "1200.00",
            "open": True,
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["account"] == "3301" and ok.json()["exchange_rate"] == "1.000000"
    bad = client.post(
        f"{API}/costs/",
        {"account": "3301", "date": "2026-03-02", "kind": "invoice", "amount": "1", "open": True},
        format="json",
    )
    assert bad.status_code == 400 and "Only a purchase order" in bad.json()["message"]
    etc = client.post(
        f"{API}/budgets/{budget.pk}/etc/",
        {"account": "3301", "amount": "10.00", "reason": "Fewer days"},
        format="json",
    )
    assert etc.status_code == 201
