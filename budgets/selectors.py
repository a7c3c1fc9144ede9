"""Every non-trivial read of budgets: the topsheet, accounts, compare, the drift, the history.

Each read runs a fixed number of queries whatever the budget's size: totals are summed by the
database from the lines' stored subtotals and fringes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from budgets import arithmetic
from budgets.models import Account, Budget, BudgetChange, Category, Charge, Fringe, Global, Line
from budgets.recompute import budget_recompute
from budgets.schedule_link import schedule_facts
from productions.models import Production

ZERO = Decimal("0")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(path: str):
    return Coalesce(Sum(path), Value(ZERO), output_field=_MONEY)


def budgets_of(production: Production) -> QuerySet[Budget]:
    return Budget.objects.filter(production=production).select_related("based_on")


def budget_get(production: Production, pk) -> Budget:
    """Return one budget of the production, or 404."""
    try:
        budget = budgets_of(production).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        budget = None
    if budget is None:
        raise Http404("No budget found.")
    budget.production = production
    return budget


def approved_budget(production: Production) -> Budget | None:
    return Budget.objects.filter(production=production, status=Budget.Status.APPROVED).first()


def categories_with_totals(budget: Budget) -> QuerySet[Category]:
    return budget.categories.annotate(
        subtotal=_sum("accounts__lines__subtotal"),
        fringes=_sum("accounts__lines__fringe_total"),
        total=_sum("accounts__lines__total"),
    ).order_by("number", "pk")


def accounts_with_totals(budget: Budget) -> QuerySet[Account]:
    return (
        budget.accounts.select_related("category")
        .annotate(
            subtotal=_sum("lines__subtotal"),
            fringes=_sum("lines__fringe_total"),
            total=_sum("lines__total"),
            line_count=Count("lines"),
        )
        .order_by("number", "pk")
    )


def lines_of(budget: Budget) -> QuerySet[Line]:
    return (
        budget.lines.select_related("account", "person", "link_assignment__person")
        .prefetch_related("fringes")
        .order_by("account__number", "order", "pk")
    )


def fringes_of(budget: Budget) -> QuerySet[Fringe]:
    return budget.fringes.annotate(line_count=Count("lines")).order_by("code", "pk")


def charges_with_totals(budget: Budget, accounts: list[Account]) -> list[tuple[Charge, Decimal]]:
    """Return each contractual charge and its total, from accounts already summed."""
    totals = {a.pk: a.total for a in accounts}
    sections = {a.pk: a.category.section for a in accounts}
    result = []
    for charge in budget.charges.prefetch_related("excluded_accounts"):
        rule = arithmetic.ChargeRule(
            charge.pk,
            charge.percent,
            list(charge.sections or []),
            [a.pk for a in charge.excluded_accounts.all()],
        )
        result.append((charge, arithmetic.charge_total(rule, totals, sections)))
    return result


@dataclass
class TopsheetCategory:
    number: str
    name: str
    subtotal: Decimal
    fringes: Decimal
    total: Decimal
    pk: int = 0
    section: str = ""


@dataclass
class TopsheetSection:
    key: str
    name: str
    categories: list[TopsheetCategory] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.categories), ZERO)


@dataclass
class Topsheet:
    budget: Budget
    sections: list[TopsheetSection]
    fringes_total: Decimal
    charges: list[tuple[str, Decimal]]
    grand_total: Decimal

    @property
    def lines_total(self) -> Decimal:
        return sum((s.total for s in self.sections), ZERO)


def topsheet(budget: Budget) -> Topsheet:
    """Return the topsheet: sections → categories with subtotal, fringes and total; charges."""
    accounts = list(accounts_with_totals(budget))
    by_category: dict[int, TopsheetCategory] = {}
    for category in budget.categories.order_by("number", "pk"):
        by_category[category.pk] = TopsheetCategory(
            category.number, category.name, ZERO, ZERO, ZERO, category.pk, category.section
        )
    for account in accounts:
        row = by_category[account.category_id]
        row.subtotal += account.subtotal
        row.fringes += account.fringes
        row.total += account.total
    sections = [TopsheetSection(key, label) for key, label in Category.Section.choices]
    index = {s.key: s for s in sections}
    for row in by_category.values():
        index[row.section].categories.append(row)
    charges = [(c.name, total) for c, total in charges_with_totals(budget, accounts)]
    fringes_total = sum((a.fringes for a in accounts), ZERO)
    lines_total = sum((a.total for a in accounts), ZERO)
    grand = lines_total + sum((t for _, t in charges), ZERO)
    return Topsheet(budget, sections, fringes_total, charges, grand)


def globals_of(budget: Budget) -> list[dict]:
    """Return the schedule's read-only globals, then the budget's own, with their sources."""
    facts = schedule_facts(budget.production)
    rows = [
        {
            "id": None,
            "name": g.name,
            "formula": str(g.value),
            "value": g.value,
            "source": g.source,
            "description": "",
        }
        for g in facts.globals.values()
    ]
    for item in Global.objects.filter(budget=budget).order_by("name"):
        rows.append(
            {
                "id": item.pk,
                "name": item.name,
                "formula": item.formula,
                "value": item.value,
                "source": None,
                "description": item.description,
                "object": item,
            }
        )
    return rows


@dataclass
class CompareRow:
    number: str
    name: str
    this: Decimal
    other: Decimal

    @property
    def difference(self) -> Decimal:
        return self.this - self.other


def compare(budget: Budget, other: Budget) -> tuple[list[CompareRow], CompareRow]:
    """Return every account of either budget side by side, and the grand totals."""
    mine = {a.number: a for a in accounts_with_totals(budget)}
    theirs = {a.number: a for a in accounts_with_totals(other)}
    rows = []
    for number in sorted(set(mine) | set(theirs)):
        a, b = mine.get(number), theirs.get(number)
        rows.append(
            CompareRow(number, (a or b).name, a.total if a else ZERO, b.total if b else ZERO)
        )
    return rows, CompareRow("", "Grand total", budget.grand_total, other.grand_total)


def drift(budget: Budget) -> Decimal:
    """Return how far the schedule today would move this budget's grand total."""
    return budget_recompute(budget, save=False) - budget.grand_total


def changes_of(budget: Budget, limit: int = 20) -> list[BudgetChange]:
    return list(budget.changes.select_related("user").order_by("-created_at", "-pk")[:limit])


def board_summary(production: Production, membership) -> str:
    """Return the stripboard's line about the approved budget, for those who see money."""
    if membership is None or not membership.can_see_money:
        return ""
    approved = approved_budget(production)
    if approved is None:
        return ""
    # Stored at each board save (budgets_follow_schedule): this page is read far more often.
    change = (approved.schedule_total or approved.grand_total) - approved.grand_total
    sign = "+" if change >= 0 else "−"
    word = "over" if change >= 0 else "under"
    return (
        f"This board: {sign}{abs(change):,.2f} {approved.currency} {word} "
        f"the approved budget “{approved.name}”"
    )
