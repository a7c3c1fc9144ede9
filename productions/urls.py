from django.urls import path

from productions import breakdown_views, views

app_name = "productions"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("productions/new/", views.ProductionCreateView.as_view(), name="create"),
    path("productions/<slug:slug>/", views.ProductionDetailView.as_view(), name="detail"),
    path("productions/<slug:slug>/edit/", views.ProductionEditView.as_view(), name="edit"),
    path("productions/<slug:slug>/delete/", views.ProductionDeleteView.as_view(), name="delete"),
    path("productions/<slug:slug>/restore/", views.ProductionRestoreView.as_view(), name="restore"),
    path("productions/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path(
        "productions/<slug:slug>/members/<int:pk>/",
        views.MemberChangeView.as_view(),
        name="member_change",
    ),
    path("productions/<slug:slug>/scenes/", views.SceneListView.as_view(), name="scenes"),
    path(
        "productions/<slug:slug>/scenes/<int:pk>/",
        breakdown_views.SceneBreakdownView.as_view(),
        name="scene",
    ),
    path("productions/<slug:slug>/script/", views.ScriptView.as_view(), name="script"),
    path(
        "productions/<slug:slug>/characters/",
        views.CharacterListView.as_view(),
        name="characters",
    ),
    path(
        "productions/<slug:slug>/characters/<int:pk>/edit/",
        views.CharacterEditView.as_view(),
        name="character_edit",
    ),
    path(
        "productions/<slug:slug>/characters/<int:pk>/delete/",
        views.CharacterDeleteView.as_view(),
        name="character_delete",
    ),
    path("productions/<slug:slug>/locations/", views.LocationListView.as_view(), name="locations"),
    path(
        "productions/<slug:slug>/locations/new/",
        views.LocationFormView.as_view(),
        name="location_add",
    ),
    path(
        "productions/<slug:slug>/locations/<int:pk>/",
        views.LocationFormView.as_view(),
        name="location_edit",
    ),
    path(
        "productions/<slug:slug>/locations/<int:pk>/delete/",
        views.LocationDeleteView.as_view(),
        name="location_delete",
    ),
]
