"""Reading a person's inbox (re-exported by selectors; notifications uses it without the rest)."""

from django.db.models import QuerySet

from collaboration.models import Notification


def notifications_for(user, *, unread: bool = False) -> QuerySet[Notification]:
    """Return the user's notifications across productions they are still a member of."""
    notes = (
        Notification.objects.filter(
            recipient=user, production__memberships__user=user, production__deleted_at=None
        )
        .select_related("production", "actor")
        .order_by("-created_at", "-pk")
    )
    if unread:
        notes = notes.filter(read_at=None)
    return notes


def unread_count(user) -> int:
    return notifications_for(user, unread=True).count()
