"""The casting app's part of the API router."""

from django.urls import path

from casting.api.views import (
    AuditionViewSet,
    CandidateViewSet,
    InvitationView,
    OfferViewSet,
    RoleViewSet,
)
from productions.api.routes import PRODUCTION

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = [
    path("auditions/<str:token>/", InvitationView.as_view(), name="casting-invitation"),
]


def register(router) -> None:
    """Register the casting app's viewsets."""
    router.register(f"{PRODUCTION}/roles", RoleViewSet, basename="casting-role")
    router.register(
        rf"{PRODUCTION}/roles/(?P<role_id>\d+)/candidates",
        CandidateViewSet,
        basename="casting-candidate",
    )
    router.register(f"{PRODUCTION}/auditions", AuditionViewSet, basename="casting-audition")
    router.register(f"{PRODUCTION}/offers", OfferViewSet, basename="casting-offer")
