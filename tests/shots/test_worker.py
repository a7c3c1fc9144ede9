"""A real Celery worker makes the storyboard thumbnails once the upload has committed."""

import io
import time

import pytest
from PIL import Image

from shots.models import Frame
from tests.conftest import client_for
from tests.shots.conftest import image_upload, plan_shots

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_makes_a_thumbnail_the_api_then_links(celery_worker_process, scene, coordinator):
    (shot,) = plan_shots(scene, "door")
    api = client_for(coordinator)
    url = f"/api/v1/productions/long-night/scenes/{scene.pk}/shots/{shot.pk}/frames/"
    created = api.post(
        url, {"image": image_upload(size=(1920, 1080), fmt="JPEG")}, format="multipart"
    )
    assert created.status_code == 201
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        frame = Frame.objects.get(pk=created.json()["id"])
        if frame.thumbnail:
            break
        time.sleep(0.3)
    else:
        pytest.fail(f"No thumbnail in 30 s:\n{celery_worker_process['log'].read_text()}")
    with frame.thumbnail.open("rb") as file, Image.open(io.BytesIO(file.read())) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (480, 270)
    listed = api.get(f"/api/v1/productions/long-night/scenes/{scene.pk}/shots/").json()
    assert listed[0]["frames"][0]["thumbnail_url"].endswith(f"/shot-frames/{frame.pk}/thumbnail/")
