"""Planning a scene: numbers, order, duplicates, moves, marks and the scene's time."""

import pytest

from core.exceptions import ApplicationError
from productions import services as production_services
from productions.models import Scene
from shots import services
from shots.models import Shot
from tests.factories import SceneFactory
from tests.shots.conftest import image_upload, plan_shots

pytestmark = pytest.mark.django_db


def numbers(scene) -> list[str]:
    return list(
        Shot.objects.filter(scene=scene).order_by("position").values_list("number", flat=True)
    )


def test_shots_are_numbered_after_the_scene_in_plan_order(scene):
    plan_shots(scene, "wide", "wide", "close")
    assert numbers(scene) == ["12A", "12B", "12C"]


def test_reorder_renumbers_and_keeps_every_shot(scene):
    a, b, c = plan_shots(scene, "wide", "wide", "close")
    services.shots_reorder(scene=scene, order=[c.pk, a.pk, b.pk])
    shots = list(Shot.objects.filter(scene=scene).order_by("position"))
    assert [s.pk for s in shots] == [c.pk, a.pk, b.pk]
    assert [s.number for s in shots] == ["12A", "12B", "12C"]


def test_a_locked_number_survives_a_reorder(scene):
    a, b, c = plan_shots(scene, "wide", "wide", "close")
    services.shot_mark(shot=a, status="shot")  # in the can: locked
    services.shots_reorder(scene=scene, order=[b.pk, c.pk, a.pk])
    assert {s.pk: s.number for s in Shot.objects.filter(scene=scene)} == {
        a.pk: "12A",
        b.pk: "12B",
        c.pk: "12C",
    }
    services.shots_reorder(scene=scene, order=[c.pk, a.pk, b.pk])
    assert numbers(scene) == ["12B", "12A", "12C"]


def test_a_reorder_that_leaves_out_a_shot_is_refused_and_changes_nothing(scene, production):
    a, b, c = plan_shots(scene, "wide", "wide", "close")
    foreign = plan_shots(SceneFactory(production=production, number="99"), "x")[0]
    for order, words in (
        ([c.pk, a.pk], "leaves out 1"),
        ([c.pk, a.pk, a.pk], "comes once"),
        ([c.pk, a.pk, foreign.pk], "not in scene 12"),
    ):
        with pytest.raises(ApplicationError, match=words):
            services.shots_reorder(scene=scene, order=order)
    assert numbers(scene) == ["12A", "12B", "12C"]


def test_step_up_and_down_moves_one_place(scene):
    a, b, c = plan_shots(scene, "wide", "wide", "close")
    services.shot_step(shot=c, direction="up")
    assert list(
        Shot.objects.filter(scene=scene).order_by("position").values_list("pk", flat=True)
    ) == [a.pk, c.pk, b.pk]
    services.shot_step(shot=a, direction="up")  # already first: stays
    services.shot_step(shot=a, direction="down")
    assert list(
        Shot.objects.filter(scene=scene).order_by("position").values_list("pk", flat=True)
    ) == [c.pk, a.pk, b.pk]


def test_duplicate_copies_the_shot_right_after_it(scene, cast):
    a, b = plan_shots(scene, "wide", "close")
    services.shot_update(shot=a, characters=[cast["MAYA"]], description="Maya at the door", lens=35)
    copy = services.shot_duplicate(shot=a)
    shots = list(Shot.objects.filter(scene=scene).order_by("position"))
    assert [s.pk for s in shots] == [a.pk, copy.pk, b.pk]
    assert (copy.description, copy.lens, copy.number) == ("Maya at the door", 35, "12B")
    assert list(copy.characters.all()) == [cast["MAYA"]]


def test_move_to_another_scene_keeps_the_shot_and_both_times_follow(production, scene, cast):
    other = SceneFactory(production=production, number="14")
    other.characters.set([cast["MAYA"]])
    a, b = plan_shots(scene, "wide", "close")
    services.shot_update(shot=b, characters=[cast["MAYA"], cast["DANIEL"]])
    moved = services.shot_move_to_scene(shot=b, scene=other)
    assert (moved.scene_id, moved.number) == (other.pk, "14A")
    assert list(moved.characters.all()) == [cast["MAYA"]]  # DANIEL is not in 14
    scene.refresh_from_db()
    other.refresh_from_db()
    assert scene.estimated_minutes == 10 + 20 and other.estimated_minutes == 10 + 20
    assert Shot.objects.count() == 2


def test_a_shot_may_only_frame_the_scenes_own_cast(production, scene):
    from tests.factories import cast_member

    stranger = cast_member(production, "RUTH", "3")
    with pytest.raises(ApplicationError, match="RUTH is not in scene 12"):
        services.shot_create(scene=scene, characters=[stranger])
    assert not Shot.objects.exists()


def test_the_scene_time_follows_its_shots_and_setups(scene, production):
    assert scene.minutes == 60  # a page, from the pages
    plan_shots(scene, "wide", "Wide ", minutes=10)  # one setup, whatever the spacing and case
    scene.refresh_from_db()
    assert scene.estimated_minutes == 10 + 10 + 20
    assert scene.estimated_minutes_source == "shots"
    close = plan_shots(scene, "close", minutes=5)[0]
    scene.refresh_from_db()
    assert scene.estimated_minutes == 25 + 2 * 20
    services.shot_update(shot=close, status="cut")
    scene.refresh_from_db()
    assert scene.estimated_minutes == 40
    services.setup_allowance_set(production=production, minutes=30)
    scene.refresh_from_db()
    assert scene.estimated_minutes == 50


def test_deleting_the_last_shot_gives_the_time_back_to_the_pages(scene):
    (shot,) = plan_shots(scene, "wide")
    services.shot_delete(shot=shot)
    scene.refresh_from_db()
    assert scene.estimated_minutes is None and scene.minutes == 60


def test_the_ads_own_time_wins_until_handed_back(scene):
    plan_shots(scene, "wide")
    production_services.scene_update(scene=scene, estimated_minutes=90)
    scene.refresh_from_db()
    assert scene.estimated_minutes_source == Scene.EstimateSource.MANUAL
    plan_shots(scene, "close")
    scene.refresh_from_db()
    assert scene.estimated_minutes == 90
    services.scene_estimate_from_plan(scene=scene)
    scene.refresh_from_db()
    assert (scene.estimated_minutes, scene.estimated_minutes_source) == (20 + 40, "shots")


def test_marks_from_the_set_lock_the_number_and_refuse_cut_shots(scene, crew_member):
    a, b = plan_shots(scene, "wide", "close")
    marked = services.shot_mark(shot=a, status="shot", by=crew_member)
    assert marked.status == "shot" and marked.number_locked and marked.marked_by == crew_member
    services.shot_update(shot=b, status="cut")
    with pytest.raises(ApplicationError, match="cut from the plan"):
        services.shot_mark(shot=b, status="shot")
    with pytest.raises(ApplicationError, match="Mark a shot"):
        services.shot_mark(shot=a, status="planned")


def test_changes_announce_shot_events(scene, django_capture_on_commit_callbacks):
    from core import events

    seen = []
    events.subscribe(seen_append := lambda pid, event, payload: seen.append((event, payload)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            (shot,) = plan_shots(scene, "wide")
            services.shot_mark(shot=shot, status="shot")
    finally:
        events._subscribers.remove(seen_append)
    names = [event for event, _ in seen]
    assert "shot.changed" in names and "shot.marked" in names
    marked = next(payload for event, payload in seen if event == "shot.marked")
    assert marked["number"] == "12A" and marked["status"] == "shot"


def test_deleting_a_shot_deletes_its_pictures_once_committed(
    scene, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from shots import frames
    from tests.shots.conftest import image_upload

    (shot,) = plan_shots(scene, "door")
    frame = frames.frame_add(shot=shot, upload=image_upload())
    name = frame.image.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.shot_delete(shot=shot)
    assert not default_storage.exists(name)


def test_duplicate_copies_the_storyboard_frames_into_files_of_their_own(scene):
    from shots import frames

    (shot,) = plan_shots(scene, "wide")
    original = frames.frame_add(shot=shot, upload=image_upload(colour="red"))
    frames.frame_add(shot=shot, upload=image_upload(fmt="JPEG", name="b.jpg"))
    copy = services.shot_duplicate(shot=shot)
    copied = list(copy.frames.order_by("position"))
    assert [(f.position, f.content_type) for f in copied] == [(1, "image/png"), (2, "image/jpeg")]
    assert copied[0].image.name != original.image.name
    assert frames.frame_bytes(copied[0]) == frames.frame_bytes(original)
    # Deleting the original's frame leaves the copy's picture in place.
    frames.frame_delete(frame=original)
    assert frames.frame_bytes(copied[0])[1] == "image/png"


def test_handing_the_time_back_through_a_scene_edit_recomputes_it_from_the_plan(scene):
    plan_shots(scene, "wide", "close")
    production_services.scene_update(scene=scene, estimated_minutes=90)
    production_services.scene_update(scene=scene, estimated_minutes_source="shots")
    scene.refresh_from_db()
    assert (scene.estimated_minutes, scene.estimated_minutes_source) == (20 + 40, "shots")
    # Clearing the AD's figure does the same.
    production_services.scene_update(scene=scene, estimated_minutes=75)
    production_services.scene_update(scene=scene, estimated_minutes=None)
    scene.refresh_from_db()
    assert (scene.estimated_minutes, scene.estimated_minutes_source) == (20 + 40, "shots")
