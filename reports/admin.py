from django.contrib import admin

from productions.admin import ScopedAdminMixin
from reports.models import DailyReport, Report


@admin.register(DailyReport)
class DailyReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "date", "day_number", "status"]
    list_filter = ["status"]
    list_select_related = ["production"]


@admin.register(Report)
class ReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "kind", "format", "status", "progress", "created_at"]
    list_filter = ["kind", "format", "status"]
    list_select_related = ["production"]
