"""The budgets app's part of the API router."""

from django.urls import path

from budgets.api import report_views
from budgets.api.views import (
    AccountViewSet,
    BudgetViewSet,
    CategoryViewSet,
    ChargeViewSet,
    FringeViewSet,
    GlobalViewSet,
    LineViewSet,
)

PRODUCTION = r"productions/(?P<slug>[-\w]+)"
BUDGET = rf"{PRODUCTION}/budgets/(?P<budget_pk>[0-9]+)"
ONE = "productions/<slug:slug>/budgets/<int:budget_pk>"

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = [
    path(f"{ONE}/compare/", report_views.CompareView.as_view(), name="budget-compare"),
    path(f"{ONE}/cost-report/", report_views.CostReportView.as_view(), name="budget-cost-report"),
    path(
        f"{ONE}/cost-report.xlsx",
        report_views.CostReportXlsxView.as_view(),
        name="budget-cost-report-xlsx",
    ),
    path(f"{ONE}/etc/", report_views.EtcView.as_view(), name="budget-etc"),
    path(f"{ONE}/export.xlsx", report_views.ExportXlsxView.as_view(), name="budget-export-xlsx"),
    path(f"{ONE}/topsheet.pdf", report_views.TopsheetPdfView.as_view(), name="budget-topsheet-pdf"),
    path(f"{ONE}/budget.pdf", report_views.BudgetPdfView.as_view(), name="budget-full-pdf"),
    path(f"{ONE}/import/", report_views.ImportView.as_view(), name="budget-import"),
]


def register(router) -> None:
    """Register the budgets app's viewsets."""
    router.register(f"{PRODUCTION}/budgets", BudgetViewSet, basename="budget")
    router.register(f"{BUDGET}/categories", CategoryViewSet, basename="budget-category")
    router.register(f"{BUDGET}/accounts", AccountViewSet, basename="budget-account")
    router.register(f"{BUDGET}/lines", LineViewSet, basename="budget-line")
    router.register(f"{BUDGET}/fringes", FringeViewSet, basename="budget-fringe")
    router.register(f"{BUDGET}/globals", GlobalViewSet, basename="budget-global")
    router.register(f"{BUDGET}/charges", ChargeViewSet, basename="budget-charge")
    router.register(f"{PRODUCTION}/costs", report_views.CostViewSet, basename="cost")
