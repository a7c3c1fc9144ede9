"""Benchmarks of report building and event delivery, each in a transaction it rolls back.

``bench_reports()`` returns the three components ``make bench`` reports:

- ``dood_pdf_60_days_40_cast``: the Day Out of Days PDF of a 300-scene, 60-day, 40-cast
  production, built in-process by the same builder the worker runs (goal: under 3 s);
- ``crew_list_pdf_200_people``: the crew list PDF of 200 people (goal: under 3 s);
- ``webhook_burst_100_events``: 100 events emitted in one transaction, each recorded and
  enqueued for a production's webhook once it commits (goal: under 1 s).

Each is ``{"seconds": …, "goal_seconds": …}``; the seconds are the median of a few runs.
"""

import statistics
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test import TestCase

from bench.stripboard import schedule_fixture
from core.events import emit
from crew.models import Assignment, Department, Person
from productions.models import Production
from reports import builders
from webhooks.models import Webhook, WebhookDelivery

GOALS = {"dood_pdf": 3.0, "crew_list_pdf": 3.0, "event_burst": 1.0}
BENCH_QUEUE = "studio-bench-webhooks"


class _Rollback(Exception):
    """Raised to roll the benchmark's data back."""


@contextmanager
def _rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _median(run: Callable[[], object], times: int) -> float:
    spent = []
    for _ in range(times):
        started = clock.perf_counter()
        run()
        spent.append(clock.perf_counter() - started)
    return statistics.median(spent)


def bench_dood_pdf(*, days: int = 60, cast: int = 40, runs: int = 3) -> dict:
    """Time the Day Out of Days PDF of a feature-sized schedule."""
    result: dict = {}
    with _rolled_back():
        production = schedule_fixture(slug="bench-dood-pdf", scenes=300, days=days, cast=cast)
        builders.dood_pdf(production, {})  # warm the templates and fonts
        seconds = _median(lambda: builders.dood_pdf(production, {}), runs)
        result = {"seconds": round(seconds, 3), "goal_seconds": GOALS["dood_pdf"]}
    return result


def _crew(production: Production, people: int) -> None:
    departments = list(Department.objects.filter(production=None)) or [
        Department.objects.create(name="Crew")
    ]
    persons = Person.objects.bulk_create(
        Person(name=f"Crew Member {n:03d}", phone=f"+1 310 555 {n:04d}") for n in range(people)
    )
    Assignment.objects.bulk_create(
        Assignment(
            production=production,
            person=person,
            department=departments[n % len(departments)],
            title=f"Technician {n % 7 + 1}",
        )
        for n, person in enumerate(persons)
    )


def bench_crew_list_pdf(*, people: int = 200, runs: int = 3) -> dict:
    """Time the crew list PDF of a big crew."""
    result: dict = {}
    with _rolled_back():
        production = Production.objects.create(title="Bench Crew", slug="bench-crew-list")
        _crew(production, people)
        builders.crew_list_pdf(production, {})
        seconds = _median(lambda: builders.crew_list_pdf(production, {}), runs)
        result = {"seconds": round(seconds, 3), "goal_seconds": GOALS["crew_list_pdf"]}
    return result


@contextmanager
def _throwaway_queue() -> Iterator[None]:
    """Send tasks to a queue no worker reads, emptied afterwards: nothing is delivered.

    In-process (no broker) the tasks would run at once; they go to the in-memory broker
    instead, which is what enqueuing costs there.
    """
    from studio.celery import app

    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = BENCH_QUEUE
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(BENCH_QUEUE)


def bench_event_burst(*, events: int = 100, runs: int = 3) -> dict:
    """Time a burst of events, from emitting them to their deliveries recorded and enqueued."""
    result: dict = {}
    with _rolled_back(), _throwaway_queue():
        production = Production.objects.create(title="Bench Events", slug="bench-events")
        # Saved directly: the registration's DNS check has no place in a benchmark.
        Webhook.objects.create(
            production=production,
            url="https://hooks.example.com/studio",
            secret="whsec_bench",
            events=["schedule.changed"],
        )

        def burst() -> None:
            # The subscribers run as they would on commit, inside the rolled-back transaction.
            with TestCase.captureOnCommitCallbacks(execute=True):
                for n in range(events):
                    emit(
                        production_id=production.pk,
                        event="schedule.changed",
                        payload={"revision": n},
                    )

        seconds = _median(burst, runs)
        recorded = WebhookDelivery.objects.filter(webhook__production=production).count()
        if recorded != events * runs:
            raise RuntimeError(f"{recorded} deliveries recorded for {events * runs} events")
        result = {"seconds": round(seconds, 3), "goal_seconds": GOALS["event_burst"]}
    return result


def bench_reports() -> dict:
    """Return the three components, keyed as ``make bench`` lists them."""
    return {
        "dood_pdf_60_days_40_cast": bench_dood_pdf(),
        "crew_list_pdf_200_people": bench_crew_list_pdf(),
        "webhook_burst_100_events": bench_event_burst(),
    }
