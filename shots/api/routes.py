"""The shots app's part of the API router."""

from django.urls import path

from productions.api.routes import PRODUCTION
from shots.api import views

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = [
    path(
        "productions/<slug:slug>/shots/<int:pk>/mark/",
        views.ShotMarkView.as_view(),
        name="api-shot-mark",
    ),
    path(
        "productions/<slug:slug>/shoot-days/<int:pk>/shots/",
        views.DayShotListView.as_view(),
        name="api-day-shots",
    ),
]


def register(router) -> None:
    """Register the shots app's viewsets."""
    router.register(
        rf"{PRODUCTION}/scenes/(?P<scene_pk>[0-9]+)/shots", views.ShotViewSet, basename="shot"
    )
