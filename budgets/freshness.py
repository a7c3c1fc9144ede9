"""What makes a budget's cached reads stale: a generation of the budget's own.

It moves whenever a row of the budget is saved or deleted (the receivers below) and whenever
``budget_recompute`` writes new totals with bulk updates, which send no signals. Kept apart from
the cached reads (``topsheet_cache``) so that ``recompute`` can use it without a cycle.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from budgets.models import Account, Budget, Category, Charge, Fringe, Global, Line
from core import read_cache


def generation_id(budget_id: int) -> str:
    return f"budget-{budget_id}"


def budget_expire(budget_id: int) -> None:
    """Stop serving the budget's cached reads: now and after the transaction commits."""
    read_cache.expire(generation_id(budget_id))


def _budget_of(instance) -> int | None:
    if isinstance(instance, Budget):
        return instance.pk
    return getattr(instance, "budget_id", None)


def _expire_on_change(sender, instance, **kwargs) -> None:
    budget_id = _budget_of(instance)
    if budget_id is not None:
        budget_expire(budget_id)


def _expire_on_links(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _expire_on_change(sender, instance)


WATCHED = (Budget, Category, Account, Fringe, Line, Global, Charge)


def receivers_connect() -> None:
    """Expire a budget's cached reads whenever one of its rows is saved or deleted."""
    for model in WATCHED:
        for signal in (post_save, post_delete):
            signal.connect(
                _expire_on_change, sender=model, dispatch_uid=f"budget-reads-{model.__name__}"
            )
    for links in (Line.fringes.through, Charge.excluded_accounts.through):
        m2m_changed.connect(
            _expire_on_links, sender=links, dispatch_uid=f"budget-reads-{links.__name__}"
        )
