"""The demo production's shot lists: the first shoot days' scenes, planned shot by shot.

Each scene gets a coverage pattern a director might plan (a master, singles, an insert), in
setups the day's shot list can group, and the first shots a storyboard frame (simple
drawings in ``demo/frames/``). So the board's times for those days come from the plan.
Idempotent: a scene that has shots already is left alone.
"""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from productions.models import Production, Scene
from schedules.models import Strip
from shots import frames, services
from shots.models import Shot

FRAMES = Path(__file__).resolve().parent / "frames"
DAYS = 3
RAIN_DAY_INDEX = 1  # Day 2, as in demo.reports

# (description, size, angle, movement, lens, setup, minutes, frame file or "")
COVERAGE = [
    (
        "Master: the whole scene, wide",
        Shot.Size.WS,
        "eye_level",
        "static",
        24,
        "Master",
        25,
        "wide_dock",
    ),
    (
        "Push in as the door opens",
        Shot.Size.MWS,
        "eye_level",
        "dolly",
        35,
        "Master",
        15,
        "door_mid",
    ),
    ("Single on the lead", Shot.Size.MCU, "eye_level", "static", 50, "Single A", 15, "close_up"),
    (
        "Over the shoulder, reverse",
        Shot.Size.OTS,
        "eye_level",
        "static",
        50,
        "Reverse",
        15,
        "over_shoulder",
    ),
    (
        "Insert: the ledger's page",
        Shot.Size.INSERT,
        "overhead",
        "static",
        85,
        "Insert",
        10,
        "insert_ledger",
    ),
]
EXTERIOR_EXTRA = (
    "Wide of the street in the rain",
    Shot.Size.EWS,
    "high",
    "crane",
    18,
    "Crane",
    30,
    "rain_street",
)


def _plan(scene: Scene, by) -> None:
    cast = list(scene.characters.order_by("cast_id", "name"))
    pattern = COVERAGE[: 3 + min(len(cast), 2)]
    if scene.int_ext in (Scene.IntExt.EXT, Scene.IntExt.INT_EXT):
        pattern = [EXTERIOR_EXTRA, *pattern]
    for index, (text, size, angle, movement, lens, setup, minutes, frame) in enumerate(pattern):
        in_frame = cast[:2] if index < 2 else cast[:1]
        shot = services.shot_create(
            scene=scene,
            by=by,
            description=text,
            size=size,
            angle=angle,
            movement=movement,
            lens=lens,
            setup=setup,
            estimated_minutes=minutes,
            characters=in_frame,
        )
        if frame and index < 3:
            data = (FRAMES / f"{frame}.png").read_bytes()
            added = frames.frame_add(
                shot=shot, upload=SimpleUploadedFile(f"{frame}.png", data, "image/png"), by=by
            )
            # Made here, not only by the task: the demo shows thumbnails without a worker.
            frames.frame_thumbnail_make(frame_id=added.pk)


def _mark(scene: Scene, status: str, by) -> None:
    for shot in scene.shots.order_by("position"):
        services.shot_mark(shot=shot, status=status, by=by)


@transaction.atomic
def demo_shots_seed(production: Production, by=None) -> int:
    """Plan the shots of the active board's first days' scenes; return how many were planned.

    The set marks them as the demo's daily reports tell it: all shot, except Day 2's last
    scene, lost to rain (its shots carried over).
    """
    strips = (
        Strip.objects.filter(
            version__production=production,
            version__is_active=True,
            day__isnull=False,
            kind=Strip.Kind.SCENE,
        )
        .select_related("scene", "day")
        .order_by("day__date", "order", "pk")
    )
    days: dict[int, list[Scene]] = {}
    for strip in strips:
        if strip.day_id not in days and len(days) == DAYS:
            break
        scenes = days.setdefault(strip.day_id, [])
        if strip.scene not in scenes:
            scenes.append(strip.scene)
    planned = 0
    for index, scenes in enumerate(days.values()):
        for scene in scenes:
            if scene.shots.exists() or scene.estimated_minutes_source != Scene.EstimateSource.SHOTS:
                continue
            _plan(scene, by)
            rained_off = index == RAIN_DAY_INDEX and scene == scenes[-1]
            _mark(scene, Shot.Status.NOT_SHOT if rained_off else Shot.Status.SHOT, by)
            planned += 1
    return planned
