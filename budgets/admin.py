from django.contrib import admin

from budgets.models import (
    Account,
    Budget,
    BudgetChange,
    Category,
    Charge,
    Cost,
    EstimateToComplete,
    Fringe,
    Global,
    Line,
)


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["name", "production", "status", "currency", "grand_total", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "production__title"]
    list_select_related = ["production"]
    readonly_fields = ["grand_total", "schedule_state"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "section", "budget"]
    search_fields = ["number", "name"]
    list_select_related = ["budget"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "category", "budget"]
    search_fields = ["number", "name"]
    list_select_related = ["category", "budget"]


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ["description", "account", "amount", "x", "rate", "total", "link_kind"]
    search_fields = ["description", "account__number"]
    list_select_related = ["account"]
    raw_id_fields = ["account", "budget", "person", "link_assignment"]
    readonly_fields = ["subtotal", "fringe_total", "total"]


@admin.register(Fringe)
class FringeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "rate", "cutoff", "budget"]
    search_fields = ["code", "name"]
    list_select_related = ["budget"]


@admin.register(Global)
class GlobalAdmin(admin.ModelAdmin):
    list_display = ["name", "formula", "value", "budget"]
    search_fields = ["name"]
    list_select_related = ["budget"]


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin):
    list_display = ["name", "percent", "budget"]
    list_select_related = ["budget"]


@admin.register(Cost)
class CostAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "account_number", "vendor", "reference", "amount", "open"]
    list_filter = ["kind", "open"]
    search_fields = ["vendor", "reference", "account_number"]
    list_select_related = ["production"]


@admin.register(EstimateToComplete)
class EstimateToCompleteAdmin(admin.ModelAdmin):
    list_display = ["account", "amount", "reason", "created_by", "created_at"]
    list_select_related = ["account", "created_by"]


@admin.register(BudgetChange)
class BudgetChangeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "production", "budget", "user", "summary"]
    search_fields = ["summary"]
    list_select_related = ["production", "budget", "user"]
