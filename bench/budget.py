"""Benchmark of the budget: recomputing a 3,000-line budget after a strip move, and the topsheet.

``bench_budget()`` builds the stripboard benchmark's production (300 scenes, 60 days, 40 cast)
and a budget of 3,000 lines, 40 of them linked to the cast, inside a transaction it rolls back,
then times (medians of repeated runs) what a board save adds for the budget (recomputing every
linked line, fringe and total, as the ``board_changed`` receiver does) and the topsheet API.
"""

import statistics
import time as clock
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from bench.stripboard import schedule_fixture
from budgets import services
from budgets.models import Line
from budgets.recompute import budget_recompute
from crew.models import Assignment
from productions.models import Membership
from schedules.models import ShootDay, Strip

GOALS = {"budget_recompute_3000_lines": 0.100, "budget_topsheet": 0.050}


class _Rollback(Exception):
    """Raised to roll the benchmark's data back."""


def _budget(production, user, lines: int):
    budget = services.budget_create(production=production, by=user, name="Bench budget")
    accounts = list(budget.accounts.order_by("number"))
    fringes = list(budget.fringes.filter(code__in=["FICA", "MED", "SAG"]))
    cast = list(
        Assignment.objects.filter(production=production, role_kind=Assignment.RoleKind.CAST)
    )
    cast_account = next(a for a in accounts if a.number == "1401")
    rows = [
        Line(
            budget=budget,
            account=cast_account,
            order=i,
            description=f"Cast {i}",
            unit="day",
            x=1,
            link_kind="cast",
            link_assignment=role,
            person_id=role.person_id,
        )
        for i, role in enumerate(cast)
    ]
    others = [a for a in accounts if a.number != "1401"]
    for i in range(lines - len(rows)):
        formula = "SHOOT_DAYS" if i % 10 == 0 else ""
        rows.append(
            Line(
                budget=budget,
                account=others[i % len(others)],
                order=i,
                description=f"Line {i}",
                unit="day",
                amount_formula=formula,
                amount=Decimal(i % 17 + 1),
                x=Decimal(1),
                rate=Decimal("125.50") + i % 300,
            )
        )
    made = Line.objects.bulk_create(rows, batch_size=1000)
    Line.fringes.through.objects.bulk_create(
        (
            Line.fringes.through(line_id=line.pk, fringe_id=f.pk)
            for i, line in enumerate(made)
            if i < len(cast) or i % 3 == 0
            for f in fringes
        ),
        batch_size=2000,
    )
    budget_recompute(budget)
    return budget


def _move_a_strip(production, toggle: list[int]) -> None:
    """Move one cast strip between the first and last day, so linked lines change each run."""
    days = list(ShootDay.objects.filter(version__production=production).order_by("date"))
    strip = (
        Strip.objects.filter(day=days[0], scene__isnull=False).first()
        if not toggle
        else (Strip.objects.get(pk=toggle[0]))
    )
    target = days[-1] if not toggle or strip.day_id == days[0].pk else days[0]
    strip.day = target
    strip.save(update_fields=["day"])
    toggle[:] = [strip.pk]


def _median(run, times: int) -> float:
    spent = []
    for _ in range(times):
        start = clock.perf_counter()
        run()
        spent.append(clock.perf_counter() - start)
    return statistics.median(spent)


def bench_budget(*, lines: int = 3000, runs: int = 9) -> dict:
    """Return the budget's component rows: seconds (medians) and goals; change nothing."""
    result: dict = {}
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user("bench-budget", password="x")
            production = schedule_fixture(
                slug="bench-budget", scenes=300, days=60, cast=40, user=user
            )
            Membership.objects.filter(production=production, user=user).update(access="owner")
            budget = _budget(production, user, lines)
            toggle: list[int] = []
            recompute = []
            for _ in range(runs):
                _move_a_strip(production, toggle)
                start = clock.perf_counter()
                services.budgets_follow_schedule(production=production)
                recompute.append(clock.perf_counter() - start)
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            path = f"/api/v1/productions/{production.slug}/budgets/{budget.pk}/"
            assert client.get(path).status_code == 200
            topsheet = _median(lambda: client.get(path), runs)
            result = {
                "budget_recompute_3000_lines": {
                    "seconds": round(statistics.median(recompute), 4),
                    "goal_seconds": GOALS["budget_recompute_3000_lines"],
                },
                "budget_topsheet": {
                    "seconds": round(topsheet, 4),
                    "goal_seconds": GOALS["budget_topsheet"],
                },
            }
            raise _Rollback
    except _Rollback:
        pass
    return result
