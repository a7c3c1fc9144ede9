"""The shot list's arithmetic, in plain Python: numbers, setup order and time.

No Django here, so the rules are easy to test on their own and reuse.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# Slates skip I and O: on a clapperboard they read as 1 and 0.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def suffix(index: int) -> str:
    """Return the letters of the ``index``-th shot (0: A, 23: Z, 24: AA, 25: AB…)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(LETTERS))
        letters = LETTERS[rest] + letters
    return letters


def numbers(scene_number: str, shots: Sequence[tuple[bool, str]]) -> list[str]:
    """Return each shot's number in plan order: ``shots`` are ``(locked, current number)``.

    Locked shots keep their number; the others take the scene's next free letters in order,
    so no two shots of the scene share a number.
    """
    taken = {number for locked, number in shots if locked and number}
    result: list[str] = []
    index = 0
    for locked, number in shots:
        if locked and number:
            result.append(number)
            continue
        while f"{scene_number}{suffix(index)}" in taken:
            index += 1
        candidate = f"{scene_number}{suffix(index)}"
        taken.add(candidate)
        result.append(candidate)
        index += 1
    return result


def setup_order(shots: Sequence[T], key: Callable[[T], Hashable]) -> list[T]:
    """Return ``shots`` grouped by setup: each setup where it first comes, its shots in order.

    Shooting a setup's shots together means lighting and placing the camera once.
    """
    groups: dict[Hashable, list[T]] = {}
    for shot in shots:
        groups.setdefault(key(shot), []).append(shot)
    return [shot for group in groups.values() for shot in group]


def setup_changes(shots: Sequence[T], key: Callable[[T], Hashable]) -> int:
    """Return how many times the camera is set up shooting ``shots`` in this order."""
    changes, previous = 0, object()
    for shot in shots:
        current = key(shot)
        if current != previous:
            changes += 1
        previous = current
    return changes


@dataclass(frozen=True)
class Estimate:
    shots: int
    setups: int
    shot_minutes: int
    setup_minutes: int

    @property
    def minutes(self) -> int:
        return self.shot_minutes + self.setup_minutes


def estimate(minutes: Sequence[int], setup_keys: Sequence[Hashable], allowance: int) -> Estimate:
    """Return a scene's time: its shots' minutes plus ``allowance`` per distinct setup."""
    setups = len(set(setup_keys))
    return Estimate(len(minutes), setups, sum(minutes), setups * allowance)


def format_minutes(minutes: int) -> str:
    """Return minutes as "2 h 05" or "45 min"."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"
