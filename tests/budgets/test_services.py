"""Budget services: templates, formulas over globals, refusals that save nothing, versions."""

from decimal import Decimal as D

import pytest

from budgets import selectors, services
from budgets.models import Budget, BudgetChange, Global, Line
from core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_a_feature_budget_starts_from_the_standard_chart_with_example_fringes(budget):
    numbers = set(budget.categories.values_list("number", flat=True))
    assert {"1100", "1400", "3300", "3500", "5000", "6700", "7500"} <= numbers
    assert budget.categories.get(number="1400").section == "above_the_line"
    sag = budget.fringes.get(code="SAG")
    assert (sag.rate, sag.cutoff) == (D("21"), D("232000"))
    assert "example" in sag.name


def test_a_line_formula_over_nested_globals_is_evaluated_and_kept(budget, owner, scheduled):
    services.global_create(budget=budget, by=owner, name="PREP", formula="2")
    services.global_create(budget=budget, by=owner, name="DAYS", formula="SHOOT_DAYS + PREP")
    account = budget.accounts.get(number="3301")
    line = services.line_create(
        budget=budget,
        by=owner,
        account=account,
        description="DP",
        amount="DAYS * 1.5",
        unit="day",
        rate="800",
    )
    assert (line.amount, line.amount_formula) == (D("7.5"), "DAYS * 1.5")  # (3 + 2) × 1.5
    assert line.subtotal == D("6000.00")
    budget.refresh_from_db()
    assert budget.grand_total == D("6000.00")


def test_an_unknown_name_is_refused_in_words_and_nothing_is_saved(budget, owner):
    account = budget.accounts.get(number="3301")
    before = BudgetChange.objects.count()
    with pytest.raises(ApplicationError) as error:
        services.line_create(budget=budget, by=owner, account=account, amount="CAMREA_DAYS")
    assert "unknown name CAMREA_DAYS" in error.value.message
    assert not Line.objects.filter(budget=budget).exists()
    assert BudgetChange.objects.count() == before


def test_a_cycle_of_globals_is_refused_and_nothing_is_saved(budget, owner):
    services.global_create(budget=budget, by=owner, name="A", formula="2")
    services.global_create(budget=budget, by=owner, name="B", formula="A * 2")
    item = Global.objects.get(budget=budget, name="A")
    with pytest.raises(ApplicationError) as error:
        services.global_update(item=item, by=owner, formula="B + 1")
    assert "circle" in error.value.message
    item.refresh_from_db()
    assert item.formula == "2"


def test_a_schedule_global_cannot_be_redefined(budget, owner):
    with pytest.raises(ApplicationError) as error:
        services.global_create(budget=budget, by=owner, name="SHOOT_DAYS", formula="30")
    assert "read-only" in error.value.message


def test_contractual_charges_show_on_the_topsheet(budget, owner):
    cam = budget.accounts.get(number="3301")
    edit = budget.accounts.get(number="5001")
    services.line_create(budget=budget, by=owner, account=cam, amount="10", rate="1000")
    services.line_create(budget=budget, by=owner, account=edit, amount="10", rate="500")
    services.charge_create(
        budget=budget,
        by=owner,
        name="Contingency",
        percent=D("10"),
        sections=["production", "post"],
        excluded_accounts=[edit],
    )
    sheet = selectors.topsheet(budget)
    assert sheet.charges == [("Contingency", D("1000.00"))]
    assert sheet.grand_total == D("16000.00")
    budget.refresh_from_db()
    assert budget.grand_total == D("16000.00")


def test_a_locked_budget_refuses_every_change_with_409(budget, owner):
    account = budget.accounts.get(number="3301")
    services.budget_update(budget=budget, by=owner, status="locked")
    with pytest.raises(ApplicationError) as error:
        services.line_create(budget=budget, by=owner, account=account, amount="1", rate="1")
    assert error.value.status_code == 409
    services.budget_update(budget=budget, by=owner, status="draft")
    services.line_create(budget=budget, by=owner, account=account, amount="1", rate="1")


def test_copying_a_version_keeps_everything_and_approving_one_demotes_the_other(
    budget, owner, production
):
    account = budget.accounts.get(number="3301")
    line = services.line_create(
        budget=budget,
        by=owner,
        account=account,
        amount="SHOOT_DAYS + 20",
        rate="100",
        fringes=[budget.fringes.get(code="FICA")],
    )
    services.budget_update(budget=budget, by=owner, status="approved")
    copy = services.budget_create(production=production, by=owner, name="22 days", based_on=budget)
    assert copy.based_on == budget and copy.status == "draft"
    copied = copy.lines.get()
    assert copied.amount_formula == line.amount_formula
    assert copied.fringes.get().budget == copy
    assert copy.grand_total == budget.grand_total
    services.budget_update(budget=copy, by=owner, status="approved")
    budget.refresh_from_db()
    assert budget.status == Budget.Status.LOCKED
    assert selectors.approved_budget(production) == copy


def test_every_change_is_recorded_with_who_and_announced(
    budget, owner, django_capture_on_commit_callbacks
):
    from core import events

    seen = []
    events.subscribe(lambda pid, event, payload: seen.append(event))
    account = budget.accounts.get(number="3301")
    with django_capture_on_commit_callbacks(execute=True):
        services.line_create(budget=budget, by=owner, account=account, amount="2", rate="3")
    change = budget.changes.first()
    assert change.user == owner and "3301" in change.summary
    assert "budget.changed" in seen
