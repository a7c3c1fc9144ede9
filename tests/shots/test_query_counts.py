"""The shot list, the storyboard and the day's shot list run as many queries for 40 shots as
for 4."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shots import frames
from tests.conftest import client_for
from tests.factories import SceneFactory
from tests.shots.conftest import image_upload, plan_shots

pytestmark = pytest.mark.django_db


def _fill(production, scenes, per_scene, cast):
    for scene in scenes:
        scene.characters.set(cast.values())
        shots = plan_shots(scene, *[f"setup {n % 3}" for n in range(per_scene)])
        for shot in shots:
            shot.characters.set(cast.values())
        frames.frame_add(shot=shots[0], upload=image_upload())


def count(get) -> int:
    get()  # the first request loads the session too
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.fixture
def sized(production, day_plan, cast, coordinator):
    """Return a function that plans ``per_scene`` shots in each of the day's scenes."""

    def make(per_scene):
        from shots.models import Shot

        Shot.objects.all().delete()
        _fill(production, day_plan["scenes"], per_scene, cast)
        return day_plan

    return make


def test_the_pages_run_the_same_queries_for_4_and_40_shots(sized, coordinator):
    client = Client()
    client.force_login(coordinator)
    counts = {}
    for size in (2, 20):
        plan = sized(size)
        scene, day = plan["scenes"][0], plan["day"]
        paths = [
            f"/productions/long-night/scenes/{scene.pk}/shots/",
            f"/productions/long-night/scenes/{scene.pk}/storyboard/",
            f"/productions/long-night/schedule/days/{day.pk}/shots/",
        ]
        counts[size] = [count(lambda path=path: client.get(path)) for path in paths]
    assert counts[2] == counts[20], counts


def test_the_api_lists_run_the_same_queries_for_4_and_40_shots(
    sized, coordinator, django_assert_max_num_queries
):
    api = client_for(coordinator)
    counts = {}
    for size in (2, 20):
        plan = sized(size)
        scene, day = plan["scenes"][0], plan["day"]
        paths = [
            f"/api/v1/productions/long-night/scenes/{scene.pk}/shots/",
            f"/api/v1/productions/long-night/shoot-days/{day.pk}/shots/",
        ]
        counts[size] = [count(lambda path=path: api.get(path)) for path in paths]
        # The production and membership, the scene or day, the shots, their cast and frames.
        with django_assert_max_num_queries(6):
            api.get(paths[0])
        with django_assert_max_num_queries(8):
            api.get(paths[1])
    assert counts[2] == counts[20], counts


def test_the_day_list_does_not_grow_with_other_scenes(production, sized, coordinator):
    plan = sized(3)
    for n in range(5):
        plan_shots(SceneFactory(production=production, number=f"9{n}"), "x")
    api = client_for(coordinator)
    listing = api.get(f"/api/v1/productions/long-night/shoot-days/{plan['day'].pk}/shots/").json()
    assert listing["counts"]["total"] == 6
