"""Live updates: send small messages to a production's open pages through Channels.

Messages only say what changed (``{"event", "on", "id", "actor"}``); pages fetch what they
show through the ordinary, access-checked views, and each socket drops messages about kinds
its member may not see. A channel layer that is down never fails the change that announced it.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from django.db import transaction

logger = logging.getLogger(__name__)


def production_group(production_id: int) -> str:
    return f"production-{production_id}"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def _send(group: str, message: dict) -> None:
    _send_many([(group, message)])


def _send_many(sends: list[tuple[str, dict]]) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _send_now(sends)
    else:
        # Called from a thread that runs an event loop (an async view, a test driving a
        # browser): async_to_sync cannot run there, so send from a thread of its own.
        sender = threading.Thread(target=_send_now, args=(sends,))
        sender.start()
        sender.join(timeout=5)


def _send_now(sends: list[tuple[str, dict]]) -> None:
    """Send every message in one trip to the event loop: ``async_to_sync`` costs a thread
    hand-off each time, which a mention of a 200-person department would pay 200 times."""
    try:
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if layer is None:
            return

        async def send_all():
            results = await asyncio.gather(
                *(
                    layer.group_send(group, {"type": "studio.message", "message": message})
                    for group, message in sends
                ),
                return_exceptions=True,
            )
            for (group, _), result in zip(sends, results, strict=True):
                if isinstance(result, Exception):
                    logger.warning("Could not send a live update to %s: %r", group, result)

        async_to_sync(send_all)()
    except Exception:  # the change stands; a page just misses its live updates
        logger.warning("Could not send %d live updates", len(sends), exc_info=True)


def broadcast(production_id: int, message: dict, actor=None) -> None:
    if actor is not None and "actor" not in message:
        message = {**message, "actor": getattr(actor, "username", None)}
    message.setdefault("actor", None)
    _send(production_group(production_id), message)


def broadcast_on_commit(production_id: int, message: dict, actor=None) -> None:
    transaction.on_commit(lambda: broadcast(production_id, dict(message), actor))


def notify_user_on_commit(user_id: int, message: dict) -> None:
    transaction.on_commit(lambda: _send(user_group(user_id), dict(message)))


def notify_users_on_commit(messages: list[tuple[int, dict]]) -> None:
    """Tell each user's open pages their message, all at once when the transaction commits."""
    sends = [(user_group(user_id), dict(message)) for user_id, message in messages]
    if sends:
        transaction.on_commit(lambda: _send_many(sends))
