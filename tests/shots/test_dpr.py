"""The daily production report starts from the set's marks: each scene with a shot list is
shot, part shot or not shot as its shots were, with the shots done and carried over named."""

import pytest
from django.test import Client
from django.urls import reverse

from reports import dpr_services
from reports.models import DailyReportScene
from shots import services
from tests.shots.conftest import DAY_ONE, plan_shots

pytestmark = pytest.mark.django_db


def test_the_dpr_prefill_matches_what_the_set_marked(day_plan, owner, production):
    scene12, scene13 = day_plan["scenes"]
    a, b, c = plan_shots(scene12, "door", "window", "door", minutes=10)
    services.shot_update(shot=c, estimated_minutes=20)
    (d,) = plan_shots(scene13, "window")
    services.shot_mark(shot=a, status="shot")
    services.shot_mark(shot=b, status="shot")
    services.shot_mark(shot=c, status="not_shot")  # carried over

    report = dpr_services.dpr_start(production=production, date=DAY_ONE, by=owner)

    rows = {row.scene_id: row for row in DailyReportScene.objects.filter(report=report)}
    part = rows[scene12.pk]
    assert part.status == "part_shot"
    assert part.note == "Shots done: 12A, 12B; carried over: 12C"
    assert part.eighths_shot == 4  # half the planned minutes done: half of 8 eighths
    assert (rows[scene13.pk].status, rows[scene13.pk].eighths_shot) == ("not_shot", 0)
    assert rows[scene13.pk].note == "Carried over: 13A"

    client = Client()
    client.force_login(owner)
    page = client.get(reverse("reports:dpr_detail", args=["long-night", DAY_ONE.isoformat()]))
    assert page.status_code == 200
    assert "Shots done: 12A, 12B; carried over: 12C" in page.content.decode()


def test_a_scene_whose_shots_are_all_done_is_shot_in_full(day_plan, owner, production):
    scene12, scene13 = day_plan["scenes"]
    for shot in plan_shots(scene12, "door", "window"):
        services.shot_mark(shot=shot, status="shot")
    report = dpr_services.dpr_start(production=production, date=DAY_ONE, by=owner)
    rows = {row.scene_id: row for row in DailyReportScene.objects.filter(report=report)}
    assert (rows[scene12.pk].status, rows[scene12.pk].eighths_shot) == ("shot", 8)
    # A scene without a shot list starts as before: shot in full, no note.
    assert (rows[scene13.pk].status, rows[scene13.pk].note) == ("shot", "")
