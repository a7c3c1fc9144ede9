"""The header's unread count, on every page of a signed-in user.

The count is kept in the cache (set by the inbox, raised by each new notification, reset on
mark-read), so the header adds no database query to the pages of other apps; when the cache
does not know it, the header links to the inbox without a number.
"""

from collaboration.unread import unread_cached


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_cached(user.pk)}
