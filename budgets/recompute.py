"""Recompute a budget: globals, formulas, linked lines, fringes, totals, charges.

One pass over the budget's lines as plain values (two queries), then a bulk update of only the
lines whose numbers changed, so a strip move that changes 40 cast lines writes 40 rows. Called
by every service that changes a budget, inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from budgets import arithmetic, formulas
from budgets.freshness import budget_expire
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


def _evaluate(row: _Row, names: dict, strict: bool, seen: dict) -> None:
    # ``seen`` holds this pass's values by formula text: the names are the same for every
    # line, and budgets repeat formulas (SHOOT_DAYS on every crew line).
    for cell in ("amount", "x", "rate"):
        text = getattr(row, f"{cell}_formula")
        if not text:
            continue
        if text not in seen:
            try:
                seen[text] = formulas.evaluate(text, names)
            except formulas.FormulaError:
                if strict:
                    raise
                seen[text] = None
        if seen[text] is not None:
            setattr(row, cell, seen[text])


def budget_recompute(
    budget: Budget,
    *,
    facts: ScheduleFacts | None = None,
    strict: bool = False,
    save: bool = True,
    only: Q | None = None,
) -> Decimal:
    """Recompute every line and the grand total of ``budget``; return the grand total.

    ``strict`` re-raises a formula that no longer evaluates (a user's edit must be refused);
    otherwise such a cell keeps its last value. ``save=False`` only answers what the total
    would be on today's schedule: how far a locked budget has drifted. ``only`` limits the
    pass to some lines (every line of a person they share a fringe cutoff with included);
    the totals are then summed by the database.
    """
    facts = facts or schedule_facts(budget.production)
    names = global_values(budget, facts, strict=strict, save=save)
    lines = Line.objects.filter(budget=budget)
    if only is not None:
        people = lines.filter(only).exclude(person=None).values("person_id")
        lines = lines.filter(only | Q(person_id__in=people))
    rows = [
        _Row(*values)
        for values in lines.values_list(*_LINE_FIELDS).order_by("account__number", "order", "pk")
    ]
    through = Line.fringes.through.objects.filter(line__in=[row.pk for row in rows])
    if only is None:
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
    inputs, seen = [], {}
    for row in rows:
        if row.link_kind and row.link_assignment_id:
            row.amount, row.rate = linked_values(row.link_kind, row.link_assignment_id, facts)
        else:
            _evaluate(row, names, strict, seen)
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
    if only is not None:
        Line.objects.bulk_update(
            changed, ["amount", "x", "rate", "subtotal", "fringe_total", "total"], batch_size=500
        )
        account_totals = dict(
            Line.objects.filter(budget=budget)
            .values_list("account_id")
            .annotate(sum=Sum("total"))
            .values_list("account_id", "sum")
            .order_by()
        )
    grand = sum(account_totals.values(), ZERO) + sum(
        charges_of(budget, account_totals).values(), ZERO
    )
    if not save:
        return grand
    if only is None:
        Line.objects.bulk_update(
            changed, ["amount", "x", "rate", "subtotal", "fringe_total", "total"], batch_size=500
        )
    state = schedule_state(facts)
    if state != budget.schedule_state:
        budget.schedule_state = state
        Budget.objects.filter(pk=budget.pk).update(schedule_state=state)
    if grand != budget.grand_total:
        budget.grand_total = grand
        Budget.objects.filter(pk=budget.pk).update(grand_total=grand)
    # The bulk updates above send no signals: the budget's cached sums go stale here.
    budget_expire(budget.pk, budget.production_id)
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


def schedule_state(facts: ScheduleFacts) -> dict:
    """Return what a budget was last computed from, as JSON, to tell what a board save changed."""
    return {
        "globals": {name: str(item.value) for name, item in facts.globals.items()},
        "cast_days": {str(pk): days for pk, days in facts.cast_days.items()},
        "rates": {str(pk): str(rate) for pk, rate in facts.rates.items() if rate is not None},
    }


def budget_follow(budget: Budget, facts: ScheduleFacts) -> bool:
    """Recompute only the lines a schedule change reaches; return whether anything could move.

    Reached: lines linked to a role whose days or rate changed (crew lines when the shoot days
    did), lines whose formulas name a changed global or one of the budget's own globals built
    on it, and every line of the people on those lines (their fringe cutoffs are shared).
    """
    old = budget.schedule_state or {}
    new = schedule_state(facts)
    if not old:
        budget_recompute(budget, facts=facts)
        return True
    if old == new:
        return False

    def changed(key: str) -> set[str]:
        a, b = old.get(key, {}), new[key]
        return {k for k in set(a) | set(b) if a.get(k) != b.get(k)}

    names = changed("globals")
    roles = {int(pk) for pk in changed("cast_days") | changed("rates")}
    own = dict(Global.objects.filter(budget=budget).values_list("name", "formula"))
    grew = True
    while grew:  # the budget's own globals built on a changed name change too
        more = {n for n, text in own.items() if n not in names and formulas.names_in(text) & names}
        names |= more
        grew = bool(more)
    only = Q(link_assignment_id__in=roles) & ~Q(link_kind="")
    if "SHOOT_DAYS" in names:
        only |= Q(link_kind=Line.LinkKind.CREW)
    for name in names:
        only |= (
            Q(amount_formula__contains=name)
            | Q(x_formula__contains=name)
            | Q(rate_formula__contains=name)
        )
    budget_recompute(budget, facts=facts, only=only)
    return True
