"""Benchmark of a department mention: ``@camera`` reaching 200 people (goal 200 ms).

``bench_mention_fanout(people=200)`` builds a production whose Camera department has
``people`` members with accounts, then times ``comment_create`` with ``@camera`` through its
commit: the comment, 200 notifications, 200 email rows, the 200 live messages to their open
pages, and the emails queued (``task_always_eager`` off, the in-memory broker), not sent. The
emails go to the broker as one fan-out task that a worker turns into 200 sends; each row is in
the outbox already, so a lost message is still sent by the sweep. Everything it builds is
deleted afterwards.

Alone: ``DATABASE_URL=… python manage.py shell -c "from bench.collaboration import
bench_mention_fanout as b; print(b())"`` with REDIS_URL unset.
"""

import statistics
import time as clock

from django.contrib.auth import get_user_model
from django.db import transaction

from collaboration import services
from collaboration.models import Notification
from crew.models import Assignment, Department, Person
from crew.services import departments_ensure_standard
from productions.models import Membership, Production, Scene

GOAL = 0.2


def _production(people: int):
    departments_ensure_standard()
    camera = Department.objects.get(name="Camera", production=None)
    production = Production.objects.create(title="Bench mentions", slug="bench-mentions")
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bench-cam-{n}", email=f"cam{n}@bench.example") for n in range(people + 1)
    )
    author, crew = users[0], users[1:]
    Membership.objects.bulk_create(
        [Membership(production=production, user=author, access=Membership.Access.PRODUCER)]
        + [Membership(production=production, user=u, access=Membership.Access.CREW) for u in crew]
    )
    persons = Person.objects.bulk_create(Person(name=u.username, user=u) for u in crew)
    Assignment.objects.bulk_create(
        Assignment(production=production, person=p, department=camera, title="Camera")
        for p in persons
    )
    scene = Scene.objects.create(production=production, number="1", set_name="STAGE")
    return production, author, scene, users, persons


def bench_mention_fanout(people: int = 200, runs: int = 5, queue: bool = True) -> dict:
    """Time the mention; ``queue=False`` leaves Celery as it is (the tests run it eagerly)."""
    from studio.celery import app

    if queue and not str(app.conf.broker_url).startswith("memory://"):
        raise RuntimeError("Run the mention benchmark with the in-memory broker (no REDIS_URL).")
    production, author, scene, users, persons = _production(people)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = eager if not queue else False
    times = []
    try:
        for _ in range(runs):
            started = clock.perf_counter()
            with transaction.atomic():
                services.comment_create(
                    production=production, by=author, on=f"scene:{scene.pk}", body="@camera go"
                )
            times.append(clock.perf_counter() - started)
        reached = Notification.objects.filter(production=production, kind="mentions").count()
    finally:
        app.conf.task_always_eager = eager
        Assignment.objects.filter(production=production).delete()
        Person.objects.filter(pk__in=[p.pk for p in persons]).delete()
        production.delete()
        get_user_model().objects.filter(pk__in=[u.pk for u in users]).delete()
    return {
        "seconds": round(statistics.median(times), 4),
        "goal_seconds": GOAL,
        "people": people,
        "notified": reached // runs,
    }
