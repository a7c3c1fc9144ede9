"""Benchmark of the stripboard and the Day Out of Days at a feature film's size.

``bench_stripboard_and_dood()`` builds a 300-scene, 60-day, 40-cast production inside a
transaction it rolls back, then times (median of repeated runs) the stripboard page as a signed
-in user gets it, the Day Out of Days selector, and a trivial page for the ratio. Call it from a
bench script once Django is set up; ``schedule_fixture`` is also what the query-count tests build.
"""

import statistics
import time as clock
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crew.models import Assignment, Department, Person, Unavailability
from productions.models import (
    Character,
    Location,
    LocationUnavailability,
    Membership,
    Production,
    Scene,
)
from schedules import selectors, services
from schedules.models import ShootDay, Strip

GOALS = {"stripboard": 0.150, "dood": 0.100}
START = date(2027, 1, 11)


class _Rollback(Exception):
    """Raised to roll the benchmark's data back."""


def _working_days(count: int, start: date = START) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def schedule_fixture(
    *, slug: str, scenes: int, days: int, cast: int, user=None, seed: int = 0
) -> Production:
    """Build a scheduled production of the given size in a handful of bulk queries.

    Each scene has two to four cast members and one of eight locations; about one scene in ten
    stays in the boneyard; every day has a banner; one actor and one location are unavailable
    on the first days, so conflicts are there to find.
    """
    production = Production.objects.create(
        title=slug.replace("-", " ").title(), slug=slug, time_zone="America/Los_Angeles"
    )
    if user is not None:
        Membership.objects.create(production=production, user=user, access="owner")
    department = Department.objects.filter(production=None).first() or Department.objects.create(
        name="Cast"
    )
    people = Person.objects.bulk_create(Person(name=f"Actor {seed}-{n}") for n in range(cast))
    roles = Assignment.objects.bulk_create(
        Assignment(
            production=production,
            person=person,
            department=department,
            title=f"Part {n}",
            role_kind="cast",
            daily_rate=Decimal(500 + 25 * n),
        )
        for n, person in enumerate(people)
    )
    characters = Character.objects.bulk_create(
        Character(production=production, name=f"PART {n}", cast_id=str(n + 1), assignment=role)
        for n, role in enumerate(roles)
    )
    places = Location.objects.bulk_create(
        Location(production=production, name=f"PLACE {n}") for n in range(8)
    )
    made = Scene.objects.bulk_create(
        Scene(
            production=production,
            number=str(n + 1),
            int_ext="EXT" if n % 3 else "INT",
            set_name=f"{places[n % 8].name} - ROOM {n % 5}",
            time_of_day="NIGHT" if n % 4 == 0 else "DAY",
            synopsis=f"Something happens in scene {n + 1}.",
            page_eighths=3 + (n * 7) % 14,
            script_order=n + 1,
            location=places[n % 8],
        )
        for n in range(scenes)
    )
    through = Scene.characters.through
    through.objects.bulk_create(
        through(scene_id=scene.pk, character_id=characters[index].pk)
        for n, scene in enumerate(made)
        for index in _cast_of(n, cast)
    )
    _board(production, made, _working_days(days))
    Unavailability.objects.create(person=people[0], start_date=START, end_date=START)
    LocationUnavailability.objects.create(
        location=places[1], start_date=START, end_date=START + timedelta(days=3)
    )
    return production


def _cast_of(n: int, cast: int) -> list[int]:
    """Return two to four different cast members for scene ``n``, spread over the cast."""
    chosen: list[int] = []
    step = 0
    while len(chosen) < min(2 + n % 3, cast):
        index = (n * 7 + step * 13) % cast
        if index not in chosen:
            chosen.append(index)
        step += 1
    return chosen


def _board(production: Production, scenes: list[Scene], dates: list[date]) -> None:
    version = services.schedule_ensure(production=production)
    days = ShootDay.objects.bulk_create(
        ShootDay(
            version=version,
            date=day,
            day_number=n + 1,
            general_call=time(7, 0),
            estimated_wrap=time(19, 0),
        )
        for n, day in enumerate(dates)
    )
    placed = [scene for n, scene in enumerate(scenes) if n % 10 != 9]
    per_day = max(1, -(-len(placed) // max(len(days), 1)))
    strips = (
        [
            Strip(version=version, day=days[min(n // per_day, len(days) - 1)], scene=scene, order=n)
            for n, scene in enumerate(placed)
        ]
        if days
        else []
    )
    strips += [
        Strip(version=version, day=None, scene=scene, order=n)
        for n, scene in enumerate(s for s in scenes if s not in placed)
    ]
    strips += [
        Strip(version=version, day=day, kind="banner", text="Company move", order=10_000)
        for day in days
    ]
    Strip.objects.bulk_create(strips)


def _median(run: Callable[[], object], times: int) -> float:
    spent = []
    for _ in range(times):
        started = clock.perf_counter()
        run()
        spent.append(clock.perf_counter() - started)
    return statistics.median(spent)


def _get(client: Client, path: str) -> Callable[[], None]:
    def run() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")

    return run


def bench_stripboard_and_dood(
    *, scenes: int = 300, days: int = 60, cast: int = 40, runs: int = 10
) -> dict:
    """Time the stripboard page and the Day Out of Days at a feature's size; change nothing.

    Return seconds (medians), the goals, the ratio of the stripboard to a trivial page, and
    how many queries one stripboard request runs.
    """
    result: dict = {}
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user("bench-stripboard", password="x")
            production = schedule_fixture(
                slug="bench-stripboard", scenes=scenes, days=days, cast=cast, user=user
            )
            # 127.0.0.1 is in every ALLOWED_HOSTS the bench runs with.
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            board = f"/productions/{production.slug}/schedule/"
            trivial = "/healthz/"
            _get(client, board)()  # warm the templates and the connection
            # Each request empties connection.queries; start from empty so none is missed.
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                _get(client, board)()
            # Counted now: captured_queries reads the connection's log, which requests reset.
            query_count = len(queries.captured_queries)
            result = {
                "scenes": scenes,
                "days": days,
                "cast": cast,
                "runs": runs,
                "stripboard_seconds": _median(_get(client, board), runs),
                "dood_seconds": _median(lambda: selectors.dood_for(production), runs),
                "trivial_seconds": _median(_get(client, trivial), runs),
                "stripboard_queries": query_count,
                "goal_stripboard_seconds": GOALS["stripboard"],
                "goal_dood_seconds": GOALS["dood"],
            }
            result["stripboard_ratio"] = result["stripboard_seconds"] / max(
                result["trivial_seconds"], 1e-9
            )
            raise _Rollback
    except _Rollback:
        pass
    return result
