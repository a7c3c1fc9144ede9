"""The Shots API as the contract fixes it: lists, order, frames, the day's shots, marks."""

import pytest

from shots.models import Frame, Shot
from tests.conftest import client_for
from tests.shots.conftest import image_upload, plan_shots

pytestmark = pytest.mark.django_db


def shots_url(scene, suffix=""):
    return f"/api/v1/productions/long-night/scenes/{scene.pk}/shots/{suffix}"


def test_a_coordinator_plans_a_shot_with_the_contracts_fields(scene, coordinator, cast):
    api = client_for(coordinator)
    response = api.post(
        shots_url(scene),
        {
            "description": "Maya opens the door",
            "size": "MCU",
            "angle": "low",
            "movement": "dolly",
            "lens": 50,
            "camera": "b",
            "frame_rate": "48",
            "characters": [cast["MAYA"].pk],
            "sound": "mos",
            "setup": "Door",
            "estimated_minutes": 15,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {
        "id",
        "number",
        "position",
        "description",
        "size",
        "angle",
        "movement",
        "lens",
        "camera",
        "frame_rate",
        "characters",
        "sound",
        "setup",
        "estimated_minutes",
        "status",
        "frames",
    } <= set(body)
    assert (body["number"], body["camera"], body["status"], body["frames"]) == (
        "12A",
        "B",
        "planned",
        [],
    )
    listed = api.get(shots_url(scene)).json()
    assert [shot["number"] for shot in listed] == ["12A"]
    scene_body = api.get(f"/api/v1/productions/long-night/scenes/{scene.pk}/").json()
    assert scene_body["estimated_minutes"] == 15 + 20
    assert scene_body["estimated_minutes_source"] == "shots"


def test_bad_values_are_refused_in_words_and_change_nothing(scene, coordinator, production):
    api = client_for(coordinator)
    from tests.factories import cast_member

    stranger = cast_member(production, "RUTH", "3")
    for data, field in (
        ({"size": "huge"}, "size"),
        ({"estimated_minutes": -5}, "estimated_minutes"),
        ({"characters": [stranger.pk]}, "characters"),
        ({"characters": [999999]}, "characters"),
    ):
        response = api.post(shots_url(scene), data, format="json")
        assert response.status_code == 400, data
        assert response.json()["message"] and field in response.json()["errors"], response.json()
    assert not Shot.objects.exists()


def test_put_order_renumbers_and_patch_locks(scene, coordinator):
    a, b, c = plan_shots(scene, "w", "w", "c")
    api = client_for(coordinator)
    assert (
        api.patch(shots_url(scene, f"{a.pk}/"), {"number_locked": True}, format="json").status_code
        == 200
    )
    response = api.put(shots_url(scene, "order/"), {"shots": [c.pk, b.pk, a.pk]}, format="json")
    assert response.status_code == 200
    assert [(s["id"], s["number"]) for s in response.json()] == [
        (c.pk, "12B"),
        (b.pk, "12C"),
        (a.pk, "12A"),
    ]
    bad = api.put(shots_url(scene, "order/"), {"shots": [c.pk]}, format="json")
    assert bad.status_code == 400 and "leaves out" in bad.json()["message"]


def test_duplicate_move_and_delete(scene, coordinator, production):
    from tests.factories import SceneFactory

    other = SceneFactory(production=production, number="20")
    (a,) = plan_shots(scene, "w")
    api = client_for(coordinator)
    copy = api.post(shots_url(scene, f"{a.pk}/duplicate/")).json()
    assert copy["number"] == "12B"
    moved = api.post(shots_url(scene, f"{copy['id']}/move/"), {"scene": other.pk}, format="json")
    assert moved.status_code == 200 and moved.json()["number"] == "20A"
    assert api.delete(shots_url(other, f"{copy['id']}/")).status_code == 204
    assert list(Shot.objects.values_list("number", flat=True)) == ["12A"]


def test_frames_are_checked_by_what_they_are_not_what_they_are_called(scene, coordinator):
    (shot,) = plan_shots(scene, "w")
    api = client_for(coordinator)
    url = shots_url(scene, f"{shot.pk}/frames/")
    good = api.post(url, {"image": image_upload("board.png")}, format="multipart")
    assert good.status_code == 201, good.json()
    assert good.json()["url"].endswith(f"/shot-frames/{good.json()['id']}/image/")
    assert good.json()["thumbnail_url"] is None  # a task makes it once the upload commits
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("frame.png", b"this is a shot list, not a picture", "image/png")
    response = api.post(url, {"image": fake}, format="multipart")
    assert response.status_code == 400
    assert "not an image" in response.json()["message"]
    gif = image_upload("frame.gif", fmt="GIF")
    response = api.post(url, {"image": gif}, format="multipart")
    assert response.status_code == 415 and "PNG, JPEG or WebP" in response.json()["message"]
    assert Frame.objects.count() == 1


def noisy_png():
    import io
    import random

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    noise = random.Random(7).randbytes(200 * 200 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (200, 200), noise).save(buffer, "PNG")
    return SimpleUploadedFile("noise.png", buffer.getvalue(), "image/png")


def test_a_frame_over_the_size_limit_is_refused(scene, coordinator, monkeypatch):
    from shots import frames

    monkeypatch.setattr(frames, "MAX_FRAME_BYTES", 1000)
    (shot,) = plan_shots(scene, "w")
    response = client_for(coordinator).post(
        shots_url(scene, f"{shot.pk}/frames/"),
        {"image": noisy_png()},
        format="multipart",
    )
    assert response.status_code == 413 and "limit" in response.json()["message"]
    assert not Frame.objects.exists()


def test_the_days_shots_in_setup_and_script_order(day_plan, coordinator, production):
    scene12, scene13 = day_plan["scenes"]
    plan_shots(scene12, "door", "window", "door")
    plan_shots(scene13, "window")
    api = client_for(coordinator)
    url = f"/api/v1/productions/long-night/shoot-days/{day_plan['day'].pk}/shots/"
    setup = api.get(url).json()
    assert setup["order"] == "setup"
    assert [(s["scene"], s["setup"]) for s in setup["shots"]] == [
        (scene12.pk, "door"),
        (scene12.pk, "door"),
        (scene12.pk, "window"),
        (scene13.pk, "window"),
    ]
    assert setup["minutes"] == 40 + 2 * 20
    script = api.get(url + "?order=script").json()
    assert [s["number"] for s in script["shots"]] == ["12A", "12B", "12C", "13A"]
    assert script["minutes"] == 40 + 4 * 20
    assert api.get(url + "?order=random").status_code == 400


def test_the_set_marks_a_shot(scene, crew_member):
    (shot,) = plan_shots(scene, "w")
    api = client_for(crew_member)
    url = f"/api/v1/productions/long-night/shots/{shot.pk}/mark/"
    response = api.post(url, {"status": "shot"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "shot"
    assert response.json()["number_locked"] is True
    assert api.post(url, {"status": "cut"}, format="json").status_code == 400


def test_switching_a_scene_back_to_its_plan_answers_the_plans_time(scene, coordinator):
    plan_shots(scene, "wide", "close", minutes=15)
    api = client_for(coordinator)
    url = f"/api/v1/productions/long-night/scenes/{scene.pk}/"
    manual = api.patch(url, {"estimated_minutes": 90}, format="json").json()
    assert (manual["estimated_minutes"], manual["estimated_minutes_source"]) == (90, "manual")
    back = api.patch(url, {"estimated_minutes_source": "shots"}, format="json")
    assert back.status_code == 200, back.content
    assert (back.json()["estimated_minutes"], back.json()["estimated_minutes_source"]) == (
        15 + 15 + 2 * 20,
        "shots",
    )
