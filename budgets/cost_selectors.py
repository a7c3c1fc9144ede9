"""The cost report: per account, budget against actuals, open POs, ETC and EFC.

Actuals are in the production's currency: amount × exchange rate, rounded half-up at each cost.
Through a date: ``actual_to_date`` is every invoice, timecard, petty cash and card spend up to
it (and closed POs count nowhere: their invoices do); ``period`` is the part of it in the seven
days ending on that date; ``open_pos`` the POs not yet invoiced; ``etc`` the newest entered
estimate to complete, or budget − committed (never below zero); ``efc`` = actual_to_date +
open_pos + etc and ``variance`` = budget − efc. Five queries whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from budgets.arithmetic import cents
from budgets.models import Budget, Cost, EstimateToComplete
from budgets.selectors import accounts_with_totals

ZERO = Decimal("0")
KEYS = ("budget", "actual_to_date", "period", "open_pos", "etc", "efc", "variance")


def costs_of(production) -> QuerySet[Cost]:
    return Cost.objects.filter(production=production).order_by("-date", "-pk")


@dataclass
class CostRow:
    number: str
    name: str
    category: str
    budget: Decimal = ZERO
    actual_to_date: Decimal = ZERO
    period: Decimal = ZERO
    open_pos: Decimal = ZERO
    etc: Decimal = ZERO
    etc_reason: str = ""
    etc_entered: bool = False
    account_id: int | None = None

    @property
    def efc(self) -> Decimal:
        return self.actual_to_date + self.open_pos + self.etc

    @property
    def variance(self) -> Decimal:
        return self.budget - self.efc

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "name": self.name,
            **{key: str(getattr(self, key)) for key in KEYS},
        }


@dataclass
class CostReport:
    through: date
    rows: list[CostRow]
    weeks: list[tuple[date, Decimal]] = field(default_factory=list)
    by_category: list[dict] = field(default_factory=list)

    def total(self, key: str) -> Decimal:
        return sum((getattr(row, key) for row in self.rows), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        return {key: self.total(key) for key in KEYS}


def cost_report(budget: Budget, through: date) -> CostReport:
    """Return the cost report of ``budget`` through ``through``."""
    period_start = through - timedelta(days=6)
    rows: dict[str, CostRow] = {}
    for account in accounts_with_totals(budget):
        rows[account.number] = CostRow(
            account.number,
            account.name,
            f"{account.category.number} {account.category.name}",
            budget=account.total,
            account_id=account.pk,
        )
    weeks: dict[date, Decimal] = {}
    costs = Cost.objects.filter(production_id=budget.production_id, date__lte=through)
    for number, kind, is_open, day, amount, rate in costs.values_list(
        "account_number", "kind", "open", "date", "amount", "exchange_rate"
    ):
        row = rows.get(number)
        if row is None:
            row = rows[number] = CostRow(number, "(not in this budget)", "")
        value = cents(amount * rate)
        if kind == Cost.Kind.PO:
            if is_open:
                row.open_pos += value
            continue
        row.actual_to_date += value
        if day >= period_start:
            row.period += value
        week = day - timedelta(days=day.weekday())
        weeks[week] = weeks.get(week, ZERO) + value
    latest: dict[int, EstimateToComplete] = {}
    entries = EstimateToComplete.objects.filter(budget=budget).order_by("created_at", "pk")
    for entry in entries:
        latest[entry.account_id] = entry
    for row in rows.values():
        entry = latest.get(row.account_id)
        if entry is not None:
            row.etc, row.etc_reason, row.etc_entered = entry.amount, entry.reason, True
        else:
            row.etc = max(row.budget - row.actual_to_date - row.open_pos, ZERO)
    ordered = sorted(rows.values(), key=lambda r: r.number)
    categories: dict[str, dict] = {}
    for row in ordered:
        if not row.category:
            continue
        entry = categories.setdefault(
            row.category, {"name": row.category, "budget": ZERO, "efc": ZERO}
        )
        entry["budget"] += row.budget
        entry["efc"] += row.efc
    return CostReport(through, ordered, sorted(weeks.items()), list(categories.values()))


def etc_history(budget: Budget, limit: int = 50) -> list[EstimateToComplete]:
    return list(
        EstimateToComplete.objects.filter(budget=budget)
        .select_related("account", "created_by")
        .order_by("-created_at", "-pk")[:limit]
    )
