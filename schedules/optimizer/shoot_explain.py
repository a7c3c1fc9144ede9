"""One sentence for the producer: what a new shoot schedule saves and the change behind it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schedules.optimizer.shoot_types import CastId, LocationId, SceneId, ShootResult


def _money(cents: int, currency: str) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    units, rest = divmod(cents, 100)
    text = f"{units:,}" if not rest else f"{units:,}.{rest:02d}"
    return f"{currency} {sign}{text}".strip()


def _day_range(days: list[int]) -> str:
    lo, hi = min(days), max(days)
    return f"day {lo + 1}" if lo == hi else f"days {lo + 1}-{hi + 1}"


def explain(
    before: ShootResult,
    after: ShootResult,
    *,
    currency: str = "USD",
    location_names: Mapping[LocationId, str] | None = None,
    cast_names: Mapping[CastId, str] | None = None,
) -> str:
    """Say in one sentence what the new schedule saves and the biggest change behind it.

    ``before`` and ``after`` are results for the same shoot (``evaluate_shoot`` gives one for the
    AD's schedule). The change named is the location, or else the cast member, whose scenes now
    span the most fewer days (then: with the most scenes moved); days are numbered from 1 in
    shooting order.
    """
    saved_days = before.hold_days - after.hold_days
    saved_money = before.cost - after.cost
    saved_moves = before.moves - after.moves
    if before.assignment == after.assignment:
        return "No change: the schedule is already the best found."

    position = {index: k for k, index in enumerate(sorted(after.day_dates))}
    if not position:
        days_used = {
            d for d, _ in list(before.assignment.values()) + list(after.assignment.values())
        }
        position = {index: k for k, index in enumerate(sorted(days_used))}

    def span(result: ShootResult, member: Callable[[SceneId], bool]) -> tuple[int, int] | None:
        days = [position[d] for sid, (d, _) in result.assignment.items() if member(sid)]
        return (min(days), max(days)) if days else None

    moved = {
        sid
        for sid, (day, _) in after.assignment.items()
        if sid in before.assignment and before.assignment[sid][0] != day
    }
    groups: list[tuple[str, Hashable, Callable[[SceneId], bool]]] = []
    for loc in sorted({after.scene_location.get(sid) for sid in moved} - {None}, key=str):
        groups.append(("location", loc, lambda sid, loc=loc: after.scene_location.get(sid) == loc))
    for c in sorted({c for sid in moved for c in after.scene_cast.get(sid, ())}, key=str):
        groups.append(("cast", c, lambda sid, c=c: c in after.scene_cast.get(sid, ())))
    chosen: tuple[str, Hashable, tuple[int, int]] | None = None
    best_score: tuple[int, int] | None = None
    for kind, ident, member in groups:
        old, new = span(before, member), span(after, member)
        if old is None or new is None or new[1] - new[0] >= old[1] - old[0]:
            continue  # not brought closer together
        # Most days saved, then most scenes moved; locations come first, so they win ties.
        score = (old[1] - old[0] - (new[1] - new[0]), sum(1 for sid in moved if member(sid)))
        if best_score is None or score > best_score:
            chosen, best_score = (kind, ident, new), score
    how = f"by moving {len(moved)} scene{'s' if len(moved) != 1 else ''}"
    if chosen is not None:
        kind, ident, (lo, hi) = chosen
        when = f"day {lo + 1}" if lo == hi else f"days {lo + 1}-{hi + 1}"
        if kind == "location":
            name = (location_names or {}).get(ident, str(ident))
            how = f"by shooting the {name} scenes together on {when}"
        else:
            name = (cast_names or {}).get(ident, str(ident))
            how = f"by bringing {name}'s scenes together on {when}"

    parts = []
    if saved_days > 0:
        parts.append(f"{saved_days} hold day{'s' if saved_days != 1 else ''}")
    if saved_moves > 0:
        parts.append(f"{saved_moves} company move{'s' if saved_moves != 1 else ''}")
    what = " and ".join(parts)
    if saved_moves < 0 and what:
        extra = -saved_moves
        what += f" for {extra} more company move{'s' if extra != 1 else ''}"
    money = _money(abs(saved_money), currency)
    if saved_money > 0:
        head = f"Saves {what} ({money}{' net' if saved_moves < 0 and saved_days > 0 else ''})"
        head = head if what else f"Saves {money}"
    elif saved_money < 0:
        head = f"Costs {money} more"
    else:
        head = "Costs the same"
    return f"{head} {how}."
