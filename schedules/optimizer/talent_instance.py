"""A talent scheduling instance: scenes, actors, durations, costs and who plays where.

Apart from the solver (``talent``) so that the search modules it imports can name it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TalentInstance:
    """A talent scheduling instance in the benchmark format (``benchmarks/talent/README.md``)."""

    scenes: tuple[str, ...]
    actors: tuple[str, ...]
    duration: tuple[int, ...]
    cost: tuple[int, ...]
    plays: tuple[tuple[int, ...], ...]  # one row per actor, one column per scene
    name: str = ""
    optimum: int | None = None

    def __post_init__(self) -> None:
        n, m = len(self.scenes), len(self.actors)
        if len(self.duration) != n:
            raise ValueError(f"duration must have one number per scene ({n})")
        if len(self.cost) != m:
            raise ValueError(f"cost must have one number per actor ({m})")
        if len(self.plays) != m:
            raise ValueError(f"plays must have one row per actor ({m})")
        for i, row in enumerate(self.plays):
            if len(row) != n:
                raise ValueError(f"plays row {i + 1} must have one entry per scene ({n})")
            if any(v not in (0, 1) for v in row):
                raise ValueError(f"plays row {i + 1} must hold only 0 and 1")
        for label, values in (("duration", self.duration), ("cost", self.cost)):
            if any(type(v) is not int or v < 0 for v in values):
                raise ValueError(f"{label} must hold non-negative whole numbers")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TalentInstance:
        """Build an instance from the benchmark JSON format; raise ValueError on a wrong shape."""
        if not isinstance(data, Mapping):
            raise ValueError("an instance must be a JSON object")
        for key in ("scenes", "actors", "duration", "cost", "plays"):
            if key not in data:
                raise ValueError(f"missing key {key!r}")
            if not isinstance(data[key], list):
                raise ValueError(f"{key!r} must be a list")
        plays = data["plays"]
        if not all(isinstance(row, list) for row in plays):
            raise ValueError("'plays' must be a list of lists")

        def whole(v: Any, label: str) -> int:
            if isinstance(v, bool) or not isinstance(v, int | float) or v != int(v):
                raise ValueError(f"{label} must hold whole numbers")
            return int(v)

        optimum = data.get("optimum")
        return cls(
            scenes=tuple(str(s) for s in data["scenes"]),
            actors=tuple(str(a) for a in data["actors"]),
            duration=tuple(whole(v, "duration") for v in data["duration"]),
            cost=tuple(whole(v, "cost") for v in data["cost"]),
            plays=tuple(tuple(whole(v, "plays") for v in row) for row in plays),
            name=str(data.get("name", "")),
            optimum=whole(optimum, "optimum") if optimum is not None else None,
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "actors": list(self.actors),
            "scenes": list(self.scenes),
            "duration": list(self.duration),
            "cost": list(self.cost),
            "plays": [list(row) for row in self.plays],
        }
        if self.optimum is not None:
            data["optimum"] = self.optimum
        return data
