from django.urls import path

from shots import views

app_name = "shots"

PRODUCTION = "productions/<slug:slug>"

urlpatterns = [
    path(
        f"{PRODUCTION}/scenes/<int:scene_pk>/shots/",
        views.SceneShotsView.as_view(),
        name="scene",
    ),
    path(
        f"{PRODUCTION}/scenes/<int:scene_pk>/storyboard/",
        views.StoryboardView.as_view(),
        name="storyboard",
    ),
    path(
        f"{PRODUCTION}/scenes/<int:scene_pk>/storyboard/pdf/",
        views.StoryboardPdfView.as_view(),
        name="storyboard_pdf",
    ),
    path(f"{PRODUCTION}/shots/<int:pk>/", views.ShotEditView.as_view(), name="shot_edit"),
    path(
        f"{PRODUCTION}/shot-frames/<int:pk>/image/",
        views.FrameFileView.as_view(kind="image"),
        name="frame_image",
    ),
    path(
        f"{PRODUCTION}/shot-frames/<int:pk>/thumbnail/",
        views.FrameFileView.as_view(kind="thumbnail"),
        name="frame_thumbnail",
    ),
    path(f"{PRODUCTION}/schedule/days/<int:pk>/shots/", views.DayShotsView.as_view(), name="day"),
]
