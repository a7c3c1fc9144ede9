"""Save the whole board as a client sends it: every day in order with its strips, and the
boneyard, checked, stored, and summed up for the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.exceptions import ApplicationError
from productions.models import Production, Scene
from schedules.models import ScheduleVersion, ShootDay, Strip
from schedules.services.board_write import _board_write, _set_dates, _Write


@dataclass(frozen=True)
class StripInput:
    """A strip as a client sends it: a scene (or part of one), or a banner."""

    kind: str = Strip.Kind.SCENE
    scene: int | None = None
    part: int | None = None
    text: str = ""
    id: int | None = None
    eighths: int | None = None


@dataclass(frozen=True)
class DayInput:
    id: int
    strips: Sequence[StripInput] = ()
    date: date | None = None


@dataclass(frozen=True)
class BoardInput:
    """The whole board: every day in order with its strips, and the boneyard."""

    days: Sequence[DayInput] = ()
    unscheduled: Sequence[StripInput] = ()


def board_save(
    *, production: Production, board: BoardInput, expected_revision: int, by
) -> ScheduleVersion:
    """Replace the active version's board with ``board``, if it is still at ``expected_revision``.

    Every scene of the production stays on the board: scenes the client did not send (new or
    unknown to it) go to the end of the boneyard, and omitted scenes leave it.
    """
    with _board_write(production, by=by, expected_revision=expected_revision) as (version, write):
        _apply_board(version, board, write)
    return version


def _apply_board(version: ScheduleVersion, board: BoardInput, write: _Write) -> None:
    days = {day.pk: day for day in version.days.all()}
    _check_days(board, days)
    # Only what placing and labelling strips reads: 300 full scene rows cost more to build.
    scenes = {
        s.pk: s
        for s in Scene.objects.filter(production_id=version.production_id).only(
            "pk", "production_id", "number", "omitted", "script_order"
        )
    }
    existing = list(version.strips.all())
    wanted = _wanted_strips(board, days, scenes, existing)
    old_days = {strip.pk: days.get(strip.day_id) for strip in existing}
    old_numbers = {day.pk: day.day_number for day in days.values()}
    old_dates = {day.pk: day.date for day in days.values()}
    _set_dates({days[d.id]: d.date for d in board.days if d.date is not None})
    _store_strips(version, existing, wanted)
    write.days = list(days.values())  # with their new dates: the board adds and removes none
    write.moves = _moves(wanted, old_days, scenes) + _date_moves(days, old_dates, old_numbers)
    write.summary = _summary(write.moves)


def _check_days(board: BoardInput, days: dict[int, ShootDay]) -> None:
    sent = [d.id for d in board.days]
    if len(set(sent)) != len(sent):
        raise ApplicationError("A day appears twice on the board.", errors={"days": ["Repeated."]})
    unknown = set(sent) - days.keys()
    if unknown:
        raise ApplicationError(
            "The board names a shoot day this schedule does not have; reload the board.",
            errors={"days": [f"Unknown day {pk}." for pk in sorted(unknown)]},
        )
    missing = days.keys() - set(sent)
    if missing:
        names = ", ".join(f"Day {days[pk].day_number}" for pk in sorted(missing))
        raise ApplicationError(
            f"The board leaves out {names}; remove a day with its own button, not by leaving "
            "it out.",
            errors={"days": [f"Missing: {names}."]},
        )
    dates = [d.date or days[d.id].date for d in board.days]
    if len(set(dates)) != len(dates):
        raise ApplicationError(
            "Two shoot days cannot share a date.", errors={"days": ["Dates must differ."]}
        )


@dataclass
class _Placed:
    """A strip's place after the save; ``strip`` is the row it reuses, if any."""

    day: ShootDay | None
    order: int
    kind: str
    scene_id: int | None
    part: int | None
    eighths: int | None
    text: str
    strip: Strip | None = None


def _wanted_strips(
    board: BoardInput,
    days: dict[int, ShootDay],
    scenes: dict[int, Scene],
    existing: list[Strip],
) -> list[_Placed]:
    by_key = {(s.scene_id, s.part): s for s in existing if s.kind == Strip.Kind.SCENE}
    banners = {s.pk: s for s in existing if s.kind == Strip.Kind.BANNER}
    containers = [(days[d.id], d.strips) for d in board.days] + [(None, board.unscheduled)]
    placed: list[_Placed] = []
    seen: set[tuple[int, int | None]] = set()
    for day, strips in containers:
        for item in strips:
            entry = _place(item, day, len(placed), scenes, by_key, banners, seen)
            if entry is not None:
                placed.append(entry)
    _check_parts(seen, scenes)
    placed.extend(_left_out(seen, scenes, by_key, len(placed)))
    _order_within_containers(placed)
    return placed


def _place(item, day, order, scenes, by_key, banners, seen) -> _Placed | None:
    if item.kind == Strip.Kind.BANNER:
        text = (item.text or "").strip()
        if not text:
            raise ApplicationError("A banner needs some text.", errors={"text": ["Required."]})
        reused = banners.pop(item.id, None) if item.id else None
        return _Placed(day, order, Strip.Kind.BANNER, None, None, None, text[:200], reused)
    if item.kind != Strip.Kind.SCENE:
        raise ApplicationError(
            f"“{item.kind}” is not a kind of strip: use scene or banner.",
            errors={"kind": ["Use scene or banner."]},
        )
    scene = scenes.get(item.scene)
    if scene is None:
        raise ApplicationError(
            "The board names a scene this production does not have.",
            errors={"scene": [f"Unknown scene {item.scene}."]},
        )
    if scene.omitted:
        return None
    key = (scene.pk, item.part)
    if key in seen:
        label = f"{scene.number} pt {item.part}" if item.part else scene.number
        raise ApplicationError(
            f"Scene {label} is on the board twice.", errors={"scene": ["Repeated."]}
        )
    seen.add(key)
    reused = by_key.get(key)
    eighths = reused.eighths if reused and item.eighths is None else item.eighths
    return _Placed(day, order, Strip.Kind.SCENE, scene.pk, item.part, eighths, "", reused)


def _check_parts(seen: set[tuple[int, int | None]], scenes: dict[int, Scene]) -> None:
    whole = {scene for scene, part in seen if part is None}
    split = {scene for scene, part in seen if part is not None}
    both = whole & split
    if both:
        numbers = ", ".join(sorted(scenes[pk].number for pk in both))
        raise ApplicationError(
            f"Scene {numbers} is on the board both whole and in parts.",
            errors={"scene": ["Send the whole scene or its parts, not both."]},
        )


def _left_out(seen, scenes: dict[int, Scene], by_key, order: int) -> list[_Placed]:
    """Return boneyard places for the scenes (or parts) the client did not send.

    A scene the client never heard of (added since, or simply left out) is not lost: it goes
    to the end of the boneyard, whole or in the parts it has.
    """
    sent: dict[int, set[int | None]] = {}
    for scene_id, part in seen:
        sent.setdefault(scene_id, set()).add(part)
    stored: dict[int, list[Strip]] = {}
    for (scene_id, _), strip in sorted(by_key.items(), key=lambda item: item[1].part or 0):
        stored.setdefault(scene_id, []).append(strip)
    placed = []
    for scene in sorted(scenes.values(), key=lambda s: (s.script_order, s.pk)):
        parts_sent = sent.get(scene.pk, set())
        if scene.omitted or None in parts_sent:
            continue
        rows = stored.get(scene.pk, [])
        if parts_sent:
            missing = [s for s in rows if s.part is not None and s.part not in parts_sent]
        else:
            missing = rows or [None]
        for strip in missing:
            part, eighths = (strip.part, strip.eighths) if strip else (None, None)
            placed.append(
                _Placed(None, order, Strip.Kind.SCENE, scene.pk, part, eighths, "", strip)
            )
            order += 1
    return placed


def _order_within_containers(placed: list[_Placed]) -> None:
    counters: dict[int | None, int] = {}
    for entry in placed:
        key = entry.day.pk if entry.day else None
        entry.order = counters.get(key, 0)
        counters[key] = entry.order + 1


def _store_strips(version: ScheduleVersion, existing: list[Strip], wanted: list[_Placed]) -> None:
    kept = {entry.strip.pk for entry in wanted if entry.strip is not None}
    Strip.objects.filter(pk__in=[s.pk for s in existing if s.pk not in kept]).delete()
    changed, created = [], []
    for entry in wanted:
        strip = entry.strip or Strip(version=version, kind=entry.kind, scene_id=entry.scene_id)
        new = (entry.day.pk if entry.day else None, entry.order, entry.part, entry.eighths)
        old = (strip.day_id, strip.order, strip.part, strip.eighths)
        text_changed = strip.text != entry.text
        strip.day, strip.order, strip.part, strip.eighths = entry.day, *new[1:]
        strip.text = entry.text
        if strip.pk is None:
            created.append(strip)
        elif new != old or text_changed:
            changed.append(strip)
        entry.strip = strip
    Strip.objects.bulk_update(changed, ["day", "order", "part", "eighths", "text"])
    Strip.objects.bulk_create(created)


def _strip_label(strip: Strip, scenes: dict[int, Scene]) -> str:
    if strip.kind == Strip.Kind.BANNER:
        return f"banner “{strip.text}”"
    number = scenes[strip.scene_id].number if strip.scene_id in scenes else str(strip.scene_id)
    return f"{number} pt {strip.part}" if strip.part else number


def _where(day: ShootDay | None) -> dict[str, Any]:
    if day is None:
        return {"day": None, "date": None, "label": "the boneyard"}
    return {"day": day.pk, "date": day.date.isoformat(), "label": f"Day {day.day_number}"}


def _moves(wanted: list[_Placed], old_days: dict, scenes: dict[int, Scene]) -> list[dict]:
    """Return each strip that changed day (or is new), from where to where."""
    moves = []
    for entry in wanted:
        strip = entry.strip
        is_new = strip.pk not in old_days
        if not is_new and old_days[strip.pk] == entry.day:
            continue
        if is_new and entry.day is None and entry.kind == Strip.Kind.SCENE:
            continue  # a scene the board showed in the boneyard without storing it yet
        moves.append(
            {
                "strip": _strip_label(strip, scenes),
                "scene": strip.scene_id,
                "from": None if is_new else _where(old_days[strip.pk]),
                "to": _where(entry.day),
            }
        )
    return moves


def _date_moves(days, old_dates, old_numbers) -> list[dict]:
    return [
        {
            "day": pk,
            "label": f"Day {old_numbers[pk]}",
            "from_date": old_dates[pk].isoformat(),
            "to_date": day.date.isoformat(),
        }
        for pk, day in days.items()
        if day.date != old_dates[pk]
    ]


def _summary(moves: list[dict]) -> str:
    strips = [m for m in moves if "strip" in m]
    dates = [m for m in moves if "to_date" in m]
    if not strips and not dates:
        return "Reordered strips within their days"
    parts = [f"{m['strip']} to {m['to']['label']}" for m in strips[:6]]
    if len(strips) > 6:
        parts.append(f"and {len(strips) - 6} more")
    parts += [f"{m['label']} to {m['to_date']}" for m in dates[:3]]
    return "Moved " + ", ".join(parts)
