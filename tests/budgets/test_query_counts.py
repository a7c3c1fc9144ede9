"""Query counts of the budget's pages and endpoints hold at two sizes of budget."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budgets import cost_services, services
from budgets.models import Line
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/productions/long-night"
PAGES = "/productions/long-night/budgets"


def _grow(budget, production, owner, lines: int) -> None:
    accounts = list(budget.accounts.order_by("number"))
    fringes = list(budget.fringes.all()[:2])
    made = Line.objects.bulk_create(
        Line(
            budget=budget,
            account=accounts[i % len(accounts)],
            order=i,
            description=f"L{i}",
            amount=i + 1,
            x=1,
            rate=10,
        )
        for i in range(lines)
    )
    Line.fringes.through.objects.bulk_create(
        Line.fringes.through(line_id=line.pk, fringe_id=f.pk) for line in made for f in fringes
    )
    for i in range(lines // 5):
        cost_services.cost_create(
            production=production,
            by=owner,
            account_number=accounts[i % len(accounts)].number,
            date="2026-03-02",
            kind="invoice",
            amount=10,
        )
    services.charge_create(
        budget=budget,
        by=owner,
        name=f"Bond {lines}",
        percent=1,
        sections=["production"],
        excluded_accounts=accounts[:2],
    )
    services.line_update(line=made[0], by=owner, amount="2")  # recompute the totals


def _paths(budget):
    account = budget.accounts.order_by("number").first()  # lines at both sizes
    return {
        "api_topsheet": f"{API}/budgets/{budget.pk}/",
        "api_budgets": f"{API}/budgets/",
        "api_accounts": f"{API}/budgets/{budget.pk}/accounts/",
        "api_categories": f"{API}/budgets/{budget.pk}/categories/",
        "api_lines": f"{API}/budgets/{budget.pk}/lines/",
        "api_costs": f"{API}/costs/",
        "api_cost_report": f"{API}/budgets/{budget.pk}/cost-report/?through=2026-03-31",
        "page_topsheet": f"{PAGES}/{budget.pk}/",
        "page_accounts": f"{PAGES}/{budget.pk}/accounts/",
        "page_account": f"{PAGES}/{budget.pk}/accounts/{account.pk}/",
        "page_cost_report": f"{PAGES}/{budget.pk}/cost-report/?through=2026-03-31",
        "page_list": f"{PAGES}/",
    }


def _counts(budget, owner) -> dict:
    api, page = client_for(owner), Client()
    page.force_login(owner)
    paths = _paths(budget)
    # The production and the membership are cached after a first request (productions.access):
    # open the production once with each client, so both sizes count the same warm requests.
    api.get(paths["api_topsheet"])
    page.get(paths["page_topsheet"])
    counts = {}
    for name, path in paths.items():
        client = api if name.startswith("api") else page
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[name] = len(captured)
    return counts


def test_budget_pages_and_endpoints_run_the_same_queries_at_two_sizes(
    budget, owner, production, django_assert_num_queries
):
    _grow(budget, production, owner, 10)
    small = _counts(budget, owner)
    _grow(budget, production, owner, 200)
    large = _counts(budget, owner)
    assert small == large
    api = client_for(owner)
    for name, path in _paths(budget).items():
        if name.startswith("api"):
            with django_assert_num_queries(large[name]):
                api.get(path)
    assert large["api_topsheet"] <= 12, large
