from django.contrib import admin

from callsheets.models import CallSheet, Delivery
from productions.admin import ScopedAdminMixin


@admin.register(CallSheet)
class CallSheetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "date"]
    list_select_related = ["production"]
    search_fields = ["production__title"]
    date_hierarchy = "date"


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    production_path = "version__callsheet__production"
    list_display = ["version", "person", "state", "sent_at", "confirmed_at"]
    list_select_related = ["version__callsheet__production", "person"]
    search_fields = ["person__name"]
