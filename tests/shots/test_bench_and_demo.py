"""The shots benchmark runs and says what it measured; the demo plans its first days."""

import pytest

from bench.shots import bench_day_shot_list
from productions.models import Production
from shots.models import Frame, Shot

pytestmark = pytest.mark.django_db


def test_the_day_shot_list_benchmark_reports_its_time_and_goal():
    result = bench_day_shot_list(shots=40, runs=2)
    assert set(result) >= {"seconds", "goal_seconds"}
    assert result["goal_seconds"] == 0.1 and result["shots"] == 40 and result["setups"] == 12
    assert not Production.objects.filter(slug="bench-shots").exists()


def test_the_demo_plans_the_first_days_scenes_once(production, owner):
    from crew.services import departments_ensure_standard
    from demo.breakdown import demo_breakdown_seed
    from demo.schedule import demo_schedule_seed
    from demo.shots import demo_shots_seed
    from schedules import selectors as schedule_selectors

    departments_ensure_standard()
    demo_breakdown_seed(production, owner)
    demo_schedule_seed(production, owner)
    assert demo_shots_seed(production, owner) > 0
    shots = Shot.objects.filter(production=production)
    assert shots.count() >= 10
    assert Frame.objects.filter(shot__production=production).exclude(thumbnail="").exists()
    planned = {shot.scene for shot in shots}
    assert all(scene.estimated_minutes_source == "shots" for scene in planned)
    first_day = schedule_selectors.board_for(production).days[0]
    on_day = [strip.scene for strip in first_day.scenes]
    assert on_day and all(scene in planned for scene in on_day)
    before = shots.count()
    assert demo_shots_seed(production) == 0
    assert Shot.objects.filter(production=production).count() == before
