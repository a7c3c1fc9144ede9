"""One version of the schedule loaded once, and its strips placed as the board shows them.

The board, the conflicts and the hold cost all read this same snapshot (``_snapshot``,
``_placed``), so it sits below all three.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from productions.models import Character, Production, Scene
from schedules import conflicts as pure_conflicts
from schedules.conflicts import Conflict
from schedules.eighths import format_eighths
from schedules.models import ScheduleSettings, ScheduleVersion, ShootDay, Strip
from schedules.selectors.schedule_settings import settings_of
from schedules.selectors.versions import active_version
from schedules.services.strips import part_measure


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", text)]


@dataclass(frozen=True)
class BoardStrip:
    """A strip as the board shows it."""

    id: int | None
    kind: str
    scene: Scene | None = None
    part: int | None = None
    eighths: int = 0
    minutes: int = 0
    text: str = ""
    cast_ids: tuple[str, ...] = ()
    people: frozenset[int] = frozenset()

    @property
    def is_banner(self) -> bool:
        return self.kind == Strip.Kind.BANNER

    @property
    def label(self) -> str:
        if self.scene is None:
            return self.text
        return f"{self.scene.number} pt {self.part}" if self.part else self.scene.number

    @property
    def pages(self) -> str:
        return format_eighths(self.eighths)

    @property
    def colour(self) -> str:
        return self.scene.strip_colour if self.scene else "banner"

    @property
    def day_night(self) -> str:
        return "N" if self.scene and self.scene.is_night else "D"


@dataclass
class BoardDay:
    day: ShootDay
    strips: list[BoardStrip]
    total: int
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def scenes(self) -> list[BoardStrip]:
        return [strip for strip in self.strips if not strip.is_banner]

    @property
    def eighths(self) -> int:
        return sum(strip.eighths for strip in self.strips)

    @property
    def pages(self) -> str:
        return format_eighths(self.eighths)

    @property
    def minutes(self) -> int:
        return sum(strip.minutes for strip in self.strips)

    @property
    def duration(self) -> str:
        return pure_conflicts.format_minutes(self.minutes)

    @property
    def cast_ids(self) -> list[str]:
        return sorted({c for strip in self.strips for c in strip.cast_ids}, key=_natural)


@dataclass
class _Snapshot:
    """What one version of the schedule is made of, loaded in a fixed number of queries.

    ``cast`` holds each scene's characters, with their actor's assignment and person.
    """

    production: Production
    version: ScheduleVersion | None
    settings: ScheduleSettings
    days: list[ShootDay]
    strips: list[Strip]
    scenes: dict[int, Scene]
    cast: dict[int, list[Character]]

    @cached_property
    def tz(self):
        return self.production.tz

    @cached_property
    def holidays(self) -> dict[date, str]:
        return dict(self.production.holidays.values_list("date", "name"))

    @cached_property
    def characters(self) -> dict[int, Character]:
        return {c.pk: c for cast in self.cast.values() for c in cast}


SCENE_FIELDS = (
    "production_id",
    "number",
    "int_ext",
    "set_name",
    "time_of_day",
    "synopsis",
    "page_eighths",
    "estimated_minutes",
    "script_order",
    "omitted",
    "location__name",
)


def _scenes(production: Production) -> tuple[dict[int, Scene], dict[int, list[Character]]]:
    """Return the live scenes, and each one's characters.

    The characters come in one query of their own and the scene-character pairs as plain
    values: a prefetch would build a Character, an Assignment and a Person per pair.
    """
    scenes = (
        Scene.objects.filter(production=production, omitted=False)
        .select_related("location")
        .only(*SCENE_FIELDS)
        .order_by("script_order", "pk")
    )
    scenes = {scene.pk: scene for scene in scenes}
    characters = {
        c.pk: c
        for c in Character.objects.filter(production=production).select_related(
            "assignment__person"
        )
    }
    pairs = Scene.characters.through.objects.filter(
        scene__production=production, scene__omitted=False
    ).values_list("scene_id", "character_id")
    cast: dict[int, list[Character]] = defaultdict(list)
    for scene_id, character_id in pairs:
        cast[scene_id].append(characters[character_id])
    return scenes, cast


def _snapshot(production: Production, version: ScheduleVersion | None = None) -> _Snapshot:
    version = version or active_version(production)
    settings = settings_of(production)
    if version is None:
        return _Snapshot(production, None, settings, [], [], *_scenes(production))
    days = list(version.days.select_related("location").order_by("date", "pk"))
    strips = list(version.strips.order_by("order", "pk"))
    return _Snapshot(production, version, settings, days, strips, *_scenes(production))


def _board_strip(strip: Strip | None, scene: Scene | None, cast: list[Character]) -> BoardStrip:
    if scene is None:
        return BoardStrip(id=strip.pk, kind=Strip.Kind.BANNER, text=strip.text)
    part = strip.part if strip else None
    eighths, minutes = part_measure(scene, strip.eighths if strip else None)
    return BoardStrip(
        id=strip.pk if strip else None,
        kind=Strip.Kind.SCENE,
        scene=scene,
        part=part,
        eighths=eighths,
        minutes=minutes,
        cast_ids=tuple(sorted((c.cast_id for c in cast if c.cast_id), key=_natural)),
        people=frozenset(c.assignment.person_id for c in cast if c.assignment_id),
    )


def _placed(snapshot: _Snapshot) -> tuple[dict[int | None, list[BoardStrip]], list[BoardStrip]]:
    """Return the strips by day id (None: the boneyard), and the boneyard in order.

    Scenes without a strip (imported since the last save) show at the end of the boneyard;
    strips of scenes omitted since drop off the board.
    """
    by_day: dict[int | None, list[BoardStrip]] = defaultdict(list)
    placed_scenes = set()
    for strip in snapshot.strips:
        if strip.kind == Strip.Kind.BANNER:
            by_day[strip.day_id].append(_board_strip(strip, None, []))
            continue
        scene = snapshot.scenes.get(strip.scene_id)
        if scene is None:
            continue
        placed_scenes.add(scene.pk)
        by_day[strip.day_id].append(_board_strip(strip, scene, snapshot.cast[scene.pk]))
    for scene in snapshot.scenes.values():
        if scene.pk not in placed_scenes:
            by_day[None].append(_board_strip(None, scene, snapshot.cast[scene.pk]))
    return by_day, by_day[None]
