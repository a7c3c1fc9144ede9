from django.urls import path

from productions.api.routes import PRODUCTION
from schedules.api import views
from schedules.api.optimize_views import OptimizeViewSet

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = [
    path(
        "productions/<slug:slug>/stripboard/",
        views.StripboardView.as_view(),
        name="api-stripboard",
    ),
    path("productions/<slug:slug>/dood/", views.DoodView.as_view(), name="api-dood"),
    path("productions/<slug:slug>/conflicts/", views.ConflictsView.as_view(), name="api-conflicts"),
    path("productions/<slug:slug>/feeds/", views.FeedsView.as_view(), name="api-feeds"),
    path("people/<int:pk>/feed/", views.PersonFeedView.as_view(), name="api-person-feed"),
]


def register(router) -> None:
    """Register the schedules app's viewsets."""
    router.register(f"{PRODUCTION}/shoot-days", views.ShootDayViewSet, basename="shoot-day")
    router.register(f"{PRODUCTION}/optimize", OptimizeViewSet, basename="optimize-run")
