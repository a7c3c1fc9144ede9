"""Reading a person's inbox (re-exported by selectors; notifications uses it without the rest)."""

from django.db.models import Count, Q, QuerySet

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


def inbox_counts(user) -> tuple[int, int]:
    """Return how many notifications the user has and how many are unread, in one query: the
    inbox needs both (its pages and the header), and two counts were a third of its queries."""
    counts = notifications_for(user).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at=None))
    )
    return counts["total"], counts["unread"]
