from django.contrib import admin

from productions.admin import ScopedAdminMixin
from schedules.models import (
    BoardChange,
    CastEvent,
    Holiday,
    OptimizerRun,
    ScheduleSettings,
    ScheduleVersion,
    ShootDay,
)


@admin.register(ScheduleSettings)
class ScheduleSettingsAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "working_weekdays", "drop_after_days", "min_turnaround_hours"]
    list_select_related = ["production"]
    search_fields = ["production__title"]


@admin.register(Holiday)
class HolidayAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "date", "name"]
    list_select_related = ["production"]
    search_fields = ["name", "production__title"]


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "name", "is_active", "revision", "created_by", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["production", "created_by"]
    search_fields = ["name", "production__title"]
    readonly_fields = ["revision"]


@admin.register(ShootDay)
class ShootDayAdmin(ScopedAdminMixin, admin.ModelAdmin):
    production_path = "version__production"
    list_display = ["version", "date", "day_number", "general_call", "location"]
    list_select_related = ["version__production", "location"]
    search_fields = ["version__production__title", "notes"]
    date_hierarchy = "date"


@admin.register(CastEvent)
class CastEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "date", "character", "kind"]
    list_filter = ["kind"]
    list_select_related = ["production", "character"]
    search_fields = ["character__name", "production__title"]


@admin.register(BoardChange)
class BoardChangeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    production_path = "version__production"
    list_display = ["at", "version", "user", "revision", "summary"]
    list_select_related = ["version__production", "user"]
    search_fields = ["summary", "version__production__title"]
    readonly_fields = ["version", "user", "at", "revision", "summary", "moves"]


@admin.register(OptimizerRun)
class OptimizerRunAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "status", "progress", "best_cost", "created_at"]
    list_filter = ["status"]
    list_select_related = ["production"]
