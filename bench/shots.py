"""Benchmark of the day's shot list: 200 shots over a day's 8 scenes (goal 100 ms).

``bench_day_shot_list(shots=200)`` builds a production with one shoot day of 8 scenes, each
with its share of 200 shots in 12 setups and two characters in frame, then times what the
day's shot list page and endpoint do: read the day's shots, put them in setup order, count
them and serialise them as the API does. Median of repeated runs; everything it builds is
deleted afterwards.
"""

import statistics
import time as clock
from datetime import date

from django.db import transaction

from productions.models import Character, Production, Scene
from schedules.models import ScheduleVersion, ShootDay, Strip
from shots import selectors
from shots.api.serializers import DayShotListSerializer
from shots.models import Shot

GOAL = 0.1
SCENES = 8


def _production(shots: int) -> tuple[Production, ShootDay]:
    production = Production.objects.create(title="Bench shots", slug="bench-shots")
    version = ScheduleVersion.objects.create(production=production, name="Bench", is_active=True)
    day = ShootDay.objects.create(version=version, date=date(2027, 3, 1))
    maya = Character.objects.create(production=production, name="MAYA", cast_id="1")
    daniel = Character.objects.create(production=production, name="DANIEL", cast_id="2")
    scenes = Scene.objects.bulk_create(
        Scene(production=production, number=str(n + 1), set_name=f"SET {n}", script_order=n)
        for n in range(SCENES)
    )
    Strip.objects.bulk_create(
        Strip(version=version, day=day, order=n, scene=scene) for n, scene in enumerate(scenes)
    )
    made = Shot.objects.bulk_create(
        Shot(
            production=production,
            scene=scenes[n % SCENES],
            position=n,
            number=f"{n % SCENES + 1}-{n}",
            description=f"Shot {n}",
            setup=f"Setup {n % 12}",
            estimated_minutes=5 + n % 10,
        )
        for n in range(shots)
    )
    through = Shot.characters.through
    through.objects.bulk_create(
        through(shot_id=shot.pk, character_id=c.pk) for shot in made for c in (maya, daniel)
    )
    return production, day


def bench_day_shot_list(shots: int = 200, runs: int = 15) -> dict:
    with transaction.atomic():
        production, day = _production(shots)
    times = []
    try:
        for _ in range(runs):
            started = clock.perf_counter()
            listing = selectors.day_shot_list(production, day, "setup")
            data = DayShotListSerializer(
                {
                    "order": listing.order,
                    "minutes": listing.minutes,
                    "setups": listing.setups,
                    "counts": listing.counts,
                    "shots": listing.shots,
                },
                context={"production": production},
            ).data
            times.append(clock.perf_counter() - started)
    finally:
        production.delete()
    return {
        "seconds": round(statistics.median(times), 4),
        "goal_seconds": GOAL,
        "shots": len(data["shots"]),
        "setups": data["setups"],
    }
