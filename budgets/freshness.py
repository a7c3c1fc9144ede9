"""What makes a budget's cached reads stale: a generation of the budget's own.

It moves whenever a row of the budget is saved or deleted (the receivers below) and whenever
``budget_recompute`` writes new totals with bulk updates, which send no signals. Kept apart from
the cached reads (``topsheet_cache``) so that ``recompute`` can use it without a cycle.
"""

from __future__ import annotations

from budgets.models import Account, Budget, Category, Charge, Fringe, Global, Line
from core import read_cache


def generation_id(budget_id: int) -> str:
    return f"budget-{budget_id}"


def production_generation_id(production_id: int) -> str:
    """The generation of what a production shows of its budgets (the stripboard's line)."""
    return f"budgets-of-{production_id}"


def budget_expire(budget_id: int, production_id: int | None = None) -> None:
    """Stop serving the budget's cached reads (and, given its production, the production's
    reads of its budgets): now and after the transaction commits."""
    read_cache.expire(generation_id(budget_id))
    if production_id is not None:
        read_cache.expire(production_generation_id(production_id))


def _expire_on_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, Budget):
        budget_expire(instance.pk, instance.production_id)
    elif getattr(instance, "budget_id", None) is not None:
        budget_expire(instance.budget_id)


WATCHED = (Budget, Category, Account, Fringe, Line, Global, Charge)


def receivers_connect() -> None:
    """Expire a budget's cached reads whenever one of its rows is saved or deleted."""
    read_cache.expire_on_writes(
        _expire_on_change,
        WATCHED,
        uid="budget-reads",
        links=(Line.fringes.through, Charge.excluded_accounts.through),
    )
