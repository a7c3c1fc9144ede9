"""Recompute a budget: globals, formulas, linked lines, fringes, totals, charges.

One pass over the budget's lines as plain values (two queries), then a bulk update of only the
lines whose numbers changed, so a strip move that changes 40 cast lines writes 40 rows. Called
by every service that changes a budget, inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgets import arithmetic, formulas
from budgets.models import Account, Budget, Charge, Fringe, Global, Line
from budgets.schedule_link import ScheduleFacts, linked_values, schedule_facts

ZERO = Decimal("0")
_LINE_FIELDS = (
    "pk",
    "account_id",
    "amount_formula",
    "amount",
    "x_formula",
    "x",
    "rate_formula",
    "rate",
    "person_id",
    "link_kind",
    "link_assignment_id",
    "subtotal",
    "fringe_total",
    "total",
)


@dataclass
class _Row:
    pk: int
    account_id: int
    amount_formula: str
    amount: Decimal
    x_formula: str
    x: Decimal
    rate_formula: str
    rate: Decimal
    person_id: int | None
    link_kind: str
    link_assignment_id: int | None
    subtotal: Decimal
    fringe_total: Decimal
    total: Decimal


def global_values(
    budget: Budget, facts: ScheduleFacts, *, strict: bool = True, save: bool = True
) -> dict:
    """Evaluate the budget's own globals over the schedule's; store changed values."""
    own = list(Global.objects.filter(budget=budget))
    try:
        values = formulas.evaluate_globals({g.name: g.formula for g in own}, facts.names)
    except formulas.FormulaError:
        if strict:
            raise
        # A schedule global that disappeared (a location no longer shot) must not stop a board
        # save: keep the last values the budget had.
        values = dict(facts.names) | {g.name: g.value for g in own}
    changed = []
    for item in own:
        if values[item.name] != item.value:
            item.value = values[item.name]
            changed.append(item)
    if save:
        Global.objects.bulk_update(changed, ["value"])
    return values


def _evaluate(row: _Row, names: dict, strict: bool) -> None:
    for cell in ("amount", "x", "rate"):
        text = getattr(row, f"{cell}_formula")
        if not text:
            continue
        try:
            setattr(row, cell, formulas.evaluate(text, names))
        except formulas.FormulaError:
            if strict:
                raise


def budget_recompute(
    budget: Budget,
    *,
    facts: ScheduleFacts | None = None,
    strict: bool = False,
    save: bool = True,
) -> Decimal:
    """Recompute every line and the grand total of ``budget``; return the grand total.

    ``strict`` re-raises a formula that no longer evaluates (a user's edit must be refused);
    otherwise such a cell keeps its last value. ``save=False`` only answers what the total
    would be on today's schedule: how far a locked budget has drifted.
    """
    facts = facts or schedule_facts(budget.production)
    names = global_values(budget, facts, strict=strict, save=save)
    rows = [
        _Row(*values)
        for values in Line.objects.filter(budget=budget)
        .values_list(*_LINE_FIELDS)
        .order_by("account__number", "order", "pk")
    ]
    through = Line.fringes.through.objects.filter(line__budget=budget)
    fringe_ids: dict[int, list[int]] = {}
    for line_id, fringe_id in through.values_list("line_id", "fringe_id").order_by("fringe_id"):
        fringe_ids.setdefault(line_id, []).append(fringe_id)
    rules = {
        f.pk: arithmetic.FringeRule(f.pk, f.kind, f.rate, f.cutoff)
        for f in Fringe.objects.filter(budget=budget)
    }
    before = {
        row.pk: (row.amount, row.x, row.rate, row.subtotal, row.fringe_total, row.total)
        for row in rows
    }
    inputs = []
    for row in rows:
        if row.link_kind and row.link_assignment_id:
            row.amount, row.rate = linked_values(row.link_kind, row.link_assignment_id, facts)
        else:
            _evaluate(row, names, strict)
        inputs.append(
            arithmetic.LineInput(
                row.pk, row.amount, row.x, row.rate, row.person_id, fringe_ids.get(row.pk, ())
            )
        )
    results = arithmetic.compute_lines(inputs, rules)
    changed = []
    account_totals: dict[int, Decimal] = {}
    for row in rows:
        result = results[row.pk]
        row.subtotal, row.fringe_total, row.total = (
            result.subtotal,
            result.fringe_total,
            result.total,
        )
        account_totals[row.account_id] = account_totals.get(row.account_id, ZERO) + row.total
        after = (row.amount, row.x, row.rate, row.subtotal, row.fringe_total, row.total)
        if after != before[row.pk]:
            changed.append(
                Line(
                    pk=row.pk,
                    amount=row.amount,
                    x=row.x,
                    rate=row.rate,
                    subtotal=row.subtotal,
                    fringe_total=row.fringe_total,
                    total=row.total,
                )
            )
    grand = sum(account_totals.values(), ZERO) + sum(
        charges_of(budget, account_totals).values(), ZERO
    )
    if not save:
        return grand
    Line.objects.bulk_update(
        changed, ["amount", "x", "rate", "subtotal", "fringe_total", "total"], batch_size=500
    )
    if grand != budget.grand_total:
        budget.grand_total = grand
        Budget.objects.filter(pk=budget.pk).update(grand_total=grand)
    return grand


def charges_of(budget: Budget, account_totals: dict[int, Decimal]) -> dict[int, Decimal]:
    """Return each contractual charge's total over the given account totals."""
    charges = list(Charge.objects.filter(budget=budget).prefetch_related("excluded_accounts"))
    if not charges:
        return {}
    sections = dict(Account.objects.filter(budget=budget).values_list("pk", "category__section"))
    return {
        charge.pk: arithmetic.charge_total(
            arithmetic.ChargeRule(
                charge.pk,
                charge.percent,
                list(charge.sections or []),
                [a.pk for a in charge.excluded_accounts.all()],
            ),
            account_totals,
            sections,
        )
        for charge in charges
    }
