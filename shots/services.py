"""Every write of the shot lists: shots, their order and numbers, marks from the set, and the
scene times that follow from the plan. Storyboard frames are in ``shots.frames``."""

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from core import events
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Character, Production, Scene
from shots import frames, plan, selectors
from shots.models import Frame, Shot

SHOT_FIELDS = (
    "description",
    "size",
    "angle",
    "movement",
    "lens",
    "camera",
    "frame_rate",
    "sound",
    "setup",
    "estimated_minutes",
    "status",
    "number_locked",
    "vfx_notes",
    "sfx_notes",
    "stunt_notes",
    "props_notes",
    "notes",
)
MARKS = (Shot.Status.SHOT, Shot.Status.NOT_SHOT)


# ---------------------------------------------------------------- the scene's time


def scene_estimate_refresh(*, scene: Scene) -> Scene:
    """Write the plan's time into the scene, which the board, the optimizer and the call sheet
    read, unless the AD set the time by hand. A scene with no shots left goes back to its
    pages' estimate."""
    if scene.estimated_minutes_source != Scene.EstimateSource.SHOTS:
        return scene
    shots = list(
        Shot.objects.filter(scene=scene).only("pk", "setup", "status", "estimated_minutes")
    )
    estimate = selectors.scene_estimate(scene, shots, scene.production.setup_allowance_minutes)
    minutes = estimate.minutes if estimate.shots else None
    if scene.estimated_minutes != minutes:
        scene.estimated_minutes = minutes
        # save(), not update(): the crew's cached call-sheet pages listen for scene saves.
        scene.save(update_fields=["estimated_minutes", "updated_at"])
    return scene


@transaction.atomic
def scene_estimate_from_plan(*, scene: Scene, by=None) -> Scene:
    """Hand the scene's time back to the shot list (undoing the AD's own figure)."""
    scene.estimated_minutes_source = Scene.EstimateSource.SHOTS
    scene.save(update_fields=["estimated_minutes_source", "updated_at"])
    scene_estimate_refresh(scene=scene)
    _announce(scene.production, "estimate_from_plan", scene)
    return scene


@transaction.atomic
def setup_allowance_set(*, production: Production, minutes: int, by=None) -> Production:
    """Change the minutes each setup adds, and every planned scene's time with it."""
    production.setup_allowance_minutes = minutes
    save_validated(production)
    scenes = production.scenes.filter(
        estimated_minutes_source=Scene.EstimateSource.SHOTS, shots__isnull=False
    ).distinct()
    for scene in scenes:
        scene.production = production
        scene_estimate_refresh(scene=scene)
    events.emit(
        production_id=production.pk,
        event="shot.changed",
        payload={"cause": "setup_allowance", "setup_allowance_minutes": minutes},
    )
    return production


# ---------------------------------------------------------------- numbers and order


def _renumber(scene: Scene) -> list[Shot]:
    """Give the scene's shots positions 1… in their order, and numbers unless locked."""
    shots = list(Shot.objects.filter(scene=scene).order_by("position", "pk"))
    numbers = plan.numbers(scene.number, [(s.number_locked, s.number) for s in shots])
    changed = []
    for position, (shot, number) in enumerate(zip(shots, numbers, strict=True), start=1):
        if (shot.position, shot.number) != (position, number):
            shot.position, shot.number = position, number
            changed.append(shot)
    Shot.objects.bulk_update(changed, ["position", "number"])
    return shots


def _announce(production: Production, cause: str, scene: Scene, shots=()) -> None:
    events.emit(
        production_id=production.pk,
        event="shot.changed",
        payload={
            "cause": cause,
            "scene": scene.pk,
            "scene_number": scene.number,
            "shots": [shot.pk for shot in shots],
            "estimated_minutes": scene.estimated_minutes,
        },
    )


def _plan_changed(scene: Scene, cause: str, shots=()) -> None:
    _renumber(scene)
    scene_estimate_refresh(scene=scene)
    _announce(scene.production, cause, scene, shots)


def _lock_scene(scene: Scene) -> Scene:
    """Serialise plan changes to one scene, so two reorders never interleave their numbers."""
    return Scene.objects.select_for_update().select_related("production").get(pk=scene.pk)


def _characters(scene: Scene, characters) -> list[Character]:
    """Refuse characters who are not in the scene: a shot frames the scene's own cast."""
    characters = list(characters or [])
    in_scene = set(scene.characters.values_list("pk", flat=True))
    strangers = [c for c in characters if c.pk not in in_scene]
    if strangers:
        message = f"{strangers[0].name} is not in scene {scene.number}."
        raise ApplicationError(message, errors={"characters": [message]})
    return characters


def _apply(shot: Shot, fields: dict[str, Any]) -> Shot:
    unknown = set(fields) - set(SHOT_FIELDS)
    if unknown:
        raise ApplicationError(f"A shot has no field {sorted(unknown)[0]!r}.")
    for key, value in fields.items():
        if key in ("description", "setup", "camera") and isinstance(value, str):
            value = " ".join(value.split())
        setattr(shot, key, value)
    if shot.camera:
        shot.camera = shot.camera.upper()
    return shot


@transaction.atomic
def shot_create(*, scene: Scene, by=None, characters=None, **fields: Any) -> Shot:
    """Add a shot at the end of the scene's plan."""
    scene = _lock_scene(scene)
    chosen = _characters(scene, characters)
    last = Shot.objects.filter(scene=scene).aggregate(last=Max("position"))["last"] or 0
    shot = _apply(Shot(production=scene.production, scene=scene, position=last + 1), fields)
    save_validated(shot)
    shot.characters.set(chosen)
    _plan_changed(scene, "shot_create", [shot])
    shot.refresh_from_db()
    return shot


@transaction.atomic
def shot_update(*, shot: Shot, by=None, characters=None, **fields: Any) -> Shot:
    """Change a shot; ``characters``, when given, replace those in frame."""
    scene = _lock_scene(shot.scene)
    _apply(shot, fields)
    if fields.get("status") in MARKS:
        _marked(shot, by)
    save_validated(shot)
    if characters is not None:
        shot.characters.set(_characters(scene, characters))
    _plan_changed(scene, "shot_update", [shot])
    shot.refresh_from_db()
    return shot


@transaction.atomic
def shot_delete(*, shot: Shot, by=None) -> None:
    scene = _lock_scene(shot.scene)
    pk = shot.pk
    files = [
        name for frame in shot.frames.all() for name in (frame.image.name, frame.thumbnail.name)
    ]
    storage = Frame.image.field.storage
    shot.delete()
    # The pictures go once the delete has committed: a rolled-back delete keeps them.
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    shot.pk = pk
    _plan_changed(scene, "shot_delete", [shot])


@transaction.atomic
def shots_reorder(*, scene: Scene, order: list[int], by=None) -> list[Shot]:
    """Put the scene's shots in ``order`` (every shot of the scene, each once)."""
    scene = _lock_scene(scene)
    shots = {shot.pk: shot for shot in Shot.objects.filter(scene=scene)}
    try:
        order = [int(pk) for pk in order]
    except (TypeError, ValueError):
        raise ApplicationError(
            "Give the new order as a list of shot ids.", errors={"shots": ["Ids are numbers."]}
        ) from None
    if len(order) != len(set(order)):
        message = "Each shot comes once in the new order."
        raise ApplicationError(message, errors={"shots": [message]})
    if set(order) != set(shots):
        missing = sorted(set(shots) - set(order))
        strangers = sorted(set(order) - set(shots))
        message = (
            f"Shot {strangers[0]} is not in scene {scene.number}."
            if strangers
            else f"The new order leaves out {len(missing)} of the scene's shots; list them all."
        )
        raise ApplicationError(message, errors={"shots": [message]})
    for position, pk in enumerate(order, start=1):
        shots[pk].position = position
    Shot.objects.bulk_update(shots.values(), ["position"])
    _plan_changed(scene, "shots_reorder", shots.values())
    return selectors.shots_of_scene(scene)


@transaction.atomic
def shot_step(*, shot: Shot, direction: str, by=None) -> Shot:
    """Move a shot one place up or down in the plan (the keyboard's and no-script reorder)."""
    if direction not in ("up", "down"):
        raise ApplicationError('Move a shot "up" or "down".')
    scene = _lock_scene(shot.scene)
    ids = list(
        Shot.objects.filter(scene=scene).order_by("position", "pk").values_list("pk", flat=True)
    )
    index = ids.index(shot.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        shots_reorder(scene=scene, order=ids, by=by)
    shot.refresh_from_db()
    return shot


@transaction.atomic
def shot_duplicate(*, shot: Shot, by=None) -> Shot:
    """Copy a shot and its storyboard frames (not its marks) right after the original."""
    scene = _lock_scene(shot.scene)
    characters = list(shot.characters.all())
    Shot.objects.filter(scene=scene, position__gt=shot.position).update(position=F("position") + 1)
    copy = Shot(
        production=scene.production,
        scene=scene,
        position=shot.position + 1,
        **{
            key: getattr(shot, key) for key in SHOT_FIELDS if key not in ("status", "number_locked")
        },
    )
    save_validated(copy)
    copy.characters.set(characters)
    frames.frames_copy(source=shot, target=copy, by=by)
    _plan_changed(scene, "shot_duplicate", [copy])
    copy.refresh_from_db()
    return copy


@transaction.atomic
def shot_move_to_scene(*, shot: Shot, scene: Scene, by=None) -> Shot:
    """Move a shot to the end of another scene's plan; it takes that scene's next number.

    Characters not in the new scene leave the frame. Both scenes' times follow.
    """
    if scene.production_id != shot.production_id:
        raise ApplicationError(
            "That scene is not part of this production.", errors={"scene": ["Unknown scene."]}
        )
    if scene.pk == shot.scene_id:
        message = f"The shot is in scene {scene.number} already."
        raise ApplicationError(message, errors={"scene": [message]})
    # Lock both scenes in id order, so two moves the other way round cannot deadlock.
    first, second = sorted([shot.scene, scene], key=lambda s: s.pk)
    locked = {s.pk: _lock_scene(s) for s in (first, second)}
    old_scene, new_scene = locked[shot.scene_id], locked[scene.pk]
    last = Shot.objects.filter(scene=new_scene).aggregate(last=Max("position"))["last"] or 0
    shot.scene = new_scene
    shot.position = last + 1
    shot.number_locked = False
    shot.number = ""
    save_validated(shot)
    keep = set(new_scene.characters.values_list("pk", flat=True))
    shot.characters.set([c for c in shot.characters.all() if c.pk in keep])
    _plan_changed(old_scene, "shot_moved_out", [shot])
    _plan_changed(new_scene, "shot_moved_in", [shot])
    shot.refresh_from_db()
    return shot


# ---------------------------------------------------------------- marks from the set


def _marked(shot: Shot, by) -> None:
    shot.marked_at = timezone.now()
    shot.marked_by = by if getattr(by, "pk", None) else None
    if shot.status == Shot.Status.SHOT:
        # The slate said this number: it must not change when the plan is reordered.
        shot.number_locked = True


@transaction.atomic
def shot_mark(*, shot: Shot, status: str, by=None) -> Shot:
    """Mark a shot done (``shot``) or not shot today (``not_shot``), from the set."""
    if status not in MARKS:
        message = 'Mark a shot "shot" or "not_shot".'
        raise ApplicationError(message, errors={"status": [message]})
    shot = Shot.objects.select_for_update().select_related("scene__production").get(pk=shot.pk)
    if shot.status == Shot.Status.CUT:
        message = f"Shot {shot.number} is cut from the plan; put it back before marking it."
        raise ApplicationError(message, errors={"status": [message]})
    shot.status = status
    _marked(shot, by)
    save_validated(shot)
    events.emit(
        production_id=shot.production_id,
        event="shot.marked",
        payload={
            "shot": shot.pk,
            "number": shot.number,
            "scene": shot.scene_id,
            "status": status,
            "marked_at": shot.marked_at.isoformat(),
        },
    )
    return shot
