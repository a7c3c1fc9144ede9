"""Domain events, emitted by services and delivered by whoever subscribes (webhooks).

Services in any app call ``emit``; the webhooks app subscribes its delivery in
``WebhooksConfig.ready``. This keeps the dependency direction (every app → core, and webhooks
imports no domain app) while every app can announce what changed. Subscribers run after the
surrounding transaction commits, so a rolled-back change announces nothing.

A subscriber that records what it owes (``in_transaction=True``: the webhooks' deliveries)
runs at once, inside the emitting transaction, so its rows commit or roll back with the
change itself; it queues its own work on commit. Run after the commit instead, a process that
died between the two would lose the webhook.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

EVENTS = (
    "scene.changed",
    "schedule.changed",
    "callsheet.published",
    "callsheet.confirmed",
    "report.ready",
    "dpr.approved",
    "script.imported",
    "stripboard.saved",
    "budget.changed",
    "casting.role_changed",
    "casting.candidate_changed",
    "casting.audition_invited",
    "casting.audition_answered",
    "casting.offer_changed",
    "casting.actor_booked",
    "casting.actor_released",
    "comment.created",
    "comment.edited",
    "comment.deleted",
    "comment.resolved",
    "approval.requested",
    "approval.decided",
    "approval.changed",
    "shot.changed",
    "shot.marked",
)

Subscriber = Callable[[int, str, dict[str, Any]], None]
_subscribers: list[Subscriber] = []
_in_transaction: list[Subscriber] = []


def subscribe(subscriber: Subscriber, *, in_transaction: bool = False) -> None:
    """Call ``subscriber`` for every event: after the commit, or inside the transaction."""
    chosen = _in_transaction if in_transaction else _subscribers
    if subscriber not in chosen:
        chosen.append(subscriber)


def emit(*, production_id: int, event: str, payload: dict[str, Any]) -> None:
    """Announce ``event`` for a production once the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}; add it to core.events.EVENTS.")
    for subscriber in list(_in_transaction):
        subscriber(production_id, event, payload)
    for subscriber in list(_subscribers):
        transaction.on_commit(lambda s=subscriber: s(production_id, event, payload))
