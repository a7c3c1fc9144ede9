"""A strip's pages and minutes; splitting a scene's strip into parts and joining them; banners."""

from __future__ import annotations

from django.db.models import F

from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Production, Scene
from schedules.models import ShootDay, Strip
from schedules.services.board_write import _board_write, _check_in, _tail_order


def part_measure(scene: Scene, share: int | None) -> tuple[int, int]:
    """Return the eighths and minutes of a strip: the whole scene, or a part's share of it."""
    if not share:
        return scene.page_eighths, scene.minutes
    return share, round(scene.minutes * share / max(scene.page_eighths, 1))


def strip_eighths(strip: Strip) -> int:
    if strip.kind != Strip.Kind.SCENE:
        return 0
    return part_measure(strip.scene, strip.eighths)[0]


def strip_minutes(strip: Strip) -> int:
    if strip.kind != Strip.Kind.SCENE:
        return 0
    return part_measure(strip.scene, strip.eighths)[1]


def strip_split(*, strip: Strip, parts: int, by) -> list[Strip]:
    """Split a whole scene's strip into ``parts`` parts, shares of its pages, side by side."""
    production = strip.version.production
    with _board_write(production, by=by) as (version, write):
        strip = Strip.objects.select_related("scene").get(pk=strip.pk, version=version)
        if strip.kind != Strip.Kind.SCENE or strip.part is not None:
            raise ApplicationError("Only a whole scene can be split; join its parts first.")
        total = strip.scene.page_eighths
        most = min(total, 8)
        if not 2 <= parts <= most:
            raise ApplicationError(
                f"Scene {strip.scene.number} can be split into 2 to {most} parts (one eighth "
                "of a page each at least)."
                if most >= 2
                else f"Scene {strip.scene.number} is 1/8 of a page and cannot be split.",
                errors={"parts": ["Out of range."]},
            )
        shares = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
        version.strips.filter(day=strip.day, order__gt=strip.order).update(
            order=F("order") + (parts - 1)
        )
        strip.part, strip.eighths = 1, shares[0]
        strip.save(update_fields=["part", "eighths"])
        new = [
            Strip(
                version=version,
                day=strip.day,
                order=strip.order + index,
                scene=strip.scene,
                part=index + 1,
                eighths=shares[index],
            )
            for index in range(1, parts)
        ]
        Strip.objects.bulk_create(new)
        write.summary = f"Split scene {strip.scene.number} into {parts} parts"
        write.moves = [{"split_scene": strip.scene_id, "parts": parts}]
    return [strip, *new]


def strip_join(*, strip: Strip, by) -> Strip:
    """Join every part of a split scene back into one strip, where its first part stands."""
    production = strip.version.production
    with _board_write(production, by=by) as (version, write):
        parts = list(
            version.strips.filter(scene_id=strip.scene_id, part__isnull=False)
            .select_related("day", "scene")
            .order_by("part")
        )
        if not parts:
            raise ApplicationError("This scene is not split.")
        first = min(parts, key=lambda s: (s.day is None, s.day.date if s.day else None, s.order))
        Strip.objects.filter(pk__in=[s.pk for s in parts if s.pk != first.pk]).delete()
        first.part, first.eighths = None, None
        first.save(update_fields=["part", "eighths"])
        write.summary = f"Joined the parts of scene {first.scene.number}"
        write.moves = [{"joined_scene": first.scene_id}]
    return first


def banner_add(*, production: Production, by, text: str, day: ShootDay | None = None) -> Strip:
    """Add a banner ("Company move", "Lunch") at the end of a day, or of the boneyard."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError("A banner needs some text.", errors={"text": ["Required."]})
    with _board_write(production, by=by) as (version, write):
        if day is not None:
            _check_in(version, day)
        banner = save_validated(
            Strip(
                version=version,
                day=day,
                kind=Strip.Kind.BANNER,
                text=text[:200],
                order=_tail_order(version, day),
            )
        )
        where = f"Day {day.day_number}" if day else "the boneyard"
        write.summary = f"Added the banner “{banner.text}” to {where}"
    return banner


def banner_remove(*, strip: Strip, by) -> None:
    with _board_write(strip.version.production, by=by) as (version, write):
        if strip.kind != Strip.Kind.BANNER or strip.version_id != version.pk:
            raise ApplicationError("That is not a banner of the active schedule.")
        write.summary = f"Removed the banner “{strip.text}”"
        strip.delete()
