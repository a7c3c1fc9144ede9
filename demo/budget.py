"""The demo's budget: "Shooting budget" for The Long Night, built on its schedule.

Cast lines are linked to the cast's roles (work + hold days × daily rate), crew lines to
the crew's roles or to SHOOT_DAYS, with example fringes, a contingency and insurance; the
budget is approved, a "What if" copy stays a draft, and a few weeks of actuals and one
revised estimate to complete fill the cost report. The demo user ``accountant`` (password
``studio-demo``) has the accountant level. Idempotent: a second run finds the budget and stops.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from budgets import cost_services, services
from budgets.models import Budget
from crew.models import Assignment
from productions import services as production_services
from productions.models import Membership, Production

DEMO_PASSWORD = "studio-demo"
BUDGET_NAME = "Shooting budget"
PREP_START = date(2026, 12, 7)

# Crew titles paid by the shoot day (linked to their role at this rate), by account.
CREW_RATES = {
    "Director of Photography": ("3301", "1100"),
    "Camera Operator": ("3301", "750"),
    "1st AC": ("3301", "600"),
    "2nd AC": ("3301", "450"),
    "DIT": ("3702", "550"),
    "Key Grip": ("3001", "600"),
    "Best Boy Grip": ("3001", "480"),
    "Gaffer": ("2901", "650"),
    "Best Boy Electric": ("2901", "500"),
    "Production Sound Mixer": ("3401", "700"),
    "Boom Operator": ("3401", "450"),
    "1st AD": ("2002", "850"),
    "2nd AD": ("2002", "600"),
    "Location Manager": ("3601", "550"),
    "Transport Captain": ("3501", "520"),
}

# (account, description, amount, unit, x, rate, fringe codes)
LINES = [
    ("1101", "Option and purchase of the rights", "1", "flat", "1", "75000", ""),
    ("1102", "Screenplay (WGA scale, example)", "1", "flat", "1", "120000", "WGA"),
    ("1201", "Producers' fees", "2", "flat", "1", "90000", ""),
    (
        "1301",
        "Director: prep + shoot weeks",
        "PREP_WEEKS + SHOOT_WEEKS",
        "week",
        "1",
        "18000",
        "DGA",
    ),
    ("1502", "Cast hotels and per diem", "SHOOT_DAYS", "day", "4", "210", ""),
    ("2001", "Line producer", "PREP_WEEKS + SHOOT_WEEKS + 2", "week", "1", "4500", "FICA,MED"),
    ("2101", "Background, per head per day", "SHOOT_DAYS", "day", "12", "180", "FICA"),
    ("2202", "Art crew", "SHOOT_DAYS + 10", "day", "3", "420", "IATSE,IAPCT"),
    ("2302", "Construction materials", "1", "allow", "1", "38000", ""),
    ("2602", "Props purchases and rentals", "1", "allow", "1", "22000", ""),
    ("2702", "Costumes", "1", "allow", "1", "26000", ""),
    ("2902", "Lighting package", "SHOOT_WEEKS", "week", "1", "9500", ""),
    ("3002", "Grip package", "SHOOT_WEEKS", "week", "1", "6200", ""),
    ("3302", "Camera package", "SHOOT_WEEKS", "week", "1", "14500", ""),
    ("3402", "Sound package", "SHOOT_WEEKS", "week", "1", "2800", ""),
    ("3502", "Trucks, vans and fuel", "SHOOT_DAYS", "day", "1", "1350", ""),
    ("3602", "Location fees", "SHOOT_DAYS", "day", "1", "2200", ""),
    ("5001", "Editor", "16", "week", "1", "3800", "FICA,MED"),
    ("5002", "Edit suite", "16", "week", "1", "900", ""),
    ("5101", "Composer package", "1", "flat", "1", "45000", ""),
    ("5201", "Sound design and mix", "1", "flat", "1", "60000", ""),
    ("5301", "VFX vendor", "1", "allow", "1", "85000", ""),
    ("6701", "Production package insurance", "1", "flat", "1", "42000", ""),
    ("6801", "Legal and accounting", "1", "allow", "1", "30000", ""),
]


def _accountant(production: Production, owner):
    user, created = get_user_model().objects.get_or_create(
        username="accountant",
        defaults={
            "first_name": "Abe",
            "last_name": "Counts",
            "email": "accountant@longnight.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not production.memberships.filter(user=user).exists():
        production_services.membership_add(
            production=production, user=user, access=Membership.Access.ACCOUNTANT, by=owner
        )
    return user


def _lines(budget: Budget, owner) -> None:
    production = budget.production
    accounts = {a.number: a for a in budget.accounts.all()}
    fringes = {f.code: f for f in budget.fringes.all()}
    cast = (
        Assignment.objects.filter(
            production=production, role_kind=Assignment.RoleKind.CAST, daily_rate__isnull=False
        )
        .select_related("person")
        .order_by("-daily_rate", "pk")
    )
    for role in cast:
        services.line_create(
            budget=budget,
            by=owner,
            account=accounts["1401"],
            description=f"{role.person.name} as {role.title}",
            unit="day",
            link={"kind": "cast", "assignment": role.pk},
            fringes=[fringes["SAG"], fringes["FICA"], fringes["MED"]],
        )
    crew = Assignment.objects.filter(production=production, title__in=CREW_RATES).select_related(
        "person"
    )
    for role in crew:
        number, rate = CREW_RATES[role.title]
        if role.daily_rate is None:
            role.daily_rate = Decimal(rate)
            role.save(update_fields=["daily_rate"])
        services.line_create(
            budget=budget,
            by=owner,
            account=accounts[number],
            description=f"{role.title}: {role.person.name}",
            unit="day",
            link={"kind": "crew", "assignment": role.pk},
            fringes=[fringes["IATSE"], fringes["IAPCT"], fringes["FICA"]],
        )
    for number, description, amount, unit, x, rate, codes in LINES:
        services.line_create(
            budget=budget,
            by=owner,
            account=accounts[number],
            description=description,
            amount=amount,
            unit=unit,
            x=x,
            rate=rate,
            fringes=[fringes[c] for c in codes.split(",") if c],
        )
    services.charge_create(
        budget=budget,
        by=owner,
        name="Contingency 10 %",
        percent=Decimal("10"),
        sections=["production", "post"],
        excluded_accounts=[accounts["6701"]],
    )
    services.charge_create(
        budget=budget,
        by=owner,
        name="Completion bond 2 %",
        percent=Decimal("2"),
        sections=["above_the_line", "production", "post"],
    )


def _actuals(production: Production, budget: Budget, owner) -> None:
    add = cost_services.cost_create
    week = timedelta(days=7)
    for n in range(6):
        day = PREP_START + n * week
        add(
            production=production,
            by=owner,
            account_number="2001",
            date=day + timedelta(4),
            kind="timecard",
            vendor="Payroll",
            reference=f"TC-{101 + n}",
            description="Line producer week",
            amount=Decimal("4500"),
        )
        add(
            production=production,
            by=owner,
            account_number="3602",
            date=day + timedelta(2),
            kind="invoice",
            vendor="Harbor Estates",
            reference=f"INV-{2200 + n}",
            description="Location fees",
            amount=Decimal("6600") if n > 3 else Decimal("2200"),
        )
        add(
            production=production,
            by=owner,
            account_number="6802",
            date=day + timedelta(1),
            kind="petty_cash",
            vendor="Office supplies",
            reference=f"PC-{n + 1}",
            amount=Decimal("145.60") + n,
        )
    add(
        production=production,
        by=owner,
        account_number="3302",
        date=PREP_START + 3 * week,
        kind="po",
        vendor="Panavision",
        reference="PO-3302-1",
        description="Camera package",
        amount=Decimal("72500"),
        open=True,
    )
    add(
        production=production,
        by=owner,
        account_number="3502",
        date=PREP_START + 4 * week,
        kind="card",
        vendor="Station fuel",
        reference="CARD-88",
        amount=Decimal("420"),
        currency="CAD",
        exchange_rate=Decimal("0.73"),
    )
    transport = budget.accounts.get(number="3502")
    cost_services.etc_set(
        budget=budget,
        account=transport,
        by=owner,
        amount=Decimal("41000"),
        reason="Second unit added for the storm sequence: two more trucks",
    )


def demo_budget_seed(production: Production) -> Budget:
    """Create the demo's approved budget, its "What if" copy and its actuals, once."""
    owner = production.memberships.filter(access=Membership.Access.OWNER).first().user
    _accountant(production, owner)
    found = Budget.objects.filter(production=production, name=BUDGET_NAME).first()
    if found is not None:
        return found
    budget = services.budget_create(production=production, by=owner, name=BUDGET_NAME)
    services.global_create(
        budget=budget,
        by=owner,
        name="OVERTIME",
        formula="1.1",
        description="Allowance for overtime on crew days",
    )
    _lines(budget, owner)
    services.budget_update(budget=budget, by=owner, status="approved")
    services.budget_create(
        production=production, by=owner, name="What if: 22 shoot days", based_on=budget
    )
    _actuals(production, budget, owner)
    return budget
