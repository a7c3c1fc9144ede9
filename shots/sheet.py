"""What the call sheet takes from the shot lists: the day's shots, and the wrap they imply.

Plain JSON values, because a published call sheet freezes what it shows. One query.
"""

from datetime import datetime, time, timedelta

from productions.models import Production, Scene
from schedules.models import ShootDay, Strip
from schedules.services import part_measure
from shots import plan
from shots.models import Shot

# The call sheet's lunch: a half-hour walk-away meal, when the sheet sets a lunch time.
LUNCH_MINUTES = 30
SHOT_FIELDS = ("pk", "scene_id", "position", "number", "description", "size", "lens", "movement",
               "camera", "setup", "estimated_minutes", "status")  # fmt: skip


class _Row(dict):
    """A shot as a plain dict; ``setup_key`` groups it as ``Shot.setup_key`` does."""

    @property
    def setup_key(self) -> str:
        name = " ".join(self["setup"].split()).casefold()
        return f"setup:{name}" if name else f"shot:{self['id']}"


def _rows(scenes: list[Scene]) -> list[_Row]:
    rank = {scene.pk: index for index, scene in enumerate(scenes)}
    numbers = {scene.pk: scene.number for scene in scenes}
    labels = dict(Shot.Size.choices)
    moves = dict(Shot.Movement.choices)
    shots = (
        Shot.objects.filter(scene_id__in=rank).exclude(status=Shot.Status.CUT).values(*SHOT_FIELDS)
    )
    rows = [
        _Row(
            id=shot["pk"],
            number=shot["number"],
            scene=numbers[shot["scene_id"]],
            description=shot["description"],
            size=labels.get(shot["size"], shot["size"]),
            lens=shot["lens"],
            movement=moves.get(shot["movement"], shot["movement"]),
            camera=shot["camera"],
            setup=shot["setup"],
            minutes=shot["estimated_minutes"],
            status=shot["status"],
            _order=(rank[shot["scene_id"]], shot["position"], shot["pk"]),
        )
        for shot in shots
    ]
    rows.sort(key=lambda row: row["_order"])
    for row in rows:
        del row["_order"]
    return rows


def _section(rows: list[_Row], allowance: int) -> dict | None:
    if not rows:
        return None
    ordered = plan.setup_order(rows, key=lambda row: row.setup_key)
    groups: list[dict] = []
    previous = None
    for row in ordered:
        if row.setup_key != previous:
            groups.append({"setup": row["setup"] or "No setup named", "shots": []})
            previous = row.setup_key
        groups[-1]["shots"].append(dict(row))
    minutes = sum(row["minutes"] for row in rows) + len(groups) * allowance
    return {
        "order": "setup",
        "count": len(rows),
        "setups": len(groups),
        "minutes": minutes,
        "duration": plan.format_minutes(minutes),
        "groups": groups,
    }


def sheet_plan(
    production: Production,
    day: ShootDay | None,
    strips: list[Strip],
    *,
    start: time | None,
    lunch: time | None = None,
) -> dict:
    """Return ``{"shots": the day's shots in setup order or None, "wrap": time or None}``.

    The wrap is the start of shooting plus the board's minutes for the day's strips (which
    the shot lists write) and lunch: given only when the day's scenes have shots planned, so
    a day without a plan keeps the day's own wrap.
    """
    scene_strips = [s for s in strips if s.kind == Strip.Kind.SCENE and s.scene_id]
    scenes = list({strip.scene_id: strip.scene for strip in scene_strips}.values())
    if day is None or not scenes:
        return {"shots": None, "wrap": None}
    rows = _rows(scenes)
    section = _section(rows, production.setup_allowance_minutes)
    if section is None or start is None:
        return {"shots": section, "wrap": None}
    minutes = sum(part_measure(strip.scene, strip.eighths)[1] for strip in scene_strips)
    minutes += LUNCH_MINUTES if lunch else 0
    wrap = (datetime.combine(day.date, start) + timedelta(minutes=minutes)).time()
    return {"shots": section, "wrap": wrap}
