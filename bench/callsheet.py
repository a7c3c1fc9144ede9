"""Benchmark of call sheets at a big day's size: 120 people on one sheet.

``callsheet_fixture`` builds a production with a two-day schedule, a published call sheet for
the first day and ``people`` people on it (a tenth of them cast); the query-count tests build
the same at 10 and 120. ``bench_callsheets()`` times, as medians of repeated runs:

* the personal page by token, as the crew open it (goal 100 ms);
* the PDF of the whole sheet (goal 2 s);
* publishing a revision to everyone, queueing one email each, with the tasks really queued
  (``task_always_eager`` off, an in-memory broker), not run (goal 1 s).

Everything it builds is deleted afterwards. Each function returns a dict with ``seconds``
and ``goal_seconds``, as ``bench/results.json`` takes them.
"""

import statistics
import time as clock
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from callsheets import links as callsheet_links
from callsheets import pdf as callsheet_pdf
from callsheets import selectors
from callsheets import services as callsheet_services
from callsheets.models import CallSheet, CallSheetLink
from crew.models import Assignment, Department, Person
from crew.services import departments_ensure_standard
from productions.models import Character, Location, Membership, Production, Scene
from schedules import services

GOALS = {"page": 0.100, "pdf": 2.0, "publish": 1.0}
DAY = date(2027, 3, 1)  # a Monday
CREW_DEPARTMENTS = ("Direction", "Camera", "Grip", "Electric", "Sound", "Art", "Props",
                    "Costume", "Hair & Makeup", "Locations", "Transport", "Production")  # fmt: skip


def _people(production: Production, slug: str, count: int) -> list[Person]:
    return Person.objects.bulk_create(
        Person(
            name=f"Person {n:03d} {slug}",
            email=f"p{n}.{slug}@example.com",
            phone=f"+1 310 555 {n:04d}",
            phone_private=n % 7 == 3,
        )
        for n in range(count)
    )


def _roles(production: Production, people: list[Person], cast: int) -> list[Assignment]:
    departments_ensure_standard()
    by_name = {d.name: d for d in Department.objects.filter(production=None)}
    roles = []
    for n, person in enumerate(people):
        if n < cast:
            kind, department, title = "cast", by_name["Cast"], f"Part {n + 1}"
        else:
            name = CREW_DEPARTMENTS[n % len(CREW_DEPARTMENTS)]
            kind, department, title = "crew", by_name[name], f"{name} crew {n}"
            if n == cast:
                kind, title = "director", "Director"
        roles.append(
            Assignment(
                production=production,
                person=person,
                department=department,
                title=title,
                role_kind=kind,
                key_contact=n in (cast, cast + 1, cast + 2),
                daily_rate=Decimal(800),
            )
        )
    return Assignment.objects.bulk_create(roles)


def _scenes(production: Production, characters: list[Character], place: Location) -> list:
    scenes = Scene.objects.bulk_create(
        Scene(
            production=production,
            number=str(n + 1),
            int_ext="EXT" if n % 2 else "INT",
            set_name=f"{place.name} - ROOM {n}",
            time_of_day="NIGHT" if n % 5 == 4 else "DAY",
            synopsis=f"Something happens in scene {n + 1}.",
            page_eighths=3 + n % 9,
            script_order=n + 1,
            location=place,
        )
        for n in range(14)
    )
    through = Scene.characters.through
    through.objects.bulk_create(
        through(scene_id=scene.pk, character_id=characters[(n + k) % len(characters)].pk)
        for n, scene in enumerate(scenes)
        for k in range(min(3, len(characters)))
    )
    return scenes


def callsheet_fixture(*, slug: str, people: int, user=None, publish: bool = True) -> CallSheet:
    """Build a production whose first shoot day calls ``people`` people; return its sheet."""
    production = Production.objects.create(
        title=slug.replace("-", " ").title(), slug=slug, time_zone="America/Los_Angeles"
    )
    if user is not None:
        Membership.objects.create(production=production, user=user, access="owner")
    place = Location.objects.create(
        production=production,
        name="DOCKS",
        address="Berth 73, San Pedro, CA",
        latitude=Decimal("33.7226"),
        longitude=Decimal("-118.2769"),
        parking="Port lot on 22nd St.",
        basecamp="Signal St.",
        nearest_hospital="San Pedro Hospital",
        hospital_address="1300 W 7th St, San Pedro",
        hospital_phone="+1 310 555 0131",
    )
    cast = max(2, people // 10)
    roles = _roles(production, _people(production, slug, people), cast)
    characters = Character.objects.bulk_create(
        Character(production=production, name=f"PART {n + 1}", cast_id=str(n + 1), assignment=r)
        for n, r in enumerate(roles[:cast])
    )
    scenes = _scenes(production, characters, place)
    for day, chosen in ((DAY, scenes[:8]), (DAY + timedelta(days=1), scenes[8:])):
        services.shoot_day_add(
            production=production,
            by=user,
            date=day,
            scenes=[s.pk for s in chosen],
            general_call=time(6, 30),
            estimated_wrap=time(18, 30),
            location=place,
        )
    callsheet = callsheet_services.callsheet_generate(production=production, on=DAY, by=user)
    if publish:
        callsheet_services.callsheet_publish(callsheet=callsheet, by=user, send=False)
    return callsheet


def fixture_delete(callsheet: CallSheet) -> None:
    """Delete what ``callsheet_fixture`` built (the production, then its people)."""
    production = callsheet.production
    people = list(production.assignments.values_list("person_id", flat=True))
    production.delete()
    Person.objects.filter(pk__in=people).delete()


def personal_path(callsheet: CallSheet) -> str:
    """Return a personal page's path on the sheet (a crew member's), for load tests."""
    return personal_paths(callsheet)[-1]


def personal_paths(callsheet: CallSheet) -> list[str]:
    """Return the path of every personal page on the sheet."""
    links = CallSheetLink.objects.filter(callsheet=callsheet).order_by("person_id")
    return [f"/c/{callsheet_links.link_token(link)}/" for link in links]


def _median(run: Callable[[], object], times: int) -> float:
    spent = []
    for _ in range(times):
        started = clock.perf_counter()
        run()
        spent.append(clock.perf_counter() - started)
    return statistics.median(spent)


def bench_personal_page(callsheet: CallSheet, runs: int = 30) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    path = personal_path(callsheet)

    def get() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")

    get()  # warm the templates
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        get()
    count = len(queries.captured_queries)
    return {"seconds": _median(get, runs), "goal_seconds": GOALS["page"], "queries": count}


def bench_pdf(callsheet: CallSheet, runs: int = 3) -> dict:
    version = selectors.version_get(callsheet)
    seconds = _median(lambda: callsheet_pdf.sheet_pdf(version.data, paper="a4"), runs)
    pdf = callsheet_pdf.sheet_pdf(version.data, paper="a4")
    return {"seconds": seconds, "goal_seconds": GOALS["pdf"], "bytes": len(pdf)}


def bench_publish(callsheet: CallSheet, runs: int = 5) -> dict:
    """Time publishing a revision to everyone, with the emails queued but not sent."""
    from studio.celery import app

    if not str(app.conf.broker_url).startswith("memory://"):
        # A real broker would hand the emails to a worker: 120 people would get them.
        raise RuntimeError("Run the publish benchmark with the in-memory broker (no REDIS_URL).")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        seconds = _median(lambda: callsheet_services.callsheet_publish(callsheet=callsheet), runs)
    finally:
        app.conf.task_always_eager = eager
    people = selectors.version_get(callsheet).deliveries.count()
    return {"seconds": seconds, "goal_seconds": GOALS["publish"], "people": people}


def _leftovers(slug: str) -> None:
    """Delete what an interrupted run left behind, so the slug is free."""
    for callsheet in CallSheet.objects.filter(production__slug=slug):
        fixture_delete(callsheet)
    Production.objects.filter(slug=slug).delete()


def bench_callsheets(*, people: int = 120) -> dict:
    """Run the three call sheet benchmarks on a day with ``people`` people; change nothing.

    The keys (``page_120``, ``pdf_120``, ``publish_120``) are prefixed ``callsheet_`` by
    ``bench_components``.
    """
    slug = f"bench-callsheet-{people}"
    _leftovers(slug)
    user, _ = get_user_model().objects.get_or_create(username=slug)
    callsheet = callsheet_fixture(slug=slug, people=people, user=user)
    try:
        return {
            f"page_{people}": bench_personal_page(callsheet),
            f"pdf_{people}": bench_pdf(callsheet),
            f"publish_{people}": bench_publish(callsheet),
        }
    finally:
        fixture_delete(callsheet)
        user.delete()
