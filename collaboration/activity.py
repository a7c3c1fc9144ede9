"""The activity feed: one row per domain event, with who did it and what it was about."""

from __future__ import annotations

import logging

from django.db import transaction

from collaboration import approvals, live, registry
from collaboration.actor import actor_user
from collaboration.models import Activity

logger = logging.getLogger(__name__)

# The payload key naming the object of each event, and the object's kind.
EVENT_OBJECTS = {
    "scene.changed": ("scene", "scene"),
    "schedule.changed": ("schedule_version", "version"),
    "stripboard.saved": ("schedule_version", "version"),
    "callsheet.published": ("callsheet", "callsheet"),
    "callsheet.confirmed": ("callsheet", "callsheet"),
    "dpr.approved": ("dpr", "id"),
    "script.imported": ("script", "script"),
    "budget.changed": ("budget", "budget"),
    "casting.role_changed": ("role", "role"),
    "casting.candidate_changed": ("candidate", "candidate"),
    "shot.changed": ("shot", "shot"),
    "shot.marked": ("shot", "shot"),
}
# Events with no object are still private to those who may see their subject.
EVENT_PREFIX_VISIBILITY = {"budget.": "money", "casting.": "cast"}


def _summary(event: str, payload: dict) -> str:
    if event == "scene.changed":
        if payload.get("cause") == "script_import":
            return f"Imported the script: {payload.get('scenes_changed', 0)} scenes changed"
        if payload.get("number"):
            return f"Changed scene {payload['number']}"
        return f"Changed {payload.get('scenes_changed', 0)} scenes"
    if event in ("schedule.changed", "stripboard.saved"):
        return str(payload.get("summary") or "Changed the schedule")
    if event == "callsheet.published":
        return f"Published the call sheet for {payload.get('date')} (v{payload.get('version')})"
    if event == "callsheet.confirmed":
        return f"Confirmed the call sheet for {payload.get('date')}"
    if event == "dpr.approved":
        return f"Approved the daily report of day {payload.get('day_number')}"
    if event == "comment.created":
        return "Replied in a thread" if payload.get("parent") else "Commented"
    if event == "approval.requested":
        return "Asked for a sign-off"
    if event == "approval.decided":
        return f"{str(payload.get('decision', 'decided')).capitalize()} a sign-off"
    if event == "approval.changed":
        return "A signed-off object changed since it was approved"
    return event.replace(".", ": ").replace("_", " ").capitalize()


def _object_of(event: str, payload: dict) -> tuple[str, int | None]:
    on = payload.get("on")
    if isinstance(on, str) and ":" in on:
        name, _, pk = on.partition(":")
        if registry.as_id(pk) is not None:
            return name, int(pk)
    if event in EVENT_OBJECTS:
        name, key = EVENT_OBJECTS[event]
        value = payload.get(key)
        if isinstance(value, int):
            return name, value
        return name, None
    return "", None


def activity_record(production_id: int, event: str, payload: dict) -> Activity | None:
    """Store the event for the feed; mark sign-offs of a changed object; tell open pages."""
    try:
        actor = actor_user()
        on_kind, on_id = _object_of(event, payload)
        with transaction.atomic():
            activity = Activity.objects.create(
                production_id=production_id,
                event=event,
                actor=actor,
                on_kind=on_kind if on_id is not None or on_kind else "",
                on_id=on_id,
                summary=_summary(event, payload)[:300],
                payload=payload,
            )
        if not event.startswith(("comment.", "approval.")):
            approvals.approvals_mark_changed(production_id=production_id)
        if event == "schedule.changed":
            live.broadcast(
                production_id,
                {
                    "event": "stripboard.saved",
                    "on": f"schedule_version:{payload.get('version')}",
                    "id": payload.get("version"),
                    "revision": payload.get("revision"),
                },
                actor,
            )
        return activity
    except Exception:  # the feed must never break the change it records
        logger.exception("Could not record %s for production %s", event, production_id)
        return None


def hidden_for(membership) -> tuple[list[str], list[str]]:
    """Return the kinds and event prefixes the member may not see."""
    kinds = [name for name, k in registry.kinds().items() if not k.can_view(membership)]
    prefixes = [
        prefix
        for prefix, level in EVENT_PREFIX_VISIBILITY.items()
        if not registry.VISIBILITY[level](membership)
    ]
    return kinds, prefixes
