"""The shot-list pages do what the plan needs: read without script, change by plain forms."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from schedules.models import ScheduleSettings
from shots import frames, services
from shots.models import Frame, Shot
from tests.shots.conftest import image_upload, plan_shots

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(coordinator) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def scene_page(scene) -> str:
    return f"/productions/long-night/scenes/{scene.pk}/shots/"


def test_the_shot_list_shows_the_plan_and_the_scenes_time(client, scene):
    plan_shots(scene, "door", "door", "window", minutes=10)
    text = client.get(scene_page(scene)).content.decode()
    assert "12A" in text and "12C" in text
    assert "3 shots (30 min) and 2 setups at 20 min (40 min)" in text
    assert "1 h 10" in text


def test_adding_a_shot_from_the_page_and_moving_it_up_by_the_keyboard_form(client, scene):
    (first,) = plan_shots(scene, "door")
    response = client.post(
        scene_page(scene),
        {
            "action": "add",
            "description": "Insert: the key",
            "size": "insert",
            "setup": "",
            "estimated_minutes": "5",
        },
    )
    assert response.status_code == 302
    new = Shot.objects.get(description="Insert: the key")
    assert new.number == "12B"
    client.post(scene_page(scene), {"action": "step", "shot": new.pk, "direction": "up"})
    new.refresh_from_db()
    first.refresh_from_db()
    assert (new.number, first.number) == ("12A", "12B")


def test_bad_input_on_the_page_is_shown_in_words_and_changes_nothing(client, scene):
    response = client.post(
        scene_page(scene), {"action": "add", "size": "giant", "estimated_minutes": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Shot.objects.exists()


def test_a_text_file_named_png_is_refused_on_the_shot_page(client, scene):
    (shot,) = plan_shots(scene, "door")
    fake = SimpleUploadedFile("frame.png", b"not really a png", content_type="image/png")
    response = client.post(
        f"/productions/long-night/shots/{shot.pk}/", {"action": "frame_add", "image": fake}
    )
    assert response.status_code == 400
    assert "not an image Studio can read" in response.content.decode()
    assert not Frame.objects.exists()


def test_editing_a_shot_and_moving_it_to_another_scene(client, scene, production, cast):
    from tests.factories import SceneFactory

    other = SceneFactory(production=production, number="30")
    (shot,) = plan_shots(scene, "door")
    response = client.post(
        f"/productions/long-night/shots/{shot.pk}/",
        {
            "action": "save",
            "description": "Maya at the door",
            "size": "CU",
            "angle": "low",
            "movement": "handheld",
            "lens": "85",
            "camera": "A",
            "characters": [cast["MAYA"].pk],
            "sound": "sync",
            "setup": "door",
            "estimated_minutes": "25",
            "status": "planned",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shot.refresh_from_db()
    assert (shot.size, shot.lens, shot.estimated_minutes) == ("CU", 85, 25)
    scene.refresh_from_db()
    assert scene.estimated_minutes == 45
    client.post(f"/productions/long-night/shots/{shot.pk}/", {"action": "move", "scene": other.pk})
    shot.refresh_from_db()
    assert (shot.scene_id, shot.number) == (other.pk, "30A")


def test_the_page_lists_the_board_days_that_now_run_long(client, day_plan, production):
    scene = day_plan["scenes"][0]
    ScheduleSettings.objects.filter(production=production).update(day_capacity_minutes=140)
    plan_shots(scene, "a", "b", minutes=30)  # 60 + 40 for scene 12, and 30 for 13's pages
    assert "now run long" not in client.get(scene_page(scene)).content.decode()
    plan_shots(scene, "c", minutes=30)
    text = client.get(scene_page(scene)).content.decode()
    assert "Days on the board that now run long" in text
    assert "Day 1" in text and "40 min past the day" in text


def test_the_ads_own_time_shows_and_can_be_handed_back(client, scene):
    from productions import services as production_services

    plan_shots(scene, "door")
    production_services.scene_update(scene=scene, estimated_minutes=200)
    assert "the AD's own time" in client.get(scene_page(scene)).content.decode()
    client.post(scene_page(scene), {"action": "from_plan"})
    scene.refresh_from_db()
    assert scene.estimated_minutes == 30


def test_the_storyboard_pdf_holds_six_or_nine_panels_a_page(client, scene):
    shots = plan_shots(scene, *"abcdefg")
    for shot, colour in zip(shots[:3], ("navy", "teal", "olive"), strict=True):
        frames.frame_add(shot=shot, upload=image_upload(colour=colour))
    for frame in Frame.objects.all():
        frames.frame_thumbnail_make(frame_id=frame.pk)
    six = client.get(f"/productions/long-night/scenes/{scene.pk}/storyboard/pdf/?per_page=6")
    assert six["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(six.content))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "12A" in first and "12F" in first and "12G" not in first
    assert "Wide shot" in first
    assert len(reader.pages[0].images) == 3
    nine = client.get(f"/productions/long-night/scenes/{scene.pk}/storyboard/pdf/?per_page=9")
    assert len(PdfReader(io.BytesIO(nine.content)).pages) == 1
    bad = client.get(f"/productions/long-night/scenes/{scene.pk}/storyboard/pdf/?per_page=4")
    assert bad.status_code == 400 and b"6 or 9" in bad.content


def test_the_day_page_groups_by_setup_and_shows_marks(client, day_plan):
    scene12, scene13 = day_plan["scenes"]
    a, b, c = plan_shots(scene12, "door", "window", "door")
    plan_shots(scene13, "window")
    services.shot_mark(shot=b, status="shot")
    url = f"/productions/long-night/schedule/days/{day_plan['day'].pk}/shots/"
    text = client.get(url).content.decode()
    assert text.index("12A") < text.index("12C") < text.index("12B") < text.index("13A")
    assert 'data-status="shot"' in text
    script = client.get(url + "?order=script").content.decode()
    assert script.index("12A") < script.index("12B") < script.index("12C")


def test_frames_are_served_with_their_type_and_the_thumbnail_once_made(client, scene):
    (shot,) = plan_shots(scene, "door")
    frame = frames.frame_add(shot=shot, upload=image_upload(fmt="WEBP", name="f.webp"))
    image = client.get(f"/productions/long-night/shot-frames/{frame.pk}/image/")
    assert image["Content-Type"] == "image/webp" and image["Cache-Control"].startswith("private")
    assert frames.frame_thumbnail_make(frame_id=frame.pk) is True
    assert frames.frame_thumbnail_make(frame_id=frame.pk) is False  # idempotent
    thumb = client.get(f"/productions/long-night/shot-frames/{frame.pk}/thumbnail/")
    assert thumb["Content-Type"] == "image/jpeg"


def test_the_shot_list_links_to_the_days_that_shoot_the_scene(client, day_plan):
    scene = day_plan["scenes"][0]
    text = client.get(scene_page(scene)).content.decode()
    assert f"/productions/long-night/schedule/days/{day_plan['day'].pk}/shots/" in text
    assert "Day 1, Tue 12 Jan" in text


def test_the_ads_day_page_says_when_a_shot_was_marked_in_the_productions_zone(client, day_plan):
    import time_machine

    (shot,) = plan_shots(day_plan["scenes"][0], "door")
    with time_machine.travel("2027-07-12 10:15:00+00:00", tick=False):
        services.shot_mark(shot=shot, status="shot")
    text = client.get(f"/productions/long-night/schedule/days/{day_plan['day'].pk}/shots/").content
    assert b"at 11:15" in text  # London summer time, not UTC
