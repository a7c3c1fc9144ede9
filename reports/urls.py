"""The reports pages' URLs, in the ``reports`` namespace."""

from django.urls import path

from reports import views

app_name = "reports"

BASE = "productions/<slug:slug>/reports/"
DAILY = f"{BASE}daily/"

urlpatterns = [
    path(BASE, views.ReportsView.as_view(), name="reports"),
    path(f"{BASE}<int:pk>/download/", views.ReportDownloadView.as_view(), name="report_download"),
    path(DAILY, views.DprListView.as_view(), name="dpr_list"),
    path(f"{DAILY}start/", views.DprStartView.as_view(), name="dpr_start"),
    path(f"{DAILY}<str:date>/", views.DprDetailView.as_view(), name="dpr_detail"),
    path(f"{DAILY}<str:date>/edit/", views.DprEditView.as_view(), name="dpr_edit"),
    path(f"{DAILY}<str:date>/approve/", views.DprApproveView.as_view(), name="dpr_approve"),
]
