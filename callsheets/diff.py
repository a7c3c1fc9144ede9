"""What changed for one person between two published versions of a call sheet.

Pure Python, no Django. A person's view of a version is a plain mapping, as the call sheet's
snapshot stores it::

    {"call": "06:30", "location": "DOCKS, Berth 73, San Pedro", "scenes": ["12", "14 pt 1"]}

``call`` empty or the whole view ``None`` means the person is not called on that version.
Each change comes back as a sentence addressed to the person, in a fixed order (call,
location, scenes), so the email and the page say it the same way.
"""

from collections.abc import Mapping, Sequence
from typing import Any

PersonView = Mapping[str, Any]


def _called(view: PersonView | None) -> bool:
    return bool(view and view.get("call"))


def _scene_list(numbers: Sequence[str]) -> str:
    return ", ".join(numbers)


def _scene_changes(before: Sequence[str], after: Sequence[str]) -> list[str]:
    added = [number for number in after if number not in before]
    dropped = [number for number in before if number not in after]
    if not added and not dropped:
        if list(before) != list(after):
            return [f"Your scenes are in a new order: {_scene_list(after)}."]
        return []
    parts = []
    if added:
        parts.append(f"added {_scene_list(added)}")
    if dropped:
        parts.append(f"dropped {_scene_list(dropped)}")
    return [f"Your scenes changed: {'; '.join(parts)}."]


def person_changes(before: PersonView | None, after: PersonView | None) -> list[str]:
    """Return what changed for one person from version ``before`` to ``after``, in words."""
    if not _called(before) and not _called(after):
        return []
    if not _called(after):
        return ["You are no longer called on this day."]
    if not _called(before):
        return [f"You are now called, at {after['call']}."]
    changes = []
    if before["call"] != after["call"]:
        changes.append(f"Your call time changed from {before['call']} to {after['call']}.")
    if (before.get("location") or "") != (after.get("location") or ""):
        where = after.get("location") or "to be confirmed"
        changes.append(f"The location changed to {where}.")
    changes += _scene_changes(before.get("scenes") or [], after.get("scenes") or [])
    return changes
