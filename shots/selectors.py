"""Every read of the shots app: who may plan, the shot lists, the day's shots, long days."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from crew.models import Assignment
from productions.models import Character, Membership, Production, Scene
from schedules import selectors as schedule_selectors
from schedules.models import ShootDay, Strip
from shots import plan
from shots.models import Frame, Shot

ORDERS = ("setup", "script")


# ---------------------------------------------------------------- who may do what


def is_director(user, production: Production) -> bool:
    """Return whether the user's own person directs the production (a director role on it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Assignment.objects.filter(
        production=production,
        role_kind=Assignment.RoleKind.DIRECTOR,
        person__user=user,
    ).exists()


def may_plan(user, production: Production, membership: Membership | None) -> bool:
    """Owners, producers, coordinators and the director edit the shot lists."""
    if membership is None:
        return False
    return membership.can_edit or is_director(user, production)


def may_mark(user, production: Production, membership: Membership | None) -> bool:
    """Those who plan, and the crew on set (the script supervisor), mark shots done."""
    if membership is None:
        return False
    return membership.access == Membership.Access.CREW or may_plan(user, production, membership)


# ---------------------------------------------------------------- scenes, shots, frames


def _shots_queryset() -> QuerySet[Shot]:
    return Shot.objects.prefetch_related(
        Prefetch("characters", queryset=Character.objects.order_by("cast_id", "name")),
        Prefetch("frames", queryset=Frame.objects.order_by("position", "pk")),
    )


def scene_of(production: Production, pk) -> Scene:
    scene = production.scenes.filter(pk=pk).first() if str(pk).isdigit() else None
    if scene is None:
        raise Http404("No such scene.")
    return scene


def shots_of_scene(scene: Scene) -> list[Shot]:
    """Return the scene's shots in plan order, with their characters and frames."""
    return list(_shots_queryset().filter(scene=scene).order_by("position", "pk"))


def shot_of(production: Production, pk) -> Shot:
    shot = (
        Shot.objects.select_related("scene").filter(production=production, pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if shot is None:
        raise Http404("No such shot.")
    return shot


def frame_of(production: Production, pk) -> Frame:
    frame = (
        Frame.objects.select_related("shot").filter(shot__production=production, pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if frame is None:
        raise Http404("No such frame.")
    return frame


def scene_estimate(scene: Scene, shots: Iterable[Shot], allowance: int) -> plan.Estimate:
    """Return the time the plan gives the scene: cut shots take none."""
    live = [shot for shot in shots if shot.status != Shot.Status.CUT]
    return plan.estimate(
        [shot.estimated_minutes for shot in live], [shot.setup_key for shot in live], allowance
    )


# ---------------------------------------------------------------- the day's shot list


def day_of(production: Production, pk) -> ShootDay:
    day = (
        ShootDay.objects.select_related("version", "location")
        .filter(version__production=production, pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if day is None:
        raise Http404("No such shoot day.")
    return day


@dataclass
class SetupGroup:
    name: str
    shots: list[Shot]


@dataclass
class DayShotList:
    day: ShootDay
    order: str
    shots: list[Shot]
    setups: int
    shot_minutes: int
    setup_minutes: int
    scenes: list[Scene] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return self.shot_minutes + self.setup_minutes

    @property
    def duration(self) -> str:
        return plan.format_minutes(self.minutes)

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in Shot.Status.values}
        for shot in self.shots:
            counts[shot.status] += 1
        counts["total"] = len(self.shots)
        return counts

    @property
    def groups(self) -> list[SetupGroup]:
        """Return consecutive runs of one setup, as the crew shoots them."""
        groups: list[SetupGroup] = []
        previous = None
        for shot in self.shots:
            if shot.setup_key != previous:
                groups.append(SetupGroup(shot.setup or "No setup named", []))
                previous = shot.setup_key
            groups[-1].shots.append(shot)
        return groups


def _day_scenes(day: ShootDay) -> list[Scene]:
    """Return the day's scenes in shooting order (a scene in parts comes once)."""
    strips = (
        Strip.objects.filter(day=day, kind=Strip.Kind.SCENE, scene__omitted=False)
        .select_related("scene")
        .order_by("order", "pk")
    )
    scenes: dict[int, Scene] = {}
    for strip in strips:
        scenes.setdefault(strip.scene_id, strip.scene)
    return list(scenes.values())


def _attach_cast_and_frames(shots: list[Shot]) -> None:
    """Give each shot ``character_ids`` and ``frame_list`` in two plain queries.

    A prefetch would clone a queryset per shot: most of the day's time at 200 shots.
    """
    ids = [shot.pk for shot in shots]
    cast: dict[int, list[int]] = {pk: [] for pk in ids}
    pairs = Shot.characters.through.objects.filter(shot_id__in=ids).order_by("character_id")
    for shot_id, character_id in pairs.values_list("shot_id", "character_id"):
        cast[shot_id].append(character_id)
    frames: dict[int, list[Frame]] = {pk: [] for pk in ids}
    for frame in Frame.objects.filter(shot_id__in=ids).order_by("position", "pk"):
        frames[frame.shot_id].append(frame)
    for shot in shots:
        shot.character_ids = cast[shot.pk]
        shot.frame_list = frames[shot.pk]


def day_shot_list(production: Production, day: ShootDay, order: str = "setup") -> DayShotList:
    """Return every shot of the day's scenes (cut ones left out) in script or setup order.

    Script order is the board's scene order, then each scene's plan order. Setup order groups
    the shots of one setup together, across the day's scenes, where the setup first comes.
    The minutes are the shots' own plus the setup allowance for each time the camera moves.
    """
    if order not in ORDERS:
        order = "setup"
    scenes = _day_scenes(day)
    rank = {scene.pk: index for index, scene in enumerate(scenes)}
    shots = list(
        Shot.objects.filter(scene_id__in=rank)
        .exclude(status=Shot.Status.CUT)
        .order_by("position", "pk")
    )
    _attach_cast_and_frames(shots)
    by_scene = {scene.pk: scene for scene in scenes}
    for shot in shots:
        shot.scene = by_scene[shot.scene_id]
    shots.sort(key=lambda shot: (rank[shot.scene_id], shot.position, shot.pk))
    if order == "setup":
        shots = plan.setup_order(shots, key=lambda shot: shot.setup_key)
    setups = plan.setup_changes(shots, key=lambda shot: shot.setup_key)
    return DayShotList(
        day=day,
        order=order,
        shots=shots,
        setups=setups,
        shot_minutes=sum(shot.estimated_minutes for shot in shots),
        setup_minutes=setups * production.setup_allowance_minutes,
        scenes=scenes,
    )


# ---------------------------------------------------------------- the board's long days


@dataclass(frozen=True)
class LongDay:
    day: ShootDay
    minutes: int
    capacity: int

    @property
    def over(self) -> int:
        return self.minutes - self.capacity

    @property
    def duration(self) -> str:
        return plan.format_minutes(self.minutes)


def long_days_with(production: Production, scene: Scene) -> list[LongDay]:
    """Return the active board's days that shoot ``scene`` and now run past the day's length."""
    if not Strip.objects.filter(
        scene=scene, day__isnull=False, version__is_active=True, version__production=production
    ).exists():
        return []
    board = schedule_selectors.board_for(production)
    capacity = board.settings.day_capacity_minutes
    if not capacity:
        return []
    return [
        LongDay(board_day.day, board_day.minutes, capacity)
        for board_day in board.days
        if board_day.minutes > capacity
        and any(strip.scene and strip.scene.pk == scene.pk for strip in board_day.scenes)
    ]


def scene_days(production: Production, scene: Scene) -> list[ShootDay]:
    """Return the active board's days that shoot ``scene``, by date."""
    return list(
        ShootDay.objects.filter(
            version__production=production,
            version__is_active=True,
            strips__scene=scene,
        )
        .distinct()
        .order_by("date", "pk")
    )


def scene_choices(production: Production) -> QuerySet[Scene]:
    """Return the scenes a shot may move to."""
    return production.scenes.filter(omitted=False).only("pk", "number", "set_name", "int_ext")
