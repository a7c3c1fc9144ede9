from django.contrib import admin

from productions.models import Membership, Production


class ScopedAdminMixin:
    """Staff who are not superusers see only the productions they are members of."""

    production_path = "production"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = (
            f"{self.production_path}__memberships__user"
            if self.production_path
            else ("memberships__user")
        )
        return queryset.filter(**{lookup: request.user}).distinct()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Production)
class ProductionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    production_path = ""
    list_display = ["title", "slug", "kind", "phase", "start_date", "wrap_date", "deleted_at"]
    list_filter = ["kind", "phase"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["production", "user", "access", "created_at"]
    list_filter = ["access"]
    list_select_related = ["production", "user"]
    search_fields = ["production__title", "user__username"]
    autocomplete_fields = ["user", "production"]
