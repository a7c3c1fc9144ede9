"""What the daily production report takes from the set's marks: for each of the day's scenes
with a shot list, the shots done and the shots carried over, and how far the scene got."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from productions.models import Scene
from shots.models import Shot

NOTE_LENGTH = 200  # DailyReportScene.note


@dataclass(frozen=True)
class SceneShots:
    done: tuple[str, ...]
    carried: tuple[str, ...]
    done_minutes: int
    minutes: int

    @property
    def status(self) -> str:
        """Return the DPR's word for the scene: all shots done, some, or none."""
        if not self.carried:
            return "shot"
        return "part_shot" if self.done else "not_shot"

    def eighths_shot(self, planned: int) -> int:
        """Return the pages shot, in proportion to the planned minutes done."""
        if self.status == "shot":
            return planned
        if not self.done or not self.minutes:
            return 0
        return max(1, round(planned * self.done_minutes / self.minutes))

    @property
    def note(self) -> str:
        parts = []
        if self.done:
            parts.append("Shots done: " + ", ".join(self.done))
        if self.carried:
            parts.append("carried over: " + ", ".join(self.carried))
        text = "; ".join(parts)
        text = text[0].upper() + text[1:] if text else text
        return text if len(text) <= NOTE_LENGTH else text[: NOTE_LENGTH - 1] + "…"


def shots_progress(scenes: Iterable[Scene]) -> dict[int, SceneShots]:
    """Return the marks of each scene that has a shot list (cut shots left out). One query."""
    rows = (
        Shot.objects.filter(scene__in=list(scenes))
        .exclude(status=Shot.Status.CUT)
        .order_by("scene_id", "position", "pk")
        .values_list("scene_id", "number", "status", "estimated_minutes")
    )
    by_scene: dict[int, list] = defaultdict(list)
    for row in rows:
        by_scene[row[0]].append(row)
    progress = {}
    for scene_id, shots in by_scene.items():
        done = [(number, minutes) for _, number, status, minutes in shots if status == "shot"]
        carried = [number for _, number, status, _ in shots if status != "shot"]
        progress[scene_id] = SceneShots(
            done=tuple(number for number, _ in done),
            carried=tuple(carried),
            done_minutes=sum(minutes for _, minutes in done),
            minutes=sum(row[3] for row in shots),
        )
    return progress
