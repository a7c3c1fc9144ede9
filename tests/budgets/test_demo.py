"""The demo: The Long Night has an approved budget on its schedule, actuals and a revised EFC."""

from datetime import date

import pytest
from django.contrib.auth import authenticate

from budgets.cost_selectors import cost_report
from budgets.models import Budget, Cost
from crew import services as crew_services
from demo import seed
from demo.breakdown import demo_breakdown_seed
from demo.budget import demo_budget_seed
from demo.schedule import demo_schedule_seed
from productions import services as production_services
from productions.models import Membership

pytestmark = pytest.mark.django_db


def _demo_production():
    """The demo's production, staff, breakdown and schedule: what the budget is built on."""
    crew_services.departments_ensure_standard()
    owner = seed._user("producer", "Marcus", "Webb", "marcus.webb@longnight.example")
    crew_user = seed._user("crew", "Finn", "Fontaine", "crew@longnight.example")
    production = seed._production(owner)
    if not production.memberships.filter(user=owner).exists():
        production_services.membership_add(
            production=production, user=owner, access=Membership.Access.OWNER, by=owner
        )
    seed._staff(production, owner, crew_user)
    demo_breakdown_seed(production, owner)
    demo_schedule_seed(production, owner)
    return production


def test_the_demo_budget_is_built_on_the_schedule_once():
    production = _demo_production()
    demo_budget_seed(production)
    budget = Budget.objects.get(production=production, name="Shooting budget")
    assert budget.status == "approved" and budget.grand_total > 0
    cast = budget.lines.filter(link_kind="cast")
    assert cast.count() >= 8 and all(line.amount > 0 for line in cast)
    assert budget.copies.get().status == "draft"
    user = authenticate(username="accountant", password="studio-demo")
    assert production.memberships.get(user=user).access == Membership.Access.ACCOUNTANT
    report = cost_report(budget, date(2027, 1, 31))
    transport = next(row for row in report.rows if row.number == "3502")
    assert transport.etc_entered and "storm" in transport.etc_reason
    assert report.total("actual_to_date") > 0 and report.total("open_pos") > 0

    counts = (Budget.objects.count(), Cost.objects.count(), budget.lines.count())
    demo_budget_seed(production)
    assert (Budget.objects.count(), Cost.objects.count(), budget.lines.count()) == counts
