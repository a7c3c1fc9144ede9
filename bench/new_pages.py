"""The pages other apps brought for issue #17's load test: the budget topsheet, the casting
board, a comment thread and the inbox, seeded on the benchmark's production.

``new_page_targets(production, owner)`` seeds each page's data with that app's own bench
module or services and returns ``{name: (path, user)}`` for the pages it could seed: the user
is whose session loads it. A page whose app is missing or whose seeding fails is left out and
named on stderr; ``bench/run.py`` then reports its goal as missing, never as met.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction

from productions.models import Membership, Production
from schedules.models import ShootDay

THREAD_COMMENTS = 30


def _budget_topsheet(production: Production, owner):
    from bench import budget as bench_budget

    budget = bench_budget._budget(production, owner, lines=3000)
    return f"/productions/{production.slug}/budgets/{budget.pk}/", owner


def _casting_board(production: Production, owner):
    from bench.casting import casting_board_seed

    _, path = casting_board_seed(production, candidates=40)
    return path, owner


def _coordinator(production: Production):
    user, _ = get_user_model().objects.get_or_create(username="bench-coordinator")
    Membership.objects.get_or_create(
        production=production, user=user, defaults={"access": Membership.Access.COORDINATOR}
    )
    return user


def _comment_thread(production: Production, owner):
    from collaboration import services

    day = ShootDay.objects.filter(version__production=production).order_by("date").first()
    ref = f"shoot_day:{day.pk}"
    coordinator = _coordinator(production)
    for n in range(THREAD_COMMENTS):
        # Two people taking turns: each of the owner's replies notifies the coordinator.
        author = coordinator if n % 2 == 0 else owner
        services.comment_create(
            production=production, by=author, on=ref, body=f"Note {n + 1} on the first day."
        )
    return f"/productions/{production.slug}/thread/?on={ref}", owner


def _inbox(production: Production, owner):
    # The thread above left the coordinator a notification for each of the owner's replies.
    return "/inbox/", _coordinator(production)


SEEDS: dict[str, Callable] = {
    "budget_topsheet": _budget_topsheet,
    "casting_board": _casting_board,
    "comment_threads": _comment_thread,
    "inbox": _inbox,
}


def new_page_targets(production: Production, owner) -> dict[str, tuple[str, object]]:
    found = {}
    for name, seed in SEEDS.items():
        try:
            with transaction.atomic():
                found[name] = seed(production, owner)
        except Exception:  # noqa: BLE001 - another app's seeding must not stop the bench
            print(f"bench: {name} left out of the load test:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
    return found
