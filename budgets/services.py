"""Every write to a budget: versions, structure, lines, fringes, globals, charges.

Each service runs in one transaction: refuse a change to a locked budget (409), change,
recompute the budget (``recompute.budget_recompute``), record who changed what
(``BudgetChange``) and announce ``budget.changed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from budgets import charts, formulas
from budgets.freshness import budget_expire
from budgets.models import Account, Budget, BudgetChange, Category, Charge, Fringe, Global, Line
from budgets.recompute import budget_follow, budget_recompute
from budgets.schedule_link import schedule_facts
from core import events
from core.exceptions import ApplicationError
from core.services import save_validated
from crew.models import Assignment, Person
from productions.models import Production

FROZEN = (Budget.Status.LOCKED, Budget.Status.APPROVED)


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def record_change(*, budget: Budget | None, production: Production, by, summary: str) -> None:
    """Record a change in the history and announce it for webhooks."""
    BudgetChange.objects.create(
        production=production,
        budget=budget,
        user=_user(by),
        summary=summary[:300],
        grand_total=budget.grand_total if budget else None,
    )
    events.emit(
        production_id=production.pk,
        event="budget.changed",
        payload={
            "budget": budget.pk if budget else None,
            "summary": summary[:300],
            "grand_total": str(budget.grand_total) if budget else None,
        },
    )


def _refuse_if_locked(budget: Budget) -> None:
    if budget.status in FROZEN:
        raise ApplicationError(
            f"The budget “{budget.name}” is {budget.status}: set it back to draft to change it.",
            status_code=409,
        )


@contextmanager
def budget_write(budget: Budget, *, by, summary: str, strict: bool = True):
    """Lock the budget row, refuse a frozen one, yield, then recompute and record."""
    with transaction.atomic():
        locked = Budget.objects.select_for_update().select_related("production").get(pk=budget.pk)
        budget.status = locked.status
        _refuse_if_locked(locked)
        yield locked
        try:
            budget_recompute(locked, strict=strict)
        except formulas.FormulaError as error:
            raise ApplicationError(str(error), errors={"formula": [str(error)]}) from error
        budget.grand_total = locked.grand_total
        record_change(budget=locked, production=locked.production, by=by, summary=summary)


# ---------------------------------------------------------------- budgets (versions)


def _seed_chart(budget: Budget, template: str) -> None:
    for number, name, section, accounts in charts.CHARTS[template]:
        category = save_validated(
            Category(budget=budget, number=number, name=name, section=section)
        )
        Account.objects.bulk_create(
            Account(budget=budget, category=category, number=n, name=a) for n, a in accounts
        )
    Fringe.objects.bulk_create(
        Fringe(budget=budget, code=code, name=name, kind=kind, rate=rate, cutoff=cutoff)
        for code, name, kind, rate, cutoff in charts.EXAMPLE_FRINGES
    )


@transaction.atomic
def budget_create(
    *,
    production: Production,
    by,
    name: str,
    template: str = Budget.Template.FEATURE,
    based_on: Budget | None = None,
) -> Budget:
    """Start a budget from a chart of accounts, or as a copy of another version."""
    if based_on is not None:
        return budget_copy(source=based_on, by=by, name=name)
    if template not in charts.CHARTS:
        raise ApplicationError(
            "Choose a template: feature, series or blank.", errors={"template": ["Unknown."]}
        )
    budget = save_validated(
        Budget(production=production, name=name, currency=production.currency, created_by=_user(by))
    )
    _seed_chart(budget, template)
    budget_recompute(budget)
    record_change(budget=budget, production=production, by=by, summary=f"Created “{name}”")
    return budget


@transaction.atomic
def budget_copy(*, source: Budget, by, name: str) -> Budget:
    """Copy a version with everything in it ("what if we shoot 22 days"), as a draft."""
    copy = save_validated(
        Budget(
            production=source.production,
            name=name,
            currency=source.currency,
            based_on=source,
            created_by=_user(by),
        )
    )
    categories = {}
    for category in source.categories.all():
        categories[category.pk] = Category.objects.create(
            budget=copy, number=category.number, name=category.name, section=category.section
        )
    accounts = {}
    for account in source.accounts.all():
        accounts[account.pk] = Account.objects.create(
            budget=copy,
            category=categories[account.category_id],
            number=account.number,
            name=account.name,
        )
    fringes = {}
    for fringe in source.fringes.all():
        fringes[fringe.pk] = Fringe.objects.create(
            budget=copy,
            code=fringe.code,
            name=fringe.name,
            kind=fringe.kind,
            rate=fringe.rate,
            cutoff=fringe.cutoff,
        )
    Global.objects.bulk_create(
        Global(
            budget=copy, name=g.name, formula=g.formula, value=g.value, description=g.description
        )
        for g in source.globals.all()
    )
    for charge in source.charges.prefetch_related("excluded_accounts"):
        new = Charge.objects.create(
            budget=copy,
            name=charge.name,
            order=charge.order,
            percent=charge.percent,
            sections=charge.sections,
        )
        new.excluded_accounts.set([accounts[a.pk] for a in charge.excluded_accounts.all()])
    lines = list(source.lines.prefetch_related("fringes"))
    copies = Line.objects.bulk_create(
        Line(
            budget=copy,
            account=accounts[line.account_id],
            order=line.order,
            description=line.description,
            amount_formula=line.amount_formula,
            amount=line.amount,
            unit=line.unit,
            x_formula=line.x_formula,
            x=line.x,
            rate_formula=line.rate_formula,
            rate=line.rate,
            currency=line.currency,
            person_id=line.person_id,
            link_kind=line.link_kind,
            link_assignment_id=line.link_assignment_id,
            subtotal=line.subtotal,
            fringe_total=line.fringe_total,
            total=line.total,
        )
        for line in lines
    )
    Line.fringes.through.objects.bulk_create(
        Line.fringes.through(line_id=new.pk, fringe_id=fringes[f.pk].pk)
        for line, new in zip(lines, copies, strict=True)
        for f in line.fringes.all()
    )
    budget_recompute(copy)
    record_change(
        budget=copy,
        production=copy.production,
        by=by,
        summary=f"Copied “{source.name}” as “{name}”",
    )
    return copy


@transaction.atomic
def budget_update(*, budget: Budget, by, **fields: Any) -> Budget:
    """Rename a budget or change its status: draft, locked, or approved (only one approved)."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    status = fields.pop("status", None)
    if fields and budget.status in FROZEN and status in (None, budget.status):
        _refuse_if_locked(budget)
    for key in ("name", "currency"):
        if key in fields:
            setattr(budget, key, fields[key])
    summary = "Renamed the budget" if fields else "Saved the budget"
    if status and status != budget.status:
        if status not in Budget.Status.values:
            raise ApplicationError(
                "The status is draft, locked or approved.", errors={"status": ["Unknown status."]}
            )
        if status == Budget.Status.APPROVED:
            budget.schedule_total = budget_recompute(budget, save=False)
            Budget.objects.filter(
                production_id=budget.production_id, status=Budget.Status.APPROVED
            ).exclude(pk=budget.pk).update(status=Budget.Status.LOCKED)
        if budget.status in FROZEN and status == Budget.Status.DRAFT:
            budget.status = status
            save_validated(budget)
            budget_recompute(budget)
        budget.status = status
        summary = {"draft": "Set back to draft", "locked": "Locked", "approved": "Approved"}[status]
    save_validated(budget)
    record_change(budget=budget, production=budget.production, by=by, summary=summary)
    return budget


@transaction.atomic
def budget_delete(*, budget: Budget, by) -> None:
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _refuse_if_locked(budget)
    production, name = budget.production, budget.name
    budget.delete()
    record_change(budget=None, production=production, by=by, summary=f"Deleted “{name}”")


# ---------------------------------------------------------------- categories and accounts


def category_create(*, budget: Budget, by, number: str, name: str, section: str) -> Category:
    with budget_write(budget, by=by, summary=f"Added category {number} {name}"):
        return save_validated(Category(budget=budget, number=number, name=name, section=section))


def category_update(*, category: Category, by, **fields: Any) -> Category:
    with budget_write(category.budget, by=by, summary=f"Changed category {category.number}"):
        for key in ("number", "name", "section"):
            if key in fields:
                setattr(category, key, fields[key])
        return save_validated(category)


def category_delete(*, category: Category, by) -> None:
    with budget_write(category.budget, by=by, summary=f"Removed category {category.number}"):
        if category.accounts.exists():
            raise ApplicationError(
                f"Category {category.number} still has accounts: remove them first.",
                status_code=409,
            )
        category.delete()


def _category_in(budget: Budget, category: Category | str) -> Category:
    if isinstance(category, Category):
        if category.budget_id != budget.pk:
            raise ApplicationError(
                "That category is in another budget.", errors={"category": ["Not in this budget."]}
            )
        return category
    found = budget.categories.filter(number=category).first()
    if found is None:
        raise ApplicationError(
            f"This budget has no category {category}.", errors={"category": ["No such category."]}
        )
    return found


def account_create(*, budget: Budget, by, number: str, name: str, category) -> Account:
    with budget_write(budget, by=by, summary=f"Added account {number} {name}"):
        category = _category_in(budget, category)
        return save_validated(Account(budget=budget, category=category, number=number, name=name))


def account_update(*, account: Account, by, **fields: Any) -> Account:
    with budget_write(account.budget, by=by, summary=f"Changed account {account.number}"):
        if "category" in fields:
            account.category = _category_in(account.budget, fields.pop("category"))
        for key in ("number", "name"):
            if key in fields:
                setattr(account, key, fields[key])
        return save_validated(account)


def account_delete(*, account: Account, by) -> None:
    with budget_write(account.budget, by=by, summary=f"Removed account {account.number}"):
        if account.lines.exists():
            raise ApplicationError(
                f"Account {account.number} still has lines: remove them first.", status_code=409
            )
        account.delete()


# ---------------------------------------------------------------- detail lines


CELLS = ("amount", "x", "rate")


def _set_cell(line: Line, cell: str, value, names: dict[str, Decimal]) -> None:
    text = str(value).strip() if value is not None else ""
    if cell == "x" and text == "":
        text = "1"
    try:
        number = formulas.evaluate(text, names)
    except formulas.FormulaError as error:
        raise ApplicationError(str(error), errors={cell: [str(error)]}) from error
    setattr(line, cell, number)
    setattr(line, f"{cell}_formula", text if formulas.is_formula(text) else "")


def lines_unlink_for_assignment(*, assignment: Assignment) -> int:
    """Unlink every line that follows ``assignment``, freezing the values it last had.

    Called as the role is deleted (a booking released, a crew role removed, a production
    deleted): the line keeps its numbers rather than breaking the link's constraint.
    """
    return Line.objects.filter(link_assignment=assignment).update(
        link_kind="", link_assignment=None
    )


def _link(line: Line, link: dict | None) -> None:
    if not link:
        # Unlinking freezes the values the schedule last gave the line.
        line.link_kind, line.link_assignment = "", None
        return
    kind = link.get("kind")
    if kind not in ("cast", "crew"):
        raise ApplicationError("A link's kind is cast or crew.", errors={"link": ["Unknown kind."]})
    assignment = (
        Assignment.objects.filter(
            pk=link.get("assignment"), production_id=line.budget.production_id
        )
        .select_related("person")
        .first()
    )
    if assignment is None:
        raise ApplicationError(
            "That role is not on this production.", errors={"link": ["No such role."]}
        )
    if kind == "cast" and assignment.role_kind != Assignment.RoleKind.CAST:
        raise ApplicationError(
            "A cast line links to a cast role.", errors={"link": ["Not a cast role."]}
        )
    line.link_kind, line.link_assignment = kind, assignment
    line.person = assignment.person
    line.amount_formula, line.rate_formula = "", ""
    if line.unit in (Line.Unit.ALLOW, Line.Unit.FLAT):
        line.unit = Line.Unit.DAY


def _check_person(budget: Budget, person: Person | None) -> None:
    if (
        person is not None
        and not person.assignments.filter(production_id=budget.production_id).exists()
    ):
        raise ApplicationError(
            "That person has no role on this production.",
            errors={"person": ["Not on this production."]},
        )


def _set_fringes(line: Line, fringes: Iterable[Fringe] | None) -> None:
    if fringes is None:
        return
    fringes = list(fringes)
    if any(f.budget_id != line.budget_id for f in fringes):
        raise ApplicationError(
            "A fringe of another budget cannot be used here.",
            errors={"fringes": ["Not in this budget."]},
        )
    line.fringes.set(fringes)


def _apply_line(line: Line, fields: dict[str, Any]) -> None:
    budget = line.budget
    names = _names(budget)
    if "account" in fields:
        account = fields.pop("account")
        if account.budget_id != budget.pk:
            raise ApplicationError(
                "That account is in another budget.", errors={"account": ["Not in this budget."]}
            )
        line.account = account
    for key in ("description", "unit", "currency", "order"):
        if key in fields:
            setattr(line, key, fields[key])
    if "person" in fields:
        _check_person(budget, fields["person"])
        line.person = fields["person"]
    for cell in CELLS:
        if cell in fields:
            _set_cell(line, cell, fields[cell], names)
    if "link" in fields:
        _link(line, fields["link"])
    save_validated(line)
    _set_fringes(line, fields.get("fringes"))


def _names(budget: Budget) -> dict[str, Decimal]:
    facts = schedule_facts(budget.production)
    own = dict(Global.objects.filter(budget=budget).values_list("name", "value"))
    return facts.names | own


def line_create(*, budget: Budget, by, account: Account, **fields: Any) -> Line:
    with budget_write(budget, by=by, summary=f"Added a line to {account.number}") as locked:
        top = locked.lines.filter(account=account).aggregate(top=Max("order"))["top"]
        line = Line(budget=locked, account=account, order=(top or 0) + 1)
        line.budget = locked
        fields.setdefault("x", "1")
        _apply_line(line, {"account": account, **fields})
    line.refresh_from_db()
    return line


def line_update(*, line: Line, by, **fields: Any) -> Line:
    summary = f"Changed “{line.description or line.pk}” in {line.account.number}"
    with budget_write(line.budget, by=by, summary=summary):
        _apply_line(line, fields)
    line.refresh_from_db()
    return line


def line_delete(*, line: Line, by) -> None:
    summary = f"Removed “{line.description or line.pk}” from {line.account.number}"
    with budget_write(line.budget, by=by, summary=summary):
        line.delete()


# ---------------------------------------------------------------- fringes, globals, charges


def fringe_create(*, budget: Budget, by, **fields: Any) -> Fringe:
    with budget_write(budget, by=by, summary=f"Added fringe {fields.get('code', '')}"):
        return save_validated(Fringe(budget=budget, **fields))


def fringe_update(*, fringe: Fringe, by, **fields: Any) -> Fringe:
    with budget_write(fringe.budget, by=by, summary=f"Changed fringe {fringe.code}"):
        for key, value in fields.items():
            setattr(fringe, key, value)
        return save_validated(fringe)


def fringe_delete(*, fringe: Fringe, by) -> None:
    with budget_write(fringe.budget, by=by, summary=f"Removed fringe {fringe.code}"):
        fringe.delete()


def _check_global_name(budget: Budget, name: str) -> None:
    if name in schedule_facts(budget.production).globals or name.startswith("DAYS_"):
        raise ApplicationError(
            f"{name} comes from the schedule and is read-only; choose another name.",
            errors={"name": ["Read-only: the schedule provides it."]},
        )


def global_create(*, budget: Budget, by, name: str, formula: str, description: str = "") -> Global:
    with budget_write(budget, by=by, summary=f"Added global {name}"):
        _check_global_name(budget, name)
        item = Global(
            budget=budget, name=name, formula=str(formula).strip(), description=description
        )
        return save_validated(item)


def global_update(*, item: Global, by, **fields: Any) -> Global:
    with budget_write(item.budget, by=by, summary=f"Changed global {item.name}"):
        if "name" in fields and fields["name"] != item.name:
            _refuse_if_used(item)
            _check_global_name(item.budget, fields["name"])
        for key in ("name", "formula", "description"):
            if key in fields:
                setattr(item, key, str(fields[key]).strip())
        return save_validated(item)


def _refuse_if_used(item: Global) -> None:
    cells = Line.objects.filter(budget=item.budget).values_list(
        "amount_formula", "x_formula", "rate_formula"
    )
    others = Global.objects.filter(budget=item.budget).exclude(pk=item.pk)
    texts = [t for row in cells for t in row if t] + [g.formula for g in others]
    if any(item.name in formulas.names_in(text) for text in texts):
        raise ApplicationError(
            f"{item.name} is used in formulas of this budget; change them first.", status_code=409
        )


def global_delete(*, item: Global, by) -> None:
    with budget_write(item.budget, by=by, summary=f"Removed global {item.name}"):
        _refuse_if_used(item)
        item.delete()


def _check_sections(sections) -> list[str]:
    sections = list(sections or [])
    unknown = [s for s in sections if s not in Category.Section.values]
    if unknown:
        raise ApplicationError(
            f"Unknown section {unknown[0]}: use above_the_line, production, post or other.",
            errors={"sections": ["Unknown section."]},
        )
    return sections


def charge_create(
    *, budget: Budget, by, name: str, percent, sections=(), excluded_accounts=()
) -> Charge:
    with budget_write(budget, by=by, summary=f"Added charge {name}"):
        charge = save_validated(
            Charge(budget=budget, name=name, percent=percent, sections=_check_sections(sections))
        )
        _set_excluded(charge, excluded_accounts)
        return charge


def _set_excluded(charge: Charge, accounts) -> None:
    accounts = list(accounts or [])
    if any(a.budget_id != charge.budget_id for a in accounts):
        raise ApplicationError(
            "An excluded account is in another budget.",
            errors={"excluded_accounts": ["Not in this budget."]},
        )
    charge.excluded_accounts.set(accounts)


def charge_update(*, charge: Charge, by, **fields: Any) -> Charge:
    with budget_write(charge.budget, by=by, summary=f"Changed charge {charge.name}"):
        for key in ("name", "percent", "order"):
            if key in fields:
                setattr(charge, key, fields[key])
        if "sections" in fields:
            charge.sections = _check_sections(fields["sections"])
        save_validated(charge)
        if "excluded_accounts" in fields:
            _set_excluded(charge, fields["excluded_accounts"])
        return charge


def charge_delete(*, charge: Charge, by) -> None:
    with budget_write(charge.budget, by=by, summary=f"Removed charge {charge.name}"):
        charge.delete()


# ---------------------------------------------------------------- following the schedule


def budgets_follow_schedule(*, production: Production) -> None:
    """Recompute every draft budget of ``production`` on its schedule (inside the board save).

    Locked and approved budgets keep their numbers; their drift is shown instead.
    """
    budgets = list(
        Budget.objects.filter(production=production)
        .exclude(status=Budget.Status.LOCKED)
        .select_related("production")
        .order_by("pk")
    )
    if not budgets:
        return
    facts = schedule_facts(production)
    drafts = [b for b in budgets if b.status == Budget.Status.DRAFT]
    for approved in (b for b in budgets if b.status == Budget.Status.APPROVED):
        total = budget_recompute(approved, facts=facts, save=False)
        Budget.objects.filter(pk=approved.pk).update(schedule_total=total)
        budget_expire(approved.pk, production.pk)  # an update sends no signal
    for budget in drafts:
        before = budget.grand_total
        budget_follow(budget, facts)
        if budget.grand_total != before:
            record_change(
                budget=budget,
                production=production,
                by=None,
                summary="Followed the schedule: linked lines and schedule globals recomputed",
            )
