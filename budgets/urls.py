from django.urls import path

from budgets import report_pages, views

app_name = "budgets"

ONE = "productions/<slug:slug>/budgets/<int:pk>"

urlpatterns = [
    path("productions/<slug:slug>/budgets/", views.BudgetListView.as_view(), name="list"),
    path(f"{ONE}/", views.TopsheetView.as_view(), name="topsheet"),
    path(f"{ONE}/status/", views.BudgetStatusView.as_view(), name="status"),
    path(f"{ONE}/accounts/", views.AccountsView.as_view(), name="accounts"),
    path(f"{ONE}/accounts/<int:account_pk>/", views.AccountDetailView.as_view(), name="account"),
    path(f"{ONE}/setup/", views.SetupView.as_view(), name="setup"),
    path(f"{ONE}/compare/", report_pages.CompareView.as_view(), name="compare"),
    path(f"{ONE}/cost-report/", report_pages.CostReportView.as_view(), name="cost_report"),
    path(f"{ONE}/import/", report_pages.ImportView.as_view(), name="import"),
    path(f"{ONE}/files/budget.xlsx", report_pages.FileView.as_view(kind="xlsx"), name="xlsx"),
    path(
        f"{ONE}/files/cost-report.xlsx",
        report_pages.FileView.as_view(kind="cost_xlsx"),
        name="cost_xlsx",
    ),
    path(
        f"{ONE}/files/topsheet.pdf",
        report_pages.FileView.as_view(kind="topsheet_pdf"),
        name="topsheet_pdf",
    ),
    path(
        f"{ONE}/files/budget.pdf",
        report_pages.FileView.as_view(kind="budget_pdf"),
        name="budget_pdf",
    ),
]
