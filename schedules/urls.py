from django.urls import path

from schedules import optimize_views, views

app_name = "schedules"

BASE = "productions/<slug:slug>/schedule/"

urlpatterns = [
    path(BASE, views.StripboardView.as_view(), name="stripboard"),
    path(f"{BASE}save/", views.StripboardSaveView.as_view(), name="stripboard_save"),
    path(f"{BASE}days/add/", views.DayAddView.as_view(), name="day_add"),
    path(f"{BASE}days/split/", views.DaysSplitView.as_view(), name="days_split"),
    path(f"{BASE}days/<int:pk>/", views.DayEditView.as_view(), name="day_edit"),
    path(f"{BASE}days/<int:pk>/remove/", views.DayRemoveView.as_view(), name="day_remove"),
    path(f"{BASE}days/<int:pk>/insert/", views.DayInsertView.as_view(), name="day_insert"),
    path(f"{BASE}banners/add/", views.BannerAddView.as_view(), name="banner_add"),
    path(f"{BASE}banners/remove/", views.BannerRemoveView.as_view(), name="banner_remove"),
    path(f"{BASE}strips/split/", views.StripSplitView.as_view(), name="strip_split"),
    path(f"{BASE}strips/join/", views.StripJoinView.as_view(), name="strip_join"),
    path(f"{BASE}history/", views.HistoryView.as_view(), name="history"),
    path(f"{BASE}versions/", views.VersionsView.as_view(), name="versions"),
    path(f"{BASE}versions/compare/", views.VersionCompareView.as_view(), name="version_compare"),
    path(
        f"{BASE}versions/<int:pk>/activate/",
        views.VersionActivateView.as_view(),
        name="version_activate",
    ),
    path(f"{BASE}dood/", views.DoodView.as_view(), name="dood"),
    path(f"{BASE}dood.csv", views.DoodCsvView.as_view(), name="dood_csv"),
    path(f"{BASE}conflicts/", views.ConflictsView.as_view(), name="conflicts"),
    path(f"{BASE}settings/", views.SettingsView.as_view(), name="settings"),
    path(
        f"{BASE}holidays/<int:pk>/remove/", views.HolidayRemoveView.as_view(), name="holiday_remove"
    ),
    path(
        f"{BASE}events/<int:pk>/remove/", views.CastEventRemoveView.as_view(), name="event_remove"
    ),
    path(f"{BASE}feeds/", views.FeedsView.as_view(), name="feeds"),
    path(f"{BASE}optimize/", optimize_views.OptimizeView.as_view(), name="optimize"),
    path(
        f"{BASE}optimize/<int:pk>/<str:action>/",
        optimize_views.OptimizeDecisionView.as_view(),
        name="optimize_decide",
    ),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
]
