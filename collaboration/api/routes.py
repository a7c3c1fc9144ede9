"""The collaboration app's part of the API router."""

from django.urls import path

from collaboration.api.views import (
    ActivityViewSet,
    ApprovalViewSet,
    CommentViewSet,
    MentionCandidatesView,
    NotificationViewSet,
    PreferencesView,
)

PRODUCTION = r"productions/(?P<slug>[-\w]+)"

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = [
    path(
        "notification-preferences/",
        PreferencesView.as_view(),
        name="notification-preferences",
    ),
    path(
        "productions/<slug:slug>/mentions/",
        MentionCandidatesView.as_view(),
        name="mention-candidates",
    ),
]


def register(router) -> None:
    """Register the collaboration app's viewsets."""
    router.register(f"{PRODUCTION}/comments", CommentViewSet, basename="comment")
    router.register(f"{PRODUCTION}/approvals", ApprovalViewSet, basename="approval")
    router.register(f"{PRODUCTION}/activity", ActivityViewSet, basename="activity")
    router.register("notifications", NotificationViewSet, basename="notification")
