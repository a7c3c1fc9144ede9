"""Writes of the cost report: actuals (costs) and estimates to complete, with the history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from budgets.models import Account, Budget, Cost, EstimateToComplete
from budgets.services import record_change
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Production

COST_FIELDS = (
    "account_number",
    "date",
    "kind",
    "vendor",
    "reference",
    "description",
    "amount",
    "currency",
    "exchange_rate",
    "open",
)


def _clean(cost: Cost) -> None:
    cost.currency = (cost.currency or "").upper()
    if cost.open and cost.kind != Cost.Kind.PO:
        raise ApplicationError(
            "Only a purchase order can be open.",
            errors={"open": ["Only a PO is open until invoiced."]},
        )


@transaction.atomic
def cost_create(*, production: Production, by, **fields: Any) -> Cost:
    """Record an actual against an account number of the production's budgets."""
    cost = Cost(production=production, **{k: v for k, v in fields.items() if k in COST_FIELDS})
    _clean(cost)
    save_validated(cost)
    record_change(
        budget=None,
        production=production,
        by=by,
        summary=f"Recorded {cost.get_kind_display()} {cost.reference} "
        f"{cost.amount} on {cost.account_number}",
    )
    return cost


@transaction.atomic
def cost_update(*, cost: Cost, by, **fields: Any) -> Cost:
    for key, value in fields.items():
        if key in COST_FIELDS:
            setattr(cost, key, value)
    _clean(cost)
    save_validated(cost)
    record_change(
        budget=None,
        production=cost.production,
        by=by,
        summary=f"Changed {cost.get_kind_display()} {cost.reference or cost.pk}",
    )
    return cost


@transaction.atomic
def cost_delete(*, cost: Cost, by) -> None:
    production, label = cost.production, f"{cost.get_kind_display()} {cost.reference or cost.pk}"
    cost.delete()
    record_change(budget=None, production=production, by=by, summary=f"Removed {label}")


@transaction.atomic
def etc_set(
    *, budget: Budget, account: Account, by, amount: Decimal, reason: str
) -> EstimateToComplete:
    """Enter a new estimate to complete for an account, with the reason for the change."""
    if account.budget_id != budget.pk:
        raise ApplicationError(
            "That account is in another budget.", errors={"account": ["Not in this budget."]}
        )
    if not (reason or "").strip():
        raise ApplicationError(
            "Say why the estimate to complete changes.",
            errors={"reason": ["A reason is required."]},
        )
    if amount is None or Decimal(amount) < 0:
        raise ApplicationError(
            "An estimate to complete cannot be negative.",
            errors={"amount": ["Cannot be negative."]},
        )
    entry = save_validated(
        EstimateToComplete(
            budget=budget,
            account=account,
            amount=amount,
            reason=reason.strip(),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
    )
    record_change(
        budget=budget,
        production=budget.production,
        by=by,
        summary=f"ETC of {account.number} set to {amount}: {reason.strip()}"[:300],
    )
    return entry
